/**
 * Keeping citations current, as pure functions shared by the editor's diagnostics and quick fixes,
 * the workspace update and `zenodo-cite check`:
 *   look-up results + a citation policy → a finding per reference (status, message, problem or not)
 *   a finding + a fix → text edits (the DOI or URL, and in the same change the BibTeX/CFF entry's
 *   version and date fields, and a badge's URL).
 */
import type { LookupResult } from './client';
import type { ZenodoRecord } from './models';
import { referenceKey } from './reference';
import type { RepositoryProfile } from './repository';
import type { FieldSpan, ScannedReference } from './scanner';

/**
 * `latest`: a reference should name the newest version (superseded versions are problems).
 * `pinned`: a reference should name one exact version (concept DOIs are problems).
 * `concept`: a reference should name the concept (version DOIs are problems).
 */
export type CitationPolicy = 'latest' | 'pinned' | 'concept';
export const CITATION_POLICIES: readonly CitationPolicy[] = ['latest', 'pinned', 'concept'];

export type FixKind = 'update-latest' | 'to-concept' | 'pin-latest';

export type FindingStatus = 'current' | 'superseded' | 'concept' | 'deleted' | 'restricted' | 'not-found' | 'error' | 'invalid';

export interface Finding {
  ref: ScannedReference;
  status: FindingStatus;
  /** True when the policy says the reference needs a change (or it is broken). */
  problem: boolean;
  /** One line for a person: "newer version 1.9.1 (2026-09-11) available". */
  message: string;
  /** The fixes that apply, the preferred one (the policy's) first. */
  fixes: FixKind[];
  record?: ZenodoRecord;
  latest?: ZenodoRecord;
  lookup?: LookupResult;
}

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** The key under which a scanned reference's look-up result is found. */
export function lookupKey(ref: ScannedReference): string {
  return referenceKey(ref.reference);
}

/** The distinct look-up inputs for a set of scanned references (one per record id). */
export function lookupInputs(refs: Iterable<ScannedReference>): string[] {
  const seen = new Map<string, string>();
  for (const r of refs) {
    const k = lookupKey(r);
    if (!seen.has(k)) seen.set(k, r.reference.kind === 'doi' ? r.reference.doi : r.id);
  }
  return [...seen.values()];
}

/** Look-up results by `lookupKey`. */
export function indexLookups(results: LookupResult[]): Map<string, LookupResult> {
  const map = new Map<string, LookupResult>();
  for (const r of results) if (r.reference) map.set(referenceKey(r.reference), r);
  return map;
}

function versionLabel(r: ZenodoRecord | undefined): string {
  if (!r) return '';
  const v = r.version ? `${r.version}` : `record ${r.id}`;
  return r.publicationDate ? `${v} (${r.publicationDate})` : v;
}

export function assess(ref: ScannedReference, lookup: LookupResult | undefined, policy: CitationPolicy): Finding {
  if (!lookup) return { ref, status: 'error', problem: false, message: 'not checked yet', fixes: [] };
  const record = lookup.record;
  const latest = lookup.latest ?? record;
  const base = { ref, record, latest, lookup };
  switch (lookup.status) {
    case 'superseded': {
      const fixes: FixKind[] = policy === 'concept' ? ['to-concept', 'update-latest'] : ['update-latest', 'to-concept'];
      const message = `newer version ${versionLabel(latest)} available${policy === 'pinned' ? ' (pinned to an older version)' : ''}`;
      return { ...base, status: 'superseded', problem: policy !== 'pinned', message, fixes: hasConcept(record) ? fixes : fixes.filter((f) => f !== 'to-concept') };
    }
    case 'current': {
      const isVersion = !!record?.conceptId && record.conceptId !== ref.id;
      if (policy === 'concept' && isVersion && hasConcept(record)) {
        return { ...base, status: 'current', problem: true, message: `version DOI of the latest version ${versionLabel(record)}; the policy prefers the concept DOI`, fixes: ['to-concept'] };
      }
      return { ...base, status: 'current', problem: false, message: `latest version ${versionLabel(record)}`, fixes: [] };
    }
    case 'concept':
      return {
        ...base, status: 'concept', problem: policy === 'pinned',
        message: `concept DOI: always resolves to the newest version${latest ? ` (now ${versionLabel(latest)})` : ''}`,
        fixes: latest ? ['pin-latest'] : [],
      };
    case 'deleted': {
      const reason = lookup.tombstone?.reason;
      return { ...base, status: 'deleted', problem: true, message: `record deleted${reason ? `: ${reason}` : ''}`, fixes: [] };
    }
    case 'restricted':
      return { ...base, status: 'restricted', problem: false, message: 'access restricted', fixes: [] };
    case 'not-found':
      return { ...base, status: 'not-found', problem: true, message: 'not found on the repository', fixes: [] };
    case 'invalid':
      return { ...base, status: 'invalid', problem: false, message: 'not a reference the repository knows', fixes: [] };
    default:
      return { ...base, status: 'error', problem: false, message: `could not be checked${lookup.error ? `: ${lookup.error.message}` : ''}`, fixes: [] };
  }
}

function hasConcept(r: ZenodoRecord | undefined): boolean {
  return !!r && (!!r.conceptDoi || !!r.conceptId);
}

/** The preferred fix under a policy, if the finding is a problem that a fix solves. */
export function preferredFix(f: Finding): FixKind | undefined {
  return f.problem ? f.fixes[0] : undefined;
}

export function fixTitle(fix: FixKind, f: Finding): string {
  switch (fix) {
    case 'update-latest':
      return `Update to the latest version${f.latest?.version ? ` ${f.latest.version}` : ''}${f.latest?.doi ? ` (${f.latest.doi})` : ''}`;
    case 'pin-latest':
      return `Pin to the current latest version${f.latest?.version ? ` ${f.latest.version}` : ''}${f.latest?.doi ? ` (${f.latest.doi})` : ''}`;
    case 'to-concept':
      return `Switch to the concept DOI${conceptOf(f)?.doi ? ` (${conceptOf(f)!.doi})` : ''}`;
  }
}

function conceptOf(f: Finding): { id: string; doi?: string } | undefined {
  const r = f.record ?? f.latest;
  if (!r?.conceptId && !r?.conceptDoi) return undefined;
  return { id: r.conceptId ?? idFromDoi(r.conceptDoi!) ?? '', doi: r.conceptDoi };
}

function idFromDoi(doi: string): string | undefined {
  return /(\d+)$/.exec(doi)?.[1];
}

/**
 * The edits a fix makes: the reference itself (DOI, URL id, or a BibTeX value split across lines)
 * and, for updates to a version, the entry's version and date fields.
 */
export function editsForFix(f: Finding, fix: FixKind, profile: RepositoryProfile): TextEdit[] {
  let target: { id: string; doi?: string } | undefined;
  let withFields = false;
  if (fix === 'update-latest' || fix === 'pin-latest') {
    if (!f.latest) return [];
    target = { id: f.latest.id, doi: f.latest.doi };
    withFields = true;
  } else {
    target = conceptOf(f);
  }
  if (!target || !target.id) return [];
  const doi = target.doi ?? (profile.recordDoiPrefixes[0] ? `${profile.recordDoiPrefixes[0]}${target.id}` : undefined);
  const edits: TextEdit[] = [];
  const t = f.ref.target;
  if (t.kind === 'doi') {
    if (!doi) return [];
    edits.push({ start: t.start, end: t.end, newText: t.encoded ? doi.replace('/', '%2F') : doi });
  } else if (t.kind === 'id') {
    edits.push({ start: t.start, end: t.end, newText: target.id });
  } else {
    const compact = t.compact ?? '';
    const rewritten = rewriteCompact(compact, target.id, doi, profile);
    if (rewritten === undefined) return [];
    edits.push({ start: t.start, end: t.end, newText: rewritten });
  }
  const e = f.ref.entry;
  const latest = f.latest;
  if (withFields && e && latest) {
    if (e.version && latest.version) pushField(edits, e.version, latest.version);
    const date = latest.publicationDate;
    if (date) {
      if (e.year && /^\d{4}$/.test(e.year.value.trim())) pushField(edits, e.year, date.slice(0, 4));
      if (e.month && date.length >= 7) pushField(edits, e.month, monthLike(e.month.value, Number(date.slice(5, 7))));
      if (e.date) pushField(edits, e.date, e.date.value.trim().length === 4 ? date.slice(0, 4) : date);
    }
  }
  return edits;
}

function pushField(edits: TextEdit[], f: FieldSpan, value: string): void {
  if (f.value === value) return;
  edits.push({ start: f.start, end: f.end, newText: value });
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A month written the way the existing field writes it (sep, 9, 09, September). */
function monthLike(existing: string, month: number): string {
  const v = existing.trim();
  if (/^0\d$/.test(v)) return String(month).padStart(2, '0');
  if (/^\d+$/.test(v)) return String(month);
  if (v.length > 3) return MONTH_NAMES[month - 1];
  return /^[A-Z]/.test(v) ? MONTHS[month - 1][0].toUpperCase() + MONTHS[month - 1].slice(1) : MONTHS[month - 1];
}

function rewriteCompact(compact: string, id: string, doi: string | undefined, profile: RepositoryProfile): string | undefined {
  for (const p of profile.recordDoiPrefixes) {
    const slash = p.indexOf('/');
    const re = new RegExp(`${esc(p.slice(0, slash))}(?:\\/|%2[fF])${esc(p.slice(slash + 1))}\\d{1,20}(?!\\d)`, 'i');
    const m = re.exec(compact);
    if (m && doi) return compact.slice(0, m.index) + (/%2f/i.test(m[0]) ? doi.replace('/', '%2F') : doi) + compact.slice(m.index + m[0].length);
  }
  const m = /(\/(?:api\/)?(?:records|record|deposit|uploads)\/)(\d{1,20})(?!\d)/.exec(compact);
  if (m) return compact.slice(0, m.index + m[1].length) + id + compact.slice(m.index + m[0].length);
  return undefined;
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Apply non-overlapping edits (any order) to a text. Overlapping or duplicate edits: the first wins. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = normaliseEdits(edits);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  return out + text.slice(pos);
}

/** Sorted, with duplicates and overlaps removed. */
export function normaliseEdits(edits: TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && e.start < last.end) continue;
    if (last && e.start === last.start && e.end === last.end) continue;
    out.push(e);
  }
  return out;
}

export interface FilePlan {
  findings: Finding[];
  /** The policy's preferred fix for every problem that has one, merged (version fields once per entry). */
  edits: TextEdit[];
  /** One line per changed reference: "10.5281/zenodo.1 → 10.5281/zenodo.9 (version 1.0 → 1.9.1)". */
  changes: { ref: ScannedReference; fix: FixKind; from: string; to: string }[];
}

/** Findings and the policy's fixes for the references of one file. */
export function planFile(text: string, refs: ScannedReference[], lookups: Map<string, LookupResult>, policy: CitationPolicy, profile: RepositoryProfile): FilePlan {
  const findings = refs.map((r) => assess(r, lookups.get(lookupKey(r)), policy));
  const edits: TextEdit[] = [];
  const changes: FilePlan['changes'] = [];
  for (const f of findings) {
    const fix = preferredFix(f);
    if (!fix) continue;
    const es = editsForFix(f, fix, profile);
    if (!es.length) continue;
    edits.push(...es);
    const main = es[0];
    changes.push({ ref: f.ref, fix, from: text.slice(main.start, main.end), to: main.newText });
  }
  return { findings, edits: normaliseEdits(edits), changes };
}
