/**
 * Record details and statistics panels: the light part that activation loads. It registers the two
 * commands and the two webview serializers; everything else (sanitiser, view models, webview
 * plumbing) is in dist/panels.js, required on first use (see impl.ts).
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { referenceAt, tryParseReference } from '../core/reference';
import type { Services } from '../services';
import { recordRefFromArg } from '../util/args';
import { registerCommand } from '../util/commands';
import type * as Impl from './impl';
import { PanelKind, RECORD_VIEW_TYPE, STATS_VIEW_TYPE } from './protocol';

/** Where integration tests find the open panels (set only when the extension runs its tests). */
export const PANELS_TEST_HOOK = Symbol.for('zenodo-vscode.panels');

export function registerPanels(services: Services): void {
  let manager: Impl.PanelManager | undefined;
  const load = (): Impl.PanelManager => {
    if (!manager) {
      const started = Date.now();
      // A separate bundle next to dist/extension.js (esbuild.mjs), kept out of the activation path.
      // The web build has it inside (no files to require in a web worker): src/util/lazy.ts.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const impl = (ZENODO_WEB ? require('./impl') : require(path.join(__dirname, 'panels.js'))) as typeof Impl;
      manager = impl.createPanelManager(services);
      services.context.subscriptions.push(manager);
      services.log.info(`[panels] loaded in ${Date.now() - started} ms`);
    }
    return manager;
  };

  const open = (kind: PanelKind) => async (arg?: unknown) => {
    const ref = recordRefFromArg(arg) ?? (await referenceUnderCursor(services)) ?? (await askReference(services, kind));
    if (!ref) return;
    await load().open(kind, ref);
  };
  if (services.context.extensionMode === vscode.ExtensionMode.Test) {
    // Integration tests read the open panels and drive the serializer through this (never in use otherwise).
    (globalThis as Record<symbol, unknown>)[PANELS_TEST_HOOK] = {
      snapshots: () => manager?.snapshots() ?? [],
      revive: (kind: PanelKind, panel: vscode.WebviewPanel, state: unknown) => load().revive(kind, panel, state),
    };
  }
  registerCommand(services, CommandId.openRecord, open('record'));
  registerCommand(services, CommandId.showStatistics, open('stats'));

  for (const [viewType, kind] of [[RECORD_VIEW_TYPE, 'record'], [STATS_VIEW_TYPE, 'stats']] as const) {
    services.context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(viewType, {
      deserializeWebviewPanel: (panel, state) => load().revive(kind, panel, state),
    }));
  }
}

/** The reference in the selection, else the one under the cursor of the active editor. */
async function referenceUnderCursor(services: Services): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const profile = (await services.zenodo.client()).profile;
  const sel = editor.selection;
  if (!sel.isEmpty) {
    const text = editor.document.getText(sel);
    if (text.length <= 2048 && tryParseReference(text, profile)) return text.trim();
  }
  const line = editor.document.lineAt(sel.active.line).text;
  const hit = referenceAt(line, sel.active.character, profile);
  return hit ? line.slice(hit.start, hit.end) : undefined;
}

async function askReference(services: Services, kind: PanelKind): Promise<string | undefined> {
  const profile = (await services.zenodo.client()).profile;
  const value = await vscode.window.showInputBox({
    title: kind === 'record' ? vscode.l10n.t('Open a Zenodo record') : vscode.l10n.t('Show the statistics of a Zenodo record'),
    prompt: vscode.l10n.t('A record id, a DOI or a record URL'),
    placeHolder: '10.5281/zenodo.1234567',
    ignoreFocusOut: true,
    validateInput: (v) => (!v.trim() || tryParseReference(v, profile) ? undefined
      : vscode.l10n.t('Not a Zenodo reference. Use a record id (1234567), a DOI (10.5281/zenodo.1234567) or a record URL.')),
  });
  return value?.trim() || undefined;
}
