import type { VoteCommand, VoteOutcome } from './vote-writer';
import { writerClosed } from './vote-writer';

/** One vote waiting for its batch, with the promise its request awaits. */
export interface Pending {
  command: VoteCommand;
  resolve(outcome: VoteOutcome): void;
  reject(err: unknown): void;
}

export interface BatchOptions {
  /** Flush when this many votes wait… */
  maxBatch: number;
  /** …or when the oldest has waited this long. */
  maxWaitMs: number;
  /** Batches committing at once, so one batch's fsync overlaps the next one's statements. */
  concurrency: number;
}

/**
 * Commits one batch and settles each of its votes, or hands a vote back with `requeue` to go in a
 * later batch. It must not reject: a failure is each vote's to report.
 */
export type CommitBatch = (batch: Pending[], requeue: (p: Pending) => void) => Promise<void>;

/**
 * The queue in front of the batched writer: it groups waiting votes into batches (when `maxBatch`
 * wait or the oldest has waited `maxWaitMs`) and keeps up to `concurrency` of them committing.
 * It knows nothing of the database, so its timing and ordering are tested with a fake commit.
 */
export class VoteBatcher {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running = 0;
  private closed = false;
  private readonly idle: (() => void)[] = [];

  constructor(
    private readonly options: BatchOptions,
    private readonly commit: CommitBatch,
  ) {}

  write(command: VoteCommand): Promise<VoteOutcome> {
    if (this.closed) return Promise.reject(writerClosed());
    return new Promise((resolve, reject) => {
      this.queue.push({ command, resolve, reject });
      this.pump();
    });
  }

  /** Commits every vote already queued (a requeued one is refused with a 503), then resolves. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.queue.length > 0 || this.running > 0) {
      this.pump(true);
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
  }

  private pump(now = false): void {
    while (this.queue.length > 0 && this.running < this.options.concurrency) {
      if (!now && this.queue.length < this.options.maxBatch) {
        this.timer ??= setTimeout(() => {
          this.timer = null;
          this.pump(true);
        }, this.options.maxWaitMs);
        return;
      }
      const batch = this.take();
      this.running++;
      void this.commit(batch, (p) => this.requeue(p)).finally(() => {
        this.running--;
        this.pump(this.queue.length >= this.options.maxBatch || this.closed);
        if (this.running === 0 && this.queue.length === 0) this.idle.splice(0).forEach((f) => f());
        else if (this.running === 0) this.pump(true);
      });
    }
  }

  /** The next batch: at most one request per (poll, voter); the rest stay queued in order. */
  private take(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const voters = new Set<string>();
    for (const p of this.queue) {
      const key = `${p.command.poll.id}\u0000${p.command.voterKey}`;
      const idem = `\u0001${p.command.voterKey}\u0000${p.command.idempotencyKey}`;
      if (batch.length < this.options.maxBatch && !voters.has(key) && !voters.has(idem)) {
        voters.add(key).add(idem);
        batch.push(p);
      } else rest.push(p);
    }
    this.queue = rest;
    if (this.timer && this.queue.length === 0) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    return batch;
  }

  private requeue(p: Pending): void {
    if (this.closed) p.reject(writerClosed());
    else {
      this.queue.push(p);
      this.pump();
    }
  }
}
