import type { Knex } from 'knex';
import type {
  Webhook,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookEventType,
  WebhookInput,
  WebhookPatch,
  WebhookSecret,
} from '@votewire/wire';
import { LIMITS } from '@votewire/wire/limits';
import { conflict, notFound } from '../../errors';
import type { Sealer } from '../sealed';
import { randomId } from '../secrets';
import { text } from '../validate';
import type { WebhookOutbox } from './outbox';
import type { AttemptRow, DeliveryRow, EndpointRow } from './rows';
import { newWebhookSecret } from './signing';
import type { WebhookTargets } from './targets';

/** How long a rotated-out secret keeps signing beside the new one. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

const iso = (t: number | string | null) => (t === null ? null : new Date(Number(t)).toISOString());
const webhookNotFound = () => notFound('webhook_not_found', 'No webhook with this id on this site');

function view(row: EndpointRow, now = Date.now()): Webhook {
  const previousLive = row.previousSecretExpiresAt !== null && Number(row.previousSecretExpiresAt) > now;
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as WebhookEventType[],
    description: row.description,
    status: row.disabledAt !== null ? 'disabled' : row.failingSince !== null ? 'failing' : 'active',
    disabledReason: row.disabledAt !== null ? row.disabledReason : null,
    failingSince: iso(row.failingSince),
    previousSecretExpiresAt: previousLive ? iso(row.previousSecretExpiresAt) : null,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

function deliveryView(d: DeliveryRow, attempts: AttemptRow[]): WebhookDelivery {
  return {
    id: d.id,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    lastResponseCode: d.lastResponseCode,
    lastResponseBody: d.lastResponseBody,
    lastError: d.lastError,
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    createdAt: iso(d.createdAt)!,
    deliveredAt: iso(d.deliveredAt),
    history: attempts.map((a) => ({ at: iso(a.at)!, responseCode: a.responseCode, error: a.error, durationMs: a.durationMs })),
  };
}

/** The admin side of webhooks, scoped to the key's site: endpoints, secrets, deliveries. */
export class WebhookAdmin {
  constructor(
    private readonly db: Knex,
    private readonly targets: WebhookTargets,
    private readonly sealer: Sealer,
    private readonly outbox: WebhookOutbox,
  ) {}

  private async row(siteId: number, id: string, db: Knex = this.db): Promise<EndpointRow> {
    if (id.length > 40) throw webhookNotFound();
    const row = (await db('webhook_endpoints').where({ id, siteId }).first()) as EndpointRow | undefined;
    if (!row) throw webhookNotFound();
    return row;
  }

  /** A URL as stored, once its form and its addresses are allowed. */
  private async target(raw: string): Promise<string> {
    const url = this.targets.parse(raw);
    await this.targets.address(url);
    return url.href;
  }

  async create(siteId: number, input: WebhookInput): Promise<WebhookSecret> {
    const url = await this.target(input.url);
    const secret = newWebhookSecret();
    const id = 'wh_' + randomId(20);
    const now = Date.now();
    await this.db('webhook_endpoints').insert({
      id,
      siteId,
      url,
      events: JSON.stringify(input.events),
      description: text(input.description ?? '', 'description', 0, LIMITS.webhookDescription.max),
      secretSealed: this.sealer.seal(secret),
      createdAt: now,
      updatedAt: now,
    });
    return { id, secret };
  }

  async list(siteId: number): Promise<Webhook[]> {
    const rows = (await this.db('webhook_endpoints').where({ siteId }).orderBy('createdAt')) as EndpointRow[];
    return rows.map((r) => view(r));
  }

  async get(siteId: number, id: string): Promise<Webhook> {
    return view(await this.row(siteId, id));
  }

  async update(siteId: number, id: string, patch: WebhookPatch): Promise<Webhook> {
    const url = patch.url === undefined ? undefined : await this.target(patch.url);
    await this.db.transaction(async (trx) => {
      const row = await this.row(siteId, id, trx);
      const now = Date.now();
      const changes: Record<string, unknown> = { updatedAt: now };
      if (url !== undefined) changes.url = url;
      if (patch.events) changes.events = JSON.stringify(patch.events);
      if (patch.description !== undefined) changes.description = text(patch.description, 'description', 0, LIMITS.webhookDescription.max);
      const pending = trx('webhook_deliveries').where({ endpointId: id, status: 'pending' });
      if (patch.enabled === false && row.disabledAt === null) {
        Object.assign(changes, { disabledAt: now, disabledReason: 'manual' });
        await pending.clone().whereNull('leaseOwner').update({ nextAttemptAt: null });
      }
      if (patch.enabled === true) {
        Object.assign(changes, { disabledAt: null, disabledReason: null, failingSince: null });
        await pending.clone().whereNull('nextAttemptAt').update({ nextAttemptAt: now });
      }
      await trx('webhook_endpoints').where({ id }).update(changes);
    });
    return this.get(siteId, id);
  }

  async remove(siteId: number, id: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      await this.row(siteId, id, trx);
      // Explicit deletes: SQLite enforces ON DELETE CASCADE only with foreign_keys on.
      await trx('webhook_attempts')
        .whereIn('deliveryId', trx('webhook_deliveries').where({ endpointId: id }).select('id'))
        .delete();
      await trx('webhook_deliveries').where({ endpointId: id }).delete();
      await trx('webhook_endpoints').where({ id }).delete();
    });
  }

  /** A new secret; the current one keeps signing beside it for 24 h, so receivers switch without a gap. */
  async rotate(siteId: number, id: string): Promise<WebhookSecret> {
    const secret = newWebhookSecret();
    await this.db.transaction(async (trx) => {
      const row = await this.row(siteId, id, trx);
      const now = Date.now();
      await trx('webhook_endpoints')
        .where({ id })
        .update({
          secretSealed: this.sealer.seal(secret),
          previousSecretSealed: row.secretSealed,
          previousSecretExpiresAt: now + ROTATION_OVERLAP_MS,
          updatedAt: now,
        });
    });
    return { id, secret };
  }

  async deliveries(siteId: number, id: string, query: { status?: DeliveryRow['status']; limit?: number }): Promise<WebhookDeliveryList> {
    await this.row(siteId, id);
    const qb = this.db('webhook_deliveries')
      .where({ endpointId: id })
      .orderBy([{ column: 'createdAt', order: 'desc' }, { column: 'id' }])
      .limit(query.limit ?? 50);
    if (query.status) qb.where({ status: query.status });
    const rows = (await qb) as DeliveryRow[];
    return { items: await this.withAttempts(rows) };
  }

  private async withAttempts(rows: DeliveryRow[]): Promise<WebhookDelivery[]> {
    const attempts = (await this.db('webhook_attempts')
      .whereIn(
        'deliveryId',
        rows.map((r) => r.id),
      )
      .orderBy('id')) as AttemptRow[];
    return rows.map((r) =>
      deliveryView(
        r,
        attempts.filter((a) => a.deliveryId === r.id),
      ),
    );
  }

  private async delivery(id: string, deliveryId: string): Promise<WebhookDelivery> {
    const row = (await this.db('webhook_deliveries').where({ id: deliveryId, endpointId: id }).first()) as DeliveryRow | undefined;
    if (!row) throw notFound('delivery_not_found', 'No delivery with this id on this webhook');
    return (await this.withAttempts([row]))[0]!;
  }

  /** Sends a delivery again now: one more attempt for a delivered or failed one, the next one at once for a pending one. */
  async retry(siteId: number, id: string, deliveryId: string): Promise<WebhookDelivery> {
    const endpoint = await this.row(siteId, id);
    if (endpoint.disabledAt !== null) throw conflict('webhook_disabled', 'The webhook is disabled: enable it first');
    const current = await this.delivery(id, deliveryId);
    const now = Date.now();
    const row = this.db('webhook_deliveries').where({ id: deliveryId, endpointId: id });
    if (current.status === 'pending') {
      // One in flight keeps its lease: it is answered, or retried when the lease ends.
      await row.whereNull('leaseOwner').update({ nextAttemptAt: now });
    } else {
      await row.update({ status: 'pending', maxAttempts: this.db.raw('attempts + 1'), nextAttemptAt: now, deliveredAt: null });
    }
    this.outbox.wakeNow();
    return this.delivery(id, deliveryId);
  }

  /** A webhook.test event to this endpoint alone. */
  async test(siteId: number, id: string): Promise<WebhookDelivery> {
    const endpoint = await this.row(siteId, id);
    if (endpoint.disabledAt !== null) throw conflict('webhook_disabled', 'The webhook is disabled: enable it first');
    const [deliveryId] = await this.db.transaction((trx) =>
      this.outbox.emit(trx, siteId, 'webhook.test', { webhookId: id, message: 'A test event from Votewire' }, { only: id }),
    );
    return this.delivery(id, deliveryId!);
  }
}
