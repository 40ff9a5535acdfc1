-- Loaded automatically when the plugin is on the runtime path (not with -u NONE): defines
-- :DagsterMigrate and :DagsterMigrateFile, so they exist whether the client was started by
-- require('dagster2mage').setup{} or by vim.lsp.enable('dagster2mage') on Neovim 0.11+.
if vim.g.loaded_dagster2mage or vim.fn.has('nvim-0.7') == 0 then
  return
end
vim.g.loaded_dagster2mage = true
require('dagster2mage').create_commands()
