// The `agentls.targets` setting: what the manifest declares, what the client
// puts in its initialization options, and what vscode-languageclient's own
// SyncConfigurationFeature (the real one, against a fake `vscode` module)
// sends the server in workspace/didChangeConfiguration, at start and on a
// change: the shape server/src/lsp/server.rs's `targets_setting` reads.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { SETTINGS_SECTION, settingsOptions, TARGET_IDS, TARGETS_KEY } from '../src/settings';

interface Property {
  type: string | string[];
  default: unknown;
  scope?: string;
  uniqueItems?: boolean;
  markdownDescription?: string;
  items?: { type: string; enum?: string[]; enumDescriptions?: string[] };
}

const root = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Property> } };
};
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** What goes on the wire: JSON (vscode-languageclient builds prototype-less objects). */
const wire = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

describe('settings: agentls.targets', () => {
  const targets = manifest.contributes.configuration.properties[`${SETTINGS_SECTION}.${TARGETS_KEY}`];

  it('is a list of the tool ids the server knows, each described, unset by default', () => {
    assert.ok(targets, 'agentls.targets is contributed');
    assert.deepEqual(targets.type, ['array', 'null']);
    assert.equal(targets.default, null);
    assert.equal(targets.uniqueItems, true);
    assert.equal(targets.items?.type, 'string');
    assert.deepEqual(targets.items?.enum, [...TARGET_IDS]);
    assert.equal(targets.items?.enumDescriptions?.length, TARGET_IDS.length);
    // One server for the window: a folder's own value could not be told apart.
    assert.equal(targets.scope, 'window');
    assert.match(targets.markdownDescription ?? '', /Unset \(`null`, the default\): the `targets` of the project's `\.agentls\.toml` if it has one, else, for each file, the tools that read its path/);
  });

  it('is documented in the README', () => {
    assert.ok(/\| `agentls\.targets` \| `null` \|/.test(readme), 'a row in the Settings table');
    for (const id of TARGET_IDS) {
      assert.ok(readme.includes(`\`${id}\``), id);
    }
  });

  it('goes in the initialization options as read, null when unset', () => {
    assert.deepEqual(settingsOptions(['claude']).initializationOptions, { targets: ['claude'] });
    assert.deepEqual(settingsOptions('claude,copilot').initializationOptions, { targets: 'claude,copilot' });
    assert.deepEqual(settingsOptions(undefined).initializationOptions, { targets: null });
    assert.deepEqual(settingsOptions(null).initializationOptions, { targets: null });
    assert.deepEqual(settingsOptions([]).initializationOptions, { targets: [] });
  });

  it('the client synchronizes the agentls section', () => {
    assert.deepEqual(settingsOptions(null).synchronize, { configurationSection: 'agentls' });
  });
});

// ---------------------------------------------------------------------------
// vscode-languageclient's SyncConfigurationFeature, against a fake `vscode`
// ---------------------------------------------------------------------------

type Listener = (e: { affectsConfiguration(section: string): boolean }) => void;

/** The `vscode` module as far as SyncConfigurationFeature uses it: the settings, and their change event. */
const settings: Record<string, unknown> = {
  'agentls.server.path': '/opt/agentls',
  'agentls.server.args': [],
  'agentls.targets': null,
  'agentls.trace.server': 'off',
};
const listeners = new Set<Listener>();

/** `workspace.getConfiguration(section).get(key)`: a dotted key, or a whole section as an object. */
function configurationValue(key: string): unknown {
  if (key in settings) {
    return settings[key];
  }
  const section: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(settings)) {
    if (k.startsWith(`${key}.`)) {
      const parts = k.slice(key.length + 1).split('.');
      let node = section;
      for (const p of parts.slice(0, -1)) {
        node = (node[p] ??= {}) as Record<string, unknown>;
      }
      node[parts.at(-1)!] = v;
    }
  }
  return Object.keys(section).length > 0 ? section : undefined;
}

const fakeVscodeModule = {
  // features.js, which configuration.js loads, extends it at load time.
  CancellationError: class CancellationError extends Error {},
  workspace: {
    getConfiguration: (section?: string) => ({
      get: (key: string) => configurationValue(section ? `${section}.${key}` : key),
    }),
    onDidChangeConfiguration: (listener: Listener) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
  },
};

function changeSetting(key: string, value: unknown): void {
  settings[key] = value;
  for (const l of [...listeners]) {
    l({ affectsConfiguration: (s) => key === s || key.startsWith(`${s}.`) });
  }
}

interface Feature {
  initialize(): void;
  clear(): void;
}

/** vscode-languageclient's SyncConfigurationFeature, loaded with `vscode` resolved to the fake. */
function loadSyncConfigurationFeature(): new (client: unknown) => Feature {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? fakeVscodeModule : original.call(this, request, ...rest);
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded under the fake `vscode`
    const lib = require('vscode-languageclient/lib/common/configuration') as {
      SyncConfigurationFeature: new (client: unknown) => Feature;
    };
    return lib.SyncConfigurationFeature;
  } finally {
    loader._load = original;
  }
}

describe('settings: what vscode-languageclient sends the server', () => {
  it('the whole agentls section at start and on each change of it; targets where the server reads it', async () => {
    const SyncConfigurationFeature = loadSyncConfigurationFeature();
    const sent: { method: string; params: unknown }[] = [];
    const client = {
      clientOptions: { ...settingsOptions(settings['agentls.targets']) },
      middleware: {},
      sendNotification: (type: { method: string }, params: unknown) => {
        sent.push({ method: type.method, params: wire(params) });
        return Promise.resolve();
      },
      error: (message: string, error: unknown) => {
        throw new Error(`${message}: ${String(error)}`);
      },
    };
    const feature = new SyncConfigurationFeature(client);
    feature.initialize();
    await new Promise<void>((resolve) => setImmediate(resolve));
    const section = (targets: unknown) => ({
      settings: {
        agentls: { server: { path: '/opt/agentls', args: [] }, targets, trace: { server: 'off' } },
      },
    });
    // At start: targets null, which the server reads as unset.
    assert.deepEqual(sent, [{ method: 'workspace/didChangeConfiguration', params: section(null) }]);

    changeSetting('agentls.targets', ['claude']);
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.equal(sent.length, 2);
    assert.deepEqual(sent[1], { method: 'workspace/didChangeConfiguration', params: section(['claude']) });
    // The path `targets_setting` reads: settings.agentls.targets.
    const params = sent[1].params as { settings: { agentls: { targets: unknown } } };
    assert.deepEqual(params.settings.agentls.targets, ['claude']);

    // Unset again: null, the server's "each file's default".
    changeSetting('agentls.targets', null);
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(sent[2], { method: 'workspace/didChangeConfiguration', params: section(null) });

    // A change elsewhere sends nothing.
    for (const l of [...listeners]) {
      l({ affectsConfiguration: (s) => s === 'editor' });
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.equal(sent.length, 3);
    feature.clear();
  });
});
