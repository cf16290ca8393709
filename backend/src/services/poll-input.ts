import type { PollInput, PollStatus, PollType, ResultsVisibility } from '@votewire/wire';
import { validationFailed } from '../errors';
import { cleanLabel } from './labels';
import * as v from './validate';

export const POLL_TYPES: readonly PollType[] = ['single', 'multiple', 'ranked'];
export const VISIBILITIES: readonly ResultsVisibility[] = ['always', 'after_vote', 'after_close', 'hidden'];
export const STATUSES: readonly PollStatus[] = ['draft', 'open', 'closed'];
export const MAX_OPTIONS = 50;

export interface OptionInput {
  id?: number;
  label: string;
  imageUrl: string | null;
}

/** A validated poll: every field of the wire input present, times as epoch milliseconds. */
export type PollFields = Required<Omit<PollInput, 'options' | 'opensAt' | 'closesAt'>> & {
  opensAt: number | null;
  closesAt: number | null;
};

const FIELDS = [
  'question',
  'description',
  'type',
  'minChoices',
  'maxChoices',
  'resultsVisibility',
  'allowVoteChange',
  'status',
  'opensAt',
  'closesAt',
  'options',
] as const;

function options(value: unknown): OptionInput[] {
  if (!Array.isArray(value) || value.length < 2 || value.length > MAX_OPTIONS) {
    throw validationFailed(`options must be an array of 2 to ${MAX_OPTIONS} options`);
  }
  const parsed = value.map((raw, i) => {
    const o = v.object(raw, `options[${i}]`);
    v.onlyKeys(o, ['id', 'label', 'imageUrl'], `options[${i}]`);
    const option: OptionInput = {
      label: v.text(cleanLabel(o.label), `options[${i}].label`, 1, 300),
      imageUrl: o.imageUrl === undefined || o.imageUrl === null ? null : v.httpUrl(o.imageUrl, `options[${i}].imageUrl`),
    };
    if (o.id !== undefined) option.id = v.integer(o.id, `options[${i}].id`, 1, Number.MAX_SAFE_INTEGER);
    return option;
  });
  const labels = parsed.map((o) => o.label.toLowerCase());
  if (new Set(labels).size !== labels.length) throw validationFailed('option labels must be unique');
  return parsed;
}

/**
 * Validates a full poll (create) or a partial one (update, merged over `current`), so the same
 * rules hold for both: min/max within the option count, a single poll choosing exactly one, and
 * an opening time before the closing time.
 */
export function parsePollInput(
  body: unknown,
  current?: PollFields & { optionCount: number },
): { fields: PollFields; options: OptionInput[] | null } {
  const input = v.object(body);
  v.onlyKeys(input, FIELDS);
  if (!current && input.options === undefined) throw validationFailed('options is required');
  const opts = input.options === undefined ? null : options(input.options);
  const optionCount = opts?.length ?? current!.optionCount;
  const type = input.type === undefined ? (current?.type ?? 'single') : v.oneOf(input.type, 'type', POLL_TYPES);

  const defaultMax = type === 'multiple' || type === 'ranked' ? optionCount : 1;
  const typeChanged = current !== undefined && type !== current.type;
  const pick = <K extends keyof PollFields>(key: K, parse: (x: unknown) => PollFields[K], fallback: PollFields[K]) =>
    input[key] === undefined ? fallback : parse(input[key]);

  let minChoices = pick('minChoices', (x) => v.integer(x, 'minChoices', 1, MAX_OPTIONS), typeChanged || !current ? 1 : current.minChoices);
  let maxChoices = pick(
    'maxChoices',
    (x) => v.integer(x, 'maxChoices', 1, MAX_OPTIONS),
    typeChanged || !current ? defaultMax : Math.min(current.maxChoices, optionCount),
  );
  if (type === 'single') {
    if ((input.minChoices !== undefined && minChoices !== 1) || (input.maxChoices !== undefined && maxChoices !== 1)) {
      throw validationFailed('a single-choice poll takes exactly one choice: minChoices and maxChoices must be 1');
    }
    minChoices = maxChoices = 1;
  }
  if (minChoices > maxChoices) throw validationFailed('minChoices must not be greater than maxChoices');
  if (maxChoices > optionCount) throw validationFailed('maxChoices must not exceed the number of options');

  const fields: PollFields = {
    question: pick('question', (x) => v.text(x, 'question', 1, 500), current?.question ?? ''),
    description: pick('description', (x) => v.optionalText(x, 'description', 2000), current?.description ?? null),
    type,
    minChoices,
    maxChoices,
    resultsVisibility: pick(
      'resultsVisibility',
      (x) => v.oneOf(x, 'resultsVisibility', VISIBILITIES),
      current?.resultsVisibility ?? 'always',
    ),
    allowVoteChange: pick('allowVoteChange', (x) => v.boolean(x, 'allowVoteChange'), current?.allowVoteChange ?? false),
    status: pick('status', (x) => v.oneOf(x, 'status', STATUSES), current?.status ?? 'open'),
    opensAt: pick('opensAt', (x) => v.optionalTime(x, 'opensAt'), current?.opensAt ?? null),
    closesAt: pick('closesAt', (x) => v.optionalTime(x, 'closesAt'), current?.closesAt ?? null),
  };
  if (!current && input.question === undefined) throw validationFailed('question is required');
  if (fields.opensAt !== null && fields.closesAt !== null && fields.opensAt >= fields.closesAt) {
    throw validationFailed('opensAt must be before closesAt');
  }
  return { fields, options: opts };
}
