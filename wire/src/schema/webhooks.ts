import { Type } from '@sinclair/typebox';
import { LIMITS } from '../limits';
import { DateTime, Nullable, StringEnum, Strict } from './common';
import { AdminPoll } from './polls';
import { SignedTreeHead } from './log';
import { PollResults } from './results';

/** The events an endpoint subscribes to; `webhook.test` is sent only by the test route. */
export const WEBHOOK_EVENTS = ['poll.created', 'poll.updated', 'poll.opened', 'poll.closed', 'poll.results'] as const;
export const WEBHOOK_STATUSES = ['active', 'failing', 'disabled'] as const;
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

export const WebhookEventType = StringEnum(WEBHOOK_EVENTS, { title: 'WebhookEventType' });
export const WebhookStatus = StringEnum(WEBHOOK_STATUSES, {
  title: 'WebhookStatus',
  description:
    '`active`; `failing` once a delivery used up its last attempt (cleared by the next delivery that succeeds); `disabled` after the receiver answered 410 Gone or `enabled: false` (nothing is sent until it is enabled again).',
});

const url = Type.String({
  minLength: 1,
  maxLength: LIMITS.webhookUrl.max,
  description: 'https only, resolving to public addresses (http and private targets only with VOTEWIRE_WEBHOOKS_ALLOW_PRIVATE)',
});
const events = Type.Array(WebhookEventType, { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true });
const description = Type.String({ maxLength: LIMITS.webhookDescription.max });

export const WebhookInput = Strict({ url, events, description: Type.Optional(description) }, { title: 'WebhookInput' });
export const WebhookPatch = Strict(
  {
    url: Type.Optional(url),
    events: Type.Optional(events),
    description: Type.Optional(description),
    enabled: Type.Optional(Type.Boolean({ description: 'false disables the endpoint; true enables it again and clears `failing`' })),
  },
  { title: 'WebhookPatch' },
);

export const Webhook = Strict(
  {
    id: Type.String(),
    url: Type.String(),
    events: Type.Array(WebhookEventType),
    description: Type.String(),
    status: WebhookStatus,
    disabledReason: Nullable(Type.String({ description: '`gone` (the receiver answered 410) or `manual`' })),
    failingSince: Nullable(DateTime()),
    previousSecretExpiresAt: Nullable(DateTime({ description: 'Until then deliveries carry a second signature with the previous secret' })),
    createdAt: DateTime(),
    updatedAt: DateTime(),
  },
  { title: 'Webhook' },
);
export const WebhookList = Strict({ items: Type.Array(Webhook) }, { title: 'WebhookList' });

export const WebhookSecret = Strict(
  {
    id: Type.String(),
    secret: Type.String({
      description: '`whsec_` + base64 of 32 random bytes, as the Standard Webhooks libraries take it. Shown once, stored encrypted.',
    }),
  },
  { title: 'WebhookSecret' },
);

export const WebhookAttempt = Strict(
  {
    at: DateTime(),
    responseCode: Nullable(Type.Integer({ description: 'null when no answer came (timeout, refused connection, refused address)' })),
    error: Nullable(Type.String()),
    durationMs: Type.Integer({ minimum: 0 }),
  },
  { title: 'WebhookAttempt' },
);

export const WebhookDelivery = Strict(
  {
    id: Type.String({ description: 'The `webhook-id` header: the same on every attempt, the receiver’s idempotency key' }),
    eventType: Type.String(),
    status: StringEnum(DELIVERY_STATUSES),
    attempts: Type.Integer({ minimum: 0 }),
    lastResponseCode: Nullable(Type.Integer()),
    lastResponseBody: Nullable(Type.String({ description: 'At most 1 KB of the last answer' })),
    lastError: Nullable(Type.String()),
    nextAttemptAt: Nullable(DateTime()),
    createdAt: DateTime(),
    deliveredAt: Nullable(DateTime()),
    history: Type.Array(WebhookAttempt, { description: 'Every attempt, oldest first' }),
  },
  { title: 'WebhookDelivery' },
);
export const WebhookDeliveryList = Strict({ items: Type.Array(WebhookDelivery) }, { title: 'WebhookDeliveryList' });
export const WebhookDeliveryQuery = Strict({
  status: Type.Optional(StringEnum(DELIVERY_STATUSES)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
});
export const WebhookIdParam = Type.String({ minLength: 1, maxLength: 40 });

// The payloads: `{type, timestamp, data}` as the Standard Webhooks spec recommends.
const envelope = <T extends string, D extends ReturnType<typeof Strict>>(type: T, title: string, description: string, data: D) =>
  Strict(
    {
      type: Type.Literal(type),
      timestamp: DateTime({ description: 'When the event happened (the `webhook-timestamp` header is the attempt’s time)' }),
      data,
    },
    { title, description },
  );

const pollData = Strict({ poll: AdminPoll });
export const PollCreatedEvent = envelope('poll.created', 'PollCreatedEvent', 'A poll was created', pollData);
export const PollUpdatedEvent = envelope('poll.updated', 'PollUpdatedEvent', 'A poll’s fields or options changed', pollData);
export const PollOpenedEvent = envelope('poll.opened', 'PollOpenedEvent', 'A poll was opened (or reopened)', pollData);
export const PollClosedEvent = envelope(
  'poll.closed',
  'PollClosedEvent',
  'A poll was closed: its final results, and the ballot log’s signed tree head where the log exists',
  Strict({
    poll: AdminPoll,
    results: PollResults,
    // The ballot log's signed head at the final results' treeSize; absent when the deployment keeps no log.
    treeHead: Type.Optional(SignedTreeHead),
  }),
);
export const PollResultsEvent = envelope(
  'poll.results',
  'PollResultsEvent',
  'The results changed: absolute counts and their version (compare versions, keep the highest); at most one per poll per resultsIntervalSeconds',
  Strict({ pollId: Type.String(), results: PollResults }),
);
export const WebhookTestEvent = envelope(
  'webhook.test',
  'WebhookTestEvent',
  'Sent by POST /api/v1/webhooks/{id}/test',
  Strict({ webhookId: Type.String(), message: Type.String() }),
);
