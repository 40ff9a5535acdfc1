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

function M.check()
  local h = reporter()
  local d2m = require('dagster2mage')
  h.start('dagster2mage')

  if vim.fn.has('nvim-0.7') == 1 then
    h.ok('Neovim ' .. tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. ' (0.7 or later)')
  else
    h.error('Neovim 0.7 or later is required')
  end

  local cmd = d2m.server_cmd()
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
  local shown = 0
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    local name = vim.api.nvim_buf_get_name(b)
    if shown < 5 and vim.api.nvim_buf_is_loaded(b) and name:match('%.py$') then
      shown = shown + 1
      local root = d2m.find_root(name)
      if root then
        h.info('project root of ' .. name .. ': ' .. root)
      else
        h.warn('no project root (' .. table.concat(d2m.options.root_markers, ', ') .. ') above ' .. name)
      end
    end
  end
  h.info('settings: ' .. vim.inspect(d2m.options.settings))
end

return M
