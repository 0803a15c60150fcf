// The controller (src/controller.ts) against a fake `vscode` (test/fakeVscode.ts):
// nothing runs for other Markdown, the server starts for agent files only,
// "not found" is said once, plugin folders that change restart the client,
// and the preview command is wired to the panel.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  CONTEXT_KEY,
  Controller,
  FIRST_START_WAIT_MS,
  RESTART_COMMAND,
  ROOT_SEARCH_DELAY_MS,
  SEARCH_EXCLUDE,
  SHOW_PREVIEW_COMMAND,
} from '../src/controller';
import { PLUGIN_MANIFEST_GLOB } from '../src/selectors';
import { doc, EXTENSION_PATH, FakeUri, settle, World, type WorldOptions } from './fakeVscode';

const CARGO_BIN = '/home/u/.cargo/bin/agentls';
const ON_PATH: WorldOptions = { executables: [CARGO_BIN], pathEnv: '/usr/bin:/home/u/.cargo/bin' };

const AGENT = '/ws/.claude/agents/reviewer.md';
const AGENT2 = '/ws/.claude/agents/sub/tester.md';
const README = '/ws/README.md';
const OTHER_MARKDOWN = [
  '/ws/README.md',
  '/ws/docs/notes.md',
  '/ws/docs/agents/x.md',
  '/ws/notes/SKILL.md',
  '/ws/.claude/agents.md',
  '/ws/.claude/skills/s/deep/SKILL.md',
  '/ws/.cursor/rules/r.md',
  '/ws/.gemini/agents/_draft.md',
];
const PLUGIN = '/ws/tools/my-plugin';
const PLUGIN_MANIFEST = `${PLUGIN}/.claude-plugin/plugin.json`;
const PLUGIN_AGENT = `${PLUGIN}/agents/helper.md`;
const OUTSIDE_PLUGIN = '/home/u/.claude/plugins/cache/market/tool/1.0.0';
const OUTSIDE_AGENT = `${OUTSIDE_PLUGIN}/agents/z.md`;

/** A world and an activated controller in it, with the first start's work done. */
async function start(options: WorldOptions = {}): Promise<{ world: World; controller: Controller }> {
  const world = new World(options);
  const controller = new Controller(world.deps());
  controller.activate();
  await settle();
  return { world, controller };
}

/** Runs the timers due in `ms`, then what they set off. */
async function after(world: World, ms: number): Promise<void> {
  world.timers.tick(ms);
  await settle();
}

/** Asserts that nothing beyond the commands and the first listeners happened. */
function assertIdle(world: World, controller: Controller): void {
  assert.equal(controller.isEngaged, false, 'engaged');
  assert.deepEqual(world.findFilesCalls, [], 'workspace searches');
  assert.equal(world.watchers.length, 0, 'file system watchers');
  assert.equal(world.onDidChangeWorkspaceFolders.listeners, 0, 'workspace folder listeners');
  assert.equal(world.runtimeLoads, 0, 'runtime bundle loads');
  assert.equal(world.clients.length, 0, 'language clients');
  assert.equal(world.errors.length, 0, 'error notifications');
  assert.equal(world.output.length, 0, 'output lines');
  assert.equal(world.timers.pending, 0, 'pending timers');
}

describe('controller: activation does nothing heavy for other Markdown', () => {
  it('with only other Markdown open: two commands, listeners, no search, no watcher, no server', async () => {
    const { world, controller } = await start({ ...ON_PATH, open: OTHER_MARKDOWN.map((p) => doc(p)) });
    await after(world, 10_000);
    assert.deepEqual([...world.commands.keys()].sort(), [RESTART_COMMAND, SHOW_PREVIEW_COMMAND].sort());
    assert.equal(world.onDidOpenTextDocument.listeners, 1);
    assert.equal(world.onDidChangeActiveTextEditor.listeners, 1);
    assert.equal(world.onDidChangeConfiguration.listeners, 1);
    assertIdle(world, controller);
  });

  it('opening other Markdown, text files and non-file documents afterwards keeps it idle', async () => {
    const { world, controller } = await start(ON_PATH);
    for (const p of OTHER_MARKDOWN) {
      world.open(doc(p));
    }
    world.open(doc('/ws/.claude/agents/notes.txt', 'plaintext'));
    world.open(doc(AGENT, 'plaintext')); // an agent path in another language mode
    world.open(doc('/ws/src/agents/x.md')); // an agents/ folder without plugin.json
    world.open(doc('/ws/plugins/agents/x.md')); // not plugins/<name>/agents/
    for (const uri of ['untitled:/ws/.claude/agents/new.md', 'git:/ws/.claude/agents/reviewer.md']) {
      world.open({ uri: FakeUri.parse(uri), languageId: 'markdown', fileName: uri } as never);
    }
    await after(world, 10_000);
    assertIdle(world, controller);
  });

  it('settings changes and the active editor moving do not wake it', async () => {
    const { world, controller } = await start({ ...ON_PATH, open: [doc(README)] });
    world.activate(world.textDocuments[0]);
    world.changeSettings({ 'server.args': ['--x'] });
    await after(world, 10_000);
    assertIdle(world, controller);
    assert.equal(world.contextKey(CONTEXT_KEY), false);
  });

  it('the first agent file opened searches plugin roots, watches plugin.json and starts the server', async () => {
    const { world, controller } = await start({ ...ON_PATH, open: [doc(README)] });
    const agent = world.open(doc(AGENT));
    await settle();
    assert.equal(controller.isEngaged, true);
    assert.deepEqual(world.findFilesCalls, [{ include: PLUGIN_MANIFEST_GLOB, exclude: SEARCH_EXCLUDE }]);
    assert.deepEqual(
      world.watchers.map((w) => w.glob),
      [PLUGIN_MANIFEST_GLOB],
    );
    assert.equal(world.onDidChangeWorkspaceFolders.listeners, 1);
    assert.equal(world.clients.length, 1);
    const [client] = world.clients;
    assert.equal(client.isRunning(), true);
    assert.equal(client.setup.command, CARGO_BIN);
    assert.deepEqual(client.setup.args, []);
    assert.equal(client.attachesTo(agent), true);
    assert.ok(world.output.includes(`Starting ${CARGO_BIN} (path)`), world.output.join('\n'));
    // Opening more agent files does not search again nor start another server.
    world.open(doc(AGENT2));
    await after(world, 10_000);
    assert.equal(world.findFilesCalls.length, 1);
    assert.equal(world.watchers.length, 1);
    assert.equal(world.clients.length, 1);
  });

  it('an agent file already open when the extension activates starts the server at once', async () => {
    const { world, controller } = await start({ ...ON_PATH, open: [doc(README), doc(AGENT)] });
    assert.equal(controller.isEngaged, true);
    assert.equal(world.findFilesCalls.length, 1);
    assert.equal(world.running().length, 1);
  });

  it('a plugin agent, known by the plugin.json beside its agents/ folder, starts it too', async () => {
    const { world, controller } = await start({ ...ON_PATH, files: [PLUGIN_MANIFEST], manifests: [PLUGIN_MANIFEST] });
    const agent = world.open(doc(PLUGIN_AGENT));
    await settle();
    assert.equal(controller.isEngaged, true);
    assert.equal(world.clients.length, 1, 'one client: the root was known before it started');
    assert.equal(world.clients[0].attachesTo(agent), true);
  });

  it('an agent under plugins/<name>/agents/ starts it too', async () => {
    const { world } = await start(ON_PATH);
    const agent = world.open(doc('/ws/plugins/tool/agents/a.MD'));
    await settle();
    assert.equal(world.running().length, 1);
    assert.equal(world.clients[0].attachesTo(agent), true);
  });

  it('a slow plugin root search does not hold the server back for more than the wait', async () => {
    const world = new World({ ...ON_PATH, open: [doc(AGENT)] });
    let answer: ((uris: FakeUri[]) => void) | undefined;
    const workspace = world.vscode.workspace as { findFiles: unknown };
    workspace.findFiles = () => new Promise((resolve) => (answer = resolve));
    const controller = new Controller(world.deps());
    controller.activate();
    await settle();
    assert.equal(world.clients.length, 0);
    await after(world, FIRST_START_WAIT_MS - 1);
    assert.equal(world.clients.length, 0);
    await after(world, 1);
    assert.equal(world.running().length, 1);
    answer?.([]);
    await settle();
    assert.equal(world.clients.length, 1, 'the same roots: no restart');
  });
});

describe('controller: the server is for agent files only', () => {
  it('the running client attaches to agent files and to no other Markdown', async () => {
    const { world } = await start({ ...ON_PATH, open: [doc(AGENT)] });
    const [client] = world.clients;
    for (const p of [AGENT, AGENT2, '/ws/.claude/agents/C.MD', '/home/u/.claude/agents/global.md', '/ws/plugins/x/agents/a.md']) {
      assert.equal(client.attachesTo(doc(p)), true, p);
    }
    for (const p of OTHER_MARKDOWN) {
      assert.equal(client.attachesTo(doc(p)), false, p);
    }
    assert.equal(client.attachesTo(doc(AGENT, 'plaintext')), false);
  });

  it('and to the files of every other format, in the modes VS Code gives them, also in a plugin with plugin.json', async () => {
    const { world } = await start({ ...ON_PATH, files: [PLUGIN_MANIFEST], manifests: [PLUGIN_MANIFEST], open: [doc(AGENT)] });
    const [client] = world.clients;
    const served: [string, string][] = [
      ['/ws/.claude/skills/pdf/SKILL.md', 'skill'],
      ['/ws/plugins/p/skills/pdf/SKILL.md', 'skill'],
      [`${PLUGIN}/skills/pdf/SKILL.md`, 'skill'],
      ['/ws/.claude/commands/review.md', 'markdown'],
      ['/ws/.claude/commands/ns/review.prompt.md', 'prompt'],
      [`${PLUGIN}/commands/c.md`, 'markdown'],
      ['/ws/.claude/output-styles/terse.md', 'markdown'],
      [`${PLUGIN}/output-styles/terse.md`, 'markdown'],
      ['/ws/.github/skills/pdf/SKILL.md', 'skill'],
      ['/home/u/.codex/skills/pdf/SKILL.md', 'skill'],
      ['/ws/.github/agents/a.md', 'chatagent'],
      ['/ws/.github/agents/sub/a.md', 'markdown'],
      ['/ws/src/x.agent.md', 'chatagent'],
      ['/ws/.github/prompts/x.prompt.md', 'prompt'],
      ['/ws/x.chatmode.md', 'chatagent'],
      ['/ws/.opencode/agent/a.md', 'markdown'],
      ['/home/u/.config/opencode/commands/c.md', 'markdown'],
      ['/ws/.gemini/agents/a.md', 'markdown'],
      ['/ws/.qwen/agents/a.md', 'markdown'],
      ['/ws/.cursor/rules/r.mdc', 'markdown'],
      ['/ws/.cursor/rules/sub/r.MDC', 'plaintext'],
      ['/ws/.cursor/rules/r.mdc', 'mdc'],
    ];
    for (const [p, languageId] of served) {
      assert.equal(client.attachesTo(doc(p, languageId)), true, `${p} (${languageId})`);
    }
    // Each family in its own modes only.
    for (const [p, languageId] of [
      ['/ws/.claude/commands/review.md', 'plaintext'],
      ['/ws/.cursor/rules/r.mdc', 'chatagent'],
      ['/ws/.cursor/rules/r.mdc', 'yaml'],
      ['/ws/docs/r.mdc', 'plaintext'],
      ['/ws/tools/other/commands/c.md', 'markdown'],
    ]) {
      assert.equal(client.attachesTo(doc(p, languageId)), false, `${p} (${languageId})`);
    }
  });

  it('a file of another format engages it as an agent does: a skill, a Cursor rule in Plain Text', async () => {
    for (const opened of [doc('/ws/.claude/skills/pdf/SKILL.md', 'skill'), doc('/ws/.cursor/rules/r.mdc', 'plaintext')]) {
      const { world, controller } = await start({ ...ON_PATH, open: [doc(README)] });
      world.open(opened);
      await settle();
      assert.equal(controller.isEngaged, true, opened.uri.fsPath);
      assert.equal(world.running().length, 1);
      assert.equal(world.clients[0].attachesTo(opened), true);
    }
  });

  it("serverDocuments() lists what the running client's didOpen feature has given the server", async () => {
    const { world, controller } = await start({ ...ON_PATH, open: [doc(README), doc(AGENT)] });
    const [client] = world.clients;
    client.synced.push(world.textDocuments[1]);
    assert.deepEqual(controller.serverDocuments(), [world.textDocuments[1].uri.toString()]);
    await controller.stop();
    assert.deepEqual(controller.serverDocuments(), []);
  });

  it('the context key says whether the active editor shows an agent file', async () => {
    const { world } = await start({ ...ON_PATH, open: [doc(README), doc(AGENT)] });
    world.activate(world.textDocuments[1]);
    assert.equal(world.contextKey(CONTEXT_KEY), true);
    world.activate(world.textDocuments[0]);
    assert.equal(world.contextKey(CONTEXT_KEY), false);
    world.activate(undefined);
    assert.equal(world.contextKey(CONTEXT_KEY), false);
  });

  it('the server arguments come from agentls.server.args', async () => {
    const { world } = await start({ ...ON_PATH, open: [doc(AGENT)], settings: { 'server.args': ['lsp'] } });
    assert.deepEqual(world.clients[0].setup.args, ['lsp']);
  });

  it('the setting wins over the bundled binary, which wins over PATH', async () => {
    const bundled = `${EXTENSION_PATH}/server/agentls`;
    let { world } = await start({ executables: [bundled, CARGO_BIN], pathEnv: '/home/u/.cargo/bin', open: [doc(AGENT)] });
    assert.equal(world.clients[0].setup.command, bundled);
    ({ world } = await start({
      executables: [bundled, CARGO_BIN, '/opt/agentls'],
      pathEnv: '/home/u/.cargo/bin',
      settings: { 'server.path': '/opt/agentls' },
      open: [doc(AGENT)],
    }));
    assert.equal(world.clients[0].setup.command, '/opt/agentls');
  });
});

describe("controller: the language ids VS Code gives agent files (chatagent, prompt, skill, …)", () => {
  // VS Code 1.139's prompt-basics: a top-level .claude/agents/*.md is `chatagent`,
  // *.prompt.md `prompt`, SKILL.md `skill`, .claude/rules/** `instructions`;
  // a nested .claude/agents/sub/x.md stays `markdown`.
  const TOP_CHATAGENT = doc(AGENT, 'chatagent');
  const NOT_AGENTS = [
    doc('/ws/.github/copilot-instructions.md', 'instructions'),
    doc('/ws/notes/SKILL.md', 'skill'),
    doc('/ws/.claude/rules/r.md', 'instructions'),
    doc('/ws/.github/instructions/x.instructions.md', 'instructions'),
    doc('/ws/.github/skills/SKILL.md', 'skill'),
    doc('/ws/docs/r.mdc', 'plaintext'),
    doc('/ws/notes.txt', 'plaintext'),
  ];

  it('a top-level .claude/agents file in chatagent mode engages and starts the server', async () => {
    const { world, controller } = await start({ ...ON_PATH, open: [doc(README)] });
    const agent = world.open(TOP_CHATAGENT);
    await settle();
    assert.equal(controller.isEngaged, true);
    assert.equal(world.running().length, 1);
    assert.equal(world.clients[0].attachesTo(agent), true);
    world.activate(agent);
    assert.equal(world.contextKey(CONTEXT_KEY), true);
  });

  it('one already open when the extension activates starts it at once', async () => {
    const { world, controller } = await start({ ...ON_PATH, open: [TOP_CHATAGENT] });
    assert.equal(controller.isEngaged, true);
    assert.equal(world.running().length, 1);
  });

  it('instructions, skill and plain-text files outside the agent places keep it idle', async () => {
    const { world, controller } = await start({ ...ON_PATH, open: NOT_AGENTS.slice(0, 2) });
    for (const d of NOT_AGENTS.slice(2)) {
      world.open(d);
    }
    await after(world, 10_000);
    assertIdle(world, controller);
  });

  it('the client attaches to agent paths in every such mode, and to nothing else in them', async () => {
    const { world } = await start({ ...ON_PATH, files: [PLUGIN_MANIFEST], manifests: [PLUGIN_MANIFEST], open: [TOP_CHATAGENT] });
    const [client] = world.clients;
    const agents = [
      TOP_CHATAGENT,
      doc(AGENT2, 'markdown'),
      doc('/ws/.claude/agents/b.agent.md', 'chatagent'),
      doc('/ws/.claude/agents/sub/p.prompt.md', 'prompt'),
      doc('/ws/.claude/agents/SKILL.md', 'skill'),
      doc('/ws/.claude/agents/sub/i.instructions.md', 'instructions'),
      doc('/home/u/.claude/agents/global.md', 'chatagent'),
      doc('/ws/plugins/x/agents/a.agent.md', 'chatagent'),
      doc(`${PLUGIN}/agents/helper.chatmode.md`, 'chatagent'),
    ];
    for (const d of agents) {
      assert.equal(client.attachesTo(d), true, `${d.uri.fsPath} (${d.languageId})`);
    }
    for (const d of NOT_AGENTS) {
      assert.equal(client.attachesTo(d), false, `${d.uri.fsPath} (${d.languageId})`);
    }
    for (const languageId of ['plaintext', 'yaml']) {
      assert.equal(client.attachesTo(doc(AGENT, languageId)), false, languageId);
    }
  });

  it('the preview command takes a chatagent agent file, and refuses an instructions file', async () => {
    const instructions = NOT_AGENTS[0];
    const { world } = await start({ ...ON_PATH, open: [TOP_CHATAGENT, instructions] });
    world.activate(instructions);
    world.command(SHOW_PREVIEW_COMMAND);
    assert.equal(world.previews.length, 0);
    assert.match(world.infos[0], /copilot-instructions\.md is not an agent definition file \(Claude Code's \.claude\/agents\/, skills\/, commands\/ or output-styles\/, or a plugin's; .*\*\.prompt\.md.*\.cursor\/rules\/\*\.mdc\)\.$/);
    world.activate(TOP_CHATAGENT);
    world.command(SHOW_PREVIEW_COMMAND);
    assert.equal(world.previews.length, 1);
    assert.deepEqual(world.previews[0].shown, [TOP_CHATAGENT.uri]);
  });
});

describe('controller: no server binary', () => {
  it('says so once, in a notification and the output, however many agent files open', async () => {
    const { world } = await start({ open: [doc(AGENT)] });
    world.open(doc(AGENT2));
    world.open(doc(PLUGIN_AGENT.replace(PLUGIN, '/ws/plugins/p')));
    await after(world, 10_000);
    assert.equal(world.clients.length, 0);
    assert.equal(world.errors.length, 1, JSON.stringify(world.errors));
    const [{ message, items }] = world.errors;
    assert.match(message, /the language server was not found/);
    assert.match(message, /agentls\.server\.path \(not set\)/);
    assert.match(message, /\/ext\/agentls\/server\/agentls \(not present\)/);
    assert.match(message, /`agentls` on PATH \(not found\)/);
    assert.match(message, /cargo install --path server/);
    assert.deepEqual(items, ['Open Setting']);
    assert.deepEqual(world.output.filter((l) => l.includes('not found')), [message]);
  });

  it('the preview asking for the server again does not repeat it', async () => {
    const { world } = await start({ open: [doc(AGENT)] });
    world.activate(world.textDocuments[0]);
    world.command(SHOW_PREVIEW_COMMAND);
    const [preview] = world.previews;
    for (let i = 0; i < 3; i++) {
      assert.equal(await preview.host.client(), undefined);
    }
    assert.equal(world.errors.length, 1);
  });

  it('"Open Setting" opens the agentls.server.path setting', async () => {
    const world = new World({ open: [doc(AGENT)] });
    world.errorChoice = 'Open Setting';
    new Controller(world.deps()).activate();
    await settle();
    assert.deepEqual(
      world.executed.find((c) => c[0] === 'workbench.action.openSettings'),
      ['workbench.action.openSettings', 'agentls.server.path'],
    );
  });

  it('a change of agentls.server.* tells again, and starts the server once it is found', async () => {
    const { world } = await start({ open: [doc(AGENT)] });
    world.changeSettings({}, 'agentls.trace.server');
    await settle();
    assert.equal(world.errors.length, 1, 'a trace setting is not about the server');
    world.changeSettings({ 'server.path': '/nope/agentls' });
    await settle();
    assert.equal(world.errors.length, 2);
    assert.match(world.errors[1].message, /agentls\.server\.path = "\/nope\/agentls" \(\/nope\/agentls is not an executable file\)/);
    world.executables.add('/opt/bin/agentls');
    world.changeSettings({ 'server.path': '/opt/bin/agentls' });
    await settle();
    assert.equal(world.running().length, 1);
    assert.equal(world.clients[0].setup.command, '/opt/bin/agentls');
    assert.equal(world.errors.length, 2);
  });

  it('a wrong setting is reported, not replaced by agentls on PATH', async () => {
    const { world } = await start({ ...ON_PATH, settings: { 'server.path': '/nope/agentls' }, open: [doc(AGENT)] });
    assert.equal(world.clients.length, 0);
    assert.equal(world.errors.length, 1);
  });

  it('Restart Server tells again, and starts the server once installed', async () => {
    const { world } = await start({ open: [doc(AGENT)] });
    await world.command(RESTART_COMMAND);
    assert.equal(world.errors.length, 2);
    world.executables.add(CARGO_BIN);
    world.pathEnv = '/home/u/.cargo/bin';
    await world.command(RESTART_COMMAND);
    assert.equal(world.running().length, 1);
    assert.equal(world.errors.length, 2);
  });
});

describe('controller: the targets setting', () => {
  it('the client starts with agentls.targets as read, null when unset', async () => {
    const { world } = await start({ ...ON_PATH, open: [doc(AGENT)] });
    assert.equal(world.clients[0].setup.targets, null);
    const other = await start({ ...ON_PATH, settings: { targets: ['claude'] }, open: [doc(AGENT)] });
    assert.deepEqual(other.world.clients[0].setup.targets, ['claude']);
  });

  it('a change does not restart the server (the client sends it), and a restart reads it again', async () => {
    const { world } = await start({ ...ON_PATH, open: [doc(AGENT)] });
    world.changeSettings({ targets: ['claude'] }, 'agentls.targets');
    await after(world, 10_000);
    assert.equal(world.clients.length, 1, 'no restart');
    assert.equal(world.running().length, 1);
    await world.command(RESTART_COMMAND);
    assert.equal(world.clients.length, 2);
    assert.deepEqual(world.running()[0].setup.targets, ['claude']);
  });
});

describe('controller: a server that fails', () => {
  it('is not started again for every agent file; Restart Server tries again', async () => {
    const world = new World({ ...ON_PATH });
    const runtime = world.runtime as { createClient: (setup: never) => { failWith?: Error } };
    const create = runtime.createClient;
    let failures = 1;
    runtime.createClient = (setup) => {
      const client = create(setup);
      if (failures > 0) {
        failures -= 1;
        client.failWith = new Error('spawn EACCES');
      }
      return client;
    };
    new Controller(world.deps()).activate();
    world.open(doc(AGENT));
    await settle();
    assert.equal(world.clients.length, 1);
    assert.ok(world.output.some((l) => l.includes('agentls failed to start: spawn EACCES')), world.output.join('\n'));
    world.open(doc(AGENT2));
    await after(world, 10_000);
    assert.equal(world.clients.length, 1, 'not retried on the next agent file');
    await world.command(RESTART_COMMAND);
    assert.equal(world.clients.length, 2);
    assert.equal(world.running().length, 1);
  });

  it('one that vscode-languageclient gave up restarting is not started again until Restart Server', async () => {
    const { world } = await start({ ...ON_PATH, open: [doc(AGENT)] });
    const [client] = world.clients;
    client.setup.onGiveUp?.();
    await client.dispose(); // the client stopped for good
    world.open(doc(AGENT2));
    await settle();
    assert.equal(world.clients.length, 1);
    await world.command(RESTART_COMMAND);
    assert.equal(world.running().length, 1);
    assert.equal(world.clients.length, 2);
  });
});

describe('controller: plugin folders that change', () => {
  it('a plugin.json added to the workspace restarts the client with the new root', async () => {
    const { world } = await start({ ...ON_PATH, open: [doc(AGENT)] });
    const [first] = world.clients;
    const pluginAgent = doc(PLUGIN_AGENT);
    assert.equal(first.attachesTo(pluginAgent), false);

    world.files.add(PLUGIN_MANIFEST);
    world.manifests = [PLUGIN_MANIFEST];
    world.watchers[0].onDidCreate.fire(FakeUri.file(PLUGIN_MANIFEST));
    world.watchers[0].onDidCreate.fire(FakeUri.file(PLUGIN_MANIFEST)); // events come in bursts
    await after(world, ROOT_SEARCH_DELAY_MS - 1);
    assert.equal(world.findFilesCalls.length, 1, 'searched again before the burst settled');
    await after(world, 1);
    assert.equal(world.findFilesCalls.length, 2);
    assert.equal(first.disposed, true);
    assert.equal(world.clients.length, 2);
    const [, second] = world.clients;
    assert.equal(second.isRunning(), true);
    assert.equal(second.attachesTo(pluginAgent), true);
    assert.equal(second.attachesTo(doc(AGENT)), true);
    assert.equal(second.attachesTo(doc(`${PLUGIN}/README.md`)), false);
  });

  it('a plugin.json deleted drops the root and restarts the client', async () => {
    const { world } = await start({
      ...ON_PATH,
      files: [PLUGIN_MANIFEST],
      manifests: [PLUGIN_MANIFEST],
      open: [doc(PLUGIN_AGENT)],
    });
    assert.equal(world.clients[0].attachesTo(doc(PLUGIN_AGENT)), true);
    world.files.delete(PLUGIN_MANIFEST);
    world.manifests = [];
    world.watchers[0].onDidDelete.fire(FakeUri.file(PLUGIN_MANIFEST));
    await after(world, ROOT_SEARCH_DELAY_MS);
    assert.equal(world.clients.length, 2);
    assert.equal(world.clients[0].disposed, true);
    assert.equal(world.clients[1].attachesTo(doc(PLUGIN_AGENT)), false);
  });

  it('a search that finds the same roots leaves the client alone', async () => {
    const { world } = await start({ ...ON_PATH, files: [PLUGIN_MANIFEST], manifests: [PLUGIN_MANIFEST], open: [doc(AGENT)] });
    world.watchers[0].onDidCreate.fire(FakeUri.file('/ws/node_modules/x/.claude-plugin/plugin.json'));
    await after(world, ROOT_SEARCH_DELAY_MS);
    assert.equal(world.findFilesCalls.length, 2);
    assert.equal(world.clients.length, 1);
    assert.equal(world.running().length, 1);
  });

  it('workspace folders that change are searched again', async () => {
    const { world } = await start({ ...ON_PATH, open: [doc(AGENT)] });
    world.files.add(PLUGIN_MANIFEST);
    world.manifests = [PLUGIN_MANIFEST];
    world.onDidChangeWorkspaceFolders.fire({});
    await after(world, ROOT_SEARCH_DELAY_MS);
    assert.equal(world.findFilesCalls.length, 2);
    assert.equal(world.clients.length, 2);
    assert.equal(world.clients[1].attachesTo(doc(PLUGIN_AGENT)), true);
  });

  it('a plugin agent opened from outside the workspace adds its root', async () => {
    const manifest = `${OUTSIDE_PLUGIN}/.claude-plugin/plugin.json`;
    const { world } = await start({ ...ON_PATH, files: [manifest], open: [doc(AGENT)] });
    const outside = world.open(doc(OUTSIDE_AGENT));
    await settle();
    assert.equal(world.clients.length, 2);
    assert.equal(world.clients[1].attachesTo(outside), true);
    // Its plugin.json goes away: the next search drops the root.
    world.files.delete(manifest);
    world.watchers[0].onDidDelete.fire(FakeUri.file(manifest));
    await after(world, ROOT_SEARCH_DELAY_MS);
    assert.equal(world.clients.length, 3);
    assert.equal(world.clients[2].attachesTo(outside), false);
  });

  it('as the first agent file, it starts the server with its root', async () => {
    const manifest = `${OUTSIDE_PLUGIN}/.claude-plugin/plugin.json`;
    const { world } = await start({ ...ON_PATH, files: [manifest] });
    const outside = world.open(doc(OUTSIDE_AGENT));
    await settle();
    assert.equal(world.clients.length, 1);
    assert.equal(world.clients[0].attachesTo(outside), true);
  });
});

describe('controller: the preview command', () => {
  it('with no editor, says to open an agent file', async () => {
    const { world } = await start(ON_PATH);
    world.command(SHOW_PREVIEW_COMMAND);
    assert.deepEqual(world.infos, ['agentls: open an agent definition file to preview its examples.']);
    assert.equal(world.previews.length, 0);
    assert.equal(world.runtimeLoads, 0);
  });

  it('on other Markdown, says it is not an agent file, and starts nothing', async () => {
    const { world, controller } = await start({ ...ON_PATH, open: [doc(README)] });
    world.activate(world.textDocuments[0]);
    world.command(SHOW_PREVIEW_COMMAND);
    assert.equal(world.infos.length, 1);
    assert.match(world.infos[0], /README\.md is not an agent definition file/);
    assert.equal(world.previews.length, 0);
    assertIdle(world, controller);
  });

  it('on an agent file, opens one panel on it, whose host starts the server', async () => {
    const { world } = await start({ ...ON_PATH, open: [doc(README), doc(AGENT), doc(AGENT2)] });
    const [readme, agent, agent2] = world.textDocuments;
    world.activate(agent);
    world.command(SHOW_PREVIEW_COMMAND);
    world.activate(agent2);
    world.command(SHOW_PREVIEW_COMMAND);
    assert.equal(world.previews.length, 1, 'one panel');
    const [preview] = world.previews;
    assert.deepEqual(preview.shown, [agent.uri, agent2.uri]);
    assert.equal(await preview.host.client(), world.running()[0]);
    assert.equal(preview.host.isAgentDocument(agent), true);
    assert.equal(preview.host.isAgentDocument(readme), false);
  });

  it('from the lens, with the URI string the server sent, shows the open document', async () => {
    const spaced = '/ws/.claude/agents/my agent.md';
    const { world } = await start({ ...ON_PATH, open: [doc(spaced)] });
    const [agent] = world.textDocuments;
    world.command(SHOW_PREVIEW_COMMAND, 'file:///ws/.claude/agents/my%20agent.md');
    world.command(SHOW_PREVIEW_COMMAND, agent.uri);
    assert.equal(world.previews.length, 1);
    assert.equal(world.previews[0].shown[0], agent.uri, 'the open document, not a parsed copy');
    assert.equal(world.previews[0].shown[1], agent.uri);
  });

  it('a URI string that does not parse does nothing but say so', async () => {
    const { world } = await start({ ...ON_PATH, open: [doc(AGENT)] });
    world.command(SHOW_PREVIEW_COMMAND, 'not a uri');
    assert.equal(world.previews.length, 0);
    assert.equal(world.infos.length, 1);
  });

  it('is refreshed when the server (re)starts', async () => {
    const { world } = await start({ open: [doc(AGENT)] });
    world.activate(world.textDocuments[0]);
    world.command(SHOW_PREVIEW_COMMAND);
    const [preview] = world.previews;
    assert.equal(preview.refreshes, 0);
    world.executables.add(CARGO_BIN);
    world.pathEnv = '/home/u/.cargo/bin';
    await world.command(RESTART_COMMAND);
    assert.equal(preview.refreshes, 1);
  });
});

describe('controller: dispose and stop', () => {
  it('dispose removes commands, listeners and the watcher; stop stops the client', async () => {
    const { world, controller } = await start({ ...ON_PATH, open: [doc(AGENT)] });
    world.command(SHOW_PREVIEW_COMMAND, world.textDocuments[0].uri);
    world.watchers[0].onDidCreate.fire(FakeUri.file(PLUGIN_MANIFEST));
    controller.dispose();
    await controller.stop();
    assert.equal(world.commands.size, 0);
    assert.equal(world.onDidOpenTextDocument.listeners, 0);
    assert.equal(world.onDidChangeWorkspaceFolders.listeners, 0);
    assert.equal(world.watchers[0].disposed, true);
    assert.equal(world.timers.pending, 0, 'the pending root search is dropped');
    assert.equal(world.previews[0].disposed, true);
    assert.equal(world.clients[0].disposed, true);
  });
});
