// Login throttling. Pure: the caller passes the client's address and the clock. Each address may
// fail `attempts` times per `windowMs`; beyond that, further tries are refused until the window
// has passed, whatever they contain, so guessing a 32+ character token stays hopeless even from
// one fast client. A success clears the address's failures. Per worker process (memory only).

export interface ThrottleLimits {
  attempts: number;
  windowMs: number;
  /** Addresses remembered at most; the oldest are forgotten first. */
  addresses: number;
}

export const LOGIN_LIMITS: ThrottleLimits = { attempts: 5, windowMs: 15 * 60 * 1000, addresses: 10_000 };

export class LoginThrottle {
  readonly #failures = new Map<string, number[]>();

  constructor(readonly limits: ThrottleLimits = LOGIN_LIMITS) {}

  /** Milliseconds until `address` may try again; 0 when it may try now. */
  retryAfter(address: string, now: number): number {
    const recent = this.#recent(address, now);
    if (recent.length < this.limits.attempts) return 0;
    return Math.max(1, (recent[0] as number) + this.limits.windowMs - now);
  }

  fail(address: string, now: number): void {
    const recent = this.#recent(address, now);
    recent.push(now);
    this.#failures.delete(address);
    this.#failures.set(address, recent);
    for (const oldest of this.#failures.keys()) {
      if (this.#failures.size <= this.limits.addresses) break;
      this.#failures.delete(oldest);
    }
  }

  succeed(address: string): void {
    this.#failures.delete(address);
  }

  #recent(address: string, now: number): number[] {
    const kept = (this.#failures.get(address) ?? []).filter((at) => now - at < this.limits.windowMs);
    if (kept.length === 0) this.#failures.delete(address);
    return kept;
  }
}
