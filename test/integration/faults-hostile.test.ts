// Issue 11: hostile and odd input in the real extension host. Records with hostile HTML in every
// field, right-to-left / combining / emoji text, 3,000 files and a 750 KB description, 300 versions,
// metadata-only records; and references that are malformed, end in punctuation, are URL-encoded,
// mixed-case, not Zenodo's, or name ids past 2^53 — through the trees, the panels, the citations
// and the resolve/insert commands. Shown as text (never markup), truncated where needed, never run.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ZenodoExtensionApi } from '../../src/extension';
import type { SidebarNode } from '../../src/sidebar/nodes';
import type { ZenodoServer } from '../zenodo-server';
import { extensionApi, restoreWorkbench, useLocalZenodo, waitFor } from './support';

type Kind<K extends SidebarNode['kind']> = SidebarNode & { kind: K };
const ofKind = <K extends SidebarNode['kind']>(rows: SidebarNode[], kind: K): Kind<K>[] => rows.filter((r): r is Kind<K> => r.kind === kind);
const tooltipText = (t: vscode.TreeItem['tooltip']) => (typeof t === 'string' ? t : t?.value ?? '');

/** A link the record's text could form in a Markdown tooltip (its HTML is inert: supportHtml is off). */
const ACTIVE_RAW = /\]\(\s*(javascript|command|data):/i;

describe('faults: hostile and odd records and references', function () {
  this.timeout(90_000);
  let server: ZenodoServer;
  let api: ZenodoExtensionApi;
  let n: ZenodoServer['corpus']['notable'];
  let dir: string;

  before(async () => {
    api = await extensionApi();
    server = await useLocalZenodo();
    n = server.corpus.notable;
    await vscode.workspace.getConfiguration('zenodo.checks').update('enabled', false, vscode.ConfigurationTarget.Global);
    dir = fs.mkdtempSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'hostile-'));
  });
  after(async () => {
    await restoreWorkbench(api, server, dir);
    api?.sidebar.search.reset();
  });

  async function recordRow(id: string): Promise<Kind<'record'>> {
    api.sidebar.search.search(`recid:${id}`);
    const row = ofKind(await api.sidebar.search.getChildren(), 'record').find((r) => r.record.id === id);
    assert.ok(row, `record ${id} not found`);
    return row;
  }

  it('trees: hostile, unicode and huge records are rows of plain text, with untrusted, bounded tooltips', async () => {
    for (const id of [n.hostile, n.unicode, n.manyFiles, n.metadataOnly, n.threeHundredVersions.latest]) {
      const row = await recordRow(id);
      const item = api.sidebar.search.getTreeItem(row);
      const rec = server.corpus.get(id)!;
      assert.strictEqual(item.label, rec.title.replace(/\s+/g, ' ').trim(), 'the title is shown as written (text, whitespace collapsed)');
      const tip = item.tooltip as vscode.MarkdownString;
      assert.ok(tip instanceof vscode.MarkdownString);
      assert.strictEqual(tip.isTrusted, false, 'a record tooltip may never run commands');
      assert.ok(!tip.supportHtml, 'a record tooltip may never render HTML');
      assert.ok(tip.value.length < 3000, `the tooltip is not bounded (${tip.value.length} characters)`);
      // The record's text is escaped Markdown: it cannot form a link (HTML is not rendered, see above).
      assert.doesNotMatch(tip.value, ACTIVE_RAW, 'the record\'s text formed a link in the tooltip');
    }
    // Unicode: right-to-left, combining marks and emoji arrive intact (no mojibake, no loss).
    const uni = server.corpus.get(n.unicode)!;
    const row = await recordRow(n.unicode);
    assert.strictEqual(api.sidebar.search.getTreeItem(row).label, uni.title.replace(/\s+/g, ' ').trim());
    assert.match(uni.title, /[\u0590-\u08ff]|[\u0300-\u036f]|\p{Extended_Pictographic}/u, 'the unicode record is not unicode');
  });

  it('trees: 3,000 files and 300 versions expand without freezing and page where they must', async () => {
    const many = await recordRow(n.manyFiles);
    const kids = await api.sidebar.search.getChildren(many);
    const files = ofKind(kids, 'file');
    assert.ok(files.length > 0, 'no file rows');
    for (const f of files.slice(0, 50)) {
      const item = api.sidebar.search.getTreeItem(f);
      assert.ok(typeof item.label === 'string' && item.label.length > 0);
      assert.doesNotMatch(tooltipText(item.tooltip), ACTIVE_RAW);
    }
    const versions = ofKind(await api.sidebar.search.getChildren(await recordRow(n.threeHundredVersions.latest)), 'versions')[0];
    const vrows = await api.sidebar.search.getChildren(versions);
    assert.ok(ofKind(vrows, 'version').length <= 100, 'all 300 versions at once');
    assert.strictEqual(ofKind(vrows, 'loadMore').length, 1, 'no "Load more" for 300 versions');
  });

  it('panels: the hostile record loads with its markup inert (the view model is sanitised)', async () => {
    await vscode.commands.executeCommand('zenodo.openRecord', n.hostile);
    const hook = (globalThis as Record<symbol, unknown>)[Symbol.for('zenodo-vscode.panels')] as { snapshots(): Array<{ recordId: string; loaded: boolean; title: string; error?: string }> };
    const s = await waitFor('the hostile record panel', () => hook.snapshots().find((x) => x.recordId === n.hostile && (x.loaded || x.error)));
    assert.ok(s.loaded, s.error);
    assert.ok(s.title.length <= 48, 'the panel title is not truncated');
    await vscode.commands.executeCommand('zenodo.openRecord', n.manyFiles);
    const big = await waitFor('the huge record panel', () => hook.snapshots().find((x) => x.recordId === n.manyFiles && (x.loaded || x.error)), 20_000);
    assert.ok(big.loaded, big.error);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('citations: hostile and unicode records make one well-formed BibTeX entry each, text escaped, nothing run', async () => {
    const file = path.join(dir, 'refs.bib');
    fs.writeFileSync(file, '');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
    for (const id of [n.hostile, n.unicode, n.metadataOnly]) {
      const r = await vscode.commands.executeCommand<{ outcome: string; message: string }>('zenodo.insertCitation', { recordId: id, version: 'this' });
      assert.strictEqual(r?.outcome, 'inserted', r?.message);
    }
    const text = editor.document.getText();
    assert.strictEqual((text.match(/^@/gm) ?? []).length, 3, text);
    // Balanced braces: no record text ends an entry early.
    let depth = 0;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '{') depth++;
      else if (text[i] === '}') assert.ok(--depth >= 0, `unbalanced at ${i}:\n${text}`);
    }
    assert.strictEqual(depth, 0);
    assert.doesNotMatch(text, /(?<!\\textbackslash\{\})\\(input|include|write18|immediate)\b/, 'record text became a LaTeX command');
    const uni = server.corpus.get(n.unicode)!;
    assert.ok(text.includes(uni.title.replace(/\s+/g, ' ').trim().slice(0, 10)), 'the unicode title was not kept as UTF-8');
  });

  describe('references: odd forms through resolve and insert', () => {
    const resolve = (ref: string) => vscode.commands.executeCommand<{ status: string; message: string; latestId?: string }>('zenodo.resolveLatest', ref, { action: 'none' });
    const cases: Array<[string, () => string, string | RegExp]> = [
      ['trailing punctuation', () => `10.5281/zenodo.${n.softwareWithVersions}.`, 'current'],
      ['in parentheses with a comma', () => `(https://doi.org/10.5281/zenodo.${n.softwareWithVersions}),`, 'current'],
      ['URL-encoded', () => `https://doi.org/10.5281%2Fzenodo.${n.softwareWithVersions}`, 'current'],
      ['mixed case', () => `DOI:10.5281/ZENODO.${n.softwareWithVersions}`, 'current'],
      ['a record URL with a query', () => `https://zenodo.org/records/${n.softwareOlderVersion}?preview=1`, 'superseded'],
      ['a DOI that is not Zenodo\'s', () => '10.1234/not-on-zenodo.5', /not-found|invalid/],
      ['a malformed DOI', () => '10.5281/zenodo.', 'invalid'],
      ['an id past 2^53', () => '10.5281/zenodo.9007199254740993', 'not-found'],
      ['markup instead of a reference', () => '<img src=x onerror=alert(1)>', 'invalid'],
    ];
    for (const [what, ref, want] of cases) {
      it(what, async () => {
        const r = await resolve(ref());
        assert.ok(r, 'no outcome');
        if (typeof want === 'string') assert.strictEqual(r.status, want, r.message);
        else assert.match(r.status, want, r.message);
        assert.doesNotMatch(r.message, /undefined|NaN|\[object|TypeError/);
        if (want === 'superseded') assert.strictEqual(r.latestId, n.softwareWithVersions);
      });
    }

    it('an id past 2^53 is looked up as written, never rounded', async () => {
      server.resetRequests();
      await resolve('10.5281/zenodo.9007199254740995');
      const asked = server.requests.map((q) => `${q.path} ${JSON.stringify(q.query)}`).join('\n');
      assert.match(asked, /9007199254740995/);
      assert.doesNotMatch(asked, /9007199254740996|9007199254740994/);
    });

    it('insert with a malformed reference changes nothing and says why', async () => {
      const file = path.join(dir, 'untouched.bib');
      fs.writeFileSync(file, '@misc{a, title = {A}}\n');
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      for (const ref of ['10.5281/zenodo.', '<script>alert(1)</script>', '10.5281/zenodo.9007199254740993']) {
        const r = await vscode.commands.executeCommand<{ outcome: string; message: string }>('zenodo.insertCitation', ref, { version: 'this' });
        assert.strictEqual(r?.outcome, 'failed', `${ref}: ${JSON.stringify(r)}`);
        assert.strictEqual(editor.document.getText(), '@misc{a, title = {A}}\n');
        assert.strictEqual(editor.document.isDirty, false);
        assert.match(r!.message, /^Nothing was inserted: /);
      }
    });
  });
});
