import type { Knex } from 'knex';
import { isDatabaseUnavailable, type Database } from '../../db/database';
import { AppError } from '../../errors';
import type { Logger } from '../../log';
import type { Sealer } from '../sealed';
import type { DeliveryRow, EndpointRow } from './rows';
import { nextDelayMs } from './schedule';
import { post, TIMEOUT_MS, type Answer } from './sender';
import { signatureHeader } from './signing';
import type { WebhookTargets } from './targets';

/**
 * How long a claimed delivery is this instance's: longer than an attempt can take. If the instance
 * dies mid-delivery, the delivery is due again when its lease ends and another instance sends it.
 */
export const LEASE_MS = TIMEOUT_MS + 20_000;
const BATCH = 16;
/** Attempts in flight at once per instance: a slow receiver holds one of them, not the others' turn. */
const MAX_IN_FLIGHT = 64;
const POLL_MS = 1000;

type Claimed = DeliveryRow & { payload: string; leaseExpiresAt: number };

/**
 * Sends due deliveries, in every instance. A delivery is claimed by moving its `next_attempt_at`
 * to the end of a lease held by this instance (MariaDB: rows locked with FOR UPDATE SKIP LOCKED,
 * so instances never wait on each other's claims), so each is in flight at most once; results are
 * written only while the lease is still this instance's.
 */
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private again = false;
  private closed = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly db: Database,
    private readonly targets: WebhookTargets,
    private readonly sealer: Sealer,
    private readonly options: { instanceId: string; retryScale: number },
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
    this.wake();
  }

  /** Looks for due deliveries now (after a commit that wrote some, or a retry due soon). */
  wake = (): void => {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  };

  /** Stops claiming; attempts in flight are cut off, their leases expire and another instance retries. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.abort.abort();
    await this.running;
    await Promise.all(this.inFlight);
  }

  /**
   * Claims due deliveries while there is room in flight and starts each without waiting for the
   * others: a receiver that takes its 10 s delays only its own deliveries. Each one that ends makes
   * room and looks again.
   */
  private async drain(): Promise<void> {
    try {
      while (!this.closed && this.inFlight.size < MAX_IN_FLIGHT) {
        const batch = await this.claim(Date.now(), Math.min(BATCH, MAX_IN_FLIGHT - this.inFlight.size));
        for (const d of batch) {
          const attempt: Promise<void> = this.deliver(d)
            .catch((err: unknown) => this.log.error({ err, delivery: d.id }, 'webhook delivery failed'))
            .finally(() => {
              this.inFlight.delete(attempt);
              this.wake();
            });
          this.inFlight.add(attempt);
        }
        if (batch.length === 0) return;
      }
    } catch (err) {
      if (isDatabaseUnavailable(err)) this.log.warn({ err }, 'webhook dispatcher: database unavailable');
      else this.log.error({ err }, 'webhook dispatcher failed');
    }
  }

  private async claim(now: number, limit: number): Promise<Claimed[]> {
    const leaseExpiresAt = now + LEASE_MS;
    const ids = await this.db.write.transaction(async (trx) => {
      const due = trx('webhook_deliveries')
        .where('status', 'pending')
        .where('nextAttemptAt', '<=', now)
        .orderBy('nextAttemptAt')
        .limit(limit)
        .select('id');
      // SQLite has one writer, whose transaction is the claim.
      const rows = (await (this.db.dialect === 'mysql' ? due.forUpdate().skipLocked() : due)) as { id: string }[];
      const ids = rows.map((r) => r.id);
      if (ids.length > 0) {
        await trx('webhook_deliveries')
          .whereIn('id', ids)
          .update({
            leaseOwner: this.options.instanceId,
            leaseExpiresAt,
            nextAttemptAt: leaseExpiresAt,
            attempts: trx.raw('attempts + 1'),
          });
      }
      return ids;
    });
    if (ids.length === 0) return [];
    const rows = (await this.db
      .write('webhook_deliveries as d')
      .join('webhook_events as e', 'e.id', 'd.event_id')
      .whereIn('d.id', ids)
      .select('d.*', 'e.payload')) as (DeliveryRow & { payload: string })[];
    return rows.map((r) => ({ ...r, leaseExpiresAt }));
  }

  private async deliver(d: Claimed): Promise<void> {
    const endpoint = (await this.db.write('webhook_endpoints').where('id', d.endpointId).first()) as EndpointRow | undefined;
    if (!endpoint || endpoint.disabledAt !== null) {
      // Paused until the endpoint is enabled again; this was no attempt.
      await this.mine(this.db.write, d).update({ nextAttemptAt: null, leaseOwner: null, leaseExpiresAt: null, attempts: d.attempts - 1 });
      return;
    }
    const started = Date.now();
    const answer = await this.send(d, endpoint, started);
    if (this.abort.signal.aborted) return;
    await this.record(d, endpoint, answer, started);
  }

  private async send(d: Claimed, endpoint: EndpointRow, now: number): Promise<Answer> {
    try {
      const url = this.targets.parse(endpoint.url);
      const address = await this.targets.address(url);
      const secrets = [this.sealer.unseal(endpoint.secretSealed)];
      if (endpoint.previousSecretSealed && Number(endpoint.previousSecretExpiresAt) > now) {
        secrets.push(this.sealer.unseal(endpoint.previousSecretSealed));
      }
      const timestamp = Math.floor(now / 1000);
      const headers = {
        'webhook-id': d.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader(d.id, timestamp, d.payload, secrets),
      };
      return await post(url, address, headers, d.payload, this.abort.signal);
    } catch (err) {
      // A target refused at delivery time (it now resolves to a private address) is a failed attempt.
      if (err instanceof AppError) return { status: null, body: null, error: err.message.slice(0, 300), retryAfterMs: null };
      throw err;
    }
  }

  /** The delivery, only while this claim still holds it. */
  private mine(db: Knex, d: Claimed) {
    return db('webhook_deliveries').where({ id: d.id, leaseOwner: this.options.instanceId, leaseExpiresAt: d.leaseExpiresAt });
  }

  private async record(d: Claimed, endpoint: EndpointRow, answer: Answer, started: number): Promise<void> {
    const now = Date.now();
    const ok = answer.status !== null && answer.status >= 200 && answer.status < 300;
    const gone = answer.status === 410;
    const last = {
      lastResponseCode: answer.status,
      lastResponseBody: answer.body,
      lastError: answer.error,
      leaseOwner: null,
      leaseExpiresAt: null,
    };
    const exhausted = !ok && (gone || d.attempts >= d.maxAttempts);
    const delay = nextDelayMs(d.attempts, this.options.retryScale, answer.retryAfterMs);
    await this.db.write.transaction(async (trx) => {
      const attempt = { deliveryId: d.id, at: started, responseCode: answer.status, error: answer.error, durationMs: now - started };
      const update = ok
        ? { ...last, status: 'delivered', deliveredAt: now, nextAttemptAt: null }
        : exhausted
          ? { ...last, status: 'failed', nextAttemptAt: null }
          : { ...last, nextAttemptAt: now + delay };
      if ((await this.mine(trx, d).update(update)) === 0) {
        // The lease ran out meanwhile (another attempt owns the delivery now) or the endpoint was
        // deleted: this attempt's outcome is history only, where there is still a delivery.
        if (await trx('webhook_deliveries').where({ id: d.id }).first('id')) await trx('webhook_attempts').insert(attempt);
        return;
      }
      await trx('webhook_attempts').insert(attempt);
      const endpointRow = trx('webhook_endpoints').where('id', endpoint.id);
      if (ok && endpoint.failingSince !== null) await endpointRow.update({ failingSince: null, updatedAt: now });
      if (gone) {
        await endpointRow.update({ disabledAt: now, disabledReason: 'gone', updatedAt: now });
        await trx('webhook_deliveries')
          .where({ endpointId: endpoint.id, status: 'pending' })
          .whereNull('leaseOwner')
          .update({ nextAttemptAt: null });
      } else if (exhausted) {
        await endpointRow.whereNull('failingSince').update({ failingSince: now, updatedAt: now });
      }
    });
    if (!ok && !exhausted && delay < POLL_MS) setTimeout(this.wake, delay).unref();
  }
}
