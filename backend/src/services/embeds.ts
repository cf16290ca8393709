import { notFound } from '../errors';
import type { PollReads } from './poll-reads';
import type { SiteDirectory } from './sites';

export interface EmbeddablePoll {
  id: string;
  question: string;
  /** The origins that may frame /embed/:id: the site's allowed origins and this server's own. */
  frameAncestors: string[];
}

/** The iframe embed and its oEmbed discovery, for pages where `<script>` is stripped. */
export class EmbedService {
  constructor(
    private readonly polls: PollReads,
    private readonly sites: SiteDirectory,
    private readonly ownOrigins: readonly string[],
  ) {}

  async poll(pollId: string): Promise<EmbeddablePoll> {
    const poll = await this.polls.cached(pollId);
    if (poll.status === 'draft') throw notFound('poll_not_found', 'No poll with this id');
    const allowed = (await this.sites.get(poll.siteId)).origins();
    return {
      id: poll.id,
      question: poll.question,
      frameAncestors: allowed.includes('*') ? ['*'] : [...new Set([...this.ownOrigins, ...allowed])],
    };
  }

  /**
   * The poll behind `url`, a poll page (`/p/:id`) or an iframe embed (`/embed/:id`) of `origin`,
   * the server answering. Anything else is 404, as oEmbed asks of URLs a provider cannot embed.
   */
  async pollAt(origin: string, url: unknown): Promise<EmbeddablePoll> {
    let parsed: URL | null = null;
    try {
      parsed = new URL(String(url ?? ''));
    } catch {
      /* answered below */
    }
    const match = parsed?.origin === origin ? /^\/(?:p|embed)\/([A-Za-z0-9_-]{1,32})$/.exec(parsed.pathname) : null;
    if (!match) throw notFound('poll_not_found', 'url is not a Votewire poll page of this server');
    return this.poll(match[1]!);
  }
}
