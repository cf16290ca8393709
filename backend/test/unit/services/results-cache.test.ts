import { strict as assert } from 'node:assert';
import { ResultsCache } from '../../../src/services/results-cache';
import { resultsAt as results } from '../../support/results';

describe('the results cache', () => {
  const T = 1_000_000;

  it('keeps the highest version it was offered, whatever the order of arrival', () => {
    const cache = new ResultsCache(1000);
    cache.offer(results(3), T);
    cache.offer(results(2), T + 1); // an older commit heard late (another instance, a slow read)
    assert.equal(cache.latest('p1')?.version, 3);
    cache.offer(results(4), T + 2);
    assert.equal(cache.latest('p1')?.version, 4);
  });

  it('serves an entry as fresh only within maxAgeMs of its last offer', () => {
    const cache = new ResultsCache(1000);
    cache.offer(results(1), T);
    assert.equal(cache.fresh('p1', T + 1000)?.version, 1);
    assert.equal(cache.fresh('p1', T + 1001), undefined, 'too old to trust: the caller reads the database');
    assert.equal(cache.latest('p1')?.version, 1, 'still the newest known, for the live channel');
  });

  it('refreshes the age of an entry offered again at the same version, but not for an older one', () => {
    const cache = new ResultsCache(1000);
    cache.offer(results(5), T);
    cache.offer(results(4), T + 900);
    assert.equal(cache.fresh('p1', T + 1500), undefined, 'an older version does not make the entry fresh');
    cache.offer(results(5), T + 900);
    assert.equal(cache.fresh('p1', T + 1500)?.version, 5);
  });

  it('keeps polls apart, and forgets one without touching the others', () => {
    const cache = new ResultsCache(1000);
    cache.offer(results(7, 'p1'), T);
    cache.offer(results(2, 'p2'), T);
    cache.forget('p1');
    assert.equal(cache.latest('p1'), undefined);
    assert.equal(cache.fresh('p1', T), undefined);
    assert.equal(cache.fresh('p2', T)?.version, 2);
    cache.offer(results(1, 'p1'), T);
    assert.equal(cache.latest('p1')?.version, 1, 'after forgetting, a lower version is accepted again (the poll was reset)');
  });
});
