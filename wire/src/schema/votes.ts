import { Type } from '@sinclair/typebox';
import { LIMITS } from '../limits';
import { DateTime, Id, Nullable, Strict } from './common';
import { PollResults } from './results';

export const VoterTokenRequest = Strict(
  {
    pollId: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.pollId.max, description: 'Binds the token to this poll’s site' })),
  },
  { title: 'VoterTokenRequest' },
);

export const VoterTokenResponse = Strict({ token: Type.String(), expiresAt: DateTime() }, { title: 'VoterTokenResponse' });

export const VoteRequest = Strict(
  {
    optionIds: Type.Array(Id(), {
      minItems: 1,
      maxItems: LIMITS.options.max,
      description: 'Chosen option ids; for ranked polls the order is the ranking, first preference first.',
    }),
  },
  { title: 'VoteRequest' },
);

export const VoteResponse = Strict(
  {
    receipt: Type.String(),
    pollId: Type.String(),
    optionIds: Type.Array(Id()),
    changed: Type.Boolean({ description: 'True when this request replaced an earlier ballot of the same voter.' }),
    version: Type.Optional(Type.Integer({ minimum: 0, description: 'The version of `results`; absent with them, as it counts ballots.' })),
    results: Nullable(PollResults, {
      description: 'Fresh, authoritative results at `version`, or null while the poll’s visibility hides them.',
    }),
  },
  { title: 'VoteResponse' },
);

export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9_.:-]{8,128}$';
