--- agentls for Neovim 0.11+: the language server for AI agent definition files
--- (Claude Code's `.claude/agents/*.md` and plugin `agents/*.md`).
---
--- require("agentls").setup(opts)   configure and enable the server (vim.lsp.config/enable)
--- require("agentls").is_agent_file(path)
--- require("agentls").preview(bufnr)  what :AgentlsPreview runs
--- require("agentls").check_server(bufnr)  the "server not found" message, once
local M = {}

--- The name of the LSP config (`vim.lsp.config.agentls`) and of its clients.
M.name = "agentls"

-- ---------------------------------------------------------------------------
-- Which files are agent files (mirrors the server's `analysis::detect`)
-- ---------------------------------------------------------------------------

--- What agentls knows about a path: `nil` for a file it does not analyse, or
--- `{ kind = "claude-agent" | "claude-plugin-agent", root = <folder> }`, where
--- `root` is the folder that holds `.claude/` (a Claude Code agent) or the
--- plugin's folder (a plugin agent).
---
--- The rules are the server's: a `.md` file (any case) with a `.claude/agents/`
--- folder anywhere above it; or with an `agents/` folder above it whose parent
--- holds `.claude-plugin/plugin.json` or sits directly in a `plugins/` folder.
--- Buffer names with a scheme (`oil://…`, `fugitive://…`) are not files.
---@param path string
---@return { kind: string, root: string }|nil
function M.agent_info(path)
  if type(path) ~= "string" or path == "" or path:match("^%a[%w+.-]*://") then
    return nil
  end
  path = vim.fs.normalize(vim.fn.fnamemodify(path, ":p"))
  if not path:lower():match("%.md$") then
    return nil
  end
  local parts = vim.split(path, "/", { plain = true })
  local dirs = #parts - 1 -- the last part is the file name
  local function folder(n) -- the path made of the first n parts
    local p = table.concat(parts, "/", 1, n)
    return p == "" and "/" or p
  end
  for i = 1, dirs - 1 do
    if parts[i] == ".claude" and parts[i + 1] == "agents" then
      return { kind = "claude-agent", root = folder(i - 1) }
    end
  end
  for i = 1, dirs do
    if parts[i] == "agents" and i > 1 then
      local plugin = folder(i - 1)
      local manifest = vim.uv.fs_stat(plugin .. "/.claude-plugin/plugin.json")
      if (i >= 3 and parts[i - 2] == "plugins") or (manifest and manifest.type == "file") then
        return { kind = "claude-plugin-agent", root = plugin }
      end
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
    on_dir(vim.fs.root(bufnr, ".git") or info.root)
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
  "handlers",
  "cmd_env",
  "cmd_cwd",
  "flags",
}

--- Configures the `agentls` LSP config and enables it.
---
--- opts:
---   cmd        the server command (default `{ "agentls" }`)
---   on_attach  `fun(client, bufnr)`, called when agentls attaches to a buffer
---   (also passed through: on_init, capabilities, init_options, handlers,
---   cmd_env, cmd_cwd, flags)
---
--- (No `settings`: the server reads no configuration from the client.)
---@param opts? table
function M.setup(opts)
  opts = opts or {}
  vim.validate("opts.cmd", opts.cmd, { "table", "function" }, true)
  vim.validate("opts.on_attach", opts.on_attach, "function", true)
  M.options = opts
  local config = {
    cmd = opts.cmd or { "agentls" },
    filetypes = { "markdown" },
    root_dir = M.root_dir,
  }
  for _, key in ipairs(passthrough) do
    if opts[key] ~= nil then
      config[key] = opts[key]
    end
  end
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
  return vim.lsp.get_clients({ bufnr = bufnr, name = M.name })[1]
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
