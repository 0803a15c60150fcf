-- agentls: the :AgentlsPreview command, a message when the server cannot be
-- run, and what agentls buffers get (code lens, colours, virtual text). The
-- server itself is configured by require("agentls").setup() (or by
-- vim.lsp.enable("agentls"), which picks up this plugin's lsp/agentls.lua); set
-- vim.g.agentls_auto_setup = true (or a table of setup options) to have it
-- done here.
--
-- This runs at every start of every Neovim the plugin is installed in, also
-- one older than the plugin supports (0.11): there it must not throw, and it
-- stays quiet until the plugin is used (setup(), :AgentlsPreview, or the first
-- agent file opened), which then says once that Neovim is too old.
if vim.g.loaded_agentls then
  return
end
vim.g.loaded_agentls = true

local agentls = require("agentls")

if not agentls.supported() then
  -- Neovim 0.7 has nvim_create_user_command and nvim_create_autocmd; older
  -- ones get nothing at all.
  if vim.api.nvim_create_user_command then
    vim.api.nvim_create_user_command("AgentlsPreview", function()
      agentls.warn_unsupported(true)
    end, { desc = "agentls: needs Neovim " .. agentls.min_version .. " or newer" })
  end
  if vim.api.nvim_create_autocmd then
    vim.api.nvim_create_autocmd("FileType", {
      group = vim.api.nvim_create_augroup("agentls.server", { clear = true }),
      pattern = { "markdown", "mdc" },
      desc = "agentls: say once that this Neovim is too old",
      callback = function(args)
        if agentls.is_agent_file(vim.api.nvim_buf_get_name(args.buf)) then
          agentls.warn_unsupported()
          return true -- said: the autocommand is done
        end
      end,
    })
  end
  if vim.g.agentls_auto_setup then
    agentls.warn_unsupported()
  end
  return
end

-- The first agent file opened while the server cannot be run says so, once.
agentls.watch_server()
-- Code lens, document colors and virtual text for agentls buffers, also when
-- it is enabled with vim.lsp.enable("agentls") alone.
agentls.register()

vim.api.nvim_create_user_command("AgentlsPreview", function()
  agentls.preview()
end, { desc = "agentls: preview the agent's description and <example> blocks" })

local auto = vim.g.agentls_auto_setup
if auto then
  agentls.setup(type(auto) == "table" and auto or {})
end
