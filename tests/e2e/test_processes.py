"""Issue 14 in the editor: a document of another process gets its own template's behaviour
(the EIP template: YAML front matter, comment instructions), a stub that points elsewhere gets
nothing, over stdio."""

from __future__ import annotations

import shutil
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from pep_lsp.config import resolve
from pep_lsp.engine.check import check
from tests.e2e.conftest import open_document

PROCESSES = Path(__file__).resolve().parents[1] / "data" / "processes"


def eip_project(root: Path) -> Path:
    shutil.copytree(PROCESSES / "eips", root / "eips")
    return root / "eips" / "EIPS"


async def test_an_eip_gets_the_eip_templates_findings(
    client: LanguageClient, tmp_path: Path
) -> None:
    folder = eip_project(tmp_path)
    document = folder / "eip-7612.md"
    text = document.read_text()
    open_document(client, document.as_uri(), text)
    diagnostics = await client.published.wait(document.as_uri(), version=1)  # type: ignore[attr-defined]
    found = [(d.range.start.line, d.range.end.line, str(d.code), d.message) for d in diagnostics]
    assert [item for item in found if item[2].startswith(("L", "S", "H"))] == [
        (
            153,
            153,
            "L102",
            "Placeholder No backward compatibility issues found. left in 'Backwards Compatibility': "
            "replace it with real content",
        ),
        (155, 155, "S104", "Section 'Test Cases' is empty: write it or remove the heading"),
        (
            157,
            164,
            "L101",
            "Template instructions left in 'Test Cases': replace them with your own text",
        ),
        (
            172,
            178,
            "L101",
            "Template instructions left in 'Security Considerations': replace them with your own text",
        ),
        (
            180,
            180,
            "L102",
            "Placeholder Needs discussion. left in 'Security Considerations': replace it with real content",
        ),
    ]
    # What the CLI says with the same configuration.
    settings = resolve(document).settings
    assert [(d.range.start.line, str(d.code), d.message) for d in diagnostics] == [
        (f.span.start.line, f.code, f.message) for f in check(text, settings)
    ]
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(
            text_document=types.TextDocumentIdentifier(uri=document.as_uri())
        )
    )
    assert symbols is not None
    # The front matter is the header (its fields the children), not a setext heading.
    header, first = symbols[:2]
    assert (header.name, first.name) == ("Header", "Abstract")  # type: ignore[union-attr]
    assert [f.name for f in header.children or []][:3] == ["eip", "title", "description"]  # type: ignore[union-attr]


async def test_a_moved_stub_gets_nothing(client: LanguageClient, tmp_path: Path) -> None:
    folder = eip_project(tmp_path)
    document = folder / "eip-1046.md"
    open_document(client, document.as_uri(), document.read_text())
    assert await client.published.wait(document.as_uri(), version=1) == []  # type: ignore[attr-defined]
