/**
 * The argument conventions of every command that takes a record, so the tree, the QuickPicks, the
 * panels, CodeLens and hovers can call each other's commands:
 *   a reference string ("10.5281/zenodo.123", "123", a URL) · `{ recordId: string }` ·
 *   `{ record: ZenodoRecord }` (a tree node or a panel's model) · nothing (the command asks or uses
 *   the editor's selection / the reference under the cursor).
 */
import type { ZenodoRecord } from '../core/models';

export type RecordArg = string | { recordId: string } | { record: Pick<ZenodoRecord, 'id'> } | undefined;

export function recordRefFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.trim()) return arg.trim();
  if (arg && typeof arg === 'object') {
    const o = arg as { recordId?: unknown; record?: { id?: unknown } };
    if (typeof o.recordId === 'string') return o.recordId;
    if (o.record && typeof o.record.id === 'string') return o.record.id;
  }
  return undefined;
}
