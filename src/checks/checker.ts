/**
 * Checks the references of open documents: scan (core, yielding), one batched look-up through the
 * shared client (its cache makes re-checks within 5 minutes free), then diagnostics, CodeLens and
 * quick fixes from the core's findings. Re-checks on open, save and edit are debounced per document,
 * so typing never costs one request per keystroke; a check whose document changed meanwhile is
 * dropped (the newer one wins).
 */
import * as vscode from 'vscode';
import type { LookupResult } from '../core/client';
import { describeError } from '../core/errors';
import { repositoryProfile, RepositoryProfile } from '../core/repository';
import { fileKindOf, FileKind, ScannedReference, scanTextAsync } from '../core/scanner';
import {
  assess, CitationPolicy, editsForFix, Finding, FixKind, fixTitle, indexLookups, lookupInputs, lookupKey, preferredFix, TextEdit,
} from '../core/update';
import type { Services } from '../services';
import { CheckCommand, codeLensEnabled, policy, severity } from './settings';

const LANGUAGE_KINDS: Record<string, FileKind> = {
  markdown: 'markdown', latex: 'latex', tex: 'latex', bibtex: 'bibtex', restructuredtext: 'rst', html: 'html', plaintext: 'text',
};
const SCHEMES = new Set(['file', 'untitled', 'vscode-notebook-cell', 'vscode-vfs', 'vscode-remote']);

/** The kind of a document the checker reads, or undefined. Notebook Markdown cells count as Markdown. */
export function documentKind(doc: vscode.TextDocument): FileKind | undefined {
  if (!SCHEMES.has(doc.uri.scheme)) return undefined;
  if (doc.uri.scheme === 'vscode-notebook-cell') return doc.languageId === 'markdown' ? 'markdown' : undefined;
  return fileKindOf(doc.uri.path) ?? LANGUAGE_KINDS[doc.languageId];
}

export interface CheckedDocument {
  uri: vscode.Uri;
  version: number;
  /** The text the check read (offsets of `refs` are into it). */
  text: string;
  refs: ScannedReference[];
  lookups: Map<string, LookupResult>;
}

/** Findings of one file under the current policy. */
export function findingsOf(state: Pick<CheckedDocument, 'refs' | 'lookups'>, p: CitationPolicy = policy()): Finding[] {
  return state.refs.map((r) => assess(r, state.lookups.get(lookupKey(r)), p));
}

export class DocumentChecker implements vscode.CodeLensProvider, vscode.CodeActionProvider, vscode.Disposable {
  static readonly actionKinds = [vscode.CodeActionKind.QuickFix];
  readonly diagnostics = vscode.languages.createDiagnosticCollection('zenodo-citations');
  private readonly states = new Map<string, CheckedDocument>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Map<string, AbortController>();
  private readonly lensEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensEmitter.event;
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when a file's findings changed (the citations view listens). */
  readonly onDidChangeFile = this.changeEmitter.event;

  constructor(private readonly services: Services) {}

  state(uri: vscode.Uri): CheckedDocument | undefined {
    return this.states.get(uri.toString());
  }

  allStates(): CheckedDocument[] {
    return [...this.states.values()];
  }

  /** Check a document after `delayMs` (earlier requests for it are replaced). */
  schedule(doc: vscode.TextDocument, delayMs: number): void {
    if (!documentKind(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.check(doc).catch((e) => this.services.log.warn(`[checks] ${this.services.redact(describeError(e))}`));
    }, delayMs));
  }

  /** Scan and look up a document now; resolves when its diagnostics are set (or the check was superseded). */
  async check(doc: vscode.TextDocument): Promise<CheckedDocument | undefined> {
    const kind = documentKind(doc);
    if (!kind || doc.isClosed) return undefined;
    const key = doc.uri.toString();
    this.running.get(key)?.abort();
    const controller = new AbortController();
    this.running.set(key, controller);
    const version = doc.version;
    const text = doc.getText();
    try {
      const client = await this.services.zenodo.client();
      this.lastProfile = client.profile;
      const refs = await scanTextAsync(text, kind, { profile: client.profile, signal: controller.signal });
      const results = refs.length ? await client.lookupReferences(lookupInputs(refs), { signal: controller.signal }) : [];
      if (controller.signal.aborted || doc.version !== version || doc.isClosed) return undefined;
      const state: CheckedDocument = { uri: doc.uri, version, text, refs, lookups: indexLookups(results) };
      this.accept(state, doc);
      return state;
    } finally {
      if (this.running.get(key) === controller) this.running.delete(key);
    }
  }

  /** Take a file's check result (from a document check or a workspace scan) and show it. */
  accept(state: CheckedDocument, doc?: vscode.TextDocument): void {
    this.states.set(state.uri.toString(), state);
    this.render(state, doc);
  }

  /** Re-render every file (after a policy or severity change). */
  renderAll(): void {
    for (const s of this.states.values()) this.render(s);
  }

  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.running.get(key)?.abort();
    this.states.delete(key);
    this.diagnostics.delete(uri);
    this.changeEmitter.fire(uri);
  }

  clear(): void {
    for (const s of [...this.states.values()]) this.forget(s.uri);
    this.lensEmitter.fire();
  }

  private render(state: CheckedDocument, doc?: vscode.TextDocument): void {
    const sev = severity();
    const pos = positioner(state, doc);
    const diags: vscode.Diagnostic[] = [];
    for (const f of findingsOf(state)) {
      if (!f.problem) continue;
      const d = new vscode.Diagnostic(pos.range(f.ref.start, f.ref.end), vscode.l10n.t('Zenodo: {0}', f.message), sev);
      d.source = 'Zenodo';
      d.code = f.status;
      if (f.status === 'deleted') d.tags = [vscode.DiagnosticTag.Deprecated];
      diags.push(d);
    }
    this.diagnostics.set(state.uri, diags);
    this.lensEmitter.fire();
    this.changeEmitter.fire(state.uri);
  }

  /** The state of an open document if it is still the document's current text. */
  private current(doc: vscode.TextDocument): CheckedDocument | undefined {
    const s = this.states.get(doc.uri.toString());
    return s && s.version === doc.version && s.text.length === doc.getText().length ? s : undefined;
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!codeLensEnabled()) return [];
    const s = this.current(doc);
    if (!s) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const f of findingsOf(s)) {
      if (f.status === 'error' || f.status === 'invalid') continue;
      const range = new vscode.Range(doc.positionAt(f.ref.start), doc.positionAt(f.ref.end));
      const icon = f.problem ? '$(warning) ' : f.status === 'current' ? '$(check) ' : '$(info) ';
      const open = f.latest ?? f.record;
      lenses.push(new vscode.CodeLens(range, open
        ? { title: `${icon}${f.message}`, command: 'zenodo.openRecord', arguments: [{ recordId: open.id }], tooltip: vscode.l10n.t('Open the record') }
        : { title: `${icon}${f.message}`, command: '' }));
      const fix = preferredFix(f);
      if (fix) {
        lenses.push(new vscode.CodeLens(range, {
          title: fixTitle(fix, f), command: CheckCommand.applyFix, arguments: [doc.uri.toString(), doc.version, f.ref.start, fix],
        }));
      }
    }
    return lenses;
  }

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const s = this.current(doc);
    if (!s) return [];
    const actions: vscode.CodeAction[] = [];
    for (const f of findingsOf(s)) {
      const r = new vscode.Range(doc.positionAt(f.ref.start), doc.positionAt(f.ref.end));
      if (!r.intersection(range) || !f.fixes.length) continue;
      const diag = context.diagnostics.find((d) => d.source === 'Zenodo' && d.range.isEqual(r));
      const preferred = preferredFix(f);
      for (const fix of f.fixes) {
        const edits = editsForFix(f, fix, this.profile());
        if (!edits.length) continue;
        const a = new vscode.CodeAction(fixTitle(fix, f), vscode.CodeActionKind.QuickFix);
        a.edit = toWorkspaceEdit(doc, edits);
        if (diag) a.diagnostics = [diag];
        a.isPreferred = fix === preferred;
        actions.push(a);
      }
    }
    return actions;
  }

  /** The CodeLens command: apply one fix to the reference at `offset`, if the document did not change. */
  async applyFix(uri: string, version: number, offset: number, fix: FixKind): Promise<boolean> {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (!doc || doc.version !== version) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The document changed; check it again before updating.'));
      return false;
    }
    const s = this.current(doc);
    const f = s && findingsOf(s).find((x) => x.ref.start === offset);
    if (!f) return false;
    const edits = editsForFix(f, fix, this.profile());
    return edits.length > 0 && vscode.workspace.applyEdit(toWorkspaceEdit(doc, edits));
  }

  private lastProfile: RepositoryProfile | undefined;

  /** The profile of the client that checked (it knows the configured extra DOI prefixes). */
  private profile(): RepositoryProfile {
    return this.lastProfile ?? repositoryProfile(this.services.zenodo.baseUrl());
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const c of this.running.values()) c.abort();
    this.diagnostics.dispose();
    this.lensEmitter.dispose();
    this.changeEmitter.dispose();
  }
}

export function toWorkspaceEdit(doc: vscode.TextDocument, edits: TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
  return we;
}

/** Offsets → positions, from the open document when it is the checked text, else from the text itself. */
export function positioner(state: CheckedDocument, doc?: vscode.TextDocument): { range(start: number, end: number): vscode.Range; position(o: number): vscode.Position } {
  const open = doc ?? vscode.workspace.textDocuments.find((d) => d.uri.toString() === state.uri.toString());
  if (open && open.version === state.version && open.getText() === state.text) {
    return { position: (o) => open.positionAt(o), range: (s, e) => new vscode.Range(open.positionAt(s), open.positionAt(e)) };
  }
  const starts = [0];
  for (let i = state.text.indexOf('\n'); i >= 0; i = state.text.indexOf('\n', i + 1)) starts.push(i + 1);
  const position = (o: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return new vscode.Position(lo, o - starts[lo]);
  };
  return { position, range: (s, e) => new vscode.Range(position(s), position(e)) };
}
