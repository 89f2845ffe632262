"""Show what an editor shows: start the real `pep-lsp` server over stdio, open a document as
an editor would, and print the diagnostics it publishes the way a Problems panel lists them.

Usage: python scripts/demo.py PATH.md
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from lspclient import LspClient  # noqa: E402  (the raw JSON-RPC client the benchmark uses)

SEVERITY = {1: "error", 2: "warning", 3: "info", 4: "hint"}


def main(path: str) -> int:
    file = Path(path).resolve()
    text = file.read_text(encoding="utf-8")
    with LspClient([sys.executable, "-m", "pep_lsp"]) as client:
        client.initialize(file.parent.as_uri())
        uri = file.as_uri()
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}},
        )
        diagnostics = client.wait_diagnostics(uri, 1, timeout=60).items
    print(f"PROBLEMS in {path} ({len(diagnostics)}), as the editor receives them from the server:")
    lines = text.splitlines()
    for d in diagnostics:
        start = d["range"]["start"]
        print(
            f"  [Ln {start['line'] + 1}, Col {start['character'] + 1}] {SEVERITY[d['severity']]:<7} {d['code']}  {d['message']}"
        )
        print(f"      {lines[start['line']][:100] if start['line'] < len(lines) else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "examples/pep-9002-draft.md"))
