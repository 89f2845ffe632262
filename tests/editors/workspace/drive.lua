-- Drives a headless Neovim with the user's `require('pep_lsp').setup()` over a workspace of
-- proposals, and records what the editor gets for hover, definition, workspace symbols and
-- rename (the rename applied with Neovim's own `apply_workspace_edit`). It observes; the pytest
-- side (tests/editors/test_nvim_workspace.py) judges. spec: { cmd, file, result, hover, rename }
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

vim.cmd('qa!')
