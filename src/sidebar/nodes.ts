/**
 * The sidebar's tree elements: one discriminated union, each kind with its own `contextValue`
 * (menus target `viewItem`). Pure data (no `vscode`), so node-building logic stays testable.
 * Record-bearing nodes carry `record` and `recordId`, which is the `RecordArg` convention
 * (src/util/args.ts): the other features' commands accept a node as their argument.
 */
import type { AggregationBucket, Community, FileEntry, ZenodoRecord } from '../core/models';

interface Base {
  /** Unique in its tree: the parent's id plus this node's own key. */
  id: string;
  parent?: SidebarNode;
}

export type MessageTone = 'info' | 'empty' | 'error' | 'rate-limited' | 'offline' | 'window' | 'cancelled';

export type SidebarNode =
  | Base & { kind: 'record'; record: ZenodoRecord; recordId: string }
  | Base & { kind: 'version'; record: ZenodoRecord; recordId: string }
  | Base & { kind: 'versions'; record: ZenodoRecord; recordId: string }
  | Base & { kind: 'file'; record: ZenodoRecord; recordId: string; file: FileEntry }
  | Base & { kind: 'community'; community: Community; slug: string }
  | Base & { kind: 'refine'; view: 'search' | 'communities'; active: number }
  | Base & { kind: 'facet'; view: 'search' | 'communities'; facet: string; buckets: AggregationBucket[] }
  | Base & { kind: 'facetValue'; view: 'search' | 'communities'; facet: string; value: string; label: string; count?: number; selected: boolean; children: AggregationBucket[] }
  | Base & { kind: 'loadMore'; listKey: string; shown: number; total: number }
  | Base & { kind: 'message'; tone: MessageTone; text: string; detail?: string; retryListKey?: string };

export type NodeKind = SidebarNode['kind'];

/** The `contextValue` of a node: its kind, then flags menus test with `viewItem =~ /…/`. */
export function contextValueOf(n: SidebarNode): string {
  switch (n.kind) {
    case 'record':
    case 'version': {
      const flags: string[] = [n.kind];
      if (n.record.doi) flags.push('doi');
      if (n.record.conceptDoi) flags.push('conceptDoi');
      if (n.kind === 'version' && n.record.isLatest) flags.push('latest');
      return flags.join('.');
    }
    case 'message':
      return n.retryListKey ? 'message.retry' : 'message';
    case 'facetValue':
      return n.selected ? 'facetValue.selected' : 'facetValue';
    default:
      return n.kind;
  }
}

/** The record a node is about, when it is about one. */
export function recordOf(n: SidebarNode | undefined): ZenodoRecord | undefined {
  if (!n) return undefined;
  return n.kind === 'record' || n.kind === 'version' || n.kind === 'versions' || n.kind === 'file' ? n.record : undefined;
}
