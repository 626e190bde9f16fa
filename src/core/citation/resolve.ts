/**
 * Pure helpers of "Resolve Latest Version DOI": the text that replaces a reference (in the same
 * form the person wrote it: bare DOI, doi: prefix, resolver URL, record URL or record id), and the
 * short description of a version used in messages and hovers.
 */
import type { ZenodoRecord } from '../models';

/**
 * `original` rewritten to point at `latest`: the DOI it contains becomes the latest version's DOI,
 * or else the record id it contains becomes the latest id. Undefined when it contains neither.
 */
export function replacementFor(original: string, given: Pick<ZenodoRecord, 'id' | 'doi' | 'conceptId' | 'conceptDoi'> | undefined, latest: Pick<ZenodoRecord, 'id' | 'doi'>): string | undefined {
  const dois = [given?.doi, given?.conceptDoi].filter((d): d is string => !!d);
  for (const doi of dois) {
    const i = original.toLowerCase().indexOf(doi.toLowerCase());
    if (i >= 0 && latest.doi) return original.slice(0, i) + latest.doi + original.slice(i + doi.length);
    const enc = doi.replace('/', '%2F');
    const j = original.toLowerCase().indexOf(enc.toLowerCase());
    if (j >= 0 && latest.doi) return original.slice(0, j) + latest.doi.replace('/', '%2F') + original.slice(j + enc.length);
  }
  for (const id of [given?.id, given?.conceptId].filter((x): x is string => !!x)) {
    const m = new RegExp(`(^|\\D)${id}(?!\\d)`).exec(original);
    if (m) {
      const at = m.index + m[1].length;
      return original.slice(0, at) + latest.id + original.slice(at + id.length);
    }
  }
  return undefined;
}

/** "1.9.1, 2026-09-11" (what is known of a version). */
export function versionLabel(r: Pick<ZenodoRecord, 'version' | 'publicationDate' | 'id'>): string {
  const parts = [r.version ? r.version : undefined, r.publicationDate].filter(Boolean);
  return parts.length ? parts.join(', ') : `record ${r.id}`;
}
