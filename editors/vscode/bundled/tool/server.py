"""Entry point of the pep-lsp server bundled in the VS Code extension: runs `pep-lsp` (stdio) with
the packages in ../libs first on the path, so whatever the interpreter has installed (an older
pygls, another pep-lsp) cannot shadow them. Like bundled/tool/lsp_server.py in the Python tool
extensions (vscode-black-formatter, vscode-isort)."""

import os
import sys

if sys.version_info < (3, 10):  # noqa: UP036  (run by whatever python the editor found)
    sys.exit(f"pep-lsp needs Python 3.10 or newer; {sys.executable} is {sys.version.split()[0]}")

sys.path.insert(
    0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "libs")
)

from pep_lsp.cli import entry

if __name__ == "__main__":
    sys.exit(entry())
