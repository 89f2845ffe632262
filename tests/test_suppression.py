"""Each suppression form hides what it names and nothing else; unused ones are D101 hints."""

from __future__ import annotations

from pep_lsp.check import check
from pep_lsp.document import Document
from pep_lsp.template import default_schema
from pep_lsp.text import Pos
from tests.conftest import apply_edits
from tests.test_rules import CLEAN, line_of

# Two header errors (H205 on the Type line, H206 on the Created line) and one L102 placeholder
# in Motivation: enough to see what each directive hides.
BROKEN = (
    CLEAN.replace("Type: Standard", "Type: Standrad")
    .replace("Created: 01-09-2026", "Created: 2026-09-01")
    .replace("We describe motivation here in plain words.", "We describe motivation here in [Target] words.")
)


def codes(text: str) -> list[tuple[str, int]]:
    return [(f.code, f.span.start.line) for f in check(text)]


def test_the_broken_document_has_three_findings() -> None:
    assert codes(BROKEN) == [("H205", 7), ("H206", 8), ("L102", line_of(BROKEN, "[Target]"))]


def test_disable_next_line_above_the_header_fence_covers_the_fenced_block() -> None:
    text = BROKEN.replace("```\nPEP:", "<!-- pep-lsp-disable-next-line H205, H206 -->\n```\nPEP:")
    assert codes(text) == [("L102", line_of(text, "[Target]"))]


def test_disable_next_line_covers_only_the_next_line_and_only_its_codes() -> None:
    text = BROKEN.replace("We describe motivation", "<!-- pep-lsp-disable-next-line L102 -->\nWe describe motivation")
    assert codes(text) == [("H205", 7), ("H206", 8)]
    other_code = BROKEN.replace("We describe motivation", "<!-- pep-lsp-disable-next-line L101 -->\nWe describe motivation")
    comment = line_of(other_code, "pep-lsp-disable")
    assert codes(other_code) == [("H205", 7), ("H206", 8), ("D101", comment), ("L102", comment + 1)]
    two_lines_down = BROKEN.replace("## Motivation\n", "<!-- pep-lsp-disable-next-line L102 -->\n## Motivation\n")
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
        ("Unused suppression: 'Z999' is not a rule code; no H101 finding to hide", last - 2),
        ("Unused suppression: no pep-lsp-disable is open here for pep-lsp-enable to end", last),
    ]
    hidden = text + "<!-- pep-lsp-disable-file D101 -->\n"
    assert [f.code for f in check(hidden)] == ["H205", "H206"]


def test_a_directive_inside_code_is_not_a_directive() -> None:
    text = BROKEN.replace("We describe motivation", "`<!-- pep-lsp-disable-file L102 -->`\nWe describe motivation")
    assert [c for c, _ in codes(text)] == ["H205", "H206", "L102"]
    fenced = BROKEN.replace("## Abstract\n", "```html\n<!-- pep-lsp-disable-file L102 -->\n```\n\n## Abstract\n")
    assert [c for c, _ in codes(fenced)] == ["H205", "H206", "L102"]


def test_an_inline_comment_in_a_paragraph_counts() -> None:
    text = BROKEN.replace("We describe motivation here in [Target] words.", "We describe <!-- pep-lsp-disable-file L102 --> motivation [Target].")
    assert [c for c, _ in codes(text)] == ["H205", "H206"]


def test_every_suppress_fix_silences_its_finding_and_nothing_else() -> None:
    found = check(BROKEN)
    for finding in found:
        fix = finding.fixes[-1]
        assert (fix.title, fix.safe, fix.preferred) == (f"Suppress {finding.code} on this line", False, False)
        fixed = apply_edits(BROKEN, list(fix.edits))
        assert [f.code for f in check(fixed)] == [f.code for f in found if f is not finding], finding.code
    [h205] = [f for f in check(BROKEN) if f.code == "H205"]
    assert apply_edits(BROKEN, list(h205.fixes[-1].edits)).split("\n")[2:4] == ["<!-- pep-lsp-disable-next-line H205 -->", "```"]


def test_directives_are_collected_per_block_and_follow_edits() -> None:
    document = Document(BROKEN, default_schema())
    assert document.model.suppressions == []
    line = line_of(BROKEN, "## Abstract")
    document.replace(Pos(line, 0), Pos(line, 0), "<!-- pep-lsp-disable L102 -->\n")
    [directive] = document.model.suppressions
    assert (directive.kind, directive.codes, directive.span.start.line) == ("disable", ("L102",), line)


def test_the_servers_incremental_checker_applies_suppression_on_every_run() -> None:
    from pep_lsp.check import Checker, Settings

    document = Document(BROKEN, default_schema())
    checker = Checker(Settings())
    assert [f.code for f in checker.run(document.model)] == ["H205", "H206", "L102"]
    line = line_of(BROKEN, "## Abstract")
    document.replace(Pos(line, 0), Pos(line, 0), "<!-- pep-lsp-disable-file H205 -->\n")
    assert [f.code for f in checker.run(document.model)] == ["H206", "L102"]
    assert [f.code for f in checker.run(document.model)] == [f.code for f in check(document.text)]
