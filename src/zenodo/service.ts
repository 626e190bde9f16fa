/**
 * The editor's view of the core client: one ZenodoClient for the configured repository
 * (`zenodo.baseUrl`) and the token stored for it, rebuilt when either changes. Every view, command
 * and check asks this service for the client, so they share one request scheduler (one rate-limit
 * budget, one cache, coalesced requests). Building it costs no request.
 */
import * as vscode from 'vscode';
import { ZenodoClient } from '../core/client';
import { normaliseBaseUrl, ZENODO_BASE_URL } from '../core/repository';
import { RequestLogEntry, RequestScheduler, SchedulerOptions } from '../core/scheduler';
import { TokenStore } from './secrets';

/** Scheduler settings integration tests may lower (retries and backoff); never set otherwise. */
export type SchedulerTuning = Pick<SchedulerOptions, 'backoffMs' | 'maxRetries' | 'maxWaitMs'>;

export class ZenodoService implements vscode.Disposable {
  private current: Promise<ZenodoClient> | undefined;
  private schedulerFor = new Map<string, RequestScheduler>();
  /** Requests of schedulers replaced after a settings change (so the count never goes back). */
  private retiredRequests = 0;
  private tuning: SchedulerTuning = {};
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when the repository or the token changed: views refresh, caches are dropped. */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  /** Requests that reached the network through this service (tests and the benchmark read it). */
  get networkRequests(): number {
    let n = this.retiredRequests;
    for (const s of this.schedulerFor.values()) n += s.networkRequests;
    return n;
  }

  constructor(private readonly tokens: TokenStore, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('zenodo.baseUrl') || e.affectsConfiguration('zenodo.doiPrefixes')) this.reset('repository changed');
        else if (e.affectsConfiguration('zenodo.requestTimeoutSeconds')) this.rebuildSchedulers('request timeout changed');
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
      // Other InvenioRDM instances mint DOIs under their own prefix (e.g. "10.1234/rdm."): with it
      // set, their DOIs resolve to record ids without a search, as Zenodo's 10.5281/zenodo.N do.
      const doiPrefixes = (vscode.workspace.getConfiguration('zenodo').get<string[]>('doiPrefixes') ?? [])
        .filter((p) => typeof p === 'string' && /^10\.\d{4,9}\/\S*$/.test(p.trim())).map((p) => p.trim());
      this.current = this.tokens.get(new URL(baseUrl).origin).then((token) => new ZenodoClient({ baseUrl, token, doiPrefixes, scheduler: this.scheduler(baseUrl) }));
    }
    return this.current;
  }

  private scheduler(baseUrl: string): RequestScheduler {
    const origin = new URL(baseUrl).origin;
    let s = this.schedulerFor.get(origin);
    if (!s) {
      s = new RequestScheduler({ ...this.tuning, timeoutMs: this.timeoutMs(), logger: { request: (e) => this.logRequest(e) } });
      this.schedulerFor.set(origin, s);
    }
    return s;
  }

  /** `zenodo.requestTimeoutSeconds` (per attempt; default 30 s, Zenodo's gateway gives up at about 30 s). */
  timeoutMs(): number {
    const v = vscode.workspace.getConfiguration('zenodo').get<number>('requestTimeoutSeconds');
    return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.round(Math.min(v, 300) * 1000) : 30_000;
  }

  /** Lower the retry backoff and count for tests (the fault matrix); `{}` restores the defaults. */
  tuneScheduler(tuning: SchedulerTuning): void {
    this.tuning = { ...tuning };
    this.rebuildSchedulers('scheduler tuned');
  }

  /** New schedulers (new timeout or tuning) for every client; the cache goes with the old ones. */
  private rebuildSchedulers(reason: string): void {
    for (const s of this.schedulerFor.values()) this.retiredRequests += s.networkRequests;
    this.schedulerFor.clear();
    this.reset(reason);
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
