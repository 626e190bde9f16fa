// The mocha runner that VS Code's extension host loads as `extensionTestsPath`
// (dist/test/integration/index.js, built by esbuild.mjs). The same module serves both launchers:
// scripts/host/launch.mjs (code-server, offline) and test/electron/run.mjs (@vscode/test-electron).
// It runs every compiled `*.test.js` under dist/test/integration/ with mocha's BDD UI
// (describe/it) and rejects when a test fails, which makes the launcher exit non-zero.
//
// Environment (inherited from the launcher through code-server or Electron):
//   MOCHA_GREP           only run tests whose full title matches (a plain string, or /regexp/flags)
//   MOCHA_TIMEOUT        per-test timeout in ms (default 60000)
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/** The extension under test (publisher.name of package.json). */
export const EXTENSION_ID = process.env.ZENODO_EXTENSION_ID || 'zenodo-vscode.zenodo-vscode';
/** How long after activate() resolves connections still count as activation's. */
const ACTIVATION_SETTLE_MS = 750;

/** A TCP connection attempt seen by the network spy (see harness.test.ts). */
export interface NetAttempt {
  host: string;
  port: number;
  at: number;
  stack?: string;
}

/**
 * Records every outgoing TCP connection of the extension host process from the moment the tests
 * start (fetch/undici, http(s), tls and net all end in net.Socket#connect), so tests can prove
 * that something (e.g. activation) made no network request. Shared through globalThis because each
 * test file is a separate bundle.
 */
function installNetSpy(): void {
  const g = globalThis as { __zenodoNetAttempts?: NetAttempt[] };
  if (g.__zenodoNetAttempts) return;
  const attempts: NetAttempt[] = [];
  g.__zenodoNetAttempts = attempts;
  const proto = net.Socket.prototype as unknown as { connect: (...args: unknown[]) => unknown };
  const original = proto.connect;
  proto.connect = function patchedConnect(this: unknown, ...args: unknown[]) {
    const a0 = args[0] as any;
    // connect(options[, cb]) | connect(port[, host][, cb]) | connect(path[, cb]) (IPC: not network)
    const opts = Array.isArray(a0) ? a0[0] : a0; // internal normalized-args form
    let port: number | undefined;
    let host = 'localhost';
    if (opts && typeof opts === 'object') {
      if (opts.port !== undefined && !opts.path) {
        port = Number(opts.port);
        host = opts.host ?? host;
      }
    } else if (typeof a0 === 'number' || (typeof a0 === 'string' && /^\d+$/.test(a0))) {
      port = Number(a0);
      if (typeof args[1] === 'string') host = args[1];
    }
    if (port !== undefined) attempts.push({ host, port, at: Date.now(), stack: new Error().stack });
    return original.apply(this, args);
  };
}

/** What the runner saw while activating the extension, before any test file loaded. */
export interface ActivationReport {
  id: string;
  found: boolean;
  /** Already active when the tests started (an eager activation event): only the tail was seen. */
  activeBefore: boolean;
  error?: string;
  ms: number;
  /** TCP connections from the runner's start until ACTIVATION_SETTLE_MS after activation. */
  attempts: NetAttempt[];
  /** The extension API's own count (`networkRequests()`), when it offers one. */
  networkRequests?: number;
}

/**
 * Activates the extension under the network spy before any test runs, so that "activation made no
 * network request" holds whatever order the test files run in (they share one extension host).
 */
async function observeActivation(): Promise<ActivationReport> {
  const attempts = (globalThis as { __zenodoNetAttempts?: NetAttempt[] }).__zenodoNetAttempts ?? [];
  const start = attempts.length;
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  const report: ActivationReport = { id: EXTENSION_ID, found: !!ext, activeBefore: !!ext?.isActive, ms: 0, attempts: [] };
  if (ext) {
    const t0 = Date.now();
    try {
      await ext.activate();
    } catch (err) {
      report.error = String((err as Error)?.stack ?? err);
    }
    report.ms = Date.now() - t0;
    await new Promise((r) => setTimeout(r, ACTIVATION_SETTLE_MS));
    const api = ext.exports as { networkRequests?: () => number } | undefined;
    if (typeof api?.networkRequests === 'function') report.networkRequests = api.networkRequests();
  }
  report.attempts = attempts.slice(start);
  (globalThis as { __zenodoActivation?: ActivationReport }).__zenodoActivation = report;
  return report;
}

function findTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return findTests(p);
    return d.name.endsWith('.test.js') ? [p] : [];
  }).sort();
}

function grepFromEnv(): string | RegExp | undefined {
  const g = process.env.MOCHA_GREP;
  if (!g) return undefined;
  const m = /^\/(.*)\/([a-z]*)$/.exec(g);
  return m ? new RegExp(m[1], m[2]) : g;
}

export async function run(): Promise<void> {
  installNetSpy();
  await observeActivation();
  const grep = grepFromEnv();
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.MOCHA_TIMEOUT) || 60_000,
    ...(grep ? { grep } : {}),
  });
  const files = findTests(__dirname);
  if (grep) console.log(`mocha grep: ${grep}`);
  if (files.length === 0) return Promise.reject(new Error(`no *.test.js files under ${__dirname}`));
  for (const f of files) mocha.addFile(f);
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} test${failures === 1 ? '' : 's'} failed.`));
        else resolve();
      });
    } catch (err) {
      console.error(err);
      reject(err);
    }
  });
}
