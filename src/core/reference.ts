/**
 * The one reference resolver for everything a person pastes or a document contains:
 *   1234567 · 10.5281/zenodo.1234567 · doi:10.5281/zenodo.1234567 · DOI: 10.5281/… ·
 *   https://doi.org/10.5281/zenodo.1234567 · https://dx.doi.org/… · doi.org/… ·
 *   https://zenodo.org/records/1234567[/files/…|?…|#…] · /record/1234567 · /api/records/1234567 ·
 *   https://zenodo.org/doi/10.5281/zenodo.1234567 · https://zenodo.org/badge/DOI/10.5281/zenodo.1234567.svg ·
 *   URL-encoded forms (10.5281%2Fzenodo.1234567), any case, surrounded by quotes, brackets or
 *   trailing punctuation. Other DOIs (10.1234/abc) are accepted and resolved by a DOI search.
 * Ids stay strings (never converted to numbers, so ids past 2^53 survive).
 * No regular expression here can backtrack super-linearly: each is anchored and unambiguous.
 */
import { InvalidReferenceError } from './errors';
import { RepositoryProfile, repositoryProfile } from './repository';

export type Reference =
  /** A record id or a concept id (we cannot tell which until we ask). */
  | { kind: 'id'; id: string; input: string }
  /** A DOI (lower-cased); `id` is set when the repository's DOI prefix carries the record id. */
  | { kind: 'doi'; doi: string; id?: string; input: string };

const DOI_HOSTS = new Set(['doi.org', 'dx.doi.org', 'www.doi.org', 'hdl.handle.net']);
const MAX_ID_DIGITS = 20;
const MAX_INPUT = 2048;

/** Parse, or throw InvalidReferenceError with a message that says what is accepted. */
export function parseReference(input: string, profile: RepositoryProfile = repositoryProfile()): Reference {
  const r = tryParseReference(input, profile);
  if (!r) throw new InvalidReferenceError(input);
  return r;
}

export function tryParseReference(input: string, profile: RepositoryProfile = repositoryProfile()): Reference | undefined {
  if (typeof input !== 'string' || input.length > MAX_INPUT) return undefined;
  let s = unwrap(input);
  if (!s) return undefined;
  if (/%[0-9a-f]{2}/i.test(s)) {
    try {
      s = decodeURIComponent(s);
    } catch {
      return undefined;
    }
    s = unwrap(s);
  }
  if (/^\d+$/.test(s)) return s.length <= MAX_ID_DIGITS ? { kind: 'id', id: stripZeros(s), input } : undefined;
  const doiPrefix = /^doi\s*:\s*/i.exec(s);
  if (doiPrefix) return fromDoi(s.slice(doiPrefix[0].length), input, profile);
  if (/^10\./.test(s)) return fromDoi(s, input, profile);
  let urlText = s;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(urlText)) {
    // "doi.org/10…", "zenodo.org/records/1" without a scheme
    if (!/^[a-z0-9.-]+\.[a-z]{2,}(?::\d+)?\//i.test(urlText)) return undefined;
    urlText = `https://${urlText}`;
  }
  let url: URL;
  try {
    url = new URL(urlText);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.host.toLowerCase();
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    path = url.pathname;
  }
  if (DOI_HOSTS.has(host)) return fromDoi(path.replace(/^\/+/, ''), input, profile);
  if (!profile.hosts.includes(host)) return undefined;
  const segs = path.split('/').filter(Boolean);
  if (segs[0] === 'api') segs.shift();
  const [a, b] = segs;
  if ((a === 'records' || a === 'record' || a === 'deposit' || a === 'uploads') && b && /^\d+$/.test(b) && b.length <= MAX_ID_DIGITS) {
    return { kind: 'id', id: stripZeros(b), input };
  }
  if (a === 'doi' && segs.length >= 2) return fromDoi(segs.slice(1).join('/'), input, profile);
  if (a === 'badge' && (b === 'DOI' || b === 'doi') && segs.length >= 3) {
    return fromDoi(segs.slice(2).join('/').replace(/\.svg$/i, ''), input, profile);
  }
  return undefined;
}

function fromDoi(raw: string, input: string, profile: RepositoryProfile): Reference | undefined {
  const doi = trimTrailing(raw.trim()).toLowerCase();
  // 10.<registrant>/<suffix>: registrant digits (with optional dotted sub-parts), any non-space suffix.
  if (!/^10\.\d{4,9}(?:\.\d+)*\/\S+$/.test(doi)) return undefined;
  for (const prefix of profile.recordDoiPrefixes) {
    if (doi === prefix.replace(/\.$/, '')) return undefined; // "10.5281/zenodo." without its id
    if (doi.startsWith(prefix)) {
      const rest = doi.slice(prefix.length);
      if (/^\d+$/.test(rest) && rest.length <= MAX_ID_DIGITS) return { kind: 'doi', doi, id: stripZeros(rest), input };
      if (/^\d+[^0-9]/.test(rest)) return undefined; // "10.5281/zenodo.123abc" is no Zenodo DOI
    }
  }
  return { kind: 'doi', doi, input };
}

const OPENERS = '<([{"\'`“‘«';
const CLOSERS = '>)]}"\'`”’»';
const TRAILING = '.,;:!?';

/** Remove surrounding quotes and brackets, and trailing sentence punctuation. */
function unwrap(input: string): string {
  let s = input.trim();
  for (let i = 0; i < 8; i++) {
    const before = s;
    const o = OPENERS.indexOf(s[0]);
    if (o >= 0 && s.endsWith(CLOSERS[o])) s = s.slice(1, -1).trim();
    else if (o >= 0 && !s.slice(1).includes(CLOSERS[o])) s = s.slice(1).trim();
    s = trimTrailing(s);
    if (s === before) break;
  }
  return s;
}

/** Trailing punctuation, and closing brackets that have no opening partner inside. */
function trimTrailing(s: string): string {
  let end = s.length;
  while (end > 0) {
    const c = s[end - 1];
    if (TRAILING.includes(c) || c === '"' || c === '\'' || c === '`' || c === '”' || c === '’' || c === '»') {
      end--;
      continue;
    }
    const ci = ')]}>'.indexOf(c);
    if (ci >= 0) {
      const open = '([{<'[ci];
      const body = s.slice(0, end - 1);
      if (count(body, open) <= count(body, c)) {
        end--;
        continue;
      }
    }
    break;
  }
  return s.slice(0, end);
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s[i] === ch) n++;
  return n;
}

function stripZeros(id: string): string {
  const t = id.replace(/^0+(?=\d)/, '');
  return t;
}

/** The DOI a repository record id maps to under the profile's first record-DOI prefix. */
export function doiForRecordId(id: string, profile: RepositoryProfile): string | undefined {
  const p = profile.recordDoiPrefixes[0];
  return p ? `${p}${id}` : undefined;
}

/** A stable key for a reference, used to de-duplicate look-ups. */
export function referenceKey(ref: Reference): string {
  return ref.kind === 'id' ? `id:${ref.id}` : ref.id ? `id:${ref.id}` : `doi:${ref.doi}`;
}

/**
 * The reference at a position of a text (the word-like run around `offset`, delimited by
 * whitespace, quotes and brackets), with its exact range; undefined when none is there.
 * Scans at most 512 characters either side, so it is cheap on any document.
 */
export function referenceAt(text: string, offset: number, profile: RepositoryProfile = repositoryProfile()): { start: number; end: number; reference: Reference } | undefined {
  const isStop = (c: string | undefined) => c === undefined || /[\s"'<>`{}|\\^[\]]/.test(c);
  let start = Math.max(0, Math.min(offset, text.length));
  let end = start;
  const lo = Math.max(0, offset - 512);
  const hi = Math.min(text.length, offset + 512);
  while (start > lo && !isStop(text[start - 1])) start--;
  while (end < hi && !isStop(text[end])) end++;
  let candidate = text.slice(start, end);
  // "doi: 10.…" split by a space: include the prefix.
  const before = text.slice(Math.max(0, start - 5), start);
  if (/doi:\s$/i.test(before)) {
    start -= before.length - before.search(/doi:\s$/i);
    candidate = text.slice(start, end);
  }
  // Markdown links "[text](url)": cut at "](".
  const link = candidate.lastIndexOf('](');
  if (link >= 0 && start + link + 2 <= offset) {
    start += link + 2;
    candidate = text.slice(start, end);
  }
  const leading = candidate.length - candidate.replace(/^[([{(]+/, '').length;
  start += leading;
  candidate = candidate.slice(leading);
  const reference = tryParseReference(candidate, profile);
  if (!reference) return undefined;
  // Trim the range to what was parsed (trailing punctuation stays outside).
  let trimmedEnd = end;
  while (trimmedEnd > start && /[.,;:!?)\]}>'"]/.test(text[trimmedEnd - 1]) && tryParseReference(text.slice(start, trimmedEnd - 1), profile)) trimmedEnd--;
  return { start, end: trimmedEnd, reference };
}
