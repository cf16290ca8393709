import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { PollPhase, PollResults, PublicPoll, VoteResponse } from '@votewire/wire';
import { VotewireError, toVotewireError } from '../../client/errors.js';
import type { LiveSubscription } from '../../client/live.js';
import { VotewireClient } from '../../client/votewire-client.js';
import type { VotePollEventMap } from '../../events.js';
import { Translator, addStrings, isLanguageReady, loadLanguage, pickLanguage } from '../../i18n/i18n.js';
import type { Strings } from '../../i18n/strings.js';
import { isValidBallot, rankedCount, renderBallot } from './ballot.js';
import { renderResults, summarize } from './results.js';
import { styles } from './vote-poll.styles.js';

/** The origin this script was loaded from: where the Votewire server that served it lives. */
const scriptOrigin = new URL(import.meta.url).origin;

/** Screen readers hear result changes at most this often, however fast votes arrive. */
const ANNOUNCE_EVERY_MS = 10_000;

/**
 * A live poll. Loads the poll `poll-id` from the Votewire API, lets the visitor vote (single
 * choice, multiple choice or ranked), and keeps the results live over Socket.IO.
 *
 * @summary Embeddable live poll.
 *
 * @attr lang - Language of the widget (`en`, `fr`, `de`, `es` built in); defaults to the nearest `lang` on the page.
 *
 * @fires vote-cast - The server recorded the visitor's vote. `detail: {pollId, optionIds, receipt, changed}`.
 * @fires vote-error - Loading or voting failed. `detail: {pollId, code, message, status}`.
 * @fires vote-results - Newer results arrived. `detail: {pollId, results}`.
 *
 * @csspart base - The outer box.
 * @csspart question - The poll's question (an `h2`).
 * @csspart description - The poll's description.
 * @csspart form - The voting form.
 * @csspart hint - How many options to choose, or how to rank.
 * @csspart options - The group of options.
 * @csspart option - One option (a label, or a list item for ranked polls).
 * @csspart input - A radio button or checkbox.
 * @csspart option-label - An option's text.
 * @csspart image - An option's image.
 * @csspart rank-item - A ranked option.
 * @csspart rank - The rank number of a ranked option.
 * @csspart move-button - The up and down buttons of a ranked option.
 * @csspart button - Every button.
 * @csspart submit - The vote button.
 * @csspart status - The message after voting, while the vote is pending, or when the poll is closed or not open.
 * @csspart countdown - Time left until the poll opens.
 * @csspart results - The results block.
 * @csspart result - One option's result; `result-mine` is added for the visitor's choices.
 * @csspart result-label - An option's name in the results.
 * @csspart count - Percentage and number of votes.
 * @csspart bar - The track of a result bar.
 * @csspart bar-fill - The filled part of a result bar.
 * @csspart total - The number of voters.
 * @csspart winner - The winner of a ranked poll.
 * @csspart rounds - The instant-runoff rounds of a ranked poll.
 * @csspart error - An error message.
 *
 * @cssprop --vote-poll-font - Font family (inherits the page's by default).
 * @cssprop --vote-poll-bg - Background.
 * @cssprop --vote-poll-fg - Text colour.
 * @cssprop --vote-poll-muted - Secondary text colour.
 * @cssprop --vote-poll-border - Border colour.
 * @cssprop --vote-poll-accent - Buttons, bars and focus ring.
 * @cssprop --vote-poll-accent-fg - Text on the accent colour.
 * @cssprop --vote-poll-track - Empty part of result bars.
 * @cssprop --vote-poll-error - Error text colour.
 * @cssprop --vote-poll-radius - Corner radius.
 * @cssprop --vote-poll-gap - Base spacing.
 * @cssprop --vote-poll-max-width - Maximum width of the widget.
 */
export class VotePoll extends LitElement {
  static override styles = styles;

  static override properties = {
    pollId: { attribute: 'poll-id', reflect: true },
    apiBase: { attribute: 'api-base' },
    noLive: { attribute: 'no-live', type: Boolean },
    theme: { reflect: true },
    strings: { type: Object },
    _poll: { state: true },
    _results: { state: true },
    _error: { state: true },
    _formError: { state: true },
    _choice: { state: true },
    _sending: { state: true },
    _editing: { state: true },
    _peek: { state: true },
    _now: { state: true },
    _announcement: { state: true },
  };

  /** Adds a language, or replaces strings of one, for every `<vote-poll>` on the page. */
  static addStrings = addStrings;

  /** The id of the poll to show. */
  declare pollId: string;
  /** Base URL of the Votewire API; defaults to the origin this script was loaded from. */
  declare apiBase: string;
  /** Turns off live updates: no socket is opened, results refresh only after a vote. */
  declare noLive: boolean;
  /** `light` (default), `dark`, or `auto` to follow the visitor's system setting. */
  declare theme: 'light' | 'dark' | 'auto';
  /** Overrides of any text, e.g. `{"vote": "Send"}`; as an attribute, JSON. */
  declare strings: Partial<Strings>;

  declare private _poll: PublicPoll | null;
  declare private _results: PollResults | null;
  declare private _error: VotewireError | null;
  declare private _formError: string;
  declare private _choice: number[];
  declare private _sending: 'no' | 'sending' | 'pending';
  declare private _editing: boolean;
  declare private _peek: boolean;
  declare private _now: number;
  declare private _announcement: string;

  #clientCache: VotewireClient | undefined;
  #live: Promise<LiveSubscription> | undefined;
  #onScreen = false;
  #skew = 0;
  #ticker: ReturnType<typeof setInterval> | undefined;
  #lastReload = 0;
  #lastAnnounce = 0;
  #announceTimer: ReturnType<typeof setTimeout> | undefined;
  #dragId: number | null = null;
  readonly #seen = new IntersectionObserver((entries) => {
    this.#onScreen = entries.some((e) => e.isIntersecting);
    this.#goLive();
  });

  constructor() {
    super();
    this.pollId = '';
    this.apiBase = '';
    this.noLive = false;
    this.theme = 'light';
    this.strings = {};
    this._poll = null;
    this._results = null;
    this._error = null;
    this._formError = '';
    this._choice = [];
    this._sending = 'no';
    this._editing = false;
    this._peek = false;
    this._now = Date.now();
    this._announcement = '';
  }

  /** `lang` is a global attribute, so it is watched here rather than declared as a property. */
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
  }

  /** The client this widget uses; share its settings (API base) with your own code. */
  get client(): VotewireClient {
    const base = this.apiBase || scriptOrigin;
    if (this.#clientCache?.apiBase !== base.replace(/\/+$/, '')) this.#clientCache = new VotewireClient(base);
    return this.#clientCache;
  }

  /** Reloads the poll, e.g. after an error. */
  reload(): Promise<void> {
    return this.#load();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#seen.observe(this);
    if (this._poll) {
      this.#goLive();
      this.#tick();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#seen.disconnect();
    this.#onScreen = false;
    this.#stopLive();
    clearInterval(this.#ticker);
    this.#ticker = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('pollId') || changed.has('apiBase')) {
      this.#stopLive();
      this._poll = this._results = this._error = null;
      this._choice = [];
      this._sending = 'no';
      void this.#load();
    }
    if (changed.has('noLive')) this.noLive ? this.#stopLive() : this.#goLive();
    const lang = this.#language;
    if (!isLanguageReady(lang)) void loadLanguage(lang).then(() => this.requestUpdate(), () => {});
  }

  /** The page's language tag for this element: its own `lang`, the nearest ancestor's, or the browser's. */
  get #locale(): string {
    return this.closest('[lang]')?.getAttribute('lang') || navigator.language || 'en';
  }

  get #language(): string {
    return pickLanguage(this.#locale);
  }

  #emit<K extends keyof VotePollEventMap>(type: K, detail: VotePollEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #emitError(error: VotewireError): void {
    this.#emit('vote-error', { pollId: this.pollId, code: error.code, message: error.message, status: error.status });
  }

  async #load(): Promise<void> {
    const { pollId, client } = this;
    if (!pollId) {
      this._error = new VotewireError('no_poll', 'No poll-id attribute');
      return;
    }
    this.#lastReload = Date.now();
    try {
      const poll = await client.getPoll(pollId);
      if (pollId !== this.pollId || client !== this.client) return;
      this.#skew = Date.parse(poll.serverTime) - Date.now();
      if (this._poll?.id !== poll.id || !this._choice.length) this._choice = initialChoice(poll);
      this._poll = poll;
      this._error = null;
      if (poll.results) this.#applyResults(poll.results);
      if (poll.phase === 'closed') this.#stopLive();
      else this.#goLive();
      this.#tick();
      this.#resumePending();
    } catch (e) {
      if (pollId !== this.pollId) return;
      const error = toVotewireError(e);
      // A failed background refresh keeps what is on screen; only a first load shows the error.
      if (!this._poll) this._error = error;
      this.#emitError(error);
    }
  }

  #applyResults(results: PollResults): void {
    if (results.pollId !== this.pollId) return;
    // Live messages, vote answers and snapshots race each other; the version orders them.
    if (this._results && results.version <= this._results.version) return;
    const hadResults = !!this._results;
    this._results = results;
    this.#emit('vote-results', { pollId: this.pollId, results });
    if (hadResults) this.#announceResults();
  }

  #announceResults(): void {
    const wait = this.#lastAnnounce + ANNOUNCE_EVERY_MS - Date.now();
    if (wait > 0) {
      this.#announceTimer ??= setTimeout(() => {
        this.#announceTimer = undefined;
        this.#announceResults();
      }, wait);
      return;
    }
    if (!this._poll || !this._results) return;
    this.#lastAnnounce = Date.now();
    const t = this.#translator;
    this._announcement = t.t('updated', { summary: summarize(this._poll, this._results, t) });
  }

  #goLive(): void {
    const poll = this._poll;
    if (this.noLive || !this.#onScreen || !poll || poll.phase === 'closed' || this.#live || !this.isConnected) return;
    const live = this.client.subscribe(poll.id, {
      results: (r) => this.#applyResults(r),
      phase: (phase: PollPhase) => phase !== this._poll?.phase && void this.#load(),
      reconnected: () => void this.#load(),
    });
    this.#live = live;
    // The socket chunk may fail to load (offline, blocked); the widget then works without live.
    live.then(
      (sub) => this.#live !== live && sub.close(),
      () => this.#live === live && (this.#live = undefined),
    );
  }

  #stopLive(): void {
    void this.#live?.then((sub) => sub.close(), () => {});
    this.#live = undefined;
  }

  /** The countdown to opening: ticks each second, and reloads the poll once it should be open. */
  #tick(): void {
    const opensAt = this._poll?.phase === 'scheduled' && this._poll.opensAt ? Date.parse(this._poll.opensAt) : 0;
    if (!opensAt || !this.isConnected) {
      clearInterval(this.#ticker);
      this.#ticker = undefined;
      return;
    }
    this.#ticker ??= setInterval(() => {
      this._now = Date.now();
      if (this._now + this.#skew >= opensAt && this._now - this.#lastReload > 3000) void this.#load();
    }, 1000);
  }

  #resumePending(): void {
    if (this._sending !== 'no') return;
    const pending = this.client.resumePending(this.pollId, () => (this._sending = 'pending'));
    if (!pending) return;
    this._sending = 'pending';
    this._choice = this.client.pendingVote(this.pollId)?.optionIds ?? this._choice;
    this.#track(pending, false);
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    const poll = this._poll;
    if (!poll || this._sending !== 'no' || !isValidBallot(poll, this._choice)) return;
    const ballot = poll.type === 'ranked' ? this._choice.slice(0, rankedCount(poll)) : this._choice;
    this._sending = 'sending';
    this._formError = '';
    await this.#track(
      this.client.castVote(poll.id, ballot, () => (this._sending = 'pending')),
      true,
    );
  }

  async #track(vote: Promise<VoteResponse>, moveFocus: boolean): Promise<void> {
    const pollId = this.pollId;
    try {
      this.#voted(await vote);
    } catch (e) {
      if (pollId !== this.pollId) return;
      const error = toVotewireError(e);
      this._sending = 'no';
      this._formError = this.#translator.error(error.code);
      this.#emitError(error);
      // The server knows better than this page: show its current state (the earlier vote, closed…).
      if (['already_voted', 'poll_closed', 'poll_not_open'].includes(error.code)) void this.#load();
    }
    // After a submit, focus goes to what replaced the form (thanks, pending or error message).
    if (moveFocus) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#status, .error')?.focus();
    }
  }

  #voted(answer: VoteResponse): void {
    if (answer.pollId !== this.pollId || !this._poll) return;
    this._sending = 'no';
    this._editing = this._peek = false;
    this._poll = { ...this._poll, myVote: { optionIds: answer.optionIds, receipt: answer.receipt } };
    if (answer.results) this.#applyResults(answer.results);
    // With `after_vote` visibility, results flow over the socket only once it knows our token.
    void this.#live?.then((sub) => sub.refresh(this.client.storedToken() ?? undefined));
    this.#emit('vote-cast', {
      pollId: answer.pollId,
      optionIds: answer.optionIds,
      receipt: answer.receipt,
      changed: answer.changed,
    });
  }

  get #translator(): Translator {
    return new Translator(this.#locale, this.strings);
  }

  #toggle(id: number, on: boolean): void {
    if (this._poll?.type === 'single') this._choice = on ? [id] : [];
    else this._choice = on ? [...this._choice.filter((c) => c !== id), id] : this._choice.filter((c) => c !== id);
  }

  async #move(id: number, by: number): Promise<void> {
    this.#reorder(id, this._choice.indexOf(id) + by);
    // The rows are re-rendered in place, so focus would stay on the old position: follow the option.
    await this.updateComplete;
    const row = this.renderRoot.querySelector(`[data-id="${id}"]`);
    const button = row?.querySelector<HTMLButtonElement>(by < 0 ? '.up' : '.down');
    (button?.disabled ? row?.querySelector<HTMLButtonElement>(by < 0 ? '.down' : '.up') : button)?.focus();
  }

  #reorder(id: number, to: number): void {
    const order = this._choice.filter((c) => c !== id);
    order.splice(Math.max(0, Math.min(to, order.length)), 0, id);
    this._choice = order;
  }

  #dragStart(event: DragEvent, id: number): void {
    this.#dragId = id;
    // Firefox starts no drag without data.
    event.dataTransfer?.setData('text/plain', String(id));
    if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
  }

  #dragOver(event: DragEvent, overId: number): void {
    if (this.#dragId === null) return;
    event.preventDefault();
    if (overId !== this.#dragId) this.#reorder(this.#dragId, this._choice.indexOf(overId));
  }

  protected override render(): TemplateResult {
    const t = this.#translator;
    const poll = this._poll;
    const ready = poll && isLanguageReady(this.#language);
    return html`<section
      part="base"
      class="base"
      lang=${t.locale}
      aria-busy=${ready || this._error ? 'false' : 'true'}
      aria-labelledby=${poll ? 'q' : nothing}
    >
      ${this._error && !poll
        ? this.#renderError(t, this._error)
        : ready
          ? html`<h2 id="q" part="question" class="question">${poll.question}</h2>
              ${poll.description ? html`<p part="description" class="muted">${poll.description}</p>` : nothing}
              ${this.#renderPhase(t, poll)}`
          : html`<p class="muted loading">${t.t('loading')}</p>`}
      <div class="sr" role="status" aria-live="polite">${this._announcement}</div>
    </section>`;
  }

  #renderError(t: Translator, error: VotewireError): TemplateResult {
    return html`<p part="error" class="error" role="alert">${t.error(error.code)}</p>
      <button part="button retry" @click=${() => this.reload()}>${t.t('retry')}</button>`;
  }

  #renderPhase(t: Translator, poll: PublicPoll): TemplateResult {
    const results = this._results;
    if (poll.phase === 'closed') {
      return html`<p id="status" part="status" class="status" tabindex="-1">${t.t('closed')}</p>
        ${results ? renderResults(poll, results, t, true) : html`<p class="muted">${t.t('resultsHidden')}</p>`}`;
    }
    if (poll.phase !== 'open') {
      const opensAt = poll.opensAt ? Date.parse(poll.opensAt) : 0;
      return html`<p id="status" part="status" class="status" tabindex="-1">${t.t('notOpen')}</p>
        ${opensAt && poll.phase === 'scheduled'
          ? html`<p part="countdown" class="countdown">
              ${t.t('opens', { when: t.relative(opensAt - this._now - this.#skew) })}
              (<time datetime=${poll.opensAt!}>${t.date(poll.opensAt!)}</time>)
            </p>`
          : nothing}`;
    }
    if (this._sending === 'pending') {
      return html`<p id="status" part="status" class="status pending" tabindex="-1">${t.t('pending')}</p>`;
    }
    if (poll.myVote && !this._editing) {
      return html`<p id="status" part="status" class="status" tabindex="-1">${t.t('thanks')}</p>
        ${results
          ? renderResults(poll, results, t, false)
          : html`<p class="muted">
              ${t.t('yourChoice')}: ${poll.myVote.optionIds.map((id) => poll.options.find((o) => o.id === id)?.label).join(', ')}.
              ${t.t(poll.resultsVisibility === 'hidden' ? 'resultsHidden' : 'resultsLater')}
            </p>`}
        ${poll.allowVoteChange
          ? html`<button part="button change" @click=${() => this.#startChange(poll)}>${t.t('change')}</button>`
          : nothing}`;
    }
    if (this._peek && results) {
      return html`${renderResults(poll, results, t, false)}
        <button part="button" @click=${() => (this._peek = false)}>${t.t('backToVote')}</button>`;
    }
    return this.#renderForm(t, poll, !!results);
  }

  #startChange(poll: PublicPoll): void {
    this._editing = true;
    this._choice = initialChoice(poll);
  }

  #renderForm(t: Translator, poll: PublicPoll, canPeek: boolean): TemplateResult {
    const busy = this._sending !== 'no';
    return html`<form part="form" class="form" novalidate @submit=${this.#submit}>
      ${renderBallot({
        poll,
        t,
        busy,
        choice: this._choice,
        toggle: (id, on) => this.#toggle(id, on),
        move: (id, by) => void this.#move(id, by),
        dragStart: (e, id) => this.#dragStart(e, id),
        dragOver: (e, id) => this.#dragOver(e, id),
        dragEnd: () => (this.#dragId = null),
      })}
      ${this._formError ? html`<p part="error" class="error" role="alert" tabindex="-1">${this._formError}</p>` : nothing}
      <div class="actions">
        <button part="button submit" type="submit" class="primary" ?disabled=${busy || !isValidBallot(poll, this._choice)}>
          ${t.t(busy ? 'sending' : 'vote')}
        </button>
        ${this._editing
          ? html`<button part="button" type="button" @click=${() => (this._editing = false)}>${t.t('cancel')}</button>`
          : nothing}
        ${canPeek && !this._editing
          ? html`<button part="button" type="button" @click=${() => (this._peek = true)}>${t.t('seeResults')}</button>`
          : nothing}
      </div>
    </form>`;
  }
}

/** The ballot to start from: the voter's earlier vote, or nothing (ranked: the poll's order). */
function initialChoice(poll: PublicPoll): number[] {
  const mine = poll.myVote?.optionIds ?? [];
  if (poll.type !== 'ranked') return [...mine];
  const rest = [...poll.options].sort((a, b) => a.position - b.position).map((o) => o.id);
  return [...mine, ...rest.filter((id) => !mine.includes(id))];
}
