// The fault suite's clients: voters that keep a ledger of every acknowledged vote and retry the
// others with the same Idempotency-Key, readers of the results, and live sockets that remember the
// newest tally they were sent.
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { PollResults, SubscribeAck } from '@votewire/wire';
import { sleep } from './stack';

export interface LoadPoll {
  id: string;
  /** The choices voters pick from, in turn. */
  choices: number[][];
}

export interface LedgerEntry {
  pollId: string;
  idempotencyKey: string;
  voterKey: string;
  optionIds: number[];
  attempts: number;
  receipt: string | null;
  /** A definitive refusal (a 4xx other than 429): never expected in this load. */
  refused: string | null;
}

/** Statuses that say "not done, try again with the same key". */
const RETRYABLE = new Set([429, 500, 502, 503, 504]);

export class VoteLoad {
  readonly ledger: LedgerEntry[] = [];
  /** Outcome of every attempt: HTTP status or "network". */
  readonly outcomes = new Map<string, number>();
  /** Every vote attempt in time order: when, and whether it was acknowledged. */
  private readonly attempts: { at: number; ok: boolean }[] = [];
  private producing = false;
  private retrying = false;
  private workers: Promise<void>[] = [];
  private turn = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly polls: LoadPoll[],
    private readonly options: { workers: number; votesPerSecond: number },
  ) {}

  start(): void {
    this.producing = true;
    this.retrying = true;
    const interval = (1000 * this.options.workers) / this.options.votesPerSecond;
    this.workers = Array.from({ length: this.options.workers }, (_, i) => this.worker(interval, i * (interval / this.options.workers)));
  }

  /** No new votes; votes already sent are retried until acknowledged or `timeoutMs` passes. */
  async drain(timeoutMs: number): Promise<void> {
    this.producing = false;
    const done = Promise.all(this.workers);
    const timer = sleep(timeoutMs).then(() => {
      this.retrying = false;
    });
    await Promise.race([done, timer]);
    this.retrying = false;
    await done;
  }

  get sent(): number {
    return this.ledger.filter((e) => e.attempts > 0).length;
  }

  acknowledged(): LedgerEntry[] {
    return this.ledger.filter((e) => e.receipt !== null);
  }

  /**
   * The longest time during which attempts failed and none was acknowledged: from the first
   * failure after an acknowledged attempt to the next acknowledged one (or the last failure).
   */
  worstErrorWindowMs(): number {
    const sorted = [...this.attempts].sort((a, b) => a.at - b.at);
    let worst = 0;
    let since: number | null = null;
    let last = 0;
    for (const a of sorted) {
      if (!a.ok) {
        since ??= a.at;
        last = a.at;
      } else if (since !== null) {
        worst = Math.max(worst, a.at - since);
        since = null;
      }
    }
    if (since !== null) worst = Math.max(worst, last - since);
    return worst;
  }

  private async worker(intervalMs: number, offsetMs: number): Promise<void> {
    await sleep(offsetMs);
    while (this.producing) {
      const started = Date.now();
      await this.oneVote();
      const wait = intervalMs - (Date.now() - started);
      if (wait > 0) await sleep(wait);
    }
  }

  private async oneVote(): Promise<void> {
    const poll = this.polls[this.turn % this.polls.length]!;
    const token = await this.voterToken(poll.id);
    if (!token) return;
    const optionIds = poll.choices[Math.floor(this.turn / this.polls.length) % poll.choices.length]!;
    this.turn++;
    const entry: LedgerEntry = {
      pollId: poll.id,
      idempotencyKey: randomUUID(),
      // v2.<kind>.<voter key>.<poll id>.<expiry>.<signature> (services/voter-tokens.ts)
      voterKey: token.split('.')[2]!,
      optionIds,
      attempts: 0,
      receipt: null,
      refused: null,
    };
    this.ledger.push(entry);
    while (this.retrying && entry.receipt === null && entry.refused === null) {
      entry.attempts++;
      const outcome = await this.attempt(poll.id, token, entry);
      this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
      this.attempts.push({ at: Date.now(), ok: entry.receipt !== null });
      if (entry.receipt === null && entry.refused === null) await sleep(150);
    }
  }

  private async attempt(pollId: string, token: string, entry: LedgerEntry): Promise<string> {
    try {
      const res = await fetch(`${this.baseUrl}/api/v1/polls/${pollId}/votes`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Voter-Token': token, 'Idempotency-Key': entry.idempotencyKey },
        body: JSON.stringify({ optionIds: entry.optionIds }),
        signal: AbortSignal.timeout(8000),
      });
      const body = (await res.json().catch(() => null)) as { receipt?: string; error?: { code: string } } | null;
      if (res.status === 201 && body?.receipt) entry.receipt = body.receipt;
      else if (!RETRYABLE.has(res.status)) entry.refused = `${res.status} ${body?.error?.code ?? ''}`;
      return String(res.status);
    } catch {
      return 'network';
    }
  }

  /** Tokens are signed, not stored: issuing one reads the poll (cached), and a backend may be down. */
  private async voterToken(pollId: string): Promise<string | null> {
    while (this.producing) {
      try {
        const res = await fetch(`${this.baseUrl}/api/v1/voter-tokens`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ pollId }),
          signal: AbortSignal.timeout(5000),
        });
        if (res.status === 201) return ((await res.json()) as { token: string }).token;
      } catch {
        // retried below
      }
      await sleep(150);
    }
    return null;
  }
}

/** Reads the results over HTTP in a loop, counting answers that were not 200. */
export class ResultReader {
  ok = 0;
  failed = 0;
  private running = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly baseUrl: string,
    private readonly pollIds: string[],
  ) {}

  start(): void {
    this.running = true;
    this.loop = (async () => {
      for (let i = 0; this.running; i++) {
        try {
          const res = await fetch(`${this.baseUrl}/api/v1/polls/${this.pollIds[i % this.pollIds.length]}/results`, {
            signal: AbortSignal.timeout(5000),
          });
          await res.arrayBuffer();
          if (res.status === 200) this.ok++;
          else this.failed++;
        } catch {
          this.failed++;
        }
        await sleep(100);
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

/** Live sockets through nginx (so spread over the backends), each following every poll. */
export class Watchers {
  readonly sockets: Socket[] = [];
  readonly latest: Map<string, PollResults>[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly pollIds: string[],
  ) {}

  async connect(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const latest = new Map<string, PollResults>();
      const offer = (r: PollResults | null | undefined) => {
        if (r && r.version >= (latest.get(r.pollId)?.version ?? -1)) latest.set(r.pollId, r);
      };
      const socket = io(this.baseUrl, {
        path: '/socket.io',
        transports: ['websocket'],
        reconnectionDelay: 250,
        reconnectionDelayMax: 1000,
        timeout: 5000,
      });
      socket.on('results', offer);
      // Every (re)connection subscribes again: the ack carries the tallies as that backend sees them.
      socket.on('connect', () => {
        for (const pollId of this.pollIds) {
          socket.emit('subscribe', { pollId }, (ack: SubscribeAck) => {
            if (ack.ok) offer(ack.results);
          });
        }
      });
      this.sockets.push(socket);
      this.latest.push(latest);
    }
    const deadline = Date.now() + 20_000;
    while (this.sockets.some((s) => !s.connected) || this.latest.some((l) => l.size < this.pollIds.length)) {
      if (Date.now() > deadline) throw new Error('live sockets did not all connect and subscribe within 20 s');
      await sleep(100);
    }
  }

  /** How many sockets hold exactly these tallies now (connected, same version, same counts). */
  holding(truth: Map<string, { version: number; votes: number[] }>): number {
    return this.sockets.filter((s, i) => {
      if (!s.connected) return false;
      for (const [pollId, t] of truth) {
        const r = this.latest[i]!.get(pollId);
        if (!r || r.version !== t.version || r.options.map((o) => o.votes).join() !== t.votes.join()) return false;
      }
      return true;
    }).length;
  }

  close(): void {
    for (const s of this.sockets) s.close();
  }
}
