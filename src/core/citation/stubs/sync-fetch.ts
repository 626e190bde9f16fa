/**
 * Stands in for `sync-fetch` in the citation bundle (esbuild alias): citation-js 0.7 imports it to
 * fetch remote inputs synchronously (through a child process). We only ever hand citation-js
 * CSL-JSON, so any call is a bug: it throws instead of reaching the network.
 */
function syncFetch(): never {
  throw new Error('citation-js tried to fetch a resource; the extension hands it CSL-JSON only.');
}
syncFetch.Headers = class Headers {};
export default syncFetch;
