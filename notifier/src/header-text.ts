// Pure: what may appear in a one-line header (the subject) or the inbox preview (the preheader).
// Profile names and job titles come from people and from the API; control characters and bidi
// overrides/isolates (U+202A–U+202E, U+2066–U+2069) would let them reorder or hide what a
// recipient reads there, so they are removed and line breaks become spaces.
import type { DigestView } from './present.ts';

const LINE_BREAKS = /[\r\n\u0085\u2028\u2029]+/g;
const INVISIBLE_OR_REORDERING = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;

export const headerText = (text: string): string =>
  text.replace(LINE_BREAKS, ' ').replace(INVISIBLE_OR_REORDERING, '').replace(/ {2,}/g, ' ').trim();

/** The view with its subject and preheader made safe for those two places. */
export const withSafeHeaders = (view: DigestView): DigestView => ({
  ...view,
  subject: headerText(view.subject),
  preheader: headerText(view.preheader),
});
