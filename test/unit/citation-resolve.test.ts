// "Resolve Latest Version DOI" rewrites a reference in the form the person wrote it.
import * as assert from 'node:assert/strict';
import { replacementFor, versionLabel } from '../../src/core/citation/resolve';

const given = { id: '100', doi: '10.5281/zenodo.100', conceptId: '99', conceptDoi: '10.5281/zenodo.99' };
const latest = { id: '300', doi: '10.5281/zenodo.300' };

describe('citation resolve: replacement text', () => {
  it('keeps the form: bare DOI, doi: prefix, resolver URL, badge, any case', () => {
    assert.equal(replacementFor('10.5281/zenodo.100', given, latest), '10.5281/zenodo.300');
    assert.equal(replacementFor('doi:10.5281/zenodo.100', given, latest), 'doi:10.5281/zenodo.300');
    assert.equal(replacementFor('https://doi.org/10.5281/Zenodo.100', given, latest), 'https://doi.org/10.5281/zenodo.300');
    assert.equal(replacementFor('https://zenodo.org/badge/DOI/10.5281/zenodo.100.svg', given, latest), 'https://zenodo.org/badge/DOI/10.5281/zenodo.300.svg');
    assert.equal(replacementFor('10.5281%2Fzenodo.100', given, latest), '10.5281%2Fzenodo.300');
  });

  it('rewrites record URLs and ids by the id, without touching longer numbers', () => {
    assert.equal(replacementFor('https://zenodo.org/records/100', given, latest), 'https://zenodo.org/records/300');
    assert.equal(replacementFor('100', given, latest), '300');
    assert.equal(replacementFor('https://zenodo.org/records/1000', given, latest), undefined);
  });

  it('a concept reference (no given version) is rewritten from the concept DOI or id', () => {
    const concept = { id: '99', doi: undefined, conceptId: '99', conceptDoi: '10.5281/zenodo.99' };
    assert.equal(replacementFor('https://doi.org/10.5281/zenodo.99', concept, latest), 'https://doi.org/10.5281/zenodo.300');
    assert.equal(replacementFor('https://zenodo.org/records/99', undefined, latest), undefined);
  });

  it('labels a version by its version and date, or its id', () => {
    assert.equal(versionLabel({ id: '1', version: 'v2', publicationDate: '2024-01-02' }), 'v2, 2024-01-02');
    assert.equal(versionLabel({ id: '1' }), 'record 1');
  });
});
