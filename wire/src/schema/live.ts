import { Type } from '@sinclair/typebox';
import { Nullable, PollPhase, Strict } from './common';
import { PollIdParam } from './polls';
import { PollResults } from './results';

/** Socket.IO (path /socket.io): what `subscribe` and `unsubscribe` take and answer, and the `phase` event. */
export const SubscribeRequest = Strict(
  {
    pollId: PollIdParam,
    voterToken: Type.Optional(Type.String({ description: 'The voter token, so that `after_vote` results reach a voter who has voted.' })),
    rounds: Type.Optional(
      Type.Boolean({
        description:
          'Ranked polls: also send the instant-runoff rounds (in the acknowledgement, as a `rounds` event with the latest count right after it, and as `rounds` events whenever they are counted again). `results` events carry first preferences only.',
      }),
    ),
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

export const PollChangedEvent = Strict(
  { pollId: Type.String(), phase: PollPhase, visible: Type.Boolean() },
  {
    title: 'PollChangedEvent',
    description:
      'The poll changed (phase, results visibility, options, or it was deleted: then `phase` is `closed`). `visible` says whether this connection receives its counts from now on; a widget reloads the poll.',
  },
);

export const RefusedEvent = Strict(
  { code: Type.Union([Type.Literal('rate_limited'), Type.Literal('too_many_connections')]), message: Type.String() },
  { title: 'RefusedEvent', description: 'Sent just before the server disconnects a connection that went over its limits.' },
);
