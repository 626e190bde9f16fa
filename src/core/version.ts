/** The extension's version, sent in the User-Agent. A unit test keeps it equal to package.json's. */
export const VERSION = '0.1.0';
export const USER_AGENT = `zenodo-vscode/${VERSION} (+https://github.com/zenodo-vscode/zenodo-vscode)`;
