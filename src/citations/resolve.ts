/**
 * "Zenodo: Resolve Latest Version DOI": which version a reference names, which is the latest, and
 * — on request — the reference replaced in place (one edit, only if the document did not change
 * meanwhile), copied, or opened. A deleted record says why and offers its citation text; a concept
 * DOI says it always resolves to the newest version. One batched look-up (lookupReferences) per run.
 */
import * as vscode from 'vscode';
import type { LookupResult } from '../core/client';
import { describeError, ZenodoError } from '../core/errors';
import { replacementFor, versionLabel } from '../core/citation/resolve';
import { CommandId } from '../commandIds';
import type { Services } from '../services';
import { tell } from './notify';
import { askReference, referenceFromArg, referenceInEditor, ReferenceSource } from '../util/editorReference';

const t = vscode.l10n.t;

export type ResolveAction = 'replace' | 'copy' | 'open' | 'copyCitation' | 'none';

export interface ResolveOptions {
  /** Skip the question: what to do with the answer (tests, other features). */
  action?: ResolveAction;
}

export interface ResolveOutcome {
  status: LookupResult['status'];
  message: string;
  latestDoi?: string;
  latestId?: string;
  /** What was done: replaced in the document, copied, opened, or nothing. */
  done: 'replaced' | 'copied' | 'opened' | 'nothing' | 'document-changed';
}

/** One reference through the client's batched look-up (cached; never throws for the reference's own state). */
export async function lookupOne(services: Services, ref: string, signal?: AbortSignal): Promise<LookupResult> {
  const client = await services.zenodo.client();
  try {
    const [res] = await client.lookupReferences([ref], { maxDetailLookups: 1, signal });
    return res;
  } catch (e) {
    // The repository could not be asked (network, rate limit, server error): a result like any other.
    if (!(e instanceof ZenodoError) || e.kind === 'cancelled') throw e;
    return { input: ref, status: 'error', error: e };
  }
}

/** A sentence about a look-up result that is not a usable record (or undefined when it is one). */
export function problemMessage(res: LookupResult): string | undefined {
  switch (res.status) {
    case 'invalid':
      return describeError(res.error);
    case 'deleted': {
      const ts = res.tombstone;
      const why = ts?.reason ? t('reason: {0}', ts.reason) : t('no reason given');
      const note = ts?.note ? ` — ${ts.note}` : '';
      return t('“{0}” was deleted from the repository ({1}){2}.', res.input, why, note);
    }
    case 'restricted':
      return t('“{0}” is restricted: its metadata is not visible without an access token that may see it.', res.input);
    case 'not-found':
      return t('“{0}” was not found on the repository.', res.input);
    case 'error':
      return describeError(res.error);
    default:
      return undefined;
  }
}

export function resolveLatestHandler(services: Services): (arg?: unknown, options?: ResolveOptions) => Promise<ResolveOutcome | undefined> {
  return async (arg?: unknown, options: ResolveOptions = {}) => {
    const client = await services.zenodo.client();
    const fromArg = referenceFromArg(arg);
    const source: ReferenceSource | undefined = fromArg ? { ref: fromArg } : referenceInEditor(vscode.window.activeTextEditor, client.profile);
    const ref = source?.ref ?? (await askReference(client.profile, t('Resolve the latest version of a Zenodo reference')));
    if (!ref) return undefined;
    const res = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: t('Zenodo: resolving {0}…', ref) },
      () => lookupOne(services, ref),
    );
    const problem = problemMessage(res);
    if (problem) {
      if (res.status === 'deleted' && res.tombstone?.citationText) {
        const copyCitation = t('Copy Citation Text');
        const picked = options.action ? (options.action === 'copyCitation' ? copyCitation : undefined) : await tell(services, 'warning', problem, copyCitation);
        if (options.action) await tell(services, 'warning', problem);
        if (picked === copyCitation) {
          await vscode.env.clipboard.writeText(res.tombstone.citationText);
          return { status: res.status, message: problem, done: 'copied' };
        }
        return { status: res.status, message: problem, done: 'nothing' };
      }
      await tell(services, res.status === 'deleted' ? 'warning' : 'error', problem);
      return { status: res.status, message: problem, done: 'nothing' };
    }
    const latest = res.latest ?? res.record!;
    const given = res.record;
    const latestDoi = latest.doi;
    let message: string;
    if (res.status === 'concept') {
      message = t('“{0}” is the concept DOI of “{1}”: it always resolves to the newest version. The latest is {2} ({3}).', ref, latest.title, versionLabel(latest), latestDoi ?? latest.id);
    } else if (res.status === 'current') {
      message = t('“{0}” is the latest version of “{1}” ({2}).', ref, latest.title, versionLabel(latest));
    } else {
      message = t('“{0}” is version {1} of “{2}”; the latest is {3}: {4}.', ref, versionLabel(given!), latest.title, versionLabel(latest), latestDoi ?? latest.id);
    }
    const replacement = source?.document && source.range ? replacementFor(source.ref, given, latest) : undefined;
    const canReplace = !!replacement && replacement !== source?.ref;
    const REPLACE = t('Replace with Latest');
    const COPY = latestDoi ? t('Copy Latest DOI') : t('Copy Latest Link');
    const OPEN = t('Open Details');
    const actions = [...(canReplace ? [REPLACE] : []), COPY, OPEN];
    let picked: string | undefined;
    if (options.action) {
      await tell(services, 'info', message);
      picked = { replace: REPLACE, copy: COPY, open: OPEN, copyCitation: undefined, none: undefined }[options.action];
    } else {
      picked = await tell(services, 'info', message, ...actions);
    }
    const base = { status: res.status, message, latestDoi, latestId: latest.id };
    if (picked === REPLACE && canReplace && source?.document && source.range) {
      const doc = source.document;
      if (doc.version !== source.version || doc.getText(source.range) !== source.ref) {
        const changed = t('The document changed while the reference was being resolved; nothing was replaced. Run the command again.');
        await tell(services, 'warning', changed);
        return { ...base, done: 'document-changed' };
      }
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, source.range, replacement!);
      const ok = await vscode.workspace.applyEdit(edit);
      return { ...base, done: ok ? 'replaced' : 'nothing' };
    }
    if (picked === COPY) {
      await vscode.env.clipboard.writeText(latestDoi ?? latest.links.html ?? latest.id);
      return { ...base, done: 'copied' };
    }
    if (picked === OPEN) {
      await vscode.commands.executeCommand(CommandId.openRecord, { recordId: latest.id });
      return { ...base, done: 'opened' };
    }
    return { ...base, done: 'nothing' };
  };
}
