/** Rows of the webhook tables as knex returns them (camelCase through the case mappers). */
export interface EndpointRow {
  id: string;
  siteId: number;
  url: string;
  events: string;
  description: string;
  secretSealed: string;
  previousSecretSealed: string | null;
  previousSecretExpiresAt: number | string | null;
  disabledAt: number | string | null;
  disabledReason: string | null;
  failingSince: number | string | null;
  createdAt: number | string;
  updatedAt: number | string;
}

export interface DeliveryRow {
  id: string;
  endpointId: string;
  eventId: number | string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: number | string | null;
  leaseOwner: string | null;
  leaseExpiresAt: number | string | null;
  lastResponseCode: number | null;
  lastResponseBody: string | null;
  lastError: string | null;
  createdAt: number | string;
  deliveredAt: number | string | null;
}

export interface AttemptRow {
  deliveryId: string;
  at: number | string;
  responseCode: number | null;
  error: string | null;
  durationMs: number;
}
