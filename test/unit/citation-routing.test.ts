// Where a citation goes: file-kind routing, finding the bibliography of a .tex or Markdown file,
// .bib de-duplication by DOI, keys that never collide, and the planned text changes.
import * as assert from 'node:assert/strict';
import { appendText, findDoi, normaliseDoi, scanBib, uniqueKey } from '../../src/core/citation/bibfile';
import { documentKind, keyForBibliography, markdownBibliographies, planInsertion, texBibliographies, TextChange } from '../../src/core/citation/routing';

const BIB = `% my references
@string{zen = "Zenodo"}
@article{smith_2020,
  author = {Smith, A. and {Jones}, B.},
  title  = {A {Title} with {nested} braces},
  doi    = {10.1000/ABC.def},
}

@software{the_scikit_learn_developers_2026_22705923,
  title = "scikit-learn",
  url = {https://doi.org/10.5281/zenodo.22705923}
}
@comment{ @misc{hidden, doi = {10.1/hidden}} }
@Misc(paren_key, doi = "10.5281/zenodo.1", note = {(nested)})
`;

function apply(text: string, changes: TextChange[], target: TextChange['target']): string {
  let out = text;
  for (const c of changes.filter((x) => x.target === target).sort((a, b) => b.start - a.start)) out = out.slice(0, c.start) + c.text + out.slice(c.end);
  return out;
}

describe('citation routing', () => {
  it('tells the file kinds apart by name and language', () => {
    assert.equal(documentKind('/w/refs.bib'), 'bib');
    assert.equal(documentKind('/w/refs.txt', 'bibtex'), 'bib');
    assert.equal(documentKind('/w/paper.tex'), 'tex');
    assert.equal(documentKind('/w/paper', 'latex'), 'tex');
    assert.equal(documentKind('/w/README.md'), 'markdown');
    assert.equal(documentKind('/w/notes.qmd'), 'markdown');
    assert.equal(documentKind('C:\\w\\CITATION.cff'), 'cff');
    assert.equal(documentKind('/w/citation.CFF'), 'cff');
    assert.equal(documentKind('/w/other.cff'), 'other');
    assert.equal(documentKind('/w/main.py', 'python'), 'other');
  });

  it('finds the bibliography of a .tex file, ignoring comments', () => {
    const tex = [
      '\\documentclass{article}',
      '% \\bibliography{commented}',
      '\\addbibresource[location=local]{lib/refs.bib}',
      '\\bibliography{main, extra.bib}  % two files',
      '100\\% sure \\bibliography{after-escaped-percent}',
    ].join('\n');
    assert.deepEqual(texBibliographies(tex), ['lib/refs.bib', 'main.bib', 'extra.bib', 'after-escaped-percent.bib']);
    assert.deepEqual(texBibliographies('\\section{x}'), []);
  });

  it('finds the bibliography in Markdown front matter (string, list, flow list)', () => {
    assert.deepEqual(markdownBibliographies('---\ntitle: x\nbibliography: refs.bib\n---\n# Hi'), ['refs.bib']);
    assert.deepEqual(markdownBibliographies('---\nbibliography:\n  - "a.bib"\n  - b.bib\nlink-citations: true\n---\n'), ['a.bib', 'b.bib']);
    assert.deepEqual(markdownBibliographies('---\nbibliography: [a.bib, \'b c.bib\']\n---\n'), ['a.bib', 'b c.bib']);
    assert.deepEqual(markdownBibliographies('# no front matter\nbibliography: x.bib'), []);
  });

  describe('.bib files', () => {
    it('scans entries: keys, DOIs (field or doi.org URL), skipping @comment and @string, with () entries', () => {
      const entries = scanBib(BIB);
      assert.deepEqual(entries.map((e) => e.key), ['smith_2020', 'the_scikit_learn_developers_2026_22705923', 'paren_key']);
      assert.deepEqual(entries.map((e) => e.doi), ['10.1000/abc.def', '10.5281/zenodo.22705923', '10.5281/zenodo.1']);
      assert.equal(BIB.slice(entries[0].start, entries[0].end).trim().endsWith('}'), true);
    });

    it('finds a DOI already present, in any case and resolver form', () => {
      assert.equal(findDoi(BIB, '10.1000/abc.DEF')?.key, 'smith_2020');
      assert.equal(findDoi(BIB, 'https://doi.org/10.5281/zenodo.22705923')?.key, 'the_scikit_learn_developers_2026_22705923');
      assert.equal(findDoi(BIB, '10.1/hidden'), undefined, 'entries inside @comment do not count');
      assert.equal(findDoi(BIB, '10.5281/zenodo.2'), undefined);
      assert.equal(normaliseDoi('doi:10.5281/Zenodo.1'), '10.5281/zenodo.1');
    });

    it('never reuses a key (BibTeX keys ignore case): a, b, … z, aa', () => {
      assert.equal(uniqueKey('new', ['smith_2020']), 'new');
      assert.equal(uniqueKey('smith_2020', ['Smith_2020']), 'smith_2020a');
      assert.equal(uniqueKey('k', ['k', 'ka', 'kb']), 'kc');
      const many = ['k', ...Array.from({ length: 26 }, (_, i) => `k${String.fromCharCode(97 + i)}`)];
      assert.equal(uniqueKey('k', many), 'kaa');
    });

    it('keeps the existing key when the DOI is there, otherwise picks a free one', () => {
      assert.deepEqual(keyForBibliography(BIB, 'whatever', '10.5281/zenodo.22705923'), { key: 'the_scikit_learn_developers_2026_22705923', existing: true });
      assert.deepEqual(keyForBibliography(BIB, 'smith_2020', '10.9/new'), { key: 'smith_2020a', existing: false });
    });

    it('appends with exactly one blank line between entries', () => {
      assert.equal(appendText('', '@misc{a}\n'), '@misc{a}\n');
      assert.equal(appendText('@misc{x}', '@misc{a}'), '\n\n@misc{a}\n');
      assert.equal(appendText('@misc{x}\n', '@misc{a}'), '\n@misc{a}\n');
      assert.equal(appendText('@misc{x}\n\n', '@misc{a}'), '@misc{a}\n');
    });
  });

  describe('planned changes', () => {
    const entry = '@software{k,\n  title = {T},\n}\n';

    it('.bib: appends the entry at the end, or nothing when the DOI is there', () => {
      const p = planInsertion({ kind: 'bib', text: BIB, start: 0, end: 0, key: 'k', entry });
      assert.equal(p.outcome, 'inserted');
      const after = apply(BIB, p.changes, 'document');
      assert.ok(after.startsWith(BIB) && after.endsWith(`\n${entry}`), after);
      assert.deepEqual(scanBib(after).map((e) => e.key).slice(-1), ['k']);
      const dup = planInsertion({ kind: 'bib', text: BIB, start: 0, end: 0, key: 'k', entry, existing: true });
      assert.equal(dup.outcome, 'already-present');
      assert.deepEqual(dup.changes, []);
    });

    it('.tex: \\cite{key} replaces the selection and the entry goes to the bibliography', () => {
      const tex = 'As shown by SELECTED, it works.';
      const start = tex.indexOf('SELECTED');
      const p = planInsertion({ kind: 'tex', text: tex, start, end: start + 'SELECTED'.length, key: 'k', entry, bibText: '@misc{x}\n' });
      assert.equal(apply(tex, p.changes, 'document'), 'As shown by \\cite{k}, it works.');
      assert.equal(apply('@misc{x}\n', p.changes, 'bibliography'), `@misc{x}\n\n${entry}`);
    });

    it('.tex with the DOI already in the bibliography: cites the existing key, adds nothing', () => {
      const p = planInsertion({ kind: 'tex', text: 'x', start: 1, end: 1, key: 'old', entry, bibText: BIB, existing: true });
      assert.equal(p.outcome, 'cited-existing');
      assert.deepEqual(p.changes, [{ target: 'document', start: 1, end: 1, text: '\\cite{old}' }]);
    });

    it('Markdown: [@key] plus the entry (pandoc), or the formatted reference', () => {
      const md = '---\nbibliography: refs.bib\n---\nSee ';
      const p = planInsertion({ kind: 'markdown', text: md, start: md.length, end: md.length, key: 'k', entry, bibText: '', markdownMode: 'pandoc' });
      assert.equal(apply(md, p.changes, 'document'), `${md}[@k]`);
      assert.equal(apply('', p.changes, 'bibliography'), entry);
      const r = planInsertion({ kind: 'markdown', text: md, start: md.length, end: md.length, key: 'k', snippet: 'Doe, J. (2020). T. Zenodo.', markdownMode: 'reference' });
      assert.equal(apply(md, r.changes, 'document'), `${md}Doe, J. (2020). T. Zenodo.`);
      assert.equal(r.changes.some((c) => c.target === 'bibliography'), false);
    });

    it('anything else: the chosen format at the cursor', () => {
      const p = planInsertion({ kind: 'other', text: 'ab', start: 1, end: 1, key: 'k', snippet: 'X' });
      assert.equal(apply('ab', p.changes, 'document'), 'aXb');
    });
  });
});
