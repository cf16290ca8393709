import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { IMAGE_URL_PATTERN, type Static, type TSchema } from '@votewire/wire/schema';
import { validationFailed } from '../errors';

/**
 * Request validation from the wire schemas, compiled to JavaScript once when a route module is
 * loaded. Ajv rather than TypeBox's own compiler: Ajv counts string lengths in code points as JSON
 * Schema says (an emoji is one character), TypeBox's compiler in UTF-16 units.
 */
// verbose: errors carry the failing schema, whose limits the messages quote.
const bodies = new Ajv2020({ strict: true, verbose: true });
// ajv-formats is typed against its own copy of Ajv's classes.
addFormats(bodies as never, ['date-time', 'uri']);
/** Query strings arrive as text: `limit=5` is the integer 5 here. */
const queries = new Ajv2020({ strict: true, verbose: true, coerceTypes: true });

const PATTERN_MESSAGES: Record<string, string> = { [IMAGE_URL_PATTERN]: 'must be an absolute https URL' };

/** `/options/2/label` → `options[2].label`. */
function fieldName(instancePath: string, what: string): string {
  if (!instancePath) return what;
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((name, part, i) => (/^\d+$/.test(part) ? `${name}[${part}]` : i === 0 ? part : `${name}.${part}`), '');
}

const range = (min: unknown, max: unknown) => (max === undefined ? `at least ${min}` : `${min ?? 0} to ${max}`);

/** One sentence that names the field, from the first failing keyword and the schema it failed. */
export function describeError(e: ErrorObject, what: string): string {
  const field = fieldName(e.instancePath, what);
  const schema = (e.parentSchema ?? {}) as Record<string, unknown>;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `${e.instancePath ? `${field}.` : ''}${String(params.missingProperty)} is required`;
    case 'additionalProperties':
      return `${field} has unknown field(s): ${String(params.additionalProperty)}`;
    case 'minLength':
    case 'maxLength':
      return `${field} must be ${range(schema.minLength, schema.maxLength)} characters long`;
    case 'minimum':
    case 'maximum':
      return `${field} must be an integer from ${range(schema.minimum, schema.maximum)}`;
    case 'minItems':
    case 'maxItems':
      return `${field} must be an array of ${range(schema.minItems, schema.maxItems)} items`;
    case 'enum':
      return `${field} must be one of: ${(schema.enum as unknown[]).join(', ')}`;
    case 'format':
      return params.format === 'date-time'
        ? `${field} must be an ISO 8601 date-time such as 2026-12-01T18:00:00Z`
        : `${field} must be an absolute URL`;
    case 'pattern':
      return `${field} ${PATTERN_MESSAGES[String(params.pattern)] ?? `must match ${String(params.pattern)}`}`;
    case 'type':
      return `${field} must be ${TYPE_WORDS[String(params.type)] ?? String(params.type)}${schema.minimum !== undefined ? ` from ${range(schema.minimum, schema.maximum)}` : ''}`;
    default:
      return `${field} ${e.message ?? 'is invalid'}`;
  }
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a JSON object',
  array: 'an array',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  null: 'null',
};

/**
 * The first error the way a person reads it. In `anyOf` (a nullable field) Ajv reports each
 * branch's failure and then the `anyOf`: the first branch is the interesting one.
 */
function message(errors: ErrorObject[], what: string): string {
  const first = errors.find((e) => e.keyword !== 'anyOf') ?? errors[0]!;
  return describeError(first, what);
}

export type Parser<T extends TSchema> = (value: unknown) => Static<T>;

function parser<T extends TSchema>(validate: ValidateFunction, what: string): Parser<T> {
  return (value) => {
    if (validate(value)) return value as Static<T>;
    const errors = validate.errors ?? [];
    const unknown = errors.find((e) => e.keyword === 'additionalProperties');
    throw validationFailed(message(errors, what), unknown ? { fields: [unknown.params.additionalProperty] } : undefined);
  };
}

/** A request body's parser: the value itself when valid, else a 400 validation_failed naming the field. */
export const bodyParser = <T extends TSchema>(schema: T, what = 'body'): Parser<T> => parser<T>(bodies.compile(schema), what);

/** A query string's parser: `?limit=5` becomes the number 5. */
export const queryParser = <T extends TSchema>(schema: T): Parser<T> => parser<T>(queries.compile(schema), 'query');

/** Text as the API stores it: trimmed, still within its limits, without control characters. */
export function text(value: string, field: string, min: number, max: number): string {
  const trimmed = value.trim();
  // Length in code points, as the schema counts it.
  const length = [...trimmed].length;
  if (length < min || length > max) throw validationFailed(`${field} must be ${min} to ${max} characters long`);
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(trimmed)) {
    throw validationFailed(`${field} must not contain control characters`);
  }
  return trimmed;
}

/** A web origin such as https://news.example.com (scheme, host, optional port; nothing else). */
export function origin(value: string, field: string): string {
  if (value === '*') return '*';
  const raw = value.trim();
  const refuse = () => validationFailed(`${field} must be an origin such as https://news.example.com, or "*"`);
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw refuse();
  }
  if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.origin !== raw.replace(/\/$/, '')) throw refuse();
  return parsed.origin;
}
