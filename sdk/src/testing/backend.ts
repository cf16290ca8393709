/**
 * Browser-side handle on the real backend that web-test-runner.config.mjs starts: the calls run in
 * Node (admin key and all), the tests only see their results.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import type { AdminPoll, CreatedIdentityKey, PollInput, ProofOfWork, Site, VoteResponse } from '@votewire/wire';

const run = <T>(op: string, args: object = {}) => executeServerCommand<T, object>('votewire', { op, args });

export const backendInfo = () => run<{ url: string; proxyUrl: string }>('info');
export const createPoll = (input: PollInput) => run<AdminPoll>('createPoll', input);
export const closePoll = (id: string) => run<AdminPoll>('closePoll', { id });
export const updatePoll = (id: string, patch: Partial<PollInput>) => run<AdminPoll>('updatePoll', { id, patch });
export const adminPoll = (id: string) => run<AdminPoll>('getPoll', { id });
/** Restores the test pages' origins when `origins` is left out. */
export const setOrigins = (origins?: string[]) => run<unknown>('setOrigins', origins ? { origins } : {});
export const voteElsewhere = (pollId: string, optionIds: number[]) =>
  run<{ status: number; body: VoteResponse }>('voteElsewhere', { pollId, optionIds });
export const setProofOfWork = (proofOfWork: ProofOfWork) => run<Site>('setProofOfWork', proofOfWork);
export const createIdentityKey = () => run<CreatedIdentityKey>('createIdentityKey');
export const signIdentity = (key: CreatedIdentityKey, sub: string) => run<string>('signIdentity', { kid: key.id, secret: key.secret, sub });
export const setProxy = (down?: boolean) => run<{ down: boolean; votePosts: number }>('proxy', down === undefined ? {} : { down });
/** The test server's log routes lie (`proof`: a wrong inclusion path, `head`: a wrong root) until set back to null. */
export const lieAboutLog = (lie: 'proof' | 'head' | null) => run<object>('lieAboutLog', { lie });
export const resetProxyCount = () => run<{ down: boolean; votePosts: number }>('resetProxyCount');

/** Polls for a condition the UI reaches asynchronously (network, sockets). */
export async function until<T>(check: () => T | undefined | null | false, what: string, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
