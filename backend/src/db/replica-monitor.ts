import type { Knex } from 'knex';
import type { Logger } from '../log';

export interface ReplicaState {
  name: string;
  up: boolean;
  healthy: boolean;
  /** Estimated replication delay; null while it cannot be told (primary unreachable). */
  lagMs: number | null;
}

interface Replica {
  name: string;
  knex: Knex;
  state: ReplicaState;
  seq: number | null;
}

/** Sum of sequence numbers over GTID domains: grows with every transaction the server has. */
export function gtidSeq(pos: string): number {
  return pos
    .split(',')
    .map((part) => Number(part.trim().split('-')[2] ?? 0))
    .reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
}

/**
 * Keeps reads on replicas that are up and not behind. Every tick it samples the primary's GTID
 * position with a timestamp; a replica at position p has everything the primary had at the last
 * sample whose position ≤ p, and the primary passed p between that sample and the next: the lag is
 * interpolated there, as if the primary's commits between two samples were evenly spread (under
 * steady writes, reporting the older sample's age would read a replica a few milliseconds behind
 * as a whole tick late). No heartbeat writes and no privileges are needed, unlike
 * Seconds_Behind_Master (whole seconds). A replica that is down or lags more than the threshold
 * leaves the rotation and rejoins when healthy; with the primary unreachable, replicas that answer
 * keep serving reads.
 */
export class ReplicaMonitor {
  private readonly replicas: Replica[];
  private readonly samples: { at: number; seq: number }[] = [];
  private primaryUp = true;
  private timer: NodeJS.Timeout | null = null;
  private next = 0;
  private ticking = false;

  constructor(
    private readonly primary: Knex,
    replicas: { name: string; knex: Knex }[],
    private readonly maxLagMs: number,
    private readonly log: Logger,
    private readonly intervalMs = 250,
  ) {
    this.replicas = replicas.map((r) => ({ ...r, seq: null, state: { name: r.name, up: true, healthy: true, lagMs: null } }));
  }

  start(): this {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  pick(): { name: string; knex: Knex } | null {
    const healthy = this.replicas.filter((r) => r.state.healthy);
    if (healthy.length === 0) return null;
    return healthy[this.next++ % healthy.length]!;
  }

  /** A read just failed to reach this replica: out of the rotation until a probe finds it again. */
  markDown(name: string): void {
    const replica = this.replicas.find((r) => r.name === name);
    if (!replica || !replica.state.up) return;
    replica.state = { name, up: false, healthy: false, lagMs: null };
    this.log.warn({ replica: name }, 'replica left the read rotation (a read could not reach it)');
  }

  states(): { primaryUp: boolean; replicas: ReplicaState[] } {
    return { primaryUp: this.primaryUp, replicas: this.replicas.map((r) => ({ ...r.state })) };
  }

  async destroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.replicas.map((r) => r.knex.destroy()));
  }

  async tick(): Promise<void> {
    if (this.ticking) return; // a slow server must not pile up probes
    this.ticking = true;
    try {
      const now = Date.now();
      const primarySeq = await position(this.primary, '@@gtid_binlog_pos');
      this.primaryUp = primarySeq !== null;
      if (primarySeq !== null) {
        this.samples.push({ at: now, seq: primarySeq });
        const horizon = now - Math.max(60_000, this.maxLagMs * 4);
        while (this.samples.length > 2 && this.samples[0]!.at < horizon) this.samples.shift();
      }
      await Promise.all(this.replicas.map((r) => this.check(r, primarySeq, now)));
    } finally {
      this.ticking = false;
    }
  }

  private async check(replica: Replica, primarySeq: number | null, now: number): Promise<void> {
    const seq = await position(replica.knex, '@@gtid_slave_pos');
    const before = replica.state.healthy;
    if (seq === null) {
      replica.state = { name: replica.name, up: false, healthy: false, lagMs: null };
    } else {
      const lagMs = primarySeq === null ? null : this.lagOf(seq, now);
      const healthy = lagMs === null ? true : lagMs <= this.maxLagMs;
      replica.state = { name: replica.name, up: true, healthy, lagMs };
    }
    replica.seq = seq;
    if (before !== replica.state.healthy) {
      this.log.warn(
        { replica: replica.name, ...replica.state },
        replica.state.healthy ? 'replica rejoined the read rotation' : 'replica left the read rotation',
      );
    }
  }

  private lagOf(seq: number, now: number): number {
    const latest = this.samples[this.samples.length - 1];
    if (!latest || seq >= latest.seq) return 0;
    // The newest sample this replica has fully applied; none in the window means "older than it".
    for (let i = this.samples.length - 2; i >= 0; i--) {
      const before = this.samples[i]!;
      if (before.seq > seq) continue;
      const after = this.samples[i + 1]!;
      const passedAt = before.at + ((after.at - before.at) * (seq - before.seq)) / (after.seq - before.seq);
      return Math.round(now - passedAt);
    }
    return now - this.samples[0]!.at;
  }
}

async function position(knex: Knex, variable: '@@gtid_binlog_pos' | '@@gtid_slave_pos'): Promise<number | null> {
  try {
    const [rows] = (await knex.raw(`SELECT ${variable} AS pos`)) as [{ pos: string }[]];
    return gtidSeq(String(rows[0]?.pos ?? ''));
  } catch {
    return null;
  }
}
