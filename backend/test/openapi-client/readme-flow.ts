import { randomUUID } from 'node:crypto';
import createClient from 'openapi-fetch';
// Printed from the served document by openapi-typescript when the test runs (git-ignored).
import type { paths } from './generated/api';

/**
 * The README's curl flow through a client generated from /api/v1/openapi.json, as an integrator
 * would write it: create a poll, mint a voter token, vote, read the results, rename the poll with
 * a partial PATCH. The test type-checks this file with `tsc --strict` before running it.
 */
export async function readmeFlow(baseUrl: string, adminKey: string) {
  const admin = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${adminKey}` } });
  const voter = createClient<paths>({ baseUrl });

  const created = await admin.POST('/api/v1/polls', {
    body: { question: 'Tabs or spaces?', type: 'single', options: [{ label: 'Tabs' }, { label: 'Spaces' }] },
  });
  if (!created.data) throw new Error(`create: ${created.response.status} ${created.error?.error.message}`);
  const poll = created.data;

  const minted = await voter.POST('/api/v1/voter-tokens', { body: { pollId: poll.id } });
  if (!minted.data) throw new Error(`token: ${minted.response.status}`);

  const voted = await voter.POST('/api/v1/polls/{id}/votes', {
    params: { path: { id: poll.id }, header: { 'X-Voter-Token': minted.data.token, 'Idempotency-Key': randomUUID() } },
    body: { optionIds: [poll.options[0]!.id] },
  });
  if (!voted.data) throw new Error(`vote: ${voted.response.status} ${voted.error?.error.code}`);

  const results = await voter.GET('/api/v1/polls/{id}/results', { params: { path: { id: poll.id } } });
  if (!results.data) throw new Error(`results: ${results.response.status}`);

  const patched = await admin.PATCH('/api/v1/polls/{id}', {
    params: { path: { id: poll.id } },
    body: { question: 'Tabs or spaces, really?' },
  });
  if (!patched.data) throw new Error(`patch: ${patched.response.status} ${patched.error?.error.message}`);

  return { poll, vote: voted.data, results: results.data, patched: patched.data };
}
