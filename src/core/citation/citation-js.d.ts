// Just the parts of citation-js 0.7 we use (the packages ship no type declarations).
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown, options?: unknown);
    data: any[];
    format(format: string, options?: Record<string, unknown>): any;
  }
  export const plugins: {
    config: { get(name: string): any };
    input: any;
    output: any;
  };
}
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-csl';
