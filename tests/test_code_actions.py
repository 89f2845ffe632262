"""Code actions as a pure function: which actions, which kinds, and the exact resulting text."""

from __future__ import annotations

from pep_lsp.edits import merge_edits
from pep_lsp.engine.check import check
from pep_lsp.features.code_actions import Action, code_actions, wanted
from pep_lsp.findings import Edit
from pep_lsp.model.document import Document
from pep_lsp.template import default_schema
from pep_lsp.text import Pos, Span
from tests.conftest import apply_edits, fixture_text, template_text
from tests.test_rules import HEADER

EVERYWHERE = Span(Pos(0, 0), Pos(10_000, 0))


def actions_for(text: str, span: Span, only: list[str] | None = None) -> list[Action]:
    return code_actions(Document(text, default_schema()).model, check(text), span, only)


def titled(actions: list[Action], title: str) -> Action:
    return next(action for action in actions if action.title == title)


def test_quick_fixes_in_range_name_their_diagnostics_and_the_obvious_one_is_preferred() -> None:
    text = fixture_text("half-filled.md")
    type_line = 7
    actions = actions_for(text, Span.on_line(type_line, 8, 8))
    assert [(a.title, a.kind, a.preferred, [f.code for f in a.diagnostics]) for a in actions] == [
        ("Replace with 'Standard'", "quickfix", True, ["H205"]),
        ("Apply all safe fixes", "source.fixAll.pep-lsp", False, ["H205", "H206"]),
        (
            "Suppress H205 in the header block (lines 3-12)",
            "quickfix",
            False,
            ["H205"],
        ),  # last resort: after every fix
    ]
    assert apply_edits(text, list(actions[0].edits)) == text.replace(
        "Type: Standrad", "Type: Standard"
    )


def test_fix_all_applies_every_safe_fix_and_nothing_else() -> None:
    text = fixture_text("half-filled.md")
    fix_all = titled(
        actions_for(text, Span.on_line(0, 0, 0), ["source.fixAll"]), "Apply all safe fixes"
    )
    assert apply_edits(text, list(fix_all.edits)) == text.replace(
        "Type: Standrad", "Type: Standard"
    ).replace("Created: 2026-09-14", "Created: 14-09-2026")


def test_kinds_follow_the_only_filter() -> None:
    text = fixture_text("draft.md")
    assert (
        wanted(None, "quickfix")
        and wanted(["source"], "source.fixAll.pep-lsp")
        and not wanted(["source.fixAll"], "source.pep-lsp.x")
    )
    quick = actions_for(text, EVERYWHERE, ["quickfix"])
    assert [a.kind for a in quick] == ["quickfix"] * len(quick)
    assert len([a for a in quick if not a.title.startswith("Suppress ")]) == 16
    assert [(a.title, a.kind) for a in actions_for(text, Span.on_line(0, 0, 0), ["source"])] == [
        ("Insert all missing sections", "source.pep-lsp.insertAllMissing"),
        ("Remove all instruction text", "source.pep-lsp.removeInstructions"),
        ("Remove the 'Author Instructions' section", "source.pep-lsp.removeAuthorInstructions"),
    ]
    assert actions_for(text, Span.on_line(0, 0, 0)) == []  # nothing there, no safe fix anywhere


def test_a_document_wide_action_is_a_quick_fix_next_to_a_finding_it_resolves() -> None:
    text = fixture_text("draft.md")
    rationale_anchor = next(
        f for f in check(text) if f.code == "S101" and f.subject == "Rationale"
    ).span
    titles = [(a.title, a.kind) for a in actions_for(text, rationale_anchor)]
    assert titles == [
        ("Insert missing section 'Rationale'", "quickfix"),
        ("Insert all missing sections", "quickfix"),
        ("Suppress S101 on this line", "quickfix"),
    ]


def test_the_same_action_is_not_listed_twice() -> None:
    """With one instruction run, 'remove all' would repeat the single quick fix."""
    text = fixture_text("draft.md")
    run = next(f for f in check(text) if f.code == "L101").span
    assert [a.title for a in actions_for(text, run)] == [
        "Remove this instruction text",
        "Suppress L101 on this line",
    ]


def test_insert_all_missing_sections_keeps_template_order_at_a_shared_place() -> None:
    text = HEADER + "\n## Abstract\n\nA.\n\n## Timeline\n\nT.\n"
    action = titled(
        actions_for(text, Span.on_line(0, 0, 0), ["source"]), "Insert all missing sections"
    )
    schema = default_schema()
    between = [s.skeleton for s in schema.top_sections[1:9]]  # Motivation .. Documentation Plan
    after = [s.skeleton for s in schema.top_sections[10:12]]  # References, Appendices
    assert len(action.edits) == 2
    assert apply_edits(text, list(action.edits)) == (
        HEADER
        + "\n## Abstract\n\nA.\n\n"
        + "\n\n".join(between)
        + "\n\n## Timeline\n\nT.\n\n"
        + "\n\n".join(after)
        + "\n"
    )


def test_insert_all_missing_essential_sections_only_inserts_those() -> None:
    text = HEADER + "\n## Abstract\n\nA.\n\n## Timeline\n\nT.\n"
    action = titled(
        actions_for(text, Span.on_line(0, 0, 0), ["source"]),
        "Insert all missing Essential sections",
    )
    schema = default_schema()
    essential = [
        schema.find_section(t, None).skeleton
        for t in ("Motivation", "Specification", "Implementation")
    ]
    assert [f.subject for f in action.diagnostics] == [
        "Motivation",
        "Specification",
        "Implementation",
    ]
    assert (
        apply_edits(text, list(action.edits))
        == HEADER + "\n## Abstract\n\nA.\n\n" + "\n\n".join(essential) + "\n\n## Timeline\n\nT.\n"
    )


def test_remove_all_instruction_text_from_the_template() -> None:
    text = template_text()
    action = titled(
        actions_for(text, Span.on_line(0, 0, 0), ["source"]), "Remove all instruction text"
    )
    result = apply_edits(text, list(action.edits))
    assert len(action.diagnostics) == len([f for f in check(text) if f.code == "L101"]) == 23
    assert [f.code for f in check(result) if f.code == "L101"] == []
    kept = [
        line
        for line in text.split("\n")
        if not (line.startswith("*") and line.endswith("*") and not line.startswith("**"))
    ]
    squeezed = "\n".join(kept)
    while "\n\n\n" in squeezed:
        squeezed = squeezed.replace("\n\n\n", "\n\n")
    assert result == squeezed


def test_merge_edits_joins_touching_edits_and_refuses_real_overlaps() -> None:
    a = Edit(Span(Pos(1, 0), Pos(2, 0)), "")
    b = Edit(Span(Pos(2, 0), Pos(3, 0)), "")
    c = Edit(Span(Pos(2, 5), Pos(4, 0)), "")
    insert = Edit(Span(Pos(2, 0), Pos(2, 0)), "x")
    replace = Edit(Span(Pos(2, 3), Pos(2, 6)), "y")
    assert merge_edits([b, a]) == [Edit(Span(Pos(1, 0), Pos(3, 0)), "")]
    assert merge_edits([a, c]) == [a, c]
    assert merge_edits([b, c]) == [Edit(Span(Pos(2, 0), Pos(4, 0)), "")]
    assert merge_edits([insert, b]) == [Edit(Span(Pos(2, 0), Pos(3, 0)), "x")]
    assert merge_edits([b, replace]) is None


# --- where the cursor is (issue 12, item 2) ---------------------------------------------------------


def test_a_cursor_anywhere_on_a_line_gets_the_fixes_of_every_finding_on_it_preferred_first() -> (
    None
):
    """Two findings on one line: the preferred fix of the second comes before the other fix of
    the first, a fix both offer is listed once naming both, the suppressions come last."""
    from pep_lsp.findings import Finding, Fix, FixKind, Severity

    text = "# PEP 1: T\n\nOne line of prose here.\n"
    model = Document(text, default_schema()).model
    shared = Fix(
        "Delete the line",
        (Edit(Span(Pos(2, 0), Pos(3, 0)), ""),),
        preferred=False,
        kind=FixKind.DELETE_REPEATED_FIELD,
    )
    hide = Fix(
        "Suppress X1 on this line",
        (Edit(Span(Pos(2, 0), Pos(2, 0)), "<!-- pep-lsp-disable-next-line X1 -->\n"),),
        preferred=False,
        last_resort=True,
        kind=FixKind.SUPPRESS_LINE,
    )
    first = Finding("X1", "first", Span.on_line(2, 4, 8), Severity.WARNING, (shared, hide))
    second = Finding(
        "X1",
        "second",
        Span.on_line(2, 14, 19),
        Severity.WARNING,
        (
            Fix("Say 'text'", (Edit(Span.on_line(2, 14, 19), "text"),), kind=FixKind.REPLACE_WORD),
            shared,
            hide,
        ),
    )
    elsewhere = Finding(
        "X2",
        "other line",
        Span.on_line(0, 0, 1),
        Severity.WARNING,
        (Fix("Fix line 0", (Edit(Span.on_line(0, 0, 1), "#"),), kind=FixKind.REPLACE_VALUE),),
    )
    found = [elsewhere, first, second]
    expected = [
        ("Say 'text'", True, ["second"]),
        ("Delete the line", False, ["first", "second"]),
        ("Suppress X1 on this line", False, ["first", "second"]),
    ]
    for span in (Span.on_line(2, 0, 0), Span.on_line(2, 23, 23), Span(Pos(2, 0), Pos(3, 0))):
        actions = code_actions(model, found, span, ["quickfix"])
        assert [
            (a.title, a.preferred, [f.message for f in a.diagnostics]) for a in actions
        ] == expected, span
    # A diagnostic the client names is fixed wherever the cursor is; a selection ending at
    # column 0 of a line does not take that line's findings.
    asked = code_actions(
        model, found, Span.on_line(1, 0, 0), ["quickfix"], asked=[("X2", Span.on_line(0, 0, 1))]
    )
    assert [a.title for a in asked] == ["Fix line 0"]
    assert code_actions(model, found, Span(Pos(1, 0), Pos(2, 0)), ["quickfix"]) == []
