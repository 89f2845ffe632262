-- Neovim 0.11+ picks this file up from 'runtimepath' for vim.lsp.enable('pep_lsp'), the way
-- nvim-lspconfig ships its configurations; copy it to ~/.config/nvim/lsp/ to use it alone.
return {
  cmd = { 'pep-lsp' },
  filetypes = { 'markdown' },
  root_markers = { 'pyproject.toml', 'pep-lsp.toml', '.git' },
  settings = { pepLsp = {} },
}
