"""Regressions from a review: each case once gave a wrong finding or a harmful fix."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pep_lsp.engine.check import check
from tests.conftest import apply_edits, fixture_text

ROOT = Path(__file__).resolve().parents[1]
COMPLETE = fixture_text("complete.md")


def fixes_of(text: str, code: str) -> list[tuple[str, bool]]:
    return [
        (fix.title, fix.safe)
        for f in check(text)
        if f.code == code
        for fix in f.fixes
        if not fix.last_resort
    ]


@pytest.mark.parametrize(
    ("written", "fix"),
    [
        ("Standrad", ("Replace with 'Standard'", True)),  # a typo: fixed unasked
        ("standard", ("Replace with 'Standard'", True)),  # case only
        ("Informatinal", ("Replace with 'Informational'", True)),
    ],
)
def test_typos_in_a_vocabulary_are_safe_fixes(written: str, fix: tuple[str, bool]) -> None:
    assert fixes_of(COMPLETE.replace("Type: Standard", f"Type: {written}"), "H205") == [fix]


@pytest.mark.parametrize(
    ("written", "closest"),
    [("Implemented", "Rejected"), ("Inactive", "Active"), ("Proposed", "Superseded")],
)
def test_a_different_word_is_only_a_suggestion_never_an_automatic_fix(
    written: str, closest: str
) -> None:
    """ "Implemented" was rewritten to "Rejected" by `check --fix` and fix-all on save."""
    assert fixes_of(COMPLETE.replace("Status: Discussion", f"Status: {written}"), "H205") == [
        (f"Replace with '{closest}'", False)
    ]


def test_setting_updated_to_today_and_day_month_guesses_are_not_safe() -> None:
    text = COMPLETE.replace("Updated: 21-09-2026", "Updated: 21-07-2026")
    assert [safe for _, safe in fixes_of(text, "H207")] == [False]
    slashed = COMPLETE.replace("Created: 03-08-2026", "Created: 03/08/2026")
    assert fixes_of(slashed, "H206") == [("Convert to '03-08-2026'", False)]
    iso = COMPLETE.replace("Created: 03-08-2026", "Created: 2026-08-03")
    assert fixes_of(iso, "H206") == [("Convert to '03-08-2026'", True)]


def test_a_readme_with_a_config_block_is_not_a_pep() -> None:
    readme = "# demo\n\n```yaml\nname: demo\nversion: 2\n```\n\n## Installation\n\npip install demo\n\n## Usage\n\nRun it.\n"
    assert check(readme) == []
    bare = readme.replace("```yaml", "```")
    assert check(bare) == []  # one known field among others: a config example, not a header


def test_field_without_a_space_after_the_colon_is_read() -> None:
    text = COMPLETE.replace("Status: Discussion", "Status:Discussion")
    assert [f.code for f in check(text)] == []


def test_a_misspelt_field_is_renamed_not_added_twice() -> None:
    text = COMPLETE.replace("Author:", "Auther:")
    assert [(f.code, f.message) for f in check(text)] == [
        ("H102", "Unknown header field 'Auther'; did you mean 'Author'?")
    ]


def test_header_block_goes_after_a_setext_title() -> None:
    text = (
        "PEP 12: Retry budgets\n=====================\n\n## Abstract\n\nA.\n\n## Motivation\n\nM.\n"
    )
    [finding] = [f for f in check(text) if f.code == "H100"]
    fixed = apply_edits(text, list(finding.fixes[0].edits))
    assert fixed.startswith("PEP 12: Retry budgets\n=====================\n\n```\nPEP: [Number")
    assert [f.code for f in check(fixed) if f.code == "H100"] == []


def test_a_missing_section_goes_before_the_rule_that_closes_the_previous_one() -> None:
    text = fixture_text("draft.md")
    [finding] = [f for f in check(text) if f.code == "S101" and f.subject == "Internal Documents"]
    fixed = apply_edits(text, list(finding.fixes[0].edits))
    lines = fixed.split("\n")
    inserted = lines.index("### Internal Documents")
    rule = next(i for i in range(inserted, len(lines)) if lines[i] == "---")
    assert lines.index("## Author Instructions") > rule > inserted


def test_a_finished_pep_without_appendices_is_only_hinted() -> None:
    block = COMPLETE[COMPLETE.index("## Appendices") :]
    block = block[: block.index("\n## ", 1) + 1] if "\n## " in block[1:] else block
    text = COMPLETE.replace(block, "")
    assert [(f.code, f.severity.label) for f in check(text) if f.subject == "Appendices"] == [
        ("S101", "hint")
    ]


def test_link_destinations_are_not_words() -> None:
    from pep_lsp.model.document import Document
    from pep_lsp.template import default_schema

    text = COMPLETE.replace(
        "## Motivation",
        "See [the RFC](https://datatracker.ietf.org/doc/html/rfc9110) now.\n\n## Motivation",
        1,
    )
    model = Document(text, default_schema()).model
    abstract = next(s for s in model.sections if s.title == "Abstract")
    before = Document(COMPLETE, default_schema()).model
    assert (
        model.words_in(abstract)
        - before.words_in(next(s for s in before.sections if s.title == "Abstract"))
        == 4
    )


def test_the_cli_reads_past_a_byte_order_mark_and_keeps_it_when_fixing(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    body = COMPLETE.split("\n", 2)[2].replace(
        "Type: Standard", "Type: standard"
    )  # no title: the fence is first
    path.write_bytes(b"\xef\xbb\xbf" + body.encode())
    result = subprocess.run(
        [sys.executable, "-m", "pep_lsp", "check", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert [line.split(": ", 1)[1].split(" ")[1] for line in result.stdout.splitlines()[:-1]] == [
        "H205"
    ]
    subprocess.run(
        [sys.executable, "-m", "pep_lsp", "check", "--fix", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert (
        path.read_bytes()
        == b"\xef\xbb\xbf" + body.replace("Type: standard", "Type: Standard").encode()
    )


def test_the_suppress_fix_keeps_a_paragraph_whole() -> None:
    """The comment used to land inside the paragraph, splitting it in two when rendered."""
    from markdown_it import MarkdownIt

    paragraph = "Deploys take about five minutes per\nservice and [X weeks/months] more on retry."
    text = COMPLETE.replace("## Timeline\n", "## Timeline\n\n" + paragraph + "\n", 1)
    [finding] = [f for f in check(text) if f.code == "L102"]
    suppress = next(fix for fix in finding.fixes if fix.last_resort)
    fixed = apply_edits(text, list(suppress.edits))
    assert "<!-- pep-lsp-disable-next-line L102 -->\n" + paragraph in fixed
    assert [f.code for f in check(fixed)] == []
    render = MarkdownIt("commonmark").enable("table").render
    assert render(fixed).replace("<!-- pep-lsp-disable-next-line L102 -->\n", "") == render(text)
