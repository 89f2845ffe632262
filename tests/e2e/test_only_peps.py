"""The server lints only PEPs (issue 12 item 5): real Markdown of other processes opened in the
editor gets an empty diagnostics list, no outline and no progress lens; a `pep-0012.md` file
is a PEP by its name, and is told its header is missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.e2e.conftest import open_document

NOT_PEPS = Path(__file__).resolve().parents[1] / "data" / "not-peps"
SECTIONS_ONLY = "## Abstract\n\nWe cache.\n\n## Motivation\n\nReads are slow.\n"


@pytest.mark.parametrize(
    "name",
    ["eips/README.md", "eips/EIPS/eip-1153.md", "rfcs/text/2582-raw-reference-mir-operator.md"],
)
async def test_opening_markdown_of_another_process_publishes_nothing(
    client: LanguageClient, tmp_path: Path, name: str
) -> None:
    uri = (tmp_path / Path(name).name).as_uri()
    open_document(client, uri, (NOT_PEPS / name).read_text(encoding="utf-8"))
    assert await client.published.wait(uri, version=1) == []  # type: ignore[attr-defined]
    document = types.TextDocumentIdentifier(uri=uri)
    assert await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=document)
    ) in ((), [], None)
    assert await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=document)
    ) in ((), [], None)


async def test_a_design_note_publishes_nothing_and_a_pep_file_name_gets_h100(
    client: LanguageClient, tmp_path: Path
) -> None:
    note = (tmp_path / "design.md").as_uri()
    open_document(client, note, SECTIONS_ONLY)
    assert await client.published.wait(note, version=1) == []  # type: ignore[attr-defined]
    pep = (tmp_path / "pep-0012.md").as_uri()
    open_document(client, pep, SECTIONS_ONLY)
    diagnostics = await client.published.wait(pep, version=1)  # type: ignore[attr-defined]
    assert [
        (d.code, d.range.start.line, d.range.start.character)
        for d in diagnostics
        if d.code == "H100"
    ] == [("H100", 0, 0)]
