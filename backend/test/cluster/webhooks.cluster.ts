// Webhook delivery on the distributed stack: three backends claim deliveries with leases from the
// same MariaDB outbox. A backend is SIGKILLed while it holds deliveries in flight to a receiver
// that hangs; the receiver then goes down and comes back. Every event must reach it, none twice
// at once. Runs against a real stack started by ./build.sh (beside the other cluster suites'
// stacks, one after the other). Run from backend/: npx mocha --config test/cluster/.mocharc.json
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStack } from '../faults/support/stack';
import { Api } from '../support/api';
import { WebhookOutage } from '../support/webhook-outage';
import { buildSh, root, stackEnv, stackPorts } from './support/stack';

// The ports of backend.cluster.ts's stack, which is down by the time this one starts.
const ports = stackPorts(1);

describe('webhooks on the distributed stack: leases across three backends', function () {
  let stackDir: string;
  let env: NodeJS.ProcessEnv;
  let outage: WebhookOutage | null = null;

  before(function () {
    this.timeout(180_000);
    assert.ok(existsSync(join(root, 'backend/dist/main.js')), 'the stack runs the built backend: run `npm run build` first');
    stackDir = mkdtempSync(join(tmpdir(), 'votewire-webhooks-'));
    env = stackEnv(stackDir, ports, {
      // The receiver is this process, on 127.0.0.1; retries at 1/100 of the schedule (5 min → 3 s).
      VOTEWIRE_WEBHOOKS_ALLOW_PRIVATE: 'true',
      VOTEWIRE_WEBHOOKS_RETRY_SCALE: '0.01',
      VOTEWIRE_RATE_READS_PER_MINUTE: '100000',
    });
    const r = spawnSync(buildSh, ['--no-build'], { cwd: root, env, encoding: 'utf8', timeout: 170_000 });
    assert.equal(r.status, 0, `./build.sh --no-build exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  });

  after(async function () {
    this.timeout(60_000);
    await outage?.stop();
    if (!stackDir) return;
    const r = spawnSync(buildSh, ['down'], { cwd: root, env, encoding: 'utf8', timeout: 55_000 });
    if (r.status !== 0) console.log(`      ./build.sh down exited ${r.status}: ${r.stderr}`);
    if (process.env.VOTEWIRE_TEST_KEEP_STACK_DIR) console.log(`      stack dir kept (logs): ${stackDir}`);
    else rmSync(stackDir, { recursive: true, force: true });
  });

  it('delivers every event once the receiver is back, after a backend died mid-delivery, never one webhook-id twice at once', async function () {
    this.timeout(180_000);
    const stack = openStack(stackDir);
    const api = new Api(`http://127.0.0.1:${ports.http}`, readFileSync(join(stackDir, 'state/admin-key'), 'utf8').trim());
    outage = new WebhookOutage(stack, api);
    await outage.start();
    // Events through nginx, spread over the backends, held open by the receiver.
    const polls = [];
    for (let i = 0; i < 6; i++) polls.push(await api.createPoll({ question: `Through nginx ${i + 1}` }));
    const { heldByKilled, backAt } = await outage.killMidDelivery(2, 3, 3000);
    // More events while the receiver was down are covered by closing the polls now, before it settles.
    for (const p of polls) assert.equal((await api.admin('POST', `/polls/${p.id}/close`)).status, 200);
    const report = await outage.settle(backAt, heldByKilled);
    console.log(`      ${JSON.stringify(report)}`);
    assert.equal(report.events, 9 * 2 + 6, 'poll.created and poll.opened for nine polls, poll.closed for six');
    assert.ok(report.heldByKilled >= 3, 'the killed backend held deliveries in flight');
    assert.deepEqual(
      [report.delivered, report.lost, report.acknowledgedTwice, report.overlapping],
      [report.events, 0, 0, 0],
      'every event delivered, none lost, none acknowledged twice, no webhook-id in flight twice at once',
    );
    assert.deepEqual(
      outage.receiver.received.filter((r) => r.payload === null).map((r) => r.id),
      [],
      'every delivery verifies with standardwebhooks',
    );
  });
});
