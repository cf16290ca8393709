// A TypeScript app without React, as the README shows it: events on document and window, the
// element's properties, the client alone, and the CDN module's types.
import { VotePoll, VotewireClient, type PollResults } from 'votewire';
import { VotewireClient as ClientOnly, VotewireError, type PublicPoll } from 'votewire/client';
import * as cdn from 'votewire/cdn/vote-poll.js';

document.addEventListener('vote-cast', (e) => console.log(e.detail.receipt.toUpperCase(), e.detail.optionIds.length));
window.addEventListener('vote-results', (e) => {
  const results: PollResults = e.detail.results;
  console.log(results.totalBallots);
});
// @ts-expect-error the event's detail is typed, not `any`
document.addEventListener('vote-error', (e) => e.detail.notAField);

const el = document.createElement('vote-poll');
const asElement: VotePoll = el;
asElement.pollId = 'p_123';
// @ts-expect-error theme is light, dark or auto
asElement.theme = 'blue';

const client: VotewireClient = new ClientOnly({ apiBase: 'https://polls.example.com' });
const poll: Promise<PublicPoll> = client.getPoll('p_123');
void poll.catch((e: unknown) => e instanceof VotewireError && console.log(e.code));
const fromCdn: typeof VotewireClient = cdn.VotewireClient;
console.log(fromCdn);
