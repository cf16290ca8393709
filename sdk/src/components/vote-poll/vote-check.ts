import { html, nothing, type TemplateResult } from 'lit';
import { AsyncDirective, directive, type ChildPart } from 'lit/async-directive.js';
import type { PublicPoll } from '@votewire/wire';
import type { Translator } from '../../i18n/i18n.js';
import { en, type StringKey } from '../../i18n/strings.js';
import { checkEn } from '../../i18n/strings-check.js';
import type { VoteCheck } from '../../log/check-vote.js';
import type { VotePoll } from './vote-poll.component.js';

Object.assign(en, checkEn);

/*
 * "Check my vote is counted": the button and what the check found. The verification itself (the
 * Merkle proofs, Ed25519) is a chunk of its own, fetched on the first click. A directive keeps the
 * check's state across the widget's renders and finds the widget (for its API base) through its part.
 */

class VoteCheckDirective extends AsyncDirective {
  #host?: VotePoll;
  #args?: [PublicPoll, Translator];
  /** Which ballot the state is about: a changed vote must be checked again. */
  #ballot = '';
  #state?: 'busy' | VoteCheck;

  render(_poll: PublicPoll, _t: Translator): TemplateResult {
    return this.#view();
  }

  override update(part: ChildPart, args: [PublicPoll, Translator]): TemplateResult {
    this.#host = part.options?.host as VotePoll;
    this.#args = args;
    const ballot = JSON.stringify(args[0].myVote);
    if (ballot !== this.#ballot) this.#state = undefined;
    this.#ballot = ballot;
    return this.#view();
  }

  #view(): TemplateResult {
    const [poll, t] = this.#args!;
    const state = this.#state;
    const choice = (ids: number[]) => ids.map((id) => poll.options.find((o) => o.id === id)?.label ?? id).join(', ');
    let text: string | typeof nothing = nothing;
    if (state === 'busy') text = t.t('checking');
    else if (state?.ok) {
      const key = `${state.keyId.slice(0, 8)}…`;
      text = t.t('check.ok', { choice: choice(state.optionIds), entry: state.leafIndex, size: state.treeSize, key });
      if (state.extends) text += ` ${t.t('check.grew', { n: state.extends })}`;
    } else if (state) {
      text = t.t(`check.${state.failure}` as StringKey, { choice: choice(state.optionIds ?? []) });
    }
    return html`<div class="check">
      <button part="button check" aria-disabled=${state === 'busy'} @click=${() => this.#run()}>${t.t('checkVote')}</button>
      <p part="check-result" role="status">${text}</p>
    </div>`;
  }

  async #run(): Promise<void> {
    const host = this.#host;
    const vote = this.#args?.[0].myVote;
    if (!host || !vote || this.#state === 'busy') return;
    const ballot = this.#ballot;
    this.#state = 'busy';
    this.setValue(this.#view());
    let result: VoteCheck;
    try {
      const { checkVote } = await import('../../log/check-vote.js');
      const { client } = host;
      const pollId = this.#args![0].id;
      result = await checkVote(client.apiBase, pollId, vote.receipt, vote.optionIds, client.storedToken(pollId));
    } catch (e) {
      result = { ok: false, failure: 'unavailable', detail: String(e) };
    }
    if (!result.ok) console.warn(`<vote-poll>: the ballot log check failed: ${result.detail}`);
    if (ballot !== this.#ballot) return;
    this.#state = result;
    if (this.isConnected) this.setValue(this.#view());
  }
}

/** The check of the visitor's ballot in the poll's signed log (needs `poll.myVote`). */
export const voteCheck = directive(VoteCheckDirective);
