/**
 * zenodo-cite: the command line over the same core as the extension.
 *   zenodo-cite <command> [args] [--json] [--base-url URL]
 * The token comes only from the environment (ZENODO_TOKEN), never from a flag (flags end up in shell
 * history and process lists). Exit codes: 0 done · 2 usage or unreadable reference · 3 not found or
 * deleted · 4 access denied · 5 network, server or rate limit after retries.
 */
import { parseArgs } from 'node:util';
import { ZenodoClient, RecordSearchParams } from '../core/client';
import { ZenodoError, describeError } from '../core/errors';
import { Community, SearchResult, ZenodoRecord } from '../core/models';
import { VERSION } from '../core/version';
import { CITE_COMMANDS } from './cite';
import { CHECK_COMMANDS } from './check';

export interface CliIO {
  out(s: string): void;
  err(s: string): void;
  env: Record<string, string | undefined>;
}

const SEARCH_FLAGS = {
  page: { type: 'string' }, size: { type: 'string' }, sort: { type: 'string' }, type: { type: 'string' },
  subtype: { type: 'string' }, communities: { type: 'string', multiple: true }, 'access-right': { type: 'string' },
  'resource-type': { type: 'string' }, 'all-versions': { type: 'boolean' },
} as const;

const COMMON = { json: { type: 'boolean' }, 'base-url': { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

interface Command {
  usage: string;
  summary: string;
  flags: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;
  positionals: number;
  /** A number is the exit code (e.g. `check`: 1 when a reference needs a change). */
  run(client: ZenodoClient, pos: string[], v: Record<string, any>, io: CliIO): Promise<void | number>;
}

const COMMANDS: Record<string, Command> = {
  search: {
    usage: 'search [query] [--page N] [--size N] [--sort S] [--type T] [--subtype S] [--communities SLUG]... [--access-right R] [--resource-type T] [--all-versions]',
    summary: 'Search records.',
    flags: SEARCH_FLAGS,
    positionals: -1,
    async run(c, pos, v, io) {
      const res = await c.searchRecords(searchParams(pos, v));
      if (v.json) io.out(json({ total: res.total, page: res.page, size: res.size, hits: res.hits, aggregations: res.aggregations }));
      else io.out(recordTable(res));
    },
  },
  record: {
    usage: 'record <ref>', summary: 'Show a record (id, DOI or URL).', flags: {}, positionals: 1,
    async run(c, [ref], v, io) {
      const r = await c.getRecord(ref);
      io.out(v.json ? json(r) : recordText(r));
    },
  },
  files: {
    usage: 'files <ref>', summary: "List a record's files.", flags: {}, positionals: 1,
    async run(c, [ref], v, io) {
      const files = await c.getRecordFiles(ref);
      io.out(v.json ? json(files) : table(['key', 'size', 'checksum', 'mimetype'], files.map((f) => [f.key, humanSize(f.size), f.checksum, f.mimetype])));
    },
  },
  versions: {
    usage: 'versions <ref> [--page N] [--size N] [--sort S]', summary: "List a record's versions (newest first).",
    flags: { page: { type: 'string' }, size: { type: 'string' }, sort: { type: 'string' } }, positionals: 1,
    async run(c, [ref], v, io) {
      const res = await c.getRecordVersions(ref, { page: intFlag(v.page, 'page'), size: intFlag(v.size, 'size'), sort: v.sort });
      if (v.json) io.out(json({ total: res.total, page: res.page, size: res.size, hits: res.hits }));
      else io.out(table(['id', 'version', 'date', 'doi', ''], res.hits.map((r) => [r.id, r.version ?? '', r.publicationDate ?? '', r.doi ?? '', r.isLatest ? 'latest' : ''])) + footer(res));
    },
  },
  latest: {
    usage: 'latest <ref>', summary: "Print the latest version's DOI.", flags: {}, positionals: 1,
    async run(c, [ref], v, io) {
      const { info } = await c.resolveLatest(ref);
      io.out(v.json ? json(info) : (info.doi ?? `${c.baseUrl}/records/${info.id}`));
    },
  },
  stats: {
    usage: 'stats <ref>', summary: 'Views and downloads (all versions, and this version as version_*).', flags: {}, positionals: 1,
    async run(c, [ref], v, io) {
      const s = await c.getRecordStats(ref);
      const { fetchedAt: _f, ...flat } = s;
      const ordered = {
        views: flat.views, downloads: flat.downloads, unique_views: flat.unique_views, unique_downloads: flat.unique_downloads,
        version_views: flat.version_views, version_downloads: flat.version_downloads,
        version_unique_views: flat.version_unique_views, version_unique_downloads: flat.version_unique_downloads,
      };
      if (v.json) io.out(json(ordered));
      else io.out(table(['', 'all versions', 'this version'], [
        ['views', String(s.views), String(s.version_views)],
        ['unique views', String(s.unique_views), String(s.version_unique_views)],
        ['downloads', String(s.downloads), String(s.version_downloads)],
        ['unique downloads', String(s.unique_downloads), String(s.version_unique_downloads)],
      ]) + `\nfetched ${s.fetchedAt} (the repository re-indexes statistics every few hours)`);
    },
  },
  communities: {
    usage: 'communities [query] [--page N] [--size N] [--sort S] [--type T] [--funder F] [--organization O]', summary: 'Search communities.',
    flags: { page: { type: 'string' }, size: { type: 'string' }, sort: { type: 'string' }, type: { type: 'string' }, funder: { type: 'string' }, organization: { type: 'string' } },
    positionals: -1,
    async run(c, pos, v, io) {
      const res = await c.listCommunities({ q: pos.join(' ') || undefined, page: intFlag(v.page, 'page'), size: intFlag(v.size, 'size'), sort: v.sort, type: v.type, funder: v.funder, organization: v.organization });
      if (v.json) io.out(json({ total: res.total, page: res.page, size: res.size, hits: res.hits, aggregations: res.aggregations }));
      else io.out(communityTable(res));
    },
  },
  community: {
    usage: 'community <slug|uuid>', summary: 'Show a community.', flags: {}, positionals: 1,
    async run(c, [slug], v, io) {
      const com = await c.getCommunity(slug);
      io.out(v.json ? json(com) : [`${com.title} (${com.slug})`, `id: ${com.id}`, com.type ? `type: ${com.type}` : '', com.website ? `website: ${com.website}` : '', com.links.html ? `url: ${com.links.html}` : ''].filter(Boolean).join('\n'));
    },
  },
  'community-records': {
    usage: 'community-records <slug|uuid> [query] [--page N] [--size N] [--sort S] …', summary: 'Search records in a community.',
    flags: SEARCH_FLAGS, positionals: -1,
    async run(c, pos, v, io) {
      if (pos.length < 1) throw new UsageError('community-records needs a community slug or id.');
      const [slug, ...rest] = pos;
      const res = await c.searchCommunityRecords(slug, searchParams(rest, v));
      if (v.json) io.out(json({ total: res.total, page: res.page, size: res.size, hits: res.hits, aggregations: res.aggregations }));
      else io.out(recordTable(res));
    },
  },
  extract: {
    usage: 'extract [query] [--page N] [--size N] [--sort S] …', summary: 'Search and print flat items (doi, url, date, lang, title, source, authors, abstract, keywords, download_link).',
    flags: SEARCH_FLAGS, positionals: -1,
    async run(c, pos, v, io) {
      const items = await c.searchAndExtract(searchParams(pos, v));
      if (v.json) io.out(json(items));
      else io.out(items.map((i) => `${i.title}\n  ${i.authors.join('; ')}\n  ${i.date ?? ''}  ${i.doi ?? ''}\n  ${(i.abstract ?? '').slice(0, 200)}`).join('\n\n') || 'No results.');
    },
  },
  ...CITE_COMMANDS,
  ...CHECK_COMMANDS,
};

class UsageError extends Error {}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.out(VERSION);
    return 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    io.err(`zenodo-cite: unknown command "${name}". Run "zenodo-cite --help" for the list.`);
    return 2;
  }
  let values: Record<string, any>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: rest, options: { ...COMMON, ...cmd.flags } as any, allowPositionals: true, strict: true }));
  } catch (e) {
    if (rest.some((a) => /^--token(=|$)/.test(a))) {
      io.err('zenodo-cite: the token is read only from the ZENODO_TOKEN environment variable, never from a flag.');
    } else {
      io.err(`zenodo-cite ${name}: ${describeError(e).replace(/\. To specify.*$/, '')}. Usage: zenodo-cite ${cmd.usage}`);
    }
    return 2;
  }
  if (values.help) {
    io.out(`Usage: zenodo-cite ${cmd.usage}\n\n${cmd.summary}\n\nCommon options:\n  --json            machine-readable output\n  --base-url URL    repository (default $ZENODO_BASE_URL or https://zenodo.org)\n  -h, --help        this help\n\nEnvironment: ZENODO_TOKEN (access token), ZENODO_BASE_URL.`);
    return 0;
  }
  if (cmd.positionals > 0 && positionals.length !== cmd.positionals) {
    io.err(`zenodo-cite ${name}: expected ${cmd.positionals} argument${cmd.positionals > 1 ? 's' : ''}. Usage: zenodo-cite ${cmd.usage}`);
    return 2;
  }
  let client: ZenodoClient;
  try {
    client = new ZenodoClient({ baseUrl: values['base-url'] ?? io.env.ZENODO_BASE_URL ?? undefined, token: io.env.ZENODO_TOKEN || undefined });
  } catch (e) {
    io.err(`zenodo-cite: ${describeError(e)}`);
    return 2;
  }
  try {
    const code = await cmd.run(client, positionals, values, io);
    return typeof code === 'number' ? code : 0;
  } catch (e) {
    const token = io.env.ZENODO_TOKEN;
    let msg = describeError(e);
    if (token) msg = msg.split(token).join('***');
    io.err(`zenodo-cite ${name}: ${msg}`);
    return exitCode(e);
  }
}

export function exitCode(e: unknown): number {
  if (e instanceof UsageError) return 2;
  if (!(e instanceof ZenodoError)) return 5;
  switch (e.kind) {
    case 'invalid-reference':
    case 'invalid-request':
      return 2;
    case 'not-found':
    case 'deleted':
      return 3;
    case 'access-denied':
    case 'unauthorized':
      return 4;
    default:
      return 5;
  }
}

function searchParams(pos: string[], v: Record<string, any>): RecordSearchParams {
  return {
    q: pos.join(' ') || undefined,
    page: intFlag(v.page, 'page'),
    size: intFlag(v.size, 'size'),
    sort: v.sort,
    type: v.type,
    subtype: v.subtype,
    communities: v.communities,
    access_right: v['access-right'],
    resource_type: v['resource-type'],
    allversions: v['all-versions'] || undefined,
  };
}

function intFlag(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive whole number, not "${v}".`);
  return n;
}

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return [
    `zenodo-cite ${VERSION}: Zenodo (and any InvenioRDM repository) from the command line.`,
    '',
    'Usage: zenodo-cite <command> [arguments] [--json] [--base-url URL]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([k, c]) => `  ${k.padEnd(width)}  ${c.summary}`),
    '',
    'A <ref> is a record id, a DOI (10.5281/zenodo.N, doi:…, https://doi.org/…) or a record URL.',
    'Environment: ZENODO_TOKEN (access token; never pass it as a flag), ZENODO_BASE_URL.',
    'Exit codes: 0 done, 2 usage or bad reference, 3 not found or deleted, 4 access denied, 5 network/server/rate limit.',
    'Run "zenodo-cite <command> --help" for a command\'s options.',
  ].join('\n');
}

const json = (v: unknown) => JSON.stringify(v, null, 2);

export function humanSize(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let x = n;
  while (x >= 1000 && i < units.length - 1) {
    x /= 1000;
    i++;
  }
  return `${i === 0 ? x : x.toFixed(x < 10 ? 1 : 0)} ${units[i]}`;
}

function table(head: string[], rows: string[][]): string {
  if (rows.length === 0) return 'No results.';
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const fmt = (r: string[]) => r.map((c, i) => clip(c ?? '', widths[i]).padEnd(widths[i])).join('  ').trimEnd();
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

function clip(s: string, w: number): string {
  return s.length > w ? `${s.slice(0, w - 1)}…` : s;
}

function footer(res: SearchResult<unknown>): string {
  const shown = res.hits.length;
  return `\n${shown} of ${res.total.toLocaleString('en')}${res.nextPage ? ` — next: --page ${res.nextPage}` : ''}`;
}

function recordTable(res: SearchResult<ZenodoRecord>): string {
  return table(['id', 'title', 'version', 'date', 'type', 'access'], res.hits.map((r) => [r.id, r.title, r.version ?? '', r.publicationDate ?? '', r.resourceType.id, r.accessStatus])) + footer(res);
}

function communityTable(res: SearchResult<Community>): string {
  return table(['slug', 'title', 'type'], res.hits.map((c) => [c.slug, c.title, c.type ?? ''])) + footer(res);
}

function recordText(r: ZenodoRecord): string {
  return [
    r.title,
    r.creators.map((c) => c.name + (c.orcid ? ` (orcid ${c.orcid})` : '')).join('; '),
    '',
    `id:          ${r.id}${r.isLatest ? ' (latest version)' : ''}`,
    `doi:         ${r.doi ?? '-'}`,
    `concept doi: ${r.conceptDoi ?? '-'}`,
    `version:     ${r.version ?? '-'}`,
    `published:   ${r.publicationDate ?? '-'}`,
    `type:        ${r.resourceType.title}`,
    `access:      ${r.accessStatus}${r.embargoUntil ? ` until ${r.embargoUntil}` : ''}`,
    r.license ? `license:     ${r.license.title}` : '',
    `url:         ${r.links.html}`,
    r.files.length ? `files:       ${r.files.map((f) => `${f.key} (${humanSize(f.size)})`).join(', ')}` : '',
    '',
    r.descriptionText.slice(0, 600),
  ].filter((l, i, a) => l !== '' || (a[i - 1] ?? '') !== '').join('\n');
}

if (require.main === module) {
  run(process.argv.slice(2), {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    env: process.env,
  }).then((code) => {
    process.exitCode = code;
  }, (e) => {
    process.stderr.write(`zenodo-cite: ${describeError(e)}\n`);
    process.exitCode = 5;
  });
}
