// Local Zenodo-compatible server (InvenioRDM era) for unit tests, integration tests, the benchmark
// and offline work. See README.md in this folder.

export { startZenodoServer, negotiate, defaultFixturesDir, DEFAULT_TOKENS } from './server';
export type { ZenodoServer, ZenodoServerOptions, RecordedRequest } from './server';
export type { Fault, FaultController, FaultKind, FaultCommon } from './faults';
export { Corpus, buildCorpus } from './corpus';
export type { CorpusSummary } from './corpus';
export type { CorpusRecord, Concept, Community, NotableIds, FileEntry, Creator, Tombstone } from './model';
export type { RateLimitConfig } from './ratelimit';
export { DEFAULT_RATE_LIMITS } from './ratelimit';
