/**
 * Keep citations current (issue 7): diagnostics, CodeLens and quick fixes on the repository's
 * references in papers, READMEs, BibTeX and CFF; "Update Citations in Workspace" through the
 * refactor preview; the Workspace Citations view. Registering costs no request: documents are
 * checked (debounced) when they are opened, saved or edited, and the workspace only on command.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { registerCommand } from '../util/commands';
import { DocumentChecker, documentKind } from './checker';
import { autoCheck, CheckCommand, CITATIONS_VIEW } from './settings';
import { CitationsTree } from './tree';
import { checkWorkspace, updateCitationsInWorkspace, UpdateOptions } from './workspace';

/** Delay after opening or saving a document, and after the last keystroke. */
const OPEN_DELAY_MS = 400;
const EDIT_DELAY_MS = 1500;

/** What integration tests read of the checks: the Workspace Citations view's provider. */
export interface ChecksApi { citations: CitationsTree }

export function registerChecks(services: Services): ChecksApi {
  const checker = new DocumentChecker(services);
  const tree = new CitationsTree(checker);
  const subs = services.context.subscriptions;
  const selector: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-notebook-cell', language: 'markdown' }, { scheme: 'vscode-vfs' }];
  subs.push(
    checker,
    tree,
    vscode.languages.registerCodeLensProvider(selector, checker),
    vscode.languages.registerCodeActionsProvider(selector, checker, { providedCodeActionKinds: DocumentChecker.actionKinds }),
    vscode.window.createTreeView(CITATIONS_VIEW, { treeDataProvider: tree, showCollapseAll: true }),
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (autoCheck() && documentKind(d)) checker.schedule(d, OPEN_DELAY_MS);
    }),
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (autoCheck()) checker.schedule(d, OPEN_DELAY_MS);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length && checker.state(e.document.uri) && autoCheck()) checker.schedule(e.document, EDIT_DELAY_MS);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      // Keep workspace-check results of files on disk; drop those of untitled documents and cells.
      if (d.uri.scheme !== 'file') checker.forget(d.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('zenodo.checks')) {
        checker.renderAll();
        tree.refresh();
      }
    }),
    services.zenodo.onDidChange(() => {
      // Another repository or token: old findings no longer hold; re-check what is on screen.
      checker.clear();
      if (autoCheck()) for (const e of vscode.window.visibleTextEditors) checker.schedule(e.document, OPEN_DELAY_MS);
    }),
  );
  registerCommand(services, CheckCommand.updateCitationsInWorkspace, (opts?: UpdateOptions) => updateCitationsInWorkspace(services, checker, isOptions(opts) ? opts : {}));
  registerCommand(services, CheckCommand.checkCitationsInWorkspace, async (opts?: { include?: string }) => {
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder to check the citations in it.'));
      return undefined;
    }
    const result = await vscode.window.withProgress(
      { location: { viewId: CITATIONS_VIEW }, title: vscode.l10n.t('Checking citations'), cancellable: true },
      (progress, token) => checkWorkspace(services, checker, token, progress, isOptions(opts) ? opts.include : undefined),
    );
    return { files: result.files.length, references: result.references, distinct: result.distinct };
  });
  registerCommand(services, CheckCommand.applyFix, (uri: string, version: number, offset: number, fix) => checker.applyFix(uri, version, offset, fix));
  // Documents already open when the extension starts are checked once they are shown (no request during activation).
  if (autoCheck()) {
    setTimeout(() => {
      for (const e of vscode.window.visibleTextEditors) checker.schedule(e.document, OPEN_DELAY_MS);
    }, 0);
  }
  return { citations: tree };
}

function isOptions(x: unknown): x is UpdateOptions {
  return !!x && typeof x === 'object' && !(x instanceof vscode.Uri) && !Array.isArray(x);
}
