"""Quick fixes where the cursor is (issue 12, item 2), over stdio.

Neovim asks `textDocument/codeAction` with a zero-width range at the cursor, often at column 0
(`gg`, `:14`, `j`), and sends the line's diagnostics in `context.diagnostics`. The fixes of
every diagnostic on the cursor's line and of every diagnostic in the context are offered,
preferred fixes first, document-wide ones next, the suppression last, none twice. Runs with
the Neovim and the VS Code capability profiles.
"""

from __future__ import annotations

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from pep_lsp.engine.check import check
from pep_lsp.template import default_schema
from tests.e2e.conftest import open_document
from tests.e2e.test_features import apply_text_edits, code_actions, workspace_edits
from tests.test_rules import HEADER

pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.checks.LspSpecificationWarning")

# Only the Abstract: eleven missing-section findings, all on the `## Abstract` heading's title.
ABSTRACT_ONLY = HEADER + "\n## Abstract\n\nA short abstract.\n"
ABSTRACT_LINE = 13
MISSING = [
    "Motivation",
    "Rationale",
    "Specification",
    "Implementation",
    "Impact Analysis",
    "Alternatives Considered",
    "Success Metrics",
    "Documentation Plan",
    "Timeline",
    "References",
    "Appendices",
]
TITLES_ON_ABSTRACT = [
    *(f"Insert missing section '{title}'" for title in MISSING),
    "Insert all missing Essential sections",
    "Insert all missing sections",
    "Suppress S101 on this line",
]


def cursor(line: int, character: int = 0) -> types.Range:
    return types.Range(start=types.Position(line, character), end=types.Position(line, character))


def on_line(diagnostics: list[types.Diagnostic], line: int) -> list[types.Diagnostic]:
    """What Neovim puts in the context: the diagnostics of the cursor's line."""
    return [d for d in diagnostics if d.range.start.line <= line <= d.range.end.line]


async def test_column_zero_of_a_heading_gets_the_fixes_of_its_diagnostics(
    client: LanguageClient,
) -> None:
    uri = "file:///tmp/cursor-abstract.md"
    open_document(client, uri, ABSTRACT_ONLY)
    diagnostics = await client.published.wait(uri, version=1)  # type: ignore[attr-defined]
    assert ABSTRACT_ONLY.split("\n")[ABSTRACT_LINE] == "## Abstract"
    context = on_line(diagnostics, ABSTRACT_LINE)
    assert [d.code for d in context] == ["S101"] * 11 and context[0].range.start.character == 3
    actions = await code_actions(client, uri, cursor(ABSTRACT_LINE), context)
    assert [(a.title, a.kind, a.is_preferred) for a in actions] == [
        *((title, "quickfix", True) for title in TITLES_ON_ABSTRACT[:11]),
        (TITLES_ON_ABSTRACT[11], "quickfix", None),
        (TITLES_ON_ABSTRACT[12], "quickfix", None),
        (TITLES_ON_ABSTRACT[13], "quickfix", None),
    ]
    assert [d.message for d in actions[1].diagnostics or []] == [
        "Missing important section 'Rationale' (it belongs after 'Abstract')"
    ]
    assert len(actions[-1].diagnostics or []) == 11  # one suppression comment hides all of them

    motivation = default_schema().find_section("Motivation", None).skeleton
    inserted = apply_text_edits(
        ABSTRACT_ONLY, workspace_edits(client, actions[0].edit, uri, 1), client.encoding
    )  # type: ignore[attr-defined]
    assert inserted == ABSTRACT_ONLY + "\n" + motivation + "\n"
    suppressed = apply_text_edits(
        ABSTRACT_ONLY, workspace_edits(client, actions[-1].edit, uri, 1), client.encoding
    )  # type: ignore[attr-defined]
    assert suppressed == ABSTRACT_ONLY.replace(
        "\n## Abstract\n", "\n<!-- pep-lsp-disable-next-line S101 -->\n## Abstract\n"
    )
    assert [f.code for f in check(suppressed)] == []


async def test_the_cursors_line_counts_even_when_the_client_sends_no_diagnostics(
    client: LanguageClient,
) -> None:
    uri = "file:///tmp/cursor-no-context.md"
    open_document(client, uri, ABSTRACT_ONLY)
    await client.published.wait(uri, version=1)  # type: ignore[attr-defined]
    for character in (0, 1, 11):  # before, inside the `##`, at the end of the line
        actions = await code_actions(client, uri, cursor(ABSTRACT_LINE, character), [])
        assert [a.title for a in actions] == TITLES_ON_ABSTRACT
    assert (
        await code_actions(client, uri, cursor(ABSTRACT_LINE + 2), []) == []
    )  # the paragraph below: nothing


async def test_a_diagnostic_in_the_context_gets_its_fixes_wherever_the_cursor_is(
    client: LanguageClient,
) -> None:
    uri = "file:///tmp/cursor-context.md"
    text = ABSTRACT_ONLY.replace("Type: Standard", "Type: Standrad")
    open_document(client, uri, text)
    diagnostics = await client.published.wait(uri, version=1)  # type: ignore[attr-defined]
    wrong_type = next(d for d in diagnostics if d.code == "H205")
    assert wrong_type.range.start.line == 7
    # Another server's diagnostic with one of our codes is not ours to fix.
    foreign = types.Diagnostic(
        range=cursor(ABSTRACT_LINE, 3), message="x", code="S101", source="markdownlint"
    )
    actions = await code_actions(
        client, uri, cursor(ABSTRACT_LINE + 2), [wrong_type, foreign], only=["quickfix"]
    )
    assert [(a.title, a.is_preferred) for a in actions] == [
        ("Replace with 'Standard'", True),
        ("Suppress H205 in the header block (lines 3-12)", None),
    ]
    fixed = apply_text_edits(
        text, workspace_edits(client, actions[0].edit, uri, 1), client.encoding
    )  # type: ignore[attr-defined]
    assert fixed == ABSTRACT_ONLY
    # Asked for every kind, as Neovim does: the suppression is still the last item, after fix-all.
    every = await code_actions(client, uri, cursor(7), [wrong_type])
    assert [(a.title, a.kind) for a in every] == [
        ("Replace with 'Standard'", "quickfix"),
        ("Apply all safe fixes", "source.fixAll.pep-lsp"),
        ("Suppress H205 in the header block (lines 3-12)", "quickfix"),
    ]
