// The extension in VS Code's real extension host (VS Code 1.139, with its
// built-in prompt support), against the real agentls server: run by run.mjs
// through vscode-e2e's `run` (`npm run test:e2e`). A plain CommonJS module:
// run() resolves when every check passed and rejects otherwise.
//
// The workspace holds fixtures.js's files. The server comes from the
// workspace setting agentls.server.path, which run.mjs writes.
const assert = require('node:assert/strict');
const vscode = require('vscode');

const fixtures = require('./fixtures.js');

const REVIEWER = '.claude/agents/reviewer.md';
const TESTER = '.claude/agents/team/tester.md';
const TRIAGE = '.claude/agents/team/triage.prompt.md';
const HELPER = 'plugins/kit/agents/helper.agent.md';
/** The skill the targets setting is checked on (`user-invocable: maybe`). */
const REVIEW_SKILL = '.claude/skills/review/SKILL.md';
/** Not agent files, or agent-folder documentation: agentls says nothing about them. */
const SILENT = ['README.md', 'docs/agents/notes.md', '.claude/agents/README.md', 'docs/x.md', 'notes/SKILL.md', '.gemini/agents/_draft.md'];
/** Files of the other formats: the client attaches to them (whatever the server says about them). */
const OTHER_FORMATS = [
  '.claude/skills/pdf/SKILL.md',
  '.claude/commands/stage-review.md',
  'tools/planner.agent.md',
  '.github/prompts/release.prompt.md',
  '.gemini/agents/triager.md',
  '.cursor/rules/style.mdc',
  // And the patterns with {…} and an upper-case extension.
  '.cursor/rules/legacy/OLD.MDC',
  '.opencode/agent/reviewer.md',
  '.agents/skills/pdf/SKILL.md',
];
/** Ordinary Markdown the client must not attach to (ordinary to agentls, whatever VS Code calls them). */
const NOT_ATTACHED = ['README.md', 'docs/agents/notes.md', 'docs/x.md', 'notes/SKILL.md', '.gemini/agents/_draft.md'];

/** The language id VS Code 1.139 gives each file (what the extension must accept). */
const LANGUAGE_IDS = {
  [REVIEWER]: 'chatagent',
  [TESTER]: 'markdown',
  [TRIAGE]: 'prompt',
  [HELPER]: 'chatagent',
  'README.md': 'markdown',
  'docs/agents/notes.md': 'markdown',
  '.claude/agents/README.md': 'chatagent',
  '.claude/skills/pdf/SKILL.md': 'skill',
  [REVIEW_SKILL]: 'skill',
  '.claude/commands/stage-review.md': 'markdown',
  'tools/planner.agent.md': 'chatagent',
  '.github/prompts/release.prompt.md': 'prompt',
  '.gemini/agents/triager.md': 'markdown',
  '.cursor/rules/style.mdc': 'markdown', // markdown-basics: **/.cursor/**/*.mdc
  '.cursor/rules/legacy/OLD.MDC': 'markdown',
  '.opencode/agent/reviewer.md': 'markdown',
  '.agents/skills/pdf/SKILL.md': 'skill',
  '.gemini/agents/_draft.md': 'markdown',
  'docs/x.md': 'markdown',
  'notes/SKILL.md': 'skill',
};

/** Diagnostics, hovers and completions arrive within this. */
const WAIT_MS = 20_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `fn` until it returns something truthy; fails with `what` after `ms`. */
async function waitFor(what, fn, ms = WAIT_MS) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) {
      return value;
    }
    if (Date.now() > end) {
      throw new assert.AssertionError({ message: `timed out after ${ms} ms waiting for ${what}` });
    }
    await sleep(100);
  }
}

const root = () => vscode.workspace.workspaceFolders[0].uri;
/** The extension's API (src/extension.ts's AgentlsApi). */
const api = () => vscode.extensions.getExtension('agentls.agentls').exports;
const uriOf = (path) => vscode.Uri.joinPath(root(), path);
const documentOf = (path) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uriOf(path).toString());

/** The position of the `nth` occurrence of `needle` in a fixture, plus `delta` characters. */
function positionOf(path, needle, delta = 0) {
  const text = fixtures[path];
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} in ${path}`);
  const before = text.slice(0, at + delta).split('\n');
  return new vscode.Position(before.length - 1, before.at(-1).length);
}

const codeOf = (d) => (typeof d.code === 'object' && d.code !== null ? d.code.value : d.code);
const agentlsDiagnostics = (path) => vscode.languages.getDiagnostics(uriOf(path)).filter((d) => d.source === 'agentls');
const otherDiagnostics = (path) => vscode.languages.getDiagnostics(uriOf(path)).filter((d) => d.source !== 'agentls');
const show = (d) => `${d.source ?? '(no source)'} ${codeOf(d) ?? ''} ${d.range.start.line}:${d.range.start.character}: ${d.message}`;
const hoverText = (hovers) =>
  hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n---\n');

/** Waits for agentls's diagnostic `code` on `path`. */
function diagnostic(path, code) {
  return waitFor(`${code} on ${path}`, () => agentlsDiagnostics(path).find((d) => codeOf(d) === code));
}

/** Asserts one diagnostic exactly: code, source, severity, message start, range. */
function assertDiagnostic(d, { code, message, range, severity = vscode.DiagnosticSeverity.Warning }) {
  assert.equal(d.source, 'agentls');
  assert.equal(codeOf(d), code);
  assert.equal(d.severity, severity);
  assert.ok(d.message.startsWith(message), `message: ${d.message}`);
  assert.deepEqual(
    [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
    [range.start.line, range.start.character, range.end.line, range.end.character],
  );
}

/** The range of `needle` in a fixture. */
function rangeOf(path, needle) {
  return new vscode.Range(positionOf(path, needle), positionOf(path, needle, needle.length));
}

const tests = {
  async 'VS Code gives the files the language ids the extension accepts'() {
    // The silent files first, so that the server has had them (if it were
    // wrongly given them) well before the agent files' diagnostics arrive.
    for (const path of [...SILENT, REVIEWER, TESTER, TRIAGE, HELPER, ...OTHER_FORMATS, REVIEW_SKILL]) {
      const doc = await vscode.workspace.openTextDocument(uriOf(path));
      console.log(`  ${path}: ${doc.languageId}`);
    }
    for (const [path, id] of Object.entries(LANGUAGE_IDS)) {
      assert.equal(documentOf(path).languageId, id, path);
    }
    await vscode.window.showTextDocument(documentOf(REVIEWER));
  },

  async 'the client attaches to a skill, a command, a Copilot .agent.md, a .prompt.md, a Gemini agent, a Cursor rule'() {
    // Attached: the selector matches, and the running client has given the
    // document to the server (its didOpen). What the server says about these
    // kinds is its own business: not checked here.
    for (const path of OTHER_FORMATS) {
      const doc = documentOf(path);
      assert.ok(api().isAgentDocument(doc), `the selector matches ${path} (${doc.languageId})`);
      await waitFor(`${path} to be given to the server`, () => api().serverDocuments().includes(doc.uri.toString()));
    }
    for (const path of [REVIEWER, TESTER, TRIAGE, HELPER]) {
      await waitFor(`${path} to be given to the server`, () => api().serverDocuments().includes(uriOf(path).toString()));
    }
  },

  async 'and not to ordinary Markdown: docs/x.md, notes/SKILL.md, a README, docs/agents/, a Gemini _draft.md'() {
    await sleep(500); // the client had every open document a while ago
    const given = api().serverDocuments();
    console.log(`  given to the server: ${given.map((u) => vscode.workspace.asRelativePath(vscode.Uri.parse(u))).sort().join(', ')}`);
    for (const path of NOT_ATTACHED) {
      assert.equal(api().isAgentDocument(documentOf(path)), false, path);
      assert.ok(!given.includes(uriOf(path).toString()), path);
    }
  },

  async 'agentls diagnoses the top-level .claude/agents file (chatagent), apart from VS Code'() {
    const d = await diagnostic(REVIEWER, 'AG301');
    assertDiagnostic(d, { code: 'AG301', message: 'Unknown model "sonet" (did you mean "sonnet"?)', range: rangeOf(REVIEWER, 'sonet') });
    assert.deepEqual(agentlsDiagnostics(REVIEWER).map(codeOf), ['AG301']);
    // VS Code validates chatagent files itself; its diagnostics carry no agentls source or AG code.
    const own = await waitFor("VS Code's own diagnostic on the model", () =>
      otherDiagnostics(REVIEWER).find((o) => o.message.includes("'sonet'")),
    );
    for (const o of otherDiagnostics(REVIEWER)) {
      console.log(`  VS Code's own: ${show(o)}`);
      assert.doesNotMatch(String(codeOf(o) ?? ''), /^AG\d{3}$/);
    }
    assert.notEqual(own.source, 'agentls');
  },

  async 'agentls diagnoses the nested .claude/agents/team file (markdown)'() {
    const d = await diagnostic(TESTER, 'AG402');
    assertDiagnostic(d, { code: 'AG402', message: 'Task was renamed to Agent', range: rangeOf(TESTER, 'Task') });
    assert.deepEqual(agentlsDiagnostics(TESTER).map(codeOf), ['AG402']);
    assert.deepEqual(otherDiagnostics(TESTER).map(show), [], 'VS Code does not validate a markdown file');
  },

  async 'and agent files in prompt and chatagent modes by their names (a .prompt.md, a plugin .agent.md)'() {
    assertDiagnostic(await diagnostic(TRIAGE, 'AG201'), {
      code: 'AG201',
      message: 'Unknown key "colour"',
      range: rangeOf(TRIAGE, 'colour'),
    });
    await diagnostic(HELPER, 'AG203');
    assert.deepEqual(agentlsDiagnostics(HELPER).map(codeOf).sort(), ['AG101', 'AG203']);
  },

  async 'hover on a key'() {
    const hovers = await waitFor('a hover on "model"', async () => {
      const h = await vscode.commands.executeCommand('vscode.executeHoverProvider', uriOf(REVIEWER), positionOf(REVIEWER, 'model', 2));
      return hoverText(h).includes('**model**') && h;
    });
    // VS Code's own hover for chatagent files comes too; agentls's is the one that starts with the key.
    for (const h of hovers) {
      console.log(`  hover: ${hoverText([h]).split('\n')[0]}`);
    }
    assert.ok(hovers.some((h) => /^\*\*model\*\* · optional/.test(hoverText([h]))), hoverText(hovers));
  },

  async 'completion after "model: "'() {
    const at = positionOf(REVIEWER, 'sonet');
    // Resolve the first 40 items, as the suggest widget does for the one it shows.
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uriOf(REVIEWER), at, undefined, 40);
    const labelOf = (i) => (typeof i.label === 'string' ? i.label : i.label.label);
    const labels = list.items.map(labelOf);
    console.log(`  completions: ${labels.slice(0, 10).join(', ')}`);
    // VS Code's own list for chatagent files is sonnet, opus, haiku, inherit; opusplan is agentls's.
    for (const model of ['sonnet', 'opus', 'haiku', 'inherit', 'opusplan']) {
      assert.ok(labels.includes(model), model);
    }
    // The server sends the range, the format and the resolve data once, as the
    // list's item defaults: VS Code's client gives each item the range (the
    // value `sonet`, replaced whole) and resolves it through the default data.
    // (VS Code's own `sonnet`, if listed too, is told apart by these.)
    const described = (i) => {
      const range = i.range instanceof vscode.Range ? i.range : i.range?.replacing;
      const text = typeof i.insertText === 'string' ? i.insertText : i.insertText?.value;
      const doc = typeof i.documentation === 'string' ? i.documentation : i.documentation?.value;
      return JSON.stringify({
        range: range && [range.start.line, range.start.character, range.end.line, range.end.character],
        text: text ?? labelOf(i),
        documented: /Sonnet model/.test(doc ?? ''),
      });
    };
    const sonnets = list.items.filter((i) => labelOf(i) === 'sonnet').map(described);
    const expected = JSON.stringify({ range: [at.line, at.character, at.line, at.character + 'sonet'.length], text: 'sonnet', documented: true });
    assert.ok(sonnets.includes(expected), `sonnet items: ${sonnets.join(' | ')}`);
  },

  async 'the example preview: the server command, the lens, the panel'() {
    const markdown = await vscode.commands.executeCommand('agentls.previewExamples', uriOf(REVIEWER).toString());
    console.log(`  preview: ${JSON.stringify(markdown.slice(0, 120))}…`);
    assert.ok(markdown.startsWith('### reviewer\n\nReviews code right after a change.\n'), markdown);
    assert.match(markdown, /\n#### Example 1\n\n\*\*user\*\*\n> Check my diff\n\n\*\*assistant\*\*\n> I'll use the reviewer agent to check it\n/);

    const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uriOf(REVIEWER), 10);
    const lens = lenses.find((l) => l.command && /^Preview 1 example/.test(l.command.title));
    assert.ok(lens, `lenses: ${lenses.map((l) => l.command?.title).join(' | ')}`);
    assert.equal(lens.command.command, 'agentls.showPreview', "the lens opens the extension's panel");
    assert.equal(lens.range.start.line, positionOf(REVIEWER, 'description').line);
    // On the name line: the line Claude Code lists for the agent.
    const roster = lenses.find((l) => l.command && /^Claude Code lists: - reviewer: Reviews code right after a change\./.test(l.command.title));
    assert.ok(roster, `lenses: ${lenses.map((l) => l.command?.title).join(' | ')}`);
    assert.equal(roster.range.start.line, positionOf(REVIEWER, 'name').line);

    await vscode.commands.executeCommand('agentls.showPreview', uriOf(REVIEWER));
    const tab = await waitFor('the preview panel', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('agentls.examplesPreview')),
    );
    assert.equal(tab.label, 'Examples: reviewer.md');
  },

  async 'a quick fix: applied, the diagnostic goes away'() {
    const d = await diagnostic(REVIEWER, 'AG301');
    const actions = await vscode.commands.executeCommand(
      'vscode.executeCodeActionProvider',
      uriOf(REVIEWER),
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    console.log(`  code actions: ${actions.map((a) => a.title).join(' | ')}`);
    const fix = actions.find((a) => a.title === 'Replace with "sonnet"');
    assert.ok(fix, 'Replace with "sonnet"');
    assert.ok(fix.edit, 'the fix carries its edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    if (fix.command) {
      await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    }
    assert.equal(documentOf(REVIEWER).lineAt(d.range.start.line).text, 'model: sonnet');
    await waitFor('AG301 to go away', () => !agentlsDiagnostics(REVIEWER).some((x) => codeOf(x) === 'AG301'));
    assert.deepEqual(agentlsDiagnostics(REVIEWER).map(show), []);
  },

  async 'nothing from agentls on a README, docs/agents/, docs/x.md, notes/SKILL.md, a Gemini _draft.md'() {
    await sleep(1500); // well after the agent files' diagnostics: anything the server said has arrived
    for (const path of SILENT) {
      assert.deepEqual(agentlsDiagnostics(path).map(show), [], path);
    }
    for (const path of Object.keys(LANGUAGE_IDS)) {
      for (const o of otherDiagnostics(path)) {
        console.log(`  VS Code's own on ${path}: ${show(o)}`);
      }
    }
    // Not even a hover: the client is not attached to a plain README.
    const h = await vscode.commands.executeCommand('vscode.executeHoverProvider', uriOf('README.md'), positionOf('README.md', 'model', 2));
    assert.doesNotMatch(hoverText(h), /\*\*model\*\* · optional/);
  },

  async 'agentls.targets: a skill Copilot CLI refuses gets AG020 and AG706; with ["claude"], AG706 alone, at once'() {
    const codes = () => agentlsDiagnostics(REVIEW_SKILL).map(codeOf).sort().join(' ');
    const config = () => vscode.workspace.getConfiguration('agentls');
    assert.equal(config().get('targets'), null, 'unset by default');
    await waitFor(`AG020 and AG706 on ${REVIEW_SKILL} (got: ${codes()})`, () => codes() === 'AG020 AG706');
    const ag020 = agentlsDiagnostics(REVIEW_SKILL).find((d) => codeOf(d) === 'AG020');
    assert.ok(ag020.message.startsWith('Copilot CLI, which reads .claude/skills too, refuses this skill'), ag020.message);

    await config().update('targets', ['claude'], vscode.ConfigurationTarget.Workspace);
    // What vscode-languageclient sends the server (synchronize.configurationSection
    // 'agentls'): the whole section, as this returns it, targets included.
    const section = vscode.workspace.getConfiguration().get('agentls');
    console.log(`  agentls section sent to the server: ${JSON.stringify(section)}`);
    assert.deepEqual(section.targets, ['claude']);
    await waitFor(`AG706 alone on ${REVIEW_SKILL} (got: ${codes()})`, () => codes() === 'AG706');
    // The other open agent files are judged again too, with nothing new to say.
    assert.deepEqual(agentlsDiagnostics(TESTER).map(codeOf), ['AG402']);

    // A server started while it is set has it from the start (initializationOptions).
    await vscode.commands.executeCommand('agentls.restartServer');
    await waitFor(`${REVIEW_SKILL} to be given to the restarted server`, () =>
      api().serverDocuments().includes(uriOf(REVIEW_SKILL).toString()),
    );
    await waitFor(`the restarted server's diagnostics on ${REVIEW_SKILL}`, () => codes() !== '');
    await sleep(500); // and all of them
    assert.equal(codes(), 'AG706');

    await config().update('targets', undefined, vscode.ConfigurationTarget.Workspace);
    await waitFor(`AG020 again once unset (got: ${codes()})`, () => codes() === 'AG020 AG706');
  },
};

exports.run = async function run() {
  const started = Date.now();
  const ext = vscode.extensions.getExtension('agentls.agentls');
  assert.ok(ext, 'the extension under test is loaded');
  console.log(`VS Code ${vscode.version} (${vscode.env.appName}); prompt-basics present: ${!!vscode.extensions.getExtension('vscode.prompt')}`);
  let failed = 0;
  for (const [name, fn] of Object.entries(tests)) {
    const t = Date.now();
    try {
      await fn();
      console.log(`ok   ${name} (${Date.now() - t} ms)`);
    } catch (error) {
      failed += 1;
      console.log(`FAIL ${name} (${Date.now() - t} ms)\n  ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n  ')}`);
    }
  }
  assert.ok(ext.isActive, 'the extension activated');
  await vscode.workspace.saveAll(false); // no unsaved edits left behind at shutdown
  const total = Object.keys(tests).length;
  console.log(`${total - failed} passed, ${failed} failed, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (failed > 0) {
    throw new Error(`${failed} of ${total} end-to-end checks failed`);
  }
};
