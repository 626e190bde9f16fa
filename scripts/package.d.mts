// Types of scripts/package.mjs for the TypeScript tests.
export declare const REPO: string;
export declare function zipEntries(file: string): { name: string; size: number; compressedSize: number; method: number; offset: number }[];
export declare function zipRead(file: string, name: string): Buffer | null;
export declare function packageExtension(opts?: { out?: string; log?: (line: string) => void }): {
  vsix: string;
  bytes: number;
  files: string[];
  seconds: number;
};
