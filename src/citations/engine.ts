/**
 * The citation engine (citation-js, CSL styles, yaml) lives in its own bundle, dist/citation.js
 * (esbuild.mjs), `require`d on first use so that activation never loads it.
 */
import * as path from 'path';
import type * as Engine from '../core/citation/engine';
import type { Services } from '../services';

let engine: typeof Engine | undefined;

export function loadEngine(services: Services): typeof Engine {
  if (!engine) {
    const started = Date.now();
    // The web build has it inside (no files to require in a web worker): src/util/lazy.ts.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    engine = (ZENODO_WEB ? require('../core/citation/engine') : require(path.join(__dirname, 'citation.js'))) as typeof Engine;
    services.log.info(`[citations] engine loaded in ${Date.now() - started} ms`);
  }
  return engine;
}

/** Whether the engine has been loaded (tests check that activation does not load it). */
export function engineLoaded(): boolean {
  return engine !== undefined;
}
