/**
 * The two tree views of the sidebar (Search and Communities) over one base class that keeps the
 * tree's state: every paged list (search results, a community's records, a record's versions, a
 * record's files when the search hit lacked them) is loaded once per page and kept, so re-rendering
 * or re-expanding costs no request; "Load more" fetches the next page and refreshes only the list's
 * owner. Failures become rows in the view (error with retry, rate-limited with the wait, offline with
 * the last good rows and when they were fetched), never toasts. Caching of answers is the shared
 * scheduler's (through `services.zenodo.client()`); this class only keeps what the tree shows.
 */
import * as vscode from 'vscode';
import type { ZenodoClient } from '../core/client';
import { describeError, ZenodoError, RateLimitedError } from '../core/errors';
import type { Aggregation, AggregationBucket, Community, FileEntry, SearchResult, ZenodoRecord } from '../core/models';
import type { Services } from '../services';
import {
  communityRow, communityTooltip, CommunityScope, describeQuery, emptyQuery, facetBuckets, facetLabel, facetValue, fileRow,
  filesNeedFetch, isActive, loadMoreLabel, recordRow, recordTooltip, SearchQuery, searchParams, timeOfDay, toggleFilter,
  TooltipPart, Translate, windowEndLabel, COMMUNITY_FACETS, RECORD_FACETS, clearFilters as clearQueryFilters, withSort,
  withText, SearchSort,
} from './model';
import { contextValueOf, MessageTone, SidebarNode } from './nodes';

const t: Translate = (message, ...args) => vscode.l10n.t(message, ...args);

export const PAGE_SIZE = 20;
export const SIDEBAR_COMMANDS = {
  loadMore: 'zenodo.sidebar.loadMore',
  retry: 'zenodo.sidebar.retry',
  toggleFacet: 'zenodo.sidebar.toggleFacet',
} as const;

type Item = ZenodoRecord | Community | FileEntry;

interface ListState {
  key: string;
  /** The node whose children this list is (undefined: the root). */
  owner: SidebarNode | undefined;
  load: (page: number, client: ZenodoClient, signal: AbortSignal) => Promise<SearchResult<Item>>;
  toNode: (item: Item) => SidebarNode;
  nodes: SidebarNode[];
  seen: Set<string>;
  total: number;
  nextPage?: number;
  truncated: boolean;
  maxWindow: number;
  aggregations: Aggregation[];
  /** When the rows shown were fetched (epoch ms); 0: never. */
  fetchedAt: number;
  error?: unknown;
  moreError?: unknown;
  /** A refresh was asked for: fetch page 1 again, keep the rows until it succeeds. */
  stale: boolean;
  pending?: Promise<void>;
  controller?: AbortController;
}

export abstract class SidebarTree implements vscode.TreeDataProvider<SidebarNode>, vscode.Disposable {
  protected readonly changed = new vscode.EventEmitter<SidebarNode | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  protected readonly lists = new Map<string, ListState>();
  protected readonly disposables: vscode.Disposable[] = [];
  view?: vscode.TreeView<SidebarNode>;
  /** The view's description when no query is active: the repository and who is signed in (set by src/account). */
  private idle: string | undefined;
  get idleDescription(): string | undefined {
    return this.idle;
  }
  set idleDescription(text: string | undefined) {
    const showing = this.view && this.view.description === this.idle;
    this.idle = text;
    if (showing && this.view) this.view.description = text;
  }

  constructor(protected readonly services: Services, readonly viewId: string) {
    this.disposables.push(this.changed, services.zenodo.onDidChange(() => this.reset()));
  }

  dispose(): void {
    for (const l of this.lists.values()) l.controller?.abort();
    for (const d of this.disposables) d.dispose();
  }

  /** Forget every list (the repository or token changed) and render again. */
  reset(): void {
    for (const l of this.lists.values()) l.controller?.abort();
    this.lists.clear();
    this.changed.fire();
  }

  /** Fetch again what is shown, keeping the rows until the new answer arrives. */
  refresh(): void {
    for (const l of this.lists.values()) {
      l.stale = true;
      l.error = undefined;
      l.moreError = undefined;
    }
    this.changed.fire();
  }

  protected abstract rootChildren(): Promise<SidebarNode[]>;

  getParent(node: SidebarNode): SidebarNode | undefined {
    return node.parent;
  }

  async getChildren(node?: SidebarNode): Promise<SidebarNode[]> {
    if (!node) return this.rootChildren();
    switch (node.kind) {
      case 'record':
        return [
          ...(node.record.conceptId ? [{ kind: 'versions' as const, id: `${node.id}/versions`, parent: node, record: node.record, recordId: node.record.id }] : []),
          ...(await this.fileChildren(node)),
        ];
      case 'version':
        return this.fileChildren(node);
      case 'versions':
        return this.listChildren(this.ensureList(`${node.id}`, node, (page, client, signal) =>
          client.getRecordVersions(node.record.id, { page, size: Math.min(PAGE_SIZE, client.maxPageSize) }, { signal }),
        (item) => {
          const rec = item as ZenodoRecord;
          return { kind: 'version', id: `${node.id}/${rec.id}`, parent: node, record: rec, recordId: rec.id };
        }));
      case 'community': {
        const slug = node.slug;
        return this.listChildren(this.ensureList(node.id, node, (page, client, signal) =>
          client.searchCommunityRecords(slug, { page, size: Math.min(PAGE_SIZE, client.maxPageSize), sort: 'newest' }, { signal }),
        (item) => this.recordNode(item as ZenodoRecord, node)));
      }
      case 'refine':
        return this.refineChildren(node);
      case 'facet':
        return node.buckets.map((b) => this.facetValueNode(node.view, node.facet, facetValue(node.facet, b), b.label || b.key, b.count, b.children, node));
      case 'facetValue':
        return node.children.map((b) => this.facetValueNode(node.view, node.facet, `${node.value}::${b.key}`, b.label || b.key, b.count, [], node));
      default:
        return [];
    }
  }

  getTreeItem(n: SidebarNode): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    let item: vscode.TreeItem;
    switch (n.kind) {
      case 'record':
      case 'version': {
        const row = recordRow(n.record, t, { asVersion: n.kind === 'version' });
        item = new vscode.TreeItem(row.label, C.Collapsed);
        item.description = row.description;
        item.iconPath = new vscode.ThemeIcon(row.icon, n.kind === 'version' && n.record.isLatest ? new vscode.ThemeColor('charts.yellow') : undefined);
        item.tooltip = tooltip(recordTooltip(n.record, t));
        break;
      }
      case 'versions':
        item = new vscode.TreeItem(t('Versions'), C.Collapsed);
        item.iconPath = new vscode.ThemeIcon('versions');
        break;
      case 'file': {
        const row = fileRow(n.file);
        item = new vscode.TreeItem(row.label, C.None);
        item.description = row.description;
        item.iconPath = vscode.ThemeIcon.File;
        item.resourceUri = vscode.Uri.parse(`zenodo-file:/${encodeURIComponent(n.file.key)}`);
        item.tooltip = new vscode.MarkdownString().appendText(`${n.file.key}\n${row.description}${n.file.checksum ? `\n${n.file.checksum}` : ''}`);
        break;
      }
      case 'community': {
        const row = communityRow(n.community, t);
        item = new vscode.TreeItem(row.label, C.Collapsed);
        item.description = row.description;
        item.iconPath = new vscode.ThemeIcon(row.icon);
        item.tooltip = tooltip(communityTooltip(n.community, t));
        break;
      }
      case 'refine':
        item = new vscode.TreeItem(t('Refine'), C.Collapsed);
        item.description = n.active ? t('{0} active', n.active) : undefined;
        item.iconPath = new vscode.ThemeIcon('filter');
        break;
      case 'facet':
        item = new vscode.TreeItem(facetLabel(n.facet, t), C.Collapsed);
        item.iconPath = new vscode.ThemeIcon('list-filter');
        break;
      case 'facetValue':
        item = new vscode.TreeItem(n.label, n.children.length ? C.Collapsed : C.None);
        item.description = n.selected ? (n.count !== undefined ? t('{0} · selected', n.count.toLocaleString('en')) : t('selected')) : n.count?.toLocaleString('en');
        item.iconPath = new vscode.ThemeIcon(n.selected ? 'pass-filled' : 'circle-large-outline');
        item.command = { command: SIDEBAR_COMMANDS.toggleFacet, title: n.selected ? t('Remove filter') : t('Filter'), arguments: [n] };
        item.tooltip = n.selected ? t('Remove the filter {0}: {1}', facetLabel(n.facet, t), n.label) : t('Show only {0}: {1}', facetLabel(n.facet, t), n.label);
        break;
      case 'loadMore':
        item = new vscode.TreeItem(loadMoreLabel(n.shown, n.total, t), C.None);
        item.iconPath = new vscode.ThemeIcon('fold-down');
        item.command = { command: SIDEBAR_COMMANDS.loadMore, title: t('Load more'), arguments: [n] };
        break;
      case 'message': {
        item = new vscode.TreeItem(n.text, C.None);
        const icon = { info: 'info', empty: 'search-stop', error: 'error', 'rate-limited': 'watch', offline: 'cloud', window: 'info', cancelled: 'circle-slash' }[n.tone];
        item.iconPath = new vscode.ThemeIcon(icon, n.tone === 'error' ? new vscode.ThemeColor('errorForeground') : undefined);
        if (n.detail) item.tooltip = new vscode.MarkdownString().appendText(n.detail);
        if (n.retryListKey) {
          item.command = { command: SIDEBAR_COMMANDS.retry, title: t('Retry'), arguments: [n] };
          item.description = t('Retry');
        }
        break;
      }
    }
    item.id = n.id;
    item.contextValue = contextValueOf(n);
    return item;
  }

  // ---------------------------------------------------------------- lists

  protected ensureList(key: string, owner: SidebarNode | undefined, load: ListState['load'], toNode: ListState['toNode']): ListState {
    let l = this.lists.get(key);
    if (!l) {
      l = { key, owner, load, toNode, nodes: [], seen: new Set(), total: 0, truncated: false, maxWindow: 10_000, aggregations: [], fetchedAt: 0, stale: false };
      this.lists.set(key, l);
    }
    return l;
  }

  /** The list's rows, loading page 1 first when nothing (or only a stale copy) is there. */
  protected async listChildren(l: ListState, opts: { emptyText?: string } = {}): Promise<SidebarNode[]> {
    if ((l.fetchedAt === 0 && !l.error) || l.stale) await this.loadFirst(l);
    // A newer query replaced this list while it loaded: its rows no longer belong in the view.
    if (this.lists.get(l.key) !== l) return [];
    return this.rowsOf(l, opts);
  }

  protected rowsOf(l: ListState, opts: { emptyText?: string } = {}): SidebarNode[] {
    const owner = l.owner;
    const base = owner ? owner.id : l.key;
    const rows: SidebarNode[] = [];
    const msg = (tone: MessageTone, text: string, detail?: string, retry = false): SidebarNode =>
      ({ kind: 'message', id: `${base}/msg:${tone}`, parent: owner, tone, text, detail, retryListKey: retry ? l.key : undefined });
    if (l.error) {
      const e = l.error;
      const kind = e instanceof ZenodoError ? e.kind : undefined;
      if (kind === 'cancelled') return [];
      if (kind === 'rate-limited') {
        const secs = (e as RateLimitedError).retryAfterSeconds;
        rows.push(msg('rate-limited', secs !== undefined ? t('Rate limit reached: try again in {0} s', Math.ceil(secs)) : t('Rate limit reached: try again in a minute'), describeError(e), true));
      } else if ((kind === 'network' || kind === 'timeout') && l.fetchedAt > 0) {
        rows.push(msg('offline', t('Offline: showing results fetched at {0}', timeOfDay(l.fetchedAt)), this.services.redact(describeError(e)), true));
      } else {
        rows.push(msg('error', this.services.redact(describeError(e)), undefined, true));
      }
      if (l.fetchedAt === 0) return rows;
    }
    rows.push(...l.nodes);
    if (l.nodes.length === 0 && !l.error) rows.push(msg('empty', opts.emptyText ?? t('No results')));
    if (l.moreError) {
      rows.push({ kind: 'message', id: `${base}/more-error`, parent: owner, tone: 'error', text: t('Could not load more: {0}', this.services.redact(describeError(l.moreError))), retryListKey: l.key });
    } else if (l.nextPage !== undefined) {
      rows.push({ kind: 'loadMore', id: `${base}/more`, parent: owner, listKey: l.key, shown: l.nodes.length, total: l.total });
    } else if (l.truncated && l.nodes.length < l.total) {
      rows.push(msg('window', windowEndLabel(l.nodes.length, l.total, l.maxWindow, t)));
    }
    return rows;
  }

  private loadFirst(l: ListState): Promise<void> {
    if (l.pending) return l.pending;
    l.controller?.abort();
    const controller = new AbortController();
    l.controller = controller;
    const run = (async () => {
      try {
        const client = await this.services.zenodo.client();
        const res = await l.load(1, client, controller.signal);
        if (controller.signal.aborted) return;
        l.nodes = [];
        l.seen = new Set();
        this.append(l, res);
        l.maxWindow = client.profile.maxResultWindow;
        l.aggregations = res.aggregations;
        l.fetchedAt = Date.now();
        l.error = undefined;
        l.moreError = undefined;
      } catch (e) {
        if (controller.signal.aborted) return;
        l.error = e;
        this.services.log.warn(`[sidebar] ${l.key}: ${this.services.redact(describeError(e))}`);
      } finally {
        l.stale = false;
        if (l.controller === controller) l.controller = undefined;
        l.pending = undefined;
      }
    })();
    l.pending = run;
    return this.withViewProgress(run);
  }

  private append(l: ListState, res: SearchResult<Item>): void {
    for (const item of res.hits) {
      const node = l.toNode(item);
      if (l.seen.has(node.id)) continue; // results shifted between pages
      l.seen.add(node.id);
      l.nodes.push(node);
    }
    l.total = res.total;
    l.nextPage = res.nextPage;
    l.truncated = res.truncated;
  }

  /** Follow the list's next page, append it and refresh only the list's owner. */
  async loadMore(listKey: string): Promise<void> {
    const l = this.lists.get(listKey);
    if (!l || l.nextPage === undefined || l.pending) {
      await l?.pending;
      return;
    }
    const page = l.nextPage;
    const controller = new AbortController();
    l.controller = controller;
    const run = (async () => {
      try {
        const client = await this.services.zenodo.client();
        const res = await l.load(page, client, controller.signal);
        if (controller.signal.aborted) return;
        this.append(l, res);
        l.moreError = undefined;
      } catch (e) {
        if (!controller.signal.aborted) l.moreError = e;
      } finally {
        if (l.controller === controller) l.controller = undefined;
        l.pending = undefined;
      }
    })();
    l.pending = run;
    await this.withViewProgress(run);
    this.changed.fire(l.owner);
  }

  /** Retry a failed list (page 1, or the page "Load more" failed on). */
  async retry(listKey: string): Promise<void> {
    const l = this.lists.get(listKey);
    if (!l) return;
    if (l.moreError && !l.error) {
      l.moreError = undefined;
      await this.loadMore(listKey);
      return;
    }
    l.stale = true;
    l.error = undefined;
    this.changed.fire(l.owner);
  }

  list(key: string): ListState | undefined {
    return this.lists.get(key);
  }

  private withViewProgress<T>(p: Promise<T>): Promise<T> {
    void vscode.window.withProgress({ location: { viewId: this.viewId } }, () => p.catch(() => undefined));
    return p;
  }

  // ---------------------------------------------------------------- node builders

  protected recordNode(rec: ZenodoRecord, parent: SidebarNode | undefined): SidebarNode {
    return { kind: 'record', id: `${parent ? parent.id : this.viewId}/${rec.id}`, parent, record: rec, recordId: rec.id };
  }

  private async fileChildren(node: SidebarNode & { kind: 'record' | 'version' }): Promise<SidebarNode[]> {
    const rec = node.record;
    const toNode = (f: FileEntry): SidebarNode => ({ kind: 'file', id: `${node.id}/file:${f.key}`, parent: node, record: rec, recordId: rec.id, file: f });
    if (rec.files.length) return rec.files.map(toNode);
    if (filesNeedFetch(rec)) {
      // The search hit did not carry the file list: one request for it, kept with the node.
      const l = this.ensureList(`${node.id}/files`, node, async (_page, client, signal) => {
        const files = await client.getRecordFiles(rec.id, { signal });
        return { total: files.length, hits: files, aggregations: [], page: 1, size: files.length, links: {}, truncated: false };
      }, (item) => toNode(item as FileEntry));
      return this.listChildren(l, { emptyText: t('No files') });
    }
    const text = rec.accessStatus === 'metadata-only' ? t('Metadata only: this record has no files')
      : rec.accessStatus === 'restricted' || rec.accessStatus === 'embargoed'
        ? (rec.accessStatus === 'embargoed' && rec.embargoUntil ? t('Files embargoed until {0}', rec.embargoUntil) : t('Files are restricted'))
        : t('No files');
    return [{ kind: 'message', id: `${node.id}/msg:files`, parent: node, tone: 'info', text }];
  }

  protected facetValueNode(view: 'search' | 'communities', facet: string, value: string, label: string, count: number | undefined, children: AggregationBucket[], parent: SidebarNode | undefined): SidebarNode {
    return { kind: 'facetValue', id: `${parent ? parent.id : this.viewId}/${facet}=${value}`, parent, view, facet, value, label, count, selected: this.isSelected(facet, value), children };
  }

  protected abstract isSelected(facet: string, value: string): boolean;
  protected abstract refineChildren(node: SidebarNode & { kind: 'refine' }): SidebarNode[];
  abstract toggleFacet(facet: string, value: string): void;
}

function tooltip(parts: TooltipPart[]): vscode.MarkdownString {
  // Untrusted (no command links), and every value escaped: record text is the repository's, not ours.
  const md = new vscode.MarkdownString('', false);
  md.isTrusted = false;
  md.supportHtml = false;
  for (const p of parts) {
    if (p.kind === 'heading') {
      md.appendMarkdown('**');
      md.appendText(p.text);
      md.appendMarkdown('**\n\n');
    } else if (p.kind === 'field') {
      md.appendText(`${p.label}: `);
      md.appendText(p.text);
      md.appendMarkdown('  \n');
    } else {
      md.appendMarkdown('\n');
      md.appendText(p.text);
      md.appendMarkdown('\n');
    }
  }
  return md;
}

// ---------------------------------------------------------------- Search view

export class SearchTree extends SidebarTree {
  private queryState: SearchQuery = emptyQuery();
  private generation = 0;
  private readonly queryChanged = new vscode.EventEmitter<SearchQuery>();
  readonly onDidChangeQuery = this.queryChanged.event;

  constructor(services: Services) {
    super(services, 'zenodo.search');
    this.disposables.push(this.queryChanged);
  }

  get query(): SearchQuery {
    return this.queryState;
  }

  /** Show a new query: the old one's request is cancelled, its rows dropped. */
  setQuery(q: SearchQuery): void {
    const old = this.lists.get(this.rootKey());
    old?.controller?.abort();
    if (old) this.lists.delete(old.key);
    this.queryState = q;
    this.generation++;
    this.queryChanged.fire(q);
    void vscode.commands.executeCommand('setContext', 'zenodo.search.active', isActive(q));
    void vscode.commands.executeCommand('setContext', 'zenodo.search.hasFilters', Object.keys(q.filters).length > 0);
    if (this.view) this.view.description = isActive(q) ? describeQuery(q, t) : this.idleDescription;
    this.changed.fire();
  }

  search(text: string, community?: CommunityScope): void {
    this.setQuery(withText(this.queryState, text, community));
  }

  setSort(sort: SearchSort): void {
    this.setQuery(withSort(this.queryState, sort));
  }

  clearFilters(): void {
    this.setQuery(clearQueryFilters(this.queryState));
  }

  toggleFacet(facet: string, value: string): void {
    this.setQuery(toggleFilter(this.queryState, facet, value));
  }

  rootKey(): string {
    return `search#${this.generation}`;
  }

  /** The root list for the current query (created on first use). */
  rootList(): ListState {
    const q = this.queryState;
    return this.ensureList(this.rootKey(), undefined, (page, client, signal) => {
      const params = searchParams(q, page, Math.min(PAGE_SIZE, client.maxPageSize));
      return q.community ? client.searchCommunityRecords(q.community.slug, params, { signal }) : client.searchRecords(params, { signal });
    }, (item) => this.recordNode(item as ZenodoRecord, undefined));
  }

  protected async rootChildren(): Promise<SidebarNode[]> {
    if (!isActive(this.queryState)) return []; // the view's welcome content shows instead
    const l = this.rootList();
    const rows = await this.listChildren(l, { emptyText: t('No records match this search') });
    if (this.lists.get(l.key) !== l) return [];
    const head: SidebarNode[] = [];
    for (const [facet, value] of Object.entries(this.queryState.filters)) {
      head.push({ kind: 'facetValue', id: `${l.key}/active:${facet}=${value}`, view: 'search', facet, value, label: `${facetLabel(facet, t)}: ${activeLabel(l.aggregations, facet, value)}`, selected: true, children: [] });
    }
    if (l.aggregations.some((a) => (RECORD_FACETS as readonly string[]).includes(a.name) && a.buckets.length)) {
      head.push({ kind: 'refine', id: `${l.key}/refine`, view: 'search', active: Object.keys(this.queryState.filters).length });
    }
    return withHead(head, rows);
  }

  protected refineChildren(node: SidebarNode & { kind: 'refine' }): SidebarNode[] {
    const l = this.lists.get(this.rootKey());
    if (!l) return [];
    return RECORD_FACETS.map((name) => l.aggregations.find((a) => a.name === name)).filter((a): a is Aggregation => !!a && a.buckets.length > 0)
      .map((a) => ({ kind: 'facet', id: `${node.id}/${a.name}`, parent: node, view: 'search', facet: a.name, buckets: facetBuckets(a) }));
  }

  protected isSelected(facet: string, value: string): boolean {
    return this.queryState.filters[facet] === value;
  }
}

/** Filters and "Refine" go above the results, but below a status row (error, offline, rate limit). */
function withHead(head: SidebarNode[], rows: SidebarNode[]): SidebarNode[] {
  const first = rows[0];
  const status = first?.kind === 'message' && (first.tone === 'error' || first.tone === 'offline' || first.tone === 'rate-limited');
  return status ? [first, ...head, ...rows.slice(1)] : [...head, ...rows];
}

function activeLabel(aggs: Aggregation[], facet: string, value: string): string {
  const a = aggs.find((x) => x.name === facet);
  const [top, inner] = value.split('::');
  const b = a?.buckets.find((x) => x.key === top || `${x.key}..${x.key}` === value);
  if (inner) return b?.children.find((c) => c.key === inner)?.label ?? inner;
  return b?.label ?? value.replace(/^(\d{4})\.\.\1$/, '$1');
}

// ---------------------------------------------------------------- Communities view

export interface CommunitiesQuery { q: string; filters: Readonly<Record<string, string>> }

export class CommunitiesTree extends SidebarTree {
  private queryState: CommunitiesQuery = { q: '', filters: {} };
  private generation = 0;

  constructor(services: Services) {
    super(services, 'zenodo.communities');
  }

  get query(): CommunitiesQuery {
    return this.queryState;
  }

  setQuery(q: CommunitiesQuery): void {
    const old = this.lists.get(this.rootKey());
    old?.controller?.abort();
    if (old) this.lists.delete(old.key);
    this.queryState = q;
    this.generation++;
    void vscode.commands.executeCommand('setContext', 'zenodo.communities.hasFilters', Object.keys(q.filters).length > 0 || !!q.q);
    if (this.view) this.view.description = q.q ? `“${q.q}”` : this.idleDescription;
    this.changed.fire();
  }

  search(text: string): void {
    this.setQuery({ q: text.trim(), filters: {} });
  }

  clearFilters(): void {
    this.setQuery({ q: '', filters: {} });
  }

  toggleFacet(facet: string, value: string): void {
    const filters = { ...this.queryState.filters };
    if (filters[facet] === value) delete filters[facet];
    else filters[facet] = value;
    this.setQuery({ ...this.queryState, filters });
  }

  rootKey(): string {
    return `communities#${this.generation}`;
  }

  rootList(): ListState {
    const q = this.queryState;
    return this.ensureList(this.rootKey(), undefined, (page, client, signal) =>
      client.listCommunities({ q: q.q || undefined, page, size: Math.min(PAGE_SIZE, client.maxPageSize), ...q.filters }, { signal }),
    (item) => {
      const c = item as Community;
      return { kind: 'community', id: `${this.rootKey()}/c:${c.id}`, community: c, slug: c.slug };
    });
  }

  protected async rootChildren(): Promise<SidebarNode[]> {
    const l = this.rootList();
    const rows = await this.listChildren(l, { emptyText: t('No communities match') });
    if (this.lists.get(l.key) !== l) return [];
    const head: SidebarNode[] = [];
    for (const [facet, value] of Object.entries(this.queryState.filters)) {
      const label = l.aggregations.find((a) => a.name === facet)?.buckets.find((b) => b.key === value)?.label ?? value;
      head.push({ kind: 'facetValue', id: `${l.key}/active:${facet}=${value}`, view: 'communities', facet, value, label: `${facetLabel(facet, t)}: ${label}`, selected: true, children: [] });
    }
    if (l.aggregations.some((a) => (COMMUNITY_FACETS as readonly string[]).includes(a.name) && a.buckets.length)) {
      head.push({ kind: 'refine', id: `${l.key}/refine`, view: 'communities', active: Object.keys(this.queryState.filters).length });
    }
    return withHead(head, rows);
  }

  protected refineChildren(node: SidebarNode & { kind: 'refine' }): SidebarNode[] {
    const l = this.lists.get(this.rootKey());
    if (!l) return [];
    return COMMUNITY_FACETS.map((name) => l.aggregations.find((a) => a.name === name)).filter((a): a is Aggregation => !!a && a.buckets.length > 0)
      .map((a) => ({ kind: 'facet', id: `${node.id}/${a.name}`, parent: node, view: 'communities', facet: a.name, buckets: facetBuckets(a) }));
  }

  protected isSelected(facet: string, value: string): boolean {
    return this.queryState.filters[facet] === value;
  }
}
