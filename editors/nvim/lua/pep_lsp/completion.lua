-- Makes an accepted pep-lsp completion item leave exactly the text its LSP edit describes.
--
-- Neovim's built-in completion (the omnifunc, <C-x><C-o>, and vim.lsp.completion) inserts one
-- word from where the items' edits start up to the cursor, and applies a snippet's full text only
-- when vim.lsp.completion is enabled. Two edits pep-lsp sends need more: a template placeholder is
-- replaced whole, also the part after the cursor ("Type: [Standard | Inf|ormational | Process]"),
-- and a multi-line item (a section with its skeleton, the whole template) needs its other lines.
-- On CompleteDone this module finishes the edit from the line as it was when the request was sent.
local M = {}

--- bufnr -> { row, col, line } of the last completion request pep-lsp's client sent (0-based
--- row, byte column of the cursor, the line's text then).
local requested = {}

--- A client position on `line` as a byte index.
---@param line string
---@param character integer
---@param encoding string
---@return integer
local function byte_index(line, character, encoding)
  if encoding == 'utf-8' then
    return math.min(character, #line)
  end
  local ok, index = pcall(vim.str_byteindex, line, encoding, character, false)
  if ok then
    return index
  end
  return vim.str_byteindex(line, character, encoding == 'utf-16') -- Neovim 0.10
end

--- Whether vim.lsp.completion is enabled in the buffer (it then expands snippets itself).
---@param bufnr integer
---@return boolean
local function builtin_enabled(bufnr)
  for _, group in ipairs({ 'nvim.lsp.completion_' .. bufnr, 'vim/lsp/completion-' .. bufnr }) do
    local ok, found = pcall(vim.api.nvim_get_autocmds, { group = group, event = 'CompleteDone' })
    if ok and #found > 0 then
      return true
    end
  end
  return false
end

--- Replaces the text the menu inserted (and the rest of the edit's range after the cursor) with
--- the item's edit. `builtin` is true when vim.lsp.completion will expand a snippet after us.
---@param client vim.lsp.Client
---@param bufnr integer
---@param item table the LSP CompletionItem
---@param builtin boolean
function M.finish(client, bufnr, item, builtin)
  local at = requested[bufnr]
  local edit = item.textEdit
  if not at or not edit or not edit.range then
    return
  end
  local range = edit.range
  local row, cursor = unpack(vim.api.nvim_win_get_cursor(0))
  row = row - 1
  if row ~= at.row or range.start.line ~= at.row or range['end'].line ~= at.row then
    return
  end
  local encoding = client.offset_encoding or 'utf-16'
  local start = byte_index(at.line, range.start.character, encoding)
  local stop = byte_index(at.line, range['end'].character, encoding)
  -- What the range held after the cursor when the request was sent, still right after it now.
  local tail = stop > at.col and at.line:sub(at.col + 1, stop) or ''
  local line = vim.api.nvim_buf_get_lines(bufnr, row, row + 1, true)[1]
  if start > cursor or line:sub(1, start) ~= at.line:sub(1, start) or line:sub(cursor + 1, cursor + #tail) ~= tail then
    return -- the line changed in a way this module does not know: leave it alone
  end
  local snippet = item.insertTextFormat == vim.lsp.protocol.InsertTextFormat.Snippet
  if snippet and builtin then
    -- vim.lsp.completion removes the inserted word and expands the snippet at the cursor next.
    vim.api.nvim_buf_set_text(bufnr, row, cursor, row, cursor + #tail, { '' })
    return
  end
  vim.api.nvim_buf_set_text(bufnr, row, start, row, cursor + #tail, { '' })
  vim.api.nvim_win_set_cursor(0, { row + 1, start })
  if snippet and vim.snippet then -- Neovim 0.10+ (older ones declare no snippet support)
    vim.snippet.expand(edit.newText)
    return
  end
  local lines = vim.split(edit.newText, '\n', { plain = true })
  vim.api.nvim_buf_set_text(bufnr, row, start, row, start, lines)
  local last = #lines == 1 and start + #lines[1] or #lines[#lines]
  vim.api.nvim_win_set_cursor(0, { row + #lines, last })
end

--- Follows pep-lsp's completion requests and finishes each accepted item in `bufnr`. Call before
--- vim.lsp.completion.enable(), so that this runs first on CompleteDone.
---@param client vim.lsp.Client
---@param bufnr integer
function M.attach(client, bufnr)
  local group = vim.api.nvim_create_augroup('pep_lsp.completion_' .. bufnr, { clear = true })
  vim.api.nvim_create_autocmd('LspRequest', {
    group = group,
    buffer = bufnr,
    callback = function(args)
      local request = args.data and args.data.request or {}
      if args.data.client_id == client.id and request.method == 'textDocument/completion' and request.type == 'pending' then
        local row, col = unpack(vim.api.nvim_win_get_cursor(0))
        requested[bufnr] = { row = row - 1, col = col, line = vim.api.nvim_get_current_line() }
      end
    end,
  })
  vim.api.nvim_create_autocmd('CompleteDone', {
    group = group,
    buffer = bufnr,
    callback = function()
      local reason = (vim.v.event or {}).reason
      if reason ~= nil and reason ~= 'accept' then
        return
      end
      local lsp = vim.tbl_get(vim.v.completed_item or {}, 'user_data', 'nvim', 'lsp') or {}
      if lsp.client_id == client.id and lsp.completion_item then
        M.finish(client, bufnr, lsp.completion_item, builtin_enabled(bufnr))
      end
    end,
  })
  vim.api.nvim_create_autocmd('LspDetach', {
    group = group,
    buffer = bufnr,
    callback = function(args)
      if args.data and args.data.client_id == client.id then
        requested[bufnr] = nil
        pcall(vim.api.nvim_del_augroup_by_id, group)
      end
    end,
  })
end

return M
