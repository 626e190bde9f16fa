/**
 * Reading a .bib file just enough to add to it safely: the entries' keys and DOIs (to not add a
 * record twice, and to never reuse a key), and where the file ends. A tolerant scanner: it skips
 * @comment, @string and @preamble, balances braces and quotes, and never throws.
 */

export interface BibEntryInfo {
  type: string;
  key: string;
  /** Lower-cased DOI without a resolver prefix, when the entry has a doi field (or a doi.org url). */
  doi?: string;
  start: number;
  end: number;
}

const SKIP_TYPES = new Set(['comment', 'string', 'preamble']);

export function scanBib(text: string): BibEntryInfo[] {
  const out: BibEntryInfo[] = [];
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('@', i);
    if (at < 0) break;
    const m = /^@\s*([A-Za-z]+)\s*([{(])/.exec(text.slice(at, at + 64));
    if (!m) {
      i = at + 1;
      continue;
    }
    const type = m[1].toLowerCase();
    const open = at + m[0].length - 1;
    const end = matchClose(text, open);
    if (!SKIP_TYPES.has(type)) {
      const body = text.slice(open + 1, end < 0 ? text.length : end);
      const comma = body.indexOf(',');
      const key = (comma >= 0 ? body.slice(0, comma) : body).trim();
      if (key && !/\s/.test(key)) out.push({ type, key, doi: doiIn(body), start: at, end: end < 0 ? text.length : end + 1 });
    }
    i = end < 0 ? text.length : end + 1;
  }
  return out;
}

/** The index of the bracket closing the one at `open`, or -1. */
function matchClose(text: string, open: number): number {
  const closer = text[open] === '(' ? ')' : '}';
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '{' || (closer === ')' && c === '(')) depth++;
    else if (c === '}' || (closer === ')' && c === ')')) {
      depth--;
      if (depth === 0) return c === closer ? j : -1;
    }
  }
  return -1;
}

function doiIn(body: string): string | undefined {
  const field = /(?:^|[,\s])doi\s*=\s*[{"]?\s*([^},"\s]+)/i.exec(body);
  const url = /(?:^|[,\s])url\s*=\s*[{"]?\s*https?:\/\/(?:dx\.)?doi\.org\/([^},"\s]+)/i.exec(body);
  const raw = field?.[1] ?? url?.[1];
  if (!raw) return undefined;
  return normaliseDoi(raw);
}

export function normaliseDoi(doi: string): string {
  let d = doi.trim();
  try {
    d = decodeURIComponent(d);
  } catch {
    // keep as is
  }
  return d.replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '').replace(/\\_/g, '_').toLowerCase();
}

/** The entry that already cites this DOI, if any. */
export function findDoi(text: string, doi: string | undefined): BibEntryInfo | undefined {
  if (!doi) return undefined;
  const want = normaliseDoi(doi);
  return scanBib(text).find((e) => e.doi === want);
}

/**
 * A key that no entry of `existing` uses (BibTeX compares keys without regard to case):
 * the key itself, else key + a, b, … z, aa, ab, …
 */
export function uniqueKey(key: string, existing: Iterable<string>): string {
  const taken = new Set([...existing].map((k) => k.toLowerCase()));
  if (!taken.has(key.toLowerCase())) return key;
  for (let n = 0; ; n++) {
    const candidate = key + suffix(n);
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

function suffix(n: number): string {
  let s = '';
  let x = n;
  do {
    s = String.fromCharCode(97 + (x % 26)) + s;
    x = Math.floor(x / 26) - 1;
  } while (x >= 0);
  return s;
}

/** What to insert to append `entry` at the end of a .bib text, with one blank line between entries. */
export function appendText(text: string, entry: string): string {
  const body = entry.trim();
  if (!text.trim()) return `${body}\n`;
  const sep = text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  return `${sep}${body}\n`;
}
