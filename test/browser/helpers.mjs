// The browser tier's helpers: what a person sees and does in the workbench of the offline VS Code
// host (code-server in headless Chromium), with the extension installed from its .vsix.
//
//   const wb = await openWorkbench({ vsix, settings: { 'zenodo.baseUrl': url } });
//   await wb.runCommand('Zenodo: Search Records');      // F1, type the title, Enter
//   await wb.readNotifications();                       // [{ message, severity, source, buttons }]
//   await wb.treeRows('Records');                       // [{ label, description, level, expanded }]
//   await wb.screenshot('search');                      // .test-artifacts/screenshots/search.png
//   await wb.close();
// Each helper is also exported as a function of a Playwright page (runCommand(page, title), ...).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench as openHostWorkbench } from '../../scripts/host/launch.mjs';
import { ARTIFACTS_DIR, REPO } from '../../scripts/host/paths.mjs';
import { VSIX_PATH, vsixFile } from './vsix.mjs';

export const SCREENSHOTS_DIR = join(ARTIFACTS_DIR, 'screenshots');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the host with the .vsix installed and opens the workbench on a temp copy of the fixture
 * workspace (or opts.workspace). Returns the page and helpers bound to it.
 * @param {object} [opts] launch.mjs openWorkbench options (settings, workspace, env, vsix, viewport)
 */
export async function openWorkbench(opts = {}) {
  const vsix = opts.vsix === undefined ? VSIX_PATH : opts.vsix;
  const wb = await openHostWorkbench({ ...opts, vsix });
  const { page } = wb;
  await dismissStartupNoise(page);
  return {
    ...wb,
    runCommand: (title, o) => runCommand(page, title, o),
    paletteItems: (text, o) => paletteItems(page, text, o),
    readNotifications: () => readNotifications(page),
    waitForNotification: (match, o) => waitForNotification(page, match, o),
    treeRows: (viewTitle, o) => treeRows(page, viewTitle, o),
    viewWelcome: (viewTitle) => viewWelcome(page, viewTitle),
    screenshot: (name) => screenshot(page, name),
  };
}

/** Closes whatever editor or toast might sit in front on a fresh start. */
async function dismissStartupNoise(page) {
  await page.keyboard.press('Escape').catch(() => {});
}

// ------------------------------------------------------------ command palette
const PALETTE = '.quick-input-widget';
const PALETTE_INPUT = '.quick-input-widget .quick-input-box input';
const PALETTE_ROWS = '.quick-input-widget .quick-input-list .monaco-list-row';

async function paletteVisible(page, timeout) {
  try {
    await page.locator(PALETTE_INPUT).waitFor({ state: 'visible', timeout });
    return true;
  } catch {
    return false;
  }
}

/** Opens the command palette (F1); retries once when something else (the Welcome tab) had focus. */
export async function openPalette(page) {
  for (let attempt = 0; attempt < 2; attempt++) {
    await page.keyboard.press('F1');
    if (await paletteVisible(page, 5000)) return;
    // Give the focus back to the workbench, then try again.
    await page.keyboard.press('Escape').catch(() => {});
    await page.locator('.monaco-workbench .part.editor').click({ position: { x: 5, y: 5 } }).catch(() => {});
  }
  throw new Error('the command palette did not open (F1)');
}

async function rowLabels(page) {
  return page.locator(PALETTE_ROWS).evaluateAll((rows) => rows.map((r) => ({
    label: (r.querySelector('.label-name')?.textContent ?? r.getAttribute('aria-label') ?? '').trim(),
    aria: r.getAttribute('aria-label') ?? '',
    focused: r.classList.contains('focused'),
  })));
}

/**
 * The entries the command palette offers for `text` (typed after F1), as a person reads them.
 * With `expect`, asks again (the palette is re-typed) until that entry is offered or `timeout`
 * passed: contributions of an installed extension reach the workbench a moment after it shows.
 * @returns {Promise<string[]>}
 */
export async function paletteItems(page, text, { expect, timeout = 20_000 } = {}) {
  await openPalette(page);
  const input = page.locator(PALETTE_INPUT);
  const deadline = Date.now() + timeout;
  let labels = [];
  while (true) {
    await input.fill('');
    await input.fill(`>${text}`);
    // The list filters asynchronously (slowly on the first open): wait until it is stable.
    await page.locator(PALETTE_ROWS).first().waitFor({ timeout: 5000 }).catch(() => {});
    let prev = null;
    const until = Date.now() + 5000;
    while (Date.now() < until) {
      await sleep(300);
      labels = (await rowLabels(page)).map((r) => r.label);
      const key = JSON.stringify(labels);
      if (key === prev) break;
      prev = key;
    }
    if (!expect || labels.includes(expect) || Date.now() > deadline) break;
    await sleep(500);
  }
  await page.keyboard.press('Escape');
  await page.locator(PALETTE).waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
  return labels;
}

/**
 * Runs a command as a person does: F1, type its title ("Category: Title" as the palette shows it),
 * Enter once the highlighted entry is that command. Retries once when focus was stolen.
 */
export async function runCommand(page, title, { timeout = 15_000 } = {}) {
  let lastSeen = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    await openPalette(page);
    const input = page.locator(PALETTE_INPUT);
    await input.fill(`>${title}`);
    const until = Date.now() + timeout;
    let retyped = Date.now();
    while (Date.now() < until) {
      if (Date.now() - retyped > 2000) {
        // Not offered yet (contributions still arriving): type the query again to refresh the list.
        await input.fill('');
        await input.fill(`>${title}`);
        retyped = Date.now();
      }
      lastSeen = await rowLabels(page);
      const focused = lastSeen.find((r) => r.focused) ?? lastSeen[0];
      if (focused && (focused.label === title || focused.aria.startsWith(title))) {
        await page.keyboard.press('Enter');
        await page.locator(PALETTE).waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
        return;
      }
      const exact = lastSeen.findIndex((r) => r.label === title);
      if (exact > 0) {
        // Move the highlight to the exact match (a person would press the arrow keys).
        for (let i = 0; i < exact; i++) await page.keyboard.press('ArrowDown');
        continue;
      }
      await sleep(200);
    }
    await page.keyboard.press('Escape').catch(() => {});
  }
  throw new Error(`command "${title}" is not in the palette; it offered: ${JSON.stringify(lastSeen.map((r) => r.label))}`);
}

// ------------------------------------------------------------ notifications
/**
 * The notifications on screen (toasts) and in the notification centre, as a person reads them.
 * @returns {Promise<{message: string, severity: 'error'|'warning'|'info', source: string, buttons: string[]}[]>}
 */
export async function readNotifications(page) {
  const items = await page.locator('.notification-list-item').evaluateAll((els) => els.map((el) => {
    const icon = el.querySelector('.notification-list-item-icon');
    const cls = icon?.className ?? '';
    const severity = /codicon-error/.test(cls) ? 'error' : /codicon-warning/.test(cls) ? 'warning' : 'info';
    return {
      message: (el.querySelector('.notification-list-item-message')?.textContent ?? '').trim(),
      severity,
      source: (el.querySelector('.notification-list-item-source')?.textContent ?? '').trim().replace(/^Source: /, ''),
      buttons: [...el.querySelectorAll('.notification-list-item-buttons-container .monaco-button')]
        .map((b) => (b.textContent ?? '').trim()),
    };
  }));
  const seen = new Set();
  return items.filter((n) => {
    const k = `${n.severity}|${n.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Waits until a notification whose message matches (substring or RegExp) is shown. */
export async function waitForNotification(page, match, { timeout = 15_000 } = {}) {
  const test = typeof match === 'string' ? (m) => m.includes(match) : (m) => match.test(m);
  const until = Date.now() + timeout;
  let last = [];
  while (Date.now() < until) {
    last = await readNotifications(page);
    const hit = last.find((n) => test(n.message));
    if (hit) return hit;
    await sleep(200);
  }
  throw new Error(`no notification matching ${match}; shown: ${JSON.stringify(last.map((n) => n.message))}`);
}

// ------------------------------------------------------------ views
function viewPane(page, viewTitle) {
  return page.locator('.part.sidebar .pane, .part.panel .pane, .part.auxiliarybar .pane')
    .filter({ has: page.locator('.pane-header', { hasText: viewTitle }) });
}

/** The visible rows of a tree view, opening the view first ("Focus on <title> View") when needed. */
export async function treeRows(page, viewTitle, { open = true, timeout = 10_000, settleMs = 5000 } = {}) {
  let pane = viewPane(page, viewTitle);
  if (open && !(await pane.first().isVisible().catch(() => false))) {
    await runCommand(page, `Focus on ${viewTitle} View`).catch(async () => {
      // Views in a single-view container show under the container's title: use the palette's
      // "<Container>: Focus on <View> View" form.
      const items = await paletteItems(page, `Focus on ${viewTitle} View`);
      const hit = items.find((i) => i.endsWith(`Focus on ${viewTitle} View`));
      if (!hit) throw new Error(`no "Focus on ${viewTitle} View" command; palette offered ${JSON.stringify(items)}`);
      await runCommand(page, hit);
    });
    pane = viewPane(page, viewTitle);
  }
  // A container with a single view hides the pane header: fall back to the only pane of the sidebar.
  let body = pane.first().locator('.pane-body');
  if (!(await pane.first().isVisible().catch(() => false))) body = page.locator('.part.sidebar .pane-body').first();
  await body.waitFor({ timeout });
  // Rows arrive asynchronously from the extension host: wait until they are there and stable, or
  // the view shows its welcome content (an empty tree), or `settleMs` passed with nothing.
  const read = () => body.locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => ({
    label: (r.querySelector('.label-name')?.textContent ?? r.querySelector('.monaco-tl-contents')?.textContent ?? '').trim(),
    description: (r.querySelector('.label-description')?.textContent ?? '').trim(),
    level: Number(r.getAttribute('aria-level') ?? 1),
    expanded: r.getAttribute('aria-expanded') === null ? undefined : r.getAttribute('aria-expanded') === 'true',
    ariaLabel: r.getAttribute('aria-label') ?? '',
  })));
  const until = Date.now() + settleMs;
  let prev = null;
  while (true) {
    const rows = await read();
    const key = JSON.stringify(rows);
    if (rows.length > 0 && key === prev) return rows;
    if (rows.length === 0 && await body.locator('.welcome-view-content').isVisible().catch(() => false)) return rows;
    if (Date.now() > until) return rows;
    prev = key;
    await sleep(250);
  }
}

/** The text of a view's welcome content (shown instead of an empty tree), or '' when none. */
export async function viewWelcome(page, viewTitle) {
  const pane = viewPane(page, viewTitle).first();
  const body = (await pane.isVisible().catch(() => false)) ? pane.locator('.pane-body') : page.locator('.part.sidebar .pane-body').first();
  return ((await body.locator('.welcome-view-content').textContent().catch(() => '')) ?? '').trim();
}

// ------------------------------------------------------------ screenshots
/** Saves a PNG of the whole workbench to .test-artifacts/screenshots/<name>.png; returns its path. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path });
  return path;
}

// ------------------------------------------------------------ the manifest
/**
 * The extension's manifest with %nls% placeholders resolved, read at run time: from the installed
 * .vsix by default (what the host actually has), or from the working tree with `{ from: 'repo' }`.
 */
export function manifest({ from = VSIX_PATH } = {}) {
  let pkg;
  let nls = {};
  if (from === 'repo') {
    pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    try {
      nls = JSON.parse(readFileSync(join(REPO, 'package.nls.json'), 'utf8'));
    } catch { /* none */ }
  } else {
    pkg = JSON.parse(vsixFile(from, 'extension/package.json') ?? 'null');
    if (!pkg) throw new Error(`${from} has no extension/package.json`);
    nls = JSON.parse(vsixFile(from, 'extension/package.nls.json') ?? '{}');
  }
  const t = (s) => (typeof s === 'string' ? s.replace(/^%(.+)%$/, (m, k) => nls[k] ?? m) : s);
  const commands = (pkg.contributes?.commands ?? []).map((c) => ({
    ...c,
    title: t(typeof c.title === 'object' ? c.title.value : c.title),
    category: t(typeof c.category === 'object' ? c.category?.value : c.category),
  }));
  // A commandPalette entry with a `when` clause hides the command (always for "false", or until
  // its context holds, e.g. signed in): only unconditional commands are sure to be listed.
  const hidden = new Set((pkg.contributes?.menus?.commandPalette ?? []).filter((m) => m.when && m.when !== 'true').map((m) => m.command));
  return {
    pkg,
    nls,
    commands,
    /** Commands a person can always find in the palette, as "Category: Title". */
    paletteCommands: commands.filter((c) => !hidden.has(c.command))
      .map((c) => ({ command: c.command, label: c.category ? `${c.category}: ${c.title}` : c.title })),
    displayName: t(pkg.displayName),
  };
}
