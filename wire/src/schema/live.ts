import { Type } from '@sinclair/typebox';
import { Nullable, PollPhase, Strict } from './common';
import { PollIdParam } from './polls';
import { PollResults } from './results';

/** Socket.IO (path /socket.io): what `subscribe` and `unsubscribe` take and answer, and the `phase` event. */
export const SubscribeRequest = Strict(
  {
    pollId: PollIdParam,
    voterToken: Type.Optional(Type.String({ description: 'The voter token, so that `after_vote` results reach a voter who has voted.' })),
  },
  { title: 'SubscribeRequest' },
);

export const UnsubscribeRequest = Strict({ pollId: PollIdParam }, { title: 'UnsubscribeRequest' });

export const SubscribeAck = Type.Union(
  [
    Strict({ ok: Type.Literal(true), visible: Type.Boolean(), phase: PollPhase, results: Nullable(PollResults) }),
    Strict({ ok: Type.Literal(false), error: Strict({ code: Type.String(), message: Type.String() }) }),
  ],
  { title: 'SubscribeAck' },
);

export const UnsubscribeAck = Strict({ ok: Type.Boolean() }, { title: 'UnsubscribeAck' });

export const PollPhaseEvent = Strict({ pollId: Type.String(), phase: PollPhase }, { title: 'PollPhaseEvent' });
