// CITATION.cff output: valid against the CFF 1.2.0 JSON schema (vendored in test/fixtures/cff,
// validated with ajv), for every record shape; and adding/updating a `references:` entry in an
// existing file keeps the rest of it.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { ZenodoClient } from '../../src/core/client';
import { normaliseRecord } from '../../src/core/models';
import { RequestScheduler } from '../../src/core/scheduler';
import { cffFile, cffReference, minimalChange, spdxLicense, toYaml, upsertCffReference } from '../../src/core/citation/cff';
import { render } from '../../src/core/citation/engine';
import { citable } from '../../src/core/citation/model';
import { startZenodoServer, ZenodoServer } from '../zenodo-server';

const FIXTURES = join(__dirname, '../fixtures');
const schema = JSON.parse(readFileSync(join(FIXTURES, 'cff/schema-1.2.0.json'), 'utf8'));
const software = () => normaliseRecord(JSON.parse(readFileSync(join(FIXTURES, 'zenodo/rdm-record-software-22705923.trimmed.json'), 'utf8')), 'https://zenodo.org');
const dataset = () => normaliseRecord(JSON.parse(readFileSync(join(FIXTURES, 'zenodo/rdm-record-dataset-4924875.full.json'), 'utf8')), 'https://zenodo.org');

// The schema uses `format: date|uri|email`; ajv without ajv-formats would throw on unknown formats,
// so declare them with checks of our own (the schema's `pattern`s carry the real constraints).
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S+$/i);
ajv.addFormat('email', /^\S+@\S+$/);
ajv.addFormat('iri-reference', /^\S*$/);
const validate = ajv.compile(schema);

/** Parse the YAML text as a CFF tool would (dates stay strings, as the schema asks) and validate. */
function assertValidCff(text: string): void {
  const data = parse(text, { schema: 'core' });
  const ok = validate(data);
  assert.ok(ok, `invalid CITATION.cff:\n${text}\n${JSON.stringify(validate.errors, null, 2)}`);
}

describe('CITATION.cff', () => {
  it('the validator rejects what the schema forbids (so a pass means something)', () => {
    assert.equal(validate(parse('cff-version: 1.2.0\ntitle: x\n')), false, 'missing authors and message');
    assert.equal(validate(parse('cff-version: 1.2.0\nmessage: m\ntitle: x\nauthors:\n  - family-names: A\ndoi: https://doi.org/10.5281/zenodo.1\n')), false, 'a DOI URL instead of a DOI');
    assert.equal(validate(parse('cff-version: 1.2.0\nmessage: m\ntitle: x\nauthors:\n  - family-names: A\n    orcid: 0000-0001-6123-9515\n')), false, 'a bare ORCID');
  });

  it('a whole file for the software record is valid, with cff-version 1.2.0, type, version, DOI, date and licence', () => {
    const text = render(citable(software(), undefined, 'this'), 'cff');
    assertValidCff(text);
    const data = parse(text);
    assert.equal(data['cff-version'], '1.2.0');
    assert.equal(data.type, 'software');
    assert.equal(data.version, '1.9.1');
    assert.equal(data.doi, '10.5281/zenodo.22705923');
    assert.equal(data['date-released'], '2026-09-11');
    assert.equal(data.license, 'BSD-3-Clause');
    assert.deepEqual(data.identifiers[0], { type: 'doi', value: '10.5281/zenodo.591564', description: 'The concept DOI: all versions of this work (always resolves to the newest).' });
  });

  it('a dataset is type dataset, with ORCID as a URL and the affiliation', () => {
    const text = render(citable(dataset(), undefined, 'this'), 'cff');
    assertValidCff(text);
    const data = parse(text);
    assert.equal(data.type, 'dataset');
    assert.equal(data.authors[0].orcid, 'https://orcid.org/0000-0001-6123-9515');
    assert.match(data.authors[0].affiliation, /University of Liverpool/);
    assert.equal(data.version, '1', 'a numeric-looking version stays a string');
  });

  it('all versions cite the concept DOI and carry no version', () => {
    const data = cffFile(citable(software(), undefined, 'all'));
    assert.equal(data.doi, '10.5281/zenodo.591564');
    assert.equal(data.version, undefined);
    assertValidCff(toYaml(data));
  });

  it('a references entry is valid inside a CITATION.cff, with the CFF reference type', () => {
    const ref = cffReference(citable(dataset(), undefined, 'this'));
    assert.equal(ref.type, 'data');
    assert.deepEqual(ref.publisher, { name: 'Zenodo' });
    const file = { 'cff-version': '1.2.0', message: 'Cite me.', title: 'My tool', authors: [{ name: 'Me' }], references: [ref] };
    assertValidCff(toYaml(file));
    assert.match(render(citable(dataset(), undefined, 'this'), 'cff-reference'), /^references:\n {2}- type: data\n/);
  });

  it('maps Zenodo licence ids to SPDX and leaves out what it cannot map (the schema accepts SPDX only)', () => {
    assert.equal(spdxLicense('cc-by-4.0'), 'CC-BY-4.0');
    assert.equal(spdxLicense('MIT'), 'MIT');
    assert.equal(spdxLicense('some-custom-licence'), undefined);
    const rec = { ...software(), license: { id: 'some-custom-licence', title: 'Custom' } };
    const data = cffFile(citable(rec, undefined, 'this'));
    assert.equal(data.license, undefined);
  });

  describe('every record shape of the local server', () => {
    let server: ZenodoServer;
    before(async () => {
      server = await startZenodoServer({ rateLimits: false });
    });
    after(async () => server.close());

    it('gives a valid file and a valid reference for each', async () => {
      const client = new ZenodoClient({ baseUrl: server.url, scheduler: new RequestScheduler({ backoffMs: 5 }) });
      const n = server.corpus.notable;
      const ids = [n.unicode, n.hostile, n.externalDoi.id, n.embargoed, n.metadataOnly, n.hugeDescription, n.softwareOlderVersion];
      const byType = new Map<string, string>();
      for (const r of server.corpus.records.values()) if (!r.tombstone && !byType.has(r.resourceType)) byType.set(r.resourceType, r.id);
      ids.push(...byType.values());
      for (const id of ids) {
        const rec = await client.getRecord(id);
        for (const v of ['this', 'all'] as const) {
          const c = citable(rec, undefined, v);
          assertValidCff(render(c, 'cff'));
          assertValidCff(toYaml({ 'cff-version': '1.2.0', message: 'm', title: 't', authors: [{ name: 'A' }], references: [cffReference(c)] }));
        }
      }
    });
  });

  describe('adding to an existing CITATION.cff', () => {
    const existing = [
      '# The citation file of my tool',
      'cff-version: 1.2.0',
      'message: If you use this software, please cite it as below.',
      'title: My tool',
      'authors:',
      '  - family-names: Doe # the author',
      '    given-names: Jane',
      '',
    ].join('\n');

    it('adds a references list when there is none, keeping comments and fields', () => {
      const { text, outcome } = upsertCffReference(existing, citable(software(), undefined, 'this'));
      assert.equal(outcome, 'added');
      assert.ok(text.startsWith(existing.trimEnd().split('\n').slice(0, 5).join('\n')), text);
      assert.match(text, /# the author/);
      assertValidCff(text);
      const data = parse(text);
      assert.equal(data.references.length, 1);
      assert.equal(data.references[0].doi, '10.5281/zenodo.22705923');
    });

    it('updates the entry with the same DOI instead of adding a second one', () => {
      const once = upsertCffReference(existing, citable(dataset(), undefined, 'this')).text;
      const stale = once.replace('title: Test data for the Pooch library', 'title: An old title');
      const twice = upsertCffReference(stale, citable(dataset(), undefined, 'this'));
      assert.equal(twice.outcome, 'updated');
      const data = parse(twice.text);
      assert.equal(data.references.length, 1);
      assert.equal(data.references[0].title, 'Test data for the Pooch library');
      const other = upsertCffReference(twice.text, citable(software(), undefined, 'this'));
      assert.equal(other.outcome, 'added');
      assert.equal(parse(other.text).references.length, 2);
    });

    it('turns an empty file into a whole CITATION.cff for the record', () => {
      const { text, outcome } = upsertCffReference('', citable(software(), undefined, 'this'));
      assert.equal(outcome, 'created');
      assertValidCff(text);
    });

    it('refuses a file that is not YAML, rather than overwrite it', () => {
      assert.throws(() => upsertCffReference('title: [unclosed\n', citable(software(), undefined, 'this')), /not valid YAML/);
    });

    it('computes one minimal change from the old text to the new', () => {
      const after = upsertCffReference(existing, citable(software(), undefined, 'this')).text;
      const ch = minimalChange(existing, after);
      assert.equal(existing.slice(0, ch.start) + ch.text + existing.slice(ch.end), after);
      assert.ok(ch.start >= existing.indexOf('authors:'), 'the untouched head is not rewritten');
    });
  });
});
