import { Type } from '@sinclair/typebox';
import { IMAGE_URL_PATTERN, LIMITS } from '../limits';
import { DateTime, Id, Nullable, PollPhase, PollStatus, PollType, ResultsVisibility, Strict, VoterPolicy } from './common';
import { PollResults } from './results';

const choices = (description: string) => Type.Integer({ minimum: 1, maximum: LIMITS.options.max, description });

export const PollOption = Strict(
  { id: Id(), label: Type.String(), position: Type.Integer({ minimum: 0 }), imageUrl: Nullable(Type.String()) },
  { title: 'PollOption' },
);

export const MyVote = Strict({ optionIds: Type.Array(Id()), receipt: Type.String() }, { title: 'MyVote' });

const pollFields = {
  id: Type.String(),
  question: Type.String(),
  description: Nullable(Type.String()),
  type: PollType,
  minChoices: Type.Integer(),
  maxChoices: Type.Integer(),
  resultsVisibility: ResultsVisibility,
  allowVoteChange: Type.Boolean(),
  voterPolicy: VoterPolicy,
  maxBallotsPerIp: Type.Integer({ minimum: LIMITS.maxBallotsPerIp.min, maximum: LIMITS.maxBallotsPerIp.max }),
  status: PollStatus,
  phase: PollPhase,
  opensAt: Nullable(DateTime()),
  closesAt: Nullable(DateTime()),
  options: Type.Array(PollOption),
  serverTime: DateTime(),
};

export const PublicPoll = Strict(
  {
    ...pollFields,
    results: Nullable(PollResults, { description: 'Present when this voter may see results now, otherwise null.' }),
    myVote: Nullable(MyVote, { description: 'The caller’s ballot, when an X-Voter-Token header was sent and the voter has voted.' }),
  },
  { title: 'PublicPoll', description: '`GET /api/v1/polls/{id}` without an admin key.' },
);

export const AdminPoll = Strict(
  { ...pollFields, siteId: Id(), ballotCount: Type.Integer({ minimum: 0 }), createdAt: DateTime(), updatedAt: DateTime() },
  { title: 'AdminPoll', description: '`GET /api/v1/polls/{id}` with an admin key, and every admin poll response.' },
);

export const OptionInput = Strict(
  {
    id: Type.Optional(Id({ description: 'An existing option of this poll, kept (and relabelled) by an update' })),
    label: Type.String({ minLength: LIMITS.optionLabel.min, maxLength: LIMITS.optionLabel.max }),
    imageUrl: Type.Optional(
      Nullable(Type.String({ format: 'uri', pattern: IMAGE_URL_PATTERN, maxLength: LIMITS.imageUrl.max, description: 'https only' })),
    ),
  },
  { title: 'OptionInput' },
);

const inputFields = {
  question: Type.String({ minLength: LIMITS.question.min, maxLength: LIMITS.question.max }),
  description: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.description.max }))),
  type: Type.Optional(PollType),
  minChoices: Type.Optional(choices('Default 1')),
  maxChoices: Type.Optional(choices('Default 1 for single polls, the number of options otherwise')),
  resultsVisibility: Type.Optional(ResultsVisibility),
  allowVoteChange: Type.Optional(Type.Boolean()),
  voterPolicy: Type.Optional(VoterPolicy),
  maxBallotsPerIp: Type.Optional(
    Type.Integer({
      minimum: LIMITS.maxBallotsPerIp.min,
      maximum: LIMITS.maxBallotsPerIp.max,
      description: `Default ${LIMITS.maxBallotsPerIp.default}; counts only under the \`ip\` policy`,
    }),
  ),
  status: Type.Optional(PollStatus),
  opensAt: Type.Optional(Nullable(DateTime())),
  closesAt: Type.Optional(Nullable(DateTime())),
  options: Type.Array(OptionInput, { minItems: LIMITS.options.min, maxItems: LIMITS.options.max }),
};

export const PollInput = Strict(inputFields, { title: 'PollInput', description: 'A new poll: `question` and `options` are required.' });

export const PollPatch = Type.Partial(PollInput, {
  title: 'PollPatch',
  additionalProperties: false,
  description: 'Any subset of PollInput, merged over the current poll. Options, type and choice limits are frozen once the poll has votes.',
});

export const PollListQuery = Strict(
  {
    status: Type.Optional(PollStatus),
    type: Type.Optional(PollType),
    q: Type.Optional(
      Type.String({ minLength: LIMITS.searchText.min, maxLength: LIMITS.searchText.max, description: 'Text in the question' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: LIMITS.pageSize.min, maximum: LIMITS.pageSize.max, default: LIMITS.pageSize.default })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: LIMITS.pageOffset.max, default: 0 })),
  },
  { title: 'PollListQuery' },
);

export const PollPage = Strict(
  { items: Type.Array(AdminPoll), total: Type.Integer({ minimum: 0 }), limit: Type.Integer(), offset: Type.Integer() },
  { title: 'PollPage' },
);

export const PollIdParam = Type.String({ minLength: 1, maxLength: LIMITS.pollId.max });
