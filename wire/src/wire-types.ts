import { namedSchemas } from './schema';
import { printTypes } from './types-printer';

const HEADER = `/**
 * The Votewire wire format: what the public widget API, the admin API and the Socket.IO channel
 * send and receive. Types only, so the SDK and the console agree with the backend without sharing
 * runtime code.
 *
 * GENERATED from wire/src/schema by \`npm run types -w wire\`: edit the schemas, not this file.
 */
`;

/** Socket.IO's typed event maps: functions, which JSON Schema does not describe, over the schema types. */
const EVENT_MAPS = `
export interface ClientToServerEvents {
  subscribe: (req: SubscribeRequest, ack: (res: SubscribeAck) => void) => void;
  unsubscribe: (req: UnsubscribeRequest, ack?: (res: UnsubscribeAck) => void) => void;
}

export interface ServerToClientEvents {
  results: (results: PollResults) => void;
  /** Ranked polls, to subscriptions that asked for rounds. */
  rounds: (event: RoundsEvent) => void;
  /** The poll opened or closed: a widget reloads the poll to show the new phase. */
  phase: (event: PollPhaseEvent) => void;
  poll: (event: PollChangedEvent) => void;
  refused: (event: RefusedEvent) => void;
}
`;

/** The text of wire/index.d.ts. */
export function wireTypes(): string {
  return HEADER + '\n' + printTypes(namedSchemas as never) + EVENT_MAPS;
}
