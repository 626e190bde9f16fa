/**
 * The sidebar's pure parts (no `vscode`): the Search view's query state (text, sort, facet filters,
 * community scope), turning that state into the client's search parameters, and the rows people
 * scan (labels, descriptions, icons, tooltips) built from the core models. Runtime strings go
 * through a `Translate` function so the extension passes `vscode.l10n.t` and unit tests a plain one.
 */
import type { RecordSearchParams } from '../core/client';
import type { AccessStatus, Aggregation, AggregationBucket, Community, FileEntry, ZenodoRecord } from '../core/models';
import { excerpt } from '../core/html';

/** `vscode.l10n.t`'s shape: `{0}`-style placeholders. */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

export const plainTranslate: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));

/** The four sorts offered in the Search view's title bar (Zenodo's own sort keys). */
export const SEARCH_SORTS = ['bestmatch', 'newest', 'mostviewed', 'mostdownloaded'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export function sortLabel(sort: SearchSort, t: Translate = plainTranslate): string {
  switch (sort) {
    case 'bestmatch': return t('Best match');
    case 'newest': return t('Most recent');
    case 'mostviewed': return t('Most viewed');
    case 'mostdownloaded': return t('Most downloaded');
  }
}

/** The record facets the REST API filters on (one value each: picking another replaces it). */
export const RECORD_FACETS = ['resource_type', 'access_status', 'file_type', 'subject', 'publication_date'] as const;
export type RecordFacet = (typeof RECORD_FACETS)[number];
/** The community facets. */
export const COMMUNITY_FACETS = ['type', 'funder', 'organization'] as const;
export type CommunityFacet = (typeof COMMUNITY_FACETS)[number];

export function facetLabel(name: string, t: Translate = plainTranslate): string {
  switch (name) {
    case 'resource_type': return t('Resource type');
    case 'access_status': return t('Access');
    case 'file_type': return t('File type');
    case 'subject': return t('Subject');
    case 'publication_date': return t('Publication year');
    case 'type': return t('Community type');
    case 'funder': return t('Funder');
    case 'organization': return t('Organization');
    default: return name;
  }
}

export interface CommunityScope { slug: string; title: string }

/** What the Search view shows: immutable, replaced on every change. */
export interface SearchQuery {
  q: string;
  sort: SearchSort;
  /** facet name → the one selected value (e.g. resource_type → "publication::publication-article"). */
  filters: Readonly<Record<string, string>>;
  community?: CommunityScope;
}

export function emptyQuery(): SearchQuery {
  return { q: '', sort: 'bestmatch', filters: {} };
}

/** A new text search keeps the sort and drops the filters (they belonged to the old results). */
export function withText(query: SearchQuery, q: string, community?: CommunityScope): SearchQuery {
  return { q: q.trim(), sort: query.sort, filters: {}, community };
}

export function withSort(query: SearchQuery, sort: SearchSort): SearchQuery {
  return { ...query, sort };
}

/** Picking a facet value: select it, or, if it is already selected, remove it. */
export function toggleFilter(query: SearchQuery, facet: string, value: string): SearchQuery {
  const filters = { ...query.filters };
  if (filters[facet] === value) delete filters[facet];
  else filters[facet] = value;
  return { ...query, filters };
}

export function clearFilters(query: SearchQuery): SearchQuery {
  return { ...query, filters: {} };
}

export function hasFilters(query: SearchQuery): boolean {
  return Object.keys(query.filters).length > 0;
}

/** True when the view has something to show (text, a filter or a community). */
export function isActive(query: SearchQuery): boolean {
  return !!query.q || hasFilters(query) || !!query.community;
}

/** The client's parameters for one page of the query. */
export function searchParams(query: SearchQuery, page: number, size: number): RecordSearchParams {
  const p: RecordSearchParams = { page, size };
  if (query.q) p.q = query.q;
  // Zenodo quietly turns "best match" without a query into "newest"; say what it does.
  p.sort = query.sort === 'bestmatch' && !query.q ? 'newest' : query.sort;
  for (const [facet, value] of Object.entries(query.filters)) {
    if ((RECORD_FACETS as readonly string[]).includes(facet)) (p as Record<string, unknown>)[facet] = value;
  }
  return p;
}

/** The value to send when a bucket is picked: nested resource types as "parent::child", years as a range. */
export function facetValue(facet: string, bucket: AggregationBucket, parent?: AggregationBucket): string {
  if (facet === 'resource_type' && parent) return `${parent.key}::${bucket.key}`;
  if (facet === 'publication_date' && /^\d{4}$/.test(bucket.key)) return `${bucket.key}..${bucket.key}`;
  return bucket.key;
}

/** The buckets of a facet to show: years newest first, the rest as the repository ranked them. */
export function facetBuckets(agg: Aggregation, max = 25): AggregationBucket[] {
  const b = agg.name === 'publication_date' ? [...agg.buckets].sort((x, y) => y.key.localeCompare(x.key)) : agg.buckets;
  return b.filter((x) => x.count > 0).slice(0, max);
}

/** A one-line summary of the query for the view's description. */
export function describeQuery(query: SearchQuery, t: Translate = plainTranslate): string {
  const parts: string[] = [];
  if (query.community) parts.push(t('in {0}', query.community.title));
  if (query.q) parts.push(`“${query.q}”`);
  const n = Object.keys(query.filters).length;
  if (n) parts.push(n === 1 ? t('1 filter') : t('{0} filters', n));
  parts.push(sortLabel(query.sort, t));
  return parts.join(' · ');
}

// ---------------------------------------------------------------- rows

/** Codicon ids by resource type (the part before the dash). */
const TYPE_ICONS: Record<string, string> = {
  publication: 'book',
  dataset: 'database',
  software: 'code',
  image: 'file-media',
  video: 'device-camera-video',
  audio: 'unmute',
  poster: 'preview',
  presentation: 'screen-full',
  lesson: 'mortar-board',
  model: 'symbol-class',
  physicalobject: 'package',
  workflow: 'git-merge',
  other: 'file',
};

export function resourceTypeIcon(rec: Pick<ZenodoRecord, 'resourceType'>): string {
  return TYPE_ICONS[rec.resourceType.type] ?? 'file';
}

export function accessLabel(status: AccessStatus, t: Translate = plainTranslate): string {
  switch (status) {
    case 'open': return t('open');
    case 'embargoed': return t('embargoed');
    case 'restricted': return t('restricted');
    case 'metadata-only': return t('metadata only');
  }
}

export interface Row {
  label: string;
  description: string;
  icon: string;
}

/** A record row: title; version · date · type · access. */
export function recordRow(rec: ZenodoRecord, t: Translate = plainTranslate, opts: { asVersion?: boolean } = {}): Row {
  const parts: string[] = [];
  if (rec.version) parts.push(/^v/i.test(rec.version) ? rec.version : `v${rec.version}`);
  if (rec.publicationDate) parts.push(rec.publicationDate);
  if (!opts.asVersion) parts.push(rec.resourceType.title);
  parts.push(accessLabel(rec.accessStatus, t));
  if (opts.asVersion && rec.isLatest) parts.unshift(t('latest'));
  const label = opts.asVersion ? (rec.version ? (/^v/i.test(rec.version) ? rec.version : `v${rec.version}`) : rec.publicationDate ?? rec.id) : oneLine(rec.title);
  if (opts.asVersion) {
    // The label already is the version.
    const i = parts.findIndex((p) => p === label);
    if (i >= 0) parts.splice(i, 1);
  }
  return { label, description: parts.join(' · '), icon: opts.asVersion ? (rec.isLatest ? 'star-full' : 'history') : resourceTypeIcon(rec) };
}

export interface TooltipPart { kind: 'heading' | 'field' | 'text'; label?: string; text: string }

/** Tooltip content as plain data (the editor layer renders it as an untrusted Markdown string, escaping every value). */
export function recordTooltip(rec: ZenodoRecord, t: Translate = plainTranslate): TooltipPart[] {
  const parts: TooltipPart[] = [{ kind: 'heading', text: oneLine(rec.title) }];
  if (rec.creators.length) {
    const names = rec.creators.slice(0, 5).map((c) => c.name);
    const more = rec.creators.length > 5 ? ` ${t('and {0} more', rec.creators.length - 5)}` : '';
    parts.push({ kind: 'field', label: t('Creators'), text: names.join('; ') + more });
  }
  if (rec.version) parts.push({ kind: 'field', label: t('Version'), text: rec.version + (rec.isLatest ? '' : ` (${t('not the latest')})`) });
  if (rec.publicationDate) parts.push({ kind: 'field', label: t('Published'), text: rec.publicationDate });
  parts.push({ kind: 'field', label: t('Type'), text: rec.resourceType.title });
  parts.push({ kind: 'field', label: t('Access'), text: accessLabel(rec.accessStatus, t) + (rec.embargoUntil && rec.accessStatus === 'embargoed' ? ` ${t('until {0}', rec.embargoUntil)}` : '') });
  if (rec.doi) parts.push({ kind: 'field', label: t('DOI'), text: rec.doi });
  if (rec.conceptDoi) parts.push({ kind: 'field', label: t('Concept DOI'), text: rec.conceptDoi });
  if (rec.descriptionText) parts.push({ kind: 'text', text: excerpt(oneLine(rec.descriptionText), 300) });
  return parts;
}

export function communityRow(c: Community, t: Translate = plainTranslate): Row {
  const parts: string[] = [c.slug];
  if (c.type) parts.push(c.type);
  void t;
  return { label: oneLine(c.title), description: parts.join(' · '), icon: 'organization' };
}

export function communityTooltip(c: Community, t: Translate = plainTranslate): TooltipPart[] {
  const parts: TooltipPart[] = [{ kind: 'heading', text: oneLine(c.title) }, { kind: 'field', label: t('Slug'), text: c.slug }];
  if (c.type) parts.push({ kind: 'field', label: t('Type'), text: c.type });
  if (c.organizations.length) parts.push({ kind: 'field', label: t('Organizations'), text: c.organizations.slice(0, 5).join('; ') });
  if (c.funding.length) parts.push({ kind: 'field', label: t('Funders'), text: c.funding.slice(0, 5).join('; ') });
  if (c.description) parts.push({ kind: 'text', text: excerpt(oneLine(c.description), 300) });
  return parts;
}

export function fileRow(f: FileEntry): Row {
  return { label: f.key, description: formatBytes(f.size), icon: 'file' };
}

export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** The "Load more" row: how many are shown, of how many, and whether the 10,000-result window ends the list. */
export function loadMoreLabel(shown: number, total: number, t: Translate = plainTranslate): string {
  return t('Load more… ({0} of {1})', shown.toLocaleString('en'), total.toLocaleString('en'));
}

export function windowEndLabel(shown: number, total: number, window: number, t: Translate = plainTranslate): string {
  return t('Showing {0} of {1}: Zenodo pages through the first {2} results only; refine the search to see the rest.',
    shown.toLocaleString('en'), total.toLocaleString('en'), window.toLocaleString('en'));
}

/** "12:04" style time of day for "fetched at" notes. */
export function timeOfDay(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** The download link of a file, and whether the record's access lets a guest fetch it. */
export function fileLink(f: FileEntry): string {
  return f.url;
}

function oneLine(s: string): string {
  return s.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
}

/** Which files a record node can show without a request: search hits carry open records' files. */
export function filesNeedFetch(rec: ZenodoRecord): boolean {
  if (rec.files.length > 0) return false;
  if (rec.accessStatus === 'metadata-only' || rec.accessStatus === 'restricted' || rec.accessStatus === 'embargoed') return false;
  return rec.filesCount > 0;
}

/** md5 of the checksum field ("md5:abc…") or undefined when the repository gave another algorithm. */
export function md5Of(checksum: string): string | undefined {
  const m = /^md5:([0-9a-f]{32})$/i.exec(checksum.trim());
  return m ? m[1].toLowerCase() : undefined;
}

/** A safe relative path inside the workspace for a file key (no "..", no absolute paths). */
export function safeRelativePath(key: string): string {
  // eslint-disable-next-line no-control-regex
  const segs = key.split(/[\\/]+/).filter((s) => s && s !== '.' && s !== '..').map((s) => s.replace(/[<>:"|?*\u0000-\u001f]/g, '_'));
  return segs.join('/') || 'download';
}
