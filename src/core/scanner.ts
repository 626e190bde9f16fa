/**
 * Finds the repository's references in the text of papers, READMEs and software metadata:
 * bare DOIs (10.5281/zenodo.N), `doi:` forms, doi.org and repository URLs (/records/N, /record/N,
 * /api/records/N, /doi/…), badges (…/badge/DOI/….svg, shields.io DOI badges) in .md, .tex, .bib,
 * .cff, .zenodo.json, .rst, .txt, .html and .ipynb files, each with its exact range and, for BibTeX
 * and CFF, the entry's version and date fields that go with it.
 *
 * Only references the repository profile recognises are reported (a DOI with one of its record-DOI
 * prefixes, or a URL on one of its hosts); other DOIs are not the repository's and are ignored.
 *
 * One pass over the text: a single regular expression whose every alternative starts with a
 * literal anchor ("10.5281/zenodo.", "zenodo.org/…") and ends in a bounded digit run, so it cannot
 * backtrack super-linearly; each hit looks at most a few hundred characters around itself. BibTeX
 * entries and CFF mappings are read by linear scanners. `scanTextAsync` yields to the event loop
 * between slices so a 10 MB file never holds the extension host for long.
 */
import { Reference } from './reference';
import { RepositoryProfile, repositoryProfile } from './repository';

export type FileKind = 'markdown' | 'latex' | 'bibtex' | 'cff' | 'zenodo-json' | 'rst' | 'text' | 'html' | 'ipynb';

/** How the reference is written, which decides how an update rewrites it. */
export type ReferenceForm = 'doi' | 'doi-url' | 'record-url' | 'badge';

/** A field's value as written (without its braces or quotes). */
export interface FieldSpan {
  name: string;
  start: number;
  end: number;
  value: string;
}

/** The BibTeX entry or CFF mapping a reference is the identifier of. */
export interface EntryInfo {
  kind: 'bibtex' | 'cff';
  /** BibTeX citation key, or the CFF mapping's path ("preferred-citation", "references[2]", "" for the top level). */
  key: string;
  start: number;
  end: number;
  version?: FieldSpan;
  /** BibTeX `year`. */
  year?: FieldSpan;
  /** BibTeX `month`. */
  month?: FieldSpan;
  /** BibTeX `date`, CFF `date-released`. */
  date?: FieldSpan;
}

/** What an update replaces: the DOI, the record id in a URL, or (a DOI/URL split across lines in BibTeX) the whole value. */
export interface UpdateTarget {
  start: number;
  end: number;
  kind: 'doi' | 'id' | 'value';
  /** The DOI was written URL-encoded (10.5281%2Fzenodo.N). */
  encoded?: boolean;
  /** For `value`: the value with its line breaks and indentation removed. */
  compact?: string;
}

export interface ScannedReference {
  /** The reference as written (a URL from its scheme, a DOI without a `doi:` prefix). */
  start: number;
  end: number;
  text: string;
  /** 0-based line and UTF-16 column of `start`. */
  line: number;
  column: number;
  form: ReferenceForm;
  reference: Reference;
  /** The record (or concept) id the reference names. */
  id: string;
  target: UpdateTarget;
  entry?: EntryInfo;
}

export interface ScanOptions {
  profile?: RepositoryProfile;
  /** Stop early (the async scanner checks it between slices). */
  signal?: AbortSignal;
}

const KIND_BY_EXT: Record<string, FileKind> = {
  md: 'markdown', markdown: 'markdown', mdx: 'markdown', qmd: 'markdown', rmd: 'markdown',
  tex: 'latex', ltx: 'latex', sty: 'latex',
  bib: 'bibtex',
  cff: 'cff',
  rst: 'rst',
  txt: 'text',
  html: 'html', htm: 'html',
  ipynb: 'ipynb',
};

/** The kind of a file from its name, or undefined when the scanner does not read such files. */
export function fileKindOf(path: string): FileKind | undefined {
  const name = path.replace(/\\/g, '/').split('/').pop() ?? '';
  if (name.toLowerCase() === '.zenodo.json') return 'zenodo-json';
  const dot = name.lastIndexOf('.');
  if (dot < 0) return undefined;
  return KIND_BY_EXT[name.slice(dot + 1).toLowerCase()];
}

/** Glob of every file name the scanner reads (for workspace searches). */
export const SCANNED_FILES_GLOB = '**/{*.md,*.markdown,*.mdx,*.qmd,*.rmd,*.tex,*.ltx,*.bib,*.cff,*.rst,*.txt,*.html,*.htm,*.ipynb,.zenodo.json}';

// ------------------------------------------------------------------ the anchor expression

interface Matcher {
  re: RegExp;
  /** Number of DOI-prefix alternatives (groups 1..n hold their digits). */
  profile: RepositoryProfile;
}

const matcherCache = new Map<string, Matcher>();

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const matcherByProfile = new WeakMap<RepositoryProfile, Matcher>();

function matcherFor(profile: RepositoryProfile): Matcher {
  const known = matcherByProfile.get(profile);
  if (known) return known;
  const key = `${profile.recordDoiPrefixes.join(' ')}|${profile.hosts.join(' ')}`;
  let m = matcherCache.get(key);
  if (!m) {
    // DOI prefixes: "10.5281/zenodo." → 10\.5281(?:\/|%2F)zenodo\.
    const doiAlts = profile.recordDoiPrefixes.map((p) => {
      const slash = p.indexOf('/');
      return slash < 0 ? escapeRe(p) : `${escapeRe(p.slice(0, slash))}(?:\\/|%2[fF])${escapeRe(p.slice(slash + 1))}`;
    });
    const hostAlts = [...profile.hosts].sort((a, b) => b.length - a.length).map(escapeRe);
    const parts: string[] = [];
    if (doiAlts.length) parts.push(`(?:${doiAlts.join('|')})(\\d{1,20})(?!\\d)`);
    if (hostAlts.length) parts.push(`(?:${hostAlts.join('|')})\\/(?:api\\/)?(?:records|record|deposit|uploads)\\/(\\d{1,20})(?!\\d)`);
    m = { re: new RegExp(parts.join('|'), 'gi'), profile };
    matcherCache.set(key, m);
  }
  matcherByProfile.set(profile, m);
  return m;
}

const STOP = new Set([' ', '\t', '\n', '\r', '\f', '\v', '"', '\'', '<', '>', '`', '{', '}', '|', '\\', '^', '[', ']', '(', ')', ',', '\u00a0']);
const WORDISH = /[A-Za-z0-9]/;

/** The start of the URL-like token that ends at `pos` (at most 300 characters back). */
function tokenStart(text: string, pos: number, lo: number): number {
  let s = pos;
  const min = Math.max(lo, pos - 300);
  while (s > min && !STOP.has(text[s - 1])) s--;
  return s;
}

// ------------------------------------------------------------------ line index

export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    let i = -1;
    while ((i = text.indexOf('\n', i + 1)) >= 0) this.starts.push(i + 1);
  }
  get lineCount(): number {
    return this.starts.length;
  }
  lineStart(line: number): number {
    return this.starts[line];
  }
  /** 0-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - this.starts[lo] };
  }
}

// ------------------------------------------------------------------ the scan

/** All references in a text, in order. */
export function scanText(text: string, kind: FileKind, opts: ScanOptions = {}): ScannedReference[] {
  const steps = scanSteps(text, kind, opts);
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

/** The same scan, yielding to the event loop every ~`sliceChars` characters (default 1 MB). */
export async function scanTextAsync(text: string, kind: FileKind, opts: ScanOptions & { sliceChars?: number } = {}): Promise<ScannedReference[]> {
  const steps = scanSteps(text, kind, opts, opts.sliceChars ?? 1_000_000);
  let r = steps.next();
  while (!r.done) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('cancelled');
    r = steps.next();
  }
  return r.value;
}

function* scanSteps(text: string, kind: FileKind, opts: ScanOptions, sliceChars = Infinity): Generator<void, ScannedReference[], void> {
  const profile = opts.profile ?? repositoryProfile();
  const matcher = matcherFor(profile);
  const lines = new LineIndex(text);
  const bib = kind === 'bibtex' ? parseBibtex(text) : undefined;
  const out: ScannedReference[] = [];
  const re = new RegExp(matcher.re.source, matcher.re.flags);
  const doiGroups = profile.recordDoiPrefixes.length ? 1 : 0;
  let nextYield = sliceChars;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m.index >= nextYield) {
      nextYield = m.index + sliceChars;
      yield;
    }
    const ref = doiGroups && m[1] !== undefined ? doiHit(text, m, profile) : hostHit(text, m, m[1 + doiGroups], profile);
    if (ref) out.push(ref);
  }
  let result = out;
  if (bib) result = attachBibtex(text, result, bib, profile);
  if (kind === 'cff') result = attachCff(text, result, lines);
  for (const r of result) {
    const p = lines.position(r.start);
    r.line = p.line;
    r.column = p.column;
  }
  return result;
}

/** The references of a short text (no line positions, no entries). */
function hitsIn(text: string, profile: RepositoryProfile): ScannedReference[] {
  const matcher = matcherFor(profile);
  const re = matcher.re;
  re.lastIndex = 0;
  const doiGroups = profile.recordDoiPrefixes.length ? 1 : 0;
  const out: ScannedReference[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const ref = doiGroups && m[1] !== undefined ? doiHit(text, m, profile) : hostHit(text, m, m[1 + doiGroups], profile);
    if (ref) out.push(ref);
  }
  re.lastIndex = 0;
  return out;
}

function doiHit(text: string, m: RegExpExecArray, profile: RepositoryProfile): ScannedReference | undefined {
  const start = m.index;
  const end = start + m[0].length;
  const before = start > 0 ? text[start - 1] : '';
  if (before && (WORDISH.test(before) || before === '.' || before === '-' && !isShieldsBadge(text, start))) return undefined;
  const encoded = /%2f/i.test(m[0]);
  const id = stripZeros(m[1]);
  const doiText = m[0].toLowerCase().replace(/%2f/, '/');
  const doi = `${doiText.slice(0, doiText.length - m[1].length)}${id}`;
  const ts = tokenStart(text, start, 0);
  const lead = text.slice(ts, start).toLowerCase();
  let form: ReferenceForm = 'doi';
  let refStart = start;
  let refEnd = end;
  const http = lead.lastIndexOf('http');
  if (/\/badge\/doi\/$/.test(lead) || lead.includes('shields.io') || text.slice(end, end + 4).toLowerCase() === '.svg') {
    form = 'badge';
    if (http >= 0) refStart = ts + http;
    if (text.slice(end, end + 4).toLowerCase() === '.svg') refEnd = end + 4;
  } else if (http >= 0 || /(?:^|\/)(?:dx\.|www\.)?doi\.org\/$/.test(lead) || lead.endsWith('/doi/')) {
    form = 'doi-url';
    refStart = http >= 0 ? ts + http : ts;
  }
  void profile;
  return {
    start: refStart, end: refEnd, text: text.slice(refStart, refEnd), line: 0, column: 0, form,
    reference: { kind: 'doi', doi, id, input: text.slice(refStart, refEnd) }, id,
    target: { start, end, kind: 'doi', encoded: encoded || undefined },
  };
}

function isShieldsBadge(text: string, pos: number): boolean {
  return text.slice(Math.max(0, pos - 200), pos).toLowerCase().includes('shields.io');
}

function hostHit(text: string, m: RegExpExecArray, digits: string | undefined, _profile: RepositoryProfile): ScannedReference | undefined {
  if (digits === undefined) return undefined;
  const start = m.index;
  const before = start > 0 ? text[start - 1] : '';
  if (before && (WORDISH.test(before) || before === '.' || before === '-' || before === '@')) return undefined;
  let refStart = start;
  const scheme = /https?:\/\/$/i.exec(text.slice(Math.max(0, start - 8), start));
  if (scheme) refStart = start - scheme[0].length;
  const end = start + m[0].length;
  const id = stripZeros(digits);
  return {
    start: refStart, end, text: text.slice(refStart, end), line: 0, column: 0, form: 'record-url',
    reference: { kind: 'id', id, input: text.slice(refStart, end) }, id,
    target: { start: end - digits.length, end, kind: 'id' },
  };
}

function stripZeros(id: string): string {
  return id.replace(/^0+(?=\d)/, '');
}

// ------------------------------------------------------------------ BibTeX

export interface BibField extends FieldSpan {
  /** `{`, `"` or '' (a bare number or macro). */
  delimiter: '{' | '"' | '';
}

export interface BibEntry {
  type: string;
  key: string;
  start: number;
  end: number;
  fields: BibField[];
}

const BIB_ID_FIELDS = new Set(['doi', 'url', 'howpublished', 'eprint']);
const BIB_COMPACT_FIELDS = new Set(['doi', 'url', 'eprint']);

/** The entries of a BibTeX file (linear; a malformed entry ends the parse there). */
export function parseBibtex(text: string): BibEntry[] {
  const entries: BibEntry[] = [];
  const n = text.length;
  let i = 0;
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  while ((i = text.indexOf('@', i)) >= 0) {
    const start = i;
    i++;
    const typeStart = i;
    while (i < n && /[A-Za-z]/.test(text[i])) i++;
    const type = text.slice(typeStart, i).toLowerCase();
    ws();
    const open = text[i];
    if (!type || (open !== '{' && open !== '(')) continue;
    const close = open === '{' ? '}' : ')';
    i++;
    if (type === 'comment' || type === 'preamble' || type === 'string') {
      const e = skipBalanced(text, i, close);
      if (e < 0) break;
      i = e + 1;
      continue;
    }
    ws();
    const keyStart = i;
    while (i < n && text[i] !== ',' && text[i] !== close && !/\s/.test(text[i])) i++;
    const key = text.slice(keyStart, i);
    const fields: BibField[] = [];
    let ok = true;
    while (true) {
      ws();
      if (i >= n) {
        ok = false;
        break;
      }
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === close) {
        i++;
        break;
      }
      const nameStart = i;
      while (i < n && !/[\s=,{}()"#]/.test(text[i])) i++;
      const name = text.slice(nameStart, i).toLowerCase();
      ws();
      if (!name || text[i] !== '=') {
        ok = false;
        break;
      }
      i++;
      ws();
      const parts: { start: number; end: number; delimiter: '{' | '"' | '' }[] = [];
      while (i < n) {
        const c = text[i];
        if (c === '{') {
          const e = skipBalanced(text, i + 1, '}');
          if (e < 0) {
            i = n;
            break;
          }
          parts.push({ start: i + 1, end: e, delimiter: '{' });
          i = e + 1;
        } else if (c === '"') {
          const e = skipQuoted(text, i + 1);
          if (e < 0) {
            i = n;
            break;
          }
          parts.push({ start: i + 1, end: e, delimiter: '"' });
          i = e + 1;
        } else {
          const s = i;
          while (i < n && !/[\s,#{}()"]/.test(text[i])) i++;
          if (i === s) break;
          parts.push({ start: s, end: i, delimiter: '' });
        }
        ws();
        if (text[i] === '#') {
          i++;
          ws();
          continue;
        }
        break;
      }
      if (parts.length === 0) {
        ok = false;
        break;
      }
      const first = parts[0];
      const last = parts[parts.length - 1];
      const span = parts.length === 1 ? first : { start: first.start - (first.delimiter ? 1 : 0), end: last.end + (last.delimiter ? 1 : 0), delimiter: '' as const };
      fields.push({ name, start: span.start, end: span.end, value: text.slice(span.start, span.end), delimiter: span.delimiter });
    }
    if (!ok && i >= n) break;
    entries.push({ type, key, start, end: i, fields });
  }
  return entries;
}

/** Index of the closing `close` that balances braces from `i` (which is just inside the opener), or -1. */
function skipBalanced(text: string, i: number, close: string): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0 && close === '}') return j;
      depth--;
      if (depth < 0) return -1;
    } else if (c === close && depth === 0) return j;
  }
  return -1;
}

function skipQuoted(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '"' && depth <= 0) return j;
  }
  return -1;
}

function attachBibtex(text: string, refs: ScannedReference[], entries: BibEntry[], profile: RepositoryProfile): ScannedReference[] {
  const out: ScannedReference[] = [];
  let k = 0;
  // References split across lines inside doi/url fields: read the value without its whitespace.
  const extra: ScannedReference[] = [];
  const covered: { start: number; end: number }[] = [];
  for (const e of entries) {
    for (const f of e.fields) {
      if (!BIB_COMPACT_FIELDS.has(f.name) || !/\s/.test(f.value)) continue;
      const compact = f.value.replace(/\s+/g, '');
      const found = hitsIn(compact, profile);
      if (found.length !== 1) continue;
      const r = found[0];
      covered.push({ start: f.start, end: f.end });
      extra.push({
        ...r, start: f.start, end: f.end, text: f.value,
        reference: { ...r.reference, input: f.value },
        target: { start: f.start, end: f.end, kind: 'value', encoded: r.target.encoded, compact },
      });
    }
  }
  let all = refs;
  if (extra.length) {
    // Both lists are in text order: drop the plain hits inside a compacted value (two pointers).
    let c = 0;
    all = refs.filter((r) => {
      while (c < covered.length && covered[c].end < r.end) c++;
      return !(c < covered.length && r.start >= covered[c].start && r.end <= covered[c].end);
    }).concat(extra).sort((a, b) => a.start - b.start);
  }
  for (const r of all) {
    while (k < entries.length && entries[k].end <= r.start) k++;
    const e = entries[k];
    if (e && e.start <= r.start && r.end <= e.end) {
      const field = e.fields.find((f) => f.start <= r.start && r.end <= f.end);
      if (field && BIB_ID_FIELDS.has(field.name)) r.entry = bibEntryInfo(e);
    }
    out.push(r);
  }
  void text;
  return out;
}

function bibEntryInfo(e: BibEntry): EntryInfo {
  const get = (name: string) => {
    const f = e.fields.find((x) => x.name === name);
    return f && { name: f.name, start: f.start, end: f.end, value: f.value };
  };
  return { kind: 'bibtex', key: e.key, start: e.start, end: e.end, version: get('version'), year: get('year'), month: get('month'), date: get('date') };
}

// ------------------------------------------------------------------ CFF (YAML, read by lines)

interface CffLines { lineCount: number; lineStart(n: number): number; position(o: number): { line: number }; get(n: number): CffLine }

interface CffLine { start: number; end: number; indent: number; keyCol: number; key?: string; dash: boolean; blank: boolean }

function cffLine(text: string, lines: LineIndex, n: number): CffLine {
  const start = lines.lineStart(n);
  const end = n + 1 < lines.lineCount ? lines.lineStart(n + 1) - 1 : text.length;
  let i = start;
  while (i < end && text[i] === ' ') i++;
  const indent = i - start;
  const blank = i >= end || text[i] === '#' || text[i] === '\r';
  let dash = false;
  while (i + 1 < end && text[i] === '-' && text[i + 1] === ' ') {
    dash = true;
    i += 2;
    while (i < end && text[i] === ' ') i++;
  }
  const km = /^([A-Za-z][A-Za-z0-9_-]*)\s*:(?:\s|$)/.exec(text.slice(i, Math.min(end, i + 64)) + (end - i < 64 ? '\n' : ''));
  return { start, end, indent, keyCol: i - start, key: km?.[1], dash, blank };
}

/** How far (in lines) a nested CFF mapping is followed from its reference. */
const CFF_MAX_LINES = 400;

function attachCff(text: string, refs: ScannedReference[], index: LineIndex): ScannedReference[] {
  // Each line is read at most once, so the bounded walks below stay cheap.
  const parsed: CffLine[] = [];
  const lines: CffLines = { lineCount: index.lineCount, lineStart: (n) => index.lineStart(n), position: (o) => index.position(o), get: (n) => (parsed[n] ??= cffLine(text, index, n)) };
  const byLine = new Map<number, EntryInfo | undefined>();
  let topLevel: EntryInfo | undefined;
  const top = (): EntryInfo => {
    if (!topLevel) {
      topLevel = { kind: 'cff', key: '', start: 0, end: text.length };
      for (let j = 0; j < lines.lineCount; j++) {
        const l = lines.get(j);
        if (l.blank || l.dash || l.keyCol !== 0 || !l.key) continue;
        if (l.key === 'version' && !topLevel.version) topLevel.version = cffValue(text, l, 'version');
        else if (l.key === 'date-released' && !topLevel.date) topLevel.date = cffValue(text, l, 'date-released');
      }
    }
    return topLevel;
  };
  for (const r of refs) {
    const ln = lines.position(r.start).line;
    if (!byLine.has(ln)) byLine.set(ln, cffEntryAt(text, lines, ln, top));
    const info = byLine.get(ln);
    if (info) r.entry = info;
  }
  return refs;
}

function cffEntryAt(text: string, lines: CffLines, ln: number, top: () => EntryInfo): EntryInfo | undefined {
  const here = lines.get(ln);
  let mapCol: number;
  let anchorLine = ln;
  if (here.key === 'doi' || here.key === 'url') {
    mapCol = here.keyCol;
  } else if (here.key === 'value') {
    // identifiers: [ { type: doi, value: … } ] → the mapping that holds `identifiers:`
    let found = -1;
    for (let j = ln - 1; j >= 0 && ln - j < 50; j--) {
      const l = lines.get(j);
      if (l.blank) continue;
      if (l.key === 'identifiers' && l.keyCol < here.keyCol) {
        found = j;
        break;
      }
      if (l.indent < here.indent - 4) break;
    }
    if (found < 0) return undefined;
    mapCol = lines.get(found).keyCol;
    anchorLine = found;
  } else {
    return undefined;
  }
  if (mapCol === 0) return top();
  const info: EntryInfo = { kind: 'cff', key: '', start: lines.lineStart(anchorLine), end: here.end };
  const take = (l: CffLine) => {
    if (l.keyCol !== mapCol || !l.key) return;
    if (l.key === 'version' && !info.version) info.version = cffValue(text, l, 'version');
    else if (l.key === 'date-released' && !info.date) info.date = cffValue(text, l, 'date-released');
  };
  // Backwards to the start of this mapping (a "- " item at its column, or a less-indented line).
  for (let j = anchorLine; j >= 0 && anchorLine - j < CFF_MAX_LINES; j--) {
    const l = lines.get(j);
    if (l.blank) continue;
    if (l.indent < mapCol && !(l.dash && l.keyCol === mapCol)) break;
    take(l);
    info.start = l.start;
    if (l.dash && l.keyCol === mapCol) break;
  }
  for (let j = anchorLine + 1; j < lines.lineCount && j - anchorLine < CFF_MAX_LINES; j++) {
    const l = lines.get(j);
    if (l.blank) continue;
    if (l.indent < mapCol) break;
    take(l);
    info.end = l.end;
  }
  // The mapping's name: the nearest less-indented key above.
  const first = lines.position(info.start).line;
  for (let j = first - 1; j >= 0 && first - j < 40; j--) {
    const l = lines.get(j);
    if (!l.blank && l.key && l.keyCol < mapCol) {
      info.key = l.key;
      break;
    }
  }
  return info;
}

function cffValue(text: string, l: CffLine, key: string): FieldSpan | undefined {
  const colon = indexWithin(text, ':', l.start + l.keyCol, l.end);
  if (colon < 0) return undefined;
  let s = colon + 1;
  while (s < l.end && (text[s] === ' ' || text[s] === '\t')) s++;
  let e = l.end;
  if (text[e - 1] === '\r') e--;
  if (text[s] === '"' || text[s] === '\'') {
    const q = indexWithin(text, text[s], s + 1, e);
    if (q < 0) return undefined;
    return { name: key, start: s + 1, end: q, value: text.slice(s + 1, q) };
  }
  const hash = indexWithin(text, ' #', s, e);
  if (hash >= 0) e = hash;
  while (e > s && /\s/.test(text[e - 1])) e--;
  if (e <= s) return undefined;
  return { name: key, start: s, end: e, value: text.slice(s, e) };
}

/** indexOf limited to [from, to): never reads past the line. */
function indexWithin(text: string, needle: string, from: number, to: number): number {
  for (let i = from; i + needle.length <= to; i++) if (text.startsWith(needle, i)) return i;
  return -1;
}
