import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as S from '@votewire/wire/schema';
import { wireTypes } from '@votewire/wire/wire-types';
import { apiRouter } from '../../src/http/app';
import { buildOpenApiDocument, openApiDocument } from '../../src/openapi/document';
import { RateLimit } from '../../src/http/rate-limit';
import type { Services } from '../../src/services';
import { bodyParser } from '../../src/services/validate';
import { describeOnEachBackend, startBackend, type Harness } from '../support/backends';
import { Contract } from '../support/contract';

const ROOT = resolve(__dirname, '../../..');
const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);
const CLIENT_DIR = resolve(__dirname, '../openapi-client');

/** Every (method, path) the API serves, read from the routers themselves. */
function servedRoutes(): string[] {
  const limit = RateLimit.memory('t', 1);
  const router = apiRouter({} as Services, { votes: limit, voteTokens: limit, tokens: limit, reads: limit, authFailures: limit });
  const routes = new Set<string>();
  for (const layer of router.stack) {
    for (const method of layer.methods) {
      if (method === 'HEAD') continue;
      routes.add(`${method} ${layer.path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return [...routes].sort();
}

function run(command: string, args: string[], cwd = ROOT) {
  // Redocly's CLI phones home unless told not to.
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  const res = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  return { status: res.status, stdout: res.stdout, output: `${res.stdout}${res.stderr}` };
}

const validationMessage = (parse: (v: unknown) => unknown, value: unknown): string => {
  try {
    parse(value);
  } catch (err) {
    return (err as Error).message;
  }
  return 'accepted';
};

describe('OpenAPI document', () => {
  it('documents every served route, and nothing that is not served', () => {
    const served = servedRoutes();
    assert.ok(served.length >= 17, `expected the full API, found ${served.length} routes`);
    const documented = Object.entries(openApiDocument.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    assert.deepEqual(documented, served);
  });

  it('documents a 429 on every operation, and 413/415 wherever a body is parsed', () => {
    for (const [path, ops] of Object.entries(openApiDocument.paths)) {
      for (const [method, op] of Object.entries(ops as Record<string, { responses: Record<string, unknown> }>)) {
        assert.ok(op.responses['429'], `${method} ${path} documents 429`);
        if (method === 'post' || method === 'patch') {
          assert.ok(op.responses['413'] && op.responses['415'], `${method} ${path} documents 413 and 415`);
        }
      }
    }
  });

  it('is printed into wire/index.d.ts exactly (run `npm run types -w wire` after changing a schema)', () => {
    assert.equal(readFileSync(join(ROOT, 'wire/index.d.ts'), 'utf8'), wireTypes());
  });

  it('comes from one declaration: a changed schema changes the validator, the document and the wire types alike', () => {
    const label = S.OptionInput.properties.label;
    const saved = { maxLength: label.maxLength, properties: { ...S.OptionInput.properties } };
    const options = { question: 'Q', options: [{ label: 'eight ch' }, { label: 'b' }] };
    try {
      assert.equal(validationMessage(bodyParser(S.PollInput), options), 'accepted');
      label.maxLength = 7;
      (S.OptionInput.properties as Record<string, unknown>).color = { type: 'string' };

      // Ajv caches a compiled validator by its root object: a fresh root compiles the changed schema.
      assert.equal(validationMessage(bodyParser({ ...S.PollInput }), options), 'options[0].label must be 1 to 7 characters long');
      assert.equal(
        validationMessage(bodyParser({ ...S.PollPatch }), { options: options.options }),
        'options[0].label must be 1 to 7 characters long',
      );
      const doc = buildOpenApiDocument().components.schemas.OptionInput as { properties: Record<string, { maxLength?: number }> };
      assert.equal(doc.properties.label!.maxLength, 7);
      assert.deepEqual(doc.properties.color, { type: 'string' });
      assert.match(wireTypes(), /export interface OptionInput \{[^}]*\n {2}color\?: string;\n\}/);
    } finally {
      label.maxLength = saved.maxLength;
      delete (S.OptionInput.properties as Record<string, unknown>).color;
    }
    assert.deepEqual({ ...S.OptionInput.properties }, saved.properties);
  });

  it('names the failing field in validation messages', () => {
    const parse = bodyParser(S.PollInput);
    const poll = (extra: object) => ({ question: 'Q', options: [{ label: 'a' }, { label: 'b' }], ...extra });
    const cases: [unknown, string][] = [
      [
        poll({ options: [{ label: 'a' }, { label: 'b' }, { label: 'x'.repeat(301) }] }),
        'options[2].label must be 1 to 300 characters long',
      ],
      [
        poll({ options: [{ label: 'a' }, { label: 'b', imageUrl: 'http://img.example/b.png' }] }),
        'options[1].imageUrl must be an absolute https URL',
      ],
      [poll({ options: [{ label: 'a' }, { label: 'b', alt: 'B' }] }), 'options[1] has unknown field(s): alt'],
      [poll({ maxChoices: 51 }), 'maxChoices must be an integer from 1 to 50'],
      [poll({ type: 'plural' }), 'type must be one of: single, multiple, ranked'],
      [poll({ opensAt: 'tomorrow' }), 'opensAt must be an ISO 8601 date-time such as 2026-12-01T18:00:00Z'],
      [{ question: 'Q' }, 'options is required'],
      [[1, 2], 'body must be a JSON object'],
    ];
    for (const [body, message] of cases) assert.equal(validationMessage(parse, body), message, JSON.stringify(body));
    // A label of 300 emoji is 300 characters (code points), as JSON Schema counts them.
    assert.equal(validationMessage(parse, poll({ options: [{ label: '🍎'.repeat(300) }, { label: 'b' }] })), 'accepted');
  });
});

describeOnEachBackend('OpenAPI endpoint', (h) => {
  it('serves the OpenAPI 3.1 document built from the schemas', async () => {
    const res = await h().api.request('GET', '/api/v1/openapi.json');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, JSON.parse(JSON.stringify(openApiDocument)));
  });
});

describe('OpenAPI document checked by other tools', function () {
  // Three CLI tools (redocly, openapi-typescript, tsc) on a shared machine.
  this.timeout(300_000);
  let harness: Harness;
  let doc: Record<string, unknown>;
  const generated = join(CLIENT_DIR, 'generated');

  before(async function () {
    harness = await startBackend('sqlite');
    doc = (await harness.api.request('GET', '/api/v1/openapi.json')).body;
    mkdirSync(generated, { recursive: true });
    writeFileSync(join(generated, 'openapi.json'), JSON.stringify(doc, null, 2));
  });
  after(async () => harness?.server.close());

  it('passes `redocly lint` with no errors', () => {
    const lint = run(bin('redocly'), ['lint', join(generated, 'openapi.json'), '--config', join(ROOT, 'redocly.yaml'), '--format=json']);
    const report = JSON.parse(lint.stdout) as { totals: { errors: number }; problems: unknown[] };
    assert.equal(report.totals.errors, 0, JSON.stringify(report.problems, null, 2));
    assert.equal(lint.status, 0);
  });

  it('refuses, in the tests’ response check, a body with a missing or an extra field', () => {
    const contract = new Contract(doc);
    const results = { pollId: 'p', version: 1, totalBallots: 0, options: [] };
    const check = (body: unknown) => () => contract.check('GET', '/api/v1/polls/p/results', 200, 'application/json', body);
    check(results)();
    assert.throws(check({ ...results, extra: 1 }), /must NOT have additional properties/);
    assert.throws(check({ ...results, version: undefined }), /must have required property 'version'/);
    assert.throws(() => contract.check('GET', '/api/v1/polls/p/results', 418, 'application/json', {}), /not a documented status/);
  });

  it('generates an openapi-typescript client that agrees with the wire types, type-checks strictly and runs the README flow', async () => {
    const gen = run(bin('openapi-typescript'), [join(generated, 'openapi.json'), '-o', join(generated, 'api.d.ts')]);
    assert.equal(gen.status, 0, gen.output);
    const tsc = run(
      bin('tsc'),
      [
        '--strict',
        '--noEmit',
        '--target',
        'es2022',
        '--module',
        'esnext',
        '--moduleResolution',
        'bundler',
        '--types',
        'node',
        'readme-flow.ts',
        'wire-agrees.ts',
      ],
      CLIENT_DIR,
    );
    assert.equal(tsc.status, 0, tsc.output);

    const { readmeFlow } = await import('../openapi-client/readme-flow');
    const { poll, vote, results, patched } = await readmeFlow(harness.server.url, harness.server.adminKey);
    assert.equal(vote.pollId, poll.id);
    assert.deepEqual(vote.optionIds, [poll.options[0]!.id]);
    assert.equal(results.totalBallots, 1);
    assert.equal(results.options.find((o) => o.id === poll.options[0]!.id)?.votes, 1);
    assert.equal(patched.question, 'Tabs or spaces, really?');
    assert.deepEqual(patched.options, poll.options, 'a partial PATCH leaves the options alone');
    assert.equal(patched.ballotCount, 1);
  });
});
