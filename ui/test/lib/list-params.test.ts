import { describe, expect, it } from 'vitest';
import { listHref, pageCount, parseListParams, sortHref } from '../../src/lib/list-params.ts';

const parse = (query: string) => parseListParams(new URLSearchParams(query));

describe('list parameters', () => {
  it("defaults to all the user's own profiles by name, page 1", () => {
    expect(parse('')).toEqual({
      active: 'all',
      owner: 'mine',
      search: '',
      sort: 'name',
      direction: 'asc',
      page: 1,
      pageSize: 50,
    });
  });

  it('reads valid values and ignores invalid ones', () => {
    expect(parse('active=inactive&q=%20data%20&sort=last_run&page=3')).toMatchObject({
      active: 'inactive',
      search: 'data',
      sort: 'last_run',
      direction: 'desc',
      page: 3,
    });
    expect(parse('active=maybe&sort=profile_name;drop&dir=sideways&page=-2')).toMatchObject({
      active: 'all',
      sort: 'name',
      direction: 'asc',
      page: 1,
    });
    expect(parse(`q=${'x'.repeat(500)}`).search).toHaveLength(100);
  });

  it('builds short links and toggles sort direction', () => {
    const params = parse('active=active&sort=runs&page=2');
    expect(listHref(params)).toBe('/profiles?active=active&sort=runs&page=2');
    expect(listHref(params, { active: 'all', page: 1 })).toBe('/profiles?sort=runs');
    expect(sortHref(params, 'runs')).toBe('/profiles?active=active&sort=runs&dir=asc');
    expect(sortHref(params, 'name')).toBe('/profiles?active=active');
    expect(listHref(parse(''))).toBe('/profiles');
    expect(listHref(parse('q=a b'))).toBe('/profiles?q=a+b');
  });

  it("keeps an admin's all-users filter and drops the default (mine)", () => {
    expect(parse('owner=all').owner).toBe('all');
    expect(parse('owner=someone').owner).toBe('mine');
    expect(listHref(parse('owner=all&active=active'))).toBe('/profiles?active=active&owner=all');
    expect(listHref(parse('owner=mine'))).toBe('/profiles');
  });

  it('counts pages', () => {
    expect([pageCount(0, 50), pageCount(50, 50), pageCount(51, 50)]).toEqual([1, 1, 2]);
  });
});
