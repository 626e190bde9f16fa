/**
 * The one request scheduler every caller shares (the extension's views, commands and checks, the
 * CLI and the tests). It
 *  - keeps one budget per request class ("search" and "general"), read from Zenodo's
 *    `X-RateLimit-Limit/Remaining/Reset` headers, and holds requests back instead of provoking 429s;
 *  - treats `Retry-After` as "wait" only on a 429 (Zenodo sends it on every answer);
 *  - retries 429/502/503/504, timeouts and connection failures of GETs a bounded number of times
 *    with jittered exponential backoff (every request here is an idempotent GET, so retrying is safe;
 *    a 500 is not retried: Zenodo answers 500 to some queries every time);
 *  - applies a timeout per attempt and honours the caller's AbortSignal;
 *  - coalesces identical GETs in flight (one network request, every caller gets the answer; the
 *    request is aborted only when every caller has cancelled);
 *  - caches successful answers in memory for a TTL, and keeps the last answer for offline use;
 *  - follows redirects itself so that the Authorization header never crosses to another origin.
 * It never sees the token as such: callers pass headers, and the scheduler never logs headers.
 */
import {
  CancelledError, MalformedResponseError, NetworkError, RateLimitedError, ServerError, TimeoutError, ZenodoError,
} from './errors';

export type Budget = 'search' | 'general';

export interface HttpRequest {
  url: string;
  headers?: Record<string, string>;
  budget?: Budget;
  signal?: AbortSignal;
  /** Use and fill the response cache (default true). */
  cache?: boolean;
}

export interface HttpResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  text: string;
  /** The final URL after redirects. */
  url: string;
  fetchedAt: number;
  fromCache: boolean;
}

export interface RequestLogEntry {
  method: string;
  /** Path and query, never the origin's credentials; the token is never in a URL. */
  path: string;
  status: number | 'error';
  ms: number;
  attempt: number;
  budget: Budget;
  rateLimit?: { limit?: number; remaining?: number; reset?: number };
  fromCache?: boolean;
  coalesced?: boolean;
  note?: string;
}

export interface SchedulerLogger {
  request(entry: RequestLogEntry): void;
}

export interface SchedulerOptions {
  fetch?: typeof fetch;
  /** Per attempt (default 30 s; Zenodo's gateway gives up at about 30 s). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** First backoff delay (default 500 ms), doubled each retry, with full jitter. */
  backoffMs?: number;
  /** Longest wait this scheduler accepts for a Retry-After or a window reset (default 65 s). */
  maxWaitMs?: number;
  /** Cache lifetime (default 5 min). 0 disables the cache. */
  cacheTtlMs?: number;
  /** Most entries kept (default 500). */
  cacheMaxEntries?: number;
  /** At most this many requests of one budget in flight at once (default 4). */
  maxConcurrent?: number;
  logger?: SchedulerLogger;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

interface BudgetState {
  limit?: number;
  remaining?: number;
  /** epoch ms */
  resetAt?: number;
  inFlight: number;
  waiters: Array<() => void>;
}

interface Shared {
  promise: Promise<HttpResponse>;
  controller: AbortController;
  callers: number;
}

interface CacheEntry { response: HttpResponse; expiresAt: number }

const RETRY_STATUS = new Set([429, 502, 503, 504]);
const MAX_REDIRECTS = 5;

export class RequestScheduler {
  private readonly fetchImpl: typeof fetch;
  private readonly opts: Required<Omit<SchedulerOptions, 'fetch' | 'logger'>> & { logger?: SchedulerLogger };
  private readonly budgets: Record<Budget, BudgetState> = {
    search: { inFlight: 0, waiters: [] },
    general: { inFlight: 0, waiters: [] },
  };
  private readonly inFlight = new Map<string, Shared>();
  private readonly cache = new Map<string, CacheEntry>();
  /** Last good answer per key, kept past the TTL for offline use. */
  private readonly stale = new Map<string, HttpResponse>();
  /** Counts requests that went to the network (tests and the benchmark read it). */
  networkRequests = 0;
  rateLimitedAnswers = 0;

  constructor(options: SchedulerOptions = {}) {
    this.fetchImpl = options.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
    this.opts = {
      timeoutMs: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 3,
      backoffMs: options.backoffMs ?? 500,
      maxWaitMs: options.maxWaitMs ?? 65_000,
      cacheTtlMs: options.cacheTtlMs ?? 5 * 60_000,
      cacheMaxEntries: options.cacheMaxEntries ?? 500,
      maxConcurrent: options.maxConcurrent ?? 4,
      now: options.now ?? Date.now,
      sleep: options.sleep ?? defaultSleep,
      random: options.random ?? Math.random,
      logger: options.logger,
    };
  }

  /** The budget as last read from the server's headers. */
  budgetState(budget: Budget): { limit?: number; remaining?: number; resetAt?: number } {
    const b = this.budgets[budget];
    return { limit: b.limit, remaining: b.remaining, resetAt: b.resetAt };
  }

  clearCache(): void {
    this.cache.clear();
  }

  /** Forget a cached answer (the caller found it unreadable: it must not be served again). */
  evict(req: HttpRequest): void {
    const key = cacheKey(req);
    this.cache.delete(key);
    this.stale.delete(key);
  }

  /** The last good answer for a URL, even past its TTL (for "offline, fetched at …" states). */
  staleResponse(req: HttpRequest): HttpResponse | undefined {
    const r = this.stale.get(cacheKey(req));
    return r && { ...r, fromCache: true };
  }

  async get(req: HttpRequest): Promise<HttpResponse> {
    if (req.signal?.aborted) throw new CancelledError();
    const key = cacheKey(req);
    const budget = req.budget ?? 'general';
    if (req.cache !== false && this.opts.cacheTtlMs > 0) {
      const hit = this.cache.get(key);
      if (hit && hit.expiresAt > this.opts.now()) {
        this.log({ method: 'GET', path: pathOf(req.url), status: hit.response.status, ms: 0, attempt: 0, budget, fromCache: true });
        return { ...hit.response, fromCache: true };
      }
      if (hit) this.cache.delete(key);
    }
    let shared = this.inFlight.get(key);
    if (shared) {
      this.log({ method: 'GET', path: pathOf(req.url), status: 0, ms: 0, attempt: 0, budget, coalesced: true, note: 'joined a request in flight' });
    } else {
      const controller = new AbortController();
      const promise = this.run(req, budget, controller.signal).then((res) => {
        if (req.cache !== false && this.opts.cacheTtlMs > 0 && res.status >= 200 && res.status < 300) {
          this.remember(key, res);
        }
        return res;
      }).finally(() => {
        this.inFlight.delete(key);
      });
      shared = { promise, controller, callers: 0 };
      this.inFlight.set(key, shared);
    }
    return this.join(shared, req.signal);
  }

  private join(shared: Shared, signal?: AbortSignal): Promise<HttpResponse> {
    shared.callers++;
    if (!signal) return shared.promise;
    return new Promise<HttpResponse>((resolve, reject) => {
      let done = false;
      const onAbort = () => {
        if (done) return;
        done = true;
        shared.callers--;
        if (shared.callers <= 0) shared.controller.abort();
        reject(new CancelledError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      shared.promise.then((r) => {
        if (done) return;
        done = true;
        signal.removeEventListener('abort', onAbort);
        resolve(r);
      }, (e) => {
        if (done) return;
        done = true;
        signal.removeEventListener('abort', onAbort);
        reject(e);
      });
    });
  }

  private remember(key: string, res: HttpResponse): void {
    this.cache.delete(key);
    this.cache.set(key, { response: res, expiresAt: this.opts.now() + this.opts.cacheTtlMs });
    this.stale.delete(key);
    this.stale.set(key, res);
    while (this.cache.size > this.opts.cacheMaxEntries) {
      const first = this.cache.keys().next().value as string;
      this.cache.delete(first);
    }
    while (this.stale.size > this.opts.cacheMaxEntries) {
      const first = this.stale.keys().next().value as string;
      this.stale.delete(first);
    }
  }

  private async run(req: HttpRequest, budget: Budget, signal: AbortSignal): Promise<HttpResponse> {
    let lastError: ZenodoError | undefined;
    for (let attempt = 0; attempt <= this.opts.maxRetries; attempt++) {
      if (signal.aborted) throw new CancelledError();
      await this.acquire(budget, signal);
      const started = this.opts.now();
      let res: HttpResponse | undefined;
      try {
        res = await this.attempt(req, signal);
      } catch (e) {
        const err = toZenodoError(e, this.opts.timeoutMs);
        this.log({ method: 'GET', path: pathOf(req.url), status: 'error', ms: this.opts.now() - started, attempt, budget, note: err.kind });
        if (err.kind === 'cancelled' || !err.retryable) throw err;
        lastError = err;
      } finally {
        this.release(budget);
      }
      if (res) {
        this.readBudget(budget, res.headers);
        this.log({
          method: 'GET', path: pathOf(req.url), status: res.status, ms: this.opts.now() - started, attempt, budget,
          rateLimit: { limit: num(res.headers['x-ratelimit-limit']), remaining: num(res.headers['x-ratelimit-remaining']), reset: num(res.headers['x-ratelimit-reset']) },
        });
        if (!RETRY_STATUS.has(res.status)) return res;
        if (res.status === 429) {
          this.rateLimitedAnswers++;
          const retryAfter = parseRetryAfter(res.headers['retry-after'], this.opts.now());
          lastError = new RateLimitedError(retryAfter);
          const b = this.budgets[budget];
          b.remaining = 0;
          const waitMs = retryAfter !== undefined ? retryAfter * 1000 : this.backoff(attempt);
          if (attempt === this.opts.maxRetries || waitMs > this.opts.maxWaitMs) throw lastError;
          b.resetAt = this.opts.now() + waitMs;
          await this.opts.sleep(waitMs, signal).catch(() => { throw new CancelledError(); });
          continue;
        }
        lastError = new ServerError(res.status);
      }
      if (attempt === this.opts.maxRetries) break;
      await this.opts.sleep(this.backoff(attempt), signal).catch(() => { throw new CancelledError(); });
    }
    throw lastError ?? new NetworkError('unknown failure');
  }

  private backoff(attempt: number): number {
    const cap = this.opts.backoffMs * 2 ** attempt;
    return Math.round(cap / 2 + this.opts.random() * cap / 2);
  }

  /** One HTTP exchange, following redirects by hand (the Authorization header stays on its origin). */
  private async attempt(req: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new TimeoutMarker()), this.opts.timeoutMs);
    const onAbort = () => timeout.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      let url = req.url;
      const origin = new URL(req.url).origin;
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        const headers: Record<string, string> = { ...req.headers };
        if (new URL(url).origin !== origin) {
          for (const k of Object.keys(headers)) if (k.toLowerCase() === 'authorization') delete headers[k];
        }
        this.networkRequests++;
        let r: Response;
        try {
          r = await this.fetchImpl(url, { method: 'GET', headers, redirect: 'manual', signal: timeout.signal });
        } catch (e) {
          if (signal.aborted) throw new CancelledError();
          if (timeout.signal.aborted) throw new TimeoutError(Math.round(this.opts.timeoutMs / 1000));
          throw e;
        }
        if (r.type === 'opaqueredirect') {
          // In a browser, manual redirects are opaque: let the browser follow them (it drops
          // credentials across origins itself).
          r = await this.fetchImpl(url, { method: 'GET', headers, redirect: 'follow', signal: timeout.signal });
        }
        if (r.status >= 300 && r.status < 400 && r.headers.get('location')) {
          await r.arrayBuffer().catch(() => undefined);
          url = new URL(r.headers.get('location')!, url).toString();
          continue;
        }
        let text: string;
        try {
          text = await r.text();
        } catch (e) {
          if (signal.aborted) throw new CancelledError();
          if (timeout.signal.aborted) throw new TimeoutError(Math.round(this.opts.timeoutMs / 1000));
          throw new NetworkError(`the answer was cut off: ${errText(e)}`);
        }
        const headersOut: Record<string, string> = {};
        r.headers.forEach((v, k) => { headersOut[k.toLowerCase()] = v; });
        return { status: r.status, headers: headersOut, text, url: r.url || url, fetchedAt: this.opts.now(), fromCache: false };
      }
      throw new NetworkError('too many redirects');
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }

  private async acquire(budget: Budget, signal: AbortSignal): Promise<void> {
    const b = this.budgets[budget];
    for (;;) {
      if (signal.aborted) throw new CancelledError();
      const now = this.opts.now();
      if (b.resetAt !== undefined && now >= b.resetAt) {
        // The window has moved on: forget the count and probe again.
        b.remaining = undefined;
        b.resetAt = undefined;
      }
      if (b.remaining === undefined) {
        // Unknown budget: one probe at a time until the headers say more.
        if (b.inFlight === 0) {
          b.inFlight++;
          return;
        }
      } else {
        const available = b.remaining - b.inFlight;
        if (available > 0 && b.inFlight < this.opts.maxConcurrent) {
          b.inFlight++;
          return;
        }
        if (available <= 0 && b.inFlight === 0) {
          const wait = Math.max(0, (b.resetAt ?? now + 1000) - now);
          if (wait > this.opts.maxWaitMs) throw new RateLimitedError(wait / 1000);
          this.log({ method: 'GET', path: '', status: 0, ms: 0, attempt: 0, budget, note: `waiting ${Math.ceil(wait / 1000)} s for the rate-limit window` });
          await this.opts.sleep(wait + 50, signal).catch(() => { throw new CancelledError(); });
          b.remaining = undefined;
          b.resetAt = undefined;
          continue;
        }
      }
      await new Promise<void>((resolve) => b.waiters.push(resolve));
    }
  }

  private release(budget: Budget): void {
    const b = this.budgets[budget];
    b.inFlight--;
    const waiters = b.waiters.splice(0);
    for (const w of waiters) w();
  }

  private readBudget(budget: Budget, h: Record<string, string>): void {
    const limit = num(h['x-ratelimit-limit']);
    const remaining = num(h['x-ratelimit-remaining']);
    const reset = num(h['x-ratelimit-reset']);
    if (limit === undefined && remaining === undefined) return;
    const b = this.budgets[budget];
    b.limit = limit;
    if (remaining !== undefined) b.remaining = remaining;
    if (reset !== undefined) {
      // Reset is epoch seconds; guard against clock skew with Retry-After (seconds to reset).
      const ra = num(h['retry-after']);
      b.resetAt = ra !== undefined ? this.opts.now() + ra * 1000 : reset * 1000;
    }
  }

  private log(e: RequestLogEntry): void {
    try {
      this.opts.logger?.request(e);
    } catch {
      // a logger must never break a request
    }
  }
}

class TimeoutMarker extends Error {}

function toZenodoError(e: unknown, timeoutMs: number): ZenodoError {
  if (e instanceof ZenodoError) return e;
  if (e instanceof TimeoutMarker) return new TimeoutError(Math.round(timeoutMs / 1000));
  if (e instanceof Error && e.name === 'AbortError') return new CancelledError();
  return new NetworkError(errText(e));
}

function errText(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return cause.code;
    if (cause?.message) return cause.message;
    return e.message;
  }
  return String(e);
}

function cacheKey(req: HttpRequest): string {
  const h = req.headers ?? {};
  const accept = Object.entries(h).find(([k]) => k.toLowerCase() === 'accept')?.[1] ?? '';
  const auth = Object.keys(h).some((k) => k.toLowerCase() === 'authorization') ? 'auth' : 'anon';
  return `${accept} ${auth} ${req.url}`;
}

function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

function num(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export function parseRetryAfter(v: string | undefined, now: number): number | undefined {
  if (!v) return undefined;
  const n = Number(v);
  if (Number.isFinite(n)) return Math.max(0, n);
  const d = Date.parse(v);
  return Number.isFinite(d) ? Math.max(0, (d - now) / 1000) : undefined;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new CancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Parse a JSON body, turning a bad body into a typed error. */
export function parseJson<T = unknown>(res: HttpResponse): T {
  try {
    return JSON.parse(res.text) as T;
  } catch {
    throw new MalformedResponseError(res.text.trim().startsWith('<') ? 'HTML instead of JSON' : 'invalid JSON');
  }
}
