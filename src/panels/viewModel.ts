/**
 * What the record and statistics panels show, built from the core's normalised records. Pure (no
 * `vscode`, no DOM): unit-tested in plain Node against the recordings and the local server's corpus.
 * Words are the page's (localised labels); this module only decides which facts appear.
 */
import type { Creator, FileEntry, RecordStats, ZenodoRecord } from '../core/models';
import type {
  CitationStyle, CitationView, Figures, PersonView, RecordView, StatsView, VersionFigures, VersionView,
} from './protocol';
import { sanitizeRecordHtml } from './sanitize';

/** Files listed in the panel at most (a record may have thousands; the total is always shown). */
export const MAX_FILES_SHOWN = 200;

// ------------------------------------------------------------------ citations (replaceable)

/**
 * The citation box's formatter. The default below builds one plain string itself; a richer
 * formatter (BibTeX, APA, … from src/core/citation/) can take its place without touching the panel.
 */
export interface CitationFormatter {
  styles: CitationStyle[];
  format(record: ZenodoRecord, style: string): string | Promise<string>;
}

/** "Author (year). Title. Version. Zenodo. DOI" */
export function plainCitation(r: ZenodoRecord): string {
  const authors = joinAuthors(r.creators.map(citationName));
  const year = r.publicationDate?.slice(0, 4);
  const parts = [
    `${authors || r.publisher || 'Anonymous'}${year ? ` (${year})` : ''}.`,
    `${r.title.replace(/[.\s]+$/, '')}.`,
    r.version ? `${r.version.replace(/[.\s]+$/, '')}.` : undefined,
    `${r.publisher || 'Zenodo'}.`,
    r.doi ? `https://doi.org/${r.doi}` : r.links.html,
  ];
  return parts.filter(Boolean).join(' ');
}

function citationName(c: Creator): string {
  if (c.type === 'organizational' || !c.familyName) return c.name;
  const initials = (c.givenName ?? '').split(/[\s-]+/).filter(Boolean).map((g) => `${[...g][0]}.`).join(' ');
  return initials ? `${c.familyName}, ${initials}` : c.familyName;
}

function joinAuthors(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length > 20) return `${names.slice(0, 19).join(', ')}, … ${names[names.length - 1]}`;
  return `${names.slice(0, -1).join(', ')}, & ${names[names.length - 1]}`;
}

export const plainCitationFormatter: CitationFormatter = {
  styles: [{ id: 'plain', label: 'Author (year). Title. Version. Publisher. DOI' }],
  format: plainCitation,
};

export async function citationView(r: ZenodoRecord, formatter: CitationFormatter, style?: string): Promise<CitationView> {
  const chosen = formatter.styles.find((s) => s.id === style)?.id ?? formatter.styles[0]?.id ?? 'plain';
  let text: string;
  try {
    text = await formatter.format(r, chosen);
  } catch {
    text = plainCitation(r);
  }
  return { styles: formatter.styles, style: chosen, text };
}

// ------------------------------------------------------------------ record

export function humanSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let i = -1;
  do {
    v /= 1000;
    i++;
  } while (v >= 1000 && i < units.length - 1);
  return `${v >= 100 ? Math.round(v) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${units[i]}`;
}

export function personView(c: Creator): PersonView {
  const orcid = c.orcid && /^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/i.test(c.orcid) ? c.orcid.toUpperCase() : undefined;
  return {
    name: c.name,
    orcid,
    orcidUrl: orcid ? `https://orcid.org/${orcid}` : undefined,
    affiliations: c.affiliations.map((a) => ({ name: a.name, rorUrl: a.ror ? `https://ror.org/${a.ror}` : undefined })),
    role: c.role,
    organizational: c.type === 'organizational',
  };
}

export function versionLabel(r: Pick<ZenodoRecord, 'version' | 'publicationDate' | 'versionIndex' | 'id'>): string {
  return r.version ?? r.publicationDate ?? (r.versionIndex !== undefined ? `#${r.versionIndex}` : r.id);
}

export function versionViews(hits: ZenodoRecord[], currentId: string): VersionView[] {
  return hits.map((h) => ({
    id: h.id,
    label: versionLabel(h),
    publicationDate: h.publicationDate,
    index: h.versionIndex,
    isLatest: h.isLatest,
    isCurrent: h.id === currentId,
  }));
}

/** A link for an identifier people can follow (DOI, URL, arXiv, ORCID, …), or undefined. */
export function identifierUrl(identifier: string, scheme?: string): string | undefined {
  const id = identifier.trim();
  const s = (scheme ?? '').toLowerCase();
  if (/^https?:\/\//i.test(id)) return id;
  if (s === 'doi' || /^10\.\d{4,9}\//.test(id)) return `https://doi.org/${id.replace(/^doi:/i, '')}`;
  if (s === 'arxiv') return `https://arxiv.org/abs/${id.replace(/^arxiv:/i, '')}`;
  if (s === 'orcid') return `https://orcid.org/${id}`;
  if (s === 'handle') return `https://hdl.handle.net/${id}`;
  if (s === 'isbn') return undefined;
  if (s === 'pmid') return `https://pubmed.ncbi.nlm.nih.gov/${id}`;
  if (s === 'swh') return `https://archive.softwareheritage.org/${id}`;
  return undefined;
}

const RELATIONS: Record<string, string> = {
  cites: 'Cites', iscitedby: 'Is cited by', references: 'References', isreferencedby: 'Is referenced by',
  issupplementto: 'Is supplement to', issupplementedby: 'Is supplemented by', continues: 'Continues', iscontinuedby: 'Is continued by',
  isnewversionof: 'Is new version of', ispreviousversionof: 'Is previous version of', isversionof: 'Is version of', hasversion: 'Has version',
  ispartof: 'Is part of', haspart: 'Has part', ispublishedin: 'Is published in', isdocumentedby: 'Is documented by', documents: 'Documents',
  iscompiledby: 'Is compiled by', compiles: 'Compiles', isderivedfrom: 'Is derived from', issourceof: 'Is source of',
  isidenticalto: 'Is identical to', isdescribedby: 'Is described by', describes: 'Describes', requires: 'Requires', isrequiredby: 'Is required by',
  reviews: 'Reviews', isreviewedby: 'Is reviewed by', obsoletes: 'Obsoletes', isobsoletedby: 'Is obsoleted by',
  collects: 'Collects', iscollectedby: 'Is collected by', hasmetadata: 'Has metadata', ismetadatafor: 'Is metadata for',
};

/** "issupplementto" → "Is supplement to" (DataCite relation types, as Zenodo spells their ids). */
export function relationLabel(id: string): string {
  return RELATIONS[id.toLowerCase()] ?? id;
}

export interface RecordViewInput {
  record: ZenodoRecord;
  /** The first page of the versions list (newest first), when fetched. */
  versions?: { hits: ZenodoRecord[]; total: number; nextPage?: number };
  /** The latest version, when the record is not it. */
  latest?: ZenodoRecord;
  citation: CitationView;
  /** The repository's base URL (community links). */
  baseUrl: string;
}

export function buildRecordView(input: RecordViewInput): RecordView {
  const { record: r, versions, latest, citation, baseUrl } = input;
  const files = r.files.slice(0, MAX_FILES_SHOWN).map(fileView);
  let filesNote: RecordView['filesNote'];
  if (r.files.length === 0) {
    filesNote = r.accessStatus === 'embargoed' ? 'embargoed'
      : r.accessStatus === 'restricted' ? 'restricted'
        : r.accessStatus === 'metadata-only' ? 'metadata-only'
          : r.filesCount > 0 ? 'restricted' : 'none';
  } else if (r.files.length > files.length) {
    filesNote = 'truncated';
  }
  const latestView = !r.isLatest && latest && latest.id !== r.id ? { id: latest.id, label: versionLabel(latest) } : undefined;
  return {
    id: r.id,
    title: r.title,
    url: r.links.html ?? `${baseUrl}/records/${r.id}`,
    resourceType: r.resourceType.title,
    publicationDate: r.publicationDate,
    version: r.version,
    isLatest: r.isLatest,
    latest: latestView,
    doi: r.doi,
    doiUrl: r.doi ? `https://doi.org/${r.doi}` : undefined,
    conceptDoi: r.conceptDoi,
    conceptDoiUrl: r.conceptDoi ? `https://doi.org/${r.conceptDoi}` : undefined,
    access: { status: r.accessStatus, embargoUntil: r.accessStatus === 'embargoed' || r.embargoUntil ? r.embargoUntil : undefined },
    license: r.license ? { title: r.license.title || r.license.id, url: r.license.url } : undefined,
    creators: r.creators.map(personView),
    contributors: r.contributors.map(personView),
    keywords: r.keywords,
    languages: r.languages,
    publisher: r.publisher,
    communities: r.communities.map((c) => ({ text: c.title ?? c.slug ?? c.id, url: `${baseUrl}/communities/${encodeURIComponent(c.slug ?? c.id)}` })),
    related: r.relatedIdentifiers.map((x) => ({ identifier: x.identifier, url: identifierUrl(x.identifier, x.scheme), relation: relationLabel(x.relation), scheme: x.scheme, resourceType: x.resourceType })),
    funding: r.funding.map((f) => ({ funder: f.funder, award: f.award, awardTitle: f.awardTitle })),
    descriptionHtml: sanitizeRecordHtml(r.description),
    files,
    filesCount: r.filesCount,
    filesTotalText: humanSize(r.filesTotalBytes),
    filesNote,
    versions: versions ? versionViews(versions.hits, r.id) : [],
    versionsTotal: versions?.total ?? 1,
    versionsNextPage: versions?.nextPage,
    citation,
    stats: r.stats ? { views: r.stats.version_views, downloads: r.stats.version_downloads } : undefined,
  };
}

function fileView(f: FileEntry) {
  return { key: f.key, size: f.size, sizeText: humanSize(f.size), mimetype: f.mimetype, checksum: f.checksum, url: f.url };
}

// ------------------------------------------------------------------ statistics

export function thisVersionFigures(s: RecordStats): Figures {
  return {
    views: s.version_views,
    uniqueViews: s.version_unique_views,
    downloads: s.version_downloads,
    uniqueDownloads: s.version_unique_downloads,
    ...(s.version_data_volume !== undefined ? { dataVolume: s.version_data_volume } : {}),
  };
}

export function allVersionsFigures(s: RecordStats): Figures {
  return {
    views: s.views,
    uniqueViews: s.unique_views,
    downloads: s.downloads,
    uniqueDownloads: s.unique_downloads,
    ...(s.data_volume !== undefined ? { dataVolume: s.data_volume } : {}),
  };
}

const ZERO: RecordStats = {
  views: 0, downloads: 0, unique_views: 0, unique_downloads: 0, version_views: 0, version_downloads: 0, version_unique_views: 0, version_unique_downloads: 0,
};

export interface StatsViewInput {
  record: ZenodoRecord;
  /** Every version fetched from the versions endpoint (any order). */
  versions: ZenodoRecord[];
  versionsTotal: number;
  versionRequests: number;
  fetchedAt: string;
}

export function buildStatsView(input: StatsViewInput): StatsView {
  const { record: r } = input;
  const stats = r.stats ?? ZERO;
  const seen = new Set<string>();
  const versions: VersionFigures[] = input.versions
    .filter((v) => (seen.has(v.id) ? false : (seen.add(v.id), true)))
    .sort(compareVersions)
    .map((v) => ({ id: v.id, label: versionLabel(v), publicationDate: v.publicationDate, isCurrent: v.id === r.id, ...thisVersionFigures(v.stats ?? ZERO) }));
  return {
    id: r.id,
    title: r.title,
    version: r.version,
    url: r.links.html ?? '',
    thisVersion: thisVersionFigures(stats),
    allVersions: allVersionsFigures(stats),
    versions,
    versionsTotal: Math.max(input.versionsTotal, versions.length),
    fetchedAt: input.fetchedAt,
    versionRequests: input.versionRequests,
  };
}

/** Oldest first: by version index, then publication date, then id (ids grow with time on Zenodo). */
function compareVersions(a: ZenodoRecord, b: ZenodoRecord): number {
  if (a.versionIndex !== undefined && b.versionIndex !== undefined && a.versionIndex !== b.versionIndex) return a.versionIndex - b.versionIndex;
  const da = a.publicationDate ?? '';
  const db = b.publicationDate ?? '';
  if (da !== db) return da < db ? -1 : 1;
  return a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
