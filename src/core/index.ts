/** The editor-free core, shared by the extension, the zenodo-cite CLI and the tests. */
export * from './errors';
export * from './models';
export * from './reference';
export * from './repository';
export * from './scheduler';
export * from './client';
export * from './html';
export * from './version';
export * from './account';
