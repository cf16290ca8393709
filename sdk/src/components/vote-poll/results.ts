import { html, nothing, type TemplateResult } from 'lit';
import type { PollResults, PublicPoll } from '@votewire/wire';
import type { Translator } from '../../i18n/i18n.js';
import { en } from '../../i18n/strings.js';
import { resultsEn } from '../../i18n/strings-results.js';
import { voteCheck } from './vote-check.js';

export { voteCheck };

Object.assign(en, resultsEn);

/*
 * The results block and its live summary, in a chunk of its own: an open poll's first render shows
 * a ballot, not results.
 */

/**
 * Bars in the poll's own option order (not sorted by votes), so that nothing jumps around under a
 * reader's eyes while live updates arrive.
 */
export function renderResults(
  poll: PublicPoll,
  results: PollResults,
  t: Translator,
  final: boolean,
  /** The instant-runoff rounds of a ranked poll, rendered by the ranked chunk. */
  rounds?: unknown,
): TemplateResult {
  // A ranked ballot names every option: the ranked chunk shows its order instead of marks here.
  const mine = new Set(poll.type === 'ranked' ? [] : poll.myVote?.optionIds);
  const byId = new Map(results.options.map((o) => [o.id, o]));
  return html`<div part="results">
    <h3 tabindex="-1">${t.t(final ? 'finalResults' : 'results')}</h3>
    <ul>
      ${poll.options.map((o) => {
        const r = byId.get(o.id);
        const percent = r?.percent ?? 0;
        return html`<li part=${mine.has(o.id) ? 'result result-mine' : 'result'}>
          <span class="line">
            <span part="result-label">${o.label}${mine.has(o.id) ? html` <span>(${t.t('yourChoice')})</span>` : nothing}</span>
            <span part="count" class="count">${t.pct(percent)} · ${t.t('votes', { n: r?.votes ?? 0 })}</span>
          </span>
          <span part="bar" class="bar"><span part="bar-fill" class="fill" .style=${`--p:${percent / 100}`}></span></span>
        </li>`;
      })}
    </ul>
    <p part="total" class="muted">${t.t('voters', { n: results.totalBallots })}</p>
    ${poll.type === 'multiple' ? html`<p class="muted">${t.t('multiNote')}</p>` : nothing} ${rounds ?? nothing}
    ${poll.myVote ? voteCheck(poll, t) : nothing}
  </div>`;
}

/** One short sentence for the live region: the leading options and their shares. */
export function summarize(poll: PublicPoll, results: PollResults, t: Translator): string {
  return [...results.options]
    .sort((a, b) => b.votes - a.votes)
    .slice(0, 3)
    .map((r) => `${poll.options.find((o) => o.id === r.id)?.label ?? r.id} ${t.pct(r.percent)}`)
    .join(', ');
}
