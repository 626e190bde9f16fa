// Moving-window rate limiting per client and class, with Zenodo's headers.

export interface RateLimitConfig {
  windowMs: number;
  guest: number;
  authenticated: number;
  search: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = { windowMs: 60_000, guest: 133, authenticated: 100, search: 30 };

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch ms at which the oldest counted hit leaves the window. */
  resetAt: number;
}

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(public config: RateLimitConfig | false) {}

  reset(): void {
    this.hits.clear();
  }

  check(key: string, limit: number, now = Date.now()): RateDecision {
    const cfg = this.config;
    if (!cfg) {
      return { allowed: true, limit, remaining: limit, resetAt: now };
    }
    let list = this.hits.get(key);
    if (!list) {
      list = [];
      this.hits.set(key, list);
    }
    const cutoff = now - cfg.windowMs;
    while (list.length && list[0] <= cutoff) {
      list.shift();
    }
    if (list.length >= limit) {
      return { allowed: false, limit, remaining: 0, resetAt: list[0] + cfg.windowMs };
    }
    list.push(now);
    return { allowed: true, limit, remaining: limit - list.length, resetAt: list[0] + cfg.windowMs };
  }

  headers(d: RateDecision, now = Date.now()): Record<string, string> {
    return {
      'X-RateLimit-Limit': String(d.limit),
      'X-RateLimit-Remaining': String(d.remaining),
      'X-RateLimit-Reset': String(Math.ceil(d.resetAt / 1000)),
      'Retry-After': String(Math.max(0, Math.ceil((d.resetAt - now) / 1000))),
    };
  }

  describeWindow(): string {
    const ms = this.config ? this.config.windowMs : 60_000;
    if (ms % 3_600_000 === 0) {
      return `${ms / 3_600_000} hour`;
    }
    if (ms % 60_000 === 0) {
      return `${ms / 60_000} minute`;
    }
    return `${Math.ceil(ms / 1000)} second`;
  }
}
