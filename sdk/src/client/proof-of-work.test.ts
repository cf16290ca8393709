import { expect } from '@open-wc/testing';
import { newPoll, apiBase } from '../testing/fixture.js';
import { search, solveChallenge } from './proof-of-work.js';

async function sha256Hex(s: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

describe('proof of work', () => {
  it('finds the number whose SHA-256 with the salt is the challenge (checked against crypto.subtle)', async () => {
    for (const [salt, number] of [
      ['abc', 0],
      ['9f86d081884c7d65?expires=1700000000&pollId=p_x', 4321],
      // Past one 64-byte block: the padding runs into a second one.
      ['s'.repeat(60), 17],
    ] as const) {
      const challenge = await sha256Hex(salt + number);
      expect(search({ algorithm: 'SHA-256', challenge, maxnumber: 5000, salt, signature: '' })).to.equal(number);
    }
    const challenge = await sha256Hex('abc' + 6000);
    expect(search({ algorithm: 'SHA-256', challenge, maxnumber: 5000, salt: 'abc', signature: '' }), 'beyond maxnumber').to.equal(-1);
  });

  it('solves a challenge of the server at the default difficulty in a worker (prints the time)', async () => {
    const poll = await newPoll();
    const res = await fetch(`${await apiBase()}/api/v1/voter-tokens/challenge?pollId=${poll.id}`);
    const challenge = await res.json();
    const start = performance.now();
    const payload = await solveChallenge(challenge);
    const ms = performance.now() - start;
    console.log(`proof of work: maxnumber ${challenge.maxnumber}, solved in ${ms.toFixed(0)} ms`);
    const solved = JSON.parse(atob(payload));
    expect(await sha256Hex(challenge.salt + solved.number)).to.equal(challenge.challenge);
    expect(solved).to.include({ salt: challenge.salt, signature: challenge.signature, algorithm: challenge.algorithm });
  });
});
