"""What both editor tests share: where the installed editors live, the server command from this
tree, the PEP fixture and what a user must see for it (computed from the fixture and the template,
so a moved line moves the expectation with it)."""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EDITORS = REPO / "editors"
FIXTURE = Path(__file__).parent / "fixtures" / "pep-9001.md"
TEMPLATE = REPO / "pep_lsp" / "templates" / "pep.md"
ARTIFACTS = REPO / "test-artifacts"
CACHE = Path(os.environ.get("PEP_LSP_EDITORS_CACHE", Path.home() / ".cache" / "pep-lsp-editors"))
INSTALL_HINT = "run `bash editors/install-test-deps.sh` (as root, once) to install the editors"

# The Status vocabulary the core issue fixes: Draft and Discussion from the template, the rest PEP 1's.
STATUSES = {
    "Draft",
    "Discussion",
    "Accepted",
    "Rejected",
    "Withdrawn",
    "Deferred",
    "Final",
    "Superseded",
    "Active",
}


def missing_dependency(what: str, request: pytest.FixtureRequest) -> None:
    """Fail when editor tests were asked for (CI, or `-m editors`); skip in a plain `pytest` run."""
    message = f"{what} is missing: {INSTALL_HINT}"
    asked = os.environ.get("CI") or "editors" in (request.config.getoption("markexpr") or "")
    if asked and "not editors" not in (request.config.getoption("markexpr") or ""):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def server_command(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A `pep-lsp` executable that runs the server of *this* tree with the test interpreter,
    whatever else is installed; named like the real one so PATH-style lookups behave the same."""
    bin_dir = tmp_path_factory.mktemp("server-bin")
    script = bin_dir / "pep-lsp"
    script.write_text(
        "#!/bin/sh\n"
        f"PYTHONPATH='{REPO}'${{PYTHONPATH:+:$PYTHONPATH}} exec '{sys.executable}' -m pep_lsp \"$@\"\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return script


@dataclass(frozen=True)
class Expected:
    """A finding as both editors present it: 0-based LSP positions, severity 1..4."""

    code: str
    severity: int
    line: int
    start: int
    end: int
    message: str


def fixture_lines() -> list[str]:
    return FIXTURE.read_text(encoding="utf-8").split("\n")


def line_of(prefix: str) -> int:
    return next(i for i, line in enumerate(fixture_lines()) if line.startswith(prefix))


def expected_findings() -> list[Expected]:
    """The fixture is the complete example PEP with three faults put in: an ISO Created date,
    no Motivation section, and a placeholder in the Abstract. Nothing else may be reported."""
    lines = fixture_lines()
    created = line_of("Created: ")
    abstract = line_of("## Abstract")
    placeholder = next(i for i, line in enumerate(lines) if "[X minutes]" in line)
    column = lines[placeholder].index("[X minutes]")
    return [
        Expected(
            "H206",
            1,
            created,
            len("Created: "),
            len("Created: 2026-08-03"),
            "Created '2026-08-03' is not in the DD-MM-YYYY format: write '03-08-2026'",
        ),
        Expected(
            "S101",
            1,
            abstract,
            len("## "),
            len("## Abstract"),
            "Missing essential section 'Motivation' (it belongs after 'Abstract')",
        ),
        Expected(
            "L102",
            2,
            placeholder,
            column,
            column + len("[X minutes]"),
            "Placeholder [X minutes] left in 'Abstract': replace it with real content",
        ),
    ]


def template_section(title: str) -> str:
    """The template's skeleton for a `##` section: its heading up to the next `##` heading."""
    text = TEMPLATE.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n.*?(?=^## )", text, flags=re.M | re.S)
    assert match, f"template has no section {title!r}"
    return match.group(0)


def expected_after_motivation_fix() -> str:
    """The issue's rule: the skeleton goes after the nearest preceding section (Abstract), before
    the next (Rationale), one blank line around it, every other byte unchanged."""
    text = FIXTURE.read_text(encoding="utf-8")
    at = text.index("\n## Rationale\n") + 1
    return text[:at] + template_section("Motivation") + text[at:]


def heading_tree(text: str | None = None) -> list[tuple[int, str]]:
    """(level, title) of every `##`-`####` heading outside fenced code, in document order
    (of the fixture, or of `text`)."""
    tree, fenced = [], False
    for line in fixture_lines() if text is None else text.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
            continue
        match = re.match(r"^(#{2,4}) (.+?)\s*$", line)
        if match and not fenced:
            tree.append((len(match.group(1)), match.group(2)))
    return tree
