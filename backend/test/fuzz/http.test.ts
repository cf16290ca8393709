// Bad input over HTTP: every public and admin route fed malformed JSON, wrong types, huge and
// deeply nested bodies, hostile text, bad ids, bad tokens and keys, and votes that break a poll's
// rules. Each must get a 4xx JSON error, nothing may be written, and the server must stay up.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import type { AdminPoll } from '@votewire/wire';
import { TOKEN_LIFETIME_MS, VoterTokens } from '../../src/services/voter-tokens';
import { describeOnEachBackend } from '../support/backends';
import { prng } from '../support/prng';
import { BAD_IDS, BAD_TEXT, HOSTILE_TEXT, RAW_BODIES, WRONG_TYPES, nest } from './values';
import { CaseLog, fingerprint, inParallel } from './support';

const SECRET = 'fuzz-secret-'.repeat(4);
type Case = {
  label: string;
  method: string;
  path: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  key?: string | null;
  want?: { status?: number; code?: string };
  /** A route or method the OpenAPI document rightly does not describe. */
  undocumented?: boolean;
};

const without = (list: unknown[], ...valid: unknown[]) => list.filter((v) => !valid.some((x) => JSON.stringify(x) === JSON.stringify(v)));

/** The base body with one field replaced (or removed, for `undefined`). */
function mutate(base: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> {
  const copy = { ...base };
  if (value === undefined) delete copy[field];
  else copy[field] = value;
  return copy;
}

const POLL_FIELD_INVALID: Record<string, unknown[]> = {
  question: BAD_TEXT(500),
  description: ['x'.repeat(2001), 'a\u0000b', ...without(WRONG_TYPES, null)],
  type: ['', 'SINGLE', 'poll', "single' --", ...WRONG_TYPES],
  minChoices: [4, 51, '1', ...WRONG_TYPES],
  maxChoices: [4, 51, '2', ...WRONG_TYPES],
  resultsVisibility: ['', 'public', 'ALWAYS', ...WRONG_TYPES],
  allowVoteChange: ['true', 'yes', ...without(WRONG_TYPES, true, false)],
  status: ['', 'archived', 'OPEN', ...WRONG_TYPES],
  opensAt: ['tomorrow', '2026-12-01', '2026-13-45T00:00:00Z', '+275760-09-13T00:00:01Z', 1767225600000, ...without(WRONG_TYPES, null)],
  closesAt: ['yesterday', '2026-02-30', 1767225600000, ...without(WRONG_TYPES, null)],
  options: [
    [],
    [{ label: 'only one' }],
    Array.from({ length: 51 }, (_, i) => ({ label: `o${i}` })),
    [{ label: '' }, { label: 'b' }],
    [{ label: 'Same' }, { label: 'same' }],
    [{ label: 'a', extra: 1 }, { label: 'b' }],
    [{ label: 'a', imageUrl: 'javascript:alert(1)' }, { label: 'b' }],
    [{ label: 'a', imageUrl: 'data:text/html,<script>alert(1)</script>' }, { label: 'b' }],
    [{ label: 'a', imageUrl: '//evil.example/x.png' }, { label: 'b' }],
    ['a', 'b'],
    [{ label: 1 }, { label: 2 }],
    [{ label: 'a', id: -1 }, { label: 'b' }],
    [{ label: 'a'.repeat(301) }, { label: 'b' }],
    [{ label: 'a\u0000' }, { label: 'b' }],
    [null, { label: 'b' }],
    ...WRONG_TYPES,
  ],
};

const BAD_ORIGINS: unknown[] = [
  'https://x.example',
  ['news.example'],
  ['https://a.example/path'],
  ['https://a.example?x=1'],
  ['https://user:pw@a.example'],
  ['ftp://a.example'],
  ['javascript:alert(1)'],
  ['<script>alert(1)</script>'],
  [42],
  [null],
  Array.from({ length: 51 }, (_, i) => `https://s${i}.example`),
  ...without(WRONG_TYPES, []),
];

const BAD_AUTH = [
  'Bearer',
  'Bearer ',
  'Bearer short',
  'Basic dXNlcjpwYXNz',
  "Bearer ' OR 1=1 --",
  'Bearer ' + 'a'.repeat(201),
  'Bearer vw_' + 'x'.repeat(32),
  'Bearer \u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9',
];

describeOnEachBackend(
  'fuzz: every route refuses bad input with a 4xx and writes nothing',
  (h) => {
    const log = new CaseLog();
    let poll: AdminPoll;
    let closed: AdminPoll;
    let later: AdminPoll;
    let draft: AdminPoll;
    let other: AdminPoll;
    let keyB: string;
    let revokedKey: string;
    let otherSiteToken: string;
    let usedToken: string;
    let usedKey: string;
    let snapshot: string;
    let webhookId: string;

    before(async function () {
      this.timeout(30_000);
      const { api } = h();
      poll = await api.createPoll({ type: 'multiple', minChoices: 1, maxChoices: 2 });
      closed = await api.createPoll();
      assert.equal((await api.admin('POST', `/polls/${closed.id}/close`)).status, 200);
      later = await api.createPoll({ opensAt: new Date(Date.now() + 3_600_000).toISOString() });
      draft = await api.createPoll({ status: 'draft' });
      const site = await api.admin('POST', '/sites', { name: 'Site B', allowedOrigins: ['https://b.example'] });
      keyB = site.body.apiKey.key;
      other = await api.createPoll({}, keyB);
      otherSiteToken = await api.voterToken(other.id);
      const revoked = await api.admin('POST', '/api-keys', { name: 'revoked' });
      revokedKey = revoked.body.key;
      assert.equal((await api.admin('DELETE', `/api-keys/${revoked.body.id}`)).status, 204);
      // One accepted vote, so that its Idempotency-Key can be replayed with another body.
      usedToken = await api.voterToken(poll.id);
      usedKey = randomUUID();
      assert.equal((await api.vote(poll.id, usedToken, [poll.options[0]!.id], usedKey)).status, 201);
      // A public address literal (no DNS); it takes no event the cases could cause.
      const webhook = await api.admin('POST', '/webhooks', { url: 'https://93.184.216.34/hook', events: ['poll.updated'] });
      assert.equal(webhook.status, 201);
      webhookId = webhook.body.id;
      snapshot = await fingerprint(h().server.votewire.db.write);
    });

    after(function () {
      process.stdout.write(`      fuzz [${h()?.kind}]: ${log.count} HTTP cases tried\n`);
    });

    async function run(cases: Case[]): Promise<void> {
      const { api } = h();
      await inParallel(cases, 12, async (c) => {
        const headers = { ...c.headers };
        if (c.raw !== undefined) headers['Content-Type'] ??= 'application/json';
        const res = await api.request(c.method, c.path, {
          body: c.body,
          raw: c.raw,
          headers,
          key: c.key === undefined ? api.adminKey : c.key,
          unchecked: c.undocumented,
        });
        log.refused(res, `${c.method} ${c.path} ${c.label}`, c.want);
      });
    }

    it('admin poll bodies: every field with wrong types and values, unknown and missing fields', async function () {
      this.timeout(30_000);
      const base = {
        question: 'Q?',
        type: 'multiple',
        minChoices: 1,
        maxChoices: 2,
        options: [{ label: 'a' }, { label: 'b' }, { label: 'c' }],
      };
      const cases: Case[] = [];
      for (const [field, values] of Object.entries(POLL_FIELD_INVALID)) {
        for (const value of values) {
          const label = `${field}=${JSON.stringify(value)?.slice(0, 40)}`;
          cases.push({ label, method: 'POST', path: '/api/v1/polls', body: mutate(base, field, value) });
          if (field !== 'options') cases.push({ label, method: 'PATCH', path: `/api/v1/polls/${poll.id}`, body: { [field]: value } });
        }
      }
      for (const extra of [{ siteId: 2 }, { id: 'x' }, { tallyVersion: 9 }, { ballotCount: 1 }, { options2: [] }]) {
        cases.push({ label: `unknown ${Object.keys(extra)[0]}`, method: 'POST', path: '/api/v1/polls', body: { ...base, ...extra } });
        cases.push({ label: `unknown ${Object.keys(extra)[0]}`, method: 'PATCH', path: `/api/v1/polls/${poll.id}`, body: extra });
      }
      cases.push({ label: 'no question', method: 'POST', path: '/api/v1/polls', body: mutate(base, 'question', undefined) });
      cases.push({ label: 'no options', method: 'POST', path: '/api/v1/polls', body: mutate(base, 'options', undefined) });
      cases.push({
        label: 'closesAt before opensAt',
        method: 'POST',
        path: '/api/v1/polls',
        body: { ...base, opensAt: '2030-01-02T00:00:00Z', closesAt: '2030-01-01T00:00:00Z' },
      });
      cases.push({ label: 'single with maxChoices 2', method: 'POST', path: '/api/v1/polls', body: { ...base, type: 'single' } });
      for (const body of WRONG_TYPES) {
        cases.push({ label: `body ${JSON.stringify(body)?.slice(0, 30)}`, method: 'POST', path: '/api/v1/polls', body });
        // An empty object is a valid (empty) update.
        if (JSON.stringify(body) !== '{}')
          cases.push({ label: `body ${JSON.stringify(body)?.slice(0, 30)}`, method: 'PATCH', path: `/api/v1/polls/${poll.id}`, body });
      }
      // Random combinations of several bad fields at once (seeded, so a failure can be replayed).
      const random = prng(7);
      const fields = Object.keys(POLL_FIELD_INVALID);
      for (let i = 0; i < 150; i++) {
        const body: Record<string, unknown> = { ...base };
        for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
          const f = fields[Math.floor(random() * fields.length)]!;
          const values = POLL_FIELD_INVALID[f]!;
          body[f] = values[Math.floor(random() * values.length)];
        }
        cases.push({ label: `combination #${i} ${JSON.stringify(body).slice(0, 80)}`, method: 'POST', path: '/api/v1/polls', body });
      }
      await run(cases);
    });

    it('raw bodies that are not JSON, not objects, too large, too deep, or of another type, on every write route', async function () {
      this.timeout(30_000);
      const routes: [string, string, string | null][] = [
        ['POST', '/api/v1/polls', h().api.adminKey],
        ['PATCH', `/api/v1/polls/${poll.id}`, h().api.adminKey],
        ['POST', `/api/v1/polls/${poll.id}/open`, h().api.adminKey],
        ['POST', `/api/v1/polls/${closed.id}/close`, h().api.adminKey],
        ['POST', '/api/v1/api-keys', h().api.adminKey],
        ['PATCH', '/api/v1/site', h().api.adminKey],
        ['POST', '/api/v1/sites', h().api.adminKey],
        ['POST', '/api/v1/voter-tokens', null],
        ['POST', `/api/v1/polls/${poll.id}/votes`, null],
      ];
      const voteHeaders = async () => ({ 'X-Voter-Token': await h().api.voterToken(poll.id), 'Idempotency-Key': randomUUID() });
      const cases: Case[] = [];
      for (const [method, path, key] of routes) {
        const isVote = path.endsWith('/votes');
        const extra = isVote ? await voteHeaders() : {};
        const openClose = /\/(open|close)$/.test(path);
        for (const raw of RAW_BODIES) {
          // open/close take no body: they must refuse unparsable JSON, and ignore (not apply) the rest.
          const parsable = (() => {
            try {
              JSON.parse(raw);
              return raw.length <= 16 * 1024;
            } catch {
              return false;
            }
          })();
          if (openClose && parsable) continue;
          cases.push({ label: `raw ${JSON.stringify(raw.slice(0, 30))}`, method, path, raw, key, headers: { ...extra } });
        }
        for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
          cases.push({
            label: type,
            method,
            path,
            raw: '{"question":"Q"}',
            key,
            headers: { ...extra, 'Content-Type': type },
            want: { status: 415 },
          });
        }
        cases.push({
          label: '17 KB',
          method,
          path,
          raw: JSON.stringify({ question: 'x'.repeat(17 * 1024) }),
          key,
          headers: { ...extra },
          want: { status: 413, code: 'payload_too_large' },
        });
      }
      await run(cases);
    });

    it('poll ids that are injections, traversals, bad encodings or overlong, on every poll route', async () => {
      const cases: Case[] = [];
      const token = await h().api.voterToken(poll.id);
      for (const id of BAD_IDS) {
        for (const [method, suffix, key, body] of [
          ['GET', '', null, undefined],
          ['GET', '', undefined, undefined],
          ['GET', '/results', null, undefined],
          ['GET', '/results', undefined, undefined],
          ['PATCH', '', undefined, { question: 'hijacked' }],
          ['DELETE', '', undefined, undefined],
          ['POST', '/open', undefined, undefined],
          ['POST', '/close', undefined, undefined],
          ['GET', '/ballots.csv', undefined, undefined],
          ['POST', '/votes', null, { optionIds: [poll.options[0]!.id] }],
        ] as const) {
          cases.push({
            label: `id ${id.slice(0, 30)}`,
            method,
            path: `/api/v1/polls/${id}${suffix}`,
            key,
            body,
            headers: suffix === '/votes' ? { 'X-Voter-Token': token, 'Idempotency-Key': randomUUID() } : {},
          });
        }
        cases.push({
          label: `pollId ${id.slice(0, 30)}`,
          method: 'POST',
          path: '/api/v1/voter-tokens',
          key: null,
          body: { pollId: decodeSafe(id) },
        });
        cases.push({ label: `api key id ${id.slice(0, 30)}`, method: 'DELETE', path: `/api/v1/api-keys/${id}` });
      }
      for (const id of ['0', '1.5', '99999999999999999999', '1e3', '0x10']) {
        cases.push({ label: `api key id ${id}`, method: 'DELETE', path: `/api/v1/api-keys/${id}`, want: { status: 404 } });
      }
      // Real ids that are not this caller's: a draft for the public, another site's poll for this key.
      cases.push({ label: 'draft, public', method: 'GET', path: `/api/v1/polls/${draft.id}`, key: null, want: { status: 404 } });
      cases.push({
        label: 'draft results, public',
        method: 'GET',
        path: `/api/v1/polls/${draft.id}/results`,
        key: null,
        want: { status: 404 },
      });
      await run(cases);
    });

    it('admin routes without a key, with malformed, unknown, revoked or another site’s key', async () => {
      const adminRoutes: [string, string, unknown?][] = [
        ['GET', '/api/v1/polls'],
        ['POST', '/api/v1/polls', { question: 'Q', options: [{ label: 'a' }, { label: 'b' }] }],
        ['PATCH', `/api/v1/polls/${poll.id}`, { question: 'hijacked' }],
        ['DELETE', `/api/v1/polls/${poll.id}`],
        ['POST', `/api/v1/polls/${poll.id}/open`],
        ['POST', `/api/v1/polls/${poll.id}/close`],
        ['GET', `/api/v1/polls/${poll.id}/ballots.csv`],
        ['GET', '/api/v1/api-keys'],
        ['POST', '/api/v1/api-keys', { name: 'k' }],
        ['DELETE', '/api/v1/api-keys/1'],
        ['GET', '/api/v1/site'],
        ['PATCH', '/api/v1/site', { name: 'hijacked' }],
        ['POST', '/api/v1/sites', { name: 'S' }],
      ];
      const cases: Case[] = [];
      for (const [method, path, body] of adminRoutes) {
        cases.push({ label: 'no key', method, path, body, key: null, want: { status: 401, code: 'api_key_required' } });
        cases.push({ label: 'revoked key', method, path, body, key: revokedKey, want: { status: 401, code: 'invalid_api_key' } });
        for (const auth of BAD_AUTH)
          cases.push({ label: auth.slice(0, 20), method, path, body, key: null, headers: { Authorization: auth }, want: { status: 401 } });
      }
      // Site B's key on site A's things: not found (or, for creating sites, forbidden).
      for (const [method, suffix, body] of [
        ['GET', '', undefined],
        ['PATCH', '', { question: 'hijacked' }],
        ['DELETE', '', undefined],
        ['POST', '/open', undefined],
        ['POST', '/close', undefined],
        ['GET', '/results', undefined],
        ['GET', '/ballots.csv', undefined],
      ] as const) {
        cases.push({ label: 'site B key', method, path: `/api/v1/polls/${poll.id}${suffix}`, body, key: keyB, want: { status: 404 } });
      }
      cases.push({ label: 'site B key', method: 'DELETE', path: '/api/v1/api-keys/1', key: keyB, want: { status: 404 } });
      cases.push({ label: 'site B key', method: 'POST', path: '/api/v1/sites', body: { name: 'C' }, key: keyB, want: { status: 403 } });
      await run(cases);
      const listB = await h().api.admin('GET', '/polls', undefined, keyB);
      assert.deepEqual(
        listB.body.items.map((p: { id: string }) => p.id),
        [other.id],
        'site B lists only its own polls',
      );
    });

    it('site, site creation and API key bodies', async () => {
      const cases: Case[] = [];
      for (const name of BAD_TEXT(200)) {
        cases.push({ label: `name ${JSON.stringify(name)?.slice(0, 30)}`, method: 'PATCH', path: '/api/v1/site', body: { name } });
        cases.push({ label: `name ${JSON.stringify(name)?.slice(0, 30)}`, method: 'POST', path: '/api/v1/sites', body: { name } });
      }
      for (const allowedOrigins of BAD_ORIGINS) {
        const label = `origins ${JSON.stringify(allowedOrigins).slice(0, 40)}`;
        cases.push({ label, method: 'PATCH', path: '/api/v1/site', body: { allowedOrigins } });
        cases.push({ label, method: 'POST', path: '/api/v1/sites', body: { name: 'S', allowedOrigins } });
      }
      for (const name of BAD_TEXT(100))
        cases.push({ label: `key name ${JSON.stringify(name)?.slice(0, 30)}`, method: 'POST', path: '/api/v1/api-keys', body: { name } });
      for (const body of [{}, { name: 'k', siteId: 2 }, { name: 'k', key: 'vw_mine' }, ...WRONG_TYPES]) {
        cases.push({ label: `key body ${JSON.stringify(body)?.slice(0, 30)}`, method: 'POST', path: '/api/v1/api-keys', body });
      }
      for (const body of [{ isDefault: true }, { id: 2 }, { name: 'S', isDefault: true }, ...without(WRONG_TYPES, {})]) {
        cases.push({ label: `site body ${JSON.stringify(body)?.slice(0, 30)}`, method: 'PATCH', path: '/api/v1/site', body });
        cases.push({ label: `sites body ${JSON.stringify(body)?.slice(0, 30)}`, method: 'POST', path: '/api/v1/sites', body });
      }
      for (const [q, value] of [
        ['limit', '0'],
        ['limit', '-1'],
        ['limit', '101'],
        ['limit', 'abc'],
        ['limit', '1.5'],
        ['limit', ''],
        ['offset', '-1'],
        ['offset', 'x'],
        ['offset', '1000001'],
        ['status', 'archived'],
        ['type', 'poll'],
        ['q', ''],
        ['q', 'x'.repeat(201)],
      ]) {
        cases.push({
          label: `?${q}=${value.slice(0, 20)}`,
          method: 'GET',
          path: `/api/v1/polls?${q}=${encodeURIComponent(value)}`,
          want: { status: 400 },
        });
      }
      cases.push({ label: 'repeated limit', method: 'GET', path: '/api/v1/polls?limit=1&limit=2', want: { status: 400 } });
      await run(cases);
    });

    it('webhook bodies, targets, ids and queries', async () => {
      const cases: Case[] = [];
      const events = ['poll.created'];
      const badUrls = [
        ...HOSTILE_TEXT,
        ...BAD_TEXT(2000),
        'http://93.184.216.34/hook',
        'https://127.0.0.1/hook',
        'https://[::1]/hook',
        'https://169.254.169.254/latest/meta-data/',
        'https://10.0.0.1/hook',
        'https://0.0.0.0/hook',
        'file:///etc/passwd',
        'gopher://93.184.216.34/',
        'https://user:pass@93.184.216.34/hook',
        `https://93.184.216.34/${'a'.repeat(2000)}`,
      ];
      const badEvents = [[], ['poll.deleted'], ['poll.created', 'poll.created'], ['webhook.test'], 'poll.created', [1], ...WRONG_TYPES];
      const badDescriptions = ['a\u0000b', 'bell\u0007', 'esc\u001b[31m', 'x'.repeat(501), ...WRONG_TYPES];
      const url = 'https://93.184.216.34/other';
      const write = (label: string, body: unknown) => {
        cases.push({ label, method: 'POST', path: '/api/v1/webhooks', body });
        // A PATCH body is partial: without url and events, each bad field stands alone.
        if (body && typeof body === 'object' && !Array.isArray(body)) {
          const { url: u, events: e, ...rest } = body as Record<string, unknown>;
          const patch = { ...(u === url ? {} : { url: u }), ...(e === events ? {} : { events: e }), ...rest };
          if (Object.keys(patch).length > 0) cases.push({ label, method: 'PATCH', path: `/api/v1/webhooks/${webhookId}`, body: patch });
        }
      };
      for (const u of badUrls) write(`url ${JSON.stringify(u)?.slice(0, 40)}`, { url: u, events });
      for (const e of badEvents) write(`events ${JSON.stringify(e)?.slice(0, 40)}`, { url, events: e });
      for (const d of badDescriptions) write(`description ${JSON.stringify(d)?.slice(0, 40)}`, { url, events, description: d });
      for (const extra of [{ secret: 'whsec_mine' }, { id: 'wh_mine' }, { siteId: 2 }, { status: 'active' }]) {
        write(`field ${Object.keys(extra)[0]}`, { url, events, ...extra });
      }
      for (const enabled of ['yes', 1, null]) write(`enabled ${JSON.stringify(enabled)}`, { url, events, enabled });
      for (const body of [{}, ...without(WRONG_TYPES, {})]) {
        cases.push({ label: `body ${JSON.stringify(body)?.slice(0, 30)}`, method: 'POST', path: '/api/v1/webhooks', body });
      }
      for (const id of [...BAD_IDS, 'wh_nope', 'x'.repeat(41)]) {
        const path = `/api/v1/webhooks/${id}`;
        cases.push({ label: `id ${String(id).slice(0, 20)}`, method: 'GET', path });
        cases.push({ label: `id ${String(id).slice(0, 20)}`, method: 'PATCH', path, body: { description: 'hijacked' } });
        cases.push({ label: `id ${String(id).slice(0, 20)}`, method: 'DELETE', path });
        for (const action of ['rotate-secret', 'test'])
          cases.push({ label: `id ${String(id).slice(0, 20)}`, method: 'POST', path: `${path}/${action}` });
        cases.push({
          label: `delivery id ${String(id).slice(0, 20)}`,
          method: 'POST',
          path: `/api/v1/webhooks/${webhookId}/deliveries/${id}/retry`,
        });
      }
      for (const [q, value] of [
        ['limit', '0'],
        ['limit', '101'],
        ['limit', 'abc'],
        ['status', 'lost'],
        ['status', ''],
      ]) {
        cases.push({
          label: `deliveries ?${q}=${value}`,
          method: 'GET',
          path: `/api/v1/webhooks/${webhookId}/deliveries?${q}=${encodeURIComponent(value)}`,
          want: { status: 400 },
        });
      }
      await run(cases);
      assert.equal((await h().api.admin('GET', `/webhooks/${webhookId}`)).body.url, 'https://93.184.216.34/hook', 'the webhook unchanged');
    });

    it('search text that looks like SQL matches nothing and breaks nothing', async () => {
      for (const q of HOSTILE_TEXT) {
        const res = await h().api.admin('GET', `/polls?q=${encodeURIComponent(q)}`);
        log.count++;
        assert.equal(res.status, 200, q);
        assert.equal(res.body.total, 0, `no poll matches ${q}`);
      }
    });

    it('votes: bad bodies, choices against the poll’s rules, tokens, keys, origins and phases', async function () {
      this.timeout(30_000);
      const { api } = h();
      const [a, b, c] = poll.options.map((o) => o.id) as [number, number, number];
      const tokens = new VoterTokens(SECRET);
      const valid = tokens.issue(poll.id).token;
      const parts = valid.split('.');
      const expired = tokens.issue(poll.id, undefined, Date.now() - TOKEN_LIFETIME_MS - 60_000).token;
      const wrongSecret = new VoterTokens('another-secret-'.repeat(3)).issue(poll.id).token;
      const cases: Case[] = [];
      const vote = (
        label: string,
        body: unknown,
        opts: { token?: string | null; key?: string | null; pollId?: string; headers?: Record<string, string>; want?: Case['want'] } = {},
      ) => {
        const headers: Record<string, string> = { ...opts.headers };
        if (opts.token !== null) headers['X-Voter-Token'] = opts.token ?? tokens.issue(opts.pollId ?? poll.id).token;
        if (opts.key !== null) headers['Idempotency-Key'] = opts.key ?? randomUUID();
        cases.push({
          label,
          method: 'POST',
          path: `/api/v1/polls/${opts.pollId ?? poll.id}/votes`,
          body,
          key: null,
          headers,
          want: opts.want,
        });
      };
      const invalidChoice = { status: 422, code: 'invalid_choice' };
      const invalidBody = { status: 400, code: 'validation_failed' };
      vote('another poll’s option', { optionIds: [other.options[0]!.id] }, { want: invalidChoice });
      vote('mixed with another poll’s option', { optionIds: [a, other.options[0]!.id] }, { want: invalidChoice });
      vote('repeated option', { optionIds: [a, a] }, { want: invalidChoice });
      vote('too many', { optionIds: [a, b, c] }, { want: invalidChoice });
      vote('none', { optionIds: [] }, { want: invalidBody });
      vote('51 ids', { optionIds: Array.from({ length: 51 }, (_, i) => i + 1) }, { want: invalidBody });
      vote('unknown id', { optionIds: [999_999_999] }, { want: invalidChoice });
      for (const bad of [
        ...without(WRONG_TYPES, [1, 2]),
        'all',
        '1',
        [String(a)],
        [a, '2'],
        [1.5],
        [0],
        [-a],
        [2 ** 53],
        [nest(20)],
        [null],
        [true],
        [{ id: a }],
      ]) {
        vote(`optionIds=${JSON.stringify(bad)?.slice(0, 30)}`, { optionIds: bad }, { want: invalidBody });
      }
      for (const body of [...WRONG_TYPES, { optionIds: [a], extra: 1 }, { optionId: a }, { optionIds: [a], pollId: other.id }, {}]) {
        vote(`body ${JSON.stringify(body)?.slice(0, 30)}`, body, { want: { status: 400 } });
      }
      // Voter tokens: missing, malformed, forged, signed with another secret, expired, of another site.
      vote('no token', { optionIds: [a] }, { token: null, want: { status: 401, code: 'voter_token_required' } });
      for (const t of [
        '',
        'v1',
        'v1....',
        'v3.' + parts.slice(1).join('.'),
        [...parts.slice(0, 4), 'forged'].join('.'),
        [parts[0], 'otherVoter', ...parts.slice(2)].join('.'),
        [parts[0], parts[1], '2', ...parts.slice(3)].join('.'),
        [parts[0], parts[1], parts[2], '9999999999', parts[4]].join('.'),
        wrongSecret,
        valid + '.x',
        'x'.repeat(300),
        "' OR 1=1 --",
      ]) {
        vote(
          `token ${t.slice(0, 24)}`,
          { optionIds: [a] },
          { token: t, want: { status: 401, code: t === '' ? 'voter_token_required' : 'invalid_voter_token' } },
        );
      }
      vote('expired token', { optionIds: [a] }, { token: expired, want: { status: 401, code: 'voter_token_expired' } });
      vote('other site’s token', { optionIds: [a] }, { token: otherSiteToken, want: { status: 403, code: 'voter_token_wrong_poll' } });
      // Idempotency keys: missing, malformed, and one already used for another body or another poll.
      vote('no key', { optionIds: [a] }, { key: null, want: { status: 400, code: 'idempotency_key_required' } });
      for (const k of ['short', 'x'.repeat(129), 'has space inside', 'semi;colon;key', "quote'key'x", '\u00e9'.repeat(10)]) {
        vote(`key ${k.slice(0, 20)}`, { optionIds: [a] }, { key: k, want: { status: 400, code: 'idempotency_key_required' } });
      }
      vote(
        'replayed key, other choice',
        { optionIds: [b] },
        { token: usedToken, key: usedKey, want: { status: 422, code: 'idempotency_conflict' } },
      );
      vote(
        'replayed key, two choices',
        { optionIds: [a, b] },
        { token: usedToken, key: usedKey, want: { status: 422, code: 'idempotency_conflict' } },
      );
      vote(
        'replayed key and token, other poll',
        { optionIds: [closed.options[0]!.id] },
        { token: usedToken, key: usedKey, pollId: closed.id, want: { status: 403, code: 'voter_token_wrong_poll' } },
      );
      vote('already voted', { optionIds: [b] }, { token: usedToken, want: { status: 409, code: 'already_voted' } });
      // Phases and origins.
      vote('closed poll', { optionIds: [closed.options[0]!.id] }, { pollId: closed.id, want: { status: 409, code: 'poll_closed' } });
      vote('not yet open', { optionIds: [later.options[0]!.id] }, { pollId: later.id, want: { status: 409, code: 'poll_not_open' } });
      vote('draft', { optionIds: [draft.options[0]!.id] }, { pollId: draft.id, want: { status: 404 } });
      for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example', 'https://b.example']) {
        vote(`origin ${origin}`, { optionIds: [a] }, { headers: { Origin: origin }, want: { status: 403, code: 'origin_not_allowed' } });
      }
      // Public reads with bad tokens.
      for (const t of ['v1....', [...parts.slice(0, 4), 'forged'].join('.'), expired]) {
        cases.push({
          label: `read with token ${t.slice(0, 20)}`,
          method: 'GET',
          path: `/api/v1/polls/${poll.id}`,
          key: null,
          headers: { 'X-Voter-Token': t },
          want: { status: 401 },
        });
        cases.push({
          label: `results with token ${t.slice(0, 20)}`,
          method: 'GET',
          path: `/api/v1/polls/${poll.id}/results`,
          key: null,
          headers: { 'X-Voter-Token': t },
          want: { status: 401 },
        });
      }
      for (const body of [
        { pollId: 'nope' },
        { pollId: 42 },
        { pollId: '' },
        { pollId: 'x'.repeat(33) },
        { site: 1 },
        { pollId: poll.id, extra: 1 },
        ...without(WRONG_TYPES, {}, null),
      ]) {
        cases.push({
          label: `token body ${JSON.stringify(body)?.slice(0, 30)}`,
          method: 'POST',
          path: '/api/v1/voter-tokens',
          key: null,
          body,
        });
      }
      await run(cases);
      void api;
    });

    it('wrong methods answer 405, unknown routes 404', async () => {
      const cases: Case[] = [];
      for (const [method, path] of [
        ['PUT', '/api/v1/polls'],
        ['DELETE', '/api/v1/polls'],
        ['PUT', `/api/v1/polls/${poll.id}`],
        ['GET', `/api/v1/polls/${poll.id}/votes`],
        ['DELETE', `/api/v1/polls/${poll.id}/votes`],
        ['PUT', `/api/v1/polls/${poll.id}/results`],
        ['GET', `/api/v1/polls/${poll.id}/open`],
        ['GET', '/api/v1/voter-tokens'],
        ['PUT', '/api/v1/site'],
        ['PATCH', '/api/v1/api-keys'],
      ]) {
        cases.push({ label: 'wrong method', method: method!, path: path!, want: { status: 405 }, undocumented: true });
      }
      for (const path of ['/api/v1/admin', '/api/v2/polls', '/api/v1/polls/x/y/z', '/api/v1/../../etc/passwd', '/api/v1/%2e%2e/secret']) {
        cases.push({ label: 'unknown route', method: 'GET', path, want: { status: 404 }, undocumented: true });
      }
      await run(cases);
    });

    it('wrote nothing, and still serves and takes votes', async () => {
      const { api } = h();
      assert.equal(await fingerprint(h().server.votewire.db.write), snapshot, 'no refused request changed the database');
      assert.equal((await api.request('GET', '/healthz')).status, 200);
      const res = await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[1]!.id]);
      assert.equal(res.status, 201);
      assert.ok(log.count > 500, `${log.count} cases`);
    });
  },
  { VOTEWIRE_SECRET: SECRET },
);

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
