"""Diagnostics over stdio: publishing on open, change, save and close; positions at the edge."""

from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from pep_lsp.engine.check import check
from tests.conftest import template_text
from tests.e2e.conftest import change_document, open_document, summary

HEADER = """# PEP 9100: Tidy logs

```
PEP: 9100
Title: Tidy logs
Author: Ada Lovelace <ada@corp.test>
Status: Discussion
Type: Standard
Created: 01-09-2026
Updated: 02-09-2026
Version: 1.0
```
"""

SECTIONS = """
## Abstract

Logs get tidier.

## Motivation

Logs are untidy today.

## Specification

Every service writes one JSON object a line.
"""


async def test_open_publishes_every_template_leftover_at_its_range(client: LanguageClient) -> None:
    uri = "file:///tmp/template.md"
    text = template_text()
    open_document(client, uri, text)
    diagnostics = await client.published.wait(uri, version=1)  # type: ignore[attr-defined]
    assert len(diagnostics) == len(check(text)) == 133
    assert {d.source for d in diagnostics} == {"pep-lsp"}
    first = diagnostics[0]
    assert (first.code, first.severity, first.message) == (
        "L102",
        types.DiagnosticSeverity.Information,
        "Placeholder [Number - assigned by core team, leave blank for draft] left in the header: replace it with real content",
    )
    assert first.range == types.Range(start=types.Position(3, 5), end=types.Position(3, 60))
    last = diagnostics[-1]
    assert (
        last.code,
        last.range.start.line,
        last.range.start.character,
        last.range.end.character,
    ) == ("L105", 333, 3, 22)


async def test_change_removes_and_restores_a_section(client: LanguageClient) -> None:
    uri = "file:///tmp/tidy.md"
    text = HEADER + SECTIONS
    open_document(client, uri, text)
    before = await client.published.wait(uri, version=1)  # type: ignore[attr-defined]
    assert not [d for d in before if d.message.startswith("Missing essential section 'Motivation'")]
    motivation_line = text.split("\n").index("## Motivation")
    # Delete "## Motivation", its blank line, its paragraph and the blank line after it.
    change_document(client, uri, 2, (motivation_line, 0), (motivation_line + 4, 0), "")
    removed = await client.published.wait(uri, version=2)  # type: ignore[attr-defined]
    missing = [d for d in removed if d.message.startswith("Missing essential section 'Motivation'")]
    abstract_line = text.split("\n").index("## Abstract")
    assert summary(missing) == [
        (
            abstract_line,
            3,
            abstract_line,
            11,
            "S101",
            "Missing essential section 'Motivation' (it belongs after 'Abstract')",
            1,
        ),
    ]
    change_document(
        client,
        uri,
        3,
        (motivation_line, 0),
        (motivation_line, 0),
        "## Motivation\n\nLogs are untidy today.\n\n",
    )
    restored = await client.published.wait(uri, version=3)  # type: ignore[attr-defined]
    assert summary(restored) == summary(before)


async def test_close_clears_diagnostics(client: LanguageClient) -> None:
    uri = "file:///tmp/closing.md"
    open_document(client, uri, template_text())
    assert await client.published.wait(uri, version=1)  # type: ignore[attr-defined]
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert await client.published.wait(uri, count=1) == []  # type: ignore[attr-defined]


async def test_save_republishes_with_the_version(client: LanguageClient) -> None:
    uri = "file:///tmp/saved.md"
    open_document(client, uri, HEADER + SECTIONS, version=7)
    first = await client.published.wait(uri, version=7)  # type: ignore[attr-defined]
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    again = await client.published.wait(uri, count=1)  # type: ignore[attr-defined]
    assert summary(again) == summary(first)
    assert client.published.by_uri[uri][1].version == 7  # type: ignore[attr-defined]


async def test_crlf_and_lf_give_identical_diagnostics(client: LanguageClient) -> None:
    text = template_text()
    open_document(client, "file:///tmp/lf.md", text)
    open_document(client, "file:///tmp/crlf.md", text.replace("\n", "\r\n"))
    lf = await client.published.wait("file:///tmp/lf.md", version=1)  # type: ignore[attr-defined]
    crlf = await client.published.wait("file:///tmp/crlf.md", version=1)  # type: ignore[attr-defined]
    assert summary(crlf) == summary(lf)
    assert len(lf) == 133


async def test_astral_characters_before_a_placeholder_shift_the_utf16_range(
    client: LanguageClient,
) -> None:
    uri = "file:///tmp/astral.md"
    text = HEADER + SECTIONS + "\n## Timeline\n\nShip 😀😀 by [Date].\n"
    open_document(client, uri, text)
    diagnostics = await client.published.wait(uri, version=1)  # type: ignore[attr-defined]
    placeholders = [d for d in diagnostics if d.code == "L102"]
    line = text.split("\n").index("Ship 😀😀 by [Date].")
    # Each emoji is 2 UTF-16 units (4 UTF-8 bytes, 1 code point), "Ship " 5 and " by " 4.
    emoji = {"utf-16": 2, "utf-8": 4, "utf-32": 1}[client.encoding]  # type: ignore[attr-defined]
    start = 5 + 2 * emoji + 4
    message = "Placeholder [Date] left in 'Timeline': replace it with real content"
    assert summary(placeholders) == [(line, start, line, start + 6, "L102", message, 2)]
    # An edit given in client units right after the emoji lands after them, not inside one.
    change_document(client, uri, 2, (line, 5 + 2 * emoji), (line, 5 + 2 * emoji), "!")
    changed = await client.published.wait(uri, version=2)  # type: ignore[attr-defined]
    assert summary([d for d in changed if d.code == "L102"]) == [
        (line, start + 1, line, start + 7, "L102", message, 2)
    ]
    # A position inside a surrogate pair (UTF-16 only) snaps to the start of the character.
    if client.encoding == "utf-16":  # type: ignore[attr-defined]
        change_document(client, uri, 3, (line, 6), (line, 6), "?")
        inside = await client.published.wait(uri, version=3)  # type: ignore[attr-defined]
        assert summary([d for d in inside if d.code == "L102"]) == [
            (line, start + 2, line, start + 8, "L102", message, 2)
        ]


async def test_markdown_that_is_not_a_pep_gets_an_empty_list(client: LanguageClient) -> None:
    uri = "file:///tmp/README.md"
    open_document(
        client, uri, "# My project\n\nSee [the docs].\n\n## Install\n\n```\npip install x\n```\n"
    )
    assert await client.published.wait(uri, version=1) == []  # type: ignore[attr-defined]


async def test_server_and_check_agree_on_every_fixture(client: LanguageClient) -> None:
    from tests.conftest import FIXTURES

    for index, path in enumerate(sorted(FIXTURES.glob("*.md"))):
        uri = f"file:///tmp/fixture-{index}.md"
        text = path.read_text(encoding="utf-8")
        open_document(client, uri, text)
        diagnostics = await client.published.wait(uri, version=1)  # type: ignore[attr-defined]
        expected = [(f.span.start.line, f.code, f.message, int(f.severity)) for f in check(text)]
        assert [
            (d.range.start.line, d.code, d.message, int(d.severity or 0)) for d in diagnostics
        ] == expected, path.name
        if path.name == "complete.md":
            assert diagnostics == []
