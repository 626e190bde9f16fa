/**
 * The editor's view of the core client: one ZenodoClient for the configured repository
 * (`zenodo.baseUrl`) and the token stored for it, rebuilt when either changes. Every view, command
 * and check asks this service for the client, so they share one request scheduler (one rate-limit
 * budget, one cache, coalesced requests). Building it costs no request.
 */
import * as vscode from 'vscode';
import { ZenodoClient } from '../core/client';
import { normaliseBaseUrl, ZENODO_BASE_URL } from '../core/repository';
import { RequestLogEntry, RequestScheduler } from '../core/scheduler';
import { TokenStore } from './secrets';

export class ZenodoService implements vscode.Disposable {
  private current: Promise<ZenodoClient> | undefined;
  private schedulerFor = new Map<string, RequestScheduler>();
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when the repository or the token changed: views refresh, caches are dropped. */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  /** Requests that reached the network through this service (tests and the benchmark read it). */
  get networkRequests(): number {
    let n = 0;
    for (const s of this.schedulerFor.values()) n += s.networkRequests;
    return n;
  }

  constructor(private readonly tokens: TokenStore, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('zenodo.baseUrl')) this.reset('repository changed');
      }),
      tokens.onDidChange((origin) => {
        if (origin === this.origin()) this.reset('token changed');
      }),
    );
  }

  /** The configured base URL, normalised; falls back to zenodo.org on a bad setting (and says so). */
  baseUrl(): string {
    const raw = vscode.workspace.getConfiguration('zenodo').get<string>('baseUrl') || ZENODO_BASE_URL;
    try {
      return normaliseBaseUrl(raw);
    } catch {
      this.log.warn(`[config] zenodo.baseUrl "${raw}" is not a URL; using ${ZENODO_BASE_URL}`);
      return ZENODO_BASE_URL;
    }
  }

  origin(): string {
    return new URL(this.baseUrl()).origin;
  }

  client(): Promise<ZenodoClient> {
    if (!this.current) {
      const baseUrl = this.baseUrl();
      this.current = this.tokens.get(new URL(baseUrl).origin).then((token) => new ZenodoClient({ baseUrl, token, scheduler: this.scheduler(baseUrl) }));
    }
    return this.current;
  }

  private scheduler(baseUrl: string): RequestScheduler {
    const origin = new URL(baseUrl).origin;
    let s = this.schedulerFor.get(origin);
    if (!s) {
      s = new RequestScheduler({ logger: { request: (e) => this.logRequest(e) } });
      this.schedulerFor.set(origin, s);
    }
    return s;
  }

  private logRequest(e: RequestLogEntry): void {
    const rl = e.rateLimit && e.rateLimit.remaining !== undefined ? ` rate ${e.rateLimit.remaining}/${e.rateLimit.limit ?? '?'}` : '';
    if (e.fromCache) this.log.trace(`[http] GET ${e.path} (cache)`);
    else if (e.coalesced) this.log.trace(`[http] GET ${e.path} (joined a request in flight)`);
    else if (e.status === 0) this.log.info(`[http] ${e.note ?? ''}`);
    else this.log.info(`[http] ${e.method} ${e.path} ${e.status} ${e.ms} ms${rl}${e.attempt ? ` retry ${e.attempt}` : ''}${e.note ? ` ${e.note}` : ''} [${e.budget}]`);
  }

  reset(reason: string): void {
    this.log.info(`[zenodo] ${reason}: rebuilding the client`);
    this.current = undefined;
    for (const s of this.schedulerFor.values()) s.clearCache();
    this.emitter.fire();
  }

  dispose(): void {
    this.emitter.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
