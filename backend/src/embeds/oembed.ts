import { AppError } from '../errors';
import type { EmbeddablePoll } from '../services/embeds';
import { esc } from './pages';

/** The size a consumer gets when it names no maximum: a three-option poll without scrolling. */
const DEFAULT_WIDTH = 560;
const DEFAULT_HEIGHT = 420;

/** An oEmbed "rich" answer, https://oembed.com/ section 2.3.4. */
export interface OEmbedRich {
  version: '1.0';
  type: 'rich';
  provider_name: 'Votewire';
  provider_url: string;
  title: string;
  html: string;
  width: number;
  height: number;
  cache_age: number;
}

/** Only JSON is offered; the spec's answer to another format is 501. */
export function assertJsonFormat(format: unknown): void {
  if (format !== undefined && format !== 'json') throw new AppError(501, 'format_not_implemented', 'Only format=json is offered');
}

/** The iframe a consumer pastes, within the consumer's maxwidth and maxheight. */
export function oembedFor(poll: EmbeddablePoll, origin: string, query: Record<string, unknown>): OEmbedRich {
  const width = Math.min(DEFAULT_WIDTH, limit(query.maxwidth));
  const height = Math.min(DEFAULT_HEIGHT, limit(query.maxheight));
  return {
    version: '1.0',
    type: 'rich',
    provider_name: 'Votewire',
    provider_url: origin,
    title: poll.question,
    html:
      `<iframe src="${esc(`${origin}/embed/${poll.id}`)}" width="${width}" height="${height}" title="${esc(poll.question)}" ` +
      `style="border:0;max-width:100%" loading="lazy"></iframe>`,
    width,
    height,
    cache_age: 300,
  };
}

/** A positive maxwidth/maxheight, or no limit for a missing or meaningless one. */
function limit(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : Infinity;
}
