import { Type } from '@sinclair/typebox';
import { LIMITS } from '../limits';
import { DateTime, Id, Nullable, Strict } from './common';
import { PollResults } from './results';

export const VoterTokenRequest = Strict(
  {
    pollId: Type.String({ minLength: 1, maxLength: LIMITS.pollId.max, description: 'The one poll the token votes in' }),
    altcha: Type.Optional(
      Type.String({
        maxLength: 2000,
        description:
          'A solved challenge of GET /api/v1/voter-tokens/challenge: base64 of the JSON {algorithm, challenge, number, salt, signature}, the value the ALTCHA widget submits as its `altcha` field. Required for an anonymous token when the site’s proofOfWork is on; usable once.',
      }),
    ),
    identity: Type.Optional(
      Type.String({
        maxLength: 4000,
        description:
          'A JWT the site’s server signed (HS256, header kid = an identity key id; sub, aud = the site id, exp ≤ 24 h ahead): the token’s voter is that user of the site. Required on site_user polls.',
      }),
    ),
  },
  { title: 'VoterTokenRequest' },
);

export const AltchaChallenge = Strict(
  {
    algorithm: Type.String(),
    challenge: Type.String(),
    maxnumber: Type.Integer(),
    salt: Type.String({ description: 'Carries the expiry (`?expires=` epoch seconds) and the poll id' }),
    signature: Type.String(),
  },
  { title: 'AltchaChallenge', description: 'An ALTCHA challenge (https://altcha.org/docs/server-integration), valid for 5 minutes.' },
);

export const ChallengeQuery = Strict({ pollId: Type.String({ minLength: 1, maxLength: LIMITS.pollId.max }) });

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
