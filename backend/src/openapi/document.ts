import * as S from '@votewire/wire/schema';
import type { TSchema } from '@votewire/wire/schema';

/**
 * The OpenAPI 3.1 description of /api/v1, assembled from the same schemas that validate the
 * requests and print the wire types: OpenAPI 3.1 schemas are JSON Schema 2020-12, so the TypeBox
 * objects go in as they are. A test walks the routers and fails for any route missing here; the
 * API suites check every response they receive against this document.
 */
type Json = Record<string, unknown>;

/** A named schema (one with a `title` in the registry) as a reference to its component. */
const isNamed = (value: unknown): value is { title: string } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Json).title === 'string' &&
  ((value as Json).title as string) in S.namedSchemas;

/** Plain JSON (TypeBox's symbol keys dropped), every named schema below the top turned into a `$ref`. */
function component(value: unknown, top = true): unknown {
  if (!top && isNamed(value)) return { $ref: `#/components/schemas/${value.title}` };
  if (Array.isArray(value)) return value.map((v) => component(v, false));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'properties' ? props(v as Json) : component(v, false)]));
}
const props = (properties: Json) => Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, component(v, false)]));

const schema = (s: TSchema | Json) => component(s, false) as Json;
const json = (s: TSchema | Json) => ({ 'application/json': { schema: schema(s) } });
const body = (s: TSchema, required = true) => ({ required, content: json(s) });
const ok = (description: string, s?: TSchema | Json, headers?: Json) => ({
  description,
  ...(headers ? { headers } : {}),
  ...(s ? { content: json(s) } : {}),
});
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { $ref: `#/components/responses/Error${c}` }]));

/** Every route can be rate limited or meet a briefly unavailable database. */
const ALWAYS = [429, 503];
/** Every route with a parsed body: malformed or invalid JSON, too large, not JSON. */
const BODY = [400, 413, 415];

const pollId = { name: 'id', in: 'path', required: true, schema: schema(S.PollIdParam) };
const voterTokenHeader = { name: 'X-Voter-Token', in: 'header', required: false, schema: { type: 'string' } };
const admin = [{ apiKey: [] }];
const publicOrAdmin = [{}, { apiKey: [] }];
const retryAfter = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } };

const errorStatuses: Record<number, string> = {
  400: 'Invalid input: the message names the failing field',
  401: 'Missing or invalid credentials',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'Body larger than 16 KB',
  415: 'Body is not application/json',
  422: 'Well-formed but not acceptable',
  429: 'Rate limited; see Retry-After',
  503: 'Briefly unavailable; retry (with the same Idempotency-Key for a vote)',
};

const query = (s: { properties: Record<string, TSchema> }, required = false) =>
  Object.entries(s.properties).map(([name, p]) => {
    const { description, ...rest } = schema(p);
    return { name, in: 'query', required, ...(description ? { description } : {}), schema: rest };
  });

const LOG_ACCESS =
  'Visible when the poll’s results are (as GET /results: 403 results_hidden until then). 404 log_disabled when the deployment keeps no ballot log.';

/** Built from the schemas as they are when called (a test changes one and calls it again). */
export const buildOpenApiDocument = () => ({
  openapi: '3.1.0',
  info: {
    title: 'Votewire API',
    version: '1.0.0',
    license: { name: 'MIT', identifier: 'MIT' },
    description:
      'Public widget API (read polls, voter tokens, votes) and admin API (Authorization: Bearer <api key>, scoped to the key’s site). ' +
      'Errors are always {"error":{"code","message"}}. Live results: Socket.IO at /socket.io (emit "subscribe" with a SubscribeRequest, ' +
      'acknowledged with a SubscribeAck; receive "results" as PollResults, "phase" as PollPhaseEvent, "poll" as PollChangedEvent after any change of the poll, ' +
      'and "refused" as RefusedEvent before a connection over its limits is dropped).',
  },
  servers: [{ url: '/' }],
  components: {
    securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A site API key' } },
    responses: Object.fromEntries(
      Object.entries(errorStatuses).map(([code, description]) => [
        `Error${code}`,
        ok(description, S.ApiErrorBody, code === '429' || code === '503' ? retryAfter : undefined),
      ]),
    ),
    // The list query is described as parameters; the Socket.IO payloads, used by no path, are here for reference.
    schemas: Object.fromEntries(
      Object.entries(S.namedSchemas)
        .filter(([name]) => name !== S.PollListQuery.title)
        .map(([name, s]) => [name, component(s)]),
    ),
  },
  paths: {
    '/api/v1/openapi.json': {
      get: {
        operationId: 'getOpenApiDocument',
        summary: 'This document',
        security: [{}],
        responses: { 200: ok('OpenAPI 3.1 document', { type: 'object' }), ...errors(...ALWAYS) },
      },
    },
    '/api/v1/voter-tokens': {
      post: {
        operationId: 'createVoterToken',
        summary: 'Issue a signed voter token for one poll',
        description:
          'The token votes in `pollId` only (elsewhere 403 voter_token_wrong_poll). With `identity` (a JWT the site signed) the voter is that user of the site, the same voter for every token of the same `sub`; ' +
          'a site_user poll refuses tokens without one (403 identity_required), and a refused JWT is 401 with one of identity_invalid_signature, identity_unknown_key, identity_key_revoked, identity_wrong_audience, identity_expired, identity_invalid (malformed, no kid, alg not HS256, bad sub, exp more than 24 h ahead). ' +
          'Without `identity`, when the site’s proofOfWork is on, `altcha` must carry a solved challenge of GET /api/v1/voter-tokens/challenge: missing 403 challenge_required, wrong, expired, for another poll or already used 403 challenge_failed.',
        security: [{}],
        requestBody: body(S.VoterTokenRequest),
        responses: { 201: ok('A voter token', S.VoterTokenResponse), ...errors(...BODY, 401, 403, 404, ...ALWAYS) },
      },
    },
    '/api/v1/voter-tokens/challenge': {
      get: {
        operationId: 'getVoterTokenChallenge',
        summary: 'An ALTCHA proof-of-work challenge for a voter token of this poll',
        description:
          'Solve it (find `number` with SHA-256(salt + number) = challenge, 0 ≤ number ≤ maxnumber, e.g. with altcha-lib’s solveChallenge or the ALTCHA widget) and send base64(JSON {algorithm, challenge, number, salt, signature}) as `altcha` to POST /api/v1/voter-tokens within 5 minutes. Served whether or not the site asks for one.',
        security: [{}],
        parameters: [{ name: 'pollId', in: 'query', required: true, schema: schema(S.ChallengeQuery.properties.pollId) }],
        responses: { 200: ok('The challenge', S.AltchaChallenge), ...errors(400, 404, ...ALWAYS) },
      },
    },
    '/api/v1/polls': {
      get: {
        operationId: 'listPolls',
        summary: 'List the site’s polls, newest first',
        security: admin,
        parameters: query(S.PollListQuery),
        responses: { 200: ok('A page of polls', S.PollPage), ...errors(400, 401, ...ALWAYS) },
      },
      post: {
        operationId: 'createPoll',
        summary: 'Create a poll',
        security: admin,
        requestBody: body(S.PollInput),
        responses: {
          201: ok('The poll', S.AdminPoll, { Location: { description: 'The poll’s URL', schema: { type: 'string' } } }),
          ...errors(...BODY, 401, ...ALWAYS),
        },
      },
    },
    '/api/v1/polls/{id}': {
      get: {
        operationId: 'getPoll',
        summary: 'Read a poll',
        description:
          'Without an API key: the voter’s view (drafts are 404; results when visibility allows). With a key of the poll’s site: the admin view.',
        security: publicOrAdmin,
        parameters: [pollId, voterTokenHeader],
        responses: {
          200: ok('The poll', { oneOf: [schema(S.PublicPoll), schema(S.AdminPoll)] }),
          ...errors(401, 404, ...ALWAYS),
        },
      },
      patch: {
        operationId: 'updatePoll',
        summary: 'Update a poll',
        description:
          'Any subset of the poll’s fields. Options, type and choice limits are frozen once the poll has votes (409 options_frozen).',
        security: admin,
        parameters: [pollId],
        requestBody: body(S.PollPatch),
        responses: { 200: ok('The poll', S.AdminPoll), ...errors(...BODY, 401, 404, 409, ...ALWAYS) },
      },
      delete: {
        operationId: 'deletePoll',
        summary: 'Delete a poll and its ballots',
        security: admin,
        parameters: [pollId],
        responses: { 204: ok('Deleted'), ...errors(401, 404, ...ALWAYS) },
      },
    },
    '/api/v1/polls/{id}/open': {
      post: {
        operationId: 'openPoll',
        summary: 'Open (or reopen) a poll now',
        security: admin,
        parameters: [pollId],
        responses: { 200: ok('The poll', S.AdminPoll), ...errors(...BODY, 401, 404, ...ALWAYS) },
      },
    },
    '/api/v1/polls/{id}/close': {
      post: {
        operationId: 'closePoll',
        summary: 'Close a poll now',
        security: admin,
        parameters: [pollId],
        responses: { 200: ok('The poll', S.AdminPoll), ...errors(...BODY, 401, 404, ...ALWAYS) },
      },
    },
    '/api/v1/polls/{id}/results': {
      get: {
        operationId: 'getResults',
        summary: 'Read results',
        description: 'Admins always; voters when the poll’s visibility allows it (403 results_hidden otherwise).',
        security: publicOrAdmin,
        parameters: [pollId, voterTokenHeader],
        responses: { 200: ok('Results', S.PollResults), ...errors(401, 403, 404, ...ALWAYS) },
      },
    },
    '/api/v1/log-keys': {
      get: {
        operationId: 'listLogKeys',
        summary: 'The public keys that sign ballot log tree heads',
        description:
          'Every key that has signed heads is listed, so heads signed before a key rotation still verify. 404 log_disabled when the deployment keeps no ballot log.',
        security: [{}],
        responses: { 200: ok('The keys', S.LogKeyList), ...errors(404, ...ALWAYS) },
      },
    },
    '/api/v1/polls/{id}/log': {
      get: {
        operationId: 'getLogHead',
        summary: 'The poll’s ballot log: a signed tree head',
        description: LOG_ACCESS,
        security: publicOrAdmin,
        parameters: [pollId, voterTokenHeader],
        responses: { 200: ok('The signed tree head', S.SignedTreeHead), ...errors(401, 403, 404, ...ALWAYS) },
      },
    },
    '/api/v1/polls/{id}/log/entries': {
      get: {
        operationId: 'getLogEntries',
        summary: 'Entries start..end of the poll’s ballot log (inclusive; at most 1,000 an answer)',
        description: `${LOG_ACCESS} An end beyond the log is clipped; a start beyond it is 400 log_range_invalid.`,
        security: publicOrAdmin,
        parameters: [pollId, voterTokenHeader, ...query(S.LogEntriesQuery, true)],
        responses: { 200: ok('The entries, in seq order', S.LogEntryPage), ...errors(400, 401, 403, 404, ...ALWAYS) },
      },
    },
    '/api/v1/polls/{id}/log/inclusion': {
      get: {
        operationId: 'getLogInclusion',
        summary: 'RFC 9162 inclusion proof of the latest entry with a commitment among the first treeSize',
        description: `${LOG_ACCESS} 404 log_entry_not_found when no such entry; 400 log_tree_size_invalid when treeSize is 0 or beyond the log.`,
        security: publicOrAdmin,
        parameters: [pollId, voterTokenHeader, ...query(S.InclusionQuery, true)],
        responses: { 200: ok('The entry and its inclusion path', S.InclusionProof), ...errors(400, 401, 403, 404, ...ALWAYS) },
      },
    },
    '/api/v1/polls/{id}/log/consistency': {
      get: {
        operationId: 'getLogConsistency',
        summary: 'RFC 9162 consistency proof between two sizes of the poll’s ballot log',
        description: `${LOG_ACCESS} 400 log_tree_size_invalid unless 0 < first ≤ second ≤ the log's size.`,
        security: publicOrAdmin,
        parameters: [pollId, voterTokenHeader, ...query(S.ConsistencyQuery, true)],
        responses: { 200: ok('The consistency proof', S.ConsistencyProof), ...errors(400, 401, 403, 404, ...ALWAYS) },
      },
    },
    '/api/v1/polls/{id}/votes': {
      post: {
        operationId: 'castVote',
        summary: 'Cast (or change) a vote',
        description:
          'A retry with the same Idempotency-Key returns the first answer and counts once (header Idempotent-Replayed: true); the same key with another body is 422 idempotency_conflict. A second ballot is 409 already_voted unless the poll allows vote changes. ' +
          'A token of another poll is 403 voter_token_wrong_poll; an anonymous token on a site_user poll is 403 identity_required; a new ballot past an ip poll’s maxBallotsPerIp from one client address (IPv6: one /64) is 409 ip_limit_reached.',
        security: [{}],
        parameters: [
          pollId,
          { name: 'X-Voter-Token', in: 'header', required: true, schema: { type: 'string' } },
          { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', pattern: S.IDEMPOTENCY_KEY_PATTERN } },
        ],
        requestBody: body(S.VoteRequest),
        responses: {
          201: ok('The vote was recorded', S.VoteResponse, {
            'Idempotent-Replayed': {
              description: '"true" when this is the stored answer to an earlier request',
              schema: { type: 'string' },
            },
          }),
          ...errors(...BODY, 401, 403, 404, 409, 422, ...ALWAYS),
        },
      },
    },
    '/api/v1/polls/{id}/ballots.csv': {
      get: {
        operationId: 'exportBallots',
        summary: 'Export anonymised ballots as CSV',
        security: admin,
        parameters: [pollId],
        responses: {
          200: { description: 'CSV: ballot, submitted_at, choices, option_ids', content: { 'text/csv': { schema: { type: 'string' } } } },
          ...errors(401, 404, ...ALWAYS),
        },
      },
    },
    '/api/v1/site': {
      get: {
        operationId: 'getSite',
        summary: 'The key’s site',
        security: admin,
        responses: { 200: ok('The site', S.Site), ...errors(401, ...ALWAYS) },
      },
      patch: {
        operationId: 'updateSite',
        summary: 'Update the site’s name, allowed origins and proof-of-work setting',
        security: admin,
        requestBody: body(S.SitePatch),
        responses: { 200: ok('The site', S.Site), ...errors(...BODY, 401, ...ALWAYS) },
      },
    },
    '/api/v1/site/identity-keys': {
      get: {
        operationId: 'listIdentityKeys',
        summary: 'List the keys the site signs voter identities with',
        security: admin,
        responses: { 200: ok('Keys, without their secrets', S.IdentityKeyList), ...errors(401, ...ALWAYS) },
      },
      post: {
        operationId: 'createIdentityKey',
        summary: 'Create an identity key (its secret is shown once)',
        description:
          'The site’s server signs JWTs (HS256, header kid = id; claims sub, aud = the site id as a string, exp at most 24 h ahead) with it for voters of site_user polls. Several keys may be live at once, for rotation.',
        security: admin,
        responses: { 201: ok('The key and its secret', S.CreatedIdentityKey), ...errors(413, 415, 401, ...ALWAYS) },
      },
    },
    '/api/v1/site/identity-keys/{id}': {
      delete: {
        operationId: 'revokeIdentityKey',
        summary: 'Revoke an identity key: JWTs it signed are refused from now on (401 identity_key_revoked)',
        security: admin,
        parameters: [{ name: 'id', in: 'path', required: true, schema: schema(S.IdentityKeyIdParam) }],
        responses: { 204: ok('Revoked'), ...errors(401, 404, ...ALWAYS) },
      },
    },
    '/api/v1/sites': {
      post: {
        operationId: 'createSite',
        summary: 'Create a site (keys of the default site only)',
        security: admin,
        requestBody: body(S.SiteInput),
        responses: { 201: ok('The site and its first API key', S.CreatedSite), ...errors(...BODY, 401, 403, ...ALWAYS) },
      },
    },
    '/api/v1/api-keys': {
      get: {
        operationId: 'listApiKeys',
        summary: 'List the site’s API keys',
        security: admin,
        responses: { 200: ok('Keys', S.ApiKeyList), ...errors(401, ...ALWAYS) },
      },
      post: {
        operationId: 'createApiKey',
        summary: 'Create an API key (shown once)',
        security: admin,
        requestBody: body(S.ApiKeyInput),
        responses: { 201: ok('The key, with its secret', S.CreatedApiKey), ...errors(...BODY, 401, ...ALWAYS) },
      },
    },
    '/api/v1/api-keys/{id}': {
      delete: {
        operationId: 'revokeApiKey',
        summary: 'Revoke an API key',
        security: admin,
        parameters: [{ name: 'id', in: 'path', required: true, schema: schema(S.ApiKeyIdParam) }],
        responses: { 204: ok('Revoked'), ...errors(401, 404, 409, ...ALWAYS) },
      },
    },
  },
});

export const openApiDocument = buildOpenApiDocument();
