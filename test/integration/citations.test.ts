// Issue 6 in a real VS Code: Insert Citation… into .bib, .tex, Markdown, CITATION.cff and other
// files (expected text, one undo step), bad input that leaves the document untouched with a clear
// message, a document edited while the record is fetched, Resolve Latest Version DOI, and the hover.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ZenodoServer } from '../zenodo-server';
import { extensionApi, resetBaseUrl, useLocalZenodo, waitFor } from './support';

interface Told { level: 'info' | 'warning' | 'error'; message: string }
interface Outcome { outcome: string; key?: string; message: string; files?: string[] }
interface ResolveOutcome { status: string; message: string; latestDoi?: string; done: string }

function told(): Told[] {
  const h = (globalThis as Record<symbol, unknown>)[Symbol.for('zenodo-vscode.citations')] as { messages: Told[] } | undefined;
  assert.ok(h, 'the citations test hook is not installed');
  return h.messages;
}
const lastTold = () => told().at(-1);

const DATASET_BIBTEX = [
  '@dataset{uieda_2021_4924875,',
  '  author    = {Uieda, Leonardo},',
  '  title     = {Test data for the {Pooch} library},',
  '  month     = jun,',
  '  year      = {2021},',
  '  publisher = {Zenodo},',
  '  version   = {1},',
  '  doi       = {10.5281/zenodo.4924875},',
  '  url       = {https://doi.org/10.5281/zenodo.4924875},',
  '}',
  '',
].join('\n');

describe('citations: insert, resolve, hover', function () {
  this.timeout(60_000);
  let server: ZenodoServer;
  let dir: string;
  let n: ZenodoServer['corpus']['notable'];

  /** A file in the test folder, opened in an editor with the cursor at `cursor` (a substring, or the end). */
  async function open(name: string, content: string, cursor?: string): Promise<vscode.TextEditor> {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const editor = await vscode.window.showTextDocument(doc);
    const at = cursor === undefined ? content.length : content.indexOf(cursor) + 1;
    const pos = doc.positionAt(at);
    editor.selection = new vscode.Selection(pos, pos);
    return editor;
  }

  async function undo(editor: vscode.TextEditor): Promise<void> {
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
  }

  const insert = (arg?: unknown, options?: unknown) => vscode.commands.executeCommand<Outcome | undefined>('zenodo.insertCitation', arg, options);

  before(async () => {
    await extensionApi();
    server = await useLocalZenodo();
    n = server.corpus.notable;
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.tmpdir();
    dir = fs.mkdtempSync(path.join(root, 'cite-'));
  });
  beforeEach(() => server.faults.clear());
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    await resetBaseUrl();
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('activation did not load the citation engine (it loads on first use)', () => {
    const loaded = Object.keys(require.cache).filter((k) => k.endsWith(`${path.sep}dist${path.sep}citation.js`));
    assert.deepStrictEqual(loaded, []);
  });

  it('.bib: appends the entry, refuses a duplicate DOI, never reuses a key, and undoes in one step', async () => {
    const original = '@misc{uieda_2021_4924875,\n  title = {Same key, other work},\n  doi = {10.1/other},\n}\n';
    const editor = await open('refs.bib', original);
    const r = await insert({ recordId: n.dataset, version: 'this' });
    assert.strictEqual(r?.outcome, 'inserted', JSON.stringify(r));
    assert.strictEqual(r?.key, 'uieda_2021_4924875a', 'the key in use gets a letter');
    assert.strictEqual(editor.document.getText(), `${original}\n${DATASET_BIBTEX.replace('uieda_2021_4924875,', 'uieda_2021_4924875a,')}`);
    // Again: the DOI is there, nothing is added, and the person is told under which key.
    const again = await insert({ recordId: n.dataset, version: 'this' });
    assert.strictEqual(again?.outcome, 'already-present');
    assert.match(lastTold()!.message, /already cites 10\.5281\/zenodo\.4924875 as “uieda_2021_4924875a”/);
    assert.strictEqual((editor.document.getText().match(/doi\s+= \{10\.5281\/zenodo\.4924875\}/g) ?? []).length, 1);
    await undo(editor);
    assert.strictEqual(editor.document.getText(), original);
  });

  it('.tex: replaces the DOI under the cursor with \\cite{key} and adds the entry to \\bibliography{…}', async () => {
    const bib = path.join(dir, 'paper', 'refs.bib');
    fs.mkdirSync(path.dirname(bib), { recursive: true });
    fs.writeFileSync(bib, '% refs\n');
    const tex = '\\documentclass{article}\n\\begin{document}\nData from 10.5281/zenodo.4924875.\n\\bibliography{refs}\n\\end{document}\n';
    const editor = await open('paper/main.tex', tex, '10.5281/zenodo.4924875');
    const r = await insert(undefined, { version: 'this' });
    assert.strictEqual(r?.outcome, 'inserted', JSON.stringify(r));
    assert.strictEqual(editor.document.getText(), tex.replace('10.5281/zenodo.4924875', '\\cite{uieda_2021_4924875}'));
    const bibDoc = await vscode.workspace.openTextDocument(vscode.Uri.file(bib));
    assert.strictEqual(bibDoc.getText(), `% refs\n\n${DATASET_BIBTEX}`);
    // A second citation of the same record cites the existing entry and adds nothing.
    const again = await insert({ recordId: n.dataset, version: 'this' });
    assert.strictEqual(again?.outcome, 'cited-existing');
    assert.strictEqual(bibDoc.getText(), `% refs\n\n${DATASET_BIBTEX}`);
  });

  it('.tex: one undo reverts the citation and the bibliography entry together', async () => {
    const bib = path.join(dir, 'undo', 'refs.bib');
    fs.mkdirSync(path.dirname(bib), { recursive: true });
    fs.writeFileSync(bib, '');
    const tex = '\\addbibresource{refs.bib}\nSee .\n';
    const editor = await open('undo/main.tex', tex, ' .');
    const r = await insert({ recordId: n.dataset, version: 'this' });
    assert.strictEqual(r?.outcome, 'inserted', JSON.stringify(r));
    const bibDoc = await vscode.workspace.openTextDocument(vscode.Uri.file(bib));
    assert.strictEqual(bibDoc.getText(), DATASET_BIBTEX);
    await undo(editor);
    await waitFor('the undo of both files', () => editor.document.getText() === tex && bibDoc.getText() === '');
  });

  it('Markdown: [@key] plus the entry in the front matter\'s bibliography (created when missing), or a formatted reference', async () => {
    const md = '---\ntitle: Notes\nbibliography: md-refs.bib\n---\nWe used the data ';
    const editor = await open('notes.md', md);
    const r = await insert({ recordId: n.dataset, version: 'this' });
    assert.strictEqual(r?.outcome, 'inserted', JSON.stringify(r));
    assert.strictEqual(editor.document.getText(), `${md}[@uieda_2021_4924875]`);
    const bibPath = path.join(dir, 'md-refs.bib');
    const created = await waitFor('md-refs.bib to be created', () => vscode.workspace.textDocuments.find((d) => d.uri.fsPath === bibPath) ?? fs.existsSync(bibPath));
    const bibText = typeof created === 'object' ? created.getText() : fs.readFileSync(bibPath, 'utf8');
    assert.strictEqual(bibText, DATASET_BIBTEX);

    const plain = await open('README.md', '# Tool\n\nPlease cite: ');
    const f = await insert({ recordId: n.softwareWithVersions, version: 'this' }, { style: 'apa' });
    assert.strictEqual(f?.outcome, 'inserted');
    assert.strictEqual(plain.document.getText(), '# Tool\n\nPlease cite: The scikit-learn developers. (2026). scikit-learn (1.9.1) [Computer software]. Zenodo. https://doi.org/10.5281/zenodo.22705923');
    await undo(plain);
    assert.strictEqual(plain.document.getText(), '# Tool\n\nPlease cite: ');
  });

  it('CITATION.cff: adds the references entry, updates it instead of duplicating, and undoes in one step', async () => {
    const cff = 'cff-version: 1.2.0\nmessage: Please cite this software.\ntitle: My tool\nauthors:\n  - family-names: Doe\n    given-names: Jane\n';
    const editor = await open('CITATION.cff', cff);
    const r = await insert({ recordId: n.dataset, version: 'this' });
    assert.strictEqual(r?.outcome, 'added', JSON.stringify(r));
    const text = editor.document.getText();
    assert.ok(text.startsWith(cff), text);
    assert.match(text, /\nreferences:\n {2}- type: data\n {4}authors:\n {6}- family-names: Uieda\n/);
    assert.match(text, /\n {4}doi: 10\.5281\/zenodo\.4924875\n/);
    const again = await insert({ recordId: n.dataset, version: 'this' });
    assert.strictEqual(again?.outcome, 'updated');
    assert.strictEqual(editor.document.getText(), text, 'the same record updates its entry in place');
    await undo(editor);
    await undo(editor);
    assert.strictEqual(editor.document.getText(), cff);
  });

  it('any other file: the chosen format at the cursor, after the line of a reference under the cursor', async () => {
    const editor = await open('notes.txt', 'ref: 10.5281/zenodo.22705923\nend\n', '10.5281');
    const r = await insert(undefined, { version: 'all', format: 'text', style: 'ieee' });
    assert.strictEqual(r?.outcome, 'inserted', JSON.stringify(r));
    assert.strictEqual(editor.document.getText(), 'ref: 10.5281/zenodo.22705923\nThe scikit-learn developers, scikit-learn. Zenodo, 2026. doi: 10.5281/zenodo.591564.\nend\n');
  });

  describe('bad input leaves the document untouched, with a clear message', () => {
    const cases: Array<[string, () => string, RegExp]> = [
      ['not a reference', () => 'not a reference', /not a Zenodo reference/],
      ['a DOI that is not on Zenodo', () => '10.1234/not-on-zenodo', /not found/],
      ['a deleted record', () => n.deleted[0], /deleted from the repository \(reason: \w+/],
      ['a restricted record', () => n.restricted, /restricted|not found/],
    ];
    for (const [what, ref, message] of cases) {
      it(what, async () => {
        const editor = await open('untouched.bib', '@misc{a, title = {A}}\n');
        const r = await insert(ref(), { version: 'this' });
        assert.strictEqual(r?.outcome, 'failed');
        assert.strictEqual(editor.document.getText(), '@misc{a, title = {A}}\n');
        assert.strictEqual(editor.document.isDirty, false);
        assert.strictEqual(lastTold()?.level, 'error');
        assert.match(lastTold()!.message, message);
        assert.match(lastTold()!.message, /^Nothing was inserted/);
      });
    }

    it('the network failing', async () => {
      server.faults.set({ kind: 'reset' });
      const editor = await open('offline.bib', '');
      const r = await insert({ recordId: n.unicode, version: 'this' });
      assert.strictEqual(r?.outcome, 'failed');
      assert.strictEqual(editor.document.getText(), '');
      assert.strictEqual(editor.document.isDirty, false);
      assert.match(lastTold()!.message, /^Nothing was inserted: Could not reach the repository/);
    });

    it('the document changing while the record is fetched', async () => {
      server.faults.set({ kind: 'latency', ms: 1500 });
      const editor = await open('moving.bib', '');
      const pending = insert({ recordId: n.embargoed, version: 'this' });
      await new Promise((r) => setTimeout(r, 300));
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), '% typed meanwhile\n'));
      const r = await pending;
      assert.strictEqual(r?.outcome, 'document-changed');
      assert.strictEqual(editor.document.getText(), '% typed meanwhile\n');
      assert.match(lastTold()!.message, /document changed while the record was being fetched; nothing was inserted/);
    });
  });

  describe('Resolve Latest Version DOI', () => {
    const resolve = (arg?: unknown, options?: unknown) => vscode.commands.executeCommand<ResolveOutcome | undefined>('zenodo.resolveLatest', arg, options);

    it('says which version a reference is and replaces it in place with the latest (one edit)', async () => {
      const old = `https://doi.org/10.5281/zenodo.${n.softwareOlderVersion}`;
      const editor = await open('cite-old.md', `Cite ${old} please.\n`, 'zenodo');
      const r = await resolve(undefined, { action: 'replace' });
      assert.strictEqual(r?.status, 'superseded');
      assert.strictEqual(r?.done, 'replaced');
      assert.match(r!.message, /is version .* of “scikit-learn”; the latest is 1\.9\.1, 2026-09-11: 10\.5281\/zenodo\.22705923/);
      assert.strictEqual(editor.document.getText(), 'Cite https://doi.org/10.5281/zenodo.22705923 please.\n');
      await undo(editor);
      assert.strictEqual(editor.document.getText(), `Cite ${old} please.\n`);
    });

    it('a concept DOI always resolves to the newest version; the latest says it is the latest', async () => {
      const concept = await resolve('10.5281/zenodo.591564', { action: 'none' });
      assert.strictEqual(concept?.status, 'concept');
      assert.match(concept!.message, /concept DOI .* always resolves to the newest version/);
      const latest = await resolve('10.5281/zenodo.22705923', { action: 'copy' });
      assert.strictEqual(latest?.status, 'current');
      assert.match(latest!.message, /is the latest version/);
      assert.strictEqual(await vscode.env.clipboard.readText(), '10.5281/zenodo.22705923');
    });

    it('a deleted record says why and offers its citation text', async () => {
      const r = await resolve(n.deleted[0], { action: 'copyCitation' });
      assert.strictEqual(r?.status, 'deleted');
      assert.match(r!.message, /deleted from the repository \(reason: /);
      const ts = server.corpus.get(n.deleted[0])!.tombstone!;
      assert.ok(ts.citationText, 'the corpus tombstone has a citation text');
      assert.match(r!.message, new RegExp(`reason: ${ts.removalReason}`));
      assert.strictEqual(r?.done, 'copied');
      assert.strictEqual(await vscode.env.clipboard.readText(), ts.citationText);
    });
  });

  it('hover: title, version, whether it is the latest (with the latest DOI), and command links', async () => {
    const editor = await open('hover.txt', `old: 10.5281/zenodo.${n.softwareOlderVersion}\nnothing here\n`);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(0, 10));
    // (MarkdownString.appendText escapes Markdown's punctuation and writes spaces as &nbsp;: read the plain text.)
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n')
      .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1').replace(/&nbsp;/g, ' ');
    assert.match(text, /scikit-learn/);
    assert.match(text, /A newer version exists: 1\.9\.1, 2026-09-11 — 10\.5281\/zenodo\.22705923/);
    assert.match(text, /command:zenodo\.openRecord\?/);
    assert.match(text, /command:zenodo\.insertCitation\?/);
    // No reference under the pointer: no hover from us, and no request.
    server.resetRequests();
    const none = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(1, 3));
    const ours = none.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.doesNotMatch(ours, /zenodo/i);
    assert.strictEqual(server.requests.length, 0);
  });
});
