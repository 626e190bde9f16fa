/**
 * Where a command that takes a record gets its reference (citations, panels): the argument (a RecordArg), the editor's selection,
 * the reference under the cursor (`referenceAt`), or — last — a question. A reference taken from
 * the document keeps its range and the document version, so an edit can check nothing moved.
 */
import * as vscode from 'vscode';
import { referenceAt, tryParseReference } from '../core/reference';
import type { RepositoryProfile } from '../core/repository';
import { recordRefFromArg } from './args';

export interface ReferenceSource {
  ref: string;
  /** Set when the reference was read from the active document. */
  document?: vscode.TextDocument;
  range?: vscode.Range;
  version?: number;
}

export function referenceFromArg(arg: unknown): string | undefined {
  return recordRefFromArg(arg);
}

/** The reference in the selection, else under the cursor, of the active editor. */
export function referenceInEditor(editor: vscode.TextEditor | undefined, profile: RepositoryProfile): ReferenceSource | undefined {
  if (!editor) return undefined;
  const doc = editor.document;
  const sel = editor.selection;
  if (!sel.isEmpty) {
    const text = doc.getText(sel);
    if (text.length <= 2048 && tryParseReference(text, profile)) {
      // Trim surrounding whitespace out of the range too.
      const lead = text.length - text.trimStart().length;
      const trail = text.length - text.trimEnd().length;
      const start = doc.positionAt(doc.offsetAt(sel.start) + lead);
      const end = doc.positionAt(doc.offsetAt(sel.end) - trail);
      return { ref: text.trim(), document: doc, range: new vscode.Range(start, end), version: doc.version };
    }
  }
  const line = doc.lineAt(sel.active.line);
  const hit = referenceAt(line.text, sel.active.character, profile);
  if (!hit) return undefined;
  const range = new vscode.Range(line.lineNumber, hit.start, line.lineNumber, hit.end);
  return { ref: doc.getText(range), document: doc, range, version: doc.version };
}

export async function askReference(profile: RepositoryProfile, title: string): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('A record id, a DOI or a record URL'),
    placeHolder: '10.5281/zenodo.1234567',
    ignoreFocusOut: true,
    validateInput: (v) => (!v.trim() || tryParseReference(v, profile) ? undefined
      : vscode.l10n.t('Not a Zenodo reference. Use a record id (1234567), a DOI (10.5281/zenodo.1234567) or a record URL.')),
  });
  return value?.trim() || undefined;
}
