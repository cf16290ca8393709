import type { PollInput, PollPatch } from '@votewire/wire';
import { LIMITS } from '@votewire/wire/limits';
import { validationFailed } from '../errors';
import { text } from './validate';
import { cleanLabel } from './labels';

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

const time = (value: string | null | undefined) => (value === undefined || value === null ? null : Date.parse(value));

function options(input: NonNullable<PollPatch['options']>): OptionInput[] {
  const parsed = input.map((o, i) => ({
    ...(o.id === undefined ? {} : { id: o.id }),
    label: text(cleanLabel(o.label), `options[${i}].label`, LIMITS.optionLabel.min, LIMITS.optionLabel.max),
    imageUrl: o.imageUrl === undefined || o.imageUrl === null ? null : new URL(o.imageUrl).href,
  }));
  const labels = parsed.map((o) => o.label.toLowerCase());
  if (new Set(labels).size !== labels.length) throw validationFailed('option labels must be unique');
  return parsed;
}

/**
 * The rules JSON Schema cannot state, applied to a body the schema has already accepted: a full
 * poll (create), or a partial one (update) merged over `current`, so the same rules hold for both:
 * min/max within the option count, a single poll choosing exactly one, an opening time before the
 * closing time, and labels unique.
 */
export function resolvePollInput(
  input: PollInput | PollPatch,
  current?: PollFields & { optionCount: number },
): { fields: PollFields; options: OptionInput[] | null } {
  const opts = input.options === undefined ? null : options(input.options);
  const optionCount = opts?.length ?? current!.optionCount;
  const type = input.type ?? current?.type ?? 'single';

  const defaultMax = type === 'multiple' || type === 'ranked' ? optionCount : 1;
  const typeChanged = current !== undefined && type !== current.type;
  let minChoices = input.minChoices ?? (typeChanged || !current ? 1 : current.minChoices);
  let maxChoices = input.maxChoices ?? (typeChanged || !current ? defaultMax : Math.min(current.maxChoices, optionCount));
  if (type === 'single') {
    if ((input.minChoices !== undefined && minChoices !== 1) || (input.maxChoices !== undefined && maxChoices !== 1)) {
      throw validationFailed('a single-choice poll takes exactly one choice: minChoices and maxChoices must be 1');
    }
    minChoices = maxChoices = 1;
  }
  if (minChoices > maxChoices) throw validationFailed('minChoices must not be greater than maxChoices');
  if (maxChoices > optionCount) throw validationFailed('maxChoices must not exceed the number of options');

  const fields: PollFields = {
    question: input.question === undefined ? current!.question : text(input.question, 'question', LIMITS.question.min, LIMITS.question.max),
    description:
      input.description === undefined
        ? (current?.description ?? null)
        : input.description && (text(input.description, 'description', 0, LIMITS.description.max) || null),
    type,
    minChoices,
    maxChoices,
    resultsVisibility: input.resultsVisibility ?? current?.resultsVisibility ?? 'always',
    allowVoteChange: input.allowVoteChange ?? current?.allowVoteChange ?? false,
    voterPolicy: input.voterPolicy ?? current?.voterPolicy ?? 'browser',
    maxBallotsPerIp: input.maxBallotsPerIp ?? current?.maxBallotsPerIp ?? LIMITS.maxBallotsPerIp.default,
    status: input.status ?? current?.status ?? 'open',
    opensAt: input.opensAt === undefined ? (current?.opensAt ?? null) : time(input.opensAt),
    closesAt: input.closesAt === undefined ? (current?.closesAt ?? null) : time(input.closesAt),
  };
  if (fields.opensAt !== null && fields.closesAt !== null && fields.opensAt >= fields.closesAt) {
    throw validationFailed('opensAt must be before closesAt');
  }
  return { fields, options: opts };
}
