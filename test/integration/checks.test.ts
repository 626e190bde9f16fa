// Issue 7 in a real VS Code: diagnostics and CodeLens appear for outdated Zenodo references and
// disappear after the quick fix (which costs no request: the look-up cache has the answer); the
// workspace update (.gitignore respected, BibTeX/CFF fields updated with the DOI) and its undo; a
// document changed while the check runs is not edited; a second workspace check makes no request.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ZenodoServer } from '../zenodo-server';
import { extensionApi, resetBaseUrl, useLocalZenodo, waitFor } from './support';

interface UpdateOutcome { files: number; references: number; changed: number; skipped: string[]; applied: boolean }

const OLD = '20510517';
const LATEST = '22705923';

function zenodoDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Zenodo');
}

describe('checks: keep citations current', function () {
  this.timeout(90_000);
  let server: ZenodoServer;
  let root: string;
  let n: ZenodoServer['corpus']['notable'];
  let api: Awaited<ReturnType<typeof extensionApi>>;
  const checks = () => vscode.workspace.getConfiguration('zenodo.checks');

  before(async () => {
    api = await extensionApi();
    server = await useLocalZenodo();
    // The repository change reaches the extension as an event: let it land (it clears old findings)
    // before any test reads diagnostics.
    await waitFor('the client to use the local server', async () => (await api.services.zenodo.client()).baseUrl === server.url);
    n = server.corpus.notable;
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    assert.strictEqual(n.softwareOlderVersion, OLD, 'the fixture workspace cites the recorded scikit-learn versions');
    assert.strictEqual(n.softwareWithVersions, LATEST);
  });

  after(async () => {
    await checks().update('enabled', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetBaseUrl();
    await server.close();
  });

  function write(rel: string, text: string): vscode.Uri {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return vscode.Uri.file(file);
  }

  it('the Workspace Citations view lists every reference by file with its status, after "Check Citations in Workspace"', async () => {
    await checks().update('enabled', true, vscode.ConfigurationTarget.Global);
    const result = await vscode.commands.executeCommand<{ files: number; references: number }>('zenodo.checkCitationsInWorkspace');
    assert.ok(result && result.references > 0, 'the workspace check found no reference');
    const tree = api.checks.citations;
    const files = await waitFor('file rows', () => {
      const rows = tree.getChildren();
      return rows.some((r) => r.kind === 'file' && r.state.uri.fsPath.endsWith(`${path.sep}README.md`)) ? rows : undefined;
    });
    assert.ok(!files.some((r) => r.kind === 'file' && r.state.uri.fsPath.includes(`${path.sep}build${path.sep}`)), 'a .gitignored file is listed');
    const readme = files.find((r) => r.kind === 'file' && r.state.uri.fsPath === path.join(root, 'README.md'))!;
    const item = tree.getTreeItem(readme);
    assert.match(String(item.description), /references, \d+ to update/);
    const refs = tree.getChildren(readme);
    const byText = (needle: string) => refs.find((r) => r.kind === 'ref' && r.finding.ref.text.includes(needle));
    const old = byText(`zenodo.${OLD}`)!;
    assert.ok(old, 'the badge\'s old DOI is not listed');
    assert.strictEqual(old.kind === 'ref' && old.finding.status, 'superseded');
    assert.match(String(tree.getTreeItem(old).description), /newer version 1\.9\.1/);
    const retracted = byText('1905717')!;
    assert.strictEqual(retracted.kind === 'ref' && retracted.finding.status, 'deleted');
    assert.match(String(tree.getTreeItem(retracted).description), /retracted/);
    const current = byText('4924875')!;
    assert.strictEqual(current.kind === 'ref' && current.finding.status, 'current');
    // A row opens its reference.
    assert.strictEqual(tree.getTreeItem(current).command?.command, 'vscode.open');
  });

  it('shows a diagnostic and CodeLens for a superseded version; the quick fix updates it and the diagnostic goes', async () => {
    const uri = write('checks-quickfix/notes.md', `# Notes\n\nWe used [scikit-learn](https://doi.org/10.5281/zenodo.${OLD}) and 10.5281/zenodo.${n.softwareConcept}.\n`);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const [diag] = await waitFor('a Zenodo diagnostic', () => (zenodoDiagnostics(uri).length === 1 ? zenodoDiagnostics(uri) : undefined), 20_000);
    assert.match(diag.message, /newer version 1\.9\.1 \(2026-09-11\) available/);
    assert.strictEqual(doc.getText(diag.range), `https://doi.org/10.5281/zenodo.${OLD}`);
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Warning);

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => /newer version 1\.9\.1 \(2026-09-11\) available/.test(t)), titles.join(' | '));
    assert.ok(titles.some((t) => /concept DOI: always resolves to the newest version/.test(t)), titles.join(' | '));

    // A re-check (after a settings or repository event) may be under way: ask until it has settled.
    let actions: vscode.CodeAction[] = [];
    const update = await waitFor('the "Update to the latest version" quick fix', async () => {
      actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range);
      return actions.find((a) => /^Update to the latest version/.test(a.title) && a.edit);
    }, 20_000).catch(() => undefined);
    assert.ok(update?.edit, `no update action among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(actions.some((a) => /^Switch to the concept DOI/.test(a.title)));
    const before = api.networkRequests();
    assert.ok(await vscode.workspace.applyEdit(update.edit));
    assert.strictEqual(doc.getText(), `# Notes\n\nWe used [scikit-learn](https://doi.org/10.5281/zenodo.${LATEST}) and 10.5281/zenodo.${n.softwareConcept}.\n`);
    await waitFor('the diagnostic to go', () => zenodoDiagnostics(uri).length === 0, 20_000);
    // The re-check after the edit was answered from the look-up cache.
    assert.strictEqual(api.networkRequests(), before);
  });

  it('policy pinned flags the concept DOI instead; severity follows the setting', async () => {
    const uri = write('checks-policy/cite.md', `Cite 10.5281/zenodo.${n.softwareConcept}.\n`);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitFor('the check', async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).length > 0, 20_000);
    assert.strictEqual(zenodoDiagnostics(uri).length, 0);
    await checks().update('policy', 'pinned', vscode.ConfigurationTarget.Global);
    await checks().update('severity', 'error', vscode.ConfigurationTarget.Global);
    try {
      const [d] = await waitFor('a pinned-policy diagnostic', () => (zenodoDiagnostics(uri).length === 1 ? zenodoDiagnostics(uri) : undefined));
      assert.match(d.message, /concept DOI/);
      assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range);
      assert.ok(actions.some((a) => /^Pin to the current latest version 1\.9\.1/.test(a.title)), actions.map((a) => a.title).join(' | '));
    } finally {
      await checks().update('policy', undefined, vscode.ConfigurationTarget.Global);
      await checks().update('severity', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('Update Citations in Workspace: one edit over the fixture files (.gitignore respected), fields included; a second check costs nothing', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const include = '{README.md,CITATION.cff,papers/**,build/**,notebooks/**}';
    const outcome = await vscode.commands.executeCommand<UpdateOutcome>('zenodo.updateCitationsInWorkspace', { confirm: false, include });
    assert.ok(outcome?.applied, JSON.stringify(outcome));
    const text = async (rel: string) => (await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root, rel)))).getText();
    const readme = await text('README.md');
    assert.ok(readme.includes(`[![DOI](https://zenodo.org/badge/DOI/10.5281/zenodo.${LATEST}.svg)](https://doi.org/10.5281/zenodo.${LATEST})`), readme);
    assert.ok(readme.includes('10.5281/zenodo.591564'), 'the concept DOI changed under policy latest');
    assert.ok(readme.includes('https://zenodo.org/records/1905717'), 'a deleted record has no automatic fix');
    const bib = await text('papers/refs.bib');
    assert.match(bib, new RegExp(`version {6}= \\{1\\.9\\.1\\},\\n {2}doi {10}= \\{10\\.5281/zenodo\\.${LATEST}\\},\\n {2}url {10}= \\{https://doi\\.org/10\\.5281/zenodo\\.${LATEST}\\}`));
    assert.match(bib, /month {8}= sep,\n {2}year {9}= 2026,/);
    assert.match(bib, /doi {5}= \{10\.1038\/s41586-020-2649-2\}/);
    const cff = await text('CITATION.cff');
    assert.match(cff, new RegExp(`version: "1\\.9\\.1"\\n {4}date-released: 2026-09-11\\n {4}doi: 10\\.5281/zenodo\\.${LATEST}`));
    assert.ok((await text('papers/paper.tex')).includes(`\\doi{10.5281/zenodo.${LATEST}}`));
    assert.ok((await text('notebooks/analysis.ipynb')).includes(`software: 10.5281/zenodo.${LATEST}`));
    assert.strictEqual(fs.readFileSync(path.join(root, 'build/old-readme.md'), 'utf8').includes(OLD), true, 'a .gitignored file was edited');
    assert.ok(!(await text('build/old-readme.md')).includes(LATEST), 'a .gitignored file was edited');

    // The view lists the files; a second check within the cache lifetime makes no request.
    const before = api.networkRequests();
    const again = await vscode.commands.executeCommand<{ files: number; references: number }>('zenodo.checkCitationsInWorkspace', { include });
    assert.ok(again && again.references > 5, JSON.stringify(again));
    assert.strictEqual(api.networkRequests(), before);
    await vscode.workspace.saveAll(false);
  });

  it('the workspace update is one undoable edit', async () => {
    const uri = write('checks-undo/draft.md', `Old: 10.5281/zenodo.${OLD}\n`);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const outcome = await vscode.commands.executeCommand<UpdateOutcome>('zenodo.updateCitationsInWorkspace', { confirm: false, include: 'checks-undo/**' });
    assert.strictEqual(outcome?.changed, 1);
    assert.strictEqual(doc.getText(), `Old: 10.5281/zenodo.${LATEST}\n`);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), `Old: 10.5281/zenodo.${OLD}\n`);
  });

  it('a document changed while the check runs is not edited; the others are', async () => {
    await checks().update('enabled', false, vscode.ConfigurationTarget.Global);
    const old = n.fiftyVersions.versions.find((v) => v !== n.fiftyVersions.latest)!;
    const a = write('checks-race/a.md', `A: 10.5281/zenodo.${old}\n`);
    write('checks-race/b.md', `B: 10.5281/zenodo.${old}\n`);
    const doc = await vscode.workspace.openTextDocument(a);
    const editor = await vscode.window.showTextDocument(doc);
    server.faults.set({ kind: 'latency', ms: 1500, path: '^/api/records' });
    const seen = server.requests.length;
    try {
      const pending = vscode.commands.executeCommand<UpdateOutcome>('zenodo.updateCitationsInWorkspace', { confirm: false, include: 'checks-race/**' });
      await waitFor('the look-up to start', () => server.requests.length > seen || undefined, 20_000).catch(() => undefined);
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'Edited meanwhile. '));
      const outcome = await pending;
      assert.deepStrictEqual(outcome?.skipped, ['checks-race/a.md']);
      assert.strictEqual(doc.getText(), `Edited meanwhile. A: 10.5281/zenodo.${old}\n`);
      const b = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root, 'checks-race/b.md')));
      assert.strictEqual(b.getText(), `B: 10.5281/zenodo.${n.fiftyVersions.latest}\n`);
    } finally {
      server.faults.clear();
      await checks().update('enabled', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.saveAll(false);
    }
  });
});
