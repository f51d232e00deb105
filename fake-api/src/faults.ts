// The fake API's fault switchboard. Pure: parse a spec, then decide per request.
//
// SPEC  := RULE ("," RULE)*
// RULE  := KIND ["@" RATE] [":" OPTION (";" OPTION)*]
// KIND  := 429 | 500 | 503 | slow | reset | truncated | invalid_item | quota
//          | oversized (a 200 padded past `mb` MB) | deep_item (an item nested `depth` levels)
//          | type_noise (salaries, coordinates, timestamps as strings; job_is_remote "true"/1)
//          | changed_copy (a second copy of the first item: newer timestamp, changed title)
//          | redirect (302 to `to`)
//          (aliases: rate_limit=429, error500=500, error503=503, timeout=slow,
//           truncated_json=truncated, schema_invalid=invalid_item, quota_exceeded=quota)
// RATE  := probability 0..1 per request (default 1 when the rule has a query/path option, else 0.1)
// OPTION:= query=TEXT        only requests whose `query` contains TEXT (case-insensitive);
//                            such rules fail EVERY matching request (no recovery cap)
//          path=/search      only this endpoint (/search or /company-search)
//          retry_after=SEC   Retry-After seconds sent with 429 (default 1)
//          ms=N              delay for `slow` (default 3000)
//          mb=N              body size for `oversized` (default 30)
//          depth=N           nesting for `deep_item` (default 200000)
//          to=URL            Location for `redirect` (default http://127.0.0.1:9/elsewhere)
//
// Rate-based rules never fail the same URL more than `maxConsecutive` (default 2) times in a row,
// so a client with retries always gets through and a fault run can count every posting.
// Examples:  500@0.1,reset@0.05        error500:query=BrokenProfile
//            429@0.1:retry_after=0,truncated@0.05,invalid_item@0.1

export const FAULT_KINDS = [
  '429',
  '500',
  '503',
  'slow',
  'reset',
  'truncated',
  'invalid_item',
  'quota',
  'oversized',
  'deep_item',
  'type_noise',
  'changed_copy',
  'redirect',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const ALIASES: Record<string, FaultKind> = {
  rate_limit: '429',
  error429: '429',
  error500: '500',
  error503: '503',
  timeout: 'slow',
  truncated_json: 'truncated',
  schema_invalid: 'invalid_item',
  quota_exceeded: 'quota',
};

export interface FaultRule {
  kind: FaultKind;
  rate: number;
  query?: string;
  path?: string;
  retryAfterS: number;
  delayMs: number;
  sizeMb: number;
  depth: number;
  location: string;
}

export class FaultSpecError extends Error {
  override name = 'FaultSpecError';
}

export function parseFaults(spec: string | undefined): FaultRule[] {
  if (!spec?.trim()) return [];
  return spec.split(',').map((raw) => {
    const text = raw.trim();
    const [head = '', optionText] = text.split(/:(.*)/s, 2);
    const [kindText = '', rateText] = head.split('@');
    const kindName = kindText.trim().toLowerCase();
    const kind = (FAULT_KINDS as readonly string[]).includes(kindName) ? (kindName as FaultKind) : ALIASES[kindName];
    if (!kind) throw new FaultSpecError(`unknown fault "${kindText}" in "${text}" (kinds: ${FAULT_KINDS.join(', ')})`);
    const rule: FaultRule = {
      kind,
      rate: Number.NaN,
      retryAfterS: 1,
      delayMs: 3000,
      sizeMb: 30,
      depth: 200_000,
      location: 'http://127.0.0.1:9/elsewhere',
    };
    for (const option of optionText ? optionText.split(';') : []) {
      const [name = '', value = ''] = option.split('=', 2).map((part) => part.trim());
      if (name === 'query') rule.query = value.toLowerCase();
      else if (name === 'path') rule.path = value;
      else if (name === 'retry_after') rule.retryAfterS = nonNegative(value, text);
      else if (name === 'ms') rule.delayMs = nonNegative(value, text);
      else if (name === 'mb') rule.sizeMb = nonNegative(value, text);
      else if (name === 'depth') rule.depth = nonNegative(value, text);
      else if (name === 'to') rule.location = option.slice(option.indexOf('=') + 1).trim();
      else throw new FaultSpecError(`unknown option "${name}" in "${text}"`);
    }
    if (rateText !== undefined) {
      const rate = Number(rateText);
      if (!(rate >= 0 && rate <= 1)) throw new FaultSpecError(`rate must be 0..1 in "${text}"`);
      rule.rate = rate;
    } else {
      rule.rate = rule.query || rule.path ? 1 : 0.1;
    }
    return rule;
  });
}

function nonNegative(value: string, text: string): number {
  const number = Number(value);
  if (!(number >= 0)) throw new FaultSpecError(`expected a number >= 0 in "${text}"`);
  return number;
}

export interface FaultRequest {
  path: string;
  query: string;
  key: string;
}

// One draw per request walks the rate-based rules in order; targeted (query=) rules always apply.
export function chooseFault(
  rules: FaultRule[],
  request: FaultRequest,
  draw: number,
  consecutive: number,
  maxConsecutive: number,
): FaultRule | undefined {
  const applies = (rule: FaultRule) =>
    (!rule.path || rule.path === request.path) && (!rule.query || request.query.toLowerCase().includes(rule.query));
  const targeted = rules.find((rule) => rule.query && rule.rate >= 1 && applies(rule));
  if (targeted) return targeted;
  if (consecutive >= maxConsecutive) return undefined;
  let threshold = 0;
  for (const rule of rules) {
    if (!applies(rule)) continue;
    threshold += rule.rate;
    if (draw < threshold) return rule;
  }
  return undefined;
}
