import type { Transport } from '@sveltejs/kit';
import { decodeRenderData, encodeRenderData } from '$lib/render-data.ts';

export const transport: Transport = {
  RenderData: { encode: encodeRenderData, decode: decodeRenderData },
};
