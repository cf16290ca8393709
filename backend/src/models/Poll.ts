import { Model } from 'objection';
import type { PollStatus, PollType, ResultsVisibility, VoterPolicy } from '@votewire/wire';
import { PollOption } from './PollOption';

export class Poll extends Model {
  static override tableName = 'polls';

  id!: string;
  siteId!: number;
  question!: string;
  description!: string | null;
  type!: PollType;
  minChoices!: number;
  maxChoices!: number;
  resultsVisibility!: ResultsVisibility;
  allowVoteChange!: boolean | number;
  voterPolicy!: VoterPolicy;
  maxBallotsPerIp!: number;
  status!: PollStatus;
  opensAt!: number | null;
  closesAt!: number | null;
  /** Not a column: summed from the tally slots when a poll is loaded (withBallotCount). */
  ballotCount?: number;
  createdAt!: number;
  updatedAt!: number;

  options?: PollOption[];

  static override relationMappings = () => ({
    options: {
      relation: Model.HasManyRelation,
      modelClass: PollOption,
      // camelCase: knexSnakeCaseMappers converts identifiers, and objection matches on properties.
      join: { from: 'polls.id', to: 'poll_options.pollId' },
      modify: (qb: { orderBy(c: string): unknown }) => qb.orderBy('position'),
    },
  });
}
