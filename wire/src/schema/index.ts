import type { TSchema } from '@sinclair/typebox';
import * as admin from './admin';
import * as common from './common';
import * as live from './live';
import * as log from './log';
import * as polls from './polls';
import * as results from './results';
import * as votes from './votes';

export * from './admin';
export * from './common';
export * from './live';
export * from './log';
export * from './polls';
export * from './results';
export * from './votes';
export { LIMITS, IMAGE_URL_PATTERN } from '../limits';
export type { Static, TSchema } from '@sinclair/typebox';

/**
 * Every named schema, by its title: the OpenAPI document's components and the wire types. A schema
 * nested in another under one of these titles becomes a `$ref` / a type name there.
 */
export const namedSchemas = Object.fromEntries(
  [admin, common, live, log, polls, results, votes]
    .flatMap((m) => Object.values(m))
    .filter((s): s is { title: string } => typeof s === 'object' && s !== null && typeof (s as { title?: unknown }).title === 'string')
    .map((s) => [s.title, s] as const)
    // By name: module namespaces list exports sorted under ESM but in source order under CommonJS.
    .sort(([a], [b]) => a.localeCompare(b)),
) as Record<string, TSchema>;
