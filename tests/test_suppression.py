"""Each suppression form hides what it names and nothing else; unused ones are D101 hints."""

from __future__ import annotations

from pep_lsp.engine.check import check
from pep_lsp.model.document import Document
from pep_lsp.template import default_schema
from pep_lsp.text import Pos
from tests.conftest import apply_edits
from tests.test_rules import CLEAN, line_of

# Two header errors (H205 on the Type line, H206 on the Created line) and one L102 placeholder
# in Motivation: enough to see what each directive hides.
BROKEN = (
    CLEAN.replace("Type: Standard", "Type: Standrad")
    .replace("Created: 01-09-2026", "Created: 2026-09-01")
    .replace(
        "We describe motivation here in plain words.",
        "We describe motivation here in [Target] words.",
    )
)


def codes(text: str) -> list[tuple[str, int]]:
    return [(f.code, f.span.start.line) for f in check(text)]


def test_the_broken_document_has_three_findings() -> None:
    assert codes(BROKEN) == [("H205", 7), ("H206", 8), ("L102", line_of(BROKEN, "[Target]"))]


def test_disable_next_line_above_the_header_fence_covers_the_fenced_block() -> None:
    text = BROKEN.replace("```\nPEP:", "<!-- pep-lsp-disable-next-line H205, H206 -->\n```\nPEP:")
    assert codes(text) == [("L102", line_of(text, "[Target]"))]


def test_disable_next_line_covers_only_the_next_line_and_only_its_codes() -> None:
    text = BROKEN.replace(
        "We describe motivation", "<!-- pep-lsp-disable-next-line L102 -->\nWe describe motivation"
    )
    assert codes(text) == [("H205", 7), ("H206", 8)]
    other_code = BROKEN.replace(
        "We describe motivation", "<!-- pep-lsp-disable-next-line L101 -->\nWe describe motivation"
    )
    comment = line_of(other_code, "pep-lsp-disable")
    assert codes(other_code) == [("H205", 7), ("H206", 8), ("D101", comment), ("L102", comment + 1)]
    two_lines_down = BROKEN.replace(
        "## Motivation\n", "<!-- pep-lsp-disable-next-line L102 -->\n## Motivation\n"
    )
    assert [c for c, _ in codes(two_lines_down)] == ["H205", "H206", "D101", "L102"]


def test_disable_without_codes_hides_everything_until_enable() -> None:
    text = BROKEN.replace("## Motivation\n", "<!-- pep-lsp-disable -->\n## Motivation\n").replace(
        "## Rationale\n", "<!-- pep-lsp-enable -->\n## Rationale\n"
    )
    assert codes(text) == [("H205", 7), ("H206", 8)]


def test_disable_runs_to_the_end_without_enable_and_enable_ends_only_named_codes() -> None:
    text = BROKEN.replace("# PEP 9100", "<!-- pep-lsp-disable H206 L102 -->\n# PEP 9100")
    assert [c for c, _ in codes(text)] == ["H205"]
    partly = text.replace("## Abstract\n", "<!-- pep-lsp-enable L102 -->\n## Abstract\n")
    # Its L102 now hides nothing (the placeholder is after the enable): reported.
    assert [c for c, _ in codes(partly)] == ["D101", "H205", "L102"]


def test_disable_file_works_from_anywhere() -> None:
    text = BROKEN + "\n<!-- pep-lsp-disable-file L102,H205 -->\n"
    assert codes(text) == [("H206", 8)]


def test_unused_forms_are_reported_with_what_they_miss() -> None:
    text = BROKEN + "\n<!-- pep-lsp-disable-file L102 Z999 H101 -->\n\n<!-- pep-lsp-enable -->\n"
    unused = [(f.message, f.span.start.line) for f in check(text) if f.code == "D101"]
    last = len(text.split("\n")) - 2
    assert unused == [
        ("Unused suppression: no H101 finding to hide", last - 2),
        ("Unused suppression: no pep-lsp-disable is open here for pep-lsp-enable to end", last),
    ]
    # A code that is no rule's is D102's (a warning), not an unused suppression.
    unknown = [(f.message, f.span.start.line) for f in check(text) if f.code == "D102"]
    assert unknown == [("'Z999' is not a rule code: it hides nothing", last - 2)]
    hidden = text + "<!-- pep-lsp-disable-file D101 -->\n"
    assert [f.code for f in check(hidden)] == ["H205", "H206", "D102"]


def test_a_directive_inside_code_is_not_a_directive() -> None:
    text = BROKEN.replace(
        "We describe motivation", "`<!-- pep-lsp-disable-file L102 -->`\nWe describe motivation"
    )
    assert [c for c, _ in codes(text)] == ["H205", "H206", "L102"]
    fenced = BROKEN.replace(
        "## Abstract\n", "```html\n<!-- pep-lsp-disable-file L102 -->\n```\n\n## Abstract\n"
    )
    assert [c for c, _ in codes(fenced)] == ["H205", "H206", "L102"]


def test_an_inline_comment_in_a_paragraph_counts() -> None:
    text = BROKEN.replace(
        "We describe motivation here in [Target] words.",
        "We describe <!-- pep-lsp-disable-file L102 --> motivation [Target].",
    )
    assert [c for c, _ in codes(text)] == ["H205", "H206"]


def test_every_suppress_fix_silences_its_finding_and_nothing_else() -> None:
    found = check(BROKEN)
    titles = {
        "H205": "Suppress H205 in the header block (lines 3-12)",
        "H206": "Suppress H206 in the header block (lines 3-12)",
        "L102": "Suppress L102 on this line",
    }
    for finding in found:
        fix = finding.fixes[-1]
        assert (fix.title, fix.safe, fix.preferred) == (titles[finding.code], False, False)
        fixed = apply_edits(BROKEN, list(fix.edits))
        assert [f.code for f in check(fixed)] == [f.code for f in found if f is not finding], (
            finding.code
        )
    [h205] = [f for f in check(BROKEN) if f.code == "H205"]
    assert apply_edits(BROKEN, list(h205.fixes[-1].edits)).split("\n")[2:4] == [
        "<!-- pep-lsp-disable-next-line H205 -->",
        "```",
    ]


def test_directives_are_collected_per_block_and_follow_edits() -> None:
    document = Document(BROKEN, default_schema())
    assert document.model.suppressions == []
    line = line_of(BROKEN, "## Abstract")
    document.replace(Pos(line, 0), Pos(line, 0), "<!-- pep-lsp-disable L102 -->\n")
    [directive] = document.model.suppressions
    assert (directive.kind, directive.codes, directive.span.start.line) == (
        "disable",
        ("L102",),
        line,
    )


def test_the_servers_incremental_checker_applies_suppression_on_every_run() -> None:
    from pep_lsp.engine.check import Checker, Settings

    document = Document(BROKEN, default_schema())
    checker = Checker(Settings())
    assert [f.code for f in checker.run(document.model)] == ["H205", "H206", "L102"]
    line = line_of(BROKEN, "## Abstract")
    document.replace(Pos(line, 0), Pos(line, 0), "<!-- pep-lsp-disable-file H205 -->\n")
    assert [f.code for f in checker.run(document.model)] == ["H206", "L102"]
    assert [f.code for f in checker.run(document.model)] == [f.code for f in check(document.text)]


# --- the "Suppress" fix names what it hides (issue 12, item 3) -------------------------------------


def test_suppressing_a_header_date_says_it_covers_the_header_block_and_does() -> None:
    """Issue 12: "Suppress H206 on this line" on `Created:` also hid a bad `Updated:`. The
    comment above the fence covers the block (a comment inside a fence is text), and the
    title now says so."""
    text = BROKEN.replace("Updated: 02-09-2026", "Updated: 2026-09-02")
    created, updated = [f for f in check(text) if f.code == "H206"]
    assert (created.span.start.line, updated.span.start.line) == (8, 9)
    fix = created.fixes[-1]
    assert fix.title == "Suppress H206 in the header block (lines 3-12)" == updated.fixes[-1].title
    fixed = apply_edits(text, list(fix.edits))
    assert fixed == text.replace(
        "\n```\nPEP:", "\n<!-- pep-lsp-disable-next-line H206 -->\n```\nPEP:", 1
    )
    assert codes(fixed) == [
        ("H205", 8),
        ("L102", line_of(fixed, "[Target]")),
    ]  # both dates: the whole block, as titled


NESTED = """

- Outer item with [Metric 1] placeholder
  - inner item with [Metric 2]
  - inner item with [Metric 3]
- Outer again with [Metric 4]
"""


def test_suppressing_a_placeholder_in_a_nested_list_names_the_list_and_its_lines() -> None:
    text = BROKEN.replace(
        "We describe motivation here in [Target] words.",
        "We describe motivation here in plain words." + NESTED,
    )
    placeholders = [f for f in check(text) if f.code == "L102"]
    first = line_of(text, "[Metric 1]")
    assert [f.span.start.line for f in placeholders] == [first, first + 1, first + 2, first + 3]
    title = f"Suppress L102 in this list (lines {first + 1}-{first + 4})"
    assert {f.fixes[-1].title for f in placeholders} == {title}
    fixed = apply_edits(text, list(placeholders[2].fixes[-1].edits))
    assert fixed == text.replace(
        "\n- Outer item", "\n<!-- pep-lsp-disable-next-line L102 -->\n- Outer item"
    )
    assert [c for c, _ in codes(fixed)] == ["H205", "H206"]


def test_a_one_line_block_is_suppressed_on_this_line_and_a_paragraph_by_its_lines() -> None:
    one = BROKEN
    [l102] = [f for f in check(one) if f.code == "L102"]
    assert l102.fixes[-1].title == "Suppress L102 on this line"
    two = BROKEN.replace(
        "We describe motivation here in [Target] words.",
        "We describe motivation\nhere in [Target] words.",
    )
    [l102] = [f for f in check(two) if f.code == "L102"]
    line = line_of(two, "[Target]")
    assert l102.fixes[-1].title == f"Suppress L102 in this paragraph (lines {line}-{line + 1})"


def test_a_heading_with_text_right_under_it_is_a_block() -> None:
    text = BROKEN.replace("## Abstract\n\n", "## Abstract\n").replace(
        "## Motivation\n", "## Motive\n"
    )
    line = line_of(text, "## Abstract")  # the missing Motivation belongs after it
    [missing] = [f for f in check(text) if f.code == "S101"]
    assert (missing.span.start.line, missing.fixes[-1].title) == (
        line,
        f"Suppress S101 in this block (lines {line + 1}-{line + 2})",
    )


def test_suppressing_in_a_table_names_the_table() -> None:
    table = "| Field | Value |\n|---|---|\n| a | [Metric 1] |\n| b | [Metric 2] |"
    text = BROKEN.replace("We describe motivation here in [Target] words.", table)
    first = line_of(text, "| Field")
    assert {f.fixes[-1].title for f in check(text) if f.code == "L102"} == {
        f"Suppress L102 in this table (lines {first + 1}-{first + 4})"
    }


# --- directives that are not directives (D102) ------------------------------------------------------


def d102(text: str) -> list[tuple[str, int, list[str]]]:
    return [
        (f.message, f.span.start.line, [fix.title for fix in f.fixes])
        for f in check(text)
        if f.code == "D102"
    ]


def test_a_misspelt_directive_is_reported_with_the_closest_and_fixed() -> None:
    text = BROKEN.replace(
        "We describe motivation", "<!-- pep-lsp-disabel L102 -->\nWe describe motivation"
    )
    line = line_of(text, "disabel")
    assert d102(text) == [
        (
            "Unknown directive 'pep-lsp-disabel': it hides nothing; did you mean 'pep-lsp-disable'?",
            line,
            [
                "Change to 'pep-lsp-disable'",
                f"Suppress D102 in this block (lines {line + 1}-{line + 2})",
            ],
        )
    ]
    assert [c for c, _ in codes(text)] == ["H205", "H206", "D102", "L102"]  # it hid nothing
    [finding] = [f for f in check(text) if f.code == "D102"]
    fixed = apply_edits(text, list(finding.fixes[0].edits))
    assert fixed == text.replace("pep-lsp-disabel", "pep-lsp-disable")
    assert [c for c, _ in codes(fixed)] == ["H205", "H206"]


def test_eslints_disable_line_is_reported_naming_disable_next_line() -> None:
    text = BROKEN.replace("[Target] words.", "[Target] words. <!-- pep-lsp-disable-line L102 -->")
    line = line_of(text, "disable-line")
    assert d102(text) == [
        (
            "Unknown directive 'pep-lsp-disable-line': it hides nothing; put '<!-- pep-lsp-disable-next-line ... -->' on the line before",
            line,
            ["Suppress D102 on this line"],
        )
    ]


def test_other_unknown_forms_and_codes_are_reported() -> None:
    cases = {
        "<!-- pep-lsp-ignore L102 -->": "Unknown directive 'pep-lsp-ignore': it hides nothing; the directives are "
        "pep-lsp-disable, pep-lsp-enable, pep-lsp-disable-next-line, pep-lsp-disable-file",
        "<!-- PEP-LSP-DISABLE L102 -->": "Unknown directive 'PEP-LSP-DISABLE': it hides nothing; did you mean 'pep-lsp-disable'?",
        "<!-- pep-lsp disable L102 -->": "Unknown directive 'pep-lsp disable': it hides nothing; did you mean 'pep-lsp-disable'?",
    }
    for comment, message in cases.items():
        text = BROKEN.replace("We describe motivation", comment + "\nWe describe motivation")
        assert [m for m, _, _ in d102(text)] == [message], comment
    codes_text = BROKEN.replace(
        "We describe motivation",
        "<!-- pep-lsp-disable-next-line L120, placeholder, Z999 -->\nWe describe motivation",
    )
    assert [m for m, _, _ in d102(codes_text)] == [
        "'L120' is not a rule code: it hides nothing; did you mean L102?",
        "'PLACEHOLDER' is not a rule code: it hides nothing; did you mean L102?",
        "'Z999' is not a rule code: it hides nothing",
    ]
    # Punctuation glued to the name: corrected when only punctuation, not when codes follow it.
    for glued, fixed in (
        ("pep-lsp-disable: L102", "pep-lsp-disable L102"),
        ("pep-lsp-disable:L102", None),
    ):
        text = BROKEN.replace("We describe motivation", f"<!-- {glued} -->\nWe describe motivation")
        [finding] = [f for f in check(text) if f.code == "D102"]
        name = glued.split()[0]
        assert (
            finding.message
            == f"Unknown directive '{name}': it hides nothing; did you mean 'pep-lsp-disable'?"
        )
        repairs = [fix for fix in finding.fixes if not fix.last_resort]
        assert [apply_edits(text, list(fix.edits)) for fix in repairs] == (
            [text.replace(glued, fixed)] if fixed else []
        )
    # Comments that only mention pep-lsp are not directives.
    prose = BROKEN.replace(
        "We describe motivation", "<!-- pep-lsp is used here -->\nWe describe motivation"
    )
    assert d102(prose) == []
