#!/usr/bin/env bash
# Set up and run the whole test suite: unit and end-to-end tests, then the real-editor tests.
# PEP_LSP_SKIP_EDITORS=1 skips the editor tests (they install code-server and Neovim).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The habits of the field first: lint, format and types (strict on the package) must pass.
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
if [ "${PEP_LSP_SKIP_EDITORS:-0}" != "1" ] && [ -f editors/install-test-deps.sh ]; then
  bash editors/install-test-deps.sh "$PWD/.venv"
  .venv/bin/python -m pytest -m editors tests/editors
fi
