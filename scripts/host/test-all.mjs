#!/usr/bin/env node
// `npm test`: every tier in order, each run even when an earlier one failed:
//   typecheck, lint, unit (mocha), integration (mocha in the real extension host), browser (the .vsix
//   in the workbench). The type check and the lint count as one test each; the mocha tiers count
//   their spec reporter's `N passing` / `N failing` lines. A tier that exits non-zero without a
//   failing count (a crash, a build error, the harness timeout) counts as one failure.
// The last line printed is exactly `N passed, N failed`; the exit code is 1 when anything failed.
//   node scripts/host/test-all.mjs [--only unit,integration] [--skip browser]
import { spawn, spawnSync } from 'node:child_process';
import { REPO, hostInstalled } from './paths.mjs';

const TIERS = [
  { name: 'typecheck', script: 'typecheck', single: true },
  { name: 'lint', script: 'lint', single: true },
  { name: 'unit', script: 'test:unit' },
  { name: 'integration', script: 'test:integration' },
  { name: 'browser', script: 'test:browser' },
];

function argList(flag) {
  const i = process.argv.indexOf(flag);
  return i < 0 ? null : (process.argv[i + 1] ?? '').split(',').filter(Boolean);
}

/** Runs `npm run <script>`, echoing its output live, and returns { code, output }. */
function runTier(script) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      output += d;
      process.stderr.write(d);
    });
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve({ code: code ?? (signal ? 1 : 0), output });
    });
  });
}

/** The last `N passing|failing|pending` counts of mocha's spec reporter in a tier's output. */
export function mochaCounts(output) {
  const last = (word) => {
    const all = [...output.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))];
    return all.length ? Number(all[all.length - 1][1]) : null;
  };
  return { passing: last('passing'), failing: last('failing'), pending: last('pending') };
}

async function main() {
  const only = argList('--only');
  const skip = argList('--skip') ?? [];
  const tiers = TIERS.filter((t) => (!only || only.includes(t.name)) && !skip.includes(t.name));
  const results = [];
  // A fresh machine: install the offline VS Code host first (a no-op when it is there), so that
  // `npm ci && npm test` is all a newcomer types.
  if (tiers.some((t) => t.name === 'integration' || t.name === 'browser') && !hostInstalled()) {
    console.log('===== the offline VS Code host is not installed: npm run host:install');
    spawnSync(process.execPath, ['scripts/host/install.mjs'], { cwd: REPO, stdio: 'inherit' });
  }
  for (const t of tiers) {
    const t0 = Date.now();
    console.log(`\n===== ${t.name}: npm run ${t.script}`);
    const { code, output } = await runTier(t.script);
    let passed;
    let failed;
    let pending = 0;
    if (t.single) {
      passed = code === 0 ? 1 : 0;
      failed = code === 0 ? 0 : 1;
    } else {
      const c = mochaCounts(output);
      passed = c.passing ?? 0;
      failed = c.failing ?? 0;
      pending = c.pending ?? 0;
      if (code !== 0 && failed === 0) failed = 1; // failed outside any test
    }
    const secs = (Date.now() - t0) / 1000;
    results.push({ name: t.name, code, passed, failed, pending, secs });
    console.log(`===== ${t.name}: exit ${code}, ${passed} passed, ${failed} failed${pending ? `, ${pending} pending` : ''} (${secs.toFixed(1)} s)`);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log('\n===== summary');
  for (const r of results) {
    console.log(`  ${r.name.padEnd(12)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed${r.pending ? ` ${r.pending} pending` : ''}  exit ${r.code}  ${r.secs.toFixed(1)} s`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(await main());
}
