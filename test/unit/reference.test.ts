import * as assert from 'node:assert/strict';
import { parseReference, referenceAt, tryParseReference } from '../../src/core/reference';
import { repositoryProfile } from '../../src/core/repository';
import { InvalidReferenceError } from '../../src/core/errors';

describe('reference resolver', () => {
  const accepted: Array<[string, { kind: 'id' | 'doi'; id?: string; doi?: string }]> = [
    ['1234567', { kind: 'id', id: '1234567' }],
    ['  1234567  ', { kind: 'id', id: '1234567' }],
    ['10.5281/zenodo.1234567', { kind: 'doi', id: '1234567', doi: '10.5281/zenodo.1234567' }],
    ['10.5281/ZENODO.1234567', { kind: 'doi', id: '1234567', doi: '10.5281/zenodo.1234567' }],
    ['doi:10.5281/zenodo.1234567', { kind: 'doi', id: '1234567' }],
    ['DOI: 10.5281/zenodo.1234567', { kind: 'doi', id: '1234567' }],
    ['https://doi.org/10.5281/zenodo.1234567', { kind: 'doi', id: '1234567' }],
    ['http://dx.doi.org/10.5281/zenodo.1234567', { kind: 'doi', id: '1234567' }],
    ['doi.org/10.5281/zenodo.1234567', { kind: 'doi', id: '1234567' }],
    ['https://DOI.ORG/10.5281/Zenodo.1234567', { kind: 'doi', id: '1234567' }],
    ['https://zenodo.org/records/1234567', { kind: 'id', id: '1234567' }],
    ['https://zenodo.org/records/1234567/files/data.zip?download=1', { kind: 'id', id: '1234567' }],
    ['https://zenodo.org/records/1234567#citation', { kind: 'id', id: '1234567' }],
    ['https://zenodo.org/record/1234567', { kind: 'id', id: '1234567' }],
    ['https://www.zenodo.org/record/1234567', { kind: 'id', id: '1234567' }],
    ['zenodo.org/records/1234567', { kind: 'id', id: '1234567' }],
    ['https://zenodo.org/api/records/1234567', { kind: 'id', id: '1234567' }],
    ['https://zenodo.org/doi/10.5281/zenodo.591564', { kind: 'doi', id: '591564' }],
    ['https://zenodo.org/badge/DOI/10.5281/zenodo.1234567.svg', { kind: 'doi', id: '1234567' }],
    ['10.5281%2Fzenodo.1234567', { kind: 'doi', id: '1234567' }],
    ['https://doi.org/10.5281%2Fzenodo.1234567', { kind: 'doi', id: '1234567' }],
    ['<https://zenodo.org/records/1234567>', { kind: 'id', id: '1234567' }],
    ['(10.5281/zenodo.1234567).', { kind: 'doi', id: '1234567' }],
    ['"10.5281/zenodo.1234567",', { kind: 'doi', id: '1234567' }],
    ['10.5281/zenodo.1234567;', { kind: 'doi', id: '1234567' }],
    ['“https://doi.org/10.5281/zenodo.1234567”', { kind: 'doi', id: '1234567' }],
    ['10.1234/journal.5678', { kind: 'doi', doi: '10.1234/journal.5678' }],
    ['10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O', { kind: 'doi' }],
    ['99999999999999999999', { kind: 'id', id: '99999999999999999999' }],
    ['10.5281/zenodo.99999999999999999', { kind: 'doi', id: '99999999999999999' }],
  ];
  for (const [input, want] of accepted) {
    it(`accepts ${JSON.stringify(input)}`, () => {
      const r = parseReference(input);
      assert.equal(r.kind, want.kind);
      if (want.id !== undefined) assert.equal(r.id, want.id);
      else assert.equal(r.id, undefined);
      if (want.doi) assert.equal(r.kind === 'doi' && r.doi, want.doi);
    });
  }

  it('keeps ids past 2^53 exact (strings, never numbers)', () => {
    const big = '9007199254740993';
    assert.equal(parseReference(big).id, big);
    assert.equal(parseReference(`10.5281/zenodo.${big}`).id, big);
  });

  it('keeps a DOI\'s balanced parentheses but drops an unbalanced closing one', () => {
    const r = parseReference('see (10.1002/(SICI)1097(1998)) '.slice(4).trim());
    assert.equal(r.kind === 'doi' && r.doi, '10.1002/(sici)1097(1998)');
  });

  const rejected = [
    '', '   ', 'hello world', 'zenodo', '10.5281/zenodo.', '10.5281/zenodo.12ab', '10.5281', '10./x', 'doi:', 'doi:foo',
    'https://example.org/records/1234567', 'https://zenodo.org/communities/zenodo', 'https://zenodo.org/search?q=x',
    'javascript:alert(1)', 'ftp://zenodo.org/records/1', '123456789012345678901', '-1234', '12.5', '%E0%A4%A',
    'x'.repeat(5000),
  ];
  for (const input of rejected) {
    it(`rejects ${JSON.stringify(input.slice(0, 40))}`, () => {
      assert.equal(tryParseReference(input), undefined);
      assert.throws(() => parseReference(input), (e: unknown) => e instanceof InvalidReferenceError && /record id.*DOI.*URL/.test((e as Error).message));
    });
  }

  it('recognises the sandbox prefix only on the sandbox profile', () => {
    const sandbox = repositoryProfile('https://sandbox.zenodo.org');
    assert.equal(parseReference('10.5072/zenodo.42', sandbox).id, '42');
    assert.equal(parseReference('10.5072/zenodo.42').id, undefined);
    assert.equal(tryParseReference('https://zenodo.org/records/1', sandbox), undefined);
    assert.equal(parseReference('https://sandbox.zenodo.org/records/1', sandbox).id, '1');
  });

  it('recognises another InvenioRDM instance\'s hosts and extra DOI prefixes', () => {
    const p = repositoryProfile('https://data.example.edu/', ['10.9999/rdm.']);
    assert.equal(p.baseUrl, 'https://data.example.edu');
    assert.equal(parseReference('https://data.example.edu/records/77', p).id, '77');
    assert.equal(parseReference('10.9999/rdm.55', p).id, '55');
    assert.equal(tryParseReference('https://data.example.edu/records/abc12', p), undefined, 'non-numeric ids are not accepted');
  });

  describe('referenceAt', () => {
    const text = 'Cite [the data](https://doi.org/10.5281/zenodo.4924875). Also doi: 10.5281/zenodo.22705923, and 10.1234/x.';
    it('finds the reference under the cursor with its exact range', () => {
      const at = text.indexOf('4924875');
      const r = referenceAt(text, at)!;
      assert.equal(text.slice(r.start, r.end), 'https://doi.org/10.5281/zenodo.4924875');
      assert.equal(r.reference.id, '4924875');
    });
    it('includes a "doi: " prefix and excludes trailing punctuation', () => {
      const r = referenceAt(text, text.indexOf('22705923'))!;
      assert.equal(text.slice(r.start, r.end), 'doi: 10.5281/zenodo.22705923');
    });
    it('finds non-Zenodo DOIs (the caller decides) and nothing on plain words', () => {
      const r = referenceAt(text, text.indexOf('10.1234'))!;
      assert.equal(text.slice(r.start, r.end), '10.1234/x');
      assert.equal(r.reference.id, undefined);
      assert.equal(referenceAt(text, 1), undefined);
    });
  });
});
