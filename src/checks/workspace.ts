/**
 * The workspace check and "Zenodo: Update Citations in Workspace": find every scannable file
 * (`files.exclude` applies through `findFiles`; `.gitignore` files through the `ignore` package),
 * scan each (open documents from their editor text), look every distinct reference up in one
 * batched call, show the findings (diagnostics and the Workspace Citations view) and, for the
 * update, propose the policy's fixes as one WorkspaceEdit in VS Code's refactor preview. A file that
 * changed while the check ran is left out of the edit. Progress is shown, and cancellable.
 */
import ignore, { Ignore } from 'ignore';
import * as vscode from 'vscode';
import { SCANNED_FILES_GLOB, fileKindOf, scanTextAsync } from '../core/scanner';
import { CitationPolicy, editsForFix, indexLookups, lookupInputs, normaliseEdits, preferredFix, TextEdit } from '../core/update';
import type { Services } from '../services';
import { CheckedDocument, DocumentChecker, findingsOf, positioner } from './checker';
import { policy as configuredPolicy } from './settings';

/** Larger files are not read (a data dump, not a paper). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;
const MAX_FILES = 20_000;

export interface WorkspaceCheck {
  files: CheckedDocument[];
  references: number;
  distinct: number;
}

export interface UpdateOptions {
  /** false: apply without the refactor preview (tests, scripted use). Default true. */
  confirm?: boolean;
  /** A glob (relative to the workspace folders) to limit the files, e.g. "papers/**". */
  include?: string;
  policy?: CitationPolicy;
}

export interface UpdateOutcome {
  files: number;
  references: number;
  /** References the edit changes. */
  changed: number;
  /** Files left out because they changed during the check. */
  skipped: string[];
  applied: boolean;
}

interface Rules { base: vscode.Uri; ig: Ignore }

async function gitignoreRules(token: vscode.CancellationToken): Promise<Rules[]> {
  const files = await vscode.workspace.findFiles('**/.gitignore', '**/node_modules/**', 500, token);
  const rules: Rules[] = [];
  for (const f of files) {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(f));
      rules.push({ base: vscode.Uri.joinPath(f, '..'), ig: ignore().add(text) });
    } catch {
      // unreadable: ignore it
    }
  }
  return rules;
}

function ignored(rules: Rules[], uri: vscode.Uri): boolean {
  for (const r of rules) {
    const base = r.base.path.endsWith('/') ? r.base.path : `${r.base.path}/`;
    if (uri.scheme !== r.base.scheme || !uri.path.startsWith(base)) continue;
    if (r.ig.ignores(uri.path.slice(base.length))) return true;
  }
  return false;
}

async function readText(uri: vscode.Uri): Promise<{ text: string; version: number } | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return { text: open.getText(), version: open.version };
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_FILE_BYTES) return undefined;
  return { text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), version: -1 };
}

/** Scan and look up every citation of the workspace (no edit). */
export async function checkWorkspace(
  services: Services, checker: DocumentChecker, token: vscode.CancellationToken,
  progress?: vscode.Progress<{ message?: string; increment?: number }>, include?: string,
): Promise<WorkspaceCheck> {
  const client = await services.zenodo.client();
  progress?.report({ message: vscode.l10n.t('Finding files…') });
  const [uris, rules] = await Promise.all([
    vscode.workspace.findFiles(include ?? SCANNED_FILES_GLOB, undefined, MAX_FILES, token),
    gitignoreRules(token),
  ]);
  const files: CheckedDocument[] = [];
  let i = 0;
  for (const uri of uris.sort((a, b) => a.path.localeCompare(b.path))) {
    if (token.isCancellationRequested) throw new vscode.CancellationError();
    if (uri.path.includes('/node_modules/') || ignored(rules, uri)) continue;
    const kind = fileKindOf(uri.path);
    if (!kind) continue;
    if (++i % 25 === 0) progress?.report({ message: vscode.l10n.t('Scanning {0} of {1} files…', i, uris.length) });
    let read;
    try {
      read = await readText(uri);
    } catch (e) {
      services.log.warn(`[checks] cannot read ${uri.toString(true)}: ${e}`);
      continue;
    }
    if (!read) continue;
    const refs = await scanTextAsync(read.text, kind, { profile: client.profile });
    if (refs.length) files.push({ uri, version: read.version, text: read.text, refs, lookups: new Map() });
  }
  const all = files.flatMap((f) => f.refs);
  const inputs = lookupInputs(all);
  progress?.report({ message: vscode.l10n.t('Looking up {0} references…', inputs.length) });
  const controller = new AbortController();
  const sub = token.onCancellationRequested(() => controller.abort());
  try {
    const lookups = inputs.length ? indexLookups(await client.lookupReferences(inputs, { signal: controller.signal })) : new Map();
    for (const f of files) {
      f.lookups = lookups;
      checker.accept(f);
    }
    services.log.info(`[checks] ${all.length} references (${inputs.length} distinct) in ${files.length} files`);
    return { files, references: all.length, distinct: inputs.length };
  } finally {
    sub.dispose();
  }
}

/** Whether a file still has the text the check read. */
async function unchanged(f: CheckedDocument): Promise<boolean> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === f.uri.toString());
  if (open) return (f.version < 0 || open.version === f.version) && open.getText() === f.text;
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(f.uri)) === f.text;
  } catch {
    return false;
  }
}

export async function updateCitationsInWorkspace(services: Services, checker: DocumentChecker, opts: UpdateOptions = {}): Promise<UpdateOutcome | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder to update the citations in it.'));
    return undefined;
  }
  const policy = opts.policy ?? configuredPolicy();
  const confirm = opts.confirm !== false;
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Zenodo: checking citations'), cancellable: true },
    async (progress, token): Promise<UpdateOutcome> => {
      const result = await checkWorkspace(services, checker, token, progress, opts.include);
      const profile = (await services.zenodo.client()).profile;
      const edit = new vscode.WorkspaceEdit();
      let changed = 0;
      const skipped: string[] = [];
      for (const f of result.files) {
        const perFile: { edits: TextEdit[]; label: string }[] = [];
        const taken: TextEdit[] = [];
        for (const finding of findingsOf(f, policy)) {
          const fix = preferredFix(finding);
          if (!fix) continue;
          // Version/date fields shared by two references of one entry are edited once.
          const edits = editsForFix(finding, fix, profile).filter((e) => !taken.some((t) => t.start === e.start && t.end === e.end));
          if (!edits.length) continue;
          taken.push(...edits);
          perFile.push({ edits, label: `${f.text.slice(finding.ref.target.start, finding.ref.target.end).replace(/\s+/g, '')} → ${edits[0].newText}` });
        }
        if (!perFile.length) continue;
        if (!(await unchanged(f))) {
          skipped.push(vscode.workspace.asRelativePath(f.uri));
          continue;
        }
        const pos = positioner(f);
        const all = normaliseEdits(perFile.flatMap((p) => p.edits));
        for (const p of perFile) {
          const meta: vscode.WorkspaceEditEntryMetadata = { label: p.label, description: vscode.workspace.asRelativePath(f.uri), needsConfirmation: confirm };
          for (const e of p.edits) if (all.includes(e)) edit.replace(f.uri, pos.range(e.start, e.end), e.newText, meta);
        }
        changed += perFile.length;
      }
      if (token.isCancellationRequested) throw new vscode.CancellationError();
      if (changed === 0) return { files: result.files.length, references: result.references, changed: 0, skipped, applied: false };
      const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
      return { files: result.files.length, references: result.references, changed, skipped, applied };
    },
  );
  if (outcome.skipped.length) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Not updated because they changed during the check: {0}. Run the update again.', outcome.skipped.join(', ')));
  }
  if (outcome.changed === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('All {0} Zenodo references in {1} files are current (policy: {2}).', outcome.references, outcome.files, policy));
  }
  services.log.info(`[checks] update: ${outcome.changed} references changed in the edit, applied ${outcome.applied}, skipped ${outcome.skipped.length}`);
  return outcome;
}
