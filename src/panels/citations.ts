/**
 * The citation box's formatter backed by the citations feature's engine (citation-js, CSL styles:
 * src/core/citation/, loaded from its own bundle on first use by src/citations/engine.ts). The
 * panel falls back to its own plain string (viewModel.plainCitation) if the engine cannot load.
 */
import { loadEngine } from '../citations/engine';
import { citable } from '../core/citation/model';
import type { ZenodoRecord } from '../core/models';
import type { Services } from '../services';
import type { CitationStyle } from './protocol';
import { CitationFormatter, plainCitation } from './viewModel';

const STYLES: CitationStyle[] = [
  { id: 'apa', label: 'APA' },
  { id: 'bibtex', label: 'BibTeX' },
  { id: 'biblatex', label: 'BibLaTeX' },
  { id: 'ieee', label: 'IEEE' },
  { id: 'chicago-author-date', label: 'Chicago (author-date)' },
  { id: 'harvard-cite-them-right', label: 'Harvard' },
  { id: 'vancouver', label: 'Vancouver' },
  { id: 'plain', label: 'Plain (Author (year). Title. Version. Publisher. DOI)' },
];

export function isBibStyle(style: string): style is 'bibtex' | 'biblatex' {
  return style === 'bibtex' || style === 'biblatex';
}

/** What `zenodo.insertCitation` should be told for a style picked in the panel. */
export function insertOptions(recordId: string, style: string): Record<string, string> {
  if (isBibStyle(style)) return { recordId, version: 'this', format: style };
  if (style === 'plain') return { recordId, version: 'this' };
  return { recordId, version: 'this', format: 'text', style };
}

export function engineCitationFormatter(services: Services): CitationFormatter {
  return {
    styles: STYLES,
    format(record: ZenodoRecord, style: string): string {
      if (style === 'plain') return plainCitation(record);
      const engine = loadEngine(services);
      const c = citable(record, undefined, 'this');
      return (isBibStyle(style) ? engine.render(c, style) : engine.render(c, 'text', { style })).trim();
    },
  };
}
