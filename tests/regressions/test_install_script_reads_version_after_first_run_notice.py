"""editors/install-test-deps.sh must find code-server's version behind its first-run notice.

On a machine where code-server has never run, ``code-server --version`` first prints
``[…] info  Wrote default config file to ~/.config/code-server/config.yaml`` and only then the
version; taking the first line made a fresh machine conclude "code-server does not run".
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "editors" / "install-test-deps.sh"


def _version_of(tmp_path: Path, output: str) -> str:
    definition = re.search(r"^version_of\(\) \{.*\}", SCRIPT.read_text(), re.MULTILINE)
    assert definition, "install-test-deps.sh defines version_of on one line"
    fake = tmp_path / "fake-tool"
    fake.write_text(f"#!/bin/sh\nprintf '%s' '{output}'\n")
    fake.chmod(0o755)
    script = f'set -euo pipefail\n{definition.group(0)}\nversion_of "{fake}"\n'
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True).stdout


def test_first_run_notice_before_the_version(tmp_path: Path) -> None:
    output = (
        "[2026-12-03T07:00:00.000Z] info  Wrote default config file to "
        "/root/.config/code-server/config.yaml\n"
        "4.99.4 6f3f9b5e9ddc3de7ac23d6c5ea5bc8e4 with Code 1.99.3\n"
    )
    assert _version_of(tmp_path, output) == (
        "4.99.4 6f3f9b5e9ddc3de7ac23d6c5ea5bc8e4 with Code 1.99.3\n"
    )


def test_neovim_and_chromium_versions(tmp_path: Path) -> None:
    assert _version_of(tmp_path, "NVIM v0.11.2\nBuild type: Release\n") == "NVIM v0.11.2\n"
    assert _version_of(tmp_path, "Chromium 156.0.8078.73 built on Debian\n") == (
        "Chromium 156.0.8078.73 built on Debian\n"
    )
