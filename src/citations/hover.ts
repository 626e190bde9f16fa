/**
 * Hovering a Zenodo DOI or URL in any file: title, version, date, creators, whether it is the
 * latest (with the latest DOI when it is not), and links to open the details or insert a citation.
 * Cheap: nothing happens unless `referenceAt` finds a reference under the pointer, and the look-up
 * goes through the client's shared cache (the same batched path as the commands).
 */
import * as vscode from 'vscode';
import { referenceAt } from '../core/reference';
import { versionLabel } from '../core/citation/resolve';
import { CommandId } from '../commandIds';
import type { Services } from '../services';
import { lookupOne, problemMessage } from './resolve';

const t = vscode.l10n.t;

export class CitationHoverProvider implements vscode.HoverProvider {
  constructor(private readonly services: Services) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const line = doc.lineAt(pos.line).text;
    if (line.length > 10_000) return undefined;
    const client = await this.services.zenodo.client();
    const hit = referenceAt(line, pos.character, client.profile);
    if (!hit || token.isCancellationRequested) return undefined;
    const range = new vscode.Range(pos.line, hit.start, pos.line, hit.end);
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    try {
      const res = await lookupOne(this.services, line.slice(hit.start, hit.end), controller.signal);
      if (token.isCancellationRequested) return undefined;
      return new vscode.Hover(hoverMarkdown(res), range);
    } catch (e) {
      // Cancelled or the network failed: a hover is no place for an error dialog.
      this.services.log.debug(`[citations] hover: ${(e as Error).message}`);
      return undefined;
    } finally {
      sub.dispose();
    }
  }
}

function hoverMarkdown(res: Awaited<ReturnType<typeof lookupOne>>): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: [CommandId.openRecord, CommandId.insertCitation] };
  md.supportHtml = false;
  const problem = problemMessage(res);
  if (problem) {
    md.appendMarkdown('$(warning) ');
    md.appendText(problem);
    return md;
  }
  const rec = res.record!;
  const latest = res.latest ?? rec;
  md.appendMarkdown('**');
  md.appendText(rec.title);
  md.appendMarkdown('**\n\n');
  const creators = rec.creators.slice(0, 3).map((c) => c.name).join('; ') + (rec.creators.length > 3 ? ` ${t('et al.')}` : '');
  if (creators) {
    md.appendText(creators);
    md.appendMarkdown('\n\n');
  }
  md.appendText(`${rec.resourceType.title} · ${versionLabel(rec)}${rec.doi ? ` · ${rec.doi}` : ''}`);
  md.appendMarkdown('\n\n');
  if (res.status === 'concept') {
    md.appendMarkdown('$(versions) ');
    md.appendText(t('Concept DOI: always resolves to the newest version ({0}).', versionLabel(latest)));
  } else if (res.status === 'current') {
    md.appendMarkdown('$(pass) ');
    md.appendText(t('This is the latest version.'));
  } else {
    md.appendMarkdown('$(arrow-up) ');
    md.appendText(t('A newer version exists: {0} — {1}', versionLabel(latest), latest.doi ?? latest.id));
  }
  const arg = encodeURIComponent(JSON.stringify([{ recordId: rec.id }]));
  md.appendMarkdown(`\n\n[${t('Open Details')}](command:${CommandId.openRecord}?${arg}) · [${t('Insert Citation…')}](command:${CommandId.insertCitation}?${arg})`);
  return md;
}

export { hoverMarkdown };
