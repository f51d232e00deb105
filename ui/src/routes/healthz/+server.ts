import { db } from '$lib/server/db.ts';
import type { RequestHandler } from './$types';

// Liveness for the container: the app is up and the warehouse answers.
export const GET: RequestHandler = async () => {
  await db().query('select 1');
  return new Response('ok\n', { headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' } });
};
