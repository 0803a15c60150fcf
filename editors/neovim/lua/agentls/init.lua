--- agentls for Neovim 0.11+: the language server for AI agent definition files
--- (Claude Code's agents, skills, commands and output styles, GitHub Copilot's
--- agents, prompts and Agent Skills, OpenCode, Gemini CLI and Qwen Code agents,
--- Cursor rules: see |agent_info|).
---
--- require("agentls").setup(opts)   configure and enable the server (vim.lsp.config/enable)
--- require("agentls").is_agent_file(path)
--- require("agentls").preview(bufnr)  what :AgentlsPreview runs
--- require("agentls").check_server(bufnr)  the "server not found" message, once
--- require("agentls").set_targets(targets)  the tools files are judged against, at once
---
--- This file is loaded on any Neovim (plugin/agentls.lua runs at every start):
--- on one older than 0.11 it must not throw, so it uses nothing newer than
--- Neovim 0.7 outside the code that runs only once `supported()` said yes.
local M = {}

--- The name of the LSP config (`vim.lsp.config.agentls`) and of its clients.
M.name = "agentls"

--- The filetypes agentls attaches to (agent files only, by their path): Markdown,
--- and `mdc`, which a plugin may give Cursor's `.mdc` rules (Neovim gives them
--- none; ftdetect/agentls.lua makes `.cursor/rules/**/*.mdc` Markdown when
--- nothing else claims them).
M.filetypes = { "markdown", "mdc" }

--- The oldest Neovim the plugin works with: `vim.lsp.config` and `vim.lsp.enable`.
M.min_version = "0.11"

-- vim.uv is Neovim 0.10's name for vim.loop.
local uv = vim.uv or vim.loop

-- ---------------------------------------------------------------------------
-- The Neovim version
-- ---------------------------------------------------------------------------

--- Whether this Neovim is recent enough (0.11+: `vim.lsp.config`, `vim.lsp.enable`).
---@return boolean
function M.supported()
  return vim.fn.has("nvim-" .. M.min_version) == 1
    and vim.lsp.config ~= nil
    and type(vim.lsp.enable) == "function"
end

--- The running Neovim's version as text (`0.7.2`, `0.12.0-dev`). `vim.version()`
--- is a plain table up to Neovim 0.8 and an object after; both have the fields.
---@return string
function M.nvim_version()
  local ok, v = pcall(vim.version)
  if ok and type(v) == "table" and type(v.major) == "number" then
    local text = ("%d.%d.%d"):format(v.major, v.minor or 0, v.patch or 0)
    if type(v.prerelease) == "string" and v.prerelease ~= "" then
      text = text .. "-" .. v.prerelease
    elseif v.prerelease == true or v.api_prerelease == true then
      text = text .. "-dev"
    end
    return text
  end
  local line = (vim.fn.execute("version"):match("NVIM v([^%s]+)"))
  return line or "unknown"
end

--- The message for a Neovim older than the plugin supports.
---@return string
function M.unsupported_message()
  return ("agentls: Neovim %s or newer is required (vim.lsp.config), this is Neovim %s: "
    .. "agentls is not set up. See :checkhealth agentls"):format(M.min_version, M.nvim_version())
end

--- Whether the unsupported-version warning was given (setup() and the first
--- agent file give it once between them).
local unsupported_told = false

--- On a Neovim older than 0.11, warns (with `vim.notify`, once unless `always`)
--- and returns true; on a supported Neovim, returns false.
---@param always? boolean warn even if the warning was given before
---@return boolean
function M.warn_unsupported(always)
  if M.supported() then
    return false
  end
  if always or not unsupported_told then
    unsupported_told = true
    vim.notify(M.unsupported_message(), vim.log.levels.WARN)
  end
  return true
end

-- ---------------------------------------------------------------------------
-- Which files are agent files (mirrors the server's `formats::detect`)
-- ---------------------------------------------------------------------------

--- The kinds of agent definition file, in detection order (the first rule
--- that matches a path wins), by their `agentls check --kind` names.
M.kinds = {
  "claude-agent",
  "claude-plugin-agent",
  "claude-skill",
  "claude-command",
  "claude-output-style",
  "agent-skill",
  "copilot-agent",
  "copilot-prompt",
  "copilot-chatmode",
  "opencode-agent",
  "opencode-command",
  "gemini-agent",
  "qwen-agent",
  "cursor-rule",
}

--- The folders whose `skills/<name>/SKILL.md` are Agent Skills.
local AGENT_SKILL_ROOTS = { [".github"] = true, [".agents"] = true, [".codex"] = true, [".copilot"] = true }

--- What agentls knows about a path: `nil` for a file it does not analyse, or
--- `{ kind = <one of M.kinds>, root = <folder> }`, where `root` is the folder
--- that holds the tool's folder (`.claude/`, `.github/`, `.opencode/`,
--- `.config/`, `.gemini/`, `.qwen/`, `.cursor/`, …), the plugin's folder for
--- a plugin's file, or the file's own folder for a `*.agent.md`,
--- `*.prompt.md` or `*.chatmode.md` found by its name.
---
--- The rules are the server's, first match wins (folder names compared
--- exactly, `.md` in any case, `SKILL.md` exactly); `<plugin>` is a folder
--- that holds `.claude-plugin/plugin.json` or sits directly in a `plugins/`
--- folder:
---   claude-agent         .claude/agents/**/*.md
---   claude-plugin-agent  <plugin>/agents/**/*.md
---   claude-skill         .claude/skills/<dir>/SKILL.md, <plugin>/skills/<dir>/SKILL.md
---   claude-command       .claude/commands/**/*.md, <plugin>/commands/**/*.md
---   claude-output-style  .claude/output-styles/*.md, <plugin>/output-styles/*.md
---   agent-skill          <dir>/SKILL.md directly in .github/, .agents/, .codex/ or .copilot/ skills/
---   copilot-agent        .github/agents/**/*.md, and *.agent.md anywhere
---   copilot-prompt       *.prompt.md anywhere
---   copilot-chatmode     *.chatmode.md anywhere
---   opencode-agent       .opencode/agent(s)/**/*.md, .config/opencode/agent(s)/**/*.md
---   opencode-command     .opencode/command(s)/**/*.md, .config/opencode/command(s)/**/*.md
---   gemini-agent         .gemini/agents/*.md, the name not starting with `_`
---   qwen-agent           .qwen/agents/*.md
---   cursor-rule          .cursor/rules/**/*.mdc
--- Buffer names with a scheme (`oil://…`, `fugitive://…`) are not files.
---@param path string
---@return { kind: string, root: string }|nil
function M.agent_info(path)
  if type(path) ~= "string" or path == "" or path:match("^%a[%w+.-]*://") then
    return nil
  end
  path = vim.fn.fnamemodify(path, ":p")
  if vim.fs and vim.fs.normalize then
    path = vim.fs.normalize(path)
  else -- Neovim 0.7 (vim.fs is 0.8+)
    path = path:gsub("\\", "/"):gsub("//+", "/"):gsub("(.)/$", "%1")
  end
  local parts = vim.split(path, "/", { plain = true })
  local name = parts[#parts]
  -- The extension as Rust reads it: `.md` alone has none.
  local ext = (name:match("^.+%.([^.]*)$") or ""):lower()
  if ext ~= "md" and ext ~= "mdc" then
    return nil
  end
  local dirs = #parts - 1 -- the last part is the file name
  local function folder(n) -- the path made of the first n parts
    local p = table.concat(parts, "/", 1, n)
    return p == "" and "/" or p
  end
  --- The first i with parts[i] == first and parts[i + 1] in `seconds`, among the folders.
  local function pair(first, seconds)
    for i = 1, dirs - 1 do
      if parts[i] == first and seconds[parts[i + 1]] then
        return i
      end
    end
    return nil
  end
  --- Whether the folder parts[i] sits directly in a plugin (its root is folder(i - 1)).
  local asked = {}
  local function in_plugin(i)
    if i < 2 then
      return false
    end
    if i >= 3 and parts[i - 2] == "plugins" then
      return true
    end
    if asked[i] == nil then
      local manifest = uv.fs_stat(folder(i - 1) .. "/.claude-plugin/plugin.json")
      asked[i] = (manifest and manifest.type == "file") and true or false
    end
    return asked[i]
  end
  local function found(kind, n)
    return { kind = kind, root = folder(n) }
  end

  if ext == "mdc" then
    local i = pair(".cursor", { rules = true })
    return i and found("cursor-rule", i - 1) or nil
  end

  -- Claude Code: agents, then plugin agents.
  local i = pair(".claude", { agents = true })
  if i then
    return found("claude-agent", i - 1)
  end
  for j = 1, dirs do
    if parts[j] == "agents" and in_plugin(j) then
      return found("claude-plugin-agent", j - 1)
    end
  end
  -- Skills: <…>/skills/<dir>/SKILL.md.
  local skill = name == "SKILL.md" and dirs >= 2 and parts[dirs - 1] == "skills"
  if skill then
    if dirs >= 3 and parts[dirs - 2] == ".claude" then
      return found("claude-skill", dirs - 3)
    end
    if in_plugin(dirs - 1) then
      return found("claude-skill", dirs - 2)
    end
  end
  -- Commands, at any depth below commands/.
  i = pair(".claude", { commands = true })
  if i then
    return found("claude-command", i - 1)
  end
  for j = 1, dirs do
    if parts[j] == "commands" and in_plugin(j) then
      return found("claude-command", j - 1)
    end
  end
  -- Output styles, directly in output-styles/.
  if parts[dirs] == "output-styles" then
    if dirs >= 2 and parts[dirs - 1] == ".claude" then
      return found("claude-output-style", dirs - 2)
    end
    if in_plugin(dirs) then
      return found("claude-output-style", dirs - 1)
    end
  end
  if skill and dirs >= 3 and AGENT_SKILL_ROOTS[parts[dirs - 2]] then
    return found("agent-skill", dirs - 3)
  end
  -- GitHub Copilot and VS Code: by folder, or by a second extension.
  local inner = name:sub(1, #name - #ext - 1):match("^.+%.([^.]*)$")
  i = pair(".github", { agents = true })
  if i then
    return found("copilot-agent", i - 1)
  end
  if inner == "agent" then
    return found("copilot-agent", dirs)
  end
  if inner == "prompt" then
    return found("copilot-prompt", dirs)
  end
  if inner == "chatmode" then
    return found("copilot-chatmode", dirs)
  end
  -- OpenCode: a project's .opencode/, the global ~/.config/opencode/.
  for _, spec in ipairs({
    { "opencode-agent", { agent = true, agents = true } },
    { "opencode-command", { command = true, commands = true } },
  }) do
    i = pair(".opencode", spec[2])
    if i then
      return found(spec[1], i - 1)
    end
    for j = 1, dirs - 2 do
      if parts[j] == ".config" and parts[j + 1] == "opencode" and spec[2][parts[j + 2]] then
        return found(spec[1], j - 1)
      end
    end
  end
  -- Gemini CLI and Qwen Code: directly in agents/.
  if dirs >= 2 and parts[dirs] == "agents" then
    if parts[dirs - 1] == ".gemini" and name:sub(1, 1) ~= "_" then
      return found("gemini-agent", dirs - 2)
    end
    if parts[dirs - 1] == ".qwen" then
      return found("qwen-agent", dirs - 2)
    end
  end
  return nil
end

--- Whether agentls analyses `path` (see |agent_info|).
---@param path string
---@return boolean
function M.is_agent_file(path)
  return M.agent_info(path) ~= nil
end

--- The `root_dir` of the LSP config: calls `on_dir` for agent files only, so
--- the server never attaches to other Markdown (a README). The root is the
--- enclosing git repository if any (one server for a repository), else the
--- folder that holds `.claude/` or the plugin.
---@param bufnr integer
---@param on_dir fun(root_dir?: string)
function M.root_dir(bufnr, on_dir)
  local info = M.agent_info(vim.api.nvim_buf_get_name(bufnr))
  if info then
    on_dir(vim.fs.root and vim.fs.root(bufnr, ".git") or info.root)
  end
end

-- ---------------------------------------------------------------------------
-- Setup
-- ---------------------------------------------------------------------------

--- The options of the last `setup()` call (nil before).
M.options = nil

--- Keys of `opts` handed to `vim.lsp.config` as they are.
local passthrough = {
  "on_attach",
  "on_init",
  "capabilities",
  "init_options",
  "settings",
  "handlers",
  "cmd_env",
  "cmd_cwd",
  "flags",
}

--- Options of setup() that are the plugin's own (not handed to vim.lsp.config),
--- with their defaults: what the plugin turns on in agentls buffers.
M.defaults = {
  codelens = true,
  document_color = true,
  virtual_text = true,
}

--- The value of one of the plugin's own options (`M.defaults`), from the last
--- setup() (the default before, e.g. with `vim.lsp.enable("agentls")` alone).
---@param key string
---@return any
function M.option(key)
  local value = M.options and M.options[key]
  if value == nil then
    return M.defaults[key]
  end
  return value
end

--- Configures the `agentls` LSP config and enables it.
---
--- opts:
---   cmd        the server command (default `{ "agentls" }`)
---   on_attach  `fun(client, bufnr)`, called when agentls attaches to a buffer
---   codelens   show the "Preview N examples" code lens (default true)
---   document_color  colour swatches for `color:` values, on Neovim 0.12+ (default true)
---   virtual_text    agentls's diagnostics as virtual text, for agentls only (default
---              true; off when the global vim.diagnostic.config already shows them)
---   targets    the tools whose loaders files are judged against: a list of ids
---              (`{ "claude" }`, `{ "claude", "copilot" }`; ids: claude, copilot,
---              vscode, codex, opencode, gemini, qwen, cursor) or a comma-separated
---              string; unset (nil, the default): the `targets` of the project's
---              `.agentls.toml` if any, else, for each file, the tools that read
---              its path. Sent as `init_options.targets` and as the setting
---              `agentls.targets` (`settings = { agentls = { targets = … } }`,
---              which Neovim sends in workspace/didChangeConfiguration). Servers
---              already running keep theirs: see |set_targets|.
---   (also passed through: on_init, capabilities, init_options, settings,
---   handlers, cmd_env, cmd_cwd, flags)
---
--- On a Neovim older than 0.11 this gives one warning (`vim.notify`) and
--- returns false, configuring nothing; otherwise it returns true.
---@param opts? table
---@return boolean
function M.setup(opts)
  if M.warn_unsupported() then
    return false
  end
  opts = opts or {}
  vim.validate("opts", opts, "table")
  vim.validate("opts.cmd", opts.cmd, { "table", "function" }, true)
  vim.validate("opts.on_attach", opts.on_attach, "function", true)
  for key in pairs(M.defaults) do
    vim.validate("opts." .. key, opts[key], "boolean", true)
  end
  vim.validate("opts.targets", opts.targets, { "table", "string" }, true)
  M.options = opts
  local config = {
    cmd = opts.cmd or { "agentls" },
    filetypes = M.filetypes,
    root_dir = M.root_dir,
  }
  for _, key in ipairs(passthrough) do
    if opts[key] ~= nil then
      config[key] = opts[key]
    end
  end
  if opts.targets ~= nil then
    local targets = M.targets_config(opts.targets)
    config.init_options = vim.tbl_extend("force", config.init_options or {}, targets.init_options)
    config.settings = vim.tbl_deep_extend("force", config.settings or {}, targets.settings)
  end
  M.register()
  vim.lsp.config(M.name, config)
  vim.lsp.enable(M.name)
  -- A late setup() (lazy.nvim's `ft = "markdown"`): vim.lsp.enable has just
  -- looked at the open buffers; so does the check for a missing server.
  M.watch_server()
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) then
      M.check_server(buf)
    end
  end
  return true
end

-- ---------------------------------------------------------------------------
-- The targets setting: which tools' loaders files are judged against
-- ---------------------------------------------------------------------------

--- The parts of an LSP config that carry `targets` (nil: unset, sent as null):
--- `init_options.targets`, read when the server starts, and the setting
--- `agentls.targets`, which Neovim sends in workspace/didChangeConfiguration
--- (after the server starts, and when |set_targets| changes it).
---@param targets string[]|string|nil
---@return { init_options: table, settings: table }
function M.targets_config(targets)
  local value = targets
  if value == nil then
    value = vim.NIL
  end
  return { init_options = { targets = value }, settings = { agentls = { targets = value } } }
end

--- The targets a running client gave its server: its `agentls.targets`
--- setting, else its `init_options.targets` (nil: unset).
---@param client vim.lsp.Client
---@return string[]|string|nil
function M.client_targets(client)
  local settings = client.settings and client.settings.agentls
  local value
  if type(settings) == "table" and settings.targets ~= nil then
    value = settings.targets
  else
    local init = client.config and client.config.init_options
    value = type(init) == "table" and init.targets or nil
  end
  if value == vim.NIL then
    return nil
  end
  return value
end

--- The targets in words, for :checkhealth.
---@param targets string[]|string|nil
---@return string
function M.targets_text(targets)
  if targets == nil then
    return "unset (the project's .agentls.toml if any, else the tools that read each file's path)"
  end
  if type(targets) == "table" then
    return #targets == 0 and "none ({})" or table.concat(targets, ", ")
  end
  return tostring(targets)
end

--- Changes the targets (see setup()'s `targets`; nil: unset, the project's
--- `.agentls.toml`, else each file's default) of the agentls config, for servers started from now on, and of the
--- running agentls servers, which judge their open files again at once
--- (workspace/didChangeConfiguration). Returns false, doing nothing, on a
--- Neovim older than 0.11.
---@param targets string[]|string|nil
---@return boolean
function M.set_targets(targets)
  if M.warn_unsupported() then
    return false
  end
  vim.validate("targets", targets, { "table", "string" }, true)
  local config = M.targets_config(targets)
  vim.lsp.config(M.name, config)
  for _, client in ipairs(vim.lsp.get_clients({ name = M.name })) do
    client.settings = vim.tbl_deep_extend("force", client.settings or {}, config.settings)
    client:notify("workspace/didChangeConfiguration", { settings = client.settings })
  end
  return true
end

-- ---------------------------------------------------------------------------
-- What the plugin turns on in agentls buffers: code lens, colours, virtual text
-- ---------------------------------------------------------------------------

--- Calls `mod.enable(enable, <buffer>)` of a Neovim feature module, in the
--- calling convention this Neovim has: `enable(bool, { bufnr = n })` (0.12) or
--- `enable(bool, n)` (0.12 before its release). Returns whether one worked.
---@param mod table|nil
---@param enable boolean
---@param bufnr integer
---@return boolean
local function feature_enable(mod, enable, bufnr)
  if type(mod) ~= "table" or type(mod.enable) ~= "function" then
    return false
  end
  return pcall(mod.enable, enable, { bufnr = bufnr }) or pcall(mod.enable, enable, bufnr)
end

--- Whether `mod.is_enabled` says the feature is on in `bufnr` (nil if unknown).
---@param mod table|nil
---@param bufnr integer
---@return boolean|nil
function M.feature_enabled(mod, bufnr)
  if type(mod) ~= "table" or type(mod.is_enabled) ~= "function" then
    return nil
  end
  local ok, on = pcall(mod.is_enabled, { bufnr = bufnr })
  if not ok then
    ok, on = pcall(mod.is_enabled, bufnr)
  end
  if ok then
    return on
  end
  return nil
end

--- How code lenses are kept up to date in `bufnr`: `"enable"` (Neovim's own
--- `vim.lsp.codelens.enable`, 0.12), `"refresh"` (this plugin's autocommands
--- calling `vim.lsp.codelens.refresh`), or nil (off).
---@type table<integer, string>
M.codelens_mode = {}

--- Asks agentls for the code lenses of `bufnr` again (when this plugin keeps them
--- up to date; Neovim's `vim.lsp.codelens.enable` does it by itself).
---@param bufnr integer
function M.refresh_codelens(bufnr)
  if M.codelens_mode[bufnr] == "refresh" and vim.api.nvim_buf_is_loaded(bufnr) then
    pcall(vim.lsp.codelens.refresh, { bufnr = bufnr })
  end
end

--- Turns on what `client` (agentls) offers in `bufnr`, per the options.
---@param client vim.lsp.Client
---@param bufnr integer
local function on_attach(client, bufnr)
  local caps = client.server_capabilities or {}

  -- Code lens ("Preview N examples"): Neovim shows lenses only when asked.
  if M.option("codelens") and caps.codeLensProvider and vim.lsp.codelens then
    if feature_enable(vim.lsp.codelens, true, bufnr) then
      M.codelens_mode[bufnr] = "enable"
    elseif type(vim.lsp.codelens.refresh) == "function" then
      M.codelens_mode[bufnr] = "refresh"
      local group = vim.api.nvim_create_augroup("agentls.codelens." .. bufnr, { clear = true })
      vim.api.nvim_create_autocmd({ "BufEnter", "InsertLeave", "TextChanged" }, {
        group = group,
        buffer = bufnr,
        desc = "agentls: refresh the code lenses",
        callback = function(args)
          M.refresh_codelens(args.buf)
        end,
      })
      M.refresh_codelens(bufnr)
    end
  end

  -- Colour swatches: Neovim 0.12 turns document colors on for every client
  -- that offers them; switched off here if asked, or on if Neovim did not.
  if caps.colorProvider and vim.lsp.document_color then
    local want = M.option("document_color") and true or false
    if M.feature_enabled(vim.lsp.document_color, bufnr) ~= want then
      feature_enable(vim.lsp.document_color, want, bufnr)
    end
  end

  -- Virtual text, for agentls's diagnostics only (off by default since Neovim
  -- 0.11): set on the client's namespace, unless the global configuration
  -- already shows diagnostics inline.
  if M.option("virtual_text") and vim.lsp.diagnostic and vim.lsp.diagnostic.get_namespace then
    local global = vim.diagnostic.config() or {}
    if not global.virtual_text and not global.virtual_lines then
      for _, is_pull in ipairs({ false, true }) do
        local ok, ns = pcall(vim.lsp.diagnostic.get_namespace, client.id, is_pull)
        if ok and ns then
          vim.diagnostic.config({ virtual_text = true }, ns)
        end
      end
    end
  end
end

--- Undoes what on_attach set up in `bufnr`.
---@param client vim.lsp.Client
---@param bufnr integer
local function on_detach(client, bufnr)
  if M.codelens_mode[bufnr] == "refresh" then
    pcall(vim.api.nvim_del_augroup_by_name, "agentls.codelens." .. bufnr)
    pcall(vim.lsp.codelens.clear, client.id, bufnr)
  end
  M.codelens_mode[bufnr] = nil
end

--- The client-side command of the code lens: opens the preview
--- (`agentls.previewExamples`, with the document's URI as argument).
---@param command lsp.Command
---@param ctx table
function M.preview_command(command, ctx)
  local uri = command.arguments and command.arguments[1]
  local bufnr = type(uri) == "string" and vim.uri_to_bufnr(uri) or ctx.bufnr
  M.preview(bufnr)
  -- Running a lens hides it until the next refresh; bring it back.
  vim.schedule(function()
    M.refresh_codelens(bufnr)
  end)
end

--- Sets up what every agentls client gets, however it was configured (setup()
--- or `vim.lsp.enable("agentls")`): the code lens's command and the LspAttach
--- autocommands that turn on code lens, colours and virtual text. Run by
--- plugin/agentls.lua and by setup(); running it again changes nothing.
function M.register()
  if not M.supported() then
    return
  end
  if vim.lsp.commands["agentls.previewExamples"] == nil then
    vim.lsp.commands["agentls.previewExamples"] = M.preview_command
  end
  local group = vim.api.nvim_create_augroup("agentls.attach", { clear = true })
  vim.api.nvim_create_autocmd("LspAttach", {
    group = group,
    desc = "agentls: code lens, document colors and virtual text",
    callback = function(args)
      local client = vim.lsp.get_client_by_id(args.data.client_id)
      if client and client.name == M.name then
        on_attach(client, args.buf)
      end
    end,
  })
  vim.api.nvim_create_autocmd("LspDetach", {
    group = group,
    desc = "agentls: stop refreshing the code lenses",
    callback = function(args)
      local client = vim.lsp.get_client_by_id(args.data.client_id)
      if client and client.name == M.name then
        on_detach(client, args.buf)
      end
    end,
  })
end

-- ---------------------------------------------------------------------------
-- A missing server binary
-- ---------------------------------------------------------------------------

--- Whether the "server not found" message was given (it is given once).
local missing_told = false

--- Whether the `agentls` config is enabled.
---@return boolean
local function enabled()
  if vim.lsp.is_enabled then
    return vim.lsp.is_enabled(M.name)
  end
  return M.options ~= nil -- without vim.lsp.is_enabled, known only after setup()
end

--- The message for a server command `exe` that cannot be run.
---@param exe string
---@return string
function M.missing_message(exe)
  return ("agentls: the server `%s` was not found (not executable, or not on PATH), so agent files get no "
    .. "diagnostics. Install it from a clone of the agentls repository with `cargo install --path server` "
    .. "(~/.cargo/bin must be on PATH), or set `cmd` to its path. See :checkhealth agentls"):format(exe)
end

--- Neovim does not start a config whose `cmd` is not executable, and says so
--- only in its LSP log. So when `bufnr` is an agent file that the enabled
--- `agentls` config would attach to and its `cmd[1]` cannot be run, this says
--- so with `vim.notify`: once, the first time (later agent files stay quiet).
--- Returns whether it did now.
---@param bufnr integer
---@return boolean
function M.check_server(bufnr)
  if missing_told or not vim.api.nvim_buf_is_valid(bufnr) or vim.bo[bufnr].buftype ~= "" then
    return false
  end
  if not M.is_agent_file(vim.api.nvim_buf_get_name(bufnr)) or not enabled() then
    return false
  end
  local ok, config = pcall(function()
    return vim.lsp.config[M.name]
  end)
  if not ok or type(config) ~= "table" then
    return false
  end
  if type(config.filetypes) == "table" and not vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
    return false
  end
  local cmd = config.cmd
  if type(cmd) ~= "table" or type(cmd[1]) ~= "string" or vim.fn.executable(cmd[1]) == 1 then
    return false
  end
  missing_told = true
  local message = M.missing_message(cmd[1])
  vim.schedule(function()
    vim.notify(message, vim.log.levels.WARN)
  end)
  return true
end

--- Runs |check_server| on every buffer whose filetype is set (plugin/agentls.lua
--- calls this; so does setup()).
function M.watch_server()
  local group = vim.api.nvim_create_augroup("agentls.server", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    desc = "agentls: say once when the server cannot be run",
    callback = function(args)
      M.check_server(args.buf)
    end,
  })
end

--- The agentls client attached to `bufnr`, if any.
---@param bufnr integer
---@return vim.lsp.Client|nil
function M.client(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr, name = M.name })[1]
  end
  -- Neovim before 0.10 (where the plugin does nothing else).
  for _, client in pairs(vim.lsp.buf_get_clients and vim.lsp.buf_get_clients(bufnr) or {}) do
    if client.name == M.name then
      return client
    end
  end
  return nil
end

-- ---------------------------------------------------------------------------
-- :AgentlsPreview
-- ---------------------------------------------------------------------------

--- Open previews, by source buffer: { buf, group, seq }.
local previews = {}

local function notify(msg, level)
  vim.notify("agentls: " .. msg, level or vim.log.levels.WARN)
end

local function set_lines(buf, lines)
  vim.bo[buf].modifiable = true
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].modifiable = false
  vim.bo[buf].modified = false
end

--- Closes the preview of `src`: its windows, its buffer, its autocommands.
---@param src integer
local function close(src)
  local state = previews[src]
  if not state then
    return
  end
  previews[src] = nil
  pcall(vim.api.nvim_del_augroup_by_id, state.group)
  -- Deleting a buffer from inside another buffer's autocommand can fail
  -- (E937); do it once the autocommand is done.
  vim.schedule(function()
    if vim.api.nvim_buf_is_valid(state.buf) then
      pcall(vim.api.nvim_buf_delete, state.buf, { force = true })
    end
  end)
end

--- Asks the server for the preview of `src` and shows it, unless a newer
--- request was sent meanwhile (a stale answer is dropped).
---@param src integer
local function refresh(src)
  local state = previews[src]
  if not state or not vim.api.nvim_buf_is_valid(state.buf) then
    return
  end
  local client = M.client(src)
  if not client then
    set_lines(state.buf, { "*agentls is not attached to this buffer.*" })
    return
  end
  state.seq = state.seq + 1
  local seq = state.seq
  local params = { textDocument = { uri = vim.uri_from_bufnr(src) } }
  client:request("agentls/previewExamples", params, function(err, result)
    if previews[src] ~= state or state.seq ~= seq or not vim.api.nvim_buf_is_valid(state.buf) then
      return -- stale: a newer request is on its way, or the preview is gone
    end
    if err then
      set_lines(state.buf, { "*agentls: " .. (err.message or tostring(err)) .. "*" })
      return
    end
    local markdown = (result and result.markdown or ""):gsub("\n$", "")
    set_lines(state.buf, vim.split(markdown, "\n", { plain = true }))
    vim.b[state.buf].agentls_preview_version = result and result.version
  end, src)
end

--- Refreshes the preview of `src` now (what the autocommands do on a change).
---@param src? integer
function M.refresh_preview(src)
  refresh(src or vim.api.nvim_get_current_buf())
end

--- The preview buffer of `src`, if one is open.
---@param src? integer
---@return integer|nil
function M.preview_buffer(src)
  local state = previews[src or vim.api.nvim_get_current_buf()]
  return state and vim.api.nvim_buf_is_valid(state.buf) and state.buf or nil
end

--- Opens (or shows again and refreshes) a Markdown split with the agent's
--- description and `<example>` blocks as agentls renders them, refreshed on
--- every change of the source buffer. The cursor stays in the source window.
---@param src? integer the agent buffer (default: the current one)
function M.preview(src)
  if M.warn_unsupported(true) then
    return
  end
  src = src or vim.api.nvim_get_current_buf()
  -- From inside a preview: refresh that preview.
  local from = vim.b[src].agentls_preview_source
  if from and previews[from] then
    refresh(from)
    return
  end
  if not M.client(src) then
    local name = vim.api.nvim_buf_get_name(src)
    if M.is_agent_file(name) then
      notify("the server is not attached to this buffer (yet); see :checkhealth agentls")
    else
      notify("not an agent definition file: " .. (name ~= "" and vim.fn.fnamemodify(name, ":~:.") or "[No Name]"))
    end
    return
  end
  local state = previews[src]
  if state and vim.api.nvim_buf_is_valid(state.buf) then
    if vim.fn.bufwinid(state.buf) == -1 then
      vim.api.nvim_open_win(state.buf, false, { split = "right", win = vim.api.nvim_get_current_win() })
    end
    refresh(src)
    return
  end

  local buf = vim.api.nvim_create_buf(false, true)
  vim.bo[buf].buftype = "nofile"
  vim.bo[buf].bufhidden = "wipe"
  vim.bo[buf].swapfile = false
  pcall(vim.api.nvim_buf_set_name, buf, "agentls://preview/" .. vim.api.nvim_buf_get_name(src))
  vim.b[buf].agentls_preview_source = src
  vim.bo[buf].filetype = "markdown"
  set_lines(buf, { "*Loading the preview…*" })
  local win = vim.api.nvim_open_win(buf, false, { split = "right", win = vim.api.nvim_get_current_win() })
  vim.wo[win].wrap = true
  vim.wo[win].linebreak = true
  vim.wo[win].conceallevel = 2

  local group = vim.api.nvim_create_augroup("agentls.preview." .. src, { clear = true })
  previews[src] = { buf = buf, group = group, seq = 0 }
  vim.api.nvim_create_autocmd({ "TextChanged", "TextChangedI", "TextChangedP" }, {
    group = group,
    buffer = src,
    desc = "agentls: refresh the example preview",
    callback = function()
      refresh(src)
    end,
  })
  -- Either buffer going away closes the preview.
  vim.api.nvim_create_autocmd({ "BufDelete", "BufWipeout" }, {
    group = group,
    buffer = src,
    desc = "agentls: close the example preview with its source",
    callback = function()
      close(src)
    end,
  })
  vim.api.nvim_create_autocmd("BufWipeout", {
    group = group,
    buffer = buf,
    desc = "agentls: forget a closed example preview",
    callback = function()
      close(src)
    end,
  })
  refresh(src)
end

return M
