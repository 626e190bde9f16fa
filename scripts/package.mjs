#!/usr/bin/env node
// `npm run package`: the production .vsix, exactly what ships.
//
//   node scripts/package.mjs [--out FILE.vsix] [--json]
//
// 1. stages the shipped files (manifest, nls, l10n, media, README, CHANGELOG, LICENSE,
//    .vscodeignore) in a temporary folder, so a development build running in the working tree at
//    the same time can neither race nor leak into the package;
// 2. builds every bundle there with `node esbuild.mjs --production --out <stage>/dist` (minified,
//    no source maps, no integration tests);
// 3. runs `vsce package --no-dependencies` there (esbuild bundled every dependency);
// 4. prints the .vsix path, its size and its file count (`--json`: one JSON line).
// The browser tier installs this same .vsix (test/browser/vsix.mjs calls packageExtension()).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Files and folders copied into the stage (vsce then applies .vscodeignore to them). */
const STAGED = ['package.json', 'package.nls.json', 'l10n', 'media', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore'];

function run(cmd, args, cwd) {
  // Not the caller's NODE_OPTIONS (e.g. `--import tsx` of the test runners): it would not resolve
  // from the staging folder.
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

/** The entries of a .vsix (a zip), read from its central directory (no unzip tool needed). */
export function zipEntries(file) {
  const buf = readFileSync(file);
  // End of central directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry`);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size, compressedSize, method, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The bytes of one entry of a .vsix (stored or deflated), or null when it has no such entry. */
export function zipRead(file, name) {
  const e = zipEntries(file).find((x) => x.name === name);
  if (!e) return null;
  const buf = readFileSync(file);
  const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  if (e.method === 0) return Buffer.from(data);
  if (e.method === 8) return inflateRawSync(data);
  throw new Error(`${name}: unsupported zip method ${e.method}`);
}

/**
 * Builds and packages the extension.
 * @param {{out?: string, log?: (line: string) => void}} [opts]
 * @returns {{vsix: string, bytes: number, files: string[], seconds: number}} files: the extension's
 *   files inside the .vsix (paths under `extension/`, without that prefix)
 */
export function packageExtension({ out, log = () => {} } = {}) {
  const t0 = Date.now();
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  const vsix = resolve(out ?? join(REPO, `${pkg.name}-${pkg.version}.vsix`));
  mkdirSync(dirname(vsix), { recursive: true });
  const stage = mkdtempSync(join(tmpdir(), 'zenodo-vsix-'));
  try {
    for (const f of STAGED) {
      const from = join(REPO, f);
      if (!existsSync(from)) continue;
      // The README's screenshots are not shipped (.vscodeignore); vsce links them from the repository.
      cpSync(from, join(stage, f), { recursive: true, filter: (src) => !src.startsWith(join(REPO, 'media', 'screenshots')) });
    }
    log(`[package] production build into ${stage}/dist`);
    run(process.execPath, [join(REPO, 'esbuild.mjs'), '--production', '--out', join(stage, 'dist')], REPO);
    const vsce = join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
    log('[package] vsce package');
    const args = [vsce, 'package', '--no-dependencies', '--no-update-package-json', '-o', vsix];
    try {
      run(process.execPath, args, stage);
    } catch (e) {
      // vsce occasionally reads a file while the OS still flushes it: once more.
      if (!/unexpected number of bytes/.test(e.message)) throw e;
      run(process.execPath, args, stage);
    }
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  const files = zipEntries(vsix).map((e) => e.name).filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
  return { vsix, bytes: statSync(vsix).size, files, seconds: (Date.now() - t0) / 1000 };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  const o = argv.indexOf('--out');
  const json = argv.includes('--json');
  try {
    const r = packageExtension({ out: o >= 0 ? argv[o + 1] : undefined, log: json ? undefined : (l) => console.log(l) });
    if (json) console.log(JSON.stringify(r));
    else console.log(`[package] ${r.vsix}: ${(r.bytes / 1024).toFixed(0)} KiB, ${r.files.length} files, in ${r.seconds.toFixed(1)} s`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
