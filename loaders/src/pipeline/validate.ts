// Pure validation of API responses: split a body into accepted items and quarantined records,
// each rejection with a one-line reason. Accepted items are kept exactly as received (unknown
// fields included); the schemas only decide whether an item is usable.
import type { z } from 'zod';

export interface Rejected {
  reason: string;
  rawText: string;
}

export interface Accepted {
  item: Record<string, unknown>;
  id: string;
}

export type ResponseCheck =
  | { ok: false; reason: string; rawText: string }
  | { ok: true; accepted: Accepted[]; rejected: Rejected[]; meta: Record<string, unknown> };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

// Cheap first test: NUL or any surrogate code unit (pairs are fine; the slow check tells them apart).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding U+0000 is the point
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

function isUnstorable(text: string): boolean {
  return SUSPECT.test(text) && (text.includes('\u0000') || LONE_SURROGATE.test(text));
}

function hasUnstorable(value: unknown): boolean {
  if (typeof value === 'string') return isUnstorable(value);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const inner of value) if (hasUnstorable(inner)) return true;
    return false;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) if (isUnstorable(key) || hasUnstorable(record[key])) return true;
  return false;
}

// PostgreSQL jsonb and text reject U+0000 and unpaired surrogates, so such records cannot land.
// The fast walk answers "is there any?"; the path is only worked out when there is one.
export function findUnstorableText(value: unknown, path = '$'): string | undefined {
  if (!hasUnstorable(value)) return undefined;
  return locateUnstorable(value, path);
}

function locateUnstorable(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return `contains a NUL byte at ${path}`;
    if (LONE_SURROGATE.test(value)) return `contains a lone UTF-16 surrogate at ${path}`;
    return undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = locateUnstorable(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const keyProblem = locateUnstorable(key, `${path} key`);
      if (keyProblem) return keyProblem;
      const found = locateUnstorable(inner, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

// JSON.stringify escapes NUL and lone surrogates, so the quarantine copy is always storable text.
export function toStorableText(value: unknown): string {
  if (typeof value === 'string') return value.replaceAll('\u0000', '\\u0000').replace(LONE_SURROGATES, '\uFFFD');
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(item)'}: ${issue.message}`)
    .join('; ');
}

export interface ResponseShape {
  envelope: z.ZodType<{ data?: unknown; status?: unknown }>;
  item: z.ZodType<unknown>;
  idOf(item: Record<string, unknown>): string;
  // A bare array (a stored `data`) is accepted as the data when true.
  acceptBareArray?: boolean;
  // Overview endpoints answer one object in `data`; accepted as a one-item list when true.
  acceptObjectData?: boolean;
}

function splitData(json: unknown, shape: ResponseShape): { data: unknown; meta: Record<string, unknown> } | string {
  if (Array.isArray(json)) return shape.acceptBareArray ? { data: json, meta: {} } : 'response is a bare array';
  if (json === null || typeof json !== 'object')
    return `response is ${json === null ? 'null' : typeof json}, not an object`;
  const parsed = shape.envelope.safeParse(json);
  if (!parsed.success) return `invalid envelope: ${describeIssues(parsed.error)}`;
  const { data, ...meta } = json as Record<string, unknown>;
  return { data, meta };
}

export function checkItem(item: unknown, shape: ResponseShape): Accepted | Rejected {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    return {
      reason: `item is ${item === null ? 'null' : Array.isArray(item) ? 'an array' : typeof item}, not an object`,
      rawText: toStorableText(item),
    };
  }
  const parsed = shape.item.safeParse(item);
  if (!parsed.success)
    return { reason: `invalid item: ${describeIssues(parsed.error)}`, rawText: toStorableText(item) };
  const unstorable = findUnstorableText(item);
  if (unstorable) return { reason: `item ${unstorable}`, rawText: toStorableText(item) };
  return { item: item as Record<string, unknown>, id: shape.idOf(item as Record<string, unknown>) };
}

export function checkJson(json: unknown, shape: ResponseShape): ResponseCheck {
  const split = splitData(json, shape);
  if (typeof split === 'string') return { ok: false, reason: split, rawText: toStorableText(json) };
  let { data } = split;
  if (data !== null && typeof data === 'object' && !Array.isArray(data) && shape.acceptObjectData) data = [data];
  if (!Array.isArray(data)) {
    return {
      ok: false,
      reason: `response data is ${data === null ? 'null' : typeof data}, not an array`,
      rawText: toStorableText(json),
    };
  }
  const accepted: Accepted[] = [];
  const rejected: Rejected[] = [];
  for (const item of data) {
    const result = checkItem(item, shape);
    if ('item' in result) accepted.push(result);
    else rejected.push(result);
  }
  return { ok: true, accepted, rejected, meta: split.meta };
}

export function checkResponseText(text: string, shape: ResponseShape): ResponseCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      reason: `response is not valid JSON (${(error as Error).message.slice(0, 120)}; ${text.length} chars, truncated?)`,
      rawText: toStorableText(text),
    };
  }
  return checkJson(json, shape);
}
