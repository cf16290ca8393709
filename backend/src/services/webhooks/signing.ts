import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A Standard Webhooks symmetric secret: `whsec_` + base64 of 32 random bytes (the spec asks for 24 to 64). */
export const newWebhookSecret = () => PREFIX + randomBytes(32).toString('base64');

/**
 * The `webhook-signature` header: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` under each
 * secret, space-separated (two while a rotated-out secret still signs). The HMAC key is the
 * secret's decoded bytes, as the spec's libraries take it.
 */
export function signatureHeader(id: string, timestampSeconds: number, body: string, secrets: string[]): string {
  const content = `${id}.${timestampSeconds}.${body}`;
  return secrets
    .map(
      (secret) =>
        'v1,' +
        createHmac('sha256', Buffer.from(secret.slice(PREFIX.length), 'base64'))
          .update(content)
          .digest('base64'),
    )
    .join(' ');
}
