/**
 * CITATION.cff (Citation File Format 1.2.0) from our own record model, written with the `yaml`
 * library: a whole CITATION.cff for a record, a `references:` entry, and adding or updating that
 * entry in an existing file without disturbing the rest of it (comments and order are kept).
 * Heavy-ish (yaml): reached only through engine.ts, the lazily loaded bundle.
 */
import { Document, isMap, isSeq, parseDocument, stringify, YAMLMap, YAMLSeq } from 'yaml';
import type { Creator } from '../models';
import { Citable, dateParts } from './model';

type Json = Record<string, unknown>;

/** Zenodo resource type id → CFF reference type. */
export function cffReferenceType(resourceTypeId: string): string {
  const id = resourceTypeId.toLowerCase();
  const map: Record<string, string> = {
    software: 'software',
    workflow: 'software',
    dataset: 'data',
    'publication-article': 'article',
    'publication-preprint': 'article',
    'publication-conferencepaper': 'conference-paper',
    'publication-conferenceproceeding': 'proceedings',
    'publication-report': 'report',
    'publication-technicalnote': 'report',
    'publication-workingpaper': 'report',
    'publication-deliverable': 'report',
    'publication-book': 'book',
    'publication-section': 'book',
    'publication-thesis': 'thesis',
    'publication-patent': 'patent',
    'publication-standard': 'standard',
    presentation: 'slides',
    poster: 'generic',
    video: 'video',
    image: 'art',
    lesson: 'generic',
  };
  return map[id] ?? map[id.split('-')[0]] ?? 'generic';
}

/** SPDX ids for the licence ids Zenodo uses most (the CFF schema accepts SPDX ids only). */
const SPDX: Record<string, string> = {
  'cc-by-4.0': 'CC-BY-4.0', 'cc-by-sa-4.0': 'CC-BY-SA-4.0', 'cc-by-nc-4.0': 'CC-BY-NC-4.0', 'cc-by-nd-4.0': 'CC-BY-ND-4.0',
  'cc-by-nc-sa-4.0': 'CC-BY-NC-SA-4.0', 'cc-by-nc-nd-4.0': 'CC-BY-NC-ND-4.0', 'cc0-1.0': 'CC0-1.0', 'cc-by-3.0': 'CC-BY-3.0',
  mit: 'MIT', 'apache-2.0': 'Apache-2.0', 'bsd-3-clause': 'BSD-3-Clause', 'bsd-2-clause': 'BSD-2-Clause',
  'gpl-3.0': 'GPL-3.0', 'gpl-3.0-only': 'GPL-3.0-only', 'gpl-3.0-or-later': 'GPL-3.0-or-later', 'gpl-2.0': 'GPL-2.0',
  'lgpl-3.0': 'LGPL-3.0', 'lgpl-2.1': 'LGPL-2.1', 'mpl-2.0': 'MPL-2.0', 'agpl-3.0': 'AGPL-3.0', 'isc': 'ISC',
  'odc-by-1.0': 'ODC-By-1.0', 'odbl-1.0': 'ODbL-1.0', 'unlicense': 'Unlicense', 'epl-2.0': 'EPL-2.0',
};

export function spdxLicense(id: string | undefined): string | undefined {
  return id ? SPDX[id.toLowerCase()] : undefined;
}

function cffAuthor(c: Creator): Json | undefined {
  // CFF wants non-empty names: a creator with none is left out (and "Unknown" stands in for none at all).
  if (c.type === 'organizational') return c.name.trim() ? { name: c.name } : undefined;
  const a: Json = {};
  let family = c.familyName?.trim() ? c.familyName : undefined;
  let given = c.givenName?.trim() ? c.givenName : undefined;
  if (!family) {
    const comma = c.name.indexOf(',');
    if (comma > 0) {
      family = c.name.slice(0, comma).trim();
      given = c.name.slice(comma + 1).trim() || undefined;
    }
  }
  if (family) {
    a['family-names'] = family;
    if (given) a['given-names'] = given;
  } else if (c.name.trim()) {
    a.name = c.name;
  } else {
    return undefined;
  }
  if (c.orcid && /^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/.test(c.orcid)) a.orcid = `https://orcid.org/${c.orcid}`;
  const aff = c.affiliations.map((x) => x.name).filter(Boolean).join('; ');
  if (aff) a.affiliation = aff;
  return a;
}

function fullDate(date: string | undefined): string | undefined {
  return date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined;
}

function validDoi(doi: string | undefined): string | undefined {
  return doi && /^10\.\d{4,9}(\.\d+)?\/[A-Za-z0-9:/_;\-.()[\]\\]+$/.test(doi) ? doi : undefined;
}

function common(c: Citable): Json {
  const r = c.record;
  const out: Json = {};
  const authors = r.creators.map(cffAuthor).filter((a): a is Json => !!a);
  out.authors = authors.length ? authors : [{ name: 'Unknown' }];
  out.title = r.title;
  if (c.version !== 'all' && r.version) out.version = r.version;
  const doi = validDoi(c.doi);
  if (doi) out.doi = doi;
  const released = fullDate(r.publicationDate);
  if (released) out['date-released'] = released;
  if (c.url) out.url = c.url;
  const lic = spdxLicense(r.license?.id);
  if (lic) out.license = lic;
  const keywords = [...new Set(r.keywords.filter((k) => k.trim()))];
  if (keywords.length) out.keywords = keywords;
  return out;
}

/** A `references:` entry for the cited record. */
export function cffReference(c: Citable): Json {
  const r = c.record;
  const base = common(c);
  const out: Json = { type: cffReferenceType(r.resourceType.id), authors: base.authors, title: base.title };
  for (const k of ['version', 'doi', 'date-released', 'url', 'license', 'keywords'] as const) if (base[k] !== undefined) out[k] = base[k];
  const parts = dateParts(r.publicationDate);
  if (parts?.[0]) out.year = parts[0];
  if (parts?.[1]) out.month = parts[1];
  out.publisher = { name: r.publisher?.trim() ? r.publisher : 'Zenodo' };
  return out;
}

/** A whole CITATION.cff for the record (software, or dataset for datasets). */
export function cffFile(c: Citable): Json {
  const r = c.record;
  const base = common(c);
  const out: Json = {
    'cff-version': '1.2.0',
    message: r.resourceType.id === 'dataset' ? 'If you use this dataset, please cite it as below.' : 'If you use this software, please cite it as below.',
    type: r.resourceType.id === 'dataset' ? 'dataset' : 'software',
    ...base,
  };
  const ids: Json[] = [];
  if (c.version !== 'all' && validDoi(r.conceptDoi) && r.conceptDoi !== c.doi) {
    ids.push({ type: 'doi', value: r.conceptDoi, description: 'The concept DOI: all versions of this work (always resolves to the newest).' });
  }
  if (r.links.html) ids.push({ type: 'url', value: r.links.html, description: 'The record on the repository.' });
  if (ids.length) out.identifiers = ids;
  const abstract = r.descriptionText.trim();
  if (abstract) out.abstract = abstract.length > 2000 ? `${abstract.slice(0, 1999)}…` : abstract;
  return out;
}

export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

export interface CffUpsert {
  text: string;
  outcome: 'added' | 'updated' | 'created';
}

/**
 * Add the reference to a CITATION.cff text, or replace the entry that has the same DOI (or the same
 * title and URL). An empty text becomes a whole CITATION.cff for the record.
 */
export function upsertCffReference(text: string, c: Citable): CffUpsert {
  if (!text.trim()) return { text: toYaml(cffFile(c)), outcome: 'created' };
  const doc = parseDocument(text);
  if (doc.errors.length) throw new Error(`CITATION.cff is not valid YAML (${doc.errors[0].message.split('\n')[0]}); fix it first.`);
  if (!isMap(doc.contents)) throw new Error('CITATION.cff does not hold a YAML mapping; fix it first.');
  const ref = cffReference(c);
  const node = doc.createNode(ref);
  let refs = doc.get('references');
  if (!isSeq(refs)) {
    refs = new YAMLSeq();
    (doc.contents as YAMLMap).set('references', refs);
  }
  const seq = refs as YAMLSeq;
  const wantDoi = typeof ref.doi === 'string' ? ref.doi.toLowerCase() : undefined;
  const index = seq.items.findIndex((item) => {
    if (!isMap(item)) return false;
    const doi = item.get('doi');
    if (wantDoi && typeof doi === 'string') return doi.toLowerCase() === wantDoi;
    return item.get('title') === ref.title && item.get('url') === ref.url;
  });
  if (index >= 0) seq.items[index] = node;
  else seq.items.push(node);
  return { text: stringifyDoc(doc), outcome: index >= 0 ? 'updated' : 'added' };
}

function stringifyDoc(doc: Document): string {
  return doc.toString({ lineWidth: 0 });
}

/** The smallest single replacement turning `before` into `after` (one edit; the cursor stays put elsewhere). */
export function minimalChange(before: string, after: string): { start: number; end: number; text: string } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  return { start, end: endB, text: after.slice(start, endA) };
}
