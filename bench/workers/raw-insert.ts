// The database's own ceiling: durable single-row autocommit INSERTs against the primary at the
// same client concurrency as the HTTP load.
import { createPool } from 'mysql2/promise';

interface Job {
  url: string;
  connections: number;
  durationS: number;
}

const job = JSON.parse(process.argv[2]!) as Job;

async function main(): Promise<void> {
  const pool = createPool({ uri: job.url, connectionLimit: job.connections });
  await pool.query(
    'CREATE TABLE IF NOT EXISTS bench_raw_inserts (id BIGINT AUTO_INCREMENT PRIMARY KEY, voter VARCHAR(64) NOT NULL, at BIGINT NOT NULL) ENGINE=InnoDB',
  );
  const end = Date.now() + job.durationS * 1000;
  let rows = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: job.connections }, async (_, c) => {
      while (Date.now() < end) {
        await pool.query('INSERT INTO bench_raw_inserts (voter, at) VALUES (?, ?)', [`v${c}-${rows}`, Date.now()]);
        rows++;
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  await pool.query('DROP TABLE bench_raw_inserts');
  await pool.end();
  process.stdout.write(JSON.stringify({ rows, perSecond: rows / seconds, seconds }) + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
