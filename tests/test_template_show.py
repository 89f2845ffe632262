"""Issue 14: `pep-lsp template show [PATH]` prints what was derived, as text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pep_lsp.cli import main

PROCESSES = Path(__file__).parent / "data" / "processes"


def test_text_shows_fields_sections_priorities_and_conventions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["template", "show", str(PROCESSES / "eips" / "eip-template.md")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:5] == [
        "Header: front-matter (YAML front matter between '---' lines)",
        "Instructions: HTML comments, 23 lines",
        "Placeholders: 8 bracketed (<…>), 3 literal",
        "Examples: 0 code blocks, 0 table rows, 0 checklist items, 0 links",
    ]
    assert "  type: choice, required; Standards Track | Meta | Informational" in out
    assert "  eip: number, required; from the configuration" in out
    assert (
        "  ## Security Considerations: essential; if missing: error; placeholder Needs discussion."
        in out
    )
    assert (
        "  ## Test Cases: optional (This section is optional for non-Core EIPs.); if missing: none"
        in out
    )
    assert out[-1].startswith(
        "Statuses (status): Draft (draft), Review (review), Last Call (review)"
    )


def test_json_for_the_configured_template_of_a_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "show", str(PROCESSES / "rfcs" / "text"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["version"] == 1
    assert data["template"] == str((PROCESSES / "rfcs" / "0000-template.md").resolve())
    assert data["header"] == {"form": "bullets", "statusField": None}
    assert [(f["name"], f["kind"], f["presence"], f["blankNumber"]) for f in data["fields"]] == [
        ("Feature Name", "text", "required", False),
        ("Start Date", "date", "required", False),
        ("RFC PR", "text", "required", True),
        ("Rust Issue", "text", "optional", True),  # the configuration: newer RFCs say
        ("Tracking Issue", "text", "optional", False),  # "Tracking Issue" instead
    ]
    motivation = next(s for s in data["sections"] if s["title"] == "Motivation")
    assert (motivation["priority"], motivation["ifMissing"]) == ("essential", "error")
    assert data["instructions"]["style"] == "prose"
    assert data["placeholders"]["delimiters"] == ["(…)"]


def test_bundled_template_without_configuration(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["template", "show"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Template: pep_lsp/templates/pep.md"
    assert out[1] == "Header: fence (a fenced block of 'Field: value' lines)"
    assert "  ## Abstract: essential; if missing: error; at most 300 words" in out
    assert "  #### New APIs: if missing: none" in out
    assert (
        "  PEP: number, required; placeholder [Number - assigned by core team, leave blank for draft]"
        in out
    )


def test_an_unusable_template_is_one_clear_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "flat.md").write_text("# Flat\n\nNo sections at all.\n")
    (tmp_path / "pep-lsp.toml").write_text("template = 'flat.md'\n")
    (tmp_path / "doc.md").write_text("# PEP 1: Faster caching\n\n## Abstract\n\nText.\n")
    assert main(["template", "show", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"pep-lsp: {tmp_path.resolve() / 'pep-lsp.toml'}:1: template 'flat.md' cannot be used: "
        "no '##' sections found (no document is checked until the template is fixed)\n"
    )
    assert main(["check", str(tmp_path / "doc.md")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"pep-lsp: {tmp_path.resolve() / 'pep-lsp.toml'}:1: template 'flat.md' cannot be used: "
        "no '##' sections found\n"
    )


def test_a_template_without_a_header(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    template = tmp_path / "template.md"
    template.write_text(
        "# KEP-NNNN: Your short, descriptive title\n\n## Summary\n\n"
        "<!--\nThis section is incredibly important for producing high-quality documentation.\n-->\n"
        "\n### User Stories (Optional)\n\nStory.\n\n"
        "<<[UNRESOLVED optional short context or usernames ]>>\nStuff.\n<<[/UNRESOLVED]>>\n"
    )
    assert main(["template", "show", str(template)]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "Header: none (no header: header rules do not apply)",
        "Instructions: HTML comments, 1 line",
        "Placeholders: 2 bracketed (<<[…]>>), 0 literal, keywords UNRESOLVED",
        "Examples: 0 code blocks, 0 table rows, 0 checklist items, 0 links",
        "Fields (0):",
        "Sections (2):",
        "  ## Summary: if missing: information",
        "  ### User Stories (Optional): optional; if missing: none",
    ]
