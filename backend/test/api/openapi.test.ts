import { strict as assert } from 'node:assert';
import { apiRouter } from '../../src/http/app';
import { openApiDocument } from '../../src/openapi/document';
import { RateLimit } from '../../src/http/rate-limit';
import type { Services } from '../../src/services';
import { describeOnEachBackend } from '../support/backends';

/** Every (method, path) the API serves, read from the routers themselves. */
function servedRoutes(): string[] {
  const limit = RateLimit.memory('t', 1);
  const router = apiRouter({} as Services, { votes: limit, tokens: limit, reads: limit, authFailures: limit });
  const routes = new Set<string>();
  for (const layer of router.stack) {
    for (const method of layer.methods) {
      if (method === 'HEAD') continue;
      routes.add(`${method} ${layer.path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return [...routes].sort();
}

describe('OpenAPI document', () => {
  it('documents every served route, and nothing that is not served', () => {
    const served = servedRoutes();
    assert.ok(served.length >= 17, `expected the full API, found ${served.length} routes`);
    const documented = Object.entries(openApiDocument.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    assert.deepEqual(documented, served);
  });
});

describeOnEachBackend('OpenAPI endpoint', (h) => {
  it('serves the OpenAPI 3.1 document', async () => {
    const res = await h().api.request('GET', '/api/v1/openapi.json');
    assert.equal(res.status, 200);
    assert.equal(res.body.openapi, '3.1.0');
    assert.ok(res.body.paths['/api/v1/polls/{id}/votes'].post);
  });
});
