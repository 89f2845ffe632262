"""Only PEPs are linted (issue 12 item 5): a document is a PEP when it says so (the template's
header block, a `# PEP 12: ...` title, a `pep-0012.md` name, a configured `include` pattern);
other Markdown, however many of the template's sections it has, gets nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pep_lsp.cli import main
from pep_lsp.engine.check import check
from pep_lsp.model.document import Document
from pep_lsp.model.header import named_as_pep, titled_as_pep
from pep_lsp.template import default_schema
from pep_lsp.text import Span

ROOT = Path(__file__).resolve().parents[1]
NOT_PEPS = ROOT / "tests" / "data" / "not-peps"

DESIGN_NOTE = """# Caching design

## Motivation

Reads are slow.

## Alternatives Considered

A bigger database.

## Abstract

We cache.
"""
SECTIONS_ONLY = "## Abstract\n\nWe cache.\n\n## Motivation\n\nReads are slow.\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_real_markdown_of_other_processes_gets_nothing_with_the_default_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(NOT_PEPS, tmp_path / "repo")  # no configuration file above it
    monkeypatch.chdir(tmp_path / "repo")
    assert sorted(p.name for p in Path(".").rglob("*.md")) == [
        "0016-more-attributes.md",
        "2582-raw-reference-mir-operator.md",
        "CONTRIBUTING.md",
        "LICENSE.md",
        "README.md",
        "README.md",
        "eip-1046.md",
        "eip-1153.md",
        "eip-4844.md",
    ]
    assert run(capsys, ".") == (0, "No problems in 9 files (0 PEPs).\n", "")
    for path in Path(".").rglob("*.md"):
        assert check(path.read_text(encoding="utf-8")) == [], path


def test_a_design_note_with_template_sections_is_not_a_pep() -> None:
    assert check(DESIGN_NOTE) == []
    model = Document(DESIGN_NOTE, default_schema()).model
    assert not model.is_pep


def test_a_title_in_the_templates_form_makes_a_pep_and_its_missing_header_is_reported() -> None:
    text = "# PEP 9001: Faster caching\n\n" + SECTIONS_ONLY
    assert [(f.code, f.span) for f in check(text) if f.code == "H100"] == [
        ("H100", Span.on_line(0, 0, 26))
    ]


@pytest.mark.parametrize(
    ("title", "is_pep"),
    [
        ("PEP 12: Faster caching", True),
        ("PEP-12 - Faster caching", True),
        ("pep 0012", True),
        ("PEP 8 style notes", False),
        ("PEPs 12: notes", False),
        ("Caching design", False),
    ],
)
def test_the_title_form_comes_from_the_templates_number_field(title: str, is_pep: bool) -> None:
    assert titled_as_pep(title, default_schema()) is is_pep


@pytest.mark.parametrize(
    ("name", "is_pep"),
    [
        ("pep-0012.md", True),
        ("pep_12.md", True),
        ("PEP-0012-caching.md", True),
        ("pep12.markdown", True),
        ("pep-0012.txt", False),
        ("peps.md", False),
        ("pep-draft.md", False),
        ("prepep-12.md", False),
    ],
)
def test_the_file_name_form_comes_from_the_templates_number_field(name: str, is_pep: bool) -> None:
    assert named_as_pep(name, default_schema()) is is_pep


def test_a_pep_file_name_claims_the_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("pep-0012.md").write_text(SECTIONS_ONLY)
    Path("notes.md").write_text(SECTIONS_ONLY)
    code, out, _ = run(capsys, "--select", "H100", ".")
    assert (code, out.splitlines()) == (
        1,
        [
            "pep-0012.md:1:1: error H100 Missing header block: add a fenced block of 'Field: value' lines (PEP, Title, Author, Status, ...) after the title",
            "Found 1 problem (1 error) in 1 of 2 files.",
        ],
    )


def test_a_configured_include_pattern_claims_the_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("proposals").mkdir()
    Path("proposals/caching.md").write_text(SECTIONS_ONLY)
    Path("notes.md").write_text(SECTIONS_ONLY)
    Path("pep-lsp.toml").write_text("include = ['proposals/*.md']\nselect = ['H100']\n")
    code, out, _ = run(capsys, ".")
    assert (code, [line.split(":")[0] for line in out.splitlines()]) == (
        1,
        ["proposals/caching.md", "Found 1 problem (1 error) in 1 file."],
    )
    # The default include (every Markdown file) claims nothing.
    Path("pep-lsp.toml").write_text("select = ['H100']\n")
    assert run(capsys, ".")[:2] == (0, "No problems in 2 files (0 PEPs).\n")
