import { strict as assert } from 'node:assert';
import type { Knex } from 'knex';
import { OPTION_TALLY_SLOTS, POLL_TALLY_SLOTS } from '@votewire/db';
import type { Reply } from '../support/api';

/** Counts the cases a suite tried, and checks that each was refused the way a client can use. */
export class CaseLog {
  count = 0;

  /**
   * A 4xx with a JSON `{"error":{"code","message"}}` body that leaks no internals; `want` narrows
   * the status and code where exactly one answer is right.
   */
  refused(res: Reply, label: string, want: { status?: number; code?: string } = {}): void {
    this.count++;
    const shown = `${label} → ${res.status} ${typeof res.body === 'string' ? res.body.slice(0, 120) : JSON.stringify(res.body).slice(0, 200)}`;
    assert.ok(res.status >= 400 && res.status < 500, `expected a 4xx: ${shown}`);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/, `JSON error body: ${shown}`);
    assert.equal(typeof res.body?.error?.code, 'string', `error code: ${shown}`);
    assert.equal(typeof res.body?.error?.message, 'string', `error message: ${shown}`);
    assert.doesNotMatch(JSON.stringify(res.body), /SQLITE_|\bER_[A-Z_]+|sqlMessage|node_modules|\.[jt]s:\d+/, `no internals: ${shown}`);
    assert.doesNotMatch(JSON.stringify(res.body), /\bselect\b.*\bfrom\b|\binsert into\b/i, `no SQL: ${shown}`);
    if (want.status !== undefined) assert.equal(res.status, want.status, shown);
    if (want.code !== undefined) assert.equal(res.body.error.code, want.code, shown);
  }
}

/**
 * Everything a request could have written, except api_keys.last_used_at (refreshed at most once a
 * minute by any authenticated call, by design).
 */
export async function fingerprint(db: Knex): Promise<string> {
  const out: unknown[] = [];
  for (const table of ['sites', 'polls', 'poll_options', 'ballots', 'vote_requests']) {
    out.push(table, await db(table).select('*').orderBy('id'));
  }
  out.push(POLL_TALLY_SLOTS, await db(POLL_TALLY_SLOTS).select('*').orderBy(['poll_id', 'slot']));
  out.push(OPTION_TALLY_SLOTS, await db(OPTION_TALLY_SLOTS).select('*').orderBy(['option_id', 'slot']));
  out.push('api_keys', await db('api_keys').select('id', 'site_id', 'name', 'key_hash', 'revoked_at').orderBy('id'));
  return JSON.stringify(out);
}

/** Runs `cases` with at most `width` in flight at once. */
export async function inParallel<T>(items: T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}
