/**
 * The statistics chart: views and downloads of every version as grouped bars, in plain SVG built
 * with DOM calls. Why not a charting library: one bar chart does not need the 60–200 KB of one
 * (Chart.js, ECharts, d3), SVG needs no canvas or inline styles (so the strict CSP stays as it is),
 * colours come from the theme through CSS classes (`--vscode-charts-*`), each bar carries a
 * `<title>` tooltip, and a table beside it gives the same figures to screen readers and keyboards.
 */
import type { VersionFigures } from '../panels/protocol';

const SVG = 'http://www.w3.org/2000/svg';

function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

/** Round a maximum up to 1, 2 or 5 × 10^n, so the axis ticks are even numbers. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (max <= m * p) return m * p;
  return 10 * p;
}

export interface ChartLabels {
  title: string;
  views: string;
  downloads: string;
}

export function renderChart(versions: VersionFigures[], labels: ChartLabels): HTMLElement {
  const nf = new Intl.NumberFormat(document.documentElement.lang || undefined);
  const n = versions.length;
  const group = Math.max(14, Math.min(48, Math.floor(720 / Math.max(1, n))));
  const bar = Math.max(4, Math.floor((group - 4) / 2));
  const left = 56;
  const top = 12;
  const plotH = 180;
  const bottom = 56;
  const width = left + n * group + 12;
  const height = top + plotH + bottom;
  const max = niceMax(Math.max(1, ...versions.map((v) => Math.max(v.views, v.downloads))));
  const y = (v: number) => top + plotH - (v / max) * plotH;

  const svg = s('svg', {
    width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': labels.title, class: 'chart', id: 'chart',
  }, s('title', {}, labels.title));

  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    svg.append(
      s('line', { x1: left, x2: width - 8, y1: y(v), y2: y(v), class: 'grid' }),
      s('text', { x: left - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, nf.format(Math.round(v))),
    );
  }
  const every = Math.max(1, Math.ceil(n / Math.floor((width - left) / 40)));
  versions.forEach((v, i) => {
    const x = left + i * group + 2;
    const g = s('g', { class: `version${v.isCurrent ? ' current' : ''}`, 'data-id': v.id });
    g.append(
      s('rect', { x, y: y(v.views), width: bar, height: Math.max(0, top + plotH - y(v.views)), class: 'bar views' },
        s('title', {}, `${v.label}: ${nf.format(v.views)} ${labels.views.toLowerCase()} (${nf.format(v.uniqueViews)} unique)`)),
      s('rect', { x: x + bar, y: y(v.downloads), width: bar, height: Math.max(0, top + plotH - y(v.downloads)), class: 'bar downloads' },
        s('title', {}, `${v.label}: ${nf.format(v.downloads)} ${labels.downloads.toLowerCase()} (${nf.format(v.uniqueDownloads)} unique)`)),
    );
    if (i % every === 0 || v.isCurrent) {
      const tx = x + bar;
      const ty = top + plotH + 10;
      g.append(s('text', { x: tx, y: ty, class: `axis label${v.isCurrent ? ' current' : ''}`, 'text-anchor': 'end', transform: `rotate(-40 ${tx} ${ty})` },
        v.label.length > 12 ? `${v.label.slice(0, 11)}…` : v.label));
    }
    svg.append(g);
  });
  svg.append(s('line', { x1: left, x2: width - 8, y1: top + plotH, y2: top + plotH, class: 'baseline' }));

  const legend = document.createElement('p');
  legend.className = 'legend';
  for (const [cls, text] of [['views', labels.views], ['downloads', labels.downloads]] as const) {
    const sw = document.createElement('span');
    sw.className = `swatch ${cls}`;
    sw.setAttribute('aria-hidden', 'true');
    legend.append(sw, ` ${text}  `);
  }
  const wrap = document.createElement('div');
  wrap.className = 'chart-wrap';
  wrap.tabIndex = 0;
  wrap.setAttribute('aria-label', labels.title);
  wrap.append(svg);
  const box = document.createElement('div');
  box.append(legend, wrap);
  return box;
}
