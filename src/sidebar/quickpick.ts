/**
 * Search-as-you-type QuickPicks for records and communities: each keystroke waits ~300 ms, then
 * asks one page; a newer keystroke aborts the older request (AbortSignal through the scheduler).
 */
import * as vscode from 'vscode';
import { describeError, ZenodoError } from '../core/errors';
import { excerpt, stripHtml } from '../core/html';
import type { Community, SearchResult, ZenodoRecord } from '../core/models';
import type { ZenodoClient } from '../core/client';
import type { Services } from '../services';
import { communityRow, CommunityScope, recordRow, searchParams, SearchQuery, Translate, withText } from './model';
import { PAGE_SIZE } from './tree';

const t: Translate = (message, ...args) => vscode.l10n.t(message, ...args);
export const DEBOUNCE_MS = 300;

interface Picked<T> { item?: T; text: string }

/** A QuickPick whose items come from the repository as the person types. */
async function searchPick<T>(services: Services, o: {
  title: string;
  placeholder: string;
  initial?: string;
  /** Ask with an empty text too (e.g. browse communities). */
  searchEmpty?: boolean;
  fetch: (text: string, client: ZenodoClient, signal: AbortSignal) => Promise<SearchResult<T>>;
  toItem: (item: T) => vscode.QuickPickItem;
}): Promise<Picked<T> | undefined> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { value?: T }>();
  qp.title = o.title;
  qp.placeholder = o.placeholder;
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.value = o.initial ?? '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;
  let seq = 0;

  const run = async (text: string) => {
    controller?.abort();
    const mine = ++seq;
    if (!text.trim() && !o.searchEmpty) {
      qp.items = [];
      qp.busy = false;
      return;
    }
    controller = new AbortController();
    const signal = controller.signal;
    qp.busy = true;
    try {
      const client = await services.zenodo.client();
      const res = await o.fetch(text.trim(), client, signal);
      if (mine !== seq) return;
      qp.items = res.hits.length
        ? res.hits.map((h) => ({ ...o.toItem(h), value: h, alwaysShow: true }))
        : [{ label: `$(search-stop) ${t('No results for “{0}”', text.trim())}`, alwaysShow: true }];
      if (res.total > res.hits.length) qp.title = `${o.title} (${t('{0} of {1}', res.hits.length, res.total.toLocaleString('en'))})`;
      else qp.title = o.title;
    } catch (e) {
      if (mine !== seq || (e instanceof ZenodoError && e.kind === 'cancelled')) return;
      qp.items = [{ label: `$(error) ${services.redact(describeError(e))}`, alwaysShow: true }];
    } finally {
      if (mine === seq) qp.busy = false;
    }
  };

  return new Promise<Picked<T> | undefined>((resolve) => {
    let done = false;
    const finish = (v: Picked<T> | undefined) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      controller?.abort();
      resolve(v);
      qp.dispose();
    };
    qp.onDidChangeValue((v) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void run(v), DEBOUNCE_MS);
    });
    qp.onDidAccept(() => {
      const sel = qp.selectedItems[0];
      if (sel && sel.value === undefined && qp.items.length && !qp.value.trim()) return; // a message row
      finish({ item: sel?.value, text: qp.value });
    });
    qp.onDidHide(() => finish(undefined));
    qp.show();
    if (qp.value || o.searchEmpty) void run(qp.value);
  });
}

export function recordItem(rec: ZenodoRecord): vscode.QuickPickItem {
  const row = recordRow(rec, t);
  return {
    label: `$(${row.icon}) ${row.label}`,
    description: row.description,
    detail: rec.creators.slice(0, 3).map((c) => c.name).join('; ') + (rec.creators.length > 3 ? ' …' : ''),
  };
}

/** Records matching what the person types (optionally inside one community). */
export function pickRecord(services: Services, o: { query: SearchQuery; community?: CommunityScope; initial?: string }): Promise<Picked<ZenodoRecord> | undefined> {
  return searchPick<ZenodoRecord>(services, {
    title: o.community ? t('Search in {0}', o.community.title) : t('Search Zenodo records'),
    placeholder: t('Type words, a DOI or a creator; Enter shows the results in the Search view'),
    initial: o.initial,
    fetch: (text, client, signal) => {
      // The same parameters as the Search view's first page, so showing the results there costs no request.
      const params = searchParams(withText(o.query, text, o.community), 1, Math.min(PAGE_SIZE, client.maxPageSize));
      return o.community ? client.searchCommunityRecords(o.community.slug, params, { signal }) : client.searchRecords(params, { signal });
    },
    toItem: recordItem,
  });
}

export function pickCommunity(services: Services, initial?: string): Promise<Picked<Community> | undefined> {
  return searchPick<Community>(services, {
    title: t('Find a Zenodo community'),
    placeholder: t('Type a name, topic or slug'),
    initial,
    searchEmpty: true,
    fetch: (text, client, signal) => client.listCommunities({ q: text || undefined, page: 1, size: Math.min(PAGE_SIZE, client.maxPageSize) }, { signal }),
    toItem: (c) => {
      const row = communityRow(c, t);
      return { label: `$(${row.icon}) ${row.label}`, description: row.description, detail: c.description ? excerpt(stripHtml(c.description), 160) : undefined };
    },
  });
}
