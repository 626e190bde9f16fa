// The HTTP server: routing, content negotiation, auth, rate limits, faults and the control API.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Corpus, buildCorpus } from './corpus';
import { type Fault, type FaultController, Faults, gatewayHtml, statusText, validateFault } from './faults';
import type { Community, CorpusRecord } from './model';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimitConfig } from './ratelimit';
import { HttpError, type Query, parseSearchArgs, runSearch, type SearchScope } from './search';
import {
  type Viewer,
  bibtex,
  canSeeFiles,
  canSeeRecord,
  citation,
  cslJson,
  filesListing,
  isKnownStyle,
  nativeCommunity,
  nativeRecord,
  zenodoRecord,
} from './serialize';

type Json = Record<string, any>;

export interface ZenodoServerOptions {
  /** 0 = a free port (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Where the recordings live (default: `../fixtures/zenodo` next to this folder). */
  fixturesDir?: string;
  /** Valid bearer tokens → user. Default `{'test-token-123': {user: 'alice'}}`. */
  tokens?: Record<string, { user: string }>;
  /** Default `{windowMs: 60000, guest: 133, authenticated: 100, search: 30}`; false = off. */
  rateLimits?: RateLimitConfig | false;
  corpus?: { concepts?: number };
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | undefined>;
  /** 0 when the connection was dropped without an answer. */
  status: number;
  time: number;
}

export interface ZenodoServer {
  url: string;
  requests: RecordedRequest[];
  resetRequests(): void;
  faults: FaultController;
  corpus: Corpus;
  rateLimits: RateLimiter;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

export const DEFAULT_TOKENS: Record<string, { user: string }> = { 'test-token-123': { user: 'alice' } };

const JSON_TYPES = ['application/json', 'application/vnd.zenodo.v1+json'];
const NATIVE = 'application/vnd.inveniordm.v1+json';
const RECORD_TYPES = [...JSON_TYPES, NATIVE, 'application/x-bibtex', 'text/x-bibliography', 'application/vnd.citationstyles.csl+json'];
const SEARCH_TYPES = [...JSON_TYPES, NATIVE];
const COMMUNITY_TYPES = ['application/json', NATIVE];
const FILES_TYPES = ['application/json'];

const NOT_FOUND_PID = { status: 404, message: 'The persistent identifier does not exist.' };
const UNAUTHORIZED_MESSAGE = "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required.";

export function defaultFixturesDir(): string {
  return path.resolve(__dirname, '../fixtures/zenodo');
}

/** Picks the offered type that best matches an Accept header; null when none does (406). */
export function negotiate(accept: string | undefined, offered: string[]): string | null {
  if (!accept || !accept.trim()) {
    return offered[0];
  }
  const ranges = accept.split(',').map((part, i) => {
    const [type, ...params] = part.trim().split(';').map((s) => s.trim());
    let q = 1;
    for (const p of params) {
      const m = /^q=([0-9.]+)$/i.exec(p);
      if (m) {
        q = Number(m[1]);
      }
    }
    return { type: type.toLowerCase(), q, i };
  }).filter((r) => r.type && r.q > 0);
  ranges.sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranges) {
    if (r.type === '*/*' || r.type === '*') {
      return offered[0];
    }
    if (r.type.endsWith('/*')) {
      const major = r.type.slice(0, -1);
      const hit = offered.find((o) => o.startsWith(major));
      if (hit) {
        return hit;
      }
      continue;
    }
    if (offered.includes(r.type)) {
      return r.type;
    }
  }
  return null;
}

function notAcceptable(offered: string[]): HttpError {
  return new HttpError(406, { status: 406, message: `Invalid 'Accept' header. Expected one of: ${offered.join(', ')}` });
}

function json(status: number, body: unknown, contentType = 'application/json', extra: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': contentType, ...extra }, body: JSON.stringify(body) };
}

function parseQueryString(search: URLSearchParams): Query {
  const q: Query = {};
  for (const [k, v] of search) {
    const prev = q[k];
    q[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return q;
}

function firstParam(q: Query, key: string): string | undefined {
  const v = q[key];
  return Array.isArray(v) ? v[0] : v;
}

interface Ctx {
  req: http.IncomingMessage;
  method: string;
  url: URL;
  query: Query;
  base: string;
  viewer: Viewer;
  accept: string | undefined;
}

export class ZenodoServerImpl implements ZenodoServer {
  url = '';
  readonly requests: RecordedRequest[] = [];
  readonly faults = new Faults();
  readonly corpus: Corpus;
  readonly rateLimits: RateLimiter;
  private readonly tokens: Record<string, { user: string }>;
  private readonly server: http.Server;
  private readonly sockets = new Set<import('node:net').Socket>();

  constructor(private readonly opts: ZenodoServerOptions) {
    this.corpus = buildCorpus({ fixturesDir: opts.fixturesDir ?? defaultFixturesDir(), concepts: opts.corpus?.concepts });
    this.tokens = opts.tokens ?? DEFAULT_TOKENS;
    this.rateLimits = new RateLimiter(opts.rateLimits === undefined ? { ...DEFAULT_RATE_LIMITS } : opts.rateLimits);
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ status: 500, message: `Internal server error: ${String(e)}` }));
        } else {
          res.destroy();
        }
      });
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async listen(): Promise<void> {
    const host = this.opts.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port ?? 0, host, () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
  }

  resetRequests(): void {
    this.requests.length = 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      for (const s of this.sockets) {
        s.destroy();
      }
      this.server.close(() => resolve());
    });
  }

  // --- request handling ------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const base = req.headers.host ? `http://${req.headers.host}` : this.url;
    const url = new URL(req.url ?? '/', base);
    if (url.pathname.startsWith('/__control/')) {
      const reply = await this.control(req, method, url);
      this.send(res, method, reply);
      return;
    }
    const query = parseQueryString(url.searchParams);
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      headers[k] = Array.isArray(v) ? v.join(', ') : v;
    }
    const entry: RecordedRequest = { method, path: url.pathname, query, headers, status: 0, time: Date.now() };
    this.requests.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
    });

    // Faults first: they model the network and the gateway in front of Zenodo.
    const { latency, fault } = this.faults.take(method, url.pathname + url.search);
    if (latency > 0) {
      await new Promise((r) => setTimeout(r, latency));
    }
    if (fault) {
      const pre = this.preFault(fault, url);
      if (pre === 'reset') {
        req.socket.destroy();
        return;
      }
      if (pre) {
        this.send(res, method, pre);
        return;
      }
    }

    // Auth.
    let viewer: Viewer = {};
    let badToken = false;
    const auth = req.headers.authorization;
    const token = auth && /^bearer\s+/i.test(auth) ? auth.replace(/^bearer\s+/i, '').trim() : firstParam(query, 'access_token');
    if (token !== undefined) {
      const user = this.tokens[token];
      if (user) {
        viewer = { user: user.user };
      } else {
        badToken = true;
      }
    }

    // Rate limit.
    const cfg = this.rateLimits.config || DEFAULT_RATE_LIMITS;
    const isSearch = method === 'GET' && (/^\/api\/records\/?$/.test(url.pathname) || /^\/api\/communities\/[^/]+\/records\/?$/.test(url.pathname));
    const limit = isSearch ? cfg.search : viewer.user ? cfg.authenticated : cfg.guest;
    const clientKey = viewer.user ? `user:${viewer.user}` : `ip:${req.socket.remoteAddress ?? '?'}`;
    const decision = this.rateLimits.check(`${isSearch ? 'search' : 'general'}|${clientKey}`, limit);
    const rlHeaders = this.rateLimits.headers(decision);

    let reply: Reply;
    if (!decision.allowed) {
      reply = { status: 429, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: `429: ${limit} per ${this.rateLimits.describeWindow()}` };
    } else if (badToken) {
      reply = json(401, { status: 401, message: UNAUTHORIZED_MESSAGE });
    } else {
      const ctx: Ctx = { req, method, url, query, base, viewer, accept: req.headers.accept };
      try {
        reply = this.route(ctx);
      } catch (e) {
        if (e instanceof HttpError) {
          reply = json(e.status, e.body);
        } else {
          throw e;
        }
      }
    }
    Object.assign(reply.headers, rlHeaders);

    if (fault) {
      const done = this.postFault(fault, reply, res, method);
      if (done) {
        return;
      }
    }
    this.send(res, method, reply);
  }

  private send(res: http.ServerResponse, method: string, reply: Reply): void {
    const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
    const headers: Record<string, string> = { ...reply.headers };
    if (headers['Content-Length'] === undefined) {
      headers['Content-Length'] = String(body.length);
    }
    res.writeHead(reply.status, headers);
    res.end(method === 'HEAD' ? undefined : body);
  }

  private preFault(f: Fault, url: URL): Reply | 'reset' | undefined {
    switch (f.kind) {
      case 'reset':
        return 'reset';
      case 'status':
        // Gateway errors come as HTML pages by default, as from Zenodo's edge; `html: false` sends JSON.
        return (f.html ?? (f.code >= 502 && f.code <= 504))
          ? { status: f.code, headers: { 'Content-Type': 'text/html' }, body: gatewayHtml(f.code) }
          : json(f.code, { status: f.code, message: statusText(f.code) });
      case 'burst429': {
        const retry = f.retryAfter ?? 1;
        return {
          status: 429,
          headers: {
            'Content-Type': 'text/plain; charset=utf-8',
            'Retry-After': String(retry),
            'X-RateLimit-Limit': '30',
            'X-RateLimit-Remaining': '0',
            'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + retry),
          },
          body: '429: 30 per 1 minute',
        };
      }
      case 'redirectLoop':
        return {
          status: 302,
          headers: { 'Content-Type': 'text/html; charset=utf-8', Location: url.toString() },
          body: redirectHtml(url.toString()),
        };
      default:
        return undefined;
    }
  }

  /** Applies body faults; returns true when it answered itself. */
  private postFault(f: Fault, reply: Reply, res: http.ServerResponse, method: string): boolean {
    const body = typeof reply.body === 'string' ? reply.body : reply.body.toString('utf8');
    switch (f.kind) {
      case 'malformed':
        reply.status = 200;
        reply.headers['Content-Type'] = 'application/json';
        reply.body = `{"hits": {"hits": [{"id": "1", "metadata": {"title": "oops"}, ]}, "total": <html>${body.slice(0, 40)}`;
        return false;
      case 'missingFields': {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          parsed = {};
        }
        const strip = (o: Json) => {
          delete o.hits;
          delete o.metadata;
          return o;
        };
        reply.status = 200;
        reply.headers['Content-Type'] = 'application/json';
        reply.body = JSON.stringify(parsed && typeof parsed === 'object' ? strip(parsed as Json) : {});
        return false;
      }
      case 'truncated': {
        const full = Buffer.from(body, 'utf8');
        const half = full.subarray(0, Math.max(1, Math.floor(full.length / 2)));
        if (f.mode === 'short') {
          reply.body = half;
          reply.headers['Content-Length'] = String(half.length);
          return false;
        }
        res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(full.length) });
        if (method !== 'HEAD') {
          res.write(half);
        }
        setTimeout(() => res.destroy(), 10);
        return true;
      }
      default:
        return false;
    }
  }

  // --- routes --------------------------------------------------------------------------------------

  private route(ctx: Ctx): Reply {
    const p = ctx.url.pathname;
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      if (p.startsWith('/api/')) {
        return json(405, { status: 405, message: 'The method is not allowed for the requested URL.' });
      }
    }
    if (p === '/api/records') {
      return this.search(ctx, { path: '/api/records', records: this.corpus.live }, SEARCH_TYPES);
    }
    if (p === '/api/records/') {
      const target = `${ctx.base}/api/records${ctx.url.search}`;
      return { status: 301, headers: { 'Content-Type': 'text/html; charset=utf-8', Location: target }, body: redirectHtml(target) };
    }
    let m = /^\/api\/records\/([^/]+)\/?$/.exec(p);
    if (m) {
      return this.record(ctx, decodeURIComponent(m[1]));
    }
    m = /^\/api\/records\/([^/]+)\/versions\/?$/.exec(p);
    if (m) {
      return this.versions(ctx, m[1]);
    }
    m = /^\/api\/records\/([^/]+)\/versions\/latest\/?$/.exec(p);
    if (m) {
      return this.latest(ctx, m[1]);
    }
    m = /^\/api\/records\/([^/]+)\/files\/?$/.exec(p);
    if (m) {
      return this.files(ctx, m[1]);
    }
    m = /^\/api\/records\/([^/]+)\/files\/(.+?)\/content$/.exec(p);
    if (m) {
      return this.fileContent(ctx, m[1], m[2]);
    }
    m = /^\/api\/records\/([^/]+)\/files\/(.+)$/.exec(p);
    if (m) {
      return this.fileEntry(ctx, m[1], m[2]);
    }
    if (p === '/api/communities' || p === '/api/communities/') {
      return this.communities(ctx);
    }
    m = /^\/api\/communities\/([^/]+)\/?$/.exec(p);
    if (m) {
      return this.community(ctx, decodeURIComponent(m[1]));
    }
    m = /^\/api\/communities\/([^/]+)\/records\/?$/.exec(p);
    if (m) {
      return this.communityRecords(ctx, decodeURIComponent(m[1]));
    }
    if (p === '/' || p === '/api' || p === '/api/') {
      return json(200, { name: 'Local Zenodo-compatible server', records: `${ctx.base}/api/records`, communities: `${ctx.base}/api/communities` });
    }
    return json(404, { status: 404, message: 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.' });
  }

  private negotiateOr406(ctx: Ctx, offered: string[]): string {
    const t = negotiate(ctx.accept, offered);
    if (!t) {
      throw notAcceptable(offered);
    }
    return t;
  }

  private search(ctx: Ctx, scope: SearchScope, offered: string[]): Reply {
    const type = this.negotiateOr406(ctx, offered);
    const args = parseSearchArgs(ctx.query, ctx.viewer, this.corpus);
    const result = runSearch(this.corpus, scope, args, ctx.viewer, ctx.base);
    const native = type === NATIVE;
    const hits = result.hits.map((r) => (native ? nativeRecord(this.corpus, r, ctx.base, ctx.viewer) : zenodoRecord(this.corpus, r, ctx.base, ctx.viewer)));
    const body: Json = { hits: { hits, total: result.total }, aggregations: result.aggregations, links: result.links };
    if (native) {
      body.sortBy = result.sortBy;
    }
    return json(200, body, native ? NATIVE : 'application/json');
  }

  /** Resolves a record id for reading: 404 / 410 / 403 as Zenodo answers. */
  private readable(ctx: Ctx, id: string): CorpusRecord {
    const r = this.corpus.get(id);
    if (!r) {
      throw new HttpError(404, NOT_FOUND_PID);
    }
    if (r.tombstone) {
      if (!r.tombstone.isVisible) {
        throw new HttpError(404, { status: 404, message: 'Record not found' });
      }
      throw new HttpError(410, this.tombstoneBody(r));
    }
    if (!canSeeRecord(r, ctx.viewer)) {
      throw new HttpError(403, { status: 403, message: 'Permission denied.' });
    }
    return r;
  }

  private tombstoneBody(r: CorpusRecord): Json {
    if (r.id === '22705918' && this.corpus.tombstoneFixture) {
      return this.corpus.tombstoneFixture;
    }
    const t = r.tombstone!;
    return {
      status: 410,
      message: 'Record deleted',
      tombstone: {
        note: t.note,
        removed_by: { user: t.removedBy },
        removal_date: t.removalDate,
        citation_text: t.citationText,
        is_visible: t.isVisible,
        removal_reason: { id: t.removalReason },
      },
    };
  }

  private record(ctx: Ctx, id: string): Reply {
    const type = this.negotiateOr406(ctx, RECORD_TYPES);
    if (!this.corpus.get(id)) {
      const concept = this.corpus.concepts.get(id);
      if (concept?.latest) {
        const target = `${ctx.base}/api/records/${concept.latest.id}`;
        return { status: 302, headers: { 'Content-Type': 'text/html; charset=utf-8', Location: target }, body: redirectHtml(target) };
      }
    }
    const r = this.readable(ctx, id);
    switch (type) {
      case NATIVE:
        return json(200, nativeRecord(this.corpus, r, ctx.base, ctx.viewer), NATIVE, { Link: signposting(ctx.base, r) });
      case 'application/x-bibtex':
        return { status: 200, headers: { 'Content-Type': 'application/x-bibtex; charset=utf-8' }, body: bibtex(this.corpus, r) };
      case 'text/x-bibliography': {
        const style = firstParam(ctx.query, 'style') ?? 'harvard-cite-them-right';
        if (!isKnownStyle(style)) {
          throw new HttpError(400, { status: 400, message: 'Citation string style not found.' });
        }
        return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: citation(this.corpus, r, style) };
      }
      case 'application/vnd.citationstyles.csl+json':
        return json(200, cslJson(r), 'application/vnd.citationstyles.csl+json');
      default:
        return json(200, zenodoRecord(this.corpus, r, ctx.base, ctx.viewer), 'application/json', { Link: signposting(ctx.base, r) });
    }
  }

  private versions(ctx: Ctx, id: string): Reply {
    this.negotiateOr406(ctx, SEARCH_TYPES);
    const r = this.corpus.get(id);
    if (!r) {
      throw new HttpError(404, NOT_FOUND_PID);
    }
    if (!r.tombstone && !canSeeRecord(r, ctx.viewer)) {
      throw new HttpError(403, { status: 403, message: 'Permission denied.' });
    }
    const concept = this.corpus.concepts.get(r.conceptId)!;
    const records = r.tombstone && concept.versions.every((v) => v.tombstone || v === r) ? [] : concept.versions;
    return this.search(ctx, { path: `/api/records/${id}/versions`, records, defaultSort: 'version', allVersions: true }, SEARCH_TYPES);
  }

  private latest(ctx: Ctx, id: string): Reply {
    const r = this.corpus.get(id);
    const concept = this.corpus.concepts.get(r ? r.conceptId : id);
    if (!concept) {
      throw new HttpError(404, NOT_FOUND_PID);
    }
    if (!concept.latest) {
      if (r) {
        this.readable(ctx, id);
      }
      throw new HttpError(404, NOT_FOUND_PID);
    }
    const location = `${ctx.base}/api/records/${concept.latest.id}`;
    return json(301, { status: 301, message: 'Redirecting...', location }, 'application/json', { Location: location });
  }

  private files(ctx: Ctx, id: string): Reply {
    this.negotiateOr406(ctx, FILES_TYPES);
    const r = this.readable(ctx, id);
    if (!canSeeFiles(r, ctx.viewer)) {
      throw new HttpError(403, { status: 403, message: 'Permission denied.' });
    }
    return json(200, filesListing(this.corpus, r, ctx.base));
  }

  private findFile(ctx: Ctx, id: string, rawKey: string): { r: CorpusRecord; f: CorpusRecord['files'][number] } {
    const r = this.readable(ctx, id);
    if (!canSeeFiles(r, ctx.viewer)) {
      throw new HttpError(403, { status: 403, message: 'Permission denied.' });
    }
    let key: string;
    try {
      key = rawKey.split('/').map(decodeURIComponent).join('/');
    } catch {
      key = rawKey;
    }
    const f = r.files.find((x) => x.key === key);
    if (!f) {
      throw new HttpError(404, { status: 404, message: `File with key ${key} not found.` });
    }
    return { r, f };
  }

  private fileEntry(ctx: Ctx, id: string, rawKey: string): Reply {
    const { r, f } = this.findFile(ctx, id, rawKey);
    const entry = (filesListing(this.corpus, r, ctx.base).entries as Json[]).find((e) => e.key === f.key);
    return json(200, entry);
  }

  private fileContent(ctx: Ctx, id: string, rawKey: string): Reply {
    const { r, f } = this.findFile(ctx, id, rawKey);
    const content = this.corpus.fileContent(r, f);
    const checksum = this.corpus.fileChecksum(r, f);
    const headers: Record<string, string> = {
      'Content-Type': f.mimetype,
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.key.split('/').pop() ?? f.key)}`,
      'Accept-Ranges': 'bytes',
      ETag: `"${checksum}"`,
      'Content-MD5': Buffer.from(checksum.slice(4), 'hex').toString('base64'),
    };
    const range = ctx.req.headers.range;
    if (range) {
      const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
      const size = content.length;
      let start = -1;
      let end = -1;
      if (m && (m[1] || m[2])) {
        if (m[1]) {
          start = Number(m[1]);
          end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
        } else {
          const n = Number(m[2]);
          start = Math.max(0, size - n);
          end = size - 1;
        }
      }
      if (start < 0 || start >= size || end < start) {
        return { status: 416, headers: { 'Content-Range': `bytes */${size}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 416, message: 'Requested Range Not Satisfiable' }) };
      }
      delete headers['Content-MD5'];
      return { status: 206, headers: { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}` }, body: content.subarray(start, end + 1) };
    }
    return { status: 200, headers, body: content };
  }

  // --- communities ---------------------------------------------------------------------------------

  private resolveCommunity(idOrSlug: string): Community {
    const c = this.corpus.communityBySlug.get(idOrSlug) ?? this.corpus.communityById.get(idOrSlug);
    if (!c) {
      throw new HttpError(404, NOT_FOUND_PID);
    }
    if (c.deleted) {
      throw new HttpError(410, { status: 410, message: 'The record has been deleted.' });
    }
    return c;
  }

  private community(ctx: Ctx, idOrSlug: string): Reply {
    const type = this.negotiateOr406(ctx, COMMUNITY_TYPES);
    const c = this.resolveCommunity(idOrSlug);
    return json(200, nativeCommunity(c, ctx.base), type);
  }

  private communityRecords(ctx: Ctx, idOrSlug: string): Reply {
    this.negotiateOr406(ctx, SEARCH_TYPES);
    const c = this.resolveCommunity(idOrSlug);
    const records = this.corpus.live.filter((r) => r.communities.includes(c.slug));
    return this.search(ctx, { path: `/api/communities/${c.id}/records`, records }, SEARCH_TYPES);
  }

  private communities(ctx: Ctx): Reply {
    const type = this.negotiateOr406(ctx, COMMUNITY_TYPES);
    return json(200, searchCommunities(this.corpus, ctx.query, ctx.base), type);
  }

  // --- control API ---------------------------------------------------------------------------------

  private async control(req: http.IncomingMessage, method: string, url: URL): Promise<Reply> {
    const p = url.pathname.replace(/\/$/, '');
    let body: unknown;
    if (method === 'POST' || method === 'PUT') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) {
        chunks.push(chunk as Buffer);
      }
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        return json(400, { error: 'body is not JSON' });
      }
    }
    try {
      if (p === '/__control/faults') {
        if (method === 'GET') {
          return json(200, { faults: this.faults.list() });
        }
        if (method === 'DELETE' || (body as Json | undefined)?.clear === true || body === undefined) {
          this.faults.clear();
          return json(200, { faults: [] });
        }
        const list = Array.isArray(body) ? body : Array.isArray((body as Json).faults) ? (body as Json).faults : [body];
        list.forEach((f: unknown) => validateFault(f));
        if ((body as Json).append === true) {
          list.forEach((f: Fault) => this.faults.add(f));
        } else {
          this.faults.set(list as Fault[]);
        }
        return json(200, { faults: this.faults.list() });
      }
      if (p === '/__control/reset' && (method === 'POST' || method === 'GET')) {
        this.faults.clear();
        this.resetRequests();
        this.rateLimits.reset();
        return json(200, { ok: true });
      }
      if (p === '/__control/requests' && method === 'GET') {
        return json(200, this.requests);
      }
      if (p === '/__control/requests' && (method === 'DELETE' || method === 'POST')) {
        this.resetRequests();
        return json(200, { ok: true });
      }
      if (p === '/__control/corpus' && method === 'GET') {
        return json(200, {
          ...this.corpus.summary(),
          communities: this.corpus.communities.map((c) => ({ id: c.id, slug: c.slug, type: c.type ?? null, deleted: c.deleted })),
        });
      }
      if (p === '/__control/rate-limits') {
        if (method === 'POST') {
          this.rateLimits.config = body === false || (body as Json | undefined)?.enabled === false ? false : { ...DEFAULT_RATE_LIMITS, ...(body as Json) };
          this.rateLimits.reset();
        }
        return json(200, { rateLimits: this.rateLimits.config });
      }
    } catch (e) {
      return json(400, { error: String(e) });
    }
    return json(404, { error: `unknown control endpoint ${method} ${p}` });
  }
}

function redirectHtml(target: string): string {
  const t = target.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href="${t}">${t}</a>. If not, click the link.\n`;
}

function signposting(base: string, r: CorpusRecord): string {
  return [
    `<https://doi.org/${r.doi}> ; rel="cite-as"`,
    `<${base}/api/records/${r.id}> ; rel="describedby" ; type="application/json"`,
    `<${base}/api/records/${r.id}> ; rel="linkset" ; type="application/linkset+json"`,
  ].join(' , ');
}

const COMMUNITY_SORTS = ['bestmatch', 'newest', 'oldest', 'version', 'updated-desc', 'updated-asc', 'newestactivity', 'oldestactivity'];

function searchCommunities(corpus: Corpus, query: Query, base: string): Json {
  const q = (firstParam(query, 'q') ?? '').trim();
  const sizeRaw = firstParam(query, 'size');
  const pageRaw = firstParam(query, 'page');
  const size = sizeRaw ? Number(sizeRaw) : 10;
  const page = pageRaw ? Number(pageRaw) : 1;
  for (const [k, v] of [['size', size], ['page', page]] as const) {
    if (!Number.isInteger(v)) {
      throw new HttpError(400, { status: 400, message: 'A validation error occurred.', errors: [{ field: k, messages: ['Not a valid integer.'] }] });
    }
    if (v < 1) {
      throw new HttpError(400, { status: 400, message: 'A validation error occurred.', errors: [{ field: k, messages: ['Must be greater than or equal to 1.'] }] });
    }
  }
  if ((page - 1) * size >= 10000) {
    throw new HttpError(400, { status: 400, message: 'Invalid querystring parameters.' });
  }
  let sort = firstParam(query, 'sort') ?? (q ? 'bestmatch' : 'newest');
  if (!COMMUNITY_SORTS.includes(sort)) {
    throw new HttpError(400, { status: 400, message: `Invalid sort option '${sort}'.` });
  }
  if (sort === 'bestmatch' && !q) {
    sort = 'newest';
  }
  const words = q.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').split(/[^\p{L}\p{N}-]+/u).filter((w) => w && w !== 'and' && w !== 'or');
  const text = (c: Community) => `${c.slug} ${c.title} ${c.description} ${c.organizations.map((o) => o.name).join(' ')}`.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  const scoreOf = (c: Community) => words.reduce((s, w) => s + (c.title.toLowerCase().includes(w) ? 3 : 0) + (text(c).includes(w) ? 1 : 0), 0);
  const pre = corpus.communities.filter((c) => !c.deleted && (words.length === 0 || words.every((w) => text(c).includes(w))));
  const types = [...new Set((query.type ? [query.type].flat() : []).flatMap((v) => v.split(',')))];
  const funders = [query.funder ?? []].flat();
  const orgs = [query.organization ?? []].flat();
  const agg = (key: (c: Community) => string[], selected: string[], label: (k: string) => string) => {
    const m = new Map<string, number>();
    for (const c of pre) {
      for (const k of new Set(key(c))) {
        m.set(k, (m.get(k) ?? 0) + 1);
      }
    }
    return [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, n]) => ({ key: k, doc_count: n, label: label(k), is_selected: selected.includes(k) }));
  };
  const typeLabels: Record<string, string> = { organization: 'Organization', event: 'Event', topic: 'Topic', project: 'Project' };
  const aggregations = {
    type: { buckets: agg((c) => (c.type ? [c.type] : []), types, (k) => typeLabels[k] ?? k), label: 'Type' },
    funder: { buckets: agg((c) => c.funding.map((f) => f.funderId), funders, (k) => corpus.communities.flatMap((c) => c.funding).find((f) => f.funderId === k)?.funderName ?? k), label: 'Funder' },
    organization: { buckets: agg((c) => c.organizations.map((o) => o.name), orgs, (k) => k), label: 'Organization' },
  };
  const post = pre.filter((c) => (types.length === 0 || (c.type && types.includes(c.type)))
    && (funders.length === 0 || c.funding.some((f) => funders.includes(f.funderId)))
    && (orgs.length === 0 || c.organizations.some((o) => orgs.includes(o.name))));
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  post.sort((a, b) => {
    if (a.verified !== b.verified) {
      return a.verified ? -1 : 1;
    }
    switch (sort) {
      case 'bestmatch':
        return scoreOf(b) - scoreOf(a) || cmp(b.created, a.created);
      case 'oldest':
        return cmp(a.created, b.created);
      case 'updated-asc':
      case 'oldestactivity':
        return cmp(a.updated, b.updated);
      case 'updated-desc':
      case 'newestactivity':
        return cmp(b.updated, a.updated);
      default:
        return cmp(b.created, a.created) || cmp(a.slug, b.slug);
    }
  });
  const from = (page - 1) * size;
  const link = (pg: number) => {
    const params: [string, string][] = [['page', String(pg)]];
    if (q) {
      params.push(['q', q]);
    }
    params.push(['size', String(size)], ['sort', sort]);
    for (const t of types) {
      params.push(['type', t]);
    }
    return `${base}/api/communities?${new URLSearchParams(params).toString()}`;
  };
  const links: Json = {};
  if (page > 1) {
    links.prev = link(page - 1);
  }
  links.self = link(page);
  if (from + size < post.length && page * size < 10000) {
    links.next = link(page + 1);
  }
  return {
    hits: { hits: post.slice(from, from + size).map((c) => nativeCommunity(c, base)), total: post.length },
    aggregations,
    links,
    sortBy: sort,
  };
}

export async function startZenodoServer(opts: ZenodoServerOptions = {}): Promise<ZenodoServer> {
  const s = new ZenodoServerImpl(opts);
  await s.listen();
  return s;
}
