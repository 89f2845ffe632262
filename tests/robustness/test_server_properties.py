"""Properties 1, 2 and 4 over stdio, against the real server process.

- P1: random didChange sequences (UTF-16 ranges, out of range, inside surrogate pairs,
  several changes per notification) end in the diagnostics of a fresh check of the text.
- P2: every range in what the server returns lies inside the client's text on UTF-16
  boundaries, start before end: diagnostics now, and symbols, folding ranges, hover, code
  actions, completion and code lenses once the server advertises them (until then those
  tests skip, saying which capability is missing).
- P4: hostile documents and hostile requests leave the server alive and answering.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from pep_lsp.engine.check import check
from pep_lsp.lsp.convert import to_diagnostics
from pep_lsp.model.document import Document
from pep_lsp.template import default_schema
from tests.robustness.ranges import RangeChecker
from tests.robustness.report import count, scaled
from tests.robustness.session import ServerSession
from tests.robustness.strategies import LspEdit, apply_lsp_edit, documents, lsp_edit, pep_documents

SCHEMA = default_schema()
_uris = itertools.count(1)


@pytest.fixture(scope="module")
def server() -> Iterator[ServerSession]:
    session = ServerSession()
    yield session
    try:
        session.assert_alive()
    finally:
        session.close()


def same_units(text: str) -> str:
    """JSON decoding joins an escaped surrogate pair into one character; compare as UTF-16."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def summary(diagnostics: list[types.Diagnostic]) -> list[tuple]:
    return [
        (
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
            str(d.code),
            same_units(d.message),
            int(d.severity or 0),
        )
        for d in diagnostics
    ]


def expected_diagnostics(text: str, encoding: str, claimed: bool = False) -> list[types.Diagnostic]:
    document = Document(text, SCHEMA)
    return to_diagnostics(document.model.lines, check(text, claimed=claimed), encoding)


def to_change(edit: LspEdit) -> types.TextDocumentContentChangePartial:
    return types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(*edit.start), end=types.Position(*edit.end)),
        text=edit.text,
    )


# --- P1 and P2 (diagnostics) over stdio ------------------------------------------------------


@settings(max_examples=scaled(80))
@given(text=st.one_of(documents(max_pieces=15), pep_documents()), data=st.data())
def test_stdio_change_sequences_publish_the_diagnostics_of_a_fresh_check(
    server: ServerSession, text: str, data: st.DataObject
) -> None:
    uri = f"file:///p1/{next(_uris)}.md"
    server.open(uri, text, version=1)
    checker = RangeChecker(text, server.encoding)
    for diagnostic in server.diagnostics(uri, 1):
        checker.check_range(diagnostic.range, f"diagnostic {diagnostic.code}")
    version = 1
    expected = text
    for _ in range(data.draw(st.integers(1, 6), label="notifications")):
        changes = []
        for _ in range(data.draw(st.integers(1, 3), label="changes in one notification")):
            edit = data.draw(lsp_edit(expected))
            expected = apply_lsp_edit(expected, edit)
            changes.append(to_change(edit))
        version += 1
        server.change(uri, version, changes)
        count("P1 stdio edits", len(changes))
    published = server.diagnostics(uri, version)
    checker = RangeChecker(expected, server.encoding)
    for diagnostic in published:
        checker.check_range(diagnostic.range, f"diagnostic {diagnostic.code}")
    assert summary(published) == summary(expected_diagnostics(expected, server.encoding))
    server.close_document(uri)
    count("P1 stdio edit sequences")
    count("P2 stdio diagnostics checked", len(published))


# --- P2 for the editing features, as they are advertised -------------------------------------


def ranges_in(value: Any, path: str = "result") -> Iterator[tuple[str, types.Range]]:
    """Every Range inside a response, wherever it is nested."""
    if isinstance(value, types.Range):
        yield path, value
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from ranges_in(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from ranges_in(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from ranges_in(item, f"{path}[{key!r}]")


def check_response(value: Any, text: str, encoding: str, uri: str) -> int:
    checker = RangeChecker(text, encoding)
    checked = 0
    for path, rng in ranges_in(value):
        checker.check_range(rng, path)
        checked += 1
    for item in value if isinstance(value, (list, tuple)) else []:
        if isinstance(item, types.FoldingRange):
            assert 0 <= item.start_line <= item.end_line < len(checker.lines), (
                f"folding range {item} outside the document"
            )
            checked += 1
    for symbol in _symbols(value):
        inner, outer = symbol.selection_range, symbol.range
        assert (outer.start.line, outer.start.character) <= (
            inner.start.line,
            inner.start.character,
        ), f"{symbol.name}: selection outside range"
        assert (inner.end.line, inner.end.character) <= (outer.end.line, outer.end.character), (
            f"{symbol.name}: selection outside range"
        )
    for edit in _workspace_edits(value):
        assert set(edit.changes or {}) <= {uri}, (
            f"an edit touches another document: {set(edit.changes or {})}"
        )
    return checked


def _symbols(value: Any) -> Iterator[types.DocumentSymbol]:
    for item in value if isinstance(value, (list, tuple)) else []:
        if isinstance(item, types.DocumentSymbol):
            yield item
            yield from _symbols(item.children or [])


def _workspace_edits(value: Any) -> Iterator[types.WorkspaceEdit]:
    for item in value if isinstance(value, (list, tuple)) else []:
        edit = getattr(item, "edit", None)
        if isinstance(edit, types.WorkspaceEdit):
            yield edit


def _position(data: st.DataObject, text: str) -> types.Position:
    lines = RangeChecker(text).lines
    line = data.draw(st.integers(0, len(lines) + 1))
    width = (
        len(same_units(lines[line]).encode("utf-16-le", "surrogatepass")) // 2
        if line < len(lines)
        else 0
    )
    return types.Position(line, data.draw(st.integers(0, width + 2)))


def _range(data: st.DataObject, text: str) -> types.Range:
    a, b = _position(data, text), _position(data, text)
    return types.Range(*sorted([a, b], key=lambda p: (p.line, p.character)))


FEATURES: dict[str, tuple[str, Any]] = {
    "document_symbol_provider": (
        types.TEXT_DOCUMENT_DOCUMENT_SYMBOL,
        lambda uri, data, text: types.DocumentSymbolParams(types.TextDocumentIdentifier(uri)),
    ),
    "folding_range_provider": (
        types.TEXT_DOCUMENT_FOLDING_RANGE,
        lambda uri, data, text: types.FoldingRangeParams(types.TextDocumentIdentifier(uri)),
    ),
    "hover_provider": (
        types.TEXT_DOCUMENT_HOVER,
        lambda uri, data, text: types.HoverParams(
            types.TextDocumentIdentifier(uri), _position(data, text)
        ),
    ),
    "completion_provider": (
        types.TEXT_DOCUMENT_COMPLETION,
        lambda uri, data, text: types.CompletionParams(
            types.TextDocumentIdentifier(uri), _position(data, text)
        ),
    ),
    "code_lens_provider": (
        types.TEXT_DOCUMENT_CODE_LENS,
        lambda uri, data, text: types.CodeLensParams(types.TextDocumentIdentifier(uri)),
    ),
    "code_action_provider": (
        types.TEXT_DOCUMENT_CODE_ACTION,
        lambda uri, data, text: types.CodeActionParams(
            types.TextDocumentIdentifier(uri),
            _range(data, text),
            types.CodeActionContext(diagnostics=[]),
        ),
    ),
}


@pytest.mark.parametrize("capability", sorted(FEATURES))
def test_feature_ranges_lie_inside_the_document(server: ServerSession, capability: str) -> None:
    assert server.advertises(capability), f"the server does not advertise {capability}"
    method, make_params = FEATURES[capability]

    @settings(max_examples=scaled(25))
    @given(text=st.one_of(documents(max_pieces=15), pep_documents()), data=st.data())
    def run(text: str, data: st.DataObject) -> None:
        uri = f"file:///p2/{next(_uris)}.md"
        server.open(uri, text)
        server.diagnostics(uri, 1)
        for _ in range(3):
            result = server.request(method, make_params(uri, data, text))
            count(
                f"P2 stdio ranges checked: {method}",
                check_response(result, text, server.encoding, uri),
            )
        server.close_document(uri)
        count(f"P2 stdio documents: {method}")

    run()
