/**
 * Record details and statistics panels: the light part that activation loads. It registers the two
 * commands and the two webview serializers; everything else (sanitiser, view models, webview
 * plumbing) is in dist/panels.js, required on first use (see impl.ts).
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import type { Services } from '../services';
import { recordRefFromArg } from '../util/args';
import { registerCommand } from '../util/commands';
import { askReference, referenceInEditor } from '../util/editorReference';
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
    const profile = (await services.zenodo.client()).profile;
    const ref = recordRefFromArg(arg)
      ?? referenceInEditor(vscode.window.activeTextEditor, profile)?.ref
      ?? (await askReference(profile, kind === 'record' ? vscode.l10n.t('Open a Zenodo record') : vscode.l10n.t('Show the statistics of a Zenodo record')));
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

