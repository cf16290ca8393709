import assert from 'node:assert/strict';
import { screenshot } from './harness.mjs';
import { assertText } from './text.mjs';

/**
 * Creates a single-choice poll through the console's form (results always shown, no vote change),
 * checks that the live preview shows the question and every option, and returns the new poll's id
 * from the page the console moves to.
 */
export async function createPollInConsole(admin, { question, options, description, shot }) {
  await admin.getByRole('link', { name: 'New poll' }).click();
  await admin.getByLabel('Question', { exact: true }).fill(question);
  if (description) await admin.getByLabel('Description (optional)').fill(description);
  await admin.getByLabel('Option 1', { exact: true }).fill(options[0]);
  await admin.getByLabel('Option 2', { exact: true }).fill(options[1]);
  for (const [i, label] of options.slice(2).entries()) {
    await admin.getByRole('button', { name: 'Add option' }).click();
    await admin.getByLabel(`Option ${i + 3}`, { exact: true }).fill(label);
  }
  await admin.getByLabel('Show results').selectOption('always');
  await admin.getByLabel('Voters may change their vote').uncheck();

  const preview = admin.getByTestId('poll-preview');
  await assertText(preview, question);
  for (const label of options) await assertText(preview, label);
  await screenshot(admin, shot);

  await admin.getByRole('button', { name: 'Create poll' }).click();
  await admin.getByRole('heading', { level: 1, name: question }).waitFor();
  const pollId = decodeURIComponent(new URL(admin.url()).hash.split('/')[2] ?? '');
  assert.match(pollId, /^[A-Za-z0-9_-]+$/, 'the console navigates to the new poll');
  await assertText(admin.getByTestId('total-ballots'), /^0 ballots/);
  return pollId;
}
