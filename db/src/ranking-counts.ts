import type { Knex } from 'knex';

// The one owner of the ranking counts: for each ranked poll, how many ballots hold each distinct
// ranking. A ranking is the ballot's stored `choices` string itself (a JSON array of option ids,
// first preference first), so a change subtracts exactly the key that was added. Like the tallies,
// the counts live in slots: a batch adds to the slot it took for the tallies, so concurrent batches
// voting the same popular ranking do not wait on one row. A poll's count of a ranking is the sum of
// its slots (a slot alone may be negative after a change). Distinct rankings are far fewer than
// ballots, so instant-runoff rounds are counted from these rows, not from every ballot.

export const RANKING_COUNTS = 'ranking_counts';

/** Longest ranking key: `ballots.choices` is a string of at most this many characters. */
const RANKING_LENGTH = 1000;

const isMysql = (db: Knex) => /mysql/.test(String(db.client.config.client));

export async function createRankingCounts(knex: Knex): Promise<void> {
  await knex.schema.createTable(RANKING_COUNTS, (t) => {
    t.string('poll_id', 32).notNullable().references('polls.id').onDelete('CASCADE');
    // ASCII on MySQL (the key holds digits, commas and brackets): a primary key of 1,000 utf8mb4
    // characters would pass InnoDB's 3,072-byte limit.
    const ranking = t.string('ranking', RANKING_LENGTH).notNullable();
    if (isMysql(knex)) ranking.collate('ascii_bin');
    t.integer('slot').notNullable();
    t.integer('ballots').notNullable();
    t.primary(['poll_id', 'ranking', 'slot']);
  });
}

/** Counts the ballots of every ranked poll into slot 0 (the migration's backfill). */
export async function backfillRankingCounts(knex: Knex): Promise<void> {
  await knex.raw(
    `INSERT INTO ${RANKING_COUNTS} (poll_id, ranking, slot, ballots)
     SELECT b.poll_id, b.choices, 0, COUNT(*) FROM ballots b JOIN polls p ON p.id = b.poll_id
     WHERE p.type = 'ranked' GROUP BY b.poll_id, b.choices`,
  );
}

export async function deleteRankingCounts(db: Knex, pollId: string): Promise<void> {
  await db(RANKING_COUNTS).delete().where('poll_id', pollId);
}

/** A poll's rankings with a non-zero count: one row per distinct ranking, slots summed. */
export function rankingCountsQuery(db: Knex, pollId: string): Knex.QueryBuilder {
  return db(RANKING_COUNTS)
    .where('poll_id', pollId)
    .groupBy('ranking')
    .havingRaw('SUM(ballots) <> 0')
    .select('ranking', db.raw('SUM(ballots) AS ballots'));
}

/**
 * Adds each (poll, ranking) delta in one slot as one upsert, rows in key order (concurrent batches
 * in the same slot then lock in the same order). Null when there is nothing to add. Returned rather
 * than run, like the tally adders: awaited in a transaction or compiled into a batch's script.
 */
export function addToRankings(db: Knex, slot: number, deltas: Map<string, Map<string, number>>): Knex.Raw | null {
  const rows = [...deltas]
    .flatMap(([pollId, rankings]) => [...rankings].filter(([, d]) => d !== 0).map(([ranking, d]) => [pollId, ranking, d] as const))
    .sort(([p1, r1], [p2, r2]) => (p1 < p2 ? -1 : p1 > p2 ? 1 : r1 < r2 ? -1 : r1 > r2 ? 1 : 0));
  if (rows.length === 0) return null;
  const onConflict = isMysql(db)
    ? 'ON DUPLICATE KEY UPDATE ballots = ballots + VALUES(ballots)'
    : `ON CONFLICT (poll_id, ranking, slot) DO UPDATE SET ballots = ${RANKING_COUNTS}.ballots + excluded.ballots`;
  return db.raw(
    `INSERT INTO ${RANKING_COUNTS} (poll_id, ranking, slot, ballots) VALUES ${rows.map(() => '(?, ?, ?, ?)').join(', ')} ${onConflict}`,
    rows.flatMap(([pollId, ranking, d]) => [pollId, ranking, slot, d]),
  );
}
