/**
 * The manifest and the package, checked in plain Node (issue 10):
 *  - every manifest string is localised (each `%key%` exists in package.nls.json, nothing unused,
 *    no user-visible manifest field written in English outside it);
 *  - every command has category "Zenodo"; every menu, keybinding and walkthrough button names a
 *    declared command; src/commandIds.ts and package.json agree both ways;
 *  - every setting is read somewhere in the editor layer;
 *  - walkthrough media exist; keybindings live under the Ctrl+Alt+Z chord;
 *  - README's tables match the manifest; l10n/bundle.l10n.json matches the sources;
 *  - the production .vsix (scripts/package.mjs) has the bundles the manifest and the lazy loaders
 *    name, and no sources, tests, fixtures, maps or CLI; the activation bundle stays within budget
 *    and without the citation engine or the panels, which the web bundle carries inside.
 * The host-side half (everything is registered in a real VS Code) is test/integration/manifest.test.ts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CommandId } from '../../src/commandIds';

const REPO = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(fs.readFileSync(path.join(REPO, 'package.nls.json'), 'utf8'));
const contributes = pkg.contributes;
const declared = new Set<string>(contributes.commands.map((c: { command: string }) => c.command));

/** Every string in an object tree, with the path that leads to it. */
function strings(o: unknown, at = ''): { at: string; value: string }[] {
  if (typeof o === 'string') return [{ at, value: o }];
  if (Array.isArray(o)) return o.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (o && typeof o === 'object') return Object.entries(o).flatMap(([k, v]) => strings(v, at ? `${at}.${k}` : k));
  return [];
}

function walk(dir: string, test: (f: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? walk(p, test) : test(p) ? [p] : [];
  });
}

describe('manifest: localisation', () => {
  const all = [...strings({ displayName: pkg.displayName, description: pkg.description }), ...strings(contributes, 'contributes')];

  it('every %key% of package.json exists in package.nls.json, and every nls key is used', () => {
    const used = new Set(all.map((s) => /^%(.+)%$/.exec(s.value)?.[1]).filter((k): k is string => !!k));
    assert.deepEqual([...used].filter((k) => !(k in nls)), [], 'keys missing from package.nls.json');
    assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), [], 'keys of package.nls.json nothing uses');
    for (const [k, v] of Object.entries(nls)) assert.ok(v.trim(), `package.nls.json ${k} is empty`);
  });

  it('user-visible manifest fields go through package.nls.json (category "Zenodo" is the one fixed name)', () => {
    const visible = /\.(title|name|description|markdownDescription|contextualTitle|contents|altText|label|enumDescriptions\[\d+\]|markdownEnumDescriptions\[\d+\])$/;
    const bare = all.filter((s) => (s.at === 'displayName' || s.at === 'description' || visible.test(s.at)) && !/^%.+%$/.test(s.value));
    assert.deepEqual(bare, []);
    for (const c of contributes.commands) assert.equal(c.category, 'Zenodo', `${c.command} has category ${c.category}`);
  });

  it('package.json points VS Code at the l10n bundle', () => {
    assert.equal(pkg.l10n, './l10n');
    assert.ok(fs.existsSync(path.join(REPO, 'l10n', 'bundle.l10n.json')));
  });

  it('l10n/bundle.l10n.json has every runtime string of the sources (npm run l10n)', async function () {
    this.timeout(120_000);
    const { buildBundle } = await import('../../scripts/l10n.mjs');
    const want = buildBundle() as Record<string, unknown>;
    const have = JSON.parse(fs.readFileSync(path.join(REPO, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(want).filter((k) => !(k in have)), [], 'strings missing from the bundle: run npm run l10n');
    assert.deepEqual(Object.keys(have).filter((k) => !(k in want)), [], 'strings no source uses any more: run npm run l10n');
    assert.ok(Object.keys(want).length > 100, `only ${Object.keys(want).length} strings found: the extraction is broken`);
  });

  it('the extraction sees calls through the `t` alias, not only vscode.l10n.t', async function () {
    this.timeout(60_000);
    const { collectMessages } = await import('../../scripts/l10n.mjs');
    const found = collectMessages() as Map<string, unknown>;
    // src/sidebar/index.ts declares `const t = vscode.l10n.t` and localises its sort labels with it.
    const src = fs.readFileSync(path.join(REPO, 'src/sidebar/index.ts'), 'utf8');
    const viaAlias = [...src.matchAll(/[^\w.]t\('((?:[^'\\]|\\.)+)'/g)].map((m) => m[1].replace(/\\'/g, "'"));
    assert.ok(viaAlias.length > 0, 'src/sidebar/index.ts no longer uses the alias: pick another file');
    assert.deepEqual(viaAlias.filter((s) => !found.has(s)), []);
  });
});

describe('runtime strings outside the translator', () => {
  it('every DataCite relation label of the panel view model has a localised entry (src/panels/labels.ts)', () => {
    const vm = fs.readFileSync(path.join(REPO, 'src/panels/viewModel.ts'), 'utf8');
    const block = vm.slice(vm.indexOf('const RELATIONS'), vm.indexOf('};', vm.indexOf('const RELATIONS')));
    const english = [...block.matchAll(/: '([^']+)'/g)].map((m) => m[1]);
    assert.ok(english.length > 20, 'RELATIONS moved: update this test');
    const labels = fs.readFileSync(path.join(REPO, 'src/panels/labels.ts'), 'utf8');
    assert.deepEqual(english.filter((e) => !labels.includes(`'${e}': t('${e}')`)), []);
  });
});

describe('manifest: commands, menus, keybindings, walkthrough', () => {
  it('package.json declares exactly the commands of src/commandIds.ts', () => {
    const ids = new Set<string>(Object.values(CommandId));
    const internal = [...declared].filter((c) => !ids.has(c) && !/^zenodo\.(sidebar|checks|panels|citations)\./.test(c));
    assert.deepEqual(internal, [], 'declared commands missing from CommandId');
    assert.deepEqual([...ids].filter((c) => !declared.has(c)), [], 'CommandId entries package.json does not declare');
  });

  it('every menu entry names a declared command', () => {
    const undeclared = Object.entries(contributes.menus as Record<string, { command?: string; submenu?: string }[]>)
      .flatMap(([menu, items]) => items.filter((i) => i.command && !declared.has(i.command)).map((i) => `${menu}: ${i.command}`));
    assert.deepEqual(undeclared, []);
  });

  it('commands that need a tree row are hidden from the palette', () => {
    const hidden = new Map<string, string>((contributes.menus.commandPalette ?? []).map((m: { command: string; when: string }) => [m.command, m.when]));
    for (const id of ['zenodo.copyFileLink', 'zenodo.downloadFile', 'zenodo.sidebar.loadMore', 'zenodo.sidebar.retry', 'zenodo.sidebar.toggleFacet']) {
      if (declared.has(id)) assert.equal(hidden.get(id), 'false', `${id} shows in the palette`);
    }
  });

  it('default keybindings: search and insert citation, under the Ctrl+Alt+Z (macOS Cmd+Alt+Z) chord only', () => {
    const kb = contributes.keybindings as { command: string; key: string; mac?: string; when?: string }[];
    const by = new Map(kb.map((k) => [k.command, k]));
    assert.ok(by.has('zenodo.searchRecords'));
    assert.ok(by.has('zenodo.insertCitation'));
    assert.match(by.get('zenodo.insertCitation')!.when ?? '', /editorTextFocus/);
    for (const k of kb) {
      assert.ok(declared.has(k.command), `${k.command} is not declared`);
      assert.match(k.key, /^ctrl\+alt\+z [a-z]$/, `${k.command}: ${k.key}`);
      assert.match(k.mac ?? '', /^cmd\+alt\+z [a-z]$/, `${k.command}: ${k.mac}`);
    }
    assert.equal(new Set(kb.map((k) => k.key)).size, kb.length, 'two keybindings share a key');
  });

  it('the walkthrough: five steps (search, open, cite, check, token), media that exist, buttons that run declared commands', () => {
    const [w] = contributes.walkthroughs;
    assert.deepEqual(w.steps.map((s: { id: string }) => s.id), ['search', 'openRecord', 'cite', 'check', 'token']);
    for (const s of w.steps) {
      const media = s.media.image ?? s.media.markdown ?? s.media.svg;
      assert.ok(fs.existsSync(path.join(REPO, media)), `${s.id}: ${media} is missing`);
      const text = nls[/^%(.+)%$/.exec(s.description)![1]];
      const links = [...text.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]);
      assert.ok(links.length > 0, `${s.id} has no button`);
      for (const l of links) assert.ok(declared.has(l), `${s.id} links to undeclared ${l}`);
      for (const e of s.completionEvents ?? []) {
        const cmd = /^onCommand:(.+)$/.exec(e)?.[1];
        if (cmd) assert.ok(declared.has(cmd), `${s.id} completes on undeclared ${cmd}`);
      }
    }
  });
});

describe('manifest: settings', () => {
  /** Editor-layer sources (the core never reads settings: it takes options). */
  const sources = walk(path.join(REPO, 'src'), (f) => f.endsWith('.ts') && !f.includes(`${path.sep}core${path.sep}`))
    .map((f) => ({ f, text: fs.readFileSync(f, 'utf8') }));

  /** True when some file reads `key`: getConfiguration(prefix) and the rest of the key as a literal. */
  function isRead(key: string): string | undefined {
    for (const { f, text } of sources) {
      const prefixes = [...text.matchAll(/getConfiguration\(\s*'([\w.]+)'/g)].map((m) => m[1]);
      for (const p of prefixes) {
        if (!key.startsWith(`${p}.`)) continue;
        const rest = key.slice(p.length + 1);
        if (new RegExp(`['\`]${rest.replace(/\./g, '\\.')}['\`]`).test(text)) return path.relative(REPO, f);
      }
      if (/getConfiguration\(\s*\)/.test(text) && text.includes(`'${key}'`)) return path.relative(REPO, f);
    }
    return undefined;
  }

  it('every setting is read somewhere in the editor layer', () => {
    const props = Object.keys(contributes.configuration.properties);
    assert.ok(props.length > 0);
    const unread = props.filter((k) => !isRead(k));
    assert.deepEqual(unread, []);
  });

  it('the check itself tells a read setting from an unread one', () => {
    assert.ok(isRead('zenodo.baseUrl'));
    assert.equal(isRead('zenodo.noSuchSetting'), undefined);
  });
});

describe('README tables', () => {
  it('the commands and settings tables match package.json (npm run readme:tables)', async () => {
    const { renderReadme } = await import('../../scripts/readme-tables.mjs');
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    assert.equal(readme, renderReadme(readme));
  });

  it('the tables list every command and setting', async () => {
    const { commandsTable, settingsTable } = await import('../../scripts/readme-tables.mjs');
    const c = commandsTable() as string;
    const s = settingsTable() as string;
    for (const cmd of declared) assert.ok(c.includes(`\`${cmd}\``), cmd);
    for (const k of Object.keys(contributes.configuration.properties)) assert.ok(s.includes(`\`${k}\``), k);
    assert.match(c, /Ctrl\+Alt\+Z S/);
  });
});

describe('the production .vsix (npm run package)', function () {
  this.timeout(300_000);
  let files: string[] = [];
  let bytes = 0;
  let vsix = '';
  let tmp = '';

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zenodo-vsix-test-'));
    const { packageExtension } = await import('../../scripts/package.mjs');
    const r = packageExtension({ out: path.join(tmp, 'zenodo-vscode.vsix') });
    files = r.files;
    bytes = r.bytes;
    vsix = r.vsix;
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function entryText(name: string): Promise<string> {
    const { zipRead } = await import('../../scripts/package.mjs');
    const data = zipRead(vsix, name);
    assert.ok(data, `${name} not in the .vsix`);
    return data.toString('utf8');
  }

  it('ships no sources, tests, fixtures, maps, CLI, screenshots or host files', () => {
    const unwanted = files.filter((f) => /^(src|test|scripts|node_modules|\.vscode-host|\.test-artifacts|\.ci|\.bench|dist\/test|media\/screenshots|media\/webview)\//.test(f)
      || /\.(map|ts|mjs|tsx)$/.test(f) || /fixture/i.test(f) || f === 'dist/cli.js' || /^\./.test(f));
    assert.deepEqual(unwanted, []);
    console.log(`      .vsix: ${(bytes / 1024).toFixed(0)} KiB, ${files.length} files`);
  });

  it('has the manifest, its strings, the l10n bundle, the walkthrough media and the bundles the manifest and lazy loaders name', () => {
    const want = ['package.json', 'package.nls.json', 'l10n/bundle.l10n.json', 'readme.md', 'changelog.md', 'LICENSE.txt', pkg.icon,
      pkg.main.replace(/^\.\//, ''), pkg.browser.replace(/^\.\//, ''), 'dist/webview/panel.js', 'dist/webview/panel.css'];
    // Every `require(path.join(__dirname, 'x.js'))` of the editor layer names a bundle that must ship.
    for (const f of walk(path.join(REPO, 'src'), (p) => p.endsWith('.ts'))) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/path\.join\(__dirname,\s*'([\w.-]+\.js)'\)/g)) want.push(`dist/${m[1]}`);
    }
    for (const s of contributes.walkthroughs[0].steps) want.push(s.media.image);
    const lower = new Set(files.map((f) => f.toLowerCase()));
    assert.deepEqual(want.filter((w) => !lower.has(w.toLowerCase())), []);
  });

  it('the activation bundle is minified, within 250 KB, without citation-js or the panels; the web bundle has both', async () => {
    const main = await entryText('extension/dist/extension.js');
    assert.ok(main.length <= 250 * 1024, `dist/extension.js is ${main.length} bytes`);
    assert.ok(main.split('\n').length < 50, 'dist/extension.js is not minified');
    assert.doesNotMatch(main, /citation-js|Citation\.js|sanitize-html|allowVulnerableTags/);
    assert.match(main, /citation\.js/, 'the node bundle should load dist/citation.js on first use');
    const web = await entryText('extension/dist/web/extension.js');
    assert.match(web, /Citation\.js/);
    assert.match(web, /allowVulnerableTags/);
    assert.doesNotMatch(web, /__dirname/);
  });

  it('the packaged manifest keeps the marketplace metadata', async () => {
    const m = JSON.parse(await entryText('extension/package.json'));
    assert.equal(m.repository.url, 'https://github.com/zenodo-vscode/zenodo-vscode');
    assert.ok(m.icon && m.galleryBanner && m.license && m.homepage && m.bugs);
    assert.ok(m.keywords.length > 5 && m.keywords.length <= 30);
    assert.ok(m.categories.length > 0);
  });
});
