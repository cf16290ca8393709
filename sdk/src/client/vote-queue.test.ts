import { expect } from '@open-wc/testing';
import type { VoteResponse } from '@votewire/wire';
import { VotewireError } from './errors.js';
import { pendingVotes, type PendingVote } from './pending.js';
import { deliver, enqueue } from './vote-queue.js';

const base = 'https://queue.test';
const answer = (vote: PendingVote): VoteResponse => ({
  receipt: `r-${vote.key}`,
  pollId: vote.pollId,
  optionIds: vote.optionIds,
  changed: false,
  version: 1,
  results: null,
});
const vote = (pollId: string, key: string): PendingVote => ({ pollId, optionIds: [1], key, createdAt: 0 });
const online = () => dispatchEvent(new Event('online'));

describe('vote queue', () => {
  beforeEach(() => localStorage.clear());

  it('keeps one vote per poll: a newer choice replaces an unsent older one', () => {
    enqueue(base, vote('a', 'k1'));
    enqueue(base, vote('b', 'k2'));
    enqueue(base, vote('a', 'k3'));
    expect(pendingVotes(base).map((v) => v.key)).to.deep.equal(['k2', 'k3']);
  });

  it('retries network failures and 5xx with the same key until an answer, then forgets the vote', async () => {
    const v = vote('a', 'same-key');
    enqueue(base, v);
    const keys: string[] = [];
    const retries: string[] = [];
    const failures = [new VotewireError('network', 'offline'), new VotewireError('unavailable', 'busy', 503)];
    const done = deliver(
      base,
      v,
      async (sent) => {
        keys.push(sent.key);
        const failure = failures.shift();
        if (failure) {
          setTimeout(online); // the browser says the network is back: no back-off wait
          throw failure;
        }
        return answer(sent);
      },
      (e) => retries.push(e.code),
    );
    expect((await done).receipt).to.equal('r-same-key');
    expect(keys).to.deep.equal(['same-key', 'same-key', 'same-key']);
    expect(retries).to.deep.equal(['network', 'unavailable']);
    expect(pendingVotes(base)).to.deep.equal([]);
  });

  it('gives up on a final 4xx answer and drops the vote', async () => {
    const v = vote('a', 'k');
    enqueue(base, v);
    let calls = 0;
    const failed = await deliver(base, v, async () => {
      calls++;
      throw new VotewireError('poll_closed', 'closed', 409);
    }).catch((e: VotewireError) => e);
    expect(failed).to.be.instanceOf(VotewireError);
    expect((failed as VotewireError).code).to.equal('poll_closed');
    expect(calls).to.equal(1);
    expect(pendingVotes(base)).to.deep.equal([]);
  });

  it('runs a single delivery per key, however many callers ask for it', async () => {
    const v = vote('a', 'shared');
    enqueue(base, v);
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const send = async (sent: PendingVote) => {
      calls++;
      await gate;
      return answer(sent);
    };
    const first = deliver(base, v, send);
    const second = deliver(base, v, send);
    expect(second).to.equal(first);
    release();
    await Promise.all([first, second]);
    expect(calls).to.equal(1);
  });

  it('treats 429 as "later", not as a refusal', () => {
    expect(new VotewireError('rate_limited', 'slow down', 429).retryable).to.equal(true);
    expect(new VotewireError('already_voted', 'no', 409).retryable).to.equal(false);
    expect(new VotewireError('network', 'offline').retryable).to.equal(true);
  });
});
