import { strict as assert } from 'node:assert';
import { AppError } from '../../src/errors';
import { RateLimit } from '../../src/http/rate-limit';
import type { Poll } from '../../src/models/Poll';
import { SocketGuard } from '../../src/realtime/socket-guard';

const missing = () => Promise.reject(new AppError(404, 'poll_not_found', 'No poll with this id'));

describe('SocketGuard', () => {
  it('shares concurrent lookups of one id and answers a missing one from memory for a while', async () => {
    const guard = new SocketGuard(10, RateLimit.memory('test', 100));
    let lookups = 0;
    const load = () => (lookups++, missing());
    const burst = await Promise.allSettled(Array.from({ length: 50 }, () => guard.knownPoll('made-up', load, 0)));
    assert.ok(burst.every((r) => r.status === 'rejected' && (r.reason as AppError).code === 'poll_not_found'));
    assert.equal(lookups, 1, 'one query for the burst');
    await assert.rejects(guard.knownPoll('made-up', load, 5_000), /No poll/);
    assert.equal(lookups, 1, 'remembered as missing');
    await assert.rejects(guard.knownPoll('made-up', load, 20_000), /No poll/);
    assert.equal(lookups, 2, 'asked again once the entry is old');
    const poll = { id: 'real' } as Poll;
    assert.equal(await guard.knownPoll('real', () => Promise.resolve(poll), 0), poll);
  });

  it('caps connections per IP and frees a place on release', () => {
    const guard = new SocketGuard(2, RateLimit.memory('test', 100));
    assert.equal(guard.admit('192.0.2.1'), true);
    assert.equal(guard.admit('192.0.2.1'), true);
    assert.equal(guard.full('192.0.2.1'), true);
    assert.equal(guard.admit('192.0.2.1'), false, 'a handshake that raced past the check');
    guard.release('192.0.2.1');
    guard.release('192.0.2.1');
    assert.equal(guard.full('192.0.2.1'), false);
    assert.equal(guard.full('192.0.2.2'), false);
  });

  it('spends the IP’s event budget and refuses with 429 when it is spent', async () => {
    const guard = new SocketGuard(2, RateLimit.memory('test', 3));
    for (let i = 0; i < 3; i++) await guard.spend('192.0.2.9');
    await assert.rejects(guard.spend('192.0.2.9'), (err: AppError) => err.status === 429 && err.code === 'rate_limited');
    await guard.spend('192.0.2.10');
  });
});
