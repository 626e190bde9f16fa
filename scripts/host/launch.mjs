#!/usr/bin/env node
// Starts the offline VS Code host (code-server 4.100.3 = VS Code 1.100.3) and drives its workbench
// in Debian's headless Chromium with playwright-core. A library and a command line.
//
// Command line: run the integration tests (dist/test/integration/**/*.test.js, built by
// `npm run build`) inside the real extension host and exit with mocha's exit code:
//   node scripts/host/launch.mjs [--grep TEXT] [--timeout MS] [--workspace fixture|empty|PATH]
//                                [--setting key=JSON ...] [--keep]
//                                [--tests MODULE] [--extension DIR]   (other runner module / extension)
//   env: MOCHA_GREP (same as --grep), ZENODO_TEST_TIMEOUT_MS (harness timeout, default 10 min),
//        ZENODO_HOST_VERBOSE=1 (also print code-server's and the page's own logs),
//        ZENODO_KEEP_HOST=1 (same as --keep: leave the temp user-data/workspace in place).
//
// Library:
//   startHost(opts)          code-server on a free loopback port, own user-data/extensions/XDG dirs
//   runExtensionTests(opts)  the integration tier: resolves with mocha's exit code
//   openWorkbench(opts)      the browser tier: host (+ an installed .vsix) and a Chromium page on the
//                            workbench: resolves with { url, page, browser, host, close }
// Every process started here (code-server's whole process group, Chromium) is ended on success,
// failure, the harness timeout, SIGINT/SIGTERM and process exit.
/* global fetch, AbortSignal */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import {
  ARTIFACTS_DIR, CHROMIUM, CODE_SERVER_ENTRY, REPO, hostInstalled, loadPlaywright,
} from './paths.mjs';

export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
export const FIXTURE_WORKSPACE = join(REPO, 'test', 'fixtures', 'workspace');
export const TESTS_MODULE = join(REPO, 'dist', 'test', 'integration', 'index');
const VERBOSE = process.env.ZENODO_HOST_VERBOSE === '1';

/** Settings every host starts with; callers' settings are merged over them. */
export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.openRepositoryInParentFolders': 'never',
  'chat.disableAIFeatures': true,
};

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

/** The workbench's own start-up chatter, which codeAutomationLog relays along with the extension
 *  host's console; shown only with ZENODO_HOST_VERBOSE=1. */
const WORKBENCH_NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|\[Service Worker\]|ChatSessionStore: |Creation of workbench contribution )/;

function hlog(...args) {
  console.log('[host]', ...args);
}

// ---------------------------------------------------------------- process bookkeeping
/** Cleanups of everything still running; run on signals and (synchronous part) on exit. */
const live = new Set();
let signalsHooked = false;
/** The exit code a signal asked for (130 SIGINT, 143 SIGTERM, 129 SIGHUP), once one came. */
export let interruptedCode = null;

function hookSignals() {
  if (signalsHooked) return;
  signalsHooked = true;
  const onSignal = (sig, code) => {
    interruptedCode = code;
    hlog(`${sig}: stopping the host`);
    Promise.allSettled([...live].map((c) => c.close())).finally(() => process.exit(code));
    setTimeout(() => process.exit(code), 8000).unref();
  };
  process.once('SIGINT', () => onSignal('SIGINT', 130));
  process.once('SIGTERM', () => onSignal('SIGTERM', 143));
  process.once('SIGHUP', () => onSignal('SIGHUP', 129));
  process.on('exit', () => {
    for (const c of live) c.killNow?.();
  });
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopGroup(pid, graceMs = 4000) {
  if (!killGroup(pid, 'SIGTERM')) return;
  const until = Date.now() + graceMs;
  while (Date.now() < until && groupAlive(pid)) await sleep(100);
  if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- host
/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

function makeSandbox({ workspace = 'fixture', settings = {} }) {
  const root = mkdtempSync(join(tmpdir(), 'zenodo-vscode-host-'));
  const dirs = {
    root,
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    config: join(root, 'xdg-config'),
    data: join(root, 'xdg-data'),
    cache: join(root, 'xdg-cache'),
    tmp: join(root, 'tmp'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2) + '\n');

  let workspaceDir = null;
  if (workspace === 'fixture' || workspace === 'empty') {
    workspaceDir = join(root, 'workspace');
    if (workspace === 'fixture' && existsSync(FIXTURE_WORKSPACE)) {
      cpSync(FIXTURE_WORKSPACE, workspaceDir, { recursive: true });
    } else {
      mkdirSync(workspaceDir, { recursive: true });
    }
  } else if (workspace) {
    workspaceDir = resolve(workspace);
  }
  return { dirs, workspaceDir };
}

function hostEnv(dirs, extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Variables of an enclosing VS Code / Electron would confuse the host.
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') continue;
    env[k] = v;
  }
  const noProxy = ['127.0.0.1', 'localhost', '::1', env.NO_PROXY || env.no_proxy].filter(Boolean).join(',');
  return {
    ...env,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    XDG_RUNTIME_DIR: dirs.tmp,
    TMPDIR: dirs.tmp,
    EXTENSIONS_GALLERY: '{"serviceUrl":""}',
    NO_PROXY: noProxy,
    no_proxy: noProxy,
    ...extra,
  };
}

function commonArgs(dirs) {
  return ['--config', '/dev/null', '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

/** Installs a .vsix into the sandbox's extensions folder with code-server's own CLI. */
function installVsix(vsix, dirs, env) {
  const r = spawnSync(process.execPath, [CODE_SERVER_ENTRY, ...commonArgs(dirs), '--install-extension', resolve(vsix)],
    { env, encoding: 'utf8', timeout: 120_000 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`code-server --install-extension ${vsix} failed (${r.status ?? r.signal}):\n${out}`);
  }
  if (VERBOSE) hlog(out);
}

/**
 * Starts code-server on a free loopback port in its own sandbox.
 * @param {object} [opts]
 * @param {object} [opts.settings]   user settings merged over BASE_SETTINGS (e.g. {'zenodo.baseUrl': url})
 * @param {'fixture'|'empty'|string|null} [opts.workspace]  'fixture' = temp copy of
 *        test/fixtures/workspace/ (an empty temp dir when that does not exist), 'empty', a path, or null
 * @param {string} [opts.vsix]      install this .vsix into the host's extensions folder first
 * @param {object} [opts.env]       extra environment for code-server (and so for the extension host)
 * @param {number} [opts.port]      a fixed port instead of a free one
 * @param {boolean} [opts.keep]     keep the sandbox when closing
 */
export async function startHost(opts = {}) {
  if (!hostInstalled()) throw new Error('The offline VS Code host is not installed: run `npm run host:install` first.');
  hookSignals();
  const { dirs, workspaceDir } = makeSandbox(opts);
  const env = hostEnv(dirs, opts.env ?? {});
  if (opts.vsix) installVsix(opts.vsix, dirs, env);

  const port = opts.port ?? await freePort();
  const logFile = join(dirs.root, 'code-server.log');
  const fd = openSync(logFile, 'a');
  const args = [
    CODE_SERVER_ENTRY, ...commonArgs(dirs),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  const child = spawn(process.execPath, args, {
    env, detached: true, stdio: ['ignore', VERBOSE ? 'inherit' : fd, VERBOSE ? 'inherit' : fd],
  });
  closeSync(fd);
  const pid = child.pid;
  let exited = null;
  const exitedP = new Promise((res) => child.once('exit', (code, sig) => { exited = code ?? sig; res(exited); }));

  const url = `http://127.0.0.1:${port}`;
  let closing = null;
  const host = {
    url,
    port,
    pid,
    dirs,
    workspaceDir,
    logFile,
    get exited() { return exited; },
    exitedP,
    /** The workbench URL for the workspace folder and an optional payload (array of [key, value]). */
    workbenchUrl(payload) {
      const q = [];
      if (workspaceDir) q.push(`folder=${encodeURIComponent(workspaceDir)}`);
      if (payload) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
      return `${url}/${q.length ? `?${q.join('&')}` : ''}`;
    },
    /** A path on the host machine as the vscode-remote:// URI the workbench understands. */
    remoteUri(path) {
      return `vscode-remote://127.0.0.1:${port}${resolve(path)}`;
    },
    /** Copies code-server's and VS Code's logs to .test-artifacts/host-logs/<name>/; returns the folder. */
    saveLogs(name = new Date().toISOString().replace(/[:.]/g, '-')) {
      const dest = join(ARTIFACTS_DIR, 'host-logs', name);
      mkdirSync(dest, { recursive: true });
      try { cpSync(logFile, join(dest, 'code-server.log')); } catch { /* none */ }
      try { cpSync(join(dirs.userData, 'logs'), join(dest, 'vscode-logs'), { recursive: true }); } catch { /* none */ }
      return dest;
    },
    killNow() {
      killGroup(pid, 'SIGKILL');
    },
    close({ keep = opts.keep || process.env.ZENODO_KEEP_HOST === '1' } = {}) {
      if (!closing) {
        live.delete(host);
        closing = (async () => {
          await stopGroup(pid);
          if (keep) hlog(`kept the host's sandbox: ${dirs.root}`);
          else rmSync(dirs.root, { recursive: true, force: true, maxRetries: 3 });
        })();
      }
      return closing;
    },
  };
  live.add(host);

  // Wait until it answers.
  const deadline = Date.now() + 60_000;
  while (true) {
    if (exited !== null) {
      const tail = safeTail(logFile);
      await host.close({ keep: true });
      throw new Error(`code-server exited (${exited}) before answering.\n${tail}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch { /* not yet */ }
    if (Date.now() > deadline) {
      await host.close({ keep: true });
      throw new Error(`code-server did not answer on ${url} within 60 s (log: ${logFile})`);
    }
    await sleep(200);
  }
  return host;
}

function safeTail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------- browser
/** Headless Debian Chromium via playwright-core; closing it is registered with the signal handlers. */
export async function launchBrowser() {
  const { chromium } = loadPlaywright();
  hookSignals();
  // Chromium's own config/cache/crash reports go to a temp home, not the user's.
  const home = mkdtempSync(join(tmpdir(), 'zenodo-vscode-chromium-'));
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') };
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      env,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (e) {
    rmSync(home, { recursive: true, force: true });
    throw e;
  }
  const origClose = browser.close.bind(browser);
  let closing = null;
  const entry = {
    close() {
      if (!closing) {
        live.delete(entry);
        closing = Promise.race([origClose().catch(() => {}), sleep(5000)])
          .finally(() => rmSync(home, { recursive: true, force: true, maxRetries: 3 }));
      }
      return closing;
    },
  };
  live.add(entry);
  browser.close = () => entry.close();
  return browser;
}

function pageLogging(page) {
  if (!VERBOSE) return;
  page.on('console', (m) => console.error(`[page:${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => console.error(`[page:error] ${e.message}`));
}

// ---------------------------------------------------------------- tier 1: extension tests
/**
 * Runs the extension's integration tests inside the real extension host.
 * @param {object} [opts]  startHost's options plus:
 * @param {number} [opts.timeoutMs]  harness timeout (default env ZENODO_TEST_TIMEOUT_MS or 10 min)
 * @param {string} [opts.grep]       mocha grep (passed as MOCHA_GREP to the host's environment)
 * @param {string} [opts.extensionDevelopmentPath]  default: the repo
 * @param {string} [opts.extensionTestsPath]        default: dist/test/integration/index
 * @returns {Promise<number>} mocha's exit code; 124 on the harness timeout; 1 when the host fails
 */
export async function runExtensionTests(opts = {}) {
  const timeoutMs = Number(opts.timeoutMs ?? process.env.ZENODO_TEST_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS);
  const grep = opts.grep ?? process.env.MOCHA_GREP;
  const devPath = opts.extensionDevelopmentPath ?? REPO;
  const testsPath = opts.extensionTestsPath ?? TESTS_MODULE;
  if (!existsSync(`${testsPath}.js`) && !existsSync(testsPath)) {
    hlog(`no test module at ${testsPath}(.js): run \`npm run build\` first`);
    return 1;
  }
  const t0 = Date.now();
  const env = { ...(opts.env ?? {}) };
  if (grep) env.MOCHA_GREP = grep;
  const workspace = opts.workspace === undefined ? 'fixture' : opts.workspace;

  let host;
  let browser;
  let code;
  let timer;
  try {
    host = await startHost({ ...opts, workspace, env });
    hlog(`code-server ${host.url} (pid ${host.pid}) up in ${((Date.now() - t0) / 1000).toFixed(1)} s; workspace ${host.workspaceDir ?? '(none)'}`);
    browser = await launchBrowser();
    const page = await browser.newPage();
    pageLogging(page);

    let settle;
    const result = new Promise((res) => { settle = res; });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (!VERBOSE && WORKBENCH_NOISE.test(text)) return;
      process.stdout.write(`${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (c) => {
      settle({ code: typeof c === 'number' ? c : Number(c) || 0, why: 'exit' });
    });
    page.on('crash', () => settle({ code: 1, why: 'the workbench page crashed' }));
    host.exitedP.then((c) => settle({ code: 1, why: `code-server exited (${c}) before the tests finished` }));
    timer = setTimeout(() => settle({ code: 124, why: `harness timeout: no result after ${timeoutMs} ms` }), timeoutMs);

    const payload = [
      ['extensionDevelopmentPath', host.remoteUri(devPath)],
      ['extensionTestsPath', host.remoteUri(testsPath)],
      ['skipWelcome', 'true'],
    ];
    await page.goto(host.workbenchUrl(payload), { waitUntil: 'domcontentloaded' });
    const r = await result;
    code = r.code;
    if (r.why !== 'exit' && interruptedCode === null) hlog(r.why);
  } catch (e) {
    hlog(`failed: ${e.stack ?? e}`);
    code = 1;
  } finally {
    clearTimeout(timer);
    if (interruptedCode !== null) code = interruptedCode;
    if (browser) await Promise.race([browser.close().catch(() => {}), sleep(5000)]);
    if (host) {
      if (code !== 0 && interruptedCode === null) hlog(`logs saved to ${host.saveLogs()}`);
      await host.close();
    }
  }
  hlog(`extension tests exited with ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return code;
}

// ---------------------------------------------------------------- tier 2: a person's view
/**
 * Starts the host (optionally with a .vsix installed, or the development extension) and opens the
 * workbench in headless Chromium, waiting until the workbench is on screen.
 * @param {object} [opts]  startHost's options plus:
 * @param {string} [opts.extensionDevelopmentPath]  load this folder as the development extension
 * @param {{width:number,height:number}} [opts.viewport]
 * @returns {Promise<{url:string, page:import('playwright-core').Page, browser:import('playwright-core').Browser, host:object, close:() => Promise<void>}>}
 */
export async function openWorkbench(opts = {}) {
  const workspace = opts.workspace === undefined ? 'fixture' : opts.workspace;
  const host = await startHost({ ...opts, workspace });
  let browser;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
    pageLogging(page);
    const payload = [['skipWelcome', 'true']];
    if (opts.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', host.remoteUri(opts.extensionDevelopmentPath)]);
    const url = host.workbenchUrl(payload);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.statusbar').waitFor({ timeout: 60_000 });
    let closed = false;
    return {
      url,
      page,
      browser,
      host,
      async close() {
        if (closed) return;
        closed = true;
        await Promise.race([browser.close().catch(() => {}), sleep(5000)]);
        await host.close();
      },
    };
  } catch (e) {
    if (browser) await browser.close().catch(() => {});
    await host.close({ keep: true });
    throw e;
  }
}

// ---------------------------------------------------------------- CLI
function parseCli(argv) {
  const o = { settings: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => argv[++i];
    if (a === '--grep') o.grep = val();
    else if (a === '--timeout') o.timeoutMs = Number(val());
    else if (a === '--workspace') o.workspace = val();
    else if (a === '--keep') o.keep = true;
    else if (a === '--tests') o.extensionTestsPath = resolve(val());
    else if (a === '--extension') o.extensionDevelopmentPath = resolve(val());
    else if (a === '--setting') {
      const s = val();
      const eq = s.indexOf('=');
      const raw = s.slice(eq + 1);
      let v;
      try { v = JSON.parse(raw); } catch { v = raw; }
      o.settings[s.slice(0, eq)] = v;
    } else if (a === '--help' || a === '-h') {
      console.log(readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).slice(0, 12).join('\n'));
      process.exit(0);
    } else {
      console.error(`unknown argument ${a}`);
      process.exit(2);
    }
  }
  return o;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const code = await runExtensionTests(parseCli(process.argv.slice(2)));
  process.exit(code);
}
