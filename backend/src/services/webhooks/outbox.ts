import type { Knex } from 'knex';
import type { WebhookEventType } from '@votewire/wire';
import { MAX_ATTEMPTS } from './schedule';
import { randomId } from '../secrets';

export type EventType = WebhookEventType | 'webhook.test';

/** Endpoints of a site that take `type`, not disabled: the ones an event is delivered to. */
async function subscribers(trx: Knex, siteId: number, type: EventType, only?: string): Promise<string[]> {
  const qb = trx('webhook_endpoints').where({ siteId }).whereNull('disabledAt').select('id', 'events');
  if (only) qb.where('id', only);
  const rows = (await qb) as { id: string; events: string }[];
  return rows.filter((r) => only || (JSON.parse(r.events) as string[]).includes(type)).map((r) => r.id);
}

export const newDeliveryId = () => 'msg_' + randomId(24);

/**
 * Writes an event into the outbox, inside the transaction of the change that caused it: the event
 * and one pending delivery per subscribed endpoint commit with the change or not at all. Once the
 * transaction has committed, `wake` tells this instance's dispatcher there is work.
 */
export class WebhookOutbox {
  constructor(private readonly wake: () => void) {}

  /** For a change written outside emit() that makes a delivery due (a manual retry). */
  wakeNow(): void {
    this.wake();
  }

  /**
   * The ids of the deliveries written (none when no endpoint takes the event: nothing is stored).
   * `only` sends to one endpoint whatever it subscribed to; `at` is when the event happened.
   */
  async emit(
    trx: Knex.Transaction,
    siteId: number,
    type: EventType,
    data: unknown,
    { only, at = Date.now() }: { only?: string; at?: number } = {},
  ): Promise<string[]> {
    const endpoints = await subscribers(trx, siteId, type, only);
    if (endpoints.length === 0) return [];
    const now = at;
    const payload = JSON.stringify({ type, timestamp: new Date(now).toISOString(), data });
    const [eventId] = await trx('webhook_events').insert({ siteId, type, payload, createdAt: now });
    const deliveries = endpoints.map((endpointId) => ({
      id: newDeliveryId(),
      endpointId,
      eventId,
      eventType: type,
      status: 'pending',
      attempts: 0,
      maxAttempts: MAX_ATTEMPTS,
      nextAttemptAt: now,
      createdAt: now,
    }));
    await trx('webhook_deliveries').insert(deliveries);
    trx.executionPromise.then(this.wake, () => undefined);
    return deliveries.map((d) => d.id);
  }
}
