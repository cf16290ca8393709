import { Type } from '@sinclair/typebox';
import { Id, Strict } from './common';

export const OptionResult = Strict(
  {
    id: Id(),
    votes: Type.Integer({ minimum: 0 }),
    percent: Type.Number({
      minimum: 0,
      maximum: 100,
      description: 'Share of ballots that chose this option (first preferences for ranked polls).',
    }),
  },
  { title: 'OptionResult' },
);

export const RunoffRound = Strict(
  {
    round: Type.Integer({ minimum: 1 }),
    counts: Type.Array(Strict({ id: Id(), votes: Type.Integer({ minimum: 0 }) })),
    exhausted: Type.Integer({ minimum: 0, description: 'Ballots whose every remaining choice was eliminated.' }),
    eliminated: Type.Array(Id()),
    winnerIds: Type.Array(Id(), {
      description: 'Set on the last round: the option with a majority of continuing ballots (or the tie survivors).',
    }),
  },
  { title: 'RunoffRound', description: "One instant-runoff round: the continuing options' counts, then who was eliminated." },
);

export const PollResults = Strict(
  {
    pollId: Type.String(),
    version: Type.Integer({ minimum: 0, description: 'Only goes up; clients keep the highest version they have seen.' }),
    totalBallots: Type.Integer({ minimum: 0 }),
    options: Type.Array(OptionResult),
    treeSize: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'How many entries of the poll’s ballot log these counts include (absent when the deployment keeps no log).',
      }),
    ),
    rounds: Type.Optional(Type.Array(RunoffRound, { description: 'Ranked polls only: every instant-runoff round.' })),
    committedAt: Type.Optional(
      Type.Integer({ description: 'Server time (ms since epoch) at which these counts were committed; used to measure fan-out latency.' }),
    ),
  },
  { title: 'PollResults' },
);
