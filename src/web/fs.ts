/**
 * `node:fs` for the web build: there is no local disk in vscode.dev or github.dev. The editor layer
 * writes through `vscode.workspace.fs` whenever the target is not a `file:` URI, which is always the
 * case in a browser, so these are never reached; if one is, it says so instead of failing obscurely.
 */
function unavailable(what: string): never {
  throw new Error(`${what} needs the desktop version of VS Code: it is not available in the browser.`);
}

export const promises = {
  mkdir: async (): Promise<never> => unavailable('Writing to the local disk'),
  rename: async (): Promise<never> => unavailable('Writing to the local disk'),
  rm: async (): Promise<void> => undefined,
};

export function createWriteStream(): never {
  return unavailable('Writing to the local disk');
}
