// Issue 11: long operations cancel cleanly. The test cancels the progress token the way the
// notification's Cancel button does: `vscode.window.withProgress` is wrapped (the test shares the
// extension's API object) so each task gets a token the test can cancel, alongside VS Code's own.
// Cancelling must abandon the request in flight (the server never got to answer it), leave no file
// or document changed, and show no error (cancelling is not a failure).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ZenodoExtensionApi } from '../../src/extension';
import type { FileEntry } from '../../src/core/models';
import type { ZenodoServer } from '../zenodo-server';
import { extensionApi, restoreWorkbench, useLocalZenodo, waitFor } from './support';

describe('faults: cancelling long operations', function () {
  this.timeout(60_000);
  let server: ZenodoServer;
  let api: ZenodoExtensionApi;
  let n: ZenodoServer['corpus']['notable'];
  let dir: string;
  const sources: vscode.CancellationTokenSource[] = [];
  const errors: string[] = [];
  const restore: Array<() => void> = [];

  before(async () => {
    api = await extensionApi();
    server = await useLocalZenodo();
    n = server.corpus.notable;
    await vscode.workspace.getConfiguration('zenodo.checks').update('enabled', false, vscode.ConfigurationTarget.Global);
    const w = vscode.window as unknown as Record<string, (...a: any[]) => any>;
    const withProgress = w.withProgress;
    w.withProgress = function (this: unknown, options: vscode.ProgressOptions, task: (p: unknown, t: vscode.CancellationToken) => Thenable<unknown>) {
      return withProgress.call(this, options, (progress: unknown, token: vscode.CancellationToken) => {
        const cts = new vscode.CancellationTokenSource();
        token.onCancellationRequested(() => cts.cancel());
        if (options.cancellable) sources.push(cts);
        return task(progress, cts.token);
      });
    };
    restore.push(() => (w.withProgress = withProgress));
    const showError = w.showErrorMessage;
    w.showErrorMessage = function (this: unknown, ...args: unknown[]) {
      errors.push(String(args[0]));
      return showError.apply(this, args);
    };
    restore.push(() => (w.showErrorMessage = showError));
    dir = fs.mkdtempSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'cancel-'));
  });
  beforeEach(async () => {
    server.faults.clear();
    (await api.services.zenodo.client()).scheduler.clearCache();
    server.resetRequests();
    sources.length = 0;
    errors.length = 0;
  });
  after(async () => {
    for (const r of restore) r();
    await restoreWorkbench(api, server, dir);
  });

  /** Wait for a request to reach the server (still unanswered: the fault delays it), then cancel. */
  async function cancelWhenRequested(pathRe: RegExp): Promise<ZenodoServer['requests'][number]> {
    const req = await waitFor('the request to reach the server', () => server.requests.find((r) => pathRe.test(r.path)));
    await waitFor('a cancellable progress', () => sources.length > 0);
    for (const s of sources) s.cancel();
    return req;
  }

  it('file download: cancelled from its progress, no file and no partial file, no error', async () => {
    // The file list of a record comes before the fault (the tree would show it).
    const file = (await (await api.services.zenodo.client()).getRecordFiles(n.dataset)).find((f) => f.key === 'tiny-data.txt') as FileEntry;
    const target = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'tiny-data.txt');
    fs.rmSync(target, { force: true });
    server.faults.set({ kind: 'latency', ms: 4000, path: '/content' });
    const pending = vscode.commands.executeCommand<vscode.Uri | undefined>('zenodo.downloadFile', { file });
    const req = await cancelWhenRequested(/\/content$/);
    assert.strictEqual(await pending, undefined);
    assert.strictEqual(req.status, 0, 'the download was awaited to its end instead of cancelled');
    assert.ok(!fs.existsSync(target), 'a cancelled download left a file');
    assert.ok(!fs.existsSync(`${target}.zenodo-part`), 'a cancelled download left a partial file');
    assert.deepStrictEqual(errors, []);
  });

  it('update citations in workspace: cancelled during the look-up, no document changed, no error', async function () {
    if (!(await vscode.commands.getCommands(true)).includes('zenodo.updateCitationsInWorkspace')) this.skip();
    const file = path.join(dir, 'update', 'paper.md');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const text = `Old: 10.5281/zenodo.${n.softwareOlderVersion}\n`;
    fs.writeFileSync(file, text);
    server.faults.set({ kind: 'latency', ms: 4000, path: '^/api/records' });
    const include = `${path.basename(dir)}/update/**`;
    const pending = vscode.commands.executeCommand('zenodo.updateCitationsInWorkspace', { confirm: false, include });
    const req = await cancelWhenRequested(/^\/api\/records/);
    assert.strictEqual(await pending, undefined);
    assert.strictEqual(req.status, 0, 'the look-up was awaited to its end instead of cancelled');
    assert.strictEqual(fs.readFileSync(file, 'utf8'), text);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
    assert.ok(!doc || (doc.getText() === text && !doc.isDirty), 'a cancelled update changed the document');
    assert.deepStrictEqual(errors, []);
  });

  it('check citations in workspace: cancelled during the look-up, no error; the next check works', async function () {
    if (!(await vscode.commands.getCommands(true)).includes('zenodo.checkCitationsInWorkspace')) this.skip();
    const file = path.join(dir, 'check', 'paper.md');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `Old: 10.5281/zenodo.${n.fiftyVersions.oldest}\n`);
    server.faults.set({ kind: 'latency', ms: 4000, path: '^/api/records' });
    const include = `${path.basename(dir)}/check/**`;
    const pending = vscode.commands.executeCommand('zenodo.checkCitationsInWorkspace', { include });
    const req = await cancelWhenRequested(/^\/api\/records/);
    assert.strictEqual(await pending, undefined);
    assert.strictEqual(req.status, 0, 'the check was awaited to its end instead of cancelled');
    assert.deepStrictEqual(errors, []);
    server.faults.clear();
    const again = await vscode.commands.executeCommand<{ references: number }>('zenodo.checkCitationsInWorkspace', { include });
    assert.strictEqual(again?.references, 1);
    await waitFor('the diagnostic', () => vscode.languages.getDiagnostics(vscode.Uri.file(file)).some((d) => d.source === 'Zenodo'));
  });

  it('search: a new query cancels the one in flight (its request is abandoned, its rows never shown)', async () => {
    const { search } = api.sidebar;
    server.faults.set({ kind: 'latency', ms: 4000, path: 'q=cancelme' });
    search.search('cancelme');
    const old = search.getChildren();
    const req = await waitFor('the search to reach the server', () => server.requests.find((r) => r.query.q === 'cancelme'));
    search.search('climate');
    assert.deepStrictEqual(await old, []);
    assert.strictEqual(req.status, 0);
    assert.ok((await search.getChildren()).some((r) => r.kind === 'record'));
    search.reset();
  });

  it('details panel: closing it while it loads abandons the request, without an error', async () => {
    server.faults.set({ kind: 'latency', ms: 4000, path: `^/api/records/${n.dataset}$` });
    const pending = vscode.commands.executeCommand('zenodo.openRecord', n.dataset);
    const req = await waitFor('the record request', () => server.requests.find((r) => r.path === `/api/records/${n.dataset}`));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await pending;
    assert.strictEqual(req.status, 0, 'the closed panel still waited for its record');
    const hook = (globalThis as Record<symbol, unknown>)[Symbol.for('zenodo-vscode.panels')] as { snapshots(): { recordId: string }[] };
    assert.ok(!hook.snapshots().some((s) => s.recordId === n.dataset), 'the closed panel is still tracked');
    assert.deepStrictEqual(errors, []);
  });
});

/** Revert every dirty document (code-server has no "Revert All"). */
