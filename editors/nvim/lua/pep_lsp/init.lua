-- pep-lsp for Neovim. The configuration itself is the runtime file lsp/pep_lsp.lua (what
-- `vim.lsp.enable('pep_lsp')` reads on Neovim 0.11+); setup() enables it and adds what a user
-- needs on top: built-in completion whose items insert exactly their edit, and a progress lens
-- kept up to date. On Neovim 0.8-0.10 setup() starts the server from a FileType autocmd instead.
local M = {}

--- Files that mark the project root; pep-lsp reads its configuration from the nearest one.
M.root_markers = { 'pyproject.toml', 'pep-lsp.toml', '.git' }

--- The runtime file lsp/pep_lsp.lua as a fresh table (the base every setup style shares).
---@return table
local function base_config()
  local file = vim.api.nvim_get_runtime_file('lsp/pep_lsp.lua', false)[1]
  assert(file, "pep-lsp: lsp/pep_lsp.lua is not on 'runtimepath'; add the plugin's folder to it")
  return dofile(file)
end

--- Refreshes the code lenses of every buffer the client is attached to.
---@param client_id integer
local function refresh_lenses(client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  for bufnr in pairs(client and client.attached_buffers or {}) do
    vim.lsp.codelens.refresh({ bufnr = bufnr })
  end
end

--- What setup() adds when a buffer attaches: built-in completion and the progress lens.
---@param client vim.lsp.Client
---@param bufnr integer
---@param opts table setup()'s options
function M.on_attach(client, bufnr, opts)
  require('pep_lsp.completion').attach(client, bufnr)
  if opts.completion ~= false and vim.lsp.completion and vim.lsp.completion.enable then
    local completion = type(opts.completion) == 'table' and opts.completion or {}
    vim.lsp.completion.enable(true, client.id, bufnr, { autotrigger = completion.autotrigger ~= false })
  end
  if opts.codelens ~= false then
    vim.lsp.codelens.refresh({ bufnr = bufnr })
    vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave' }, {
      group = vim.api.nvim_create_augroup('pep_lsp.codelens_' .. bufnr, { clear = true }),
      buffer = bufnr,
      callback = function()
        vim.lsp.codelens.refresh({ bufnr = bufnr })
      end,
    })
  end
end

--- The client configuration, in the shape vim.lsp.config() takes (and vim.lsp.start() accepts
--- once root_dir is filled in): lsp/pep_lsp.lua plus setup()'s additions and the user's options.
--- `settings.pepLsp` answers the server's workspace/configuration.
---@param opts? { cmd?: string[], settings?: table, capabilities?: table, on_attach?: function, completion?: boolean|{ autotrigger?: boolean }, codelens?: boolean }
---@return table
function M.config(opts)
  opts = opts or {}
  local base = base_config()
  local pep = vim.tbl_deep_extend('force', {}, (opts.settings or {}).pepLsp or {})
  -- The server asks for fresh lenses when the progress changes (workspace/codeLens/refresh).
  local capabilities = vim.tbl_deep_extend(
    'force',
    opts.capabilities or {},
    opts.codelens ~= false and { workspace = { codeLens = { refreshSupport = true } } } or {}
  )
  local config = {
    name = 'pep_lsp',
    cmd = opts.cmd or base.cmd,
    filetypes = base.filetypes,
    root_markers = base.root_markers,
    settings = { pepLsp = pep },
    init_options = pep,
    capabilities = capabilities,
    handlers = {
      ['workspace/codeLens/refresh'] = function(_, _, ctx)
        refresh_lenses(ctx.client_id)
        return vim.NIL
      end,
    },
    on_attach = function(client, bufnr)
      base.on_attach(client, bufnr)
      M.on_attach(client, bufnr, opts)
      if opts.on_attach then
        opts.on_attach(client, bufnr)
      end
    end,
  }
  return config
end

--- The directory of the nearest root marker above `bufnr`'s file, else the file's directory.
---@param bufnr integer
---@return string
function M.root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local start = name ~= '' and vim.fs.dirname(name) or vim.loop.cwd()
  local found = vim.fs.find(M.root_markers, { upward = true, path = start })[1]
  return found and vim.fs.dirname(found) or start
end

--- True when this Neovim has the 0.11 API (vim.lsp.config + vim.lsp.enable).
function M.has_native_config()
  return vim.lsp.config ~= nil and vim.lsp.enable ~= nil
end

--- Say once, clearly, that the server is missing instead of letting every buffer fail to spawn.
local function executable_or_warn(cmd)
  if vim.fn.executable(cmd[1]) == 1 then
    return true
  end
  vim.notify(
    ('pep-lsp: %q is not executable. Install it with `pip install pep-lsp` or pass cmd = { "/path/to/pep-lsp" } to setup().'):format(
      cmd[1]
    ),
    vim.log.levels.ERROR
  )
  return false
end

--- Enable pep-lsp for Markdown buffers.
--- opts.completion = false leaves vim.lsp.completion off (the omnifunc, <C-x><C-o>, still works
--- and items still insert their whole edit); { autotrigger = false } enables it without
--- completing on the server's trigger characters. opts.codelens = false leaves lenses alone.
--- opts.legacy = true forces the 0.8-0.10 code path (vim.lsp.start) even on a newer Neovim.
--- opts.leftover_keys = { next = ']p', previous = '[p' } (the defaults), or false for no keys.
---@param opts? { cmd?: string[], settings?: table, capabilities?: table, on_attach?: function, completion?: boolean|{ autotrigger?: boolean }, codelens?: boolean, legacy?: boolean, leftover_keys?: table|false }
function M.setup(opts)
  opts = opts or {}
  local config = M.config(opts)
  if not executable_or_warn(config.cmd) then
    return
  end
  require('pep_lsp.leftovers').setup(opts.leftover_keys) -- ]p / [p: next / previous blank to fill
  if M.has_native_config() and not opts.legacy then
    vim.lsp.config('pep_lsp', config)
    vim.lsp.enable('pep_lsp')
    return
  end
  local group = vim.api.nvim_create_augroup('pep_lsp', { clear = true })
  local function start(bufnr)
    local start_config = vim.tbl_extend('force', {}, config, { root_dir = M.root_dir(bufnr) })
    start_config.filetypes = nil
    start_config.root_markers = nil
    vim.lsp.start(start_config, { bufnr = bufnr })
  end
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'markdown',
    callback = function(args)
      start(args.buf)
    end,
  })
  -- Buffers already open when setup() runs (e.g. `nvim pep.md` with setup in a plugin).
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.bo[bufnr].filetype == 'markdown' then
      start(bufnr)
    end
  end
end

return M
