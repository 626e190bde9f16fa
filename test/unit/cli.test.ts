import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from './cliRun';
import { startZenodoServer, ZenodoServer } from '../zenodo-server';

describe('zenodo-cite', function () {
  let server: ZenodoServer;
  let n: ZenodoServer['corpus']['notable'];
  before(async () => {
    server = await startZenodoServer({ rateLimits: false });
    n = server.corpus.notable;
  });
  after(async () => server.close());
  beforeEach(() => server.faults.clear());

  const cli = (args: string[], env: Record<string, string> = {}) => runCli(server.url, args, env);

  it('latest <ref> prints the latest version\'s DOI alone', async () => {
    const r = await cli(['latest', `10.5281/zenodo.${n.softwareOlderVersion}`]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '10.5281/zenodo.22705923');
  });

  it('latest --json has exactly id, doi, conceptDoi, version, isLatest', async () => {
    const old = JSON.parse((await cli(['latest', n.softwareOlderVersion, '--json'])).out);
    assert.deepEqual(Object.keys(old).sort(), ['conceptDoi', 'doi', 'id', 'isLatest', 'version']);
    assert.deepEqual(old, { id: '22705923', doi: '10.5281/zenodo.22705923', conceptDoi: '10.5281/zenodo.591564', version: '1.9.1', isLatest: false });
    const cur = JSON.parse((await cli(['latest', 'https://zenodo.org/records/22705923', '--json'])).out);
    assert.equal(cur.isLatest, true);
  });

  it('stats --json uses Zenodo\'s flat names', async () => {
    const s = JSON.parse((await cli(['stats', n.softwareWithVersions, '--json'])).out);
    assert.deepEqual(s, {
      views: 23896, downloads: 2913, unique_views: 22820, unique_downloads: 2768,
      version_views: 68, version_downloads: 6, version_unique_views: 64, version_unique_downloads: 6,
    });
  });

  it('record --json gives the normalised record', async () => {
    const r = JSON.parse((await cli(['record', n.dataset, '--json'])).out);
    for (const k of ['id', 'doi', 'conceptDoi', 'conceptId', 'title', 'version', 'publicationDate', 'resourceType', 'accessStatus', 'creators', 'files', 'isLatest']) {
      assert.ok(k in r, `missing ${k}`);
    }
    assert.equal(r.creators[0].orcid, '0000-0001-6123-9515');
    assert.ok(Array.isArray(r.creators[0].affiliations));
    assert.deepEqual(Object.keys(r.files[0]).sort(), ['checksum', 'key', 'mimetype', 'size', 'url']);
  });

  it('files --json is an array of {key,size,checksum,mimetype,url}', async () => {
    const files = JSON.parse((await cli(['files', n.dataset, '--json'])).out);
    assert.equal(files.length, 2);
    for (const f of files) assert.deepEqual(Object.keys(f).sort(), ['checksum', 'key', 'mimetype', 'size', 'url']);
  });

  it('extract --json is an array of flat items', async () => {
    const items = JSON.parse((await cli(['extract', 'scikit-learn', '--size', '3', '--json'])).out);
    assert.ok(items.length >= 1);
    assert.deepEqual(Object.keys(items[0]).sort(), ['abstract', 'authors', 'date', 'doi', 'download_link', 'keywords', 'lang', 'source', 'title', 'url']);
  });

  it('search, versions, communities, community and community-records print tables', async () => {
    const s = await cli(['search', 'climate', '--size', '3', '--sort', 'mostrecent']);
    assert.equal(s.code, 0, s.err);
    assert.match(s.out, /^id\s+title/);
    assert.match(s.out, /3 of \d/);
    const v = await cli(['versions', n.softwareWithVersions, '--size', '3']);
    assert.match(v.out, /22705923.*latest/);
    const c = await cli(['communities', 'astronomy']);
    assert.match(c.out, /sochias/);
    const one = await cli(['community', 'symbaproject']);
    assert.match(one.out, /symbaproject/);
    const cr = await cli(['community-records', n.communityWithRecords, '--size', '2', '--json']);
    assert.equal(JSON.parse(cr.out).hits.length, 2);
  });

  it('exit codes: 2 usage or unreadable reference, 3 not found or deleted, 4 access denied, 5 server', async () => {
    assert.equal((await cli([])).code, 2);
    assert.equal((await cli(['frobnicate'])).code, 2);
    assert.equal((await cli(['record'])).code, 2);
    assert.equal((await cli(['search', '--size', 'ten'])).code, 2);
    const bad = await cli(['record', 'not-a-reference']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /is not a Zenodo reference/);
    assert.equal((await cli(['record', '99999999'])).code, 3);
    const del = await cli(['record', n.deletedByReason.retracted]);
    assert.equal(del.code, 3);
    assert.match(del.err, /retracted/);
    assert.equal(del.err.split('\n').length, 1, 'one line on stderr');
    assert.equal((await cli(['record', n.restricted])).code, 4);
    server.faults.set({ kind: 'status', code: 500, html: true });
    const five = await cli(['record', n.dataset]);
    assert.equal(five.code, 5);
    assert.doesNotMatch(five.err, /\n\s+at /, 'no stack trace');
  });

  it('takes the token only from ZENODO_TOKEN, never a flag, and never prints it', async () => {
    const flag = await cli(['record', n.restricted, '--token', 'test-token-123']);
    assert.equal(flag.code, 2);
    assert.match(flag.err, /ZENODO_TOKEN/);
    const env = await cli(['record', n.restricted, '--json'], { ZENODO_TOKEN: 'test-token-123' });
    assert.equal(env.code, 0, env.err);
    const wrong = await cli(['record', n.dataset], { ZENODO_TOKEN: 'wrong-secret-zzz' });
    assert.equal(wrong.code, 4);
    assert.doesNotMatch(wrong.err + wrong.out, /wrong-secret-zzz/);
  });

  it('--help on each command', async () => {
    for (const c of ['search', 'record', 'files', 'versions', 'latest', 'stats', 'communities', 'community', 'community-records', 'extract']) {
      const r = await cli([c, '--help']);
      assert.equal(r.code, 0);
      assert.match(r.out, new RegExp(`Usage: zenodo-cite ${c}`));
    }
  });

  it('the built dist/cli.js runs as an executable', (done) => {
    const bin = path.resolve(__dirname, '../../dist/cli.js');
    // `npm run test:unit` builds first (node esbuild.mjs), so the binary is there to check.
    assert.ok(existsSync(bin), 'dist/cli.js is missing: run npm run build');
    execFile(bin, ['latest', n.softwareOlderVersion], { env: { ...process.env, ZENODO_BASE_URL: server.url } }, (err, stdout) => {
      try {
        assert.equal(err, null);
        assert.equal(stdout.trim(), '10.5281/zenodo.22705923');
        done();
      } catch (e) {
        done(e);
      }
    });
  });
});
