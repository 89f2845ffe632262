-- Drives a headless Neovim through the pep-lsp setup a user would write, and records what the
-- editor holds (diagnostics, completion items, buffer text) as JSON. It observes; the pytest side
-- (tests/editors/test_nvim.py) judges. Run:
--   PEP_LSP_NVIM_SPEC=spec.json nvim --headless --clean --cmd 'set rtp^=editors/nvim' -c 'luafile drive.lua'
-- spec: { mode = "setup"|"legacy"|"lsp-file", cmd = {...}, file, result, status_line,
--         status_value, action = { line, character, title } }
local spec = vim.json.decode(table.concat(vim.fn.readfile(os.getenv('PEP_LSP_NVIM_SPEC')), '\n'))
local result = { steps = {}, errors = {}, messages = {}, nvim = tostring(vim.version()) }

-- Every window/showMessage the server sends, as the user would see it.
local show_message = vim.lsp.handlers['window/showMessage']
vim.lsp.handlers['window/showMessage'] = function(err, params, ctx, config)
  table.insert(result.messages, { type = params.type, message = params.message })
  return show_message(err, params, ctx, config)
end

local function write_result()
  vim.fn.writefile({ vim.json.encode(result) }, spec.result)
end

--- Runs one step; an error is recorded and the next step still runs.
local function step(name, fn)
  local started = vim.uv.hrtime()
  local ok, value = xpcall(fn, debug.traceback)
  if ok then
    result.steps[name] = value or vim.empty_dict()
  else
    result.errors[name] = value
    result.steps[name] = vim.empty_dict()
  end
  result.steps[name].seconds = (vim.uv.hrtime() - started) / 1e9
  write_result()
end

local function client()
  return vim.lsp.get_clients({ bufnr = 0, name = 'pep_lsp' })[1]
end

local function buffer_text()
  return table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
end

step('setup', function()
  if spec.mode == 'setup' then
    require('pep_lsp').setup({ cmd = spec.cmd })
  elseif spec.mode == 'legacy' then
    require('pep_lsp').setup({ cmd = spec.cmd, legacy = true })
  elseif spec.mode == 'lsp-file' then
    -- Only the runtime file lsp/pep_lsp.lua plus the user's override of the command.
    vim.lsp.config('pep_lsp', { cmd = spec.cmd })
    vim.lsp.enable('pep_lsp')
  else
    error('unknown mode ' .. tostring(spec.mode))
  end
  vim.cmd.edit(vim.fn.fnameescape(spec.file))
  local attached = vim.wait(30000, function()
    return client() ~= nil and client().initialized
  end, 50)
  assert(attached, 'pep_lsp did not attach to ' .. spec.file .. ' within 30 s')
  local commands = vim.tbl_keys(vim.api.nvim_buf_get_commands(0, {}))
  table.sort(commands)
  return { filetype = vim.bo.filetype, root_dir = client().config.root_dir, name = client().name, commands = commands }
end)

step('diagnostics', function()
  local function ours()
    return vim.diagnostic.get(0)
  end
  vim.wait(30000, function()
    return #ours() > 0
  end, 50)
  -- Then until nothing has changed for one second: the first publication may not be the last.
  local last, since = vim.json.encode(ours()), vim.uv.now()
  vim.wait(15000, function()
    local now = vim.json.encode(ours())
    if now ~= last then
      last, since = now, vim.uv.now()
    end
    return vim.uv.now() - since > 1000
  end, 50)
  local items = {}
  for _, d in ipairs(ours()) do
    table.insert(items, {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
      code = d.code,
      source = d.source,
      message = d.message,
    })
  end
  table.sort(items, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return { items = items }
end)

-- The progress lens: shown after attach, and following an edit that changes it (a placeholder
-- added after the Abstract heading, then removed again) without any request from this script.
step('codelens', function()
  local function title()
    local lens = vim.lsp.codelens.get(0)[1]
    return lens and lens.command and lens.command.title or vim.NIL
  end
  if spec.mode == 'lsp-file' then
    return { managed = false } -- the bare configuration leaves lenses to the user
  end
  vim.wait(10000, function()
    return title() ~= vim.NIL
  end, 50)
  local shown = title()
  local row = spec.lens_line -- 0-based: a new line goes in here
  vim.api.nvim_buf_set_lines(0, row, row, false, { '[TBD]', '' })
  vim.wait(10000, function()
    return title() ~= shown
  end, 50)
  local edited = title()
  vim.api.nvim_buf_set_lines(0, row, row + 2, false, {})
  vim.wait(10000, function()
    return title() ~= edited
  end, 50)
  return { shown = shown, edited = edited, restored = title(), text_restored = buffer_text() == table.concat(vim.fn.readfile(spec.file), '\n') }
end)

--- Whether the attached server declares the capability; requests for others are not sent.
local function supports(method)
  local c = client()
  return c ~= nil and c:supports_method(method)
end

-- A watchdog: whatever hangs, the report is written and Neovim exits non-zero.
vim.defer_fn(function()
  result.errors.watchdog = 'drive.lua ran out of time'
  write_result()
  vim.cmd('cquit 3')
end, 120000)

step('completion', function()
  if not supports('textDocument/completion') then
    return { supported = false, labels = {}, edits = {}, omnifunc = {} }
  end
  local row = spec.status_line -- 0-based
  vim.api.nvim_buf_set_lines(0, row, row + 1, false, { 'Status: ' })
  vim.api.nvim_win_set_cursor(0, { row + 1, #'Status: ' })
  -- The request an nvim-cmp source or the omnifunc sends from insert mode, with the cursor
  -- after the space (normal mode cannot put the cursor past a line's last character).
  local params = vim.lsp.util.make_position_params(0, client().offset_encoding)
  params.position = { line = row, character = #'Status: ' }
  local responses = vim.lsp.buf_request_sync(0, 'textDocument/completion', params, 10000) or {}
  local labels, edits = {}, {}
  for _, response in pairs(responses) do
    local list = response.result or {}
    for _, item in ipairs(list.items or list) do
      table.insert(labels, item.label)
      if item.textEdit then
        table.insert(edits, { label = item.label, newText = item.textEdit.newText, range = item.textEdit.range })
      end
    end
  end
  return { supported = true, labels = labels, edits = edits, omnifunc = {}, omnifunc_option = vim.bo.omnifunc }
end)

local function code_action_step()
  step('code_action', function()
    if not supports('textDocument/codeAction') then
      return { supported = false, titles = {}, applied = false, text = buffer_text() }
    end
    vim.api.nvim_win_set_cursor(0, { spec.action.line + 1, spec.action.character })
    local before = vim.api.nvim_buf_get_changedtick(0)
    local params = vim.lsp.util.make_range_params(0, client().offset_encoding)
    -- The titles offered at the cursor, for the report.
    local line_diagnostics = {}
    for _, d in ipairs(vim.diagnostic.get(0, { lnum = spec.action.line })) do
      if d.user_data and d.user_data.lsp then
        table.insert(line_diagnostics, d.user_data.lsp)
      end
    end
    params.context = { diagnostics = line_diagnostics }
    local responses = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', params, 10000) or {}
    local titles = {}
    for _, response in pairs(responses) do
      for _, action in ipairs(response.result or {}) do
        table.insert(titles, action.title)
      end
    end
    -- What a user runs: vim.lsp.buf.code_action, narrowed to the one action and applied.
    vim.lsp.buf.code_action({
      filter = function(action)
        return action.title == spec.action.title
      end,
      apply = true,
    })
    local changed = vim.wait(10000, function()
      return vim.api.nvim_buf_get_changedtick(0) ~= before
    end, 50)
    return { supported = true, titles = titles, applied = changed, text = buffer_text() }
  end)
  write_result()
  vim.cmd('qa!')
end

-- The built-in omnifunc needs Insert mode and the main loop, so this part is driven by real
-- input (nvim_input) and polled from timers once this script has returned to the loop.
if result.steps.completion.supported then
  local row = spec.status_line
  vim.api.nvim_win_set_cursor(0, { row + 1, #'Status: ' })
  vim.api.nvim_input('A<C-x><C-o>')
  local deadline = vim.uv.now() + 10000
  local function poll()
    local items = vim.fn.complete_info({ 'items' }).items or {}
    if #items == 0 and vim.uv.now() < deadline then
      vim.defer_fn(poll, 50)
      return
    end
    local words = {}
    for _, item in ipairs(items) do
      table.insert(words, item.word)
    end
    result.steps.completion.omnifunc = words
    vim.api.nvim_input('<C-e><Esc>')
    vim.defer_fn(function()
      vim.api.nvim_buf_set_lines(0, row, row + 1, false, { 'Status: ' .. spec.status_value })
      code_action_step()
    end, 200)
  end
  vim.defer_fn(poll, 50)
else
  code_action_step()
end
