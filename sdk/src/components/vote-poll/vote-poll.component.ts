import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { PollPhase, PollResults, PublicPoll, VoteResponse } from '@votewire/wire';
import { CDN_BUILD } from '../../cdn-build.js';
import { VotewireError, toVotewireError } from '../../client/errors.js';
import type { LiveSubscription } from '../../client/live.js';
import { VotewireClient } from '../../client/votewire-client.js';
import type { VotePollEventMap } from '../../events.js';
import { Translator, addStrings, isLanguageReady, loadLanguage, pickLanguage } from '../../i18n/i18n.js';
import type { Strings } from '../../i18n/strings.js';
import { isValidBallot, renderBallot, type BallotContext } from './ballot.js';
import { styles } from './vote-poll.styles.js';

/** The origin this script was loaded from: where the Votewire server that served it lives. */
const scriptOrigin = new URL(import.meta.url).origin;

/**
 * Bundled from npm, this script's origin is the host site's, not the Votewire server's: without
 * `api-base` the poll is asked of it, which only works when Votewire serves the site too. Once per
 * page, however many widgets lack it.
 */
let warnedNoApiBase = false;
function warnNoApiBase(): void {
  if (warnedNoApiBase) return;
  warnedNoApiBase = true;
  console.warn(
    `<vote-poll>: no api-base attribute, so the Votewire API is asked at the origin of this script (${scriptOrigin}). ` +
      'Set api-base="https://your-votewire-server" unless Votewire serves this site.',
  );
}

/** A lazily loaded chunk: `load()` fetches it once (again after a failure); `ui` is set once it arrived. */
interface Chunk<M> {
  ui?: M;
  load(): Promise<unknown>;
}
function chunk<M>(fetch: () => Promise<M>): Chunk<M> {
  let loading: Promise<unknown> | undefined;
  const c: Chunk<M> = {
    load: () =>
      (loading ??= fetch().then(
        (m) => (c.ui = m),
        (e: unknown) => {
          loading = undefined;
          throw e;
        },
      )),
  };
  return c;
}

/** Ranked polls' ballot and rounds, once a ranked poll asked for them. */
const ranked = chunk(() => import('./ranked.js'));
/**
 * The results block: a first render needs it only for a closed poll or a returning voter; an open
 * poll fetches it after its first render, before the visitor can vote or peek.
 */
const resultsChunk = chunk(() => import('./results.js'));
/** The voter-policy note, imported beside the first poll's request. */
const policy = chunk(() => import('./policy.js'));
/** The countdown, once a scheduled poll asked for it. */
const countdown = chunk(() => import('./countdown.js'));

/** Screen readers hear result changes at most this often, however fast votes arrive. */
const ANNOUNCE_EVERY_MS = 10_000;

/**
 * A live poll. Loads the poll `poll-id` from the Votewire API, lets the visitor vote (single
 * choice, multiple choice or ranked), and keeps the results live over Socket.IO.
 *
 * @summary Embeddable live poll.
 *
 * @attr voter-identity - A JWT your server signs for the signed-in visitor; needed by polls with the `site_user` voter policy.
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
 * @csspart change - The "Change my vote" button.
 * @csspart retry - The "Try again" button after an error.
 * @csspart policy - Who may vote how often: one vote per device, per network, or per signed-in member.
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
 * @csspart my-ranking - The voter's own ranking, after voting in a ranked poll.
 * @csspart check - The "Check my vote is counted" button (with `button`).
 * @csspart check-result - What the check of the ballot in the poll's signed log found (a live region).
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
 * @cssprop --vote-poll-loading-height - Height kept while the poll loads (default 20rem, about a three-option poll with its voter policy note), so the page does not jump.
 */
export class VotePoll extends LitElement {
  static override styles = styles;

  static override properties = {
    pollId: { attribute: 'poll-id' },
    apiBase: { attribute: 'api-base' },
    noLive: { attribute: 'no-live', type: Boolean },
    voterIdentity: { attribute: 'voter-identity' },
    theme: { reflect: true },
    strings: { type: Object },
    _poll: { state: true },
    _results: { state: true },
    _error: { state: true },
    _choice: { state: true },
    _sending: { state: true },
    _mode: { state: true },
    _announcement: { state: true },
  };

  /** Adds a language, or replaces strings of one, for every `<vote-poll>` on the page. */
  static addStrings = addStrings;

  /** The id of the poll to show. */
  declare pollId?: string;
  /** Base URL of the Votewire API; defaults to the origin this script was loaded from. */
  declare apiBase?: string;
  /** Turns off live updates: no socket is opened, results refresh only after a vote. */
  declare noLive?: boolean;
  /**
   * The signed-in visitor, as a JWT your server signs with a site identity key (see the README);
   * `site_user` polls take votes only with it.
   */
  declare voterIdentity?: string;
  /** `light` (default), `dark`, or `auto` to follow the visitor's system setting. */
  declare theme?: 'light' | 'dark' | 'auto';
  /** Overrides of any text, e.g. `{"vote": "Send"}`; as an attribute, JSON. */
  declare strings?: Partial<Strings>;

  // Reactive state; unset means empty, which keeps the constructor (and the bundle) small.
  declare private _poll?: PublicPoll | undefined;
  declare private _results?: PollResults | undefined;
  /** Without a poll, the error replaces the widget; with one, it shows under the form. */
  declare private _error?: VotewireError | undefined;
  declare private _choice: number[];
  declare private _sending?: 'sending' | 'pending' | undefined;
  /** Changing an earlier vote, or peeking at the results before voting. */
  declare private _mode?: 'edit' | 'peek' | undefined;
  declare private _announcement?: string;

  #clientCache: VotewireClient | undefined;
  #focused: Element | null | undefined;
  #live: Promise<LiveSubscription> | undefined;
  #onScreen = false;
  #skew = 0;
  #stopCountdown: (() => void) | undefined;
  #lastAnnounce = 0;
  #announceTimer: ReturnType<typeof setTimeout> | undefined;
  // Absent under jsdom and server-side DOMs, where creating the element must still work; without
  // it the widget counts as on screen.
  readonly #seen =
    typeof IntersectionObserver === 'function'
      ? new IntersectionObserver((entries) => {
          this.#onScreen = entries.some((e) => e.isIntersecting);
          this.#goLive();
        })
      : undefined;

  constructor() {
    super();
    this._choice = [];
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
    this.#clientCache.voterIdentity = this.voterIdentity;
    return this.#clientCache;
  }

  /** Reloads the poll, e.g. after an error. */
  reload(): Promise<void> {
    return this.#load();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#seen) this.#seen.observe(this);
    else this.#onScreen = true;
    if (this._poll) {
      this.#goLive();
      this.#tick();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#seen?.disconnect();
    this.#onScreen = false;
    this.#stopLive();
    this.#stopCountdown?.();
  }

  /**
   * A render that removes the focused control (a live close, a vote resumed after a reload) would
   * drop keyboard and screen-reader users at the top of the page: focus moves to what replaced it.
   */
  protected override updated(): void {
    if (this.#focused && !this.#focused.isConnected) void this.#focus('#status, .error, [part~=results] h3');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.#focused = this.shadowRoot?.activeElement;
    // The first update loads even without a poll-id, to say that one is missing.
    if (!this.hasUpdated || changed.has('pollId') || changed.has('apiBase')) {
      this.#stopLive();
      this._poll = this._results = this._error = this._sending = undefined;
      this._choice = [];
      if (!this.apiBase && !CDN_BUILD) warnNoApiBase();
      void this.#load();
    }
    if (changed.has('noLive')) {
      if (this.noLive) this.#stopLive();
      else this.#goLive();
    }
    const lang = this.#language;
    // A failed language chunk leaves the loading text up; the next update tries again.
    if (!isLanguageReady(lang))
      void loadLanguage(lang).then(
        () => this.requestUpdate(),
        () => {},
      );
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
    this.#emit('vote-error', { pollId: this.pollId ?? '', code: error.code, message: error.message, status: error.status });
  }

  async #load(): Promise<void> {
    const { pollId, client } = this;
    if (!pollId) {
      this._error = new VotewireError('no_poll', 'No poll-id attribute');
      return;
    }
    // Beside the poll's request, not after it: an open poll waits for both.
    const policyLoad = policy.load().catch(() => {});
    try {
      const poll = await client.getPoll(pollId);
      if (poll.phase === 'open') await policyLoad;
      if (poll.type === 'ranked') await ranked.load();
      if (poll.phase === 'scheduled') await countdown.load();
      if (poll.myVote || (poll.results && poll.phase === 'closed')) await resultsChunk.load();
      if (pollId !== this.pollId || client !== this.client) return;
      this.#skew = Date.parse(poll.serverTime) - Date.now();
      if (this._poll?.id !== poll.id || !this._choice.length) this._choice = initialChoice(poll);
      this._poll = poll;
      this._error = undefined;
      // Counts this visitor may no longer see (the owner hid them) leave the screen.
      if (poll.results) this.#applyResults(poll.results);
      else this._results = undefined;
      if (poll.originAllowed === false) console.warn(`<vote-poll>: allow ${location.origin} in poll ${pollId}'s site`);
      if (poll.phase === 'closed' || poll.originAllowed === false) this.#stopLive();
      else {
        this.#goLive();
        // In memory before the visitor votes, so that a vote made after the network went away is kept.
        if (poll.phase === 'open') {
          import('../../client/vote-queue.js').catch(() => {});
          resultsChunk.load().catch(() => {});
        }
      }
      this.#tick();
      this.#resumePending(pollId);
    } catch (e) {
      if (pollId !== this.pollId) return;
      const error = toVotewireError(e);
      // A failed background refresh keeps what is on screen; only a first load shows the error.
      if (!this._poll) this._error = error;
      this.#emitError(error);
      // A vote kept from before a reload is sent even when the poll itself cannot be loaded.
      this.#resumePending(pollId);
    }
  }

  #applyResults(results: PollResults): void {
    if (results.pollId !== this.pollId) return;
    // Live messages, vote answers and snapshots race each other; the version orders them.
    if (this._results && results.version <= this._results.version) return;
    const hadResults = !!this._results;
    this._results = results;
    if (!resultsChunk.ui) void resultsChunk.load().then(() => this.requestUpdate());
    this.#emit('vote-results', { pollId: this.pollId, results });
    if (hadResults) this.#announceResults();
  }

  #announceResults(): void {
    const wait = this.#lastAnnounce + ANNOUNCE_EVERY_MS - Date.now();
    if (wait > 0) {
      if (!this.#announceTimer)
        this.#announceTimer = setTimeout(() => {
          this.#announceTimer = undefined;
          this.#announceResults();
        }, wait);
      return;
    }
    const { _poll: poll, _results: results } = this;
    if (!poll || !results) return;
    this.#lastAnnounce = Date.now();
    const t = this.#translator;
    // The summary is written by the results chunk, which may still be on its way.
    resultsChunk.load().then(
      () => (this._announcement = t.t('updated', { summary: resultsChunk.ui!.summarize(poll, results, t) })),
      () => {},
    );
  }

  #goLive(): void {
    const poll = this._poll;
    // A refused origin would only be refused again on every reconnect.
    if (
      this.noLive ||
      !this.#onScreen ||
      !poll ||
      poll.phase === 'closed' ||
      poll.originAllowed === false ||
      this.#live ||
      !this.isConnected
    )
      return;
    const live = this.client.subscribe(poll.id, {
      results: (r) => this.#applyResults(r),
      rounds: ranked.ui?.onRounds(this, poll),
      phase: (phase: PollPhase) => phase !== this._poll?.phase && void this.#load(),
      changed: () => void this.#load(),
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
    void this.#live?.then(
      (sub) => sub.close(),
      () => {},
    );
    this.#live = undefined;
  }

  /** Counts down to the opening of a scheduled poll (the countdown chunk is loaded by then). */
  #tick(): void {
    this.#stopCountdown?.();
    const poll = this._poll;
    this.#stopCountdown =
      poll?.phase === 'scheduled' && poll.opensAt && this.isConnected
        ? countdown.ui?.startCountdown(Date.parse(poll.opensAt), this.#skew, this)
        : undefined;
  }

  #resumePending(pollId: string): void {
    const stored = this.client.pendingVote(pollId);
    if (this._sending || !stored) return;
    this._sending = 'pending';
    // A ranked ballot keeps the options below the sent ones, so a refused vote can be reordered again.
    this._choice = [...new Set([...stored.optionIds, ...(this._poll?.type === 'ranked' ? this._choice : [])])];
    void this.#track(this.client.resumePending(pollId)!, false);
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    const poll = this._poll;
    if (!poll || this._sending || !isValidBallot(poll, this._choice)) return;
    const ballot = poll.type === 'ranked' ? this._choice.slice(0, ranked.ui!.rankedCount(poll)) : this._choice;
    this._sending = 'sending';
    this._error = undefined;
    await this.#track(
      this.client.castVote(poll.id, ballot, () => {
        this._sending = 'pending';
        void this.#focus('#status');
      }),
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
      this._sending = undefined;
      this._error = error;
      this.#emitError(error);
      // The server knows better than this page: show its current state (the earlier vote, closed…).
      if (['already_voted', 'poll_closed', 'poll_not_open'].includes(error.code)) void this.#load();
    }
    // After a submit, focus goes to what replaced the form (thanks, pending or error message).
    if (moveFocus) await this.#focus('#status, .error');
  }

  /**
   * Moves focus into the view that replaced the control just used, so that keyboard and
   * screen-reader users are not dropped at the top of the page.
   */
  async #focus(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  async #show(mode: 'edit' | 'peek' | undefined, focus: string): Promise<void> {
    // Peeking before the prefetched results chunk arrived: wait for it, so the focus has a target.
    if (mode === 'peek') await resultsChunk.load();
    this._mode = mode;
    await this.#focus(focus);
  }

  #voted(answer: VoteResponse): void {
    if (answer.pollId !== this.pollId) return;
    this._sending = this._mode = undefined;
    // A vote resumed after a reload may land before the poll could be loaded: load it now.
    if (this._poll) this._poll = { ...this._poll, myVote: { optionIds: answer.optionIds, receipt: answer.receipt } };
    else void this.#load();
    if (answer.results) this.#applyResults(answer.results);
    // With `after_vote` visibility, results flow over the socket only once it knows our token.
    void this.#live?.then((sub) => sub.refresh(this.client.storedToken(answer.pollId) ?? undefined));
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
      ${
        this._error && !poll
          ? this._sending
            ? status(t.t('pending'))
            : this.#renderError(t, this._error)
          : ready
            ? html`<h2 id="q" part="question">${poll.question}</h2>
                ${poll.description ? html`<p part="description" class="muted">${poll.description}</p>` : nothing}
                ${this.#renderPhase(t, poll)}`
            : html`<p class="muted">${t.t('loading')}</p>`
      }
      <div class="sr" role="status" aria-live="polite">${this._announcement}</div>
    </section>`;
  }

  /** "Try again" only where trying again can help: an unknown poll stays unknown. */
  #renderError(t: Translator, error: VotewireError): TemplateResult {
    return html`${alert(t, error)}
    ${error.retryable && this.pollId ? html`<button part="button retry" @click=${() => this.reload()}>${t.t('retry')}</button>` : nothing}`;
  }

  #renderPhase(t: Translator, poll: PublicPoll): TemplateResult {
    const results = this._results;
    if (poll.phase === 'closed') {
      return html`${status(t.t('closed'))}
      ${results ? this.#results(t, poll, results, true) : html`<p class="muted">${t.t('resultsHidden')}</p>`}`;
    }
    if (poll.phase !== 'open') {
      const opensAt = poll.opensAt ? Date.parse(poll.opensAt) : 0;
      return html`${status(t.t('notOpen'))}
      ${opensAt && poll.phase === 'scheduled' && countdown.ui ? countdown.ui.renderCountdown(t, opensAt - Date.now() - this.#skew) : nothing}`;
    }
    if (this._sending === 'pending') {
      return status(t.t('pending'));
    }
    if (poll.originAllowed === false && !poll.myVote) {
      return html`${status(t.error('origin_not_allowed'))} ${results ? this.#results(t, poll, results, false) : nothing}`;
    }
    if (poll.myVote && this._mode !== 'edit') {
      const ranking = poll.type === 'ranked' ? ranked.ui?.renderMyRanking(poll, t) : undefined;
      return html`${status(t.t('thanks'))} ${ranking ?? nothing}
      ${
        results
          ? this.#results(t, poll, results, false)
          : html`<p class="muted">
                ${ranking ? nothing : `${t.t('yourChoice')}: ${poll.myVote.optionIds.map((id) => poll.options.find((o) => o.id === id)?.label).join(', ')}.`}
                ${t.t(poll.resultsVisibility === 'hidden' ? 'resultsHidden' : 'resultsLater')}
              </p>
              ${resultsChunk.ui?.voteCheck(poll, t)}`
      }
      ${
        poll.allowVoteChange
          ? html`<button part="button change" @click=${() => this.#startChange(poll)}>${t.t('change')}</button>`
          : nothing
      }`;
    }
    const signedIn = !!this.voterIdentity;
    if (policy.ui?.needsSignIn(poll, signedIn)) return status(t.t('signIn'));
    if (this._mode === 'peek' && results) {
      return html`${this.#results(t, poll, results, false)}
        <button part="button" @click=${() => this.#show(undefined, 'input, [part~=move-button]')}>${t.t('backToVote')}</button>`;
    }
    return html`${this.#renderForm(t, poll, !!results)} ${policy.ui?.renderPolicy(t, poll, signedIn)}`;
  }

  #results(t: Translator, poll: PublicPoll, results: PollResults, final: boolean): TemplateResult | typeof nothing {
    return resultsChunk.ui?.renderResults(poll, results, t, final, ranked.ui?.renderRounds(poll, results, t)) ?? nothing;
  }

  #startChange(poll: PublicPoll): void {
    this._choice = initialChoice(poll);
    this.#show('edit', 'input, [part~=move-button]');
  }

  #renderForm(t: Translator, poll: PublicPoll, canPeek: boolean): TemplateResult {
    const ballot: BallotContext = {
      poll,
      t,
      busy: !!this._sending,
      choice: this._choice,
      toggle: (id, on) => this.#toggle(id, on),
      setChoice: (order) => ((this._choice = order), this.updateComplete),
      announce: (text) => (this._announcement = text),
    };
    if (poll.type === 'ranked') ballot.ranking = ranked.ui?.renderRanking(ballot, this.renderRoot);
    const busy = ballot.busy;
    // The Vote button is aria-disabled rather than disabled: it stays reachable, and the hint it
    // points to says what is missing.
    return html`<form part="form" novalidate @submit=${this.#submit}>
      ${renderBallot(ballot)} ${this._error ? alert(t, this._error) : nothing}
      <div>
        <button
          part="button submit"
          type="submit"
          class="primary"
          aria-disabled=${busy || !isValidBallot(poll, this._choice)}
          aria-describedby="hint"
        >
          ${t.t(busy ? 'sending' : 'vote')}
        </button>
        ${
          this._mode === 'edit'
            ? html`<button part="button" type="button" @click=${() => this.#show(undefined, '[part~=change]')}>${t.t('cancel')}</button>`
            : nothing
        }
        ${
          canPeek && !this._mode
            ? html`<button part="button" type="button" @click=${() => this.#show('peek', '[part~=results] h3')}>
                ${t.t('seeResults')}
              </button>`
            : nothing
        }
      </div>
    </form>`;
  }
}

/** The message that replaces the form; focus moves to it after a submit. */
const status = (text: string) => html`<p id="status" part="status" tabindex="-1">${text}</p>`;

/**
 * An error message; focus moves to it when it replaces a submit. No answer at all is the visitor's
 * connection only when the browser says it is offline; otherwise, as for a 5xx, the server is down.
 */
const alert = (t: Translator, { code, status }: VotewireError) =>
  html`<p part="error" class="error" role="alert" tabindex="-1">
    ${t.error(status >= 500 ? 'network' : code === 'network' && !navigator.onLine ? 'offline' : code)}
  </p>`;

/** The ballot to start from: the voter's earlier vote, or nothing (ranked: the poll's order). */
function initialChoice(poll: PublicPoll): number[] {
  const mine = poll.myVote?.optionIds ?? [];
  if (poll.type !== 'ranked') return [...mine];
  const rest = [...poll.options].sort((a, b) => a.position - b.position).map((o) => o.id);
  return [...mine, ...rest.filter((id) => !mine.includes(id))];
}
