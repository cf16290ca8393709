import { strict as assert } from 'node:assert';
import type { RowDataPacket } from 'mysql2/promise';
import { connectDb, killBackend, sleep, type Stack } from '../faults/support/stack';
import { Api } from './api';
import { WebhookReceiver } from './webhook-receiver';

export interface OutageReport {
  /** Deliveries the outbox holds for the endpoint (one per event). */
  events: number;
  delivered: number;
  /** Deliveries the receiver never acknowledged. */
  lost: number;
  /** webhook-ids the receiver acknowledged more than once. */
  acknowledgedTwice: number;
  /** Requests that arrived while another of the same webhook-id was still open. */
  overlapping: number;
  /** Deliveries the killed backend held in flight when it died. */
  heldByKilled: number;
  /** From the receiver's return until every event was acknowledged. */
  settleMs: number;
}

/**
 * A webhook receiver that hangs, a backend SIGKILLed while it holds deliveries in flight to it,
 * the receiver then down for `downMs` and back: the run the cluster and fault suites share.
 * Deliveries are read on the primary of a stack started by build.sh (webhooks allowed to
 * loopback, the retry schedule scaled).
 */
export class WebhookOutage {
  readonly receiver = new WebhookReceiver();
  private webhookId = '';

  constructor(
    private readonly stack: Stack,
    private readonly api: Api,
  ) {}

  /** The receiver, holding every request open, and an endpoint taking every poll event. */
  async start(): Promise<void> {
    await this.receiver.start();
    this.receiver.respond = () => null;
    const res = await this.api.admin('POST', '/webhooks', {
      url: this.receiver.url,
      events: ['poll.created', 'poll.opened', 'poll.closed', 'poll.results'],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    this.webhookId = res.body.id;
    this.receiver.secret = res.body.secret;
  }

  private async deliveries(): Promise<{ id: string; status: string; leaseOwner: string | null }[]> {
    const db = await connectDb(this.stack, this.stack.primaryPort);
    try {
      const [rows] = await db.query<RowDataPacket[]>('SELECT id, status, lease_owner FROM webhook_deliveries WHERE endpoint_id = ?', [
        this.webhookId,
      ]);
      return rows.map((r) => ({
        id: String(r.id),
        status: String(r.status),
        leaseOwner: r.lease_owner === null ? null : String(r.lease_owner),
      }));
    } finally {
      await db.end();
    }
  }

  /**
   * Creates `polls` polls through backend `victim` itself (its dispatcher, woken by the commit,
   * claims their deliveries), waits until the receiver holds them open, SIGKILLs the backend, takes
   * the receiver down for `downMs`, brings it back answering 200, and restarts the backend.
   */
  async killMidDelivery(victim: number, polls: number, downMs: number): Promise<{ heldByKilled: number; backAt: number }> {
    const direct = new Api(`http://127.0.0.1:${this.stack.backendPorts[victim - 1]}`, this.api.adminKey);
    for (let i = 0; i < polls; i++) await direct.createPoll({ question: `Webhook outage ${i + 1}` });
    const owner = `backend_${victim}`;
    let held: string[] = [];
    for (const end = Date.now() + 20_000; ; await sleep(50)) {
      const open = new Set(this.receiver.received.map((r) => r.id));
      held = (await this.deliveries()).filter((d) => d.leaseOwner === owner && open.has(d.id)).map((d) => d.id);
      if (held.length >= polls) break;
      if (Date.now() > end) throw new Error(`${owner} holds ${held.length} of ${polls} deliveries in flight`);
    }
    const restart = await killBackend(this.stack, victim);
    await this.receiver.stop();
    await sleep(downMs);
    this.receiver.respond = () => ({ status: 200 });
    await this.receiver.restart();
    const backAt = Date.now();
    await restart();
    return { heldByKilled: held.length, backAt };
  }

  /** Waits until every delivery is delivered (leases of the killed backend run out first), then counts. */
  async settle(backAt: number, heldByKilled: number, timeoutMs = 120_000): Promise<OutageReport> {
    let rows = await this.deliveries();
    for (const end = Date.now() + timeoutMs; rows.some((d) => d.status !== 'delivered') && Date.now() < end; await sleep(200)) {
      rows = await this.deliveries();
    }
    const settleMs = Date.now() - backAt;
    const acks = new Map<string, number>();
    for (const r of this.receiver.acknowledged()) acks.set(r.id, (acks.get(r.id) ?? 0) + 1);
    return {
      events: rows.length,
      delivered: rows.filter((d) => d.status === 'delivered').length,
      lost: rows.filter((d) => !acks.has(d.id)).length,
      acknowledgedTwice: [...acks.values()].filter((n) => n > 1).length,
      overlapping: this.receiver.overlaps.length,
      heldByKilled,
      settleMs,
    };
  }

  async stop(): Promise<void> {
    await this.receiver.close();
  }
}
