/**
 * Where a citation goes, by the kind of file it is inserted into (pure, so unit tests cover it):
 *   .bib          append the entry (unless the DOI is already there; keys never collide)
 *   .tex          `\cite{key}` at the cursor, the entry into the bibliography file
 *   Markdown      `[@key]` and the entry into the front matter's bibliography, or a formatted reference
 *   CITATION.cff  add or update the `references:` entry
 *   anything else the chosen format at the cursor
 */
import { appendText, findDoi, scanBib, uniqueKey } from './bibfile';

export type DocumentKind = 'bib' | 'tex' | 'markdown' | 'cff' | 'other';

export function documentKind(fileName: string, languageId?: string): DocumentKind {
  const base = fileName.replace(/\\/g, '/').split('/').pop() ?? '';
  const lower = base.toLowerCase();
  if (lower === 'citation.cff') return 'cff';
  const ext = lower.includes('.') ? lower.slice(lower.lastIndexOf('.')) : '';
  if (ext === '.bib' || languageId === 'bibtex' || languageId === 'biblatex') return 'bib';
  if (['.tex', '.ltx', '.latex'].includes(ext) || languageId === 'latex' || languageId === 'tex') return 'tex';
  if (['.md', '.markdown', '.qmd', '.rmd', '.mdx'].includes(ext) || languageId === 'markdown' || languageId === 'quarto' || languageId === 'rmd') return 'markdown';
  return 'other';
}

/** Bibliography files named by `\bibliography{a,b}` (".bib" added) and `\addbibresource{x.bib}`, in order. */
export function texBibliographies(text: string): string[] {
  const out: string[] = [];
  const lines = text.split(/\r?\n/);
  for (const line of lines) {
    const code = stripTexComment(line);
    for (const m of code.matchAll(/\\(bibliography|addbibresource|addglobalbib)\s*(?:\[[^\]]*\])?\s*\{([^}]*)\}/g)) {
      const names = m[1] === 'bibliography' ? m[2].split(',') : [m[2]];
      for (const n of names) {
        const name = n.trim();
        if (!name) continue;
        out.push(m[1] === 'bibliography' && !/\.bib$/i.test(name) ? `${name}.bib` : name);
      }
    }
  }
  return [...new Set(out)];
}

function stripTexComment(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') {
      i++;
      continue;
    }
    if (line[i] === '%') return line.slice(0, i);
  }
  return line;
}

/** The `bibliography:` of a Markdown document's YAML front matter (a string or a list). */
export function markdownBibliographies(text: string): string[] {
  const fm = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (!fm) return [];
  const lines = fm[1].split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^bibliography\s*:\s*(.*)$/.exec(lines[i]);
    if (!m) continue;
    const value = m[1].trim();
    if (value.startsWith('[')) return value.replace(/^\[|\]$/g, '').split(',').map(unquote).filter(Boolean);
    if (value) return [unquote(value)].filter(Boolean);
    const list: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const item = /^\s+-\s*(.+)$/.exec(lines[j]);
      if (!item) break;
      list.push(unquote(item[1]));
    }
    return list.filter(Boolean);
  }
  return [];
}

function unquote(s: string): string {
  return s.trim().replace(/\s+#.*$/, '').replace(/^(['"])(.*)\1$/, '$2').trim();
}

/** The key to use in a bibliography text: the existing entry's when the DOI is there, else a free one. */
export function keyForBibliography(bibText: string, baseKey: string, doi: string | undefined): { key: string; existing: boolean } {
  const dup = findDoi(bibText, doi);
  if (dup) return { key: dup.key, existing: true };
  return { key: uniqueKey(baseKey, scanBib(bibText).map((e) => e.key)), existing: false };
}

/** One text change: replace [start, end) of the target with `text`. */
export interface TextChange { target: 'document' | 'bibliography'; start: number; end: number; text: string }

export interface InsertionPlan {
  changes: TextChange[];
  /** What happened, for a person. */
  outcome: 'inserted' | 'already-present' | 'cited-existing';
  key: string;
}

export interface PlanInput {
  kind: DocumentKind;
  /** The document's text, and the selection to replace (start = end for a cursor). */
  text: string;
  start: number;
  end: number;
  key: string;
  /** For .bib: the document's own text is the bibliography. For tex/markdown: the bibliography file's text. */
  bibText?: string;
  /** True when the bibliography already has an entry with this DOI (under `key`). */
  existing?: boolean;
  /** The BibTeX/BibLaTeX entry (bib, tex, markdown with a bibliography). */
  entry?: string;
  /** What to put at the cursor for 'other', or the formatted reference for Markdown without a bibliography. */
  snippet?: string;
  /** Markdown: cite with `[@key]` into a bibliography (pandoc) or insert a formatted reference. */
  markdownMode?: 'pandoc' | 'reference';
}

/** The changes an insertion makes (CITATION.cff is planned by the engine, which edits YAML). */
export function planInsertion(p: PlanInput): InsertionPlan {
  switch (p.kind) {
    case 'bib': {
      if (p.existing) return { changes: [], outcome: 'already-present', key: p.key };
      const end = p.text.length;
      return { changes: [{ target: 'document', start: end, end, text: appendText(p.text, need(p.entry, 'entry')) }], outcome: 'inserted', key: p.key };
    }
    case 'tex':
    case 'markdown': {
      if (p.kind === 'markdown' && p.markdownMode === 'reference') {
        return { changes: [{ target: 'document', start: p.start, end: p.end, text: need(p.snippet, 'snippet') }], outcome: 'inserted', key: p.key };
      }
      const cite = p.kind === 'tex' ? `\\cite{${p.key}}` : `[@${p.key}]`;
      const changes: TextChange[] = [{ target: 'document', start: p.start, end: p.end, text: cite }];
      if (!p.existing) {
        const bib = p.bibText ?? '';
        changes.push({ target: 'bibliography', start: bib.length, end: bib.length, text: appendText(bib, need(p.entry, 'entry')) });
      }
      return { changes, outcome: p.existing ? 'cited-existing' : 'inserted', key: p.key };
    }
    case 'other':
      return { changes: [{ target: 'document', start: p.start, end: p.end, text: need(p.snippet, 'snippet') }], outcome: 'inserted', key: p.key };
    case 'cff':
      throw new Error('CITATION.cff is edited with upsertCffReference.');
  }
}

function need(s: string | undefined, what: string): string {
  if (s === undefined) throw new Error(`planInsertion needs the ${what}.`);
  return s;
}
