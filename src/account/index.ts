/**
 * Account: the access token (SecretStorage only, per repository origin) and the repository choice.
 *   Zenodo: Set Access Token · Zenodo: Sign Out · Zenodo: Choose Repository…
 * A status bar item says which repository is in use and whether a token is stored for it.
 */
import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { checkToken } from '../core/account';
import { normaliseBaseUrl, ZENODO_BASE_URL, ZENODO_SANDBOX_URL } from '../core/repository';
import type { Services } from '../services';
import { registerCommand } from '../util/commands';

/** Where the account state is shown besides the status bar: the sidebar views' idle description. */
export interface AccountDisplay { idleDescription: string | undefined }

export interface AccountApi {
  /** Show "zenodo.org · signed in" in these views when they have no query to describe. */
  showIn(displays: AccountDisplay[]): void;
}

export function registerAccount(services: Services): AccountApi {
  const displays: AccountDisplay[] = [];
  const { context, zenodo, tokens, log } = services;
  const status = vscode.window.createStatusBarItem('zenodo.account', vscode.StatusBarAlignment.Right, 10);
  status.name = vscode.l10n.t('Zenodo repository');
  status.command = CommandId.selectRepository;
  context.subscriptions.push(status);

  const refreshStatus = async () => {
    const origin = zenodo.origin();
    const signedIn = !!(await tokens.get(origin));
    const host = new URL(origin).host;
    status.text = signedIn ? `$(account) ${host}` : `$(globe) ${host}`;
    status.tooltip = signedIn
      ? vscode.l10n.t('Zenodo: signed in to {0} with an access token (kept in VS Code\'s secret storage). Click to change the repository.', host)
      : vscode.l10n.t('Zenodo: using {0} without a token. Click to change the repository.', host);
    status.show();
    const summary = signedIn ? vscode.l10n.t('{0} · signed in', host) : host;
    for (const d of displays) d.idleDescription = summary;
    await vscode.commands.executeCommand('setContext', 'zenodo.signedIn', signedIn);
  };
  context.subscriptions.push(zenodo.onDidChange(() => void refreshStatus()));
  // Reading the secret store is local (no network); do it after activation returns.
  setTimeout(() => void refreshStatus(), 0);

  registerCommand(services, CommandId.setToken, async (tokenArg?: unknown) => {
    const baseUrl = zenodo.baseUrl();
    const origin = zenodo.origin();
    const token = typeof tokenArg === 'string' ? tokenArg : await vscode.window.showInputBox({
      title: vscode.l10n.t('Zenodo: Set Access Token for {0}', new URL(origin).host),
      prompt: vscode.l10n.t('Paste a personal access token from {0}/account/settings/applications/. It is checked with one request, then kept only in VS Code\'s secret storage.', baseUrl),
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() && !/\s/.test(v.trim()) ? undefined : vscode.l10n.t('A token is one word without spaces.')),
    });
    if (token === undefined) return false;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the token with {0}…', new URL(origin).host) },
      () => checkToken(baseUrl, token),
    );
    if (!result.ok) {
      log.warn(`[account] token not stored: ${result.reason}`);
      void vscode.window.showErrorMessage(services.redact(result.message));
      return false;
    }
    await tokens.set(origin, token.trim());
    log.info(`[account] token stored for ${origin}`);
    zenodo.reset('token set');
    void vscode.window.showInformationMessage(vscode.l10n.t('Signed in to {0}. The token is kept in VS Code\'s secret storage.', new URL(origin).host));
    return true;
  });

  registerCommand(services, CommandId.signOut, async () => {
    const origin = zenodo.origin();
    await tokens.delete(origin);
    log.info(`[account] token removed for ${origin}`);
    zenodo.reset('signed out');
    void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of {0}: the token was removed.', new URL(origin).host));
  });

  registerCommand(services, CommandId.selectRepository, async (urlArg?: unknown) => {
    let url: string | undefined = typeof urlArg === 'string' ? urlArg : undefined;
    if (!url) {
      const current = zenodo.baseUrl();
      type Item = vscode.QuickPickItem & { url?: string };
      const items: Item[] = [
        { label: 'Zenodo', description: ZENODO_BASE_URL, url: ZENODO_BASE_URL },
        { label: vscode.l10n.t('Zenodo sandbox'), description: ZENODO_SANDBOX_URL, url: ZENODO_SANDBOX_URL, detail: vscode.l10n.t('For trying things out; its DOIs (10.5072) are not real.') },
        { label: vscode.l10n.t('Another InvenioRDM repository…'), description: vscode.l10n.t('Enter its address') },
      ];
      for (const i of items) if (i.url === current) i.label = `$(check) ${i.label}`;
      const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Zenodo: Choose Repository'), placeHolder: vscode.l10n.t('Current: {0}', current) });
      if (!pick) return;
      url = pick.url ?? await vscode.window.showInputBox({
        title: vscode.l10n.t('InvenioRDM repository address'),
        placeHolder: 'https://data.example.org',
        ignoreFocusOut: true,
        validateInput: (v) => {
          try {
            normaliseBaseUrl(v);
            return undefined;
          } catch (e) {
            return e instanceof Error ? e.message : String(e);
          }
        },
      });
      if (!url) return;
    }
    const normalised = normaliseBaseUrl(url);
    await vscode.workspace.getConfiguration('zenodo').update('baseUrl', normalised, vscode.ConfigurationTarget.Global);
  });

  return {
    showIn(list) {
      displays.push(...list);
      void refreshStatus();
    },
  };
}
