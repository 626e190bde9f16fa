// Record search: argument validation (as ZenodoArgsSchema), filtering, post-filter facets,
// aggregations, sorting, paging and links.

import type { Corpus } from './corpus';
import type { CorpusRecord } from './model';
import { type Node, QueryRegexError, QuerySyntaxError, evaluate, isBareDoi, parseQuery, score, scoringTerms } from './query';
import { type Viewer, accessStatus, canSeeRecord, resourceTypeTitle } from './serialize';
import { FILE_TYPE_LABELS } from './vocab';

type Json = Record<string, any>;

export const MAX_RESULTS = 10000;

export const SORT_OPTIONS = [
  'bestmatch', 'newest', 'oldest', 'version', 'updated-desc', 'updated-asc', 'mostviewed', 'mostdownloaded', 'newestactivity', 'oldestactivity',
  'publication-desc', 'publication-asc', 'conference-desc', 'journal-desc',
  'mostrecent', '-mostrecent', '-bestmatch', 'publication_date', '-publication_date', '-mostviewed', '-version', 'journal', '-journal',
  'conference_session', '-conference_session',
] as const;

export const FACETS = ['resource_type', 'access_status', 'file_type', 'subject', 'publication_date'] as const;

const FACET_LABELS: Record<string, string> = {
  resource_type: 'Resource types',
  access_status: 'Access status',
  file_type: 'File type',
  subject: 'Subjects',
  publication_date: 'Publication date',
};

const ACCESS_LABELS: Record<string, string> = { open: 'Open', restricted: 'Restricted', embargoed: 'Embargoed', 'metadata-only': 'Metadata-only' };

/** An error with a Zenodo-shaped JSON body. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly body: Json) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
  }
}

export type Query = Record<string, string | string[]>;

function first(q: Query, key: string): string | undefined {
  const v = q[key];
  return Array.isArray(v) ? v[0] : v;
}

function all(q: Query, key: string): string[] {
  const v = q[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function validationError(field: string, message: string): HttpError {
  return new HttpError(400, { status: 400, message: 'A validation error occurred.', errors: [{ field, messages: [message] }] });
}

function parseIntParam(q: Query, key: string, def: number): number {
  const raw = first(q, key);
  if (raw === undefined || raw === '') {
    return def;
  }
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
    throw validationError(key, 'Not a valid integer.');
  }
  const n = Number(raw);
  if (n < 1) {
    throw validationError(key, 'Must be greater than or equal to 1.');
  }
  return n;
}

function parseBool(v: string | undefined): boolean {
  if (v === undefined) {
    return false;
  }
  return v === '' || /^(1|true|yes|on|y|t)$/i.test(v);
}

export interface SearchArgs {
  q: string;
  page: number;
  size: number;
  sort: string;
  allVersions: boolean;
  /** Legacy filters (pre-filters; they shape the aggregations). */
  type: string[];
  subtype: string[];
  communities: string[];
  /** Facet post-filters. */
  facets: Record<string, string[]>;
}

export interface SearchScope {
  /** The path the links point at (e.g. `/api/records`). */
  path: string;
  records: CorpusRecord[];
  /** Default sort when none is given (`version` for /versions). */
  defaultSort?: string;
  /** Force all versions (for /versions). */
  allVersions?: boolean;
}

export function parseSearchArgs(q: Query, viewer: Viewer, corpus: Corpus): SearchArgs {
  const size = parseIntParam(q, 'size', 10);
  const page = parseIntParam(q, 'page', 1);
  const maxSize = viewer.user ? 100 : 25;
  if (size > maxSize) {
    throw validationError('size', `Page size cannot be greater than ${maxSize}.${viewer.user ? '' : ' Please use authenticated requests to increase the limit to 100.'}`);
  }
  const sort = first(q, 'sort') ?? '';
  if (sort && !(SORT_OPTIONS as readonly string[]).includes(sort)) {
    throw new HttpError(400, { status: 400, message: `Invalid sort option '${sort}'.` });
  }
  if ((page - 1) * size >= MAX_RESULTS) {
    throw new HttpError(400, { status: 400, message: 'Invalid querystring parameters.' });
  }
  const facets: Record<string, string[]> = {};
  for (const f of FACETS) {
    const vals = all(q, f).flatMap((v) => v.split(',')).filter(Boolean);
    if (vals.length) {
      facets[f] = vals;
    }
  }
  return {
    q: (first(q, 'q') ?? '').trim(),
    page,
    size,
    sort,
    allVersions: q.allversions !== undefined ? parseBool(first(q, 'allversions')) : parseBool(first(q, 'all_versions')),
    type: all(q, 'type').filter(Boolean),
    subtype: all(q, 'subtype').filter(Boolean),
    // An unknown community slug is silently dropped.
    communities: all(q, 'communities').filter((s) => corpus.communityBySlug.has(s)),
    facets,
  };
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparator(sort: string, scores: Map<CorpusRecord, number>): (a: CorpusRecord, b: CorpusRecord) => number {
  const newest = (a: CorpusRecord, b: CorpusRecord) => cmpStr(b.created, a.created) || cmpStr(b.id, a.id);
  const by = (f: (a: CorpusRecord, b: CorpusRecord) => number) => (a: CorpusRecord, b: CorpusRecord) => f(a, b) || newest(a, b);
  switch (sort) {
    case 'bestmatch':
      return by((a, b) => (scores.get(b) ?? 0) - (scores.get(a) ?? 0));
    case '-bestmatch':
      return by((a, b) => (scores.get(a) ?? 0) - (scores.get(b) ?? 0));
    case 'oldest':
    case '-mostrecent':
      return (a, b) => cmpStr(a.created, b.created) || cmpStr(a.id, b.id);
    case 'version':
      return by((a, b) => b.index - a.index);
    case '-version':
      return by((a, b) => a.index - b.index);
    case 'updated-desc':
    case 'newestactivity':
      return by((a, b) => cmpStr(b.updated, a.updated));
    case 'updated-asc':
    case 'oldestactivity':
      return by((a, b) => cmpStr(a.updated, b.updated));
    case 'mostviewed':
      return by((a, b) => b.allVersionsStats.unique_views - a.allVersionsStats.unique_views);
    case '-mostviewed':
      return by((a, b) => a.allVersionsStats.unique_views - b.allVersionsStats.unique_views);
    case 'mostdownloaded':
      return by((a, b) => b.allVersionsStats.unique_downloads - a.allVersionsStats.unique_downloads);
    case 'publication-desc':
    case '-publication_date':
    case 'conference-desc':
    case 'journal-desc':
    case 'journal':
    case 'conference_session':
      return by((a, b) => cmpStr(b.publicationDate, a.publicationDate));
    case 'publication-asc':
    case 'publication_date':
    case '-journal':
    case '-conference_session':
      return by((a, b) => cmpStr(a.publicationDate, b.publicationDate));
    default:
      return newest;
  }
}

function facetMatch(r: CorpusRecord, facet: string, values: string[]): boolean {
  switch (facet) {
    case 'resource_type':
      return values.some((v) => {
        const [top, inner] = v.split('::');
        const rtTop = r.resourceType.split('-')[0];
        return inner ? r.resourceType === inner : rtTop === top || r.resourceType === top;
      });
    case 'access_status':
      return values.includes(accessStatus(r));
    case 'file_type':
      return r.files.some((f) => values.includes(f.ext));
    case 'subject':
      return r.keywords.some((k) => values.includes(k));
    case 'publication_date': {
      const y = r.publicationDate.slice(0, 4);
      return values.some((v) => {
        const [lo, hi] = v.includes('..') ? v.split('..') : [v, v];
        return (!lo || y >= lo.slice(0, 4)) && (!hi || y <= hi.slice(0, 4));
      });
    }
    default:
      return true;
  }
}

interface Bucket { key: string; doc_count: number; label: string; is_selected: boolean; inner?: { buckets: Bucket[] } }

function buckets(counts: Map<string, number>, label: (k: string) => string, selected: string[], limit: number, byKey = false): Bucket[] {
  return [...counts.entries()]
    .sort((a, b) => (byKey ? cmpStr(a[0], b[0]) : b[1] - a[1] || cmpStr(a[0], b[0])))
    .slice(0, limit)
    .map(([key, doc_count]) => ({ key, doc_count, label: label(key), is_selected: selected.includes(key) }));
}

function inc(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

export function aggregations(records: CorpusRecord[], facets: Record<string, string[]>): Json {
  const rtTop = new Map<string, number>();
  const rtInner = new Map<string, Map<string, number>>();
  const access = new Map<string, number>();
  const fileType = new Map<string, number>();
  const subject = new Map<string, number>();
  const years = new Map<string, number>();
  for (const r of records) {
    const top = r.resourceType.split('-')[0];
    inc(rtTop, top);
    if (r.resourceType !== top) {
      if (!rtInner.has(top)) {
        rtInner.set(top, new Map());
      }
      inc(rtInner.get(top)!, r.resourceType);
    }
    inc(access, accessStatus(r));
    for (const ext of new Set(r.files.map((f) => f.ext))) {
      inc(fileType, ext);
    }
    for (const k of new Set(r.keywords)) {
      inc(subject, k);
    }
    inc(years, r.publicationDate.slice(0, 4));
  }
  const rtSelected = facets.resource_type ?? [];
  const rt = buckets(rtTop, (k) => resourceTypeTitle(k).en, rtSelected.map((v) => v.split('::')[0]), 10);
  for (const b of rt) {
    const inner = rtInner.get(b.key);
    if (inner) {
      b.inner = { buckets: buckets(inner, (k) => resourceTypeTitle(k).en, rtSelected.map((v) => v.split('::')[1]).filter(Boolean), 10) };
    }
  }
  return {
    resource_type: { buckets: rt, label: FACET_LABELS.resource_type },
    access_status: { buckets: buckets(access, (k) => ACCESS_LABELS[k] ?? k, facets.access_status ?? [], 10), label: FACET_LABELS.access_status },
    file_type: { buckets: buckets(fileType, (k) => FILE_TYPE_LABELS[k] ?? k.toUpperCase(), facets.file_type ?? [], 10), label: FACET_LABELS.file_type },
    subject: { buckets: buckets(subject, (k) => k, facets.subject ?? [], 10), label: FACET_LABELS.subject },
    publication_date: { buckets: buckets(years, (k) => k, [], 1000, true), label: FACET_LABELS.publication_date },
  };
}

export interface SearchResult {
  hits: CorpusRecord[];
  total: number;
  aggregations: Json;
  links: Json;
  sortBy: string;
}

function linkFor(base: string, path: string, args: SearchArgs, page: number, sortBy: string, extra: Query): string {
  const params: [string, string][] = [];
  if (args.allVersions) {
    params.push(['allversions', 'true']);
  }
  for (const c of args.communities) {
    params.push(['communities', c]);
  }
  for (const [f, vals] of Object.entries(args.facets)) {
    for (const v of vals) {
      params.push([f, v]);
    }
  }
  params.push(['page', String(page)]);
  if (args.q) {
    params.push(['q', args.q]);
  }
  params.push(['size', String(args.size)], ['sort', sortBy]);
  for (const t of args.subtype) {
    params.push(['subtype', t]);
  }
  for (const t of args.type) {
    params.push(['type', t]);
  }
  for (const [k, v] of Object.entries(extra)) {
    for (const x of Array.isArray(v) ? v : [v]) {
      params.push([k, x]);
    }
  }
  params.sort((a, b) => cmpStr(a[0], b[0]));
  return `${base}${path}?${new URLSearchParams(params).toString()}`;
}

export function runSearch(corpus: Corpus, scope: SearchScope, args: SearchArgs, viewer: Viewer, base: string): SearchResult {
  let node: Node = { t: 'all' };
  if (args.q) {
    if (isBareDoi(args.q)) {
      throw new HttpError(500, { status: 500, message: 'Internal server error.' });
    }
    try {
      node = parseQuery(args.q);
    } catch (e) {
      if (e instanceof QueryRegexError) {
        throw new HttpError(500, { status: 500, message: 'Internal server error.' });
      }
      if (e instanceof QuerySyntaxError) {
        throw new HttpError(400, { status: 400, message: 'Invalid query string syntax.' });
      }
      throw e;
    }
  }
  let sortBy = args.sort || scope.defaultSort || (args.q ? 'bestmatch' : 'newest');
  if ((sortBy === 'bestmatch' || sortBy === '-bestmatch') && !args.q) {
    sortBy = 'newest';
  }
  const ctx = { communityIdToSlug: (id: string) => corpus.communityById.get(id)?.slug };
  const allVersions = scope.allVersions || args.allVersions;
  const pre = scope.records.filter((r) =>
    !r.tombstone
    && (allVersions || r.isLatest)
    && canSeeRecord(r, viewer)
    && (args.type.length === 0 || args.type.includes(r.resourceType.split('-')[0]))
    && (args.subtype.length === 0 || args.subtype.includes(r.resourceType.split('-').slice(1).join('-')))
    && (args.communities.length === 0 || args.communities.some((c) => r.communities.includes(c)))
    && evaluate(node, r, ctx));
  const aggs = aggregations(pre, args.facets);
  const post = pre.filter((r) => Object.entries(args.facets).every(([f, vals]) => facetMatch(r, f, vals)));
  const scores = new Map<CorpusRecord, number>();
  if (sortBy.endsWith('bestmatch')) {
    const terms = scoringTerms(node);
    for (const r of post) {
      scores.set(r, score(r, terms));
    }
  }
  post.sort(comparator(sortBy, scores));
  const from = (args.page - 1) * args.size;
  const hits = post.slice(from, from + args.size);
  const links: Json = {};
  if (args.page > 1) {
    links.prev = linkFor(base, scope.path, args, args.page - 1, sortBy, {});
  }
  links.self = linkFor(base, scope.path, args, args.page, sortBy, {});
  if (from + args.size < post.length && args.page * args.size < MAX_RESULTS) {
    links.next = linkFor(base, scope.path, args, args.page + 1, sortBy, {});
  }
  return { hits, total: post.length, aggregations: aggs, links, sortBy };
}
