"""`pep-lsp index` (Markdown, JSON, --check) and `pep-lsp new`."""

from __future__ import annotations

import argparse
import datetime
import io
import json
from pathlib import Path

import pytest

from pep_lsp.cli import main
from pep_lsp.cli.index import run_new


def pep(
    number: int,
    title: str,
    status: str,
    kind: str = "Standard",
    author: str = "Ann Lee <ann@example.org>",
) -> str:
    return f"```\nPEP: {number}\nTitle: {title}\nAuthor: {author}\nStatus: {status}\nType: {kind}\n```\n\n## Abstract\n\nText.\n"


@pytest.fixture
def peps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pep-0002.md").write_text(
        pep(2, "Logging | tracing", "Draft", "Process"), encoding="utf-8"
    )
    (tmp_path / "pep-0001.md").write_text(
        pep(1, "Caching", "Final", author="Ann Lee <ann@example.org>, Bo Chen <bo@example.org>"),
        encoding="utf-8",
    )
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pep-0010.md").write_text(
        pep(10, "Metrics", "Final", "Informational"), encoding="utf-8"
    )
    (tmp_path / "README.md").write_text("# Not a proposal\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


EXPECTED = """# Index of PEPs

## Draft

| PEP | Title | Type | Authors |
|---|---|---|---|
| 2 | [Logging \\| tracing](pep-0002.md) | Process | Ann Lee |

## Final

| PEP | Title | Type | Authors |
|---|---|---|---|
| 1 | [Caching](pep-0001.md) | Standard | Ann Lee, Bo Chen |
| 10 | [Metrics](sub/pep-0010.md) | Informational | Ann Lee |
"""


def test_index_markdown_grouped_by_status(peps: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index"]) == 0
    assert capsys.readouterr().out == EXPECTED


def test_index_json(peps: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [
        (p["number"], p["title"], p["status"], p["stage"], p["type"], p["authors"], p["link"])
        for p in data["proposals"]
    ] == [
        (
            1,
            "Caching",
            "Final",
            "final",
            "Standard",
            ["Ann Lee <ann@example.org>", "Bo Chen <bo@example.org>"],
            "pep-0001.md",
        ),
        (
            2,
            "Logging | tracing",
            "Draft",
            "draft",
            "Process",
            ["Ann Lee <ann@example.org>"],
            "pep-0002.md",
        ),
        (
            10,
            "Metrics",
            "Final",
            "final",
            "Informational",
            ["Ann Lee <ann@example.org>"],
            "sub/pep-0010.md",
        ),
    ]


def test_index_check_fails_when_stale(peps: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (peps / "docs").mkdir()
    assert main(["index", "-o", "docs/INDEX.md"]) == 0
    assert (peps / "docs" / "INDEX.md").read_text(encoding="utf-8") == EXPECTED.replace(
        "](", "](../"
    )
    assert main(["index", "--check", "docs/INDEX.md"]) == 0
    (peps / "pep-0002.md").write_text(pep(2, "Logging", "Accepted", "Process"), encoding="utf-8")
    assert main(["index", "--check", "docs/INDEX.md"]) == 1
    assert (
        capsys.readouterr().err
        == "pep-lsp: docs/INDEX.md is stale: run `pep-lsp index -o docs/INDEX.md` to update it\n"
    )


def test_new_creates_the_next_proposal_from_the_template(peps: Path) -> None:
    out = io.StringIO()
    args = argparse.Namespace(title="Caching layer v2", dir=str(peps))
    status = run_new(
        args, out, today=datetime.date(2026, 9, 3), author=lambda folder: "Cy Dee <cy@example.org>"
    )
    assert status == 0
    path = peps / "pep-0011-caching-layer-v2.md"
    assert out.getvalue() == f"{path}\n"
    text = path.read_text(encoding="utf-8")
    bundled = (Path(__file__).resolve().parents[1] / "pep_lsp" / "templates" / "pep.md").read_text(
        encoding="utf-8"
    )
    assert text.split("\n")[:11] == [
        "# PEP 11: Caching layer v2",
        "",
        "```",
        "PEP: 11",
        "Title: Caching layer v2",
        "Author: Cy Dee <cy@example.org>",
        "Status: Draft",
        "Type: [Standard | Informational | Process]",
        "Created: 03-09-2026",
        "Updated: 03-09-2026",
        "Version: 0.1",
    ]
    assert text.split("\n")[11:] == bundled.split("\n")[11:]  # the rest is the template as written
    # The next one takes the number after it; an existing file is never overwritten.
    assert (
        run_new(
            argparse.Namespace(title="", dir=str(peps)), io.StringIO(), author=lambda folder: None
        )
        == 0
    )
    assert (peps / "pep-0012.md").read_text(encoding="utf-8").split("\n")[:6] == [
        "# PEP 12",
        "",
        "```",
        "PEP: 12",
        "Title: [Clear, descriptive title (50 characters or less)]",
        "Author: [Author Name <email@domain.com>, Co-Author Name <email@domain.com>]",
    ]


def test_check_runs_the_cross_file_rules_over_the_paths_given(
    peps: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (peps / "pep-0003.md").write_text(
        pep(3, "Tracing", "Draft")
        + "\nAfter PEP 1 and PEP 4; see [it](pep-0001.md#abstract) and [x](#nope).\n",
        encoding="utf-8",
    )
    (peps / "sub" / "pep-0001.md").write_text(pep(1, "Copy", "Draft"), encoding="utf-8")
    assert main(["check", "--select", "X", "."]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "pep-0001.md:2:6: error X101 PEP 1 is also the number of sub/pep-0001.md (Copy)",
        "pep-0003.md:13:17: information X102 No proposal in the workspace is PEP 4",
        "pep-0003.md:13:63: information X104 No heading or anchor '#nope' in this document",
        "sub/pep-0001.md:2:6: error X101 PEP 1 is also the number of ../pep-0001.md (Caching)",
        "Found 4 problems (2 errors, 2 information) in 3 of 6 files.",
    ]
    # One file named: its folder is its workspace (sub/ is not read: no duplicate).
    assert main(["check", "--select", "X", "pep-0001.md"]) == 0
