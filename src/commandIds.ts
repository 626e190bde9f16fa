/**
 * Every command id of the extension, as typed constants (the contract between features: the tree
 * calls the panel's and the citation commands by these ids). Record-taking commands accept a
 * `RecordArg` (src/util/args.ts). package.json declares each one; a manifest test checks both ways.
 */
export const CommandId = {
  // sidebar (src/sidebar)
  searchRecords: 'zenodo.searchRecords',
  searchInCommunity: 'zenodo.searchInCommunity',
  findCommunity: 'zenodo.findCommunity',
  copyDoi: 'zenodo.copyDoi',
  copyConceptDoi: 'zenodo.copyConceptDoi',
  openOnZenodo: 'zenodo.openOnZenodo',
  copyFileLink: 'zenodo.copyFileLink',
  downloadFile: 'zenodo.downloadFile',
  // panels (src/panels)
  openRecord: 'zenodo.openRecord',
  showStatistics: 'zenodo.showStatistics',
  // citations (src/citations)
  resolveLatest: 'zenodo.resolveLatest',
  insertCitation: 'zenodo.insertCitation',
  // checks (src/checks)
  updateCitationsInWorkspace: 'zenodo.updateCitationsInWorkspace',
  checkCitationsInWorkspace: 'zenodo.checkCitationsInWorkspace',
  // account (src/account)
  setToken: 'zenodo.setToken',
  signOut: 'zenodo.signOut',
  selectRepository: 'zenodo.selectRepository',
} as const;
export type CommandId = (typeof CommandId)[keyof typeof CommandId];
