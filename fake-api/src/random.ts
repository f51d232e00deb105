// Small, fast, seedable randomness: FNV-1a to derive seeds from strings, mulberry32 to draw.
export function hashString(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export type Rng = () => number;

export function rng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const rngFor = (...parts: Array<string | number>): Rng => rng(hashString(parts.join('|')));

export function pick<T>(random: Rng, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

// items with weights: [[value, weight], …]
export function weighted<T>(random: Rng, items: ReadonlyArray<readonly [T, number]>): T {
  let total = 0;
  for (const [, weight] of items) total += weight;
  let draw = random() * total;
  for (const [value, weight] of items) {
    draw -= weight;
    if (draw < 0) return value;
  }
  return items[items.length - 1]?.[0] as T;
}

export function sample<T>(random: Rng, items: readonly T[], count: number): T[] {
  const copy = [...items];
  const out: T[] = [];
  while (out.length < count && copy.length) out.push(copy.splice(Math.floor(random() * copy.length), 1)[0] as T);
  return out;
}

export const between = (random: Rng, min: number, max: number) => min + random() * (max - min);
export const intBetween = (random: Rng, min: number, max: number) => Math.floor(between(random, min, max + 1));
