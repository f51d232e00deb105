// Pure validation of API responses: split a body into accepted items and quarantined records,
// each rejection with a one-line reason. Accepted items are kept exactly as received (unknown
// fields included); the schemas only decide whether an item is usable.
import type { z } from 'zod';

export interface Rejected {
  reason: string;
  // At most QUARANTINE_TEXT_MAX_CHARS of the received text; rawLength is the full length.
  rawText: string;
  rawLength: number;
}

export interface Accepted {
  item: Record<string, unknown>;
  id: string;
}

export type ResponseCheck =
  | { ok: false; reason: string; rawText: string; rawLength: number }
  | { ok: true; accepted: Accepted[]; rejected: Rejected[]; meta: Record<string, unknown> };

// Real postings nest 3–4 levels; anything far deeper is hostile or broken, and would overflow any
// recursive consumer (JSON.stringify, zod) before it reached the database.
export const MAX_ITEM_DEPTH = 64;
// Enough to see what went wrong; a 20 MB body in every quarantine row is not.
export const QUARANTINE_TEXT_MAX_CHARS = 64 * 1024;

const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// Two native scans (String.prototype.isWellFormed, ES2024, is in Node 20): several times faster
// than a surrogate regex on postings that carry emoji.
function isUnstorable(text: string): boolean {
  return text.includes('\u0000') || !(text as string & { isWellFormed(): boolean }).isWellFormed();
}

function unstorableReason(text: string, path: string): string {
  return text.includes('\u0000') ? `contains a NUL byte at ${path}` : `contains a lone UTF-16 surrogate at ${path}`;
}

// One iterative walk (an explicit stack, so no depth can overflow ours): the first value nested
// deeper than maxDepth, or the first text PostgreSQL cannot store (jsonb and text reject U+0000
// and unpaired surrogates).
export function findProblem(value: unknown, maxDepth = MAX_ITEM_DEPTH): string | undefined {
  if (typeof value === 'string') return isUnstorable(value) ? unstorableReason(value, '$') : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  const stack: Array<[object, number, string]> = [[value, 0, '$']];
  while (stack.length) {
    const [container, depth, path] = stack.pop() as [object, number, string];
    if (depth >= maxDepth) return `is nested deeper than ${maxDepth} levels at ${path.slice(0, 120)}`;
    if (Array.isArray(container)) {
      for (let i = container.length - 1; i >= 0; i--) {
        const inner: unknown = container[i];
        if (typeof inner === 'string') {
          if (isUnstorable(inner)) return unstorableReason(inner, `${path}[${i}]`);
        } else if (inner !== null && typeof inner === 'object') stack.push([inner, depth + 1, `${path}[${i}]`]);
      }
      continue;
    }
    const record = container as Record<string, unknown>;
    for (const key in record) {
      if (isUnstorable(key)) return unstorableReason(key, `${path} key`);
      const inner = record[key];
      if (typeof inner === 'string') {
        if (isUnstorable(inner)) return unstorableReason(inner, `${path}.${key}`);
      } else if (inner !== null && typeof inner === 'object') stack.push([inner, depth + 1, `${path}.${key}`]);
    }
  }
  return undefined;
}

function sanitize(text: string): string {
  return text.replaceAll('\u0000', '\\u0000').replace(LONE_SURROGATES, '\uFFFD');
}

// JSON text of any value without recursion, stopping the output (not the count) at maxChars:
// a 200k-deep item overflows JSON.stringify, and a huge one should not be copied whole.
export function boundedJson(value: unknown, maxChars: number): { text: string; length: number } {
  let text = '';
  let length = 0;
  const emit = (part: string) => {
    length += part.length;
    if (text.length < maxChars)
      text += part.length + text.length > maxChars ? part.slice(0, maxChars - text.length) : part;
  };
  // Work items: a value to write, or a literal piece of punctuation.
  const stack: Array<{ value: unknown } | string> = [{ value }];
  while (stack.length) {
    const next = stack.pop() as { value: unknown } | string;
    if (typeof next === 'string') {
      emit(next);
      continue;
    }
    const current = next.value;
    if (current === null || typeof current !== 'object') {
      emit(JSON.stringify(current) ?? 'null');
      continue;
    }
    if (Array.isArray(current)) {
      emit('[');
      stack.push(']');
      for (let i = current.length - 1; i >= 0; i--) {
        stack.push({ value: current[i] });
        if (i) stack.push(',');
      }
      continue;
    }
    const entries = Object.entries(current).filter(([, inner]) => inner !== undefined);
    emit('{');
    stack.push('}');
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, inner] = entries[i] as [string, unknown];
      stack.push({ value: inner });
      stack.push(`${JSON.stringify(key)}:`);
      if (i) stack.push(',');
    }
  }
  return { text, length };
}

// What quarantine keeps of a value: storable text (NUL escaped, lone surrogates replaced), cut at
// QUARANTINE_TEXT_MAX_CHARS, plus the full length so a reader knows it was cut.
export function toStorable(
  value: unknown,
  maxChars = QUARANTINE_TEXT_MAX_CHARS,
): { rawText: string; rawLength: number } {
  if (typeof value === 'string') return { rawText: sanitize(value.slice(0, maxChars)), rawLength: value.length };
  const { text, length } = boundedJson(value, maxChars);
  return { rawText: sanitize(text), rawLength: length };
}

export function toStorableText(value: unknown): string {
  return toStorable(value).rawText;
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(item)'}: ${issue.message}`)
    .join('; ');
}

export interface ResponseShape {
  envelope: z.ZodType<Record<string, unknown>>;
  item: z.ZodType<unknown>;
  idOf(item: Record<string, unknown>): string;
  // A bare array (a stored `data`) is accepted as the data when true.
  acceptBareArray?: boolean;
  // Overview endpoints answer one object in `data`; accepted as a one-item list when true.
  acceptObjectData?: boolean;
  // The envelope key holding the items (JSearch `data`, Greenhouse and Ashby `jobs`).
  dataKey?: string;
}

function splitData(json: unknown, shape: ResponseShape): { data: unknown; meta: Record<string, unknown> } | string {
  if (Array.isArray(json)) return shape.acceptBareArray ? { data: json, meta: {} } : 'response is a bare array';
  if (json === null || typeof json !== 'object')
    return `response is ${json === null ? 'null' : typeof json}, not an object`;
  const parsed = shape.envelope.safeParse(json);
  if (!parsed.success) return `invalid envelope: ${describeIssues(parsed.error)}`;
  const { [shape.dataKey ?? 'data']: data, ...meta } = json as Record<string, unknown>;
  return { data, meta };
}

export function checkItem(item: unknown, shape: ResponseShape): Accepted | Rejected {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    return {
      reason: `item is ${item === null ? 'null' : Array.isArray(item) ? 'an array' : typeof item}, not an object`,
      ...toStorable(item),
    };
  }
  // Shape first: a hostile nesting depth must be refused before anything recursive touches it.
  const problem = findProblem(item);
  if (problem) return { reason: `item ${problem}`, ...toStorable(item) };
  const parsed = shape.item.safeParse(item);
  if (!parsed.success) return { reason: `invalid item: ${describeIssues(parsed.error)}`, ...toStorable(item) };
  return { item: item as Record<string, unknown>, id: shape.idOf(item as Record<string, unknown>) };
}

export function checkJson(json: unknown, shape: ResponseShape): ResponseCheck {
  const split = splitData(json, shape);
  if (typeof split === 'string') return { ok: false, reason: split, ...toStorable(json) };
  let { data } = split;
  if (data !== null && typeof data === 'object' && !Array.isArray(data) && shape.acceptObjectData) data = [data];
  if (!Array.isArray(data)) {
    return {
      ok: false,
      reason: `response data is ${data === null ? 'null' : typeof data}, not an array`,
      ...toStorable(json),
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
      ...toStorable(text),
    };
  }
  return checkJson(json, shape);
}
