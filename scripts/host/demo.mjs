#!/usr/bin/env node
// `npm run demo`: builds the extension and starts the offline VS Code host with it loaded as the
// development extension (no tests), on a free loopback port, until Ctrl-C.
//
//   npm run demo                      the extension against https://zenodo.org (its default)
//   npm run demo -- --offline         also start the local Zenodo server and point zenodo.baseUrl at it
//   npm run demo -- --port 8080       a fixed port
//   npm run demo -- --workspace PATH  open PATH instead of a temp copy of test/fixtures/workspace/
//   npm run demo -- --no-build        skip `npm run build`
// Open the printed http://127.0.0.1:PORT/?folder=… URL in a browser on this machine.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startHost } from './launch.mjs';
import { REPO, hostInstalled } from './paths.mjs';

const SERVER_MODULE = join(REPO, 'test', 'zenodo-server', 'index.ts');

function parse(argv) {
  const o = { offline: false, build: true, port: undefined, workspace: 'fixture' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--offline') o.offline = true;
    else if (a === '--no-build') o.build = false;
    else if (a === '--port') o.port = Number(argv[++i]);
    else if (a === '--workspace') o.workspace = argv[++i];
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run demo -- [--offline] [--port N] [--workspace PATH] [--no-build]');
      process.exit(0);
    } else {
      console.error(`unknown argument ${a}`);
      process.exit(2);
    }
  }
  return o;
}

async function startLocalZenodo() {
  if (!existsSync(SERVER_MODULE)) throw new Error(`--offline needs the local Zenodo server (${SERVER_MODULE}), which is not there yet`);
  const { tsImport } = await import('tsx/esm/api');
  const mod = await tsImport(SERVER_MODULE, import.meta.url);
  const startZenodoServer = mod.startZenodoServer ?? mod.default?.startZenodoServer;
  if (typeof startZenodoServer !== 'function') throw new Error(`${SERVER_MODULE} exports no startZenodoServer()`);
  return startZenodoServer({ port: 0, host: '127.0.0.1' });
}

async function main() {
  const o = parse(process.argv.slice(2));
  if (!hostInstalled()) {
    // A fresh machine: install the offline VS Code host first (apt packages, code-server, playwright-core).
    const r = spawnSync(process.execPath, ['scripts/host/install.mjs'], { cwd: REPO, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  if (o.build) {
    const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  let zenodo = null;
  const settings = {};
  if (o.offline) {
    zenodo = await startLocalZenodo();
    settings['zenodo.baseUrl'] = zenodo.url;
    console.log(`[demo] local Zenodo server: ${zenodo.url}`);
  }
  const host = await startHost({ port: o.port, workspace: o.workspace, settings });
  const url = host.workbenchUrl([
    ['extensionDevelopmentPath', host.remoteUri(REPO)],
    ['skipWelcome', 'true'],
  ]);
  console.log(`[demo] zenodo.baseUrl: ${settings['zenodo.baseUrl'] ?? 'https://zenodo.org (default)'}`);
  console.log(`[demo] workspace: ${host.workspaceDir}`);
  console.log(`[demo] open: ${url}`);
  console.log('[demo] Ctrl-C to stop.');

  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    console.log('\n[demo] stopping');
    await host.close();
    if (zenodo) await zenodo.close().catch(() => {});
    process.exit(code);
  };
  // launch.mjs also hooks SIGINT/SIGTERM (it closes the host); these add the Zenodo server.
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  host.exitedP.then((c) => {
    if (!stopping) {
      console.error(`[demo] code-server exited (${c}); log: ${host.logFile}`);
      stop(1);
    }
  });
}

main().catch((e) => {
  console.error(`[demo] ${e.stack ?? e}`);
  process.exit(1);
});
