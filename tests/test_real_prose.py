"""Real prose keeps its brackets: a placeholder is what the template uses as one (issue 12 item 4).

Each construct below was reported as a template placeholder (or a section) on a finished PEP.
Each is put into an otherwise clean, Accepted PEP, where any leftover is an error: the document
must come out with no finding at all. The raw template must still get one on every leftover.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pep_lsp.engine.check import check
from pep_lsp.findings import Severity
from pep_lsp.template import INSTRUCTION_LINE, PLACEHOLDER
from pep_lsp.text import Span
from tests.test_rules import CLEAN, line_of

DATA = Path(__file__).parent / "data"
ACCEPTED = CLEAN.replace("Status: Discussion", "Status: Accepted")
SPOT = "We describe specification here in plain words."


def in_specification(prose: str) -> str:
    assert SPOT in ACCEPTED
    return ACCEPTED.replace(SPOT, prose)


def rfc_excerpt(name: str) -> str:
    return (DATA / "rfcs" / name).read_text(encoding="utf-8")


CONSTRUCTS = {
    "citations": "Calldata dominates block size [1], as measured in [2, 3].",
    "indexing": "The first sample is x[0] and its mean is mu_s[0]; rows are m[i][j].",
    "cli syntax": "Run it as `pep-lsp check` [--fix] [--format FORMAT] PATH.",
    "wip tag": "The draft was first posted as [WIP] Faster search on the forum.",
    "github alert": "> [!NOTE]\n> Caches are kept per process.",
    "brackets in link text": "See [[Pitch] Faster search](https://discuss.corp.test/t/123) and [[Name] notes][n].\n\n[n]: https://corp.test/n",
    "wrapped code span": "The field is written `value:\n[Date]` in the schema, and `a[\nb]` is its index.",
    "italic figure caption": "*Figure 2: Gas used per block over the interval [300, 600].*",
    "intervals": "Peers accept sizes in [300, 600] and [100, 300] bytes, or [block.number-`N`, block.number-1].",
    "status tag in a heading": "Phase one is done.\n\n#### Phase 1 [COMPLETED]\n\nPhase two follows.",
    "reference link without definition": "As in [EIP-90], peers negotiate [chain] first.",
    "reference defined in a list item": "See [Description] for details.\n\n- [Description]: https://corp.test/desc",
    "elision in a quotation": "> We were somewhat ambivalent.\n> [...]\n> We realize the window was short.",
    "rfc 0982 wrapped code span": rfc_excerpt("0982-dst-coercion-excerpt.md"),
    "rfc 3874 github alert": rfc_excerpt("3874-build-std-always-excerpt.md"),
}


@pytest.mark.parametrize("name", sorted(CONSTRUCTS))
def test_real_prose_construct_gets_no_finding(name: str) -> None:
    text = in_specification(CONSTRUCTS[name])
    assert [(f.code, f.span.start.line, f.message) for f in check(text)] == []


def test_a_tag_in_a_header_value_is_not_a_placeholder() -> None:
    text = ACCEPTED.replace("Title: Tidy logs", "Title: [WIP] Tidy logs")
    assert [(f.code, f.message) for f in check(text) if f.code.startswith("L")] == []


def test_a_bracketed_whole_header_value_is_still_a_placeholder() -> None:
    text = ACCEPTED.replace("Updated: 02-09-2026", "Updated: [To be decided]")
    line = line_of(text, "Updated:")
    # Past Draft a header placeholder is H106 (issue 12 item 6), which L102 leaves to it.
    assert [(f.code, f.message, f.span) for f in check(text) if f.code in ("L102", "H106")] == [
        (
            "H106",
            "Header field 'Updated' still holds the template's placeholder [To be decided]: write the real value",
            Span.on_line(line, 9, 24),
        ),
    ]


def test_a_status_tag_on_a_template_heading_keeps_it_the_template_section() -> None:
    text = ACCEPTED.replace("## Implementation\n", "## Implementation [COMPLETED]\n").replace(
        "### Testing Strategy\n", "### [WIP] Testing Strategy\n"
    )
    assert [(f.code, f.message) for f in check(text)] == []


def test_a_heading_quoted_in_a_blockquote_is_not_a_section() -> None:
    quoted = "The earlier proposal argued:\n\n> ## Rationale\n>\n> Speed matters most."
    text = ACCEPTED.replace("We describe motivation here in plain words.", quoted)
    assert [(f.code, f.message) for f in check(text)] == []
    # Quoting it does not stand in for the document's own section either.
    without_own = text.replace("## Rationale\n\nWe describe rationale here in plain words.\n", "")
    assert [(f.code, f.message) for f in check(without_own)] == [
        ("S101", "Missing important section 'Rationale' (it belongs after 'Motivation')"),
    ]


PLACEHOLDERS_STILL_FOUND = {
    "exact text": ("Ship by [Date].", "[Date]", 8),
    "other case and spacing": ("Owned by [ name ].", "[ name ]", 9),
    "another number": ("- **[Metric 7]**: measured weekly", "[Metric 7]", 4),
    "another date format": ("Released on [YYYY/MM/DD].", "[YYYY/MM/DD]", 12),
    "ellipsis": ("Cons: [...]", "[...]", 6),
    "a quantity variable with another unit": ("Deploys take [X minutes].", "[X minutes]", 13),
    "in a table cell": ("| Milestone | Date |\n|---|---|\n| Beta | [Date] |", "[Date]", 9),
}


@pytest.mark.parametrize("name", sorted(PLACEHOLDERS_STILL_FOUND))
def test_template_placeholders_are_still_found(name: str) -> None:
    prose, placeholder, col = PLACEHOLDERS_STILL_FOUND[name]
    text = in_specification(prose)
    line = line_of(text, placeholder)
    assert [(f.code, f.message, f.span, f.severity) for f in check(text)] == [
        (
            "L102",
            f"Placeholder {placeholder} left in 'Specification': replace it with real content",
            Span.on_line(line, col, col + len(placeholder)),
            Severity.ERROR,
        ),
    ]


def test_the_raw_template_gets_a_placeholder_finding_on_every_bracket_it_writes() -> None:
    """Every `[...]` outside code, instruction lines and the Author Instructions, header included."""
    template = (Path(__file__).parents[1] / "pep_lsp" / "templates" / "pep.md").read_text(
        encoding="utf-8"
    )
    lines = template.split("\n")
    fence_lines = [number for number, line in enumerate(lines) if line.startswith("```")]
    # The first fenced block is the header, whose values are checked; the others are code.
    code = {
        n for start, end in zip(fence_lines[2::2], fence_lines[3::2]) for n in range(start, end + 1)
    }
    end = line_of(template, "## Author Instructions")
    expected = [
        Span.on_line(number, m.start(), m.end())
        for number, line in enumerate(lines[:end])
        if number not in code and not INSTRUCTION_LINE.match(line)
        for m in PLACEHOLDER.finditer(line)
    ]
    found = [
        f.span for f in check(template) if f.code in ("L102", "H106")
    ]  # H106: Title, Author, Type, Created
    assert len(expected) == 84
    assert found == expected


REALPROSE = sorted((DATA / "realprose").glob("pep-*.md"))


def test_the_real_prose_set_is_all_there() -> None:
    assert len(REALPROSE) == 20


@pytest.mark.parametrize("path", REALPROSE, ids=lambda p: p.name[:9])
def test_a_finished_real_prose_pep_gets_no_leftover_section_error_or_warning(path: Path) -> None:
    findings = check(path.read_text(encoding="utf-8"))
    assert [
        (f.code, f.span.start.line + 1, f.message)
        for f in findings
        if f.code[0] in "LS" or f.severity in (Severity.ERROR, Severity.WARNING)
    ] == []
