// The reference scanner on real-world-shaped samples of every file kind it reads: exact ranges,
// forms (DOI, doi.org URL, record URL, badge), BibTeX/CFF entry fields, DOIs split across lines,
// non-Zenodo DOIs ignored, and its cost on a 10 MB file and on hostile input.
import * as assert from 'node:assert/strict';
import { fileKindOf, parseBibtex, scanText, scanTextAsync, ScannedReference } from '../../src/core/scanner';
import { repositoryProfile } from '../../src/core/repository';

const at = (text: string, r: ScannedReference) => text.slice(r.start, r.end);
const target = (text: string, r: ScannedReference) => text.slice(r.target.start, r.target.end);

describe('scanner: finding Zenodo references', () => {
  it('knows which files it reads', () => {
    assert.equal(fileKindOf('paper/main.tex'), 'latex');
    assert.equal(fileKindOf('refs.BIB'), 'bibtex');
    assert.equal(fileKindOf('CITATION.cff'), 'cff');
    assert.equal(fileKindOf('a/.zenodo.json'), 'zenodo-json');
    assert.equal(fileKindOf('README.md'), 'markdown');
    assert.equal(fileKindOf('docs/index.rst'), 'rst');
    assert.equal(fileKindOf('nb.ipynb'), 'ipynb');
    assert.equal(fileKindOf('page.html'), 'html');
    assert.equal(fileKindOf('notes.txt'), 'text');
    assert.equal(fileKindOf('package.json'), undefined);
    assert.equal(fileKindOf('main.ts'), undefined);
  });

  it('Markdown: badges, links, bare and doi: forms, record URLs, with exact ranges; other DOIs ignored', () => {
    const md = [
      '# scikit-learn',
      '[![DOI](https://zenodo.org/badge/DOI/10.5281/zenodo.20510517.svg)](https://doi.org/10.5281/zenodo.20510517)',
      'Cite the data (doi:10.5281/zenodo.4924875) or https://zenodo.org/records/22705923.',
      'Old links: https://zenodo.org/record/1234 and https://zenodo.org/api/records/77, DOI: 10.5281/ZENODO.88;',
      'Not ours: 10.1038/s41586-020-2649-2, https://doi.org/10.1000/182, https://sandbox.zenodo.org/records/5, 110.5281/zenodo.9',
      '![shield](https://img.shields.io/badge/DOI-10.5281%2Fzenodo.42-blue)',
    ].join('\n');
    const refs = scanText(md, 'markdown');
    assert.deepEqual(refs.map((r) => [r.form, r.id, r.line, at(md, r)]), [
      ['badge', '20510517', 1, 'https://zenodo.org/badge/DOI/10.5281/zenodo.20510517.svg'],
      ['doi-url', '20510517', 1, 'https://doi.org/10.5281/zenodo.20510517'],
      ['doi', '4924875', 2, '10.5281/zenodo.4924875'],
      ['record-url', '22705923', 2, 'https://zenodo.org/records/22705923'],
      ['record-url', '1234', 3, 'https://zenodo.org/record/1234'],
      ['record-url', '77', 3, 'https://zenodo.org/api/records/77'],
      ['doi', '88', 3, '10.5281/ZENODO.88'],
      ['badge', '42', 5, 'https://img.shields.io/badge/DOI-10.5281%2Fzenodo.42'],
    ]);
    // What an update replaces: the DOI, or the id in a record URL.
    assert.deepEqual(refs.map((r) => target(md, r)), [
      '10.5281/zenodo.20510517', '10.5281/zenodo.20510517', '10.5281/zenodo.4924875', '22705923', '1234', '77', '10.5281/ZENODO.88', '10.5281%2Fzenodo.42',
    ]);
    assert.equal(refs[7].target.encoded, true);
    assert.equal(refs[2].column, 'Cite the data (doi:'.length);
  });

  it('LaTeX: \\doi, \\url, \\href', () => {
    const tex = String.raw`We used \texttt{sklearn}~\cite{sk} (\doi{10.5281/zenodo.591564}); data at \url{https://zenodo.org/records/4924875} and \href{https://doi.org/10.5281/zenodo.1533338}{Zenodo}. See also \cite{doi:10.1234/x}.`;
    const refs = scanText(tex, 'latex');
    assert.deepEqual(refs.map((r) => [r.form, at(tex, r)]), [
      ['doi', '10.5281/zenodo.591564'],
      ['record-url', 'https://zenodo.org/records/4924875'],
      ['doi-url', 'https://doi.org/10.5281/zenodo.1533338'],
    ]);
  });

  it('BibTeX: the entry with its version, year, month; a DOI and a URL split across lines', () => {
    const bib = [
      '% exported from Zenodo',
      '@software{pedregosa_2021_20510517,',
      '  author       = {Pedregosa, Fabian and Varoquaux, Gaël},',
      '  title        = {{scikit-learn: machine learning in Python}},',
      '  month        = oct,',
      '  year         = 2021,',
      '  publisher    = {Zenodo},',
      '  version      = {1.0},',
      '  doi          = {10.5281/',
      '                  zenodo.20510517},',
      '  url          = {https://zenodo.org/records/',
      '                  20510517}',
      '}',
      '',
      '@article{harris2020, title = "Array programming with {NumPy}", doi = "10.1038/s41586-020-2649-2", year = {2020},',
      '  note = {Data: 10.5281/zenodo.4924875}}',
    ].join('\n');
    const refs = scanText(bib, 'bibtex');
    assert.deepEqual(refs.map((r) => [r.id, r.target.kind, r.target.compact ?? target(bib, r)]), [
      ['20510517', 'value', '10.5281/zenodo.20510517'],
      ['20510517', 'value', 'https://zenodo.org/records/20510517'],
      ['4924875', 'doi', '10.5281/zenodo.4924875'],
    ]);
    const e = refs[0].entry!;
    assert.equal(e.kind, 'bibtex');
    assert.equal(e.key, 'pedregosa_2021_20510517');
    assert.equal(e.version?.value, '1.0');
    assert.equal(e.year?.value, '2021');
    assert.equal(e.month?.value, 'oct');
    assert.equal(bib.slice(e.version!.start, e.version!.end), '1.0');
    assert.equal(refs[0].line, 8);
    // A DOI in a note of another work's entry is found, but the entry's fields are not its own.
    assert.equal(refs[2].entry, undefined);
  });

  it('BibTeX parser: quoted values, # concatenation, @string and @comment, and a truncated file', () => {
    const entries = parseBibtex('@string{z = "Zenodo"}\n@comment{ignore {me}}\n@misc{a, publisher = z # " (CERN)", title = "A {"}quoted{"} title", year = 2020 }\n@misc{b, title = {unclosed');
    assert.equal(entries.length, 1);
    assert.deepEqual(entries[0].fields.map((f) => f.name), ['publisher', 'title', 'year']);
    assert.equal(entries[0].fields[2].value, '2020');
  });

  it('CFF: top-level doi and identifiers with version and date-released; nested preferred-citation and references', () => {
    const cff = [
      'cff-version: 1.2.0',
      'message: "If you use this software, please cite it as below."',
      'title: scikit-learn',
      'version: 1.0',
      "date-released: '2021-10-01'",
      'doi: 10.5281/zenodo.20510517',
      'identifiers:',
      '  - type: doi',
      '    value: 10.5281/zenodo.591564',
      '    description: all versions',
      '  - type: url',
      '    value: https://zenodo.org/records/20510517',
      'preferred-citation:',
      '  type: software',
      '  version: "0.9"',
      '  doi: 10.5281/zenodo.100',
      '  date-released: 2019-05-06  # first release',
      'references:',
      '  - type: dataset',
      '    doi: 10.5281/zenodo.4924875',
      '    version: v2',
      '  - type: article',
      '    doi: 10.5281/zenodo.300',
      'abstract: mentions 10.5281/zenodo.555 in passing',
    ].join('\n');
    const refs = scanText(cff, 'cff');
    const summary = refs.map((r) => [r.id, r.entry?.key, r.entry?.version?.value, r.entry?.date?.value]);
    assert.deepEqual(summary, [
      ['20510517', '', '1.0', '2021-10-01'],
      ['591564', '', '1.0', '2021-10-01'],
      ['20510517', '', '1.0', '2021-10-01'],
      ['100', 'preferred-citation', '0.9', '2019-05-06'],
      ['4924875', 'references', 'v2', undefined],
      ['300', 'references', undefined, undefined],
      ['555', undefined, undefined, undefined],
    ]);
    const date = refs[0].entry!.date!;
    assert.equal(cff.slice(date.start, date.end), '2021-10-01');
  });

  it('.zenodo.json, reStructuredText, HTML, plain text and a notebook (Markdown cells in JSON)', () => {
    const zj = '{"related_identifiers": [{"identifier": "10.5281/zenodo.591564", "relation": "isSupplementTo"}, {"identifier": "https://doi.org/10.1000/1"}]}';
    assert.deepEqual(scanText(zj, 'zenodo-json').map((r) => r.id), ['591564']);
    const rst = '.. image:: https://zenodo.org/badge/DOI/10.5281/zenodo.7.svg\n   :target: https://doi.org/10.5281/zenodo.7\n\n`Zenodo <https://zenodo.org/records/8>`_';
    assert.deepEqual(scanText(rst, 'rst').map((r) => [r.form, r.id]), [['badge', '7'], ['doi-url', '7'], ['record-url', '8']]);
    const html = '<p>Cite <a href="https://doi.org/10.5281/zenodo.9">10.5281/zenodo.9</a> &amp; <img src="https://zenodo.org/badge/DOI/10.5281/zenodo.9.svg"></p>';
    assert.deepEqual(scanText(html, 'html').map((r) => [r.form, at(html, r)]), [
      ['doi-url', 'https://doi.org/10.5281/zenodo.9'], ['doi', '10.5281/zenodo.9'], ['badge', 'https://zenodo.org/badge/DOI/10.5281/zenodo.9.svg'],
    ]);
    const nb = JSON.stringify({ cells: [{ cell_type: 'markdown', source: ['# Data\n', 'From [Zenodo](https://zenodo.org/records/4924875).\n'] }, { cell_type: 'code', source: ['doi = "10.5281/zenodo.11"'] }] }, null, 1);
    const nbRefs = scanText(nb, 'ipynb');
    assert.deepEqual(nbRefs.map((r) => at(nb, r)), ['https://zenodo.org/records/4924875', '10.5281/zenodo.11']);
    assert.deepEqual(scanText('see zenodo 123 and 10.5281/zenodo. and zenodo.org/records/abc', 'text'), []);
  });

  it('uses the repository profile: sandbox DOIs and a local server host', () => {
    const p = repositoryProfile('https://sandbox.zenodo.org');
    const text = '10.5072/zenodo.12 https://sandbox.zenodo.org/records/13 10.5281/zenodo.14 https://zenodo.org/records/15';
    assert.deepEqual(scanText(text, 'text', { profile: p }).map((r) => r.id), ['12', '13']);
    const local = repositoryProfile('http://127.0.0.1:8123');
    assert.deepEqual(scanText('http://127.0.0.1:8123/records/5 and 10.5281/zenodo.6', 'text', { profile: local }).map((r) => r.id), ['5', '6']);
  });

  it('scans a 10 MB file in one linear pass (≥ 100 MB/s goal) and the async scan yields between slices', async function () {
    this.timeout(60_000);
    const para = 'Lorem ipsum dolor sit amet, see https://example.org/x?y=1 and doi 10.1000/182 for details of 10.5 things.\n';
    const parts: string[] = [];
    let size = 0;
    let i = 0;
    while (size < 10_000_000) {
      parts.push(para);
      size += para.length;
      if (++i % 200 === 0) {
        const s = `Cite [v${i}](https://doi.org/10.5281/zenodo.${i}) or https://zenodo.org/records/${i}.\n`;
        parts.push(s);
        size += s.length;
      }
    }
    const text = parts.join('');
    const expected = Math.floor(i / 200) * 2;
    scanText(text.slice(0, 100_000), 'markdown'); // warm up
    const t0 = performance.now();
    const refs = scanText(text, 'markdown');
    const ms = performance.now() - t0;
    assert.equal(refs.length, expected);
    console.log(`      10 MB Markdown: ${ms.toFixed(0)} ms, ${(text.length / 1e6 / (ms / 1000)).toFixed(0)} MB/s`);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const asyncRefs = await scanTextAsync(text, 'markdown', { sliceChars: 500_000 });
    clearInterval(timer);
    assert.equal(asyncRefs.length, expected);
    assert.ok(ticks > 0, 'the async scan never let a timer run');
  });

  it('stays linear on hostile input (anchors without ids, unclosed BibTeX, one huge line of references)', function () {
    this.timeout(60_000);
    // Best of three, per character (noise from other processes only ever adds time).
    const cost = (text: string, kind: Parameters<typeof scanText>[1]) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        scanText(text, kind);
        best = Math.min(best, performance.now() - t0);
      }
      return best / text.length;
    };
    // 4× the input: a quadratic scan would cost 4× per character; linear stays flat (2.5× allows for GC noise).
    for (const [unit, kind] of [['10.5281/zenodo.x', 'markdown'], ['https://zenodo.org/records/', 'html'], ['@misc{a, doi={', 'bibtex'], ['zenodo.org/records/', 'text'], ['  - value: 10.5281/zenodo.1\n', 'cff']] as const) {
      const small = cost(unit.repeat(20_000), kind);
      const big = cost(unit.repeat(80_000), kind);
      assert.ok(big < small * 2.5 + 2e-5, `${JSON.stringify(unit)} (${kind}): ${big} ms/char on 4× the input vs ${small}`);
    }
  });
});
