/** The `zenodo.checks.*` settings and the ids of this feature's own commands. */
import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { CITATION_POLICIES, CitationPolicy } from '../core/update';

export const CheckCommand = {
  updateCitationsInWorkspace: CommandId.updateCitationsInWorkspace,
  checkCitationsInWorkspace: CommandId.checkCitationsInWorkspace,
  /** CodeLens "Update to …": applies one fix to one reference (hidden from the palette). */
  applyFix: 'zenodo.checks.applyFix',
} as const;

export const CITATIONS_VIEW = 'zenodo.citations';

export function policy(): CitationPolicy {
  const p = vscode.workspace.getConfiguration('zenodo.checks').get<string>('policy', 'latest') as CitationPolicy;
  return CITATION_POLICIES.includes(p) ? p : 'latest';
}

export function severity(): vscode.DiagnosticSeverity {
  switch (vscode.workspace.getConfiguration('zenodo.checks').get<string>('severity', 'warning')) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'information':
      return vscode.DiagnosticSeverity.Information;
    case 'hint':
      return vscode.DiagnosticSeverity.Hint;
    default:
      return vscode.DiagnosticSeverity.Warning;
  }
}

/** Check documents automatically when they are opened, saved or edited (debounced). */
export function autoCheck(): boolean {
  return vscode.workspace.getConfiguration('zenodo.checks').get<boolean>('enabled', true);
}

export function codeLensEnabled(): boolean {
  return vscode.workspace.getConfiguration('zenodo.checks').get<boolean>('codeLens', true);
}
