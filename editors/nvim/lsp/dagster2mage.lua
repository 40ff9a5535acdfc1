-- Neovim 0.11+: vim.lsp.enable('dagster2mage') picks this file up from the runtime path.
-- Override any field with vim.lsp.config('dagster2mage', { ... }), e.g.
--   vim.lsp.config('dagster2mage', { settings = { dagster2mage = { out = 'mage_project' } } })
local cfg = require('dagster2mage').config()
cfg.name = nil -- the name comes from the file name
return cfg
