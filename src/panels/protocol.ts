/**
 * The one message protocol of the record and statistics panels, declared once and imported by
 * both sides: the extension (src/panels/) and the webview bundle (src/webview/). Plain data only
 * (it crosses `postMessage`); no `vscode` import, no DOM types.
 *
 * Every string in a view model is plain text except `RecordView.descriptionHtml`, which the
 * extension has sanitised (src/panels/sanitize.ts) before it is sent. The webview writes all other
 * fields with `textContent`, never as HTML.
 */

export const RECORD_VIEW_TYPE = 'zenodo.record';
export const STATS_VIEW_TYPE = 'zenodo.stats';

export type PanelKind = 'record' | 'stats';

/** What a panel keeps across a reload: the record reference and nothing else. */
export interface PanelState {
  recordId: string;
}

// ------------------------------------------------------------------ view models

export type AccessStatusView = 'open' | 'embargoed' | 'restricted' | 'metadata-only';

export interface LinkView {
  text: string;
  url: string;
}

export interface AffiliationView {
  name: string;
  /** https://ror.org/<id> when the affiliation carries a ROR id. */
  rorUrl?: string;
}

export interface PersonView {
  name: string;
  /** https://orcid.org/<id> */
  orcidUrl?: string;
  orcid?: string;
  affiliations: AffiliationView[];
  role?: string;
  organizational: boolean;
}

export interface FileView {
  key: string;
  size: number;
  sizeText: string;
  mimetype: string;
  /** e.g. "md5:7008…" */
  checksum: string;
  url: string;
}

export interface VersionView {
  id: string;
  /** The version label ("1.9.1"), else the publication date. */
  label: string;
  publicationDate?: string;
  index?: number;
  isLatest: boolean;
  isCurrent: boolean;
}

export interface CitationStyle {
  id: string;
  label: string;
}

export interface CitationView {
  styles: CitationStyle[];
  style: string;
  text: string;
}

export interface RecordView {
  id: string;
  title: string;
  /** The record's page on the repository. */
  url: string;
  resourceType: string;
  publicationDate?: string;
  version?: string;
  /** True when this is the latest version of its concept. */
  isLatest: boolean;
  /** The latest version when this is not it (one look-up). */
  latest?: { id: string; label: string };
  doi?: string;
  doiUrl?: string;
  conceptDoi?: string;
  conceptDoiUrl?: string;
  access: { status: AccessStatusView; embargoUntil?: string };
  license?: { title: string; url?: string };
  creators: PersonView[];
  contributors: PersonView[];
  keywords: string[];
  languages: string[];
  publisher?: string;
  communities: LinkView[];
  related: { identifier: string; url?: string; relation: string; scheme?: string; resourceType?: string }[];
  funding: { funder: string; award?: string; awardTitle?: string }[];
  /** The description, sanitised on the extension side. */
  descriptionHtml: string;
  files: FileView[];
  filesCount: number;
  filesTotalText: string;
  /** Why no files are listed (the page says it in words). */
  filesNote?: 'restricted' | 'embargoed' | 'metadata-only' | 'none' | 'truncated';
  versions: VersionView[];
  versionsTotal: number;
  /** The next page of the versions list, when there is one. */
  versionsNextPage?: number;
  citation: CitationView;
  /** Statistics as embedded in the record (summary line; the stats panel has the detail). */
  stats?: { views: number; downloads: number };
}

export interface Figures {
  views: number;
  uniqueViews: number;
  downloads: number;
  uniqueDownloads: number;
  /** Bytes downloaded, where the repository reports it. */
  dataVolume?: number;
}

export interface VersionFigures extends Figures {
  id: string;
  label: string;
  publicationDate?: string;
  isCurrent: boolean;
}

export interface StatsView {
  id: string;
  title: string;
  version?: string;
  url: string;
  thisVersion: Figures;
  allVersions: Figures;
  /** Every version's own figures, oldest first. */
  versions: VersionFigures[];
  /** Versions the repository reports (may exceed `versions.length` past its paging window). */
  versionsTotal: number;
  /** ISO time the figures were fetched. */
  fetchedAt: string;
  /** Requests it took to fetch every version's figures. */
  versionRequests: number;
}

/** Strings of the page, localised by the extension (`vscode.l10n.t`) and sent with the first view. */
export type Labels = Record<LabelKey, string>;

export type LabelKey =
  | 'loading' | 'retry' | 'error' | 'copy' | 'copied' | 'copyDoi' | 'copyConceptDoi' | 'openOnRepository' | 'statistics'
  | 'creators' | 'contributors' | 'published' | 'version' | 'latest' | 'notLatest' | 'openLatest' | 'doi' | 'conceptDoi'
  | 'resourceType' | 'access' | 'embargoUntil' | 'license' | 'keywords' | 'languages' | 'publisher' | 'communities'
  | 'related' | 'funding' | 'description' | 'files' | 'fileName' | 'fileSize' | 'fileType' | 'checksum' | 'download'
  | 'noFiles' | 'versions' | 'showMoreVersions' | 'current' | 'citation' | 'style' | 'insertCitation' | 'copyCitation'
  | 'views' | 'uniqueViews' | 'downloads' | 'uniqueDownloads' | 'dataVolume' | 'thisVersion' | 'allVersions'
  | 'uniqueExplained' | 'fetchedAt' | 'reindexNote' | 'chartTitle' | 'chartEmpty' | 'versionsShown' | 'refresh'
  | 'openRecord' | 'orcid' | 'ror' | 'accessOpen' | 'accessEmbargoed' | 'accessRestricted' | 'accessMetadataOnly'
  | 'filesRestricted' | 'filesEmbargoed' | 'filesMetadataOnly' | 'filesNone' | 'filesTruncated' | 'isLatest' | 'versionOf'
  | 'notSet';

// ------------------------------------------------------------------ messages

/** Extension → webview. */
export type HostMessage =
  | { type: 'loading'; labels: Labels; recordId: string }
  | { type: 'record'; labels: Labels; view: RecordView }
  | { type: 'stats'; labels: Labels; view: StatsView }
  | { type: 'error'; labels: Labels; message: string; recordId: string }
  | { type: 'citation'; citation: CitationView }
  | { type: 'moreVersions'; versions: VersionView[]; nextPage?: number }
  | { type: 'copied'; what: string }
  /** Keep this state for a reload (`acquireVsCodeApi().setState`), then answer `persisted`. */
  | { type: 'persist'; state: PanelState };

/** Webview → extension. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'openLink'; url: string }
  | { type: 'copy'; text: string; what: string }
  | { type: 'openRecord'; recordId: string }
  | { type: 'showStatistics'; recordId: string }
  | { type: 'citationStyle'; style: string }
  | { type: 'insertCitation'; style: string }
  | { type: 'loadMoreVersions'; page: number }
  /** What `getState()` returned after a `persist` (the extension keeps it for tests and logs). */
  | { type: 'persisted'; state: unknown };

const WEBVIEW_TYPES: ReadonlySet<string> = new Set<WebviewMessage['type']>([
  'ready', 'refresh', 'openLink', 'copy', 'openRecord', 'showStatistics', 'citationStyle', 'insertCitation', 'loadMoreVersions', 'persisted',
]);

/** Narrow an untrusted message from the page (the page renders third-party content). */
export function parseWebviewMessage(m: unknown): WebviewMessage | undefined {
  if (!m || typeof m !== 'object') return undefined;
  const o = m as Record<string, unknown>;
  if (typeof o.type !== 'string' || !WEBVIEW_TYPES.has(o.type)) return undefined;
  const s = (k: string, max = 4096) => typeof o[k] === 'string' && (o[k] as string).length <= max;
  switch (o.type as WebviewMessage['type']) {
    case 'openLink': return s('url') ? { type: 'openLink', url: o.url as string } : undefined;
    case 'copy': return s('text', 100_000) && s('what', 100) ? { type: 'copy', text: o.text as string, what: o.what as string } : undefined;
    case 'openRecord':
    case 'showStatistics':
      return s('recordId', 64) && /^\d+$/.test(o.recordId as string) ? { type: o.type as 'openRecord', recordId: o.recordId as string } : undefined;
    case 'citationStyle':
    case 'insertCitation':
      return s('style', 100) ? { type: o.type as 'citationStyle', style: o.style as string } : undefined;
    case 'loadMoreVersions':
      return typeof o.page === 'number' && Number.isInteger(o.page) && o.page > 1 ? { type: 'loadMoreVersions', page: o.page } : undefined;
    case 'persisted': return { type: 'persisted', state: o.state };
    default: return { type: o.type as 'ready' | 'refresh' };
  }
}

/** The state to restore a panel from, or undefined when it is not ours. */
export function parsePanelState(state: unknown): PanelState | undefined {
  if (!state || typeof state !== 'object') return undefined;
  const id = (state as { recordId?: unknown }).recordId;
  return typeof id === 'string' && /^\d{1,20}$/.test(id) ? { recordId: id } : undefined;
}

/** Only these schemes leave the panel (through the extension, never the page itself). */
export function isOpenableUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' || u.protocol === 'mailto:';
  } catch {
    return false;
  }
}
