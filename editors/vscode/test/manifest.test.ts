// package.json against the code and the server: names that must agree.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { CONTEXT_KEY, RESTART_COMMAND, SHOW_PREVIEW_COMMAND } from '../src/controller';
import { AGENT_LANGUAGE_IDS } from '../src/languages';
import { CLIENT_ID } from '../src/names';
import { WORKSPACE_CONTAINS } from '../src/selectors';

interface Manifest {
  name: string;
  version: string;
  main: string;
  license: string;
  repository: { url: string };
  engines: { vscode: string };
  activationEvents: string[];
  devDependencies: Record<string, string>;
  contributes: {
    configuration: { properties: Record<string, { type: string; enum?: string[]; default: unknown }> };
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
}

const root = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const controllerSource = readFileSync(join(root, 'src', 'controller.ts'), 'utf8');

describe('manifest', () => {
  it('has the version of the server crate', () => {
    const cargo = readFileSync(join(root, '..', '..', 'Cargo.toml'), 'utf8');
    const version = /\[workspace\.package\][^[]*?\nversion = "([^"]+)"/.exec(cargo)?.[1];
    assert.equal(manifest.version, version);
  });

  it('loads dist/extension.js, MIT, with a repository (vsce packages without prompts)', () => {
    assert.equal(manifest.name, 'agentls');
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.license, 'MIT');
    assert.match(manifest.repository.url, /^https:\/\//);
  });

  it('targets VS Code 1.90 with matching API types', () => {
    assert.equal(manifest.engines.vscode, '^1.90.0');
    assert.match(manifest.devDependencies['@types/vscode'], /^~?1\.90\./);
  });

  it('activates on each language agent files may have (served only for agent files) and on agent workspaces', () => {
    // The tables' order is the manifest's.
    assert.deepEqual(manifest.activationEvents, [
      ...AGENT_LANGUAGE_IDS.map((id) => `onLanguage:${id}`),
      ...WORKSPACE_CONTAINS.map((glob) => `workspaceContains:${glob}`),
    ]);
  });

  it('describes the formats it serves', () => {
    const description = (manifest as unknown as { description: string }).description;
    for (const name of ['Claude Code', 'Copilot', 'OpenCode', 'Gemini CLI', 'Qwen Code', 'Cursor']) {
      assert.ok(description.includes(name), name);
    }
  });

  it('declares the settings the code reads', () => {
    const props = manifest.contributes.configuration.properties;
    assert.equal(props['agentls.server.path'].type, 'string');
    assert.equal(props['agentls.server.args'].type, 'array');
    // vscode-languageclient reads `<client id>.trace.server`.
    const trace = props[`${CLIENT_ID}.trace.server`];
    assert.deepEqual(trace.enum, ['off', 'messages', 'verbose']);
    assert.equal(trace.default, 'off');
    for (const key of ['server.path', 'server.args']) {
      assert.ok(controllerSource.includes(`'${key}'`), key);
    }
  });

  it('contributes every command the code registers, and no other', () => {
    // (test/controller.test.ts checks that the controller registers exactly these two.)
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.deepEqual([...contributed].sort(), [RESTART_COMMAND, SHOW_PREVIEW_COMMAND].sort());
  });

  it('"Agentls: Preview Examples", in the editor title and palette for agent files only', () => {
    const cmd = manifest.contributes.commands.find((c) => c.command === SHOW_PREVIEW_COMMAND);
    assert.ok(cmd);
    assert.equal(`${cmd.category}: ${cmd.title}`, 'Agentls: Preview Examples');
    assert.equal(CONTEXT_KEY, 'agentls.isAgentFile');
    for (const menu of ['editor/title', 'commandPalette']) {
      const entry = manifest.contributes.menus[menu].find((m) => m.command === SHOW_PREVIEW_COMMAND);
      assert.equal(entry?.when, CONTEXT_KEY, menu);
    }
  });
});
