import { parentPort } from 'node:worker_threads';
import knex, { type Knex } from 'knex';
import { instantRunoff } from '../runoff';
import { readSnapshot } from './snapshot';
import type { RunoffAnswer, RunoffJob } from './runoff-thread';

// The worker thread's side of RunoffThread. It reads a poll's ranking counts on a connection of its
// own and counts the rounds, so neither the parsing of thousands of rows nor the count runs on the
// event loop that answers requests.

const pools = new Map<string, Knex>();

function poolFor(source: RunoffJob['source']): Knex {
  const key = JSON.stringify(source);
  let pool = pools.get(key);
  if (!pool) {
    pool = knex({ client: source.client, connection: source.connection, pool: { min: 0, max: 1 }, useNullAsDefault: true });
    pools.set(key, pool);
  }
  return pool;
}

parentPort!.on('message', (job: RunoffJob) => {
  readSnapshot(poolFor(job.source), job.pollId).then(
    (read) =>
      parentPort!.postMessage({
        id: job.id,
        version: read.version,
        rounds: instantRunoff(read.optionIds, read.rankings),
      } satisfies RunoffAnswer),
    (err: unknown) => parentPort!.postMessage({ id: job.id, error: String(err) } satisfies RunoffAnswer),
  );
});
