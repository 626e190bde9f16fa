// Browser tier, issue 6: a person hovers a Zenodo DOI in a Markdown file and sees whether it is the
// latest version, then runs "Zenodo: Insert Citation…" from the palette on a DOI, picks the version
// in the QuickPick, and reads the formatted reference that replaced it — in the packaged extension
// against the local Zenodo server.
// Run: NODE_OPTIONS='--import tsx' npx mocha --no-config --timeout 300000 test/browser/citations.test.mjs
// Saves .test-artifacts/screenshots/citation-hover.png and insert-citation.png for the README.
/* global describe, it, before, after, afterEach */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkbench } from './helpers.mjs';
import { packageVsix } from './vsix.mjs';
import { REPO } from '../../scripts/host/paths.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('browser: cite', function () {
  this.timeout(300_000);
  let server;
  let wb;
  let dir;
  let older;

  before(async function () {
    const { startZenodoServer } = await import('../zenodo-server/index.ts');
    server = await startZenodoServer({ rateLimits: false, fixturesDir: join(REPO, 'test/fixtures/zenodo') });
    older = server.corpus.notable.softwareOlderVersion;
    dir = mkdtempSync(join(tmpdir(), 'zenodo-cite-browser-'));
    writeFileSync(join(dir, 'notes.md'), `# Notes\n\nscikit-learn: 10.5281/zenodo.${older}\n\nData: 10.5281/zenodo.4924875`);
    const vsix = packageVsix();
    wb = await openWorkbench({ vsix, workspace: dir, settings: { 'zenodo.baseUrl': server.url, 'zenodo.citation.defaultVersion': 'ask', 'zenodo.citation.style': 'apa' } });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) console.log(`      screenshot: ${await wb.screenshot(`failed-cite-${this.currentTest.title}`)}`);
  });

  after(async function () {
    await wb?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function openFile(name) {
    await wb.runCommand('Go to File...').catch(async () => wb.page.keyboard.press('Control+P'));
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(name);
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 15_000 });
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.monaco-editor .view-lines', { hasText: 'Notes' }).first().waitFor({ timeout: 15_000 });
  }

  const editorText = () => wb.page.locator('.monaco-editor .view-lines').first().evaluate((el) => [...el.querySelectorAll('.view-line')]
    .map((l) => ({ top: parseFloat(l.style.top) || 0, text: (l.textContent ?? '').replace(/\u00a0/g, ' ') }))
    .sort((a, b) => a.top - b.top).map((l) => l.text).join('\n'));

  it('hovering an older version\'s DOI says a newer version exists, with its DOI', async function () {
    await openFile('notes.md');
    const doi = wb.page.locator('.monaco-editor .view-line span', { hasText: `zenodo.${older}` }).first();
    await doi.waitFor({ timeout: 10_000 });
    // The span may hold the whole line ("scikit-learn: 10.5281/…"): point near its end, on the DOI.
    const box = await doi.boundingBox();
    const onDoi = { x: Math.max(5, box.width - 25), y: box.height / 2 };
    const hover = wb.page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /A\s+newer\s+version\s+exists/ }); // (the hover writes spaces as no-break spaces)
    // Pointing with the mouse, and — as a keyboard user does — the cursor on the DOI and
    // "Show or Focus Hover" (the headless browser does not always deliver the pointer's hover).
    await doi.hover({ position: onDoi });
    await hover.waitFor({ timeout: 5000 }).catch(() => undefined);
    for (let i = 0; i < 3 && !(await hover.isVisible().catch(() => false)); i++) {
      await doi.click({ position: onDoi });
      await wb.runCommand('Show or Focus Hover');
      await hover.waitFor({ timeout: 8000 }).catch(() => undefined);
    }
    const text = (await hover.first().textContent()).replace(/\u00a0/g, ' ');
    assert.match(text, /scikit-learn/);
    assert.match(text, /A newer version exists: 1\.9\.1, 2026-09-11 — 10\.5281\/zenodo\.22705923/);
    assert.match(text, /Open Details/);
    assert.match(text, /Insert Citation/);
    await wb.screenshot('citation-hover');
    await wb.page.keyboard.press('Escape');
  });

  it('Insert Citation… on a DOI asks which version and puts the formatted reference in its place', async function () {
    // The cursor on the dataset DOI (the last line): Ctrl+End.
    await wb.page.locator('.monaco-editor .view-lines').first().click();
    await wb.page.keyboard.press('Control+End');
    await wb.runCommand('Zenodo: Insert Citation…');
    const pick = wb.page.locator('.quick-input-widget', { hasText: 'Cite which version' });
    await pick.waitFor({ timeout: 30_000 }).catch(async (e) => {
      throw new Error(`${e.message}\nnotifications: ${JSON.stringify(await wb.readNotifications())}`);
    });
    const rows = await wb.page.locator('.quick-input-widget .monaco-list-row').allTextContents();
    assert.ok(rows.some((r) => r.startsWith('This version')), JSON.stringify(rows));
    assert.ok(rows.some((r) => r.startsWith('All versions')), JSON.stringify(rows));
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'This version' }).first().click();
    await wb.waitForNotification(/Inserted the citation of “Test data for the Pooch library”/, { timeout: 30_000 });
    let text = '';
    for (let i = 0; i < 20; i++) {
      text = await editorText();
      if (text.includes('Uieda')) break;
      await sleep(250);
    }
    assert.match(text.replace(/\n(?!\n)/g, ''), /Data: Uieda, L\. \(2021\)\. Test data for the Pooch library \(Version 1\)|Data: Uieda, L\. \(2021\)\. Test data for the Pooch library \(1\)/);
    // (The editor wraps the long line: read it without the wrap.)
    assert.match(text.replace(/\n(?!\n)/g, ''), /https:\/\/doi\.org\/10\.5281\/zenodo\.4924875/);
    assert.doesNotMatch(text, /Data: 10\.5281/, 'the DOI was replaced');
    await wb.screenshot('insert-citation');
  });
});
