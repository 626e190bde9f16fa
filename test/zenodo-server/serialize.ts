// Serializers: InvenioRDM native JSON (vnd.inveniordm.v1+json), Zenodo JSON (application/json),
// the files listing, BibTeX, citation strings, CSL-JSON and communities.

import type { Corpus } from './corpus';
import { stripHtml } from './corpus';
import type { AccessStatus, Community, CorpusRecord, FileEntry } from './model';
import { LICENSES, RESOURCE_TYPES } from './vocab';

type Json = Record<string, any>;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const COMMUNITY_TYPES: Record<string, { en: string; de: string }> = {
  organization: { en: 'Organization', de: 'Organisation' },
  event: { en: 'Event', de: 'Veranstaltung' },
  topic: { en: 'Topic', de: 'Thema' },
  project: { en: 'Project', de: 'Projekt' },
};

/** Who is asking: decides whether restricted records and files are visible. */
export interface Viewer {
  user?: string;
}

export function accessStatus(r: CorpusRecord): AccessStatus {
  if (r.accessRecord === 'restricted') {
    return 'restricted';
  }
  if (r.embargo) {
    return 'embargoed';
  }
  if (r.files.length === 0) {
    return 'metadata-only';
  }
  return r.accessFiles === 'restricted' ? 'restricted' : 'open';
}

export function canSeeRecord(r: CorpusRecord, v: Viewer): boolean {
  return r.accessRecord === 'public' || (v.user !== undefined && v.user === r.owner);
}

export function canSeeFiles(r: CorpusRecord, v: Viewer): boolean {
  return (r.accessRecord === 'public' && r.accessFiles === 'public') || (v.user !== undefined && v.user === r.owner);
}

export function resourceTypeTitle(id: string): { en: string; de: string } {
  return RESOURCE_TYPES[id] ?? { en: id, de: id };
}

/** Percent-encodes each path segment of a file key. */
export function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

function recordLinks(base: string, r: CorpusRecord): Json {
  const api = `${base}/api/records/${r.id}`;
  const parentApi = `${base}/api/records/${r.conceptId}`;
  return {
    self: api,
    self_html: `${base}/records/${r.id}`,
    preview_html: `${base}/records/${r.id}?preview=1`,
    doi: `https://doi.org/${r.doi}`,
    self_doi: `https://doi.org/${r.doi}`,
    self_doi_html: `${base}/doi/${r.doi}`,
    reserve_doi: `${api}/draft/pids/doi`,
    parent: parentApi,
    parent_html: `${base}/records/${r.conceptId}`,
    parent_doi: `https://doi.org/${r.conceptDoi}`,
    parent_doi_html: `${base}/doi/${r.conceptDoi}`,
    self_iiif_manifest: `${base}/api/iiif/record:${r.id}/manifest`,
    self_iiif_sequence: `${base}/api/iiif/record:${r.id}/sequence/default`,
    files: `${api}/files`,
    media_files: `${api}/media-files`,
    archive: `${api}/files-archive`,
    archive_media: `${api}/media-files-archive`,
    latest: `${api}/versions/latest`,
    latest_html: `${base}/records/${r.id}/latest`,
    versions: `${api}/versions`,
    draft: `${api}/draft`,
    access_links: `${api}/access/links`,
    access_grants: `${api}/access/grants`,
    access_users: `${api}/access/users`,
    access_request: `${api}/access/request`,
    access: `${api}/access`,
    communities: `${api}/communities`,
    'communities-suggestions': `${api}/communities-suggestions`,
    request_deletion: `${api}/request-deletion`,
    file_modification: `${api}/file-modification`,
    requests: `${api}/requests`,
  };
}

function l10nDate(d: string, long: boolean): string {
  const [y, m, day] = d.split('-').map(Number);
  if (!m) {
    return String(y);
  }
  const month = long ? MONTH_NAMES[m - 1] : MONTH_NAMES[m - 1].slice(0, 3);
  return day ? `${month} ${day}, ${y}` : `${month} ${y}`;
}

function nativeCreator(c: CorpusRecord['creators'][number]): Json {
  const p: Json = { type: c.type, name: c.name };
  if (c.given) {
    p.given_name = c.given;
  }
  if (c.family) {
    p.family_name = c.family;
  }
  if (c.orcid) {
    p.identifiers = [{ identifier: c.orcid, scheme: 'orcid' }];
  }
  const out: Json = { person_or_org: p };
  if (c.affiliations.length) {
    out.affiliations = c.affiliations.map((a) => (a.id ? { id: a.id, name: a.name } : { name: a.name }));
  }
  return out;
}

export function nativeCommunity(c: Community, base: string, brief = false): Json {
  const api = `${base}/api/communities/${c.id}`;
  const metadata: Json = {
    title: c.title,
    description: c.description,
    type: c.type ? { id: c.type, title: COMMUNITY_TYPES[c.type] } : null,
    website: c.website ?? null,
    organizations: c.organizations.length ? c.organizations : null,
  };
  if (c.funding.length) {
    metadata.funding = c.funding.map((f) => ({ funder: { id: f.funderId, name: f.funderName }, ...(f.awardNumber ? { award: { number: f.awardNumber } } : {}) }));
  }
  if (brief) {
    return { id: c.id, slug: c.slug, metadata: { title: c.title } };
  }
  return {
    id: c.id,
    created: c.created,
    updated: c.updated,
    links: {
      self: api,
      self_html: `${base}/communities/${c.slug}`,
      settings_html: `${base}/communities/${c.slug}/settings`,
      logo: `${api}/logo`,
      rename: `${api}/rename`,
      members: `${api}/members`,
      public_members: `${api}/members/public`,
      invitations: `${api}/invitations`,
      requests: `${api}/requests`,
      records: `${api}/records`,
      membership_requests: `${api}/membership-requests`,
    },
    revision_id: 3,
    slug: c.slug,
    metadata,
    access: {
      visibility: 'public',
      members_visibility: 'public',
      member_policy: 'open',
      record_submission_policy: c.slug === 'symbaproject' ? 'open' : 'closed',
      review_policy: c.slug === 'symbaproject' ? 'closed' : 'open',
    },
    custom_fields: {},
    deletion_status: { is_deleted: c.deleted, status: c.deleted ? 'D' : 'P' },
    children: { allow: false },
  };
}

function nativeFileEntries(corpus: Corpus, r: CorpusRecord, base: string): Json {
  const entries: Json = {};
  for (const f of r.files) {
    const link = `${base}/api/records/${r.id}/files/${encodeKey(f.key)}`;
    entries[f.key] = {
      id: f.id,
      checksum: corpus.fileChecksum(r, f),
      ext: f.ext,
      size: f.size,
      mimetype: f.mimetype,
      storage_class: 'L',
      key: f.key,
      metadata: null,
      access: { hidden: false },
      links: { self: link, content: `${link}/content` },
    };
  }
  return entries;
}

function isPlainObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge(target: Json, over: Json): Json {
  for (const [k, v] of Object.entries(over)) {
    if (isPlainObject(v) && isPlainObject(target[k])) {
      deepMerge(target[k], v);
    } else {
      target[k] = v;
    }
  }
  return target;
}

function rewriteBase<T>(value: T, base: string): T {
  return JSON.parse(JSON.stringify(value).split('https://zenodo.org/').join(`${base}/`)) as T;
}

export function nativeRecord(corpus: Corpus, r: CorpusRecord, base: string, viewer: Viewer): Json {
  const status = accessStatus(r);
  const communities = r.communities.map((s) => corpus.communityBySlug.get(s)).filter((c): c is Community => !!c);
  const rt = resourceTypeTitle(r.resourceType);
  const metadata: Json = {
    resource_type: { id: r.resourceType, title: rt },
    creators: r.creators.map(nativeCreator),
    title: r.title,
    publisher: 'Zenodo',
    publication_date: r.publicationDate,
  };
  if (r.keywords.length) {
    metadata.subjects = r.keywords.map((k) => ({ subject: k }));
  }
  if (r.relatedIdentifiers.length) {
    metadata.related_identifiers = r.relatedIdentifiers.map((x) => ({
      identifier: x.identifier,
      scheme: x.scheme,
      relation_type: { id: x.relation, title: { en: x.relation === 'issupplementto' ? 'Is supplement to' : x.relation === 'iscitedby' ? 'Is cited by' : x.relation } },
      ...(x.resourceType ? { resource_type: { id: x.resourceType, title: resourceTypeTitle(x.resourceType) } } : {}),
    }));
  }
  if (r.version !== undefined) {
    metadata.version = r.version;
  }
  if (r.license) {
    const l = LICENSES[r.license];
    metadata.rights = [{ id: r.license, title: { en: l?.title ?? r.license }, props: { url: l?.url ?? '', scheme: 'spdx' } }];
  }
  metadata.description = r.description;
  if (r.funding.length) {
    metadata.funding = r.funding.map((f) => ({
      funder: { id: f.funderId, name: f.funderName },
      ...(f.awardNumber ? { award: { id: `${f.funderId}::${f.awardNumber}`, number: f.awardNumber, title: { en: f.awardTitle ?? '' }, ...(f.acronym ? { acronym: f.acronym } : {}) } } : {}),
    }));
  }
  const filesVisible = canSeeFiles(r, viewer);
  const files: Json = filesVisible || r.files.length === 0
    ? {
        enabled: r.files.length > 0,
        order: [],
        count: r.files.length,
        total_bytes: r.files.reduce((s, f) => s + f.size, 0),
        entries: nativeFileEntries(corpus, r, base),
      }
    : { enabled: true };
  const out: Json = {
    id: r.id,
    created: r.created,
    updated: r.updated,
    links: recordLinks(base, r),
    revision_id: 4,
    parent: {
      id: r.conceptId,
      access: { owned_by: { user: r.ownerId } },
      communities: communities.length
        ? { ids: communities.map((c) => c.id), default: communities[0].id, entries: communities.map((c) => nativeCommunity(c, base)) }
        : {},
      pids: { doi: { identifier: r.conceptDoi, provider: 'datacite', client: 'datacite' } },
    },
    versions: { is_latest: r.isLatest, index: r.index },
    is_published: true,
    is_draft: false,
    pids: {
      doi: r.doi.startsWith('10.5281/') ? { identifier: r.doi, provider: 'datacite', client: 'datacite' } : { identifier: r.doi, provider: 'external' },
      oai: { identifier: `oai:zenodo.org:${r.id}`, provider: 'oai' },
    },
    metadata,
    custom_fields: {},
    access: {
      record: r.accessRecord,
      files: r.accessFiles,
      embargo: r.embargo ? { active: true, until: r.embargo.until, reason: r.embargo.reason } : { active: false, reason: null },
      status,
    },
    files,
    media_files: { enabled: false, order: [], count: 0, total_bytes: 0, entries: {} },
    status: 'published',
    deletion_status: { is_deleted: false, status: 'P' },
    stats: { this_version: { ...r.stats }, all_versions: { ...r.allVersionsStats } },
    swh: {},
    ui: {
      publication_date_l10n_medium: l10nDate(r.publicationDate, false),
      publication_date_l10n_long: l10nDate(r.publicationDate, true),
      created_date_l10n_long: l10nDate(r.created.slice(0, 10), true),
      updated_date_l10n_long: l10nDate(r.updated.slice(0, 10), true),
      resource_type: { id: r.resourceType, title_l10n: rt.en },
      access_status: {
        id: status,
        title_l10n: { open: 'Open', embargoed: 'Embargoed', restricted: 'Restricted', 'metadata-only': 'Metadata-only' }[status],
        description_l10n: status === 'open' ? 'The record and files are publicly accessible.' : 'Access to the files is limited.',
        icon: status === 'open' ? 'unlock' : 'lock',
        embargo_date_l10n: r.embargo ? l10nDate(r.embargo.until, true) : null,
        message_class: status === 'open' ? '' : 'warning',
      },
      description_stripped: stripHtml(r.description).replace(/\s+/g, ' ').trim(),
      version: r.version,
      is_draft: false,
    },
  };
  if (r.fixture) {
    const fx = rewriteBase(r.fixture, base) as Json;
    const keep = { links: out.links, files: out.files, versions: out.versions, access: out.access, stats: out.stats, id: out.id };
    delete fx.files;
    deepMerge(out, fx);
    Object.assign(out, keep);
    out.stats.all_versions = { ...r.allVersionsStats };
  }
  return out;
}

export function zenodoRecord(corpus: Corpus, r: CorpusRecord, base: string, viewer: Viewer): Json {
  const status = accessStatus(r);
  const [type, ...sub] = r.resourceType.split('-');
  const resourceType: Json = { title: resourceTypeTitle(r.resourceType).en, type };
  if (sub.length) {
    resourceType.subtype = sub.join('-');
  }
  const metadata: Json = {
    title: r.title,
    doi: r.doi,
    publication_date: r.publicationDate,
    description: r.description,
    access_right: status === 'metadata-only' ? 'closed' : status,
    creators: r.creators.map((c) => ({
      name: c.name,
      affiliation: c.affiliations[0]?.name ?? null,
      ...(c.orcid ? { orcid: c.orcid } : {}),
    })),
  };
  if (r.embargo) {
    metadata.embargo_date = r.embargo.until;
  }
  if (r.keywords.length) {
    metadata.keywords = r.keywords.slice();
  }
  if (r.relatedIdentifiers.length) {
    metadata.related_identifiers = r.relatedIdentifiers.map((x) => ({ identifier: x.identifier, relation: x.relation, resource_type: x.resourceType, scheme: x.scheme }));
  }
  if (r.version !== undefined) {
    metadata.version = r.version;
  }
  metadata.resource_type = resourceType;
  if (r.license) {
    metadata.license = { id: r.license };
  }
  if (r.funding.length) {
    metadata.grants = r.funding.filter((f) => f.awardNumber).map((f) => ({ code: f.awardNumber, internal_id: `${f.funderId}::${f.awardNumber}`, funder: { name: f.funderName }, title: f.awardTitle, acronym: f.acronym }));
  }
  if (r.communities.length) {
    metadata.communities = r.communities.map((s) => ({ id: s }));
  }
  metadata.relations = { version: [{ index: r.index - 1, is_last: r.isLatest, parent: { pid_type: 'recid', pid_value: r.conceptId } }] };
  const out: Json = {
    created: r.created,
    modified: r.updated,
    id: Number(r.id),
    conceptrecid: r.conceptId,
    doi: r.doi,
    conceptdoi: r.conceptDoi,
    doi_url: `https://doi.org/${r.doi}`,
    metadata,
    title: r.title,
    links: recordLinks(base, r),
    updated: r.updated,
    recid: r.id,
    revision: 4,
    files: canSeeFiles(r, viewer)
      ? r.files.map((f) => ({ id: f.id, key: f.key, size: f.size, checksum: corpus.fileChecksum(r, f), links: { self: `${base}/api/records/${r.id}/files/${encodeKey(f.key)}/content` } }))
      : [],
    swh: {},
    owners: [{ id: r.ownerId }],
    status: 'published',
    stats: {
      downloads: r.allVersionsStats.downloads,
      unique_downloads: r.allVersionsStats.unique_downloads,
      views: r.allVersionsStats.views,
      unique_views: r.allVersionsStats.unique_views,
      version_downloads: r.stats.downloads,
      version_unique_downloads: r.stats.unique_downloads,
      version_unique_views: r.stats.unique_views,
      version_views: r.stats.views,
    },
    state: 'done',
    submitted: true,
  };
  return out;
}

/** `GET /api/records/{id}/files` (application/json only). */
export function filesListing(corpus: Corpus, r: CorpusRecord, base: string): Json {
  const api = `${base}/api/records/${r.id}`;
  const fx = r.fixture?.files as Json | undefined;
  return {
    enabled: r.files.length > 0,
    links: { self: `${api}/files`, archive: `${api}/files-archive` },
    entries: r.files.map((f: FileEntry) => {
      const link = `${api}/files/${encodeKey(f.key)}`;
      return {
        created: r.created,
        updated: r.updated,
        mimetype: f.mimetype,
        version_id: f.id.split('').reverse().join(''),
        file_id: f.id,
        bucket_id: `${r.id.padStart(8, '0')}-0000-4000-8000-000000000000`,
        metadata: f.mimetype.startsWith('image/') ? { width: 800, height: 600 } : null,
        access: { hidden: false },
        links: {
          self: link,
          content: `${link}/content`,
          ...(f.mimetype.startsWith('image/') ? { iiif_canvas: `${base}/api/iiif/record:${r.id}/canvas/${encodeURIComponent(f.key)}`, iiif_base: `${base}/api/iiif/record:${r.id}:${encodeURIComponent(f.key)}` } : {}),
        },
        key: f.key,
        transfer: { type: 'L' },
        status: 'completed',
        checksum: corpus.fileChecksum(r, f),
        size: f.size,
        storage_class: 'L',
      };
    }),
    default_preview: fx?.default_preview ?? null,
    order: [],
  };
}

// --- exports -------------------------------------------------------------------------------------

function year(r: CorpusRecord): string {
  return r.publicationDate.slice(0, 4);
}

function initials(given?: string): string {
  if (!given) {
    return '';
  }
  return given.split(/[\s-]+/).filter(Boolean).map((g) => `${[...g][0]}.`).join(' ');
}

function apaName(c: CorpusRecord['creators'][number]): string {
  if (c.type === 'organizational' || !c.family) {
    return c.name;
  }
  const i = initials(c.given);
  return i ? `${c.family}, ${i}` : c.family;
}

function joinAuthors(names: string[], amp: string): string {
  if (names.length <= 1) {
    return names.join('');
  }
  return `${names.slice(0, -1).join(', ')}, ${amp} ${names[names.length - 1]}`;
}

const STYLES = ['apa', 'harvard-cite-them-right', 'ieee', 'chicago-author-date', 'vancouver', 'modern-language-association'];

export function isKnownStyle(style: string): boolean {
  return STYLES.includes(style);
}

/** A citation string (`text/x-bibliography`). Default style: harvard-cite-them-right (as the API). */
export function citation(corpus: Corpus, r: CorpusRecord, style: string): string {
  if (style === 'apa' && corpus.apaFixtures.has(r.id)) {
    return corpus.apaFixtures.get(r.id)!;
  }
  const url = `https://doi.org/${r.doi}`;
  const version = r.version ? ` (Version ${r.version})` : '';
  const kind = r.resourceType.startsWith('software') ? ' [Computer software]' : r.resourceType === 'dataset' ? ' [Data set]' : '';
  switch (style) {
    case 'apa':
      return `${joinAuthors(r.creators.map(apaName), '&')}. (${year(r)}). ${r.title}${version}${kind}. Zenodo. ${url}`;
    case 'ieee': {
      const names = r.creators.map((c) => (c.family && c.type === 'personal' ? `${initials(c.given)} ${c.family}`.trim() : c.name));
      const m = Number(r.publicationDate.slice(5, 7));
      return `${joinAuthors(names, 'and')}, “${r.title}”, ${r.version ? `${r.version}, ` : ''}Zenodo, ${m ? `${MONTH_NAMES[m - 1].slice(0, 3)}. ` : ''}${year(r)}. doi: ${r.doi}.`;
    }
    case 'chicago-author-date':
      return `${joinAuthors(r.creators.map((c) => (c.family && c.given ? `${c.family}, ${c.given}` : c.name)), 'and')}. ${year(r)}. “${r.title}”. Zenodo. ${url}.`;
    case 'vancouver':
      return `${r.creators.map((c) => (c.family ? `${c.family} ${initials(c.given).replace(/[.\s]/g, '')}` : c.name)).join(', ')}. ${r.title}. Zenodo; ${year(r)}. doi:${r.doi}`;
    case 'modern-language-association':
      return `${r.creators[0] ? (r.creators[0].family && r.creators[0].given ? `${r.creators[0].family}, ${r.creators[0].given}` : r.creators[0].name) : ''}${r.creators.length > 1 ? ', et al' : ''}. ${r.title}. Zenodo, ${year(r)}, ${url}.`;
    default:
      return `${joinAuthors(r.creators.map(apaName), 'and')} (${year(r)}) “${r.title}”${r.version ? `. ${r.version}` : ''}. Zenodo. Available at: ${url}.`;
  }
}

function bibtexType(rt: string): string {
  if (rt.startsWith('software')) {
    return 'software';
  }
  if (rt === 'dataset') {
    return 'dataset';
  }
  if (rt === 'publication-article') {
    return 'article';
  }
  if (rt === 'publication-thesis') {
    return 'phdthesis';
  }
  if (rt === 'publication-report' || rt === 'publication-deliverable') {
    return 'techreport';
  }
  if (rt === 'publication-conferencepaper') {
    return 'inproceedings';
  }
  if (rt === 'publication-book') {
    return 'book';
  }
  return 'misc';
}

export function bibtex(corpus: Corpus, r: CorpusRecord): string {
  const fixed = corpus.bibtexFixtures.get(r.id);
  if (fixed) {
    return fixed;
  }
  const first = r.creators[0];
  const keyName = (first?.family ?? first?.name ?? 'anonymous').toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'anonymous';
  const m = Number(r.publicationDate.slice(5, 7));
  const fields: [string, string][] = [
    ['author', r.creators.map((c) => c.name).join(' and ')],
    ['title', r.title],
  ];
  if (r.resourceType === 'publication-article') {
    fields.push(['journal', 'Zenodo']);
  }
  if (m) {
    fields.push(['month', MONTHS[m - 1]]);
  }
  fields.push(['year', year(r)], ['publisher', 'Zenodo']);
  if (r.version) {
    fields.push(['version', r.version]);
  }
  fields.push(['doi', r.doi], ['url', `https://doi.org/${r.doi}`]);
  const lines = fields.map(([k, v]) => `  ${k.padEnd(12)} = ${k === 'month' || k === 'year' ? v : `{${v}}`},`);
  return `@${bibtexType(r.resourceType)}{${keyName}_${year(r)}_${r.id},\n${lines.join('\n')}\n}`;
}

export function cslJson(r: CorpusRecord): Json {
  const [y, m, d] = r.publicationDate.split('-').map(Number);
  const type = r.resourceType.startsWith('software') ? 'software'
    : r.resourceType === 'dataset' ? 'dataset'
      : r.resourceType === 'publication-article' ? 'article-journal'
        : r.resourceType === 'publication-report' ? 'report'
          : r.resourceType === 'publication-thesis' ? 'thesis'
            : r.resourceType === 'presentation' ? 'speech'
              : r.resourceType.startsWith('image') ? 'graphic' : 'article';
  return {
    id: r.id,
    type,
    title: r.title,
    author: r.creators.map((c) => (c.type === 'personal' && c.family ? { family: c.family, ...(c.given ? { given: c.given } : {}) } : { literal: c.name })),
    issued: { 'date-parts': [[y, m, d].filter((x) => x !== undefined && !Number.isNaN(x))] },
    abstract: r.description,
    DOI: r.doi,
    publisher: 'Zenodo',
    ...(r.version ? { version: r.version } : {}),
    URL: `https://doi.org/${r.doi}`,
  };
}
