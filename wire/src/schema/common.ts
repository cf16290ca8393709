import { Type, type SchemaOptions, type TSchema, type TUnsafe } from '@sinclair/typebox';

/** A string enum as `{type: string, enum: [...]}`: what OpenAPI tools expect, typed as the union. */
export const StringEnum = <const T extends readonly string[]>(values: T, options: SchemaOptions = {}): TUnsafe<T[number]> =>
  Type.Unsafe<T[number]>({ ...options, type: 'string', enum: [...values] });

export const Nullable = <T extends TSchema>(schema: T, options: SchemaOptions = {}) => Type.Union([schema, Type.Null()], options);

/** An object that refuses unknown keys: requests with a typo fail, responses with a stray field fail the tests. */
export const Strict = <T extends Parameters<typeof Type.Object>[0]>(properties: T, options: SchemaOptions = {}) =>
  Type.Object(properties, { ...options, additionalProperties: false });

export const DateTime = (options: SchemaOptions = {}) => Type.String({ ...options, format: 'date-time' });
export const Id = (options: SchemaOptions = {}) => Type.Integer({ ...options, minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

export const POLL_TYPES = ['single', 'multiple', 'ranked'] as const;
export const RESULTS_VISIBILITIES = ['always', 'after_vote', 'after_close', 'hidden'] as const;
export const POLL_STATUSES = ['draft', 'open', 'closed'] as const;
export const POLL_PHASES = ['draft', 'scheduled', 'open', 'closed'] as const;
export const VOTER_POLICIES = ['browser', 'ip', 'site_user'] as const;

export const PollType = StringEnum(POLL_TYPES, { title: 'PollType' });
export const ResultsVisibility = StringEnum(RESULTS_VISIBILITIES, { title: 'ResultsVisibility' });
export const PollStatus = StringEnum(POLL_STATUSES, { title: 'PollStatus' });
export const VoterPolicy = StringEnum(VOTER_POLICIES, {
  title: 'VoterPolicy',
  description:
    'Who counts as one voter: `browser` an anonymous voter token (one vote per device), `ip` at most `maxBallotsPerIp` ballots per client address (IPv6 per /64), `site_user` a user of the embedding site, vouched for by a JWT its server signs.',
});
export const PollPhase = StringEnum(POLL_PHASES, {
  title: 'PollPhase',
  description: 'What a voter sees right now: the stored status combined with `opensAt`/`closesAt`.',
});

export const ApiErrorBody = Strict(
  {
    error: Strict({
      code: Type.String({ description: 'Stable and machine-readable, e.g. validation_failed' }),
      message: Type.String({ description: 'For humans; names the failing field' }),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { title: 'ApiErrorBody' },
);
