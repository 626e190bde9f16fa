// Issue 11: the token never leaks. An authenticated session (token set through zenodo.setToken)
// goes through every feature — search, browse, details, statistics, resolve, insert, check, update,
// download, and failures that show error messages — and then every place a token could end up is
// searched for it: the extension's log history, the log files on disk, every message shown, the
// panels' saved state, every file in the workspace and the extension's storage folders, the
// settings, globalState and workspaceState, and the URLs of every request the server saw.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ZenodoExtensionApi } from '../../src/extension';
import type { SidebarNode } from '../../src/sidebar/nodes';
import type { ZenodoServer } from '../zenodo-server';
import { extensionApi, restoreWorkbench, useLocalZenodo, waitFor } from './support';

const TOKEN = 'test-token-123';

/** Every file under a folder (bounded), skipping what is not ours to read or too big to matter. */
function filesUnder(dir: string, out: string[] = [], depth = 0): string[] {
  if (depth > 8 || out.length > 5000 || !fs.existsSync(dir)) return out;
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) {
      if (d.name !== 'node_modules' && d.name !== '.git') filesUnder(p, out, depth + 1);
    } else if (d.isFile()) {
      out.push(p);
    }
  }
  return out;
}

function filesWithToken(files: string[]): string[] {
  return files.filter((f) => {
    try {
      const st = fs.statSync(f);
      return st.size < 50 * 1024 * 1024 && fs.readFileSync(f).includes(TOKEN);
    } catch {
      return false;
    }
  });
}

describe('secrets: the token never appears outside SecretStorage and the Authorization header', function () {
  this.timeout(120_000);
  let server: ZenodoServer;
  let api: ZenodoExtensionApi;
  let n: ZenodoServer['corpus']['notable'];
  let dir: string;
  const shown: string[] = [];
  const restore: Array<() => void> = [];

  before(async () => {
    api = await extensionApi();
    server = await useLocalZenodo();
    n = server.corpus.notable;
    await vscode.workspace.getConfiguration('zenodo.checks').update('enabled', false, vscode.ConfigurationTarget.Global);
    const w = vscode.window as unknown as Record<string, (...a: unknown[]) => Thenable<unknown>>;
    for (const fn of ['showErrorMessage', 'showWarningMessage', 'showInformationMessage'] as const) {
      const original = w[fn];
      w[fn] = function (this: unknown, ...args: unknown[]) {
        shown.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a) ?? '')).join(' '));
        if (args.some((a) => a && typeof a === 'object' && (a as { modal?: boolean }).modal)) return Promise.resolve(undefined);
        return original.apply(this, args);
      };
      restore.push(() => (w[fn] = original));
    }
    dir = fs.mkdtempSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'secrets-'));
  });
  after(async () => {
    for (const r of restore) r();
    await vscode.commands.executeCommand('zenodo.signOut');
    await restoreWorkbench(api, server, dir);
  });

  it('drives every feature signed in, then finds the token nowhere it must not be', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('zenodo.setToken', TOKEN), true);
    const client = await api.services.zenodo.client();
    assert.ok(client.authenticated, 'the session is not authenticated');
    server.resetRequests();

    // Search and browse (the restricted record is visible to its owner only: the token is in use).
    const { search } = api.sidebar;
    search.search(`recid:${n.softwareWithVersions}`);
    const rec = (await search.getChildren()).find((r): r is SidebarNode & { kind: 'record' } => r.kind === 'record');
    assert.ok(rec);
    const versions = (await search.getChildren(rec)).find((r) => r.kind === 'versions');
    assert.ok(versions);
    assert.ok((await search.getChildren(versions)).some((r) => r.kind === 'version'));
    search.search(`recid:${n.restricted}`);
    assert.ok((await search.getChildren()).some((r) => r.kind === 'record'), 'the owner does not see the restricted record');

    // Details and statistics panels (restricted record included).
    await vscode.commands.executeCommand('zenodo.openRecord', n.restricted);
    await vscode.commands.executeCommand('zenodo.showStatistics', n.softwareWithVersions);
    const hook = (globalThis as Record<symbol, unknown>)[Symbol.for('zenodo-vscode.panels')] as { snapshots(): Array<{ loaded: boolean; persisted: unknown; error?: string }> };
    await waitFor('the panels to load', () => hook.snapshots().length >= 2 && hook.snapshots().every((s) => s.loaded));
    await waitFor('the page to persist its state', () => hook.snapshots().some((s) => s.persisted)).catch(() => undefined);

    // Resolve, insert into a .bib, check and update the workspace, download a file.
    await vscode.commands.executeCommand('zenodo.resolveLatest', n.softwareOlderVersion, { action: 'none' });
    const bib = path.join(dir, 'refs.bib');
    fs.writeFileSync(bib, '');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(bib));
    const inserted = await vscode.commands.executeCommand<{ outcome: string }>('zenodo.insertCitation', { recordId: n.restricted, version: 'this' });
    assert.strictEqual(inserted?.outcome, 'inserted');
    fs.writeFileSync(path.join(dir, 'paper.md'), `Old: 10.5281/zenodo.${n.softwareOlderVersion}\n`);
    const include = `${path.basename(dir)}/**`;
    assert.ok(await vscode.commands.executeCommand('zenodo.checkCitationsInWorkspace', { include }));
    assert.ok(await vscode.commands.executeCommand('zenodo.updateCitationsInWorkspace', { confirm: false, include }));
    const files = await client.getRecordFiles(n.dataset);
    const target = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'tiny-data.txt');
    fs.rmSync(target, { force: true });
    assert.ok(await vscode.commands.executeCommand('zenodo.downloadFile', { file: files.find((f) => f.key === 'tiny-data.txt') }));
    fs.rmSync(target, { force: true });

    // Failures, whose messages and log lines must not carry it either.
    server.faults.set({ kind: 'status', code: 401 });
    (await api.services.zenodo.client()).scheduler.clearCache();
    await vscode.commands.executeCommand('zenodo.openRecord', n.fiftyVersions.latest);
    await vscode.commands.executeCommand('zenodo.copyDoi', n.fiftyVersions.oldest);
    server.faults.set({ kind: 'reset' });
    await vscode.commands.executeCommand('zenodo.insertCitation', { recordId: n.fiftyVersions.oldest, version: 'this' });
    server.faults.clear();
    assert.ok(shown.some((m) => /token|reach/i.test(m)), `the failures showed no message: ${shown.join(' | ')}`);

    // The session really used the token: as a Bearer header, never in a URL.
    const withAuth = server.requests.filter((r) => r.headers.authorization === `Bearer ${TOKEN}`);
    assert.ok(withAuth.length >= 8, `only ${withAuth.length} authenticated requests`);
    for (const r of server.requests) {
      assert.ok(!`${r.path}?${JSON.stringify(r.query)}`.includes(TOKEN), `the token is in a URL: ${r.path}`);
    }

    // ---------------------------------------------------------------- and now, look everywhere
    const places: Record<string, string[]> = {};
    const note = (where: string, hit: boolean | string[]) => {
      const list = Array.isArray(hit) ? hit : hit ? [where] : [];
      if (list.length) places[where] = list;
    };
    note('log history', api.services.logHistory.filter((l) => l.includes(TOKEN)));
    note('messages shown', shown.filter((m) => m.includes(TOKEN)));
    const citeHook = (globalThis as Record<symbol, unknown>)[Symbol.for('zenodo-vscode.citations')] as { messages: Array<{ message: string }> };
    note('citation messages', citeHook.messages.map((m) => m.message).filter((m) => m.includes(TOKEN)));
    note('panel state', JSON.stringify(hook.snapshots()).includes(TOKEN));
    const ctx = api.services.context;
    note('globalState', JSON.stringify(ctx.globalState.keys().map((k) => [k, ctx.globalState.get(k)])).includes(TOKEN));
    note('workspaceState', JSON.stringify(ctx.workspaceState.keys().map((k) => [k, ctx.workspaceState.get(k)])).includes(TOKEN));
    const settings = ['zenodo', 'zenodo.checks', 'zenodo.citation'].map((s) => JSON.stringify(vscode.workspace.getConfiguration(s))).join('');
    note('settings', settings.includes(TOKEN));
    note('open documents', vscode.workspace.textDocuments.filter((d) => d.getText().includes(TOKEN)).map((d) => d.uri.toString()));
    note('workspace files', filesWithToken(vscode.workspace.workspaceFolders!.flatMap((f) => filesUnder(f.uri.fsPath))));
    const storage = [ctx.globalStorageUri, ctx.storageUri, ctx.logUri].filter((u): u is vscode.Uri => !!u).map((u) => u.fsPath);
    note('extension storage and log folders', filesWithToken(storage.flatMap((d) => filesUnder(d))));
    // The whole logs folder of this session (the "Zenodo" channel's file and the extension host's log).
    const logsRoot = path.resolve(ctx.logUri.fsPath, '..', '..', '..');
    const logFiles = filesUnder(logsRoot).filter((f) => f.endsWith('.log'));
    assert.ok(logFiles.some((f) => /zenodo/i.test(fs.readFileSync(f, 'utf8'))), `no log on disk mentions Zenodo under ${logsRoot}: the search would prove nothing`);
    note('log files on disk', filesWithToken(logFiles));
    // The user's settings.json (next to globalStorage).
    const userDir = path.resolve(ctx.globalStorageUri.fsPath, '..', '..');
    note('user settings', filesWithToken(filesUnder(userDir, [], 6).filter((f) => f.endsWith('.json'))));
    assert.deepStrictEqual(places, {}, `the token was found in: ${JSON.stringify(places, null, 1)}`);
  });
});
