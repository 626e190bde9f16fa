/**
 * Node globals that a few bundled libraries mention, for the web build only (esbuild `inject`:
 * every free `process` / `setImmediate` of dist/web/extension.js refers to these). Nothing is put
 * on the worker's global object, which the web worker shares with other extensions.
 *  - citation-js builds its user agent from `process.version` at load;
 *  - postcss (under sanitize-html) reads `process.env`;
 *  - path-browserify's `resolve` reads `process.cwd()`;
 *  - the reference scanner yields to the event loop with `setImmediate`.
 */
export const process = {
  env: {} as Record<string, string | undefined>,
  version: '',
  versions: {} as Record<string, string>,
  platform: 'browser',
  cwd: (): string => '/',
  stderr: undefined,
};

export function setImmediate(fn: (...args: unknown[]) => void, ...args: unknown[]): ReturnType<typeof setTimeout> {
  return setTimeout(fn, 0, ...args);
}
