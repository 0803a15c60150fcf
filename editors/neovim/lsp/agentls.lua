-- The agentls config for Neovim 0.11+'s vim.lsp.config, self-contained.
--
-- With this plugin on the runtimepath, `vim.lsp.enable("agentls")` finds it by
-- itself. Without the plugin, copy this file to ~/.config/nvim/lsp/agentls.lua
-- (the nvim-lspconfig layout) and call `vim.lsp.enable("agentls")`.
--
-- The server only analyses agent definition files and stays silent on other
-- Markdown; root_dir goes further and does not even attach to other Markdown:
-- it calls on_dir only for a `.md` file with `.claude/agents/` above it, or
-- with an `agents/` folder above it whose parent holds
-- `.claude-plugin/plugin.json` or sits directly in a `plugins/` folder.
--
-- Only Neovim 0.11+ reads this file, but loading it (or calling root_dir) on
-- an older one does not throw either.

---@param path string
---@return string|nil root the folder holding `.claude/`, or the plugin folder
local function agent_root(path)
  if path == "" or path:match("^%a[%w+.-]*://") then
    return nil
  end
  path = vim.fn.fnamemodify(path, ":p")
  if vim.fs and vim.fs.normalize then
    path = vim.fs.normalize(path)
  end
  if not path:lower():match("%.md$") then
    return nil
  end
  local parts = vim.split(path, "/", { plain = true })
  local function folder(n)
    local p = table.concat(parts, "/", 1, n)
    return p == "" and "/" or p
  end
  for i = 1, #parts - 2 do
    if parts[i] == ".claude" and parts[i + 1] == "agents" then
      return folder(i - 1)
    end
  end
  for i = 2, #parts - 1 do
    if parts[i] == "agents" then
      local manifest = (vim.uv or vim.loop).fs_stat(folder(i - 1) .. "/.claude-plugin/plugin.json")
      if (i >= 3 and parts[i - 2] == "plugins") or (manifest and manifest.type == "file") then
        return folder(i - 1)
      end
    end
  end
  return nil
end

---@type vim.lsp.Config
return {
  cmd = { "agentls" },
  filetypes = { "markdown" },
  root_dir = function(bufnr, on_dir)
    local root = agent_root(vim.api.nvim_buf_get_name(bufnr))
    if root then
      on_dir(vim.fs and vim.fs.root and vim.fs.root(bufnr, ".git") or root)
    end
  end,
}
