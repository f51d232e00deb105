import { describe, expect, it } from 'vitest';
import { decodeRenderData, encodeRenderData, RenderData, renderData } from '../../src/lib/render-data.ts';

describe('RenderData (the transport hook for server-rendered pages)', () => {
  const rows = [{ profile_id: 1, profile_name: 'Alpha' }];

  it('is written as a placeholder when the page renders on the server', () => {
    expect(encodeRenderData(renderData(rows, false))).toEqual([]);
  });

  it('travels in full to the client router, and arrives as the same wrapper', () => {
    const encoded = encodeRenderData(renderData(rows, true));
    expect(encoded).toEqual([rows]);
    const decoded = decodeRenderData(encoded as [unknown?]);
    expect(decoded).toBeInstanceOf(RenderData);
    expect(decoded.value).toEqual(rows);
  });

  it('leaves every other value to SvelteKit', () => {
    for (const value of [rows, { value: rows }, null, 'text', new Date(0)]) expect(encodeRenderData(value)).toBe(false);
  });
});
