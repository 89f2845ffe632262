-- Quick fixes where the cursor is, in a real headless Neovim (tests/editors/test_nvim_code_actions.py
-- judges what this records). The user's setup (`require('pep_lsp').setup()`), then per scenario:
-- real keys move the cursor (`:14<CR>`), `:lua vim.lsp.buf.code_action()<CR>` asks as Neovim does,
-- the menu (vim.ui.select, the documented hook) records the titles and picks one by title, and
-- Neovim applies its edit; `u` undoes it before the next scenario.
-- spec: { cmd = {...}, file, result, scenarios = { { keys, choose }, ... } }
local spec = vim.json.decode(table.concat(vim.fn.readfile(os.getenv('PEP_LSP_NVIM_SPEC')), '\n'))
local result = { scenarios = {}, errors = {} }

local function write_result()
  vim.fn.writefile({ vim.json.encode(result) }, spec.result)
end

local function client()
  return vim.lsp.get_clients({ bufnr = 0, name = 'pep_lsp' })[1]
end

local function feed(keys)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(keys, true, false, true), 'xt', false)
end

local function buffer_text()
  return table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
end

--- Waits until the buffer's diagnostics have not changed for one second.
local function settle()
  vim.wait(30000, function()
    return #vim.diagnostic.get(0) > 0
  end, 50)
  local last, since = vim.json.encode(vim.diagnostic.get(0)), vim.uv.now()
  vim.wait(15000, function()
    local now = vim.json.encode(vim.diagnostic.get(0))
    if now ~= last then
      last, since = now, vim.uv.now()
    end
    return vim.uv.now() - since > 1000
  end, 50)
end

local ok, err = xpcall(function()
  require('pep_lsp').setup({ cmd = spec.cmd })
  vim.cmd.edit(vim.fn.fnameescape(spec.file))
  assert(vim.wait(30000, function()
    return client() ~= nil and client().initialized
  end, 50), 'pep_lsp did not attach')
  settle()
  local original = buffer_text()

  -- What Neovim sends: record each textDocument/codeAction request's params.
  local sent = {}
  local c = client()
  local request = c.request
  c.request = function(self, method, params, ...)
    if method == 'textDocument/codeAction' then
      table.insert(sent, vim.deepcopy(params))
    end
    return request(self, method, params, ...)
  end

  for index, scenario in ipairs(spec.scenarios) do
    local record = { titles = {} }
    local chosen = false
    vim.ui.select = function(items, _, on_choice)
      local pick
      for i, item in ipairs(items) do
        table.insert(record.titles, item.action.title)
        if item.action.title == scenario.choose then
          pick = i
        end
      end
      chosen = true
      if pick then
        on_choice(items[pick], pick)
      else
        on_choice(nil, nil)
      end
    end
    feed(scenario.keys)
    record.cursor = vim.api.nvim_win_get_cursor(0)
    local before = #sent
    feed(':lua vim.lsp.buf.code_action()<CR>')
    assert(vim.wait(30000, function()
      return chosen
    end, 20), 'no code action menu for scenario ' .. index)
    record.request = sent[before + 1]
    record.text = buffer_text()
    if scenario.gone then
      -- The diagnostics once the server has seen the change: wait for the code to go.
      vim.wait(30000, function()
        for _, d in ipairs(vim.diagnostic.get(0)) do
          if d.code == scenario.gone then
            return false
          end
        end
        return true
      end, 50)
      record.codes = {}
      for _, d in ipairs(vim.diagnostic.get(0)) do
        table.insert(record.codes, d.code)
      end
    end
    if record.text ~= original then
      feed('u')
    end
    record.undone = buffer_text() == original
    settle()
    table.insert(result.scenarios, record)
    write_result()
  end
end, debug.traceback)
if not ok then
  result.errors.run = err
end
write_result()
vim.cmd('qa!')
