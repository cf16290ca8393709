import { isDatabaseUnavailable, isUniqueViolation, type Database } from '../../db/database';
import { AppError } from '../../errors';
import type { Logger } from '../../log';
import type { ResultsService } from '../results';
import type { WebhookOutbox } from './outbox';

/**
 * poll.results events, coalesced to at most one per poll per interval across all instances. A vote
 * only marks its poll in a set (the hot path pays nothing more); a timer then writes, for each
 * marked poll whose site has an endpoint taking poll.results, the absolute counts and version in
 * one transaction with the claim of the poll's interval (`webhook_results_sent`, a conditional
 * UPDATE or the row's INSERT). A poll whose interval another instance holds stays marked.
 */
export class ResultsWebhooks {
  private marked = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly results: ResultsService,
    private readonly outbox: WebhookOutbox,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  mark(pollId: string): void {
    this.marked.add(pollId);
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), Math.min(1000, this.intervalMs));
    this.timer.unref();
  }

  /** One last flush: marks left in memory would be lost with the process. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flushing;
    await this.flush();
  }

  flush(): Promise<void> {
    this.flushing ??= this.flushAll().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async flushAll(): Promise<void> {
    const polls = [...this.marked];
    this.marked.clear();
    for (const pollId of polls) {
      try {
        if (!(await this.send(pollId, Date.now()))) this.marked.add(pollId);
      } catch (err) {
        if (err instanceof AppError) continue; // the poll was deleted meanwhile
        this.marked.add(pollId);
        if (!isUniqueViolation(err))
          this.log[isDatabaseUnavailable(err) ? 'warn' : 'error']({ err, pollId }, 'poll.results webhook failed');
      }
    }
  }

  /** False while the poll's interval is still running (try again later); true when done with the mark. */
  private async send(pollId: string, now: number): Promise<boolean> {
    const site = (await this.db
      .write('polls')
      .join('webhook_endpoints', 'webhook_endpoints.site_id', 'polls.site_id')
      .where('polls.id', pollId)
      .whereNull('webhook_endpoints.disabled_at')
      .where('webhook_endpoints.events', 'like', '%"poll.results"%')
      .first('polls.site_id as siteId')) as { siteId: number } | undefined;
    if (!site) return true;
    return this.db.write.transaction(async (trx) => {
      const sent = (await trx('webhook_results_sent').where({ pollId }).first()) as
        { version: number | string; sentAt: number | string } | undefined;
      // Within the interval the counts are not even read: a hot poll costs one read per interval.
      if (sent && now - Number(sent.sentAt) < this.intervalMs) return false;
      const results = await this.results.read(trx, pollId);
      if (sent && Number(sent.version) >= results.version) return true;
      if (sent) {
        const claimed = await trx('webhook_results_sent')
          .where({ pollId, sentAt: sent.sentAt })
          .update({ version: results.version, sentAt: now });
        if (claimed === 0) return false;
      } else {
        await trx('webhook_results_sent').insert({ pollId, version: results.version, sentAt: now });
      }
      await this.outbox.emit(trx, site.siteId, 'poll.results', { pollId, results }, { at: now });
      return true;
    });
  }
}
