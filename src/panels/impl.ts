/**
 * The record and statistics panels (the heavy part: sanitiser, view models, webview plumbing).
 * Built into its own bundle (dist/panels.js) and loaded on first use by src/panels/index.ts, so
 * none of it is in the activation bundle.
 *
 * One panel per record and kind: opening a record that already has a panel reveals it. A panel
 * keeps only `{ recordId }` as webview state; the serializer refetches everything on revive.
 */
import * as vscode from 'vscode';
import type { ZenodoClient } from '../core/client';
import { describeError } from '../core/errors';
import type { ZenodoRecord } from '../core/models';
import { CommandId } from '../commandIds';
import type { Services } from '../services';
import { engineCitationFormatter, insertOptions } from './citations';
import { labels, relationText } from './labels';
import { pageHtml } from './page';
import {
  HostMessage, PanelKind, PanelState, RECORD_VIEW_TYPE, STATS_VIEW_TYPE, isOpenableUrl, parsePanelState, parseWebviewMessage, WebviewMessage,
} from './protocol';
import {
  CitationFormatter, buildRecordView, buildStatsView, citationView, versionViews,
} from './viewModel';

/** Versions endpoint pages fetched for the statistics chart at most (guests: 25 a page). */
const MAX_VERSION_PAGES = 40;

export interface PanelSnapshot {
  kind: PanelKind;
  recordId: string;
  /** What the page reported `getState()` to hold after the last `persist`. */
  persisted: unknown;
  loaded: boolean;
  /** The message the panel shows when loading failed. */
  error?: string;
  title: string;
}

class Panel implements vscode.Disposable {
  private disposables: vscode.Disposable[] = [];
  private last: HostMessage | undefined;
  private abort: AbortController | undefined;
  record: ZenodoRecord | undefined;
  persisted: unknown;
  loaded = false;
  error: string | undefined;
  private citationStyle: string | undefined;
  private disposed = false;

  constructor(
    readonly kind: PanelKind,
    public recordId: string,
    readonly panel: vscode.WebviewPanel,
    private readonly manager: PanelManager,
  ) {
    const webview = panel.webview;
    webview.options = manager.webviewOptions();
    webview.html = manager.html(kind, webview);
    this.disposables.push(
      webview.onDidReceiveMessage((m) => void this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** The reference the user gave may differ from the record id (a DOI, a concept id). */
  async load(ref: string = this.recordId): Promise<void> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.loaded = false;
    this.error = undefined;
    this.post({ type: 'loading', labels: labels(), recordId: this.recordId });
    try {
      const client = await this.manager.services.zenodo.client();
      const record = await client.getRecord(ref, { signal: abort.signal });
      if (abort.signal.aborted || this.disposed) return;
      if (record.id !== this.recordId && !this.manager.rekey(this, record.id)) return;
      this.record = record;
      this.panel.title = panelTitle(this.kind, record);
      this.post({ type: 'persist', state: { recordId: record.id } });
      const message = this.kind === 'record' ? await this.recordMessage(client, record, abort.signal) : await this.statsMessage(client, record, abort.signal);
      if (abort.signal.aborted || this.disposed) return;
      this.loaded = true;
      this.post(message);
    } catch (e) {
      if (abort.signal.aborted || this.disposed) return;
      const message = this.manager.services.redact(describeError(e));
      this.error = message;
      this.manager.services.log.warn(`[panels] ${this.kind} ${this.recordId}: ${message}`);
      this.post({ type: 'error', labels: labels(), message, recordId: this.recordId });
    }
  }

  private async recordMessage(client: ZenodoClient, record: ZenodoRecord, signal: AbortSignal): Promise<HostMessage> {
    const [versions, citation] = await Promise.all([
      versionsPage(client, record.id, 1, signal).catch((e) => {
        this.manager.services.log.warn(`[panels] versions of ${record.id}: ${describeError(e)}`);
        return undefined;
      }),
      // The style last picked in this panel, else the one set for citations (zenodo.citation.style).
      citationView(record, this.manager.citations(), this.citationStyle ?? vscode.workspace.getConfiguration('zenodo.citation').get<string>('style')),
    ]);
    let latest = versions?.hits.find((h) => h.isLatest);
    if (!record.isLatest && !latest) {
      // One look-up when the first page of versions did not name the latest.
      latest = await client.getLatestRecordVersion(record.id, { signal }).catch(() => undefined);
    }
    const view = buildRecordView({
      record,
      versions: versions ? { hits: versions.hits, total: versions.total, nextPage: versions.nextPage } : undefined,
      latest,
      citation,
      baseUrl: client.baseUrl,
    });
    view.related = view.related.map((x) => ({ ...x, relation: relationText(x.relation) }));
    return { type: 'record', labels: labels(), view };
  }

  private async statsMessage(client: ZenodoClient, record: ZenodoRecord, signal: AbortSignal): Promise<HostMessage> {
    const all: ZenodoRecord[] = [];
    let total = 0;
    let requests = 0;
    let page: number | undefined = 1;
    while (page !== undefined && requests < MAX_VERSION_PAGES) {
      const res = await versionsPage(client, record.id, page, signal);
      requests++;
      all.push(...res.hits);
      total = res.total;
      page = res.hits.length ? res.nextPage : undefined;
    }
    const view = buildStatsView({ record, versions: all, versionsTotal: total, versionRequests: requests, fetchedAt: new Date().toISOString() });
    return { type: 'stats', labels: labels(), view };
  }

  private async onMessage(raw: unknown): Promise<void> {
    const m = parseWebviewMessage(raw);
    if (!m) {
      this.manager.services.log.warn(`[panels] ignored a message the page should not send`);
      return;
    }
    try {
      await this.handle(m);
    } catch (e) {
      const message = this.manager.services.redact(describeError(e));
      this.manager.services.log.error(`[panels] ${m.type}: ${message}`);
      void vscode.window.showErrorMessage(message);
    }
  }

  private async handle(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        // The page (re)loaded (first show, or shown again after being hidden): give it the state.
        if (this.record) this.post({ type: 'persist', state: { recordId: this.record.id } });
        if (this.last) this.post(this.last);
        return;
      case 'refresh':
        return this.load();
      case 'persisted':
        this.persisted = m.state;
        return;
      case 'openLink':
        if (!isOpenableUrl(m.url)) {
          this.manager.services.log.warn(`[panels] refused to open a link that is not http, https or mailto`);
          return;
        }
        await vscode.env.openExternal(vscode.Uri.parse(m.url, true));
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(m.text);
        this.panel.webview.postMessage({ type: 'copied', what: m.what } satisfies HostMessage);
        vscode.window.setStatusBarMessage(vscode.l10n.t('Copied to the clipboard'), 2500);
        return;
      case 'openRecord':
        return this.manager.open('record', m.recordId);
      case 'showStatistics':
        return this.manager.open('stats', m.recordId);
      case 'citationStyle': {
        if (!this.record) return;
        this.citationStyle = m.style;
        const citation = await citationView(this.record, this.manager.citations(), m.style);
        if (this.last?.type === 'record') this.last = { ...this.last, view: { ...this.last.view, citation } };
        this.panel.webview.postMessage({ type: 'citation', citation } satisfies HostMessage);
        return;
      }
      case 'insertCitation':
        if (!this.record) return;
        return this.manager.insertCitation(this.record, m.style);
      case 'loadMoreVersions': {
        if (!this.record) return;
        const client = await this.manager.services.zenodo.client();
        const res = await versionsPage(client, this.record.id, m.page);
        const more = versionViews(res.hits, this.record.id);
        if (this.last?.type === 'record') {
          this.last = { ...this.last, view: { ...this.last.view, versions: this.last.view.versions.concat(more), versionsNextPage: res.nextPage } };
        }
        this.panel.webview.postMessage({ type: 'moreVersions', versions: more, nextPage: res.nextPage } satisfies HostMessage);
        return;
      }
    }
  }

  private post(message: HostMessage): void {
    if (this.disposed) return;
    if (message.type === 'loading' || message.type === 'record' || message.type === 'stats' || message.type === 'error') this.last = message;
    void this.panel.webview.postMessage(message);
  }

  snapshot(): PanelSnapshot {
    return { kind: this.kind, recordId: this.recordId, persisted: this.persisted, loaded: this.loaded, error: this.error, title: this.panel.title };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort?.abort();
    this.manager.forget(this);
    for (const d of this.disposables) d.dispose();
    this.disposables = [];
    this.panel.dispose();
  }
}

function versionsPage(client: ZenodoClient, recordId: string, page: number, signal?: AbortSignal) {
  // Same parameters everywhere, so the record and statistics panels share cached pages.
  return client.getRecordVersions(recordId, { page, size: client.maxPageSize, sort: 'version' }, { signal });
}

function panelTitle(kind: PanelKind, r: ZenodoRecord): string {
  const title = r.title.replace(/\s+/g, ' ').trim();
  const short = title.length > 48 ? `${title.slice(0, 47)}…` : title;
  return kind === 'record' ? short : vscode.l10n.t('Statistics: {0}', short);
}

export class PanelManager implements vscode.Disposable {
  private readonly panels = new Map<string, Panel>();
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly disposables: vscode.Disposable[] = [];
  private formatter: CitationFormatter;

  constructor(readonly services: Services) {
    this.formatter = engineCitationFormatter(services);
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e) this.lastEditor = e;
      }),
      services.zenodo.onDidChange(() => {
        for (const p of this.panels.values()) void p.load();
      }),
    );
  }

  citations(): CitationFormatter {
    return this.formatter;
  }

  private key(kind: PanelKind, recordId: string): string {
    return `${kind}:${recordId}`;
  }

  private get webviewRoot(): vscode.Uri {
    return vscode.Uri.joinPath(this.services.context.extensionUri, 'dist', 'webview');
  }

  webviewOptions(): vscode.WebviewOptions {
    return { enableScripts: true, enableCommandUris: false, localResourceRoots: [this.webviewRoot] };
  }

  html(kind: PanelKind, webview: vscode.Webview): string {
    const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.webviewRoot, ...p)).toString();
    return pageHtml(kind, {
      cspSource: webview.cspSource,
      scriptUri: asset('panel.js'),
      styleUri: asset('panel.css'),
      codiconsUri: asset('codicons', 'codicon.css'),
    }, vscode.env.language);
  }

  /** Open (or reveal) the panel of a record; `ref` is any reference form. */
  async open(kind: PanelKind, ref: string): Promise<void> {
    const client = await this.services.zenodo.client();
    const id = client.parse(ref).id;
    if (id) {
      const existing = this.panels.get(this.key(kind, id));
      if (existing) {
        existing.panel.reveal();
        // Opening again after a failure (network, server error) is how a person retries.
        if (existing.error) await existing.load();
        return;
      }
    }
    const panel = vscode.window.createWebviewPanel(kind === 'record' ? RECORD_VIEW_TYPE : STATS_VIEW_TYPE, vscode.l10n.t('Zenodo record'),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, { ...this.webviewOptions(), enableFindWidget: true });
    panel.iconPath = vscode.Uri.joinPath(this.services.context.extensionUri, 'media', 'zenodo.svg');
    // A DOI that does not carry the id gets a temporary key until the record says its id.
    const p = new Panel(kind, id ?? `?${ref}`, panel, this);
    this.panels.set(this.key(kind, p.recordId), p);
    await p.load(ref);
  }

  /** The serializer's entry: rebuild a panel from its saved state and refetch. */
  async revive(kind: PanelKind, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const s: PanelState | undefined = parsePanelState(state);
    if (!s || this.panels.has(this.key(kind, s.recordId))) {
      panel.dispose();
      return;
    }
    const p = new Panel(kind, s.recordId, panel, this);
    this.panels.set(this.key(kind, s.recordId), p);
    await p.load();
  }

  /** A panel learned its record's id: keep one panel per record. Returns false when it closed itself. */
  rekey(p: Panel, recordId: string): boolean {
    const other = this.panels.get(this.key(p.kind, recordId));
    if (other && other !== p) {
      p.dispose();
      other.panel.reveal();
      return false;
    }
    this.panels.delete(this.key(p.kind, p.recordId));
    p.recordId = recordId;
    this.panels.set(this.key(p.kind, recordId), p);
    return true;
  }

  forget(p: Panel): void {
    if (this.panels.get(this.key(p.kind, p.recordId)) === p) this.panels.delete(this.key(p.kind, p.recordId));
  }

  async insertCitation(record: ZenodoRecord, style: string): Promise<void> {
    // The panel has focus now, so there is no active text editor: bring back the last one first.
    const editor = this.lastEditor && !this.lastEditor.document.isClosed ? this.lastEditor : vscode.window.visibleTextEditors[0];
    if (editor) await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
    const commands = await vscode.commands.getCommands(true);
    if (commands.includes(CommandId.insertCitation)) {
      await vscode.commands.executeCommand(CommandId.insertCitation, insertOptions(record.id, style));
      return;
    }
    // The citations feature is not there: insert the panel's own citation text.
    const target = vscode.window.activeTextEditor;
    if (!target) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a text editor to insert the citation into.'));
      return;
    }
    const { text } = await citationView(record, this.formatter, style);
    await target.edit((b) => b.replace(target.selection, text));
  }

  snapshots(): PanelSnapshot[] {
    return [...this.panels.values()].map((p) => p.snapshot());
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export function createPanelManager(services: Services): PanelManager {
  return new PanelManager(services);
}
