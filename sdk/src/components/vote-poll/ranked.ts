/*
 * Everything only ranked polls need (the reorderable ballot and the instant-runoff rounds), in a
 * chunk of its own that the widget imports once it sees a ranked poll: most polls never load it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { PollResults, PublicPoll, RoundsEvent } from '@votewire/wire';
import type { Translator } from '../../i18n/i18n.js';
import { en } from '../../i18n/strings.js';
import { rankedEn } from '../../i18n/strings-ranked.js';
import { image, renderHint, type BallotContext } from './ballot.js';

Object.assign(en, rankedEn);

/** How many of the ranking's top options are sent: all of them, capped by `maxChoices`. */
export function rankedCount(poll: PublicPoll): number {
  const n = poll.options.length;
  return Math.max(Math.min(poll.minChoices, n), poll.maxChoices > 0 ? Math.min(poll.maxChoices, n) : n);
}

/** The option being dragged; one pointer drags one thing at a time on a page. */
let dragged: number | null = null;

function reorder(order: number[], id: number, to: number): number[] {
  const rest = order.filter((c) => c !== id);
  rest.splice(Math.max(0, Math.min(to, rest.length)), 0, id);
  return rest;
}

/** Moves an option to position `to` (0-based), keeps focus on it and says where it landed. */
async function move(c: BallotContext, id: number, to: number, root: ParentNode): Promise<void> {
  const from = c.choice.indexOf(id);
  if (c.busy || to < 0 || to >= c.choice.length || to === from) return;
  await c.setChoice(reorder(c.choice, id, to));
  const option = c.poll.options.find((o) => o.id === id)?.label ?? '';
  c.announce(c.t.t('moved', { option, n: to + 1, total: c.choice.length }));
  // The rows are re-rendered in place, so focus would stay on the old position: follow the option.
  const row = root.querySelector(`[data-id="${id}"]`);
  const up = to < from;
  const button = row?.querySelector<HTMLButtonElement>(up ? '.up' : '.down');
  (button?.disabled ? row?.querySelector<HTMLButtonElement>(up ? '.down' : '.up') : button)?.focus();
}

/** The keys the hint promises: arrows move by one, Home and End to either end. */
function keyTarget(key: string, i: number, last: number): number | undefined {
  return { ArrowUp: i - 1, ArrowDown: i + 1, Home: 0, End: last }[key];
}

export function renderRanking(c: BallotContext, root: ParentNode): TemplateResult {
  const { poll, choice, t } = c;
  const counted = rankedCount(poll);
  const last = choice.length - 1;
  return html`${renderHint(counted < poll.options.length ? `${t.t('rankHint')} ${t.t('rankTop', { max: counted })}` : t.t('rankHint'))}
    <ol part="options" aria-labelledby="q" aria-describedby="hint">
      ${choice.map((id, i) => {
        const option = poll.options.find((o) => o.id === id);
        const label = option?.label ?? '';
        return html`<li
          part="option rank-item"
          class="option"
          data-id=${id}
          draggable=${c.busy ? 'false' : 'true'}
          @dragstart=${(e: DragEvent) => {
            dragged = id;
            // Firefox starts no drag without data.
            e.dataTransfer?.setData('text/plain', String(id));
          }}
          @dragover=${(e: DragEvent) => {
            if (dragged === null || !choice.includes(dragged)) return;
            e.preventDefault();
            if (dragged !== id) void c.setChoice(reorder(choice, dragged, i));
          }}
          @drop=${(e: DragEvent) => e.preventDefault()}
          @dragend=${() => (dragged = null)}
          @keydown=${(e: KeyboardEvent) => {
            const to = keyTarget(e.key, i, last);
            if (to === undefined) return;
            e.preventDefault();
            void move(c, id, to, root);
          }}
        >
          <span part="rank" aria-hidden="true">${i < counted ? t.num(i + 1) : '–'}</span>
          ${image(option?.imageUrl ?? null)}<span part="option-label" class="grow">${label}</span>
          <button
            type="button"
            part="button move-button"
            class="up"
            aria-label=${t.t('moveUp', { option: label })}
            ?disabled=${c.busy || i === 0}
            @click=${() => move(c, id, i - 1, root)}
          >
            ↑
          </button>
          <button
            type="button"
            part="button move-button"
            class="down"
            aria-label=${t.t('moveDown', { option: label })}
            ?disabled=${c.busy || i === last}
            @click=${() => move(c, id, i + 1, root)}
          >
            ↓
          </button>
        </li>`;
      })}
    </ol>`;
}

/** The voter's own ranking, after voting: the results alone cannot show their order. */
export function renderMyRanking(poll: PublicPoll, t: Translator): TemplateResult {
  const ids = poll.myVote?.optionIds ?? [];
  return html`<h3 id="mine">${t.t('yourRanking')}</h3>
    <ol part="my-ranking" aria-labelledby="mine">
      ${ids.map((id, i) => html`<li>${t.num(i + 1)}. ${poll.options.find((o) => o.id === id)?.label}</li>`)}
    </ol>`;
}

/**
 * The newest rounds seen per poll. Live `results` and vote answers carry first preferences only;
 * rounds come with reads of the poll and apart on the socket (at most once a second, and only to a
 * subscription that asked for them), so the last ones stay on screen until newer ones arrive.
 */
const kept = new Map<string, RoundsEvent>();

function keep(e: RoundsEvent): void {
  if (e.version >= (kept.get(e.pollId)?.version ?? -1)) kept.set(e.pollId, e);
}

/** The live handler of a ranked poll's rounds: keeps them and re-renders the widget. */
export function onRounds(host: { requestUpdate(): void }, poll: PublicPoll): ((e: RoundsEvent) => void) | undefined {
  return poll.type === 'ranked'
    ? (e) => {
        keep(e);
        host.requestUpdate();
      }
    : undefined;
}

export function renderRounds(poll: PublicPoll, results: PollResults, t: Translator): TemplateResult | typeof nothing {
  if (results.rounds) {
    keep({ pollId: poll.id, version: results.roundsVersion ?? 0, computedAt: results.roundsComputedAt ?? 0, rounds: results.rounds });
  }
  const rounds = kept.get(poll.id)?.rounds ?? [];
  const label = (id: number) => poll.options.find((o) => o.id === id)?.label ?? String(id);
  const names = (ids: number[]) => ids.map(label).join(', ');
  const winners = rounds.at(-1)?.winnerIds ?? [];
  return rounds.length
    ? html`${winners.length ? html`<p part="winner">${t.t('winner', { options: names(winners) })}</p>` : nothing}
        <details part="rounds">
          <summary>${t.t('rounds')}</summary>
          <ol>
            ${rounds.map(
              (round) =>
                html`<li>
                  <h4>${t.t('round', { n: round.round })}</h4>
                  <ul>
                    ${round.counts.map((c) => html`<li>${label(c.id)}: ${t.t('votes', { n: c.votes })}</li>`)}
                  </ul>
                  ${round.exhausted ? html`<p>${t.t('exhausted', { n: round.exhausted })}</p>` : nothing}
                  ${round.eliminated.length ? html`<p>${t.t('eliminated', { options: names(round.eliminated) })}</p>` : nothing}
                </li>`,
            )}
          </ol>
        </details>`
    : nothing;
}
