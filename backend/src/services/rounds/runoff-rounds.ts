import type { RoundsEvent } from '@votewire/wire';
import type { Database } from '../../db/database';
import type { Logger } from '../../log';
import { sourceOf, type RunoffThread } from './runoff-thread';

/** A poll's rounds: what they count (the poll's version then) and when they were counted. */
export type Rounds = RoundsEvent;

interface Entry {
  rounds: Rounds | null;
  /** The newest version someone asked for. */
  wanted: number;
  lastStart: number;
  timer: NodeJS.Timeout | null;
  running: boolean;
  /** Settled by the first count, for readers that arrive before any rounds exist. */
  first: Promise<Rounds>;
  settleFirst: { resolve(r: Rounds): void; reject(err: unknown): void };
}

const MAX_POLLS = 10_000;

/**
 * Whether this instance counts the poll's rounds for the next `ms`: in a cluster only one instance
 * counts a poll per interval and shares the rounds; alone, always.
 */
export type CountClaim = (pollId: string, ms: number) => Promise<boolean>;

/**
 * The instant-runoff rounds of ranked polls, counted on a worker thread from the ranking counts
 * and kept per poll. A poll is counted again only when a newer version is asked for, and at most
 * once per `intervalMs`: a vote never waits for rounds, and a poll taking thousands of votes a
 * second is counted once a second, however many read or watch it; in a cluster by one instance,
 * which `claim` picks. `counted` hears every new count made here (the live channel sends it to the
 * sockets that asked for rounds, and to the other instances, which `offer` it to theirs).
 */
export class RunoffRounds {
  private readonly polls = new Map<string, Entry>();

  constructor(
    private readonly db: Database,
    private readonly thread: RunoffThread,
    private readonly intervalMs: number,
    private readonly log: Logger,
    private readonly counted: (pollId: string, rounds: Rounds) => void = () => undefined,
    private readonly claim: CountClaim = async () => true,
  ) {}

  /**
   * Rounds for a reader that has seen `version`: the kept ones at once (a newer count is then
   * scheduled), or, for a poll not counted yet, the first count.
   */
  async forReader(pollId: string, version: number): Promise<Rounds> {
    const entry = this.want(pollId, version);
    return entry.rounds ?? entry.first;
  }

  /** A newer version of a watched poll was committed: counted again within the interval. */
  changed(pollId: string, version: number): void {
    this.want(pollId, version);
  }

  /**
   * Rounds another instance counted; true when they are newer than what is kept here. Kept even for
   * a poll not asked about here yet: its first reader here is then answered at once, not after the
   * next interval (this instance's own claim would lose to the instance that just counted).
   */
  offer(rounds: Rounds): boolean {
    const entry = this.entryOf(rounds.pollId, rounds.version);
    if (entry.rounds && rounds.version <= entry.rounds.version) return false;
    entry.rounds = rounds;
    entry.settleFirst.resolve(rounds);
    return true;
  }

  latest(pollId: string): Rounds | null {
    return this.polls.get(pollId)?.rounds ?? null;
  }

  /** The poll changed or is gone: what is kept of it no longer holds. */
  forget(pollId: string): void {
    const entry = this.polls.get(pollId);
    if (entry?.timer) clearTimeout(entry.timer);
    this.polls.delete(pollId);
  }

  close(): void {
    for (const id of [...this.polls.keys()]) this.forget(id);
  }

  private want(pollId: string, version: number): Entry {
    const entry = this.entryOf(pollId, version);
    entry.wanted = Math.max(entry.wanted, version);
    this.schedule(pollId, entry);
    return entry;
  }

  private entryOf(pollId: string, version: number): Entry {
    let entry = this.polls.get(pollId);
    if (!entry) {
      if (this.polls.size >= MAX_POLLS) this.close(); // bounded: a flood of poll ids cannot grow it
      let settleFirst!: Entry['settleFirst'];
      const first = new Promise<Rounds>((resolve, reject) => (settleFirst = { resolve, reject }));
      first.catch(() => undefined); // a failed count is logged; only a waiting reader needs the error
      entry = { rounds: null, wanted: version, lastStart: 0, timer: null, running: false, first, settleFirst };
      this.polls.set(pollId, entry);
    }
    return entry;
  }

  private schedule(pollId: string, entry: Entry): void {
    if (entry.running || entry.timer || (entry.rounds && entry.rounds.version >= entry.wanted)) return;
    const start = () => {
      entry.timer = null;
      if (entry.rounds && entry.rounds.version >= entry.wanted) return; // another instance's count caught up
      entry.running = true;
      entry.lastStart = Date.now();
      this.claim(pollId, this.intervalMs)
        .then((mine) => (mine ? this.count(pollId) : null))
        .then(
          (rounds) => {
            entry.running = false;
            if (this.polls.get(pollId) !== entry) return; // forgotten meanwhile
            // A replica behind the last count changes nothing; a newer count is kept and told.
            if (rounds && (!entry.rounds || rounds.version > entry.rounds.version)) {
              entry.rounds = rounds;
              this.counted(pollId, rounds);
            }
            if (entry.rounds) entry.settleFirst.resolve(entry.rounds);
            // Votes arrived while counting, a replica was behind, or another instance counts: the
            // next interval tries again, unless that instance's rounds arrive first.
            this.schedule(pollId, entry);
          },
          (err: unknown) => {
            entry.running = false;
            if (this.polls.get(pollId) === entry) this.polls.delete(pollId); // the next reader starts again
            entry.settleFirst.reject(err);
            this.log.warn({ err, pollId }, 'could not count the runoff rounds');
          },
        );
    };
    const wait = entry.lastStart + this.intervalMs - Date.now();
    if (wait <= 0) start();
    else {
      entry.timer = setTimeout(start, wait);
      entry.timer.unref();
    }
  }

  /** Counts on the thread, which reads the poll on a connection of its own to the server picked here. */
  private async count(pollId: string): Promise<Rounds> {
    const { version, rounds } = await this.db.read((db) => this.thread.count(pollId, sourceOf(db)));
    return { pollId, version, computedAt: Date.now(), rounds };
  }
}
