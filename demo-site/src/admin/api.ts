// The console's only way to the server: the public admin REST API, the same calls a site owner
// could make with curl. One error type, so every view reports failures the same way.
import type {
  AdminPoll,
  ApiErrorBody,
  ApiKeyInfo,
  CreatedApiKey,
  CreatedIdentityKey,
  IdentityKeyInfo,
  PollInput,
  PollPage,
  PollResults,
  PollStatus,
  PollType,
  Site,
  SitePatch,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookInput,
  WebhookList,
  WebhookPatch,
  WebhookSecret,
} from '@votewire/wire';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface PollQuery {
  status?: PollStatus | '';
  type?: PollType | '';
  q?: string;
  limit?: number;
  offset?: number;
}

export type PollPatch = Partial<PollInput>;

export class AdminApi {
  constructor(
    private readonly key: string,
    private readonly base = '/api/v1',
  ) {}

  getSite(): Promise<Site> {
    return this.json('GET', '/site');
  }

  updateSite(patch: SitePatch): Promise<Site> {
    return this.json('PATCH', '/site', patch);
  }

  async listIdentityKeys(): Promise<IdentityKeyInfo[]> {
    return (await this.json<{ items: IdentityKeyInfo[] }>('GET', '/site/identity-keys')).items;
  }

  createIdentityKey(): Promise<CreatedIdentityKey> {
    return this.json('POST', '/site/identity-keys');
  }

  async revokeIdentityKey(id: string): Promise<void> {
    await this.send('DELETE', `/site/identity-keys/${encodeURIComponent(id)}`);
  }

  async listWebhooks(): Promise<Webhook[]> {
    return (await this.json<WebhookList>('GET', '/webhooks')).items;
  }

  getWebhook(id: string): Promise<Webhook> {
    return this.json('GET', webhookPath(id));
  }

  createWebhook(input: WebhookInput): Promise<WebhookSecret> {
    return this.json('POST', '/webhooks', input);
  }

  updateWebhook(id: string, patch: WebhookPatch): Promise<Webhook> {
    return this.json('PATCH', webhookPath(id), patch);
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.send('DELETE', webhookPath(id));
  }

  rotateWebhookSecret(id: string): Promise<WebhookSecret> {
    return this.json('POST', `${webhookPath(id)}/rotate-secret`);
  }

  async sendTestEvent(id: string): Promise<void> {
    await this.send('POST', `${webhookPath(id)}/test`);
  }

  async listDeliveries(id: string): Promise<WebhookDelivery[]> {
    return (await this.json<WebhookDeliveryList>('GET', `${webhookPath(id)}/deliveries`)).items;
  }

  async redeliver(id: string, deliveryId: string): Promise<void> {
    await this.send('POST', `${webhookPath(id)}/deliveries/${encodeURIComponent(deliveryId)}/retry`);
  }

  async listKeys(): Promise<ApiKeyInfo[]> {
    return (await this.json<{ items: ApiKeyInfo[] }>('GET', '/api-keys')).items;
  }

  createKey(name: string): Promise<CreatedApiKey> {
    return this.json('POST', '/api-keys', { name });
  }

  async revokeKey(id: number): Promise<void> {
    await this.send('DELETE', `/api-keys/${id}`);
  }

  listPolls(query: PollQuery): Promise<PollPage> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(name, String(value));
    }
    const search = params.toString();
    return this.json('GET', `/polls${search ? `?${search}` : ''}`);
  }

  getPoll(id: string): Promise<AdminPoll> {
    return this.json('GET', `/polls/${encodeURIComponent(id)}`);
  }

  createPoll(input: PollInput): Promise<AdminPoll> {
    return this.json('POST', '/polls', input);
  }

  updatePoll(id: string, patch: PollPatch): Promise<AdminPoll> {
    return this.json('PATCH', `/polls/${encodeURIComponent(id)}`, patch);
  }

  async deletePoll(id: string): Promise<void> {
    await this.send('DELETE', `/polls/${encodeURIComponent(id)}`);
  }

  openPoll(id: string): Promise<AdminPoll> {
    return this.json('POST', `/polls/${encodeURIComponent(id)}/open`);
  }

  closePoll(id: string): Promise<AdminPoll> {
    return this.json('POST', `/polls/${encodeURIComponent(id)}/close`);
  }

  getResults(id: string): Promise<PollResults> {
    return this.json('GET', `/polls/${encodeURIComponent(id)}/results`);
  }

  /** The ballots as CSV, with the file name the server suggests. */
  async exportBallots(id: string): Promise<{ blob: Blob; filename: string }> {
    const res = await this.send('GET', `/polls/${encodeURIComponent(id)}/ballots.csv`);
    const disposition = res.headers.get('Content-Disposition') ?? '';
    const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
    const filename = match?.[1] ? decodeURIComponent(match[1]) : `poll-${id}-ballots.csv`;
    return { blob: await res.blob(), filename };
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.send(method, path, body);
    return (await res.json()) as T;
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.key}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'network_error', 'Could not reach the Votewire server. Check your connection and try again.');
    }
    if (!res.ok) throw await toApiError(res);
    return res;
  }
}

const webhookPath = (id: string) => `/webhooks/${encodeURIComponent(id)}`;

async function toApiError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as Partial<ApiErrorBody>;
    if (body.error?.message) return new ApiError(res.status, body.error.code ?? 'error', body.error.message);
  } catch {
    // Not JSON (a proxy's error page, say): fall through to a message built from the status.
  }
  const fallback: Record<number, string> = {
    401: 'The API key was not accepted.',
    403: 'This API key may not do that.',
    404: 'Not found.',
    429: 'Too many requests. Wait a moment and try again.',
  };
  return new ApiError(res.status, `http_${res.status}`, fallback[res.status] ?? `The server answered ${res.status} ${res.statusText}.`);
}
