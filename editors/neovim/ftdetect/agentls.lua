-- Cursor rules (`.cursor/rules/**/*.mdc`) are Markdown with YAML frontmatter,
-- and agent files for agentls; Neovim gives a `.mdc` file no filetype, so no
-- FileType event, and no language server would ever attach. This makes them
-- `markdown`, but only when nothing else claims them: the negative priority
-- puts the pattern after every extension mapping (a plugin that gives `.mdc`
-- a filetype of its own, say `mdc`, wins; agentls attaches to `mdc` too).
--
-- Neovim sources ftdetect/ scripts of the runtimepath when it sets up filetype
-- detection (lazy.nvim does it for lazy plugins too, `:packadd` for late
-- ones). Runs on any Neovim: without vim.filetype.add (before 0.7) it does
-- nothing, and it never throws.
if type(vim.filetype) == "table" and type(vim.filetype.add) == "function" then
  pcall(vim.filetype.add, {
    pattern = {
      [".*/%.cursor/rules/.+%.[mM][dD][cC]"] = { "markdown", { priority = -1 } },
    },
  })
end
