---@brief
---
--- https://github.com/pep-lsp/pep-lsp (pep-lsp)
---
--- A language server for PEP documents written from a Markdown template: diagnostics, quick
--- fixes, completion of header fields, values and sections, hover, outline and a progress lens.
---
--- Install the server with `pipx install pep-lsp` (or `pip install pep-lsp`).
---
--- Neovim 0.11+ picks this file up from 'runtimepath' for `vim.lsp.enable('pep_lsp')`, the way
--- nvim-lspconfig ships its configurations. It is self-contained (no require of this plugin), so
--- it can be copied to ~/.config/nvim/lsp/ or proposed to nvim-lspconfig as it is.
--- `require('pep_lsp').setup()` adds built-in completion and a progress lens kept up to date.
---
--- Buffer-local commands (created on attach):
--- - `:PepLspFix`      quick fixes for the diagnostics at the cursor
--- - `:PepLspProgress` the progress summary (sections written, placeholders left), as a message

---@param client vim.lsp.Client
---@param bufnr integer
local function progress(client, bufnr)
  local params = { textDocument = vim.lsp.util.make_text_document_params(bufnr) }
  vim.lsp.buf_request_all(bufnr, 'textDocument/codeLens', params, function(results)
    local response = results[client.id] or {}
    local lens = (response.result or {})[1]
    local title = lens and lens.command and lens.command.title
    vim.notify(title and ('pep-lsp: ' .. title) or 'pep-lsp: this buffer is not a PEP', vim.log.levels.INFO)
  end)
end

---@type vim.lsp.Config
return {
  cmd = { 'pep-lsp' },
  filetypes = { 'markdown' },
  root_markers = { 'pyproject.toml', 'pep-lsp.toml', '.git' },
  settings = { pepLsp = {} },
  on_attach = function(client, bufnr)
    vim.api.nvim_buf_create_user_command(bufnr, 'PepLspFix', function()
      vim.lsp.buf.code_action({ context = { only = { 'quickfix' } } })
    end, { desc = 'pep-lsp: quick fixes for the diagnostics at the cursor' })
    vim.api.nvim_buf_create_user_command(bufnr, 'PepLspProgress', function()
      progress(client, bufnr)
    end, { desc = 'pep-lsp: show the progress summary' })
  end,
}
