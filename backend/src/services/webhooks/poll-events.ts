import type { Knex } from 'knex';
import type { Poll } from '../../models/Poll';
import { phaseOf } from '../poll-rules';
import { adminPollView } from '../poll-views';
import type { ResultsService } from '../results';
import type { BallotLogReads } from '../log/ballot-log';
import type { WebhookOutbox } from './outbox';

/**
 * The poll.* events of a change, written in the change's transaction (`poll` loaded in it, after
 * the change). Openings and closings are announced against the phase last announced
 * (`webhook_poll_phases`, read under a row lock on MariaDB), not against the poll as it was, so
 * the API and the schedule (schedule-events.ts) never announce one closing twice.
 */
export class PollWebhooks {
  constructor(
    private readonly outbox: WebhookOutbox,
    private readonly results: ResultsService,
    private readonly locking: boolean,
    private readonly ballotLog: BallotLogReads | null,
  ) {}

  async created(trx: Knex.Transaction, poll: Poll): Promise<void> {
    await this.outbox.emit(trx, poll.siteId, 'poll.created', { poll: adminPollView(poll, Date.now()) });
    await this.phaseChanged(trx, poll);
  }

  async updated(trx: Knex.Transaction, poll: Poll): Promise<void> {
    await this.outbox.emit(trx, poll.siteId, 'poll.updated', { poll: adminPollView(poll, Date.now()) });
    await this.phaseChanged(trx, poll);
  }

  /**
   * poll.opened when it became open, poll.closed (with the final results and, where the deployment
   * keeps a ballot log, its signed head at those results' tree size) when it became closed.
   */
  async phaseChanged(trx: Knex.Transaction, poll: Poll, now = Date.now()): Promise<void> {
    const announced = trx('webhook_poll_phases').where({ pollId: poll.id }).first('phase');
    const was = ((await (this.locking ? announced.forUpdate() : announced)) as { phase: string } | undefined)?.phase;
    const is = phaseOf(poll, now);
    if (was === is) return;
    if (was === undefined) await trx('webhook_poll_phases').insert({ pollId: poll.id, phase: is });
    else await trx('webhook_poll_phases').where({ pollId: poll.id }).update({ phase: is });
    const view = adminPollView(poll, now);
    if (is === 'open') await this.outbox.emit(trx, poll.siteId, 'poll.opened', { poll: view }, { at: now });
    if (is === 'closed') {
      const results = await this.results.read(trx, poll.id);
      const treeHead =
        this.ballotLog && results.treeSize !== undefined ? await this.ballotLog.headOf(trx, poll.id, results.treeSize) : undefined;
      await this.outbox.emit(trx, poll.siteId, 'poll.closed', { poll: view, results, ...(treeHead ? { treeHead } : {}) }, { at: now });
    }
  }

  /** A deleted poll's webhook state (SQLite does not cascade). */
  async forget(trx: Knex.Transaction, pollId: string): Promise<void> {
    await trx('webhook_poll_phases').where({ pollId }).delete();
    await trx('webhook_results_sent').where({ pollId }).delete();
  }
}
