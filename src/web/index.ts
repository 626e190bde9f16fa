/**
 * The web build's feature line (src/extension.ts): in vscode.dev / github.dev (a web worker, no
 * Node) it says so in the log and sets the `zenodo.web` context key, so menus can hide what needs
 * the desktop; in the desktop build it does nothing. What works in the browser and what degrades is
 * listed in the README ("In the browser").
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { isWebBuild } from '../util/lazy';

export function registerWeb(services: Services): void {
  if (!isWebBuild()) return;
  void vscode.commands.executeCommand('setContext', 'zenodo.web', true);
  services.log.info(`[web] running as a web extension (${vscode.env.uiKind === vscode.UIKind.Web ? 'browser' : 'desktop'} UI, web worker host): `
    + 'citation engine and panels built in; downloads go into the workspace only; the zenodo-cite CLI needs Node');
}
