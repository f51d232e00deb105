// The list page's URL state (?active=&q=&sort=&dir=&page=): parsed leniently, since anyone can
// edit a URL, and rebuilt for links so sorting, filtering and paging compose.

export const ACTIVE_FILTERS = ['all', 'active', 'inactive'] as const;
export type ActiveFilter = (typeof ACTIVE_FILTERS)[number];

export const SORT_KEYS = ['name', 'id', 'created', 'last_run', 'jobs', 'runs'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export type SortDirection = 'asc' | 'desc';

/**
 * Whose profiles: `mine` (default) is the user's own (for an admin also the profiles no account
 * owns yet, which the migration hands to the first admin); `all` (`?owner=all`, the admins'
 * "all users" filter) is every profile the database shows the user: all of them for an admin.
 * Row-level security keeps a user to their own either way.
 */
export type OwnerFilter = 'mine' | 'all';

export interface ListParams {
  active: ActiveFilter;
  owner: OwnerFilter;
  search: string;
  sort: SortKey;
  direction: SortDirection;
  page: number;
  pageSize: number;
}

export const PAGE_SIZE = 50;
const MAX_SEARCH_LENGTH = 100;

// Text columns read best A→Z; dates and counts newest/largest first.
export const DEFAULT_DIRECTION: Record<SortKey, SortDirection> = {
  name: 'asc',
  id: 'asc',
  created: 'desc',
  last_run: 'desc',
  jobs: 'desc',
  runs: 'desc',
};

const oneOf = <T extends string>(values: readonly T[], value: string | null, fallback: T): T =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : fallback;

export function parseListParams(search: URLSearchParams): ListParams {
  const sort = oneOf(SORT_KEYS, search.get('sort'), 'name');
  const pageNumber = Number.parseInt(search.get('page') ?? '1', 10);
  return {
    active: oneOf(ACTIVE_FILTERS, search.get('active'), 'all'),
    owner: search.get('owner') === 'all' ? 'all' : 'mine',
    search: (search.get('q') ?? '').trim().slice(0, MAX_SEARCH_LENGTH),
    sort,
    direction: oneOf(['asc', 'desc'] as const, search.get('dir'), DEFAULT_DIRECTION[sort]),
    page: Number.isFinite(pageNumber) && pageNumber > 0 ? Math.min(pageNumber, 100_000) : 1,
    pageSize: PAGE_SIZE,
  };
}

/** A /profiles link with `changes` applied; defaults are left out to keep URLs short. */
export function listHref(current: ListParams, changes: Partial<ListParams> = {}): string {
  const next = { ...current, ...changes };
  const query = new URLSearchParams();
  if (next.active !== 'all') query.set('active', next.active);
  if (next.owner === 'all') query.set('owner', 'all');
  if (next.search !== '') query.set('q', next.search);
  if (next.sort !== 'name') query.set('sort', next.sort);
  if (next.direction !== DEFAULT_DIRECTION[next.sort]) query.set('dir', next.direction);
  if (next.page > 1) query.set('page', String(next.page));
  const text = query.toString();
  return text ? `/profiles?${text}` : '/profiles';
}

/** Clicking the current sort column flips it; another column starts in its natural direction. */
export function sortHref(current: ListParams, sort: SortKey): string {
  const direction = current.sort === sort ? (current.direction === 'asc' ? 'desc' : 'asc') : DEFAULT_DIRECTION[sort];
  return listHref(current, { sort, direction, page: 1 });
}

export const pageCount = (matching: number, pageSize: number): number => Math.max(1, Math.ceil(matching / pageSize));
