// First integration tests: the extension loads in a real VS Code (code-server's extension host or
// Electron's), activates without touching the network, and registers exactly the commands that
// its package.json declares. Commands are read from the manifest at run time, never hard-coded.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { NetAttempt } from './index';

const EXTENSION_ID = 'zenodo-vscode.zenodo-vscode';

function netAttempts(): NetAttempt[] {
  const list = (globalThis as { __zenodoNetAttempts?: NetAttempt[] }).__zenodoNetAttempts;
  assert.ok(list, 'the network spy of test/integration/index.ts is not installed');
  return list;
}

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

function declaredCommands(): string[] {
  const commands = (extension().packageJSON?.contributes?.commands ?? []) as { command: string }[];
  return commands.map((c) => c.command);
}

describe('harness: the extension in a real VS Code', () => {
  let activeBefore = false;
  let attemptsBefore = 0;
  let activationError: unknown;

  before(async function () {
    this.timeout(60_000);
    const ext = extension();
    activeBefore = ext.isActive;
    attemptsBefore = netAttempts().length;
    try {
      await ext.activate();
    } catch (err) {
      activationError = err;
    }
  });

  it('is loaded from the development folder with the manifest identity', () => {
    const ext = extension();
    assert.strictEqual(ext.id.toLowerCase(), EXTENSION_ID);
    assert.strictEqual(ext.packageJSON.name, 'zenodo-vscode');
  });

  it('activates', () => {
    assert.strictEqual(activationError, undefined, `activation threw: ${(activationError as Error)?.stack ?? activationError}`);
    assert.ok(extension().isActive, 'extension is not active after activate()');
  });

  it('makes no network connection while activating', function () {
    if (activeBefore) {
      // Activated before the tests began (an eager activation event): the spy saw only the tail.
      console.log('    (the extension was already active when the tests started; checking connections since then)');
    }
    const during = netAttempts().slice(activeBefore ? 0 : attemptsBefore);
    assert.deepStrictEqual(during.map((a) => `${a.host}:${a.port}`), [],
      `activation connected to the network:\n${during.map((a) => a.stack).join('\n\n')}`);
    // The extension's own count, when its API offers one.
    const api = extension().exports as { networkRequests?: () => number } | undefined;
    if (typeof api?.networkRequests === 'function') assert.strictEqual(api.networkRequests(), 0);
  });

  it('registers every command that package.json declares', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declaredCommands().filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
  });

  it('registers no zenodo.* command that package.json does not declare', async () => {
    const declared = new Set(declaredCommands());
    const extra = (await vscode.commands.getCommands(true))
      .filter((c) => c.startsWith('zenodo.') && !declared.has(c))
      // VS Code registers view commands itself (e.g. `zenodo.records.focus` for a contributed view).
      .filter((c) => !/\.(focus|resetViewLocation|toggleVisibility|removeView|open)$/.test(c) || !isViewCommand(c));
    assert.deepStrictEqual(extra, [], `registered but not declared in package.json: ${extra.join(', ')}`);
  });

  it('runs in the extension host it was built for', () => {
    // The offline host is VS Code in a browser (uiKind Web, remoteName set); Electron is Desktop.
    assert.ok([vscode.UIKind.Web, vscode.UIKind.Desktop].includes(vscode.env.uiKind));
    assert.ok(vscode.version.startsWith('1.'), vscode.version);
  });
});

/** True for the commands VS Code itself derives from a contributed view or view container id. */
function isViewCommand(command: string): boolean {
  const contributes = extension().packageJSON?.contributes ?? {};
  const ids = new Set<string>();
  for (const views of Object.values(contributes.views ?? {}) as { id: string }[][]) for (const v of views) ids.add(v.id);
  for (const containers of Object.values(contributes.viewsContainers ?? {}) as { id: string }[][]) {
    for (const c of containers) ids.add(`workbench.view.extension.${c.id}`);
  }
  const base = command.replace(/\.(focus|resetViewLocation|toggleVisibility|removeView|open)$/, '');
  return ids.has(base);
}
