// The live results chart: one bar per option, sized by share of ballots, with the numbers as text so
// a screen reader gets the same information as the bars. Ranked polls add the instant-runoff rounds.
import type { AdminPoll, PollResults } from '@votewire/wire';
import { h } from './dom.js';

export function resultsChart(poll: AdminPoll, results: PollResults | null): HTMLElement {
  if (!results) {
    return h('p', { class: 'muted' }, 'No results yet.');
  }
  const byId = new Map(results.options.map((o) => [o.id, o]));
  const winners = new Set(results.rounds?.at(-1)?.winnerIds ?? []);
  const rows = [...poll.options]
    .sort((a, b) => a.position - b.position)
    .map((option) => {
      const result = byId.get(option.id);
      const votes = result?.votes ?? 0;
      const percent = result?.percent ?? 0;
      const bar = h('span', { class: 'bar-fill' });
      // Width via CSSOM, which a strict CSP allows (a style="" attribute it would block). The share
      // of ballots, as the widget shows it: three options at 50 % are half-full bars, not full ones.
      bar.style.width = `${Math.min(100, percent)}%`;
      return h(
        'li',
        { class: `bar-row${winners.has(option.id) ? ' is-winner' : ''}`, 'data-option-id': option.id },
        h('span', { class: 'bar-label' }, option.label, winners.has(option.id) ? h('span', { class: 'badge badge-open' }, 'winner') : null),
        h('span', { class: 'bar-track', 'aria-hidden': 'true' }, bar),
        h(
          'span',
          { class: 'bar-value' },
          h('strong', { class: 'bar-votes' }, String(votes)),
          ` vote${votes === 1 ? '' : 's'} · ${formatPercent(percent)}`,
        ),
      );
    });
  const caption =
    poll.type === 'ranked'
      ? 'First preferences'
      : poll.type === 'multiple'
        ? 'Share of ballots choosing each option (ballots may choose several)'
        : 'Share of ballots';
  return h(
    'figure',
    { class: 'chart' },
    h('figcaption', { class: 'muted' }, caption),
    h('ol', { class: 'bars' }, rows),
    poll.type === 'ranked' && results.rounds?.length ? roundsTable(poll, results) : null,
  );
}

function roundsTable(poll: AdminPoll, results: PollResults): HTMLElement {
  const rounds = results.rounds ?? [];
  const labels = new Map(poll.options.map((o) => [o.id, o.label]));
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, 'Option'),
    rounds.map((r) => h('th', { scope: 'col' }, `Round ${r.round}`)),
  );
  const body = [...poll.options]
    .sort((a, b) => a.position - b.position)
    .map((option) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, option.label),
        rounds.map((r) => {
          const count = r.counts.find((c) => c.id === option.id);
          const eliminated = r.eliminated.includes(option.id);
          const won = r.winnerIds.includes(option.id);
          return h(
            'td',
            { class: eliminated ? 'is-eliminated' : won ? 'is-winner' : '' },
            count ? String(count.votes) : '—',
            eliminated ? ' (out)' : won ? ' (wins)' : '',
          );
        }),
      ),
    );
  const exhausted = h(
    'tr',
    {},
    h('th', { scope: 'row' }, 'Exhausted ballots'),
    rounds.map((r) => h('td', {}, String(r.exhausted))),
  );
  const winnerNames = (rounds.at(-1)?.winnerIds ?? []).map((id) => labels.get(id) ?? `#${id}`);
  return h(
    'div',
    { class: 'rounds' },
    h('h3', {}, 'Instant-runoff rounds'),
    winnerNames.length ? h('p', {}, 'Winner: ', h('strong', {}, winnerNames.join(', '))) : null,
    h('div', { class: 'table-scroll' }, h('table', {}, h('thead', {}, head), h('tbody', {}, body, exhausted))),
  );
}

function formatPercent(percent: number): string {
  return `${Math.round(percent * 10) / 10}%`;
}
