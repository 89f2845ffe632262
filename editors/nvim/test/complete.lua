-- Drives completion in a headless Neovim with real keys (e.g. `A<C-x><C-o>`, then `<C-y>`) and
-- records what each case left in the buffer, as JSON. It observes; tests/editors/test_nvim.py
-- judges. Run:
--   PEP_LSP_NVIM_SPEC=spec.json nvim --headless --clean --cmd 'set rtp^=editors/nvim' -c 'luafile complete.lua'
-- spec: { mode = "setup"|"setup-no-completion"|"lsp-file", cmd = {...}, result,
--         cases = { { name, file, cursor = { row (1-based), col (bytes) }, keys, select } } }
local spec = vim.json.decode(table.concat(vim.fn.readfile(os.getenv('PEP_LSP_NVIM_SPEC')), '\n'))
local result = { cases = {}, errors = {}, nvim = tostring(vim.version()) }

local function write_result()
  vim.fn.writefile({ vim.json.encode(result) }, spec.result)
end

-- A watchdog: whatever hangs, the report is written and Neovim exits non-zero.
vim.defer_fn(function()
  result.errors.watchdog = 'complete.lua ran out of time'
  write_result()
  vim.cmd('cquit 3')
end, 150000)

local runner
--- Lets the main loop run (keys typed with nvim_input are processed there) for `ms`.
local function pause(ms)
  vim.defer_fn(function()
    local ok, err = coroutine.resume(runner)
    if not ok then
      result.errors.runner = debug.traceback(runner, err)
      write_result()
      vim.cmd('cquit 2')
    end
  end, ms)
  coroutine.yield()
end

--- Waits (letting the loop run) until `check` holds; false after `timeout` ms.
local function wait_until(check, timeout)
  local deadline = vim.uv.now() + (timeout or 20000)
  while not check() do
    if vim.uv.now() > deadline then
      return false
    end
    pause(20)
  end
  return true
end

local function client()
  return vim.lsp.get_clients({ bufnr = 0, name = 'pep_lsp' })[1]
end

local accepted
vim.api.nvim_create_autocmd('CompleteDone', {
  callback = function()
    accepted = vim.tbl_get(vim.v.completed_item or {}, 'user_data', 'nvim', 'lsp', 'completion_item') or vim.NIL
  end,
})

local function run_case(case)
  local record = { name = case.name }
  result.cases[case.name] = record
  vim.cmd.edit(vim.fn.fnameescape(case.file))
  assert(wait_until(function()
    return client() ~= nil and client().initialized
  end), 'pep_lsp did not attach to ' .. case.file)
  -- The server has the document once its diagnostics arrive (didOpen is sent on attach).
  wait_until(function()
    return #vim.diagnostic.get(0) > 0
  end, 5000)
  record.omnifunc = vim.bo.omnifunc
  vim.api.nvim_win_set_cursor(0, case.cursor)
  accepted = nil
  vim.api.nvim_input(case.keys)
  local shown = wait_until(function()
    return #(vim.fn.complete_info({ 'items' }).items or {}) > 0
  end)
  assert(shown, 'no completion menu for ' .. case.name)
  record.menu = {}
  for _, item in ipairs(vim.fn.complete_info({ 'items' }).items) do
    table.insert(record.menu, { word = item.word, abbr = item.abbr })
  end
  vim.api.nvim_input((case.select or '') .. '<C-y>')
  assert(wait_until(function()
    return accepted ~= nil and vim.fn.pumvisible() == 0
  end), 'the item was not accepted in ' .. case.name)
  pause(50) -- any handler vim.schedule()d by CompleteDone
  record.item = accepted
  record.mode_after = vim.api.nvim_get_mode().mode
  vim.api.nvim_input('<Esc>')
  wait_until(function()
    return vim.api.nvim_get_mode().mode == 'n'
  end)
  if vim.snippet and vim.snippet.active() then
    vim.snippet.stop()
  end
  record.text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  record.cursor_line = vim.api.nvim_get_current_line()
  write_result()
end

runner = coroutine.create(function()
  -- A menu also for a single match (Vim inserts a lone match without one, and <C-y> then copies
  -- the character above), its first item selected but not inserted until <C-y>: the setting
  -- `:help lsp-completion` suggests, without `noselect` so that <C-y> alone takes the first item.
  vim.o.completeopt = 'menu,menuone,noinsert'
  if spec.mode == 'setup' then
    require('pep_lsp').setup({ cmd = spec.cmd })
  elseif spec.mode == 'setup-no-completion' then
    require('pep_lsp').setup({ cmd = spec.cmd, completion = false })
  elseif spec.mode == 'lsp-file' then
    vim.lsp.config('pep_lsp', { cmd = spec.cmd })
    vim.lsp.enable('pep_lsp')
  else
    error('unknown mode ' .. tostring(spec.mode))
  end
  for _, case in ipairs(spec.cases) do
    local ok, err = xpcall(run_case, debug.traceback, case)
    if not ok then
      result.errors[case.name] = err
      vim.api.nvim_input('<Esc>')
      pause(100)
    end
  end
  write_result()
  vim.cmd('qa!')
end)
pause(0)
