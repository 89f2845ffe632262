"""Fixes attached to findings: exact results, and the round trip over every fixture.

Round trip: applying a fix removes the finding it fixes and adds no new Error or Warning.
The one exception is inserting a template skeleton (S101 and the insert-all actions): the
inserted text is the template's instructions and placeholders, so under review it brings
its own leftover warnings; those are allowed only inside the inserted lines and only as
leftover or empty-section findings.
"""

from __future__ import annotations

from collections import Counter

import pytest

from pep_lsp.engine.check import check
from pep_lsp.features.code_actions import code_actions, document_actions, fix_all
from pep_lsp.findings import Edit, Finding, Fix, FixKind, Severity
from pep_lsp.model.document import Document
from pep_lsp.template import default_schema
from pep_lsp.text import Pos, Span
from tests.conftest import FIXTURES, apply_edits, template_text
from tests.test_rules import HEADER

SKELETON_CODES = {"L101", "L102", "L103", "L104", "S104"}


def fixture_documents() -> list[tuple[str, str]]:
    documents = [
        (path.name, path.read_text(encoding="utf-8")) for path in sorted(FIXTURES.glob("*.md"))
    ]
    documents.append(("template", template_text()))
    complete = (FIXTURES / "complete.md").read_text(encoding="utf-8")
    header_typos = (
        complete.replace("Version: 1.2\n", "")
        .replace("Author:", "Auther:")
        .replace("Status: Discussion", "Status:Discussion")
    )
    documents.append(("header-typos", header_typos))
    return documents


def fix_cases() -> list[tuple[str, str, int, int]]:
    cases = []
    for name, text in fixture_documents():
        for index, finding in enumerate(check(text)):
            for number, _ in enumerate(finding.fixes):
                cases.append(
                    pytest.param(
                        name, text, index, number, id=f"{name}-{finding.code}-{index}-{number}"
                    )
                )
    return cases


def inserted_lines(text: str, edits: tuple[Edit, ...]) -> set[int]:
    """Lines of the new text that the edits wrote."""
    lines: set[int] = set()
    shift = 0
    for edit in sorted(edits, key=lambda e: e.span.start):
        start = edit.span.start.line + shift
        written = (
            edit.new_text.count("\n") + edit.new_text.count("\r") - edit.new_text.count("\r\n")
        )
        if edit.new_text:
            lines.update(range(start, start + written + 1))
        shift += written - (edit.span.end.line - edit.span.start.line)
    return lines


def identity(finding: Finding) -> tuple[str, str]:
    """What a finding is about, stable when a fix elsewhere changes its hint or line numbers."""
    return finding.code, finding.subject or finding.message


def serious(findings: list[Finding]) -> Counter:
    return Counter(identity(f) for f in findings if f.severity <= Severity.WARNING)


def assert_round_trip(
    text: str, fixed: tuple[Finding, ...], edits: tuple[Edit, ...], inserts_skeleton: bool
) -> str:
    before = check(text)
    after_text = apply_edits(text, list(edits))
    after = check(after_text)
    remaining = Counter(identity(f) for f in after)
    counted = Counter(identity(f) for f in before)
    for finding in fixed:
        assert remaining[identity(finding)] < counted[identity(finding)], finding
    new = serious(after) - serious(before)
    if inserts_skeleton:
        written = inserted_lines(text, edits)
        allowed = {
            identity(f) for f in after if f.code in SKELETON_CODES and f.span.start.line in written
        }
        new = Counter({key: count for key, count in new.items() if key not in allowed})
    assert not new, new
    return after_text


@pytest.mark.parametrize(("name", "text", "index", "number"), fix_cases())
def test_every_fix_on_every_fixture_round_trips(
    name: str, text: str, index: int, number: int
) -> None:
    finding = check(text)[index]
    fix = finding.fixes[number]
    assert_round_trip(text, (finding,), fix.edits, inserts_skeleton=finding.code == "S101")


@pytest.mark.parametrize(
    ("name", "text"), fixture_documents(), ids=[name for name, _ in fixture_documents()]
)
def test_every_document_action_and_fix_all_round_trip(name: str, text: str) -> None:
    model = Document(text, default_schema()).model
    findings = check(text)
    actions = document_actions(model, findings)
    everything = fix_all(findings)
    if everything is not None:
        actions.append(everything)
    for action in actions:
        assert_round_trip(
            text,
            action.diagnostics,
            action.edits,
            inserts_skeleton=action.title.startswith("Insert"),
        )


def test_the_fixtures_offer_every_kind_of_fix() -> None:
    titles = {
        fix.title.split(" '")[0]
        for _, text in fixture_documents()
        for f in check(text)
        for fix in f.fixes
    }
    assert {
        "Insert missing section",
        "Remove this instruction text",
        "Remove the",
        "Move section",
        "Replace with",
        "Convert to",
        "Add header field",
        "Rename to",
    } <= titles


# --- exact results ------------------------------------------------------------------------


def fix_result(text: str, code: str, title_start: str = "") -> str:
    finding = next(
        f
        for f in check(text)
        if f.code == code and any(fix.title.startswith(title_start) for fix in f.fixes)
    )
    fix = next(fix for fix in finding.fixes if fix.title.startswith(title_start))
    return apply_edits(text, list(fix.edits))


def test_l101_fix_removes_one_run_of_instruction_lines_and_its_blank_line() -> None:
    text = HEADER.replace("Discussion", "Draft") + (
        "\n## Abstract\n\n*[Write a concise summary of 200-300 words that covers:]*\n*- What problem this PEP solves*\n\n"
        "Caching makes reads fast.\n\n*- Key benefits or improvements*\n"
    )
    finding = [f for f in check(text) if f.code == "L101"][0]
    assert finding.fixes[0].title == "Remove this instruction text"
    assert finding.fixes[0].preferred is False
    assert apply_edits(text, list(finding.fixes[0].edits)) == HEADER.replace(
        "Discussion", "Draft"
    ) + ("\n## Abstract\n\nCaching makes reads fast.\n\n*- Key benefits or improvements*\n")


def test_l105_fix_removes_the_author_instructions_section_to_the_end() -> None:
    text = template_text()
    result = fix_result(text, "L105")
    cut = text.index("## Author Instructions")
    assert result == text[:cut].rstrip("\n") + "\n"


def test_l105_fix_keeps_what_follows_the_section() -> None:
    text = (
        HEADER
        + "\n## Author Instructions\n\n- [ ] Remove all instruction text\n\n## Abstract\n\nWords.\n"
    )
    assert fix_result(text, "L105") == HEADER + "\n## Abstract\n\nWords.\n"


def test_s102_fix_moves_a_section_with_its_subsections() -> None:
    text = HEADER + (
        "\n## Abstract\n\nA.\n\n## Specification\n\nS.\n\n### Overview\n\nO.\n\n---\n\n"
        "## Motivation\n\nM.\n\n## Rationale\n\nR.\n"
    )
    finding = next(f for f in check(text) if f.code == "S102")
    assert (
        finding.message
        == "Section 'Specification' is out of order: the template puts it after 'Rationale'"
    )
    assert [fix.title for fix in finding.fixes] == [
        "Move section 'Specification' after 'Rationale'",
        "Suppress S102 on this line",
    ]
    assert fix_result(text, "S102") == HEADER + (
        "\n## Abstract\n\nA.\n\n---\n\n## Motivation\n\nM.\n\n## Rationale\n\nR.\n\n## Specification\n\nS.\n\n### Overview\n\nO.\n"
    )


def test_s102_fix_moves_a_section_before_its_template_successor() -> None:
    text = HEADER + "\n## Motivation\n\nM.\n\n## Abstract\n\nA.\n"
    finding = next(f for f in check(text) if f.code == "S102")
    assert finding.fixes[0].title == "Move section 'Motivation' after 'Abstract'"
    assert fix_result(text, "S102") == HEADER + "\n## Abstract\n\nA.\n\n## Motivation\n\nM.\n"


def test_s102_fix_keeps_crlf_line_endings() -> None:
    text = (HEADER + "\n## Motivation\n\nM.\n\n## Abstract\n\nA.\n").replace("\n", "\r\n")
    assert fix_result(text, "S102") == (
        HEADER + "\n## Abstract\n\nA.\n\n## Motivation\n\nM.\n"
    ).replace("\n", "\r\n")


def test_code_actions_offer_a_fix_attached_by_any_rule() -> None:
    """Fixes are turned into actions generically: a fix the action code never heard of shows up."""
    model = Document(HEADER, default_schema()).model
    span = Span.on_line(3, 0, 3)
    foreign = Finding(
        "X999",
        "Something",
        span,
        Severity.WARNING,
        (
            Fix(
                "Suppress X999 on this line",
                (Edit(Span(Pos(3, 9), Pos(3, 9)), "  <!-- x -->"),),
                preferred=False,
                kind=FixKind.SUPPRESS_LINE,
            ),
        ),
    )
    actions = code_actions(model, [foreign], Span.on_line(3, 1, 1))
    assert [(a.title, a.kind, a.preferred, a.diagnostics) for a in actions] == [
        ("Suppress X999 on this line", "quickfix", False, (foreign,))
    ]
