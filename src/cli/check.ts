/**
 * zenodo-cite check [paths…] [--policy latest|pinned|concept] [--json] [--fix]
 *
 * Finds the repository's references in papers, READMEs and metadata (.md .tex .bib .cff
 * .zenodo.json .rst .txt .html .ipynb; directories are walked, honouring .gitignore files and
 * skipping .git and node_modules), looks them all up in ⌈N/25⌉ (⌈N/100⌉ with a token) batched
 * searches plus as many for latest versions, and prints `file:line:col: message` for each problem.
 * Exit code 1 when a reference is superseded, deleted or missing (per the policy), 0 when all are
 * current. `--fix` rewrites the checked files (never any other), each atomically: a temporary file
 * in the same folder, then a rename; a file that changed since it was read is left alone.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ignore, { Ignore } from 'ignore';
import type { ZenodoClient } from '../core/client';
import { fileKindOf, FileKind, scanText, ScannedReference, LineIndex } from '../core/scanner';
import { applyEdits, CITATION_POLICIES, CitationPolicy, indexLookups, lookupInputs, planFile } from '../core/update';
import type { CliIO } from './main';

/** Files larger than this are skipped (a log or a data dump, not a paper). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);

export interface CheckedFile {
  path: string;
  kind: FileKind;
  text: string;
  refs: ScannedReference[];
}

/** Every scannable file under the given paths (files named explicitly are always taken). */
export async function collectFiles(paths: string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (p: string) => {
    if (!seen.has(p)) {
      seen.add(p);
      out.push(p);
    }
  };
  for (const p of paths.length ? paths : ['.']) {
    const abs = path.resolve(cwd, p);
    let st;
    try {
      st = await fs.stat(abs);
    } catch {
      throw new CheckUsageError(`${p}: no such file or folder.`);
    }
    if (st.isDirectory()) await walk(abs, abs, [], add);
    else add(abs);
  }
  return out;
}

interface Rules { base: string; ig: Ignore }

async function walk(root: string, dir: string, rules: Rules[], add: (p: string) => void): Promise<void> {
  let here = rules;
  try {
    const gi = await fs.readFile(path.join(dir, '.gitignore'), 'utf8');
    here = [...rules, { base: dir, ig: ignore().add(gi) }];
  } catch {
    // no .gitignore here
  }
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory() && SKIP_DIRS.has(e.name)) continue;
    if (isIgnored(here, abs, e.isDirectory())) continue;
    if (e.isDirectory()) await walk(root, abs, here, add);
    else if (e.isFile() && fileKindOf(e.name)) add(abs);
  }
}

function isIgnored(rules: Rules[], abs: string, dir: boolean): boolean {
  for (const r of rules) {
    const rel = path.relative(r.base, abs).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (r.ig.ignores(dir ? `${rel}/` : rel)) return true;
  }
  return false;
}

export class CheckUsageError extends Error {}

export const CHECK_COMMANDS = {
  check: {
    usage: 'check [paths…] [--policy latest|pinned|concept] [--fix] [--json]',
    summary: 'Find outdated Zenodo references in papers, READMEs, BibTeX and CFF; exit 1 when one is superseded or deleted.',
    flags: { policy: { type: 'string' as const }, fix: { type: 'boolean' as const } },
    positionals: -1,
    async run(client: ZenodoClient, pos: string[], v: Record<string, any>, io: CliIO): Promise<number> {
      const policy = (v.policy ?? 'latest') as CitationPolicy;
      if (!CITATION_POLICIES.includes(policy)) {
        io.err(`zenodo-cite check: --policy must be one of ${CITATION_POLICIES.join(', ')}, not "${v.policy}".`);
        return 2;
      }
      const cwd = io.env.ZENODO_CITE_CWD ?? process.cwd();
      let files: string[];
      try {
        files = await collectFiles(pos, cwd);
      } catch (e) {
        if (e instanceof CheckUsageError) {
          io.err(`zenodo-cite check: ${e.message}`);
          return 2;
        }
        throw e;
      }
      const checked: CheckedFile[] = [];
      for (const f of files) {
        let st;
        try {
          st = await fs.stat(f);
        } catch {
          continue;
        }
        if (st.size > MAX_FILE_BYTES) {
          io.err(`${rel(cwd, f)}: skipped (larger than ${MAX_FILE_BYTES / 1024 / 1024} MB)`);
          continue;
        }
        const text = await fs.readFile(f, 'utf8');
        const kind = fileKindOf(f) ?? 'text';
        checked.push({ path: f, kind, text, refs: scanText(text, kind, { profile: client.profile }) });
      }
      const all = checked.flatMap((c) => c.refs);
      const before = client.scheduler.networkRequests;
      const results = all.length ? await client.lookupReferences(lookupInputs(all)) : [];
      const lookups = indexLookups(results);
      let problems = 0;
      const lines: string[] = [];
      const report: unknown[] = [];
      const fixed: { path: string; line: number; column: number; from: string; to: string }[] = [];
      for (const c of checked) {
        const plan = planFile(c.text, c.refs, lookups, policy, client.profile);
        const shown = rel(cwd, c.path);
        const refsJson = [];
        for (const f of plan.findings) {
          if (f.problem) problems++;
          if (f.problem) lines.push(`${shown}:${f.ref.line + 1}:${f.ref.column + 1}: ${f.ref.text.replace(/\s+/g, '')}: ${f.message}`);
          refsJson.push({
            line: f.ref.line + 1, column: f.ref.column + 1, text: f.ref.text, form: f.ref.form, id: f.ref.id,
            status: f.status, problem: f.problem, message: f.message,
            latest: f.latest ? { id: f.latest.id, doi: f.latest.doi, version: f.latest.version, date: f.latest.publicationDate } : undefined,
            conceptDoi: f.record?.conceptDoi ?? f.latest?.conceptDoi,
            fixes: f.fixes,
          });
        }
        if (c.refs.length) report.push({ path: shown, references: refsJson });
        if (v.fix && plan.edits.length) {
          const changedOnDisk = (await fs.readFile(c.path, 'utf8')) !== c.text;
          if (changedOnDisk) {
            io.err(`${shown}: changed while it was being checked; not rewritten`);
            continue;
          }
          await writeAtomically(c.path, applyEdits(c.text, plan.edits));
          const idx = new LineIndex(c.text);
          for (const ch of plan.changes) {
            const p = idx.position(ch.ref.target.start);
            fixed.push({ path: shown, line: p.line + 1, column: p.column + 1, from: ch.from.replace(/\s+/g, ''), to: ch.to });
            if (plan.findings.find((x) => x.ref === ch.ref)?.problem) problems--;
          }
        }
      }
      const requests = client.scheduler.networkRequests - before;
      if (v.json) {
        io.out(JSON.stringify({ policy, files: report, references: all.length, distinct: lookups.size, problems, fixed, requests }, null, 2));
      } else {
        for (const l of lines) io.out(l);
        for (const f of fixed) io.out(`${f.path}:${f.line}:${f.column}: updated ${f.from} → ${f.to}`);
        io.out(`${all.length} reference${all.length === 1 ? '' : 's'} (${lookups.size} distinct) in ${checked.length} file${checked.length === 1 ? '' : 's'}: ${problems === 0 ? 'all current' : `${problems} to fix`}${fixed.length ? `, ${fixed.length} updated` : ''} (policy ${policy}, ${requests} request${requests === 1 ? '' : 's'})`);
      }
      return problems > 0 ? 1 : 0;
    },
  },
};

function rel(cwd: string, p: string): string {
  const r = path.relative(cwd, p);
  return r && !r.startsWith('..') && !path.isAbsolute(r) ? r.split(path.sep).join('/') : p;
}

/** Write a file through a temporary file in the same folder and a rename, keeping its mode. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.zenodo-cite-${process.pid}-${Date.now()}.tmp`);
  let mode: number | undefined;
  try {
    mode = (await fs.stat(file)).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  try {
    await fs.writeFile(tmp, text, { encoding: 'utf8', mode });
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}
