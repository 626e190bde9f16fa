/**
 * The Zenodo sidebar: the Search and Communities views, the search QuickPicks and the commands of
 * their context menus. Registering builds objects only: no request until a view is shown or a
 * command runs.
 */
import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { referenceAt } from '../core/reference';
import type { Community, FileEntry, ZenodoRecord } from '../core/models';
import type { Services } from '../services';
import { recordRefFromArg } from '../util/args';
import { registerCommand } from '../util/commands';
import { downloadFile } from './download';
import { CommunityScope, SEARCH_SORTS, sortLabel } from './model';
import { recordOf, SidebarNode } from './nodes';
import { pickCommunity, pickRecord } from './quickpick';
import { CommunitiesTree, SearchTree, SIDEBAR_COMMANDS } from './tree';

export const SIDEBAR_VIEW_COMMANDS = {
  sort: 'zenodo.sidebar.sort',
  clearFilters: 'zenodo.sidebar.clearFilters',
  refreshSearch: 'zenodo.sidebar.refreshSearch',
  refreshCommunities: 'zenodo.sidebar.refreshCommunities',
  clearCommunityFilters: 'zenodo.sidebar.clearCommunityFilters',
} as const;

/** What the extension's API exposes for tests: the two trees and their views. */
export interface SidebarApi {
  search: SearchTree;
  communities: CommunitiesTree;
  searchView: vscode.TreeView<SidebarNode>;
  communitiesView: vscode.TreeView<SidebarNode>;
}

export function registerSidebar(services: Services): SidebarApi {
  const t = vscode.l10n.t;
  const search = new SearchTree(services);
  const communities = new CommunitiesTree(services);
  const searchView = vscode.window.createTreeView('zenodo.search', { treeDataProvider: search, showCollapseAll: true });
  const communitiesView = vscode.window.createTreeView('zenodo.communities', { treeDataProvider: communities, showCollapseAll: true });
  search.view = searchView;
  communities.view = communitiesView;
  services.context.subscriptions.push(search, communities, searchView, communitiesView);

  const treeFor = (n: SidebarNode): SearchTree | CommunitiesTree | undefined => {
    const key = n.kind === 'loadMore' ? n.listKey : n.kind === 'message' ? n.retryListKey : undefined;
    if (key) return search.list(key) ? search : communities.list(key) ? communities : undefined;
    return undefined;
  };

  // ---- internal tree commands (rows' click actions; hidden from the palette)
  registerCommand(services, SIDEBAR_COMMANDS.loadMore, async (n: SidebarNode) => {
    if (n?.kind === 'loadMore') await treeFor(n)?.loadMore(n.listKey);
  });
  registerCommand(services, SIDEBAR_COMMANDS.retry, async (n: SidebarNode) => {
    if (n?.kind === 'message' && n.retryListKey) await treeFor(n)?.retry(n.retryListKey);
  });
  registerCommand(services, SIDEBAR_COMMANDS.toggleFacet, (n: SidebarNode) => {
    if (n?.kind !== 'facetValue') return;
    (n.view === 'search' ? search : communities).toggleFacet(n.facet, n.value);
  });

  // ---- view title bar
  registerCommand(services, SIDEBAR_VIEW_COMMANDS.sort, async () => {
    const current = search.query.sort;
    const pick = await vscode.window.showQuickPick(SEARCH_SORTS.map((s) => ({
      label: sortLabel(s, t), sort: s, description: s === current ? t('current') : undefined,
    })), { title: t('Sort the search results') });
    if (pick) search.setSort(pick.sort);
  });
  registerCommand(services, SIDEBAR_VIEW_COMMANDS.clearFilters, () => search.clearFilters());
  registerCommand(services, SIDEBAR_VIEW_COMMANDS.clearCommunityFilters, () => communities.clearFilters());
  const refresh = async (tree: SearchTree | CommunitiesTree) => {
    // The person asked for fresh answers: drop the shared cache's copies, keep the rows until they arrive.
    (await services.zenodo.client()).scheduler.clearCache();
    tree.refresh();
  };
  registerCommand(services, SIDEBAR_VIEW_COMMANDS.refreshSearch, () => refresh(search));
  registerCommand(services, SIDEBAR_VIEW_COMMANDS.refreshCommunities, () => refresh(communities));

  // ---- searches
  const revealRecord = async (rec: ZenodoRecord) => {
    await vscode.commands.executeCommand('zenodo.search.focus');
    const rows = await search.getChildren();
    const node = rows.find((r) => r.kind === 'record' && r.record.id === rec.id);
    if (node) await searchView.reveal(node, { select: true, focus: true });
  };
  const actOnRecord = async (rec: ZenodoRecord) => {
    const items = [
      { label: `$(preview) ${t('Open Details')}`, run: () => vscode.commands.executeCommand(CommandId.openRecord, { recordId: rec.id }) },
      { label: `$(quote) ${t('Insert Citation')}`, run: () => vscode.commands.executeCommand(CommandId.insertCitation, { recordId: rec.id }) },
      { label: `$(list-tree) ${t('Reveal in Search View')}`, run: () => revealRecord(rec) },
      ...(rec.doi ? [{ label: `$(copy) ${t('Copy DOI')}`, run: () => copy(rec.doi!, t('DOI')) }] : []),
      { label: `$(link-external) ${t('Open on Zenodo')}`, run: () => openExternal(rec.links.html) },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: rec.title, placeHolder: t('What do you want to do with this record?') });
    await pick?.run();
  };

  registerCommand(services, CommandId.searchRecords, async (initial?: unknown) => {
    const picked = await pickRecord(services, { query: search.query, initial: typeof initial === 'string' ? initial : undefined });
    if (!picked) return;
    // The Search view shows the same query (its first page is the QuickPick's, from the cache).
    search.search(picked.text);
    if (picked.item) await actOnRecord(picked.item);
    else await vscode.commands.executeCommand('zenodo.search.focus');
  });

  const chooseCommunity = async (arg: unknown): Promise<CommunityScope | undefined> => {
    if (arg && typeof arg === 'object' && (arg as SidebarNode).kind === 'community') {
      const c = (arg as SidebarNode & { kind: 'community' }).community;
      return { slug: c.slug, title: c.title };
    }
    if (typeof arg === 'string' && arg.trim()) return { slug: arg.trim(), title: arg.trim() };
    const picked = await pickCommunity(services);
    return picked?.item ? { slug: picked.item.slug, title: picked.item.title } : undefined;
  };
  registerCommand(services, CommandId.searchInCommunity, async (arg?: unknown) => {
    const community = await chooseCommunity(arg);
    if (!community) return;
    const picked = await pickRecord(services, { query: search.query, community });
    if (!picked) return;
    search.search(picked.text, community);
    if (picked.item) await actOnRecord(picked.item);
    else await vscode.commands.executeCommand('zenodo.search.focus');
  });

  registerCommand(services, CommandId.findCommunity, async (initial?: unknown) => {
    const picked = await pickCommunity(services, typeof initial === 'string' ? initial : undefined);
    if (!picked) return;
    communities.search(picked.text);
    await vscode.commands.executeCommand('zenodo.communities.focus');
    if (!picked.item) return;
    const c: Community = picked.item;
    const browse = { label: `$(list-tree) ${t('Browse Its Records')}`, run: async () => {
      const rows = await communities.getChildren();
      const node = rows.find((r) => r.kind === 'community' && r.community.id === c.id);
      if (node) await communitiesView.reveal(node, { select: true, focus: true, expand: true });
    } };
    const searchIn = { label: `$(search) ${t('Search in This Community…')}`, run: () => vscode.commands.executeCommand(CommandId.searchInCommunity, c.slug) };
    const open = { label: `$(link-external) ${t('Open on Zenodo')}`, run: () => openExternal(c.links.html) };
    const pick = await vscode.window.showQuickPick([browse, searchIn, open], { title: c.title });
    await pick?.run();
  });

  // ---- record and file actions
  const recordFromArg = async (arg: unknown): Promise<ZenodoRecord | undefined> => {
    const fromNode = arg && typeof arg === 'object' && 'kind' in arg ? recordOf(arg as SidebarNode) : undefined;
    if (fromNode) return fromNode;
    const full = arg && typeof arg === 'object' && (arg as { record?: ZenodoRecord }).record;
    if (full && typeof full === 'object' && 'title' in full && 'links' in full) return full as ZenodoRecord;
    let ref = recordRefFromArg(arg);
    const client = await services.zenodo.client();
    if (!ref) {
      const ed = vscode.window.activeTextEditor;
      if (ed) {
        const doc = ed.document;
        const at = referenceAt(doc.getText(), doc.offsetAt(ed.selection.active), client.profile);
        ref = ed.selection.isEmpty ? at?.reference.input : doc.getText(ed.selection).trim() || undefined;
      }
    }
    if (!ref) {
      const picked = await pickRecord(services, { query: search.query });
      return picked?.item;
    }
    return client.getRecord(ref);
  };
  const copy = async (text: string, what: string) => {
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(t('Copied {0}: {1}', what, text), 3000);
  };
  const openExternal = async (url: string | undefined) => {
    if (url && /^https?:\/\//i.test(url)) await vscode.env.openExternal(vscode.Uri.parse(url));
  };

  registerCommand(services, CommandId.copyDoi, async (arg?: unknown) => {
    const rec = await recordFromArg(arg);
    if (!rec) return;
    if (!rec.doi) throw new Error(t('Record {0} has no DOI.', rec.id));
    await copy(rec.doi, t('DOI'));
    return rec.doi;
  });
  registerCommand(services, CommandId.copyConceptDoi, async (arg?: unknown) => {
    const rec = await recordFromArg(arg);
    if (!rec) return;
    if (!rec.conceptDoi) throw new Error(t('Record {0} has no concept DOI (it is not versioned).', rec.id));
    await copy(rec.conceptDoi, t('concept DOI'));
    return rec.conceptDoi;
  });
  registerCommand(services, CommandId.openOnZenodo, async (arg?: unknown) => {
    if (arg && typeof arg === 'object' && (arg as SidebarNode).kind === 'community') {
      return openExternal((arg as SidebarNode & { kind: 'community' }).community.links.html);
    }
    const rec = await recordFromArg(arg);
    if (rec) await openExternal(rec.links.html);
  });
  const fileFromArg = (arg: unknown): FileEntry | undefined =>
    arg && typeof arg === 'object' && (arg as SidebarNode).kind === 'file' ? (arg as SidebarNode & { kind: 'file' }).file
      : arg && typeof arg === 'object' && typeof (arg as { file?: FileEntry }).file?.url === 'string' ? (arg as { file: FileEntry }).file : undefined;
  registerCommand(services, CommandId.copyFileLink, async (arg?: unknown) => {
    const f = fileFromArg(arg);
    if (!f) throw new Error(t('Pick a file in the Zenodo sidebar to copy its link.'));
    await copy(f.url, t('download link'));
    return f.url;
  });
  registerCommand(services, CommandId.downloadFile, async (arg?: unknown) => {
    const f = fileFromArg(arg);
    if (!f) throw new Error(t('Pick a file in the Zenodo sidebar to download it.'));
    return downloadFile(services, f);
  });

  return { search, communities, searchView, communitiesView };
}
