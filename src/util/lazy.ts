/**
 * Lazy parts and the web build.
 *
 * The node extension (dist/extension.js) loads its heavy parts — the citation engine
 * (dist/citation.js) and the panels (dist/panels.js) — from their own files on first use, so that
 * activation never parses them. A web extension (vscode.dev, github.dev) runs in a web worker that
 * cannot `require` a file, so the web build (dist/web/extension.js) imports them statically.
 * esbuild.mjs defines `ZENODO_WEB` (false for node, true for web) and drops the dead branch:
 *
 *   const impl = (ZENODO_WEB ? require('./impl') : require(path.join(__dirname, 'panels.js'))) as typeof Impl;
 *
 * The node bundle keeps only the `require(path.join(...))` branch (test/unit/vsix.test.ts
 * checks that the activation bundle contains neither part).
 */
declare global {
  /** true in the web build, false in the node build (esbuild `define`). */
  const ZENODO_WEB: boolean;
}

/** Whether this is the web build (false when the bundle was not built by esbuild.mjs). */
export function isWebBuild(): boolean {
  return typeof ZENODO_WEB === 'boolean' && ZENODO_WEB;
}

