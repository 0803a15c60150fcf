-- The agentls config for Neovim 0.11+'s vim.lsp.config, self-contained.
--
-- With this plugin on the runtimepath, `vim.lsp.enable("agentls")` finds it by
-- itself. Without the plugin, copy this file to ~/.config/nvim/lsp/agentls.lua
-- (the nvim-lspconfig layout) and call `vim.lsp.enable("agentls")`.
--
-- The server only analyses agent definition files and stays silent on other
-- Markdown; root_dir goes further and does not even attach to other Markdown:
-- it calls on_dir only for the paths of the formats agentls knows (the
-- server's rules, first match wins; `<plugin>` holds
-- `.claude-plugin/plugin.json` or sits directly in a `plugins/` folder):
-- Claude Code's `.claude/agents/**/*.md`, `<plugin>/agents/**/*.md`,
-- `.claude/skills/<dir>/SKILL.md` and `<plugin>/skills/<dir>/SKILL.md`,
-- `.claude/commands/**/*.md` and `<plugin>/commands/**/*.md`,
-- `.claude/output-styles/*.md` and `<plugin>/output-styles/*.md`; Agent
-- Skills `{.github,.agents,.codex,.copilot}/skills/<dir>/SKILL.md`; GitHub
-- Copilot's `.github/agents/**/*.md`, `*.agent.md`, `*.prompt.md`,
-- `*.chatmode.md`; OpenCode's `{agent,agents,command,commands}/**/*.md` in
-- `.opencode/` or `~/.config/opencode/`; `.gemini/agents/*.md` (not `_*.md`);
-- `.qwen/agents/*.md`; Cursor's `.cursor/rules/**/*.mdc`. (The plugin's
-- `require("agentls").agent_info` is the same, with the kind.)
--
-- Neovim gives a `.mdc` file no filetype; the plugin's ftdetect/agentls.lua
-- makes `.cursor/rules/**/*.mdc` Markdown. Without the plugin, add that
-- yourself: vim.filetype.add({ pattern = { [".*/%.cursor/rules/.+%.[mM][dD][cC]"] = "markdown" } })
--
-- Only Neovim 0.11+ reads this file, but loading it (or calling root_dir) on
-- an older one does not throw either.

local SKILL_ROOTS = { [".github"] = true, [".agents"] = true, [".codex"] = true, [".copilot"] = true }

---@param path string
---@return string|nil root the folder that holds the tool's folder (`.claude/`, …), the plugin folder, or the file's folder
local function agent_root(path)
  if path == "" or path:match("^%a[%w+.-]*://") then
    return nil
  end
  path = vim.fn.fnamemodify(path, ":p")
  if vim.fs and vim.fs.normalize then
    path = vim.fs.normalize(path)
  end
  local parts = vim.split(path, "/", { plain = true })
  local name = parts[#parts]
  local ext = (name:match("^.+%.([^.]*)$") or ""):lower()
  if ext ~= "md" and ext ~= "mdc" then
    return nil
  end
  local dirs = #parts - 1
  local function folder(n)
    local p = table.concat(parts, "/", 1, n)
    return p == "" and "/" or p
  end
  local function pair(first, seconds)
    for i = 1, dirs - 1 do
      if parts[i] == first and seconds[parts[i + 1]] then
        return folder(i - 1)
      end
    end
  end
  local function in_plugin(i)
    if i < 2 then
      return false
    end
    local manifest = (vim.uv or vim.loop).fs_stat(folder(i - 1) .. "/.claude-plugin/plugin.json")
    return (i >= 3 and parts[i - 2] == "plugins") or (manifest ~= nil and manifest.type == "file")
  end
  local function plugin_folder(folders)
    for i = 2, dirs do
      if folders[parts[i]] and in_plugin(i) then
        return folder(i - 1)
      end
    end
  end
  if ext == "mdc" then
    return pair(".cursor", { rules = true })
  end
  local root = pair(".claude", { agents = true }) or plugin_folder({ agents = true })
  if root then
    return root
  end
  local skill = name == "SKILL.md" and dirs >= 2 and parts[dirs - 1] == "skills"
  if skill and dirs >= 3 and parts[dirs - 2] == ".claude" then
    return folder(dirs - 3)
  elseif skill and in_plugin(dirs - 1) then
    return folder(dirs - 2)
  end
  root = pair(".claude", { commands = true }) or plugin_folder({ commands = true })
  if root then
    return root
  end
  if parts[dirs] == "output-styles" then
    if dirs >= 2 and parts[dirs - 1] == ".claude" then
      return folder(dirs - 2)
    elseif in_plugin(dirs) then
      return folder(dirs - 1)
    end
  end
  if skill and dirs >= 3 and SKILL_ROOTS[parts[dirs - 2]] then
    return folder(dirs - 3)
  end
  root = pair(".github", { agents = true })
  if root then
    return root
  end
  local inner = name:sub(1, #name - #ext - 1):match("^.+%.([^.]*)$")
  if inner == "agent" or inner == "prompt" or inner == "chatmode" then
    return folder(dirs)
  end
  local opencode = { agent = true, agents = true, command = true, commands = true }
  root = pair(".opencode", opencode)
  if root then
    return root
  end
  for i = 1, dirs - 2 do
    if parts[i] == ".config" and parts[i + 1] == "opencode" and opencode[parts[i + 2]] then
      return folder(i - 1)
    end
  end
  if dirs >= 2 and parts[dirs] == "agents" then
    if (parts[dirs - 1] == ".gemini" and name:sub(1, 1) ~= "_") or parts[dirs - 1] == ".qwen" then
      return folder(dirs - 2)
    end
  end
  return nil
end

---@type vim.lsp.Config
return {
  cmd = { "agentls" },
  filetypes = { "markdown", "mdc" },
  root_dir = function(bufnr, on_dir)
    local root = agent_root(vim.api.nvim_buf_get_name(bufnr))
    if root then
      on_dir(vim.fs and vim.fs.root and vim.fs.root(bufnr, ".git") or root)
    end
  end,
}
