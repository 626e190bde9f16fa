/** What activation builds and hands to every feature. Building it makes no request. */
import * as vscode from 'vscode';
import { TokenStore } from './zenodo/secrets';
import { ZenodoService } from './zenodo/service';

export interface Services {
  context: vscode.ExtensionContext;
  /** The "Zenodo" log. Every line passes through `redact` first, whoever writes it. */
  log: vscode.LogOutputChannel;
  /** The last lines written to the log (after redaction), for tests and diagnostics. */
  logHistory: string[];
  tokens: TokenStore;
  zenodo: ZenodoService;
  /** Remove any secret we know of from a text before it is shown or logged. */
  redact(text: string): string;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const channel = vscode.window.createOutputChannel('Zenodo', { log: true });
  const logHistory: string[] = [];
  // Tokens are read lazily, so the store is built before the log that it also writes to.
  const tokensRef: { store?: TokenStore } = {};
  const redact = (text: string): string => {
    let out = text;
    for (const t of tokensRef.store?.seen ?? []) if (t) out = out.split(t).join('***');
    return out.replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/g, 'Bearer ***');
  };
  const log = redactingLog(channel, redact, logHistory);
  const tokens = new TokenStore(context.secrets, log);
  tokensRef.store = tokens;
  const zenodo = new ZenodoService(tokens, log);
  context.subscriptions.push(channel, tokens, zenodo);
  return { context, log, logHistory, tokens, zenodo, redact };
}

const LOG_METHODS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

/** The channel, with every message redacted and remembered (the last 2,000 lines). */
function redactingLog(channel: vscode.LogOutputChannel, redact: (s: string) => string, history: string[]): vscode.LogOutputChannel {
  const text = (v: unknown) => redact(v instanceof Error ? `${v.name}: ${v.message}` : typeof v === 'string' ? v : JSON.stringify(v) ?? String(v));
  return new Proxy(channel, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && LOG_METHODS.has(prop)) {
        return (msg: unknown, ...args: unknown[]) => {
          const line = [text(msg), ...args.map(text)].join(' ');
          history.push(`${prop} ${line}`);
          if (history.length > 2000) history.splice(0, history.length - 2000);
          return (target as any)[prop](line);
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
