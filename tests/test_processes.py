"""Issue 14's "Done when", on real documents of two processes whose templates are used
unmodified (tests/data/processes: the EIP and the Rust RFC process, with a few lines of
configuration each)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pep_lsp.config import resolve
from pep_lsp.engine.check import Settings, check
from pep_lsp.findings import Finding, Severity
from pep_lsp.text import Span

PROCESSES = Path(__file__).parent / "data" / "processes"
EIPS = PROCESSES / "eips" / "EIPS"
RFCS = PROCESSES / "rfcs" / "text"


def settings_for(path: Path) -> Settings:
    resolved = resolve(path)
    assert resolved.problems == ()
    return resolved.settings


def findings(path: Path, text: str | None = None) -> list[Finding]:
    return check(path.read_text() if text is None else text, settings_for(path))


def serious(found: list[Finding]) -> list[tuple[int, str, str]]:
    return [
        (f.span.start.line + 1, f.code, f.message)
        for f in found
        if f.severity in (Severity.ERROR, Severity.WARNING)
    ]


@pytest.mark.parametrize(
    "path", [EIPS / "eip-712.md", RFCS / "2359-subslice-pattern-syntax.md"], ids=lambda p: p.name
)
def test_clean_accepted_documents_get_no_error_warning_or_leftover(path: Path) -> None:
    found = findings(path)
    assert serious(found) == []
    assert [f for f in found if f.code.startswith(("L", "H1"))] == []


def test_a_final_eip_without_security_considerations_gets_an_error_and_motivation_none() -> None:
    text = (EIPS / "eip-712.md").read_text()
    start = text.index("## Security Considerations")
    end = text.index("## Copyright")
    without = findings(EIPS / "eip-712.md", text[:start] + text[end:])
    assert serious(without) == [
        (
            345,
            "S101",
            "Missing essential section 'Security Considerations' (it belongs after 'Test Cases')",
        )
    ]
    assert [f.severity for f in without if f.code == "S101"] == [Severity.ERROR]
    start = text.index("## Motivation")
    end = text.index("## Specification")
    assert [
        f for f in findings(EIPS / "eip-712.md", text[:start] + text[end:]) if f.code == "S101"
    ] == []


def test_an_accepted_rfc_without_motivation_gets_at_least_a_warning() -> None:
    path = RFCS / "2359-subslice-pattern-syntax.md"
    text = path.read_text()
    start = text.index("## Motivation")
    end = text.index("## Guide-level explanation")
    missing = [f for f in findings(path, text[:start] + text[end:]) if f.code == "S101"]
    assert [(f.severity, f.message) for f in missing] == [
        (Severity.ERROR, "Missing essential section 'Motivation' (it belongs after 'Summary')")
    ]


def test_the_eip_template_as_a_new_document_has_leftovers_in_most_sections() -> None:
    template = (PROCESSES / "eips" / "eip-template.md").read_text()
    document = EIPS / "eip-9999.md"
    found = findings(document, template)
    sections = {
        f.message.split(" left in ")[1].split(":")[0] for f in found if f.code in ("L101", "L102")
    }
    assert len(sections) >= 9  # ten sections, the Copyright line is kept text


def test_the_rfc_template_as_a_new_document_has_leftovers_in_every_section() -> None:
    template = (PROCESSES / "rfcs" / "0000-template.md").read_text()
    found = findings(RFCS / "9999-new.md", template)
    sections = {f.message.split(" left in ")[1].split(":")[0] for f in found if f.code == "L101"}
    assert len(sections) == 9


def test_real_leftovers_on_their_lines() -> None:
    assert [(line, code) for line, code, _ in serious(findings(EIPS / "eip-7685.md"))] == [
        (130, "L102"),
        (138, "L102"),
    ]
    stagnant = [
        (f.span.start.line + 1, f.span.end.line + 1, f.code)
        for f in findings(EIPS / "eip-7612.md")
        if f.code.startswith("L")
    ]
    assert (158, 165, "L101") in stagnant and (173, 179, "L101") in stagnant
    assert [
        (f.span.start.line + 1, f.code)
        for f in findings(RFCS / "2912-rust-analyzer.md")
        if f.code.startswith(("L", "H1"))
    ] == [(1, "H106")]  # a required field: an error in every status
    assert [
        (f.span.start.line + 1, f.code)
        for f in findings(RFCS / "3849-Project-Goals-2025h2.md")
        if f.code.startswith(("L", "H1"))
    ] == [(2, "H106")]


def test_stubs_and_the_repositorys_own_markdown_get_nothing() -> None:
    assert findings(EIPS / "eip-1046.md") == []
    assert findings(PROCESSES / "eips" / "LICENSE.md") == []


def test_a_near_miss_heading_is_suggested_with_a_rename() -> None:
    path = RFCS / "3722-explicit-extern-abis.md"
    [near] = [f for f in findings(path) if "did you mean" in f.message]
    assert near.message == (
        "Missing section 'Guide-level explanation': did you mean 'Guilde-level explanation' (line 55)?"
    )
    assert [fix.title for fix in near.fixes][0] == "Rename the heading to 'Guide-level explanation'"


def test_headings_are_matched_loosely() -> None:
    text = (RFCS / "2359-subslice-pattern-syntax.md").read_text()
    found = findings(
        RFCS / "2359-subslice-pattern-syntax.md",
        text.replace("## Guide-level explanation", "## guide level Explanation"),
    )
    assert [f for f in found if f.code.startswith("S1")] == []


def test_hover_shows_what_the_template_says_beside_a_field_and_under_a_heading() -> None:
    from pep_lsp.features.hover import hover
    from pep_lsp.model.document import Document
    from pep_lsp.text import Pos

    path = EIPS / "eip-712.md"
    model = Document(path.read_text(), settings_for(path).schema()).model
    lines = model.lines
    category = next(n for n, line in enumerate(lines) if line.startswith("category:"))
    field = hover(model, Pos(category, 2))
    assert field is not None
    assert field.markdown.split("\n\n")[2:4] == [
        "Conditional.",
        "The template says: Only required for Standards Track. Otherwise, remove this field.",
    ]
    heading = next(n for n, line in enumerate(lines) if line == "## Test Cases")
    section = hover(model, Pos(heading, 5))
    assert section is not None
    assert (
        section.markdown.split("\n\n")[1] == "Optional: This section is optional for non-Core EIPs."
    )


def test_hover_on_the_first_and_last_line_of_a_bullet_header() -> None:
    from pep_lsp.features.hover import hover
    from pep_lsp.model.document import Document
    from pep_lsp.text import Pos

    path = RFCS / "2359-subslice-pattern-syntax.md"
    model = Document(path.read_text(), settings_for(path).schema()).model
    first, last = hover(model, Pos(0, 4)), hover(model, Pos(3, 4))
    assert first is not None and last is not None
    assert first.markdown.startswith("**Feature Name**: header field 1 of 5")
    assert last.markdown == (
        "**Rust Issue**: header field 4 of 5\n\nText.\n\nOptional.\n\n"
        "Template: `[rust-lang/rust#0000](https://github.com/rust-lang/rust/issues/0000)`"
    )


def test_without_a_header_a_title_in_the_templates_form_makes_a_proposal(tmp_path: Path) -> None:
    (tmp_path / "template.md").write_text(
        "# KEP-NNNN: Your short, descriptive title\n\n## Summary\n\n"
        "<!--\nThis section is incredibly important for producing high-quality documentation.\n-->\n"
        "\n## Motivation\n\n<!--\nThis section is for explicitly listing the motivation.\n-->\n"
    )
    (tmp_path / "pep-lsp.toml").write_text("template = 'template.md'\n")
    proposal = "# KEP-1287: In-place updates\n\n## Summary\n\nIt updates in place.\n"
    found = findings(tmp_path / "keps" / "1287.md", proposal)
    assert [(f.code, f.message) for f in found] == [
        ("S101", "Missing section 'Motivation' (it belongs after 'Summary')")
    ]
    assert findings(tmp_path / "notes.md", "# Notes\n\n## Summary\n\nText.\n") == []


PROCESS_SNIPPETS = [
    "---\n",
    "title: x\n",
    "status: Final\n",
    "- Feature Name: x\n",
    "* Start Date: 2026-12-03\n",
    "<!--",
    "-->",
    "  TODO: Remove this comment before submitting\n",
    "TBD",
    "Needs discussion.\n",
    "(fill me in with today's date, YYYY-MM-DD)",
    "Why should we *not* do this?\n",
    "## Motivation\n",
    "## Guilde-level explanation\n",
    "\n\n",
    "\r\n",
    "x",
    "```\n",
    "",
]


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize(
    "template",
    [PROCESSES / "eips" / "eip-template.md", PROCESSES / "rfcs" / "0000-template.md"],
    ids=lambda p: p.parent.name,
)
def test_random_edits_of_a_process_template_equal_a_fresh_check(template: Path, seed: int) -> None:
    import random

    from pep_lsp.engine.check import Checker, check_model
    from pep_lsp.model.document import Document
    from pep_lsp.text import Pos

    settings = settings_for(template.parent / "x.md")
    schema = settings.schema()
    rng = random.Random(seed)
    document = Document(template.read_text(), schema)
    checker = Checker(settings)
    for _ in range(40):
        lines = document.lines
        line = rng.randrange(len(lines))
        start = Pos(line, rng.randint(0, len(lines[line])))
        end_line = min(len(lines) - 1, line + rng.choice([0, 0, 1, 3]))
        end = Pos(end_line, rng.randint(start.col if end_line == line else 0, len(lines[end_line])))
        document.replace(start, end, rng.choice(PROCESS_SNIPPETS))
        incremental = [(f.code, f.span, f.message, f.severity) for f in checker.run(document.model)]
        fresh = [
            (f.code, f.span, f.message, f.severity)
            for f in check_model(Document(document.text, schema).model, settings)
        ]
        assert incremental == fresh


def test_quoted_yaml_values_and_comments_are_read_as_values() -> None:
    from pep_lsp.model.document import Document

    path = EIPS / "eip-712.md"
    text = path.read_text().replace(
        "title: Typed structured data hashing and signing",
        'title: "eth/712: typed data" # quoted, with a colon',
    )
    model = Document(text, settings_for(path).schema()).model
    assert model.header is not None
    title = model.header.get("title")
    assert title is not None
    assert (title.value, title.value_span) == ("eth/712: typed data", Span.on_line(2, 8, 27))
    assert serious(findings(path, text)) == []


def test_values_are_compared_as_read_without_emphasis() -> None:
    path = EIPS / "eip-712.md"
    text = path.read_text()
    emphasised = text.replace("type: Standards Track", "type: **Standards Track**")
    assert [f for f in findings(path, emphasised) if f.code == "H205"] == []
    misspelt = text.replace("type: Standards Track", "type: Standard Track")
    assert [f.message for f in findings(path, misspelt) if f.code == "H205"] == [
        "type 'Standard Track' is not one of Standards Track, Meta, Informational; "
        "did you mean 'Standards Track'?"
    ]
