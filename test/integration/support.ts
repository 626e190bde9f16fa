/**
 * Shared helpers for integration tests in the real extension host: the extension's API, a local
 * Zenodo server the extension is pointed at, and waiting for conditions.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ZenodoExtensionApi } from '../../src/extension';
import { startZenodoServer, ZenodoServer, ZenodoServerOptions } from '../zenodo-server';

export const EXTENSION_ID = 'zenodo-vscode.zenodo-vscode';

export async function extensionApi(): Promise<ZenodoExtensionApi> {
  const ext = vscode.extensions.getExtension<ZenodoExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

/** The repository root (the extension development folder): tests are bundled to dist/test/integration. */
export function repoRoot(): string {
  return path.resolve(__dirname, '../../..');
}

/** Start a local Zenodo server (rate limits off unless asked for). */
export function startLocalZenodo(opts: ZenodoServerOptions = {}): Promise<ZenodoServer> {
  return startZenodoServer({ rateLimits: false, fixturesDir: path.join(repoRoot(), 'test/fixtures/zenodo'), ...opts });
}

/** Start the local Zenodo server and point `zenodo.baseUrl` at it; returns the server. */
export async function useLocalZenodo(opts: ZenodoServerOptions = {}): Promise<ZenodoServer> {
  const server = await startLocalZenodo(opts);
  await vscode.workspace.getConfiguration('zenodo').update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
  return server;
}

export async function resetBaseUrl(): Promise<void> {
  await vscode.workspace.getConfiguration('zenodo').update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
}

export async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
}

/** Revert every dirty file-backed document (code-server has no "revert all" command). */
export async function revertAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && !d.isUntitled)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
}

/**
 * Leave the shared extension host as a new window has it, for the suites that follow: no query in
 * the Search view, automatic checks back to their default, no dirty or open editors, the default
 * repository; then stop the suite's server and remove its scratch folder.
 */
export async function restoreWorkbench(api: ZenodoExtensionApi | undefined, server: ZenodoServer | undefined, dir?: string): Promise<void> {
  api?.sidebar.search.setQuery({ q: '', sort: 'bestmatch', filters: {} });
  server?.faults.clear();
  await vscode.workspace.getConfiguration('zenodo.checks').update('enabled', undefined, vscode.ConfigurationTarget.Global);
  await revertAll();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await resetBaseUrl();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
