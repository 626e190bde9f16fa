// Types of scripts/readme-tables.mjs for the TypeScript tests.
export interface Manifest {
  pkg: any;
  nls: Record<string, string>;
  t: (s: unknown) => unknown;
}
export declare function loadManifest(repo?: string): Manifest;
export declare function commandsTable(manifest?: Manifest): string;
export declare function settingsTable(manifest?: Manifest): string;
export declare function renderReadme(text: string, manifest?: Manifest): string;
