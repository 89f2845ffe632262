"""What the server loads before it answers `initialize` (pep_lsp/cli/__init__.py `_load`), so
the first document waits for its analysis only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = (
    "import sys\n"
    "from pep_lsp.cli import _load\n"
    "_load(None)\n"
    "import pep_lsp.spelling, pep_lsp.template\n"
    "print('engine' , 'pep_lsp.engine.check' in sys.modules and 'pep_lsp.rules.spelling' in sys.modules)\n"
    "print('schema', pep_lsp.template.default_schema.cache_info().currsize)\n"
    "print('vocabulary', pep_lsp.template._load_vocabulary.cache_info().currsize)\n"
    "print('misspellings', pep_lsp.spelling._table is not None)\n"
)


def test_the_server_loads_the_analysis_before_answering_initialize() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n") == [
        "engine True",
        "schema 1",
        "vocabulary 1",
        "misspellings True",
        "",
    ]
