import type { PollStatus, PollType } from '@votewire/wire';
import type { Ctx, Route, View } from '../context.js';
import { errorBox } from '../context.js';
import { formatDate, h } from '../dom.js';
import { phaseBadge, TYPE_LABELS } from '../labels.js';

const PAGE_SIZE = 20;

/** Polls, filtered by status, type and text; the filters live in the URL so Back restores them. */
export function pollListView(ctx: Ctx, route: Route): View {
  const status = (route.query.get('status') ?? '') as PollStatus | '';
  const type = (route.query.get('type') ?? '') as PollType | '';
  const q = route.query.get('q') ?? '';
  const offset = Math.max(0, Number(route.query.get('offset') ?? 0) || 0);

  const statusSelect = select('filter-status', 'status', status, [
    ['', 'Any status'],
    ['draft', 'Draft'],
    ['open', 'Open'],
    ['closed', 'Closed'],
  ]);
  const typeSelect = select('filter-type', 'type', type, [
    ['', 'Any type'],
    ['single', TYPE_LABELS.single],
    ['multiple', TYPE_LABELS.multiple],
    ['ranked', TYPE_LABELS.ranked],
  ]);
  const search = h('input', { id: 'filter-q', name: 'q', type: 'search', value: q });
  const filters = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter polls' },
    field('filter-q', 'Search', search),
    field('filter-status', 'Status', statusSelect),
    field('filter-type', 'Type', typeSelect),
    h('button', { type: 'submit', class: 'btn' }, 'Filter'),
  );
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate(listHash({ status: statusSelect.value, type: typeSelect.value, q: search.value.trim() }));
  });
  for (const s of [statusSelect, typeSelect]) s.addEventListener('change', () => filters.requestSubmit());

  const results = h(
    'div',
    { class: 'poll-list', 'aria-live': 'polite', 'aria-busy': 'true' },
    h('p', { class: 'muted' }, 'Loading polls…'),
  );
  const el = h(
    'section',
    {},
    h(
      'div',
      { class: 'view-head' },
      h('h1', { tabindex: '-1' }, 'Polls'),
      h('a', { class: 'btn btn-primary', href: '#/polls/new' }, 'New poll'),
    ),
    filters,
    results,
  );

  ctx.api
    .listPolls({ status, type, q, limit: PAGE_SIZE, offset })
    .then((page) => {
      results.removeAttribute('aria-busy');
      if (page.items.length === 0) {
        results.replaceChildren(
          h(
            'div',
            { class: 'empty' },
            h('p', {}, status || type || q ? 'No polls match these filters.' : 'No polls yet.'),
            h('a', { href: '#/polls/new', class: 'btn' }, 'Create your first poll'),
          ),
        );
        return;
      }
      const rows = page.items.map((poll) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, h('a', { href: `#/polls/${encodeURIComponent(poll.id)}` }, poll.question)),
          h('td', { 'data-label': 'Type' }, TYPE_LABELS[poll.type]),
          h('td', { 'data-label': 'Status' }, phaseBadge(poll.phase)),
          h('td', { 'data-label': 'Ballots', class: 'num' }, String(poll.ballotCount)),
          h('td', { 'data-label': 'Created' }, formatDate(poll.createdAt)),
        ),
      );
      const from = page.total === 0 ? 0 : page.offset + 1;
      const to = page.offset + page.items.length;
      const base = { status, type, q };
      results.replaceChildren(
        h(
          'table',
          { class: 'table responsive' },
          h('caption', { class: 'visually-hidden' }, 'Polls'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Question'),
              h('th', { scope: 'col' }, 'Type'),
              h('th', { scope: 'col' }, 'Status'),
              h('th', { scope: 'col', class: 'num' }, 'Ballots'),
              h('th', { scope: 'col' }, 'Created'),
            ),
          ),
          h('tbody', {}, rows),
        ),
        h(
          'nav',
          { class: 'pager', 'aria-label': 'Pages' },
          h('span', {}, `${from}–${to} of ${page.total}`),
          page.offset > 0
            ? h('a', { class: 'btn', href: listHash({ ...base, offset: Math.max(0, page.offset - PAGE_SIZE) }) }, 'Previous')
            : null,
          to < page.total ? h('a', { class: 'btn', href: listHash({ ...base, offset: to }) }, 'Next') : null,
        ),
      );
    })
    .catch((err: unknown) => {
      results.removeAttribute('aria-busy');
      results.replaceChildren(errorBox(ctx, err, 'Loading polls'));
    });

  return { el };
}

function listHash(params: Record<string, string | number>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== '' && value !== 0) query.set(name, String(value));
  const s = query.toString();
  return `#/polls${s ? `?${s}` : ''}`;
}

function select(id: string, name: string, value: string, options: [string, string][]): HTMLSelectElement {
  const el = h(
    'select',
    { id, name },
    options.map(([v, label]) => h('option', { value: v }, label)),
  );
  el.value = value;
  return el;
}

function field(id: string, label: string, control: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}
