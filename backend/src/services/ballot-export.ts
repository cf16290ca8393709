import type { Database } from '../db/database';
import { Ballot } from '../models/Ballot';
import type { PollReads } from './poll-reads';
import { withoutInvisiblePrefix } from './labels';

/** The ballots of a poll as CSV, for its site's admins. */
export class BallotExport {
  constructor(
    private readonly db: Database,
    private readonly reads: PollReads,
  ) {}

  /** Anonymised ballots: no voter key, no IP hash, no receipt; numbered in the order cast. */
  async csv(siteId: number, pollId: string): Promise<string> {
    const { poll, ballots } = await this.db.read(async (db) => {
      const found = await this.reads.loadForSite(siteId, pollId, db);
      return { poll: found, ballots: await Ballot.query(db).where('pollId', pollId).orderBy('id').select('choices', 'createdAt') };
    });
    const labels = new Map(poll.options!.map((o) => [o.id, o.label]));
    const separator = poll.type === 'ranked' ? ' > ' : '; ';
    const lines = [['ballot', 'submitted_at', 'choices', 'option_ids'].join(',')];
    ballots.forEach((b, i) => {
      const ids = JSON.parse(b.choices) as number[];
      lines.push(
        [
          String(i + 1),
          new Date(Number(b.createdAt)).toISOString(),
          ids.map((id) => labels.get(id) ?? `#${id}`).join(separator),
          ids.join(' '),
        ]
          .map(csvCell)
          .join(','),
      );
    });
    return lines.join('\r\n') + '\r\n';
  }
}

/**
 * Quotes a CSV cell, and defuses cells a spreadsheet would run as a formula: spreadsheets also take
 * the fullwidth signs (＝＋－＠) and skip invisible characters before the sign.
 */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(withoutInvisiblePrefix(value)) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
