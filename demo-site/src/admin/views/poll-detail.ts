import type { AdminPoll, PollResults } from '@votewire/wire';
import type { Ctx, View } from '../context.js';
import { errorBox, withBusy } from '../context.js';
import { copyText, embedSnippet, iframeSnippet, npmSnippet } from '../clipboard.js';
import { resultsChart } from '../chart.js';
import { confirmAction } from '../dialog.js';
import { formatDate, h } from '../dom.js';
import { phaseBadge, TYPE_LABELS, VISIBILITY_LABELS, voterPolicyLabel } from '../labels.js';
import { LiveResults, type LiveMode } from '../live.js';
import { loadWidget } from '../widget.js';

const MODE_TEXT: Record<LiveMode, string> = {
  connecting: 'Connecting…',
  socket: 'Live',
  polling: 'Live (refreshing every 2 s)',
};

/** One poll: its settings, embed snippet, the real widget, live results and the admin actions. */
export function pollDetailView(ctx: Ctx, initial: AdminPoll): View {
  let poll = initial;
  let results: PollResults | null = null;

  const title = h('h1', { tabindex: '-1', class: 'poll-title' });
  const badge = h('span', { class: 'title-badge' });
  const facts = h('dl', { class: 'facts' });
  const actionStatus = h('div', { class: 'form-status' });
  const toggle = h('button', { type: 'button', class: 'btn btn-primary', id: 'toggle-status' });
  const exportButton = h('button', { type: 'button', class: 'btn', id: 'export-csv' }, 'Export CSV');
  const deleteButton = h('button', { type: 'button', class: 'btn btn-danger' }, 'Delete');
  const editLink = h('a', { class: 'btn', href: `#/polls/${encodeURIComponent(poll.id)}/edit` }, 'Edit');

  const liveMode = h('span', { class: 'live-mode', 'aria-live': 'polite' });
  const total = h('p', { class: 'total', 'data-testid': 'total-ballots' });
  const chart = h('div', { class: 'chart-slot' });
  const liveError = h('div', {});

  const embedBox = embedChoices(ctx, poll.id);

  // The real widget, exactly as a site embeds it. Loaded on demand so a missing SDK only affects this box.
  const widgetFrame = h('div', { class: 'widget-frame' });
  function mountWidget(): void {
    const widget = document.createElement('vote-poll');
    widget.setAttribute('poll-id', poll.id);
    widgetFrame.replaceChildren(widget);
  }
  mountWidget();
  void loadWidget().catch(() => {});

  function render(): void {
    title.textContent = poll.question;
    badge.replaceChildren(phaseBadge(poll.phase));
    facts.replaceChildren(
      ...fact('Id', h('code', {}, poll.id)),
      ...fact('Type', TYPE_LABELS[poll.type] + (poll.type === 'single' ? '' : ` (${poll.minChoices}–${poll.maxChoices} choices)`)),
      ...fact('Results', VISIBILITY_LABELS[poll.resultsVisibility]),
      ...fact('Vote changes', poll.allowVoteChange ? 'Allowed' : 'Not allowed'),
      ...fact('Who may vote', voterPolicyLabel(poll)),
      ...fact('Opens', formatDate(poll.opensAt)),
      ...fact('Closes', formatDate(poll.closesAt)),
      ...fact('Created', formatDate(poll.createdAt)),
    );
    const isOpen = poll.status === 'open';
    toggle.textContent = isOpen ? 'Close poll' : poll.status === 'closed' ? 'Reopen poll' : 'Open poll';
    renderResults();
  }

  function renderResults(): void {
    const count = results?.totalBallots ?? poll.ballotCount;
    total.replaceChildren(h('strong', { class: 'total-count' }, String(count)), ` ballot${count === 1 ? '' : 's'}`);
    chart.replaceChildren(resultsChart(poll, results));
  }

  async function reloadPoll(): Promise<void> {
    poll = await ctx.api.getPoll(poll.id);
    render();
  }

  toggle.addEventListener('click', () => {
    void withBusy(ctx, toggle, actionStatus, poll.status === 'open' ? 'Closing the poll' : 'Opening the poll', async () => {
      const wasOpen = poll.status === 'open';
      poll = wasOpen ? await ctx.api.closePoll(poll.id) : await ctx.api.openPoll(poll.id);
      render();
      const message = wasOpen ? 'Poll closed: voting has stopped.' : 'Poll open: voters can vote.';
      ctx.notify(message);
      // The busy button lost focus while disabled: focus goes to what changed, not to <body>.
      const done = h('p', { class: 'alert alert-success', tabindex: '-1', 'data-testid': 'toggle-done' }, message);
      actionStatus.replaceChildren(done);
      done.focus();
      await live.refresh();
      // The widget reloads itself on the phase push; a fresh one also covers a socket that is down.
      mountWidget();
    });
  });

  exportButton.addEventListener('click', () => {
    void withBusy(ctx, exportButton, actionStatus, 'Exporting ballots', async () => {
      const { blob, filename } = await ctx.api.exportBallots(poll.id);
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: filename, class: 'visually-hidden' });
      document.body.append(link);
      link.click();
      link.remove();
      // Revoked later: some browsers read the URL after click() returns.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      ctx.notify(`Downloaded ${filename}.`);
    });
  });

  deleteButton.addEventListener('click', () => {
    void confirmAction(
      'Delete this poll?',
      'The poll, its ballots and its results are deleted for good. Pages embedding it will show an error.',
      'Delete poll',
    ).then((yes) => {
      if (!yes) return deleteButton.focus();
      return withBusy(ctx, deleteButton, actionStatus, 'Deleting the poll', async () => {
        await ctx.api.deletePoll(poll.id);
        ctx.notify('Poll deleted.');
        ctx.navigate('#/polls');
      });
    });
  });

  const live = new LiveResults(ctx.api, poll.id, {
    onResults(next) {
      results = next;
      liveError.replaceChildren();
      renderResults();
    },
    onPhase() {
      void reloadPoll().catch((err: unknown) => liveError.replaceChildren(errorBox(ctx, err, 'Reloading the poll')));
    },
    onMode(mode) {
      liveMode.textContent = MODE_TEXT[mode];
      liveMode.dataset['mode'] = mode;
    },
    onError(err) {
      liveError.replaceChildren(errorBox(ctx, err, 'Loading results'));
    },
  });
  void live.start();
  render();

  const el = h(
    'section',
    { class: 'poll-detail' },
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/polls' }, '← All polls')),
    h('div', { class: 'view-head' }, h('div', {}, badge, title)),
    h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Poll actions' }, toggle, editLink, exportButton, deleteButton),
    actionStatus,
    h(
      'div',
      { class: 'detail-grid' },
      h(
        'section',
        { class: 'card results-card', 'aria-labelledby': 'results-title' },
        h('div', { class: 'card-head' }, h('h2', { id: 'results-title' }, 'Results'), liveMode),
        total,
        chart,
        liveError,
      ),
      h(
        'div',
        { class: 'stack' },
        embedBox,
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'widget-title' },
          h('h2', { id: 'widget-title' }, 'Preview'),
          h('p', { class: 'help' }, 'The real widget as voters see it. A vote cast here counts.'),
          widgetFrame,
        ),
        h('section', { class: 'card', 'aria-labelledby': 'settings-title' }, h('h2', { id: 'settings-title' }, 'Settings'), facts),
      ),
    ),
  );
  return { el, dispose: () => live.stop() };
}

/**
 * The three ways to embed a poll, each with its own Copy button, and the origins that must be
 * allowed: votes (and iframes) from any other page are refused.
 */
function embedChoices(ctx: Ctx, pollId: string): HTMLElement {
  const copyStatus = h('span', { id: 'copy-status', class: 'muted', role: 'status' });
  const choice = (title: string, help: string, text: string, button: string, id: string) => {
    const copy = h('button', { type: 'button', class: 'btn', 'aria-describedby': 'copy-status' }, button);
    copy.addEventListener('click', () => {
      void copyText(text).then((ok) => {
        copyStatus.textContent = ok ? 'Copied to the clipboard.' : 'Copy failed: select the snippet and copy it by hand.';
      });
    });
    return h(
      'div',
      { class: 'embed-choice' },
      h('h3', {}, title),
      h('p', { class: 'help' }, help),
      h('pre', { class: 'snippet' }, h('code', { id }, text)),
      h('div', { class: 'actions' }, copy),
    );
  };
  const origins = ctx.site.allowedOrigins;
  const allowed = origins.includes('*')
    ? h('p', { class: 'help' }, 'Your site allows every origin: any page may show this poll and collect votes.')
    : h(
        'p',
        { class: 'help', 'data-testid': 'embed-origins' },
        origins.length
          ? `Votes and iframes are accepted only on pages of: ${origins.join(', ')}. `
          : 'No origin is allowed yet: pages on other sites cannot collect votes or show the iframe. ',
        'Add the origin of every page that embeds the poll (e.g. https://www.example.org) under ',
        h('a', { href: '#/site' }, 'Site settings'),
        '.',
      );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'embed-title' },
    h('h2', { id: 'embed-title' }, 'Embed'),
    allowed,
    choice('Script', 'Paste this where the poll should appear on your page.', embedSnippet(pollId), 'Copy snippet', 'embed-snippet'),
    choice(
      'iframe',
      'For editors that strip scripts (WordPress without unfiltered HTML, Notion, Medium). oEmbed sites can take the poll page instead: ' +
        `${location.origin}/p/${pollId}`,
      iframeSnippet(pollId),
      'Copy iframe',
      'embed-iframe',
    ),
    choice('npm / React', 'In an app that bundles its own code.', npmSnippet(pollId), 'Copy npm snippet', 'embed-npm'),
    copyStatus,
  );
}

function fact(term: string, value: Node | string): HTMLElement[] {
  return [h('dt', {}, term), h('dd', {}, value)];
}
