/**
 * "Zenodo: Insert Citation…": pick the record (argument, the DOI under the cursor, or the search
 * QuickPick), the version to cite (this, latest, all = concept DOI), and the format; then insert by
 * file kind (src/core/citation/routing.ts): .bib append (no duplicate DOI, no key collision), .tex
 * `\cite{key}` + the bibliography file, Markdown `[@key]` + the front matter's bibliography or a
 * formatted reference, CITATION.cff `references:` entry, anything else the chosen format at the
 * cursor. One WorkspaceEdit (one undo); nothing is applied if the document changed meanwhile.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { citable, citationKey, CitationFormat, CITATION_FORMATS, CiteVersion, CITE_VERSIONS } from '../core/citation/model';
import { documentKind, DocumentKind, keyForBibliography, markdownBibliographies, planInsertion, texBibliographies } from '../core/citation/routing';
import { versionLabel } from '../core/citation/resolve';
import type { ZenodoRecord } from '../core/models';
import type { Services } from '../services';
import { emptyQuery } from '../sidebar/model';
import { pickRecord } from '../sidebar/quickpick';
import { loadEngine } from './engine';
import { tell } from './notify';
import { lookupOne, problemMessage } from './resolve';
import { citationSettings, MarkdownSetting } from './settings';
import { referenceFromArg, referenceInEditor, ReferenceSource } from '../util/editorReference';

const t = vscode.l10n.t;

/** Everything the command would otherwise ask (tests and other features pass these). */
export interface InsertOptions {
  recordId?: string;
  version?: CiteVersion;
  /** For files where the format is a choice (anything but .bib/.tex/Markdown-with-bibliography/CITATION.cff). */
  format?: CitationFormat;
  style?: string;
  /** The bibliography file for .tex/Markdown (relative to the document, or absolute). */
  bibliography?: string;
  markdown?: MarkdownSetting;
  bibFormat?: 'bibtex' | 'biblatex';
}

export interface InsertOutcome {
  outcome: 'inserted' | 'already-present' | 'cited-existing' | 'added' | 'updated' | 'created' | 'copied' | 'failed' | 'document-changed';
  key?: string;
  message: string;
  /** The files the edit touched. */
  files?: string[];
}

function optionsFrom(arg: unknown, second: unknown): InsertOptions {
  const o: InsertOptions = {};
  for (const src of [arg, second]) {
    if (!src || typeof src !== 'object') continue;
    const s = src as Record<string, unknown>;
    if (typeof s.version === 'string' && (CITE_VERSIONS as readonly string[]).includes(s.version)) o.version = s.version as CiteVersion;
    if (typeof s.format === 'string' && (CITATION_FORMATS as readonly string[]).includes(s.format)) o.format = s.format as CitationFormat;
    if (typeof s.style === 'string' && s.style) o.style = s.style;
    if (typeof s.bibliography === 'string' && s.bibliography) o.bibliography = s.bibliography;
    if (s.markdown === 'auto' || s.markdown === 'pandoc' || s.markdown === 'reference') o.markdown = s.markdown;
    if (s.bibFormat === 'bibtex' || s.bibFormat === 'biblatex') o.bibFormat = s.bibFormat;
    if (typeof s.recordId === 'string') o.recordId = s.recordId;
  }
  return o;
}

export function insertCitationHandler(services: Services): (arg?: unknown, second?: unknown) => Promise<InsertOutcome | undefined> {
  return async (arg?: unknown, second?: unknown) => {
    const opts = optionsFrom(arg, second);
    const client = await services.zenodo.client();
    const editor = vscode.window.activeTextEditor;
    const fromArg = referenceFromArg(arg) ?? opts.recordId;
    let source: ReferenceSource | undefined = fromArg ? { ref: fromArg } : referenceInEditor(editor, client.profile);
    let picked: ZenodoRecord | undefined;
    if (!source) {
      const p = await pickRecord(services, { query: emptyQuery() });
      if (!p) return undefined;
      if (p.item) picked = p.item;
      else if (p.text.trim()) source = { ref: p.text.trim() };
      else return undefined;
    }
    const doc = editor?.document;
    const docVersion = doc?.version;
    const selection = editor?.selection;
    const ref = picked?.id ?? source!.ref;

    // The record (one batched look-up; the cache answers repeated ones).
    const res = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: t('Zenodo: fetching {0}…', ref) },
      () => lookupOne(services, ref),
    );
    const problem = problemMessage(res);
    if (problem) return fail(services, t('Nothing was inserted: {0}', problem));
    const record = res.record!;
    const latest = res.latest ?? record;

    const settings = citationSettings(doc?.uri);
    const version = opts.version ?? (res.status === 'concept' ? 'all' : settings.defaultVersion !== 'ask' ? settings.defaultVersion : await askVersion(record, latest, res.status === 'current'));
    if (!version) return undefined;
    const c = citable(record, latest, version);
    const style = opts.style ?? settings.style;

    // No editor: put the citation on the clipboard.
    if (!doc || !selection) {
      const format = opts.format ?? (await askFormat(style));
      if (!format) return undefined;
      const text = loadEngine(services).render(c, format, { keyPattern: settings.keyPattern, style });
      await vscode.env.clipboard.writeText(text);
      const message = t('No editor is open: the citation of “{0}” was copied to the clipboard.', record.title);
      await tell(services, 'info', message);
      return { outcome: 'copied', message, key: citationKey(c, settings.keyPattern) };
    }

    const kind = documentKind(doc.fileName, doc.languageId);
    // A reference that was read from this document is replaced in .tex/Markdown; elsewhere the
    // citation goes on a new line after it.
    let start = doc.offsetAt(selection.start);
    let end = doc.offsetAt(selection.end);
    let prefix = '';
    if (source?.range && source.document === doc) {
      if (kind === 'tex' || kind === 'markdown') {
        start = doc.offsetAt(source.range.start);
        end = doc.offsetAt(source.range.end);
      } else if (kind === 'other') {
        const line = doc.lineAt(source.range.end.line);
        start = end = doc.offsetAt(line.range.end);
        prefix = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
      }
    }

    const engine = loadEngine(services);
    const changed = () => doc.version !== docVersion;
    const edit = new vscode.WorkspaceEdit();
    const files = [doc.uri.fsPath];
    let outcome: InsertOutcome;

    if (kind === 'cff') {
      let up;
      try {
        up = engine.upsertCffReference(doc.getText(), c);
      } catch (e) {
        return fail(services, t('Nothing was inserted: {0}', (e as Error).message));
      }
      const ch = engine.minimalChange(doc.getText(), up.text);
      if (changed()) return documentChanged(services);
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(ch.start), doc.positionAt(ch.end)), ch.text);
      const message = up.outcome === 'updated'
        ? t('Updated the reference to “{0}” in CITATION.cff.', record.title)
        : up.outcome === 'created' ? t('Wrote a CITATION.cff for “{0}”.', record.title) : t('Added “{0}” to the references of CITATION.cff.', record.title);
      outcome = { outcome: up.outcome, message };
    } else {
      const markdownMode = kind === 'markdown' ? markdownModeFor(opts.markdown ?? settings.markdown, doc.getText()) : undefined;
      const bibFormat = opts.bibFormat ?? settings.bibFormat;
      const baseKey = citationKey(c, settings.keyPattern);
      let bibUri: vscode.Uri | undefined;
      let bibDoc: vscode.TextDocument | undefined;
      let bibText: string | undefined;
      if (kind === 'bib') {
        bibText = doc.getText();
      } else if (kind === 'tex' || (kind === 'markdown' && markdownMode === 'pandoc')) {
        bibUri = await bibliographyFor(doc, kind, opts.bibliography);
        if (!bibUri) return undefined;
        bibDoc = await openIfExists(bibUri);
        bibText = bibDoc?.getText() ?? '';
        files.push(bibUri.fsPath);
      }
      const { key, existing } = bibText !== undefined ? keyForBibliography(bibText, baseKey, c.doi) : { key: baseKey, existing: false };
      const bibVersion = bibDoc?.version;
      const entry = bibText !== undefined && !existing ? engine.render(c, bibFormat, { key }) : undefined;
      let snippet: string | undefined;
      if (kind === 'other' || (kind === 'markdown' && markdownMode === 'reference')) {
        const format = kind === 'markdown' ? 'text' : opts.format ?? (await askFormat(style));
        if (!format) return undefined;
        snippet = prefix + engine.render(c, format, { key, style }).replace(/\n$/, format === 'text' ? '' : '\n');
      }
      const plan = planInsertion({ kind, text: doc.getText(), start, end, key, bibText, existing, entry, snippet, markdownMode });
      if (changed() || (bibDoc && bibDoc.version !== bibVersion)) return documentChanged(services);
      for (const ch of plan.changes) {
        if (ch.target === 'document') {
          edit.replace(doc.uri, new vscode.Range(doc.positionAt(ch.start), doc.positionAt(ch.end)), ch.text);
        } else if (bibDoc) {
          edit.insert(bibDoc.uri, bibDoc.positionAt(ch.start), ch.text);
        } else if (bibUri) {
          edit.createFile(bibUri, { ignoreIfExists: true, contents: new TextEncoder().encode(ch.text) });
        }
      }
      const bibName = bibUri ? path.basename(bibUri.fsPath) : path.basename(doc.fileName);
      const message = plan.outcome === 'already-present'
        ? t('{0} already cites {1} as “{2}”; nothing was added.', bibName, c.doi ?? record.title, key)
        : plan.outcome === 'cited-existing'
          ? t('Cited “{0}” ({1} already has it).', key, bibName)
          : kind === 'tex' || (kind === 'markdown' && markdownMode === 'pandoc')
            ? t('Cited “{0}” and added the entry to {1}.', key, bibName)
            : t('Inserted the citation of “{0}”.', record.title);
      outcome = { outcome: plan.outcome, key, message };
      if (plan.changes.length === 0) {
        await tell(services, 'info', message);
        return outcome;
      }
    }
    if (changed()) return documentChanged(services);
    const ok = await vscode.workspace.applyEdit(edit);
    if (!ok) return fail(services, t('The editor refused the change; nothing was inserted.'));
    await tell(services, 'info', outcome.message);
    return { ...outcome, files };
  };
}

async function fail(services: Services, message: string): Promise<InsertOutcome> {
  await tell(services, 'error', message);
  return { outcome: 'failed', message };
}

async function documentChanged(services: Services): Promise<InsertOutcome> {
  const message = t('The document changed while the record was being fetched; nothing was inserted. Run the command again.');
  await tell(services, 'warning', message);
  return { outcome: 'document-changed', message };
}

function markdownModeFor(setting: MarkdownSetting, text: string): 'pandoc' | 'reference' {
  if (setting !== 'auto') return setting;
  return markdownBibliographies(text).length ? 'pandoc' : 'reference';
}

async function askVersion(record: ZenodoRecord, latest: ZenodoRecord, isLatest: boolean): Promise<CiteVersion | undefined> {
  const items: Array<vscode.QuickPickItem & { value: CiteVersion }> = [
    { label: t('This version'), description: `${versionLabel(record)} · ${record.doi ?? record.id}`, value: 'this' },
    ...(isLatest ? [] : [{ label: t('The latest version'), description: `${versionLabel(latest)} · ${latest.doi ?? latest.id}`, value: 'latest' as const }]),
    { label: t('All versions'), description: `${t('concept DOI, always the newest')} · ${latest.conceptDoi ?? latest.conceptId ?? ''}`, value: 'all' },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: t('Cite which version of “{0}”?', record.title), ignoreFocusOut: true });
  return pick?.value;
}

async function askFormat(style: string): Promise<CitationFormat | undefined> {
  const items: Array<vscode.QuickPickItem & { value: CitationFormat }> = [
    { label: t('Formatted reference'), description: style, value: 'text' },
    { label: 'BibTeX', value: 'bibtex' },
    { label: 'BibLaTeX', value: 'biblatex' },
    { label: t('CITATION.cff reference'), description: 'references:', value: 'cff-reference' },
    { label: 'CITATION.cff', description: 'cff-version 1.2.0', value: 'cff' },
    { label: 'CSL-JSON', value: 'csl-json' },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: t('Citation format'), ignoreFocusOut: true });
  return pick?.value;
}

/** The bibliography file of a .tex or Markdown document: named in it, given, or asked for. */
async function bibliographyFor(doc: vscode.TextDocument, kind: DocumentKind, given: string | undefined): Promise<vscode.Uri | undefined> {
  const dir = vscode.Uri.joinPath(doc.uri, '..');
  const resolve = (name: string) => (path.isAbsolute(name) ? doc.uri.with({ path: name.replace(/\\/g, '/') }) : vscode.Uri.joinPath(dir, name));
  if (given) return resolve(given);
  const named = kind === 'tex' ? texBibliographies(doc.getText()) : markdownBibliographies(doc.getText());
  for (const n of named) {
    const uri = resolve(n);
    if (await exists(uri)) return uri;
  }
  if (named.length) return resolve(named[0]);
  // Not named: offer the workspace's .bib files, or a new one beside the document.
  const found = await vscode.workspace.findFiles('**/*.bib', '**/node_modules/**', 50);
  const NEW = t('New file references.bib beside the document');
  const items = [...found.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })), { label: NEW, uri: vscode.Uri.joinPath(dir, 'references.bib') }];
  const pick = await vscode.window.showQuickPick(items, {
    title: kind === 'tex' ? t('No \\bibliography{…} or \\addbibresource{…} found: add the entry to which file?') : t('No bibliography in the front matter: add the entry to which file?'),
    ignoreFocusOut: true,
  });
  return pick?.uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  }
}

async function openIfExists(uri: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open;
  if (!(await exists(uri))) return undefined;
  return vscode.workspace.openTextDocument(uri);
}

