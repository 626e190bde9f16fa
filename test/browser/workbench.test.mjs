// The browser tier: the packaged .vsix installed into the offline VS Code host, looked at and used
// as a person would (command palette, activity bar, notifications), in headless Chromium.
// Commands and views are read from package.json at run time, never hard-coded.
/* global describe, it, before, after, afterEach */
import assert from 'node:assert/strict';
import { manifest, openWorkbench } from './helpers.mjs';
import { packageVsix, vsixEntries } from './vsix.mjs';

describe('browser: the packaged extension in the workbench', function () {
  let vsix;
  let wb;

  before(async function () {
    vsix = packageVsix();
    wb = await openWorkbench({ vsix });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) {
      console.log(`      screenshot: ${await wb.screenshot(`failed-${this.currentTest.title}`)}`);
    }
  });

  after(async function () {
    await wb?.close();
  });

  it('the .vsix ships the bundles, and no sources, tests, maps or host files', function () {
    const files = vsixEntries(vsix).filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length));
    const main = manifest({ from: vsix }).pkg.main.replace(/^\.\//, '');
    assert.ok(files.includes('package.json'), 'no package.json');
    assert.ok(files.includes(main.endsWith('.js') ? main : `${main}.js`), `no ${main}`);
    const unwanted = files.filter((f) => /^(src|test|scripts|node_modules|\.vscode-host|\.test-artifacts|\.ci|dist\/test)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts'));
    assert.deepEqual(unwanted, []);
  });

  it('the palette lists every Zenodo command of the installed .vsix', async function () {
    const { paletteCommands } = manifest({ from: vsix });
    if (paletteCommands.length === 0) this.skip(); // package.json declares no command yet
    const missing = [];
    for (const { label } of paletteCommands) {
      const items = await wb.paletteItems(label, { expect: label });
      if (!items.includes(label)) missing.push(`${label} (palette offered ${JSON.stringify(items.slice(0, 5))})`);
    }
    await wb.screenshot('palette');
    assert.deepEqual(missing, []);
  });

  it('the activity bar shows the Zenodo view container', async function () {
    const { pkg, nls } = manifest({ from: vsix });
    const containers = pkg.contributes?.viewsContainers?.activitybar ?? [];
    if (containers.length === 0) this.skip();
    const title = containers[0].title.replace(/^%(.+)%$/, (m, k) => nls[k] ?? m);
    const item = wb.page.locator(`.part.activitybar .action-item a[aria-label^="${title}"], .part.activitybar .action-item[aria-label^="${title}"]`);
    await item.first().waitFor({ timeout: 20_000 });
    await wb.screenshot('activity-bar');
  });

  it('shows no error notification on start-up', async function () {
    const errors = (await wb.readNotifications()).filter((n) => n.severity === 'error');
    assert.deepEqual(errors, []);
  });
});
