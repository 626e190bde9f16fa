/**
 * The citation engine: BibTeX, BibLaTeX, CSL-JSON, CITATION.cff and formatted references (CSL
 * styles) for a record. It is the entry of its own bundle (dist/citation.js), `require`d on first
 * use, so activation never loads citation-js. We always hand citation-js CSL-JSON built from our
 * own model (model.ts), never a URL or a DOI to fetch.
 */
import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-csl';
import chicagoAuthorDate from './styles/chicago-author-date.json';
import harvardCiteThemRight from './styles/harvard-cite-them-right.json';
import ieee from './styles/ieee.json';
import { cffFile, cffReference, toYaml, CffUpsert } from './cff';
import { Citable, CitationFormat, CslItem, bibtexType, citationKey, toCsl } from './model';

export { upsertCffReference, minimalChange } from './cff';
export type { CffUpsert };

interface CompactNode { n: string; a?: Record<string, string>; c?: Array<CompactNode | string> }

const BUNDLED_STYLES: Record<string, CompactNode> = {
  ieee: ieee as CompactNode,
  'chicago-author-date': chicagoAuthorDate as CompactNode,
  'harvard-cite-them-right': harvardCiteThemRight as CompactNode,
};
/** citation-js's own templates. */
const BUILTIN_STYLES = ['apa', 'vancouver', 'harvard1'];

export const AVAILABLE_STYLES: readonly string[] = ['apa', 'ieee', 'chicago-author-date', 'harvard-cite-them-right', 'vancouver', 'harvard1'];

let setUp = false;
function setup(): void {
  if (setUp) return;
  setUp = true;
  const bib = plugins.config.get('@bibtex');
  // Our entry types for classic BibTeX too (Zenodo's export uses @software and @dataset as well);
  // citation-js maps them to @misc by default.
  Object.assign(bib.types.bibtex.target, { software: 'software', dataset: 'dataset' });
  // Write UTF-8: with asciiOnly (the default) citation-js drops every character it has no LaTeX
  // command for, so Arabic, Hebrew, CJK names and titles came out empty. BibLaTeX/biber and
  // BibTeX with a UTF-8 input encoding read UTF-8, and Zenodo's own export is UTF-8 too.
  bib.format.asciiOnly = false;
  const templates = plugins.config.get('@csl').templates;
  for (const [id, node] of Object.entries(BUNDLED_STYLES)) if (!templates.has(id)) templates.add(id, compactToXml(node));
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The compact JSON form of a CSL style back to CSL XML. */
export function compactToXml(node: CompactNode, root = true): string {
  const attrs = { ...(root ? { xmlns: 'http://purl.org/net/xbiblio/csl' } : {}), ...(node.a ?? {}) };
  const open = `<${node.n}${Object.entries(attrs).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('')}`;
  const children = (node.c ?? []).map((c) => (typeof c === 'string' ? escapeXml(c) : compactToXml(c, false))).join('');
  const xml = children ? `${open}>${children}</${node.n}>` : `${open}/>`;
  return root ? `<?xml version="1.0" encoding="utf-8"?>\n${xml}` : xml;
}

export interface CiteOptions {
  /** `zenodo.citation.keyPattern` */
  keyPattern?: string;
  /** A key decided by the caller (e.g. made unique against a .bib file); wins over the pattern. */
  key?: string;
  /** CSL style id for `text` (default apa). */
  style?: string;
  locale?: string;
}

export function keyFor(c: Citable, opts: CiteOptions = {}): string {
  return opts.key ?? citationKey(c, opts.keyPattern);
}

export function cslItem(c: Citable, opts: CiteOptions = {}): CslItem {
  return toCsl(c, keyFor(c, opts));
}

/** Render one citable in a format. */
export function render(c: Citable, format: CitationFormat, opts: CiteOptions = {}): string {
  setup();
  switch (format) {
    case 'bibtex':
    case 'biblatex':
      return bibtex([cslItem(c, opts)], format);
    case 'csl-json':
      return `${JSON.stringify([cslItem(c, opts)], null, 2)}\n`;
    case 'cff':
      return toYaml(cffFile(c));
    case 'cff-reference':
      return toYaml({ references: [cffReference(c)] });
    case 'text':
      return formatted([cslItem(c, opts)], opts.style ?? 'apa', opts.locale);
  }
}

const FIELD_ORDER = ['author', 'title', 'month', 'year', 'date', 'publisher', 'version', 'journal', 'doi', 'url'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** Fields whose values are identifiers, not text: never LaTeX-escaped. */
const VERBATIM = new Set(['doi', 'url', 'eprint', 'file']);

/**
 * BibTeX or BibLaTeX entries for CSL items. citation-js builds the entries (type mapping, names,
 * LaTeX encoding of the text); we add what classic BibTeX needs and citation-js leaves out — the
 * `version` field, `month` as a macro (`sep`, as Zenodo writes it) instead of "sep 9" — escape the
 * LaTeX specials (see escapeLatex), and write the fields in a stable, readable order.
 */
export function bibtex(items: CslItem[], flavour: 'bibtex' | 'biblatex' = 'bibtex'): string {
  setup();
  // Braces and backslashes in the record's text would end a value early or run as LaTeX commands;
  // citation-js passes them through in UTF-8 mode. They travel as placeholders and come out escaped.
  const safe = items.map(protectSpecials);
  const entries = new Cite(safe).format(flavour, { format: 'object' }) as Array<{ type: string; label: string; properties: Record<string, string> }>;
  return entries.map((e, i) => {
    const item = safe[i];
    const props = { ...e.properties };
    let type = e.type;
    if (flavour === 'bibtex') {
      type = bibtexType(item.type);
      if (item.version && !props.version) props.version = item.version;
      const month = item.issued?.['date-parts']?.[0]?.[1];
      if (month) props.month = MONTHS[month - 1];
      else delete props.month;
    }
    const keys = Object.keys(props).sort((a, b) => rank(a) - rank(b));
    const width = Math.max(...keys.map((k) => k.length));
    const lines = keys.map((k) => {
      const v = VERBATIM.has(k) ? props[k] : restoreSpecials(escapeLatex(props[k]));
      const value = flavour === 'bibtex' && k === 'month' && MONTHS.includes(v) ? v : `{${v}}`;
      return `  ${k.padEnd(width)} = ${value},`;
    });
    return `@${type}{${e.label},\n${lines.join('\n')}\n}\n`;
  }).join('\n');
}

// Private-use characters stand in for { } \ while citation-js builds the entry.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const BACKSLASH = '\uE002';
const PLACEHOLDERS = /[\uE000-\uE002]/g;

function protectText(s: string): string {
  // (Line breaks too: a title broken over lines is one line in the entry.)
  return s.replace(PLACEHOLDERS, '').replace(/\s*[\r\n]+\s*/g, ' ').replace(/\\/g, BACKSLASH).replace(/\{/g, OPEN).replace(/\}/g, CLOSE);
}

/** A copy of the item whose text fields carry placeholders instead of braces and backslashes. */
function protectSpecials(item: CslItem): CslItem {
  const out: CslItem = { ...item };
  out.title = protectText(item.title);
  if (out.publisher !== undefined) out.publisher = protectText(out.publisher);
  if (out.version !== undefined) out.version = protectText(out.version);
  out.author = item.author.map((a) => ({ ...a, ...(a.family !== undefined ? { family: protectText(a.family) } : {}), ...(a.given !== undefined ? { given: protectText(a.given) } : {}), ...(a.literal !== undefined ? { literal: protectText(a.literal) } : {}) }));
  return out;
}

function restoreSpecials(v: string): string {
  return v.replace(/\uE002/g, '\\textbackslash{}').replace(/\uE000/g, '\\{').replace(/\uE001/g, '\\}');
}

function rank(field: string): number {
  const i = FIELD_ORDER.indexOf(field);
  return i < 0 ? FIELD_ORDER.length : i;
}

/**
 * Escape the characters LaTeX treats specially in text (`& % # $ _` and `~ ^`) unless escaped
 * already. citation-js escapes them only in its ASCII mode, which also drops every character it
 * has no LaTeX command for; we write UTF-8 and escape these ourselves.
 */
export function escapeLatex(v: string): string {
  return v.replace(/(?<!\\)([&%#$_])/g, '\\$1').replace(/(?<!\\)~/g, '\\textasciitilde{}').replace(/(?<!\\)\^/g, '\\textasciicircum{}');
}

/** Formatted references in a CSL style, as plain text, without a leading list number. */
export function formatted(items: CslItem[], style: string, locale = 'en-US'): string {
  setup();
  const id = style.trim();
  if (!AVAILABLE_STYLES.includes(id) && !BUILTIN_STYLES.includes(id)) {
    throw new Error(`The citation style "${style}" is not available. Use one of: ${AVAILABLE_STYLES.join(', ')}.`);
  }
  const out = new Cite(items).format('bibliography', { template: id, format: 'text', lang: locale }) as string;
  const lines = out.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.map((l) => (items.length === 1 ? l.replace(/^(?:\[\d+\]|\d+\.)\s+/, '') : l)).join('\n');
}

/** Parse BibTeX/BibLaTeX back to CSL-JSON (tests, and checking what we wrote). */
export function parseBibtex(text: string): any[] {
  setup();
  return new Cite(text).data;
}
