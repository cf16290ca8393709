import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RunoffRound } from '@votewire/wire';

export interface RunoffJob {
  id: number;
  optionIds: number[];
  /** [ranking as stored (a JSON array of option ids), ballots]. */
  rankings: [string, number][];
}

export type RunoffAnswer = { id: number; rounds: RunoffRound[] } | { id: number; error: string };

/**
 * One worker thread that counts instant-runoff rounds (runoff-worker.ts). Started on first use;
 * should it die, the counts it owed fail and the next count starts a new one.
 */
export class RunoffThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly owed = new Map<number, { resolve(r: RunoffRound[]): void; reject(err: Error): void }>();

  count(optionIds: number[], rankings: [string, number][]): Promise<RunoffRound[]> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.owed.set(id, { resolve, reject });
      worker.postMessage({ id, optionIds, rankings } satisfies RunoffJob);
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
      else owed?.resolve(answer.rounds);
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
