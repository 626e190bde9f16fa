// Builds every bundle of the project with esbuild.
//   node esbuild.mjs               development build (source maps)
//   node esbuild.mjs --production  minified, no source maps (what `npm run package` ships)
//   node esbuild.mjs --watch       rebuild on change
//   node esbuild.mjs --out DIR     write the bundles under DIR instead of dist/ (scripts/package.mjs
//                                  builds into a staging folder so a concurrent dev build cannot race it)
// Bundles:
//   dist/extension.js   the extension (node, cjs, `vscode` external) — what activation loads
//   dist/cli.js         the zenodo-cite command line (node, cjs, executable)
//   dist/web/extension.js  the web extension (browser, cjs, `vscode` external; vscode.dev, github.dev):
//                       the same src/extension.ts with ZENODO_WEB=true, so the lazy bundles are static
//                       imports there (src/util/lazy.ts) and Node built-ins are browser shims (src/web/)
//   dist/test/**        integration tests for the real extension host (not shipped)
// Later features add their entries to ENTRIES below (webview bundles are browser/iife).
import * as esbuild from 'esbuild';
import { existsSync, chmodSync, copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const testsOnly = process.argv.includes('--tests');
const outArg = process.argv.indexOf('--out');
/** Where bundles go: dist/ by default; `--out DIR` moves every `dist/...` outdir under DIR. */
const OUT = outArg > 0 ? process.argv[outArg + 1] : 'dist';
const out = (dir) => (OUT === 'dist' ? dir : dir.replace(/^dist(?=\/|$)/, OUT));

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  target: 'node20',
  // The node bundles load the heavy parts from their own files on first use; the web build
  // (ZENODO_WEB=true) imports them statically (src/util/lazy.ts). esbuild drops the dead branch.
  define: { ZENODO_WEB: 'false' },
  // htmlparser2's index re-exports its DOM helpers (and a second copy of `entities`); the core uses
  // only the streaming Parser, so bundle just that module (saves ~100 KB of the activation bundle).
  alias: {
    htmlparser2: './node_modules/htmlparser2/dist/esm/Parser.js',
    // citation-js 0.7 imports these to fetch remote inputs; we hand it CSL-JSON only (src/core/citation).
    'sync-fetch': './src/core/citation/stubs/sync-fetch.ts',
    'fetch-ponyfill': './src/core/citation/stubs/fetch-ponyfill.ts',
  },
};

/** @type {import('esbuild').BuildOptions[]} */
const ENTRIES = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    metafile: true,
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
  },
  // Citation engine (src/core/citation: citation-js, CSL styles, yaml): required on first use by
  // src/citations/engine.ts, never part of the activation bundle.
  {
    ...common,
    entryPoints: { citation: 'src/core/citation/engine.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
  },
  // Record and statistics panels (src/panels): the heavy part, required on first use by
  // src/panels/index.ts; sanitize-html keeps its own htmlparser2, so no alias here.
  {
    ...common,
    alias: {},
    entryPoints: { panels: 'src/panels/impl.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  // The panels' page (browser, iife) and its stylesheet, the only files the webviews may load.
  {
    ...common,
    entryPoints: { panel: 'src/webview/panel.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    ...common,
    entryPoints: { panel: 'media/webview/panel.css' },
    outdir: 'dist/webview',
    sourcemap: false,
  },
  // The web extension: one bundle with the citation engine and the panels inside (a web worker
  // cannot `require` a file), Node built-ins replaced by small browser shims.
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist/web',
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    mainFields: ['browser', 'module', 'main'],
    external: ['vscode'],
    define: { ZENODO_WEB: 'true' },
    alias: {
      // Not common.alias's htmlparser2 slice: sanitize-html (panels) needs its own full htmlparser2.
      'sync-fetch': common.alias['sync-fetch'],
      'fetch-ponyfill': common.alias['fetch-ponyfill'],
      path: 'path-browserify',
      'node:path': 'path-browserify',
      'node:crypto': './src/web/crypto.ts',
      crypto: './src/web/crypto.ts',
      'node:fs': './src/web/fs.ts',
      fs: './src/web/fs.ts',
    },
    // `process` and `setImmediate` for the libraries that mention them, local to this bundle.
    inject: ['./src/web/globals.ts'],
    metafile: true,
  },
];

function tsFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? tsFiles(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [join(dir, d.name)] : []);
}

function testEntries() {
  const files = tsFiles('test/integration');
  if (files.length === 0) return [];
  return [{
    ...common,
    minify: false,
    sourcemap: 'inline',
    entryPoints: files,
    outbase: 'test/integration',
    outdir: 'dist/test/integration',
    platform: 'node',
    format: 'cjs',
    external: ['vscode', 'mocha'],
  }];
}

const builds = (testsOnly ? [] : ENTRIES.filter((e) => Object.values(e.entryPoints).every((p) => existsSync(p))))
  .concat(production ? [] : testEntries())
  .map((b) => ({ ...b, outdir: out(b.outdir) }));

mkdirSync(OUT, { recursive: true });
if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
  console.log('[esbuild] watching');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  if (existsSync(join(OUT, 'cli.js'))) chmodSync(join(OUT, 'cli.js'), 0o755);
  // Codicons for the panels (font + css, ~160 KB), next to the panel bundle.
  const codicons = 'node_modules/@vscode/codicons/dist';
  if (!testsOnly && existsSync(codicons)) {
    mkdirSync(join(OUT, 'webview/codicons'), { recursive: true });
    for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(join(codicons, f), join(OUT, 'webview/codicons', f));
  }
}
