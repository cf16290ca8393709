import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { createLogger } from '../../src/log';
import { ResultsService } from '../../src/services/results';
import { WebhookOutbox } from '../../src/services/webhooks/outbox';
import { ResultsWebhooks } from '../../src/services/webhooks/results-events';
import type { Api } from '../support/api';
import { BACKENDS, describeOnEachBackend, startBackend, type Harness } from '../support/backends';
import { WebhookReceiver, type Received } from '../support/webhook-receiver';

// Retries at 1/10,000 of the schedule (5 min → 30 ms, the 10 h steps → 3.6 s); results coalesced per second.
const ENV = {
  VOTEWIRE_WEBHOOKS_ALLOW_PRIVATE: 'true',
  VOTEWIRE_WEBHOOKS_RETRY_SCALE: '0.0001',
  VOTEWIRE_WEBHOOKS_RESULTS_INTERVAL_SECONDS: '1',
};

async function addWebhook(api: Api, receiver: WebhookReceiver, events: string[]): Promise<string> {
  const res = await api.admin('POST', '/webhooks', { url: receiver.url, events, description: 'test receiver' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  receiver.secret = res.body.secret;
  return res.body.id as string;
}

/** Polls `read` until `done` holds for its value (the dispatcher records an answer just after the receiver sent it). */
async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ofType = (receiver: WebhookReceiver, type: string) => receiver.acknowledged().filter((r) => r.payload?.type === type);
const everyVerified = (receiver: WebhookReceiver) =>
  assert.deepEqual(
    receiver.received.filter((r) => r.payload === null).map((r) => r.id),
    [],
    'every delivery verifies with standardwebhooks',
  );

describeOnEachBackend(
  'Webhooks',
  (h) => {
    let receiver: WebhookReceiver;
    beforeEach(async () => {
      receiver = await new WebhookReceiver().start();
    });
    afterEach(async () => {
      // An endpoint left behind would keep receiving the next test's events.
      for (const w of (await h().api.admin('GET', '/webhooks')).body.items) await h().api.admin('DELETE', `/webhooks/${w.id}`);
      await receiver.close();
    });

    it('creates an endpoint with a whsec_ secret shown once, lists, reads, changes and deletes it', async () => {
      const { api } = h();
      const created = await api.admin('POST', '/webhooks', { url: receiver.url, events: ['poll.created', 'poll.closed'] });
      assert.equal(created.status, 201);
      assert.match(created.body.secret, /^whsec_[A-Za-z0-9+/]+=*$/);
      assert.ok(Buffer.from(created.body.secret.slice(6), 'base64').length >= 24, 'at least 24 random bytes');
      const id = created.body.id as string;
      const read = await api.admin('GET', `/webhooks/${id}`);
      assert.deepEqual(
        { url: read.body.url, events: read.body.events, status: read.body.status, description: read.body.description },
        { url: receiver.url, events: ['poll.created', 'poll.closed'], status: 'active', description: '' },
      );
      const list = await api.admin('GET', '/webhooks');
      assert.deepEqual(
        list.body.items.map((w: { id: string }) => w.id),
        [id],
      );
      assert.ok(!JSON.stringify(list.body).includes(created.body.secret.slice(6)) && !JSON.stringify(read.body).includes('whsec_'));
      const patched = await api.admin('PATCH', `/webhooks/${id}`, { events: ['poll.results'], description: 'results feed' });
      assert.equal(patched.status, 200);
      assert.deepEqual([patched.body.events, patched.body.description], [['poll.results'], 'results feed']);
      for (const bad of [
        { url: receiver.url, events: [] },
        { url: receiver.url, events: ['poll.deleted'] },
        { url: receiver.url, events: ['poll.created', 'poll.created'] },
        { url: receiver.url },
        { url: receiver.url, events: ['poll.created'], secret: 'mine' },
        { url: receiver.url, events: ['poll.created'], description: 'bell \u0007' },
        { url: receiver.url, events: ['poll.created'], description: 'x'.repeat(501) },
      ]) {
        const res = await api.admin('POST', '/webhooks', bad);
        assert.equal(res.status, 400, JSON.stringify(bad));
        assert.equal(res.body.error.code, 'validation_failed');
      }
      assert.equal((await api.admin('DELETE', `/webhooks/${id}`)).status, 204);
      const gone = await api.admin('GET', `/webhooks/${id}`);
      assert.equal(gone.status, 404);
      assert.equal(gone.body.error.code, 'webhook_not_found');
      assert.equal((await api.admin('POST', `/webhooks/${id}/test`)).body.error.code, 'webhook_not_found');
    });

    it('delivers an event for each action, signed so that standardwebhooks verifies every one', async () => {
      const { api } = h();
      const id = await addWebhook(api, receiver, ['poll.created', 'poll.updated', 'poll.opened', 'poll.closed', 'poll.results']);
      const poll = await api.createPoll({ status: 'draft' });
      await api.admin('PATCH', `/polls/${poll.id}`, { question: 'Best fruit, really?' });
      await api.admin('POST', `/polls/${poll.id}/open`);
      for (let i = 0; i < 3; i++) await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[1]!.id]);
      await receiver.waitFor('poll.results with 3 ballots', () =>
        ofType(receiver, 'poll.results').find((r) => r.payload!.data.results.totalBallots === 3),
      );
      await api.admin('POST', `/polls/${poll.id}/close`);
      const closed = await receiver.waitFor('poll.closed', () => ofType(receiver, 'poll.closed')[0]);
      const test = await api.admin('POST', `/webhooks/${id}/test`);
      assert.equal(test.status, 202);
      const pinged = await receiver.waitFor('webhook.test', () => ofType(receiver, 'webhook.test')[0]);
      assert.equal(pinged.id, test.body.id, 'webhook-id is the delivery id');
      assert.deepEqual(pinged.payload!.data, { webhookId: id, message: 'A test event from Votewire' });

      everyVerified(receiver);
      const created = ofType(receiver, 'poll.created')[0]!;
      assert.equal(created.payload!.data.poll.id, poll.id);
      assert.equal(created.payload!.data.poll.status, 'draft');
      assert.equal(ofType(receiver, 'poll.updated')[0]!.payload!.data.poll.question, 'Best fruit, really?');
      assert.equal(ofType(receiver, 'poll.opened')[0]!.payload!.data.poll.phase, 'open');
      assert.equal(closed.payload!.data.poll.status, 'closed');
      assert.equal(closed.payload!.data.results.totalBallots, 3, 'poll.closed carries the final results');
      assert.deepEqual(
        closed.payload!.data.results.options.map((o: { votes: number }) => o.votes),
        [0, 3, 0],
      );
      for (const r of receiver.received) {
        assert.match(String(r.headers['webhook-timestamp']), /^\d{10}$/);
        assert.match(String(r.headers['webhook-signature']), /^v1,[A-Za-z0-9+/]+=*$/, 'one signature without a rotation');
        assert.equal(r.headers['content-type'], 'application/json');
        assert.deepEqual(Object.keys(r.payload!), ['type', 'timestamp', 'data']);
      }
      assert.equal(new Set(receiver.received.map((r) => r.id)).size, receiver.received.length, 'each event once');

      const deliveries = await eventually(
        'every delivery recorded',
        () => api.admin('GET', `/webhooks/${id}/deliveries`),
        (res) => res.body.items.every((d: { status: string }) => d.status !== 'pending'),
      );
      assert.equal(deliveries.body.items.length, receiver.received.length);
      for (const d of deliveries.body.items) {
        assert.equal(d.status, 'delivered');
        assert.deepEqual([d.attempts, d.lastResponseCode, d.lastResponseBody, d.history.length], [1, 200, 'ok', 1]);
      }
    });

    it('announces an opening and a closing on schedule once, with the final results', async function () {
      this.timeout(40_000);
      const { api } = h();
      await addWebhook(api, receiver, ['poll.opened', 'poll.closed']);
      const at = (ms: number) => new Date(Date.now() + ms).toISOString();
      const poll = await api.createPoll({ opensAt: at(1500), closesAt: at(5000) });
      assert.equal(poll.phase, 'scheduled');
      const opened = await receiver.waitFor('poll.opened', () => ofType(receiver, 'poll.opened')[0]);
      assert.ok(Date.parse(opened.payload!.timestamp) >= Date.parse(poll.opensAt!), 'not before opensAt');
      await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[2]!.id]);
      const closed = await receiver.waitFor('poll.closed', () => ofType(receiver, 'poll.closed')[0]);
      assert.ok(Date.parse(closed.payload!.timestamp) >= Date.parse(poll.closesAt!), 'not before closesAt');
      assert.equal(closed.payload!.data.poll.phase, 'closed');
      assert.deepEqual(
        closed.payload!.data.results.options.map((o: { votes: number }) => o.votes),
        [0, 0, 1],
      );
      // Closing it through the API now changes nothing a receiver has not heard.
      assert.equal((await api.admin('POST', `/polls/${poll.id}/close`)).status, 200);
      await new Promise((r) => setTimeout(r, 2500)); // two scans of every instance
      assert.deepEqual(
        receiver.received.map((r) => r.payload!.type),
        ['poll.opened', 'poll.closed'],
      );
      everyVerified(receiver);
    });

    it('coalesces poll.results to one per interval, with absolute counts and versions that only go up', async () => {
      const { api } = h();
      await addWebhook(api, receiver, ['poll.results']);
      const poll = await api.createPoll();
      const votes = 12;
      await Promise.all(
        Array.from({ length: votes }, async (_, i) => api.vote(poll.id, await api.voterToken(poll.id), [poll.options[i % 3]!.id])),
      );
      const last = await receiver.waitFor('poll.results with every ballot', () =>
        ofType(receiver, 'poll.results').find((r) => r.payload!.data.results.totalBallots === votes),
      );
      assert.deepEqual(
        last.payload!.data.results.options.map((o: { votes: number }) => o.votes),
        [4, 4, 4],
      );
      const events = ofType(receiver, 'poll.results').map((r) => r.payload!);
      assert.ok(events.length < votes, `coalesced: ${events.length} events for ${votes} votes`);
      for (let i = 1; i < events.length; i++) {
        assert.ok(events[i]!.data.results.version > events[i - 1]!.data.results.version, 'versions go up');
        const gap = Date.parse(events[i]!.timestamp) - Date.parse(events[i - 1]!.timestamp);
        assert.ok(gap >= 1000, `at most one per second per poll (gap ${gap} ms)`);
      }
      everyVerified(receiver);
    });

    it('retries a receiver that answers 500 three times, then gets the event exactly once', async () => {
      const { api } = h();
      const id = await addWebhook(api, receiver, ['poll.created']);
      receiver.respond = (_d, attempt) => ({ status: attempt <= 3 ? 500 : 200 });
      await api.createPoll();
      const ok = await receiver.waitFor('the fourth attempt', () => receiver.acknowledged()[0]);
      assert.deepEqual(
        receiver.received.map((r) => [r.id, r.answered]),
        [500, 500, 500, 200].map((status) => [ok.id, status]),
        'the same webhook-id on every attempt',
      );
      const [delivery] = (
        await eventually(
          'the delivery recorded',
          () => api.admin('GET', `/webhooks/${id}/deliveries`),
          (res) => res.body.items[0].status !== 'pending',
        )
      ).body.items;
      assert.deepEqual(
        [delivery.status, delivery.attempts, delivery.history.map((a: { responseCode: number }) => a.responseCode)],
        ['delivered', 4, [500, 500, 500, 200]],
      );
      // Nothing more comes: the schedule stops at the first 2xx.
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(receiver.received.length, 4);
      everyVerified(receiver);
    });

    it('honours Retry-After', async () => {
      const { api } = h();
      await addWebhook(api, receiver, ['poll.created']);
      const at: number[] = [];
      receiver.respond = (_d, attempt) => {
        at.push(Date.now());
        return attempt === 1 ? { status: 503, headers: { 'Retry-After': '2' } } : { status: 204 };
      };
      await api.createPoll();
      await receiver.waitFor('the second attempt', () => receiver.acknowledged()[0]);
      assert.ok(at[1]! - at[0]! >= 1900, `waited ${at[1]! - at[0]!} ms, not the scaled 0.5 ms`);
    });

    it('marks the endpoint failing after the last attempt, and a later success clears it', async function () {
      this.timeout(60_000);
      const { api } = h();
      const id = await addWebhook(api, receiver, ['poll.created']);
      receiver.respond = () => ({ status: 500 });
      await api.createPoll();
      await receiver.waitFor('eight attempts', () => receiver.received.length >= 8, 40_000);
      let webhook = (
        await eventually(
          'failing',
          () => api.admin('GET', `/webhooks/${id}`),
          (res) => res.body.status === 'failing',
        )
      ).body;
      assert.ok(webhook.failingSince);
      const [delivery] = (await api.admin('GET', `/webhooks/${id}/deliveries`)).body.items;
      assert.deepEqual([delivery.status, delivery.attempts, delivery.nextAttemptAt], ['failed', 8, null]);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(receiver.received.length, 8, 'no ninth attempt');

      // A manual retry is one more attempt with the same webhook-id; its success clears `failing`.
      receiver.respond = () => ({ status: 200 });
      const retried = await api.admin('POST', `/webhooks/${id}/deliveries/${delivery.id}/retry`);
      assert.equal(retried.status, 202);
      await receiver.waitFor('the manual retry', () => receiver.acknowledged()[0]);
      assert.equal(receiver.acknowledged()[0]!.id, delivery.id);
      webhook = (
        await eventually(
          'active again',
          () => api.admin('GET', `/webhooks/${id}`),
          (res) => res.body.status === 'active',
        )
      ).body;
      assert.equal(webhook.failingSince, null);
      assert.equal((await api.admin('POST', `/webhooks/${id}/deliveries/msg_nope/retry`)).body.error.code, 'delivery_not_found');
    });

    it('disables the endpoint on 410 Gone and sends it nothing more until it is enabled again', async () => {
      const { api } = h();
      const id = await addWebhook(api, receiver, ['poll.created']);
      receiver.respond = () => ({ status: 410 });
      await api.createPoll();
      await receiver.waitFor('the 410', () => receiver.received[0]);
      const webhook = (
        await eventually(
          'disabled',
          () => api.admin('GET', `/webhooks/${id}`),
          (res) => res.body.status === 'disabled',
        )
      ).body;
      assert.deepEqual([webhook.status, webhook.disabledReason], ['disabled', 'gone']);
      await api.createPoll();
      assert.equal((await api.admin('POST', `/webhooks/${id}/test`)).body.error.code, 'webhook_disabled');
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(receiver.received.length, 1, 'nothing sent to a disabled endpoint');
      assert.equal((await api.admin('GET', `/webhooks/${id}/deliveries`)).body.items.length, 1, 'no delivery written for it');

      receiver.respond = () => ({ status: 200 });
      const enabled = await api.admin('PATCH', `/webhooks/${id}`, { enabled: true });
      assert.equal(enabled.body.status, 'active');
      await api.createPoll();
      await receiver.waitFor('a delivery after enabling', () => receiver.acknowledged()[0]);
    });

    it('runs the README’s receiver: it verifies a real delivery and processes a redelivered one once', async function () {
      this.timeout(60_000);
      const { api } = h();
      const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
      const code = /A receiver in Node:\n\n```js\n([\s\S]*?)```/.exec(readme)![1]!;
      assert.ok(
        code
          .trim()
          .split('\n')
          .filter((l) => l.trim()).length <= 15,
        'fifteen lines',
      );
      const dir = mkdtempSync(join(tmpdir(), 'votewire-readme-receiver-'));
      const file = join(dir, 'receiver.mjs');
      writeFileSync(file, code.replace(`from 'standardwebhooks'`, `from '${pathToFileURL(require.resolve('standardwebhooks')).href}'`));
      const port = receiver.port; // a port of our range, free once our own receiver stops
      await receiver.stop();
      const created = await api.admin('POST', '/webhooks', { url: `http://127.0.0.1:${port}/`, events: ['poll.created'] });
      const child = spawn(process.execPath, [file], {
        env: { ...process.env, PORT: String(port), VOTEWIRE_WEBHOOK_SECRET: created.body.secret },
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      try {
        // Up once it refuses an unsigned request.
        await eventually(
          'the README receiver listening',
          () =>
            fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}' }).then(
              (r) => r.status,
              () => 0,
            ),
          (status) => status === 401,
        );
        const id = created.body.id as string;
        const first = await api.admin('POST', `/webhooks/${id}/test`);
        const delivered = (deliveryId: string) =>
          eventually(
            'delivered',
            () => api.admin('GET', `/webhooks/${id}/deliveries`),
            (res) => res.body.items.find((d: { id: string }) => d.id === deliveryId)?.status === 'delivered',
          );
        await delivered(first.body.id);
        await api.admin('POST', `/webhooks/${id}/deliveries/${first.body.id}/retry`);
        await eventually(
          'the redelivery',
          () => api.admin('GET', `/webhooks/${id}/deliveries`),
          (res) => res.body.items[0].attempts === 2 && res.body.items[0].status === 'delivered',
        );
        const [delivery] = (await api.admin('GET', `/webhooks/${id}/deliveries`)).body.items;
        assert.deepEqual(
          delivery.history.map((a: { responseCode: number }) => a.responseCode),
          [204, 204],
        );
        assert.equal(out, `webhook.test {"webhookId":"${id}","message":"A test event from Votewire"}\n`, 'printed once');
      } finally {
        child.kill();
        await exited; // its port is ours again
        rmSync(dir, { recursive: true, force: true });
        await receiver.restart();
      }
    });

    it('rotates the secret: both secrets verify every delivery for 24 h', async () => {
      const { api } = h();
      const id = await addWebhook(api, receiver, ['poll.created']);
      const old = receiver.secret;
      const rotated = await api.admin('POST', `/webhooks/${id}/rotate-secret`);
      assert.equal(rotated.status, 200);
      assert.notEqual(rotated.body.secret, old);
      const expires = Date.parse((await api.admin('GET', `/webhooks/${id}`)).body.previousSecretExpiresAt);
      assert.ok(Math.abs(expires - Date.now() - 24 * 3_600_000) < 60_000, 'the old secret signs for 24 h');
      receiver.secret = rotated.body.secret;
      await api.createPoll();
      const got: Received = await receiver.waitFor('a delivery', () => receiver.acknowledged()[0]);
      const signatures = String(got.headers['webhook-signature']).split(' ');
      assert.equal(signatures.length, 2);
      for (const secret of [old, rotated.body.secret]) {
        assert.equal(
          (new Webhook(secret).verify(got.body, got.headers as Record<string, string>) as { type: string }).type,
          'poll.created',
        );
      }
      assert.throws(() =>
        new Webhook('whsec_' + Buffer.alloc(32, 7).toString('base64')).verify(got.body, got.headers as Record<string, string>),
      );
    });
  },
  ENV,
);

describeOnEachBackend(
  'Webhooks: poll.results across instances',
  (h) => {
    it('holds the interval across instances: another instance that saw newer votes sends nothing within it', async () => {
      const { api, server } = h();
      const receiver = await new WebhookReceiver().start();
      try {
        await addWebhook(api, receiver, ['poll.results']);
        const poll = await api.createPoll();
        await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[0]!.id]);
        await receiver.waitFor('the first poll.results', () => ofType(receiver, 'poll.results')[0]);
        await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[1]!.id]);
        // A second instance on the same database, which also took a vote of this poll.
        const other = new ResultsWebhooks(
          server.votewire.db,
          new ResultsService(),
          new WebhookOutbox(() => undefined),
          3_600_000,
          createLogger('silent', 'other'),
        );
        other.mark(poll.id);
        await other.flush();
        const written = await server.votewire.db.write('webhook_deliveries').where({ eventType: 'poll.results' }).count({ n: '*' });
        assert.equal(Number(written[0]!.n), 1, 'one poll.results within the interval, whichever instance saw the votes');
      } finally {
        await receiver.close();
      }
    });
  },
  { VOTEWIRE_WEBHOOKS_ALLOW_PRIVATE: 'true', VOTEWIRE_WEBHOOKS_RESULTS_INTERVAL_SECONDS: '3600' },
);

for (const kind of BACKENDS) {
  describe(`Webhook targets without VOTEWIRE_WEBHOOKS_ALLOW_PRIVATE [${kind}]`, function () {
    let harness: Harness;
    let receiver: WebhookReceiver;
    // A name that resolves to a public address when the endpoint is saved, then to loopback (DNS rebinding).
    let rebound = false;
    before(async function () {
      this.timeout(60_000);
      receiver = await new WebhookReceiver().start();
      harness = await startBackend(
        kind,
        {},
        {
          resolve: async (host) => {
            if (host === 'hooks.rebind.example') return [{ address: rebound ? '127.0.0.1' : '93.184.216.34', family: 4 }];
            if (host === 'localhost') return [{ address: '127.0.0.1', family: 4 }];
            if (host === 'mixed.example')
              return [
                { address: '93.184.216.34', family: 4 },
                { address: '10.0.0.7', family: 4 },
              ];
            throw new Error('ENOTFOUND');
          },
        },
      );
    });
    after(async () => {
      await harness?.server.close();
      await receiver?.close();
    });

    it('refuses http, private, loopback, link-local and unresolvable targets', async () => {
      const { api } = harness;
      for (const url of [
        receiver.url,
        'https://127.0.0.1/hook',
        'https://10.1.2.3/hook',
        'https://192.168.0.1/hook',
        'https://169.254.169.254/latest/meta-data',
        'https://[::1]/hook',
        'https://[fd00::1]/hook',
        'https://[::ffff:127.0.0.1]/hook',
        'https://localhost/hook',
        'https://mixed.example/hook',
        'https://nowhere.example/hook',
        'https://user:pass@93.184.216.34/hook',
        'ftp://93.184.216.34/hook',
        'not a url',
      ]) {
        const res = await api.admin('POST', '/webhooks', { url, events: ['poll.created'] });
        assert.equal(res.status, 400, url);
        assert.equal(res.body.error.code, 'webhook_url_not_allowed', url);
      }
      assert.deepEqual((await api.admin('GET', '/webhooks')).body.items, [], 'nothing saved');
      const ok = await api.admin('POST', '/webhooks', { url: 'https://93.184.216.34/hook', events: ['poll.created'] });
      assert.equal(ok.status, 201);
      const patch = await api.admin('PATCH', `/webhooks/${ok.body.id}`, { url: 'https://127.0.0.1/hook' });
      assert.equal(patch.body.error.code, 'webhook_url_not_allowed');
      await api.admin('DELETE', `/webhooks/${ok.body.id}`);
    });

    it('checks the address again at delivery time: a name rebound to 127.0.0.1 is not connected to', async () => {
      const { api } = harness;
      const created = await api.admin('POST', '/webhooks', {
        url: `https://hooks.rebind.example:${receiver.port}/hook`,
        events: ['poll.created'],
      });
      assert.equal(created.status, 201, 'a public address when saved');
      rebound = true;
      const test = await api.admin('POST', `/webhooks/${created.body.id}/test`);
      const [delivery] = (
        await eventually(
          'the attempt',
          () => api.admin('GET', `/webhooks/${created.body.id}/deliveries`),
          (res) => res.body.items[0].history.length > 0,
        )
      ).body.items;
      assert.equal(delivery.id, test.body.id);
      assert.equal(delivery.history[0].responseCode, null);
      assert.match(delivery.history[0].error, /127\.0\.0\.1, which is not a public address/);
      assert.equal(receiver.connections, 0, 'the receiver on 127.0.0.1 was never connected to');
    });
  });
}
