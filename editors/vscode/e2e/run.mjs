// `npm run test:e2e`: the end-to-end suite (e2e/suite.js) in VS Code's real
// extension host, through vscode-e2e's `run` (a VS Code 1.139 server and a
// headless chromium, offline). Builds the extension (dist/), writes the
// fixtures (e2e/fixtures.js) to a throwaway workspace whose settings point
// agentls.server.path at the server binary, and runs the suite there.
//
// Environment:
//   VSCODE_E2E_DIR  vscode-e2e's folder (default: ../shared/vscode-e2e beside the checkout)
//   AGENTLS_BIN     the server (default: target/release/agentls of the checkout)
//   VSCODE_E2E_TIMEOUT, VSCODE_E2E_KEEP, VSCODE_E2E_HOME: passed on to `run`
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const here = import.meta.dirname;
const extension = resolve(here, '..');
const checkout = resolve(extension, '..', '..');
const fixtures = createRequire(import.meta.url)('./fixtures.js');

const e2eDir = resolve(process.env.VSCODE_E2E_DIR || join(checkout, '..', 'shared', 'vscode-e2e'));
const server = resolve(process.env.AGENTLS_BIN || join(checkout, 'target', 'release', 'agentls'));

function fail(message) {
  console.error(`test:e2e: ${message}`);
  process.exit(2);
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

if (!executable(join(e2eDir, 'run'))) {
  fail(`no vscode-e2e in ${e2eDir} (set VSCODE_E2E_DIR)`);
}
if (!executable(server)) {
  fail(`no server at ${server}: run \`cargo build --release -p agentls\` in the checkout, or set AGENTLS_BIN`);
}

const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: extension, stdio: 'inherit' });
if (build.status !== 0) {
  fail('the extension did not build');
}

const workspace = mkdtempSync(join(tmpdir(), 'agentls-e2e-'));
let status = 1;
try {
  for (const [path, text] of Object.entries(fixtures)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  mkdirSync(join(workspace, '.vscode'));
  writeFileSync(
    join(workspace, '.vscode', 'settings.json'),
    `${JSON.stringify({ 'agentls.server.path': server }, null, 2)}\n`,
  );
  console.log(`test:e2e: server ${server}; workspace ${workspace}`);
  const run = spawnSync('bash', [join(e2eDir, 'run'), extension, join(here, 'suite.js'), workspace], {
    stdio: 'inherit',
    env: { VSCODE_E2E_TIMEOUT: '150', ...process.env },
  });
  status = run.status ?? 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
process.exit(status);
