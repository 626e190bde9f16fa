/** The `zenodo.citation.*` settings, read when a command runs. */
import * as vscode from 'vscode';
import { CITATION_STYLES, CiteVersion, DEFAULT_KEY_PATTERN } from '../core/citation/model';

export type VersionSetting = CiteVersion | 'ask';
export type MarkdownSetting = 'auto' | 'pandoc' | 'reference';

export interface CitationSettings {
  defaultVersion: VersionSetting;
  style: string;
  keyPattern: string;
  bibFormat: 'bibtex' | 'biblatex';
  markdown: MarkdownSetting;
}

export function citationSettings(scope?: vscode.Uri): CitationSettings {
  const c = vscode.workspace.getConfiguration('zenodo.citation', scope);
  const pick = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const v = c.get<string>(key);
    return allowed.includes(v as T) ? (v as T) : fallback;
  };
  return {
    defaultVersion: pick<VersionSetting>('defaultVersion', ['ask', 'this', 'latest', 'all'], 'ask'),
    style: c.get<string>('style') || CITATION_STYLES[0],
    keyPattern: c.get<string>('keyPattern') || DEFAULT_KEY_PATTERN,
    bibFormat: pick<'bibtex' | 'biblatex'>('bibFormat', ['bibtex', 'biblatex'], 'bibtex'),
    markdown: pick<MarkdownSetting>('markdown', ['auto', 'pandoc', 'reference'], 'auto'),
  };
}
