// Keeping citations current: the findings and edits per policy and file kind (pure core), the
// request budget of a check counted at the local Zenodo server, and `zenodo-cite check` (exit codes,
// --json, --fix rewriting only the named files, atomically).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from './cliRun';
import { ZenodoClient, LookupResult } from '../../src/core/client';
import type { ZenodoRecord } from '../../src/core/models';
import { repositoryProfile } from '../../src/core/repository';
import { scanText } from '../../src/core/scanner';
import { applyEdits, assess, editsForFix, indexLookups, lookupInputs, planFile } from '../../src/core/update';
import { startZenodoServer, ZenodoServer } from '../zenodo-server';

const profile = repositoryProfile();

function rec(id: string, over: Partial<ZenodoRecord> = {}): ZenodoRecord {
  return {
    id, conceptId: '100', doi: `10.5281/zenodo.${id}`, conceptDoi: '10.5281/zenodo.100', title: 'Tool', version: undefined,
    publicationDate: undefined, resourceType: { id: 'software', type: 'software', title: 'Software' }, accessStatus: 'open',
    creators: [], contributors: [], description: '', descriptionText: '', keywords: [], languages: [], communities: [],
    relatedIdentifiers: [], funding: [], files: [], filesCount: 0, filesTotalBytes: 0, isLatest: false, links: {}, ...over,
  } as ZenodoRecord;
}

const OLD = rec('101', { version: '1.0', publicationDate: '2021-10-01' });
const NEW = rec('109', { version: '1.9.1', publicationDate: '2026-09-11', isLatest: true });

function lookups(entries: [string, Partial<LookupResult>][]): Map<string, LookupResult> {
  return indexLookups(entries.map(([id, r]) => ({ input: id, reference: { kind: 'id', id, input: id }, status: 'current', ...r } as LookupResult)));
}

const STD = lookups([
  ['101', { status: 'superseded', record: OLD, latest: NEW }],
  ['100', { status: 'concept', record: NEW, latest: NEW }],
  ['109', { status: 'current', record: NEW, latest: NEW }],
  ['666', { status: 'deleted', tombstone: { reason: 'retracted' } }],
  ['777', { status: 'restricted' }],
]);

function fix(text: string, kind: Parameters<typeof scanText>[1], policy: 'latest' | 'pinned' | 'concept' = 'latest'): string {
  const refs = scanText(text, kind);
  return applyEdits(text, planFile(text, refs, STD, policy, profile).edits);
}

describe('check: findings and edits (core)', () => {
  it('says what a person needs to know, per policy', () => {
    const refs = scanText('10.5281/zenodo.101 10.5281/zenodo.100 10.5281/zenodo.109 10.5281/zenodo.666 10.5281/zenodo.777', 'text');
    const msgs = (policy: 'latest' | 'pinned' | 'concept') => refs.map((r) => {
      const f = assess(r, STD.get(`id:${r.id}`), policy);
      return `${f.problem ? '!' : '-'} ${f.message}`;
    });
    assert.deepEqual(msgs('latest'), [
      '! newer version 1.9.1 (2026-09-11) available',
      '- concept DOI: always resolves to the newest version (now 1.9.1 (2026-09-11))',
      '- latest version 1.9.1 (2026-09-11)',
      '! record deleted: retracted',
      '- access restricted',
    ]);
    assert.deepEqual(msgs('pinned').map((m) => m[0]), ['-', '!', '-', '!', '-']);
    assert.deepEqual(msgs('concept').map((m) => m[0]), ['!', '-', '!', '!', '-']);
  });

  it('Markdown: a badge and its link move together; record URLs keep their form', () => {
    const md = '[![DOI](https://zenodo.org/badge/DOI/10.5281/zenodo.101.svg)](https://doi.org/10.5281/zenodo.101)\nSee https://zenodo.org/records/101, doi:10.5281/zenodo.101, and the concept 10.5281/zenodo.100.\n';
    assert.equal(fix(md, 'markdown'),
      '[![DOI](https://zenodo.org/badge/DOI/10.5281/zenodo.109.svg)](https://doi.org/10.5281/zenodo.109)\nSee https://zenodo.org/records/109, doi:10.5281/zenodo.109, and the concept 10.5281/zenodo.100.\n');
    // pinned: the concept DOI is pinned to the current latest version; the old version stays.
    assert.equal(fix('a 10.5281/zenodo.100 b 10.5281/zenodo.101', 'text', 'pinned'), 'a 10.5281/zenodo.109 b 10.5281/zenodo.101');
    // concept: every version DOI becomes the concept DOI.
    assert.equal(fix('a 10.5281/zenodo.109 b https://zenodo.org/records/101', 'text', 'concept'), 'a 10.5281/zenodo.100 b https://zenodo.org/records/100');
    // URL-encoded DOIs stay encoded (shields.io badges).
    assert.equal(fix('![x](https://img.shields.io/badge/DOI-10.5281%2Fzenodo.101-blue)', 'markdown'), '![x](https://img.shields.io/badge/DOI-10.5281%2Fzenodo.109-blue)');
  });

  it('BibTeX: DOI (even split across lines), URL, version, year and month in one change; other entries untouched', () => {
    const bib = '@software{tool,\n  version = {1.0},\n  year = 2021,\n  month = oct,\n  doi = {10.5281/\n         zenodo.101},\n  url = {https://zenodo.org/records/101}\n}\n@misc{other, year = 2021, doi = {10.1000/1}}\n';
    assert.equal(fix(bib, 'bibtex'), '@software{tool,\n  version = {1.9.1},\n  year = 2026,\n  month = sep,\n  doi = {10.5281/zenodo.109},\n  url = {https://zenodo.org/records/109}\n}\n@misc{other, year = 2021, doi = {10.1000/1}}\n');
    // biblatex date field, numeric month
    assert.equal(fix('@software{t, date = {2021-10-01}, month = {10}, doi = {10.5281/zenodo.101}}', 'bibtex'), '@software{t, date = {2026-09-11}, month = {9}, doi = {10.5281/zenodo.109}}');
  });

  it('CFF: doi, version and date-released (quotes kept); a concept identifier is left alone under latest', () => {
    const cff = "cff-version: 1.2.0\nversion: 1.0\ndate-released: '2021-10-01'\ndoi: 10.5281/zenodo.101\nidentifiers:\n  - type: doi\n    value: 10.5281/zenodo.100\n";
    assert.equal(fix(cff, 'cff'), "cff-version: 1.2.0\nversion: 1.9.1\ndate-released: '2026-09-11'\ndoi: 10.5281/zenodo.109\nidentifiers:\n  - type: doi\n    value: 10.5281/zenodo.100\n");
    const nested = 'references:\n  - type: software\n    doi: 10.5281/zenodo.101\n    version: "1.0"\n    date-released: 2021-10-01\n  - type: article\n    version: 7\n';
    assert.equal(fix(nested, 'cff'), 'references:\n  - type: software\n    doi: 10.5281/zenodo.109\n    version: "1.9.1"\n    date-released: 2026-09-11\n  - type: article\n    version: 7\n');
  });

  it('LaTeX, HTML and notebooks', () => {
    assert.equal(fix(String.raw`\doi{10.5281/zenodo.101} \url{https://zenodo.org/record/101}`, 'latex'), String.raw`\doi{10.5281/zenodo.109} \url{https://zenodo.org/record/109}`);
    assert.equal(fix('<a href="https://doi.org/10.5281/zenodo.101">10.5281/zenodo.101</a>', 'html'), '<a href="https://doi.org/10.5281/zenodo.109">10.5281/zenodo.109</a>');
    const nb = JSON.stringify({ cells: [{ cell_type: 'markdown', source: ['Data: https://zenodo.org/records/101\n'] }] });
    assert.deepEqual(JSON.parse(fix(nb, 'ipynb')).cells[0].source, ['Data: https://zenodo.org/records/109\n']);
  });

  it('offers every applicable quick fix, the policy’s first', () => {
    const [r] = scanText('10.5281/zenodo.101', 'text');
    const f = assess(r, STD.get('id:101'), 'latest');
    assert.deepEqual(f.fixes, ['update-latest', 'to-concept']);
    assert.deepEqual(editsForFix(f, 'to-concept', profile), [{ start: 0, end: 18, newText: '10.5281/zenodo.100' }]);
    const [c] = scanText('10.5281/zenodo.100', 'text');
    assert.deepEqual(assess(c, STD.get('id:100'), 'latest').fixes, ['pin-latest']);
    const [d] = scanText('10.5281/zenodo.666', 'text');
    assert.deepEqual(assess(d, STD.get('id:666'), 'latest').fixes, []);
  });
});

describe('check: against the local Zenodo server', function () {
  this.timeout(60_000);
  let server: ZenodoServer;
  let n: ZenodoServer['corpus']['notable'];
  let dir: string;
  before(async () => {
    server = await startZenodoServer({});
    n = server.corpus.notable;
  });
  after(async () => server.close());
  beforeEach(() => {
    server.resetRequests();
    dir = mkdtempSync(path.join(tmpdir(), 'zenodo-check-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** 100 distinct, public, non-deleted record versions of the corpus. */
  function hundredIds(): string[] {
    const ids = [...n.fiftyVersions.versions];
    for (const r of server.corpus.records.values()) {
      if (ids.length >= 100) break;
      const anyR = r as unknown as { id: string; deleted?: unknown; access?: { record?: string }; restricted?: boolean };
      if (ids.includes(anyR.id) || n.deleted.includes(anyR.id) || anyR.id === n.deletedHidden || anyR.id === n.restricted || anyR.id === n.deletedVersionInConcept.deleted) continue;
      if (anyR.deleted || anyR.access?.record === 'restricted' || anyR.restricted) continue;
      ids.push(anyR.id);
    }
    return ids.slice(0, 100);
  }

  it('100 distinct references cost at most 2·⌈100/25⌉ = 8 requests; a second check within the cache lifetime costs none', async () => {
    const ids = hundredIds();
    assert.equal(new Set(ids).size, 100);
    const text = ids.map((id, i) => (i % 2 ? `See https://zenodo.org/records/${id}.` : `Cite 10.5281/zenodo.${id}.`)).join('\n');
    const refs = scanText(text, 'markdown');
    assert.equal(refs.length, 100);
    const client = new ZenodoClient({ baseUrl: server.url });
    const results = await client.lookupReferences(lookupInputs(refs));
    const apiRequests = server.requests.filter((r) => r.path.startsWith('/api/'));
    console.log(`      100 references: ${apiRequests.length} requests`);
    assert.ok(apiRequests.length <= 8, `${apiRequests.length} requests: ${apiRequests.map((r) => r.path).join(', ')}`);
    assert.ok(results.every((r) => r.status === 'current' || r.status === 'superseded' || r.status === 'concept'), JSON.stringify(results.filter((r) => !['current', 'superseded', 'concept'].includes(r.status)).map((r) => [r.input, r.status])));
    assert.ok(results.some((r) => r.status === 'superseded'));
    server.resetRequests();
    await client.lookupReferences(lookupInputs(refs));
    assert.equal(server.requests.length, 0);
  });

  const cli = (args: string[]) => runCli(server.url, args, { ZENODO_CITE_CWD: dir });

  it('zenodo-cite check: exit 1 with file:line:col lines for superseded and deleted references, 0 when all are current', async () => {
    writeFileSync(path.join(dir, 'README.md'), `# Tool\n\n[![DOI](https://zenodo.org/badge/DOI/10.5281/zenodo.${n.softwareOlderVersion}.svg)](https://doi.org/10.5281/zenodo.${n.softwareOlderVersion})\n`);
    writeFileSync(path.join(dir, 'paper.tex'), `Data: \\url{https://zenodo.org/records/${n.deletedByReason.retracted}}\n`);
    writeFileSync(path.join(dir, 'ok.md'), `Latest: 10.5281/zenodo.${n.softwareWithVersions}; all versions: 10.5281/zenodo.${n.softwareConcept}\n`);
    mkdirSync(path.join(dir, 'build'));
    writeFileSync(path.join(dir, 'build', 'copy.md'), `10.5281/zenodo.${n.softwareOlderVersion}\n`);
    writeFileSync(path.join(dir, '.gitignore'), 'build/\n');
    writeFileSync(path.join(dir, 'main.py'), `# 10.5281/zenodo.${n.softwareOlderVersion}\n`);
    const r = await cli(['check']);
    assert.equal(r.code, 1, r.err);
    const lines = r.out.split('\n');
    assert.deepEqual(lines.slice(0, 3), [
      `README.md:3:9: https://zenodo.org/badge/DOI/10.5281/zenodo.${n.softwareOlderVersion}.svg: newer version 1.9.1 (2026-09-11) available`,
      `README.md:3:68: https://doi.org/10.5281/zenodo.${n.softwareOlderVersion}: newer version 1.9.1 (2026-09-11) available`,
      `paper.tex:1:12: https://zenodo.org/records/${n.deletedByReason.retracted}: record deleted: retracted`,
    ]);
    assert.match(lines[3], /^5 references \(4 distinct\) in 3 files: 3 to fix/);
    // Only current references (and a concept DOI, which is fine under "latest"): exit 0.
    assert.equal((await cli(['check', 'ok.md'])).code, 0);
    // pinned: the concept DOI is the problem now.
    const pinned = await cli(['check', 'ok.md', '--policy', 'pinned']);
    assert.equal(pinned.code, 1);
    assert.match(pinned.out, /ok\.md:1:\d+: 10\.5281\/zenodo\.591564: concept DOI/);
    assert.equal((await cli(['check', '--policy', 'newest'])).code, 2);
    assert.equal((await cli(['check', 'missing.md'])).code, 2);
  });

  it('--json describes every reference', async () => {
    writeFileSync(path.join(dir, 'CITATION.cff'), `cff-version: 1.2.0\nversion: 1.0\ndoi: 10.5281/zenodo.${n.softwareOlderVersion}\n`);
    const r = await cli(['check', '--json']);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out);
    assert.equal(j.problems, 1);
    assert.equal(j.files[0].path, 'CITATION.cff');
    assert.deepEqual(j.files[0].references.map((x: any) => [x.line, x.status, x.latest.doi, x.latest.version]), [[3, 'superseded', `10.5281/zenodo.${n.softwareWithVersions}`, '1.9.1']]);
  });

  it('--fix rewrites only the files named, atomically, prints what changed, and the next check passes', async () => {
    const bib = `@software{sk,\n  version = {1.0},\n  year = 2021,\n  doi = {10.5281/\n    zenodo.${n.softwareOlderVersion}}\n}\n`;
    writeFileSync(path.join(dir, 'refs.bib'), bib);
    writeFileSync(path.join(dir, 'other.md'), `10.5281/zenodo.${n.softwareOlderVersion}\n`);
    const r = await cli(['check', 'refs.bib', '--fix']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, new RegExp(`^refs\\.bib:4:10: updated 10\\.5281/zenodo\\.${n.softwareOlderVersion} → 10\\.5281/zenodo\\.${n.softwareWithVersions}$`, 'm'));
    assert.equal(readFileSync(path.join(dir, 'refs.bib'), 'utf8'), `@software{sk,\n  version = {1.9.1},\n  year = 2026,\n  doi = {10.5281/zenodo.${n.softwareWithVersions}}\n}\n`);
    assert.equal(readFileSync(path.join(dir, 'other.md'), 'utf8'), `10.5281/zenodo.${n.softwareOlderVersion}\n`, 'a file not named was rewritten');
    assert.deepEqual(readdirSync(dir).sort(), ['other.md', 'refs.bib'], 'a temporary file was left behind');
    assert.equal((await cli(['check', 'refs.bib'])).code, 0);
  });
});

describe('check: 500 references under Zenodo\'s rate limits', function () {
  this.timeout(120_000);
  it('never meets a 429 (search limit 30 per window, the window scaled to 4 s), in at most 2·⌈500/25⌉ requests', async () => {
    const server = await startZenodoServer({ rateLimits: { windowMs: 4_000, guest: 133, authenticated: 100, search: 30 } });
    try {
      // Older versions of as many concepts as possible first, so the look-up needs its second round
      // (latest versions) too: more search requests than one window allows.
      const usable = [...server.corpus.records.values()].filter((r) => {
        const x = r as unknown as { id: string; accessRecord?: string; deleted?: unknown };
        return x.accessRecord !== 'restricted' && !x.deleted && !server.corpus.notable.deleted.includes(x.id);
      });
      const seenConcepts = new Set<string>();
      const first = usable.filter((r) => !r.isLatest && !seenConcepts.has(r.conceptId) && seenConcepts.add(r.conceptId));
      const ids = [...new Set([...first, ...usable].map((r) => r.id))].slice(0, 500);
      assert.equal(ids.length, 500);
      const refs = scanText(ids.map((id) => `10.5281/zenodo.${id}`).join('\n'), 'text');
      const client = new ZenodoClient({ baseUrl: server.url });
      const results = await client.lookupReferences(lookupInputs(refs), { maxDetailLookups: 0 });
      const api = server.requests.filter((r) => r.path.startsWith('/api/'));
      assert.deepEqual(api.filter((r) => r.status === 429).map((r) => r.path), []);
      assert.ok(api.length <= 2 * Math.ceil(500 / 25), `${api.length} requests`);
      assert.equal(results.filter((r) => r.status === 'error').length, 0);
      console.log(`      500 references: ${api.length} requests, no 429`);
    } finally {
      await server.close();
    }
  });
});
