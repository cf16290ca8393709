import { VotePoll } from './vote-poll.component.js';

export { VotePoll };
export default VotePoll;

// A page may load two copies (the CDN module and a bundled one): the first one wins, quietly.
if (!customElements.get('vote-poll')) customElements.define('vote-poll', VotePoll);

declare global {
  interface HTMLElementTagNameMap {
    'vote-poll': VotePoll;
  }
}
