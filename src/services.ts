/** What activation builds and hands to every feature. Building it makes no request. */
import * as vscode from 'vscode';
import { TokenStore } from './zenodo/secrets';
import { ZenodoService } from './zenodo/service';

export interface Services {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  tokens: TokenStore;
  zenodo: ZenodoService;
  /** Remove any secret we know of from a text before it is shown or logged. */
  redact(text: string): string;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const log = vscode.window.createOutputChannel('Zenodo', { log: true });
  const tokens = new TokenStore(context.secrets, log);
  const zenodo = new ZenodoService(tokens, log);
  context.subscriptions.push(log, tokens, zenodo);
  return {
    context,
    log,
    tokens,
    zenodo,
    redact(text: string): string {
      let out = text;
      for (const t of tokens.seen) if (t) out = out.split(t).join('***');
      return out.replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/g, 'Bearer ***');
    },
  };
}
