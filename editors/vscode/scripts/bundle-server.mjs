// Copies the server built by `cargo build --release -p agentls` into server/,
// where the extension looks before PATH, with server/target.json naming the
// platform it was built for (the extension skips a binary built for another).
// The copy is stripped where `strip` exists (the release profile keeps line
// tables for profiling: 35 MB instead of a few). Without a release build, says
// so and leaves server/ alone.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const exe = process.platform === 'win32' ? 'agentls.exe' : 'agentls';
const source = join(here, '..', '..', 'target', 'release', exe);
const destDir = join(here, 'server');
const dest = join(destDir, exe);

if (!existsSync(source)) {
  console.log(
    `bundle-server: ${relative(process.cwd(), source)} does not exist (run \`cargo build --release -p agentls\` first); ` +
      'the package will use agentls.server.path or agentls on PATH.',
  );
  process.exit(0);
}
mkdirSync(destDir, { recursive: true });
copyFileSync(source, dest);
chmodSync(dest, 0o755);
if (process.platform !== 'win32') {
  try {
    execFileSync('strip', [dest], { stdio: 'ignore' });
  } catch {
    // no strip: the unstripped binary works as well
  }
}
writeFileSync(
  join(destDir, 'target.json'),
  JSON.stringify({ platform: process.platform, arch: process.arch }, null, 2) + '\n',
);
const mb = (statSync(dest).size / 1e6).toFixed(1);
console.log(`bundle-server: copied ${relative(process.cwd(), source)} to ${relative(process.cwd(), dest)} (${mb} MB)`);
