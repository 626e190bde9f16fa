/**
 * The composition root: activation builds the services, hands them to each feature and returns.
 * No network, no heavy module (citation formatting and webviews load on first use).
 */
import * as vscode from 'vscode';
import { registerAccount } from './account';
import { ChecksApi, registerChecks } from './checks';
import { registerCitations } from './citations';
import { registerPanels } from './panels';
import { createServices, Services } from './services';
import { registerSidebar, SidebarApi } from './sidebar';
import { registerWeb } from './web';

export interface ZenodoExtensionApi {
  /** Requests that reached the network since activation (for tests and the benchmark). */
  networkRequests(): number;
  /** How long activate() took, in ms (the benchmark reads it). */
  activationMs: number;
  services: Services;
  /** The sidebar's trees (integration tests read their rows). */
  sidebar: SidebarApi;
  /** The Workspace Citations view (integration tests read its rows). */
  checks: ChecksApi;
}

export function activate(context: vscode.ExtensionContext): ZenodoExtensionApi {
  const started = performance.now();
  const services = createServices(context);
  // Features register here, one folder each (keep one line per feature, in this order).
  // FEATURES-START
  const account = registerAccount(services);
  registerPanels(services);
  const sidebar = registerSidebar(services);
  account.showIn([sidebar.search, sidebar.communities]);
  registerCitations(services);
  const checks = registerChecks(services);
  registerWeb(services);
  // FEATURES-END
  const activationMs = performance.now() - started;
  services.log.info(`[activate] ready in ${activationMs.toFixed(1)} ms`);
  return { networkRequests: () => services.zenodo.networkRequests, activationMs, services, sidebar, checks };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
