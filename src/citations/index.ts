/**
 * Cite (issue 6): Resolve Latest Version DOI, Insert Citation…, and the hover over Zenodo DOIs and
 * URLs. The light part: it registers the commands and the hover; citation-js and the styles load on
 * first use (engine.ts → dist/citation.js).
 */
import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import type { Services } from '../services';
import { registerCommand } from '../util/commands';
import { CitationHoverProvider } from './hover';
import { insertCitationHandler } from './insert';
import { installTestHook } from './notify';
import { resolveLatestHandler } from './resolve';

export function registerCitations(services: Services): void {
  installTestHook(services);
  registerCommand(services, CommandId.resolveLatest, resolveLatestHandler(services));
  registerCommand(services, CommandId.insertCitation, insertCitationHandler(services));
  services.context.subscriptions.push(
    vscode.languages.registerHoverProvider([{ scheme: 'file' }, { scheme: 'untitled' }], new CitationHoverProvider(services)),
  );
}
