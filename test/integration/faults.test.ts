// Issue 11: the fault matrix in the real extension host. Every user-facing operation (search,
// browse, details panel, statistics panel, resolve latest, insert citation, file download — and the
// checks' diagnostics and workspace update when that feature is registered) runs against every fault
// the local server can inject. Each cell checks that the operation either succeeds after the
// scheduler's bounded retries or ends with a clear message (an error row with a retry in the trees,
// the panel's error, a notification elsewhere); that no document or file was half-changed; that no
// unhandled rejection escaped; and that the operation works again once the fault clears.
//
// Kept fast: `zenodo.requestTimeoutSeconds` = 0.5, and the scheduler tuned to one retry with a short
// backoff (ZenodoService.tuneScheduler). Each cell starts with fresh schedulers (no cache, no stale
// copy, a fresh rate-limit budget) so cells cannot leak into each other.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ZenodoExtensionApi } from '../../src/extension';
import type { FileEntry } from '../../src/core/models';
import type { SidebarNode } from '../../src/sidebar/nodes';
import type { ZenodoServer } from '../zenodo-server';
import type { Fault } from '../zenodo-server/faults';
import { extensionApi, repoRoot, restoreWorkbench, revertAll, useLocalZenodo, waitFor } from './support';

type Kind<K extends SidebarNode['kind']> = SidebarNode & { kind: K };
const ofKind = <K extends SidebarNode['kind']>(rows: SidebarNode[], kind: K): Kind<K>[] => rows.filter((r): r is Kind<K> => r.kind === kind);

interface Told { level: 'error' | 'warning' | 'info'; text: string }
interface PanelSnapshot { kind: 'record' | 'stats'; recordId: string; loaded: boolean; error?: string; title: string }

/** The scheduler for the matrix: one retry, short waits. */
const TUNING = { backoffMs: 20, maxRetries: 1, maxWaitMs: 3000 };
const TIMEOUT_SECONDS = 0.5;

/**
 * The faults, with what a person must read when the fault does not go away, and whether one
 * occurrence is absorbed by the scheduler's retry (the operation then succeeds).
 */
interface FaultCase { name: string; fault: Fault; expect: RegExp; retried: boolean; core?: boolean }
const FAULTS: FaultCase[] = [
  { name: 'timeout', fault: { kind: 'latency', ms: 800 }, expect: /did not answer within \d+ s/, retried: true, core: true },
  { name: 'connection reset', fault: { kind: 'reset' }, expect: /Could not reach the repository/, retried: true },
  { name: '500 (HTML body)', fault: { kind: 'status', code: 500, html: true }, expect: /server error \(HTTP 500\)/, retried: false },
  { name: '502 (HTML body)', fault: { kind: 'status', code: 502 }, expect: /server error \(HTTP 502\)/, retried: true },
  { name: '503 (HTML body)', fault: { kind: 'status', code: 503 }, expect: /server error \(HTTP 503\)/, retried: true, core: true },
  { name: '504 (HTML body)', fault: { kind: 'status', code: 504 }, expect: /server error \(HTTP 504\)/, retried: true },
  { name: '429 burst with Retry-After', fault: { kind: 'burst429', retryAfter: 1 }, expect: /rate limit/i, retried: true, core: true },
  { name: 'malformed JSON', fault: { kind: 'malformed' }, expect: /could not be read/, retried: false, core: true },
  { name: 'truncated body (short)', fault: { kind: 'truncated', mode: 'short' }, expect: /could not be read/, retried: false },
  { name: 'truncated body (connection drops)', fault: { kind: 'truncated', mode: 'lie' }, expect: /Could not reach the repository|could not be read/, retried: true },
  { name: 'redirect loop', fault: { kind: 'redirectLoop' }, expect: /too many redirects/, retried: false },
  { name: '200 without the expected fields', fault: { kind: 'missingFields' }, expect: /could not be read/, retried: false, core: true },
];

/** What no message for a person may contain: stack traces, raw HTML, JS internals. */
const UNCLEAR = /<html|<\/?[a-z]+>|\bat \S+:\d+|TypeError|ReferenceError|Cannot read prop|undefined|\[object Object\]|NaN|SyntaxError|Unexpected token/;

function assertClear(message: string | undefined, expect: RegExp, where: string): void {
  assert.ok(message && message.trim(), `${where}: no message`);
  assert.doesNotMatch(message!, UNCLEAR, `${where}: unclear message: ${message}`);
  assert.match(message!, expect, `${where}: ${message}`);
  assert.ok(message!.length < 400, `${where}: message too long (${message!.length})`);
}

/** One operation under test: run it, and say whether it succeeded or what it told the person. */
interface Outcome { ok: boolean; message?: string; retryRow?: boolean }
interface Operation {
  name: string;
  /** Work done before the fault is switched on (e.g. loading the row that is then expanded). */
  prepare?(): Promise<void>;
  run(): Promise<Outcome>;
  /** The fault is gone: try again the way a person would (retry row, open again, run again). */
  recover(): Promise<Outcome>;
  /** Only requests to these paths are faulted (default: every API request). */
  path?: string;
  /** Checked after every cell: nothing half-changed. */
  intact?(): void;
  cleanup?(): Promise<void>;
  /** Absent features (checks) skip their cells. */
  available?(): Promise<boolean>;
  /** Download does its own single GET (no scheduler): faults end with a message, never retried. */
  retries?: boolean;
  /**
   * Every fault (the operations with their own HTTP path, and the cheapest ones through the shared
   * scheduler), or only one fault per error path (timeout, gateway error, rate limit, unreadable
   * body, missing fields): the other operations share the scheduler and client code the full rows prove.
   */
  full?: boolean;
  /** A different message for some faults (e.g. the download's own wording). */
  expectFor?(c: FaultCase): RegExp;
}

describe('faults: every operation under every fault', function () {
  this.timeout(120_000);
  let server: ZenodoServer;
  let api: ZenodoExtensionApi;
  let n: ZenodoServer['corpus']['notable'];
  let dir: string;
  const told: Told[] = [];
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  const restore: Array<() => void> = [];

  /** Messages shown since `mark`. */
  const shownSince = (mark: number) => told.slice(mark);

  before(async () => {
    api = await extensionApi();
    server = await useLocalZenodo();
    n = server.corpus.notable;
    await vscode.workspace.getConfiguration('zenodo').update('requestTimeoutSeconds', TIMEOUT_SECONDS, vscode.ConfigurationTarget.Global);
    // Background checks of opened documents would spend faults meant for the operation under test.
    await vscode.workspace.getConfiguration('zenodo.checks').update('enabled', false, vscode.ConfigurationTarget.Global);
    api.services.zenodo.tuneScheduler(TUNING);
    await waitFor('the client to use the local server', async () => (await api.services.zenodo.client()).baseUrl === server.url);
    process.on('unhandledRejection', onRejection);
    // Every notification the extension shows (the test shares the extension's `vscode` API object).
    const w = vscode.window as unknown as Record<string, (...a: unknown[]) => Thenable<unknown>>;
    for (const [fn, level] of [['showErrorMessage', 'error'], ['showWarningMessage', 'warning'], ['showInformationMessage', 'info']] as const) {
      const original = w[fn];
      w[fn] = function (this: unknown, ...args: unknown[]) {
        if (typeof args[0] === 'string') told.push({ level, text: args[0] });
        // Never leave a notification waiting for a click (a modal would block the test).
        if (args.some((a) => a && typeof a === 'object' && (a as { modal?: boolean }).modal)) return Promise.resolve(undefined);
        return original.apply(this, args);
      };
      restore.push(() => (w[fn] = original));
    }
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'the integration tier opens a workspace folder');
    dir = fs.mkdtempSync(path.join(root, 'faults-'));
  });

  after(async () => {
    server?.faults.clear();
    process.off('unhandledRejection', onRejection);
    for (const r of restore) r();
    // Leave the Search view as a new window has it (no query), for the suites that follow.
    api?.services.zenodo.tuneScheduler({});
    await vscode.workspace.getConfiguration('zenodo').update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await restoreWorkbench(api, server, dir);
  });

  /** Fresh schedulers and client: no cache, no stale copy, a fresh rate-limit budget. */
  const fresh = () => api.services.zenodo.tuneScheduler(TUNING);

  // ------------------------------------------------------------------ the operations

  const panelHook = () => (globalThis as Record<symbol, unknown>)[Symbol.for('zenodo-vscode.panels')] as { snapshots(): PanelSnapshot[] } | undefined;
  const panelOf = (kind: 'record' | 'stats', id: string) => panelHook()?.snapshots().find((s) => s.kind === kind && s.recordId === id);
  const panelOutcome = (kind: 'record' | 'stats', id: string): Outcome => {
    const s = panelOf(kind, id);
    assert.ok(s, `no ${kind} panel for ${id}`);
    return s.loaded ? { ok: true } : { ok: false, message: s.error };
  };
  const citeMessages = () => ((globalThis as Record<symbol, unknown>)[Symbol.for('zenodo-vscode.citations')] as { messages: { level: string; message: string }[] }).messages;

  /** The search tree: a query's first page. */
  const search: Operation = {
    name: 'search (Search view)',
    full: true,
    path: '^/api/records\\?',
    async run() {
      api.sidebar.search.search('climate');
      return treeOutcome(await api.sidebar.search.getChildren());
    },
    async recover() {
      const rows = await api.sidebar.search.getChildren();
      const retry = ofKind(rows, 'message').find((m) => m.retryListKey);
      if (retry) await vscode.commands.executeCommand('zenodo.sidebar.retry', retry);
      return treeOutcome(await api.sidebar.search.getChildren());
    },
    cleanup: async () => api.sidebar.search.reset(),
  };

  function treeOutcome(rows: SidebarNode[]): Outcome {
    const records = ofKind(rows, 'record').length + ofKind(rows, 'version').length + ofKind(rows, 'community').length;
    const status = ofKind(rows, 'message').find((m) => m.tone === 'error' || m.tone === 'rate-limited' || m.tone === 'offline');
    if (status) return { ok: false, message: status.text, retryRow: !!status.retryListKey };
    return { ok: records > 0 };
  }

  /** Browse: expanding a record's "Versions" row (the row is loaded before the fault). */
  let versionsRow: Kind<'versions'> | undefined;
  const browse: Operation = {
    name: 'browse (expand a record\'s versions)',
    path: '/versions',
    async prepare() {
      api.sidebar.search.search(`recid:${n.softwareWithVersions}`);
      const rec = ofKind(await api.sidebar.search.getChildren(), 'record')[0];
      assert.ok(rec, 'the record row to expand');
      versionsRow = ofKind(await api.sidebar.search.getChildren(rec), 'versions')[0];
      assert.ok(versionsRow, 'no Versions row');
    },
    async run() {
      return treeOutcome(await api.sidebar.search.getChildren(versionsRow));
    },
    async recover() {
      const rows = await api.sidebar.search.getChildren(versionsRow);
      const retry = ofKind(rows, 'message').find((m) => m.retryListKey);
      if (retry) await vscode.commands.executeCommand('zenodo.sidebar.retry', retry);
      return treeOutcome(await api.sidebar.search.getChildren(versionsRow));
    },
    cleanup: async () => api.sidebar.search.reset(),
  };

  const details: Operation = {
    name: 'details panel',
    async run() {
      await vscode.commands.executeCommand('zenodo.openRecord', n.dataset);
      return panelOutcome('record', n.dataset);
    },
    async recover() {
      // Opening again is the retry (the panel is revealed and, after a failure, loads again).
      await vscode.commands.executeCommand('zenodo.openRecord', n.dataset);
      return panelOutcome('record', n.dataset);
    },
    cleanup: () => closeEditors(),
  };

  const stats: Operation = {
    name: 'statistics panel',
    async run() {
      await vscode.commands.executeCommand('zenodo.showStatistics', n.softwareWithVersions);
      return panelOutcome('stats', n.softwareWithVersions);
    },
    async recover() {
      await vscode.commands.executeCommand('zenodo.showStatistics', n.softwareWithVersions);
      return panelOutcome('stats', n.softwareWithVersions);
    },
    cleanup: () => closeEditors(),
  };

  const resolve: Operation = {
    name: 'resolve latest',
    full: true,
    async run() {
      const r = await vscode.commands.executeCommand<{ status: string; message: string; latestId?: string }>('zenodo.resolveLatest', String(n.softwareOlderVersion), { action: 'none' });
      assert.ok(r, 'resolve returned nothing');
      if (r.status === 'superseded') {
        assert.strictEqual(r.latestId, n.softwareWithVersions);
        return { ok: true };
      }
      assert.strictEqual(citeMessages().at(-1)?.message, r.message, 'the message was not shown');
      return { ok: false, message: r.message };
    },
    async recover() {
      return this.run();
    },
  };

  const BIB = '% my references\n@misc{other, title = {Other}}\n';
  let bibEditor: vscode.TextEditor | undefined;
  let bibFiles = 0;
  const insert: Operation = {
    name: 'insert citation (.bib)',
    async prepare() {
      // A new file per cell: an editor closed after a cell keeps no document state for the next one.
      const file = path.join(dir, `refs-${++bibFiles}.bib`);
      fs.writeFileSync(file, BIB);
      bibEditor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      const end = bibEditor.document.positionAt(BIB.length);
      bibEditor.selection = new vscode.Selection(end, end);
    },
    async run() {
      const r = await vscode.commands.executeCommand<{ outcome: string; message: string }>('zenodo.insertCitation', { recordId: n.dataset, version: 'this' });
      assert.ok(r, 'insert returned nothing');
      if (r.outcome === 'inserted') {
        assert.match(bibEditor!.document.getText(), /^% my references\n@misc\{other, title = \{Other\}\}\n\n@dataset\{uieda_2021_4924875,[^]*doi {7}= \{10\.5281\/zenodo\.4924875\}/);
        return { ok: true };
      }
      assert.strictEqual(r.outcome, 'failed');
      return { ok: false, message: r.message };
    },
    async recover() {
      return this.run();
    },
    intact() {
      // Failed: not a character changed, not even marked dirty. Succeeded: exactly one entry appended.
      const text = bibEditor!.document.getText();
      if (text === BIB) assert.strictEqual(bibEditor!.document.isDirty, false, 'a failed insert left the document dirty');
      else assert.strictEqual((text.match(/@dataset\{/g) ?? []).length, 1, `half-changed or doubled: ${text}`);
    },
    cleanup: async () => {
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await closeEditors();
    },
  };

  let tinyFile: FileEntry | undefined;
  const tinyTarget = () => path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'tiny-data.txt');
  const TINY = '# A tiny data file for test purposes only\n1  2  3  4  5  6\n';
  const download: Operation = {
    name: 'file download',
    full: true,
    path: '/files/tiny-data\\.txt/content',
    retries: false,
    expectFor: (c) => ({
      timeout: /did not answer within/,
      'connection reset': /Could not reach the repository/,
      '500 (HTML body)': /download failed \(HTTP 500\)/,
      '502 (HTML body)': /download failed \(HTTP 502\)/,
      '503 (HTML body)': /download failed \(HTTP 503\)/,
      '504 (HTML body)': /download failed \(HTTP 504\)/,
      '429 burst with Retry-After': /download failed \(HTTP 429\)|rate limit/i,
      'malformed JSON': /is corrupt: its md5 is [0-9a-f]{32}, Zenodo lists [0-9a-f]{32}\. Nothing was saved/,
      'truncated body (short)': /is corrupt/,
      'truncated body (connection drops)': /Could not reach the repository/,
      'redirect loop': /too many redirects/,
      '200 without the expected fields': /is corrupt/,
    } as Record<string, RegExp>)[c.name] ?? c.expect,
    async prepare() {
      if (!tinyFile) tinyFile = (await (await api.services.zenodo.client()).getRecordFiles(n.dataset)).find((f) => f.key === 'tiny-data.txt');
      assert.ok(tinyFile, 'tiny-data.txt is not listed');
      fs.rmSync(tinyTarget(), { force: true });
    },
    async run() {
      const mark = told.length;
      const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('zenodo.downloadFile', { file: tinyFile });
      if (uri) {
        assert.strictEqual(fs.readFileSync(tinyTarget(), 'utf8'), TINY);
        return { ok: true };
      }
      const err = shownSince(mark).find((m) => m.level === 'error');
      return { ok: false, message: err?.text };
    },
    async recover() {
      return this.run();
    },
    intact() {
      // Never a partial or corrupt file under the real name, never a leftover temp file.
      if (fs.existsSync(tinyTarget())) assert.strictEqual(fs.readFileSync(tinyTarget(), 'utf8'), TINY, 'a corrupt download was saved');
      assert.ok(!fs.existsSync(`${tinyTarget()}.zenodo-part`), 'a partial download was left behind');
    },
    cleanup: async () => fs.rmSync(tinyTarget(), { force: true }),
  };

  // The checks: "Check Citations in Workspace" (diagnostics) and "Update Citations in Workspace".
  const OLD = () => n.softwareOlderVersion;
  const rel = (p: string) => `${path.basename(dir)}/${p}`;
  let checkFile: vscode.Uri | undefined;
  const check: Operation = {
    name: 'check citations (diagnostics)',
    available: async () => (await vscode.commands.getCommands(true)).includes('zenodo.checkCitationsInWorkspace'),
    async prepare() {
      checkFile = vscode.Uri.file(path.join(dir, 'check', 'paper.md'));
      fs.mkdirSync(path.dirname(checkFile.fsPath), { recursive: true });
      fs.writeFileSync(checkFile.fsPath, `Old: 10.5281/zenodo.${OLD()}\n`);
    },
    async run() {
      const mark = told.length;
      const r = await vscode.commands.executeCommand<{ files: number; references: number } | undefined>('zenodo.checkCitationsInWorkspace', { include: rel('check/**') });
      if (r) {
        assert.deepStrictEqual(r, { files: 1, references: 1, distinct: 1 });
        const diags = vscode.languages.getDiagnostics(checkFile!).filter((d) => d.source === 'Zenodo');
        assert.strictEqual(diags.length, 1, 'the superseded version has its diagnostic');
        return { ok: true };
      }
      return { ok: false, message: shownSince(mark).find((m) => m.level === 'error')?.text };
    },
    async recover() {
      return this.run();
    },
    intact() {
      assert.strictEqual(fs.readFileSync(checkFile!.fsPath, 'utf8'), `Old: 10.5281/zenodo.${OLD()}\n`);
    },
  };

  let updateFile: vscode.Uri | undefined;
  let updates = 0;
  const update: Operation = {
    name: 'update citations in workspace',
    available: async () => (await vscode.commands.getCommands(true)).includes('zenodo.updateCitationsInWorkspace'),
    async prepare() {
      updateFile = vscode.Uri.file(path.join(dir, `update-${++updates}`, 'paper.md'));
      fs.mkdirSync(path.dirname(updateFile.fsPath), { recursive: true });
      fs.writeFileSync(updateFile.fsPath, `Old: 10.5281/zenodo.${OLD()}\nconcept: 10.5281/zenodo.${n.softwareConcept}\n`);
    },
    async run() {
      const mark = told.length;
      const r = await vscode.commands.executeCommand<{ changed: number; applied: boolean } | undefined>('zenodo.updateCitationsInWorkspace', { confirm: false, include: rel(`update-${updates}/**`), policy: 'latest' });
      if (r) {
        assert.strictEqual(r.changed, 1);
        assert.ok(r.applied);
        return { ok: true };
      }
      return { ok: false, message: shownSince(mark).find((m) => m.level === 'error')?.text };
    },
    async recover() {
      return this.run();
    },
    intact() {
      // Untouched, or exactly the one reference updated (never a half-applied edit).
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === updateFile!.fsPath);
      const text = doc?.getText() ?? fs.readFileSync(updateFile!.fsPath, 'utf8');
      const rest = `\nconcept: 10.5281/zenodo.${n.softwareConcept}\n`;
      assert.ok(text === `Old: 10.5281/zenodo.${OLD()}${rest}` || text === `Old: 10.5281/zenodo.${n.softwareWithVersions}${rest}`, `half-changed: ${text}`);
      assert.strictEqual(fs.readFileSync(updateFile!.fsPath, 'utf8'), `Old: 10.5281/zenodo.${OLD()}${rest}`, 'the update saved a file');
    },
    cleanup: async () => {
      await revertAll();
      await closeEditors();
    },
  };

  async function closeEditors(): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }

  const OPERATIONS: Operation[] = [search, browse, details, stats, resolve, insert, check, update, download];

  // ------------------------------------------------------------------ the matrix

  async function cell(ctx: Mocha.Context, op: Operation, c: FaultCase, times: number | undefined): Promise<void> {
    if (op.available && !(await op.available())) ctx.skip();
    fresh();
    server.faults.clear();
    server.resetRequests();
    if (op.prepare) await op.prepare();
    const rejectionsBefore = rejections.length;
    server.faults.set({ ...c.fault, ...(op.path ? { path: op.path } : { path: '^/api/' }), ...(times ? { times } : {}) } as Fault);
    const where = `${op.name} × ${c.name}${times ? ` ×${times}` : ''}`;
    try {
      const out = await op.run();
      op.intact?.();
      const expect = op.expectFor?.(c) ?? c.expect;
      const absorbs = times === 1 && c.retried && op.retries !== false;
      if (absorbs) {
        assert.ok(out.ok, `${where}: one ${c.name} should be absorbed by a retry, got: ${out.message}`);
        // Bounded: the scheduler tried at most 1 + maxRetries times per request.
      } else if (!out.ok) {
        assertClear(out.message, expect, where);
        if (out.retryRow !== undefined) assert.ok(out.retryRow, `${where}: the error row has no retry`);
      } else {
        // Succeeding under a lasting fault is only right when the fault is one the operation never meets.
        assert.fail(`${where}: succeeded although every request failed`);
      }
      // The fault clears: the same operation works again.
      server.faults.clear();
      if (!out.ok) {
        const back = await op.recover();
        op.intact?.();
        assert.ok(back.ok, `${where}: did not recover after the fault cleared: ${back.message}`);
      }
      await new Promise((r) => setTimeout(r, 0));
      const mine = rejections.slice(rejectionsBefore);
      assert.deepStrictEqual(mine.map(String), [], `${where}: unhandled rejections`);
    } finally {
      server.faults.clear();
      await op.cleanup?.();
    }
  }

  for (const op of OPERATIONS) {
    describe(op.name, () => {
      for (const c of FAULTS.filter((f) => op.full || f.core)) {
        it(`${c.name}: a clear message, nothing half-changed, recovers when it clears`, async function () { await cell(this, op, c, undefined); });
      }
      // (502 and 504 take the same retry path as 503.)
      for (const c of FAULTS.filter((f) => f.retried && !/^50[24]/.test(f.name) && (op.full || f.name === '503 (HTML body)'))) {
        it(`${c.name} once: absorbed by a bounded retry${op.retries === false ? ' (download: a clear message)' : ''}`, async function () { await cell(this, op, c, 1); });
      }
    });
  }

  describe('across operations', () => {
    it('retries are bounded: a lasting 503 costs 1 + maxRetries requests per operation', async () => {
      fresh();
      server.resetRequests();
      server.faults.set({ kind: 'status', code: 503, path: '^/api/records/' });
      await vscode.commands.executeCommand('zenodo.openRecord', n.dataset);
      const hits = server.requests.filter((r) => r.path === `/api/records/${n.dataset}`);
      assert.strictEqual(hits.length, 1 + TUNING.maxRetries);
      server.faults.clear();
      await closeEditors();
    });

    it('the repository\'s HTML error page never reaches a message or the log', async () => {
      fresh();
      const mark = api.services.logHistory.length;
      server.faults.set({ kind: 'status', code: 502 });
      api.sidebar.search.search('climate');
      const rows = await api.sidebar.search.getChildren();
      server.faults.clear();
      const text = ofKind(rows, 'message').map((m) => `${m.text} ${m.detail ?? ''}`).join('\n') + api.services.logHistory.slice(mark).join('\n');
      assert.doesNotMatch(text, /<html|<center>|nginx/i);
      api.sidebar.search.reset();
    });

    it('no unhandled rejection from the extension during the whole matrix', () => {
      const ours = rejections.filter((r) => String((r as Error)?.stack ?? r).includes(repoRoot()) || (r as Error)?.name === 'ZenodoError');
      assert.deepStrictEqual(ours.map(String), []);
    });
  });
});

/** Revert every dirty document (code-server has no "Revert All"). */
