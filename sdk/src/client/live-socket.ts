import type {
  ClientToServerEvents,
  PollChangedEvent,
  PollPhaseEvent,
  PollResults,
  RoundsEvent,
  ServerToClientEvents,
} from '@votewire/wire';
import { io, type Socket } from 'socket.io-client';
import type { LiveHandlers, LiveSubscription } from './live.js';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One connection per API base, shared by every widget of the page. */
const sockets = new Map<string, LiveSocket>();
const subscribers = new Map<string, number>();

export function socketFor(apiBase: string): LiveSocket {
  let socket = sockets.get(apiBase);
  if (!socket) {
    const url = new URL(apiBase);
    // A path in the URL would be read as a Socket.IO namespace; it belongs in `path`.
    socket = io(url.origin, {
      path: `${url.pathname.replace(/\/$/, '')}/socket.io`,
      transports: ['websocket'],
    }) as LiveSocket;
    sockets.set(apiBase, socket);
  }
  return socket;
}

export function subscribe(apiBase: string, pollId: string, handlers: LiveHandlers, voterToken?: string): LiveSubscription {
  const socket = socketFor(apiBase);
  const roomKey = `${apiBase} ${pollId}`;
  let token = voterToken;
  let wasConnected = socket.connected;
  let open = true;

  const join = () =>
    socket.emit('subscribe', { pollId, ...(token ? { voterToken: token } : {}), ...(handlers.rounds ? { rounds: true } : {}) }, (ack) => {
      if (!open || !ack.ok) return;
      handlers.phase(ack.phase);
      if (ack.results) handlers.results(ack.results);
    });
  const onConnect = () => {
    if (wasConnected) handlers.reconnected();
    wasConnected = true;
    join();
  };
  const onResults = (r: PollResults) => r.pollId === pollId && handlers.results(r);
  const onRounds = (e: RoundsEvent) => e.pollId === pollId && handlers.rounds?.(e);
  const onPhase = (e: PollPhaseEvent) => e.pollId === pollId && handlers.phase(e.phase);
  const onPoll = (e: PollChangedEvent) => e.pollId === pollId && handlers.changed?.();

  socket.on('connect', onConnect);
  socket.on('results', onResults);
  socket.on('rounds', onRounds);
  socket.on('phase', onPhase);
  socket.on('poll', onPoll);
  subscribers.set(roomKey, (subscribers.get(roomKey) ?? 0) + 1);
  if (socket.connected) join();

  return {
    refresh(next) {
      token = next ?? token;
      if (open && socket.connected) join();
    },
    close() {
      if (!open) return;
      open = false;
      socket.off('connect', onConnect);
      socket.off('results', onResults);
      socket.off('rounds', onRounds);
      socket.off('phase', onPhase);
      socket.off('poll', onPoll);
      const left = (subscribers.get(roomKey) ?? 1) - 1;
      subscribers.set(roomKey, left);
      // Another widget on the page may still watch this poll; the room is shared.
      if (left === 0 && socket.connected) socket.emit('unsubscribe', { pollId });
    },
  };
}
