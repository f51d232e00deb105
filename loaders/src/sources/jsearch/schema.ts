// zod shapes for JSearch /search. Lenient where the real API is quirky (nulls everywhere, `{}`
// highlights, free-text employment type beside the enum array, lower-case status); strict only on
// what landing needs. Unknown fields pass through untouched.
import { z } from 'zod';
import type { ResponseShape } from '../../pipeline/validate.ts';

const text = z.string().nullish();

export const jsearchStatus = z
  .string()
  .refine((status) => status.trim().toUpperCase() === 'OK', { message: 'status is not OK' });

// Envelope metadata (request_id, parameters) is informational: its type never costs a page.
export const jsearchEnvelope = z.looseObject({
  status: jsearchStatus,
  data: z.unknown(),
});

// Only identity decides whether a posting is usable: a non-blank job_id, and a title and employer
// that are text when present. Every other field lands exactly as received, whatever its type;
// staging coerces it and records why (type_coercion_issue). Salary "120000" or job_is_remote "true"
// must never cost us the posting.
export const jsearchItem = z.looseObject({
  job_id: z.string().refine((id) => id.trim().length > 0, { message: 'job_id is empty' }),
  job_title: text,
  employer_name: text,
});

export type JsearchItem = z.infer<typeof jsearchItem>;

export const jsearchShape: ResponseShape = {
  envelope: jsearchEnvelope,
  item: jsearchItem,
  // Edge whitespace is transport noise (JSearch ids are base64 and never contain spaces): " abc= "
  // and "abc=" are one job. The payload keeps the id as received.
  idOf: (item) => String(item.job_id).trim(),
  acceptBareArray: true,
};
