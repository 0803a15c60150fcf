--- :checkhealth agentls
local M = {}

local health = vim.health

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
  local v = vim.version()
  local version = string.format("%d.%d.%d", v.major, v.minor, v.patch)
  if vim.fn.has("nvim-0.11") == 1 then
    health.ok("Neovim " .. version .. " (0.11 or newer)")
  else
    health.error("Neovim " .. version .. ": agentls.nvim needs Neovim 0.11 or newer (vim.lsp.config)")
  end

  health.start("agentls: configuration")
  local cmd, configured = configured_cmd()
  if not configured then
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
      local ok, result = pcall(function()
        return vim.system({ exe, "--version" }, { text = true }):wait(5000)
      end)
      if ok and result.code == 0 and vim.trim(result.stdout or "") ~= "" then
        health.ok("version: " .. vim.trim(result.stdout))
      else
        local why = ok and ("exit code " .. tostring(result.code) .. " " .. vim.trim(result.stderr or ""))
          or tostring(result)
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
  else
    health.warn("agentls is not attached to it", {
      "check the configuration and the binary above, and :LspLog",
      "the buffer's filetype must be markdown (it is " .. vim.bo[buf].filetype .. ")",
    })
  end
end

return M
