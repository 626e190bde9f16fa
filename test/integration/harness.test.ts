// First integration tests: the extension loads in a real VS Code (code-server's extension host or
// Electron's), activates without touching the network, and registers exactly the commands that
// its package.json declares. Commands are read from the manifest at run time, never hard-coded.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ActivationReport } from './index';

const EXTENSION_ID = 'zenodo-vscode.zenodo-vscode';

/** What test/integration/index.ts saw when it activated the extension before any test ran. */
function activation(): ActivationReport {
  const report = (globalThis as { __zenodoActivation?: ActivationReport }).__zenodoActivation;
  assert.ok(report, 'the runner (test/integration/index.ts) did not record the activation');
  return report;
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
  it('is loaded from the development folder with the manifest identity', () => {
    const ext = extension();
    assert.strictEqual(ext.id.toLowerCase(), EXTENSION_ID);
    assert.strictEqual(ext.packageJSON.name, 'zenodo-vscode');
    assert.ok(activation().found);
  });

  it('activates', () => {
    const { error } = activation();
    assert.strictEqual(error, undefined, `activation threw: ${error}`);
    assert.ok(extension().isActive, 'extension is not active');
  });

  it('makes no network connection while activating', () => {
    const report = activation();
    if (report.activeBefore) {
      console.log('    (the extension was already active when the tests started: only the tail of activation was seen)');
    }
    assert.deepStrictEqual(report.attempts.map((a) => `${a.host}:${a.port}`), [],
      `activation connected to the network:\n${report.attempts.map((a) => a.stack).join('\n\n')}`);
    // The extension's own count, when its API offers one.
    if (report.networkRequests !== undefined) assert.strictEqual(report.networkRequests, 0, 'networkRequests() after activation');
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
