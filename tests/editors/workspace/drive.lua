-- Drives a headless Neovim with the user's `require('pep_lsp').setup()` over a workspace of
-- proposals, and records what the editor gets for hover, definition, workspace symbols and
-- rename (the rename applied with Neovim's own `apply_workspace_edit`), then the same through
-- the keys a user presses (`<C-]>` on a mention and on a link's `#anchor`; `grn` and a new name
-- typed at the prompt). It observes; the pytest side (tests/editors/test_nvim_workspace.py)
-- judges. spec: { cmd, file, result, hover, rename, rename_keys }
local spec = vim.json.decode(table.concat(vim.fn.readfile(os.getenv('PEP_LSP_NVIM_SPEC')), '\n'))
local result = { steps = {}, errors = {} }

local function write_result()
  vim.fn.writefile({ vim.json.encode(result) }, spec.result)
end

local function step(name, fn)
  local ok, value = xpcall(fn, debug.traceback)
  if ok then
    result.steps[name] = value or vim.empty_dict()
  else
    result.errors[name] = value
  end
  write_result()
end

local function client()
  return vim.lsp.get_clients({ bufnr = 0, name = 'pep_lsp' })[1]
end

local function request(method, params)
  local responses = vim.lsp.buf_request_sync(0, method, params, 20000)
  assert(responses, method .. ': no answer within 20 s')
  for _, response in pairs(responses) do
    assert(not response.err, method .. ': ' .. vim.inspect(response.err))
    return response.result
  end
end

local function position(line, character)
  return { textDocument = vim.lsp.util.make_text_document_params(0), position = { line = line, character = character } }
end

step('setup', function()
  require('pep_lsp').setup({ cmd = spec.cmd })
  vim.cmd.edit(vim.fn.fnameescape(spec.file))
  assert(vim.wait(30000, function() return client() ~= nil and client().initialized end, 50), 'no attach')
  -- The index is built in the background: the cross-file diagnostics come once it is.
  local indexed = vim.wait(30000, function()
    for _, d in ipairs(vim.diagnostic.get(0)) do
      if d.code == 'X102' then return true end
    end
    return false
  end, 50)
  assert(indexed, 'no cross-file diagnostic within 30 s')
  return { root_dir = client().config.root_dir }
end)

step('hover', function()
  local hover = request('textDocument/hover', position(spec.hover[1], spec.hover[2]))
  return { value = hover.contents.value }
end)

step('definition', function()
  local found = request('textDocument/definition', position(spec.hover[1], spec.hover[2]))
  local first = found[1] or found
  return { uri = first.uri or first.targetUri, range = first.range or first.targetSelectionRange }
end)

step('symbols', function()
  local symbols = request('workspace/symbol', { query = 'logg' })
  local names = {}
  for _, symbol in ipairs(symbols) do table.insert(names, symbol.name) end
  return { names = names }
end)

-- Typed keys are read by the main loop, not while this script runs: the steps below run in a
-- coroutine resumed from timers, so the loop turns between them.
local runner
vim.defer_fn(function()
  result.errors.watchdog = 'drive.lua ran out of time'
  write_result()
  vim.cmd('cquit 3')
end, 150000)

local function resume()
  local ok, err = coroutine.resume(runner)
  if not ok then
    result.errors.runner = debug.traceback(runner, err)
    write_result()
    vim.cmd('cquit 2')
  end
end

local function pause(ms)
  vim.defer_fn(resume, ms)
  coroutine.yield()
end

local function wait_until(check, timeout)
  local deadline = vim.uv.now() + timeout
  while not check() do
    if vim.uv.now() > deadline then return false end
    pause(50)
  end
  return true
end

-- `<C-]>` at a place: Neovim's LSP tagfunc asks for the definition and jumps. Returns where the
-- cursor landed, then goes back to the buffer it started from.
local function jump_with_keys(line, col)
  local start = vim.api.nvim_get_current_buf()
  vim.api.nvim_win_set_cursor(0, { line + 1, col })
  vim.api.nvim_input('<C-]>')
  assert(wait_until(function() return vim.api.nvim_get_current_buf() ~= start end, 10000), '<C-]> did not jump')
  local cursor = vim.api.nvim_win_get_cursor(0)
  local landed = { file = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(0), ':t'), line = cursor[1] - 1, col = cursor[2] }
  vim.api.nvim_set_current_buf(start)
  return landed
end

local function text_of(buffer)
  return table.concat(vim.api.nvim_buf_get_lines(buffer, 0, -1, false), '\n')
end

runner = coroutine.create(function()
  step('definition_keys', function()
    local line = vim.api.nvim_buf_get_lines(0, spec.hover[1], spec.hover[1] + 1, false)[1]
    return {
      mention = jump_with_keys(spec.hover[1], spec.hover[2]),
      anchor = jump_with_keys(spec.hover[1], line:find('#motivation', 1, true)),
    }
  end)

  step('rename', function()
    local two = vim.fn.fnamemodify(spec.file, ':h') .. '/pep-0002.md'
    vim.cmd.edit(vim.fn.fnameescape(two))
    assert(vim.wait(10000, function() return client() ~= nil end, 50), 'no attach to pep-0002.md')
    local prepared = request('textDocument/prepareRename', position(spec.rename[1], spec.rename[2]))
    local edit = request('textDocument/rename', vim.tbl_extend('force', position(spec.rename[1], spec.rename[2]), { newName = spec.rename[3] }))
    vim.lsp.util.apply_workspace_edit(edit, client().offset_encoding)
    local texts = {}
    for _, name in ipairs({ 'pep-0001.md', 'pep-0002.md' }) do
      local buffer = vim.fn.bufnr(vim.fn.fnamemodify(spec.file, ':h') .. '/' .. name)
      texts[name] = table.concat(vim.api.nvim_buf_get_lines(buffer, 0, -1, false), '\n')
    end
    return { placeholder = prepared.placeholder, texts = texts }
  end)

  step('rename_keys', function()
    -- In pep-0002.md, left open by the step above: `grn` on the heading, then the new name
    -- typed at the prompt Neovim opens once prepareRename has answered.
    local line, col, name = spec.rename_keys[1], spec.rename_keys[2], spec.rename_keys[3]
    vim.api.nvim_win_set_cursor(0, { line + 1, col })
    vim.api.nvim_input('grn')
    assert(wait_until(function() return vim.api.nvim_get_mode().mode == 'c' end, 10000), 'grn opened no prompt')
    vim.api.nvim_input('<C-u>' .. name .. '<CR>')
    local one = vim.fn.bufnr(vim.fn.fnamemodify(spec.file, ':h') .. '/pep-0001.md')
    local anchor = '#' .. name:lower():gsub(' ', '-')
    assert(wait_until(function() return text_of(one):find(anchor, 1, true) ~= nil end, 15000), 'the link did not follow the rename')
    return { texts = { ['pep-0001.md'] = text_of(one), ['pep-0002.md'] = text_of(0) } }
  end)

  vim.cmd('qa!')
end)
vim.schedule(resume)
