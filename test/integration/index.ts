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

export function run(): Promise<void> {
  installNetSpy();
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
