// Property-based tests (fast-check) for the reference resolver and the HTML stripper: they never
// throw, they run in linear time on adversarial input, and they round-trip where they should.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { referenceAt, tryParseReference, parseReference } from '../../src/core/reference';
import { stripHtml } from '../../src/core/html';
import { InvalidReferenceError } from '../../src/core/errors';

const RUNS = 2000;
const id = fc.bigInt({ min: 1n, max: 10n ** 19n }).map(String);
const wrappers: Array<[string, string]> = [['', ''], ['(', ')'], ['<', '>'], ['"', '"'], ['“', '”'], ['', '.'], ['', ','], ['', ';'], ['[', '].'], ["'", "'"]];

/** Time for f on input n times larger must not grow much faster than n (catches super-linear regexes). */
function assertLinear(make: (n: number) => string, f: (s: string) => unknown): void {
  const time = (s: string) => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < 3; i++) f(s);
    return Number(process.hrtime.bigint() - t) / 3;
  };
  const small = make(2_000);
  const big = make(20_000);
  time(small);
  const ts = Math.max(time(small), 50_000);
  const tb = time(big);
  assert.ok(tb < ts * 60, `10× the input took ${(tb / ts).toFixed(1)}× the time`);
}

describe('fuzz: reference resolver', () => {
  it('never throws anything but InvalidReferenceError, on any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
      try {
        parseReference(s);
      } catch (e) {
        assert.ok(e instanceof InvalidReferenceError, String(e));
      }
    }), { numRuns: RUNS });
  });

  it('round-trips every id through every accepted form, case and wrapper', () => {
    const form = fc.constantFrom(
      (i: string) => i,
      (i: string) => `10.5281/zenodo.${i}`,
      (i: string) => `doi:10.5281/zenodo.${i}`,
      (i: string) => `DOI: 10.5281/ZENODO.${i}`,
      (i: string) => `https://doi.org/10.5281/zenodo.${i}`,
      (i: string) => `https://doi.org/10.5281%2Fzenodo.${i}`,
      (i: string) => `https://zenodo.org/records/${i}`,
      (i: string) => `https://zenodo.org/record/${i}?download=1`,
      (i: string) => `https://zenodo.org/doi/10.5281/zenodo.${i}`,
      (i: string) => `https://zenodo.org/badge/DOI/10.5281/zenodo.${i}.svg`,
    );
    fc.assert(fc.property(id, form, fc.constantFrom(...wrappers), (i, f, [open, close]) => {
      const r = tryParseReference(`${open}${f(i)}${close}`);
      assert.ok(r, `${open}${f(i)}${close}`);
      assert.equal(r.id, i);
    }), { numRuns: RUNS });
  });

  it('keeps any other DOI whole (lower-cased) and never invents a record id for it', () => {
    const suffix = fc.stringMatching(/^[A-Za-z0-9._\-/:;()]{1,40}$/).filter((s) => !/[.,;:)]$/.test(s) && !/^[./]/.test(s));
    fc.assert(fc.property(fc.integer({ min: 1000, max: 99999 }).filter((p) => p !== 5281), suffix, (prefix, sfx) => {
      const doi = `10.${prefix}/${sfx}`;
      const r = tryParseReference(doi);
      if (!r) return; // unbalanced brackets may be trimmed away to nothing valid
      assert.equal(r.kind, 'doi');
      assert.equal(r.id, undefined);
      assert.ok(doi.toLowerCase().startsWith(r.kind === 'doi' ? r.doi : ''), `${doi} → ${JSON.stringify(r)}`);
    }), { numRuns: RUNS });
  });

  it('finds a reference placed anywhere in text with its exact range', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), id, fc.string({ maxLength: 40 }), (before, i, after) => {
      const ref = `https://doi.org/10.5281/zenodo.${i}`;
      const text = `${before} ${ref} ${after}`;
      const start = before.length + 1;
      const hit = referenceAt(text, start + 5);
      assert.ok(hit);
      assert.equal(hit.start, start);
      assert.equal(text.slice(hit.start, hit.end), ref);
      assert.equal(hit.reference.id, i);
    }), { numRuns: RUNS });
  });

  it('runs in linear time on adversarial input', () => {
    assertLinear((n) => '10.5281/' + '('.repeat(n), (s) => tryParseReference(s));
    assertLinear((n) => 'a.'.repeat(n), (s) => tryParseReference(s));
    assertLinear((n) => 'https://zenodo.org/' + 'records/'.repeat(n / 8), (s) => tryParseReference(s));
    assertLinear((n) => ' '.repeat(n) + '10.5281/zenodo.1' + ')'.repeat(n), (s) => referenceAt(s, Math.floor(s.length / 2)));
  });
});

describe('fuzz: HTML stripper', () => {
  // (`&lt;` is left out: it decodes to a literal "<", which is text, not a tag.)
  it('never throws and never leaves a tag or a script\'s content', () => {
    const piece = fc.oneof(
      // Random text without "<": a random "<x" opens a tag that legitimately swallows what follows.
      fc.string({ maxLength: 20 }).filter((t) => !t.includes('<')),
      fc.constantFrom('<p>', '</p>', '<b>', '<script>SECRET()</script>', '<style>.SECRET{}</style>', '<img src=x onerror=SECRET()>', '<a href="javascript:SECRET()">', '&amp;', '&#x41;', '&bogus;', '<!-- c -->', '<![CDATA[x]]>', '<', '>', '"', '<svg><script>SECRET()</script></svg>'),
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
      // Pieces are separated by a space: "<A<script>" is, per the HTML parsing rules, one odd tag
      // named "a<script" whose "content" is text, in browsers as here; that is not what is tested.
      const out = stripHtml(parts.join(' '));
      assert.equal(typeof out, 'string');
      assert.doesNotMatch(out, /SECRET\(\)|\.SECRET\{/);
      assert.doesNotMatch(out, /<(script|p|b|img|a|svg)\b/i);
      assert.equal(out, out.trim());
      assert.doesNotMatch(out, /\s{2}/);
    }), { numRuns: RUNS });
  });

  it('keeps plain text (without markup characters) as it is, up to whitespace', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }).filter((s) => !/[<&]/.test(s)), (s) => {
      assert.equal(stripHtml(s), s.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim());
    }), { numRuns: RUNS });
  });

  it('runs in linear time on adversarial input', () => {
    assertLinear((n) => '<'.repeat(n), stripHtml);
    assertLinear((n) => '<a '.repeat(n / 3), stripHtml);
    assertLinear((n) => '&#'.repeat(n / 2), stripHtml);
    assertLinear((n) => '<script>'.repeat(n / 8), stripHtml);
  });
});
