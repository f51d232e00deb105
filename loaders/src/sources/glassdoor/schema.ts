// zod shapes for Glassdoor /company-search (current and legacy 13-field schema, and the overview
// endpoint whose `data` is one object). Unknown fields pass through untouched.
import { z } from 'zod';
import type { ResponseShape } from '../../pipeline/validate.ts';
import { jsearchStatus } from '../jsearch/schema.ts';

const text = z.string().nullish();
const num = z.number().nullish();

export const glassdoorEnvelope = z.looseObject({
  status: jsearchStatus,
  request_id: text,
  parameters: z.record(z.string(), z.unknown()).nullish(),
  data: z.unknown(),
});

export const glassdoorCompany = z.looseObject({
  company_id: z.union([z.number().int(), z.string().regex(/\S/, 'company_id is empty')]),
  name: z.string().refine((name) => name.trim().length > 0, { message: 'name is empty' }),
  website: text,
  industry: text,
  company_size: text,
  company_size_category: text,
  rating: num,
  review_count: num,
  headquarters_location: text,
  company_link: text,
});

export type GlassdoorCompany = z.infer<typeof glassdoorCompany>;

export const glassdoorShape: ResponseShape = {
  envelope: glassdoorEnvelope,
  item: glassdoorCompany,
  idOf: (item) => String(item.company_id),
  acceptBareArray: true,
  acceptObjectData: true,
};
