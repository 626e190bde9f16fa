#!/usr/bin/env node
// `npm run l10n`: writes l10n/bundle.l10n.json, the English bundle of every runtime string, which
// translators copy to bundle.l10n.<locale>.json (VS Code loads it through package.json's "l10n").
//
// 1. `@vscode/l10n-dev export -o l10n src` — the official extractor: it finds `vscode.l10n.t(…)` and
//    `l10n.t(…)` calls.
// 2. The project also calls the translator through a short alias — `const t = vscode.l10n.t` in a
//    file, or a `t: Translate` parameter that the editor layer fills with `vscode.l10n.t` (so pure
//    modules such as src/sidebar/model.ts stay testable without vscode). l10n-dev does not follow
//    aliases, so a TypeScript syntax pass adds every `t('…')` call of the editor layer.
// `node scripts/l10n.mjs --check` writes nothing and exits 1 when the bundle is out of date
// (test/unit/l10n.test.ts runs the same comparison).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = join(REPO, 'l10n', 'bundle.l10n.json');
const require = createRequire(import.meta.url);

/** The editor layer: src/ without the core (English by design, shared with the CLI), the CLI and the webview page. */
function editorFiles(dir = join(REPO, 'src')) {
  const skip = new Set(['core', 'cli', 'webview'].map((d) => join(REPO, 'src', d)));
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return skip.has(p) ? [] : editorFiles(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [p] : [];
  });
}

/**
 * Every message passed to the translator in the editor layer: `vscode.l10n.t(…)`, `l10n.t(…)` and
 * `t(…)` (the alias), first argument a string literal, or `{ message, comment }`.
 * @returns {Map<string, {message: string, comment?: string[]} | string>} bundle entries, key → value
 */
export function collectMessages() {
  const ts = require('typescript');
  const found = new Map();
  for (const file of editorFiles()) {
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const visit = (node) => {
      if (ts.isCallExpression(node) && isTranslator(ts, node.expression) && node.arguments.length > 0) {
        const a = node.arguments[0];
        if (ts.isStringLiteral(a) || ts.isNoSubstitutionTemplateLiteral(a)) {
          found.set(a.text, a.text);
        } else if (ts.isObjectLiteralExpression(a)) {
          const prop = (name) => a.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText(sf) === name)?.initializer;
          const m = prop('message');
          const c = prop('comment');
          if (m && (ts.isStringLiteral(m) || ts.isNoSubstitutionTemplateLiteral(m))) {
            const comments = c && ts.isArrayLiteralExpression(c) ? c.elements.filter(ts.isStringLiteral).map((e) => e.text)
              : c && ts.isStringLiteral(c) ? [c.text] : [];
            // l10n-dev's key for a commented message: the message, then the comments, joined by '/'.
            found.set(comments.length ? `${m.text}/${comments.join('')}` : m.text, comments.length ? { message: m.text, comment: comments } : m.text);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

function isTranslator(ts, callee) {
  if (ts.isIdentifier(callee)) return callee.text === 't';
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 't') return false;
  const obj = callee.expression;
  return (ts.isIdentifier(obj) && obj.text === 'l10n')
    || (ts.isPropertyAccessExpression(obj) && obj.name.text === 'l10n' && ts.isIdentifier(obj.expression) && obj.expression.text === 'vscode');
}

/** The bundle as it should be: l10n-dev's export, plus the alias calls it cannot see. */
export function buildBundle() {
  const out = mkdtempSync(join(tmpdir(), 'zenodo-l10n-'));
  try {
    const cli = join(REPO, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
    const r = spawnSync(process.execPath, [cli, 'export', '-o', out, join(REPO, 'src')], { cwd: REPO, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`l10n-dev export failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    const exported = existsSync(join(out, 'bundle.l10n.json')) ? JSON.parse(readFileSync(join(out, 'bundle.l10n.json'), 'utf8')) : {};
    const bundle = { ...exported };
    for (const [k, v] of collectMessages()) if (!(k in bundle)) bundle[k] = v;
    return Object.fromEntries(Object.entries(bundle).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const bundle = buildBundle();
  const text = `${JSON.stringify(bundle, null, 2)}\n`;
  if (process.argv.includes('--check')) {
    const have = existsSync(BUNDLE) ? readFileSync(BUNDLE, 'utf8') : '';
    if (have !== text) {
      console.error(`${relative(REPO, BUNDLE)} is out of date: run npm run l10n`);
      process.exit(1);
    }
    console.log(`${relative(REPO, BUNDLE)}: ${Object.keys(bundle).length} strings, up to date`);
  } else {
    writeFileSync(BUNDLE, text);
    console.log(`${relative(REPO, BUNDLE)}: ${Object.keys(bundle).length} strings`);
  }
}
