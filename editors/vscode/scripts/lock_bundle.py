"""Pin, with hashes, the Python packages the extension bundles: pep-lsp's dependencies as pip
resolves them for Python 3.10, the oldest supported (where cattrs also needs exceptiongroup and
pep-lsp needs tomli). Run it with a Python 3.10 after changing pyproject.toml's dependencies:

    python3.10 editors/vscode/scripts/lock_bundle.py      # rewrites editors/vscode/requirements-bundle.txt
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

VSCODE = Path(__file__).resolve().parents[1]
REPO = VSCODE.parents[1]
LOCK = VSCODE / "requirements-bundle.txt"
OLDEST = (3, 10)


def resolve() -> list[dict]:
    """pip's own resolution of the checkout (pure-Python wheels only), as its JSON install report."""
    report = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--ignore-installed",
            "--quiet",
            "--only-binary=:all:",
            "--report",
            "-",
            str(REPO),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [item for item in json.loads(report)["install"] if item["metadata"]["name"] != "pep-lsp"]


def main() -> None:
    if sys.version_info[:2] != OLDEST:
        sys.exit(
            f"run this with Python {OLDEST[0]}.{OLDEST[1]} (the oldest supported): markers resolve for the running Python"
        )
    lines = [
        "# The server's dependencies bundled into the .vsix, resolved for Python 3.10 (the oldest",
        "# supported) by editors/vscode/scripts/lock_bundle.py; installed with --require-hashes.",
    ]
    for item in sorted(resolve(), key=lambda item: item["metadata"]["name"].lower()):
        url = item["download_info"]["url"]
        if not url.endswith("-none-any.whl"):
            sys.exit(
                f"{item['metadata']['name']} resolved to {url}: the bundle must stay pure Python"
            )
        digest = item["download_info"]["archive_info"]["hashes"]["sha256"]
        lines.append(
            f"{item['metadata']['name']}=={item['metadata']['version']} \\\n    --hash=sha256:{digest}"
        )
    LOCK.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {LOCK}")


if __name__ == "__main__":
    main()
