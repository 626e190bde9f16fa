// A small OpenSearch query_string look-alike for `q`: free text, field:value, field:"phrase",
// field:(a OR b OR "c d"), AND/OR/NOT, +/-, parentheses, wildcards, ranges, /regex/.
// Parse errors raise QuerySyntaxError (400); an unpaired `/` raises QueryRegexError (500), which is
// what a bare DOI as the whole q does on zenodo.org.

import { normalizeText, stripHtml } from './corpus';
import type { CorpusRecord } from './model';
import { accessStatus } from './serialize';

export class QuerySyntaxError extends Error {}
export class QueryRegexError extends Error {}

export type Node =
  | { t: 'and' | 'or'; kids: Node[] }
  | { t: 'not'; kid: Node }
  | { t: 'all' }
  | { t: 'term'; field?: string; value: string; phrase: boolean }
  | { t: 'range'; field?: string; lo?: string; hi?: string; loIncl: boolean; hiIncl: boolean }
  | { t: 'regex'; field?: string; re: RegExp };

type Tok =
  | { k: '(' | ')' | 'AND' | 'OR' | 'NOT' | '+' | '-' }
  | { k: 'field'; v: string }
  | { k: 'phrase'; v: string }
  | { k: 'word'; v: string }
  | { k: 'range'; lo: string; hi: string; loIncl: boolean; hiIncl: boolean }
  | { k: 'regex'; v: string };

const DOI_FIELDS = new Set(['doi', 'conceptdoi', 'pids.doi.identifier', 'parent.pids.doi.identifier']);

function tokenize(q: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let lastField: string | undefined;
  while (i < q.length) {
    const ch = q[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')') {
      toks.push({ k: ch });
      i++;
      continue;
    }
    if ((ch === '+' || ch === '-') && (toks.length === 0 || i === 0 || /[\s(]/.test(q[i - 1]))) {
      toks.push({ k: ch });
      i++;
      continue;
    }
    if (ch === '"') {
      const end = findQuoteEnd(q, i + 1);
      if (end < 0) {
        throw new QuerySyntaxError('unterminated quote');
      }
      toks.push({ k: 'phrase', v: q.slice(i + 1, end).replace(/\\(.)/g, '$1') });
      i = end + 1;
      continue;
    }
    if (ch === '[' || ch === '{') {
      const close = q.slice(i).search(/[\]}]/);
      if (close < 0) {
        throw new QuerySyntaxError('unterminated range');
      }
      const body = q.slice(i + 1, i + close);
      const m = /^\s*(\S+)\s+TO\s+(\S+)\s*$/.exec(body);
      if (!m) {
        throw new QuerySyntaxError('bad range');
      }
      toks.push({ k: 'range', lo: m[1], hi: m[2], loIncl: ch === '[', hiIncl: q[i + close] === ']' });
      i += close + 1;
      continue;
    }
    if (ch === '/') {
      const end = q.indexOf('/', i + 1);
      if (end < 0) {
        throw new QueryRegexError('unpaired /');
      }
      toks.push({ k: 'regex', v: q.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    // A word, possibly `field:`.
    let j = i;
    let word = '';
    while (j < q.length && !/[\s()"]/.test(q[j])) {
      if (q[j] === '\\' && j + 1 < q.length) {
        word += q[j + 1];
        j += 2;
        continue;
      }
      if (q[j] === ':') {
        break;
      }
      if (q[j] === '/') {
        // DOIs after doi:/conceptdoi: are auto-quoted by Zenodo.
        if (lastField && DOI_FIELDS.has(lastField) && /^10\./.test(word)) {
          while (j < q.length && !/[\s()"]/.test(q[j])) {
            word += q[j];
            j++;
          }
          break;
        }
        throw new QueryRegexError('unpaired / in term');
      }
      word += q[j];
      j++;
    }
    if (q[j] === ':' && word.length > 0 && !(lastField && DOI_FIELDS.has(lastField) && /^10\./.test(word))) {
      toks.push({ k: 'field', v: word });
      lastField = word;
      i = j + 1;
      continue;
    }
    if (q[j] === ':' && word.length === 0) {
      throw new QuerySyntaxError('dangling colon');
    }
    if (word === 'AND' || word === '&&') {
      toks.push({ k: 'AND' });
    } else if (word === 'OR' || word === '||') {
      toks.push({ k: 'OR' });
    } else if (word === 'NOT' || word === '!') {
      toks.push({ k: 'NOT' });
    } else {
      toks.push({ k: 'word', v: word });
    }
    // A value right after `field:` ends the field scope unless a group follows.
    if (toks.length >= 2 && toks[toks.length - 2].k !== 'field') {
      lastField = lastField && depthOpen(toks) ? lastField : undefined;
    }
    i = j;
  }
  return toks;
}

function depthOpen(toks: Tok[]): boolean {
  let d = 0;
  for (const t of toks) {
    if (t.k === '(') {
      d++;
    } else if (t.k === ')') {
      d--;
    }
  }
  return d > 0;
}

function findQuoteEnd(q: string, from: number): number {
  for (let i = from; i < q.length; i++) {
    if (q[i] === '\\') {
      i++;
    } else if (q[i] === '"') {
      return i;
    }
  }
  return -1;
}

class Parser {
  private pos = 0;
  constructor(private readonly toks: Tok[]) {}

  parse(): Node {
    if (this.toks.length === 0) {
      return { t: 'all' };
    }
    const n = this.or(undefined);
    if (this.pos < this.toks.length) {
      throw new QuerySyntaxError('unexpected token');
    }
    return n;
  }

  private peek(): Tok | undefined {
    return this.toks[this.pos];
  }

  private or(field: string | undefined): Node {
    const kids = [this.and(field)];
    while (this.peek()?.k === 'OR') {
      this.pos++;
      kids.push(this.and(field));
    }
    return kids.length === 1 ? kids[0] : { t: 'or', kids };
  }

  private and(field: string | undefined): Node {
    const kids = [this.unary(field)];
    while (true) {
      const t = this.peek();
      if (!t || t.k === ')' || t.k === 'OR') {
        break;
      }
      if (t.k === 'AND') {
        this.pos++;
      }
      kids.push(this.unary(field));
    }
    return kids.length === 1 ? kids[0] : { t: 'and', kids };
  }

  private unary(field: string | undefined): Node {
    const t = this.peek();
    if (!t) {
      throw new QuerySyntaxError('unexpected end');
    }
    if (t.k === 'NOT' || t.k === '-') {
      this.pos++;
      return { t: 'not', kid: this.unary(field) };
    }
    if (t.k === '+') {
      this.pos++;
      return this.unary(field);
    }
    return this.primary(field);
  }

  private primary(field: string | undefined): Node {
    const t = this.toks[this.pos++];
    if (!t) {
      throw new QuerySyntaxError('unexpected end');
    }
    switch (t.k) {
      case '(': {
        const n = this.or(field);
        if (this.toks[this.pos++]?.k !== ')') {
          throw new QuerySyntaxError('missing )');
        }
        return n;
      }
      case 'field': {
        const next = this.peek();
        if (!next || next.k === ')' || next.k === 'AND' || next.k === 'OR' || next.k === 'field') {
          throw new QuerySyntaxError('field without value');
        }
        return this.unary(t.v);
      }
      case 'phrase':
        return { t: 'term', field, value: t.v, phrase: true };
      case 'word':
        if (t.v === '*' && !field) {
          return { t: 'all' };
        }
        if (/^[<>]=?/.test(t.v)) {
          const m = /^([<>]=?)(.+)$/.exec(t.v);
          if (!m) {
            throw new QuerySyntaxError('bad comparison');
          }
          const incl = m[1].endsWith('=');
          return m[1].startsWith('>') ? { t: 'range', field, lo: m[2], loIncl: incl, hiIncl: true } : { t: 'range', field, hi: m[2], loIncl: true, hiIncl: incl };
        }
        return { t: 'term', field, value: t.v, phrase: false };
      case 'range':
        return { t: 'range', field, lo: t.lo === '*' ? undefined : t.lo, hi: t.hi === '*' ? undefined : t.hi, loIncl: t.loIncl, hiIncl: t.hiIncl };
      case 'regex':
        try {
          return { t: 'regex', field, re: new RegExp(`^(?:${t.v})$`, 'i') };
        } catch {
          throw new QueryRegexError('bad regex');
        }
      default:
        throw new QuerySyntaxError(`unexpected ${t.k}`);
    }
  }
}

export function parseQuery(q: string): Node {
  return new Parser(tokenize(q)).parse();
}

/** True when q is only a DOI (no field): zenodo.org answers 500 to that. */
export function isBareDoi(q: string): boolean {
  return /^\s*(https?:\/\/(dx\.)?doi\.org\/)?10\.\d{4,9}\/\S+\s*$/i.test(q);
}

// --- evaluation ------------------------------------------------------------------------------------

type FieldKind = 'text' | 'exact' | 'exactCi' | 'date' | 'keyword';

interface FieldDef {
  kind: FieldKind;
  get: (r: CorpusRecord) => string | string[];
}

const FIELD_ALIASES: Record<string, string> = {
  id: 'recid', 'metadata.title': 'title', 'parent.id': 'conceptrecid', 'pids.doi.identifier': 'doi',
  'parent.pids.doi.identifier': 'conceptdoi', 'metadata.creators.person_or_org.name': 'creators.name',
  'metadata.subjects.subject': 'keywords', subjects: 'keywords', 'subjects.subject': 'keywords', 'metadata.description': 'description',
  'resource_type.type': 'type', 'metadata.resource_type.props.type': 'type', 'resource_type.subtype': 'subtype', 'metadata.resource_type.props.subtype': 'subtype',
  'metadata.resource_type.id': 'resource_type.id', 'access.status': 'access_right', 'parent.communities.entries.slug': 'communities',
  'metadata.version': 'version', 'metadata.publication_date': 'publication_date', 'creators.person_or_org.name': 'creators.name',
  'creators.person_or_org.identifiers.identifier': 'creators.orcid', 'metadata.creators.person_or_org.identifiers.identifier': 'creators.orcid',
  'creators.affiliations.name': 'creators.affiliation', 'license.identifier': 'license', 'metadata.rights.id': 'license', 'rights.id': 'license',
  'files.entries.key': 'filename', 'files.entries.ext': 'filetype', created: 'created', updated: 'updated',
  'parent.communities.ids': 'communities.id',
};

const FIELDS: Record<string, FieldDef> = {
  recid: { kind: 'exact', get: (r) => r.id },
  conceptrecid: { kind: 'exact', get: (r) => r.conceptId },
  doi: { kind: 'exactCi', get: (r) => r.doi },
  conceptdoi: { kind: 'exactCi', get: (r) => r.conceptDoi },
  title: { kind: 'text', get: (r) => r.search.title },
  description: { kind: 'text', get: (r) => r.search.description },
  'creators.name': { kind: 'text', get: (r) => r.search.creators },
  'creators.orcid': { kind: 'exactCi', get: (r) => r.creators.map((c) => c.orcid ?? '').filter(Boolean) },
  'creators.affiliation': { kind: 'text', get: (r) => normalizeText(r.creators.flatMap((c) => c.affiliations.map((a) => a.name)).join(' | ')) },
  keywords: { kind: 'keyword', get: (r) => r.search.keywords },
  type: { kind: 'exactCi', get: (r) => r.resourceType.split('-')[0] },
  subtype: { kind: 'exactCi', get: (r) => r.resourceType.split('-').slice(1).join('-') },
  'resource_type.id': { kind: 'exactCi', get: (r) => r.resourceType },
  access_right: { kind: 'exactCi', get: (r) => { const s = accessStatus(r); return s === 'metadata-only' ? ['metadata-only', 'closed'] : [s]; } },
  communities: { kind: 'exactCi', get: (r) => r.communities },
  version: { kind: 'exactCi', get: (r) => r.version ?? '' },
  publication_date: { kind: 'date', get: (r) => r.publicationDate },
  created: { kind: 'date', get: (r) => r.created },
  updated: { kind: 'date', get: (r) => r.updated },
  license: { kind: 'exactCi', get: (r) => r.license ?? '' },
  filename: { kind: 'exactCi', get: (r) => r.files.map((f) => f.key) },
  filetype: { kind: 'exactCi', get: (r) => r.files.map((f) => f.ext) },
  'grants.code': { kind: 'exactCi', get: (r) => r.funding.map((f) => f.awardNumber ?? '').filter(Boolean) },
};

/** Context needed to map community ids (uuid) to slugs. */
export interface EvalContext {
  communityIdToSlug: (id: string) => string | undefined;
}

function wildcardRe(v: string): RegExp {
  return new RegExp(`^${v.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
}

function textMatch(hay: string, value: string, phrase: boolean): boolean {
  if (!phrase && /[*?]/.test(value)) {
    const re = wildcardRe(value.toLowerCase());
    return hay.trim().split(' ').some((w) => re.test(w));
  }
  const norm = normalizeText(value);
  if (norm === ' ') {
    return false;
  }
  if (phrase) {
    return hay.includes(norm);
  }
  // An unquoted multi-word value (e.g. "climate-change") matches as a phrase; a single word as a token.
  return hay.includes(norm);
}

function compareRange(v: string, lo: string | undefined, hi: string | undefined, loIncl: boolean, hiIncl: boolean): boolean {
  const numeric = /^-?\d+(\.\d+)?$/.test(v) && (!lo || /^-?\d+(\.\d+)?$/.test(lo)) && (!hi || /^-?\d+(\.\d+)?$/.test(hi)) && !/^\d{4}-/.test(v);
  const cmp = (a: string, b: string) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0);
  if (lo !== undefined) {
    const c = cmp(v, lo);
    if (c < 0 || (c === 0 && !loIncl)) {
      return false;
    }
  }
  if (hi !== undefined) {
    // For dates, `2023` as an upper bound means the whole year.
    const hiV = !numeric && /^\d{4}(-\d{2})?$/.test(hi) && hiIncl ? `${hi}\uffff` : hi;
    const c = cmp(v, hiV);
    if (c > 0 || (c === 0 && !hiIncl)) {
      return false;
    }
  }
  return true;
}

function evalField(r: CorpusRecord, fieldName: string, node: Extract<Node, { t: 'term' | 'range' | 'regex' }>, ctx: EvalContext): boolean {
  const name = FIELD_ALIASES[fieldName] ?? fieldName;
  if (name === 'communities.id') {
    if (node.t !== 'term') {
      return false;
    }
    const slug = ctx.communityIdToSlug(node.value);
    return slug !== undefined && r.communities.includes(slug);
  }
  const def = FIELDS[name];
  if (!def) {
    return false; // An unknown field matches nothing, as in OpenSearch.
  }
  const raw = def.get(r);
  const values = Array.isArray(raw) ? raw : [raw];
  if (node.t === 'regex') {
    return values.some((v) => node.re.test(def.kind === 'text' ? v.trim() : v) || (def.kind === 'text' && v.trim().split(' ').some((w) => node.re.test(w))));
  }
  if (node.t === 'range') {
    return values.some((v) => v !== '' && compareRange(v, node.lo, node.hi, node.loIncl, node.hiIncl));
  }
  const value = node.value;
  switch (def.kind) {
    case 'text':
      return values.some((v) => textMatch(v, value, node.phrase));
    case 'keyword':
      return values.some((v) => textMatch(v, value, node.phrase));
    case 'date':
      if (/[*?]/.test(value)) {
        return values.some((v) => wildcardRe(value).test(v));
      }
      return values.some((v) => v === value || v.startsWith(`${value}-`) || v.startsWith(`${value}T`));
    case 'exact':
      if (/[*?]/.test(value) && !node.phrase) {
        return values.some((v) => wildcardRe(value).test(v));
      }
      return values.includes(value);
    case 'exactCi': {
      if (/[*?]/.test(value) && !node.phrase) {
        return values.some((v) => wildcardRe(value).test(v));
      }
      const lv = value.toLowerCase();
      return values.some((v) => v.toLowerCase() === lv);
    }
  }
  return false;
}

export function evaluate(node: Node, r: CorpusRecord, ctx: EvalContext): boolean {
  switch (node.t) {
    case 'all':
      return true;
    case 'and':
      return node.kids.every((k) => evaluate(k, r, ctx));
    case 'or':
      return node.kids.some((k) => evaluate(k, r, ctx));
    case 'not':
      return !evaluate(node.kid, r, ctx);
    case 'term':
      if (node.field) {
        return evalField(r, node.field, node, ctx);
      }
      if (node.value === '*') {
        return true;
      }
      return textMatch(r.search.all, node.value, node.phrase) || r.id === node.value || r.doi.toLowerCase() === node.value.toLowerCase();
    case 'range':
    case 'regex':
      if (node.field) {
        return evalField(r, node.field, node, ctx);
      }
      return node.t === 'regex' ? r.search.all.trim().split(' ').some((w) => node.re.test(w)) : false;
  }
}

/** Free-text terms of the query, for bestmatch scoring. */
export function scoringTerms(node: Node, out: string[] = []): string[] {
  switch (node.t) {
    case 'and':
    case 'or':
      node.kids.forEach((k) => scoringTerms(k, out));
      break;
    case 'term':
      if (!node.field || ['title', 'metadata.title', 'description', 'keywords', 'creators.name'].includes(node.field)) {
        const n = normalizeText(node.value);
        if (n !== ' ') {
          out.push(n);
        }
      }
      break;
    default:
      break;
  }
  return out;
}

export function score(r: CorpusRecord, terms: string[]): number {
  let s = 0;
  for (const t of terms) {
    if (r.search.title.includes(t)) {
      s += 5 + (r.search.title.length < 60 ? 1 : 0);
    }
    if (r.search.keywords.some((k) => k.includes(t))) {
      s += 3;
    }
    if (r.search.creators.includes(t)) {
      s += 2;
    }
    if (r.search.description.includes(t)) {
      s += 1;
    }
  }
  return s;
}

export { stripHtml };
