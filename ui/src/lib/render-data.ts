// Page data for pages that render on the server only (`csr = false`).
//
// SvelteKit serialises every load result (devalue) for hydration, even for a page that ships no
// JavaScript and so never uses it: on the list and detail pages that walk over every row was a
// tenth of the server's work per request. Wrapped in RenderData, the render still reads the data
// as it is, and the `transport` hook in src/hooks.ts writes a placeholder instead of walking it.
// A client-side navigation from a page that does use JavaScript (new/edit) asks for the data as
// JSON (`isDataRequest`); then it is sent in full and the page renders in the browser as before.
export class RenderData<T> {
  constructor(
    readonly value: T,
    /** True for a data request from the client router: the data must reach the browser. */
    readonly forBrowser: boolean,
  ) {}
}

export const renderData = <T>(value: T, isDataRequest: boolean): RenderData<T> => new RenderData(value, isDataRequest);

export const encodeRenderData = (value: unknown): false | [unknown?] =>
  value instanceof RenderData && (value.forBrowser ? [value.value] : []);

export const decodeRenderData = ([value]: [unknown?]): RenderData<unknown> => new RenderData(value, true);
