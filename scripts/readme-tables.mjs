#!/usr/bin/env node
// `npm run readme:tables`: the README's commands, keyboard and settings tables, generated from
// package.json and package.nls.json so they cannot drift from the manifest. Each table sits between
// markers in README.md:
//   <!-- commands:start --> … <!-- commands:end -->
//   <!-- settings:start --> … <!-- settings:end -->
// `--check` writes nothing and exits 1 when README.md is out of date (test/unit/vsix.test.ts checks
// the same).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const README = join(REPO, 'README.md');

export function loadManifest(repo = REPO) {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const nls = JSON.parse(readFileSync(join(repo, 'package.nls.json'), 'utf8'));
  const t = (s) => (typeof s === 'string' ? s.replace(/^%(.+)%$/, (m, k) => nls[k] ?? m) : s);
  return { pkg, nls, t };
}

const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n+/g, ' ').trim();
const keys = (k) => k.split(' ').map((chord) => chord.split('+').map((p) => (p.length === 1 ? p.toUpperCase() : p[0].toUpperCase() + p.slice(1))).join('+')).join(' ');

/** Where a person finds a command: the palette unless hidden, and the menus that list it. */
function places(pkg, id) {
  const menus = pkg.contributes?.menus ?? {};
  const out = [];
  const palette = (menus.commandPalette ?? []).find((m) => m.command === id);
  if (!palette || palette.when !== 'false') out.push('Command Palette');
  const names = {
    'view/title': 'view title bar',
    'view/item/context': 'sidebar rows',
    'editor/context': 'editor context menu',
    'editor/title': 'editor title bar',
    'explorer/context': 'Explorer context menu',
  };
  for (const [menu, label] of Object.entries(names)) if ((menus[menu] ?? []).some((m) => m.command === id)) out.push(label);
  return out.length ? out.join(', ') : 'no menu: run by a sidebar row, a CodeLens or a quick fix';
}

export function commandsTable({ pkg, t } = loadManifest()) {
  const bindings = pkg.contributes?.keybindings ?? [];
  const rows = (pkg.contributes?.commands ?? []).map((c) => {
    const kb = bindings.filter((b) => b.command === c.command)
      .map((b) => `\`${keys(b.key)}\`${b.mac ? ` (macOS \`${keys(b.mac)}\`)` : ''}`).join(', ');
    return `| ${cell(`${t(c.category)}: ${t(c.title)}`)} | \`${c.command}\` | ${kb} | ${cell(places(pkg, c.command))} |`;
  });
  return ['| Command | Id | Keys | Where |', '|---|---|---|---|', ...rows].join('\n');
}

function defaultText(v) {
  if (v === undefined) return '';
  if (typeof v === 'string') return v === '' ? '`""`' : `\`${v}\``;
  return `\`${JSON.stringify(v)}\``;
}

export function settingsTable({ pkg, t } = loadManifest()) {
  const props = pkg.contributes?.configuration?.properties
    ?? Object.assign({}, ...[].concat(pkg.contributes?.configuration ?? []).map((c) => c.properties ?? {}));
  const rows = Object.entries(props).map(([key, p]) => {
    let desc = t(p.markdownDescription ?? p.description ?? '');
    if (Array.isArray(p.enum)) desc += ` Values: ${p.enum.map((e) => `\`${e}\``).join(', ')}.`;
    return `| \`${key}\` | ${defaultText(p.default)} | ${cell(desc)} |`;
  });
  return ['| Setting | Default | What it does |', '|---|---|---|', ...rows].join('\n');
}

/** README text with both tables replaced; throws when a marker pair is missing. */
export function renderReadme(text, manifest = loadManifest()) {
  const tables = { commands: commandsTable(manifest), settings: settingsTable(manifest) };
  for (const [name, table] of Object.entries(tables)) {
    const re = new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!re.test(text)) throw new Error(`README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> markers`);
    text = text.replace(re, (_m, a, b) => `${a}${table}\n${b}`);
  }
  return text;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const have = readFileSync(README, 'utf8');
  const want = renderReadme(have);
  if (process.argv.includes('--check')) {
    if (have !== want) {
      console.error('README.md tables are out of date: run npm run readme:tables');
      process.exit(1);
    }
    console.log('README.md tables are up to date');
  } else if (have !== want) {
    writeFileSync(README, want);
    console.log('README.md tables updated');
  } else {
    console.log('README.md tables already up to date');
  }
}
