-- agentls: the :AgentlsPreview command, and a message when the server cannot
-- be run. The server itself is configured by
-- require("agentls").setup() (or by vim.lsp.enable("agentls"), which picks up
-- this plugin's lsp/agentls.lua); set vim.g.agentls_auto_setup = true (or a
-- table of setup options) to have it done here.
if vim.g.loaded_agentls then
  return
end
vim.g.loaded_agentls = true

if vim.fn.has("nvim-0.11") == 0 then
  vim.notify_once("agentls: Neovim 0.11 or newer is required", vim.log.levels.WARN)
  return
end

-- The first agent file opened while the server cannot be run says so, once.
require("agentls").watch_server()

vim.api.nvim_create_user_command("AgentlsPreview", function()
  require("agentls").preview()
end, { desc = "agentls: preview the agent's description and <example> blocks" })

local auto = vim.g.agentls_auto_setup
if auto then
  require("agentls").setup(type(auto) == "table" and auto or {})
end
