/**
 * Prints the named schemas as plain TypeScript declarations: the wire types that the SDK and the
 * console import as types only, so the schema library never enters their bundles. The printer
 * knows the small subset of JSON Schema that ./schema uses and refuses anything else.
 */
type Schema = {
  title?: string;
  description?: string;
  type?: string;
  enum?: readonly string[];
  const?: unknown;
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
};

const SCALARS: Record<string, string> = { string: 'string', integer: 'number', number: 'number', boolean: 'boolean', null: 'null' };

function doc(description: string | undefined, indent: string): string {
  return description ? `${indent}/** ${description} */\n` : '';
}

const literal = (value: unknown) => (typeof value === 'string' ? `'${value}'` : String(value));
const named = (schema: Schema, names: ReadonlySet<string>) => schema.title !== undefined && names.has(schema.title);

function typeOf(schema: Schema, names: ReadonlySet<string>, indent: string, root = false): string {
  if (!root && named(schema, names)) return schema.title!;
  if (schema.enum) return schema.enum.map(literal).join(' | ');
  if (schema.const !== undefined) return literal(schema.const);
  if (schema.anyOf) return schema.anyOf.map((s) => typeOf(s, names, indent)).join(' | ');
  if (schema.type === 'array') {
    const item = typeOf(schema.items!, names, indent);
    return /^\w+$/.test(item) ? `${item}[]` : `Array<${item}>`;
  }
  if (schema.type === 'object') return objectBody(schema, names, indent);
  if (schema.type && SCALARS[schema.type]) return SCALARS[schema.type]!;
  if (Object.keys(schema).every((k) => k === 'description')) return 'unknown';
  throw new Error(`types-printer: unsupported schema ${JSON.stringify(schema)}`);
}

function objectBody(schema: Schema, names: ReadonlySet<string>, indent: string): string {
  const required = new Set(schema.required ?? []);
  const lines = Object.entries(schema.properties ?? {}).map(
    ([key, prop]) =>
      // A named type carries its own comment; repeating it at every use would be noise.
      `${named(prop, names) ? '' : doc(prop.description, indent + '  ')}${indent}  ${key}${required.has(key) ? '' : '?'}: ${typeOf(prop, names, indent + '  ')};`,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** `export interface` for objects, `export type` for the rest, in the order given. */
export function printTypes(schemas: Record<string, Schema>): string {
  const names = new Set(Object.keys(schemas));
  return Object.entries(schemas)
    .map(([name, schema]) => {
      const head = doc(schema.description, '');
      return schema.type === 'object'
        ? `${head}export interface ${name} ${objectBody(schema, names, '')}\n`
        : `${head}export type ${name} = ${typeOf(schema, names, '', true)};\n`;
    })
    .join('\n');
}
