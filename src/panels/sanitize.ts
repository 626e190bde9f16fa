/**
 * Record HTML (descriptions) made inert before it reaches a panel, with sanitize-html (maintained,
 * used widely; 2.17.0 is the newest release that still runs on Node 20 — 2.18 declares Node 22).
 * It runs on the extension side, inside the lazily loaded panel bundle (dist/panels.js), so the
 * page never receives hostile markup at all; the webview's CSP is the second wall.
 *
 * Allowed: text formatting, lists, tables, headings, code, links (http, https, mailto only) and
 * images from https only. Dropped with their content: script, style, iframe, object, svg, math,
 * template, noscript, textarea, select, form controls. No attribute that runs or styles anything
 * (no `on*`, no `style`, no `class`, no `srcset`, no `id`/`name` that could clobber globals).
 */
import sanitizeHtml from 'sanitize-html';

const TAGS = [
  'p', 'br', 'hr', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'ins', 'sub', 'sup', 'small', 'mark',
  'a', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'q', 'cite', 'pre', 'code', 'kbd', 'samp', 'var', 'abbr',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'img', 'figure', 'figcaption',
];

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: TAGS,
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    abbr: ['title'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
    ol: ['start', 'type'],
    p: ['dir'],
    div: ['dir'],
    span: ['dir'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  allowedIframeHostnames: [],
  disallowedTagsMode: 'discard',
  // Drop these elements together with everything inside them.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template', 'select', 'title', 'head'],
  enforceHtmlBoundary: false,
  parseStyleAttributes: false,
  transformTags: {
    // Links open through the extension; mark them so the page can route clicks and say where they go.
    // Relative URLs would point into the webview itself: keep only absolute http(s)/mailto links.
    a: (tagName, attribs) => {
      const { href, ...rest } = attribs;
      const ok = href !== undefined && SAFE_LINK.test(href.trim());
      return { tagName, attribs: { ...rest, ...(ok ? { href: href.trim(), title: rest.title ?? href.trim() } : {}), rel: 'noopener noreferrer' } };
    },
    img: (tagName, attribs) => {
      const { src, ...rest } = attribs;
      const ok = src !== undefined && /^https:\/\//i.test(src.trim());
      return { tagName, attribs: { ...rest, ...(ok ? { src: src.trim() } : {}), loading: 'lazy', referrerpolicy: 'no-referrer' } };
    },
  },
  exclusiveFilter: (frame) => (frame.tag === 'a' && !frame.attribs.href && !frame.text.trim()) || (frame.tag === 'img' && !frame.attribs.src),
};

// `rel`, `loading` and `referrerpolicy` are added by transformTags above, so allow them on output.
(OPTIONS.allowedAttributes as Record<string, string[]>).a.push('rel');
(OPTIONS.allowedAttributes as Record<string, string[]>).img.push('loading', 'referrerpolicy');

/** Description HTML safe to put into a panel (inert: no script, no handler, no style, no frame). */
export function sanitizeRecordHtml(html: string | undefined | null): string {
  if (!html) return '';
  return sanitizeHtml(html, OPTIONS).trim();
}
