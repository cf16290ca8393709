import { parentPort } from 'node:worker_threads';
import { instantRunoff } from '../runoff';
import type { RunoffJob, RunoffAnswer } from './runoff-thread';

// The worker thread's side of RunoffThread: counts the rounds of one poll per message, so the
// count (and the parsing of its rankings) never runs on the event loop that answers requests.
parentPort!.on('message', (job: RunoffJob) => {
  let answer: RunoffAnswer;
  try {
    const rankings = job.rankings.map(([ranking, ballots]) => ({ ranking: JSON.parse(ranking) as number[], ballots }));
    answer = { id: job.id, rounds: instantRunoff(job.optionIds, rankings) };
  } catch (err) {
    answer = { id: job.id, error: String(err) };
  }
  parentPort!.postMessage(answer);
});
