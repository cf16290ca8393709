import { isDatabaseUnavailable, type Database } from '../../db/database';
import type { Logger } from '../../log';
import type { PollReads } from '../poll-reads';
import { phaseOf } from '../poll-rules';
import type { PollWebhooks } from './poll-events';

const SCAN_MS = 1000;
/** Openings and closings up to a day old are still announced (instances that were all down meanwhile). */
const LOOKBACK_MS = 24 * 3_600_000;

interface Candidate {
  id: string;
  status: 'draft' | 'open' | 'closed';
  opensAt: number | string | null;
  closesAt: number | string | null;
  announced: string | null;
}

/**
 * A poll opens and closes at its `opensAt` and `closesAt` without a write: its phase is computed.
 * Each instance looks every second for open polls of sites with a webhook whose time came, and
 * announces the change in a transaction (PollWebhooks.phaseChanged, which holds the announced
 * phase under a lock, so of several instances only one announces it).
 */
export class ScheduleWebhooks {
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly reads: PollReads,
    private readonly webhooks: PollWebhooks,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.scanning ??= this.scan(Date.now()).finally(() => (this.scanning = null));
    }, SCAN_MS);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.scanning;
  }

  async scan(now: number): Promise<void> {
    try {
      const since = now - LOOKBACK_MS;
      const candidates = (await this.db
        .write('polls as p')
        .join('webhook_endpoints as e', 'e.site_id', 'p.site_id')
        .leftJoin('webhook_poll_phases as a', 'a.poll_id', 'p.id')
        .whereNull('e.disabled_at')
        .where('p.status', 'open')
        .where((q) => q.whereBetween('p.opens_at', [since, now]).orWhereBetween('p.closes_at', [since, now]))
        .distinct('p.id', 'p.status', 'p.opens_at', 'p.closes_at', 'a.phase as announced')) as Candidate[];
      for (const c of candidates) {
        const poll = {
          status: c.status,
          opensAt: c.opensAt === null ? null : Number(c.opensAt),
          closesAt: c.closesAt === null ? null : Number(c.closesAt),
        };
        if (phaseOf(poll, now) === c.announced) continue;
        await this.db.write.transaction(async (trx) => this.webhooks.phaseChanged(trx, await this.reads.load(c.id, trx), now));
      }
    } catch (err) {
      this.log[isDatabaseUnavailable(err) ? 'warn' : 'error']({ err }, 'scheduled poll webhooks failed');
    }
  }
}
