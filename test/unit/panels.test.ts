// What the record and statistics panels show for each record shape, built from the real
// recordings (served by the local Zenodo server) and the server's generated corpus: dataset,
// software with versions, embargoed, restricted, many versions, no files, many files, hostile HTML.
// Also the message protocol's guards and the page's Content Security Policy.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ZenodoClient } from '../../src/core/client';
import { ZenodoError } from '../../src/core/errors';
import { normaliseRecord, ZenodoRecord } from '../../src/core/models';
import { RequestScheduler } from '../../src/core/scheduler';
import { engineCitationFormatter, insertOptions } from '../../src/panels/citations';
import { contentSecurityPolicy, pageHtml } from '../../src/panels/page';
import { isOpenableUrl, parsePanelState, parseWebviewMessage } from '../../src/panels/protocol';
import { sanitizeRecordHtml } from '../../src/panels/sanitize';
import {
  buildRecordView, buildStatsView, citationView, humanSize, MAX_FILES_SHOWN, plainCitation, plainCitationFormatter, RecordViewInput,
} from '../../src/panels/viewModel';
import { startZenodoServer, ZenodoServer } from '../zenodo-server';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'zenodo');
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));

describe('panels: view models', function () {
  let server: ZenodoServer;
  let n: ZenodoServer['corpus']['notable'];
  const client = (token?: string) => new ZenodoClient({ baseUrl: server.url, token, scheduler: new RequestScheduler({ backoffMs: 5, timeoutMs: 5000 }) });

  before(async () => {
    server = await startZenodoServer({ rateLimits: false });
    n = server.corpus.notable;
  });
  after(async () => server.close());
  beforeEach(() => {
    server.faults.clear();
    server.resetRequests();
  });

  /** What the record panel asks for: the record, the first page of versions, the latest when needed. */
  async function recordView(ref: string, c = client()) {
    const record = await c.getRecord(ref);
    const versions = await c.getRecordVersions(record.id, { page: 1, size: c.maxPageSize, sort: 'version' });
    const latest = record.isLatest ? undefined : versions.hits.find((h) => h.isLatest) ?? await c.getLatestRecordVersion(record.id);
    const input: RecordViewInput = {
      record,
      versions: { hits: versions.hits, total: versions.total, nextPage: versions.nextPage },
      latest,
      citation: await citationView(record, plainCitationFormatter),
      baseUrl: c.baseUrl,
    };
    return { record, view: buildRecordView(input) };
  }

  it('software with versions (recording 22705923): every field of the record, latest, files, versions, citation', async () => {
    const raw = fixture('rdm-record-software-22705923.trimmed.json');
    const { view } = await recordView('10.5281/zenodo.22705923');
    assert.equal(view.id, '22705923');
    assert.equal(view.title, raw.metadata.title);
    assert.equal(view.version, '1.9.1');
    assert.equal(view.resourceType, 'Software');
    assert.equal(view.publicationDate, raw.metadata.publication_date);
    assert.equal(view.isLatest, true);
    assert.equal(view.latest, undefined);
    assert.equal(view.doi, '10.5281/zenodo.22705923');
    assert.equal(view.doiUrl, 'https://doi.org/10.5281/zenodo.22705923');
    assert.equal(view.conceptDoi, '10.5281/zenodo.591564');
    assert.equal(view.access.status, 'open');
    assert.deepEqual(view.license, { title: raw.metadata.rights[0].title.en, url: 'https://opensource.org/licenses/BSD-3-Clause' });
    assert.deepEqual(view.creators.map((c) => c.name), ['The scikit-learn developers']);
    assert.deepEqual(view.related.map((r) => [r.relation, r.url]), [['Is supplement to', 'https://github.com/scikit-learn/scikit-learn/tree/1.9.1']]);
    const file = Object.values(raw.files.entries as Record<string, { key: string; size: number }>)[0];
    assert.equal(view.files.length, 1);
    assert.equal(view.files[0].key, file.key);
    const stored = server.corpus.get('22705923')!;
    assert.equal(view.files[0].checksum, server.corpus.fileChecksum(stored, stored.files[0]));
    assert.equal(view.files[0].sizeText, '8.68 MB');
    assert.match(view.files[0].url, /^http:\/\/127\.0\.0\.1:\d+\/api\/records\/22705923\/files\/.+\/content$/);
    assert.match(view.descriptionHtml, /<pre><code>pip install -U scikit-learn/);
    // The versions list: 47 versions, newest first, this one marked current and latest.
    const concept = server.corpus.concepts.get('591564')!;
    assert.equal(view.versionsTotal, concept.versions.filter((v) => !v.tombstone).length);
    assert.equal(view.versions[0].id, '22705923');
    assert.ok(view.versions[0].isCurrent && view.versions[0].isLatest);
    assert.equal(view.versions.length, 25);
    assert.equal(view.versionsNextPage, 2);
    assert.equal(view.citation.text, 'The scikit-learn developers (2026). scikit-learn. 1.9.1. Zenodo. https://doi.org/10.5281/zenodo.22705923');
    assert.deepEqual(view.stats, { views: raw.stats.this_version.views, downloads: raw.stats.this_version.downloads });
  });

  it('dataset (recording 4924875): creators with ORCID links and affiliations, two files', async () => {
    const raw = fixture('rdm-record-dataset-4924875.full.json');
    const { view } = await recordView('4924875');
    assert.equal(view.resourceType, 'Dataset');
    const first = raw.metadata.creators[0];
    assert.equal(view.creators[0].name, first.person_or_org.name);
    assert.equal(view.creators[0].orcidUrl, `https://orcid.org/${first.person_or_org.identifiers[0].identifier}`);
    assert.equal(view.creators[0].affiliations[0].name, first.affiliations[0].name);
    assert.deepEqual(view.files.map((f) => [f.key, f.sizeText]), [['store.zip', '780 B'], ['tiny-data.txt', '59 B']]);
    assert.equal(view.filesNote, undefined);
    assert.equal(view.filesCount, 2);
  });

  it('an older version of a record with 50 versions: says it is not the latest and links the latest', async () => {
    const { view } = await recordView(n.fiftyVersions.oldest);
    assert.equal(view.isLatest, false);
    assert.deepEqual(view.latest?.id, n.fiftyVersions.latest);
    assert.equal(view.versionsTotal, 50);
    assert.equal(view.versions.length, 25);
    assert.equal(view.versionsNextPage, 2);
    assert.equal(view.versions[0].id, n.fiftyVersions.latest);
    assert.ok(!view.versions.some((v) => v.isCurrent), 'the oldest version is not on the first (newest) page');
    // The record and one page of versions are enough: the latest comes from that page.
    assert.equal(server.requests.length, 2, server.requests.map((r) => r.path).join(', '));
  });

  it('embargoed: access status and embargo date; files are not listed and the panel says why', async () => {
    const { view } = await recordView(n.embargoed);
    assert.equal(view.access.status, 'embargoed');
    assert.equal(view.access.embargoUntil, '2030-01-01');
    assert.deepEqual(view.files, []);
    assert.equal(view.filesNote, 'embargoed');
  });

  it('restricted: a guest gets access-denied; the owner sees the record and its files', async () => {
    await assert.rejects(client().getRecord(n.restricted), (e: unknown) => e instanceof ZenodoError && e.kind === 'access-denied');
    const { view } = await recordView(n.restricted, client(n.restrictedOwnerToken));
    assert.equal(view.access.status, 'restricted');
    assert.ok(view.files.length > 0, 'the owner sees the files');
    assert.equal(view.filesNote, undefined);
  });

  it('restricted files on a public record: metadata shown, files withheld with a note', async () => {
    const { view } = await recordView(n.restrictedFiles);
    assert.equal(view.access.status, 'restricted');
    assert.deepEqual(view.files, []);
    assert.equal(view.filesNote, 'restricted');
  });

  it('no files (metadata-only record): an empty file list and a note, no total size', async () => {
    const { view } = await recordView(n.metadataOnly);
    assert.equal(view.access.status, 'metadata-only');
    assert.deepEqual(view.files, []);
    assert.equal(view.filesCount, 0);
    assert.equal(view.filesNote, 'metadata-only');
  });

  it('thousands of files: lists the first ones and says so, keeps the real count', async () => {
    const { view } = await recordView(n.manyFiles);
    assert.equal(view.files.length, MAX_FILES_SHOWN);
    assert.equal(view.filesCount, 3000);
    assert.equal(view.filesNote, 'truncated');
  });

  it('hostile HTML: the description is inert and keeps its text; other fields stay plain text', async () => {
    const { record, view } = await recordView(n.hostile);
    const html = view.descriptionHtml;
    assert.match(html, /This record carries hostile markup to prove that rendering is inert\./);
    assert.match(html, /End of hostile content\./);
    for (const bad of [/<script/i, /\son\w+\s*=/i, /javascript:/i, /vbscript:/i, /data:/i, /<iframe/i, /<object/i, /<embed/i, /<style/i,
      /<svg/i, /<math/i, /<form/i, /<input/i, /<meta/i, /<base/i, /<link/i, /srcset/i, /style=/i, /<details/i, /src="x"/,
      /evil\.example\/(frame|x\.js|x\.css|steal|track|x\.swf)/]) {
      assert.doesNotMatch(html, bad, `sanitised description still matches ${bad}`);
    }
    // The title, creators and keywords are sent as text (the page writes them with textContent).
    assert.equal(view.title, record.title);
    assert.ok(view.keywords.includes('<script>alert("kw")</script>'));
    assert.match(view.creators[0].name, /onerror/);
  });

  it('the sanitiser keeps ordinary formatting, https images and safe links', () => {
    const out = sanitizeRecordHtml('<h2>Usage</h2><p>See <a href="https://example.org/x" onclick="x()">docs</a> or <a href="mailto:a@b.org">mail</a>.</p>'
      + '<ul><li><em>one</em></li></ul><img src="https://example.org/a.png" alt="fig"><img src="http://example.org/b.png"><table><tr><td>1</td></tr></table>');
    assert.match(out, /<h2>Usage<\/h2>/);
    assert.match(out, /<a href="https:\/\/example\.org\/x" title="https:\/\/example\.org\/x" rel="noopener noreferrer">docs<\/a>/);
    assert.match(out, /href="mailto:a@b\.org"/);
    assert.match(out, /<img alt="fig" src="https:\/\/example\.org\/a\.png"/);
    assert.doesNotMatch(out, /http:\/\/example\.org\/b\.png/, 'images only over https');
    assert.doesNotMatch(out, /onclick/);
    assert.doesNotMatch(sanitizeRecordHtml('<a href="/relative">r</a><img src="x.png">'), /href|src/, 'relative URLs point into the webview');
    assert.match(out, /<td>1<\/td>/);
  });

  it('statistics: this version and all versions side by side, every version in ⌈versions/25⌉ requests', async () => {
    const c = client();
    const record = await c.getRecord('22705923');
    server.resetRequests();
    const all: ZenodoRecord[] = [];
    let page: number | undefined = 1;
    let total = 0;
    let requests = 0;
    while (page) {
      const res = await c.getRecordVersions(record.id, { page, size: c.maxPageSize, sort: 'version' });
      requests++;
      all.push(...res.hits);
      total = res.total;
      page = res.nextPage;
    }
    const view = buildStatsView({ record, versions: all, versionsTotal: total, versionRequests: requests, fetchedAt: '2026-10-01T12:00:00.000Z' });
    const raw = fixture('rdm-record-software-22705923.trimmed.json');
    assert.deepEqual(view.thisVersion, {
      views: raw.stats.this_version.views, uniqueViews: raw.stats.this_version.unique_views,
      downloads: raw.stats.this_version.downloads, uniqueDownloads: raw.stats.this_version.unique_downloads,
      dataVolume: raw.stats.this_version.data_volume,
    });
    assert.equal(view.allVersions.views, record.stats!.views);
    assert.equal(view.allVersions.uniqueDownloads, record.stats!.unique_downloads);
    assert.equal(view.allVersions.dataVolume, record.stats!.data_volume);
    const live = server.corpus.concepts.get('591564')!.versions.filter((v) => !v.tombstone);
    assert.equal(view.versions.length, live.length);
    assert.equal(view.versionsTotal, live.length);
    assert.equal(requests, Math.ceil(live.length / 25));
    assert.equal(server.requests.length, requests);
    // Oldest first, each with its own figures; the current one marked.
    assert.deepEqual(view.versions.map((v) => v.id), live.map((v) => v.id));
    for (const v of view.versions) assert.equal(v.views, server.corpus.get(v.id)!.stats.views, `views of ${v.id}`);
    assert.deepEqual(view.versions.filter((v) => v.isCurrent).map((v) => v.id), ['22705923']);
    assert.equal(view.fetchedAt, '2026-10-01T12:00:00.000Z');
  });

  it('statistics without figures from the repository show zeros, not a crash', () => {
    const rec = normaliseRecord({ id: '5', metadata: { title: 'x' } }, 'https://zenodo.org');
    const view = buildStatsView({ record: rec, versions: [], versionsTotal: 0, versionRequests: 1, fetchedAt: 'now' });
    assert.deepEqual(view.thisVersion, { views: 0, uniqueViews: 0, downloads: 0, uniqueDownloads: 0 });
    assert.deepEqual(view.versions, []);
  });
});

describe('panels: citation, sizes, protocol and page', () => {
  const rec = (over: Record<string, unknown> = {}) => normaliseRecord({
    id: '7', pids: { doi: { identifier: '10.5281/zenodo.7' } },
    metadata: {
      title: 'A title.', publication_date: '2021-03-04', version: 'v2', publisher: 'Zenodo',
      creators: [
        { person_or_org: { type: 'personal', name: 'Doe, Jane Ann', given_name: 'Jane Ann', family_name: 'Doe' } },
        { person_or_org: { type: 'personal', name: 'Roe, Richard', given_name: 'Richard', family_name: 'Roe' } },
        { person_or_org: { type: 'organizational', name: 'The Consortium' } },
      ],
      ...over,
    },
  }, 'https://zenodo.org');

  it('builds "Author (year). Title. Version. Zenodo. DOI"', () => {
    assert.equal(plainCitation(rec()), 'Doe, J. A., Roe, R., & The Consortium (2021). A title. v2. Zenodo. https://doi.org/10.5281/zenodo.7');
  });

  it('the citation box uses the citations engine for APA, BibTeX and the other styles, and says what to insert', async function () {
    this.timeout(60_000);
    // Outside esbuild there is no dist/citation.js to require: take the engine's sources directly.
    const g = globalThis as { ZENODO_WEB?: boolean };
    const before = g.ZENODO_WEB;
    g.ZENODO_WEB = true;
    after(() => {
      if (before === undefined) delete g.ZENODO_WEB;
      else g.ZENODO_WEB = before;
    });
    const services = { log: { info: () => undefined } } as never;
    const f = engineCitationFormatter(services);
    assert.deepEqual(f.styles.slice(0, 3).map((s) => s.id), ['apa', 'bibtex', 'biblatex']);
    const r = rec();
    const apa = await citationView(r, f, 'apa');
    assert.equal(apa.style, 'apa');
    assert.match(apa.text, /Doe, J\. A\., Roe, R\., & The Consortium\. \(2021\)\. A title/);
    assert.match(apa.text, /https:\/\/doi\.org\/10\.5281\/zenodo\.7/);
    const bib = await citationView(r, f, 'bibtex');
    assert.match(bib.text, /^@\w+\{[^,]+,\n/);
    assert.match(bib.text, /doi\s*= \{10\.5281\/zenodo\.7\}/);
    assert.equal((await citationView(r, f, 'plain')).text, plainCitation(r));
    assert.equal((await citationView(r, f, 'no-such-style')).style, 'apa', 'an unknown style falls back to the first');
    assert.deepEqual(insertOptions('7', 'bibtex'), { recordId: '7', version: 'this', format: 'bibtex' });
    assert.deepEqual(insertOptions('7', 'ieee'), { recordId: '7', version: 'this', format: 'text', style: 'ieee' });
    // A formatter that fails leaves the plain citation, never an empty box.
    const broken = { styles: [{ id: 'x', label: 'x' }], format: () => { throw new Error('engine missing'); } };
    assert.equal((await citationView(r, broken, 'x')).text, plainCitation(r));
  });

  it('formats sizes in decimal units', () => {
    assert.deepEqual([0, 999, 1000, 1536, 8684206, 23244213041].map(humanSize), ['0 B', '999 B', '1.00 kB', '1.54 kB', '8.68 MB', '23.2 GB']);
  });

  it('accepts only well-formed messages from the page', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'openRecord', recordId: '123' }), { type: 'openRecord', recordId: '123' });
    assert.equal(parseWebviewMessage({ type: 'openRecord', recordId: '../etc' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'runCommand', command: 'workbench.action.terminal.new' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'openLink', url: 42 }), undefined);
    assert.equal(parseWebviewMessage({ type: 'loadMoreVersions', page: 1 }), undefined);
    assert.equal(parseWebviewMessage(null), undefined);
  });

  it('keeps only the record id as panel state', () => {
    assert.deepEqual(parsePanelState({ recordId: '22705923', html: '<script>', token: 'x' }), { recordId: '22705923' });
    assert.equal(parsePanelState({ recordId: 'javascript:1' }), undefined);
    assert.equal(parsePanelState(undefined), undefined);
  });

  it('opens only http, https and mailto links', () => {
    for (const ok of ['https://zenodo.org/records/1', 'http://example.org', 'mailto:a@b.org']) assert.ok(isOpenableUrl(ok), ok);
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'command:workbench.action.quit', 'vscode://x', 'not a url']) {
      assert.ok(!isOpenableUrl(bad), bad);
    }
  });

  it('the page has a strict CSP and runs only its own script, by nonce', () => {
    const csp = contentSecurityPolicy('https://webview.src', 'abc');
    assert.match(csp, /^default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc'(;|$)/);
    assert.match(csp, /img-src https:\/\/webview\.src https:(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const html = pageHtml('record', { cspSource: 'https://webview.src', scriptUri: 'https://webview.src/panel.js', styleUri: 's.css', codiconsUri: 'c.css' });
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)![1];
    const scripts = [...html.matchAll(/<script([^>]*)>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0][1], new RegExp(`nonce="${nonce}"`));
    assert.notEqual(nonce, /script-src 'nonce-([^']+)'/.exec(pageHtml('record', { cspSource: 'x', scriptUri: 'x', styleUri: 'x', codiconsUri: 'x' }))![1], 'a fresh nonce each time');
  });
});
