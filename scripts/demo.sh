#!/usr/bin/env bash
# Set up, then run pep-lsp on the bundled example twice: as an editor sees it (the real
# server over stdio) and as CI sees it (`pep-lsp check`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python scripts/demo.py examples/pep-9002-draft.md
echo
echo "\$ pep-lsp check examples/"
.venv/bin/pep-lsp check examples/ || true
