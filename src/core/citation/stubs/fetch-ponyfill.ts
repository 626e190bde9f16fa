/**
 * Stands in for `fetch-ponyfill` in the citation bundle (esbuild alias): citation-js 0.7 builds its
 * async fetch from it. We never give citation-js anything to fetch, so its fetch refuses.
 */
export default function fetchPonyfill(): { fetch: () => Promise<never>; Headers: typeof Headers } {
  return {
    fetch: () => Promise.reject(new Error('citation-js tried to fetch a resource; the extension hands it CSL-JSON only.')),
    Headers,
  };
}
