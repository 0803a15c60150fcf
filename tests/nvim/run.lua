-- The Neovim end-to-end test of editors/neovim, run by tests/tests/neovim.rs:
--
--   nvim --headless --clean --cmd "lua vim.opt.rtp:prepend(<editors/neovim>)" -c "luafile run.lua"
--
-- with these environment variables:
--   AGENTLS_BIN               the built agentls binary
--   AGENTLS_NVIM_PROJECT      a folder with .claude/agents/team/code-critic.md and README.md
--                             (the scenarios write the other files they open there)
--   AGENTLS_NVIM_RESULT       where to write `ok`, or what failed
--   AGENTLS_NVIM_LOG          where to write the steps as they run
--   AGENTLS_EXPECTED_VERSION  the version `agentls --version` must report
--   AGENTLS_NVIM_SCENARIO     `main` (the default: setup() with the built binary),
--                             `missing-binary` (configured the nvim-lspconfig
--                             way, vim.lsp.config + vim.lsp.enable, with a
--                             server command that does not exist), or
--                             `old-nvim` (a Neovim older than 0.11, real or
--                             faked by prelude.lua: one warning, nothing throws)
--   AGENTLS_NVIM_PLUGIN       editors/neovim
--   AGENTLS_NVIM_FAKE_VERSION (old-nvim) the version prelude.lua fakes, if any
--
-- tests/nvim/prelude.lua runs first (--cmd): it records vim.notify calls in
-- _G.agentls_test_notes. The old-nvim scenario, and everything this file runs
-- before a scenario starts, uses only what Neovim 0.7 has.
--
-- The steps run in a coroutine that yields to Neovim's main loop whenever it
-- waits, so that autocommands fire as they do for a user (TextChanged and
-- TextChangedI are triggered by the main loop, not by API calls). Every wait
-- is bounded. The first failed check ends the run: its step and message go to
-- the result file and Neovim exits with status 1.

local function getenv(name)
  local value = os.getenv(name)
  assert(value and value ~= "", name .. " is not set")
  return value
end

local BIN = getenv("AGENTLS_BIN")
local PROJECT = getenv("AGENTLS_NVIM_PROJECT")
local RESULT = getenv("AGENTLS_NVIM_RESULT")
local LOG = getenv("AGENTLS_NVIM_LOG")
local VERSION = getenv("AGENTLS_EXPECTED_VERSION")
local SCENARIO = os.getenv("AGENTLS_NVIM_SCENARIO") or "main"
local AGENT = PROJECT .. "/.claude/agents/team/code-critic.md"
local README = PROJECT .. "/README.md"

local step = "start"

local function write(path, text, mode)
  local f = assert(io.open(path, mode or "w"))
  f:write(text)
  f:close()
end

write(LOG, "")
local function log(fmt, ...)
  write(LOG, string.format(fmt, ...) .. "\n", "a")
end

local function begin(name)
  step = name
  log("== %s", name)
end

local finished = false
local function finish(err)
  if finished then
    return
  end
  finished = true
  if err then
    local msg = ('step "%s" failed: %s'):format(step, tostring(err))
    log("FAILED (see the result)")
    write(RESULT, msg .. "\n")
    vim.cmd("cquit 1")
  else
    log("ok")
    write(RESULT, "ok\n")
    vim.cmd("qall!")
  end
end

-- ---------------------------------------------------------------------------
-- Checks and waits
-- ---------------------------------------------------------------------------

local function fail(fmt, ...)
  error(string.format(fmt, ...), 0)
end

local function check(cond, fmt, ...)
  if not cond then
    fail(fmt, ...)
  end
end

local function eq(what, expected, actual)
  if not vim.deep_equal(expected, actual) then
    fail("%s: expected %s, got %s", what, vim.inspect(expected), vim.inspect(actual))
  end
end

local co

local function resume()
  local ok, err = coroutine.resume(co)
  if not ok then
    finish(debug.traceback(co, err))
  elseif coroutine.status(co) == "dead" then
    finish(nil)
  end
end

--- Gives the main loop `ms` milliseconds (autocommands, LSP messages, timers).
local function sleep(ms)
  vim.defer_fn(resume, ms)
  coroutine.yield()
end

local function now_ms()
  return (vim.uv or vim.loop).hrtime() / 1e6 -- vim.uv: Neovim 0.10+
end

--- Waits until `cond()` returns a truthy value (at most `timeout_ms`), and returns it.
local function wait_for(what, timeout_ms, cond, describe)
  local deadline = now_ms() + timeout_ms
  while true do
    local ok, value = pcall(cond)
    if ok and value then
      return value
    end
    if now_ms() > deadline then
      local state = describe and (": " .. describe()) or (ok and "" or (": " .. tostring(value)))
      fail("timed out after %d ms waiting for %s%s", timeout_ms, what, state)
    end
    sleep(20)
  end
end

local function lines(buf)
  return vim.api.nvim_buf_get_lines(buf, 0, -1, false)
end

local function contains(list, item)
  return vim.tbl_contains(list, item)
end

local function clients(buf)
  return vim.lsp.get_clients({ bufnr = buf, name = "agentls" })
end

--- The virtual text and virtual lines shown in `buf`, of every namespace:
--- a list of { row, text }.
local function virtual_texts(buf)
  local texts = {}
  for _, mark in ipairs(vim.api.nvim_buf_get_extmarks(buf, -1, 0, -1, { details = true })) do
    local details = mark[4] or {}
    local chunks = {}
    for _, chunk in ipairs(details.virt_text or {}) do
      table.insert(chunks, chunk[1])
    end
    for _, line in ipairs(details.virt_lines or {}) do
      for _, chunk in ipairs(line) do
        table.insert(chunks, chunk[1])
      end
    end
    if #chunks > 0 then
      table.insert(texts, { row = mark[2], text = table.concat(chunks) })
    end
  end
  return texts
end

--- The first virtual text in `buf` that contains `needle`, if any.
local function shown_on(buf, needle)
  for _, t in ipairs(virtual_texts(buf)) do
    if t.text:find(needle, 1, true) then
      return t
    end
  end
  return nil
end

--- The windows of the current tab page that show `buf`.
local function windows_of(buf)
  return vim.tbl_filter(function(w)
    return vim.api.nvim_win_get_buf(w) == buf
  end, vim.api.nvim_tabpage_list_wins(0))
end

-- ---------------------------------------------------------------------------
-- The scenario
-- ---------------------------------------------------------------------------

local function main()
  begin("setup")
  local agentls = require("agentls")
  agentls.setup({ cmd = { BIN } })
  eq("the :AgentlsPreview command (plugin/agentls.lua loaded)", 2, vim.fn.exists(":AgentlsPreview"))
  eq("vim.lsp.config.agentls.cmd", { BIN }, vim.lsp.config.agentls.cmd)
  eq("vim.lsp.config.agentls.filetypes", { "markdown", "mdc" }, vim.lsp.config.agentls.filetypes)

  begin("is_agent_file")
  -- Plugin folders with a manifest, outside any plugins/ folder.
  local manifest_plugin = PROJECT .. "/tools/my-plugin"
  vim.fn.mkdir(manifest_plugin .. "/.claude-plugin", "p")
  write(manifest_plugin .. "/.claude-plugin/plugin.json", "{}")
  -- Each path and its kind (false: not an agent file).
  local cases = {
    [AGENT] = "claude-agent",
    ["/home/u/proj/.claude/agents/a.md"] = "claude-agent",
    ["/home/u/.claude/agents/sub/dir/a.md"] = "claude-agent",
    ["/home/u/proj/.claude/agents/A.MD"] = "claude-agent",
    ["/home/u/proj/.claude/agents/x.prompt.md"] = "claude-agent",
    ["/r/plugins/x/agents/a.md"] = "claude-plugin-agent",
    ["/r/plugins/x/agents/deep/a.md"] = "claude-plugin-agent",
    [manifest_plugin .. "/agents/a.md"] = "claude-plugin-agent",
    ["/home/u/proj/.claude/skills/pdf/SKILL.md"] = "claude-skill",
    ["/r/plugins/x/skills/pdf/SKILL.md"] = "claude-skill",
    [manifest_plugin .. "/skills/pdf/SKILL.md"] = "claude-skill",
    ["/home/u/proj/.claude/commands/review.md"] = "claude-command",
    ["/home/u/proj/.claude/commands/ns/review.MD"] = "claude-command",
    ["/r/plugins/x/commands/c.md"] = "claude-command",
    [manifest_plugin .. "/commands/ns/c.md"] = "claude-command",
    ["/home/u/proj/.claude/output-styles/terse.md"] = "claude-output-style",
    [manifest_plugin .. "/output-styles/terse.md"] = "claude-output-style",
    ["/home/u/proj/.github/skills/pdf/SKILL.md"] = "agent-skill",
    ["/home/u/.codex/skills/pdf/SKILL.md"] = "agent-skill",
    ["/home/u/proj/.agents/skills/pdf/SKILL.md"] = "agent-skill",
    ["/home/u/.copilot/skills/pdf/SKILL.md"] = "agent-skill",
    ["/home/u/proj/.github/agents/a.md"] = "copilot-agent",
    ["/home/u/proj/.github/agents/sub/a.prompt.md"] = "copilot-agent",
    ["/home/u/proj/src/planner.agent.md"] = "copilot-agent",
    ["/home/u/proj/.github/prompts/release.prompt.md"] = "copilot-prompt",
    ["/home/u/proj/x.prompt.MD"] = "copilot-prompt",
    ["/home/u/proj/plan.chatmode.md"] = "copilot-chatmode",
    ["/home/u/proj/.opencode/agent/review.md"] = "opencode-agent",
    ["/home/u/proj/.opencode/agents/team/review.md"] = "opencode-agent",
    ["/home/u/.config/opencode/agent/review.md"] = "opencode-agent",
    ["/home/u/proj/.opencode/command/test.md"] = "opencode-command",
    ["/home/u/.config/opencode/commands/ns/test.md"] = "opencode-command",
    ["/home/u/proj/.gemini/agents/triager.md"] = "gemini-agent",
    ["/home/u/proj/.qwen/agents/triager.md"] = "qwen-agent",
    ["/home/u/proj/.qwen/agents/_triager.md"] = "qwen-agent",
    ["/home/u/proj/.cursor/rules/style.mdc"] = "cursor-rule",
    ["/home/u/proj/.cursor/rules/ts/STYLE.MDC"] = "cursor-rule",
    [README] = false,
    ["/home/u/proj/docs/x.md"] = false,
    ["/home/u/proj/notes/SKILL.md"] = false,
    ["/home/u/proj/docs/agents/x.md"] = false,
    ["/home/u/proj/.claude/agents/a.txt"] = false,
    ["/home/u/proj/.claude/agents/.md"] = false,
    ["/home/u/proj/.claude/agents.md"] = false,
    ["/home/u/proj/.claude/skills/SKILL.md"] = false,
    ["/home/u/proj/.claude/skills/a/b/SKILL.md"] = false,
    ["/home/u/proj/.claude/skills/pdf/skill.md"] = false,
    ["/home/u/proj/.claude/skills/pdf/reference.md"] = false,
    ["/home/u/proj/.claude/output-styles/sub/terse.md"] = false,
    ["/home/u/proj/.github/skills/a/b/SKILL.md"] = false,
    ["/home/u/proj/.vscode/skills/pdf/SKILL.md"] = false,
    ["/home/u/proj/.agent.md"] = false,
    ["/home/u/proj/x.instructions.md"] = false,
    ["/home/u/proj/.github/copilot-instructions.md"] = false,
    ["/home/u/proj/.opencode/plugin/x.md"] = false,
    ["/home/u/.config/other/agent/x.md"] = false,
    ["/home/u/proj/.gemini/agents/_draft.md"] = false,
    ["/home/u/proj/.gemini/agents/sub/a.md"] = false,
    ["/home/u/proj/.qwen/agents/sub/a.md"] = false,
    ["/home/u/proj/.cursor/rules/style.md"] = false,
    ["/home/u/proj/.cursor/style.mdc"] = false,
    ["/home/u/proj/style.mdc"] = false,
    ["/r/plugins/agents/a.md"] = false,
    ["/r/plugins/x/y/agents/a.md"] = false,
    ["/r/plugins/x/skills/a/b/SKILL.md"] = false,
    [PROJECT .. "/tools/other/agents/a.md"] = false,
    [PROJECT .. "/tools/other/commands/a.md"] = false,
    ["oil:///home/u/proj/.claude/agents/a.md"] = false,
    ["agentls://preview//home/u/proj/.claude/agents/a.md"] = false,
    [""] = false,
  }
  -- The self-contained lsp/agentls.lua (for users without the plugin) must agree.
  local standalone = dofile(vim.api.nvim_get_runtime_file("lsp/agentls.lua", false)[1])
  for path, kind in pairs(cases) do
    local expected = kind ~= false
    eq("is_agent_file(" .. path .. ")", expected, agentls.is_agent_file(path))
    eq("agent_info(" .. path .. ").kind", kind or nil, (agentls.agent_info(path) or {}).kind)
    local scratch = vim.api.nvim_create_buf(false, true)
    if path ~= "" then
      vim.api.nvim_buf_set_name(scratch, path)
    end
    local called
    standalone.root_dir(scratch, function(dir)
      called = dir
    end)
    vim.api.nvim_buf_delete(scratch, { force = true })
    eq("lsp/agentls.lua root_dir calls on_dir for " .. path, expected, called ~= nil)
    if expected then
      eq("lsp/agentls.lua root_dir's root for " .. path, agentls.agent_info(path).root, called)
    end
  end
  for _, kind in ipairs(agentls.kinds) do
    check(vim.tbl_contains(vim.tbl_values(cases), kind), "no case of the kind %s", kind)
  end
  eq("agent_info(agent).root", PROJECT, agentls.agent_info(AGENT).root)
  eq("agent_info(plugin agent).root", "/r/plugins/x", agentls.agent_info("/r/plugins/x/agents/a.md").root)
  for path, root in pairs({
    ["/home/u/proj/.claude/skills/pdf/SKILL.md"] = "/home/u/proj",
    [manifest_plugin .. "/commands/ns/c.md"] = manifest_plugin,
    ["/home/u/proj/.claude/output-styles/terse.md"] = "/home/u/proj",
    ["/home/u/.codex/skills/pdf/SKILL.md"] = "/home/u",
    ["/home/u/proj/src/planner.agent.md"] = "/home/u/proj/src",
    ["/home/u/.config/opencode/agent/review.md"] = "/home/u",
    ["/home/u/proj/.gemini/agents/triager.md"] = "/home/u/proj",
    ["/home/u/proj/.cursor/rules/ts/STYLE.MDC"] = "/home/u/proj",
  }) do
    eq("agent_info(" .. path .. ").root", root, agentls.agent_info(path).root)
  end

  begin("open the agent file")
  vim.cmd.edit(vim.fn.fnameescape(AGENT))
  local src = vim.api.nvim_get_current_buf()
  local src_win = vim.api.nvim_get_current_win()
  eq("filetype of the agent file", "markdown", vim.bo[src].filetype)
  local client = wait_for("agentls to attach to " .. AGENT, 10000, function()
    return clients(src)[1]
  end)
  log("attached: client %d, offset encoding %s", client.id, client.offset_encoding)
  eq("the client's root_dir", PROJECT, client.root_dir)

  begin("diagnostics")
  local diags = wait_for("diagnostics on " .. AGENT, 10000, function()
    local d = vim.diagnostic.get(src)
    return #d > 0 and d
  end)
  local got = vim.tbl_map(function(d)
    return {
      code = d.code,
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
    }
  end, diags)
  -- `color: magenta` on line 4 (lnum 3): the value, columns 7 to 14.
  eq("diagnostics", {
    { code = "AG302", lnum = 3, col = 7, end_lnum = 3, end_col = 14, severity = vim.diagnostic.severity.WARN },
  }, got)
  check(diags[1].message:find("magenta", 1, true), "the AG302 message names the color: %s", diags[1].message)

  begin("the defaults: code lens, virtual text, document colors")
  local lens = wait_for("the code lens `Preview 1 example`", 10000, function()
    return shown_on(src, "Preview 1 example")
  end, function()
    return vim.inspect(virtual_texts(src))
  end)
  eq("the code lens's line (the description's)", 2, lens.row)
  wait_for("the diagnostic as virtual text", 10000, function()
    return shown_on(src, diags[1].message)
  end, function()
    return vim.inspect(virtual_texts(src))
  end)
  check(not vim.diagnostic.config().virtual_text, "the global virtual_text was changed: %s", vim.inspect(vim.diagnostic.config().virtual_text))
  if vim.lsp.document_color then
    eq("document colors enabled in the agent buffer", true, agentls.feature_enabled(vim.lsp.document_color, src))
  else
    log("no vim.lsp.document_color in this Neovim: no colour swatches")
  end

  begin("completion after `model: `")
  local response, err = client:request_sync("textDocument/completion", {
    textDocument = { uri = vim.uri_from_bufnr(src) },
    position = { line = 4, character = 7 },
  }, 5000, src)
  check(response, "no completion response: %s", tostring(err))
  check(not response.err, "completion error: %s", vim.inspect(response.err))
  -- Neovim declares `completionList.itemDefaults`: the reply is a list
  -- whose shared range, format and data are said once.
  check(
    response.result and response.result.itemDefaults and response.result.itemDefaults.editRange,
    "the completion reply has no item defaults: %s",
    vim.inspect(response.result)
  )
  --- The items as Neovim's completion takes them (its own code applies the
  --- list's item defaults to each).
  local function items_of(result)
    return vim.tbl_map(function(c)
      return c.user_data.nvim.lsp.completion_item
    end, vim.lsp.completion._lsp_to_complete_items(vim.deepcopy(result), "", client.id))
  end
  local items = items_of(response.result)
  local labels = vim.tbl_map(function(i)
    return i.label
  end, items)
  log("completion labels: %s", table.concat(labels, ", "))
  check(contains(labels, "sonnet"), "`sonnet` is not among the completion labels %s", vim.inspect(labels))
  check(not contains(labels, "magenta"), "a color among the model completions %s", vim.inspect(labels))

  begin("applying the `sonnet` completion")
  --- Applies the item's text edit as Neovim does, and waits for the
  --- diagnostics published for the result.
  local function accept(item)
    local published = false
    local au = vim.api.nvim_create_autocmd("DiagnosticChanged", {
      buffer = src,
      callback = function()
        published = true
      end,
    })
    vim.lsp.util.apply_text_edits({ item.textEdit }, src, client.offset_encoding)
    wait_for("diagnostics after the edit", 10000, function()
      return published
    end)
    vim.api.nvim_del_autocmd(au)
    return vim.tbl_map(function(d)
      return d.code
    end, vim.diagnostic.get(src))
  end
  local function item_of(result, label)
    for _, i in ipairs(items_of(result)) do
      if i.label == label then
        return i
      end
    end
    fail("no %s in the completion", label)
  end
  local sonnet = item_of(response.result, "sonnet")
  eq("the edit's range (the cursor, after the blank)", {
    start = { line = 4, character = 7 },
    ["end"] = { line = 4, character = 7 },
  }, sonnet.textEdit.range)
  eq("diagnostics after accepting `sonnet`", { "AG302" }, accept(sonnet))
  eq("line 5 after accepting `sonnet`", "model: sonnet", vim.api.nvim_buf_get_lines(src, 4, 5, false)[1])

  begin("completion right after `model:` (the `:` trigger)")
  vim.api.nvim_buf_set_lines(src, 4, 5, false, { "model:" })
  response, err = client:request_sync("textDocument/completion", {
    textDocument = { uri = vim.uri_from_bufnr(src) },
    position = { line = 4, character = 6 },
    context = { triggerKind = 2, triggerCharacter = ":" },
  }, 5000, src)
  check(response and not response.err, "completion failed: %s", vim.inspect(response and response.err or err))
  local opus = item_of(response.result, "opus")
  eq("the item's text (with the blank)", " opus", opus.textEdit.newText)
  eq("diagnostics after accepting `opus`", { "AG302" }, accept(opus))
  eq("line 5 after accepting `opus`", "model: opus", vim.api.nvim_buf_get_lines(src, 4, 5, false)[1])

  begin(":AgentlsPreview")
  vim.cmd("AgentlsPreview")
  eq("the current window after :AgentlsPreview (focus stays in the source)", src_win, vim.api.nvim_get_current_win())
  local preview = agentls.preview_buffer(src)
  check(preview, "no preview buffer after :AgentlsPreview")
  eq("windows showing the preview", 1, #windows_of(preview))
  eq("preview buftype", "nofile", vim.bo[preview].buftype)
  eq("preview filetype", "markdown", vim.bo[preview].filetype)
  eq("preview modifiable", false, vim.bo[preview].modifiable)
  local shown = wait_for("the preview to render", 10000, function()
    local l = lines(preview)
    return l[1] == "### code-critic" and l
  end, function()
    return vim.inspect(lines(preview))
  end)
  log("preview:\n%s", table.concat(shown, "\n"))
  eq("preview line 3 (the summary)", "Reviews a diff for bugs before it is merged. Examples:", shown[3])
  for _, expected in ipairs({
    "#### Example 1",
    "> **Context:** The user has just finished a change.",
    "**user**",
    "> Review my diff, please",
    "**assistant**",
    "> I will use the code-critic agent to review it.",
    "*A finished change calls for a review.*",
  }) do
    check(contains(shown, expected), "the preview lacks the line %q: %s", expected, vim.inspect(shown))
  end
  eq("agentls clients attached to the preview buffer", 0, #clients(preview))
  local ok_edit = pcall(vim.api.nvim_buf_set_lines, preview, 0, -1, false, { "x" })
  eq("the preview can be edited", false, ok_edit)

  begin("the preview follows typing (TextChangedI)")
  -- Line 2 is `name: code-critic`: replace the name, typing in insert mode.
  vim.api.nvim_win_set_cursor(src_win, { 2, 6 })
  vim.api.nvim_feedkeys(vim.keycode("C") .. "bug-hunter", "n", false)
  wait_for("the preview to show the typed name", 10000, function()
    return lines(preview)[1] == "### bug-hunter"
  end, function()
    return ("mode %s, line 2 %q, preview %q"):format(
      vim.api.nvim_get_mode().mode,
      vim.api.nvim_buf_get_lines(src, 1, 2, false)[1],
      lines(preview)[1]
    )
  end)
  eq("mode while typing", "i", vim.api.nvim_get_mode().mode)
  vim.api.nvim_feedkeys(vim.keycode("<Esc>"), "n", false)
  wait_for("normal mode", 5000, function()
    return vim.api.nvim_get_mode().mode == "n"
  end)

  begin("the preview follows changes (TextChanged)")
  -- The user turn, changed in normal mode through the API.
  local row = 2
  local text = vim.api.nvim_buf_get_lines(src, row, row + 1, false)[1]
  local s, e = text:find("Review my diff, please", 1, true)
  vim.api.nvim_buf_set_text(src, row, s - 1, row, e, { "Check my patch" })
  wait_for("the preview to show the new user turn", 10000, function()
    return contains(lines(preview), "> Check my patch")
  end, function()
    return vim.inspect(lines(preview))
  end)
  eq("the preview's version (the buffer's last version sent)", vim.lsp.util.buf_versions[src], vim.b[preview].agentls_preview_version)
  eq("the preview's first line", "### bug-hunter", lines(preview)[1])

  begin("a stale answer is dropped")
  -- Hold back the answer to the first preview request after a change, let a
  -- second change be answered, then deliver the first answer late.
  local held
  client.request = function(self, method, params, handler, bufnr)
    if method == "agentls/previewExamples" and not held then
      held = {}
      return getmetatable(self).__index.request(self, method, params, function(...)
        held.deliver = vim.F.pack_len(...)
        held.handler = handler
      end, bufnr)
    end
    return getmetatable(self).__index.request(self, method, params, handler, bufnr)
  end
  local ok_req, req_err = pcall(function()
    vim.api.nvim_buf_set_text(src, 1, 6, 1, 16, { "old-name" })
    wait_for("the first answer (held back)", 10000, function()
      return held and held.deliver
    end)
    vim.api.nvim_buf_set_text(src, 1, 6, 1, 14, { "new-name" })
    wait_for("the preview to show the second change", 10000, function()
      return lines(preview)[1] == "### new-name"
    end, function()
      return lines(preview)[1]
    end)
    held.handler(vim.F.unpack_len(held.deliver))
  end)
  client.request = nil
  check(ok_req, "%s", req_err)
  check(
    held.deliver[2] and held.deliver[2].markdown:find("### old-name", 1, true),
    "the held answer was not the first change's: %s",
    vim.inspect(held.deliver)
  )
  eq("the preview's first line after the stale answer", "### new-name", lines(preview)[1])
  vim.api.nvim_buf_set_text(src, 1, 6, 1, 14, { "bug-hunter" })
  wait_for("the preview to follow again", 10000, function()
    return lines(preview)[1] == "### bug-hunter"
  end)

  begin("README.md gets no agentls")
  vim.cmd.edit(vim.fn.fnameescape(README))
  local readme = vim.api.nvim_get_current_buf()
  eq("filetype of README.md", "markdown", vim.bo[readme].filetype)
  sleep(500) -- time enough for an attach (the agent's took less)
  eq("agentls clients attached to README.md", 0, #clients(readme))
  eq("agentls clients in all", 1, #vim.lsp.get_clients({ name = "agentls" }))
  vim.cmd.buffer(src)

  begin("the other formats: a skill, a command, a prompt, a Gemini agent, a Cursor rule")
  -- agentls attaches to each (whatever the server says about the kind: not
  -- checked here), with the filetype Neovim gives it; the same server, the
  -- same root (the project). Then ordinary Markdown gets nothing.
  local others = {
    { PROJECT .. "/.claude/skills/pdf/SKILL.md", "---\nname: pdf\ndescription: Extracts text from PDF files.\n---\n\nRead the PDF.\n" },
    { PROJECT .. "/.claude/commands/stage-review.md", "---\ndescription: Reviews the staged changes\n---\n\nReview the staged diff.\n" },
    { PROJECT .. "/release.prompt.md", "---\ndescription: Release notes\n---\n\nWrite the release notes.\n" },
    { PROJECT .. "/.gemini/agents/triager.md", "---\nname: triager\ndescription: Sorts new issues.\n---\n\nYou sort issues.\n" },
    { PROJECT .. "/.cursor/rules/style.mdc", "---\ndescription: House style\nglobs: \"*.ts\"\nalwaysApply: false\n---\n\nUse single quotes.\n" },
  }
  local ordinary = {
    { PROJECT .. "/docs/x.md", "# Notes\n" },
    { PROJECT .. "/notes/SKILL.md", "# Skill notes\n\nNot a skill: no skills/ folder above it.\n" },
  }
  for _, f in ipairs(vim.list_extend(vim.list_extend({}, others), ordinary)) do
    vim.fn.mkdir(vim.fn.fnamemodify(f[1], ":h"), "p")
    write(f[1], f[2])
  end
  for _, f in ipairs(others) do
    vim.cmd.edit(vim.fn.fnameescape(f[1]))
    local buf = vim.api.nvim_get_current_buf()
    log("%s: filetype %s, kind %s", f[1], vim.bo[buf].filetype, agentls.agent_info(f[1]).kind)
    eq("filetype of " .. f[1], "markdown", vim.bo[buf].filetype)
    local c = wait_for("agentls to attach to " .. f[1], 10000, function()
      return clients(buf)[1]
    end)
    eq("the client of " .. f[1], client.id, c.id)
  end
  for _, f in ipairs(ordinary) do
    vim.cmd.edit(vim.fn.fnameescape(f[1]))
    local buf = vim.api.nvim_get_current_buf()
    eq("filetype of " .. f[1], "markdown", vim.bo[buf].filetype)
    sleep(500)
    eq("agentls clients attached to " .. f[1], 0, #clients(buf))
  end
  eq("agentls clients in all", 1, #vim.lsp.get_clients({ name = "agentls" }))
  vim.cmd.buffer(src)

  begin(":checkhealth agentls")
  local tabs = #vim.api.nvim_list_tabpages()
  vim.cmd("checkhealth agentls")
  local report = wait_for("the health report", 10000, function()
    local l = lines(vim.api.nvim_get_current_buf())
    return table.concat(l, "\n"):find("current buffer", 1, true) and l
  end)
  local text_report = table.concat(report, "\n")
  log("health:\n%s", text_report)
  for _, expected in ipairs({
    "- ✅ OK binary found: " .. BIN,
    "- ✅ OK version: agentls " .. VERSION,
    "- ✅ OK the `agentls` LSP config is set (by setup())",
  }) do
    check(contains(report, expected), "the health report lacks the line %q:\n%s", expected, text_report)
  end
  check(text_report:find("Neovim %d+%.%d+%.%d+%S* %(0%.11 or newer%)"), "the health report lacks the Neovim version:\n%s", text_report)
  check(text_report:find("code-critic.md is an agent file (claude-agent", 1, true), "the health report does not call the buffer an agent file:\n%s", text_report)
  check(text_report:find("agentls is attached", 1, true), "the health report does not see the client:\n%s", text_report)
  check(
    text_report:find("targets: unset (the project's .agentls.toml if any, else the tools that read each file's path)", 1, true),
    "the health report does not give the targets:\n%s",
    text_report
  )
  check(not text_report:find("ERROR"), "the health report has errors:\n%s", text_report)
  check(not text_report:find("WARNING"), "the health report has warnings:\n%s", text_report)
  if #vim.api.nvim_list_tabpages() > tabs then
    vim.cmd("tabclose")
  else
    vim.cmd.buffer(src)
  end
  eq("back in the agent buffer", src, vim.api.nvim_get_current_buf())

  begin("closing the preview window")
  eq("windows showing the preview", 1, #windows_of(preview))
  vim.api.nvim_win_close(windows_of(preview)[1], false)
  sleep(50)
  eq("the preview buffer after its window closed", false, vim.api.nvim_buf_is_valid(preview))
  eq("preview_buffer(src) after its window closed", nil, agentls.preview_buffer(src))
  local group_ok, left = pcall(vim.api.nvim_get_autocmds, { group = "agentls.preview." .. src })
  check(not group_ok or #left == 0, "autocommands left behind: %s", vim.inspect(left))
  vim.api.nvim_buf_set_text(src, 1, 6, 1, 16, { "code-critic" })
  sleep(100) -- a change with no preview: nothing to refresh, no error

  begin("running the code lens opens the preview")
  vim.api.nvim_win_set_cursor(src_win, { 3, 0 })
  wait_for("the code lens", 10000, function()
    return shown_on(src, "Preview 1 example")
  end)
  vim.lsp.codelens.run()
  preview = wait_for("the preview opened by the code lens", 10000, function()
    local b = agentls.preview_buffer(src)
    return b and lines(b)[1] == "### code-critic" and b
  end)
  eq("the current window after the code lens (focus stays in the source)", src_win, vim.api.nvim_get_current_win())
  eq("windows showing the preview", 1, #windows_of(preview))
  wait_for("the code lens to be shown again", 10000, function()
    return shown_on(src, "Preview 1 example")
  end, function()
    return vim.inspect(virtual_texts(src))
  end)

  begin("wiping the source closes its preview")
  vim.cmd("AgentlsPreview")
  preview = wait_for("a new preview", 10000, function()
    local b = agentls.preview_buffer(src)
    return b and lines(b)[1] == "### code-critic" and b
  end)
  vim.cmd("bwipeout! " .. src)
  wait_for("the preview buffer to go away", 5000, function()
    return not vim.api.nvim_buf_is_valid(preview)
  end)
  eq("preview_buffer(src) after the source was wiped", nil, agentls.preview_buffer(src))
  eq("windows in the tab page", 1, #vim.api.nvim_tabpage_list_wins(0))

  begin("setup() with code lens and document colors off")
  agentls.setup({ cmd = { BIN }, codelens = false, document_color = false })
  local other = PROJECT .. "/.claude/agents/other.md"
  write(other, table.concat(vim.fn.readfile(AGENT), "\n") .. "\n")
  vim.cmd.edit(vim.fn.fnameescape(other))
  local obuf = vim.api.nvim_get_current_buf()
  wait_for("agentls to attach to " .. other, 10000, function()
    return clients(obuf)[1]
  end)
  wait_for("diagnostics on " .. other, 10000, function()
    return #vim.diagnostic.get(obuf) > 0
  end)
  sleep(300)
  eq("code lens mode", nil, agentls.codelens_mode[obuf])
  check(not shown_on(obuf, "Preview"), "a code lens is shown: %s", vim.inspect(virtual_texts(obuf)))
  if vim.lsp.document_color then
    eq("document colors enabled", false, agentls.feature_enabled(vim.lsp.document_color, obuf))
  end

  begin("targets: by default, every tool that reads the file's path")
  -- A Claude Code skill that Copilot CLI (which reads .claude/skills too)
  -- refuses: AG020 for Copilot CLI, AG706 for Claude Code (`maybe` is read as false).
  local skill = PROJECT .. "/.claude/skills/review/SKILL.md"
  vim.fn.mkdir(vim.fn.fnamemodify(skill, ":h"), "p")
  write(
    skill,
    "---\nname: review\ndescription: Reviews the staged diff before a commit.\nuser-invocable: maybe\n---\n\nReview the staged diff: bugs first.\n"
  )
  --- The codes of the diagnostics in `buf`, sorted (of one client's namespace if given).
  local function codes(buf, client_id)
    local opts = client_id and { namespace = vim.lsp.diagnostic.get_namespace(client_id) } or nil
    local c = vim.tbl_map(function(d)
      return d.code
    end, vim.diagnostic.get(buf, opts))
    table.sort(c)
    return c
  end
  local function wait_codes(buf, expected, client_id)
    wait_for(table.concat(expected, " and ") .. " on " .. skill, 10000, function()
      return vim.deep_equal(codes(buf, client_id), expected)
    end, function()
      return vim.inspect(codes(buf, client_id))
    end)
  end
  vim.cmd.edit(vim.fn.fnameescape(skill))
  local sbuf = vim.api.nvim_get_current_buf()
  local sclient = wait_for("agentls to attach to " .. skill, 10000, function()
    return clients(sbuf)[1]
  end)
  wait_codes(sbuf, { "AG020", "AG706" })

  begin("targets: set_targets({ \"claude\" }) judges the open files again at once")
  eq("set_targets", true, agentls.set_targets({ "claude" }))
  wait_codes(sbuf, { "AG706" })
  eq("the running client's settings", { agentls = { targets = { "claude" } } }, sclient.settings)
  eq("the same client", sclient.id, clients(sbuf)[1].id)
  eq("client_targets", { "claude" }, agentls.client_targets(sclient))

  begin("targets: set_targets(nil), each file's default again")
  agentls.set_targets(nil)
  wait_codes(sbuf, { "AG020", "AG706" })
  eq("client_targets", nil, agentls.client_targets(sclient))

  begin("targets: setup({ targets = { \"claude\" } }) for a server that starts with it")
  agentls.setup({ cmd = { BIN }, targets = { "claude" } })
  eq("vim.lsp.config.agentls.init_options", { targets = { "claude" } }, vim.lsp.config.agentls.init_options)
  eq("vim.lsp.config.agentls.settings", { agentls = { targets = { "claude" } } }, vim.lsp.config.agentls.settings)
  for _, c in ipairs(vim.lsp.get_clients({ name = "agentls" })) do
    c:stop(true)
  end
  -- Wait for the old client only: Neovim may already start a new one for
  -- the buffer, the configuration having changed.
  wait_for("the old agentls client to stop", 10000, function()
    return sclient:is_stopped()
  end)
  vim.cmd("edit!") -- the FileType event: vim.lsp.enable attaches a new server
  local fresh = wait_for("a new agentls client on " .. skill, 10000, function()
    local c = clients(sbuf)[1]
    return c and c.id ~= sclient.id and c
  end)
  eq("the new client's init_options", { targets = { "claude" } }, fresh.config.init_options)
  wait_codes(sbuf, { "AG706" }, fresh.id)
  sleep(300) -- nothing more arrives
  eq("diagnostics of the new server", { "AG706" }, codes(sbuf, fresh.id))

  begin("done")
end

--- The health report of :checkhealth agentls, as lines; closes it after.
local function health_report()
  local tabs = #vim.api.nvim_list_tabpages()
  vim.cmd("checkhealth agentls")
  local report = wait_for("the health report", 10000, function()
    local l = lines(vim.api.nvim_get_current_buf())
    return table.concat(l, "\n"):find("current buffer", 1, true) and l
  end)
  if #vim.api.nvim_list_tabpages() > tabs then
    vim.cmd("tabclose")
  end
  return report
end

-- The server binary is missing: one message, the first time an agent file is
-- opened, pointing at the install command and :checkhealth agentls.
local function missing_binary()
  begin("capture vim.notify")
  local notes = {}
  vim.notify = function(msg, level)
    log("notify (level %s): %s", tostring(level), msg)
    table.insert(notes, { msg = msg, level = level })
  end

  begin("configure the nvim-lspconfig way, with a missing binary")
  -- As with nvim-lspconfig: the plugin's lsp/agentls.lua is on the
  -- runtimepath like lspconfig's own lsp/*.lua; no setup().
  local missing = PROJECT .. "/not-installed/agentls"
  vim.lsp.config("agentls", { cmd = { missing } })
  vim.lsp.enable("agentls")
  local config = vim.lsp.config.agentls
  eq("vim.lsp.config.agentls.cmd", { missing }, config.cmd)
  eq("vim.lsp.config.agentls.filetypes (from lsp/agentls.lua)", { "markdown", "mdc" }, config.filetypes)
  eq("vim.lsp.config.agentls.root_dir (from lsp/agentls.lua)", "function", type(config.root_dir))
  eq("require('agentls').options (setup() not called)", nil, require("agentls").options)

  begin("README.md: no message")
  vim.cmd.edit(vim.fn.fnameescape(README))
  sleep(300)
  eq("notifications after opening README.md", {}, notes)

  begin("the first agent file: one message")
  vim.cmd.edit(vim.fn.fnameescape(AGENT))
  local src = vim.api.nvim_get_current_buf()
  wait_for("a notification", 5000, function()
    return #notes > 0
  end)
  sleep(300)
  eq("notifications after opening the agent file", 1, #notes)
  local note = notes[1]
  eq("the notification's level", vim.log.levels.WARN, note.level)
  for _, part in ipairs({ "`" .. missing .. "` was not found", "cargo install --path server", ":checkhealth agentls" }) do
    check(note.msg:find(part, 1, true), "the notification lacks %q: %s", part, note.msg)
  end
  eq("agentls clients", 0, #vim.lsp.get_clients({ name = "agentls" }))

  begin("a second agent file: no second message")
  local second = PROJECT .. "/.claude/agents/second.md"
  write(second, "---\nname: second\ndescription: A second agent.\n---\n\nBody.\n")
  vim.cmd.edit(vim.fn.fnameescape(second))
  sleep(300)
  vim.cmd.buffer(src)
  sleep(100)
  eq("notifications after a second agent file", 1, #notes)

  begin(":AgentlsPreview without a server")
  vim.cmd("AgentlsPreview")
  eq("notifications after :AgentlsPreview", 2, #notes)
  check(notes[2].msg:find("not attached", 1, true) and notes[2].msg:find(":checkhealth agentls", 1, true), "the preview's message: %s", notes[2].msg)

  begin(":checkhealth agentls names the missing binary")
  local text_report = table.concat(health_report(), "\n")
  log("health:\n%s", text_report)
  for _, part in ipairs({ "ERROR `" .. missing .. "` was not found", "cargo install --path server" }) do
    check(text_report:find(part, 1, true), "the health report lacks %q:\n%s", part, text_report)
  end
  vim.cmd.buffer(src)

  begin("once installed, the next agent file attaches without another message")
  vim.lsp.config("agentls", { cmd = { BIN } })
  local third = PROJECT .. "/.claude/agents/third.md"
  write(third, "---\nname: third\ndescription: A third agent.\ncolor: magenta\n---\n\nBody.\n")
  vim.cmd.edit(vim.fn.fnameescape(third))
  local buf = vim.api.nvim_get_current_buf()
  wait_for("agentls to attach to " .. third, 10000, function()
    return clients(buf)[1]
  end)
  wait_for("diagnostics on " .. third, 10000, function()
    return #vim.diagnostic.get(buf) > 0
  end)
  eq("the diagnostic", "AG302", vim.diagnostic.get(buf)[1].code)
  eq("notifications in all", 2, #notes)

  begin("done")
end

-- A Neovim older than the plugin supports (0.11), real (Debian 12's 0.7.2) or
-- faked by prelude.lua: nothing at startup, one warning from setup() naming
-- the version needed and the one found, and no error anywhere: setup() twice,
-- an agent file, lsp/agentls.lua, :AgentlsPreview, :checkhealth agentls.
-- Uses only what Neovim 0.7 has.
local function old_nvim()
  local PLUGIN = getenv("AGENTLS_NVIM_PLUGIN")
  local notes = _G.agentls_test_notes
  check(notes, "prelude.lua did not run (no _G.agentls_test_notes)")
  local found = os.getenv("AGENTLS_NVIM_FAKE_VERSION")
  if not found or found == "" then
    found = vim.fn.execute("version"):match("NVIM v(%d+%.%d+%.%d+)")
  end
  log("Neovim %s%s", found, os.getenv("AGENTLS_NVIM_FAKE_VERSION") and " (faked)" or "")
  local function messages()
    return vim.tbl_map(function(n)
      return n.msg
    end, notes)
  end

  begin("startup: the plugin is loaded and quiet")
  eq("has('nvim-0.11')", 0, vim.fn.has("nvim-0.11"))
  eq("vim.g.loaded_agentls (plugin/agentls.lua ran)", true, vim.g.loaded_agentls)
  eq("the :AgentlsPreview command", 2, vim.fn.exists(":AgentlsPreview"))
  eq("notifications at startup", {}, messages())
  local agentls = require("agentls")
  eq("require('agentls').supported()", false, agentls.supported())

  begin("setup() warns once and returns")
  local ok, result = pcall(agentls.setup, { cmd = { BIN } })
  check(ok, "setup() threw: %s", tostring(result))
  eq("setup()'s result", false, result)
  eq("notifications after setup()", 1, #notes)
  local note = notes[1]
  log("the warning: %s", note.msg)
  eq("the warning's level", vim.log.levels.WARN, note.level)
  for _, part in ipairs({ "agentls", "Neovim 0.11 or newer is required", "this is Neovim " .. found, ":checkhealth agentls" }) do
    check(note.msg:find(part, 1, true), "the warning lacks %q: %s", part, note.msg)
  end
  check(not note.msg:find("\n", 1, true), "the warning has more than one line: %q", note.msg)
  ok, result = pcall(agentls.setup)
  check(ok, "a second setup() threw: %s", tostring(result))
  eq("notifications after a second setup()", 1, #notes)
  eq("require('agentls').options", nil, agentls.options)
  ok, result = pcall(agentls.setup, { cmd = { BIN }, targets = { "claude" } })
  check(ok, "setup() with targets threw: %s", tostring(result))
  ok, result = pcall(agentls.set_targets, { "claude" })
  check(ok, "set_targets() threw: %s", tostring(result))
  eq("set_targets()'s result", false, result)
  eq("notifications after setup() with targets and set_targets()", 1, #notes)

  begin("opening an agent file")
  ok, result = pcall(vim.cmd, "edit " .. vim.fn.fnameescape(AGENT))
  check(ok, ":edit of the agent file threw: %s", tostring(result))
  local src = vim.api.nvim_get_current_buf()
  eq("the buffer's name", AGENT, vim.api.nvim_buf_get_name(src))
  eq("its filetype", "markdown", vim.bo[src].filetype)
  eq("is_agent_file(the agent)", true, agentls.is_agent_file(AGENT))
  eq("is_agent_file(README.md)", false, agentls.is_agent_file(README))
  eq("agent_info(the agent).root", PROJECT, (agentls.agent_info(AGENT) or {}).root)
  sleep(200)
  eq("the agentls client of the agent file", nil, agentls.client(src))
  eq("notifications after opening it (the warning was given)", 1, #notes)

  begin("opening a Cursor rule (.mdc)")
  local rule = PROJECT .. "/.cursor/rules/style.mdc"
  vim.fn.mkdir(PROJECT .. "/.cursor/rules", "p")
  write(rule, "---\ndescription: House style\n---\n\nUse single quotes.\n")
  ok, result = pcall(vim.cmd, "edit " .. vim.fn.fnameescape(rule))
  check(ok, ":edit of the Cursor rule threw: %s", tostring(result))
  log("the rule's filetype: %q", vim.bo.filetype)
  eq("is_agent_file(the rule)", true, agentls.is_agent_file(rule))
  eq("agent_info(the rule).kind", "cursor-rule", (agentls.agent_info(rule) or {}).kind)
  sleep(100)
  eq("notifications after opening it", 1, #notes)
  vim.cmd("buffer " .. src)

  begin("lsp/agentls.lua loads, and its root_dir works")
  local config
  ok, config = pcall(dofile, PLUGIN .. "/lsp/agentls.lua")
  check(ok, "lsp/agentls.lua threw: %s", tostring(config))
  eq("its cmd", { "agentls" }, config.cmd)
  local root
  ok, result = pcall(config.root_dir, src, function(dir)
    root = dir
  end)
  check(ok, "its root_dir threw: %s", tostring(result))
  eq("its root_dir for the agent", PROJECT, root)

  begin(":AgentlsPreview says why it does nothing")
  ok, result = pcall(vim.cmd, "AgentlsPreview")
  check(ok, ":AgentlsPreview threw: %s", tostring(result))
  eq("notifications after :AgentlsPreview", 2, #notes)
  eq("its message", note.msg, notes[2].msg)
  eq("windows in the tab page", 1, #vim.api.nvim_tabpage_list_wins(0))

  begin(":checkhealth agentls")
  -- The default command, `agentls`, found on PATH.
  vim.env.PATH = vim.fn.fnamemodify(BIN, ":h") .. ":" .. vim.env.PATH
  local tabs = #vim.api.nvim_list_tabpages()
  ok, result = pcall(vim.cmd, "checkhealth agentls")
  check(ok, ":checkhealth agentls threw: %s", tostring(result))
  local report = wait_for("the health report", 10000, function()
    local l = lines(vim.api.nvim_get_current_buf())
    return table.concat(l, "\n"):find("current buffer", 1, true) and l
  end, function()
    return vim.inspect(lines(vim.api.nvim_get_current_buf()))
  end)
  local text = table.concat(report, "\n")
  log("health:\n%s", text)
  for _, part in ipairs({
    "Neovim " .. found .. ": agentls.nvim needs Neovim 0.11 or newer",
    "not configured: this Neovim is too old",
    "binary found: " .. BIN,
    "version: agentls " .. VERSION,
  }) do
    check(text:find(part, 1, true), "the health report lacks %q:\n%s", part, text)
  end
  for _, bad in ipairs({ "Failed to run healthcheck", "Exception", "stack traceback", "E5108" }) do
    check(not text:find(bad, 1, true), "the health report has %q:\n%s", bad, text)
  end
  if #vim.api.nvim_list_tabpages() > tabs then
    vim.cmd("tabclose")
  end

  begin("no error message, no more notifications")
  eq("v:errmsg", "", vim.v.errmsg)
  eq("notifications in all", 2, #notes)

  begin("done")
end

local scenarios = { main = main, ["missing-binary"] = missing_binary, ["old-nvim"] = old_nvim }
local scenario = scenarios[SCENARIO]
if not scenario then
  write(RESULT, "unknown AGENTLS_NVIM_SCENARIO " .. SCENARIO .. "\n")
  vim.cmd("cquit 1")
end
co = coroutine.create(scenario)
vim.schedule(resume)
