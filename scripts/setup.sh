#!/usr/bin/env bash
# Create .venv (if missing) and install pep-lsp with its test dependencies into it.
# pip's output goes to .venv/setup.log and is shown only when the install fails.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# editable_mode=compat: setuptools puts the checkout on sys.path with a plain `.pth` line. Its
# default for this flat layout is an import hook that `site` loads at every start of every
# `python` in .venv (~10 ms of pathlib, importlib.util, urllib.parse, ...) which an installed
# wheel never pays, and start-up is measured here (benchmarks/run.py). setuptools calls the mode
# transitional: should a later one refuse it, the default editable install is used instead.
if ! .venv/bin/python -m pip install -e ".[test]" --config-settings editable_mode=compat \
  >.venv/setup.log 2>&1 && ! .venv/bin/python -m pip install -e ".[test]" >>.venv/setup.log 2>&1; then
  cat .venv/setup.log >&2
  echo "scripts/setup.sh: installing pep-lsp failed (log above, also in .venv/setup.log)" >&2
  exit 1
fi
# pip compiles what it installs from a wheel; an editable install is compiled on import, and
# not even cached where PYTHONDONTWRITEBYTECODE is set. Compile it once, as an install would.
.venv/bin/python -m compileall -q pep_lsp >/dev/null
