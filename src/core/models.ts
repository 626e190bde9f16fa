/**
 * Typed, normalised models of what the repository returns, and the functions that build them from
 * InvenioRDM's native JSON (`application/vnd.inveniordm.v1+json`, the same on every instance).
 * Normalisers never throw on missing optional fields; they throw MalformedResponseError only when
 * an answer lacks what identifies it (a record without an id).
 */
import { MalformedResponseError } from './errors';
import { stripHtml } from './html';

export type AccessStatus = 'open' | 'embargoed' | 'restricted' | 'metadata-only';

export interface Affiliation { name: string; ror?: string }

export interface Creator {
  name: string;
  type: 'personal' | 'organizational';
  givenName?: string;
  familyName?: string;
  orcid?: string;
  affiliations: Affiliation[];
  role?: string;
}

export interface FileEntry {
  key: string;
  size: number;
  /** e.g. "md5:7008231125631739b64720d1526619ae" */
  checksum: string;
  mimetype: string;
  /** Download URL (the file's content link). */
  url: string;
}

/** Zenodo's own flat naming: bare names are all versions, `version_*` this version. */
export interface RecordStats {
  views: number;
  downloads: number;
  unique_views: number;
  unique_downloads: number;
  version_views: number;
  version_downloads: number;
  version_unique_views: number;
  version_unique_downloads: number;
  data_volume?: number;
  version_data_volume?: number;
}

export interface ResourceType {
  /** e.g. "publication-article", "software", "dataset" */
  id: string;
  /** e.g. "publication" */
  type: string;
  /** e.g. "article" */
  subtype?: string;
  title: string;
}

export interface CommunityRef { id: string; slug?: string; title?: string }

export interface RelatedIdentifier { identifier: string; scheme?: string; relation: string; resourceType?: string }

export interface Funding { funder: string; award?: string; awardTitle?: string }

export interface ZenodoRecord {
  id: string;
  conceptId?: string;
  doi?: string;
  conceptDoi?: string;
  title: string;
  version?: string;
  publicationDate?: string;
  resourceType: ResourceType;
  accessStatus: AccessStatus;
  embargoUntil?: string;
  creators: Creator[];
  contributors: Creator[];
  /** The description as the repository sent it (HTML: sanitise before showing). */
  description: string;
  /** The description as plain text. */
  descriptionText: string;
  keywords: string[];
  license?: { id: string; title: string; url?: string };
  languages: string[];
  publisher?: string;
  communities: CommunityRef[];
  relatedIdentifiers: RelatedIdentifier[];
  funding: Funding[];
  files: FileEntry[];
  filesCount: number;
  filesTotalBytes: number;
  isLatest: boolean;
  versionIndex?: number;
  stats?: RecordStats;
  created?: string;
  updated?: string;
  links: { html?: string; self?: string; latest?: string; versions?: string; doi?: string; conceptDoi?: string; files?: string; parentHtml?: string };
  /** The repository's answer as received (not serialised to JSON). */
  readonly raw?: unknown;
}

export interface AggregationBucket {
  key: string;
  count: number;
  label: string;
  selected: boolean;
  children: AggregationBucket[];
}

export interface Aggregation { name: string; label: string; buckets: AggregationBucket[] }

export interface SearchResult<T> {
  total: number;
  hits: T[];
  aggregations: Aggregation[];
  page: number;
  size: number;
  /** Page number of the next page, when the API offers one inside the 10,000-result window. */
  nextPage?: number;
  links: { self?: string; next?: string; prev?: string };
  /** True when more results exist than the repository will ever page through (10,000 window). */
  truncated: boolean;
  readonly raw?: unknown;
}

export interface Community {
  id: string;
  slug: string;
  title: string;
  description?: string;
  type?: string;
  website?: string;
  organizations: string[];
  funding: string[];
  created?: string;
  links: { html?: string; self?: string; records?: string; logo?: string };
  readonly raw?: unknown;
}

/** The flat items of `searchAndExtract`: exactly these fields. */
export interface ExtractItem {
  doi: string | null;
  url: string | null;
  date: string | null;
  lang: string | null;
  title: string | null;
  source: string | null;
  authors: string[];
  abstract: string | null;
  keywords: string[];
  download_link: string | null;
}

type Json = Record<string, any>;

function obj(v: unknown): Json {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}
function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined;
}
function numOr0(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
}
function title(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  const o = obj(v);
  return str(o.en) ?? (Object.values(o).find((x) => typeof x === 'string') as string | undefined);
}

function withRaw<T extends object>(value: T, raw: unknown): T {
  Object.defineProperty(value, 'raw', { value: raw, enumerable: false, configurable: true });
  return value;
}

export function normaliseCreator(c: unknown): Creator {
  const o = obj(c);
  const p = obj(o.person_or_org);
  const ids = arr(p.identifiers);
  const orcid = str(ids.find((i) => obj(i).scheme === 'orcid')?.identifier);
  const type = p.type === 'organizational' ? 'organizational' : 'personal';
  const given = str(p.given_name);
  const family = str(p.family_name);
  const name = str(p.name) ?? (family ? (given ? `${family}, ${given}` : family) : given) ?? 'Unknown';
  return {
    name,
    type,
    givenName: given,
    familyName: family,
    orcid,
    affiliations: arr(o.affiliations).map((a) => {
      const ao = obj(a);
      const id = str(ao.id);
      return { name: str(ao.name) ?? id ?? '', ror: id && /^0[a-z0-9]{8}$/.test(id) ? id : undefined };
    }).filter((a) => a.name),
    role: str(obj(o.role).id),
  };
}

export function normaliseResourceType(rt: unknown): ResourceType {
  const o = obj(rt);
  const id = str(o.id) ?? 'other';
  const dash = id.indexOf('-');
  return {
    id,
    type: dash > 0 ? id.slice(0, dash) : id,
    subtype: dash > 0 ? id.slice(dash + 1) : undefined,
    title: title(o.title) ?? id,
  };
}

function normaliseAccess(a: Json): { status: AccessStatus; embargoUntil?: string } {
  const s = str(a.status);
  const status: AccessStatus = s === 'embargoed' || s === 'restricted' || s === 'metadata-only' || s === 'open'
    ? s
    : a.record === 'restricted' ? 'restricted' : obj(a.embargo).active ? 'embargoed' : a.files === 'restricted' ? 'restricted' : 'open';
  const until = str(obj(a.embargo).until);
  return { status, embargoUntil: until };
}

export function normaliseFile(f: unknown, recordId: string, baseUrl: string): FileEntry {
  const o = obj(f);
  const key = str(o.key) ?? str(o.filename) ?? '';
  const links = obj(o.links);
  const url = str(links.content) ?? str(links.download)
    ?? `${baseUrl}/api/records/${encodeURIComponent(recordId)}/files/${key.split('/').map(encodeURIComponent).join('/')}/content`;
  return {
    key,
    size: numOr0(o.size ?? o.filesize),
    checksum: str(o.checksum) ?? '',
    mimetype: str(o.mimetype) ?? guessMime(key),
    url,
  };
}

function guessMime(key: string): string {
  const ext = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
  const map: Record<string, string> = { zip: 'application/zip', pdf: 'application/pdf', txt: 'text/plain', csv: 'text/csv', json: 'application/json', gz: 'application/gzip', png: 'image/png', jpg: 'image/jpeg' };
  return map[ext] ?? 'application/octet-stream';
}

export function normaliseStats(s: unknown): RecordStats | undefined {
  const o = obj(s);
  if (!o.this_version && !o.all_versions) return undefined;
  const t = obj(o.this_version);
  const a = obj(o.all_versions);
  const stats: RecordStats = {
    views: numOr0(a.views),
    downloads: numOr0(a.downloads),
    unique_views: numOr0(a.unique_views),
    unique_downloads: numOr0(a.unique_downloads),
    version_views: numOr0(t.views),
    version_downloads: numOr0(t.downloads),
    version_unique_views: numOr0(t.unique_views),
    version_unique_downloads: numOr0(t.unique_downloads),
  };
  if (a.data_volume !== undefined) stats.data_volume = numOr0(a.data_volume);
  if (t.data_volume !== undefined) stats.version_data_volume = numOr0(t.data_volume);
  return stats;
}

/** A record (or search hit) in InvenioRDM's native JSON. */
export function normaliseRecord(raw: unknown, baseUrl: string): ZenodoRecord {
  const r = obj(raw);
  const id = str(r.id);
  if (!id) throw new MalformedResponseError('a record without an id');
  const m = obj(r.metadata);
  const parent = obj(r.parent);
  const links = obj(r.links);
  const access = normaliseAccess(obj(r.access));
  const filesObj = obj(r.files);
  const entries = filesObj.entries;
  const fileList = Array.isArray(entries) ? entries : Object.values(obj(entries));
  const order = arr(filesObj.order).filter((k): k is string => typeof k === 'string');
  const files = fileList.map((f) => normaliseFile(f, id, baseUrl));
  if (order.length) files.sort((a, b) => rank(order, a.key) - rank(order, b.key));
  const rights = arr(m.rights).map(obj);
  const lic = rights[0];
  const desc = str(m.description) ?? '';
  const communities = arr(obj(parent.communities).entries).map((c) => {
    const co = obj(c);
    return { id: str(co.id) ?? '', slug: str(co.slug), title: title(obj(co.metadata).title) };
  }).filter((c) => c.id);
  const record: ZenodoRecord = {
    id,
    conceptId: str(parent.id),
    doi: str(obj(obj(r.pids).doi).identifier),
    conceptDoi: str(obj(obj(parent.pids).doi).identifier),
    title: str(m.title) ?? '(untitled)',
    version: str(m.version),
    publicationDate: str(m.publication_date),
    resourceType: normaliseResourceType(m.resource_type),
    accessStatus: access.status,
    embargoUntil: access.embargoUntil,
    creators: arr(m.creators).map(normaliseCreator),
    contributors: arr(m.contributors).map(normaliseCreator),
    description: desc,
    descriptionText: stripHtml(desc),
    keywords: arr(m.subjects).map((s) => str(obj(s).subject) ?? str(obj(s).id)).filter((s): s is string => !!s),
    license: lic ? { id: str(lic.id) ?? title(lic.title) ?? 'unknown', title: title(lic.title) ?? str(lic.id) ?? '', url: str(obj(lic.props).url) ?? str(lic.link) } : undefined,
    languages: arr(m.languages).map((l) => str(obj(l).id)).filter((s): s is string => !!s),
    publisher: str(m.publisher),
    communities,
    relatedIdentifiers: arr(m.related_identifiers).map((x) => {
      const o = obj(x);
      return { identifier: str(o.identifier) ?? '', scheme: str(o.scheme), relation: str(obj(o.relation_type).id) ?? '', resourceType: str(obj(o.resource_type).id) };
    }).filter((x) => x.identifier),
    funding: arr(m.funding).map((x) => {
      const o = obj(x);
      const funder = obj(o.funder);
      const award = obj(o.award);
      return { funder: str(funder.name) ?? str(funder.id) ?? '', award: str(award.number) ?? str(award.id), awardTitle: title(award.title) };
    }).filter((f) => f.funder),
    files,
    filesCount: typeof filesObj.count === 'number' ? filesObj.count : files.length,
    filesTotalBytes: typeof filesObj.total_bytes === 'number' ? filesObj.total_bytes : files.reduce((n, f) => n + f.size, 0),
    isLatest: obj(r.versions).is_latest !== false,
    versionIndex: typeof obj(r.versions).index === 'number' ? obj(r.versions).index : undefined,
    stats: normaliseStats(r.stats),
    created: str(r.created),
    updated: str(r.updated),
    links: {
      html: str(links.self_html) ?? `${baseUrl}/records/${id}`,
      self: str(links.self) ?? `${baseUrl}/api/records/${id}`,
      latest: str(links.latest),
      versions: str(links.versions),
      doi: str(links.doi),
      conceptDoi: str(links.parent_doi),
      files: str(links.files),
      parentHtml: str(links.parent_html),
    },
  };
  return withRaw(record, raw);
}

function rank(order: string[], key: string): number {
  const i = order.indexOf(key);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

export function normaliseAggregations(aggs: unknown): Aggregation[] {
  return Object.entries(obj(aggs)).map(([name, a]) => {
    const ao = obj(a);
    return { name, label: str(ao.label) ?? name, buckets: arr(ao.buckets).map(normaliseBucket) };
  });
}

function normaliseBucket(b: unknown): AggregationBucket {
  const o = obj(b);
  return {
    key: str(o.key) ?? String(o.key ?? ''),
    count: numOr0(o.doc_count),
    label: str(o.label) ?? str(o.key) ?? '',
    selected: o.is_selected === true,
    children: arr(obj(o.inner).buckets).map(normaliseBucket),
  };
}

export function normaliseSearch<T>(raw: unknown, page: number, size: number, item: (h: unknown) => T, maxWindow = 10_000): SearchResult<T> {
  const r = obj(raw);
  const hits = obj(r.hits);
  if (!Array.isArray(hits.hits)) throw new MalformedResponseError('a search answer without hits');
  const rawTotal = hits.total;
  const total = typeof rawTotal === 'number' ? rawTotal : numOr0(obj(rawTotal).value);
  const links = obj(r.links);
  const next = str(links.next);
  const withinWindow = page * size < maxWindow;
  return withRaw({
    total,
    hits: hits.hits.map(item),
    aggregations: normaliseAggregations(r.aggregations),
    page,
    size,
    nextPage: next && withinWindow && page * size < total ? page + 1 : undefined,
    links: { self: str(links.self), next, prev: str(links.prev) },
    truncated: total > maxWindow,
  }, raw);
}

export function normaliseCommunity(raw: unknown, baseUrl: string): Community {
  const c = obj(raw);
  const id = str(c.id);
  if (!id) throw new MalformedResponseError('a community without an id');
  const m = obj(c.metadata);
  const links = obj(c.links);
  const slug = str(c.slug) ?? id;
  return withRaw({
    id,
    slug,
    title: str(m.title) ?? slug,
    description: str(m.description),
    type: str(obj(m.type).id),
    website: str(m.website),
    organizations: arr(m.organizations).map((o) => str(obj(o).name) ?? str(obj(o).id)).filter((s): s is string => !!s),
    funding: arr(m.funding).map((f) => str(obj(obj(f).funder).name) ?? str(obj(obj(f).funder).id)).filter((s): s is string => !!s),
    created: str(c.created),
    links: {
      html: str(links.self_html) ?? `${baseUrl}/communities/${slug}`,
      self: str(links.self) ?? `${baseUrl}/api/communities/${id}`,
      records: str(links.records),
      logo: str(links.logo),
    },
  }, raw);
}

export function extractItem(rec: ZenodoRecord): ExtractItem {
  const firstFile = rec.accessStatus === 'open' || rec.accessStatus === undefined ? rec.files[0] : undefined;
  return {
    doi: rec.doi ?? null,
    url: rec.links.html ?? null,
    date: rec.publicationDate ?? null,
    lang: rec.languages[0] ?? null,
    title: rec.title ?? null,
    source: rec.publisher ?? null,
    authors: rec.creators.map((c) => c.name),
    abstract: rec.descriptionText || null,
    keywords: rec.keywords,
    download_link: firstFile?.url ?? null,
  };
}
