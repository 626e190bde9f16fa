/**
 * The "Workspace Citations" view: every checked reference by file, with its status. It shows what
 * the checks found (open documents, and the whole workspace after "Check Citations in Workspace");
 * it never asks the network by itself: an empty view offers the check as a button (viewsWelcome).
 */
import * as vscode from 'vscode';
import type { Finding } from '../core/update';
import { DocumentChecker, findingsOf, positioner, CheckedDocument } from './checker';

export type CitationNode =
  | { kind: 'file'; state: CheckedDocument; findings: Finding[] }
  | { kind: 'ref'; state: CheckedDocument; finding: Finding };

const ICONS: Record<string, [string, string?]> = {
  current: ['pass', 'testing.iconPassed'],
  superseded: ['warning', 'list.warningForeground'],
  concept: ['versions'],
  deleted: ['error', 'list.errorForeground'],
  'not-found': ['error', 'list.errorForeground'],
  restricted: ['lock'],
  error: ['question'],
  invalid: ['question'],
};

export class CitationsTree implements vscode.TreeDataProvider<CitationNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<CitationNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sub: vscode.Disposable;
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly checker: DocumentChecker) {
    // Many files change at once after a workspace check: refresh once.
    this.sub = checker.onDidChangeFile(() => {
      if (this.pending) return;
      this.pending = setTimeout(() => {
        this.pending = undefined;
        this.emitter.fire(undefined);
      }, 50);
    });
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  getChildren(node?: CitationNode): CitationNode[] {
    if (!node) {
      return this.checker.allStates()
        .filter((s) => s.refs.length > 0)
        .sort((a, b) => vscode.workspace.asRelativePath(a.uri).localeCompare(vscode.workspace.asRelativePath(b.uri)))
        .map((state) => ({ kind: 'file', state, findings: findingsOf(state) }));
    }
    if (node.kind === 'file') return node.findings.map((finding) => ({ kind: 'ref', state: node.state, finding }));
    return [];
  }

  getTreeItem(node: CitationNode): vscode.TreeItem {
    if (node.kind === 'file') {
      const problems = node.findings.filter((f) => f.problem).length;
      const item = new vscode.TreeItem(node.state.uri, vscode.TreeItemCollapsibleState.Expanded);
      item.description = problems
        ? vscode.l10n.t('{0} references, {1} to update', node.findings.length, problems)
        : vscode.l10n.t('{0} references, all current', node.findings.length);
      item.contextValue = problems ? 'citationFile.outdated' : 'citationFile';
      item.id = `file:${node.state.uri.toString()}`;
      return item;
    }
    const f = node.finding;
    const item = new vscode.TreeItem(f.ref.text.replace(/\s+/g, ''), vscode.TreeItemCollapsibleState.None);
    item.description = f.message;
    item.tooltip = `${vscode.workspace.asRelativePath(node.state.uri)}:${f.ref.line + 1}:${f.ref.column + 1}\n${f.message}`;
    const [icon, color] = ICONS[f.status] ?? ['circle-outline'];
    item.iconPath = new vscode.ThemeIcon(f.problem && f.status === 'concept' ? 'warning' : icon, color ? new vscode.ThemeColor(color) : undefined);
    item.contextValue = `citation.${f.status}${f.problem ? '.problem' : ''}`;
    item.id = `ref:${node.state.uri.toString()}:${f.ref.start}`;
    const range = positioner(node.state).range(f.ref.start, f.ref.end);
    item.command = { title: vscode.l10n.t('Go to Reference'), command: 'vscode.open', arguments: [node.state.uri, { selection: range } satisfies vscode.TextDocumentShowOptions] };
    return item;
  }

  dispose(): void {
    this.sub.dispose();
    if (this.pending) clearTimeout(this.pending);
    this.emitter.dispose();
  }
}
