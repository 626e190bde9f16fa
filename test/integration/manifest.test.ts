/**
 * Issue 10, in the real host: everything package.json contributes is registered and localised as
 * VS Code sees it (the static half — nls keys, categories, menus, settings read — is
 * test/unit/vsix.test.ts).
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { extensionApi, EXTENSION_ID, waitFor } from './support';

describe('manifest in the host', function () {
  this.timeout(60_000);
  let ext: vscode.Extension<unknown>;
  let pkg: any;

  before(async () => {
    await extensionApi();
    ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    pkg = ext.packageJSON;
  });

  it('every command of package.json is registered once the extension is active', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const declared: string[] = pkg.contributes.commands.map((c: { command: string }) => c.command);
    assert.ok(declared.length > 10);
    assert.deepStrictEqual(declared.filter((c) => !registered.has(c)), []);
  });

  it('every command the extension registers under zenodo. is declared (nothing hidden from the manifest)', async () => {
    const declared = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
    const views = [...Object.values(pkg.contributes.views as Record<string, { id: string }[]>)].flat().map((v) => v.id);
    // VS Code itself adds <view>.focus, <view>.resetViewLocation… for each view and the container.
    const generated = (c: string) => views.some((v) => c.startsWith(`${v}.`)) || /^workbench\.view\.extension\.zenodo/.test(c) || c.startsWith('zenodo.focus');
    const ours = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('zenodo.') && !generated(c));
    assert.deepStrictEqual(ours.filter((c) => !declared.has(c)), []);
  });

  it('every view of package.json exists in the workbench (its focus command opens it)', async () => {
    const views = Object.values(pkg.contributes.views as Record<string, { id: string }[]>).flat();
    for (const v of views) await vscode.commands.executeCommand(`${v.id}.focus`);
  });

  it('every setting is registered with the default package.json declares', () => {
    const props = pkg.contributes.configuration.properties as Record<string, { default?: unknown }>;
    const config = vscode.workspace.getConfiguration();
    for (const [key, p] of Object.entries(props)) {
      const inspected = config.inspect(key);
      assert.ok(inspected, `${key} is not registered`);
      assert.deepStrictEqual(inspected.defaultValue, p.default, `${key} default`);
    }
  });

  it('the host resolved every %key% of the manifest (nothing shows as a placeholder)', () => {
    const placeholders: string[] = [];
    const visit = (o: unknown, at: string) => {
      if (typeof o === 'string') {
        if (/^%[\w.-]+%$/.test(o)) placeholders.push(`${at}: ${o}`);
      } else if (o && typeof o === 'object') {
        for (const [k, v] of Object.entries(o)) visit(v, `${at}.${k}`);
      }
    };
    visit(pkg.contributes, 'contributes');
    visit({ displayName: pkg.displayName, description: pkg.description }, '');
    assert.deepStrictEqual(placeholders, []);
    assert.strictEqual(pkg.displayName, 'Zenodo');
    for (const c of pkg.contributes.commands) assert.strictEqual(c.category, 'Zenodo', c.command);
  });

  it('runtime strings come from the l10n bundle the manifest names', () => {
    assert.strictEqual(pkg.l10n, './l10n');
    // In English the bundle maps each message to itself; what matters is that VS Code found it.
    assert.ok(vscode.l10n.uri === undefined || vscode.l10n.uri.path.endsWith('.json'));
    assert.strictEqual(vscode.l10n.t('Retry'), 'Retry');
  });

  it('the default keybindings of search and insert citation reach VS Code, and nothing else uses their chord', async () => {
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const doc = await waitFor('the default keybindings', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d && d.uri.scheme === 'vscode' && /keybindings/.test(d.uri.path) ? d : undefined;
    });
    // The file is JSON with comments: a list of { key, command, when }.
    const entries = [...doc.getText().matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)].map((m) => ({ key: m[1], command: m[2] }));
    assert.ok(entries.length > 200, `only ${entries.length} default keybindings read`);
    const ours = entries.filter((e) => e.command.startsWith('zenodo.'));
    const declared = pkg.contributes.keybindings as { command: string; key: string; mac?: string }[];
    const isMac = process.platform === 'darwin';
    for (const k of declared) {
      const key = isMac ? k.mac ?? k.key : k.key;
      assert.ok(ours.some((e) => e.command === k.command && e.key === key), `${k.command} is not bound to ${key}`);
    }
    const chords = new Set(declared.map((k) => (isMac ? k.mac ?? k.key : k.key).split(' ')[0]));
    const clashes = entries.filter((e) => !e.command.startsWith('zenodo.') && chords.has(e.key.split(' ')[0]));
    assert.deepStrictEqual(clashes, []);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('the walkthrough is contributed and opens', async () => {
    const [w] = pkg.contributes.walkthroughs;
    assert.strictEqual(w.title, 'Get started with Zenodo');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('no editor open', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).length === 0);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${w.id}`, false);
    await waitFor('the walkthrough editor', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => /Welcome|Walkthrough|Get started/i.test(t.label)));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
