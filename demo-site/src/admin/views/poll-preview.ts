import type { PollInput, PublicPoll, VoteResponse } from '@votewire/wire';
import { h } from '../dom.js';
import { loadWidget } from '../widget.js';

/** The preview element: `<vote-poll>` with the poll it shows. */
interface WidgetElement extends HTMLElement {
  poll: PublicPoll | null;
}

let previews = 0;

/**
 * The poll being edited in the real `<vote-poll>`. An unsaved poll has no id for the widget to
 * load, so a subclass answers its client's calls from the editor: the poll comes from the form,
 * and Vote shows the thanks a voter would see without sending anything.
 */
function definePreview(VotePoll: CustomElementConstructor): void {
  if (customElements.get('vote-poll-preview')) return;
  class PollPreview extends (VotePoll as unknown as new () => WidgetElement) {
    override poll: PublicPoll | null = null;
    // The widget compares clients by identity: one per element.
    readonly #client = {
      apiBase: 'preview:',
      getPoll: async () => structuredClone(this.poll!),
      castVote: async (pollId: string, optionIds: number[]): Promise<VoteResponse> => ({
        receipt: 'preview',
        pollId,
        optionIds,
        changed: false,
        version: 0,
        results: null,
      }),
      pendingVote: () => null,
      resumePending: () => null,
      storedToken: () => null,
      subscribe: () => Promise.reject(new Error('no live updates in a preview')),
    };
    get client() {
      return this.#client;
    }
  }
  customElements.define('vote-poll-preview', PollPreview as unknown as CustomElementConstructor);
}

/** The voter's view of the form's poll, as the public API would send it once saved and open. */
export function previewPoll(input: PollInput): PublicPoll {
  // A new id per change: the widget starts from a fresh ballot (a ranking of the new options).
  previews += 1;
  const options = input.options
    .filter((o) => o.label.trim() !== '')
    .map((o, i) => ({ id: i + 1, label: o.label.trim(), imageUrl: o.imageUrl ?? null, position: i }));
  const type = input.type ?? 'single';
  return {
    id: `preview-${previews}`,
    question: input.question.trim() || 'Your question',
    description: input.description ?? null,
    type,
    minChoices: type === 'single' ? 1 : (input.minChoices ?? 1),
    maxChoices: type === 'single' ? 1 : (input.maxChoices ?? 0),
    resultsVisibility: input.resultsVisibility ?? 'always',
    allowVoteChange: input.allowVoteChange ?? true,
    voterPolicy: input.voterPolicy ?? 'browser',
    maxBallotsPerIp: input.maxBallotsPerIp ?? 1,
    status: 'open',
    phase: 'open',
    opensAt: null,
    closesAt: null,
    options,
    results: null,
    myVote: null,
    originAllowed: true,
    serverTime: new Date().toISOString(),
  };
}

/** A preview box; `show` re-renders it with the form's current input. */
export function pollPreview(): { el: HTMLElement; show(input: PollInput): void } {
  const el = h('div', { class: 'preview-card', 'data-testid': 'poll-preview' }, h('p', { class: 'muted' }, 'Loading the widget…'));
  let widget: WidgetElement | null = null;
  let latest: PublicPoll | null = null;
  const ready = loadWidget().then((VotePoll) => {
    definePreview(VotePoll);
    widget = document.createElement('vote-poll-preview') as WidgetElement;
    widget.setAttribute('no-live', '');
    widget.poll = latest;
    if (latest) widget.setAttribute('poll-id', latest.id);
    el.replaceChildren(widget, h('p', { class: 'help' }, 'The real widget. Votes here are not sent.'));
  });
  ready.catch(() => el.replaceChildren(h('p', { class: 'muted' }, 'The widget could not be loaded (/sdk/vote-poll.js).')));
  return {
    el,
    show(input) {
      latest = previewPoll(input);
      if (!widget) return;
      widget.poll = latest;
      widget.setAttribute('poll-id', latest.id);
    },
  };
}
