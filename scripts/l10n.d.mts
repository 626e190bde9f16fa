// Types of scripts/l10n.mjs for the TypeScript tests.
export type BundleEntry = string | { message: string; comment: string[] };
export declare function collectMessages(): Map<string, BundleEntry>;
export declare function buildBundle(): Record<string, BundleEntry>;
