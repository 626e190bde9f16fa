/**
 * The HTML shell of a panel: a strict Content Security Policy, the bundled stylesheet and script
 * (by nonce), and an empty body the webview bundle fills from messages. Nothing record-specific is
 * written here: the record arrives as data (see protocol.ts).
 */
import { randomBytes } from 'node:crypto';
import type { PanelKind } from './protocol';

export interface PageAssets {
  /** `webview.cspSource` */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  codiconsUri: string;
}

export function nonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

/** The CSP of every panel. No inline script, no eval, no frames, no plugins, no forms, no connections. */
export function contentSecurityPolicy(cspSource: string, scriptNonce: string): string {
  return [
    `default-src 'none'`,
    `script-src 'nonce-${scriptNonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} https:`,
    `base-uri 'none'`,
    `form-action 'none'`,
    `frame-src 'none'`,
    `object-src 'none'`,
  ].join('; ');
}

export function pageHtml(kind: PanelKind, assets: PageAssets, lang = 'en'): string {
  const n = nonce();
  const csp = contentSecurityPolicy(assets.cspSource, n);
  return `<!DOCTYPE html>
<html lang="${attr(lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(assets.codiconsUri)}">
<link rel="stylesheet" href="${attr(assets.styleUri)}">
<title>Zenodo</title>
</head>
<body data-kind="${kind}">
<main id="app" aria-live="polite" aria-busy="true"></main>
<script nonce="${n}" src="${attr(assets.scriptUri)}"></script>
</body>
</html>`;
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
