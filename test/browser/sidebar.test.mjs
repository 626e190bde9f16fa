// Browser tier, issue 4: a person opens the Zenodo sidebar, searches, expands a record and a
// community, and reads the rows, in the packaged extension against the local Zenodo server.
// Run: NODE_OPTIONS='--import tsx' npx mocha --no-config --timeout 300000 test/browser/sidebar.test.mjs
// Saves .test-artifacts/screenshots/sidebar.png for the README.
/* global describe, it, before, after, afterEach */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openWorkbench } from './helpers.mjs';
import { packageVsix } from './vsix.mjs';
import { REPO } from '../../scripts/host/paths.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('browser: the Zenodo sidebar', function () {
  this.timeout(300_000);
  let server;
  let wb;

  before(async function () {
    const { startZenodoServer } = await import('../zenodo-server/index.ts');
    server = await startZenodoServer({ rateLimits: false, fixturesDir: join(REPO, 'test/fixtures/zenodo') });
    const vsix = packageVsix();
    wb = await openWorkbench({ vsix, settings: { 'zenodo.baseUrl': server.url } });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) console.log(`      screenshot: ${await wb.screenshot(`failed-sidebar-${this.currentTest.title}`)}`);
  });

  after(async function () {
    await wb?.close();
    await server?.close();
  });

  /** Clicks a tree row of a view by its label (a collapsible row expands). */
  async function clickRow(viewTitle, label) {
    const pane = wb.page.locator('.part.sidebar .pane').filter({ has: wb.page.locator('.pane-header', { hasText: viewTitle }) }).first();
    const row = pane.locator('.monaco-list-row').filter({ has: wb.page.locator('.label-name', { hasText: label }) }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
  }

  async function rowsUntil(viewTitle, test, what) {
    const until = Date.now() + 20_000;
    let rows = [];
    while (Date.now() < until) {
      rows = await wb.treeRows(viewTitle, { open: false, settleMs: 1500 });
      if (test(rows)) return rows;
      await sleep(300);
    }
    throw new Error(`${what}: the ${viewTitle} view shows ${JSON.stringify(rows.map((r) => r.label))}`);
  }

  it('a first start shows the welcome content with a search button', async function () {
    // Open the Zenodo container from the activity bar, as a person would ("Search" alone is also
    // the name of VS Code's own search view).
    const item = wb.page.locator('.part.activitybar .action-item a[aria-label^="Zenodo"], .part.activitybar .action-item[aria-label^="Zenodo"]').first();
    await item.waitFor({ timeout: 20_000 });
    await item.click();
    await wb.page.locator('.part.sidebar .pane-header', { hasText: 'Communities' }).first().waitFor({ timeout: 15_000 });
    await wb.treeRows('Search', { open: false, settleMs: 3000 });
    const welcome = await wb.viewWelcome('Search');
    assert.match(welcome, /Search Records/);
  });

  it('a search from the palette fills the Search view with records of the server', async function () {
    await wb.runCommand('Zenodo: Search Records…');
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.fill('scikit-learn');
    // Results arrive as the person types (debounced): the record's title appears in the list.
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'scikit-learn' }).first().waitFor({ timeout: 20_000 });
    await wb.page.keyboard.press('Enter');
    // The action list: reveal the pick in the Search view.
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Reveal in Search View' }).first().waitFor({ timeout: 10_000 });
    await input.fill('Reveal');
    await sleep(300);
    await wb.page.keyboard.press('Enter');
    const id = server.corpus.notable.softwareWithVersions;
    const title = server.corpus.get(id).title;
    const rows = await rowsUntil('Search', (rs) => rs.some((r) => r.label === title), 'the picked record');
    const row = rows.find((r) => r.label === title);
    assert.match(row.description, /1\.9\.1/);
    assert.match(row.description, /Software/);
  });

  it('expanding a record shows its versions and files', async function () {
    const id = server.corpus.notable.softwareWithVersions;
    const rec = server.corpus.get(id);
    await clickRow('Search', rec.title);
    const rows = await rowsUntil('Search', (rs) => rs.some((r) => r.label === 'Versions'), 'the record\'s children');
    assert.ok(rows.some((r) => r.label === rec.files[0].key), `no file row in ${JSON.stringify(rows.map((r) => r.label))}`);
    await clickRow('Search', 'Versions');
    const withVersions = await rowsUntil('Search', (rs) => rs.some((r) => r.label === 'v1.9.0'), 'the versions');
    const latest = withVersions.find((r) => r.label === 'v1.9.1' && r.level === 3);
    assert.ok(latest, 'the latest version row');
    assert.match(latest.description, /latest/);
  });

  it('expanding a community shows its records', async function () {
    const rows = await rowsUntil('Communities', (rs) => rs.some((r) => r.description.startsWith('symbaproject')), 'the communities');
    const symba = rows.find((r) => r.description.startsWith('symbaproject'));
    await clickRow('Communities', symba.label);
    const after = await rowsUntil('Communities', (rs) => rs.some((r) => r.level === 2), 'the community\'s records');
    const records = after.filter((r) => r.level === 2);
    assert.ok(records.length > 0);
    const titles = new Set([...server.corpus.records.values()].filter((r) => r.communities.includes('symbaproject')).map((r) => r.title));
    assert.ok(records.some((r) => titles.has(r.label)), `no SYMBA record among ${JSON.stringify(records.map((r) => r.label))}`);
    await wb.screenshot('sidebar');
  });
});
