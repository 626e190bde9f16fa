/**
 * Command ids as typed constants, and the one helper every feature registers its commands with:
 * it reports failures as a message a person understands (never a stack trace, never the token),
 * and logs them.
 */
import * as vscode from 'vscode';
import { describeError, ZenodoError } from '../core/errors';
import type { Services } from '../services';

export function registerCommand(services: Services, id: string, handler: (...args: any[]) => unknown): void {
  services.context.subscriptions.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (e) {
      if (e instanceof ZenodoError && e.kind === 'cancelled') return undefined;
      if (e instanceof vscode.CancellationError) return undefined;
      const msg = services.redact(describeError(e));
      services.log.error(`[command] ${id}: ${msg}`);
      void vscode.window.showErrorMessage(msg);
      return undefined;
    }
  }));
}
