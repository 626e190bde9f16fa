/**
 * The page of the record and statistics panels (browser bundle: dist/webview/panel.js, iife).
 * Renders the view models the extension sends (protocol.ts) with DOM calls: every record field is
 * written as text, except the description, which the extension has already sanitised. Links and
 * copies go back to the extension as messages; the page itself opens nothing.
 */
import type {
  CitationView, Figures, HostMessage, Labels, PersonView, RecordView, StatsView, VersionView, WebviewMessage,
} from '../panels/protocol';
import { renderChart } from './chart';

interface VsCodeApi {
  postMessage(m: WebviewMessage): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
let L: Labels | undefined;
let currentRecord: RecordView | undefined;

function send(m: WebviewMessage): void {
  vscode.postMessage(m);
}

// ------------------------------------------------------------------ DOM helpers

type Child = Node | string | undefined | null | false;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) el.setAttribute(k, v);
  for (const c of children) if (c !== undefined && c !== null && c !== false) el.append(c);
  return el;
}

function icon(name: string): HTMLElement {
  return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

/** A link the extension opens (http, https, mailto; it checks again). */
function link(text: string, url: string | undefined, title?: string): Node {
  if (!url) return document.createTextNode(text);
  return h('a', { href: url, title: title ?? url, 'data-external': '1' }, text);
}

function button(label: string, onClick: () => void, opts: { icon?: string; title?: string; secondary?: boolean; id?: string } = {}): HTMLButtonElement {
  const b = h('button', { type: 'button', class: opts.secondary ? 'secondary' : undefined, title: opts.title, 'aria-label': opts.title ?? label, id: opts.id },
    opts.icon ? icon(opts.icon) : undefined, label ? h('span', {}, label) : undefined);
  b.addEventListener('click', onClick);
  return b;
}

function iconButton(iconName: string, title: string, onClick: () => void, testId?: string): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'icon', title, 'aria-label': title, 'data-test': testId }, icon(iconName));
  b.addEventListener('click', onClick);
  return b;
}

function section(title: string, id: string, ...children: Child[]): HTMLElement {
  return h('section', { 'aria-labelledby': `h-${id}`, id: `s-${id}` }, h('h2', { id: `h-${id}` }, title), ...children);
}

function row(label: string, ...value: Child[]): HTMLElement[] {
  return [h('dt', {}, label), h('dd', {}, ...value)];
}

const nf = new Intl.NumberFormat(document.documentElement.lang || undefined);
function num(n: number): string {
  return nf.format(n);
}

function bytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const u = ['kB', 'MB', 'GB', 'TB', 'PB'];
  let v = n;
  let i = -1;
  do {
    v /= 1000;
    i++;
  } while (v >= 1000 && i < u.length - 1);
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${u[i]}`;
}

// ------------------------------------------------------------------ states

function showLoading(): void {
  app.setAttribute('aria-busy', 'true');
  app.replaceChildren(h('p', { class: 'loading' }, icon('loading codicon-modifier-spin'), ` ${L?.loading ?? '…'}`));
}

function showError(message: string): void {
  app.setAttribute('aria-busy', 'false');
  app.replaceChildren(h('div', { class: 'error', role: 'alert' },
    h('h1', {}, icon('error'), ` ${L!.error}`),
    h('p', { id: 'error-message' }, message),
    button(L!.retry, () => send({ type: 'refresh' }), { icon: 'refresh' })));
}

// ------------------------------------------------------------------ record

function persons(list: PersonView[]): HTMLElement {
  return h('ul', { class: 'people' }, ...list.map((p) => h('li', {},
    h('span', { class: 'person-name' }, p.organizational ? icon('organization') : icon('person'), ' ', p.name),
    p.orcidUrl ? h('span', { class: 'orcid' }, ' ', link(`${L!.orcid} ${p.orcid}`, p.orcidUrl)) : undefined,
    p.role ? h('span', { class: 'role' }, ` (${p.role})`) : undefined,
    p.affiliations.length ? h('span', { class: 'affiliations' }, ' — ', ...p.affiliations.flatMap((a, i) => [
      i ? '; ' : '',
      a.name,
      a.rorUrl ? h('span', { class: 'ror' }, ' ', link(L!.ror, a.rorUrl, a.rorUrl)) : '',
    ])) : undefined)));
}

function copyButton(text: string, what: string, title: string): HTMLButtonElement {
  return iconButton('copy', title, () => send({ type: 'copy', text, what }), `copy-${what}`);
}

function accessLabel(v: RecordView): string {
  switch (v.access.status) {
    case 'open': return L!.accessOpen;
    case 'embargoed': return L!.accessEmbargoed;
    case 'restricted': return L!.accessRestricted;
    default: return L!.accessMetadataOnly;
  }
}

function filesNote(v: RecordView): string | undefined {
  switch (v.filesNote) {
    case 'restricted': return L!.filesRestricted;
    case 'embargoed': return L!.filesEmbargoed;
    case 'metadata-only': return L!.filesMetadataOnly;
    case 'none': return L!.filesNone;
    case 'truncated': return L!.filesTruncated;
    default: return undefined;
  }
}

function versionItems(list: VersionView[]): HTMLElement[] {
  return list.map((v) => {
    const label = `${v.label}${v.publicationDate && v.publicationDate !== v.label ? ` · ${v.publicationDate}` : ''}`;
    const tags = [v.isLatest ? L!.latest : '', v.isCurrent ? L!.current : ''].filter(Boolean).join(', ');
    const content = v.isCurrent
      ? h('span', { class: 'current', 'aria-current': 'page' }, label)
      : button(label, () => send({ type: 'openRecord', recordId: v.id }), { secondary: true, title: `${L!.openRecord} ${v.id}` });
    return h('li', { 'data-id': v.id }, content, tags ? h('span', { class: 'tag' }, ` ${tags}`) : undefined);
  });
}

function citationBox(c: CitationView, recordId: string): HTMLElement {
  const select = h('select', { id: 'citation-style', 'aria-label': L!.style });
  for (const s of c.styles) {
    const o = h('option', { value: s.id }, s.label);
    if (s.id === c.style) o.selected = true;
    select.append(o);
  }
  select.addEventListener('change', () => send({ type: 'citationStyle', style: select.value }));
  const text = h('pre', { id: 'citation-text', class: 'citation', tabindex: '0' }, c.text);
  return section(L!.citation, 'citation',
    h('div', { class: 'toolbar' },
      h('label', { for: 'citation-style' }, `${L!.style} `), select,
      button(L!.copyCitation, () => send({ type: 'copy', text: text.textContent ?? '', what: 'citation' }), { icon: 'copy', id: 'copy-citation' }),
      button(L!.insertCitation, () => send({ type: 'insertCitation', style: select.value }), { icon: 'insert', secondary: true, id: 'insert-citation' })),
    text,
    h('input', { type: 'hidden', value: recordId }));
}

function renderRecord(v: RecordView): void {
  currentRecord = v;
  const meta: HTMLElement[] = [];
  meta.push(...row(L!.published, v.publicationDate ?? L!.notSet));
  meta.push(...row(L!.version, v.version ?? L!.notSet, ' ',
    v.isLatest ? h('span', { class: 'badge', title: L!.isLatest }, L!.latest) : undefined,
    !v.isLatest && v.latest ? h('span', { class: 'newer' }, ` ${L!.notLatest} `,
      button(v.latest.label, () => send({ type: 'openRecord', recordId: v.latest!.id }), { icon: 'arrow-up', title: L!.openLatest, id: 'open-latest' })) : undefined));
  if (v.doi) meta.push(...row(L!.doi, link(v.doi, v.doiUrl), ' ', copyButton(v.doi, 'doi', L!.copyDoi)));
  if (v.conceptDoi) meta.push(...row(L!.conceptDoi, link(v.conceptDoi, v.conceptDoiUrl), ' ', copyButton(v.conceptDoi, 'conceptDoi', L!.copyConceptDoi)));
  meta.push(...row(L!.resourceType, v.resourceType));
  meta.push(...row(L!.access, h('span', { class: `access access-${v.access.status}` }, icon(v.access.status === 'open' ? 'unlock' : 'lock'), ` ${accessLabel(v)}`),
    v.access.embargoUntil ? h('span', {}, ` · ${L!.embargoUntil} ${v.access.embargoUntil}`) : undefined));
  if (v.license) meta.push(...row(L!.license, link(v.license.title, v.license.url)));
  if (v.publisher) meta.push(...row(L!.publisher, v.publisher));
  if (v.languages.length) meta.push(...row(L!.languages, v.languages.join(', ')));
  if (v.stats) meta.push(...row(L!.statistics, `${num(v.stats.views)} ${L!.views.toLowerCase()} · ${num(v.stats.downloads)} ${L!.downloads.toLowerCase()} `,
    button(L!.statistics, () => send({ type: 'showStatistics', recordId: v.id }), { icon: 'graph', secondary: true, id: 'open-stats' })));

  const parts: Child[] = [
    h('header', {},
      h('p', { class: 'eyebrow' }, v.resourceType),
      h('h1', { id: 'record-title' }, v.title),
      h('div', { class: 'toolbar' },
        button(L!.openOnRepository, () => send({ type: 'openLink', url: v.url }), { icon: 'link-external', secondary: true }),
        button(L!.statistics, () => send({ type: 'showStatistics', recordId: v.id }), { icon: 'graph', secondary: true }),
        button(L!.refresh, () => send({ type: 'refresh' }), { icon: 'refresh', secondary: true }))),
    section(L!.creators, 'creators', persons(v.creators)),
    v.contributors.length ? section(L!.contributors, 'contributors', persons(v.contributors)) : undefined,
    h('dl', { class: 'meta', id: 'meta' }, ...meta),
  ];
  if (v.keywords.length) parts.push(section(L!.keywords, 'keywords', h('ul', { class: 'chips' }, ...v.keywords.map((k) => h('li', {}, k)))));
  if (v.communities.length) parts.push(section(L!.communities, 'communities', h('ul', {}, ...v.communities.map((c) => h('li', {}, link(c.text, c.url))))));
  if (v.related.length) {
    parts.push(section(L!.related, 'related', h('ul', {}, ...v.related.map((r) => h('li', {},
      h('span', { class: 'relation' }, r.relation), ' ', link(r.identifier, r.url), r.scheme ? h('span', { class: 'muted' }, ` (${r.scheme})`) : undefined)))));
  }
  if (v.funding.length) {
    parts.push(section(L!.funding, 'funding', h('ul', {}, ...v.funding.map((f) => h('li', {},
      f.funder, f.award ? ` — ${f.award}` : '', f.awardTitle ? h('span', { class: 'muted' }, ` (${f.awardTitle})`) : undefined)))));
  }
  if (v.descriptionHtml) {
    const desc = h('div', { class: 'description', id: 'description' });
    // Sanitised by the extension (sanitize-html) before it was sent; the CSP is the second wall.
    desc.innerHTML = v.descriptionHtml;
    parts.push(section(L!.description, 'description', desc));
  }
  const note = filesNote(v);
  const filesTable = v.files.length ? h('table', { class: 'files', id: 'files' },
    h('thead', {}, h('tr', {}, ...[L!.fileName, L!.fileSize, L!.fileType, L!.checksum, ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...v.files.map((f) => h('tr', {},
      h('td', { class: 'file-name' }, f.key),
      h('td', { class: 'num', title: `${num(f.size)} B` }, f.sizeText),
      h('td', {}, f.mimetype),
      h('td', { class: 'checksum' }, h('code', {}, f.checksum)),
      h('td', {}, link(L!.download, f.url, `${L!.download} ${f.key}`)))))) : undefined;
  parts.push(section(`${L!.files} (${num(v.filesCount)}${v.filesTotalText && v.filesCount ? ` · ${v.filesTotalText}` : ''})`, 'files',
    filesTable, note ? h('p', { class: 'note' }, note) : undefined));
  const versionsList = h('ol', { class: 'versions', id: 'versions' }, ...versionItems(v.versions));
  const more = v.versionsNextPage ? moreVersionsButton(v.versionsNextPage) : undefined;
  parts.push(section(`${L!.versions} (${num(v.versionsTotal)})`, 'versions', versionsList, more));
  parts.push(citationBox(v.citation, v.id));
  app.setAttribute('aria-busy', 'false');
  app.replaceChildren(...parts.filter((p): p is Node => !!p));
}

function moreVersionsButton(page: number): HTMLButtonElement {
  const b = button(L!.showMoreVersions, () => {
    b.disabled = true;
    send({ type: 'loadMoreVersions', page });
  }, { icon: 'chevron-down', secondary: true, id: 'more-versions' });
  return b;
}

// ------------------------------------------------------------------ statistics

function figureRows(t: Figures, a: Figures): HTMLElement {
  const tip = L!.uniqueExplained;
  const line = (label: string, key: keyof Figures, unique: boolean, fmt: (n: number) => string = num) =>
    h('tr', { 'data-key': key },
      h('th', { scope: 'row', title: unique ? tip : undefined }, label, unique ? h('span', { class: 'hint', title: tip, tabindex: '0', 'aria-label': tip }, ' ', icon('info')) : undefined),
      h('td', { class: 'num' }, t[key] !== undefined ? fmt(t[key]!) : L!.notSet),
      h('td', { class: 'num' }, a[key] !== undefined ? fmt(a[key]!) : L!.notSet));
  return h('table', { class: 'figures', id: 'figures' },
    h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', { scope: 'col' }, L!.thisVersion), h('th', { scope: 'col' }, L!.allVersions))),
    h('tbody', {},
      line(L!.views, 'views', false),
      line(L!.uniqueViews, 'uniqueViews', true),
      line(L!.downloads, 'downloads', false),
      line(L!.uniqueDownloads, 'uniqueDownloads', true),
      t.dataVolume !== undefined || a.dataVolume !== undefined ? line(L!.dataVolume, 'dataVolume', false, bytes) : undefined));
}

function renderStats(v: StatsView): void {
  const fetched = new Date(v.fetchedAt);
  const chart = v.versions.length ? renderChart(v.versions, { title: L!.chartTitle, views: L!.views, downloads: L!.downloads }) : h('p', { class: 'note' }, L!.chartEmpty);
  const perVersion = h('table', { class: 'figures per-version', id: 'per-version' },
    h('thead', {}, h('tr', {}, ...[L!.version, L!.published, L!.views, L!.uniqueViews, L!.downloads, L!.uniqueDownloads].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...v.versions.slice().reverse().map((x) => h('tr', { class: x.isCurrent ? 'current' : undefined, 'data-id': x.id },
      h('td', {}, x.isCurrent ? h('strong', {}, x.label) : button(x.label, () => send({ type: 'openRecord', recordId: x.id }), { secondary: true, title: `${L!.openRecord} ${x.id}` })),
      h('td', {}, x.publicationDate ?? ''),
      h('td', { class: 'num' }, num(x.views)),
      h('td', { class: 'num' }, num(x.uniqueViews)),
      h('td', { class: 'num' }, num(x.downloads)),
      h('td', { class: 'num' }, num(x.uniqueDownloads))))));
  app.setAttribute('aria-busy', 'false');
  app.replaceChildren(
    h('header', {},
      h('p', { class: 'eyebrow' }, L!.statistics),
      h('h1', { id: 'stats-title' }, v.title, v.version ? h('span', { class: 'muted' }, ` · ${v.version}`) : undefined),
      h('div', { class: 'toolbar' },
        button(L!.openRecord, () => send({ type: 'openRecord', recordId: v.id }), { icon: 'preview', secondary: true }),
        button(L!.refresh, () => send({ type: 'refresh' }), { icon: 'refresh', secondary: true }))),
    h('p', { class: 'fetched', id: 'fetched-at' }, icon('clock'), ` ${L!.fetchedAt}: `,
      h('time', { datetime: v.fetchedAt }, fetched.toLocaleString(document.documentElement.lang || undefined)), ` · ${L!.reindexNote}`),
    figureRows(v.thisVersion, v.allVersions),
    h('p', { class: 'note', id: 'unique-explained' }, icon('info'), ` ${L!.uniqueExplained}`),
    section(`${L!.chartTitle} (${num(v.versions.length)}${v.versionsTotal > v.versions.length ? ` / ${num(v.versionsTotal)}` : ''} ${L!.versionsShown})`, 'chart', chart),
    section(L!.versions, 'versions', perVersion));
}

// ------------------------------------------------------------------ messages

window.addEventListener('message', (event: MessageEvent) => {
  const m = event.data as HostMessage;
  if (!m || typeof m !== 'object') return;
  switch (m.type) {
    case 'loading':
      L = m.labels;
      showLoading();
      break;
    case 'error':
      L = m.labels;
      showError(m.message);
      break;
    case 'record':
      L = m.labels;
      renderRecord(m.view);
      break;
    case 'stats':
      L = m.labels;
      renderStats(m.view);
      break;
    case 'citation': {
      if (!currentRecord) break;
      currentRecord.citation = m.citation;
      const pre = document.getElementById('citation-text');
      if (pre) pre.textContent = m.citation.text;
      break;
    }
    case 'moreVersions': {
      const list = document.getElementById('versions');
      list?.append(...versionItems(m.versions));
      document.getElementById('more-versions')?.remove();
      if (m.nextPage && list) list.after(moreVersionsButton(m.nextPage));
      break;
    }
    case 'copied': {
      const b = document.querySelector<HTMLElement>(`[data-test="copy-${CSS.escape(m.what)}"]`) ?? document.getElementById(`copy-${m.what}`);
      if (b) {
        b.classList.add('done');
        b.setAttribute('title', L?.copied ?? '');
        setTimeout(() => b.classList.remove('done'), 1500);
      }
      break;
    }
    case 'persist':
      vscode.setState(m.state);
      send({ type: 'persisted', state: vscode.getState() });
      break;
  }
});

// Every link leaves through the extension, which opens only http, https and mailto.
document.addEventListener('click', (event) => {
  const a = (event.target as Element | null)?.closest?.('a');
  if (!a) return;
  event.preventDefault();
  const href = a.getAttribute('href');
  if (href) send({ type: 'openLink', url: href });
});

send({ type: 'ready' });
