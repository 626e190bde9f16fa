// zenodo-cite bibtex | cff | cite against the local Zenodo server: stdout is only the citation,
// --version picks this / latest / all versions, bad input exits with the documented codes.
import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { runCli } from './cliRun';
import { parseBibtex } from '../../src/core/citation/engine';
import { startZenodoServer, ZenodoServer } from '../zenodo-server';

describe('zenodo-cite citation commands', function () {
  let server: ZenodoServer;
  let n: ZenodoServer['corpus']['notable'];
  before(async () => {
    server = await startZenodoServer({ rateLimits: false });
    n = server.corpus.notable;
  });
  after(async () => server.close());
  beforeEach(() => server.faults.clear());

  const cli = (args: string[]) => runCli(server.url, args);

  it('bibtex prints one entry and nothing else, for this version by default', async () => {
    const r = await cli(['bibtex', `10.5281/zenodo.${n.softwareOlderVersion}`]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assert.match(r.out, /^@software\{[^,]+,\n[\s\S]*\n\}$/);
    const [entry] = parseBibtex(r.out);
    assert.equal(entry.DOI, `10.5281/zenodo.${n.softwareOlderVersion}`);
  });

  it('--version latest cites the latest version; all cites the concept DOI without a version', async () => {
    const latest = parseBibtex((await cli(['bibtex', n.softwareOlderVersion, '--version', 'latest'])).out)[0];
    assert.equal(latest.DOI, '10.5281/zenodo.22705923');
    assert.equal(latest.version, '1.9.1');
    const all = parseBibtex((await cli(['bibtex', n.softwareOlderVersion, '--version', 'all'])).out)[0];
    assert.equal(all.DOI, '10.5281/zenodo.591564');
    assert.equal(all.version, undefined);
    // A concept reference cites all versions unless told otherwise.
    assert.equal(parseBibtex((await cli(['bibtex', '10.5281/zenodo.591564'])).out)[0].DOI, '10.5281/zenodo.591564');
  });

  it('--biblatex and --key-pattern', async () => {
    const r = await cli(['bibtex', n.dataset, '--biblatex', '--key-pattern', '{auth}{year}']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^@dataset\{uieda2021,\n/);
    assert.match(r.out, /date\s+= \{2021-06-10\}/);
  });

  it('cff prints a CITATION.cff, --reference a references: entry', async () => {
    const file = parse((await cli(['cff', n.dataset])).out);
    assert.equal(file['cff-version'], '1.2.0');
    assert.equal(file.doi, `10.5281/zenodo.${n.dataset}`);
    const ref = parse((await cli(['cff', n.dataset, '--reference'])).out);
    assert.equal(ref.references[0].type, 'data');
  });

  it('cite --style formats in the style; --json prints CSL-JSON', async () => {
    const apa = await cli(['cite', n.softwareWithVersions]);
    assert.equal(apa.code, 0, apa.err);
    assert.equal(apa.out, 'The scikit-learn developers. (2026). scikit-learn (1.9.1) [Computer software]. Zenodo. https://doi.org/10.5281/zenodo.22705923');
    const ieee = await cli(['cite', n.softwareWithVersions, '--style', 'ieee']);
    assert.equal(ieee.out, 'The scikit-learn developers, scikit-learn. Zenodo, 2026. doi: 10.5281/zenodo.22705923.');
    const json = JSON.parse((await cli(['cite', n.softwareWithVersions, '--json'])).out);
    assert.equal(json[0].DOI, '10.5281/zenodo.22705923');
  });

  it('bad input: unknown style or version (2, no request), not a reference (2), deleted (3), restricted (3 or 4), server down (5)', async () => {
    server.resetRequests();
    const style = await cli(['cite', n.dataset, '--style', 'nature']);
    assert.equal(style.code, 2);
    assert.match(style.err, /not available.*apa/);
    const version = await cli(['bibtex', n.dataset, '--version', 'newest']);
    assert.equal(version.code, 2);
    assert.match(version.err, /this, latest or all/);
    assert.equal(server.requests.length, 0, 'refused before asking the repository');
    assert.equal((await cli(['bibtex', 'not a reference'])).code, 2);
    const deleted = await cli(['bibtex', n.deleted[0]]);
    assert.equal(deleted.code, 3);
    assert.match(deleted.err, /deleted/);
    assert.equal(deleted.out, '');
    const restricted = await cli(['bibtex', n.restricted]);
    assert.ok([3, 4].includes(restricted.code), `${restricted.code} ${restricted.err}`);
    assert.equal(restricted.out, '');
    server.faults.set({ kind: 'status', code: 503 });
    const down = await cli(['cite', n.dataset]);
    assert.equal(down.code, 5);
    assert.equal(down.out, '');
  });
});
