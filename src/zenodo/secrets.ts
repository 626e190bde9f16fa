/**
 * The access token lives only in VS Code's SecretStorage, keyed by the repository's origin. This
 * wrapper never throws (a broken keychain reads as "no token") and fires when the secret changes,
 * including from another window.
 */
import * as vscode from 'vscode';

const KEY_PREFIX = 'zenodo.token:';

export class TokenStore implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<string>();
  /** Fires with the origin whose token changed. */
  readonly onDidChange = this.emitter.event;
  private readonly sub: vscode.Disposable;
  /** Every token this window has seen, so that `redact` can remove them from any text. */
  readonly seen = new Set<string>();

  constructor(private readonly secrets: vscode.SecretStorage, private readonly log: vscode.LogOutputChannel) {
    this.sub = secrets.onDidChange((e) => {
      if (e.key.startsWith(KEY_PREFIX)) this.emitter.fire(e.key.slice(KEY_PREFIX.length));
    });
  }

  async get(origin: string): Promise<string | undefined> {
    try {
      const t = (await this.secrets.get(KEY_PREFIX + origin)) || undefined;
      if (t) this.seen.add(t);
      return t;
    } catch (e) {
      this.log.warn(`[account] could not read the secret store: ${e instanceof Error ? e.name : 'error'}`);
      return undefined;
    }
  }

  async set(origin: string, token: string): Promise<void> {
    this.seen.add(token);
    await this.secrets.store(KEY_PREFIX + origin, token);
  }

  async delete(origin: string): Promise<void> {
    try {
      await this.secrets.delete(KEY_PREFIX + origin);
    } catch (e) {
      this.log.warn(`[account] could not delete the secret: ${e instanceof Error ? e.name : 'error'}`);
    }
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
