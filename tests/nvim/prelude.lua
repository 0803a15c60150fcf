-- Loaded by tests/tests/neovim.rs with --cmd, so before any plugin/ script:
--
-- - every vim.notify is recorded in `_G.agentls_test_notes` ({ msg, level }),
--   from the start (plugin/agentls.lua runs before run.lua), and still shown;
-- - with AGENTLS_NVIM_FAKE_VERSION=x.y.z, this Neovim looks like that version
--   to the plugin: `vim.version()` returns a plain table (as up to Neovim 0.8:
--   no methods), `vim.fn.has("nvim-a.b.c")` answers for x.y.z, and
--   `vim.lsp.config`, `vim.lsp.enable` and `vim.lsp.is_enabled` (0.11+) are
--   gone. So the old-Neovim scenario runs where only a new Neovim is installed.
-- Written for Neovim 0.7 and later.

_G.agentls_test_notes = {}
local real_notify = vim.notify
vim.notify = function(msg, level, opts)
  table.insert(_G.agentls_test_notes, { msg = msg, level = level })
  return real_notify(msg, level, opts)
end

local fake = os.getenv("AGENTLS_NVIM_FAKE_VERSION")
if not fake or fake == "" then
  return
end
local major, minor, patch = fake:match("^(%d+)%.(%d+)%.(%d+)$")
assert(major, "AGENTLS_NVIM_FAKE_VERSION must be major.minor.patch, not " .. fake)
local have = { tonumber(major), tonumber(minor), tonumber(patch) }

local real_version = vim.version
vim.version = setmetatable({}, {
  -- vim.version.parse, .cmp, … (a module since Neovim 0.9) stay as they are.
  __index = type(real_version) == "table" and real_version or nil,
  __call = function()
    return {
      major = have[1],
      minor = have[2],
      patch = have[3],
      api_level = 12,
      api_compatible = 0,
      api_prerelease = false,
    }
  end,
})

local real_has = vim.fn.has
vim.fn.has = function(feature)
  local a, b, c = tostring(feature):match("^nvim%-(%d+)%.(%d+)%.?(%d*)$")
  if not a then
    return real_has(feature)
  end
  local want = { tonumber(a), tonumber(b), tonumber(c) or 0 }
  for i = 1, 3 do
    if have[i] ~= want[i] then
      return have[i] > want[i] and 1 or 0
    end
  end
  return 1
end

for _, name in ipairs({ "config", "enable", "is_enabled" }) do
  rawset(vim.lsp, name, nil)
end
