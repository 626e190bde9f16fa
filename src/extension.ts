/**
 * The composition root: activation builds the services, hands them to each feature and returns.
 * No network, no heavy module (citation formatting and webviews load on first use).
 */
import * as vscode from 'vscode';
import { registerAccount } from './account';
import { registerPanels } from './panels';
import { createServices, Services } from './services';
import { registerSidebar, SidebarApi } from './sidebar';

export interface ZenodoExtensionApi {
  /** Requests that reached the network since activation (for tests and the benchmark). */
  networkRequests(): number;
  services: Services;
  /** The sidebar's trees (integration tests read their rows). */
  sidebar: SidebarApi;
}

export function activate(context: vscode.ExtensionContext): ZenodoExtensionApi {
  const started = Date.now();
  const services = createServices(context);
  // Features register here, one folder each (keep one line per feature, in this order).
  // FEATURES-START
  registerAccount(services);
  registerPanels(services);
  const sidebar = registerSidebar(services);
  // FEATURES-END
  services.log.info(`[activate] ready in ${Date.now() - started} ms`);
  return { networkRequests: () => services.zenodo.networkRequests, services, sidebar };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
