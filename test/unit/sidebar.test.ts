// The sidebar's pure parts: the Search view's query state → the client's parameters, facet values,
// and the rows and tooltips built from real recorded records.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { normaliseRecord, normaliseSearch, ZenodoRecord } from '../../src/core/models';
import {
  clearFilters, describeQuery, emptyQuery, facetBuckets, facetValue, filesNeedFetch, isActive, loadMoreLabel, md5Of, recordRow,
  recordTooltip, safeRelativePath, searchParams, toggleFilter, windowEndLabel, withSort, withText,
} from '../../src/sidebar/model';
import { contextValueOf } from '../../src/sidebar/nodes';

const FIX = path.join(__dirname, '..', 'fixtures', 'zenodo');
const BASE = 'https://zenodo.org';

function fixture(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(FIX, name), 'utf8'));
}

function software(): ZenodoRecord {
  return normaliseRecord(fixture('rdm-record-software-22705923.trimmed.json'), BASE);
}

describe('sidebar model: query state', () => {
  it('a new text keeps the sort and drops the old filters', () => {
    let q = withSort(emptyQuery(), 'mostviewed');
    q = toggleFilter(q, 'resource_type', 'dataset');
    q = withText(q, '  climate  ');
    assert.deepStrictEqual(q, { q: 'climate', sort: 'mostviewed', filters: {}, community: undefined });
  });

  it('picking a facet value selects it, picking another value of the same facet replaces it, picking it again removes it', () => {
    let q = withText(emptyQuery(), 'climate');
    q = toggleFilter(q, 'resource_type', 'dataset');
    assert.deepStrictEqual(q.filters, { resource_type: 'dataset' });
    q = toggleFilter(q, 'resource_type', 'software');
    assert.deepStrictEqual(q.filters, { resource_type: 'software' });
    q = toggleFilter(q, 'access_status', 'open');
    assert.deepStrictEqual(searchParams(q, 2, 20), { page: 2, size: 20, q: 'climate', sort: 'bestmatch', resource_type: 'software', access_status: 'open' });
    q = toggleFilter(q, 'resource_type', 'software');
    assert.deepStrictEqual(q.filters, { access_status: 'open' });
    assert.deepStrictEqual(clearFilters(q).filters, {});
  });

  it('best match without words asks for the newest (what Zenodo would do anyway)', () => {
    const q = toggleFilter(emptyQuery(), 'file_type', 'pdf');
    assert.strictEqual(searchParams(q, 1, 20).sort, 'newest');
    assert.ok(isActive(q));
    assert.ok(!isActive(emptyQuery()));
  });

  it('nested resource types and years become the values the REST API filters on', () => {
    const search = normaliseSearch(fixture('rdm-search-q-climate-size2.trimmed.json'), 1, 2, (h) => normaliseRecord(h, BASE));
    const rt = search.aggregations.find((a) => a.name === 'resource_type')!;
    const pub = rt.buckets.find((b) => b.key === 'publication')!;
    assert.strictEqual(facetValue('resource_type', pub), 'publication');
    assert.strictEqual(facetValue('resource_type', pub.children[0], pub), 'publication::publication-article');
    const years = facetBuckets(search.aggregations.find((a) => a.name === 'publication_date')!);
    assert.ok(years[0].key > years[years.length - 1].key, 'years are listed newest first');
    assert.strictEqual(facetValue('publication_date', years[0]), `${years[0].key}..${years[0].key}`);
  });

  it('describes the query for the view title', () => {
    const q = toggleFilter(withText(emptyQuery(), 'ocean', { slug: 'eu', title: 'EU Open Research Repository' }), 'subject', 'Ocean');
    assert.strictEqual(describeQuery(q), 'in EU Open Research Repository · “ocean” · 1 filter · Best match');
  });
});

describe('sidebar model: rows', () => {
  it('a record row shows title, version, date, type and access, with the type icon', () => {
    const rec = software();
    const row = recordRow(rec);
    assert.strictEqual(row.label, 'scikit-learn');
    assert.strictEqual(row.description, 'v1.9.1 · 2026-09-11 · Software · open');
    assert.strictEqual(row.icon, 'code');
  });

  it('a version row leads with the version and marks the latest', () => {
    const rec = software();
    const row = recordRow(rec, undefined, { asVersion: true });
    assert.strictEqual(row.label, 'v1.9.1');
    assert.ok(row.description.startsWith('latest · 2026-09-11'), row.description);
    assert.strictEqual(row.icon, 'star-full');
    const older = recordRow({ ...rec, isLatest: false }, undefined, { asVersion: true });
    assert.ok(!older.description.includes('latest'));
    assert.strictEqual(older.icon, 'history');
  });

  it('the tooltip carries creators, DOI and a plain-text description without markup', () => {
    const rec = { ...software(), descriptionText: 'A <b>bold</b> claim\n\nin   two paragraphs' };
    const parts = recordTooltip(rec);
    const byLabel = Object.fromEntries(parts.filter((p) => p.kind === 'field').map((p) => [p.label, p.text]));
    assert.strictEqual(byLabel.Creators, 'The scikit-learn developers');
    assert.strictEqual(byLabel.DOI, '10.5281/zenodo.22705923');
    const text = parts.find((p) => p.kind === 'text')!.text;
    assert.strictEqual(text, 'A <b>bold</b> claim in two paragraphs', 'one line; escaping is the renderer\'s job (appendText)');
    const dataset = normaliseRecord(fixture('rdm-record-dataset-4924875.full.json'), BASE);
    const desc = recordTooltip(dataset).find((p) => p.kind === 'text')!.text;
    assert.ok(!/<\w+/.test(desc), desc);
    assert.ok(desc.length <= 300);
  });

  it('menus can tell records with and without DOIs apart', () => {
    const rec = software();
    assert.strictEqual(contextValueOf({ kind: 'record', id: 'x', record: rec, recordId: rec.id }), 'record.doi.conceptDoi');
    assert.strictEqual(contextValueOf({ kind: 'version', id: 'x', record: { ...rec, doi: undefined }, recordId: rec.id }), 'version.conceptDoi.latest');
  });

  it('says when the 10,000-result window ends the list', () => {
    assert.strictEqual(loadMoreLabel(20, 458), 'Load more… (20 of 458)');
    assert.match(windowEndLabel(10000, 123456, 10000), /10,000 of 123,456.*first 10,000 results/);
  });

  it('files: no request for what the hit already carries or what nobody may download', () => {
    const rec = software();
    assert.ok(rec.files.length > 0);
    assert.strictEqual(filesNeedFetch(rec), false);
    assert.strictEqual(filesNeedFetch({ ...rec, files: [], filesCount: 3 }), true);
    assert.strictEqual(filesNeedFetch({ ...rec, files: [], filesCount: 3, accessStatus: 'restricted' }), false);
    assert.strictEqual(filesNeedFetch({ ...rec, files: [], filesCount: 0 }), false);
  });

  it('md5 checksums and safe workspace paths for downloads', () => {
    assert.strictEqual(md5Of('md5:7008231125631739B64720D1526619AE'), '7008231125631739b64720d1526619ae');
    assert.strictEqual(md5Of('sha256:abc'), undefined);
    assert.strictEqual(safeRelativePath('../../etc/passwd'), 'etc/passwd');
    assert.strictEqual(safeRelativePath('/abs/data.csv'), 'abs/data.csv');
    assert.strictEqual(safeRelativePath('a\\..\\b:c.txt'), 'a/b_c.txt');
    assert.strictEqual(safeRelativePath('..'), 'download');
  });
});
