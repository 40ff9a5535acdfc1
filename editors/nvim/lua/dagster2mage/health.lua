-- :checkhealth dagster2mage. Neovim 0.10+ has vim.health.start/ok/...; 0.7-0.9 have
-- require('health').report_start/report_ok/...
local M = {}

local function reporter()
  if vim.health and vim.health.start then
    return vim.health
  end
  local h = require('health')
  return {
    start = h.report_start,
    ok = h.report_ok,
    info = h.report_info,
    warn = h.report_warn,
    error = h.report_error,
  }
end

-- The command in use: a running client's, else vim.lsp.config's (0.11+), else setup{}'s.
local function configured_cmd(d2m)
  for _, c in ipairs(d2m.clients()) do
    if type(c.config.cmd) == 'table' then
      return c.config.cmd
    end
  end
  if vim.lsp.config then
    local ok, cfg = pcall(function()
      return vim.lsp.config[d2m.name]
    end)
    if ok and type(cfg) == 'table' and type(cfg.cmd) == 'table' then
      return cfg.cmd
    end
  end
  return d2m.server_cmd()
end

function M.check()
  local h = reporter()
  local d2m = require('dagster2mage')
  h.start('dagster2mage')

  if vim.fn.has('nvim-0.7') == 1 then
    h.ok('Neovim ' .. tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. ' (0.7 or later)')
  else
    h.error('Neovim 0.7 or later is required')
  end

  local cmd = configured_cmd(d2m)
  local exe = vim.fn.exepath(cmd[1])
  if exe == '' then
    h.error('server not found: "' .. cmd[1] .. '" is not executable',
      { 'Install dagster2mage and put it on PATH, or pass path = "/path/to/dagster2mage" to setup{}' })
  else
    local out = vim.fn.system({ exe, 'version' })
    if vim.v.shell_error == 0 then
      h.ok('server: ' .. exe .. ' (' .. vim.trim(out) .. ')')
    else
      h.error('server ' .. exe .. ' failed to run `version`: ' .. vim.trim(out))
    end
  end

  local clients = d2m.clients()
  if #clients == 0 then
    h.info('no dagster2mage client is running (open a Python file inside a project)')
  end
  for _, c in ipairs(clients) do
    h.ok('client ' .. c.id .. ' running for ' .. tostring(c.config.root_dir))
  end

  -- :checkhealth runs in its own buffer, so report the roots of the Python buffers that are loaded.
  local roots, order, orphans = {}, {}, {}
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    local name = vim.api.nvim_buf_get_name(b)
    if vim.api.nvim_buf_is_loaded(b) and name:match('%.py$') then
      local root = d2m.find_root(name)
      if root and not roots[root] then
        roots[root] = true
        table.insert(order, root)
      elseif not root then
        table.insert(orphans, name)
      end
    end
  end
  for _, root in ipairs(order) do
    h.info('project root of the open Python files: ' .. root)
  end
  for _, name in ipairs(orphans) do
    h.warn('no project root (' .. table.concat(d2m.options.root_markers, ', ') .. ') above ' .. name)
  end
  h.info('settings: ' .. vim.inspect(d2m.options.settings))
end

return M
