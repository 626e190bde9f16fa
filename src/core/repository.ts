/**
 * What we know about a repository (Zenodo or any InvenioRDM instance). Every Zenodo-specific
 * assumption (its hosts, its DOI prefix 10.5281/zenodo.<id>, its page-size caps) lives here.
 */
export const ZENODO_BASE_URL = 'https://zenodo.org';
export const ZENODO_SANDBOX_URL = 'https://sandbox.zenodo.org';

export interface RepositoryProfile {
  /** Normalised base URL without a trailing slash, e.g. https://zenodo.org */
  baseUrl: string;
  /**
   * DOI prefixes whose suffix carries the record id: `<prefix><id>`, e.g. "10.5281/zenodo." on
   * zenodo.org, "10.5072/zenodo." on the sandbox. Other DOIs are resolved by a `doi:"…"` search.
   */
  recordDoiPrefixes: string[];
  /** Hosts whose record URLs (/records/N, /record/N, /doi/…, /badge/DOI/…) we recognise. */
  hosts: string[];
  /** Largest page size without and with a token. */
  maxPageSize: { guest: number; authenticated: number };
  /** Largest (page-1)*size+size the search engine serves. */
  maxResultWindow: number;
}

export function normaliseBaseUrl(input: string): string {
  let s = input.trim();
  if (!/^https?:\/\//i.test(s)) throw new Error(`The base URL "${input}" must start with https:// (or http:// for a local server).`);
  s = s.replace(/\/+$/, '').replace(/\/api$/, '');
  const u = new URL(s);
  return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname.replace(/\/+$/, '')}`;
}

export function repositoryProfile(baseUrl: string = ZENODO_BASE_URL, extraDoiPrefixes: string[] = []): RepositoryProfile {
  const base = normaliseBaseUrl(baseUrl);
  const host = new URL(base).host.toLowerCase();
  const prefixes = new Set<string>(extraDoiPrefixes.map((p) => p.toLowerCase()));
  const hosts = new Set<string>([host]);
  if (host === 'zenodo.org' || host === 'www.zenodo.org') {
    prefixes.add('10.5281/zenodo.');
    hosts.add('zenodo.org').add('www.zenodo.org');
  } else if (host === 'sandbox.zenodo.org') {
    prefixes.add('10.5072/zenodo.');
  } else if (isLoopback(host)) {
    // The local Zenodo server serves zenodo.org's recordings: same DOI prefix and hosts.
    prefixes.add('10.5281/zenodo.');
    hosts.add('zenodo.org').add('www.zenodo.org');
  }
  return {
    baseUrl: base,
    recordDoiPrefixes: [...prefixes],
    hosts: [...hosts],
    maxPageSize: { guest: 25, authenticated: 100 },
    maxResultWindow: 10_000,
  };
}

export function isLoopback(host: string): boolean {
  const h = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** The token may go only over https, or plain http to a loopback server (local testing). */
export function mayCarryToken(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || (u.protocol === 'http:' && isLoopback(u.host));
  } catch {
    return false;
  }
}
