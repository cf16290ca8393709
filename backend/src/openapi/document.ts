/**
 * The OpenAPI 3.1 description of /api/v1. A test walks the routers and fails for any route that is
 * missing here, so the document and the code cannot drift apart silently.
 */
type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema) => ({ 'application/json': { schema } });
const ok = (description: string, schema?: Schema) => (schema ? { description, content: json(schema) } : { description });
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { $ref: `#/components/responses/Error${c}` }]));
const pollId = { name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 32 } };
const voterTokenHeader = { name: 'X-Voter-Token', in: 'header', required: false, schema: { type: 'string' } };
const admin = [{ apiKey: [] }];
const publicOrAdmin = [{}, { apiKey: [] }];

const errorStatuses: Record<number, string> = {
  400: 'Invalid input',
  401: 'Missing or invalid credentials',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'Body larger than 16 KB',
  415: 'Body is not application/json',
  422: 'Well-formed but not acceptable',
  429: 'Rate limited; see Retry-After',
  503: 'Briefly unavailable; retry with the same Idempotency-Key',
};

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Votewire API',
    version: '1.0.0',
    description:
      'Public widget API (read polls, voter tokens, votes) and admin API (Authorization: Bearer <api key>, scoped to the key’s site). ' +
      'Errors are always {"error":{"code","message"}}. Live results: Socket.IO at /socket.io (emit "subscribe" {pollId, voterToken?}; receive "results", "phase", "poll" after any change of the poll, and "refused" before a connection over its limits is dropped).',
  },
  servers: [{ url: '/' }],
  components: {
    securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A site API key' } },
    responses: Object.fromEntries(
      Object.entries(errorStatuses).map(([code, description]) => [`Error${code}`, { description, content: json(ref('Error')) }]),
    ),
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
          },
        },
      },
      PollOption: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          label: { type: 'string' },
          position: { type: 'integer' },
          imageUrl: { type: ['string', 'null'] },
        },
      },
      PollResults: {
        type: 'object',
        required: ['pollId', 'version', 'totalBallots', 'options'],
        properties: {
          pollId: { type: 'string' },
          version: { type: 'integer', description: 'Only goes up; keep the highest seen' },
          totalBallots: { type: 'integer' },
          options: {
            type: 'array',
            items: { type: 'object', properties: { id: { type: 'integer' }, votes: { type: 'integer' }, percent: { type: 'number' } } },
          },
          rounds: {
            type: 'array',
            description: 'Ranked polls: every instant-runoff round',
            items: {
              type: 'object',
              properties: {
                round: { type: 'integer' },
                counts: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, votes: { type: 'integer' } } } },
                exhausted: { type: 'integer' },
                eliminated: { type: 'array', items: { type: 'integer' } },
                winnerIds: { type: 'array', items: { type: 'integer' } },
              },
            },
          },
          committedAt: { type: 'integer' },
        },
      },
      PollInput: {
        type: 'object',
        required: ['question', 'options'],
        additionalProperties: false,
        properties: {
          question: { type: 'string', minLength: 1, maxLength: 500 },
          description: { type: ['string', 'null'], maxLength: 2000 },
          type: { enum: ['single', 'multiple', 'ranked'], default: 'single' },
          minChoices: { type: 'integer', minimum: 1 },
          maxChoices: { type: 'integer', minimum: 1 },
          resultsVisibility: { enum: ['always', 'after_vote', 'after_close', 'hidden'], default: 'always' },
          allowVoteChange: { type: 'boolean', default: false },
          status: { enum: ['draft', 'open', 'closed'], default: 'open' },
          opensAt: { type: ['string', 'null'], format: 'date-time' },
          closesAt: { type: ['string', 'null'], format: 'date-time' },
          options: {
            type: 'array',
            minItems: 2,
            maxItems: 50,
            items: {
              type: 'object',
              required: ['label'],
              properties: {
                id: { type: 'integer' },
                label: { type: 'string', maxLength: 300 },
                imageUrl: { type: ['string', 'null'], format: 'uri' },
              },
            },
          },
        },
      },
      AdminPoll: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          siteId: { type: 'integer' },
          question: { type: 'string' },
          description: { type: ['string', 'null'] },
          type: { enum: ['single', 'multiple', 'ranked'] },
          minChoices: { type: 'integer' },
          maxChoices: { type: 'integer' },
          resultsVisibility: { enum: ['always', 'after_vote', 'after_close', 'hidden'] },
          allowVoteChange: { type: 'boolean' },
          status: { enum: ['draft', 'open', 'closed'] },
          phase: { enum: ['draft', 'scheduled', 'open', 'closed'] },
          opensAt: { type: ['string', 'null'], format: 'date-time' },
          closesAt: { type: ['string', 'null'], format: 'date-time' },
          options: { type: 'array', items: ref('PollOption') },
          ballotCount: { type: 'integer' },
          serverTime: { type: 'string', format: 'date-time' },
          createdAt: { type: 'string', format: 'date-time' },
          updatedAt: { type: 'string', format: 'date-time' },
        },
      },
      PublicPoll: {
        type: 'object',
        description: 'AdminPoll without siteId, ballotCount and timestamps, plus results (null when hidden from this voter) and myVote',
        properties: {
          id: { type: 'string' },
          question: { type: 'string' },
          phase: { enum: ['draft', 'scheduled', 'open', 'closed'] },
          options: { type: 'array', items: ref('PollOption') },
          results: { oneOf: [ref('PollResults'), { type: 'null' }] },
          myVote: {
            oneOf: [
              { type: 'object', properties: { optionIds: { type: 'array', items: { type: 'integer' } }, receipt: { type: 'string' } } },
              { type: 'null' },
            ],
          },
        },
      },
      VoteResponse: {
        type: 'object',
        properties: {
          receipt: { type: 'string' },
          pollId: { type: 'string' },
          optionIds: { type: 'array', items: { type: 'integer' } },
          changed: { type: 'boolean' },
          version: { type: 'integer', description: 'The version of results; absent while results are hidden' },
          results: { oneOf: [ref('PollResults'), { type: 'null' }] },
        },
      },
      Site: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          name: { type: 'string' },
          allowedOrigins: { type: 'array', items: { type: 'string' } },
          createdAt: { type: 'string', format: 'date-time' },
        },
      },
      SiteInput: {
        type: 'object',
        additionalProperties: false,
        properties: {
          name: { type: 'string' },
          allowedOrigins: { type: 'array', items: { type: 'string', description: 'An origin, or "*"' } },
        },
      },
      ApiKey: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          name: { type: 'string' },
          prefix: { type: 'string' },
          createdAt: { type: 'string', format: 'date-time' },
          lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
          revokedAt: { type: ['string', 'null'], format: 'date-time' },
          key: { type: 'string', description: 'Only in the create response; never shown again' },
        },
      },
    },
  },
  paths: {
    '/api/v1/openapi.json': { get: { summary: 'This document', security: [{}], responses: { 200: ok('OpenAPI 3.1 document') } } },
    '/api/v1/voter-tokens': {
      post: {
        summary: 'Issue a signed voter token',
        description: 'With {"pollId"} the token is bound to that poll’s site; without a body it is valid on every site.',
        security: [{}],
        requestBody: { required: false, content: json({ type: 'object', properties: { pollId: { type: 'string' } } }) },
        responses: {
          201: ok('A voter token', { type: 'object', properties: { token: { type: 'string' }, expiresAt: { type: 'string' } } }),
          ...errors(400, 404, 429),
        },
      },
    },
    '/api/v1/polls': {
      get: {
        summary: 'List the site’s polls',
        security: admin,
        parameters: [
          { name: 'status', in: 'query', schema: { enum: ['draft', 'open', 'closed'] } },
          { name: 'type', in: 'query', schema: { enum: ['single', 'multiple', 'ranked'] } },
          { name: 'q', in: 'query', schema: { type: 'string' }, description: 'Text in the question' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
        ],
        responses: {
          200: ok('A page of polls', {
            type: 'object',
            properties: {
              items: { type: 'array', items: ref('AdminPoll') },
              total: { type: 'integer' },
              limit: { type: 'integer' },
              offset: { type: 'integer' },
            },
          }),
          ...errors(400, 401),
        },
      },
      post: {
        summary: 'Create a poll',
        security: admin,
        requestBody: { required: true, content: json(ref('PollInput')) },
        responses: { 201: ok('The poll', ref('AdminPoll')), ...errors(400, 401, 413, 415) },
      },
    },
    '/api/v1/polls/{id}': {
      get: {
        summary: 'Read a poll',
        description:
          'Without an API key: the voter’s view (drafts are 404; results when visibility allows). With a key of the poll’s site: the admin view.',
        security: publicOrAdmin,
        parameters: [pollId, voterTokenHeader],
        responses: { 200: ok('The poll', { oneOf: [ref('PublicPoll'), ref('AdminPoll')] }), ...errors(401, 404) },
      },
      patch: {
        summary: 'Update a poll',
        description: 'Options, type and choice limits are frozen once the poll has votes (409 options_frozen).',
        security: admin,
        parameters: [pollId],
        requestBody: { required: true, content: json({ ...ref('PollInput'), description: 'Any subset of PollInput' }) },
        responses: { 200: ok('The poll', ref('AdminPoll')), ...errors(400, 401, 404, 409) },
      },
      delete: {
        summary: 'Delete a poll and its ballots',
        security: admin,
        parameters: [pollId],
        responses: { 204: ok('Deleted'), ...errors(401, 404) },
      },
    },
    '/api/v1/polls/{id}/open': {
      post: {
        summary: 'Open (or reopen) a poll now',
        security: admin,
        parameters: [pollId],
        responses: { 200: ok('The poll', ref('AdminPoll')), ...errors(401, 404) },
      },
    },
    '/api/v1/polls/{id}/close': {
      post: {
        summary: 'Close a poll now',
        security: admin,
        parameters: [pollId],
        responses: { 200: ok('The poll', ref('AdminPoll')), ...errors(401, 404) },
      },
    },
    '/api/v1/polls/{id}/results': {
      get: {
        summary: 'Read results',
        description: 'Admins always; voters when the poll’s visibility allows it (403 results_hidden otherwise).',
        security: publicOrAdmin,
        parameters: [pollId, voterTokenHeader],
        responses: { 200: ok('Results', ref('PollResults')), ...errors(401, 403, 404) },
      },
    },
    '/api/v1/polls/{id}/votes': {
      post: {
        summary: 'Cast (or change) a vote',
        description:
          'A retry with the same Idempotency-Key returns the first answer and counts once (header Idempotent-Replayed: true); the same key with another body is 422 idempotency_conflict. A second ballot is 409 already_voted unless the poll allows vote changes.',
        security: [{}],
        parameters: [
          pollId,
          { name: 'X-Voter-Token', in: 'header', required: true, schema: { type: 'string' } },
          { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,128}$' } },
        ],
        requestBody: {
          required: true,
          content: json({
            type: 'object',
            required: ['optionIds'],
            properties: { optionIds: { type: 'array', items: { type: 'integer' }, description: 'Ranking order for ranked polls' } },
          }),
        },
        responses: { 201: ok('The vote was recorded', ref('VoteResponse')), ...errors(400, 401, 403, 404, 409, 413, 415, 422, 429, 503) },
      },
    },
    '/api/v1/polls/{id}/ballots.csv': {
      get: {
        summary: 'Export anonymised ballots as CSV',
        security: admin,
        parameters: [pollId],
        responses: {
          200: { description: 'CSV: ballot, submitted_at, choices, option_ids', content: { 'text/csv': { schema: { type: 'string' } } } },
          ...errors(401, 404),
        },
      },
    },
    '/api/v1/site': {
      get: { summary: 'The key’s site', security: admin, responses: { 200: ok('The site', ref('Site')), ...errors(401) } },
      patch: {
        summary: 'Update the site’s name and allowed origins',
        security: admin,
        requestBody: { required: true, content: json(ref('SiteInput')) },
        responses: { 200: ok('The site', ref('Site')), ...errors(400, 401) },
      },
    },
    '/api/v1/sites': {
      post: {
        summary: 'Create a site (keys of the default site only)',
        security: admin,
        requestBody: { required: true, content: json(ref('SiteInput')) },
        responses: {
          201: ok('The site and its first API key', { type: 'object', properties: { site: ref('Site'), apiKey: ref('ApiKey') } }),
          ...errors(400, 401, 403),
        },
      },
    },
    '/api/v1/api-keys': {
      get: {
        summary: 'List the site’s API keys',
        security: admin,
        responses: { 200: ok('Keys', { type: 'object', properties: { items: { type: 'array', items: ref('ApiKey') } } }), ...errors(401) },
      },
      post: {
        summary: 'Create an API key (shown once)',
        security: admin,
        requestBody: { required: true, content: json({ type: 'object', required: ['name'], properties: { name: { type: 'string' } } }) },
        responses: { 201: ok('The key, with its secret', ref('ApiKey')), ...errors(400, 401) },
      },
    },
    '/api/v1/api-keys/{id}': {
      delete: {
        summary: 'Revoke an API key',
        security: admin,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: { 204: ok('Revoked'), ...errors(401, 404, 409) },
      },
    },
  },
} as const;
