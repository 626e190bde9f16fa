// Citation model and engine (src/core/citation): CSL-JSON from our record model, keys, BibTeX and
// BibLaTeX through citation-js (parsed back to the same fields), the comparison with Zenodo's own
// BibTeX export, and formatted references in the styles we ship.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZenodoClient } from '../../src/core/client';
import { normaliseRecord, ZenodoRecord } from '../../src/core/models';
import { RequestScheduler } from '../../src/core/scheduler';
import { bibtex, escapeLatex, parseBibtex, render, AVAILABLE_STYLES, formatted } from '../../src/core/citation/engine';
import { bibtexType, citable, citationKey, cslType, keyText, toCsl, CITATION_STYLES } from '../../src/core/citation/model';
import { startZenodoServer, ZenodoServer } from '../zenodo-server';

const FIXTURES = join(__dirname, '../fixtures/zenodo');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const software = () => normaliseRecord(JSON.parse(fixture('rdm-record-software-22705923.trimmed.json')), 'https://zenodo.org');
const dataset = () => normaliseRecord(JSON.parse(fixture('rdm-record-dataset-4924875.full.json')), 'https://zenodo.org');

/** A record built from the software recording with the given changes (for shapes no recording has). */
function variant(changes: Partial<ZenodoRecord>): ZenodoRecord {
  return { ...software(), ...changes };
}

/** Parse our BibTeX back with citation-js and compare with the CSL item we handed it. */
function assertRoundTrip(rec: ZenodoRecord, flavour: 'bibtex' | 'biblatex' = 'bibtex'): void {
  const c = citable(rec, undefined, 'this');
  const key = citationKey(c);
  const item = toCsl(c, key);
  const text = bibtex([item], flavour);
  const [back] = parseBibtex(text);
  assert.ok(back, `citation-js could not parse:\n${text}`);
  assert.equal(back['citation-key'] ?? back.id, key, text);
  // CSL titles may carry rich-text markup (<i>, <b>, <sup>…) that citation-js turns into LaTeX; a
  // Zenodo title is plain text, so a stray tag in one (the hostile record) can be dropped. The words
  // must all survive.
  const tagless = (s: string) => s.replace(/<\/?[a-z][^>]*>/gi, '').replace(/\s+/g, ' ').trim();
  assert.equal(tagless(back.title), tagless(item.title), text);
  if (!/<\/?[a-z]/i.test(item.title)) assert.equal(back.title, item.title, text);
  assert.equal(back.DOI, item.DOI, text);
  assert.equal(back.URL, item.URL, text);
  assert.equal(back.publisher, item.publisher, text);
  assert.deepEqual(back.issued?.['date-parts']?.[0]?.slice(0, flavour === 'bibtex' ? 2 : 3), item.issued?.['date-parts'][0].slice(0, flavour === 'bibtex' ? 2 : 3), text);
  if (flavour === 'biblatex' || item.version) assert.equal(back.version, item.version, text);
  const names = (back.author ?? []).map((a: any) => a.literal ?? [a['non-dropping-particle'], a.family].filter(Boolean).join(' ') + (a.given ? `, ${a.given}` : ''));
  const want = item.author.map((a) => a.literal ?? a.family + (a.given ? `, ${a.given}` : ''));
  // (A hostile given name such as "<svg onload=…>" is mangled by citation-js's BibTeX *parser*;
  // for names with markup compare the family names only.)
  const plain = (list: string[]) => list.map((n, i) => (/[<>]/.test(want[i] ?? '') ? n.split(',')[0] : n));
  assert.deepEqual(plain(names), plain(want), text);
}

describe('citation model', () => {
  it('maps Zenodo resource types to CSL and BibTeX entry types', () => {
    assert.equal(cslType('software'), 'software');
    assert.equal(cslType('dataset'), 'dataset');
    assert.equal(cslType('publication-article'), 'article-journal');
    assert.equal(cslType('publication-conferencepaper'), 'paper-conference');
    assert.equal(cslType('publication-thesis'), 'thesis');
    assert.equal(cslType('poster'), 'speech');
    assert.equal(cslType('something-new'), 'document');
    assert.equal(bibtexType('software'), 'software');
    assert.equal(bibtexType('dataset'), 'dataset');
    assert.equal(bibtexType('article-journal'), 'article');
    assert.equal(bibtexType('paper-conference'), 'inproceedings');
    assert.equal(bibtexType('document'), 'misc');
  });

  it('cites this version, the latest, or all versions under the concept DOI without a version label', () => {
    const old = variant({ id: '100', doi: '10.5281/zenodo.100', version: '1.0', isLatest: false });
    const latest = software();
    const thisOne = citable(old, latest, 'this');
    assert.equal(thisOne.doi, '10.5281/zenodo.100');
    assert.equal(thisOne.record.version, '1.0');
    const newest = citable(old, latest, 'latest');
    assert.equal(newest.doi, '10.5281/zenodo.22705923');
    assert.equal(newest.recid, '22705923');
    const all = citable(old, latest, 'all');
    assert.equal(all.doi, '10.5281/zenodo.591564');
    assert.equal(all.recid, '591564');
    assert.equal(all.url, 'https://doi.org/10.5281/zenodo.591564');
    assert.equal(toCsl(all, 'k').version, undefined, 'all versions carry no version label');
    assert.equal(toCsl(newest, 'k').version, '1.9.1');
  });

  it('builds CSL names: persons as family/given, organisations as literals, "Family, Given" split', () => {
    const rec = variant({
      creators: [
        { name: 'Uieda, Leonardo', type: 'personal', givenName: 'Leonardo', familyName: 'Uieda', affiliations: [] },
        { name: 'CERN', type: 'organizational', affiliations: [] },
        { name: 'Doe, Jane', type: 'personal', affiliations: [] },
        { name: 'Plato', type: 'personal', affiliations: [] },
      ],
    });
    assert.deepEqual(toCsl(citable(rec, undefined, 'this'), 'k').author, [
      { family: 'Uieda', given: 'Leonardo' }, { literal: 'CERN' }, { family: 'Doe', given: 'Jane' }, { literal: 'Plato' },
    ]);
  });
});

describe('citation keys', () => {
  it('default to Zenodo\'s own form and are stable', () => {
    const c = citable(software(), undefined, 'this');
    assert.equal(citationKey(c), 'the_scikit_learn_developers_2026_22705923');
    assert.equal(citationKey(c), citationKey(citable(software(), undefined, 'this')));
  });

  it('differ between records, between a version and all versions, and follow the pattern setting', () => {
    const a = citable(software(), undefined, 'this');
    const b = citable(dataset(), undefined, 'this');
    const all = citable(software(), undefined, 'all');
    assert.notEqual(citationKey(a), citationKey(b));
    assert.notEqual(citationKey(a), citationKey(all));
    assert.equal(citationKey(b, '{auth}{year}{title}'), 'uieda2021test');
    assert.equal(citationKey(a, '{auth}-{version}'), 'the_scikit_learn_developers-1_9_1');
    assert.equal(citationKey(all, '{auth}-{version}'), 'the_scikit_learn_developers-all');
    assert.equal(citationKey(b, 'zenodo{recid}'), 'zenodo4924875');
  });

  it('are ASCII and free of characters BibTeX cannot take in a key', () => {
    const rec = variant({ id: '7', creators: [{ name: 'Ødegård, Søren', type: 'personal', familyName: 'Ødegård', givenName: 'Søren', affiliations: [] }], title: 'Über {alles}, 100% #1' });
    const key = citationKey(citable(rec, undefined, 'this'), '{auth} {title}, {year}%{recid}');
    assert.match(key, /^[A-Za-z0-9_:.\-/+]+$/);
    assert.equal(keyText('Müller-Lüdenscheidt'), 'muller_ludenscheidt');
    assert.ok(key.startsWith('odegard_uber_2026'), key);
  });
});

describe('BibTeX and BibLaTeX', () => {
  it('matches Zenodo\'s own BibTeX export of the recorded software record, except for the documented differences', () => {
    const ours = render(citable(software(), undefined, 'this'), 'bibtex');
    const zenodo = fixture('export-bibtex-22705923.bib');
    const fields = (text: string) => {
      const m = /^@(\w+)\{([^,]+),([\s\S]*)\}\s*$/.exec(text.trim());
      assert.ok(m, text);
      const out: Record<string, string> = { '@type': m[1], '@key': m[2] };
      for (const f of m[3].matchAll(/^\s*(\w+)\s*=\s*(.+?),?\s*$/gm)) out[f[1]] = f[2].replace(/,$/, '');
      return out;
    };
    const a = fields(ours);
    const z = fields(zenodo);
    // Same entry type, key, fields and values…
    assert.equal(a['@type'], z['@type']);
    assert.equal(a['@key'], z['@key']);
    assert.deepEqual(Object.keys(a).sort(), Object.keys(z).sort());
    for (const f of ['title', 'month', 'publisher', 'version', 'doi', 'url']) assert.equal(a[f], z[f], f);
    // …with two differences, both deliberate:
    // 1. Zenodo writes the year bare (`2026`), we brace it (`{2026}`): the same value to BibTeX.
    assert.equal(z.year, '2026');
    assert.equal(a.year, '{2026}');
    // 2. The creator is one name that is not a person's ("The scikit-learn developers", sent as a
    //    family name). Zenodo writes `{The scikit-learn developers}`, which BibTeX splits into given
    //    names "The scikit-learn" and family name "developers" (styles print "developers, T. s.-l.");
    //    we brace it once more so it stays one name, as BibTeX's rules for corporate authors ask.
    assert.equal(z.author, '{The scikit-learn developers}');
    assert.equal(a.author, '{{The scikit-learn developers}}');
    const [back] = parseBibtex(ours);
    assert.deepEqual(back.author, [{ family: 'The scikit-learn developers' }]);
    const [theirs] = parseBibtex(zenodo);
    assert.equal(theirs.author.length, 1);
    assert.equal(theirs.author[0].family, 'developers');
    assert.notEqual(theirs.author[0].given, undefined);
    // (Layout differs too: we align the `=` and end with a newline; Zenodo's has no final newline.)
  });

  it('writes @software with version and month as a macro (BibTeX), @software with date (BibLaTeX)', () => {
    const c = citable(software(), undefined, 'this');
    const bt = render(c, 'bibtex');
    assert.match(bt, /^@software\{/);
    assert.match(bt, /^ {2}month\s+= sep,$/m);
    assert.match(bt, /^ {2}version\s+= \{1\.9\.1\},$/m);
    const bl = render(c, 'biblatex');
    assert.match(bl, /^@software\{/);
    assert.match(bl, /^ {2}date\s+= \{2026-09-11\},$/m);
    assert.doesNotMatch(bl, /month/);
    assert.match(render(citable(dataset(), undefined, 'this'), 'bibtex'), /^@dataset\{uieda_2021_4924875,/);
  });

  it('parses back with citation-js to the same fields for every recorded record shape', () => {
    for (const flavour of ['bibtex', 'biblatex'] as const) {
      assertRoundTrip(software(), flavour);
      assertRoundTrip(dataset(), flavour);
    }
  });

  it('escapes LaTeX specials (& % # $ _ ~ ^) once, so the title survives', () => {
    assert.equal(escapeLatex('R&D 100% #1 $5 a_b ~x^2'), 'R\\&D 100\\% \\#1 \\$5 a\\_b \\textasciitilde{}x\\textasciicircum{}2');
    assert.equal(escapeLatex('already \\& done'), 'already \\& done');
    const rec = variant({ title: 'Tools & Data: 100% #1 $5 a_b' });
    assertRoundTrip(rec);
    const text = render(citable(rec, undefined, 'this'), 'bibtex');
    assert.match(text, /title\s+= \{Tools \\& \{?Data\}?: 100\\% \\#1 \\\$5 a\\_b\},/);
  });

  describe('every record shape of the local server', function () {
    let server: ZenodoServer;
    let client: ZenodoClient;
    before(async () => {
      server = await startZenodoServer({ rateLimits: false });
      client = new ZenodoClient({ baseUrl: server.url, scheduler: new RequestScheduler({ backoffMs: 5 }) });
    });
    after(async () => server.close());

    it('round-trips unicode, hostile HTML, external DOIs, many creators, articles, theses and more', async () => {
      const n = server.corpus.notable;
      const ids = [n.unicode, n.hostile, n.externalDoi.id, n.embargoed, n.metadataOnly, n.manyFiles, n.hugeDescription, n.oddFileKeys, n.fiftyVersions.latest, n.softwareOlderVersion];
      // And one record of each resource type the corpus has.
      const byType = new Map<string, string>();
      for (const r of server.corpus.records.values()) if (!r.tombstone && !byType.has(r.resourceType)) byType.set(r.resourceType, r.id);
      ids.push(...byType.values());
      assert.ok(byType.size >= 5, `resource types in the corpus: ${[...byType.keys()]}`);
      for (const id of ids) {
        const rec = await client.getRecord(id);
        for (const flavour of ['bibtex', 'biblatex'] as const) assertRoundTrip(rec, flavour);
      }
    });
  });
});

describe('formatted references', () => {
  it('ships the five styles of the setting (plus harvard1) and formats the software record in each', () => {
    for (const s of CITATION_STYLES) assert.ok(AVAILABLE_STYLES.includes(s), s);
    const c = citable(software(), undefined, 'this');
    const out = Object.fromEntries(AVAILABLE_STYLES.map((s) => [s, render(c, 'text', { style: s })]));
    for (const [s, text] of Object.entries(out)) {
      assert.match(text, /scikit-learn/i, s);
      assert.match(text, /10\.5281\/zenodo\.22705923/, s);
      assert.match(text, /2026/, s);
      assert.doesNotMatch(text, /^\[1\]|^1\./, `${s}: the list number of a single reference is dropped`);
    }
    assert.equal(new Set(Object.values(out)).size, AVAILABLE_STYLES.length, 'each style formats differently');
    assert.match(out.ieee, /^The scikit-learn developers, scikit-learn\. Zenodo, 2026\. doi: 10\.5281\/zenodo\.22705923\.$/);
    assert.match(out['chicago-author-date'], /^The scikit-learn developers\. 2026\./);
  });

  it('APA agrees with Zenodo\'s own APA export except for the word "Version" (citation-js\'s APA template omits it)', () => {
    const ours = render(citable(software(), undefined, 'this'), 'text', { style: 'apa' });
    const zenodo = fixture('export-text-x-bibliography-apa-22705923.txt').trim();
    assert.equal(ours, zenodo.replace('(Version 1.9.1)', '(1.9.1)'));
  });

  it('refuses a style it does not have, and says which it has', () => {
    assert.throws(() => formatted([toCsl(citable(software(), undefined, 'this'), 'k')], 'nature'), /not available.*apa, ieee/);
  });

  it('writes CSL-JSON that is the item we built', () => {
    const c = citable(dataset(), undefined, 'this');
    const [item] = JSON.parse(render(c, 'csl-json'));
    assert.deepEqual(item, toCsl(c, citationKey(c)));
    assert.equal(item.type, 'dataset');
    assert.deepEqual(item.author, [{ family: 'Uieda', given: 'Leonardo' }]);
  });
});
