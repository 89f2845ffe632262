-- Walk the template's blanks: `]p` / `[p` move to the next / previous instruction text or
-- placeholder, found by the server (workspace/executeCommand pep-lsp.nextLeftover /
-- pep-lsp.previousLeftover, which answer a Location and wrap around the document).
local M = {}

M.NEXT = 'pep-lsp.nextLeftover'
M.PREVIOUS = 'pep-lsp.previousLeftover'

local function pep_client(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get({ bufnr = bufnr, name = 'pep_lsp' })[1]
end

--- Ask the server for the next (previous) leftover from the cursor and move the cursor there.
---@param command string M.NEXT or M.PREVIOUS
function M.go(command)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = pep_client(bufnr)
  if not client then
    return
  end
  local win = vim.api.nvim_get_current_win()
  local position = vim.lsp.util.make_position_params(win, client.offset_encoding).position
  local params = { command = command, arguments = { vim.uri_from_bufnr(bufnr), position } }
  local function handler(err, location)
    if err then
      vim.notify('pep-lsp: ' .. (err.message or tostring(err)), vim.log.levels.WARN)
      return
    end
    if not location or not location.range then
      vim.notify('pep-lsp: no instruction text or placeholder left', vim.log.levels.INFO)
      return
    end
    if not vim.api.nvim_win_is_valid(win) or vim.api.nvim_win_get_buf(win) ~= bufnr then
      return -- the user moved on while the server answered
    end
    local start = location.range.start
    local line = vim.api.nvim_buf_get_lines(bufnr, start.line, start.line + 1, false)[1] or ''
    local col = start.character -- a byte column when the client speaks UTF-8
    if client.offset_encoding ~= 'utf-8' then
      local ok, index = pcall(vim.str_byteindex, line, client.offset_encoding, start.character, false)
      if not ok then -- Neovim before 0.11: (line, index, use_utf16)
        index = vim.str_byteindex(line, start.character, client.offset_encoding == 'utf-16')
      end
      col = index
    end
    vim.cmd("normal! m'") -- keep the jump list, as ]d does
    vim.api.nvim_win_set_cursor(win, { start.line + 1, col })
  end
  if vim.fn.has('nvim-0.11') == 1 then
    client:request('workspace/executeCommand', params, handler, bufnr)
  else
    client.request('workspace/executeCommand', params, handler, bufnr)
  end
end

--- Map `]p` / `[p` (or the keys given) in buffers pep-lsp attaches to. keys = false maps nothing.
---@param keys? { next?: string, previous?: string }|false
function M.setup(keys)
  if keys == false then
    return
  end
  keys = vim.tbl_extend('force', { next = ']p', previous = '[p' }, keys or {})
  vim.api.nvim_create_autocmd('LspAttach', {
    group = vim.api.nvim_create_augroup('pep_lsp_leftovers', { clear = true }),
    callback = function(args)
      local client = vim.lsp.get_client_by_id(args.data.client_id)
      if not client or client.name ~= 'pep_lsp' then
        return
      end
      vim.keymap.set('n', keys.next, function()
        M.go(M.NEXT)
      end, { buffer = args.buf, desc = 'pep-lsp: next instruction text or placeholder' })
      vim.keymap.set('n', keys.previous, function()
        M.go(M.PREVIOUS)
      end, { buffer = args.buf, desc = 'pep-lsp: previous instruction text or placeholder' })
    end,
  })
end

return M
