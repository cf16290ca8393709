import { validationFailed } from '../errors';

/** Small, strict readers for untrusted JSON: each failure names the field and what was expected. */

export type Json = Record<string, unknown>;

export function object(value: unknown, what = 'body'): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw validationFailed(`${what} must be a JSON object`);
  }
  return value as Json;
}

export function onlyKeys(value: Json, allowed: readonly string[], what = 'body'): void {
  const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw validationFailed(`${what} has unknown field(s): ${unknown.join(', ')}`, { fields: unknown });
  }
}

export function text(value: unknown, field: string, min: number, max: number): string {
  if (typeof value !== 'string') throw validationFailed(`${field} must be a string`);
  const trimmed = value.trim();
  // Length in code points, so an emoji counts as one character.
  const length = [...trimmed].length;
  if (length < min || length > max) {
    throw validationFailed(`${field} must be ${min} to ${max} characters long`);
  }
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(trimmed)) {
    throw validationFailed(`${field} must not contain control characters`);
  }
  return trimmed;
}

export function optionalText(value: unknown, field: string, max: number): string | null {
  if (value === undefined || value === null || value === '') return null;
  return text(value, field, 0, max) || null;
}

export function integer(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw validationFailed(`${field} must be an integer from ${min} to ${max}`);
  }
  return value;
}

export function boolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw validationFailed(`${field} must be true or false`);
  return value;
}

export function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw validationFailed(`${field} must be one of: ${allowed.join(', ')}`);
  }
  return value as T;
}

/** An ISO 8601 date-time (or null) as epoch milliseconds. */
export function optionalTime(value: unknown, field: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(Date.parse(value))) {
    throw validationFailed(`${field} must be an ISO 8601 date-time such as 2026-12-01T18:00:00Z, or null`);
  }
  return Date.parse(value);
}

/**
 * An absolute https URL. Plain http is refused: an image on a poll loads on every voter's page,
 * where http is mixed content and an unencrypted request any network can watch.
 */
export function httpUrl(value: unknown, field: string): string {
  const raw = text(value, field, 1, 2000);
  let parsed: URL | null = null;
  try {
    parsed = new URL(raw);
  } catch {
    // reported below with the same message
  }
  if (parsed?.protocol !== 'https:') throw validationFailed(`${field} must be an absolute https URL`);
  return parsed.href;
}

/** A web origin such as https://news.example.com (scheme, host, optional port; nothing else). */
export function origin(value: unknown, field: string): string {
  if (value === '*') return '*';
  const raw = text(value, field, 1, 300);
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw validationFailed(`${field} must be an origin such as https://news.example.com, or "*"`);
  }
  if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.origin !== raw.replace(/\/$/, '')) {
    throw validationFailed(`${field} must be an origin such as https://news.example.com, or "*"`);
  }
  return parsed.origin;
}
