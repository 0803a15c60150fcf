--- :checkhealth agentls
---
--- Also runs on a Neovim older than the plugin supports, where it says so:
--- Neovim 0.7 has `require("health").report_*`, 0.8 and 0.9 `vim.health.report_*`,
--- 0.10+ `vim.health.start/ok/…`.
local M = {}

local health = (function()
  local h = vim.health
  if type(h) == "table" and type(h.start) == "function" then
    return h
  end
  h = h or require("health")
  return {
    start = h.report_start,
    ok = h.report_ok,
    info = h.report_info,
    warn = h.report_warn,
    error = h.report_error,
  }
end)()

--- Runs `cmd` and returns its exit code and output (vim.system is Neovim 0.10+).
---@param cmd string[]
---@return integer code, string stdout, string stderr
local function run(cmd)
  if vim.system then
    local result = vim.system(cmd, { text = true }):wait(5000)
    return result.code, result.stdout or "", result.stderr or ""
  end
  local out = vim.fn.system(cmd)
  return vim.v.shell_error, out, ""
end

--- The buffer the user was in when running :checkhealth. The report's own
--- buffer is current while checks run; the user's is the alternate one
--- (`:checkhealth` opens its buffer with `:sbuffer`, in a new tab or window).
---@return integer|nil
local function user_buffer()
  for _, b in ipairs({ vim.fn.bufnr("#"), vim.api.nvim_get_current_buf() }) do
    if b > 0 and vim.api.nvim_buf_is_valid(b) and vim.bo[b].buftype == "" then
      return b
    end
  end
  return nil
end

--- The configured command: the resolved `vim.lsp.config.agentls`, else the default.
---@return string[]|function|nil cmd, boolean configured
local function configured_cmd()
  local ok, config = pcall(function()
    return vim.lsp.config.agentls
  end)
  if ok and type(config) == "table" and config.cmd then
    return config.cmd, true
  end
  return { "agentls" }, false
end

function M.check()
  local agentls = require("agentls")

  health.start("agentls: Neovim")
  local version = agentls.nvim_version()
  local supported = agentls.supported()
  if supported then
    health.ok("Neovim " .. version .. " (" .. agentls.min_version .. " or newer)")
  else
    health.error(
      ("Neovim %s: agentls.nvim needs Neovim %s or newer (vim.lsp.config and vim.lsp.enable)"):format(
        version,
        agentls.min_version
      ),
      { "update Neovim; until then setup() does nothing (and says so once)" }
    )
  end

  health.start("agentls: configuration")
  local cmd, configured = configured_cmd()
  if not supported then
    health.info("not configured: this Neovim is too old (see above)")
  elseif not configured then
    health.warn("no `agentls` LSP config found", {
      'call require("agentls").setup() in your init.lua',
      'or vim.lsp.enable("agentls") with this plugin on the runtimepath',
    })
  elseif vim.lsp.is_enabled and not vim.lsp.is_enabled("agentls") then
    health.warn("the `agentls` config exists but is not enabled", {
      'call require("agentls").setup() or vim.lsp.enable("agentls")',
    })
  else
    health.ok("the `agentls` LSP config is set" .. (agentls.options and " (by setup())" or ""))
  end

  health.start("agentls: server binary")
  if type(cmd) ~= "table" or not cmd[1] then
    health.info("`cmd` is a function: the binary cannot be checked")
  else
    local exe = vim.fn.exepath(cmd[1])
    if exe == "" then
      health.error(("`%s` was not found (not executable, or not on PATH)"):format(cmd[1]), {
        "install it from a clone of the agentls repository: cargo install --path server",
        'or give its path: require("agentls").setup({ cmd = { "/path/to/agentls" } })',
      })
    else
      health.ok("binary found: " .. exe)
      local ok, code, stdout, stderr = pcall(run, { exe, "--version" })
      if ok and code == 0 and vim.trim(stdout) ~= "" then
        health.ok("version: " .. vim.trim(stdout))
      else
        local why = ok and ("exit code " .. tostring(code) .. " " .. vim.trim(stderr)) or tostring(code)
        health.error("`" .. exe .. " --version` failed: " .. why)
      end
    end
  end

  health.start("agentls: current buffer")
  local buf = user_buffer()
  local name = buf and vim.api.nvim_buf_get_name(buf) or ""
  if name == "" then
    health.info("the current buffer has no file")
    return
  end
  local shown = vim.fn.fnamemodify(name, ":~:.")
  local info = agentls.agent_info(name)
  if not info then
    health.info(shown .. " is not an agent file: agentls does not attach to it")
    return
  end
  health.ok(("%s is an agent file (%s, root %s)"):format(shown, info.kind, vim.fn.fnamemodify(info.root, ":~")))
  local client = agentls.client(buf)
  if client then
    health.ok(("agentls is attached (client %d, positions in %s)"):format(client.id, client.offset_encoding))
    health.info("targets: " .. agentls.targets_text(agentls.client_targets(client)))
    local lens = agentls.codelens_mode[buf]
    health.info(
      "code lens: "
        .. (lens == "enable" and "on (vim.lsp.codelens.enable)" or lens == "refresh" and "on (refreshed on BufEnter, InsertLeave, TextChanged)" or "off")
    )
    local colors = agentls.feature_enabled(vim.lsp.document_color, buf)
    health.info(
      "document colors: " .. (colors == nil and "not in this Neovim (0.12+)" or colors and "on" or "off")
    )
  elseif not supported then
    health.info("agentls is not attached: this Neovim is too old")
  else
    health.warn("agentls is not attached to it", {
      "check the configuration and the binary above, and :LspLog",
      "the buffer's filetype must be markdown (it is " .. vim.bo[buf].filetype .. ")",
    })
  end
end

return M
