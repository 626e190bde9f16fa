// Issue 8: the access token in SecretStorage, the repository setting, and a log without secrets.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ZenodoServer } from '../zenodo-server';
import { extensionApi, resetBaseUrl, startLocalZenodo, useLocalZenodo, waitFor } from './support';

const TOKEN = 'test-token-123';

describe('account: token and repository', function () {
  this.timeout(60_000);
  let server: ZenodoServer;
  let other: ZenodoServer;

  before(async () => {
    other = await startLocalZenodo();
    server = await useLocalZenodo();
  });
  after(async () => {
    await vscode.commands.executeCommand('zenodo.signOut');
    await resetBaseUrl();
    await server?.close();
    await other?.close();
  });

  it('checks a wrong token with one request, says so clearly and does not store it', async () => {
    const api = await extensionApi();
    server.resetRequests();
    const stored = await vscode.commands.executeCommand('zenodo.setToken', 'wrong-token-xyz');
    assert.strictEqual(stored, false);
    assert.strictEqual(server.requests.length, 1);
    assert.strictEqual(await api.services.tokens.get(new URL(server.url).origin), undefined);
  });

  it('stores a good token in SecretStorage only, and sends it as a Bearer header to its own origin', async () => {
    const api = await extensionApi();
    const stored = await vscode.commands.executeCommand('zenodo.setToken', TOKEN);
    assert.strictEqual(stored, true);
    assert.strictEqual(await api.services.tokens.get(new URL(server.url).origin), TOKEN);
    // Not in any setting.
    const settings = JSON.stringify(vscode.workspace.getConfiguration('zenodo'));
    assert.ok(!settings.includes(TOKEN), 'the token is in the settings');
    assert.ok(!JSON.stringify(api.services.context.globalState.keys().map((k) => api.services.context.globalState.get(k))).includes(TOKEN));
    server.resetRequests();
    const client = await api.services.zenodo.client();
    assert.strictEqual(client.authenticated, true);
    assert.strictEqual(client.maxPageSize, 100);
    const res = await client.searchRecords({ size: 100 });
    assert.strictEqual(res.hits.length, 100);
    const seen = server.requests.at(-1)!;
    assert.strictEqual(seen.headers.authorization, `Bearer ${TOKEN}`);
    assert.ok(!seen.path.includes(TOKEN) && !JSON.stringify(seen.query).includes(TOKEN), 'no token in the URL');
    // The sidebar shows who is signed in to which repository.
    await waitFor('the sidebar to say "signed in"', () => api.sidebar.search.idleDescription?.includes('signed in'));
    assert.ok(api.sidebar.search.idleDescription!.includes(new URL(server.url).host));
    // The restricted record the owner may see.
    const restricted = await client.getRecord(server.corpus.notable.restricted);
    assert.strictEqual(restricted.id, server.corpus.notable.restricted);
  });

  it('rotates the token: the next request carries the new one', async () => {
    const api = await extensionApi();
    await api.services.tokens.set(new URL(server.url).origin, 'test-token-456');
    // SecretStorage's change event rebuilds the client.
    await waitFor('the client to carry the rotated token', async () => {
      server.resetRequests();
      const c = await api.services.zenodo.client();
      await c.getRecord(server.corpus.notable.dataset).catch(() => undefined);
      return server.requests.at(-1)?.headers.authorization === 'Bearer test-token-456';
    });
    await api.services.tokens.set(new URL(server.url).origin, TOKEN);
  });

  it('never sends the token to another origin: switching zenodo.baseUrl switches tokens and refreshes', async () => {
    const api = await extensionApi();
    let changed = 0;
    const sub = api.services.zenodo.onDidChange(() => changed++);
    await vscode.workspace.getConfiguration('zenodo').update('baseUrl', other.url, vscode.ConfigurationTarget.Global);
    await waitFor('the service to notice the new repository', () => changed > 0);
    sub.dispose();
    const client = await api.services.zenodo.client();
    assert.strictEqual(client.baseUrl, other.url);
    assert.strictEqual(client.authenticated, false);
    other.resetRequests();
    await client.getRecord(other.corpus.notable.dataset);
    assert.strictEqual(other.requests.at(-1)!.headers.authorization, undefined);
    await vscode.workspace.getConfiguration('zenodo').update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await waitFor('the first repository again', async () => (await api.services.zenodo.client()).baseUrl === server.url);
  });

  it('writes no token, and no Authorization header, to the log', async () => {
    const api = await extensionApi();
    const client = await api.services.zenodo.client();
    await client.searchRecords({ q: 'climate' });
    api.services.log.info(`a careless line with ${TOKEN} and Bearer ${TOKEN}`);
    const all = api.services.logHistory.join('\n');
    assert.ok(all.includes('[http] GET /api/records'), 'requests are logged');
    assert.ok(!all.includes(TOKEN), 'the token reached the log');
  });

  it('signs out: the token is removed and requests go without it', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('zenodo.signOut');
    assert.strictEqual(await api.services.tokens.get(new URL(server.url).origin), undefined);
    const client = await api.services.zenodo.client();
    assert.strictEqual(client.authenticated, false);
    server.resetRequests();
    await client.getRecord(server.corpus.notable.dataset);
    assert.strictEqual(server.requests.at(-1)!.headers.authorization, undefined);
    await waitFor('the sidebar to drop "signed in"', () => api.sidebar.search.idleDescription === new URL(server.url).host);
  });

  it('resolves another instance\'s DOIs by id under its configured prefix (zenodo.doiPrefixes)', async () => {
    const api = await extensionApi();
    await vscode.workspace.getConfiguration('zenodo').update('doiPrefixes', ['10.9999/rdm.'], vscode.ConfigurationTarget.Global);
    try {
      const client = await waitFor('the rebuilt client', async () => {
        const c = await api.services.zenodo.client();
        return c.profile.recordDoiPrefixes.includes('10.9999/rdm.') ? c : undefined;
      });
      assert.strictEqual(client.parse('10.9999/rdm.4924875').id, '4924875');
    } finally {
      await vscode.workspace.getConfiguration('zenodo').update('doiPrefixes', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
