import * as assert from 'node:assert/strict';
import { excerpt, stripHtml } from '../../src/core/html';

describe('stripHtml', () => {
  const cases: Array<[string, string]> = [
    ['<p>Hello <b>world</b></p>', 'Hello world'],
    ['a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &#x263A; caf&eacute; &nbsp;x', 'a & b <c> "d" \'e\' ☺ café x'],
    ['<script>alert("x")</script>visible<style>p{color:red}</style>', 'visible'],
    ['<p>one</p><p>two</p>', 'one two'],
    ['line<br>break', 'line break'],
    ['  lots \n\n of\t\twhite   space ', 'lots of white space'],
    ['<pre><code>pip install -U scikit-learn\n</code></pre>', 'pip install -U scikit-learn'],
    ['<img src=x onerror="alert(1)">after', 'after'],
    ['<a href="javascript:alert(1)">link</a>', 'link'],
    ['unclosed <b>bold', 'unclosed bold'],
    ['<svg><script>bad()</script></svg>ok', 'ok'],
    ['< not a tag', '< not a tag'],
    ['', ''],
  ];
  for (const [html, want] of cases) {
    it(`${JSON.stringify(html.slice(0, 40))} → ${JSON.stringify(want)}`, () => assert.equal(stripHtml(html), want));
  }
  it('handles null and undefined', () => {
    assert.equal(stripHtml(undefined), '');
    assert.equal(stripHtml(null), '');
  });
  it('strips a large description in linear time (no catastrophic backtracking)', () => {
    const big = '<p>' + '<b>x</b> &amp; '.repeat(100_000) + '</p>';
    const out = stripHtml(big);
    assert.ok(out.startsWith('x & x & '));
    assert.equal(out.length, 'x & '.length * 100_000 - 1);
  });
  it('excerpt cuts at a word boundary', () => {
    assert.equal(excerpt('short', 10), 'short');
    const e = excerpt('the quick brown fox jumps over the lazy dog', 20);
    assert.ok(e.endsWith('…') && e.length <= 20, e);
    assert.equal(e, 'the quick brown fox…');
  });
});
