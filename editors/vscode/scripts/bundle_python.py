"""Fill bundled/libs with the pep-lsp server and its pinned dependencies, so the .vsix runs with any
Python 3.10+ and needs nothing installed. Pure-Python wheels only, checked against the hashes in
requirements-bundle.txt; pep-lsp itself is installed from this checkout. `npm run package` runs it.

    python3 editors/vscode/scripts/bundle_python.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

VSCODE = Path(__file__).resolve().parents[1]
REPO = VSCODE.parents[1]
LIBS = VSCODE / "bundled" / "libs"
LOCK = VSCODE / "requirements-bundle.txt"
SOURCES = ["pyproject.toml", "README.md", "LICENSE", "pep_lsp"]
PIP = [
    sys.executable,
    "-m",
    "pip",
    "install",
    "--quiet",
    "--disable-pip-version-check",
    "--no-compile",
    "--no-deps",
]


def main() -> None:
    shutil.rmtree(LIBS, ignore_errors=True)
    # As the Python tool extensions do (vscode-python-tools-extension-template's noxfile), but also
    # pinned to the oldest supported Python and to pure-Python wheels whatever Python runs this.
    subprocess.run(
        [
            *PIP,
            "--target",
            str(LIBS),
            "--require-hashes",
            "--only-binary=:all:",
            "--python-version",
            "3.10",
            "--implementation",
            "py",
            "--abi",
            "none",
            "--platform",
            "any",
            "-r",
            str(LOCK),
        ],
        check=True,
    )
    with tempfile.TemporaryDirectory() as staging, tempfile.TemporaryDirectory() as source:
        # Built from a copy of the project files: setuptools builds in the source tree, and a
        # build/ left in the checkout would carry deleted modules into later wheels.
        for name in SOURCES:
            if (REPO / name).is_dir():
                shutil.copytree(
                    REPO / name, Path(source) / name, ignore=shutil.ignore_patterns("__pycache__")
                )
            else:
                shutil.copyfile(REPO / name, Path(source) / name)
        # Installed like any wheel (its package data included); the `pep-lsp` script it adds to
        # bin/ is not bundled: the extension runs the server with a Python of the user's.
        subprocess.run([*PIP, "--target", staging, source], check=True)
        for entry in Path(staging).iterdir():
            if entry.name.startswith("pep_lsp"):
                shutil.move(str(entry), LIBS / entry.name)
    # Console scripts (markdown-it's) would need a Python of their own; the server runs as a module.
    shutil.rmtree(LIBS / "bin", ignore_errors=True)
    for cache in LIBS.rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)
    size = sum(path.stat().st_size for path in LIBS.rglob("*") if path.is_file())
    print(
        f"bundled/libs: {sorted(p.name for p in LIBS.iterdir() if p.suffix != '.dist-info')}, {size / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
