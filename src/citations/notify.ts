/**
 * What the citation commands tell a person, in one place: shown as a notification, logged with the
 * [citations] tag, and kept (the last few) for integration tests, which cannot read notifications.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';

export type Level = 'info' | 'warning' | 'error';
export interface Told { level: Level; message: string }

/** Where integration tests read what the citation commands said (only in test mode). */
export const CITATIONS_TEST_HOOK = Symbol.for('zenodo-vscode.citations');
const told: Told[] = [];

export function toldMessages(): Told[] {
  return told;
}

export function installTestHook(services: Services): void {
  if (services.context.extensionMode !== vscode.ExtensionMode.Test) return;
  (globalThis as Record<symbol, unknown>)[CITATIONS_TEST_HOOK] = { messages: told };
}

/** Show a message (with optional actions) and return the action picked. Never waits in tests. */
export async function tell(services: Services, level: Level, message: string, ...actions: string[]): Promise<string | undefined> {
  const text = services.redact(message);
  told.push({ level, message: text });
  if (told.length > 50) told.shift();
  services.log[level === 'warning' ? 'warn' : level](`[citations] ${text}`);
  const show = level === 'error' ? vscode.window.showErrorMessage : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  if (actions.length === 0) {
    void show(text);
    return undefined;
  }
  return show(text, ...actions);
}
