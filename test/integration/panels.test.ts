// Issue 5: the record and statistics panels in a real VS Code. One panel per record (a second
// open re-focuses it, no duplicate, no refetch), the state kept for a reload is only the record
// reference (what the page's getState() really holds), the serializer refetches on revive, the
// statistics panel fetches every version's figures in as few pages as the API allows, and with no
// argument the command uses the reference under the cursor.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ZenodoServer } from '../zenodo-server';
import { extensionApi, resetBaseUrl, useLocalZenodo, waitFor } from './support';

interface Snapshot { kind: 'record' | 'stats'; recordId: string; persisted: unknown; loaded: boolean; error?: string; title: string }
interface PanelsHook {
  snapshots(): Snapshot[];
  revive(kind: 'record' | 'stats', panel: vscode.WebviewPanel, state: unknown): Promise<void>;
}

function hook(): PanelsHook {
  const h = (globalThis as Record<symbol, unknown>)[Symbol.for('zenodo-vscode.panels')] as PanelsHook | undefined;
  assert.ok(h, 'the panels are not loaded (no test hook)');
  return h;
}

function webviewTabs(viewType: string): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    // (duck-typed: the tab inputs come from another copy of the API classes than this bundle sees)
    .filter((t) => String((t.input as { viewType?: unknown } | undefined)?.viewType ?? '').endsWith(viewType));
}

/** Tabs reach the extension host a moment after a panel opens or closes. */
async function waitForTabs(viewType: string, n: number): Promise<void> {
  await waitFor(`${n} ${viewType} tab(s)`, () => webviewTabs(viewType).length === n).catch(() => undefined);
  assert.strictEqual(webviewTabs(viewType).length, n, `${viewType} tabs`);
}

function panel(kind: Snapshot['kind'], recordId: string): Snapshot | undefined {
  return hook().snapshots().find((s) => s.kind === kind && s.recordId === recordId);
}

/** Wait until the panel of a record satisfies `ok`; returns its snapshot. */
function panelWhen(what: string, kind: Snapshot['kind'], recordId: string, ok: (s: Snapshot) => unknown): Promise<Snapshot> {
  return waitFor(what, () => {
    const s = panel(kind, recordId);
    return s && ok(s) ? s : undefined;
  });
}

/** A saved file (not an untitled buffer, which would make closing the editors ask to save). */
async function openFile(name: string, content: string): Promise<vscode.TextEditor> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zenodo-panels-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
}

describe('panels: record details and statistics', function () {
  this.timeout(60_000);
  let server: ZenodoServer;

  before(async () => {
    await extensionApi();
    server = await useLocalZenodo();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    await resetBaseUrl();
    await server?.close();
  });

  it('opens one panel per record: a second open re-focuses it without a duplicate or a refetch', async () => {
    server.resetRequests();
    await vscode.commands.executeCommand('zenodo.openRecord', '10.5281/zenodo.22705923');
    const first = await panelWhen('the record panel to load', 'record', '22705923', (p) => p.loaded);
    assert.strictEqual(first.title, 'scikit-learn');
    await waitForTabs('zenodo.record', 1);
    const recordRequests = () => server.requests.filter((r) => r.path === '/api/records/22705923').length;
    assert.strictEqual(recordRequests(), 1);

    // Focus something else, then open the same record by another reference form.
    await openFile('elsewhere.txt', 'elsewhere');
    await vscode.commands.executeCommand('zenodo.openRecord', { recordId: '22705923' });
    await vscode.commands.executeCommand('zenodo.openRecord', 'https://doi.org/10.5281/zenodo.22705923');
    await new Promise((r) => setTimeout(r, 300));
    await waitForTabs('zenodo.record', 1);
    assert.strictEqual(hook().snapshots().filter((s) => s.kind === 'record').length, 1);
    await waitFor('the record panel to be the active tab', () =>
      String((vscode.window.tabGroups.activeTabGroup.activeTab?.input as { viewType?: string } | undefined)?.viewType).endsWith('zenodo.record'));
    assert.strictEqual(recordRequests(), 1, 're-focusing refetched the record');
  });

  it('keeps only the record reference as the state the serializer restores from', async () => {
    await vscode.commands.executeCommand('zenodo.openRecord', '4924875');
    // The page reports what getState() holds after the extension asked it to persist.
    const s = await panelWhen('the page to persist its state', 'record', '4924875', (p) => p.persisted);
    assert.deepStrictEqual(s.persisted, { recordId: '4924875' });
  });

  it('revives a panel from its state by refetching the record (and ignores anything else in the state)', async () => {
    const id = server.corpus.notable.fiftyVersions.oldest;
    server.resetRequests();
    // What VS Code hands the serializer after a reload: a panel with the options it was created with.
    const root = vscode.Uri.joinPath((await extensionApi()).services.context.extensionUri, 'dist', 'webview');
    const restored = vscode.window.createWebviewPanel('zenodo.record', 'restoring', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [root] });
    await hook().revive('record', restored, { recordId: id, html: '<script>stale()</script>' });
    const s = await panelWhen('the revived panel to load', 'record', id, (p) => p.loaded);
    assert.strictEqual(s.title, server.corpus.get(id)!.title);
    assert.ok(server.requests.some((r) => r.path === `/api/records/${id}`), 'the record was not refetched');
    // (That the revived page keeps only the reference again is the previous test's page-side check;
    // a panel created here belongs to the test runner's API, whose webview code-server may not load.)
    // A state that is not a record reference closes the panel instead of showing anything.
    const junk = vscode.window.createWebviewPanel('zenodo.record', 'junk', vscode.ViewColumn.Active, {});
    let disposed = false;
    junk.onDidDispose(() => (disposed = true));
    await hook().revive('record', junk, { recordId: 'javascript:alert(1)' });
    assert.ok(disposed, 'a panel with a bad state was kept');
  });

  it('statistics: fetches every version\'s figures in ⌈versions / page size⌉ requests and shows one panel', async () => {
    const fifty = server.corpus.notable.fiftyVersions;
    const api = await extensionApi();
    const pageSize = (await api.services.zenodo.client()).maxPageSize;
    server.resetRequests();
    await vscode.commands.executeCommand('zenodo.showStatistics', { recordId: fifty.latest });
    await waitFor('the statistics panel to load', () => panel('stats', fifty.latest)?.loaded);
    const versionPages = server.requests.filter((r) => r.path === `/api/records/${fifty.latest}/versions`);
    assert.strictEqual(versionPages.length, Math.ceil(50 / pageSize), versionPages.map((r) => JSON.stringify(r.query)).join('\n'));
    assert.deepStrictEqual(versionPages.map((r) => r.query.size), versionPages.map(() => String(pageSize)));
    await waitForTabs('zenodo.stats', 1);
    await vscode.commands.executeCommand('zenodo.showStatistics', fifty.latest);
    await new Promise((r) => setTimeout(r, 300));
    await waitForTabs('zenodo.stats', 1);
  });

  it('with no argument, opens the record whose reference is under the cursor', async () => {
    const editor = await openFile('paper.md', 'Data: see https://doi.org/10.5281/zenodo.4924875.\n');
    const doc = editor.document;
    const at = doc.getText().indexOf('zenodo.4924875') + 3;
    editor.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at));
    await vscode.commands.executeCommand('zenodo.openRecord');
    await waitFor('the panel of the record under the cursor', () => panel('record', '4924875')?.loaded);
    await waitForTabs('zenodo.record', 1);
  });

  it('shows an error in the panel, not a crash, for a record that does not exist', async () => {
    await vscode.commands.executeCommand('zenodo.openRecord', '999999999');
    const s = await panelWhen('the panel to show an error', 'record', '999999999', (p) => p.error);
    assert.match(s.error!, /not found/i);
    assert.strictEqual(s.loaded, false);
    await waitForTabs('zenodo.record', 1);
  });
});
