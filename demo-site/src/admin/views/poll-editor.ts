import type { AdminPoll, PollInput, PollStatus, PollType, ResultsVisibility } from '@votewire/wire';
import { IMAGE_URL_PATTERN, LIMITS } from '@votewire/wire/limits';
import type { PollPatch } from '../api.js';
import type { Ctx, View } from '../context.js';
import { errorBox } from '../context.js';
import { h, nextId } from '../dom.js';
import { TYPE_LABELS, VISIBILITY_LABELS } from '../labels.js';
import { pollPreview } from './poll-preview.js';
import { voterPolicyField } from './voter-policy-field.js';

interface OptionRow {
  label: HTMLInputElement;
  imageUrl: HTMLInputElement;
  el: HTMLElement;
}

/** Creates a poll, or edits one when `poll` is given. Every setting of POST /api/v1/polls is here. */
export function pollEditorView(ctx: Ctx, poll: AdminPoll | null): View {
  const editing = poll !== null;
  // Options cannot change once votes exist (the server answers 409 options_frozen).
  const frozen = editing && poll.ballotCount > 0;

  const question = h('input', {
    id: 'poll-question',
    name: 'question',
    required: true,
    maxlength: LIMITS.question.max,
    autocomplete: 'off',
  });
  const description = h('textarea', { id: 'poll-description', name: 'description', rows: 2, maxlength: LIMITS.description.max });
  const typeRadios = (['single', 'multiple', 'ranked'] as PollType[]).map((t) =>
    h('input', { type: 'radio', name: 'type', value: t, id: `poll-type-${t}` }),
  );
  const minChoices = h('input', { id: 'poll-min', name: 'minChoices', type: 'number', min: 1, step: 1, inputmode: 'numeric' });
  const maxChoices = h('input', { id: 'poll-max', name: 'maxChoices', type: 'number', min: 1, step: 1, inputmode: 'numeric' });
  const visibility = h(
    'select',
    { id: 'poll-visibility', name: 'resultsVisibility' },
    (Object.keys(VISIBILITY_LABELS) as ResultsVisibility[]).map((v) => h('option', { value: v }, VISIBILITY_LABELS[v])),
  );
  const allowChange = h('input', { id: 'poll-allow-change', name: 'allowVoteChange', type: 'checkbox' });
  const policy = voterPolicyField(poll);
  const status = h(
    'select',
    { id: 'poll-status', name: 'status' },
    h('option', { value: 'draft' }, 'Draft — not visible to voters'),
    h('option', { value: 'open' }, 'Open — accepting votes'),
    h('option', { value: 'closed' }, 'Closed — results only'),
  );
  const opensAt = h('input', { id: 'poll-opens', name: 'opensAt', type: 'datetime-local' });
  const closesAt = h('input', { id: 'poll-closes', name: 'closesAt', type: 'datetime-local' });

  const optionList = h('ol', { class: 'option-rows' });
  const rows: OptionRow[] = [];
  const addButton = h('button', { type: 'button', class: 'btn' }, 'Add option');

  const preview = pollPreview();
  const errors = h('div', { class: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, editing ? 'Save changes' : 'Create poll');

  function addRow(label = '', imageUrl = '', focus = false): void {
    const id = nextId('option');
    const labelInput = h('input', {
      id: `${id}-label`,
      class: 'option-label',
      maxlength: LIMITS.optionLabel.max,
      autocomplete: 'off',
      disabled: frozen,
    });
    const imageInput = h('input', { id: `${id}-image`, class: 'option-image', type: 'url', placeholder: 'https://…', disabled: frozen });
    labelInput.value = label;
    imageInput.value = imageUrl;
    const row: OptionRow = { label: labelInput, imageUrl: imageInput, el: h('li', { class: 'option-row' }) };
    const up = iconButton('↑', 'Move option up', () => move(row, -1));
    const down = iconButton('↓', 'Move option down', () => move(row, 1));
    const remove = iconButton('✕', 'Remove option', () => {
      const index = rows.indexOf(row);
      rows.splice(index, 1);
      row.el.remove();
      renumber();
      (rows[Math.min(index, rows.length - 1)]?.label ?? addButton).focus();
      update();
    });
    row.el.append(
      h('div', { class: 'field' }, h('label', { for: labelInput.id, class: 'option-number' }, 'Option'), labelInput),
      h('div', { class: 'field' }, h('label', { for: imageInput.id }, 'Image URL (optional)'), imageInput),
      frozen ? '' : h('div', { class: 'row-actions' }, up, down, remove),
    );
    rows.push(row);
    optionList.append(row.el);
    renumber();
    if (focus) labelInput.focus();
  }

  function move(row: OptionRow, delta: number): void {
    const index = rows.indexOf(row);
    const target = index + delta;
    if (target < 0 || target >= rows.length) return;
    rows.splice(index, 1);
    rows.splice(target, 0, row);
    optionList.replaceChildren(...rows.map((r) => r.el));
    renumber();
    const buttons = row.el.querySelectorAll('button');
    (delta < 0 ? buttons[0] : buttons[1])?.focus();
    update();
  }

  function renumber(): void {
    rows.forEach((row, i) => {
      const label = row.el.querySelector('.option-number');
      if (label) label.textContent = `Option ${i + 1}`;
    });
  }

  function selectedType(): PollType {
    return (typeRadios.find((r) => r.checked)?.value ?? 'single') as PollType;
  }

  function toInput(): PollInput {
    const type = selectedType();
    const input: PollInput = {
      question: question.value.trim(),
      description: description.value.trim() || null,
      type,
      resultsVisibility: visibility.value as ResultsVisibility,
      allowVoteChange: allowChange.checked,
      status: status.value as PollStatus,
      opensAt: fromLocal(opensAt.value),
      closesAt: fromLocal(closesAt.value),
      options: rows
        .map((r) => ({ label: r.label.value.trim(), imageUrl: r.imageUrl.value.trim() || null }))
        .filter((o) => o.label !== '' || o.imageUrl !== null),
    };
    policy.apply(input);
    if (type !== 'single') {
      if (minChoices.value) input.minChoices = Number(minChoices.value);
      if (maxChoices.value) input.maxChoices = Number(maxChoices.value);
    }
    return input;
  }

  const choiceFields = h(
    'div',
    { class: 'field-row', id: 'choice-limits' },
    h('div', { class: 'field' }, h('label', { for: minChoices.id, id: 'min-label' }, 'At least'), minChoices),
    h('div', { class: 'field' }, h('label', { for: maxChoices.id, id: 'max-label' }, 'At most'), maxChoices),
  );

  function update(): void {
    const type = selectedType();
    choiceFields.hidden = type === 'single';
    const verb = type === 'ranked' ? 'rank' : 'choose';
    choiceFields.querySelector('#min-label')!.textContent = `Voters must ${verb} at least`;
    choiceFields.querySelector('#max-label')!.textContent = `Voters may ${verb} at most`;
    preview.show(toInput());
  }

  /** Client-side checks for the mistakes we can name precisely; the server validates everything again. */
  function validate(input: PollInput): { field: HTMLElement; message: string }[] {
    const problems: { field: HTMLElement; message: string }[] = [];
    if (!input.question) problems.push({ field: question, message: 'Write a question.' });
    if (!frozen) {
      const missing = rows.find((r) => r.label.value.trim() === '' && r.imageUrl.value.trim() !== '');
      if (missing) problems.push({ field: missing.label, message: 'Every option needs a label.' });
      if (input.options.length < LIMITS.options.min) {
        problems.push({ field: rows[0]?.label ?? addButton, message: 'Give at least two options.' });
      }
      if (input.options.length > LIMITS.options.max) {
        problems.push({ field: addButton, message: `A poll has at most ${LIMITS.options.max} options.` });
      }
      for (const row of rows) {
        const url = row.imageUrl.value.trim();
        if (url && !new RegExp(IMAGE_URL_PATTERN, 'i').test(url))
          problems.push({ field: row.imageUrl, message: 'Image URLs must start with https://.' });
      }
    }
    const count = frozen && poll ? poll.options.length : input.options.length;
    if (input.minChoices !== undefined && input.maxChoices !== undefined && input.minChoices > input.maxChoices) {
      problems.push({ field: minChoices, message: '“At least” cannot be more than “at most”.' });
    }
    if (input.maxChoices !== undefined && input.maxChoices > count) {
      problems.push({ field: maxChoices, message: `“At most” cannot exceed the ${count} options.` });
    }
    const perIp = policy.problem();
    if (perIp) problems.push(perIp);
    if (input.opensAt && input.closesAt && input.opensAt >= input.closesAt) {
      problems.push({ field: closesAt, message: 'The closing time must be after the opening time.' });
    }
    return problems;
  }

  // Initial values.
  if (poll) {
    question.value = poll.question;
    description.value = poll.description ?? '';
    visibility.value = poll.resultsVisibility;
    allowChange.checked = poll.allowVoteChange;
    status.value = poll.status;
    opensAt.value = toLocal(poll.opensAt);
    closesAt.value = toLocal(poll.closesAt);
    if (poll.type !== 'single') {
      minChoices.value = String(poll.minChoices);
      maxChoices.value = String(poll.maxChoices);
    }
    for (const option of [...poll.options].sort((a, b) => a.position - b.position)) addRow(option.label, option.imageUrl ?? '');
  } else {
    visibility.value = 'always';
    allowChange.checked = true;
    status.value = 'open';
    addRow();
    addRow();
  }
  const initialType = poll?.type ?? 'single';
  for (const r of typeRadios) {
    r.checked = r.value === initialType;
    r.disabled = frozen;
  }

  addButton.addEventListener('click', () => {
    addRow('', '', true);
    update();
  });

  const form = h(
    'form',
    { class: 'editor', novalidate: true, 'aria-labelledby': 'editor-title' },
    h('div', { class: 'field' }, h('label', { for: question.id }, 'Question'), question),
    h('div', { class: 'field' }, h('label', { for: description.id }, 'Description (optional)'), description),
    h(
      'fieldset',
      { class: 'type-choice' },
      h('legend', {}, 'Type'),
      typeRadios.map((r) => h('label', { for: r.id, class: 'radio' }, r, ' ', TYPE_LABELS[r.value as PollType])),
    ),
    choiceFields,
    h(
      'fieldset',
      {},
      h('legend', {}, 'Options'),
      frozen ? h('p', { class: 'alert alert-info' }, 'This poll already has votes, so its options and type can no longer change.') : null,
      optionList,
      frozen ? null : addButton,
    ),
    policy.el,
    h(
      'fieldset',
      {},
      h('legend', {}, 'Settings'),
      h('div', { class: 'field' }, h('label', { for: visibility.id }, 'Show results'), visibility),
      h('div', { class: 'field check' }, allowChange, h('label', { for: allowChange.id }, 'Voters may change their vote')),
      h('div', { class: 'field' }, h('label', { for: status.id }, 'Status'), status),
      h(
        'div',
        { class: 'field-row' },
        h('div', { class: 'field' }, h('label', { for: opensAt.id }, 'Opens at (optional)'), opensAt),
        h('div', { class: 'field' }, h('label', { for: closesAt.id }, 'Closes at (optional)'), closesAt),
      ),
      h('p', { class: 'help' }, `Times are in your time zone (${Intl.DateTimeFormat().resolvedOptions().timeZone}).`),
    ),
    errors,
    h(
      'div',
      { class: 'actions' },
      submit,
      h('a', { class: 'btn', href: editing ? `#/polls/${encodeURIComponent(poll.id)}` : '#/polls' }, 'Cancel'),
    ),
  );
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    const input = toInput();
    const problems = validate(input);
    if (problems.length) {
      for (const p of problems) p.field.setAttribute('aria-invalid', 'true');
      errors.replaceChildren(
        h(
          'div',
          { class: 'alert alert-error', role: 'alert' },
          h('strong', {}, 'Please fix: '),
          h(
            'ul',
            {},
            problems.map((p) => h('li', {}, p.message)),
          ),
        ),
      );
      problems[0]!.field.focus();
      return;
    }
    submit.disabled = true;
    errors.replaceChildren();
    const request = editing ? ctx.api.updatePoll(poll.id, toPatch(input, frozen)) : ctx.api.createPoll(input);
    request
      .then((saved) => {
        ctx.notify(editing ? 'Poll saved.' : 'Poll created.');
        ctx.navigate(`#/polls/${encodeURIComponent(saved.id)}`);
      })
      .catch((err: unknown) => {
        errors.replaceChildren(errorBox(ctx, err, editing ? 'Saving the poll' : 'Creating the poll'));
        errors.querySelector<HTMLElement>('[role=alert]')?.focus();
      })
      .finally(() => {
        submit.disabled = false;
      });
  });

  update();
  const el = h(
    'section',
    {},
    h('div', { class: 'view-head' }, h('h1', { id: 'editor-title', tabindex: '-1' }, editing ? 'Edit poll' : 'New poll')),
    h(
      'div',
      { class: 'editor-layout' },
      form,
      h('aside', { class: 'preview-panel', 'aria-label': 'Preview' }, h('h2', {}, 'Preview'), preview.el),
    ),
  );
  return { el };
}

function toPatch(input: PollInput, frozen: boolean): PollPatch {
  const patch: PollPatch = { ...input };
  if (frozen) {
    // Sending them unchanged would still be refused as a shape change once votes exist.
    delete patch.options;
    delete patch.type;
  }
  return patch;
}

function iconButton(text: string, label: string, onClick: () => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'btn btn-icon', 'aria-label': label, title: label }, text);
  button.addEventListener('click', onClick);
  return button;
}

/** `datetime-local` values are wall-clock time without a zone; the API wants ISO instants. */
function fromLocal(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function toLocal(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
