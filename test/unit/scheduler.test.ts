import * as assert from 'node:assert/strict';
import { RequestScheduler, SchedulerOptions } from '../../src/core/scheduler';
import { ZenodoError } from '../../src/core/errors';

/** A scripted fetch: each call is answered by `respond`, with a controllable clock. */
function harness(respond: (url: string, init: RequestInit, n: number) => Response | Promise<Response>, extra: SchedulerOptions = {}) {
  const calls: Array<{ url: string; headers: Record<string, string> }> = [];
  let clock = 1_000_000;
  const sleeps: number[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, headers: { ...(init.headers as Record<string, string>) } });
    return respond(url, init, calls.length);
  }) as unknown as typeof fetch;
  const scheduler = new RequestScheduler({
    fetch: fetchImpl,
    now: () => clock,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      clock += ms;
    },
    random: () => 0.5,
    ...extra,
  });
  return { scheduler, calls, sleeps, advance: (ms: number) => { clock += ms; }, now: () => clock };
}

const ok = (body: unknown = { ok: true }, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', ...headers } });

describe('request scheduler', () => {
  it('coalesces identical GETs in flight into one request', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const h = harness(async () => { await gate; return ok({ n: 1 }); });
    const a = h.scheduler.get({ url: 'https://z.test/api/records/1' });
    const b = h.scheduler.get({ url: 'https://z.test/api/records/1' });
    release();
    const [ra, rb] = await Promise.all([a, b]);
    assert.equal(h.calls.length, 1);
    assert.equal(ra.text, rb.text);
  });

  it('does not coalesce requests with different Accept or auth', async () => {
    const h = harness(() => ok());
    await Promise.all([
      h.scheduler.get({ url: 'https://z.test/x', headers: { Accept: 'a' } }),
      h.scheduler.get({ url: 'https://z.test/x', headers: { Accept: 'b' } }),
      h.scheduler.get({ url: 'https://z.test/x', headers: { Accept: 'a', Authorization: 'Bearer t' } }),
    ]);
    assert.equal(h.calls.length, 3);
  });

  it('answers from the cache within the TTL and asks again after it', async () => {
    const h = harness(() => ok(), { cacheTtlMs: 1000 });
    await h.scheduler.get({ url: 'https://z.test/a' });
    const second = await h.scheduler.get({ url: 'https://z.test/a' });
    assert.equal(h.calls.length, 1);
    assert.equal(second.fromCache, true);
    h.advance(1001);
    await h.scheduler.get({ url: 'https://z.test/a' });
    assert.equal(h.calls.length, 2);
    assert.ok(h.scheduler.staleResponse({ url: 'https://z.test/a' }));
  });

  it('does not cache errors', async () => {
    const h = harness(() => new Response('{"status":404}', { status: 404 }));
    await h.scheduler.get({ url: 'https://z.test/missing' });
    await h.scheduler.get({ url: 'https://z.test/missing' });
    assert.equal(h.calls.length, 2);
  });

  it('waits for Retry-After on a 429, then retries', async () => {
    const h = harness((_u, _i, n) => n === 1
      ? new Response('429: 30 per 1 minute', { status: 429, headers: { 'retry-after': '7' } })
      : ok());
    const res = await h.scheduler.get({ url: 'https://z.test/s', budget: 'search' });
    assert.equal(res.status, 200);
    assert.equal(h.calls.length, 2);
    assert.ok(h.sleeps.includes(7000), `slept ${h.sleeps}`);
    assert.equal(h.scheduler.rateLimitedAnswers, 1);
  });

  it('ignores Retry-After on a 200 (Zenodo sends it on every answer)', async () => {
    const h = harness(() => ok({}, { 'retry-after': '60', 'x-ratelimit-limit': '133', 'x-ratelimit-remaining': '100', 'x-ratelimit-reset': '9999999999' }));
    await h.scheduler.get({ url: 'https://z.test/1' });
    await h.scheduler.get({ url: 'https://z.test/2' });
    assert.deepEqual(h.sleeps, []);
    assert.equal(h.calls.length, 2);
  });

  it('gives up on 429s after the bounded retries with a rate-limited error', async () => {
    const h = harness(() => new Response('slow down', { status: 429, headers: { 'retry-after': '1' } }), { maxRetries: 2 });
    await assert.rejects(h.scheduler.get({ url: 'https://z.test/s' }), (e: unknown) => e instanceof ZenodoError && e.kind === 'rate-limited');
    assert.equal(h.calls.length, 3);
  });

  it('does not wait past maxWaitMs for a long Retry-After', async () => {
    const h = harness(() => new Response('', { status: 429, headers: { 'retry-after': '3600' } }), { maxWaitMs: 60_000 });
    await assert.rejects(h.scheduler.get({ url: 'https://z.test/s' }), (e: unknown) => e instanceof ZenodoError && e.kind === 'rate-limited' && /3600 s/.test(e.message));
    assert.equal(h.calls.length, 1);
  });

  it('retries 502/503/504 with growing, jittered backoff, a bounded number of times', async () => {
    const h = harness(() => new Response('<html><body>Bad Gateway</body></html>', { status: 503, headers: { 'content-type': 'text/html' } }), { maxRetries: 3, backoffMs: 100 });
    await assert.rejects(h.scheduler.get({ url: 'https://z.test/x' }), (e: unknown) => e instanceof ZenodoError && e.kind === 'server-error' && e.status === 503);
    assert.equal(h.calls.length, 4);
    assert.deepEqual(h.sleeps, [75, 150, 300]);
  });

  it('recovers when a 502 clears', async () => {
    const h = harness((_u, _i, n) => (n < 3 ? new Response('bad', { status: 502 }) : ok({ fine: 1 })));
    const res = await h.scheduler.get({ url: 'https://z.test/x' });
    assert.equal(res.status, 200);
    assert.equal(h.calls.length, 3);
  });

  it('does not retry a 500 or a 4xx (they fail the same way again)', async () => {
    for (const status of [500, 400, 403, 404, 410]) {
      const h = harness(() => new Response('{}', { status }));
      const res = await h.scheduler.get({ url: `https://z.test/${status}` });
      assert.equal(res.status, status);
      assert.equal(h.calls.length, 1, `status ${status}`);
    }
  });

  it('retries a connection failure, then reports a network error', async () => {
    const h = harness(() => { throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }); }, { maxRetries: 1 });
    await assert.rejects(h.scheduler.get({ url: 'https://z.test/x' }), (e: unknown) => e instanceof ZenodoError && e.kind === 'network' && /ECONNRESET/.test(e.message));
    assert.equal(h.calls.length, 2);
  });

  it('times out a hung request (per attempt) and says so', async () => {
    const scheduler = new RequestScheduler({
      timeoutMs: 50, maxRetries: 1, backoffMs: 1,
      fetch: ((_u: string, init: RequestInit) => new Promise((_r, reject) => {
        init.signal!.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
      })) as unknown as typeof fetch,
    });
    await assert.rejects(scheduler.get({ url: 'https://z.test/hang' }), (e: unknown) => e instanceof ZenodoError && e.kind === 'timeout');
    assert.equal(scheduler.networkRequests, 2);
  });

  it('cancels through an AbortSignal; the shared request stops only when every caller cancelled', async () => {
    let aborted = false;
    const scheduler = new RequestScheduler({
      fetch: ((_u: string, init: RequestInit) => new Promise((_r, reject) => {
        init.signal!.addEventListener('abort', () => { aborted = true; reject(Object.assign(new Error('aborted'), { name: 'AbortError' })); });
      })) as unknown as typeof fetch,
    });
    const c1 = new AbortController();
    const c2 = new AbortController();
    const p1 = scheduler.get({ url: 'https://z.test/slow', signal: c1.signal });
    const p2 = scheduler.get({ url: 'https://z.test/slow', signal: c2.signal });
    c1.abort();
    await assert.rejects(p1, (e: unknown) => e instanceof ZenodoError && e.kind === 'cancelled');
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(aborted, false, 'the other caller still waits');
    c2.abort();
    await assert.rejects(p2, (e: unknown) => e instanceof ZenodoError && e.kind === 'cancelled');
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(aborted, true);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const h = harness(() => ok());
    const c = new AbortController();
    c.abort();
    await assert.rejects(h.scheduler.get({ url: 'https://z.test/x', signal: c.signal }), (e: unknown) => e instanceof ZenodoError && e.kind === 'cancelled');
    assert.equal(h.calls.length, 0);
  });

  it('never exceeds the advertised window: holds requests until the window resets', async () => {
    // A server with 5 requests per 10 s window that answers 429 past it.
    const LIMIT = 5;
    let windowStart = 0;
    let used = 0;
    let over = 0;
    const h = harness(() => {
      const t = h.now();
      if (t - windowStart >= 10_000) { windowStart = t; used = 0; }
      used++;
      const reset = Math.ceil((windowStart + 10_000) / 1000);
      const retryAfter = String(Math.ceil((windowStart + 10_000 - t) / 1000));
      const headers = { 'x-ratelimit-limit': String(LIMIT), 'x-ratelimit-remaining': String(Math.max(0, LIMIT - used)), 'x-ratelimit-reset': String(reset), 'retry-after': retryAfter };
      if (used > LIMIT) { over++; return new Response('429', { status: 429, headers }); }
      return ok({}, headers);
    });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => h.scheduler.get({ url: `https://z.test/q${i}`, budget: 'search' })));
    assert.ok(results.every((r) => r.status === 200));
    assert.equal(over, 0, 'no request went past the window');
    assert.equal(h.calls.length, 12);
    assert.ok(h.sleeps.length >= 2, 'waited for the window twice');
  });

  it('keeps separate budgets for search and other calls', async () => {
    const h = harness((url) => ok({}, url.includes('search')
      ? { 'x-ratelimit-limit': '30', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil((h.now() + 30_000) / 1000)) }
      : { 'x-ratelimit-limit': '133', 'x-ratelimit-remaining': '132' }));
    await h.scheduler.get({ url: 'https://z.test/search', budget: 'search' });
    await h.scheduler.get({ url: 'https://z.test/record', budget: 'general' });
    assert.deepEqual(h.sleeps, [], 'the exhausted search budget does not hold back a record request');
    assert.equal(h.scheduler.budgetState('search').remaining, 0);
    assert.equal(h.scheduler.budgetState('general').remaining, 132);
  });

  it('follows redirects itself and drops Authorization on another origin', async () => {
    const h = harness((url) => {
      if (url === 'https://z.test/api/records/1') return new Response(null, { status: 302, headers: { location: '/api/records/2' } });
      if (url === 'https://z.test/api/records/2') return new Response(null, { status: 301, headers: { location: 'https://elsewhere.test/x' } });
      return ok({ final: true });
    });
    const res = await h.scheduler.get({ url: 'https://z.test/api/records/1', headers: { Authorization: 'Bearer secret' } });
    assert.equal(res.url, 'https://elsewhere.test/x');
    assert.equal(h.calls[0].headers.Authorization, 'Bearer secret');
    assert.equal(h.calls[1].headers.Authorization, 'Bearer secret', 'same origin keeps it');
    assert.equal(h.calls[2].headers.Authorization, undefined, 'another origin never sees the token');
  });

  it('ends a redirect loop with a clear error', async () => {
    const h = harness(() => new Response(null, { status: 302, headers: { location: '/loop' } }), { maxRetries: 0 });
    await assert.rejects(h.scheduler.get({ url: 'https://z.test/loop' }), (e: unknown) => e instanceof ZenodoError && /too many redirects/.test(e.message));
  });

  it('logs each request without headers', async () => {
    const entries: string[] = [];
    const h = harness(() => ok({}, { 'x-ratelimit-limit': '133', 'x-ratelimit-remaining': '1' }), { logger: { request: (e) => entries.push(JSON.stringify(e)) } });
    await h.scheduler.get({ url: 'https://z.test/api/records?q=x', headers: { Authorization: 'Bearer supersecret' } });
    assert.equal(entries.length, 1);
    assert.match(entries[0], /\/api\/records\?q=x/);
    assert.doesNotMatch(entries.join('\n'), /supersecret/);
  });
});
