import type { VoteCommand, VoteOutcome, VoteWriter } from './vote-writer';

/**
 * Two writers of one deployment, with and without the ballot log, and the polls whose votes go to
 * the one without; only for `npm run bench` (VOTEWIRE_BENCH_ENDPOINTS). The benchmark prices the
 * log by voting in a logged and an unlogged poll in turn, a few seconds each, under one load: on
 * this kind of machine the speed of the whole stack drifts by up to 2× within a minute, which
 * swamps a comparison of runs a backend restart apart. Choosing by poll keeps each poll's log
 * whole (every ballot of a logged poll is logged) whatever is in flight when the load turns.
 * The writer without the log is the one VOTEWIRE_BALLOT_LOG=false builds.
 */
export class LogSwitchedWriter implements VoteWriter {
  private readonly unlogged = new Set<string>();

  constructor(
    private readonly withLog: VoteWriter,
    private readonly withoutLog: VoteWriter,
  ) {}

  /** Votes in this poll are written without the log from now on (the poll should have none yet). */
  leaveUnlogged(pollId: string): void {
    this.unlogged.add(pollId);
  }

  write(command: VoteCommand): Promise<VoteOutcome> {
    return (this.unlogged.has(command.poll.id) ? this.withoutLog : this.withLog).write(command);
  }

  async close(): Promise<void> {
    await Promise.all([this.withLog.close(), this.withoutLog.close()]);
  }
}
