-- pep-lsp for Neovim: one setup() that uses vim.lsp.config/vim.lsp.enable on Neovim 0.11+ and
-- vim.lsp.start from a FileType autocmd on 0.8-0.10, so the same line works in both.
local M = {}

--- Files that mark the project root; pep-lsp reads its configuration from the nearest one.
M.root_markers = { 'pyproject.toml', 'pep-lsp.toml', '.git' }

--- The client configuration, in the shape vim.lsp.config() takes (and vim.lsp.start() accepts
--- once root_dir is filled in). `settings.pepLsp` answers the server's workspace/configuration.
---@param opts? { cmd?: string[], settings?: table, capabilities?: table, on_attach?: function }
---@return table
function M.config(opts)
  opts = opts or {}
  local pep = vim.tbl_deep_extend('force', {}, (opts.settings or {}).pepLsp or {})
  local config = {
    name = 'pep_lsp',
    cmd = opts.cmd or { 'pep-lsp' },
    filetypes = { 'markdown' },
    root_markers = M.root_markers,
    settings = { pepLsp = pep },
    init_options = pep,
  }
  if opts.capabilities then
    config.capabilities = opts.capabilities
  end
  if opts.on_attach then
    config.on_attach = opts.on_attach
  end
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
--- opts.legacy = true forces the 0.8-0.10 code path (vim.lsp.start) even on a newer Neovim.
--- opts.leftover_keys = { next = ']p', previous = '[p' } (the defaults), or false for no keys.
---@param opts? { cmd?: string[], settings?: table, capabilities?: table, on_attach?: function, legacy?: boolean, leftover_keys?: table|false }
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
