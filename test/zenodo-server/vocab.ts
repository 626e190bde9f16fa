// Vocabularies for the generated corpus: resource types (InvenioRDM ids and labels), licenses,
// people, topics and keywords.

export const RESOURCE_TYPES: Record<string, { en: string; de: string }> = {
  publication: { en: 'Publication', de: 'Publikation' },
  'publication-article': { en: 'Journal article', de: 'Zeitschriftenartikel' },
  'publication-preprint': { en: 'Preprint', de: 'Preprint' },
  'publication-report': { en: 'Report', de: 'Bericht' },
  'publication-conferencepaper': { en: 'Conference paper', de: 'Konferenzbeitrag' },
  'publication-deliverable': { en: 'Project deliverable', de: 'Projektergebnis' },
  'publication-thesis': { en: 'Thesis', de: 'Abschlussarbeit' },
  'publication-book': { en: 'Book', de: 'Buch' },
  dataset: { en: 'Dataset', de: 'Datensatz' },
  software: { en: 'Software', de: 'Software' },
  'software-computationalnotebook': { en: 'Computational notebook', de: 'Computational Notebook' },
  poster: { en: 'Poster', de: 'Poster' },
  presentation: { en: 'Presentation', de: 'Präsentation' },
  image: { en: 'Image', de: 'Bild' },
  'image-figure': { en: 'Figure', de: 'Abbildung' },
  'image-photo': { en: 'Photo', de: 'Foto' },
  video: { en: 'Video/Audio', de: 'Video/Audio' },
  lesson: { en: 'Lesson', de: 'Lehrmaterial' },
  model: { en: 'Model', de: 'Modell' },
  workflow: { en: 'Workflow', de: 'Workflow' },
  other: { en: 'Other', de: 'Sonstiges' },
};

export const RESOURCE_TYPE_WEIGHTS: readonly (readonly [string, number])[] = [
  ['publication-article', 22],
  ['dataset', 20],
  ['software', 14],
  ['publication-preprint', 6],
  ['publication-report', 5],
  ['publication-conferencepaper', 5],
  ['publication-deliverable', 3],
  ['publication-thesis', 2],
  ['poster', 5],
  ['presentation', 6],
  ['image-figure', 3],
  ['image-photo', 2],
  ['video', 2],
  ['lesson', 2],
  ['model', 2],
  ['workflow', 1],
  ['software-computationalnotebook', 1],
  ['other', 2],
];

export const LICENSES: Record<string, { title: string; url: string }> = {
  'cc-by-4.0': { title: 'Creative Commons Attribution 4.0 International', url: 'https://creativecommons.org/licenses/by/4.0/legalcode' },
  'cc0-1.0': { title: 'Creative Commons Zero v1.0 Universal', url: 'https://creativecommons.org/publicdomain/zero/1.0/legalcode' },
  'cc-by-sa-4.0': { title: 'Creative Commons Attribution Share Alike 4.0 International', url: 'https://creativecommons.org/licenses/by-sa/4.0/legalcode' },
  mit: { title: 'MIT License', url: 'https://opensource.org/licenses/MIT' },
  'apache-2.0': { title: 'Apache License 2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
  'bsd-3-clause': { title: 'BSD 3-Clause "New" or "Revised" License', url: 'https://opensource.org/licenses/BSD-3-Clause' },
  'gpl-3.0-or-later': { title: 'GNU General Public License v3.0 or later', url: 'https://www.gnu.org/licenses/gpl-3.0-standalone.html' },
};

export const PEOPLE: readonly (readonly [string, string, string?])[] = [
  ['Maria', 'García'], ['Wei', 'Zhang', '0000-0002-1825-0097'], ['Amara', 'Okafor'], ['Lars', 'Johansson', '0000-0001-5109-3700'],
  ['Priya', 'Sharma'], ['Jonas', 'Becker', '0000-0003-1419-2405'], ['Sofia', 'Rossi'], ['Kenji', 'Tanaka'],
  ['Fatima', 'Haddad', '0000-0002-7970-7855'], ['Liam', "O'Connor"], ['Ana', 'Silva'], ['Mateus', 'Pereira', '0000-0001-9876-5432'],
  ['Olga', 'Ivanova'], ['Tomasz', 'Nowak'], ['Chloé', 'Dubois', '0000-0003-0000-0001'], ['Ahmed', 'Mansour'],
  ['Grace', 'Kim'], ['Noah', 'Müller'], ['Aisha', 'Bello', '0000-0002-4444-1212'], ['Diego', 'Hernández'],
  ['Emma', 'Lindqvist'], ['Rahul', 'Gupta', '0000-0001-2345-6789'], ['Yuki', 'Sato'], ['Hannah', 'Schmidt'],
  ['Pedro', 'Alves'], ['Ingrid', 'Nilsen', '0000-0002-0000-0003'], ['Samuel', 'Mensah'], ['Leonardo', 'Uieda', '0000-0001-6123-9515'],
  ['Julia', 'Kowalski'], ['Mehmet', 'Yılmaz'], ['Elena', 'Popescu', '0000-0003-3333-4444'], ['Kwame', 'Asante'],
];

export const AFFILIATIONS: readonly { id?: string; name: string }[] = [
  { id: '01ggx4157', name: 'European Organization for Nuclear Research' },
  { name: 'University of Liverpool' },
  { id: '052gg0110', name: 'University of Oxford' },
  { name: 'Universidade de São Paulo' },
  { id: '05a28rw58', name: 'ETH Zurich' },
  { name: 'Max Planck Institute for Meteorology' },
  { name: 'National Institute of Oceanography' },
  { id: '04fa4r544', name: 'University of Tokyo' },
  { name: 'Helmholtz Centre for Environmental Research' },
  { name: 'University of Cape Town' },
];

export const ORGANIZATIONS: readonly string[] = [
  'CLIMATE KIC', 'Open Science Lab', 'Software Heritage Foundation', 'Global Biodiversity Consortium', 'The Astropy Collaboration',
];

export const TOPICS: readonly string[] = [
  'climate', 'ocean', 'glacier', 'soil', 'river', 'forest', 'genome', 'protein', 'neural', 'galaxy', 'astronomy',
  'seismic', 'language', 'urban', 'energy', 'battery', 'microbiome', 'coral', 'pollinator', 'exoplanet',
];

export const ADJECTIVES: readonly string[] = [
  'Global', 'Regional', 'High-resolution', 'Open', 'Annotated', 'Longitudinal', 'Benchmark', 'Synthetic', 'Curated', 'Reproducible',
];

export const NOUNS_BY_KIND: Record<string, readonly string[]> = {
  publication: ['analysis', 'review', 'assessment', 'study', 'perspective', 'survey'],
  dataset: ['dataset', 'measurements', 'observations', 'time series', 'catalogue', 'model outputs'],
  software: ['toolkit', 'library', 'pipeline', 'solver', 'package', 'framework'],
  other: ['overview', 'slides', 'figures', 'materials', 'recording', 'summary'],
};

export const KEYWORDS: readonly string[] = [
  'climate change', 'Climate', 'machine learning', 'Biodiversity', 'Taxonomy', 'astronomy', 'oceanography', 'remote sensing',
  'open science', 'reproducibility', 'Python', 'R', 'hydrology', 'genomics', 'deep learning', 'geophysics', 'ecology',
  'linguistics', 'cldf:Generic', 'FAIR', 'time series', 'statistics', 'energy systems', 'public health', 'seismology',
];

export const SENTENCES: readonly string[] = [
  'This record contains the data and code that support the findings of the study.',
  'The files were produced with a documented and reproducible workflow.',
  'We describe the methods used to collect, clean and validate the measurements.',
  'Please cite the associated publication when using these materials.',
  'Version history and changes are listed in the accompanying changelog.',
  'The dataset covers several years of observations at multiple sites.',
  'All scripts are released under an open license and can be rerun end to end.',
  'Funding was provided by the agencies acknowledged below.',
];

export const FILE_TYPES: readonly (readonly [string, string, number])[] = [
  ['pdf', 'application/pdf', 10],
  ['zip', 'application/zip', 6],
  ['csv', 'text/csv', 6],
  ['txt', 'text/plain', 4],
  ['png', 'image/png', 3],
  ['json', 'application/json', 3],
  ['md', 'text/markdown', 2],
  ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 2],
  ['nc', 'application/x-netcdf', 2],
  ['py', 'text/x-python', 1],
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 1],
];

export const TEXT_EXTS = new Set(['csv', 'txt', 'json', 'md', 'py', 'html', 'tex', 'bib', 'cff', 'yaml', 'yml']);

export const FILE_TYPE_LABELS: Record<string, string> = {};
for (const [ext] of FILE_TYPES) {
  FILE_TYPE_LABELS[ext] = ext.toUpperCase();
}

export const FUNDERS = {
  ec: { id: '00k4n6c32', name: 'European Commission' },
  nsf: { id: '021nxhr62', name: 'National Science Foundation' },
  snsf: { id: '00yjd3n13', name: 'Swiss National Science Foundation' },
};
