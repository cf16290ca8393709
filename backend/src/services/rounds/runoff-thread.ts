import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Knex } from 'knex';
import type { RunoffRound } from '@votewire/wire';

/** Where the thread reads: the client and connection settings of the pool the caller picked. */
export interface CountSource {
  client: string;
  connection: Knex.Config['connection'];
}

export interface RunoffJob {
  id: number;
  pollId: string;
  source: CountSource;
}

export interface Counted {
  /** The poll's version that the rounds count. */
  version: number;
  rounds: RunoffRound[];
}

export type RunoffAnswer = ({ id: number } & Counted) | { id: number; error: string };

/**
 * The settings of a pool, for the thread to open its own connection to the same server. Copied
 * property by property: knex hides the password (not enumerable), which a message would drop.
 */
export function sourceOf(db: Knex): CountSource {
  const connection = db.client.config.connection as Record<string, unknown> | string;
  return {
    client: String(db.client.config.client),
    connection:
      typeof connection === 'object'
        ? (Object.fromEntries(Object.getOwnPropertyNames(connection).map((k) => [k, connection[k]])) as Knex.Config['connection'])
        : connection,
  };
}

/**
 * One worker thread that reads a poll's ranking counts and counts its instant-runoff rounds
 * (runoff-worker.ts). Started on first use; should it die, the counts it owed fail and the next
 * count starts a new one.
 */
export class RunoffThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly owed = new Map<number, { resolve(r: Counted): void; reject(err: Error): void }>();

  /** The rounds of a poll as `source` (the primary or a replica) has it now. */
  count(pollId: string, source: CountSource): Promise<Counted> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.owed.set(id, { resolve, reject });
      worker.postMessage({ id, pollId, source } satisfies RunoffJob);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const script = join(__dirname, `runoff-worker${extname(__filename)}`);
    // Run from TypeScript sources (the tests, under tsx), the thread registers tsx itself: a worker
    // does not inherit the loader hooks that `--import tsx` installed in the main thread.
    const worker =
      extname(__filename) === '.ts'
        ? new Worker(
            `const load = require('node:module').createRequire(${JSON.stringify(script)}); load('tsx/cjs'); load(${JSON.stringify(script)});`,
            {
              eval: true,
            },
          )
        : new Worker(script);
    worker.unref(); // a count in progress must not keep a stopping process alive
    worker.on('message', (answer: RunoffAnswer) => {
      const owed = this.owed.get(answer.id);
      this.owed.delete(answer.id);
      if ('error' in answer) owed?.reject(new Error(answer.error));
      else owed?.resolve({ version: answer.version, rounds: answer.rounds });
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const owed of this.owed.values()) owed.reject(err);
      this.owed.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the runoff thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
