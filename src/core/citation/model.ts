/**
 * What a citation is made of, built from our own `ZenodoRecord` model (never from a URL or a DOI
 * that a library would fetch): which version is cited, its CSL-JSON item, and its citation key.
 * Pure and light: no citation-js here (that lives in engine.ts, loaded on first use).
 */
import type { Creator, ZenodoRecord } from '../models';

/** Which version to cite: the record as given, the latest version, or all versions (concept DOI). */
export type CiteVersion = 'this' | 'latest' | 'all';
export const CITE_VERSIONS: readonly CiteVersion[] = ['this', 'latest', 'all'];

export type CitationFormat = 'bibtex' | 'biblatex' | 'cff' | 'cff-reference' | 'csl-json' | 'text';
export const CITATION_FORMATS: readonly CitationFormat[] = ['bibtex', 'biblatex', 'cff', 'cff-reference', 'csl-json', 'text'];

/** The styles we ship (CSL ids). */
export const CITATION_STYLES = ['apa', 'ieee', 'chicago-author-date', 'harvard-cite-them-right', 'vancouver'] as const;
export type CitationStyle = (typeof CITATION_STYLES)[number];

export const DEFAULT_KEY_PATTERN = '{auth}_{year}_{recid}';

/** A CSL-JSON name: a person (family/given) or an organisation (literal). */
export interface CslName { family?: string; given?: string; literal?: string }

export interface CslItem {
  id: string;
  'citation-key': string;
  type: string;
  title: string;
  author: CslName[];
  issued?: { 'date-parts': number[][] };
  publisher?: string;
  version?: string;
  DOI?: string;
  URL?: string;
  /** Zenodo's resource type title, e.g. "Software", "Dataset" (for CSL `genre` where useful). */
  genre?: string;
}

/**
 * The record whose metadata a citation carries, with the identifiers that match the chosen version:
 * `this` cites `given`, `latest` cites `latest`, `all` cites the latest metadata under the concept
 * DOI, without a version label (it always resolves to the newest version).
 */
export interface Citable {
  version: CiteVersion;
  record: ZenodoRecord;
  /** The DOI cited (a version DOI, or the concept DOI for `all`). */
  doi?: string;
  /** The id the key and the URL use (the concept id for `all`). */
  recid: string;
  url: string;
}

export function citable(given: ZenodoRecord, latest: ZenodoRecord | undefined, version: CiteVersion): Citable {
  if (version === 'all') {
    const rec = latest ?? given;
    const recid = rec.conceptId ?? rec.id;
    const doi = rec.conceptDoi ?? rec.doi;
    return { version, record: rec, doi, recid, url: doi ? doiUrl(doi) : rec.links.parentHtml ?? rec.links.html ?? '' };
  }
  const rec = version === 'latest' ? latest ?? given : given;
  return { version, record: rec, doi: rec.doi, recid: rec.id, url: rec.doi ? doiUrl(rec.doi) : rec.links.html ?? '' };
}

export function doiUrl(doi: string): string {
  return `https://doi.org/${doi}`;
}

/** Zenodo resource type id → CSL type. */
export function cslType(resourceTypeId: string): string {
  const id = resourceTypeId.toLowerCase();
  const map: Record<string, string> = {
    software: 'software',
    'software-computationalnotebook': 'software',
    workflow: 'software',
    dataset: 'dataset',
    'publication-article': 'article-journal',
    'publication-preprint': 'article',
    'publication-conferencepaper': 'paper-conference',
    'publication-conferenceproceeding': 'book',
    'publication-report': 'report',
    'publication-technicalnote': 'report',
    'publication-workingpaper': 'report',
    'publication-deliverable': 'report',
    'publication-milestone': 'report',
    'publication-proposal': 'report',
    'publication-datamanagementplan': 'report',
    'publication-book': 'book',
    'publication-section': 'chapter',
    'publication-thesis': 'thesis',
    'publication-patent': 'patent',
    'publication-standard': 'standard',
    presentation: 'speech',
    poster: 'speech',
    video: 'motion_picture',
    'image-figure': 'figure',
    'image-photo': 'graphic',
    'image-drawing': 'graphic',
    'image-diagram': 'figure',
    'image-plot': 'figure',
    image: 'graphic',
    model: 'document',
    lesson: 'document',
    event: 'event',
    physicalobject: 'document',
  };
  return map[id] ?? map[id.split('-')[0]] ?? 'document';
}

/** CSL type → BibTeX entry type (Zenodo's own export uses @software and @dataset too). */
export function bibtexType(csl: string): string {
  const map: Record<string, string> = {
    software: 'software',
    dataset: 'dataset',
    'article-journal': 'article',
    article: 'article',
    'paper-conference': 'inproceedings',
    report: 'techreport',
    book: 'book',
    chapter: 'inbook',
    thesis: 'phdthesis',
  };
  return map[csl] ?? 'misc';
}

export function cslName(c: Creator): CslName {
  if (c.type === 'organizational') return { literal: c.name };
  if (c.familyName) return c.givenName ? { family: c.familyName, given: c.givenName } : { family: c.familyName };
  const comma = c.name.indexOf(',');
  if (comma > 0) {
    const family = c.name.slice(0, comma).trim();
    const given = c.name.slice(comma + 1).trim();
    return given ? { family, given } : { family };
  }
  return { literal: c.name };
}

export function dateParts(date: string | undefined): number[] | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date ?? '');
  if (!m) return undefined;
  return [m[1], m[2], m[3]].filter((x): x is string => !!x).map(Number);
}

export function yearOf(c: Citable): string {
  return dateParts(c.record.publicationDate)?.[0]?.toString() ?? 'nd';
}

/** A key-safe form of a text: ASCII letters and digits, words joined by `_`, lower case. */
export function keyText(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/[æÆ]/g, 'ae').replace(/[øØ]/g, 'o')
    .toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

const STOP_WORDS = new Set(['a', 'an', 'the', 'of', 'on', 'in', 'and', 'for', 'to', 'with', 'der', 'die', 'das', 'le', 'la', 'les', 'el']);

/**
 * The citation key for a citable, from a pattern with the tokens `{auth}` (first creator's family
 * name, or an organisation's name), `{year}`, `{title}` (first significant word of the title),
 * `{recid}` (record id; the concept id for all versions), `{version}`. The same record and pattern
 * always give the same key; the record id makes keys of different records differ.
 * Default: `{auth}_{year}_{recid}`, the form of Zenodo's own BibTeX export.
 */
export function citationKey(c: Citable, pattern: string = DEFAULT_KEY_PATTERN): string {
  const first = c.record.creators[0];
  const auth = first ? keyText(first.type === 'organizational' ? first.name : first.familyName ?? first.name.split(',')[0]) : 'anon';
  const titleWord = c.record.title.split(/\s+/).map(keyText).find((w) => w && !STOP_WORDS.has(w)) ?? 'untitled';
  const values: Record<string, string> = {
    auth: auth || 'anon',
    year: yearOf(c),
    title: titleWord.split('_')[0],
    recid: c.recid,
    version: c.version === 'all' ? 'all' : keyText(c.record.version ?? '') || 'v',
  };
  const raw = (pattern || DEFAULT_KEY_PATTERN).replace(/\{(\w+)\}/g, (_m, t: string) => values[t.toLowerCase()] ?? '');
  // BibTeX keys: no spaces, commas, braces, quotes, #, %, ~ or backslashes.
  const key = raw.replace(/[^A-Za-z0-9_:.\-/+]/g, '_').replace(/_+/g, '_').replace(/^_+|_+$/g, '');
  return key || `zenodo_${c.recid}`;
}

/** The CSL-JSON item we hand citation-js (and write out as CSL-JSON). */
export function toCsl(c: Citable, key: string): CslItem {
  const r = c.record;
  const parts = dateParts(r.publicationDate);
  const item: CslItem = {
    id: key,
    'citation-key': key,
    type: cslType(r.resourceType.id),
    title: r.title,
    author: r.creators.map(cslName),
  };
  if (parts) item.issued = { 'date-parts': [parts] };
  item.publisher = r.publisher ?? 'Zenodo';
  if (c.version !== 'all' && r.version) item.version = r.version;
  if (c.doi) item.DOI = c.doi;
  if (c.url) item.URL = c.url;
  return item;
}
