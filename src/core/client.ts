/**
 * The Zenodo (InvenioRDM) client: the ten read capabilities, the reference resolver applied to
 * every method that takes a record, and the batched look-up used by the citation features.
 * Uses only the global `fetch` (through the scheduler), so it runs in Node, the CLI, the extension
 * host and a web extension alike.
 */
import {
  AccessDeniedError, DeletedError, InvalidReferenceError, InvalidRequestError, MalformedResponseError, NotFoundError,
  RateLimitedError, ServerError, Tombstone, UnauthorizedError, ZenodoError,
} from './errors';
import {
  Community, ExtractItem, FileEntry, RecordStats, SearchResult, ZenodoRecord, extractItem, normaliseCommunity, normaliseFile,
  normaliseRecord, normaliseSearch,
} from './models';
import { Reference, parseReference, referenceKey, tryParseReference } from './reference';
import { RepositoryProfile, mayCarryToken, repositoryProfile, ZENODO_BASE_URL } from './repository';
import { Budget, HttpResponse, RequestScheduler, parseJson } from './scheduler';
import { USER_AGENT } from './version';

export const RDM_JSON = 'application/vnd.inveniordm.v1+json';

/** Sort values Zenodo accepts on record search (see docs/zenodo-api facts). */
export const RECORD_SORTS = [
  'bestmatch', 'newest', 'oldest', 'version', 'updated-desc', 'updated-asc', 'mostviewed', 'mostdownloaded',
  'newestactivity', 'oldestactivity', 'publication-desc', 'publication-asc', 'conference-desc', 'journal-desc',
  'mostrecent', '-mostrecent', '-bestmatch', 'publication_date', '-publication_date', '-mostviewed', '-version',
  'journal', '-journal', 'conference_session', '-conference_session',
] as const;
export const COMMUNITY_SORTS = ['bestmatch', 'newest', 'oldest', 'version', 'updated-desc', 'updated-asc', 'newestactivity', 'oldestactivity'] as const;

/** `access_right` as people know it → the `access_status` facet that works (Zenodo ignores `access_right` as a URL parameter). */
const ACCESS_RIGHT_TO_STATUS: Record<string, string> = {
  open: 'open', embargoed: 'embargoed', restricted: 'restricted', closed: 'metadata-only', 'metadata-only': 'metadata-only',
};

export interface RecordSearchParams {
  q?: string;
  page?: number;
  size?: number;
  sort?: string;
  type?: string;
  subtype?: string;
  communities?: string | string[];
  /** open | embargoed | restricted | closed (= metadata-only) */
  access_right?: string;
  /** e.g. "software", "publication::publication-article" */
  resource_type?: string;
  access_status?: string;
  file_type?: string;
  subject?: string;
  /** e.g. "2020..2023" */
  publication_date?: string;
  allversions?: boolean;
}

export interface CommunitySearchParams {
  q?: string;
  sort?: string;
  page?: number;
  size?: number;
  type?: string;
  funder?: string;
  organization?: string;
}

export interface CallOptions { signal?: AbortSignal }

export interface ClientOptions {
  baseUrl?: string;
  token?: string;
  scheduler?: RequestScheduler;
  userAgent?: string;
  /** Extra DOI prefixes whose suffix is the record id (e.g. an InvenioRDM instance's own). */
  doiPrefixes?: string[];
  /** Lifetime of the look-up cache (default 5 min). */
  cacheTtlMs?: number;
  now?: () => number;
}

export type LookupStatus = 'current' | 'superseded' | 'concept' | 'deleted' | 'not-found' | 'restricted' | 'invalid' | 'error';

export interface LookupResult {
  input: string;
  reference?: Reference;
  status: LookupStatus;
  /** The record the reference names (for a concept reference: the latest version). */
  record?: ZenodoRecord;
  /** The latest version of the record's concept. */
  latest?: ZenodoRecord;
  tombstone?: Tombstone;
  error?: ZenodoError;
}

export interface LookupOptions extends CallOptions {
  /** Ask for each unresolved id on its own to tell deleted / restricted / missing apart (default 10 at most). */
  maxDetailLookups?: number;
}

export interface LatestInfo { id: string; doi?: string; conceptDoi?: string; version?: string; isLatest: boolean }

interface Timed<T> { value: T; at: number }

export class ZenodoClient {
  readonly profile: RepositoryProfile;
  readonly scheduler: RequestScheduler;
  #token: string | undefined;
  private readonly userAgent: string;
  private readonly ttl: number;
  private readonly now: () => number;
  private readonly byId = new Map<string, Timed<ZenodoRecord>>();
  private readonly byDoi = new Map<string, Timed<ZenodoRecord>>();
  private readonly latestByConcept = new Map<string, Timed<ZenodoRecord>>();
  /** References no search found, with what asking for them one by one said (deleted, restricted, missing). */
  private readonly unresolved = new Map<string, Timed<LookupResult>>();

  constructor(opts: ClientOptions = {}) {
    this.profile = repositoryProfile(opts.baseUrl ?? ZENODO_BASE_URL, opts.doiPrefixes);
    this.scheduler = opts.scheduler ?? new RequestScheduler();
    this.#token = opts.token || undefined;
    this.userAgent = opts.userAgent ?? USER_AGENT;
    this.ttl = opts.cacheTtlMs ?? 5 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  get baseUrl(): string {
    return this.profile.baseUrl;
  }

  get authenticated(): boolean {
    return !!this.#token;
  }

  /** Largest page size the repository allows this client (25 without a token, 100 with one). */
  get maxPageSize(): number {
    return this.#token ? this.profile.maxPageSize.authenticated : this.profile.maxPageSize.guest;
  }

  setToken(token: string | undefined): void {
    this.#token = token || undefined;
    this.clearCaches();
  }

  clearCaches(): void {
    this.byId.clear();
    this.byDoi.clear();
    this.latestByConcept.clear();
    this.unresolved.clear();
    this.scheduler.clearCache();
  }

  parse(input: string): Reference {
    return parseReference(input, this.profile);
  }

  // ---------------------------------------------------------------- the ten capabilities

  async searchRecords(params: RecordSearchParams = {}, opts: CallOptions = {}): Promise<SearchResult<ZenodoRecord>> {
    const { query, page, size } = this.recordSearchQuery(params);
    const json = await this.getJson('/api/records', query, { budget: 'search', signal: opts.signal, what: 'The search' });
    const result = normaliseSearch(json, page, size, (h) => normaliseRecord(h, this.baseUrl), this.profile.maxResultWindow);
    this.remember(result.hits);
    return result;
  }

  async getRecord(ref: string, opts: CallOptions = {}): Promise<ZenodoRecord> {
    const r = this.parse(ref);
    if (r.kind === 'doi' && r.id === undefined) return this.findByDoi(r.doi, opts);
    const id = r.id!;
    const json = await this.getJson(`/api/records/${id}`, undefined, { signal: opts.signal, what: `Record ${id}` });
    const rec = normaliseRecord(json, this.baseUrl);
    this.remember([rec]);
    return rec;
  }

  async getRecordFiles(ref: string, opts: CallOptions = {}): Promise<FileEntry[]> {
    const id = await this.recordIdFor(ref, opts);
    const fetchFiles = async (rid: string) => {
      const json = await this.getJson(`/api/records/${rid}/files`, undefined, { accept: 'application/json', signal: opts.signal, what: `The files of record ${rid}` });
      const entries = (json as { entries?: unknown }).entries;
      if (!Array.isArray(entries)) throw new MalformedResponseError('a file list without entries');
      return entries.map((e) => normaliseFile(e, rid, this.baseUrl));
    };
    try {
      return await fetchFiles(id);
    } catch (e) {
      // A concept id has no files of its own: use its latest version's.
      if (e instanceof NotFoundError) return fetchFiles((await this.getRecord(id, opts)).id);
      throw e;
    }
  }

  async getRecordVersions(ref: string, params: { page?: number; size?: number; sort?: string } = {}, opts: CallOptions = {}): Promise<SearchResult<ZenodoRecord>> {
    const id = await this.recordIdFor(ref, opts);
    const page = Math.max(1, Math.floor(params.page ?? 1));
    const size = this.clampSize(params.size ?? this.maxPageSize);
    this.checkWindow(page, size);
    const query: Record<string, string> = { page: String(page), size: String(size) };
    if (params.sort) query.sort = this.checkSort(params.sort, RECORD_SORTS);
    const load = async (rid: string) => {
      const json = await this.getJson(`/api/records/${rid}/versions`, query, { signal: opts.signal, what: `The versions of record ${rid}` });
      return normaliseSearch(json, page, size, (h) => normaliseRecord(h, this.baseUrl), this.profile.maxResultWindow);
    };
    let result: SearchResult<ZenodoRecord>;
    try {
      result = await load(id);
    } catch (e) {
      // Zenodo answers 404 to /versions of a concept id: ask for its latest version's.
      if (!(e instanceof NotFoundError)) throw e;
      result = await load((await this.getRecord(id, opts)).id);
    }
    this.remember(result.hits);
    return result;
  }

  async getLatestRecordVersion(ref: string, opts: CallOptions = {}): Promise<ZenodoRecord> {
    const id = await this.recordIdFor(ref, opts);
    let rec: ZenodoRecord;
    try {
      // 301 to the latest version, followed by the scheduler.
      const json = await this.getJson(`/api/records/${id}/versions/latest`, undefined, { signal: opts.signal, what: `Record ${id}` });
      rec = normaliseRecord(json, this.baseUrl);
    } catch (e) {
      // A concept id itself redirects (302) to the latest version.
      if (!(e instanceof NotFoundError)) throw e;
      rec = await this.getRecord(id, opts);
    }
    this.remember([rec]);
    if (rec.conceptId) this.latestByConcept.set(rec.conceptId, { value: rec, at: this.now() });
    return rec;
  }

  async getRecordStats(ref: string, opts: CallOptions = {}): Promise<RecordStats & { fetchedAt: string }> {
    const rec = await this.getRecord(ref, opts);
    if (!rec.stats) throw new MalformedResponseError('a record without statistics');
    return { ...rec.stats, fetchedAt: new Date(this.now()).toISOString() };
  }

  async listCommunities(params: CommunitySearchParams = {}, opts: CallOptions = {}): Promise<SearchResult<Community>> {
    const page = Math.max(1, Math.floor(params.page ?? 1));
    const size = this.clampSize(params.size ?? 10);
    this.checkWindow(page, size);
    const query: Record<string, string> = { page: String(page), size: String(size) };
    if (params.q) query.q = params.q;
    if (params.sort) query.sort = this.checkSort(params.sort, COMMUNITY_SORTS);
    for (const k of ['type', 'funder', 'organization'] as const) if (params[k]) query[k] = params[k]!;
    const json = await this.getJson('/api/communities', query, { signal: opts.signal, what: 'The community search' });
    return normaliseSearch(json, page, size, (h) => normaliseCommunity(h, this.baseUrl), this.profile.maxResultWindow);
  }

  async getCommunity(slugOrId: string, opts: CallOptions = {}): Promise<Community> {
    const key = checkCommunityKey(slugOrId);
    const json = await this.getJson(`/api/communities/${encodeURIComponent(key)}`, undefined, { signal: opts.signal, what: `Community "${key}"` });
    return normaliseCommunity(json, this.baseUrl);
  }

  async searchCommunityRecords(slugOrId: string, params: RecordSearchParams = {}, opts: CallOptions = {}): Promise<SearchResult<ZenodoRecord>> {
    const key = checkCommunityKey(slugOrId);
    const { query, page, size } = this.recordSearchQuery(params);
    const json = await this.getJson(`/api/communities/${encodeURIComponent(key)}/records`, query, { budget: 'search', signal: opts.signal, what: `Community "${key}"` });
    const result = normaliseSearch(json, page, size, (h) => normaliseRecord(h, this.baseUrl), this.profile.maxResultWindow);
    this.remember(result.hits);
    return result;
  }

  async searchAndExtract(params: RecordSearchParams = {}, opts: CallOptions = {}): Promise<ExtractItem[]> {
    const result = await this.searchRecords(params, opts);
    return result.hits.map(extractItem);
  }

  // ---------------------------------------------------------------- conveniences built on them

  /** The latest version of what `ref` names, and whether `ref` already was it. */
  async resolveLatest(ref: string, opts: CallOptions = {}): Promise<{ given: ZenodoRecord | undefined; latest: ZenodoRecord; info: LatestInfo; isConcept: boolean }> {
    const [res] = await this.lookupReferences([ref], { ...opts, maxDetailLookups: 1 });
    if (res.error) throw res.error;
    const latest = res.latest ?? res.record;
    if (!latest) throw new NotFoundError(`"${ref}"`);
    const isConcept = res.status === 'concept';
    return {
      given: isConcept ? undefined : res.record,
      latest,
      isConcept,
      info: { id: latest.id, doi: latest.doi, conceptDoi: latest.conceptDoi, version: latest.version, isLatest: res.status === 'current' },
    };
  }

  /**
   * The batched look-up: N references resolve to their records in ⌈N/page⌉ search requests and to
   * their latest versions in at most ⌈N/page⌉ more (only for those not already the latest), where
   * page is 25 without a token and 100 with one. Results within the cache lifetime cost nothing.
   * Ids that no search finds are asked for one by one (at most `maxDetailLookups`) to tell a
   * deleted record (410, with its tombstone) from a restricted or a missing one.
   */
  async lookupReferences(inputs: string[], opts: LookupOptions = {}): Promise<LookupResult[]> {
    const parsed = inputs.map((input) => ({ input, ref: tryParseReference(input, this.profile) }));
    const cap = this.maxPageSize;

    // Round 1: records by id (any version) and by DOI.
    const needIds = new Set<string>();
    const needDois = new Set<string>();
    for (const { ref } of parsed) {
      if (!ref) continue;
      if (this.fresh(this.unresolved, referenceKey(ref))) continue;
      if (ref.kind === 'doi' && ref.id === undefined) {
        if (!this.fresh(this.byDoi, ref.doi)) needDois.add(ref.doi);
      } else {
        const id = ref.id!;
        if (!this.fresh(this.byId, id) && !this.fresh(this.latestByConcept, id)) needIds.add(id);
      }
    }
    const terms = [...[...needIds].map((id) => ({ field: 'recid', value: id })), ...[...needDois].map((d) => ({ field: 'doi', value: `"${d}"` }))];
    // Chunks go out together; the scheduler keeps them inside the rate-limit window.
    await Promise.all(chunks(terms, cap).map(async (chunk) => {
      const q = groupQuery(chunk);
      const json = await this.getJson('/api/records', { q, allversions: 'true', size: String(cap), page: '1', sort: 'newest' }, { budget: 'search', signal: opts.signal, what: 'The look-up' });
      const res = normaliseSearch(json, 1, cap, (h) => normaliseRecord(h, this.baseUrl));
      this.remember(res.hits);
    }));

    // Round 2: the latest version of each concept whose latest we do not know yet.
    const needConcepts = new Set<string>();
    for (const { ref } of parsed) {
      if (!ref) continue;
      const rec = this.recordFor(ref);
      if (rec) {
        if (rec.conceptId && !rec.isLatest && !this.fresh(this.latestByConcept, rec.conceptId)) needConcepts.add(rec.conceptId);
      } else if (ref.id !== undefined && !this.fresh(this.latestByConcept, ref.id) && !this.fresh(this.unresolved, referenceKey(ref))) {
        needConcepts.add(ref.id); // not a version id: perhaps a concept id
      }
    }
    await Promise.all(chunks([...needConcepts], cap).map(async (chunk) => {
      const q = `conceptrecid:(${chunk.join(' OR ')})`;
      const json = await this.getJson('/api/records', { q, size: String(cap), page: '1', sort: 'newest' }, { budget: 'search', signal: opts.signal, what: 'The look-up' });
      const res = normaliseSearch(json, 1, cap, (h) => normaliseRecord(h, this.baseUrl));
      this.remember(res.hits);
    }));

    // Details for what no search found.
    let detailBudget = opts.maxDetailLookups ?? 10;
    const detailCache = new Map<string, LookupResult>();
    const out: LookupResult[] = [];
    for (const { input, ref } of parsed) {
      if (!ref) {
        out.push({ input, status: 'invalid', error: new InvalidReferenceError(input) });
        continue;
      }
      const rec = this.recordFor(ref);
      if (rec) {
        const latest = rec.isLatest ? rec : rec.conceptId ? this.fresh(this.latestByConcept, rec.conceptId) : undefined;
        out.push({ input, reference: ref, status: !latest || latest.id === rec.id ? 'current' : 'superseded', record: rec, latest: latest ?? rec });
        continue;
      }
      const conceptLatest = ref.id !== undefined ? this.fresh(this.latestByConcept, ref.id) : undefined;
      if (conceptLatest) {
        out.push({ input, reference: ref, status: 'concept', record: conceptLatest, latest: conceptLatest });
        continue;
      }
      const key = referenceKey(ref);
      let detail = detailCache.get(key) ?? this.fresh(this.unresolved, key);
      if (!detail) {
        if (ref.id !== undefined && detailBudget > 0) {
          detailBudget--;
          detail = await this.detailFor(input, ref, opts);
          // Remember what is settled (deleted, restricted, missing); a passing error is not.
          if (detail.status === 'deleted' || detail.status === 'restricted' || detail.status === 'not-found') {
            this.unresolved.set(key, { value: detail, at: this.now() });
          }
        } else {
          detail = { input, reference: ref, status: 'not-found', error: new NotFoundError(ref.kind === 'doi' ? `DOI ${ref.doi}` : `Record ${ref.id}`) };
          // A DOI that the DOI search did not find is settled; an id we had no budget to ask for is not.
          if (ref.id === undefined) this.unresolved.set(key, { value: detail, at: this.now() });
        }
        detailCache.set(key, detail);
      }
      out.push({ ...detail, input });
    }
    return out;
  }

  private async detailFor(input: string, ref: Reference, opts: CallOptions): Promise<LookupResult> {
    try {
      const rec = await this.getRecord(ref.id!, opts);
      this.remember([rec]);
      // Found by id but not by search (index lag, or visible only with this token).
      const status: LookupStatus = rec.id !== ref.id ? 'concept' : rec.isLatest ? 'current' : 'superseded';
      let latest = rec;
      if (status === 'superseded') latest = await this.getLatestRecordVersion(rec.id, opts);
      return { input, reference: ref, status, record: rec, latest };
    } catch (e) {
      if (e instanceof DeletedError) return { input, reference: ref, status: 'deleted', tombstone: e.tombstone, error: e };
      if (e instanceof AccessDeniedError) return { input, reference: ref, status: 'restricted', error: e };
      if (e instanceof NotFoundError) return { input, reference: ref, status: 'not-found', error: e };
      if (e instanceof ZenodoError && e.kind === 'cancelled') throw e;
      return { input, reference: ref, status: 'error', error: e instanceof ZenodoError ? e : new MalformedResponseError(String(e)) };
    }
  }

  private recordFor(ref: Reference): ZenodoRecord | undefined {
    if (ref.kind === 'id' || ref.id !== undefined) return this.fresh(this.byId, ref.id!);
    return this.fresh(this.byDoi, ref.doi);
  }

  private fresh<T>(map: Map<string, Timed<T>>, key: string): T | undefined {
    const e = map.get(key);
    if (!e) return undefined;
    if (this.now() - e.at > this.ttl) {
      map.delete(key);
      return undefined;
    }
    return e.value;
  }

  private remember(recs: ZenodoRecord[]): void {
    const at = this.now();
    for (const r of recs) {
      this.byId.set(r.id, { value: r, at });
      if (r.doi) this.byDoi.set(r.doi.toLowerCase(), { value: r, at });
      if (r.isLatest && r.conceptId) this.latestByConcept.set(r.conceptId, { value: r, at });
    }
  }

  // ---------------------------------------------------------------- plumbing

  private async findByDoi(doi: string, opts: CallOptions): Promise<ZenodoRecord> {
    const json = await this.getJson('/api/records', { q: `doi:"${doi}"`, allversions: 'true', size: '1', page: '1' }, { budget: 'search', signal: opts.signal, what: `DOI ${doi}` });
    const res = normaliseSearch(json, 1, 1, (h) => normaliseRecord(h, this.baseUrl));
    const rec = res.hits.find((h) => h.doi?.toLowerCase() === doi) ?? res.hits[0];
    if (!rec) throw new NotFoundError(`DOI ${doi}`);
    this.remember([rec]);
    return rec;
  }

  /** The repository id for a reference; a non-repository DOI costs one search. */
  private async recordIdFor(ref: string, opts: CallOptions): Promise<string> {
    const r = this.parse(ref);
    if (r.kind === 'doi' && r.id === undefined) return (await this.findByDoi(r.doi, opts)).id;
    return r.id!;
  }

  private recordSearchQuery(p: RecordSearchParams): { query: Record<string, string | string[]>; page: number; size: number } {
    const page = Math.max(1, Math.floor(p.page ?? 1));
    const size = this.clampSize(p.size ?? 10);
    this.checkWindow(page, size);
    const query: Record<string, string | string[]> = { page: String(page), size: String(size) };
    if (p.q && p.q.trim()) query.q = p.q.trim();
    if (p.sort) query.sort = this.checkSort(p.sort, RECORD_SORTS);
    if (p.type) query.type = p.type;
    if (p.subtype) query.subtype = p.subtype;
    if (p.communities) query.communities = Array.isArray(p.communities) ? p.communities : [p.communities];
    if (p.resource_type) query.resource_type = p.resource_type;
    const status = p.access_status ?? (p.access_right ? ACCESS_RIGHT_TO_STATUS[p.access_right.toLowerCase()] : undefined);
    if (p.access_right && !status) throw new InvalidRequestError(`Unknown access right "${p.access_right}". Use open, embargoed, restricted or closed.`);
    if (status) query.access_status = status;
    if (p.file_type) query.file_type = p.file_type;
    if (p.subject) query.subject = p.subject;
    if (p.publication_date) query.publication_date = p.publication_date;
    if (p.allversions) query.allversions = 'true';
    return { query, page, size };
  }

  private clampSize(size: number): number {
    const n = Math.floor(Number(size));
    if (!Number.isFinite(n) || n < 1) return 1;
    return Math.min(n, this.maxPageSize);
  }

  private checkWindow(page: number, size: number): void {
    if ((page - 1) * size >= this.profile.maxResultWindow) {
      throw new InvalidRequestError(`The repository shows at most the first ${this.profile.maxResultWindow.toLocaleString('en')} results; refine the query instead of paging further.`);
    }
  }

  private checkSort(sort: string, allowed: readonly string[]): string {
    if (!allowed.includes(sort)) throw new InvalidRequestError(`Unknown sort "${sort}". Use one of: ${allowed.filter((s) => !s.startsWith('-')).join(', ')}.`);
    return sort;
  }

  private async getJson(path: string, query: Record<string, string | string[]> | undefined, o: { accept?: string; budget?: Budget; signal?: AbortSignal; what: string }): Promise<unknown> {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(query ?? {})) {
      for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, one);
    }
    const headers: Record<string, string> = { Accept: o.accept ?? RDM_JSON, 'User-Agent': this.userAgent };
    if (this.#token && mayCarryToken(url.toString())) headers.Authorization = `Bearer ${this.#token}`;
    const req = { url: url.toString(), headers, budget: o.budget ?? 'general', signal: o.signal } as const;
    const res = await this.scheduler.get(req);
    try {
      const json = checkResponse(res, o.what);
      const problem = res.status >= 200 && res.status < 300 ? shapeProblem(path, json) : undefined;
      if (problem) throw new MalformedResponseError(problem);
      return json;
    } catch (e) {
      // An unreadable 200 was cached like a good one: drop it, or every retry would get it again.
      if (e instanceof MalformedResponseError) this.scheduler.evict(req);
      throw e;
    }
  }
}

/** What a successful answer to `path` must have to be read at all (undefined when it has it). */
function shapeProblem(path: string, json: unknown): string | undefined {
  const o = json as Record<string, any>;
  if (/^\/api\/(records|communities)$|\/(versions|records)$/.test(path)) {
    return Array.isArray(o.hits?.hits) ? undefined : 'a search answer without hits';
  }
  if (/\/files$/.test(path)) return undefined; // checked by getRecordFiles (entries may be a list or a map)
  if (/^\/api\/records\/[^/]+(\/versions\/latest)?$/.test(path)) {
    return o.id !== undefined && o.metadata && typeof o.metadata === 'object' ? undefined : 'a record without its id or metadata';
  }
  return undefined;
}

/** Map an HTTP answer to JSON or to a typed error. */
export function checkResponse(res: HttpResponse, what: string): unknown {
  const s = res.status;
  if (s >= 200 && s < 300) {
    const json = parseJson(res);
    if (!json || typeof json !== 'object') throw new MalformedResponseError('not a JSON object');
    return json;
  }
  const body = safeJson(res.text);
  const message = typeof body?.message === 'string' ? body.message : undefined;
  if (s === 400) {
    const errors = Array.isArray(body?.errors) ? body.errors.map((e: any) => ({ field: String(e?.field ?? ''), messages: Array.isArray(e?.messages) ? e.messages.map(String) : [String(e?.message ?? '')] })) : [];
    throw new InvalidRequestError(`The repository rejected the request: ${message ?? 'bad request'}`, errors);
  }
  if (s === 401) throw new UnauthorizedError();
  if (s === 403) throw new AccessDeniedError(what.replace(/^The /, 'the '));
  if (s === 404) throw new NotFoundError(what);
  if (s === 410) {
    const t = body?.tombstone ?? {};
    throw new DeletedError(what, {
      reason: String(t?.removal_reason?.id ?? (message === 'The record has been deleted.' ? 'deleted' : 'deleted')),
      note: typeof t?.note === 'string' ? t.note : undefined,
      removalDate: typeof t?.removal_date === 'string' ? t.removal_date : undefined,
      citationText: typeof t?.citation_text === 'string' ? t.citation_text : undefined,
      removedBy: t?.removed_by?.user !== undefined ? String(t.removed_by.user) : undefined,
    });
  }
  if (s === 429) throw new RateLimitedError(Number(res.headers['retry-after']) || undefined);
  if (s >= 500) throw new ServerError(s);
  throw new InvalidRequestError(`The repository refused the request (HTTP ${s}${message ? `: ${message}` : ''}).`, [], s);
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function chunks<T>(items: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

/** `recid:(1 OR 2) OR doi:("10.1/a" OR "10.1/b")` */
function groupQuery(terms: Array<{ field: string; value: string }>): string {
  const byField = new Map<string, string[]>();
  for (const t of terms) byField.set(t.field, [...(byField.get(t.field) ?? []), t.value]);
  return [...byField].map(([f, vs]) => `${f}:(${vs.join(' OR ')})`).join(' OR ');
}

function checkCommunityKey(s: string): string {
  const k = (s ?? '').trim();
  if (!k || k.length > 200 || /[/?#\s]/.test(k)) throw new InvalidRequestError(`"${s}" is not a community slug or id. Use the slug from the community's URL, e.g. "zenodo" in https://zenodo.org/communities/zenodo.`);
  return k;
}
