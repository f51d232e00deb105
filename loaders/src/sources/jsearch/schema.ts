// zod shapes for JSearch /search. Lenient where the real API is quirky (nulls everywhere, `{}`
// highlights, free-text employment type beside the enum array, lower-case status); strict only on
// what landing needs. Unknown fields pass through untouched.
import { z } from 'zod';
import type { ResponseShape } from '../../pipeline/validate.ts';

const text = z.string().nullish();
const num = z.number().nullish();

export const jsearchStatus = z
  .string()
  .refine((status) => status.trim().toUpperCase() === 'OK', { message: 'status is not OK' });

export const jsearchEnvelope = z.looseObject({
  status: jsearchStatus,
  request_id: text,
  parameters: z.record(z.string(), z.unknown()).nullish(),
  data: z.unknown(),
});

export const jsearchItem = z.looseObject({
  job_id: z.string().refine((id) => id.trim().length > 0, { message: 'job_id is empty' }),
  job_title: text,
  employer_name: text,
  employer_website: text,
  employer_logo: text,
  job_publisher: text,
  job_description: text,
  job_employment_type: text,
  job_employment_types: z.array(z.string()).nullish(),
  job_is_remote: z.boolean().nullish(),
  job_posted_at: text,
  job_posted_at_timestamp: num,
  job_posted_at_datetime_utc: text,
  job_city: text,
  job_state: text,
  job_country: text,
  job_latitude: num,
  job_longitude: num,
  job_min_salary: num,
  job_max_salary: num,
  job_salary_currency: text,
  job_salary_period: text,
  job_highlights: z.record(z.string(), z.unknown()).nullish(),
  job_apply_link: text,
  apply_options: z.array(z.unknown()).nullish(),
});

export type JsearchItem = z.infer<typeof jsearchItem>;

export const jsearchShape: ResponseShape = {
  envelope: jsearchEnvelope,
  item: jsearchItem,
  idOf: (item) => String(item.job_id),
  acceptBareArray: true,
};
