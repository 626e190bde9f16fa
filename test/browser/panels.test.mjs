// Browser tier, issue 5: a person opens a record's details and its statistics from the palette, in
// the packaged extension against the local Zenodo server, and reads the webviews (iframes of the
// workbench page). A record full of hostile HTML renders inert: no script of it runs (a global the
// payload's handlers would set stays unset, no dialog opens), its markup is gone from the DOM, and
// the Content Security Policy is in force (an injected inline script is refused).
// Run: NODE_OPTIONS='--import tsx' npx mocha --no-config --timeout 300000 test/browser/panels.test.mjs
// Saves .test-artifacts/screenshots/record-panel.png and stats-panel.png for the README.
/* global describe, it, before, after, afterEach, document, window */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openWorkbench } from './helpers.mjs';
import { packageVsix } from './vsix.mjs';
import { REPO } from '../../scripts/host/paths.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nf = new Intl.NumberFormat('en');

/**
 * Runs in every frame before its own scripts (Playwright init script): whatever the record's
 * markup would run — alert(), confirm(), prompt(), or code that sets a global — leaves a mark.
 */
function tripwire() {
  const mark = () => {
    window.__pwned = (window.__pwned || 0) + 1;
  };
  window.alert = mark;
  window.confirm = mark;
  window.prompt = mark;
}

describe('browser: record and statistics panels', function () {
  this.timeout(300_000);
  let server;
  let wb;
  const dialogs = [];

  before(async function () {
    const { startZenodoServer } = await import('../zenodo-server/index.ts');
    server = await startZenodoServer({ rateLimits: false, fixturesDir: join(REPO, 'test/fixtures/zenodo') });
    const vsix = packageVsix();
    wb = await openWorkbench({ vsix, settings: { 'zenodo.baseUrl': server.url } });
    await wb.page.addInitScript(tripwire);
    wb.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss().catch(() => {});
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) console.log(`      screenshot: ${await wb.screenshot(`failed-panels-${this.currentTest.title}`)}`);
  });

  after(async function () {
    await wb?.close();
    await server?.close();
  });

  /** The webview frame of a panel kind whose page shows `text` in `selector` (the webview is a nested iframe). */
  async function panelFrame(kind, selector, text, timeout = 45_000) {
    const until = Date.now() + timeout;
    let seen = [];
    while (Date.now() < until) {
      seen = [];
      for (const f of wb.page.frames()) {
        const got = await f.evaluate(([k, sel]) => (document.body?.dataset?.kind === k ? document.querySelector(sel)?.textContent ?? '' : null), [kind, selector]).catch(() => null);
        if (got === null) continue;
        seen.push(got);
        if (got.includes(text)) return f;
      }
      await sleep(300);
    }
    throw new Error(`no ${kind} panel shows "${text}" in ${selector}; ${kind} frames show ${JSON.stringify(seen)}`);
  }

  async function openFromPalette(title, reference) {
    await wb.runCommand(title);
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    // The first command activates the extension, which then asks for the reference.
    await wb.page.locator('.quick-input-widget', { hasText: 'A record id, a DOI or a record URL' }).waitFor({ timeout: 30_000 }).catch(async (e) => {
      throw new Error(`${e.message}\nnotifications: ${JSON.stringify(await wb.readNotifications())}`);
    });
    await input.fill(reference);
    await sleep(200);
    await wb.page.keyboard.press('Enter');
  }

  it('the record panel shows the fields of a real recording (22705923)', async function () {
    const id = '22705923';
    const rec = server.corpus.get(id);
    await openFromPalette('Zenodo: Open Record Details…', `https://doi.org/10.5281/zenodo.${id}`);
    const frame = await panelFrame('record', '#record-title', rec.title);
    await frame.locator('#s-versions li').first().waitFor({ timeout: 20_000 });
    const read = await frame.evaluate(() => ({
      title: document.querySelector('#record-title')?.textContent,
      meta: document.querySelector('#meta')?.textContent,
      creators: document.querySelector('#s-creators')?.textContent,
      files: [...document.querySelectorAll('#files tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
      versionsHeading: document.querySelector('#h-versions')?.textContent,
      versions: document.querySelectorAll('#versions li').length,
      current: document.querySelector('#versions [aria-current="page"]')?.textContent,
      citation: document.querySelector('#citation-text')?.textContent,
      description: document.querySelector('#description')?.textContent,
      related: document.querySelector('#s-related')?.textContent,
    }));
    assert.equal(read.title, 'scikit-learn');
    assert.match(read.meta, /1\.9\.1/);
    assert.match(read.meta, /latest/);
    assert.match(read.meta, /10\.5281\/zenodo\.22705923/);
    assert.match(read.meta, /10\.5281\/zenodo\.591564/);
    assert.match(read.meta, /BSD 3-Clause/);
    assert.match(read.meta, /Software/);
    assert.match(read.meta, /Open access/);
    assert.match(read.creators, /The scikit-learn developers/);
    assert.deepEqual(read.files.map((r) => r.slice(0, 3)), [[rec.files[0].key, '8.68 MB', 'application/zip']]);
    assert.match(read.files[0][3], /^md5:[0-9a-f]{32}$/);
    const live = server.corpus.concepts.get(rec.conceptId).versions.filter((v) => !v.tombstone).length;
    assert.match(read.versionsHeading, new RegExp(`\\(${live}\\)`));
    assert.equal(read.versions, 25);
    assert.match(read.current, /1\.9\.1/);
    // The citation box: APA by default (zenodo.citation.style), BibTeX on picking it.
    assert.match(read.citation, /The scikit-learn developers\.? \(2026\)\. scikit-learn/);
    assert.match(read.citation, /https:\/\/doi\.org\/10\.5281\/zenodo\.22705923/);
    await frame.locator('#citation-style').selectOption('bibtex');
    await frame.waitForFunction(() => document.querySelector('#citation-text')?.textContent?.startsWith('@'), null, { timeout: 20_000 });
    assert.match(await frame.locator('#citation-text').textContent(), /^@software\{[^,]+,[\s\S]*doi\s*= \{10\.5281\/zenodo\.22705923\}/);
    await frame.locator('#citation-style').selectOption('apa');
    await frame.waitForFunction(() => !document.querySelector('#citation-text')?.textContent?.startsWith('@'), null, { timeout: 20_000 });
    assert.match(read.description, /pip install -U scikit-learn/);
    assert.match(read.related, /github\.com\/scikit-learn/);
    await wb.screenshot('record-panel');
  });

  it('the statistics panel shows this version and all versions, and a chart of every version', async function () {
    const id = '22705923';
    const rec = server.corpus.get(id);
    await openFromPalette('Zenodo: Show Record Statistics…', id);
    const frame = await panelFrame('stats', '#stats-title', rec.title);
    await frame.locator('#figures').waitFor({ timeout: 20_000 });
    const read = await frame.evaluate(() => ({
      rows: Object.fromEntries([...document.querySelectorAll('#figures tbody tr')].map((tr) => [tr.dataset.key, [...tr.querySelectorAll('td')].map((td) => td.textContent)])),
      tooltip: document.querySelector('#figures tr[data-key="uniqueViews"] th')?.getAttribute('title'),
      bars: document.querySelectorAll('#chart g.version').length,
      current: document.querySelectorAll('#chart g.version.current').length,
      fetched: document.querySelector('#fetched-at time')?.getAttribute('datetime'),
      perVersion: document.querySelectorAll('#per-version tbody tr').length,
    }));
    assert.deepEqual(read.rows.views, [nf.format(rec.stats.views), nf.format(rec.allVersionsStats.views)]);
    assert.deepEqual(read.rows.uniqueViews, [nf.format(rec.stats.unique_views), nf.format(rec.allVersionsStats.unique_views)]);
    assert.deepEqual(read.rows.downloads, [nf.format(rec.stats.downloads), nf.format(rec.allVersionsStats.downloads)]);
    assert.deepEqual(read.rows.uniqueDownloads, [nf.format(rec.stats.unique_downloads), nf.format(rec.allVersionsStats.unique_downloads)]);
    assert.ok(read.rows.dataVolume, 'data volume is shown when the repository reports it');
    assert.match(read.tooltip, /[Uu]nique/);
    const live = server.corpus.concepts.get(rec.conceptId).versions.filter((v) => !v.tombstone).length;
    assert.equal(read.bars, live);
    assert.equal(read.perVersion, live);
    assert.equal(read.current, 1);
    assert.ok(Math.abs(Date.now() - Date.parse(read.fetched)) < 10 * 60_000, `fetched at ${read.fetched}`);
    await wb.screenshot('stats-panel');
  });

  it('hostile HTML in a record renders inert, under a strict CSP', async function () {
    const id = server.corpus.notable.hostile;
    const rec = server.corpus.get(id);
    await openFromPalette('Zenodo: Open Record Details…', id);
    const frame = await panelFrame('record', '#description', 'End of hostile content.');
    await sleep(1500); // give any handler (onerror, onload, onfocus, ontoggle) time to fire
    const read = await frame.evaluate(() => {
      const all = [...document.querySelectorAll('*')];
      return {
        pwned: window.__pwned ?? null,
        title: document.querySelector('#record-title')?.textContent,
        keywords: [...document.querySelectorAll('#s-keywords li')].map((li) => li.textContent),
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
        scripts: [...document.scripts].map((s) => ({ src: s.getAttribute('src'), nonce: !!s.nonce, inline: !s.src, text: s.src ? '' : s.textContent.slice(0, 120) })),
        handlers: all.filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).map((el) => el.outerHTML.slice(0, 80)),
        badUrls: all.flatMap((el) => [...el.attributes].filter((a) => /^(href|src|action|data|xlink:href|formaction)$/i.test(a.name) && /^\s*(javascript|data|vbscript):/i.test(a.value)).map((a) => a.value)),
        active: document.querySelectorAll('#app iframe, #app object, #app embed, #app form, #app style, #app svg:not(#chart), #app math, #app base, #app meta, #app link').length,
      };
    });
    assert.equal(read.pwned, null, 'a script of the record ran');
    assert.deepEqual(dialogs, [], 'a dialog opened');
    // The tripwire is live in this frame (so "nothing ran" above means something).
    const probe = await frame.evaluate(() => {
      window.alert('probe');
      const hit = window.__pwned;
      delete window.__pwned;
      return hit ?? null;
    });
    assert.ok(probe === 1 || dialogs.includes('probe'), 'the tripwire does not see alert() in the panel');
    dialogs.length = 0;
    assert.equal(read.title, rec.title, 'the hostile title is shown as text');
    assert.ok(read.keywords.includes('<script>alert("kw")</script>'), 'keywords are shown as text');
    assert.deepEqual(read.handlers, []);
    assert.deepEqual(read.badUrls, []);
    assert.equal(read.active, 0);
    // VS Code itself injects one script (acquireVsCodeApi); every other script is the bundle, by nonce.
    const ours = read.scripts.filter((x) => !(x.inline && /globalThis\.acquireVsCodeApi/.test(x.text)));
    assert.equal(ours.length, 1, JSON.stringify(read.scripts));
    assert.ok(ours[0].nonce && /\/dist\/webview\/panel\.js$/.test(ours[0].src), JSON.stringify(ours[0]));
    assert.match(read.csp, /default-src 'none'/);
    assert.match(read.csp, /script-src 'nonce-[A-Za-z0-9]+'(;|$)/);
    assert.doesNotMatch(read.csp, /unsafe-inline|unsafe-eval/);

    // The CSP is in force, not just written: an inline script injected into the page is refused.
    const enforced = await frame.evaluate(async () => {
      const violations = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true;';
      document.body.append(s);
      const img = document.createElement('img');
      img.src = 'http://127.0.0.1:9/insecure.png';
      document.body.append(img);
      await new Promise((r) => setTimeout(r, 300));
      return { inlineRan: window.__inlineRan === true, violations };
    });
    assert.equal(enforced.inlineRan, false, 'an inline script ran: the CSP is not in force');
    assert.ok(enforced.violations.some((v) => /script-src/.test(v)), `violations: ${enforced.violations}`);
    assert.ok(enforced.violations.some((v) => /img-src/.test(v)), `violations: ${enforced.violations}`);
  });

  it('a reload brings the panels back from their saved reference (the serializer refetches)', async function () {
    server.resetRequests();
    await wb.page.reload({ waitUntil: 'domcontentloaded' });
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const rec = server.corpus.get('22705923');
    // The editors come back; a restored webview renders once its tab is shown.
    const tab = wb.page.locator('.tabs-container .tab', { hasText: 'scikit-learn' }).first();
    await tab.waitFor({ timeout: 60_000 });
    await tab.click();
    await panelFrame('record', '#record-title', rec.title, 60_000);
    assert.ok(server.requests.some((r) => r.path === '/api/records/22705923'), 'the record was not refetched');
  });
});
