/** The panels' words, localised on the extension side and sent to the page with each view. */
import * as vscode from 'vscode';
import type { Labels } from './protocol';

export function labels(): Labels {
  const t = vscode.l10n.t;
  return {
    loading: t('Loading…'),
    retry: t('Retry'),
    error: t('Could not show this record'),
    copy: t('Copy'),
    copied: t('Copied'),
    copyDoi: t('Copy DOI'),
    copyConceptDoi: t('Copy concept DOI'),
    openOnRepository: t('Open on the repository'),
    statistics: t('Statistics'),
    creators: t('Creators'),
    contributors: t('Contributors'),
    published: t('Published'),
    version: t('Version'),
    latest: t('latest'),
    isLatest: t('This is the latest version.'),
    notLatest: t('A newer version exists:'),
    openLatest: t('Open the latest version'),
    versionOf: t('version'),
    doi: t('DOI'),
    conceptDoi: t('Concept DOI (all versions)'),
    resourceType: t('Resource type'),
    access: t('Access'),
    accessOpen: t('Open access'),
    accessEmbargoed: t('Embargoed'),
    accessRestricted: t('Restricted'),
    accessMetadataOnly: t('Metadata only'),
    embargoUntil: t('Embargoed until'),
    license: t('License'),
    keywords: t('Keywords and subjects'),
    languages: t('Languages'),
    publisher: t('Publisher'),
    communities: t('Communities'),
    related: t('Related identifiers'),
    funding: t('Funding'),
    description: t('Description'),
    files: t('Files'),
    fileName: t('Name'),
    fileSize: t('Size'),
    fileType: t('Type'),
    checksum: t('Checksum'),
    download: t('Download'),
    noFiles: t('No files.'),
    filesRestricted: t('The files of this record are restricted.'),
    filesEmbargoed: t('The files are under embargo.'),
    filesMetadataOnly: t('This record has metadata only, no files.'),
    filesNone: t('This record has no files.'),
    filesTruncated: t('Only the first files are listed; open the record on the repository for all of them.'),
    versions: t('Versions'),
    showMoreVersions: t('Show more versions'),
    current: t('this version'),
    citation: t('Cite'),
    style: t('Style'),
    insertCitation: t('Insert into editor'),
    copyCitation: t('Copy citation'),
    views: t('Views'),
    uniqueViews: t('Unique views'),
    downloads: t('Downloads'),
    uniqueDownloads: t('Unique downloads'),
    dataVolume: t('Data volume'),
    thisVersion: t('This version'),
    allVersions: t('All versions'),
    uniqueExplained: t('Total counts every view or download. Unique counts each visitor once per hour and record (repeated clicks, reloads and robots are not counted again).'),
    fetchedAt: t('Figures fetched'),
    reindexNote: t('Zenodo updates its statistics about every 6 hours.'),
    chartTitle: t('Views and downloads of each version'),
    chartEmpty: t('No version figures to chart.'),
    versionsShown: t('versions'),
    refresh: t('Refresh'),
    openRecord: t('Open record'),
    orcid: t('ORCID'),
    ror: t('ROR'),
    notSet: t('—'),
  };
}

/**
 * A DataCite relation as the record panel shows it, localised: viewModel.relationLabel gives the
 * English words (the view model stays free of vscode), this turns them into the display language.
 */
export function relationText(english: string): string {
  const t = vscode.l10n.t;
  const table: Record<string, string> = {
    'Cites': t('Cites'), 'Is cited by': t('Is cited by'), 'References': t('References'), 'Is referenced by': t('Is referenced by'),
    'Is supplement to': t('Is supplement to'), 'Is supplemented by': t('Is supplemented by'), 'Continues': t('Continues'),
    'Is continued by': t('Is continued by'), 'Is new version of': t('Is new version of'), 'Is previous version of': t('Is previous version of'),
    'Is version of': t('Is version of'), 'Has version': t('Has version'), 'Is part of': t('Is part of'), 'Has part': t('Has part'),
    'Is published in': t('Is published in'), 'Is documented by': t('Is documented by'), 'Documents': t('Documents'),
    'Is compiled by': t('Is compiled by'), 'Compiles': t('Compiles'), 'Is derived from': t('Is derived from'), 'Is source of': t('Is source of'),
    'Is identical to': t('Is identical to'), 'Is described by': t('Is described by'), 'Describes': t('Describes'), 'Requires': t('Requires'),
    'Is required by': t('Is required by'), 'Reviews': t('Reviews'), 'Is reviewed by': t('Is reviewed by'), 'Obsoletes': t('Obsoletes'),
    'Is obsoleted by': t('Is obsoleted by'), 'Collects': t('Collects'), 'Is collected by': t('Is collected by'),
    'Has metadata': t('Has metadata'), 'Is metadata for': t('Is metadata for'),
  };
  return table[english] ?? english;
}
