import type { Knex } from 'knex';
import type { Poll } from '../../models/Poll';
import { phaseOf } from '../poll-rules';
import { adminPollView } from '../poll-views';
import type { ResultsService } from '../results';
import type { WebhookOutbox } from './outbox';

/** The poll.* events of a change, written in the change's transaction (`poll` loaded in it, after the change). */
export class PollWebhooks {
  constructor(
    private readonly outbox: WebhookOutbox,
    private readonly results: ResultsService,
  ) {}

  async created(trx: Knex.Transaction, poll: Poll): Promise<void> {
    await this.outbox.emit(trx, poll.siteId, 'poll.created', { poll: adminPollView(poll, Date.now()) });
    await this.phaseChanged(trx, null, poll);
  }

  async updated(trx: Knex.Transaction, before: Poll, poll: Poll): Promise<void> {
    await this.outbox.emit(trx, poll.siteId, 'poll.updated', { poll: adminPollView(poll, Date.now()) });
    await this.phaseChanged(trx, before, poll);
  }

  /** poll.opened when it became open, poll.closed (with the final results) when it became closed. */
  async phaseChanged(trx: Knex.Transaction, before: Poll | null, poll: Poll): Promise<void> {
    const now = Date.now();
    const was = before ? phaseOf(before, now) : null;
    const is = phaseOf(poll, now);
    if (was === is) return;
    const view = adminPollView(poll, now);
    if (is === 'open') await this.outbox.emit(trx, poll.siteId, 'poll.opened', { poll: view });
    if (is === 'closed') {
      await this.outbox.emit(trx, poll.siteId, 'poll.closed', { poll: view, results: await this.results.read(trx, poll.id) });
    }
  }
}
