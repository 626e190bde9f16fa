// Property-based tests (fast-check) for the citation scanner and the update edits: the scanner never
// throws on any text of any file kind, finds every planted reference with its exact range (and
// nothing else), and runs in linear time on adversarial input; applying the update's edits changes
// exactly the planted references and never a character outside them.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { LookupResult } from '../../src/core/client';
import { normaliseRecord, ZenodoRecord } from '../../src/core/models';
import { repositoryProfile } from '../../src/core/repository';
import { FileKind, scanText } from '../../src/core/scanner';
import { applyEdits, indexLookups, normaliseEdits, planFile, TextEdit } from '../../src/core/update';

const RUNS = Number(process.env.FUZZ_RUNS) || 500;
const KINDS: FileKind[] = ['markdown', 'latex', 'bibtex', 'cff', 'zenodo-json', 'rst', 'text', 'html', 'ipynb'];
const profile = repositoryProfile();
const base = normaliseRecord(JSON.parse(readFileSync(join(__dirname, '../fixtures/zenodo/rdm-record-dataset-4924875.full.json'), 'utf8')), 'https://zenodo.org');

/** Record ids, including ids past 2^53 (kept as strings, never rounded). */
const id = fc.oneof(fc.integer({ min: 1, max: 99_999_999 }).map(String), fc.bigInt({ min: 2n ** 53n, max: 10n ** 19n }).map(String));

/** A reference as people write it, and the id it names. */
const reference = fc.tuple(id, fc.constantFrom(
  (i: string) => `10.5281/zenodo.${i}`,
  (i: string) => `10.5281/ZENODO.${i}`,
  (i: string) => `10.5281%2Fzenodo.${i}`,
  (i: string) => `https://doi.org/10.5281/zenodo.${i}`,
  (i: string) => `https://zenodo.org/records/${i}`,
  (i: string) => `https://zenodo.org/record/${i}`,
  (i: string) => `https://zenodo.org/api/records/${i}`,
)).map(([i, form]) => ({ id: i, text: form(i) }));

/** Text around references: prose, markup and punctuation, but nothing that names the repository. */
const fillerChar = fc.constantFrom(...'abcdefghij ABC \n\t.,;:!?()[]<>"\'*_#-—–éß😀ʼ\u200b\u202e'.split(''), 'the ', 'doi ', 'DOI: ', '10.1234/other.5 ', 'https://example.org/records/12 ', 'see ');
const filler = fc.array(fillerChar, { maxLength: 30 }).map((a) => a.join(''));
/** What may stand right before or after a reference (a reference ends at the last digit). */
const before = fc.constantFrom(' ', '\n', '(', '<', '"', '[', ' doi:');
const after = fc.constantFrom(' ', '\n', '.', ',', ';', ')', '>', '"', ']', '. ', ').', '?');

interface Planted { text: string; refs: Array<{ id: string; start: number; end: number }> }

const document = fc.array(fc.tuple(filler, before, reference, after), { maxLength: 8 }).chain((parts) => filler.map((tail) => {
  let text = '';
  const refs: Planted['refs'] = [];
  for (const [f, b, r, a] of parts) {
    text += `${f} ${b}`;
    refs.push({ id: r.id, start: text.length, end: text.length + r.text.length });
    text += r.text + a;
  }
  return { text: `${text} ${tail}`, refs } as Planted;
}));

/** Time for f on input n times larger must not grow much faster than n (catches super-linear work). */
function assertLinear(what: string, make: (n: number) => string, f: (s: string) => unknown): void {
  const time = (s: string) => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < 3; i++) f(s);
    return Number(process.hrtime.bigint() - t) / 3;
  };
  const small = make(5_000);
  const big = make(50_000);
  time(small);
  const ts = Math.max(time(small), 200_000);
  const tb = time(big);
  assert.ok(tb < ts * 40, `${what}: 10× the input took ${(tb / ts).toFixed(1)}× the time`);
}

describe('fuzz: citation scanner', function () {
  this.timeout(120_000);

  it('never throws, on any text, for every file kind', () => {
    const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), document.map((d) => d.text),
      fc.array(fc.constantFrom('@misc{', 'doi = {', '}', '{', '"', 'references:', '  - doi: ', 'cff-version: 1.2.0\n', '10.5281/zenodo.', '1', '\n', '%', '\\', '{"cells": [', '"source": ["', '<a href="', 'https://zenodo.org/records/'), { maxLength: 60 }).map((a) => a.join('')));
    fc.assert(fc.property(anyText, fc.constantFrom(...KINDS), (t, kind) => {
      const refs = scanText(t, kind);
      for (const r of refs) {
        assert.ok(r.start >= 0 && r.end <= t.length && r.start < r.end, `range ${r.start}-${r.end} outside the text`);
        assert.equal(t.slice(r.start, r.end), r.text);
        assert.ok(r.target.start >= 0 && r.target.end <= t.length && r.target.start <= r.target.end);
      }
    }), { numRuns: RUNS * 2 });
  });

  for (const kind of ['text', 'markdown'] as const) {
    it(`${kind}: finds every planted reference with its exact range and id, and nothing else`, () => {
      fc.assert(fc.property(document, (d) => {
        const found = scanText(d.text, kind).map((r) => ({ id: r.id, start: r.start, end: r.end }));
        assert.deepEqual(found, d.refs, JSON.stringify(d.text));
      }), { numRuns: RUNS });
    });
  }

  it('lines and columns agree with the offsets', () => {
    fc.assert(fc.property(document, (d) => {
      for (const r of scanText(d.text, 'text')) {
        const lines = d.text.slice(0, r.start).split('\n');
        assert.equal(r.line, lines.length - 1);
        assert.equal(r.column, lines.at(-1)!.length);
      }
    }), { numRuns: RUNS });
  });

  const adversarial: Array<[string, (n: number) => string, FileKind]> = [
    ['DOI prefixes without digits', (n) => '10.5281/zenodo.'.repeat(n / 15), 'text'],
    ['record URLs without ids', (n) => 'https://zenodo.org/records/'.repeat(n / 27), 'markdown'],
    ['one long token', (n) => 'a'.repeat(n), 'text'],
    ['references with no separators', (n) => '10.5281/zenodo.1'.repeat(n / 16), 'text'],
    ['digits', (n) => '1'.repeat(n), 'text'],
    ['an unterminated BibTeX entry', (n) => `@misc{x, doi = {${'{10.5281/zenodo.1 '.repeat(n / 19)}`, 'bibtex'],
    ['BibTeX entries', (n) => '@misc{k, version = {1}, doi = {10.5281/zenodo.5}}\n'.repeat(n / 50), 'bibtex'],
    ['nested CFF lists', (n) => `cff-version: 1.2.0\nreferences:\n${'  - doi: 10.5281/zenodo.7\n    version: 1\n'.repeat(n / 40)}`, 'cff'],
    ['an unterminated notebook', (n) => `{"cells": [{"source": ["${'10.5281/zenodo.3 \\"'.repeat(n / 20)}`, 'ipynb'],
    ['HTML attributes', (n) => '<a href="https://zenodo.org/records/9">x</a>'.repeat(n / 45), 'html'],
  ];
  for (const [what, make, kind] of adversarial) {
    it(`linear time: ${what}`, () => assertLinear(what, make, (s) => scanText(s, kind)));
  }
});

describe('fuzz: update edits', () => {
  /** A look-up that says each planted id is superseded by `latestOf(id)`. */
  const latestOf = (i: string) => (BigInt(i) + 1n).toString();
  function lookups(ids: string[]): Map<string, LookupResult> {
    const results: LookupResult[] = [...new Set(ids)].map((i) => {
      const record: ZenodoRecord = { ...base, id: i, doi: `10.5281/zenodo.${i}`, conceptId: '1', conceptDoi: '10.5281/zenodo.1', isLatest: false };
      const latest: ZenodoRecord = { ...base, id: latestOf(i), doi: `10.5281/zenodo.${latestOf(i)}`, conceptId: '1', conceptDoi: '10.5281/zenodo.1', isLatest: true, version: '9.9' };
      return { input: i, reference: { kind: 'id', id: i, input: i } as LookupResult['reference'], status: 'superseded', record, latest };
    });
    return indexLookups(results);
  }

  it('updating every planted reference changes exactly those references and nothing between them', () => {
    fc.assert(fc.property(document, (d) => {
      const refs = scanText(d.text, 'text');
      const plan = planFile(d.text, refs, lookups(refs.map((r) => r.id)), 'latest', profile);
      const out = applyEdits(d.text, plan.edits);
      // Rebuild the expected text: the planted ranges with the new id, everything else as it was.
      let expected = '';
      let pos = 0;
      for (const r of d.refs) {
        const original = d.text.slice(r.start, r.end);
        // A DOI becomes the latest version's DOI as the repository writes it (keeping %2F when
        // encoded); a URL keeps its form with the new id.
        const doi = /10\.5281(\/|%2F)zenodo\.\d+$/i.exec(original);
        const updated = doi
          ? original.slice(0, doi.index) + `10.5281${doi[1] === '/' ? '/' : '%2F'}zenodo.${latestOf(r.id)}`
          : original.slice(0, original.length - r.id.length) + latestOf(r.id);
        expected += d.text.slice(pos, r.start) + updated;
        pos = r.end;
      }
      expected += d.text.slice(pos);
      assert.equal(out, expected, JSON.stringify(d.text));
      // And the scanner reads the result as the same references, now naming the latest versions.
      assert.deepEqual(scanText(out, 'text').map((r) => r.id), d.refs.map((r) => latestOf(r.id)));
    }), { numRuns: RUNS });
  });

  it('applyEdits: any edits (overlapping, duplicate, unordered) never touch text outside the edits it keeps', () => {
    const edits = (len: number) => fc.array(fc.tuple(fc.nat(len), fc.nat(len), fc.string({ maxLength: 5 })).map(([a, b, t]): TextEdit => ({ start: Math.min(a, b), end: Math.max(a, b), newText: t })), { maxLength: 8 });
    fc.assert(fc.property(fc.string({ maxLength: 60 }).chain((text) => fc.tuple(fc.constant(text), edits(text.length))), ([text, es]) => {
      const kept = normaliseEdits(es);
      for (let i = 1; i < kept.length; i++) assert.ok(kept[i - 1].end <= kept[i].start, 'kept edits overlap');
      const out = applyEdits(text, es);
      let pos = 0;
      let o = 0;
      for (const e of kept) {
        const between = text.slice(pos, e.start);
        assert.equal(out.slice(o, o + between.length), between, 'text outside the edits changed');
        o += between.length;
        assert.equal(out.slice(o, o + e.newText.length), e.newText);
        o += e.newText.length;
        pos = e.end;
      }
      assert.equal(out.slice(o), text.slice(pos));
    }), { numRuns: RUNS * 2 });
  });
});
