// Issue 4: the Zenodo sidebar in the real extension host, fed by the local Zenodo server. The rows
// are read through the extension API's `sidebar` (the same providers the views render), and the
// requests are counted on the server's log.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { ZenodoExtensionApi } from '../../src/extension';
import type { SidebarNode } from '../../src/sidebar/nodes';
import type { ZenodoServer } from '../zenodo-server';
import { extensionApi, resetBaseUrl, useLocalZenodo, waitFor } from './support';

type Kind<K extends SidebarNode['kind']> = SidebarNode & { kind: K };

function ofKind<K extends SidebarNode['kind']>(rows: SidebarNode[], kind: K): Kind<K>[] {
  return rows.filter((r): r is Kind<K> => r.kind === kind);
}

describe('sidebar: search, communities, records, versions and files', function () {
  this.timeout(60_000);
  let server: ZenodoServer;
  let api: ZenodoExtensionApi;

  /** Requests the server answered (or dropped) since the last reset, API routes only. */
  const apiRequests = () => server.requests.filter((r) => r.path.startsWith('/api/'));

  before(async () => {
    api = await extensionApi();
    server = await useLocalZenodo();
    await waitFor('the client to use the local server', async () => (await api.services.zenodo.client()).baseUrl === server.url);
  });
  beforeEach(async () => {
    server.faults.clear();
    // Other suites share this extension host and may leave a query in the Search view.
    api.sidebar.search.setQuery({ q: '', sort: 'bestmatch', filters: {} });
    // Every test starts cold: no answer cached, no tree state.
    (await api.services.zenodo.client()).scheduler.clearCache();
    api.sidebar.search.reset();
    api.sidebar.communities.reset();
    // A visible Communities view reloads its root after a reset; let that happen (once, through the
    // shared cache) before counting, so background refreshes are not counted as the test's requests.
    await api.sidebar.communities.getChildren();
    await new Promise((r) => setTimeout(r, 150));
    server.resetRequests();
  });
  after(async () => {
    server?.faults.clear();
    api?.sidebar.search.setQuery({ q: '', sort: 'bestmatch', filters: {} });
    await resetBaseUrl();
    await server?.close();
  });

  it('shows a search\'s records from the server with one request, and none when rendered again', async () => {
    const { search } = api.sidebar;
    assert.deepStrictEqual(await search.getChildren(), [], 'no query yet: the welcome content shows');
    assert.strictEqual(apiRequests().length, 0);
    search.search('climate');
    const rows = await search.getChildren();
    const records = ofKind(rows, 'record');
    assert.strictEqual(records.length, 20);
    assert.strictEqual(apiRequests().length, 1, 'one request for the first page');
    const req = apiRequests()[0];
    assert.strictEqual(req.path, '/api/records');
    assert.strictEqual(req.query.q, 'climate');
    for (const r of records) {
      const rec = server.corpus.get(r.record.id);
      assert.ok(rec, `record ${r.record.id} is not in the server's corpus`);
      const item = search.getTreeItem(r);
      assert.strictEqual(item.label, rec.title.replace(/\s+/g, ' ').trim());
      assert.match(String(item.contextValue), /^record\b/);
      assert.ok(item.tooltip instanceof vscode.MarkdownString);
      assert.strictEqual((item.tooltip as vscode.MarkdownString).isTrusted, false);
      assert.ok(item.iconPath instanceof vscode.ThemeIcon);
    }
    const more = ofKind(rows, 'loadMore');
    assert.strictEqual(more.length, 1);
    assert.match(String(search.getTreeItem(more[0]).label), /20 of 101/);
    // Rendering again (VS Code asks again on every refresh) costs nothing.
    server.resetRequests();
    const again = await search.getChildren();
    assert.deepStrictEqual(ofKind(again, 'record').map((r) => r.record.id), records.map((r) => r.record.id));
    assert.strictEqual(apiRequests().length, 0, 'a warm re-render made requests');
    // Even with the tree's own state gone, the shared cache answers: still no request.
    search.reset();
    await search.getChildren();
    assert.strictEqual(apiRequests().length, 0, 'the shared scheduler cache was not used');
  });

  it('"Load more" appends the next page with one request and keeps the rows already shown', async () => {
    const { search } = api.sidebar;
    search.search('climate');
    const first = ofKind(await search.getChildren(), 'record').map((r) => r.record.id);
    const more = ofKind(await search.getChildren(), 'loadMore')[0];
    server.resetRequests();
    await vscode.commands.executeCommand('zenodo.sidebar.loadMore', more);
    assert.strictEqual(apiRequests().length, 1);
    assert.strictEqual(apiRequests()[0].query.page, '2');
    const rows = await search.getChildren();
    const ids = ofKind(rows, 'record').map((r) => r.record.id);
    assert.strictEqual(ids.length, 40);
    assert.deepStrictEqual(ids.slice(0, 20), first);
    assert.strictEqual(new Set(ids).size, 40, 'duplicate rows after paging');
    assert.strictEqual(apiRequests().length, 1, 'rendering the appended list refetched');
  });

  it('facets refine the query when picked, and picking again removes the filter', async () => {
    const { search } = api.sidebar;
    search.search('climate');
    const refine = ofKind(await search.getChildren(), 'refine')[0];
    assert.ok(refine, 'no "Refine" row');
    const facets = ofKind(await search.getChildren(refine), 'facet');
    assert.deepStrictEqual(facets.map((f) => f.facet), ['resource_type', 'access_status', 'file_type', 'subject', 'publication_date']);
    const types = ofKind(await search.getChildren(facets[0]), 'facetValue');
    const dataset = types.find((v) => v.value === 'dataset');
    assert.ok(dataset && dataset.count! > 0, 'no dataset bucket with a count');
    server.resetRequests();
    await vscode.commands.executeCommand('zenodo.sidebar.toggleFacet', dataset);
    const rows = await search.getChildren();
    assert.strictEqual(apiRequests().length, 1);
    assert.strictEqual(apiRequests()[0].query.resource_type, 'dataset');
    const records = ofKind(rows, 'record');
    assert.ok(records.length > 0);
    assert.ok(records.every((r) => r.record.resourceType.type === 'dataset'), 'a non-dataset row after filtering');
    assert.ok(records.length <= dataset.count!);
    const active = ofKind(rows, 'facetValue').filter((v) => v.selected);
    assert.strictEqual(active.length, 1, 'the active filter is shown as a row');
    assert.deepStrictEqual(search.query.filters, { resource_type: 'dataset' });
    await vscode.commands.executeCommand('zenodo.sidebar.toggleFacet', active[0]);
    assert.deepStrictEqual(search.query.filters, {});
    const after = ofKind(await search.getChildren(), 'record');
    assert.ok(after.some((r) => r.record.resourceType.type !== 'dataset'));
    // Sorting is part of the query too.
    search.setSort('mostdownloaded');
    await search.getChildren();
    assert.strictEqual(apiRequests().at(-1)!.query.sort, 'mostdownloaded');
  });

  it('a community → its records → a record → its versions (latest marked) and files, from the server', async () => {
    const { communities } = api.sidebar;
    // Cold again (beforeEach warmed the community list): our call goes first; the view's own
    // render, if visible, joins it or reads the tree's state.
    (await api.services.zenodo.client()).scheduler.clearCache();
    communities.reset();
    server.resetRequests();
    const roots = ofKind(await communities.getChildren(), 'community');
    assert.ok(roots.length > 0);
    assert.strictEqual(apiRequests().length, 1);
    assert.strictEqual(apiRequests()[0].path, '/api/communities');
    const symba = roots.find((c) => c.slug === 'symbaproject');
    assert.ok(symba, `symbaproject not among ${roots.map((c) => c.slug).join(', ')}`);
    assert.strictEqual(communities.getTreeItem(symba).contextValue, 'community');
    server.resetRequests();
    const recs = ofKind(await communities.getChildren(symba), 'record');
    assert.ok(recs.length > 0);
    assert.deepStrictEqual(apiRequests().map((r) => r.path), ['/api/communities/symbaproject/records']);
    for (const r of recs) assert.ok(server.corpus.get(r.record.id)!.communities.includes('symbaproject'));

    // A record with versions: scikit-learn (the recording).
    const { search } = api.sidebar;
    const id = server.corpus.notable.softwareWithVersions;
    search.search('scikit-learn');
    const rec = ofKind(await search.getChildren(), 'record').find((r) => r.record.id === id);
    assert.ok(rec, 'scikit-learn not found');
    server.resetRequests();
    const kids = await search.getChildren(rec);
    const versions = ofKind(kids, 'versions')[0];
    const files = ofKind(kids, 'file');
    assert.ok(versions, 'no Versions row');
    assert.ok(files.length > 0, 'the record lists its files directly');
    assert.strictEqual(apiRequests().length, 0, 'expanding a record whose hit carries its files fetched something');
    const vrows = await search.getChildren(versions);
    const vs = ofKind(vrows, 'version');
    assert.strictEqual(vs.length, 20);
    assert.deepStrictEqual(apiRequests().map((r) => r.path), [`/api/records/${id}/versions`]);
    const latest = vs.filter((v) => v.record.isLatest);
    assert.deepStrictEqual(latest.map((v) => v.record.id), [id], 'exactly the latest version is marked');
    assert.match(String(search.getTreeItem(latest[0]).contextValue), /\blatest\b/);
    assert.match(String(search.getTreeItem(latest[0]).description), /latest/);
    assert.ok(!/latest/.test(String(search.getTreeItem(vs[1]).description)));
    assert.strictEqual(ofKind(vrows, 'loadMore').length, 1, '47 versions: a "Load more" row');
    const vfiles = ofKind(await search.getChildren(vs[1]), 'file');
    assert.ok(vfiles.length > 0);
    assert.strictEqual(apiRequests().length, 1, 'a version\'s files came from its version hit: no request');

    // Warm: collapsing and expanding again costs nothing.
    server.resetRequests();
    await search.getChildren(rec);
    await search.getChildren(versions);
    await communities.getChildren(symba);
    await communities.getChildren();
    assert.strictEqual(apiRequests().length, 0, 'a warm expansion made requests');
  });

  it('community facets refine the community list; a community scope feeds the Search view', async () => {
    const { communities, search } = api.sidebar;
    const refine = ofKind(await communities.getChildren(), 'refine')[0];
    assert.ok(refine, 'no "Refine" row in Communities');
    const facets = ofKind(await communities.getChildren(refine), 'facet');
    assert.deepStrictEqual(facets.map((f) => f.facet), ['type', 'funder', 'organization']);
    const project = ofKind(await communities.getChildren(facets[0]), 'facetValue').find((v) => v.value === 'project');
    assert.ok(project, 'no "project" community type');
    server.resetRequests();
    await vscode.commands.executeCommand('zenodo.sidebar.toggleFacet', project);
    const rows = ofKind(await communities.getChildren(), 'community');
    assert.strictEqual(apiRequests().length, 1);
    assert.strictEqual(apiRequests()[0].query.type, 'project');
    assert.ok(rows.length > 0 && rows.every((c) => c.community.type === 'project'), rows.map((c) => `${c.slug}:${c.community.type}`).join(', '));
    communities.clearFilters();

    // "Search in Community…" shows its results in the Search view, scoped to the community.
    server.resetRequests();
    search.search('forest', { slug: 'symbaproject', title: 'SYMBA' });
    const recs = ofKind(await search.getChildren(), 'record');
    assert.deepStrictEqual(apiRequests().map((r) => r.path), ['/api/communities/symbaproject/records']);
    assert.strictEqual(apiRequests()[0].query.q, 'forest');
    for (const r of recs) assert.ok(server.corpus.get(r.record.id)!.communities.includes('symbaproject'));
  });

  it('a record whose search hit lacks its file list fetches it once, on expansion', async () => {
    const { search } = api.sidebar;
    search.search('climate');
    const rec = ofKind(await search.getChildren(), 'record').find((r) => r.record.files.length > 0)!;
    // Simulate a hit without entries (Zenodo leaves them out for some records).
    const bare: SidebarNode = { ...rec, id: `${rec.id}-bare`, record: { ...rec.record, files: [], filesCount: rec.record.files.length, accessStatus: 'open' } };
    server.resetRequests();
    const files = ofKind(await search.getChildren(bare), 'file');
    assert.deepStrictEqual(files.map((f) => f.file.key), rec.record.files.map((f) => f.key));
    assert.deepStrictEqual(apiRequests().map((r) => r.path), [`/api/records/${rec.record.id}/files`]);
    await search.getChildren(bare);
    assert.strictEqual(apiRequests().length, 1);
  });

  it('no results and a server error (with a working retry) appear as rows', async () => {
    const { search } = api.sidebar;
    search.search('xyzzyqqqnothing');
    const empty = await search.getChildren();
    assert.deepStrictEqual(empty.map((r) => r.kind === 'message' && r.tone), ['empty']);

    server.faults.set({ kind: 'status', code: 500, path: '^/api/records\\?' });
    search.search('ocean');
    const failed = await search.getChildren();
    assert.strictEqual(failed.length, 1);
    const err = failed[0] as Kind<'message'>;
    assert.strictEqual(err.tone, 'error');
    assert.match(err.text, /server error/i);
    assert.strictEqual(search.getTreeItem(err).contextValue, 'message.retry');
    server.faults.clear();
    await vscode.commands.executeCommand('zenodo.sidebar.retry', err);
    const recovered = await search.getChildren();
    assert.ok(ofKind(recovered, 'record').length > 0, 'retry did not bring the results');
  });

  it('offline: keeps the last rows with the time they were fetched', async () => {
    const { search } = api.sidebar;
    search.search('climate');
    const before = ofKind(await search.getChildren(), 'record').map((r) => r.record.id);
    server.faults.set({ kind: 'reset', path: '^/api/records\\?' });
    (await api.services.zenodo.client()).scheduler.clearCache();
    search.refresh();
    const rows = await search.getChildren();
    const banner = rows[0] as Kind<'message'>;
    assert.strictEqual(banner.tone, 'offline');
    assert.match(banner.text, /fetched at \d\d:\d\d/);
    assert.deepStrictEqual(ofKind(rows, 'record').map((r) => r.record.id), before);
  });

  it('a new query cancels the old one', async () => {
    const { search } = api.sidebar;
    server.faults.set({ kind: 'latency', ms: 3000, path: 'q=slowquery' });
    search.search('slowquery');
    const old = search.getChildren();
    await waitFor('the slow request to reach the server', () => apiRequests().some((r) => r.query.q === 'slowquery'));
    const slow = apiRequests().find((r) => r.query.q === 'slowquery')!;
    search.search('climate');
    assert.deepStrictEqual(await old, [], 'the cancelled query still produced rows');
    // The old request was abandoned, not awaited: its answer had not even been sent yet.
    assert.strictEqual(slow.status, 0, 'the old query was awaited to its end instead of cancelled');
    assert.ok(ofKind(await search.getChildren(), 'record').length > 0);
  });

  it('copies DOIs and file links, and downloads a file into the workspace with its checksum checked', async () => {
    const { search } = api.sidebar;
    const id = server.corpus.notable.softwareWithVersions;
    search.search('scikit-learn');
    const rec = ofKind(await search.getChildren(), 'record').find((r) => r.record.id === id)!;
    assert.strictEqual(await vscode.commands.executeCommand('zenodo.copyDoi', rec), rec.record.doi);
    assert.strictEqual(await vscode.env.clipboard.readText(), rec.record.doi);
    assert.strictEqual(await vscode.commands.executeCommand('zenodo.copyConceptDoi', rec), rec.record.conceptDoi);
    // A reference string works too (the RecordArg convention).
    assert.strictEqual(await vscode.commands.executeCommand('zenodo.copyDoi', { recordId: server.corpus.notable.dataset }), '10.5281/zenodo.4924875');

    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return; // the launcher opens a temp copy of the fixture workspace
    const ds = server.corpus.notable.dataset;
    search.search(`recid:${ds}`);
    const dsNode = ofKind(await search.getChildren(), 'record').find((r) => r.record.id === ds)!;
    assert.ok(dsNode, 'dataset record not found');
    const tiny = ofKind(await search.getChildren(dsNode), 'file').find((f) => f.file.key === 'tiny-data.txt')!;
    assert.ok(tiny);
    assert.strictEqual(await vscode.commands.executeCommand('zenodo.copyFileLink', tiny), tiny.file.url);
    const target = vscode.Uri.joinPath(folder.uri, 'tiny-data.txt');
    await vscode.workspace.fs.delete(target).then(undefined, () => undefined);
    // A corrupt download (half the bytes) never lands under the real name.
    server.faults.set({ kind: 'truncated', mode: 'short', path: 'tiny-data\\.txt/content', times: 1 });
    await vscode.commands.executeCommand('zenodo.downloadFile', tiny);
    assert.ok(!fs.existsSync(target.fsPath), 'a corrupt download was saved');
    assert.ok(!fs.existsSync(`${target.fsPath}.zenodo-part`), 'a partial file was left behind');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('zenodo.downloadFile', tiny);
    assert.ok(uri);
    assert.strictEqual(fs.readFileSync(target.fsPath, 'utf8'), '# A tiny data file for test purposes only\n1  2  3  4  5  6\n');
  });

  // Last: the search budget stays exhausted for the Retry-After the server gave (the shared scheduler honours it).
  it('the rate limit appears as a row with the wait', async () => {
    const { search } = api.sidebar;
    server.faults.set({ kind: 'burst429', retryAfter: 120, path: '^/api/records\\?' });
    search.search('river');
    const limited = await search.getChildren();
    assert.strictEqual(limited.length, 1);
    const rl = limited[0] as Kind<'message'>;
    assert.strictEqual(rl.tone, 'rate-limited');
    assert.match(rl.text, /try again in 120 s/);
    assert.strictEqual(search.getTreeItem(rl).contextValue, 'message.retry');
  });
});
