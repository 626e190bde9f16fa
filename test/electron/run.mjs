#!/usr/bin/env node
// Runs the integration tests (dist/test/integration/**/*.test.js, the same files and the same
// runner module the offline host runs) in desktop VS Code with @vscode/test-electron, for
// contributors whose machine can download VS Code (these CI machines cannot: they use
// `npm run test:integration`, which drives code-server instead).
//
//   npm run test:electron                       build, download VS Code 1.100.3 into .vscode-test/, run
//   VSCODE_TEST_VERSION=stable npm run test:electron
//   VSCODE_EXECUTABLE=/path/to/code npm run test:electron   use an installed VS Code, no download
//   MOCHA_GREP=harness npm run test:electron
// On a Linux machine without a display, run it under `xvfb-run -a`.
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE_SETTINGS, FIXTURE_WORKSPACE, TESTS_MODULE } from '../../scripts/host/launch.mjs';
import { REPO } from '../../scripts/host/paths.mjs';

// engines.vscode is ^1.100.0: test on the oldest release it promises (and the one the offline host is).
const version = process.env.VSCODE_TEST_VERSION || '1.100.3';

async function main() {
  if (!existsSync(`${TESTS_MODULE}.js`)) {
    console.error(`no ${TESTS_MODULE}.js: run \`npm run build\` first`);
    return 1;
  }
  const root = mkdtempSync(join(tmpdir(), 'zenodo-vscode-electron-'));
  const userData = join(root, 'user-data');
  const extensions = join(root, 'extensions');
  const workspace = join(root, 'workspace');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(BASE_SETTINGS, null, 2));
  if (existsSync(FIXTURE_WORKSPACE)) cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  else mkdirSync(workspace);

  try {
    return await runTests({
      version,
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: TESTS_MODULE,
      launchArgs: [
        workspace,
        '--disable-extensions', // other installed extensions; the development extension still loads
        '--disable-telemetry',
        '--user-data-dir', userData,
        '--extensions-dir', extensions,
      ],
      extensionTestsEnv: {
        MOCHA_GREP: process.env.MOCHA_GREP,
        MOCHA_TIMEOUT: process.env.MOCHA_TIMEOUT,
      },
    });
  } catch (err) {
    if (err instanceof TestRunFailedError) return err.code ?? 1;
    console.error(`test-electron failed: ${err?.stack ?? err}`);
    return 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

process.exit(await main());
