-- Registers pep_lsp with nvim-lspconfig's legacy framework (require('lspconfig').pep_lsp.setup{}),
-- for setups that manage every server through lspconfig on Neovim 0.8-0.10.
local M = {}

function M.register()
  local configs = require('lspconfig.configs')
  local util = require('lspconfig.util')
  if configs.pep_lsp then
    return
  end
  configs.pep_lsp = {
    default_config = {
      cmd = { 'pep-lsp' },
      filetypes = { 'markdown' },
      root_dir = function(fname)
        return util.root_pattern('pyproject.toml', 'pep-lsp.toml', '.git')(fname) or vim.fs.dirname(fname)
      end,
      single_file_support = true,
      settings = { pepLsp = {} },
      -- The buffer-local :PepLsp… commands of lsp/pep_lsp.lua.
      on_attach = function(client, bufnr)
        local file = vim.api.nvim_get_runtime_file('lsp/pep_lsp.lua', false)[1]
        if file then
          dofile(file).on_attach(client, bufnr)
        end
      end,
    },
    docs = {
      description = 'pep-lsp: checks PEP documents written in Markdown against their template.',
    },
  }
end

return M
