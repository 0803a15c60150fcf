//! Every diagnostic agentls reports, with its stable code and documentation.
//!
//! Codes never change meaning once released. `agentls rules` prints this
//! table as Markdown; `docs/rules.md` is that output, checked by a test.

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Claude Code will not load the file (or, for a plugin agent, `claude
    /// plugin validate` rejects it).
    Error,
    /// The file loads, but part of it is ignored or works differently than written.
    Warning,
    /// The file works as written; something could be clearer (editors show it subtly).
    Hint,
}

impl Severity {
    /// The lowercase name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Hint => "hint",
        }
    }
}

/// A rule: one kind of diagnostic.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Rule {
    /// Stable code, e.g. `AG101`.
    pub code: &'static str,
    /// Stable kebab-case name.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One paragraph: what it means, why it matters, how to fix it.
    pub doc: &'static str,
}

macro_rules! rules {
    ($($id:ident = $code:literal, $name:literal, $sev:ident, $doc:literal;)*) => {
        $(
            #[doc = $doc]
            pub static $id: Rule = Rule { code: $code, name: $name, severity: Severity::$sev, doc: $doc };
        )*
        /// Every rule, in code order.
        pub static ALL: &[&Rule] = &[$(&$id),*];
    };
}

rules! {
    NO_FRONTMATTER = "AG001", "no-frontmatter", Error,
        "The file has no frontmatter. Claude Code treats a Markdown file in an agents folder without a `---` block at its very first byte as documentation and skips it. Start the file with `---`, the `name` and `description` fields, and `---`. Files named like documentation (`README.md`, `CHANGELOG.md`, …) are exempt. A plugin agent (`<plugin>/agents/`) is not skipped but loads under its file name with a stock description (`Agent from <plugin> plugin`) and no other field, and `claude plugin validate` rejects the plugin: an error there too.";
    FRONTMATTER_NOT_FIRST = "AG002", "frontmatter-not-first", Error,
        "The frontmatter does not start at the first byte of the file (a blank line or spaces come before the opening `---`). Claude Code only recognises frontmatter that begins the file, so it skips this agent. Delete what comes before `---`. (A UTF-8 byte-order mark is fine.) A plugin agent (`<plugin>/agents/`) is not skipped but loads under its file name with a stock description (`Agent from <plugin> plugin`) and no other field, and `claude plugin validate` rejects the plugin: an error there too.";
    FRONTMATTER_UNTERMINATED = "AG003", "frontmatter-unterminated", Error,
        "The opening `---` has no closing `---`. Claude Code finds no frontmatter and skips the file. Add a `---` line after the last field. A plugin agent (`<plugin>/agents/`) is not skipped but loads under its file name with a stock description (`Agent from <plugin> plugin`) and no other field, and `claude plugin validate` rejects the plugin: an error there too.";
    YAML_INVALID = "AG004", "yaml-invalid", Error,
        "The frontmatter is not valid YAML, and Claude Code's second attempt (it quotes single-line values containing `: ` or characters such as `[`, `#`, `@` and retries) fails too. Claude Code then reads no field at all and skips the agent, writing the error only to its debug log. The usual causes are continuation lines of a multi-line value that are not indented, and a CRLF file with an unquoted `: ` in a value. Quote the value or use a block scalar (`description: |`). A plugin agent (`<plugin>/agents/`) is not skipped but loads under its file name with a stock description (`Agent from <plugin> plugin`) and no other field, and `claude plugin validate` rejects the plugin: an error there too.";
    YAML_RESCUED = "AG005", "yaml-rescued", Warning,
        "The frontmatter is not valid YAML, but Claude Code's quoting retry rescues it, so the agent loads. Other tools (YAML linters, other agent runtimes, editors, scripts) will reject the file. Quote the values the warning points at.";
    FRONTMATTER_NOT_MAPPING = "AG006", "frontmatter-not-mapping", Error,
        "The frontmatter parses as YAML but is not a mapping of keys to values (it is a list, a single value, or several documents). Claude Code reads no fields from it and skips the agent.";
    CLOSING_FENCE_IN_VALUE = "AG007", "closing-fence-in-value", Warning,
        "Claude Code ends the frontmatter at the first `---` anywhere after the opening line, even in the middle of a value or on an indented line of a block scalar. Everything after it, including any later fields, becomes part of the system prompt. Avoid `---` inside frontmatter values. (An indented `---` with no real closing `---` after it is taken as the closing line it was meant to be, and not reported.)";
    COMMENT_TRUNCATES_VALUE = "AG008", "comment-truncates-value", Warning,
        "In an unquoted YAML value, ` #` starts a comment: the value ends before it and the rest is dropped (`Use for C# code #important` loads as `Use for C# code`). Quote the value to keep the text.";
    DUPLICATE_KEY = "AG009", "duplicate-key", Warning,
        "A key appears twice in the frontmatter. YAML forbids duplicate keys and strict parsers reject the file; which value a lenient loader keeps is not something to rely on. Keep one.";
    FILE_TOO_LARGE = "AG010", "file-too-large", Warning,
        "The file is larger than 10 MiB; agentls does not analyse it, to keep the editor responsive. An agent definition this large is almost certainly a mistake.";
    PLUGIN_AGENT_TOO_LARGE = "AG011", "plugin-agent-too-large", Error,
        "Claude Code skips plugin agent files larger than 1 MiB (1,048,576 bytes). Move long reference material into a skill or a file the agent reads.";
    OTHER_TOOL_REFUSES = "AG020", "other-tool-refuses", Warning,
        "Another tool the project targets reads this file too, and would refuse it or read it differently: Copilot CLI reads `.claude/agents` and `.claude/skills` with strict YAML and its own schema. The file's own tool loads it, so this is a warning; the message names the tool and what it will do, with a fix where one is safe. Choose the targets with `--target` or the `targets` setting.";
    INVALID_UTF8 = "AG012", "invalid-utf8", Warning,
        "The file is not valid UTF-8. The invalid bytes were read as U+FFFD replacement characters; Claude Code does the same, so the text the model sees differs from what you wrote. Save the file as UTF-8.";
    NAME_MISSING = "AG101", "name-missing", Error,
        "The `name` field is missing or empty. Claude Code treats a file without a name as documentation and silently skips it. (A plugin agent loads under its file name instead, so there it is a warning.) Add `name: your-agent-name`.";
    NAME_NOT_STRING = "AG102", "name-not-string", Error,
        "`name` is not a string (for example `name: 123` is a number). Claude Code reports `Missing required \"name\" field` and skips the agent. Quote it or use letters.";
    NAME_LEADING_DASH = "AG103", "name-leading-dash", Error,
        "`name` starts with `-`. Claude Code refuses such names (`Invalid \"name\": names must not start with \"-\"`) and skips the agent.";
    NAME_COLON = "AG104", "name-colon", Error,
        "`name` contains `:` (or a character that normalises to it), which Claude Code reserves for `plugin:agent` namespacing. It refuses the name and skips the agent.";
    NAME_TOO_LONG = "AG105", "name-too-long", Error,
        "`name` is longer than 256 characters. Claude Code refuses it and skips the agent.";
    NAME_CONVENTION = "AG106", "name-convention", Warning,
        "The documentation asks for names made of lowercase letters, digits and hyphens (`code-reviewer`). Other names load, but are awkward to type as `@agent-NAME` and break tools that follow the convention.";
    DUPLICATE_NAME = "AG107", "duplicate-name", Warning,
        "Another file in the same scope defines the same name: two agents in one agents folder (`name` fields), a skill and a command (`.claude/skills/deploy/SKILL.md` and `.claude/commands/deploy.md` are both `/deploy`), two custom agents, prompt files or subagents of one tool's folder. The tool keeps only one. The message names both files and, where the tool's order is known, which one it keeps: Claude Code keeps the skill over the command, and between two agents of one folder whichever the file system lists first (`/doctor` reports the clash). Rename one. When the workspace includes your home folder, a Claude Code agent, skill or command defined both in `~/.claude` and in a project is a hint saying which one Claude Code keeps: the project's agent, but the personal skill or command. Likewise a Claude Code agent defined in two projects, one inside the other (`/repo/.claude/agents` and `/repo/pkg/.claude/agents`): Claude Code reads both when it runs in the inner one and keeps the nearer. (Needs the whole workspace: the server reports it once the workspace is indexed, `agentls check` for the files it checks.)";
    DESCRIPTION_MISSING = "AG111", "description-missing", Error,
        "The `description` field is missing or empty. Claude Code reports `Missing required \"description\" field` and skips the agent: without it Claude cannot know when to delegate.";
    DESCRIPTION_NOT_STRING = "AG112", "description-not-string", Error,
        "`description` is not a string (a number, a boolean, a list). Agents require a string: Claude Code skips the file. Quote the value.";
    DESCRIPTION_BLANK = "AG113", "description-blank", Warning,
        "`description` holds only spaces or line breaks (`description: '   '`, or a block scalar that keeps only its line break, `description: |+`). Claude Code accepts it (only an empty value is missing) and lists the agent with a blank description, so Claude has nothing to decide from and will rarely delegate to it. Say when to use the agent.";
    UNKNOWN_KEY = "AG201", "unknown-key", Warning,
        "Claude Code does not recognise this frontmatter key and ignores it. Where Claude Code suggests a replacement, so does agentls, matching as it does with case, `-` and `_` ignored: `allowed-tools` or `allowed_tools` → `tools`, `when_to_use` → `description`, a known key spelt another way (`disallowed-tools` → `disallowedTools`), otherwise the nearest known key for a typo (`modle` → `model`); `mode` gets no hint. The fix renames the key when the suggested one is not already present.";
    HOOK_EVENT_AT_TOP_LEVEL = "AG202", "hook-event-at-top-level", Error,
        "Hook configuration stands outside the top-level `hooks:` key: `PreToolUse` or `PermissionRequest` written as a top-level key (with a value), or such a key, or something shaped like a hook matcher (`{hooks: [{type: command, …}]}`), nested under another key or inside a list, up to three levels down (`metadata`, `mcpServers` and `lspServers` are not searched). Claude Code refuses to load the agent rather than run it without a hook that may have been meant to guard it. Move it under `hooks:`. (Other events written at the top level, such as `Stop:`, are only ignored: AG201.)";
    PLUGIN_IGNORES_FIELD = "AG203", "plugin-ignores-field", Warning,
        "Plugin agents cannot set `permissionMode`, `hooks`, `mcpServers`, `initialPrompt` or the `observer` fields; Claude Code ignores them with a warning. Configure these in the plugin or in settings instead.";
    HOOK_IGNORED = "AG204", "hook-ignored", Warning,
        "A `hooks` entry Claude Code cannot use, for an event other than `PreToolUse` or `PermissionRequest`: an unknown event name, an event whose value is not a list of matchers, a matcher that is not a mapping or has no `hooks` list, a `matcher` that is not a string, or a hook entry with an unknown `type`, no `type`, or a field of the wrong type (`timeout: '5'`, an `http` hook without a valid `url`). Claude Code logs a warning, drops that entry and loads the agent without it, so the hook never runs. (The same mistake in a `PreToolUse` or `PermissionRequest` hook is AG309: the agent is refused.)";
    MODEL_UNKNOWN = "AG301", "model-unknown", Warning,
        "`model` is neither a model alias (`sonnet`, `opus`, `haiku`, `fable`, `inherit`, …) nor something that looks like a Claude model id (`claude-opus-4-5`). Claude Code passes the value on as is, and the agent fails when it starts.";
    COLOR_INVALID = "AG302", "color-invalid", Warning,
        "`color` must be one of `red`, `blue`, `green`, `yellow`, `purple`, `orange`, `pink` or `cyan` (lowercase). Claude Code drops any other value without a word.";
    PERMISSION_MODE_INVALID = "AG303", "permission-mode-invalid", Warning,
        "`permissionMode` must be `default`, `acceptEdits`, `auto`, `dontAsk`, `bypassPermissions` or `plan` (`manual` = `default`). Claude Code ignores any other value.";
    MAX_TURNS_INVALID = "AG304", "max-turns-invalid", Warning,
        "`maxTurns` must be a positive integer. Claude Code ignores any other value (`Must be a positive integer.`).";
    MEMORY_INVALID = "AG305", "memory-invalid", Warning,
        "`memory` must be `user`, `project` or `local`. Claude Code ignores any other value.";
    BACKGROUND_INVALID = "AG306", "background-invalid", Warning,
        "`background` must be `true` or `false`. Claude Code ignores anything else, including YAML 1.1 spellings such as `yes` and `on`.";
    EFFORT_INVALID = "AG307", "effort-invalid", Warning,
        "`effort` must be `low`, `medium`, `high`, `xhigh`, `max`, or an integer. Claude Code ignores any other value.";
    ISOLATION_INVALID = "AG308", "isolation-invalid", Warning,
        "`isolation` must be `worktree` (or, for non-plugin agents, `remote`). Claude Code ignores any other value.";
    HOOKS_INVALID = "AG309", "hooks-invalid", Error,
        "Claude Code refuses to load the agent because of its `hooks`: `hooks` is not a mapping of event names to matcher lists (a list, a string, `true`, a single matcher), a `PreToolUse` or `PermissionRequest` hook is malformed (its value is not a list, a matcher is not a mapping or has no `hooks` list, an entry has an unknown `type` or a field of the wrong type), or an unknown event holds such hooks. A guard hook that cannot be loaded may be what protects the permissions declared beside it, so nothing is applied (`Agent 'x' not loaded: hooks.PreToolUse.0.hooks.0: …`). Hook entries of other events that are malformed are only dropped: AG204.";
    MCP_SERVER_INVALID = "AG310", "mcp-server-invalid", Warning,
        "Each `mcpServers` item must be the name of a configured server or a one-key mapping `{name: config}`. Claude Code drops other items (`has invalid mcpServers item`).";
    FIELD_TYPE_INVALID = "AG311", "field-type-invalid", Warning,
        "A field has a value of the wrong type (for example a number where a string or a list belongs). Claude Code ignores the value.";
    TOOL_UNKNOWN = "AG401", "tool-unknown", Warning,
        "A `tools` or `disallowedTools` entry is not a tool Claude Code knows. Claude Code ignores it when it starts the agent (and if no entry of `tools` is known, refuses to start it). Check the spelling: tool names are case-sensitive (`Read`, not `read`). MCP tools are written `mcp__server__tool`.";
    TOOL_RENAMED = "AG402", "tool-renamed", Warning,
        "The tool was renamed (`Task` → `Agent`, `KillShell` → `TaskStop`, …). Claude Code still maps the old name, but new documentation and tools use the new one.";
    TOOL_REMOVED = "AG403", "tool-removed", Warning,
        "The tool no longer exists in Claude Code (`MultiEdit`, `LS`, `NotebookRead`, `BashOutput`, …), so the entry grants nothing.";
    TOOLS_EMPTY = "AG404", "tools-empty", Warning,
        "`tools` is present but empty (`tools:` or `\"\"`). That gives the agent **no tools at all**, which is rarely meant: to inherit every tool, remove the key; to say that no tools is meant, write `tools: []` (which is not reported).";
    TOOLS_NONE_RESOLVE = "AG405", "tools-none-resolve", Warning,
        "No entry of `tools` is a tool Claude Code knows. The agent loads and is listed, but every time Claude tries to use it, Claude Code refuses to start it with zero tools (`Agent type 'x' resolved to nothing: unrecognized [read, grep]. Fix the agent's tools frontmatter or pass a different subagent_type.`). Fix the names (they are case-sensitive: `Read`, not `read`) or remove `tools` to inherit every tool.";
    TOOL_NOT_FOR_SUBAGENTS = "AG406", "tool-not-for-subagents", Warning,
        "The tool is never given to sub-agents (for example `AskUserQuestion`, `EnterPlanMode`, `Workflow`), so listing it has no effect unless the agent runs as the main session (`claude --agent`).";
    TOOL_WRONG_CASE = "AG407", "tool-wrong-case", Warning,
        "A tool written in the wrong case (`read`, `grep`, `BASH`). Tool names are case-sensitive. Claude Code loads the agent and lists it with the names as written (`(Tools: read, grep)`), but when the agent runs, the entry matches no tool and is dropped without a word: in `tools` the agent does not get that tool (and if no entry matches, Claude Code refuses to start the agent, AG405); in `disallowedTools` the tool is **not** taken away. The fix writes the name as Claude Code spells it (`Read`).";
    EXAMPLE_UNCLOSED = "AG601", "example-unclosed", Warning,
        "An `<example>` in the description is never closed with `</example>`, so everything after it, later examples included, reads as one example. Close it.";
    EXAMPLE_UNOPENED = "AG602", "example-unopened", Warning,
        "A `</example>` closes nothing: there is no `<example>` open before it. Add the opening tag or remove this one.";
    COMMENTARY_UNCLOSED = "AG603", "commentary-unclosed", Warning,
        "A `<commentary>` is not closed with `</commentary>` before its example ends, so the rest of the example reads as commentary.";
    COMMENTARY_MISPLACED = "AG604", "commentary-misplaced", Warning,
        "A `<commentary>` tag stands outside any `<example>`, or a `</commentary>` closes nothing. Commentary explains one example: put it inside the example it explains.";
    EXAMPLE_NESTED = "AG605", "example-nested", Warning,
        "An `<example>` opens inside another one: the first one is missing its `</example>`.";
    EXAMPLE_NO_USER = "AG606", "example-no-user", Hint,
        "The example has no `user:` turn. Claude learns when to delegate from what the user says: show it.";
    EXAMPLE_NO_ASSISTANT = "AG607", "example-no-assistant", Hint,
        "The example has no `assistant:` turn. Show how the assistant hands the task to this agent (\"I'll use the NAME agent…\").";
    EXAMPLE_EMPTY = "AG608", "example-empty", Warning,
        "The `<example>` block is empty.";
    BODY_EMPTY = "AG501", "body-empty", Warning,
        "Nothing follows the frontmatter. The Markdown body is the agent's entire system prompt; without one the agent only knows its description.";
    FIELDS_UNREAD = "AG701", "fields-unread", Warning,
        "Claude Code cannot read this skill's, command's or output style's frontmatter (invalid YAML that its quoting retry does not rescue, a list or a single value instead of a mapping, a `---` block that is never closed or does not start at the first byte). Unlike an agent, the file still loads, with every field dropped: a skill under its folder's name, a command under its path, an output style under its file name, and a description taken from the first non-blank line of what Claude Code reads as the body (a heading's text, cut to 100 characters; `---` itself when the block is not recognised). The message says what it shows instead. Fix the frontmatter.";
    DESCRIPTION_FALLBACK = "AG702", "description-fallback", Hint,
        "The skill or command has no description (none, empty or blank), so Claude Code shows the model the first non-blank line of its body instead (a heading's text; over 100 characters cut to 97 and `...`). That is the documented default, but the model chooses skills by this line: write a `description` that says what it does and when to use it.";
    DESCRIPTION_NOT_TEXT = "AG703", "description-not-text", Warning,
        "The description is a list or a mapping. Claude Code logs `Description invalid for <name> - omitting` and uses the first line of the body instead. Write the description as text (a block scalar `|` for several lines).";
    NAME_NOT_OFFERED = "AG704", "name-not-offered", Error,
        "Claude Code names a skill after its folder and a command after its path below `commands/` (`git/commit.md` is `git:commit`), and drops the skill or command when that name cannot be shown safely: it holds `<`, `>`, a control, invisible, direction-changing or blank-like character, two spaces in a row, a space beside a `:`, starts or ends with `:`, or is over 256 characters (`[names] <name> is not offered`). Rename the folder or file.";
    GUARD_HOOKS_DROP_TOOLS = "AG705", "guard-hooks-drop-tools", Warning,
        "A `PreToolUse` or `PermissionRequest` hook is declared outside `hooks:` (at the top level, or nested under another key), a guard hook under `hooks:` is malformed, or `hooks:` is not a mapping. Claude Code still loads the skill or command, but with no hooks at all and none of its `allowed-tools`, in case the hook it cannot load was meant to guard them (`[ERROR] Skill 'x': … (the skill loads with no hooks and no allowed-tools)`). Move the hook under `hooks:` and fix it.";
    VALUE_IGNORED = "AG706", "value-ignored", Warning,
        "Claude Code cannot use this value and falls back to the default, sometimes with a line in its debug log: a boolean field that is not `true`/`false`/`yes`/`no`/`on`/`off`/`1`/`0` (read as false: for `user-invocable` that hides the skill from the `/` menu), an `effort` that is not a level or an integer, a `shell` other than `bash` or `powershell`, a `context` other than `fork`, a `model` that is not text, a `metadata` that is not a mapping, `arguments` that are neither text nor a list, a display `name` over 256 characters. The message says what is used instead.";
    COMMAND_NAME_IGNORED = "AG707", "command-name-ignored", Warning,
        "Claude Code names a slash command after its path below `commands/` (`git/commit.md` is `/git:commit`) and ignores the `name` field of a command file. Rename the file to rename the command, and remove `name`.";
    STYLE_NAME_TOO_LONG = "AG708", "style-name-too-long", Warning,
        "An output style's `name` is over 256 characters. The style loads, but selecting it logs `Output style name exceeds 256 characters` and the system prompt never gets its instructions. Shorten the name.";
    FORCE_FOR_PLUGIN_IGNORED = "AG709", "force-for-plugin-ignored", Warning,
        "`force-for-plugin` only applies to output styles shipped in a plugin. In a project or user output style Claude Code logs `Output style \"<name>\" has force-for-plugin set, but this option only applies to plugin output styles. Ignoring.` Remove it.";
    // Agent Skills (Copilot CLI, Codex): AG850-AG899.
    SKILL_UNREADABLE = "AG850", "skill-unreadable", Error,
        "Copilot CLI and Codex read an Agent Skill's frontmatter strictly: it must open on the first line with `---` (Codex does not skip a byte-order mark), close with a line that is exactly `---`, hold valid YAML (serde_yaml: no quoting retry in Copilot CLI; Codex retries only a `key: value` line whose value holds `: ` or starts with `[`, `{`, `@` or a backtick), no key twice, and a mapping at the top. A tool that cannot read it refuses the skill (`missing or malformed YAML frontmatter`, `failed to parse YAML frontmatter`, `duplicate entry with key`). The message names the tools that refuse it among the targeted ones.";
    SKILL_YAML_STRICT = "AG851", "skill-yaml-strict", Error,
        "The value is not valid YAML unquoted (it holds `: ` or starts with a character YAML reserves). Codex quotes such a line and retries, and Claude Code does too, but Copilot CLI does not: it refuses the skill (`failed to parse YAML frontmatter`). Quote the value (the fix does).";
    SKILL_NAME_INVALID = "AG852", "skill-name-invalid", Error,
        "A targeted tool refuses the skill for its `name`: Copilot CLI wants text of 1 to 64 characters that starts with an ASCII letter or digit and holds only ASCII letters, digits, `-`, `_`, `.`, `:` and spaces; Codex refuses a name over 64 characters or one that is a list or mapping. A missing name is fine: both use the folder's name.";
    SKILL_DESCRIPTION_INVALID = "AG853", "skill-description-invalid", Error,
        "A targeted tool refuses the skill, or never lists it, for its `description`: Codex requires one (missing, empty, blank or `null` is `missing field description`) and refuses a list or mapping; Copilot CLI refuses a description that is not text (a number, boolean, list, mapping or `null`) or is over 1,024 characters, and silently leaves out a skill whose description is empty or blank.";
    SKILL_FIELD_INVALID = "AG854", "skill-field-invalid", Error,
        "A targeted tool refuses the skill for the type of a field: Copilot CLI wants `allowed-tools` as text or a list of text and `disable-model-invocation`/`user-invocable` as `true` or `false` (YAML 1.2: `yes` is text); Codex wants `metadata` as a mapping, its `short-description` as text or a number.";
    SKILL_NOT_STANDARD = "AG855", "skill-not-standard", Warning,
        "The Agent Skills standard (agentskills.io) asks for a `name` of lowercase letters, digits and single hyphens (`pdf-tools`, at most 64 characters) equal to the skill's folder name, and a `compatibility` of at most 500 characters. Copilot CLI and Codex load the skill anyway, but VS Code warns and other tools (claude.ai, the Skills API) may refuse it.";
    SKILL_DESCRIPTION_FALLBACK = "AG856", "skill-description-fallback", Warning,
        "The skill has no `description`. Copilot CLI lists it with the first paragraph of its body instead; Codex refuses it (AG853 when Codex is targeted). The model chooses skills by their description: write one that says what the skill does and when to use it.";
    // GitHub Copilot (agents, prompt files, chat modes): AG800-AG849.
    COPILOT_NO_FRONTMATTER = "AG800", "copilot-no-frontmatter", Error,
        "Copilot CLI finds no frontmatter in this custom agent and refuses it (`custom agent markdown frontmatter is malformed: missing or malformed YAML frontmatter`, in its log only). It wants the file's first line to be `---` (a BOM and trailing spaces are fine, a blank line before it is not) and the frontmatter closed by a line that is exactly `---` (not `----`, not `--- x`). Every `.md` file below `.github/agents/` is read as an agent, so a README there is refused too. Start the file with a `---` block holding at least a `description`.";
    COPILOT_YAML_INVALID = "AG801", "copilot-yaml-invalid", Error,
        "The frontmatter is not valid YAML, and Copilot CLI parses it strictly (serde_yaml, with no second try such as Claude Code's quoting retry): it refuses the agent (`failed to parse YAML frontmatter: …`). The usual causes are an unquoted value holding `: ` (`description: Use when: …`) or starting with `[`, `{`, `@`, `` ` ``, `*` or `%`, a continuation line that is not indented, and tab indentation. Quote the value, or use a block scalar (`description: |`). Where Claude Code's retry would have read the file, the fix quotes the values as it does.";
    COPILOT_DUPLICATE_KEY = "AG802", "copilot-duplicate-key", Error,
        "A key appears twice in one mapping (at the top level or nested). Copilot CLI refuses the agent (`duplicate entry with key \"description\"`), where Claude Code and VS Code keep the last value. Keep one; the fix removes the first, keeping the value the other tools read.";
    COPILOT_NOT_MAPPING = "AG803", "copilot-not-mapping", Error,
        "The frontmatter is YAML but not a mapping of keys to values (a list, a single value). Copilot CLI refuses the agent (`Expected object, received array`).";
    COPILOT_DESCRIPTION_MISSING = "AG804", "copilot-description-missing", Error,
        "The custom agent has no `description`, or an empty one (`description:`, `~`). Copilot CLI requires one and refuses the agent (`description: Required`, `description: Expected string, received null`); GitHub.com requires it too. Write what the agent does and when to use it: the model delegates by it.";
    COPILOT_FIELD_INVALID = "AG805", "copilot-field-invalid", Error,
        "A field Copilot CLI knows has a value of the wrong type or shape, and it refuses the agent, logging the field's path and zod's message: `name`, `description` or `model` not text (`name: 5`), `tools` neither a list nor text or with a non-text item (`tools: 0: Expected string, received number`), `infer`, `disable-model-invocation` or `user-invocable` not a plain `true`/`false` (`yes`, `'true'` and `1` are not booleans), `mcp-servers` not a mapping of servers, a server without `command` and `args` (local) or `url` (`http`/`sse`), or without a `tools` list (`mcp-servers.fs.args: Required`), `github` not a mapping, `hooks` not a mapping of event lists. Where the intent is clear the fix writes the value as it must be (`true`, a quoted `\"5\"`, `args: []`, a one-item list).";
    COPILOT_UNKNOWN_FIELD = "AG806", "copilot-unknown-field", Warning,
        "Copilot CLI does not know this frontmatter key: it loads the agent, ignores the key and logs `unknown field ignored: <key>`. Keys are case-sensitive (`Name` is not `name`), and Claude Code's own fields (`color`, `permissionMode`, `mcpServers`, …) are not Copilot's. The message names the field meant when there is one (`mcpServers` → `mcp-servers`, a typo → the nearest field), and the fix renames it.";
    COPILOT_OTHER_TOOL_FIELD = "AG807", "copilot-field-for-other-tools", Warning,
        "A field that another Copilot reads but Copilot CLI ignores: `target`, `handoffs`, `agents` and `argument-hint` are VS Code's, `metadata` is GitHub.com's cloud agent's. The file works in those tools; Copilot CLI loads it, ignores the field and logs `unknown field ignored: <key>`. Nothing to fix unless the agent is meant for Copilot CLI.";
    COPILOT_MERGE_KEY = "AG808", "copilot-merge-key", Warning,
        "A YAML merge key (`<<: *base`). Copilot CLI does not apply merges: it ignores `<<` as an unknown field, and the merged keys are not read (the anchor's own key is logged as unknown too). When the merge was meant to supply `description`, the agent is refused (AG804). Write the keys out.";
    COPILOT_NAME_BLANK = "AG809", "copilot-name-blank", Warning,
        "`name` is empty or only spaces. Copilot CLI names an agent with an empty `name` after its file, but lists one with a blank `name` under that blank name (`- **   **: …`), which no one can type; VS Code flags both (`The 'name' attribute must not be empty`). Remove `name` to use the file name, or write one.";
    COPILOT_DESCRIPTION_BLANK = "AG810", "copilot-description-blank", Warning,
        "`description` is text but blank (`''`, spaces, an empty block scalar). Copilot CLI loads the agent and lists it to the model with nothing after its name, so the model has no reason to delegate to it; VS Code flags it (`The 'description' attribute should not be empty`). Say what the agent does and when to use it.";
    COPILOT_INFER_DEPRECATED = "AG811", "copilot-infer-deprecated", Warning,
        "`infer` is retired in favour of `disable-model-invocation` and `user-invocable`. Copilot CLI still reads it (`infer: false` hides the agent from the model), but VS Code marks it as an error and GitHub documents it as retired. The fix writes `infer: false` as `disable-model-invocation: true` and removes `infer: true` (the default).";
    VSCODE_VALUE_INVALID = "AG812", "vscode-value-invalid", Warning,
        "VS Code's prompt-file validator marks this value as an error and ignores it, though the file still works: a `name`, `description`, `agent` or `target` that is not text or blank, a `target` other than `vscode` or `github-copilot`, a `model` list that is empty or holds non-text, a `tools` value that is neither a list nor text, `handoffs` that are not a list of `{label, agent, prompt}` (or whose `send`/`showContinueOn` is not a plain boolean, or whose labels repeat), `agents` that are not a list of names, `hooks` that are not a mapping of event lists, a `github` permission scope or value it does not know, a blank `argument-hint`. The message quotes VS Code's.";
    VSCODE_UNSUPPORTED_FIELD = "AG813", "vscode-unsupported-field", Warning,
        "VS Code does not read this key in a prompt file or chat mode and ignores it (its editor greys it out: `Attribute 'x' is not supported in prompt files`). A prompt file takes `name`, `description`, `argument-hint`, `agent`, `model` and `tools`; a chat mode takes an agent's fields. Where the key is a near miss of one, the fix renames it.";
    VSCODE_HEADER_INVALID = "AG814", "vscode-header-invalid", Warning,
        "VS Code's YAML parser reports an error in this prompt file's or chat mode's header (an unexpected indentation, an unclosed `[` or `{`, a key given twice, a key without a value), or the header is not a mapping of keys to values. VS Code still runs the file, with what it could read (for a key given twice, the last value). Fix the header.";
    VSCODE_MODE_DEPRECATED = "AG815", "vscode-mode-deprecated", Warning,
        "`mode` in a prompt file is the old name of `agent`. VS Code still reads it when `agent` is not set, and marks it as deprecated. The fix renames it to `agent` (or removes it when `agent` is set).";
    VSCODE_CHAT_MODE_RENAMED = "AG816", "vscode-chat-mode-renamed", Warning,
        "Chat modes have been renamed to custom agents: VS Code still reads a `*.chatmode.md` file as an agent, but warns `Chat modes have been renamed to agents. Please move this file to .github/agents/<name>.agent.md`, and Copilot CLI does not read it at all. Move the file (VS Code's quick fix does it).";
    VSCODE_TOOLS_IGNORED = "AG817", "vscode-tools-ignored", Warning,
        "The prompt file sets `tools` but runs with `agent: ask` or `agent: edit` (or `mode:`), where tools are not used: VS Code ignores them (`The 'tools' attribute is only supported when using agents`). Remove `tools`, or run the prompt with `agent: agent`.";
    FRONTMATTER_END_DIFFERS = "AG818", "frontmatter-end-differs", Hint,
        "This line starts with `---` but is not a line of exactly `---`: Copilot CLI and VS Code read on past it, to the next `---` line, while Claude Code (and tools that find the frontmatter as it does) end the frontmatter here. Make the line exactly `---` if it is meant to close the frontmatter.";
    // OpenCode: AG900-AG939.
    OPENCODE_CONFIG_REJECTED = "AG900", "opencode-config-rejected", Error,
        "A value OpenCode's schema refuses, in an agent (`description`, `model` or `variant` not text, an empty `description:` (null), `mode` other than `subagent`/`primary`/`all`, `temperature` or `top_p` not a finite number, `steps`/`maxSteps` not a positive integer, `disable`/`hidden` not a boolean, `options` not a mapping, a `color` that is neither `#RRGGBB` nor a theme color, a `permission` action other than `ask`/`allow`/`deny`, `tools` not a mapping of booleans) or a command (`description`, `agent`, `model`, `variant` not text, `subtask` not a boolean). OpenCode does not just skip the file: it rejects its **whole configuration** (`Error: Configuration is invalid at <file>`) and no `opencode` command starts until it is fixed. Claude Code's habits are the usual cause: `tools: Read, Grep`, `color: cyan`, `permission: Allow`. The fixes write the value OpenCode expects where it is clear (`subagent` for `Subagent`, `allow` for `Allow`, `\"#00FFFF\"` for `cyan`, a quoted number unquoted).";
    OPENCODE_FRONTMATTER_IGNORED = "AG904", "opencode-frontmatter-ignored", Warning,
        "The frontmatter is not valid YAML, and OpenCode's rewrite of values holding a `:` does not change it (`[Beta] reviewer`, a value starting with `@`, `` ` ``, `*` or `!`, an unindented continuation line, an unclosed quote, a duplicated key). gray-matter's cache then answers with no metadata: the agent loads without a word, in mode `all`, with no description and the whole file, frontmatter included, as its prompt (a command: as its template). Fix the YAML; the fix quotes the values where that is enough.";
    OPENCODE_FILE_SKIPPED = "AG905", "opencode-file-skipped", Error,
        "The frontmatter is not valid YAML, OpenCode's rewrite of values holding a `:` changes it, and it is still not valid (`description: Examples:` followed by an unindented `<example>` block): OpenCode skips the file without a word. Indent continuation lines, or write the value as a block (`description: |`).";
    OPENCODE_YAML_RESCUED = "AG906", "opencode-yaml-rescued", Hint,
        "A plain value holds a `:` (`description: Triggers include: X, Y`), which YAML does not allow: OpenCode rewrites it as a `|-` block and loads it intact, but other YAML readers and tools reject the file. Quote the value.";
    OPENCODE_UNKNOWN_KEY = "AG907", "opencode-unknown-key", Warning,
        "OpenCode does not know this key. In an agent it moves it into `options`, which are sent to the model provider with every request (Claude Code's `maxTurns`, `permissionMode`, `allowed-tools`, a misspelt `permissions`); in a command it ignores it. A frontmatter that is a list or a text is spread the same way, as keys `0`, `1`, …. The fix renames a key to the field it resembles.";
    OPENCODE_DEPRECATED_FIELD = "AG908", "opencode-deprecated-field", Hint,
        "`maxSteps` is the deprecated spelling of `steps`, and `tools` is deprecated in favour of `permission`: OpenCode still reads both (`tools` entries become `allow`/`deny` permissions, and a `permission` beside them wins). The fix renames `maxSteps`.";
    OPENCODE_FIELD_OVERWRITTEN = "AG909", "opencode-field-overwritten", Warning,
        "In a Markdown agent the body is the prompt, and in a Markdown command the body is the template: OpenCode sets `prompt` (or `template`) from the body after reading the frontmatter, so this field is lost whatever it holds. Move the text to the body; the fix removes the field.";
    OPENCODE_NAME_OVERRIDES_PATH = "AG910", "opencode-name-overrides-path", Hint,
        "OpenCode names an agent or command after its path below `agent/` or `command/` (`review/deep.md` is `review/deep`), but a frontmatter `name` replaces that name, unchecked. A warning when the name is not text or is blank (`name: 5`, `name: ''`), which OpenCode accepts as it is.";
    OPENCODE_DESCRIPTION_MISSING = "AG911", "opencode-description-missing", Hint,
        "The agent has no description, so the `task` tool tells the model `This subagent should only be called manually by the user.` and the model will not delegate to it. Say what the agent does and when to use it.";
    OPENCODE_FRONTMATTER_NOT_READ = "AG912", "opencode-frontmatter-not-read", Warning,
        "A frontmatter OpenCode does not read as one: a blank line or spaces before the opening `---`, or a fourth dash (`----`), and the agent or command loads with every default and the whole file as its prompt or template; or an opening `---` that no `---` line closes, and OpenCode reads the whole rest of the file as YAML (a prose body then fails it, and every field is ignored). The fix removes leading blank lines.";
    OPENCODE_NO_FRONTMATTER = "AG913", "opencode-no-frontmatter", Hint,
        "The agent has no frontmatter (or an empty one). OpenCode loads it with every default: mode `all`, no description (the model is told it \"should only be called manually by the user\"), the file as its prompt.";
    OPENCODE_PRIMARY_NOT_LISTED = "AG914", "opencode-primary-not-listed", Hint,
        "A `mode: primary` agent is never listed to the model (people switch to it), so its description does not reach the model. Use `mode: all` or `subagent` for the model to delegate to it.";
    OPENCODE_FILE_IGNORED = "AG915", "opencode-file-ignored", Warning,
        "OpenCode reads only files matching `*.md`, in lowercase: a file named `Agent.MD` is never loaded. Rename it.";
    // Gemini CLI: AG940-AG969. Qwen Code: AG970-AG989.
    GEMINI_FRONTMATTER_MISSING = "AG940", "gemini-frontmatter-missing", Error,
        "Gemini CLI finds no frontmatter and refuses the agent (`Invalid agent definition: Missing mandatory YAML frontmatter`, an error in its interface; the other agents still load). Its regex wants `---` and a line break at the very first byte, then a line starting with `---`: a byte-order mark, a blank line or spaces before the opening `---`, text after it on its line, an empty block (`---` right after `---`) or no closing line all refuse the file. The fix removes a byte-order mark or leading blank lines.";
    GEMINI_YAML_INVALID = "AG941", "gemini-yaml-invalid", Error,
        "Gemini CLI reads the frontmatter with js-yaml, strictly, and refuses the agent when that fails (`YAML frontmatter parsing failed: …`). Unlike Claude Code it does not retry with the values quoted, so `description: Triggers include: X, Y`, a value starting with `[`, `@`, `` ` ``, `!` or `*`, an unindented continuation line, an unclosed quote, a tag js-yaml does not know (`!tag`), or a key written twice all refuse the file. Where quoting the values Claude Code would quote makes the YAML valid, the fix does that.";
    GEMINI_NOT_A_MAPPING = "AG942", "gemini-frontmatter-not-mapping", Error,
        "The frontmatter is empty or a single value rather than a mapping of keys to values (`Expected object`), or a list whose items are not mappings (a YAML list declares several remote agents). Gemini CLI refuses the file.";
    GEMINI_UNKNOWN_KEY = "AG943", "gemini-unknown-key", Error,
        "Gemini CLI's agent schema is strict: a key it does not know refuses the whole file (`Unrecognized key(s) in object: 'color'`). That includes Claude Code's keys (`color`, `maxTurns`, `permissionMode`, `skills`), the documentation's own `mcpServers` (the loader reads `mcp_servers`), a capitalised `Name`, a remote agent's keys in a local agent, and the holder of an anchor merged with `<<`. The fixes rename the key to the one it resembles, or remove it.";
    GEMINI_NAME_INVALID = "AG944", "gemini-name-invalid", Error,
        "`name` is missing, not text (a number, a list, empty), or not a slug: lowercase letters, digits, `-` and `_` only (`Name must be a valid slug`). Gemini CLI refuses the file: it names an agent by this field alone, never by its file. The fix writes the name as a slug (`Code Reviewer` becomes `code-reviewer`).";
    GEMINI_DESCRIPTION_INVALID = "AG945", "gemini-description-invalid", Error,
        "A local agent needs a `description` of at least one character, as text. Gemini CLI refuses a file without one, with an empty one (`\"\"`, or `|` with nothing under it), or with one YAML reads as something else: a number (`123`), a date (`2024-01-01`), a boolean, `null` (an empty `description:`) or a list. The fix quotes a number, date or boolean.";
    GEMINI_DESCRIPTION_BLANK = "AG946", "gemini-description-blank", Warning,
        "The description holds only spaces. Gemini CLI accepts it (it counts characters, blanks included) and lists the agent to the model with an empty description, so the model has nothing to delegate by. Say what the agent does and when to use it.";
    GEMINI_TOOLS_INVALID = "AG947", "gemini-tools-invalid", Error,
        "`tools` must be a YAML list of tool names Gemini CLI knows: its built-ins (`read_file`, `grep_search`, `run_shell_command`, `replace`, …), `*`, `mcp_*`, `mcp_<server>_*`, `mcp_<server>_<tool>` or `discovered_tool_<name>`. A comma-separated string (`Expected array`), an empty `tools:`, an item that is not text, or an unknown name (Claude Code's `Read`, `Bash`, `mcp__server__tool`; `edit_file`) refuses the file (`Invalid tool name`). The fixes write a string as a list and translate Claude Code's names (`Read` is `read_file`).";
    GEMINI_VALUE_INVALID = "AG948", "gemini-value-invalid", Error,
        "A field has a value Gemini CLI's schema refuses, and it refuses the file: `kind` other than `local`/`remote` (exactly), `display_name` or `model` not text, `temperature` not a number (a quoted `'0.5'`, `.nan`), `max_turns` or `timeout_mins` not a positive integer (`0`, `2.5`, `'10'`), `mcp_servers` not a mapping of server settings of the right types (`type` is `sse` or `http`), and for a remote agent a missing or invalid `agent_card_url`/`agent_card_json` (both, or neither) or a malformed `auth`. An empty value is `null`, refused too. The fixes lower-case `kind` and unquote numbers.";
    GEMINI_BODY_DROPPED = "AG949", "gemini-body-dropped", Warning,
        "Text follows the closing `---` on its line (`---trailing`, or spaces). Gemini CLI's regex still ends the frontmatter there, but then reads no body at all: the agent loads with an empty system prompt, and what was written as its prompt is ignored. Put `---` alone on its line; the fix does.";
    GEMINI_FENCE_IN_VALUE = "AG950", "gemini-fence-in-value", Warning,
        "Gemini CLI ends the frontmatter at the first line that starts with `---`, even inside a block scalar. Indented lines followed by another `---` line mean the frontmatter was meant to go on: the rest of the value and any later fields become the system prompt instead. Avoid `---` at the start of a line in the frontmatter.";
    GEMINI_PROMPT_EMPTY = "AG951", "gemini-prompt-empty", Hint,
        "Nothing follows the frontmatter. The body is the agent's whole system prompt; Gemini CLI accepts an empty one, but the agent then knows only its description.";
    GEMINI_FILE_IGNORED = "AG952", "gemini-file-ignored", Warning,
        "Gemini CLI reads only files whose names end in `.md`, in lowercase (and not starting with `_`, directly in `.gemini/agents/`): a file named `Agent.MD` is never loaded. Rename it.";
    GEMINI_REMOTE_CARD = "AG953", "gemini-remote-card", Hint,
        "A remote (Agent2Agent) agent whose card is at a URL. Gemini CLI fetches the card when it starts and registers the agent only if that works; otherwise it reports `Failed to load remote agent` and goes on without it. agentls checks the file's schema but cannot check the card offline.";
    GEMINI_AGENT_CARD_UNUSABLE = "AG954", "gemini-agent-card-unusable", Error,
        "An inline agent card (`agent_card_json`) that is valid JSON but that Gemini CLI cannot use: not an object, or without the agent's `url` (text). The schema accepts the file, but registering the agent fails (`Failed to load remote agent`) and it is skipped. Give the card the agent's `url`.";
    QWEN_FRONTMATTER_MISSING = "AG970", "qwen-frontmatter-missing", Error,
        "Qwen Code finds no frontmatter and skips the agent (`Invalid format: missing YAML frontmatter`, in its debug log only). After dropping a byte-order mark and reading CRLF as LF, it wants `---` and a line break at the very first byte, then a line that is exactly `---` followed by a line break: a blank line before the opening `---`, spaces after the closing one, a file that ends right after the closing `---`, or no closing line at all refuse the file. The fixes remove the blank lines or the spaces, or add the line break.";
    QWEN_YAML_FALLBACK = "AG971", "qwen-yaml-fallback", Warning,
        "The frontmatter is not valid YAML (a `: ` in an unquoted value, a value starting with `[` or `@`, an unindented continuation line, a duplicated key), or not a mapping. Qwen Code logs `Full YAML parser failed, falling back to simple parser` and reads it line by line instead: each `key: value` line split at its first `:`, values unquoted only from double quotes, `  - item` lines as a list, indented `key: value` lines as a one-level mapping; continuation lines, deeper nesting and single quotes are lost, and the last of duplicated keys wins. The message says what it reads; the fix quotes the values that broke the YAML.";
    QWEN_REQUIRED_MISSING = "AG972", "qwen-required-missing", Error,
        "`name` or `description` is missing or empty (after YAML, or the line reader, has read it; an empty `|` block is empty). Qwen Code skips the agent (`Missing \"name\" in frontmatter`). Both are required.";
    QWEN_NAME_INVALID = "AG973", "qwen-name-invalid", Error,
        "Qwen Code validates the name (read as text: `123` is \"123\") and skips the agent when it breaks a rule: 2 to 50 characters, only letters (of any script), digits, `-` and `_`, not starting or ending with `-` or `_`, and not one of the reserved `self`, `system`, `user`, `model`, `tool`, `config`, `default`, `main` (any case). The fix writes the name within the rules where it can.";
    QWEN_DESCRIPTION_BLANK = "AG974", "qwen-description-blank", Error,
        "The description holds only spaces. Qwen Code skips the agent (`Description is required and cannot be empty`). Say when the agent should be used.";
    QWEN_PROMPT_TOO_SHORT = "AG975", "qwen-prompt-too-short", Error,
        "The body, the agent's system prompt, is empty or under 10 characters once trimmed. Qwen Code skips the agent (`System prompt must be at least 10 characters long`). Describe the agent's role and how it should work.";
    QWEN_VALUE_INVALID = "AG976", "qwen-value-invalid", Error,
        "A value Qwen Code refuses the whole agent for: an `approvalMode` other than `plan`, `default`, `auto-edit`, `auto`, `yolo`, `bubble` (or not text), a `model` that names an auth type and no model (`openai:`) or is blank, a `runConfig` whose `max_turns` or `max_time_minutes` is not a positive number (or `max_turns` not an integer), an empty tool name in a `tools` or `disallowedTools` list, an `executor` that is not `{kind: acp|codex, command, args?}`, an `executionBackend` other than `container`, or YAML that does not parse in a file declaring an `executor` (at or after it) or an `executionBackend` (anywhere): Qwen Code will not run such an agent in-process instead. The fixes write the closest valid value.";
    QWEN_VALUE_DROPPED = "AG977", "qwen-value-dropped", Warning,
        "Qwen Code loads the agent without this value: a `color` it does not know (logged; colors are `red`, `blue`, `green`, `yellow`, `purple`, `orange`, `pink`, `cyan` in lowercase, and `auto`), a `permissionMode`, `maxTurns`, `background`, `mcpServers` or `hooks` it cannot read (logged `Dropping field`), entries of `mcpServers` or `hooks` of the wrong shape, and `tools`/`disallowedTools` that are neither text nor a list, or their items that are not text (dropped silently). The fixes write the closest valid value.";
    QWEN_UNKNOWN_KEY = "AG978", "qwen-unknown-key", Warning,
        "Qwen Code does not read this key and ignores it, silently (Claude Code's `allowed-tools`, `skills`, `memory`, `effort`…). Where a Qwen Code key was probably meant (`allowed-tools` → `tools`), the fix renames it.";
    QWEN_NAME_CONVENTION = "AG979", "qwen-name-convention", Hint,
        "The name loads, but Qwen Code's validator asks for lowercase names, and for `-` or `_` rather than both (a warning it does not show).";
    QWEN_FILE_IGNORED = "AG980", "qwen-file-ignored", Warning,
        "Qwen Code reads only files whose names end in `.md`, in lowercase, directly in `.qwen/agents/`: a file named `Agent.MD` is never loaded. Rename it.";
    QWEN_VALUE_COERCED = "AG981", "qwen-value-coerced", Warning,
        "`name` or `description` is a list or a mapping. Qwen Code reads it as text the way JavaScript writes it: a list's items joined with commas (`[a, b]` is \"a,b\"), a mapping as `[object Object]`, and shows the model that. Write it as text.";
    // Cursor: AG990-AG999.
    RULE_FRONTMATTER_UNREAD = "AG990", "rule-frontmatter-unread", Warning,
        "The file has frontmatter fields (`description:`, `globs:`, `alwaysApply:`), but Cursor finds no frontmatter: it must start at the very first byte with a `---` line and end at a later line starting with `---`. Cursor then reads the whole file as the rule's body, and the rule is Manual. (Cursor has no loader to run: this follows its documentation.)";
    RULE_GLOB_QUOTED = "AG991", "rule-glob-quoted", Warning,
        "Cursor reads `globs` as raw text split at commas, not as YAML, and reportedly keeps quotes as part of a pattern (`'*.ts'` matches no file). Write globs unquoted, as Cursor's own editor does: `globs: *.ts, src/**/*.tsx`. The fix removes the quotes.";
    RULE_ALWAYS_APPLY_NOT_BOOLEAN = "AG992", "rule-always-apply-not-boolean", Warning,
        "`alwaysApply` takes `true` or `false`. Other spellings (`yes`, `'true'`, `1`) are reportedly not read as true, so the rule is not always applied. The fix writes the boolean meant.";
    RULE_GLOBS_UNUSED = "AG993", "rule-globs-unused", Hint,
        "With `alwaysApply: true` the rule is in every request, so its `globs` change nothing. Remove them, or set `alwaysApply: false` to attach the rule to those files only.";
    RULE_MANUAL_ONLY = "AG994", "rule-manual-only", Hint,
        "The rule has no `description`, `globs` or `alwaysApply: true`: it is a Manual rule, applied only when someone writes `@rule-name`. That is legitimate; add a description for the agent to choose it, or globs to attach it to files.";
    RULE_GLOB_BRACE_COMMA = "AG995", "rule-glob-brace-comma", Hint,
        "Cursor splits `globs` at every comma, so a brace pattern with a comma (`*.{ts,tsx}`) is cut in two. Write the patterns out: `*.ts, *.tsx`.";
    RULE_BODY_EMPTY = "AG996", "rule-body-empty", Warning,
        "Nothing follows the rule's frontmatter: the body is what Cursor adds to the request, and it is empty.";
    // Configuration and suppression: AG1120-AG1139.
    UNUSED_SUPPRESSION = "AG1120", "unused-suppression", Hint,
        "A suppression comment (`<!-- agentls-ignore CODE -->` in the body, `# agentls-ignore: CODE` in YAML frontmatter, or their `agentls-ignore-file` forms) silences nothing: no diagnostic of the rules it names is reported where it applies (the rule did not fire, is not selected, or the code names no rule). Stale suppressions hide the next real problem: the fix removes the comment, or the codes that are not needed.";
    CONFIG_INVALID = "AG1121", "config-invalid", Error,
        "The configuration file `.agentls.toml` cannot be used: it is not valid TOML, or it holds an unknown key, tool, rule, format or severity, or a bad path pattern. The message says what and where. Until it is fixed, agentls ignores the whole file and checks with the defaults (and the editor's settings). The editor shows this diagnostic on the `.agentls.toml` itself, open or not; `agentls check` prints the same message as a problem line (`path: line:column: …; the file is ignored`) and goes on.";
    SHADOWS_BUILT_IN = "AG1160", "shadows-built-in", Warning,
        "The file defines an agent with the name of one of its tool's built-in agents: Claude Code's `general-purpose`, `Explore`, `Plan`, `claude`, `statusline-setup` and `claude-code-guide`; VS Code's `ask`, `edit` and `agent`; Gemini CLI's `codebase_investigator`; Qwen Code's `general-purpose`. Claude Code uses the file instead of the built-in, in every session and for every `Agent(...)` call that meant the built-in; the other tools keep one of the two. Rename the file's agent unless replacing the built-in is the point. (OpenCode agents named `build`, `plan`, `general` or `explore` configure the built-in agent of that name, as documented: not reported.)";
    UNKNOWN_REFERENCE = "AG1161", "unknown-reference", Warning,
        "The file names an agent, skill or command that no file of the workspace defines and that is not a built-in: an `@agent-NAME` mention, an `Agent(NAME)` or `Skill(NAME)` rule, an `agent:` field, a `skills:` entry or a handoff. The tool will not find it unless it is defined elsewhere. Where a user-level folder outside the workspace could hold it (`~/.claude/agents`, `~/.claude/skills`, `~/.config/opencode/agent`, a plugin, a VS Code profile), the diagnostic is a hint, since agentls cannot see there; when the workspace includes that folder too, it is a warning. Fix the spelling or create the definition. (Reported once the workspace is indexed.)";
}

/// Where a rule's documentation is published: its section of `docs/rules.md`.
#[must_use]
pub fn doc_url(rule: &Rule) -> String {
    format!(
        "{}/blob/main/docs/rules.md#{}",
        env!("CARGO_PKG_REPOSITORY"),
        rule.code.to_ascii_lowercase()
    )
}

/// Finds a rule by code (`AG101`) or name (`name-missing`).
#[must_use]
pub fn find(key: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
}

/// The rule table as Markdown (the content of `docs/rules.md`).
#[must_use]
pub fn markdown() -> String {
    let mut out = String::from(
        "# Rules\n\nEvery diagnostic agentls reports, by stable code. Severity: **error** = the tool that \
reads the file will not load it (for a Claude Code plugin agent, also: `claude plugin validate` rejects it); **warning** = it loads, but part of it is ignored or \
behaves differently than written, or another targeted tool would refuse it; **hint** = it works, but could be clearer. This page is generated by `agentls rules`; \
`agentls rules CODE` prints one rule.\n\n| Code | Name | Severity |\n|---|---|---|\n",
    );
    for r in ALL {
        out.push_str(&format!(
            "| [{0}](#{1}) | `{2}` | {3} |\n",
            r.code,
            r.code.to_lowercase(),
            r.name,
            r.severity.as_str()
        ));
    }
    for r in ALL {
        out.push('\n');
        out.push_str(&section(r));
    }
    out
}

/// One rule's section of [`markdown`]: its code as a heading, its name,
/// severity and documentation.
#[must_use]
pub fn section(r: &Rule) -> String {
    format!(
        "## {}\n\n`{}` · {}\n\n{}\n",
        r.code,
        r.name,
        r.severity.as_str(),
        r.doc
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique() {
        for (i, a) in ALL.iter().enumerate() {
            for b in &ALL[i + 1..] {
                assert_ne!(a.code, b.code);
                assert_ne!(a.name, b.name);
            }
        }
        assert_eq!(find("ag101").map(|r| r.name), Some("name-missing"));
    }
}
