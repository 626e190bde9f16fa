// Packages the extension as a .vsix the way it ships, for the browser tier to install into the
// offline host: the project's own `npm run package` (scripts/package.mjs: a staged production build
// and vsce, so a development build running in the tree can neither race nor leak into it). Other
// extension folders (throwaway extensions in tests of the harness) are packaged in place with vsce.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ARTIFACTS_DIR, REPO } from '../../scripts/host/paths.mjs';
import { packageExtension } from '../../scripts/package.mjs';

export const VSIX_PATH = join(ARTIFACTS_DIR, 'zenodo-vscode.vsix');
/** Used only while the project has no .vscodeignore of its own. */
export const FALLBACK_IGNORE = join(REPO, 'test', 'browser', 'vscodeignore.fallback');

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  return `${r.stdout}${r.stderr}`;
}

const packaged = new Map();

/**
 * Builds (production) and packages an extension folder into a .vsix, once per test process
 * (every browser test file shares it) unless `fresh`.
 * @param {{dir?: string, out?: string, build?: boolean, fresh?: boolean}} [opts]
 * @returns {string} the .vsix path
 */
export function packageVsix({ dir = REPO, out = VSIX_PATH, build = true, fresh = false } = {}) {
  dir = resolve(dir);
  out = resolve(out);
  const key = `${dir}|${out}`;
  if (!fresh && packaged.has(key) && existsSync(out)) return out;
  const t0 = Date.now();
  mkdirSync(resolve(out, '..'), { recursive: true });
  if (dir === REPO && build) {
    // The project itself: exactly what ships, `npm run package` (scripts/package.mjs: a staged
    // production build and vsce), so what the browser tier tests is the released .vsix.
    const r = packageExtension({ out });
    packaged.set(key, true);
    console.log(`      [vsix] ${out} (${(r.bytes / 1024).toFixed(0)} KiB, ${r.files.length} files) in ${r.seconds.toFixed(1)} s`);
    return out;
  }
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  // vsce runs `vscode:prepublish` itself when the manifest has one; otherwise build here.
  if (build && !pkg.scripts?.['vscode:prepublish'] && pkg.scripts?.['build:prod']) run('npm', ['run', '--silent', 'build:prod'], dir);
  const vsce = join(REPO, 'node_modules', '.bin', 'vsce');
  const args = ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-update-package-json',
    '--no-rewrite-relative-links', '-o', out];
  if (dir === REPO && !existsSync(join(dir, '.vscodeignore')) && existsSync(FALLBACK_IGNORE)) args.push('--ignoreFile', FALLBACK_IGNORE);
  try {
    run(vsce, args, dir);
  } catch (e) {
    // A file rewritten while vsce zips it (a concurrent build in the same tree): package again.
    if (!/unexpected number of bytes/.test(e.message)) throw e;
    run(vsce, args, dir);
  }
  packaged.set(key, true);
  console.log(`      [vsix] ${out} (${(statSync(out).size / 1024).toFixed(0)} KiB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

/** The file names inside a .vsix (a zip), listed with Python's zipfile (python3 is a host requirement). */
export function vsixEntries(vsix = VSIX_PATH) {
  const out = run('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', vsix], REPO);
  return out.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** The text of one file inside a .vsix (e.g. 'extension/package.json'), or null when absent. */
export function vsixFile(vsix, name) {
  const r = spawnSync('python3', ['-c', [
    'import sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'names = set(z.namelist())',
    'sys.stdout.write(z.read(sys.argv[2]).decode("utf-8") if sys.argv[2] in names else "")',
    'sys.exit(0 if sys.argv[2] in names else 3)',
  ].join('\n'), vsix, name], { encoding: 'utf8' });
  if (r.status === 3) return null;
  if (r.status !== 0) throw new Error(`reading ${name} from ${vsix} failed: ${r.stderr}`);
  return r.stdout;
}
