-- dagster2mage for Neovim: starts `dagster2mage lsp` for Python buffers in Dagster projects.
--
-- Works on Neovim 0.7 to 0.11+. On 0.11 the config in lsp/dagster2mage.lua can be enabled with
-- vim.lsp.enable('dagster2mage'); on older versions require('dagster2mage').setup{} starts the
-- client itself (vim.lsp.start_client + buf_attach_client on FileType python). Only APIs that
-- exist in 0.7 are used here (no vim.fs, no vim.lsp.start).
local M = {}

M.name = 'dagster2mage'
M.root_markers = { 'pyproject.toml', 'setup.py', 'setup.cfg', '.git' }

local defaults = {
  -- Command that starts the server; the binary is looked up on PATH unless `path` is set.
  cmd = nil,
  path = nil,
  filetypes = { 'python' },
  root_markers = M.root_markers,
  -- Sent to the server as initializationOptions and served for workspace/configuration
  -- (section "dagster2mage"). Keys: out, pipelineStrategy, select, ignore, exclude.
  settings = {},
  -- Write files that the server's workspace edits create or load into new buffers, so that a
  -- quick fix or :DagsterMigrate leaves the Mage files on disk (as VS Code's
  -- files.refactoring.autoSave does). Buffers the user already had open are never written.
  write_edited_files = true,
  on_attach = nil,
  flags = nil,
}

M.options = vim.deepcopy(defaults)

local uv = vim.loop

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

local function parent(dir)
  local p = vim.fn.fnamemodify(dir, ':h')
  if p == dir then
    return nil
  end
  return p
end

--- find_root walks up from `path` to the nearest folder holding one of the markers, in marker order
--- of priority per folder; returns nil when none is found.
function M.find_root(path, markers)
  markers = markers or M.options.root_markers
  if path == nil or path == '' then
    return nil
  end
  local dir = vim.fn.fnamemodify(path, ':p')
  if vim.fn.isdirectory(dir) == 0 then
    dir = vim.fn.fnamemodify(dir, ':h')
  end
  dir = dir:gsub('/+$', '')
  if dir == '' then
    dir = '/'
  end
  -- A project marker (pyproject/setup) wins over a .git further up, so look for them first.
  for _, marker in ipairs(markers) do
    local d = dir
    while d do
      if exists(d .. '/' .. marker) then
        return d
      end
      d = parent(d)
    end
  end
  return nil
end

function M.server_cmd(opts)
  opts = opts or M.options
  if opts.cmd then
    return opts.cmd
  end
  return { opts.path or 'dagster2mage', 'lsp' }
end

-- 0.10 renamed get_active_clients to get_clients and 0.11 made client methods take self; these
-- two helpers hide the difference.
local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients
local colon_methods = vim.fn.has('nvim-0.11') == 1

local function request(client, method, params, handler, bufnr)
  if colon_methods then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

-- Clients of ours that are running, as a list (optionally only those attached to bufnr).
function M.clients(bufnr)
  local out = {}
  for _, c in pairs(get_clients()) do
    if c.name == M.name and (bufnr == nil or vim.lsp.buf_is_attached(bufnr, c.id)) then
      table.insert(out, c)
    end
  end
  return out
end

local function client_for_buf(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  return M.clients(bufnr)[1] or M.clients()[1]
end

local function under(path, root)
  return root and (path == root or path:sub(1, #root + 1) == root .. '/')
end

local function our_root_of(fname)
  for _, c in ipairs(M.clients()) do
    local root = c.config.root_dir
    if under(fname, root) then
      return root
    end
    for _, f in ipairs(c.workspace_folders or {}) do
      local d = vim.uri_to_fname(f.uri)
      if under(fname, d) then
        return d
      end
    end
  end
  return nil
end

-- Neovim 0.7 applies CreateFile with io.open(name, 'w'): it fails when the folder is missing and
-- truncates a file that exists, and it leaves edited files as unsaved buffers. For files inside a
-- dagster2mage root this wrapper makes the folders, refuses to clobber an existing file unless the
-- operation says overwrite, and writes the buffers the edit loaded.
-- The URIs an edit touches, each once, in order.
local function uris_of(edit)
  local uris, seen = {}, {}
  local function add(uri)
    if uri and not seen[uri] then
      seen[uri] = true
      table.insert(uris, uri)
    end
  end
  for _, ch in ipairs(edit.documentChanges or {}) do
    if ch.kind == 'rename' then
      add(ch.newUri)
    elseif ch.uri then
      add(ch.uri)
    elseif ch.textDocument then
      add(ch.textDocument.uri)
    end
  end
  for uri in pairs(edit.changes or {}) do
    add(uri)
  end
  return uris
end

function M.prepare_edit(edit)
  for _, ch in ipairs(edit.documentChanges or {}) do
    if ch.kind == 'create' then
      local fname = vim.uri_to_fname(ch.uri)
      if our_root_of(fname) then
        local opts = ch.options or {}
        if exists(fname) and not opts.overwrite and not opts.ignoreIfExists then
          error(M.name .. ': refusing to overwrite existing file ' .. fname)
        end
        vim.fn.mkdir(vim.fn.fnamemodify(fname, ':h'), 'p')
      end
    end
  end
end

local function displayed(bufnr)
  return #vim.fn.win_findbuf(bufnr) > 0
end

--- write_loaded writes the buffers the edit changed inside a dagster2mage root, when that cannot
--- lose anything: the buffer was not loaded before the edit, or it was unmodified and is not shown
--- in a window (what the user is looking at, they save themselves).
-- A buffer filled by an edit from nothing holds the text's final newline as an empty last line
-- (Neovim only folds it into 'eol' for edits that reach past the last line); without this the file
-- would get one newline too many, or one when the text has none.
local function fix_final_newline(bufnr)
  local n = vim.api.nvim_buf_line_count(bufnr)
  local last = vim.api.nvim_buf_get_lines(bufnr, n - 1, n, false)[1]
  if n > 1 and last == '' then
    vim.api.nvim_buf_set_lines(bufnr, n - 1, n, false, {})
    vim.bo[bufnr].eol = true
  else
    vim.bo[bufnr].eol = false
    vim.bo[bufnr].fixeol = false
  end
end

function M.write_loaded(edit, before, fresh)
  local written = {}
  for _, uri in ipairs(uris_of(edit)) do
    local fname = vim.uri_to_fname(uri)
    if our_root_of(fname) then
      local bufnr = vim.uri_to_bufnr(uri)
      local was = before[bufnr]
      local safe = was == nil or (was == false and not displayed(bufnr))
      if bufnr > 0 and safe and vim.api.nvim_buf_is_loaded(bufnr) then
        if fresh[fname] then
          fix_final_newline(bufnr)
        end
        if vim.bo[bufnr].modified or not exists(fname) then
          vim.fn.mkdir(vim.fn.fnamemodify(fname, ':h'), 'p')
          vim.api.nvim_buf_call(bufnr, function()
            vim.cmd('silent noautocmd write!')
          end)
          table.insert(written, fname)
        end
      end
    end
  end
  return written
end

local hooked = false
function M.hook_workspace_edits()
  if hooked then
    return
  end
  hooked = true
  local util = require('vim.lsp.util')
  local original = util.apply_workspace_edit
  util.apply_workspace_edit = function(edit, ...)
    if not M.options.write_edited_files or edit == nil or #M.clients() == 0 then
      return original(edit, ...)
    end
    M.prepare_edit(edit)
    -- loaded buffers -> whether they had unsaved changes before the edit
    local before, loaded_names = {}, {}
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(b) then
        before[b] = vim.bo[b].modified
        loaded_names[vim.api.nvim_buf_get_name(b)] = true
      end
    end
    -- files the edit fills from nothing: absent or empty, and not loaded
    local fresh = {}
    for _, uri in ipairs(uris_of(edit)) do
      local fname = vim.uri_to_fname(uri)
      local st = uv.fs_stat(fname)
      if (st == nil or st.size == 0) and not loaded_names[fname] then
        fresh[fname] = true
      end
    end
    local result = original(edit, ...)
    M.last_written = M.write_loaded(edit, before, fresh)
    return result
  end
end

local function notify(msg, level)
  vim.notify(M.name .. ': ' .. msg, level or vim.log.levels.INFO)
end

--- execute sends workspace/executeCommand to our client of `bufnr` and calls `done(err, result)`.
--- The server applies the files through workspace/applyEdit while the request is open.
function M.execute(command, arguments, bufnr, done)
  local client = client_for_buf(bufnr)
  if not client then
    notify('the server is not running for this buffer (see :checkhealth dagster2mage)', vim.log.levels.ERROR)
    return false
  end
  request(client, 'workspace/executeCommand', { command = command, arguments = arguments }, function(err, result)
    M.last_result = { command = command, err = err, result = result }
    if err then
      notify(command .. ' failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    elseif type(result) == 'table' and result.out then
      -- The server shows its own summary (window/showMessage); this says where things went.
      notify(string.format('%s file(s) under %s; report: %s', tostring(result.files or '?'), result.out,
        tostring(result.report)))
    end
    if done then
      done(err, result)
    end
    vim.cmd('doautocmd <nomodeline> User DagsterMigrateDone')
  end, bufnr)
  return true
end

function M.migrate_workspace(done)
  return M.execute('dagster2mage.migrateWorkspace', {}, 0, done)
end

function M.migrate_file(done)
  local bufnr = vim.api.nvim_get_current_buf()
  return M.execute('dagster2mage.migrateFile', { vim.uri_from_bufnr(bufnr) }, bufnr, done)
end

function M.create_commands()
  vim.api.nvim_create_user_command('DagsterMigrate', function()
    M.migrate_workspace()
  end, { desc = 'dagster2mage: migrate the whole workspace to a Mage project' })
  vim.api.nvim_create_user_command('DagsterMigrateFile', function()
    M.migrate_file()
  end, { desc = 'dagster2mage: migrate the current file' })
end

--- config returns the client configuration for `root` (also used by lsp/dagster2mage.lua).
function M.config(opts)
  opts = opts or M.options
  return {
    name = M.name,
    cmd = M.server_cmd(opts),
    filetypes = opts.filetypes,
    root_markers = opts.root_markers,
    init_options = next(opts.settings or {}) and opts.settings or nil,
    settings = { dagster2mage = opts.settings },
    flags = opts.flags,
    on_attach = opts.on_attach,
    on_init = function()
      M.hook_workspace_edits()
    end,
  }
end

local function executable_missing(cmd)
  return vim.fn.executable(cmd[1]) == 0
end

--- attach starts (or reuses) the client for the buffer's root and attaches the buffer.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local fname = vim.api.nvim_buf_get_name(bufnr)
  if fname == '' or vim.bo[bufnr].buftype ~= '' then
    return nil
  end
  local root = M.find_root(fname)
  if not root then
    return nil
  end
  for _, c in ipairs(M.clients()) do
    if c.config.root_dir == root then
      vim.lsp.buf_attach_client(bufnr, c.id)
      return c.id
    end
  end
  local cfg = M.config()
  if executable_missing(cfg.cmd) then
    notify('cannot start the server: "' .. cfg.cmd[1] .. '" is not executable. Install dagster2mage or set `path`/`cmd` in setup{}.',
      vim.log.levels.ERROR)
    return nil
  end
  cfg.root_dir = root
  cfg.workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } }
  cfg.root_markers = nil
  cfg.filetypes = nil
  if vim.lsp.start then
    -- 0.8+: starts or reuses a client for this root and attaches the buffer.
    return vim.lsp.start(cfg, { bufnr = bufnr })
  end
  local id = vim.lsp.start_client(cfg)
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

function M.setup(opts)
  M.options = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  M.hook_workspace_edits()
  M.create_commands()
  local group = vim.api.nvim_create_augroup('dagster2mage', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.options.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Buffers already open when setup runs (e.g. lazy-loaded plugin managers).
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and vim.tbl_contains(M.options.filetypes, vim.bo[b].filetype) then
      M.attach(b)
    end
  end
end

return M
