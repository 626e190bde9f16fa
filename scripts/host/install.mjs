#!/usr/bin/env node
// Installs the offline VS Code host into .vscode-host/: code-server (the whole VS Code server and
// web workbench, from npm) and playwright-core (drives Debian's Chromium). Nothing is downloaded
// from anywhere but the npm registry and Debian: code-server's own postinstall is skipped and its
// steps are done here by hand, minus its downloads (see /work/shared/docs/real-vscode-tests.md).
//
//   node scripts/host/install.mjs            install when missing (idempotent, a marker records the versions)
//   node scripts/host/install.mjs --force    reinstall
//   node scripts/host/install.mjs --no-apt   do not look at Debian packages
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import {
  CHROMIUM, CODE_SERVER_DIR, CODE_SERVER_VERSION, HOST_DIR, MARKER, PLAYWRIGHT_CORE_VERSION,
  hostInstalled, wantedMarker,
} from './paths.mjs';

const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep', 'build-essential', 'python3'];

function log(msg) {
  console.log(`[host:install] ${msg}`);
}

function run(cmd, args, opts = {}) {
  log(`$ ${[cmd, ...args].join(' ')}${opts.cwd ? `   (in ${opts.cwd})` : ''}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

function aptInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Debian packages the host needs: chromium (the browser), libkrb5-dev (kerberos' headers),
 *  ripgrep (VS Code's search), build-essential and python3 (node-gyp). */
export function ensureAptPackages() {
  const missing = APT_PACKAGES.filter((p) => !aptInstalled(p));
  if (missing.length === 0) {
    log(`Debian packages present: ${APT_PACKAGES.join(', ')}`);
    return;
  }
  log(`Debian packages missing: ${missing.join(', ')}`);
  const asRoot = process.getuid?.() === 0;
  const sudo = asRoot ? [] : ['sudo'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lock = ['-o', 'DPkg::Lock::Timeout=600'];
  const [c0, ...rest] = [...sudo, 'apt-get'];
  run(c0, [...rest, ...lock, 'update'], { env });
  run(c0, [...rest, ...lock, 'install', '-y', ...missing], { env });
}

function symlink(target, path) {
  rmSync(path, { recursive: true, force: true });
  symlinkSync(target, path);
}

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

export function installHost({ force = false, apt = true } = {}) {
  const t0 = Date.now();
  if (apt) ensureAptPackages();
  if (!force && hostInstalled()) {
    log(`already installed: code-server@${CODE_SERVER_VERSION}, playwright-core@${PLAYWRIGHT_CORE_VERSION} in ${HOST_DIR} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return;
  }
  if (!existsSync('/usr/bin/rg')) throw new Error('/usr/bin/rg missing (Debian package ripgrep)');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing (Debian package chromium)`);

  rmSync(MARKER, { force: true });
  rmSync(join(HOST_DIR, 'node_modules'), { recursive: true, force: true });
  mkdirSync(HOST_DIR, { recursive: true });
  writeFileSync(join(HOST_DIR, 'package.json'), JSON.stringify({
    name: 'zenodo-vscode-host',
    private: true,
    description: 'The offline VS Code host for the integration and browser tests (installed by scripts/host/install.mjs).',
    dependencies: {
      'code-server': CODE_SERVER_VERSION,
      'playwright-core': PLAYWRIGHT_CORE_VERSION,
    },
  }, null, 2) + '\n');

  // npm_config_yes=true: the machine's npmrc says yes=false, which cancels node-pty's `npx node-gyp`.
  // npm_config_nodedir=/usr: node-gyp builds against the installed Node headers, no download.
  // npm 11.x blocks dependency install scripts unless approved (allowScripts); the native modules
  // of VS Code's server (argon2, node-pty, @parcel/watcher, spdlog, kerberos, ...) must build, as
  // code-server's own postinstall would, so the rebuild steps allow them (older npm ignores this).
  const env = {
    ...process.env,
    npm_config_yes: 'true',
    npm_config_nodedir: '/usr',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_progress: 'false',
  };
  const npm = (args, cwd) => run('npm', args, { cwd, env });
  const npmWithScripts = (args, cwd) =>
    run('npm', args, { cwd, env: { ...env, npm_config_dangerously_allow_all_scripts: 'true' } });

  npm(['install', '--ignore-scripts', '--no-package-lock'], HOST_DIR);
  npmWithScripts(['rebuild', 'argon2'], HOST_DIR);

  const vscodeDir = join(CODE_SERVER_DIR, 'lib', 'vscode');
  npm(['install', '--omit=dev', '--ignore-scripts'], vscodeDir);
  // @vscode/ripgrep's postinstall downloads rg from GitHub unless bin/ exists: use Debian's.
  const rgBin = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBin, { recursive: true });
  symlink('/usr/bin/rg', join(rgBin, 'rg'));
  npmWithScripts(['rebuild'], vscodeDir);
  symlink('node_modules', join(vscodeDir, 'node_modules.asar'));
  symlink('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  symlink('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  npmWithScripts(['install', '--omit=dev'], join(vscodeDir, 'extensions'));

  for (const p of [join(vscodeDir, 'node_modules.asar'), join(rgBin, 'rg')]) {
    if (!isLink(p)) throw new Error(`expected a link at ${p}`);
  }
  writeFileSync(MARKER, JSON.stringify({ ...wantedMarker(), installedAt: new Date().toISOString() }, null, 2) + '\n');
  log(`installed code-server@${CODE_SERVER_VERSION} and playwright-core@${PLAYWRIGHT_CORE_VERSION} into ${HOST_DIR} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    installHost({ force: process.argv.includes('--force'), apt: !process.argv.includes('--no-apt') });
  } catch (e) {
    console.error(`[host:install] failed: ${e.message}`);
    process.exit(1);
  }
}
