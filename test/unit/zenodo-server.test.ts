// The local Zenodo-compatible server behaves as zenodo.org does (see shared docs/zenodo-api.md):
// these tests pin each behaviour the client and the integration tests rely on.

import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildCorpus, startZenodoServer, type ZenodoServer } from '../zenodo-server';
import { parseSearchArgs, runSearch } from '../zenodo-server/search';

const FIXTURES = path.resolve(__dirname, '../fixtures/zenodo');
const NATIVE = 'application/vnd.inveniordm.v1+json';
const TOKEN = 'test-token-123';

type Json = Record<string, any>;

interface GetOptions {
  accept?: string;
  token?: string;
  headers?: Record<string, string>;
}

function fixture(name: string): Json {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as Json;
}

describe('local Zenodo server', function () {
  let server: ZenodoServer;

  async function get(p: string, o: GetOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.accept !== undefined) {
      headers.Accept = o.accept;
    }
    if (o.token) {
      headers.Authorization = `Bearer ${o.token}`;
    }
    return fetch(p.startsWith('http') ? p : `${server.url}${p}`, { headers, redirect: 'manual' });
  }

  async function getJson(p: string, o: GetOptions = {}): Promise<{ status: number; body: Json; res: Response }> {
    const res = await get(p, o);
    return { status: res.status, body: (await res.json()) as Json, res };
  }

  async function search(params: Record<string, string>, o: GetOptions = { accept: NATIVE }): Promise<{ status: number; body: Json }> {
    return getJson(`/api/records?${new URLSearchParams(params).toString()}`, o);
  }

  before(async function () {
    server = await startZenodoServer({ rateLimits: false, fixturesDir: FIXTURES });
  });

  after(async function () {
    await server.close();
  });

  beforeEach(function () {
    server.faults.clear();
    server.resetRequests();
  });

  describe('corpus', function () {
    it('holds at least 1,200 versions, a 50-version and a 300-version concept, and the notable records', function () {
      const c = server.corpus;
      const n = c.notable;
      assert.ok(c.records.size >= 1200, `only ${c.records.size} records`);
      assert.equal(c.concepts.get(n.fiftyVersions.concept)!.versions.length, 50);
      assert.equal(c.concepts.get(n.threeHundredVersions.concept)!.versions.length, 300);
      assert.equal(c.concepts.get(n.softwareConcept)!.versions.length, 47);
      for (const id of [n.restricted, n.embargoed, n.externalDoi.id, n.hostile, n.unicode, n.manyFiles, ...n.deleted]) {
        assert.ok(c.get(id), `missing ${id}`);
        assert.match(id, /^\d{7,8}$/);
      }
      assert.ok(n.deleted.length >= 3);
      assert.ok(n.communitySlugs.length >= 5);
      const types = new Set(n.communitySlugs.map((s) => c.communityBySlug.get(s)!.type));
      for (const t of ['organization', 'event', 'topic', 'project']) {
        assert.ok(types.has(t as never), `no ${t} community`);
      }
      const rts = new Set([...c.records.values()].map((r) => r.resourceType));
      for (const t of ['software', 'dataset', 'publication-article', 'poster', 'presentation', 'image-figure']) {
        assert.ok(rts.has(t), `no ${t}`);
      }
      assert.ok(n.externalDois.every((x) => !x.doi.startsWith('10.5281/')));
    });

    it('builds deterministically and fast', function () {
      const t = Date.now();
      const fresh = buildCorpus({ fixturesDir: FIXTURES, concepts: 460 });
      const ms = Date.now() - t;
      assert.ok(ms < 1500, `corpus took ${ms} ms`);
      assert.deepEqual(fresh.notable, server.corpus.notable);
      assert.deepEqual([...fresh.records.keys()], [...server.corpus.records.keys()]);
    });
  });

  describe('content negotiation', function () {
    it('answers native InvenioRDM JSON to vnd.inveniordm.v1+json, shaped like the recording', async function () {
      const { status, body, res } = await getJson('/api/records/4924875', { accept: NATIVE });
      assert.equal(status, 200);
      assert.equal(res.headers.get('content-type'), NATIVE);
      const rec = fixture('rdm-record-dataset-4924875.full.json');
      assert.equal(body.id, '4924875');
      assert.equal(body.pids.doi.identifier, '10.5281/zenodo.4924875');
      assert.equal(body.parent.id, '4924874');
      assert.equal(body.parent.pids.doi.identifier, '10.5281/zenodo.4924874');
      assert.deepEqual(body.metadata, rec.metadata);
      assert.deepEqual(body.stats, rec.stats);
      assert.deepEqual(body.versions, { is_latest: true, index: 1 });
      assert.equal(body.parent.communities.entries[0].slug, 'fatiando');
      assert.equal(body.links.self, `${server.url}/api/records/4924875`);
      assert.equal(body.links.latest, `${server.url}/api/records/4924875/versions/latest`);
      assert.equal(body.files.entries['tiny-data.txt'].checksum, 'md5:70e2afd3fd7e336ae478b1e740a5f08e');
      assert.deepEqual(Object.keys(body.files.entries).sort(), ['store.zip', 'tiny-data.txt']);
    });

    it('answers the Zenodo JSON dialect to application/json, */* and no Accept', async function () {
      for (const accept of ['application/json', '*/*', '']) {
        const { status, body, res } = await getJson('/api/records/22705923', { accept });
        assert.equal(status, 200, accept);
        assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
        assert.equal(body.id, 22705923);
        assert.equal(body.recid, '22705923');
        assert.equal(body.doi, '10.5281/zenodo.22705923');
        assert.equal(body.conceptrecid, '591564');
        assert.equal(body.conceptdoi, '10.5281/zenodo.591564');
        assert.equal(body.metadata.title, 'scikit-learn');
        assert.equal(body.metadata.version, '1.9.1');
        assert.equal(body.metadata.access_right, 'open');
        assert.deepEqual(body.metadata.resource_type, { title: 'Software', type: 'software' });
        assert.deepEqual(body.metadata.creators, [{ name: 'The scikit-learn developers', affiliation: null }]);
        assert.deepEqual(body.metadata.relations.version[0], { index: 46, is_last: true, parent: { pid_type: 'recid', pid_value: '591564' } });
        assert.equal(body.stats.unique_views, 22820);
        assert.equal(body.stats.version_views, 68);
        assert.equal(body.files.length, 1);
        assert.match(body.files[0].checksum, /^md5:[0-9a-f]{32}$/);
        assert.equal(body.pids, undefined);
      }
    });

    it('exports the recorded BibTeX and APA citation, and generates them for other records', async function () {
      const bib = await get('/api/records/22705923', { accept: 'application/x-bibtex' });
      assert.equal(bib.status, 200);
      assert.equal(await bib.text(), fs.readFileSync(path.join(FIXTURES, 'export-bibtex-22705923.bib'), 'utf8'));
      const apa = await get('/api/records/22705923?style=apa', { accept: 'text/x-bibliography' });
      assert.equal(apa.status, 200);
      assert.match(apa.headers.get('content-type') ?? '', /^text\/plain/);
      assert.equal(await apa.text(), fs.readFileSync(path.join(FIXTURES, 'export-text-x-bibliography-apa-22705923.txt'), 'utf8').trim());
      const other = await (await get('/api/records/4924875', { accept: 'application/x-bibtex' })).text();
      assert.match(other, /^@dataset\{uieda_2021_4924875,/);
      assert.match(other, /doi {10}= \{10\.5281\/zenodo\.4924875\}/);
      const badStyle = await getJson('/api/records/4924875?style=nope', { accept: 'text/x-bibliography' });
      assert.equal(badStyle.status, 400);
      assert.equal(badStyle.body.message, 'Citation string style not found.');
    });

    it('answers 406 to unsupported Accept types', async function () {
      assert.equal((await get('/api/records/4924875', { accept: 'application/xml' })).status, 406);
      assert.equal((await get('/api/records?q=climate', { accept: 'application/x-bibtex' })).status, 406);
      assert.equal((await get('/api/records/4924875/files', { accept: NATIVE })).status, 406);
      assert.equal((await get('/api/records/4924875/files', { accept: 'application/json' })).status, 200);
      assert.equal((await get('/api/communities/symbaproject', { accept: 'text/html' })).status, 406);
      // q-values are honoured: the first acceptable type wins.
      const r = await get('/api/records/4924875', { accept: `text/html;q=0.9, ${NATIVE}` });
      assert.equal(r.headers.get('content-type'), NATIVE);
    });
  });

  describe('record search', function () {
    it('recid:(a OR b) with allversions returns exactly those versions', async function () {
      const n = server.corpus.notable;
      const ids = [n.softwareOlderVersion, n.fiftyVersions.oldest];
      const { status, body } = await search({ q: `recid:(${ids[0]} OR ${ids[1]})`, allversions: 'true', size: '25' });
      assert.equal(status, 200);
      assert.equal(body.hits.total, 2);
      assert.deepEqual(body.hits.hits.map((h: Json) => h.id).sort(), ids.slice().sort());
      const latestOnly = await search({ q: `recid:(${ids[0]} OR ${ids[1]})` });
      assert.equal(latestOnly.body.hits.total, 0, 'superseded versions are hidden without allversions');
      const alias = await search({ q: `id:${ids[0]} OR id:${ids[1]}`, all_versions: '' });
      assert.equal(alias.body.hits.total, 2, 'all_versions alias and bare flag');
    });

    it('doi:"…" finds a record whose DOI is not a Zenodo DOI, case-insensitively and auto-quoted', async function () {
      const ext = server.corpus.notable.externalDoi;
      for (const q of [`doi:"${ext.doi}"`, `doi:${ext.doi}`, `doi:"${ext.doi.toUpperCase()}"`]) {
        const { status, body } = await search({ q });
        assert.equal(status, 200, q);
        assert.equal(body.hits.total, 1, q);
        assert.equal(body.hits.hits[0].id, ext.id);
        assert.equal(body.hits.hits[0].pids.doi.identifier, ext.doi);
      }
      const batch = server.corpus.notable.externalDois;
      const multi = await search({ q: `doi:(${batch.map((x) => `"${x.doi.toLowerCase()}"`).join(' OR ')})`, size: '25' });
      assert.deepEqual(multi.body.hits.hits.map((h: Json) => h.id).sort(), batch.map((x) => x.id).sort());
    });

    it('doi: matches a superseded version only with allversions; conceptrecid: lists a concept', async function () {
      const q = 'doi:"10.5281/zenodo.20510517"';
      assert.equal((await search({ q })).body.hits.total, 0);
      const all = await search({ q, allversions: 'true' });
      assert.equal(all.body.hits.total, 1);
      assert.equal(all.body.hits.hits[0].id, '20510517');
      const concept = await search({ q: 'conceptrecid:591564', allversions: '1' });
      assert.equal(concept.body.hits.total, 47);
      const cdoi = await search({ q: 'conceptdoi:"10.5281/zenodo.591564"' });
      assert.equal(cdoi.body.hits.total, 1);
      assert.equal(cdoi.body.hits.hits[0].id, '22705923');
    });

    it('supports free text, fields, phrases, AND/OR and parentheses', async function () {
      const free = await search({ q: 'SCIKIT-LEARN' });
      assert.ok(free.body.hits.hits.some((h: Json) => h.id === '22705923'));
      const phrase = await search({ q: 'title:"Test data for the Pooch library"' });
      assert.deepEqual(phrase.body.hits.hits.map((h: Json) => h.id), ['4924875']);
      const notPhrase = await search({ q: 'title:"Pooch data library"' });
      assert.equal(notPhrase.body.hits.total, 0);
      const creators = await search({ q: 'creators.name:"Uieda, Leonardo" AND type:dataset', size: '25' });
      assert.ok(creators.body.hits.hits.some((h: Json) => h.id === '4924875'));
      assert.ok(creators.body.hits.hits.every((h: Json) => h.metadata.resource_type.id === 'dataset'));
      const group = await search({ q: '(title:pooch OR title:scikit) AND access_right:open', size: '25' });
      assert.deepEqual(group.body.hits.hits.map((h: Json) => h.id).sort(), ['22705923', '4924875']);
      const kw = await search({ q: 'keywords:"climate change"', size: '25' });
      assert.ok(kw.body.hits.total > 0);
      for (const h of kw.body.hits.hits) {
        assert.ok(h.metadata.subjects.some((s: Json) => s.subject.toLowerCase() === 'climate change'));
      }
      const comm = await search({ q: 'communities:fatiando AND pooch' });
      assert.deepEqual(comm.body.hits.hits.map((h: Json) => h.id), ['4924875']);
      assert.equal((await search({ q: 'communities:symbaproject AND pooch' })).body.hits.total, 0);
      const version = await search({ q: 'version:"1.9.0"', allversions: 'true' });
      assert.ok(version.body.hits.hits.some((h: Json) => h.id === '20510517'));
      const date = await search({ q: 'publication_date:[2021-06-01 TO 2021-06-30] AND title:pooch' });
      assert.equal(date.body.hits.total, 1);
    });

    it('answers 400 to a syntax error and 500 to a bare DOI', async function () {
      for (const q of ['title:(pooch', 'title:"unterminated', 'AND OR', 'title:']) {
        const { status, body } = await search({ q });
        assert.equal(status, 400, q);
        assert.deepEqual(body, { status: 400, message: 'Invalid query string syntax.' });
      }
      assert.equal((await search({ q: '10.5281/zenodo.4924875' })).status, 500);
    });

    it('pages with links that stop at the last page', async function () {
      const first = await search({ q: 'type:dataset', size: '7', sort: 'newest' });
      const total = first.body.hits.total as number;
      assert.ok(total > 14);
      assert.equal(first.body.hits.hits.length, 7);
      assert.equal(first.body.links.prev, undefined);
      assert.equal(first.body.links.self, `${server.url}/api/records?page=1&q=type%3Adataset&size=7&sort=newest`);
      const next = await getJson(first.body.links.next, { accept: NATIVE });
      assert.equal(next.body.links.prev, first.body.links.self);
      const seen = new Set<string>();
      let page: Json = first.body;
      let pages = 0;
      while (true) {
        page.hits.hits.forEach((h: Json) => seen.add(h.id));
        pages++;
        if (!page.links.next) {
          break;
        }
        page = (await getJson(page.links.next, { accept: NATIVE })).body;
      }
      assert.equal(pages, Math.ceil(total / 7));
      assert.equal(seen.size, total, 'pages neither overlap nor skip');
      const past = await search({ q: 'type:dataset', size: '7', page: String(pages + 1) });
      assert.equal(past.status, 200);
      assert.equal(past.body.hits.hits.length, 0);
      assert.deepEqual(Object.keys(past.body.links).sort(), ['prev', 'self']);
    });

    it('caps size at 25 for guests and 100 with a token, with Zenodo’s error body', async function () {
      const guest = await search({ size: '26' });
      assert.equal(guest.status, 400);
      assert.deepEqual(guest.body, {
        status: 400,
        message: 'A validation error occurred.',
        errors: [{ field: 'size', messages: ['Page size cannot be greater than 25. Please use authenticated requests to increase the limit to 100.'] }],
      });
      assert.equal((await search({ size: '25' })).status, 200);
      const authed = await search({ size: '100' }, { accept: NATIVE, token: TOKEN });
      assert.equal(authed.status, 200);
      assert.equal(authed.body.hits.hits.length, 100);
      assert.equal((await search({ size: '101' }, { accept: NATIVE, token: TOKEN })).status, 400);
      assert.equal((await search({ page: '0' })).status, 400);
    });

    it('refuses pages past the 10,000-result window', async function () {
      const over = await search({ page: '401', size: '25' });
      assert.equal(over.status, 400);
      assert.deepEqual(over.body, { status: 400, message: 'Invalid querystring parameters.' });
      assert.equal((await search({ page: '400', size: '25' })).status, 200);
      const big = await search({ page: '100', size: '100' }, { accept: NATIVE, token: TOKEN });
      assert.equal(big.status, 200);
      assert.equal(big.body.links.next, undefined);
    });

    it('never links past the 10,000-result window, even when more results exist', function () {
      const c = server.corpus;
      const many = Array.from({ length: 9 }, () => c.live).flat();
      assert.ok(many.length > 10_000);
      const scope = { path: '/api/records', records: many, allVersions: true };
      const at = (page: number) => runSearch(c, scope, parseSearchArgs({ page: String(page), size: '25' }, {}, c), {}, 'http://x');
      const last = at(400);
      assert.ok(last.total > 10_000);
      assert.equal(last.hits.length, 25);
      assert.equal(last.links.next, undefined);
      assert.match(at(399).links.next, /page=400&/);
    });

    it('validates sort and applies the defaults', async function () {
      const bad = await search({ sort: 'sideways' });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body, { status: 400, message: "Invalid sort option 'sideways'." });
      assert.equal((await search({})).body.sortBy, 'newest');
      assert.equal((await search({ q: 'climate' })).body.sortBy, 'bestmatch');
      for (const sort of ['bestmatch', 'newest', 'oldest', 'version', 'updated-desc', 'updated-asc', 'mostviewed', 'mostdownloaded',
        'publication-desc', 'publication-asc', 'mostrecent', '-mostrecent']) {
        assert.equal((await search({ q: 'climate', sort })).status, 200, sort);
      }
      const oldest = await search({ sort: 'oldest', size: '25' });
      const created = oldest.body.hits.hits.map((h: Json) => h.created);
      assert.deepEqual(created, created.slice().sort());
      const viewed = await search({ sort: 'mostviewed', size: '25' });
      const views = viewed.body.hits.hits.map((h: Json) => h.stats.all_versions.unique_views);
      assert.deepEqual(views, views.slice().sort((a: number, b: number) => b - a));
    });

    it('applies facet filters after the aggregations, and legacy filters before', async function () {
      const base = await search({ q: 'climate' });
      const filtered = await search({ q: 'climate', resource_type: 'dataset', size: '25' });
      assert.ok(filtered.body.hits.total > 0 && filtered.body.hits.total < base.body.hits.total);
      assert.ok(filtered.body.hits.hits.every((h: Json) => h.metadata.resource_type.id === 'dataset'));
      const strip = (a: Json) => JSON.stringify(a, (k, v) => (k === 'is_selected' ? undefined : v));
      assert.equal(strip(filtered.body.aggregations), strip(base.body.aggregations), 'aggregations ignore post-filters');
      const ds = filtered.body.aggregations.resource_type.buckets.find((b: Json) => b.key === 'dataset');
      assert.equal(ds.is_selected, true);
      assert.equal(ds.doc_count, filtered.body.hits.total);
      for (const k of ['resource_type', 'access_status', 'file_type', 'subject']) {
        assert.ok(Array.isArray(base.body.aggregations[k].buckets), k);
        assert.equal(typeof base.body.aggregations[k].label, 'string');
      }
      const inner = await search({ resource_type: 'publication::publication-article', size: '25' });
      assert.ok(inner.body.hits.total > 0);
      assert.ok(inner.body.hits.hits.every((h: Json) => h.metadata.resource_type.id === 'publication-article'));
      const legacy = await search({ type: 'software' });
      assert.deepEqual(legacy.body.aggregations.resource_type.buckets.map((b: Json) => b.key), ['software']);
      const years = await search({ publication_date: '2020..2021', size: '25' });
      assert.ok(years.body.hits.total > 0);
      assert.ok(years.body.hits.hits.every((h: Json) => ['2020', '2021'].includes(h.metadata.publication_date.slice(0, 4))));
      const open = await search({ access_status: 'embargoed', size: '25' });
      assert.ok(open.body.hits.hits.every((h: Json) => h.access.status === 'embargoed'));
      const unknownCommunity = await search({ communities: 'no-such-community' });
      assert.equal(unknownCommunity.body.hits.total, (await search({})).body.hits.total, 'unknown slug is ignored');
      const community = await search({ communities: 'fatiando', size: '25' });
      assert.ok(community.body.hits.hits.every((h: Json) => h.parent.communities.entries.some((e: Json) => e.slug === 'fatiando')));
    });

    it('answers the Zenodo JSON dialect for searches without sortBy', async function () {
      const { body } = await search({ q: 'scikit-learn' }, { accept: 'application/json' });
      const hit = body.hits.hits.find((h: Json) => h.recid === '22705923');
      assert.ok(hit);
      assert.equal(hit.conceptrecid, '591564');
      assert.equal(body.sortBy, undefined);
      assert.ok(body.aggregations.resource_type);
    });

    it('redirects /api/records/ to /api/records', async function () {
      const res = await get('/api/records/?q=climate');
      assert.equal(res.status, 301);
      assert.equal(res.headers.get('location'), `${server.url}/api/records?q=climate`);
    });

    it('hides restricted records from guests but not from their owner', async function () {
      const id = server.corpus.notable.restricted;
      assert.equal((await search({ q: `recid:${id}` })).body.hits.total, 0);
      assert.equal((await search({ q: `recid:${id}` }, { accept: NATIVE, token: TOKEN })).body.hits.total, 1);
    });
  });

  describe('records, versions and errors', function () {
    it('redirects a concept id with 302 to the latest version, dropping the query string', async function () {
      const res = await get('/api/records/591564?style=apa', { accept: NATIVE });
      assert.equal(res.status, 302);
      assert.equal(res.headers.get('location'), `${server.url}/api/records/22705923`);
      const fifty = server.corpus.notable.fiftyVersions;
      const r2 = await get(`/api/records/${fifty.concept}`);
      assert.equal(r2.headers.get('location'), `${server.url}/api/records/${fifty.latest}`);
    });

    it('redirects versions/latest with 301 and Zenodo’s JSON body', async function () {
      const { status, body, res } = await getJson('/api/records/20510517/versions/latest');
      assert.equal(status, 301);
      const location = `${server.url}/api/records/22705923`;
      assert.equal(res.headers.get('location'), location);
      assert.deepEqual(body, { status: 301, message: 'Redirecting...', location });
      const mid = server.corpus.notable.deletedVersionInConcept;
      assert.equal((await get(`/api/records/${mid.deleted}/versions/latest`)).headers.get('location'), `${server.url}/api/records/${mid.latest}`);
    });

    it('lists versions newest first, pages past the end and refuses concept ids', async function () {
      const p1 = await getJson('/api/records/22705923/versions?page=1&size=3&sort=version', { accept: NATIVE });
      const recorded = fixture('rdm-versions-22705923-page1-size3.trimmed.json');
      assert.equal(p1.body.hits.total, recorded.hits.total);
      assert.deepEqual(p1.body.hits.hits.map((h: Json) => [h.id, h.versions.index, h.metadata.version]),
        recorded.hits.hits.map((h: Json) => [h.id, h.versions.index, h.metadata.version]));
      assert.equal(p1.body.links.next, `${server.url}/api/records/22705923/versions?page=2&size=3&sort=version`);
      assert.equal(p1.body.sortBy, 'version');
      const past = await getJson('/api/records/22705923/versions?page=3&size=25&sort=version', { accept: NATIVE });
      const pastRec = fixture('rdm-versions-22705923-page3-past-end.json');
      assert.deepEqual(past.body.hits, pastRec.hits);
      assert.deepEqual(past.body.links, {
        prev: `${server.url}/api/records/22705923/versions?page=2&size=25&sort=version`,
        self: `${server.url}/api/records/22705923/versions?page=3&size=25&sort=version`,
      });
      assert.equal((await get('/api/records/591564/versions')).status, 404);
      const three = server.corpus.notable.threeHundredVersions;
      const big = await getJson(`/api/records/${three.oldest}/versions?size=25&page=12`, { accept: NATIVE });
      assert.equal(big.body.hits.total, 300);
      assert.equal(big.body.hits.hits.length, 25);
      assert.equal(big.body.hits.hits[24].id, three.oldest);
      assert.equal(big.body.links.next, undefined);
      const deleted = await getJson(`/api/records/${server.corpus.notable.deleted[1]}/versions`);
      assert.equal(deleted.status, 200);
      assert.equal(deleted.body.hits.total, 0);
    });

    it('answers 404 and 410 with Zenodo’s bodies', async function () {
      const missing = await getJson('/api/records/99999999');
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, fixture('error-404-pid-does-not-exist.json'));
      const spam = await getJson('/api/records/22705918', { accept: NATIVE });
      assert.equal(spam.status, 410);
      assert.deepEqual(spam.body, fixture('error-410-tombstone-spam-22705918.json'));
      const retracted = await getJson(`/api/records/${server.corpus.notable.deletedByReason.retracted}`);
      assert.equal(retracted.status, 410);
      assert.equal(retracted.body.message, 'Record deleted');
      assert.equal(retracted.body.tombstone.removal_reason.id, 'retracted');
      assert.match(retracted.body.tombstone.citation_text, /https:\/\/doi\.org\/10\.5281\/zenodo\.\d+/);
      const hidden = await getJson(`/api/records/${server.corpus.notable.deletedHidden}`);
      assert.deepEqual(hidden.body, { status: 404, message: 'Record not found' });
    });

    it('answers 403 to a restricted record unless its owner’s token is sent, and 401 to a bad token', async function () {
      const id = server.corpus.notable.restricted;
      const guest = await getJson(`/api/records/${id}`);
      assert.equal(guest.status, 403);
      assert.deepEqual(guest.body, { status: 403, message: 'Permission denied.' });
      const owner = await getJson(`/api/records/${id}`, { accept: NATIVE, token: TOKEN });
      assert.equal(owner.status, 200);
      assert.equal(owner.body.access.record, 'restricted');
      const bad = await getJson('/api/records/4924875', { token: 'wrong' });
      assert.equal(bad.status, 401);
      assert.match(bad.body.message, /^The server could not verify that you are authorized to access the URL requested\./);
      assert.equal(server.requests.at(-1)!.headers.authorization, 'Bearer wrong');
      assert.equal(server.requests.at(-2)!.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(server.requests[0].headers.authorization, undefined);
    });

    it('serves the hostile, unicode and huge records intact', async function () {
      const n = server.corpus.notable;
      const hostile = await getJson(`/api/records/${n.hostile}`, { accept: NATIVE });
      assert.match(hostile.body.metadata.title, /<script>/);
      assert.match(hostile.body.metadata.description, /onerror=/);
      assert.match(hostile.body.metadata.description, /javascript:/);
      assert.match(hostile.body.metadata.description, /<iframe/);
      assert.match(hostile.body.metadata.creators[0].person_or_org.name, /onerror/);
      const unicode = await getJson(`/api/records/${n.unicode}`, { accept: NATIVE });
      assert.equal(unicode.body.metadata.title, server.corpus.get(n.unicode)!.title);
      assert.match(unicode.body.metadata.title, /[\u0590-\u06ff]/);
      assert.match(unicode.body.metadata.title, /\u0301/);
      assert.match(unicode.body.metadata.title, /\u{1F30D}/u);
      const many = await getJson(`/api/records/${n.manyFiles}`, { accept: NATIVE });
      assert.ok(many.body.files.count >= 1000);
      assert.ok(many.body.metadata.description.length > 100_000);
    });

    it('shows a restricted-files record without its file list', async function () {
      const { body } = await getJson(`/api/records/${server.corpus.notable.restrictedFiles}`, { accept: NATIVE });
      assert.equal(body.access.files, 'restricted');
      assert.equal(body.access.status, 'restricted');
      assert.equal(body.files.entries, undefined);
      const emb = await getJson(`/api/records/${server.corpus.notable.embargoed}`, { accept: NATIVE });
      assert.equal(emb.body.access.status, 'embargoed');
      assert.equal(emb.body.access.embargo.active, true);
    });
  });

  describe('files', function () {
    it('lists files like the recording and serves bytes whose md5 matches the listed checksum', async function () {
      const { status, body } = await getJson('/api/records/4924875/files');
      assert.equal(status, 200);
      const rec = fixture('rdm-files-4924875.full.json');
      assert.deepEqual(body.entries.map((e: Json) => e.key), rec.entries.map((e: Json) => e.key));
      assert.deepEqual(Object.keys(body).sort(), Object.keys(rec).sort());
      const latest = server.corpus.notable.fiftyVersions.latest;
      for (const id of ['4924875', latest, server.corpus.notable.oddFileKeys]) {
        const list = (await getJson(`/api/records/${id}/files`)).body;
        assert.ok(list.entries.length > 0);
        for (const e of list.entries) {
          const res = await get(e.links.content);
          assert.equal(res.status, 200, e.key);
          const bytes = Buffer.from(await res.arrayBuffer());
          assert.equal(bytes.length, e.size);
          assert.equal(`md5:${crypto.createHash('md5').update(bytes).digest('hex')}`, e.checksum, e.key);
        }
      }
    });

    it('supports Range requests', async function () {
      const res = await get('/api/records/4924875/files/tiny-data.txt/content', { headers: { Range: 'bytes=2-7' } });
      assert.equal(res.status, 206);
      assert.equal(res.headers.get('content-range'), 'bytes 2-7/59');
      assert.equal(await res.text(), 'A tiny');
      const tail = await get('/api/records/4924875/files/tiny-data.txt/content', { headers: { Range: 'bytes=-6' } });
      assert.equal(await tail.text(), '5  6\n'.padStart(6, ' '));
      assert.equal((await get('/api/records/4924875/files/tiny-data.txt/content', { headers: { Range: 'bytes=100-' } })).status, 416);
    });

    it('answers 403 for restricted and embargoed files, 404 for an unknown key', async function () {
      const n = server.corpus.notable;
      for (const id of [n.restrictedFiles, n.embargoed]) {
        assert.equal((await get(`/api/records/${id}/files`)).status, 403);
        const key = server.corpus.get(id)!.files[0].key;
        assert.equal((await get(`/api/records/${id}/files/${encodeURIComponent(key)}/content`)).status, 403);
      }
      assert.equal((await get(`/api/records/${n.restricted}/files`, { token: TOKEN })).status, 200);
      assert.equal((await get('/api/records/4924875/files/nope.txt/content')).status, 404);
    });
  });

  describe('communities', function () {
    it('searches communities with aggregations and filters', async function () {
      const { status, body } = await getJson('/api/communities?q=astronomy&size=25');
      assert.equal(status, 200);
      const slugs = body.hits.hits.map((h: Json) => h.slug);
      assert.ok(slugs.includes('sochias') && slugs.includes('astro-summit-2024'), slugs.join());
      assert.equal(body.hits.total, slugs.length);
      for (const k of ['type', 'funder', 'organization']) {
        assert.ok(Array.isArray(body.aggregations[k].buckets), k);
      }
      const events = await getJson('/api/communities?type=event');
      assert.ok(events.body.hits.total > 0);
      assert.ok(events.body.hits.hits.every((h: Json) => h.metadata.type.id === 'event'));
      assert.equal((await get('/api/communities?sort=sideways')).status, 400);
      const all = await getJson('/api/communities?size=100');
      assert.ok(!all.body.hits.hits.some((h: Json) => h.slug === 'defunct-community'));
    });

    it('gets a community by slug (case-sensitive) or uuid; 404 and 410', async function () {
      const rec = fixture('community-symbaproject.trimmed.json');
      const bySlug = await getJson('/api/communities/symbaproject');
      assert.equal(bySlug.status, 200);
      assert.equal(bySlug.body.id, rec.id);
      assert.deepEqual(bySlug.body.access, rec.access);
      assert.equal(bySlug.body.metadata.type.id, 'project');
      assert.equal(bySlug.body.links.records, `${server.url}/api/communities/${rec.id}/records`);
      assert.equal((await getJson(`/api/communities/${rec.id}`)).body.slug, 'symbaproject');
      const wrongCase = await getJson('/api/communities/SymbaProject');
      assert.equal(wrongCase.status, 404);
      assert.deepEqual(wrongCase.body, { status: 404, message: 'The persistent identifier does not exist.' });
      assert.equal((await get('/api/communities/defunct-community')).status, 410);
    });

    it('searches a community’s records', async function () {
      const { status, body } = await getJson('/api/communities/symbaproject/records?size=25', { accept: NATIVE });
      assert.equal(status, 200);
      const ids = body.hits.hits.map((h: Json) => h.id);
      assert.ok(ids.includes('16537543') && ids.includes('16537726'));
      assert.ok(body.hits.hits.every((h: Json) => h.parent.communities.entries.some((e: Json) => e.slug === 'symbaproject')));
      const q = await getJson('/api/communities/climate-science/records?q=ocean', { accept: NATIVE });
      assert.ok(q.body.hits.total > 0);
      assert.equal((await get('/api/communities/nope/records')).status, 404);
    });
  });

  describe('rate limits', function () {
    let limited: ZenodoServer;

    before(async function () {
      limited = await startZenodoServer({ fixturesDir: FIXTURES, rateLimits: { windowMs: 1500, guest: 5, authenticated: 8, search: 3 } });
    });

    after(async function () {
      await limited.close();
    });

    it('sends the rate-limit headers on every answer, Retry-After included', async function () {
      const res = await fetch(`${limited.url}/api/records/4924875`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-ratelimit-limit'), '5');
      assert.equal(res.headers.get('x-ratelimit-remaining'), '4');
      const reset = Number(res.headers.get('x-ratelimit-reset'));
      assert.ok(reset >= Math.floor(Date.now() / 1000) && reset <= Date.now() / 1000 + 3, String(reset));
      assert.ok(Number(res.headers.get('retry-after')) >= 1);
      const authed = await fetch(`${limited.url}/api/records/4924875`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      assert.equal(authed.headers.get('x-ratelimit-limit'), '8');
      const notFound = await fetch(`${limited.url}/api/records/99999999`);
      assert.equal(notFound.status, 404);
      assert.ok(notFound.headers.get('x-ratelimit-remaining'));
    });

    it('answers 429 past the search limit and recovers after the window', async function () {
      await fetch(`${limited.url}/__control/reset`, { method: 'POST' });
      const remaining: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await fetch(`${limited.url}/api/records?q=climate`);
        assert.equal(r.status, 200);
        remaining.push(r.headers.get('x-ratelimit-remaining')!);
        assert.equal(r.headers.get('x-ratelimit-limit'), '3');
      }
      assert.deepEqual(remaining, ['2', '1', '0']);
      const over = await fetch(`${limited.url}/api/records?q=climate`);
      assert.equal(over.status, 429);
      assert.equal(await over.text(), '429: 3 per 2 second');
      assert.ok(Number(over.headers.get('retry-after')) >= 1);
      // Search and general classes are counted apart.
      assert.equal((await fetch(`${limited.url}/api/records/4924875`)).status, 200);
      assert.equal((await fetch(`${limited.url}/api/communities/symbaproject/records`)).status, 429);
      await new Promise((r) => setTimeout(r, 1600));
      assert.equal((await fetch(`${limited.url}/api/records?q=climate`)).status, 200);
    });
  });

  describe('faults and the control API', function () {
    it('injects gateway errors with HTML bodies, limited by times and path', async function () {
      server.faults.set({ kind: 'status', code: 504, html: true, times: 1, path: '^/api/records\\?' });
      const other = await get('/api/records/4924875');
      assert.equal(other.status, 200, 'path pattern does not match');
      const bad = await get('/api/records?q=x');
      assert.equal(bad.status, 504);
      assert.match(bad.headers.get('content-type') ?? '', /text\/html/);
      assert.match(await bad.text(), /504 Gateway Time-out/);
      assert.equal((await get('/api/records?q=x')).status, 200, 'times: 1');
    });

    it('injects latency, resets, malformed and truncated bodies, missing fields', async function () {
      server.faults.set({ kind: 'latency', ms: 300, times: 1 });
      const t = Date.now();
      assert.equal((await get('/api/records/4924875')).status, 200);
      assert.ok(Date.now() - t >= 290);

      server.faults.set({ kind: 'reset', times: 1 });
      await assert.rejects(get('/api/records/4924875'));

      server.faults.set({ kind: 'malformed', times: 1 });
      const mal = await get('/api/records/4924875');
      assert.equal(mal.status, 200);
      await assert.rejects(mal.json());

      server.faults.set({ kind: 'truncated', times: 1 });
      const cut = await get('/api/records/4924875');
      await assert.rejects(cut.text());

      server.faults.set({ kind: 'truncated', mode: 'short', times: 1 });
      const short = await get('/api/records/4924875');
      const text = await short.text();
      assert.ok(text.length > 10);
      assert.throws(() => JSON.parse(text));

      server.faults.set({ kind: 'missingFields', times: 2 });
      const rec = await getJson('/api/records/4924875', { accept: NATIVE });
      assert.equal(rec.status, 200);
      assert.equal(rec.body.metadata, undefined);
      assert.equal(rec.body.id, '4924875');
      const s = await search({ q: 'climate' });
      assert.equal(s.body.hits, undefined);
    });

    it('injects 429 bursts with Retry-After and redirect loops', async function () {
      server.faults.set({ kind: 'burst429', times: 2, retryAfter: 7 });
      for (let i = 0; i < 2; i++) {
        const r = await get('/api/records/4924875');
        assert.equal(r.status, 429);
        assert.equal(r.headers.get('retry-after'), '7');
      }
      assert.equal((await get('/api/records/4924875')).status, 200);
      server.faults.set({ kind: 'redirectLoop', times: 1 });
      const loop = await get('/api/records/4924875?x=1');
      assert.equal(loop.status, 302);
      assert.equal(loop.headers.get('location'), `${server.url}/api/records/4924875?x=1`);
    });

    it('controls faults, the request log and reads the corpus over HTTP', async function () {
      const set = await fetch(`${server.url}/__control/faults`, { method: 'POST', body: JSON.stringify({ kind: 'status', code: 500, html: false }) });
      assert.equal(set.status, 200);
      const failed = await getJson('/api/records/4924875');
      assert.deepEqual([failed.status, failed.body], [500, { status: 500, message: 'Internal Server Error' }]);
      await fetch(`${server.url}/__control/reset`, { method: 'POST' });
      assert.equal((await get('/api/records/4924875', { token: TOKEN })).status, 200);
      const log = (await (await fetch(`${server.url}/__control/requests`)).json()) as Json[];
      assert.equal(log.length, 1, 'reset cleared the log; control calls are not logged');
      assert.equal(log[0].path, '/api/records/4924875');
      assert.equal(log[0].status, 200);
      assert.equal(log[0].headers.authorization, `Bearer ${TOKEN}`);
      const corpus = (await (await fetch(`${server.url}/__control/corpus`)).json()) as Json;
      assert.equal(corpus.notable.softwareWithVersions, '22705923');
      assert.equal(corpus.notable.restricted, server.corpus.notable.restricted);
      assert.ok(corpus.records >= 1200);
      assert.equal((await fetch(`${server.url}/__control/faults`, { method: 'POST', body: JSON.stringify({ kind: 'nope' }) })).status, 400);
    });
  });
});
