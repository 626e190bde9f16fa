// Shared facts about the offline VS Code host (see /work/shared/docs/real-vscode-tests.md):
// code-server 4.100.3 from npm (= VS Code 1.100.3, the last release whose engines.node is 20),
// driven by playwright-core and Debian's Chromium. Installed by scripts/host/install.mjs into
// .vscode-host/ (git-ignored), which has its own package.json so the host never enters the
// project's dependencies.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HOST_DIR = join(REPO, '.vscode-host');
export const ARTIFACTS_DIR = join(REPO, '.test-artifacts');
export const CODE_SERVER_VERSION = '4.100.3';
export const PLAYWRIGHT_CORE_VERSION = '1.65.1';
export const CHROMIUM = process.env.ZENODO_CHROMIUM || '/usr/bin/chromium';
export const CODE_SERVER_DIR = join(HOST_DIR, 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
export const MARKER = join(HOST_DIR, '.installed.json');

/** What the marker must say for the install to count as done. */
export function wantedMarker() {
  return {
    codeServer: CODE_SERVER_VERSION,
    playwrightCore: PLAYWRIGHT_CORE_VERSION,
    nodeMajor: process.versions.node.split('.')[0],
  };
}

/** True when .vscode-host/ holds a finished install of the pinned versions. */
export function hostInstalled() {
  if (!existsSync(MARKER) || !existsSync(CODE_SERVER_ENTRY)) return false;
  try {
    const have = JSON.parse(readFileSync(MARKER, 'utf8'));
    const want = wantedMarker();
    return Object.keys(want).every((k) => have[k] === want[k]);
  } catch {
    return false;
  }
}

/** playwright-core, loaded from the host folder (it is not a project dependency). */
export function loadPlaywright() {
  if (!hostInstalled()) {
    throw new Error('The offline VS Code host is not installed: run `npm run host:install` first.');
  }
  const require = createRequire(join(HOST_DIR, 'package.json'));
  return require('playwright-core');
}
