/**
 * Plain text from record HTML (descriptions, notes): tags removed, entities decoded, whitespace
 * collapsed, the content of script/style/template elements dropped. Uses htmlparser2's streaming
 * tokenizer (linear time, tolerant of broken markup) rather than regular expressions.
 */
import { Parser } from 'htmlparser2';

const DROP = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'svg', 'math', 'head', 'title']);
const BLOCK = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'blockquote', 'section', 'article', 'table', 'dd', 'dt', 'hr']);

export function stripHtml(html: string | null | undefined): string {
  if (!html) return '';
  const out: string[] = [];
  let dropDepth = 0;
  const parser = new Parser({
    onopentagname(name) {
      if (DROP.has(name)) dropDepth++;
      else if (BLOCK.has(name)) out.push(' ');
    },
    onclosetag(name, implied) {
      if (DROP.has(name)) dropDepth = Math.max(0, dropDepth - (implied && dropDepth === 0 ? 0 : 1));
      else if (BLOCK.has(name)) out.push(' ');
    },
    ontext(text) {
      if (dropDepth === 0) out.push(text);
    },
  }, { decodeEntities: true, lowerCaseTags: true });
  parser.write(html);
  parser.end();
  return collapse(out.join(''));
}

/** Collapse runs of whitespace (including NBSP and zero-width spaces) into one space. */
function collapse(s: string): string {
  return s.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
}

/** A short plain-text excerpt, cut at a word boundary. */
export function excerpt(text: string, max = 240): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  if (/\s/.test(text[max - 1])) return `${cut.trimEnd()}…`;
  const sp = cut.lastIndexOf(' ');
  return `${(sp > max * 0.6 ? cut.slice(0, sp) : cut).trimEnd()}…`;
}
