import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  bundledServerPath,
  type DiscoveryInput,
  discoverServer,
  notFoundMessage,
  resolveSettingPath,
  serverExecutable,
  which,
} from '../src/discovery';

const EXT = '/home/u/.vscode/extensions/agentls.agentls-0.1.0';

/** Discovery on Linux where only `existing` are executable files, and PATH holds `onPath`. */
function input(over: Partial<DiscoveryInput> & { existing?: string[]; onPath?: Record<string, string> }): DiscoveryInput {
  const existing = new Set(over.existing ?? []);
  const onPath = over.onPath ?? {};
  return {
    extensionPath: EXT,
    platform: 'linux',
    arch: 'x64',
    homeDir: '/home/u',
    exists: (p) => existing.has(p),
    which: (name) => onPath[name],
    ...over,
  };
}

describe('discovery: order', () => {
  it('the setting path wins over the bundled binary and PATH', () => {
    const result = discoverServer(
      input({
        settingPath: '/opt/agentls/bin/agentls',
        existing: ['/opt/agentls/bin/agentls', `${EXT}/server/agentls`],
        onPath: { agentls: '/usr/bin/agentls' },
      }),
    );
    assert.equal(result.found, true);
    assert.ok(result.found);
    assert.equal(result.command, '/opt/agentls/bin/agentls');
    assert.equal(result.source, 'setting');
  });

  it('the bundled binary comes next, before PATH', () => {
    const result = discoverServer(
      input({ existing: [`${EXT}/server/agentls`], onPath: { agentls: '/usr/bin/agentls' } }),
    );
    assert.ok(result.found);
    assert.equal(result.command, `${EXT}/server/agentls`);
    assert.equal(result.source, 'bundled');
  });

  it('PATH comes last', () => {
    const result = discoverServer(input({ onPath: { agentls: '/home/u/.cargo/bin/agentls' } }));
    assert.ok(result.found);
    assert.equal(result.command, '/home/u/.cargo/bin/agentls');
    assert.equal(result.source, 'path');
    assert.deepEqual(
      result.tried.map((t) => [t.source, t.outcome]),
      [
        ['setting', 'not set'],
        ['bundled', 'not present'],
        ['path', undefined],
      ],
    );
  });

  it('nothing found lists all three places', () => {
    const result = discoverServer(input({ settingPath: '  ' }));
    assert.equal(result.found, false);
    assert.deepEqual(
      result.tried.map((t) => t.source),
      ['setting', 'bundled', 'path'],
    );
    const message = notFoundMessage(result.tried);
    assert.match(message, /agentls\.server\.path \(not set\)/);
    assert.match(message, new RegExp(`${EXT}/server/agentls \\(not present\\)`.replace(/\./g, '\\.')));
    assert.match(message, /`agentls` on PATH \(not found\)/);
    assert.match(message, /cargo install --path server/);
    assert.match(message, /set `agentls\.server\.path`/);
  });
});

describe('discovery: the setting', () => {
  it('a setting that points nowhere is an error, not a silent fallback', () => {
    const result = discoverServer(
      input({ settingPath: '/nope/agentls', existing: [`${EXT}/server/agentls`], onPath: { agentls: '/usr/bin/agentls' } }),
    );
    assert.equal(result.found, false);
    assert.equal(result.tried.length, 1);
    assert.match(notFoundMessage(result.tried), /\/nope\/agentls is not an executable file/);
  });

  it('`~` expands to the home folder', () => {
    const result = discoverServer(input({ settingPath: '~/.cargo/bin/agentls', existing: ['/home/u/.cargo/bin/agentls'] }));
    assert.ok(result.found);
    assert.equal(result.command, '/home/u/.cargo/bin/agentls');
  });

  it('a relative path is resolved against the first workspace folder', () => {
    const result = discoverServer(
      input({ settingPath: 'target/release/agentls', workspaceFolder: '/work/repo', existing: ['/work/repo/target/release/agentls'] }),
    );
    assert.ok(result.found);
    assert.equal(result.command, '/work/repo/target/release/agentls');
  });

  it('a bare name is looked up on PATH', () => {
    const result = discoverServer(input({ settingPath: 'agentls-nightly', onPath: { 'agentls-nightly': '/usr/local/bin/agentls-nightly' } }));
    assert.ok(result.found);
    assert.equal(result.command, '/usr/local/bin/agentls-nightly');
    assert.equal(result.source, 'setting');
    const missing = discoverServer(input({ settingPath: 'agentls-nightly' }));
    assert.equal(missing.found, false);
    assert.match(notFoundMessage(missing.tried), /no `agentls-nightly` on PATH/);
  });

  it('resolveSettingPath on Windows', () => {
    assert.equal(resolveSettingPath('~\\bin\\agentls.exe', 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\bin\\agentls.exe');
    assert.equal(resolveSettingPath('bin\\agentls.exe', 'win32', undefined, 'C:\\repo'), 'C:\\repo\\bin\\agentls.exe');
    assert.equal(resolveSettingPath('D:\\tools\\agentls.exe', 'win32', 'C:\\Users\\u', 'C:\\repo'), 'D:\\tools\\agentls.exe');
  });
});

describe('discovery: Windows', () => {
  const winExt = 'C:\\Users\\u\\.vscode\\extensions\\agentls.agentls-0.1.0';

  it('the bundled binary is server\\agentls.exe', () => {
    assert.equal(bundledServerPath(winExt, 'win32'), `${winExt}\\server\\agentls.exe`);
    const result = discoverServer({
      extensionPath: winExt,
      platform: 'win32',
      arch: 'x64',
      exists: (p) => p === `${winExt}\\server\\agentls.exe`,
      which: () => undefined,
    });
    assert.ok(result.found);
    assert.equal(result.command, `${winExt}\\server\\agentls.exe`);
  });

  it('without a bundle, agentls.exe on PATH', () => {
    const result = discoverServer({
      extensionPath: winExt,
      platform: 'win32',
      arch: 'x64',
      exists: () => false,
      which: (name) =>
        which(name, {
          pathEnv: 'C:\\Windows;"C:\\Users\\u\\.cargo\\bin"',
          platform: 'win32',
          exists: (p) => p === 'C:\\Users\\u\\.cargo\\bin\\agentls.exe',
        }),
    });
    assert.ok(result.found);
    assert.equal(result.command, 'C:\\Users\\u\\.cargo\\bin\\agentls.exe');
    assert.equal(result.source, 'path');
  });

  it('nothing found names agentls.exe', () => {
    const result = discoverServer({ extensionPath: winExt, platform: 'win32', arch: 'x64', exists: () => false, which: () => undefined });
    assert.equal(result.found, false);
    assert.match(notFoundMessage(result.tried), /server\\agentls\.exe \(not present\)/);
  });
});

describe('discovery: a bundled binary built for another platform', () => {
  it('is skipped, and PATH is used', () => {
    const result = discoverServer(
      input({
        bundledTarget: { platform: 'darwin', arch: 'arm64' },
        existing: [`${EXT}/server/agentls`],
        onPath: { agentls: '/usr/bin/agentls' },
      }),
    );
    assert.ok(result.found);
    assert.equal(result.source, 'path');
    assert.match(notFoundMessage(result.tried), /built for darwin-arm64, this is linux-x64/);
  });

  it('is used when it matches', () => {
    const result = discoverServer(
      input({ bundledTarget: { platform: 'linux', arch: 'x64' }, existing: [`${EXT}/server/agentls`] }),
    );
    assert.ok(result.found);
    assert.equal(result.source, 'bundled');
  });
});

describe('discovery: which', () => {
  it('takes the first PATH folder that has it', () => {
    const exists = (p: string) => p === '/b/agentls' || p === '/c/agentls';
    assert.equal(which('agentls', { pathEnv: '/a::/b:/c', platform: 'linux', exists }), '/b/agentls');
  });
  it('finds nothing on an empty or missing PATH', () => {
    assert.equal(which('agentls', { pathEnv: '', platform: 'linux', exists: () => true }), undefined);
    assert.equal(which('agentls', { pathEnv: undefined, platform: 'linux', exists: () => true }), undefined);
  });
  it('keeps an explicit extension on Windows', () => {
    const exists = (p: string) => p === 'C:\\bin\\agentls.exe';
    assert.equal(which('agentls.exe', { pathEnv: 'C:\\bin', platform: 'win32', exists }), 'C:\\bin\\agentls.exe');
    assert.equal(which('agentls', { pathEnv: 'C:\\bin', platform: 'win32', exists }), 'C:\\bin\\agentls.exe');
  });
});

describe('discovery: how the server is spawned', () => {
  it('the command and the user\'s arguments only, no transport (vscode-languageclient would add --stdio)', () => {
    const exe = serverExecutable('/usr/bin/agentls', []);
    assert.deepEqual(exe, { command: '/usr/bin/agentls', args: [] });
    assert.equal('transport' in exe, false);
    assert.deepEqual(serverExecutable('agentls', ['lsp']).args, ['lsp']);
  });
});
