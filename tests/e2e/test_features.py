"""Editing features over stdio: completion, code actions, hover, outline, folding, code lens.

Every test runs against the VS Code and the Neovim capability profiles (Neovim negotiates
UTF-8 positions and takes plain `changes` edits; VS Code UTF-16 and versioned
`documentChanges`). Edits are applied to the text and the whole result compared.
"""

from __future__ import annotations

import datetime
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from pep_lsp.engine.check import check
from pep_lsp.template import default_schema
from tests.conftest import fixture_text, template_text
from tests.e2e.conftest import change_document, open_document, summary

pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.checks.LspSpecificationWarning")

TODAY = datetime.date.today().strftime("%d-%m-%Y")
DOC = """# PEP 9100: Tidy logs

```
PEP: 9100
Title: Tidy logs
Author: Zoë Ng <zoe@corp.test>
Status: 
Created: 01-01-2020
```

## Abstract

Logs get tidier.

## Motivation

*[Explain why this change is needed. Address:]*

"""


def doc_id(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def assert_empty(result: Sequence | None) -> None:
    """An empty result, not null (received arrays arrive as tuples)."""
    assert result is not None and list(result) == []


def offset(text: str, position: types.Position, encoding: str) -> int:
    """A client position as an offset into the text, computed independently of the server."""
    lines = text.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    codec = {"utf-8": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}[encoding]
    width = {"utf-8": 1, "utf-16": 2, "utf-32": 4}[encoding]
    return start + len(line.encode(codec)[: position.character * width].decode(codec))


def apply_text_edits(text: str, edits: Sequence[types.TextEdit], encoding: str) -> str:
    for edit in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        text = (
            text[: offset(text, edit.range.start, encoding)]
            + edit.new_text
            + text[offset(text, edit.range.end, encoding) :]
        )
    return text


def workspace_edits(
    client: LanguageClient, edit: types.WorkspaceEdit | None, uri: str, version: int
) -> list[types.TextEdit]:
    """The edits for one document, checking the shape each client asked for."""
    assert edit is not None
    if client.encoding == "utf-16":  # type: ignore[attr-defined]  # the VS Code profile: documentChanges
        assert edit.changes is None and edit.document_changes is not None
        (change,) = edit.document_changes
        assert isinstance(change, types.TextDocumentEdit)
        assert (change.text_document.uri, change.text_document.version) == (uri, version)
        return list(change.edits)  # type: ignore[arg-type]
    assert edit.document_changes is None and edit.changes is not None
    return list(edit.changes[uri])


# --- completion ---------------------------------------------------------------------------------


async def complete(
    client: LanguageClient, uri: str, line: int, character: int
) -> types.CompletionList:
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=doc_id(uri), position=types.Position(line=line, character=character)
        )
    )
    assert isinstance(result, types.CompletionList)
    return result


async def test_completion_offers_status_values_with_meanings_at_the_exact_range(
    client: LanguageClient,
) -> None:
    uri = "file:///tmp/complete-status.md"
    open_document(client, uri, DOC)
    result = await complete(client, uri, 6, 8)
    assert [item.label for item in result.items][:3] == ["Draft", "Discussion", "Accepted"]
    draft = result.items[0]
    assert draft.detail == "Being written; not yet ready for review."
    assert draft.text_edit == types.TextEdit(
        range=types.Range(start=types.Position(6, 8), end=types.Position(6, 8)), new_text="Draft"
    )
    assert draft.kind == types.CompletionItemKind.Value


def git_repository(path: Path, name: str, email: str) -> None:
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    subprocess.run(["git", "-C", str(path), "config", "user.name", name], check=True)
    subprocess.run(["git", "-C", str(path), "config", "user.email", email], check=True)


async def test_completion_offers_missing_fields_replacing_the_typed_word(
    client: LanguageClient,
) -> None:
    uri = "file:///tmp/complete-field.md"
    open_document(client, uri, DOC.replace("Status: \n", "Status: Draft\nTy\n\n"))
    result = await complete(client, uri, 7, 2)  # only what starts with the typed word
    assert [(item.label, item.text_edit) for item in result.items] == [
        (
            "Type: ",
            types.TextEdit(
                range=types.Range(start=types.Position(7, 0), end=types.Position(7, 2)),
                new_text="Type: ",
            ),
        )
    ]
    result = await complete(client, uri, 8, 0)
    assert [(item.label, item.text_edit) for item in result.items] == [
        (
            text,
            types.TextEdit(
                range=types.Range(start=types.Position(8, 0), end=types.Position(8, 0)),
                new_text=text,
            ),
        )
        for text in ("Type: ", f"Updated: {TODAY}", "Version: 0.1")
    ]


async def test_completion_converts_ranges_after_non_ascii_text(
    client: LanguageClient, tmp_path: Path
) -> None:
    git_repository(tmp_path, "Grace Hopper", "grace@corp.test")
    uri = (tmp_path / "coauthor.md").as_uri()
    line = "Author: Zoë Ng <zoe@corp.test>, "
    open_document(client, uri, DOC.replace("Author: Zoë Ng <zoe@corp.test>", line))
    # After "Zoë" columns differ per encoding: ë is 2 UTF-8 bytes but 1 UTF-16 unit.
    end = len(line.encode("utf-8")) if client.encoding == "utf-8" else len(line)  # type: ignore[attr-defined]
    result = await complete(client, uri, 5, end)
    assert [(item.label, item.text_edit) for item in result.items] == [
        (
            "Grace Hopper <grace@corp.test>",
            types.TextEdit(
                range=types.Range(start=types.Position(5, end), end=types.Position(5, end)),
                new_text="Grace Hopper <grace@corp.test>",
            ),
        )
    ]


async def test_completion_of_a_heading_with_its_skeleton_inserts_the_template_text(
    client: LanguageClient,
) -> None:
    uri = "file:///tmp/complete-heading.md"
    text = DOC + "## Ra"
    open_document(client, uri, text)
    line = text.count("\n")
    result = await complete(client, uri, line, 5)
    # Filtered by the typed "Ra"; both items read as the line they write (the second says more).
    assert [(item.label, item.kind) for item in result.items] == [
        ("Rationale", types.CompletionItemKind.Text),
        ("Rationale", types.CompletionItemKind.Snippet),
    ]
    assert result.items[1].detail is not None and result.items[1].detail.startswith(
        "heading with the template's skeleton"
    )
    skeleton = result.items[1]
    assert skeleton.text_edit is not None and isinstance(skeleton.text_edit, types.TextEdit)
    assert skeleton.text_edit.range == types.Range(
        start=types.Position(line, 3), end=types.Position(line, 5)
    )
    rationale = default_schema().find_section("Rationale", None)
    assert apply_text_edits(text, [skeleton.text_edit], client.encoding) == DOC + rationale.skeleton  # type: ignore[attr-defined]


async def test_completion_in_an_empty_document_is_the_whole_template_as_a_snippet(
    client: LanguageClient,
) -> None:
    uri = "file:///tmp/complete-empty.md"
    open_document(client, uri, "")
    result = await complete(client, uri, 0, 0)
    (item,) = result.items
    assert (item.label, item.insert_text_format, item.kind) == (
        "# [Clear, descriptive title (50 characters or less)]",
        types.InsertTextFormat.Snippet,
        types.CompletionItemKind.Snippet,
    )
    assert item.text_edit is not None
    assert item.text_edit.new_text.split("\n")[:5] == [
        "# ${2:[Clear, descriptive title (50 characters or less)]}",
        "",
        "```",
        "PEP: $1",
        "Title: $2",
    ]
    assert f"Created: ${{6:{TODAY}}}" in item.text_edit.new_text


async def test_completion_offers_the_author_from_the_documents_git_repository(
    client: LanguageClient, tmp_path: Path
) -> None:
    git_repository(tmp_path, "Grace Hopper", "grace@corp.test")
    uri = (tmp_path / "pep.md").as_uri()
    open_document(client, uri, DOC.replace("Author: Zoë Ng <zoe@corp.test>", "Author: "))
    result = await complete(client, uri, 5, 8)
    assert [(item.label, item.detail) for item in result.items] == [
        ("Grace Hopper <grace@corp.test>", "from git config user.name and user.email")
    ]


async def test_completion_is_empty_in_code_and_for_unopened_documents(
    client: LanguageClient,
) -> None:
    uri = "file:///tmp/complete-code.md"
    text = DOC + "```\n## \n```\n"
    open_document(client, uri, text)
    assert list((await complete(client, uri, DOC.count("\n") + 1, 3)).items) == []
    assert list((await complete(client, "file:///tmp/never-opened.md", 0, 0)).items) == []
    assert [item.label for item in (await complete(client, uri, 6, 400)).items][:1] == [
        "Draft"
    ]  # clamped to the line


# --- code actions -------------------------------------------------------------------------------


async def code_actions(
    client: LanguageClient,
    uri: str,
    rng: types.Range,
    diagnostics: list[types.Diagnostic],
    only: list[str] | None = None,
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc_id(uri),
            range=rng,
            context=types.CodeActionContext(diagnostics=diagnostics, only=only),
        )
    )
    assert result is not None
    return [action for action in result if isinstance(action, types.CodeAction)]


async def test_quick_fix_names_its_diagnostic_and_its_edit_round_trips(
    client: LanguageClient,
) -> None:
    uri = "file:///tmp/fix-type.md"
    text = fixture_text("half-filled.md")
    open_document(client, uri, text, version=3)
    diagnostics = await client.published.wait(uri, version=3)  # type: ignore[attr-defined]
    wrong_type = next(d for d in diagnostics if d.code == "H205")
    actions = await code_actions(client, uri, wrong_type.range, [wrong_type])
    assert [(a.title, a.kind, a.is_preferred) for a in actions] == [
        ("Replace with 'Standard'", "quickfix", True),
        ("Apply all safe fixes", "source.fixAll.pep-lsp", None),
        ("Suppress H205 in the header block (lines 3-12)", "quickfix", None),
    ]
    assert list(actions[0].diagnostics or []) == [wrong_type]
    fixed = apply_text_edits(
        text, workspace_edits(client, actions[0].edit, uri, 3), client.encoding
    )  # type: ignore[attr-defined]
    assert fixed == text.replace("Type: Standrad", "Type: Standard")
    change_document(client, uri, 4, (0, 0), (len(text.split("\n")), 0), fixed)
    after = await client.published.wait(uri, version=4)  # type: ignore[attr-defined]
    assert summary(after) == summary([d for d in diagnostics if d is not wrong_type])


async def test_insert_missing_section_puts_the_skeleton_in_template_position(
    client: LanguageClient,
) -> None:
    uri = "file:///tmp/fix-section.md"
    text = fixture_text("draft.md")
    open_document(client, uri, text)
    diagnostics = await client.published.wait(uri, version=1)  # type: ignore[attr-defined]
    rationale = next(
        d for d in diagnostics if d.message.startswith("Missing important section 'Rationale'")
    )
    actions = await code_actions(client, uri, rationale.range, [rationale])
    assert [(a.title, a.is_preferred) for a in actions] == [
        ("Insert missing section 'Rationale'", True),
        ("Insert all missing sections", None),
        ("Suppress S101 on this line", None),
    ]
    result = apply_text_edits(
        text, workspace_edits(client, actions[0].edit, uri, 1), client.encoding
    )  # type: ignore[attr-defined]
    lines = text.split("\n")
    use_cases_end = lines.index(
        "## Specification"
    )  # Rationale goes after Motivation, before Specification
    skeleton = default_schema().find_section("Rationale", None).skeleton
    assert result == "\n".join(lines[: use_cases_end - 1]) + "\n\n" + skeleton + "\n\n" + "\n".join(
        lines[use_cases_end:]
    )
    assert "Rationale" not in {f.subject for f in check(result) if f.code == "S101"}


async def test_source_actions_and_fix_all_on_request(client: LanguageClient) -> None:
    uri = "file:///tmp/fix-source.md"
    text = template_text()
    open_document(client, uri, text)
    await client.published.wait(uri, version=1)  # type: ignore[attr-defined]
    start = types.Range(start=types.Position(0, 0), end=types.Position(0, 0))
    actions = await code_actions(client, uri, start, [], only=["source"])
    assert [(a.title, a.kind) for a in actions] == [
        ("Remove all instruction text", "source.pep-lsp.removeInstructions"),
        ("Remove the 'Author Instructions' section", "source.pep-lsp.removeAuthorInstructions"),
    ]
    removed = apply_text_edits(
        text, workspace_edits(client, actions[1].edit, uri, 1), client.encoding
    )  # type: ignore[attr-defined]
    assert removed == text[: text.index("## Author Instructions")].rstrip("\n") + "\n"
    assert (
        await code_actions(client, uri, start, [], only=["source.fixAll"]) == []
    )  # nothing safe to fix in the template


async def test_code_actions_for_an_unopened_document_are_empty(client: LanguageClient) -> None:
    rng = types.Range(start=types.Position(0, 0), end=types.Position(99, 0))
    assert await code_actions(client, "file:///tmp/never-opened.md", rng, []) == []


# --- hover, outline, folding, lens --------------------------------------------------------------


async def test_hover_on_a_field_and_on_nothing(client: LanguageClient) -> None:
    uri = "file:///tmp/hover.md"
    open_document(client, uri, DOC)
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=doc_id(uri), position=types.Position(7, 2))
    )
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    assert result.contents.kind == types.MarkupKind.Markdown
    assert (
        result.contents.value
        == "**Created**: header field 6 of 8\n\nA date written `DD-MM-YYYY`.\n\nTemplate: `[DD-MM-YYYY]`"
    )
    assert result.range == types.Range(start=types.Position(7, 0), end=types.Position(7, 19))
    assert (
        await client.text_document_hover_async(
            types.HoverParams(text_document=doc_id(uri), position=types.Position(12, 2))
        )
        is None
    )
    assert (
        await client.text_document_hover_async(
            types.HoverParams(
                text_document=doc_id("file:///tmp/never-opened.md"), position=types.Position(0, 0)
            )
        )
        is None
    )


async def test_document_symbols_are_the_title_holding_the_header_and_the_section_tree(
    client: LanguageClient,
) -> None:
    uri = "file:///tmp/symbols.md"
    open_document(client, uri, DOC)
    result = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc_id(uri))
    )
    assert result is not None

    def flat(symbol: types.DocumentSymbol) -> tuple:
        r = symbol.range
        return (
            symbol.name,
            symbol.kind,
            (r.start.line, r.start.character, r.end.line, r.end.character),
            [flat(child) for child in symbol.children or []],
        )

    author_end = (
        len("Author: Zoë Ng <zoe@corp.test>".encode()) if client.encoding == "utf-8" else 30
    )  # type: ignore[attr-defined]
    # The `# Title` heading is the root (File); sections are Namespaces (issue 12 item 8).
    assert [flat(s) for s in result] == [  # type: ignore[arg-type]
        (
            "PEP 9100: Tidy logs",
            types.SymbolKind.File,
            (0, 0, 16, 47),
            [
                (
                    "Header",
                    types.SymbolKind.Module,
                    (2, 0, 8, 3),
                    [
                        ("PEP", types.SymbolKind.Field, (3, 0, 3, 9), []),
                        ("Title", types.SymbolKind.Field, (4, 0, 4, 16), []),
                        ("Author", types.SymbolKind.Field, (5, 0, 5, author_end), []),
                        ("Status", types.SymbolKind.Field, (6, 0, 6, 8), []),
                        ("Created", types.SymbolKind.Field, (7, 0, 7, 19), []),
                    ],
                ),
                ("Abstract", types.SymbolKind.Namespace, (10, 0, 12, 16), []),
                ("Motivation", types.SymbolKind.Namespace, (14, 0, 16, 47), []),
            ],
        ),
    ]
    [root] = result  # type: ignore[misc]
    assert root.selection_range == types.Range(
        start=types.Position(0, 2), end=types.Position(0, 21)
    )  # type: ignore[union-attr]
    assert_empty(
        await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=doc_id("file:///tmp/never-opened.md"))
        )
    )


async def test_folding_ranges_cover_the_header_and_sections(client: LanguageClient) -> None:
    uri = "file:///tmp/folding.md"
    open_document(client, uri, DOC)
    result = await client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=doc_id(uri))
    )
    assert [(r.start_line, r.end_line, r.kind) for r in result or []] == [
        (2, 8, types.FoldingRangeKind.Region),
        (10, 12, types.FoldingRangeKind.Region),
        (14, 16, types.FoldingRangeKind.Region),
    ]
    assert_empty(
        await client.text_document_folding_range_async(
            types.FoldingRangeParams(text_document=doc_id("file:///tmp/never-opened.md"))
        )
    )


async def test_code_lens_shows_progress_and_follows_edits(client: LanguageClient) -> None:
    uri = "file:///tmp/lens.md"
    open_document(client, uri, DOC)

    async def lens() -> list[tuple]:
        result = await client.text_document_code_lens_async(
            types.CodeLensParams(text_document=doc_id(uri))
        )
        return [
            (
                lens.range.start.line,
                lens.range.start.character,
                lens.command.title if lens.command else None,
            )
            for lens in result or []
        ]

    assert await lens() == [
        (0, 0, "Sections 1/12 · no placeholders left · 1 instruction left · Abstract 3/300 words")
    ]
    change_document(client, uri, 2, (12, 0), (12, 16), "Logs get much tidier [Date].")
    assert await lens() == [
        (0, 0, "Sections 0/12 · 1 placeholder left · 1 instruction left · Abstract 5/300 words")
    ]
    assert_empty(
        await client.text_document_code_lens_async(
            types.CodeLensParams(text_document=doc_id("file:///tmp/never-opened.md"))
        )
    )
