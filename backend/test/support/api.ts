import { randomUUID } from 'node:crypto';
import type { AdminPoll, PollInput, PollResults, PublicPoll, VoteResponse } from '@votewire/wire';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A thin HTTP client for the tests: every call returns status, parsed body and headers. */
export class Api {
  constructor(
    readonly url: string,
    readonly adminKey: string,
  ) {}

  async request<T = any>(
    method: string,
    path: string,
    options: { body?: unknown; raw?: string; headers?: Record<string, string>; key?: string | null } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? null : options.key;
    if (key) headers.Authorization = `Bearer ${key}`;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const res = await fetch(this.url + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  admin<T = any>(method: string, path: string, body?: unknown, key = this.adminKey): Promise<Reply<T>> {
    return this.request<T>(method, '/api/v1' + path, { body, key });
  }

  async createPoll(input: Partial<PollInput> & { options?: PollInput['options'] } = {}, key = this.adminKey): Promise<AdminPoll> {
    const res = await this.admin<AdminPoll>(
      'POST',
      '/polls',
      { question: 'Best fruit?', options: [{ label: 'Apple' }, { label: 'Banana' }, { label: 'Cherry' }], ...input },
      key,
    );
    if (res.status !== 201) throw new Error(`create poll failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async voterToken(pollId: string, extra: { altcha?: string; identity?: string } = {}): Promise<string> {
    const res = await this.request('POST', '/api/v1/voter-tokens', { body: { pollId, ...extra } });
    if (res.status !== 201) throw new Error(`voter token failed: ${res.status}`);
    return res.body.token as string;
  }

  vote(
    pollId: string,
    token: string,
    optionIds: unknown,
    idempotencyKey: string = randomUUID(),
    headers: Record<string, string> = {},
  ): Promise<Reply<VoteResponse & { error?: { code: string } }>> {
    return this.request('POST', `/api/v1/polls/${pollId}/votes`, {
      body: { optionIds },
      headers: { 'X-Voter-Token': token, 'Idempotency-Key': idempotencyKey, ...headers },
    });
  }

  publicPoll(pollId: string, token?: string): Promise<Reply<PublicPoll>> {
    return this.request('GET', `/api/v1/polls/${pollId}`, { headers: token ? { 'X-Voter-Token': token } : {} });
  }

  results(pollId: string, opts: { token?: string; admin?: boolean } = {}): Promise<Reply<PollResults>> {
    return this.request('GET', `/api/v1/polls/${pollId}/results`, {
      headers: opts.token ? { 'X-Voter-Token': opts.token } : {},
      key: opts.admin ? this.adminKey : null,
    });
  }
}
