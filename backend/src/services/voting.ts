import type { VoteResponse } from '@votewire/wire';
import { IDEMPOTENCY_KEY_PATTERN, VoteRequest } from '@votewire/wire/schema';
import { badRequest, forbidden, notFound, unauthorized } from '../errors';
import { assertVotable, checkChoices, phaseOf, resultsVisible } from './poll-rules';
import type { PollReads } from './poll-reads';
import { clientAddressHash } from './client-address';
import { originAllowed, type SiteDirectory } from './sites';
import { bodyParser } from './validate';
import type { VoterTokens } from './voter-tokens';
import { requestHashOf } from './votes/rows';
import type { VoteWriter } from './votes/vote-writer';
import type { LiveEvents } from './live-events';

export interface VoteRequestContext {
  pollId: string;
  voterToken: string | undefined;
  idempotencyKey: string | undefined;
  origin: string | undefined;
  ip: string;
  body: unknown;
}

const IDEMPOTENCY_KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);
// Parsed here rather than in the route so that a request without its headers is answered 401/400
// for those first, whatever its body.
const parseVote = bodyParser(VoteRequest);

/** Casting a vote: every check a request must pass, then the write path, then the live update. */
export class VotingService {
  constructor(
    private readonly sites: SiteDirectory,
    private readonly polls: PollReads,
    private readonly tokens: VoterTokens,
    private readonly writer: VoteWriter,
    private readonly live: LiveEvents,
    private readonly secret: string,
    private readonly ownOrigins: readonly string[],
  ) {}

  /**
   * Whether a page on `requestOrigin` may vote in this poll. The public poll read answers it, so
   * that a widget on a page that is not allowed says so when it loads rather than after a vote.
   */
  async originMayVote(pollId: string, requestOrigin: string | undefined): Promise<boolean> {
    const poll = await this.polls.cached(pollId);
    return originAllowed(await this.sites.get(poll.siteId), requestOrigin, this.ownOrigins);
  }

  async cast(req: VoteRequestContext): Promise<{ response: VoteResponse; replayed: boolean }> {
    if (!req.voterToken) throw unauthorized('voter_token_required', 'Send a voter token in the X-Voter-Token header');
    if (!req.idempotencyKey || !IDEMPOTENCY_KEY.test(req.idempotencyKey)) {
      throw badRequest('idempotency_key_required', 'Send an Idempotency-Key header of 8 to 128 characters [A-Za-z0-9_.:-]');
    }
    const { optionIds } = parseVote(req.body);
    const poll = await this.polls.cached(req.pollId);
    if (poll.status === 'draft') throw notFound('poll_not_found', 'No poll with this id');
    const site = await this.sites.get(poll.siteId);
    if (!originAllowed(site, req.origin, this.ownOrigins)) {
      throw forbidden(
        'origin_not_allowed',
        `Votes from ${req.origin} are not allowed for this poll; the site owner can add this origin to the allowed origins`,
      );
    }
    const voter = this.tokens.verifyForPoll(req.voterToken, poll.id);
    // A token minted while the poll still let anonymous voters in does not outlive the change.
    if (poll.voterPolicy === 'site_user' && voter.kind !== 'u') {
      throw forbidden('identity_required', 'This poll counts one vote per user of the site: sign in on the site to vote');
    }
    const now = Date.now();
    const phase = phaseOf(poll, now);
    assertVotable(phase);
    const countedIds = checkChoices(poll, optionIds, new Set(poll.options!.map((o) => o.id)));

    const outcome = await this.writer.write({
      poll,
      voterKey: voter.voterKey,
      optionIds,
      countedIds,
      idempotencyKey: req.idempotencyKey,
      requestHash: requestHashOf(poll.id, JSON.stringify(optionIds)),
      ipHash: clientAddressHash(this.secret, req.ip),
    });
    if (!outcome.replayed) this.live.resultsChanged(outcome.results);
    const visible = resultsVisible(poll.resultsVisibility, phase, true);
    return {
      replayed: outcome.replayed,
      response: {
        receipt: outcome.receipt,
        pollId: poll.id,
        optionIds: outcome.optionIds,
        changed: outcome.changed,
        // The version counts ballots: it goes out only with the counts it belongs to.
        ...(visible ? { version: outcome.results.version, results: outcome.results } : { results: null }),
      },
    };
  }
}
