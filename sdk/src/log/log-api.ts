/**
 * The public log routes of one Votewire server, and the poll and results they are checked against;
 * typed, failures are VotewireErrors like the client's.
 */
import { VotewireError } from '../client/errors.js';
import type {
  ConsistencyProof,
  InclusionProof,
  LogEntry,
  LogEntryPage,
  LogKey,
  LogKeyList,
  PollResults,
  PublicPoll,
  SignedTreeHead,
} from '@votewire/wire';

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

export class LogApi {
  readonly #base: string;
  readonly #fetch: Fetch;
  readonly #headers: Record<string, string>;

  /** `voterToken`: a voter's token, for a poll that shows its results (and so its log) only to its voters. */
  constructor(apiBase: string, voterToken?: string | null, fetcher: Fetch = (...a) => fetch(...a)) {
    this.#base = `${apiBase.replace(/\/+$/, '')}/api/v1`;
    this.#fetch = fetcher;
    this.#headers = voterToken ? { 'X-Voter-Token': voterToken } : {};
  }

  poll = (pollId: string): Promise<PublicPoll> => this.#get(this.#poll(pollId));

  results = (pollId: string): Promise<PollResults> => this.#get(`${this.#poll(pollId)}/results`);

  keys = (): Promise<LogKey[]> => this.#get<LogKeyList>('/log-keys').then((r) => r.keys);

  head = (pollId: string): Promise<SignedTreeHead> => this.#get(`${this.#poll(pollId)}/log`);

  inclusion = (pollId: string, commitment: string, treeSize: number): Promise<InclusionProof> =>
    this.#get(`${this.#poll(pollId)}/log/inclusion?commitment=${commitment}&treeSize=${treeSize}`);

  consistency = (pollId: string, first: number, second: number): Promise<ConsistencyProof> =>
    this.#get(`${this.#poll(pollId)}/log/consistency?first=${first}&second=${second}`);

  /** Entries 0..treeSize-1, asking again from the next seq as long as the server answers in pages. */
  async entries(pollId: string, treeSize: number): Promise<LogEntry[]> {
    const all: LogEntry[] = [];
    while (all.length < treeSize) {
      const { entries } = await this.#get<LogEntryPage>(`${this.#poll(pollId)}/log/entries?start=${all.length}&end=${treeSize - 1}`);
      if (entries.length === 0) break;
      all.push(...entries);
    }
    return all.slice(0, treeSize);
  }

  #poll = (pollId: string) => `/polls/${encodeURIComponent(pollId)}`;

  async #get<T>(path: string): Promise<T> {
    let res: Response;
    try {
      res = await this.#fetch(this.#base + path, { headers: this.#headers, cache: 'no-store', credentials: 'omit' });
    } catch (e) {
      throw new VotewireError('network', (e as Error).message || 'Network error');
    }
    const data: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
      throw new VotewireError(err?.code ?? `http_${res.status}`, err?.message ?? res.statusText, res.status);
    }
    return data as T;
  }
}
