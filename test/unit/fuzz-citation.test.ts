// Property-based tests (fast-check) for the citation writers: BibTeX key generation (stable, unique
// per record, only valid key characters), the BibTeX writer (never throws on any record built from
// arbitrary strings; parses back with citation-js to the same title and DOI; one entry, balanced
// braces), and the CITATION.cff writer (never throws; parses back with `yaml` to the same title and
// DOI; valid against the vendored CFF 1.2.0 schema).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import fc from 'fast-check';
import { parse } from 'yaml';
import { normaliseRecord, ZenodoRecord } from '../../src/core/models';
import { parseBibtex, render } from '../../src/core/citation/engine';
import { upsertCffReference } from '../../src/core/citation/cff';
import { Citable, citable, citationKey, CiteVersion, DEFAULT_KEY_PATTERN } from '../../src/core/citation/model';

const FIXTURES = join(__dirname, '../fixtures');
const base = normaliseRecord(JSON.parse(readFileSync(join(FIXTURES, 'zenodo/rdm-record-dataset-4924875.full.json'), 'utf8')), 'https://zenodo.org');
const schema = JSON.parse(readFileSync(join(FIXTURES, 'cff/schema-1.2.0.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S+$/i);
ajv.addFormat('email', /^\S+@\S+$/);
ajv.addFormat('iri-reference', /^\S*$/);
const validate = ajv.compile(schema);

const RUNS = Number(process.env.FUZZ_RUNS) || 300;

/** Text as records carry it: any Unicode, LaTeX and YAML specials, braces, quotes, control characters. */
const specials = fc.constantFrom('{', '}', '\\', '%', '&', '#', '$', '_', '~', '^', '"', '\'', ':', '- ', '\n', '\t', '@', ',', '=', '|', '>', '*', '!', '`', '\u202e', '\u0301', '😀', 'ß', 'İ', '\u0000', '\u200b', 'ﬁ');
const text = fc.array(fc.oneof({ weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) }, { weight: 2, arbitrary: specials }), { maxLength: 14 }).map((a) => a.join(''));
const nonBlank = text.filter((s) => s.trim().length > 0);

const creator = fc.record({
  type: fc.constantFrom('personal' as const, 'organizational' as const),
  name: text,
  familyName: fc.option(text, { nil: undefined }),
  givenName: fc.option(text, { nil: undefined }),
});

const recordArb = fc.record({
  id: fc.bigInt({ min: 1n, max: 10n ** 19n }).map(String),
  conceptId: fc.option(fc.bigInt({ min: 1n, max: 10n ** 12n }).map(String), { nil: undefined }),
  title: nonBlank,
  version: fc.option(text, { nil: undefined }),
  publicationDate: fc.option(fc.oneof(fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), text), { nil: undefined }),
  resourceType: fc.constantFrom('software', 'dataset', 'publication-article', 'image-figure', 'other', 'lesson', 'x-unknown'),
  creators: fc.array(creator, { maxLength: 4 }),
  publisher: fc.option(text, { nil: undefined }),
  keywords: fc.array(text, { maxLength: 3 }),
  description: text,
  withDoi: fc.boolean(),
});

type RecordInput = typeof recordArb extends fc.Arbitrary<infer T> ? T : never;

function recordOf(r: RecordInput): ZenodoRecord {
  return {
    ...base,
    id: r.id,
    conceptId: r.conceptId,
    doi: r.withDoi ? `10.5281/zenodo.${r.id}` : undefined,
    conceptDoi: r.conceptId ? `10.5281/zenodo.${r.conceptId}` : undefined,
    title: r.title,
    version: r.version,
    publicationDate: r.publicationDate,
    resourceType: { ...base.resourceType, id: r.resourceType },
    creators: r.creators.map((c) => ({ ...c, affiliations: [] })),
    publisher: r.publisher,
    keywords: r.keywords,
    description: r.description,
    descriptionText: r.description,
    links: { html: `https://zenodo.org/records/${r.id}` },
  };
}

const version = fc.constantFrom<CiteVersion>('this', 'latest', 'all');
const citableArb = fc.tuple(recordArb, version).map(([r, v]) => citable(recordOf(r), undefined, v));

/** Characters BibTeX and biber accept in a key (no spaces, commas, braces, quotes, #, %, ~, \). */
const KEY = /^[A-Za-z0-9_:.\-/+]+$/;

/** BibTeX's own reading of a value: braces must balance, or the entry swallows what follows. */
function balanced(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if (s[i] === '{') depth++;
    if (s[i] === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Whitespace and case aside, the text a person reads (LaTeX accents become the letters again). */
const loose = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
/** The title as LaTeX typesets it: `''` and ``` `` ``` are quotes, `--`/`---` dashes (citation-js reads them so). */
const typeset = (s: string) => loose(s).replace(/---/g, '—').replace(/--/g, '–').replace(/''/g, '”').replace(/``/g, '“');

describe('fuzz: citation keys', () => {
  it('are stable, valid BibTeX keys, for any record and any key pattern', () => {
    const pattern = fc.oneof(fc.constant(DEFAULT_KEY_PATTERN), fc.constantFrom('{auth}{year}', '{title}-{version}', '{recid}', '', '{nope}', 'x y,{auth}%'), text);
    fc.assert(fc.property(citableArb, pattern, (c, p) => {
      const k = citationKey(c, p);
      assert.match(k, KEY, `key ${JSON.stringify(k)} from pattern ${JSON.stringify(p)}`);
      assert.equal(citationKey(c, p), k, 'not stable');
      assert.equal(citationKey(structuredClone(c), p), k, 'depends on object identity');
    }), { numRuns: RUNS * 3 });
  });

  it('differ for different records under the default pattern (the record id is in the key)', () => {
    fc.assert(fc.property(citableArb, fc.bigInt({ min: 1n, max: 10n ** 19n }).map(String), (c, otherId) => {
      fc.pre(otherId !== c.recid);
      const other: Citable = { ...c, recid: otherId, record: { ...c.record, id: otherId } };
      assert.notEqual(citationKey(c), citationKey(other));
    }), { numRuns: RUNS * 3 });
  });
});

describe('fuzz: BibTeX writer', function () {
  this.timeout(120_000);
  for (const flavour of ['bibtex', 'biblatex'] as const) {
    it(`${flavour}: never throws, one entry with balanced braces, and reads back to the same title and DOI`, () => {
      fc.assert(fc.property(citableArb, (c) => {
        const out = render(c, flavour);
        assert.match(out, /^@[a-z]+\{[^,\s]+,\n/, out);
        assert.ok(balanced(out), `unbalanced braces:\n${out}`);
        // Nothing a record says can end the entry early or start another one.
        assert.equal((out.match(/^@/gm) ?? []).length, 1, `more than one entry:\n${out}`);
        const back = parseBibtex(out);
        assert.equal(back.length, 1, out);
        assert.equal(back[0].DOI, c.doi, `DOI changed:\n${out}`);
        assert.equal(loose(back[0].title ?? ''), typeset(c.record.title), `title changed:\n${out}`);
      }), { numRuns: RUNS });
    });
  }

  it('a title that tries LaTeX commands stays text (no \\input or \\write18 reaches the entry unescaped)', () => {
    const evil = ['\\input{/etc/passwd}', '\\immediate\\write18{rm -rf ~}', '}, note = {injected', '@misc{evil,'];
    for (const title of evil) {
      const c = citable({ ...base, title }, undefined, 'this');
      const out = render(c, 'bibtex');
      assert.ok(balanced(out), out);
      assert.equal((out.match(/^@/gm) ?? []).length, 1, out);
      assert.doesNotMatch(out, /(?<!\\textbackslash\{\})\\(input|immediate|write18)\b/, out);
      assert.doesNotMatch(out, /^\s*note\s*=/m, out);
      assert.equal(loose(parseBibtex(out)[0].title), loose(title));
    }
  });
});

describe('fuzz: CITATION.cff writer', function () {
  this.timeout(120_000);
  it('a whole CITATION.cff: never throws, parses back to the same title and DOI, valid against CFF 1.2.0', () => {
    fc.assert(fc.property(citableArb, (c) => {
      fc.pre(c.record.creators.length > 0);
      const out = render(c, 'cff');
      const data = parse(out, { schema: 'core' });
      assert.equal(data.title, c.record.title);
      assert.equal(data.doi, c.doi);
      assert.ok(validate(data), `invalid CITATION.cff:\n${out}\n${JSON.stringify(validate.errors, null, 1)}`);
    }), { numRuns: RUNS });
  });

  it('a references entry added to an existing file keeps the file and validates', () => {
    const existing = 'cff-version: 1.2.0\nmessage: Please cite this software.\ntitle: My tool\nauthors:\n  - family-names: Doe\n    given-names: Jane\n';
    fc.assert(fc.property(citableArb, (c) => {
      fc.pre(c.record.creators.length > 0);
      const { text: out } = upsertCffReference(existing, c);
      assert.ok(out.startsWith(existing), out);
      const data = parse(out, { schema: 'core' });
      assert.equal(data.references.length, 1);
      assert.equal(data.references[0].doi, c.doi);
      assert.ok(validate(data), `invalid CITATION.cff:\n${out}\n${JSON.stringify(validate.errors, null, 1)}`);
    }), { numRuns: RUNS });
  });
});
