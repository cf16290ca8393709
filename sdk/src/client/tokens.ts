/*
 * Voter tokens kept in storage: one per API base and poll (a token votes in one poll only), tagged
 * with the identity it was minted with so that another signed-in visitor gets a token of their own.
 */
import { load, remove, save } from './storage.js';

interface StoredToken {
  token: string;
  expiresAt: string;
  /** The identity JWT's signature tail: enough to tell two sign-ins apart, useless to anyone else. */
  user?: string | undefined;
}

/** Renew a stored token this long before it expires, so it cannot lapse mid-request. */
const TOKEN_MARGIN_MS = 60_000;

const key = (apiBase: string, pollId: string) => `votewire:token:${apiBase}:${pollId}`;
const identityTag = (jwt: string | undefined) => jwt?.slice(-16);

export function storedToken(apiBase: string, pollId: string, identity: string | undefined): string | null {
  const stored = load<StoredToken>(key(apiBase, pollId));
  return stored && stored.user === identityTag(identity) && Date.parse(stored.expiresAt) - TOKEN_MARGIN_MS > Date.now()
    ? stored.token
    : null;
}

export function keepToken(
  apiBase: string,
  pollId: string,
  identity: string | undefined,
  token: { token: string; expiresAt: string },
): void {
  save(key(apiBase, pollId), { ...token, user: identityTag(identity) });
}

export const forgetToken = (apiBase: string, pollId: string): void => remove(key(apiBase, pollId));
