import { error } from '@sveltejs/kit';

/** Route ids are positive integers; anything else is a 404, never a query. */
export function profileIdFrom(param: string | undefined): number {
  if (!param || !/^[1-9]\d{0,14}$/.test(param)) error(404, 'No such profile');
  return Number(param);
}
