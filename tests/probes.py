"""Run a short Python program in a fresh interpreter, as a `pep-lsp` command would start: from
the repository, with its own cache folder. The start-up and code-cache tests look at what such
a process loads and compiles."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_probe(code: str, *args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    """`python -c code args...` with `PEP_LSP_CACHE_DIR=cache`; output captured as text."""
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env={**os.environ, "PEP_LSP_CACHE_DIR": str(cache)},
        capture_output=True,
        text=True,
    )


def run_probes(
    code: str, *args: str, cache: Path, times: int
) -> list[subprocess.CompletedProcess[str]]:
    """The same probe `times` times in a row, sharing the cache (the first fills it)."""
    return [run_probe(code, *args, cache=cache) for _ in range(times)]
