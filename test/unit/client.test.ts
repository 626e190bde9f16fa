import * as assert from 'node:assert/strict';
import { ZenodoClient } from '../../src/core/client';
import { ZenodoError, DeletedError } from '../../src/core/errors';
import { RequestScheduler } from '../../src/core/scheduler';
import { checkToken } from '../../src/core/account';
import { startZenodoServer, ZenodoServer } from '../zenodo-server';

const TOKEN = 'test-token-123';

describe('Zenodo client against the local server', function () {
  let server: ZenodoServer;
  let n: ZenodoServer['corpus']['notable'];
  const fast = () => new RequestScheduler({ backoffMs: 5, timeoutMs: 5000 });
  const guest = () => new ZenodoClient({ baseUrl: server.url, scheduler: fast() });
  const authed = () => new ZenodoClient({ baseUrl: server.url, token: TOKEN, scheduler: fast() });
  const kind = (k: string) => (e: unknown) => e instanceof ZenodoError && e.kind === k;

  before(async () => {
    server = await startZenodoServer({ rateLimits: false });
    n = server.corpus.notable;
  });
  after(async () => server.close());
  beforeEach(() => {
    server.faults.clear();
    server.resetRequests();
  });

  describe('searchRecords', () => {
    it('searches with q, page, size and sort, and returns typed hits with aggregations', async () => {
      const res = await guest().searchRecords({ q: 'climate', size: 5, page: 1, sort: 'mostrecent' });
      assert.ok(res.total > 5, `total ${res.total}`);
      assert.equal(res.hits.length, 5);
      assert.equal(res.nextPage, 2);
      for (const h of res.hits) {
        assert.match(h.id, /^\d+$/);
        assert.ok(h.title);
        assert.ok(h.resourceType.id);
      }
      const names = res.aggregations.map((a) => a.name);
      for (const want of ['resource_type', 'access_status']) assert.ok(names.includes(want), `aggregations ${names}`);
      const q = server.requests[0].query;
      assert.equal(q.q, 'climate');
      assert.equal(q.sort, 'mostrecent');
      assert.equal(server.requests[0].headers.accept, 'application/vnd.inveniordm.v1+json');
      assert.match(server.requests[0].headers['user-agent'] ?? '', /^zenodo-vscode\/\d+\.\d+\.\d+/);
    });

    it('clamps the page size to 25 without a token and 100 with one instead of provoking a 400', async () => {
      const g = await guest().searchRecords({ size: 500 });
      assert.equal(g.hits.length, 25);
      assert.equal(server.requests[0].query.size, '25');
      const a = await authed().searchRecords({ size: 500 });
      assert.equal(a.hits.length, 100);
      assert.equal(server.requests[1].query.size, '100');
      assert.equal(server.requests[1].headers.authorization, `Bearer ${TOKEN}`);
    });

    it('filters by type, subtype, resource_type and communities', async () => {
      const sw = await guest().searchRecords({ type: 'software', size: 25 });
      assert.ok(sw.hits.length > 0 && sw.hits.every((h) => h.resourceType.type === 'software'));
      const art = await guest().searchRecords({ type: 'publication', subtype: 'article', size: 25 });
      assert.ok(art.hits.length > 0 && art.hits.every((h) => h.resourceType.id === 'publication-article'));
      const rt = await guest().searchRecords({ resource_type: 'dataset', size: 25 });
      assert.ok(rt.hits.length > 0 && rt.hits.every((h) => h.resourceType.id === 'dataset'));
      const com = await guest().searchRecords({ communities: n.communityWithRecords, size: 25 });
      assert.ok(com.hits.length > 0 && com.hits.every((h) => h.communities.some((c) => c.slug === n.communityWithRecords)));
    });

    it('maps access_right (ignored by Zenodo as a URL parameter) to the access_status filter', async () => {
      const res = await guest().searchRecords({ access_right: 'embargoed', size: 25 });
      assert.equal(server.requests[0].query.access_status, 'embargoed');
      assert.equal(server.requests[0].query.access_right, undefined);
      assert.ok(res.hits.length > 0 && res.hits.every((h) => h.accessStatus === 'embargoed'));
      const closed = await guest().searchRecords({ access_right: 'closed', size: 25 });
      assert.ok(closed.hits.every((h) => h.accessStatus === 'metadata-only'));
      await assert.rejects(guest().searchRecords({ access_right: 'secret' }), kind('invalid-request'));
    });

    it('rejects an unknown sort and pages past the 10,000-result window with a clear message, without a request', async () => {
      await assert.rejects(guest().searchRecords({ sort: 'random' }), (e: unknown) => e instanceof ZenodoError && e.kind === 'invalid-request' && /bestmatch/.test(e.message));
      await assert.rejects(guest().searchRecords({ page: 401, size: 25 }), (e: unknown) => e instanceof ZenodoError && /10,000/.test(e.message));
      assert.equal(server.requests.length, 0);
    });

    it('turns the repository\'s 400 field errors into an invalid-request error', async () => {
      await assert.rejects(guest().searchRecords({ q: 'title:(unclosed' }), kind('invalid-request'));
    });

    it('searches all versions on request', async () => {
      const latestOnly = await guest().searchRecords({ q: `conceptrecid:${n.fiftyVersions.concept}`, size: 25 });
      const all = await guest().searchRecords({ q: `conceptrecid:${n.fiftyVersions.concept}`, size: 25, allversions: true });
      assert.equal(latestOnly.total, 1);
      assert.equal(all.total, 50);
    });
  });

  describe('getRecord', () => {
    it('normalises the recorded software record', async () => {
      const r = await guest().getRecord(n.softwareWithVersions);
      assert.equal(r.id, '22705923');
      assert.equal(r.doi, '10.5281/zenodo.22705923');
      assert.equal(r.conceptDoi, '10.5281/zenodo.591564');
      assert.equal(r.conceptId, '591564');
      assert.equal(r.title, 'scikit-learn');
      assert.equal(r.version, '1.9.1');
      assert.equal(r.publicationDate, '2026-09-11');
      assert.equal(r.resourceType.id, 'software');
      assert.equal(r.accessStatus, 'open');
      assert.equal(r.isLatest, true);
      assert.equal(r.license?.id, 'bsd-3-clause');
      assert.equal(r.creators[0].name, 'The scikit-learn developers');
      assert.equal(r.stats?.views, 23896);
      assert.equal(r.stats?.version_views, 68);
      assert.ok(r.descriptionText.startsWith("We're happy to announce the 1.9.1 release."));
      assert.equal(JSON.stringify(r).includes('"raw"'), false, 'raw is not serialised');
    });

    it('normalises the recorded dataset with ORCID, affiliations, community and files', async () => {
      const r = await guest().getRecord('https://zenodo.org/records/4924875');
      assert.equal(r.creators[0].orcid, '0000-0001-6123-9515');
      assert.ok(r.creators[0].affiliations[0].name.startsWith('Department of Earth'));
      assert.equal(r.communities[0].slug, 'fatiando');
      assert.deepEqual(r.files.map((f) => f.key).sort(), ['store.zip', 'tiny-data.txt']);
      // tiny-data.txt's content is recorded; store.zip's bytes are generated, so the server lists their own checksum.
      assert.equal(r.files.find((f) => f.key === 'tiny-data.txt')!.checksum, 'md5:70e2afd3fd7e336ae478b1e740a5f08e');
      assert.match(r.files.find((f) => f.key === 'store.zip')!.checksum, /^md5:[0-9a-f]{32}$/);
    });

    it('accepts every reference form: DOI, concept DOI, URL', async () => {
      assert.equal((await guest().getRecord('doi:10.5281/zenodo.22705923')).id, '22705923');
      assert.equal((await guest().getRecord('https://doi.org/10.5281/zenodo.591564')).id, '22705923', 'concept DOI → latest version (302)');
    });

    it('follows the concept id\'s 302 to the latest version', async () => {
      const r = await guest().getRecord(n.fiftyVersions.concept);
      assert.equal(r.id, n.fiftyVersions.latest);
      assert.ok(server.requests.some((q) => q.status === 302));
    });

    it('finds a record whose DOI is not a Zenodo DOI with a doi:"…" search over all versions', async () => {
      const r = await guest().getRecord(n.externalDoi.doi);
      assert.equal(r.id, n.externalDoi.id);
      const q = server.requests[0].query;
      assert.equal(q.q, `doi:"${n.externalDoi.doi.toLowerCase()}"`);
      assert.equal(q.allversions, 'true');
    });

    it('reports not found, deleted (with the tombstone) and access denied as typed errors', async () => {
      await assert.rejects(guest().getRecord('99999999'), kind('not-found'));
      await assert.rejects(guest().getRecord(n.deletedByReason.spam), (e: unknown) => e instanceof DeletedError
        && e.tombstone.reason === 'spam' && /spam/.test(e.message) && !!e.tombstone.citationText);
      await assert.rejects(guest().getRecord(n.deletedByReason.retracted), (e: unknown) => e instanceof DeletedError && e.tombstone.reason === 'retracted');
      await assert.rejects(guest().getRecord(n.restricted), kind('access-denied'));
      assert.equal((await authed().getRecord(n.restricted)).id, n.restricted, 'the owner\'s token sees it');
      await assert.rejects(guest().getRecord('not a ref'), kind('invalid-reference'));
    });

    it('rejects an invalid token with a clear message that never contains it', async () => {
      const c = new ZenodoClient({ baseUrl: server.url, token: 'wrong-token-abc', scheduler: fast() });
      await assert.rejects(c.getRecord(n.dataset), (e: unknown) => e instanceof ZenodoError && e.kind === 'unauthorized' && !e.message.includes('wrong-token-abc'));
    });
  });

  describe('files, versions, latest, stats', () => {
    it('lists files asking for application/json (Zenodo answers 406 to the RDM type there)', async () => {
      const files = await guest().getRecordFiles(n.dataset);
      assert.equal(files.length, 2);
      const f = files.find((x) => x.key === 'tiny-data.txt')!;
      assert.equal(f.size, 59);
      assert.equal(f.mimetype, 'text/plain');
      assert.match(f.url, /\/api\/records\/4924875\/files\/tiny-data.txt\/content$/);
      assert.equal(server.requests[0].headers.accept, 'application/json');
    });

    it('denies restricted files', async () => {
      await assert.rejects(guest().getRecordFiles(n.restrictedFiles), kind('access-denied'));
    });

    it('pages versions (newest first) and accepts a concept id', async () => {
      const p1 = await guest().getRecordVersions(n.fiftyVersions.oldest, { size: 20 });
      assert.equal(p1.total, 50);
      assert.equal(p1.hits.length, 20);
      assert.equal(p1.hits[0].id, n.fiftyVersions.latest);
      assert.equal(p1.hits[0].isLatest, true);
      assert.equal(p1.nextPage, 2);
      const p3 = await guest().getRecordVersions(n.fiftyVersions.oldest, { size: 20, page: 3 });
      assert.equal(p3.hits.length, 10);
      assert.equal(p3.nextPage, undefined);
      const viaConcept = await guest().getRecordVersions(n.fiftyVersions.concept, { size: 5 });
      assert.equal(viaConcept.total, 50);
    });

    it('resolves the latest version from an old version (301) and from a concept id (302)', async () => {
      assert.equal((await guest().getLatestRecordVersion(n.softwareOlderVersion)).id, '22705923');
      assert.ok(server.requests.some((q) => q.status === 301));
      assert.equal((await guest().getLatestRecordVersion(n.softwareConcept)).id, '22705923');
    });

    it('reads statistics for this version and all versions in Zenodo\'s flat naming', async () => {
      const s = await guest().getRecordStats(n.softwareWithVersions);
      assert.equal(s.views, 23896);
      assert.equal(s.unique_views, 22820);
      assert.equal(s.downloads, 2913);
      assert.equal(s.unique_downloads, 2768);
      assert.equal(s.version_views, 68);
      assert.equal(s.version_unique_views, 64);
      assert.equal(s.version_downloads, 6);
      assert.equal(s.version_unique_downloads, 6);
      assert.ok(!Number.isNaN(Date.parse(s.fetchedAt)));
    });
  });

  describe('communities', () => {
    it('lists communities with type/funder/organization facets', async () => {
      const res = await guest().listCommunities({ q: 'astronomy', size: 10 });
      assert.ok(res.hits.some((c) => c.slug === 'sochias'));
      const names = res.aggregations.map((a) => a.name);
      assert.ok(names.includes('type'), `aggregations ${names}`);
      const orgs = await guest().listCommunities({ type: 'organization', size: 25 });
      assert.ok(orgs.hits.length > 0 && orgs.hits.every((c) => c.type === 'organization'));
    });

    it('gets a community by slug and by UUID, and says when it does not exist', async () => {
      const bySlug = await guest().getCommunity('symbaproject');
      assert.equal(bySlug.slug, 'symbaproject');
      const byId = await guest().getCommunity(bySlug.id);
      assert.equal(byId.slug, 'symbaproject');
      await assert.rejects(guest().getCommunity('no-such-community'), kind('not-found'));
      await assert.rejects(guest().getCommunity('a/b'), kind('invalid-request'));
    });

    it('searches records inside a community', async () => {
      const res = await guest().searchCommunityRecords(n.communityWithRecords, { size: 10 });
      assert.ok(res.total > 0);
      assert.ok(res.hits.every((h) => h.communities.some((c) => c.slug === n.communityWithRecords)));
      assert.match(server.requests[0].path, new RegExp(`/api/communities/${n.communityWithRecords}/records`));
    });
  });

  describe('searchAndExtract', () => {
    it('returns flat items with exactly the documented fields, abstracts without HTML', async () => {
      const items = await guest().searchAndExtract({ q: 'scikit-learn', size: 5 });
      assert.ok(items.length > 0);
      for (const it of items) {
        assert.deepEqual(Object.keys(it).sort(), ['abstract', 'authors', 'date', 'doi', 'download_link', 'keywords', 'lang', 'source', 'title', 'url'].sort());
        assert.ok(Array.isArray(it.authors) && Array.isArray(it.keywords));
        assert.doesNotMatch(it.abstract ?? '', /<[a-z]/i);
      }
      const hostile = await guest().searchAndExtract({ q: `recid:${n.hostile}` });
      assert.equal(hostile.length, 1);
      assert.doesNotMatch(hostile[0].abstract ?? '', /<script|onerror|alert\(/i);
    });
  });

  describe('batched look-up', () => {
    function mix(count: number): string[] {
      const c = server.corpus;
      const all = [...c.records.values()].filter((r) => !r.tombstone && r.accessRecord === 'public' && !r.embargo && !r.fixture);
      const superseded = all.filter((r) => !r.isLatest);
      const current = all.filter((r) => r.isLatest);
      const refs: string[] = [];
      refs.push(`10.5281/zenodo.${n.softwareConcept}`, n.fiftyVersions.concept); // concept references
      refs.push(n.deletedByReason.spam, n.deletedByReason.retracted); // deleted
      for (const r of superseded.slice(0, Math.floor(count * 0.2))) refs.push(`https://doi.org/10.5281/zenodo.${r.id}`);
      for (const r of current) {
        if (refs.length >= count) break;
        refs.push(`https://zenodo.org/records/${r.id}`);
      }
      return refs.slice(0, count);
    }

    it('resolves 100 references in at most 8 requests, with the right status for each', async () => {
      const refs = mix(100);
      assert.equal(new Set(refs).size, 100);
      const c = guest();
      const res = await c.lookupReferences(refs);
      assert.ok(server.requests.length <= 8, `${server.requests.length} requests`);
      const by = (s: string) => res.filter((r) => r.status === s).length;
      assert.equal(by('concept'), 2);
      assert.equal(by('deleted'), 2);
      assert.equal(by('superseded'), 20);
      assert.equal(by('current'), 76);
      const sup = res.find((r) => r.status === 'superseded')!;
      assert.notEqual(sup.latest!.id, sup.record!.id);
      assert.equal(sup.latest!.isLatest, true);
      assert.equal(sup.latest!.conceptId, sup.record!.conceptId);
      const del = res.find((r) => r.input === n.deletedByReason.retracted)!;
      assert.equal(del.tombstone?.reason, 'retracted');
    });

    it('answers a second check within the cache lifetime without any request', async () => {
      const c = guest();
      const refs = mix(60);
      await c.lookupReferences(refs);
      const before = server.requests.length;
      const again = await c.lookupReferences(refs);
      assert.equal(server.requests.length, before);
      assert.equal(again.length, refs.length);
    });

    it('uses pages of 100 with a token: 300 references in at most 6 requests', async () => {
      const refs = mix(300).filter((r) => !n.deleted.includes(r));
      const res = await authed().lookupReferences(refs);
      assert.ok(server.requests.length <= 6, `${server.requests.length} requests`);
      assert.equal(res.filter((r) => r.status === 'error' || r.status === 'not-found').length, 0);
    });

    it('resolves non-Zenodo DOIs by a doi:"…" search in the same batch', async () => {
      const res = await guest().lookupReferences(n.externalDois.map((d) => d.doi));
      assert.deepEqual(res.map((r) => r.record?.id), n.externalDois.map((d) => d.id));
      assert.equal(server.requests.length <= 2, true);
    });

    it('marks invalid references without asking the repository', async () => {
      const res = await guest().lookupReferences(['not a reference', '']);
      assert.deepEqual(res.map((r) => r.status), ['invalid', 'invalid']);
      assert.equal(server.requests.length, 0);
    });
  });

  describe('failures', () => {
    it('retries a 503 with an HTML body and succeeds when it clears', async () => {
      server.faults.set({ kind: 'status', code: 503, html: true, times: 2 });
      const r = await guest().getRecord(n.dataset);
      assert.equal(r.id, n.dataset);
      assert.equal(server.requests.length, 3);
    });

    it('reports a persistent 502 as a server error, without a stack trace', async () => {
      server.faults.set({ kind: 'status', code: 502, html: true });
      await assert.rejects(guest().getRecord(n.dataset), (e: unknown) => e instanceof ZenodoError && e.kind === 'server-error' && !/\n\s+at /.test(e.message));
    });

    it('reports malformed and truncated JSON as a malformed answer', async () => {
      server.faults.set({ kind: 'malformed' });
      await assert.rejects(guest().getRecord(n.dataset), kind('malformed'));
      server.faults.set({ kind: 'truncated', mode: 'short' });
      await assert.rejects(guest().getRecord(n.dataset), kind('malformed'));
    });

    it('reports a 200 without the expected fields as malformed', async () => {
      server.faults.set({ kind: 'missingFields' });
      await assert.rejects(guest().searchRecords({ q: 'x' }), kind('malformed'));
    });

    it('retries connection resets, then reports a network error', async () => {
      server.faults.set({ kind: 'reset' });
      const c = new ZenodoClient({ baseUrl: server.url, scheduler: new RequestScheduler({ backoffMs: 5, maxRetries: 2 }) });
      await assert.rejects(c.getRecord(n.dataset), kind('network'));
      assert.equal(server.requests.length, 3);
    });

    it('waits out a 429 burst using Retry-After', async () => {
      server.faults.set({ kind: 'burst429', retryAfter: 1, times: 1 });
      const r = await guest().getRecord(n.dataset);
      assert.equal(r.id, n.dataset);
    });

    it('reports a rate limit that outlasts the retries as rate-limited, with the wait', async () => {
      server.faults.set({ kind: 'burst429', retryAfter: 1 });
      const c = new ZenodoClient({ baseUrl: server.url, scheduler: new RequestScheduler({ maxRetries: 1 }) });
      await assert.rejects(c.searchRecords({ q: 'x' }), (e: unknown) => e instanceof ZenodoError && e.kind === 'rate-limited' && /try again in 1 s/.test(e.message));
      assert.equal(server.requests.length, 2);
    });

    it('times out a slow answer and says so', async () => {
      server.faults.set({ kind: 'latency', ms: 2000 });
      const c = new ZenodoClient({ baseUrl: server.url, scheduler: new RequestScheduler({ timeoutMs: 200, maxRetries: 0 }) });
      await assert.rejects(c.getRecord(n.dataset), (e: unknown) => e instanceof ZenodoError && e.kind === 'timeout');
    });

    it('ends a redirect loop with a clear error', async () => {
      server.faults.set({ kind: 'redirectLoop' });
      await assert.rejects(guest().getRecord(n.dataset), (e: unknown) => e instanceof ZenodoError && /redirects/.test(e.message));
    });
  });

  describe('token check', () => {
    it('accepts a valid token with one request and rejects a wrong one', async () => {
      assert.deepEqual(await checkToken(server.url, TOKEN), { ok: true });
      assert.equal(server.requests.length, 1);
      assert.equal(server.requests[0].headers.authorization, `Bearer ${TOKEN}`);
      const bad = await checkToken(server.url, 'nope-nope');
      assert.equal(bad.ok, false);
      assert.ok(!bad.ok && bad.reason === 'rejected' && !bad.message.includes('nope-nope'));
    });
    it('refuses to send a token over plain http to a remote host', async () => {
      const r = await checkToken('http://example.org', TOKEN);
      assert.ok(!r.ok && r.reason === 'insecure');
    });
  });
});

describe('rate limits against the local server', function () {
  let server: ZenodoServer;
  before(async () => {
    server = await startZenodoServer({ rateLimits: { windowMs: 1500, guest: 133, authenticated: 100, search: 5 } });
  });
  after(async () => server.close());

  it('never exceeds the advertised search window: 12 searches, no 429', async () => {
    const c = new ZenodoClient({ baseUrl: server.url });
    await Promise.all(Array.from({ length: 12 }, (_, i) => c.searchRecords({ q: `term${i}` })));
    const searches = server.requests.filter((r) => r.path === '/api/records');
    assert.equal(searches.length, 12);
    assert.equal(searches.filter((r) => r.status === 429).length, 0);
    assert.equal(c.scheduler.rateLimitedAnswers, 0);
  });
});
