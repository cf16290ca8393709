import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

type Json = Record<string, any>;

/**
 * The served OpenAPI document as a checker of real responses: a response whose route, status or
 * body the document does not describe is a broken contract, whatever the test itself asserts.
 */
export class Contract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly routes: { method: string; pattern: RegExp; template: string }[];

  constructor(private readonly doc: Json) {
    addFormats(this.ajv as never);
    this.routes = Object.entries(doc.paths as Json).flatMap(([template, ops]) =>
      Object.keys(ops as Json).map((method) => ({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`),
      })),
    );
  }

  static async load(baseUrl: string): Promise<Contract> {
    const res = await fetch(`${baseUrl}/api/v1/openapi.json`);
    if (res.status !== 200) throw new Error(`GET /api/v1/openapi.json answered ${res.status}`);
    return new Contract((await res.json()) as Json);
  }

  /** Throws, naming what differs, unless the document describes this response exactly. */
  check(method: string, url: string, status: number, contentType: string, body: unknown): void {
    // Preflights are CORS machinery answered before any route, not operations of the API.
    if (method === 'OPTIONS') return;
    const path = url.split('?')[0]!;
    const route = this.routes.find((r) => r.method === method && r.pattern.test(path));
    const what = `${method} ${path} → ${status}`;
    if (!route) throw new Error(`contract: ${method} ${path} is not in the OpenAPI document`);
    let response = this.doc.paths[route.template][method.toLowerCase()].responses[String(status)] as Json | undefined;
    if (!response) throw new Error(`contract: ${what} is not a documented status of ${method} ${route.template}`);
    if (response.$ref) response = this.resolve(response.$ref as string);
    const content = response.content as Json | undefined;
    if (!content) {
      if (body !== '' && body !== undefined) throw new Error(`contract: ${what} documents no body but got ${JSON.stringify(body)}`);
      return;
    }
    const type = Object.keys(content).find((t) => contentType.startsWith(t));
    if (!type) throw new Error(`contract: ${what} answered ${contentType}, documented ${Object.keys(content).join(', ')}`);
    const validate = this.validator(`${route.template} ${method} ${status} ${type}`, content[type].schema as Json);
    if (!validate(body)) {
      throw new Error(
        `contract: ${what} body does not match the document: ${this.ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`,
      );
    }
  }

  private resolve(ref: string): Json {
    return ref
      .slice(2)
      .split('/')
      .reduce((node: Json, key) => node[key], this.doc);
  }

  /** The schema compiled beside the document's components, so its `$ref`s resolve. */
  private validator(key: string, schema: Json): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile({ ...schema, components: this.doc.components });
      this.compiled.set(key, validate);
    }
    return validate;
  }
}
