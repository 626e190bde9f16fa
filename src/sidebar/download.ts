/**
 * Download one record file into the workspace: progress with the bytes received, cancellable, the
 * md5 checksum Zenodo publishes checked before the file takes its final name (a partial or corrupt
 * download never lands under the real name). The token travels only to the repository's own origin
 * (redirects to another origin, e.g. object storage, drop it), never in the URL.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { CancelledError, NetworkError, TimeoutError, ZenodoError } from '../core/errors';
import type { FileEntry } from '../core/models';
import { mayCarryToken } from '../core/repository';
import { USER_AGENT } from '../core/version';
import type { Services } from '../services';
import { formatBytes, md5Of, safeRelativePath } from './model';

const MAX_REDIRECTS = 5;

export class ChecksumMismatchError extends ZenodoError {
  constructor(key: string, expected: string, actual: string) {
    super('malformed', vscode.l10n.t('The download of {0} is corrupt: its md5 is {1}, Zenodo lists {2}. Nothing was saved; try again.', key, actual, expected));
  }
}

/** Where to save: `<first workspace folder>/<file key>`, or a save dialog without a folder. */
async function target(file: FileEntry): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const rel = safeRelativePath(file.key);
  if (!folder) {
    if (vscode.env.uiKind === vscode.UIKind.Web) return undefined;
    return vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(rel.split('/').pop()!), title: vscode.l10n.t('Save {0}', file.key) });
  }
  const uri = vscode.Uri.joinPath(folder.uri, ...rel.split('/'));
  try {
    await vscode.workspace.fs.stat(uri);
    const overwrite = vscode.l10n.t('Overwrite');
    const saveAs = vscode.l10n.t('Save As…');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('{0} already exists in the workspace.', rel), { modal: true }, overwrite, saveAs);
    if (choice === overwrite) return uri;
    if (choice === saveAs) return vscode.window.showSaveDialog({ defaultUri: uri });
    return undefined;
  } catch {
    return uri;
  }
}

export async function downloadFile(services: Services, file: FileEntry): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder && vscode.env.uiKind === vscode.UIKind.Web) {
    const copy = vscode.l10n.t('Copy Download Link');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('There is no folder to download {0} into. Open a folder, or copy the download link.', file.key), copy);
    if (choice === copy) await vscode.env.clipboard.writeText(file.url);
    return undefined;
  }
  const uri = await target(file);
  if (!uri) return undefined;
  if (vscode.workspace.fs.isWritableFileSystem(uri.scheme) === false) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot write to {0}: that location is read-only.', uri.toString(true)));
    return undefined;
  }
  const expectedMd5 = md5Of(file.checksum);
  const done = await vscode.window.withProgress({
    location: vscode.ProgressLocation.Notification,
    title: vscode.l10n.t('Downloading {0}', file.key),
    cancellable: true,
  }, async (progress, cancel) => {
    const controller = new AbortController();
    const sub = cancel.onCancellationRequested(() => controller.abort());
    try {
      const res = await fetchFollowing(services, file.url, controller.signal);
      const total = Number(res.headers.get('content-length')) || file.size || 0;
      const hash = crypto.createHash('md5');
      const toFile = uri.scheme === 'file';
      const tmpPath = `${uri.fsPath}.zenodo-part`;
      if (toFile) await fs.promises.mkdir(vscode.Uri.joinPath(uri, '..').fsPath, { recursive: true });
      const out = toFile ? fs.createWriteStream(tmpPath) : undefined;
      const chunks: Uint8Array[] = [];
      let received = 0;
      let lastPct = 0;
      try {
        const reader = res.body!.getReader();
        for (;;) {
          const { done: end, value } = await reader.read();
          if (end) break;
          hash.update(value);
          received += value.byteLength;
          if (out) {
            if (!out.write(value)) await new Promise<void>((r) => out.once('drain', () => r()));
          } else {
            chunks.push(value);
          }
          const pct = total ? Math.min(100, (received / total) * 100) : 0;
          progress.report({ increment: pct - lastPct, message: total ? `${formatBytes(received)} / ${formatBytes(total)}` : formatBytes(received) });
          lastPct = pct;
        }
        if (out) await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
        const actual = hash.digest('hex');
        if (expectedMd5 && actual !== expectedMd5) throw new ChecksumMismatchError(file.key, expectedMd5, actual);
        if (out) await fs.promises.rename(tmpPath, uri.fsPath);
        else await vscode.workspace.fs.writeFile(uri, concat(chunks, received));
        services.log.info(`[sidebar] downloaded ${file.key} (${received} bytes, md5 ${expectedMd5 ? 'verified' : 'not published'})`);
        return { verified: !!expectedMd5 };
      } catch (e) {
        out?.destroy();
        if (out) await fs.promises.rm(tmpPath, { force: true });
        if (controller.signal.aborted) throw new CancelledError();
        throw e;
      }
    } catch (e) {
      if (controller.signal.aborted || (e instanceof Error && e.name === 'AbortError')) throw new CancelledError();
      if (e instanceof ZenodoError) throw e;
      throw new NetworkError(e instanceof Error ? e.message : String(e));
    } finally {
      sub.dispose();
    }
  });
  const open = vscode.l10n.t('Open');
  const msg = done.verified
    ? vscode.l10n.t('Downloaded {0} (md5 checksum verified).', file.key)
    : vscode.l10n.t('Downloaded {0} (the repository published no md5 checksum to verify).', file.key);
  void vscode.window.showInformationMessage(msg, open).then((c) => {
    if (c === open) void vscode.commands.executeCommand('vscode.open', uri);
  });
  return uri;
}

/** GET with manual redirects so the Authorization header stays on the repository's origin. */
async function fetchFollowing(services: Services, url: string, signal: AbortSignal): Promise<Response> {
  const origin = new URL(url).origin;
  const token = await services.tokens.get(new URL(services.zenodo.baseUrl()).origin);
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const headers: Record<string, string> = { 'User-Agent': USER_AGENT };
    if (token && new URL(current).origin === origin && origin === new URL(services.zenodo.baseUrl()).origin && mayCarryToken(current)) {
      headers.Authorization = `Bearer ${token}`;
    }
    let res = await fetchWithTimeout(current, headers, signal, services.zenodo.timeoutMs());
    if (res.type === 'opaqueredirect') {
      // In a browser (the web build) a manual redirect is opaque: let the browser follow it (it
      // drops the Authorization header on a cross-origin hop).
      res = await fetchWithTimeout(current, headers, signal, services.zenodo.timeoutMs(), 'follow');
    }
    if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
      await res.arrayBuffer().catch(() => undefined);
      current = new URL(res.headers.get('location')!, current).toString();
      continue;
    }
    if (!res.ok || !res.body) {
      await res.arrayBuffer().catch(() => undefined);
      if (res.status === 403) throw new ZenodoError('access-denied', vscode.l10n.t('The file is restricted: sign in with a token that may download it.'), { status: 403 });
      if (res.status === 404) throw new ZenodoError('not-found', vscode.l10n.t('The file was not found on the repository.'), { status: 404 });
      throw new ZenodoError('server-error', vscode.l10n.t('The download failed (HTTP {0}). Try again later.', res.status), { status: res.status, retryable: true });
    }
    return res;
  }
  throw new NetworkError('too many redirects');
}

/**
 * One GET whose answer must start within the request timeout (`zenodo.requestTimeoutSeconds`); the
 * body, once it flows, may take as long as it takes (progress shows it, and the person can cancel).
 */
async function fetchWithTimeout(url: string, headers: Record<string, string>, signal: AbortSignal, timeoutMs: number, redirect: RequestRedirect = 'manual'): Promise<Response> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  if (signal.aborted) throw new CancelledError();
  signal.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    return await fetch(url, { headers, redirect, signal: controller.signal });
  } catch (e) {
    signal.removeEventListener('abort', onAbort);
    if (signal.aborted) throw new CancelledError();
    if (timedOut) throw new TimeoutError(Math.round(timeoutMs / 1000));
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

function concat(chunks: Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}
