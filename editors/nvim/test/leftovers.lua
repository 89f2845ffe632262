-- Drives ]p / [p in a headless Neovim set up with require('pep_lsp').setup() and records where
-- the cursor lands after each key, as JSON; tests/editors/test_nvim_leftovers.py judges. Run:
--   PEP_LSP_NVIM_SPEC=spec.json nvim --headless --clean --cmd 'set rtp^=editors/nvim' -c 'luafile leftovers.lua'
-- spec: { cmd = {...}, file, result, keys = { "]p", ... } }
local spec = vim.json.decode(table.concat(vim.fn.readfile(os.getenv('PEP_LSP_NVIM_SPEC')), '\n'))
local result = { cursors = {}, errors = {}, maps = {} }

local function write_result()
  vim.fn.writefile({ vim.json.encode(result) }, spec.result)
end

local ok, err = xpcall(function()
  require('pep_lsp').setup({ cmd = spec.cmd })
  vim.cmd.edit(vim.fn.fnameescape(spec.file))
  local attached = vim.wait(30000, function()
    local client = vim.lsp.get_clients({ bufnr = 0, name = 'pep_lsp' })[1]
    return client ~= nil and client.initialized
  end, 50)
  assert(attached, 'pep_lsp did not attach within 30 s')
  -- LspAttach has run once the client is attached: the buffer-local maps are there.
  for _, key in ipairs({ ']p', '[p' }) do
    result.maps[key] = vim.fn.maparg(key, 'n', false, true).desc or vim.NIL
  end
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  for _, key in ipairs(spec.keys) do
    local before = vim.api.nvim_win_get_cursor(0)
    vim.cmd('normal ' .. key) -- not normal!: the mapping is what a user presses
    vim.wait(15000, function()
      local now = vim.api.nvim_win_get_cursor(0)
      return now[1] ~= before[1] or now[2] ~= before[2]
    end, 20)
    table.insert(result.cursors, vim.api.nvim_win_get_cursor(0))
  end
end, debug.traceback)
if not ok then
  table.insert(result.errors, err)
end
write_result()
vim.cmd('qall!')
