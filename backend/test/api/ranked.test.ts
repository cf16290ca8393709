import { strict as assert } from 'node:assert';
import { io, type Socket } from 'socket.io-client';
import { rankingCountsQuery } from '@votewire/db';
import type { ClientToServerEvents, PollResults, RoundsEvent, ServerToClientEvents, SubscribeAck } from '@votewire/wire';
import { describeOnEachBackend, type Harness } from '../support/backends';
import { perBallotRunoff } from '../support/runoff-per-ballot';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const INTERVAL_MS = 200;

/** Waits for `check` to hold (polled every 50 ms); fails with `what` after 15 s, however loaded the machine. */
async function until<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  const end = Date.now() + 15_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The poll's ballots as the database holds them. */
async function ballotsOf(h: Harness, pollId: string): Promise<number[][]> {
  const rows = (await h.server.votewire.db.write('ballots').where('poll_id', pollId).orderBy('id').select('choices')) as {
    choices: string;
  }[];
  return rows.map((r) => JSON.parse(r.choices) as number[]);
}

/** Results whose rounds count their own version, once the interval has let them catch up. */
const caughtUp = (h: Harness, pollId: string) =>
  until(async () => {
    const r = (await h.api.results(pollId)).body;
    return r.rounds && r.roundsVersion === r.version ? r : undefined;
  }, 'the rounds count the latest version');

for (const writeMode of ['batched', 'single']) {
  describeOnEachBackend(
    `ranked polls: ranking counts and rounds (${writeMode} writes)`,
    (h) => {
      const sockets: Client[] = [];
      afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));
      const connect = async () => {
        const socket: Client = io(h().server.url, { transports: ['websocket'], forceNew: true });
        sockets.push(socket);
        await new Promise((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('connect_error', reject);
        });
        return socket;
      };
      const subscribe = (socket: Client, req: { pollId: string; rounds?: boolean }) =>
        new Promise<SubscribeAck>((resolve) => socket.emit('subscribe', req, resolve));

      it('answers reads with rounds that catch up with votes and changes, counted again after the interval', async () => {
        const { api } = h();
        const poll = await api.createPoll({ type: 'ranked', allowVoteChange: true });
        const [a, b, c] = poll.options.map((o) => o.id) as [number, number, number];
        const voters = await Promise.all([1, 2, 3, 4, 5].map(() => api.voterToken(poll.id)));
        const first = [
          [a, b, c],
          [a, c],
          [b, c, a],
          [c, b],
          [c, b],
        ];
        for (const [i, ballot] of first.entries()) assert.equal((await api.vote(poll.id, voters[i]!, ballot)).status, 201);
        const before = (await api.results(poll.id)).body;
        assert.deepEqual(
          before.rounds,
          perBallotRunoff(
            poll.options.map((o) => o.id),
            first,
          ),
        );
        assert.equal(before.roundsVersion, before.version);
        assert.ok(before.roundsComputedAt! <= Date.now());

        // Two voters change their ranking and one more votes: B now wins.
        for (const [voter, ballot] of [
          [voters[0]!, [b, a]],
          [voters[3]!, [b]],
          [await api.voterToken(poll.id), [b, c]],
        ] as const) {
          const vote = await api.vote(poll.id, voter, ballot);
          assert.equal(vote.status, 201);
          assert.equal(vote.body.results!.rounds, undefined, 'a vote answer does not wait for rounds');
        }
        const after = await caughtUp(h(), poll.id);
        assert.equal(after.version, before.version + 3);
        const ballots = await ballotsOf(h(), poll.id);
        assert.deepEqual(
          after.rounds,
          perBallotRunoff(
            poll.options.map((o) => o.id),
            ballots,
          ),
        );
        assert.deepEqual(after.rounds!.at(-1)!.winnerIds, [b]);
        const admin = (await api.results(poll.id, { admin: true })).body;
        assert.deepEqual(admin.rounds, after.rounds, 'the admin reads the same rounds');
      });

      it('sends rounds only to sockets that asked for them; results carry first preferences', async () => {
        const { api } = h();
        const poll = await api.createPoll({ type: 'ranked' });
        const [a, b, c] = poll.options.map((o) => o.id) as [number, number, number];
        const asker = await connect();
        const other = await connect();
        const askerAck = await subscribe(asker, { pollId: poll.id, rounds: true });
        const otherAck = await subscribe(other, { pollId: poll.id });
        assert.ok(askerAck.ok && otherAck.ok);
        assert.deepEqual(askerAck.results!.rounds, [], 'no ballots yet: no rounds');
        assert.equal(otherAck.results!.rounds, undefined);

        const seen: { rounds: RoundsEvent[]; results: PollResults[] }[] = [asker, other].map((s) => {
          const log = { rounds: [] as RoundsEvent[], results: [] as PollResults[] };
          s.on('rounds', (e) => log.rounds.push(e));
          s.on('results', (r) => log.results.push(r));
          return log;
        });
        let version = 0;
        for (const ballot of [[a, b], [b, a], [c, b], [c, a], [a]]) {
          version = (await api.vote(poll.id, await api.voterToken(poll.id), ballot)).body.version!;
        }
        const last = await until(async () => seen[0]!.rounds.find((e) => e.version === version), 'the asker has the latest rounds');
        assert.deepEqual(last.rounds, perBallotRunoff([a, b, c], await ballotsOf(h(), poll.id)));
        assert.ok(seen[0]!.rounds.length <= 5, 'at most one count per version');
        // One more round trip on the other socket: anything sent to it before is in by its answer.
        await subscribe(other, { pollId: poll.id });
        assert.ok(seen[1]!.results.length > 0, 'the other socket follows the counts');
        assert.deepEqual(seen[1]!.rounds, [], 'and gets no rounds');
        for (const r of [...seen[0]!.results, ...seen[1]!.results]) assert.equal(r.rounds, undefined, 'results events carry no rounds');
      });

      it('sends a subscription that asks for rounds the latest ones as an event, whatever its answer holds', async () => {
        // A widget that already shows a version ignores an answer of that version, rounds and all;
        // rounds counted while the subscription was read would otherwise reach it only with the next vote.
        const { api } = h();
        const poll = await api.createPoll({ type: 'ranked' });
        const [a, b] = poll.options.map((o) => o.id) as [number, number];
        await api.vote(poll.id, await api.voterToken(poll.id), [b, a]);
        const counted = await caughtUp(h(), poll.id);
        const socket = await connect();
        const events: RoundsEvent[] = [];
        socket.on('rounds', (e) => events.push(e));
        const ack = await subscribe(socket, { pollId: poll.id, rounds: true });
        assert.ok(ack.ok);
        assert.deepEqual(
          events.map((e) => [e.version, e.rounds]),
          [[counted.version, counted.rounds]],
          'one rounds event, before the answer, with the rounds kept',
        );
        const plain = await connect();
        plain.on('rounds', (e) => events.push(e));
        assert.ok((await subscribe(plain, { pollId: poll.id })).ok);
        assert.equal(events.length, 1, 'none for a subscription that did not ask');
      });

      it('keeps ranking counts equal to the ballots under concurrent votes and changes', async function () {
        this.timeout(60_000);
        const { api } = h();
        const poll = await api.createPoll({
          type: 'ranked',
          allowVoteChange: true,
          options: ['A', 'B', 'C', 'D'].map((label) => ({ label })),
        });
        const ids = poll.options.map((o) => o.id);
        const ranking = (i: number) => [ids[i % 4]!, ids[(i + 1 + (i % 3)) % 4]!];
        const voters = await Promise.all(Array.from({ length: 24 }, () => api.voterToken(poll.id)));
        // Every voter votes, then changes twice, all at once: batches mix new ballots and changes.
        const cast = (round: number) =>
          Promise.all(voters.map((t, i) => api.vote(poll.id, t, ranking(i + round * 5)))).then((replies) =>
            replies.forEach((r) => assert.equal(r.status, 201, JSON.stringify(r.body))),
          );
        await cast(0);
        await Promise.all([cast(1), cast(2)]);
        await cast(3);

        const ballots = await ballotsOf(h(), poll.id);
        assert.equal(ballots.length, voters.length);
        const recount = new Map<string, number>();
        for (const b of ballots) recount.set(JSON.stringify(b), (recount.get(JSON.stringify(b)) ?? 0) + 1);
        const stored = (await rankingCountsQuery(h().server.votewire.db.write, poll.id)) as { ranking: string; ballots: number }[];
        assert.deepEqual(
          new Map(stored.map((r) => [r.ranking, Number(r.ballots)])),
          recount,
          'ballots per ranking equal a recount of the ballots',
        );
        const results = await caughtUp(h(), poll.id);
        assert.deepEqual(results.rounds, perBallotRunoff(ids, ballots));
      });
    },
    { VOTEWIRE_WRITE_MODE: writeMode, VOTEWIRE_ROUNDS_INTERVAL_MS: String(INTERVAL_MS) },
  );
}
