/**
 * zenodo-cite's citation commands (registered in main.ts's COMMANDS table):
 *   zenodo-cite bibtex <ref> [--version this|latest|all] [--biblatex] [--key-pattern P]
 *   zenodo-cite cff <ref> [--version …] [--reference]
 *   zenodo-cite cite <ref> [--style <csl id>] [--version …] [--json (CSL-JSON)]
 * Standard output carries only the citation; messages go to standard error.
 */
import type { ZenodoClient } from '../core/client';
import { InvalidRequestError } from '../core/errors';
import { render, AVAILABLE_STYLES } from '../core/citation/engine';
import { citable, Citable, CiteVersion, CITE_VERSIONS } from '../core/citation/model';

interface CiteIO { out(s: string): void; err(s: string): void }

interface CiteCommand {
  usage: string;
  summary: string;
  flags: Record<string, { type: 'string' | 'boolean' }>;
  positionals: number;
  run(client: ZenodoClient, pos: string[], v: Record<string, any>, io: CiteIO): Promise<void>;
}

const VERSION_FLAG = { version: { type: 'string' } } as const;

/** The record to cite, resolved through the batched look-up (one path with the extension). */
async function resolveCitable(client: ZenodoClient, ref: string, versionFlag: string | undefined): Promise<Citable> {
  if (versionFlag !== undefined && !(CITE_VERSIONS as readonly string[]).includes(versionFlag)) {
    throw new InvalidRequestError(`--version must be this, latest or all, not "${versionFlag}".`);
  }
  const [res] = await client.lookupReferences([ref], { maxDetailLookups: 1 });
  if (res.error || !res.record) throw res.error ?? new InvalidRequestError(`"${ref}" could not be resolved.`);
  const version = (versionFlag as CiteVersion | undefined) ?? (res.status === 'concept' ? 'all' : 'this');
  return citable(res.record, res.latest, version);
}

function trimEnd(s: string): string {
  return s.replace(/\s+$/, '');
}

export const CITE_COMMANDS: Record<string, CiteCommand> = {
  bibtex: {
    usage: 'bibtex <ref> [--version this|latest|all] [--biblatex] [--key-pattern PATTERN]',
    summary: 'Print a BibTeX (or BibLaTeX) entry for a record.',
    flags: { ...VERSION_FLAG, biblatex: { type: 'boolean' }, 'key-pattern': { type: 'string' } },
    positionals: 1,
    async run(c, [ref], v, io) {
      const cit = await resolveCitable(c, ref, v.version);
      io.out(trimEnd(render(cit, v.biblatex ? 'biblatex' : 'bibtex', { keyPattern: v['key-pattern'] })));
    },
  },
  cff: {
    usage: 'cff <ref> [--version this|latest|all] [--reference]',
    summary: 'Print a CITATION.cff (cff-version 1.2.0) for a record, or with --reference a references: entry.',
    flags: { ...VERSION_FLAG, reference: { type: 'boolean' } },
    positionals: 1,
    async run(c, [ref], v, io) {
      const cit = await resolveCitable(c, ref, v.version);
      io.out(trimEnd(render(cit, v.reference ? 'cff-reference' : 'cff')));
    },
  },
  cite: {
    usage: `cite <ref> [--style ${AVAILABLE_STYLES.join('|')}] [--version this|latest|all] [--json]`,
    summary: 'Print a formatted reference in a CSL style (default apa); --json prints CSL-JSON.',
    flags: { ...VERSION_FLAG, style: { type: 'string' } },
    positionals: 1,
    async run(c, [ref], v, io) {
      const style = v.style ?? 'apa';
      if (!AVAILABLE_STYLES.includes(style)) throw new InvalidRequestError(`The citation style "${style}" is not available. Use one of: ${AVAILABLE_STYLES.join(', ')}.`);
      const cit = await resolveCitable(c, ref, v.version);
      io.out(trimEnd(render(cit, v.json ? 'csl-json' : 'text', { style })));
    },
  },
};
