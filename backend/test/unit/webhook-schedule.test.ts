import { strict as assert } from 'node:assert';
import { isPublicAddress } from '../../src/services/webhooks/targets';
import { MAX_ATTEMPTS, nextDelayMs } from '../../src/services/webhooks/schedule';
import { retryAfterMs } from '../../src/services/webhooks/sender';

describe('webhook retry schedule', () => {
  it('follows the Standard Webhooks schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after the first attempt', () => {
    assert.equal(MAX_ATTEMPTS, 8);
    const minutes = [1, 2, 3, 4, 5, 6, 7].map((attempts) => nextDelayMs(attempts, 1, null) / 60_000);
    assert.deepEqual(minutes, [5 / 60, 5, 30, 120, 300, 600, 600]);
    assert.equal(nextDelayMs(2, 0.01, null), 3000, 'scaled for tests');
  });

  it('waits at least what Retry-After asks, up to a day, unscaled', () => {
    assert.equal(nextDelayMs(1, 0.001, 120_000), 120_000);
    assert.equal(nextDelayMs(3, 1, 1000), 30 * 60_000, 'never sooner than the schedule');
    assert.equal(nextDelayMs(1, 1, 7 * 24 * 3_600_000), 24 * 3_600_000);
    const now = Date.parse('2026-12-02T08:00:00Z');
    assert.equal(retryAfterMs('120', now), 120_000);
    assert.equal(retryAfterMs('Wed, 02 Dec 2026 08:01:00 GMT', now), 60_000);
    assert.equal(retryAfterMs('soon', now), null);
    assert.equal(retryAfterMs(null, now), null);
  });

  it('counts only global unicast addresses as public', () => {
    for (const a of ['93.184.216.34', '2606:4700::1111']) assert.ok(isPublicAddress(a), a);
    for (const a of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '192.0.2.1',
    ]) {
      assert.ok(!isPublicAddress(a), a);
    }
    for (const a of [
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:10.0.0.1',
      '::ffff:127.0.0.1',
      '2001:db8::1',
      '64:ff9b::a00:1',
      'ff02::1',
    ]) {
      assert.ok(!isPublicAddress(a), a);
    }
  });
});
