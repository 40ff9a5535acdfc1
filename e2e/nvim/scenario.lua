-- Drives a real headless Neovim through what a user does with the dagster2mage plugin, and writes
-- what it observed as JSON to $RESULT_JSON. The Go test (nvim_test.go) makes the assertions; this
-- script only fails on errors and time-outs. Runs with `nvim --headless -u NONE -i NONE -n -c
-- "luafile scenario.lua"` on Neovim 0.7 (no vim.fs, no `nvim -l`) and on 0.11+.
--
-- Environment: PLUGIN_DIR (editors/nvim), D2M_BIN (server binary), WORKSPACE (a copy of the fixture
-- project), RESULT_JSON, MODE ("setup": require('dagster2mage').setup{}; "enable": the lsp/ config
-- with vim.lsp.enable, 0.11+; "missing": setup with a binary that does not exist), STEP_MS (time-out of
-- each wait).
local env = vim.env
local R = { mode = env.MODE, steps = {}, errors = {} }
local t0 = vim.loop.hrtime()
local step_ms = tonumber(env.STEP_MS or '20000')

local function ms()
  return math.floor((vim.loop.hrtime() - t0) / 1e6)
end

local function mark(name)
  R.steps[name] = ms()
end

local function finish(code)
  R.total_ms = ms()
  local f = assert(io.open(env.RESULT_JSON, 'w'))
  f:write(vim.fn.json_encode(R))
  f:close()
  if code == 0 then
    vim.cmd('qall!')
  else
    vim.cmd('cquit ' .. code)
  end
end

-- The watchdog fires even while vim.wait runs; the Go side also kills nvim after its own limit.
vim.defer_fn(function()
  table.insert(R.errors, 'watchdog fired at ' .. ms() .. ' ms')
  finish(3)
end, tonumber(env.WATCHDOG_MS or '90000'))

local notes = {}
vim.notify = function(msg, level)
  table.insert(notes, { msg = tostring(msg), level = level })
end
R.notifications = notes

local function wait(name, cond)
  local ok = vim.wait(step_ms, cond, 20)
  if not ok then
    error('timed out waiting for ' .. name, 0)
  end
  mark(name)
end

-- Every file under dir, relative, with its size.
local function tree(dir)
  local out = {}
  local function walk(d, rel)
    local h = vim.loop.fs_scandir(d)
    if not h then
      return
    end
    while true do
      local name, typ = vim.loop.fs_scandir_next(h)
      if not name then
        break
      end
      local r = rel == '' and name or (rel .. '/' .. name)
      if typ == 'directory' then
        if name ~= '.git' and name ~= '.xdg' then
          walk(d .. '/' .. name, r)
        end
      else
        local st = vim.loop.fs_stat(d .. '/' .. name)
        out[r] = st and st.size or -1
      end
    end
  end
  walk(dir, '')
  return out
end

local function new_files(before, after)
  local out = {}
  for path, size in pairs(after) do
    if before[path] == nil then
      out[path] = size
    end
  end
  return out
end

local function read(path)
  local f = io.open(path, 'r')
  if not f then
    return nil
  end
  local s = f:read('*a')
  f:close()
  return s
end

-- Floating windows (the hover popup), as a list.
local function floats()
  local out = {}
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    local cfg = vim.api.nvim_win_get_config(w)
    if cfg.relative and cfg.relative ~= '' then
      table.insert(out, w)
    end
  end
  return out
end

local function float_lines()
  local w = floats()[1]
  return w and vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(w), 0, -1, false) or nil
end

local function close_floats()
  for _, w in ipairs(floats()) do
    pcall(vim.api.nvim_win_close, w, true)
  end
end

local function line_of(bufnr, pattern)
  for i, l in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if l:find(pattern) then
      return i - 1
    end
  end
  error('no line matching ' .. pattern, 0)
end

local function our_client()
  local d2m = require('dagster2mage')
  return d2m.clients()[1]
end

local function main()
  local ws = env.WORKSPACE
  vim.opt.runtimepath:prepend(env.PLUGIN_DIR)
  vim.opt.swapfile = false
  R.nvim = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. '.' .. tostring(vim.version().patch)
  local settings = vim.fn.json_decode(env.SETTINGS_JSON or '{}')

  if R.mode == 'enable' then
    -- Neovim 0.11+: the config in lsp/dagster2mage.lua, adjusted the way a user would.
    require('dagster2mage').create_commands()
    vim.lsp.config('dagster2mage', {
      cmd = { env.D2M_BIN, 'lsp' },
      settings = { dagster2mage = settings },
      init_options = settings,
      flags = { debounce_text_changes = 0 },
    })
    vim.lsp.enable('dagster2mage')
  else
    local bin = R.mode == 'missing' and (ws .. '/no/such/dagster2mage') or env.D2M_BIN
    require('dagster2mage').setup({
      cmd = { bin, 'lsp' },
      settings = settings,
      flags = { debounce_text_changes = 0 },
    })
  end
  mark('setup')

  local before = tree(ws)
  local source = ws .. '/shop/assets.py'
  local source_text = read(source)
  vim.cmd('edit ' .. vim.fn.fnameescape(source))
  local bufnr = vim.api.nvim_get_current_buf()
  -- -u NONE turns filetype detection off; setting the filetype is what detection would do.
  vim.bo[bufnr].filetype = 'python'

  if R.mode == 'missing' then
    vim.wait(500, function()
      return false
    end, 50)
    R.clients = #require('dagster2mage').clients()
    vim.cmd('checkhealth dagster2mage')
    R.health = vim.api.nvim_buf_get_lines(0, 0, -1, false)
    return 0
  end

  wait('initialized', function()
    local c = our_client()
    return c ~= nil and c.initialized and vim.lsp.buf_is_attached(bufnr, c.id)
  end)
  local client = our_client()
  R.root_dir = client.config.root_dir
  R.offset_encoding = client.offset_encoding

  wait('diagnostics', function()
    return #vim.diagnostic.get(bufnr) > 0
  end)
  -- Let the cross-file pass (debounced on the server) land too.
  vim.wait(1500, function()
    return false
  end, 50)
  R.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(R.diagnostics, {
      lnum = d.lnum,
      col = d.col,
      message = d.message,
      source = d.source,
      severity = d.severity,
      code = d.code or lsp.code,
      line = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1],
    })
  end

  -- Hover over the @asset decorator of clean_users, as `K` does.
  local deco = line_of(bufnr, '^def clean_users') - 1
  vim.api.nvim_win_set_cursor(0, { deco + 1, 1 })
  vim.lsp.buf.hover()
  wait('hover', function()
    return float_lines() ~= nil
  end)
  R.hover = table.concat(float_lines(), '\n')
  close_floats()

  -- The quick fix on clean_users, chosen the way a user picks from the code action menu.
  local def_line = line_of(bufnr, '^def clean_users')
  vim.api.nvim_win_set_cursor(0, { def_line + 1, 4 })
  R.code_actions = {}
  local picked = false
  vim.ui.select = function(items, opts, on_choice)
    local choice, idx
    for i, item in ipairs(items) do
      local action = item[2] or item.action or item
      local title = action.title or ''
      table.insert(R.code_actions, title)
      if not choice and title:find('^Convert') and title:find('clean_users') then
        choice, idx = item, i
      end
    end
    if not choice then
      for i, item in ipairs(items) do
        local action = item[2] or item.action or item
        if (action.title or ''):find('^Convert') then
          choice, idx = item, i
          break
        end
      end
    end
    R.picked = choice and ((choice[2] or choice.action or choice).title) or nil
    picked = true
    on_choice(choice, idx)
  end
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  vim.lsp.buf.code_action()
  wait('code_action_menu', function()
    return picked
  end)
  if not R.picked then
    error('no "Convert" quick fix offered; titles: ' .. table.concat(R.code_actions, ' | '), 0)
  end
  wait('quick_fix_on_disk', function()
    return next(new_files(before, tree(ws))) ~= nil
  end)
  -- Files can land one after another; give the rest of the edit a moment.
  vim.wait(500, function()
    return false
  end, 50)
  local after_fix = tree(ws)
  R.quick_fix_files = new_files(before, after_fix)
  R.quick_fix_contents = {}
  for path in pairs(R.quick_fix_files) do
    R.quick_fix_contents[path] = read(ws .. '/' .. path)
  end
  R.source_changed_by_fix = vim.api.nvim_buf_get_changedtick(bufnr) ~= tick

  -- :DagsterMigrateFile on assets.py, then :DagsterMigrate, end to end.
  local done = false
  vim.api.nvim_create_autocmd('User', {
    pattern = 'DagsterMigrateDone',
    callback = function()
      done = true
    end,
  })
  vim.cmd('DagsterMigrateFile')
  wait('migrate_file', function()
    return done
  end)
  local fres = require('dagster2mage').last_result or {}
  R.migrate_file_error = fres.err and (fres.err.message or vim.inspect(fres.err)) or nil
  local after_file = tree(ws)
  R.migrate_file_files = new_files(after_fix, after_file)

  done = false
  vim.cmd('DagsterMigrate')
  wait('migrate', function()
    return done
  end)
  local res = require('dagster2mage').last_result or {}
  R.migrate_error = res.err and (res.err.message or vim.inspect(res.err)) or nil
  R.migrate_result = res.result
  local after_migrate = tree(ws)
  R.migrate_files = new_files(after_file, after_migrate)
  R.all_new_files = new_files(before, after_migrate)
  R.contents = {}
  for path, size in pairs(R.all_new_files) do
    if size < 20000 and (path:find('%.ya?ml$') or path:find('%.py$') or path:find('%.json$')) then
      R.contents[path] = read(ws .. '/' .. path)
    end
  end
  R.source_on_disk_unchanged = read(source) == source_text
  R.modified_buffers = {}
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and vim.api.nvim_buf_get_option(b, 'modified') then
      table.insert(R.modified_buffers, vim.api.nvim_buf_get_name(b))
    end
  end

  vim.cmd('checkhealth dagster2mage')
  R.health = vim.api.nvim_buf_get_lines(0, 0, -1, false)

  -- Stop the server and wait for it to exit, so nvim does not wait on a live client at :qa.
  local id = client.id
  vim.lsp.stop_client(id)
  R.server_exited = vim.wait(5000, function()
    return vim.lsp.get_client_by_id(id) == nil
  end, 20)
  mark('stopped')
  return 0
end

local ok, res = xpcall(main, debug.traceback)
if not ok then
  table.insert(R.errors, tostring(res))
  finish(2)
else
  finish(res)
end
