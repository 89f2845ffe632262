"""Property 4 over stdio: hostile documents, hostile requests and malformed messages leave
the server alive and answering; every bad request gets a JSON-RPC error or an empty result."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from tests.robustness.ranges import RangeChecker
from tests.robustness.report import count, scaled
from tests.robustness.session import ServerSession
from tests.robustness.strategies import COMPLETE, LspEdit, apply_lsp_edit, hostile_documents
from tests.robustness.test_server_properties import expected_diagnostics, summary, to_change

HOSTILE = hostile_documents()
_uris = itertools.count(1)
INVALID_PARAMS = -32602
INVALID_REQUEST = -32600


@pytest.fixture(scope="module")
def server() -> Iterator[ServerSession]:
    session = ServerSession()
    yield session
    try:
        session.assert_alive()
        # pygls logs a traceback for every message it cannot deserialise; none may pass
        # through our own code (that would be pep-lsp raising on hostile input).
        ours = [
            line
            for line in session.stderr
            if "/pep_lsp/" in line and 'File "' in line and "in structure_message" not in line
        ]
        assert not ours, "".join(session.stderr)
    finally:
        session.close()


# --- hostile documents --------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_document_gets_the_diagnostics_of_a_fresh_check(
    server: ServerSession, name: str
) -> None:
    text = HOSTILE[name]
    uri = f"file:///hostile/{name}.md"
    server.open(uri, text)
    published = server.diagnostics(uri, 1)
    assert summary(published) == summary(expected_diagnostics(text, server.encoding))
    checker = RangeChecker(text, server.encoding)
    for diagnostic in published:
        checker.check_range(diagnostic.range, f"diagnostic {diagnostic.code}")
    # Open a fence in the middle, then type an astral character at the very end (one
    # notification, two changes: the second one's range is after the first was applied).
    lines = checker.lines
    middle, last = len(lines) // 2, len(lines) - 1
    end = (last + 1, len(lines[last].encode("utf-16-le", "surrogatepass")) // 2)
    edits = [LspEdit((middle, 0), (middle, 0), "```\n"), LspEdit(end, end, "😀")]
    server.change(uri, 2, [to_change(edit) for edit in edits])
    edited = apply_lsp_edit(apply_lsp_edit(text, edits[0]), edits[1])
    assert summary(server.diagnostics(uri, 2)) == summary(
        expected_diagnostics(edited, server.encoding)
    )
    server.close_document(uri)
    assert server.diagnostics(uri, None) == []
    server.ping()
    count("P4 stdio hostile documents")


# --- malformed messages, written as raw bytes ------------------------------------------------

OPEN_URI = "file:///hostile/open.md"

MALFORMED_REQUESTS: dict[str, tuple[str, Any, int | None]] = {
    # name: (method, params, the error code expected; None: a result or any error)
    "params-of-the-wrong-shape": (types.TEXT_DOCUMENT_HOVER, {"bogus": 1}, INVALID_PARAMS),
    "params-null-where-required": (types.TEXT_DOCUMENT_DOCUMENT_SYMBOL, None, INVALID_PARAMS),
    "params-an-array": (types.TEXT_DOCUMENT_FOLDING_RANGE, [1, 2, 3], INVALID_PARAMS),
    "position-missing": (
        types.TEXT_DOCUMENT_HOVER,
        {"textDocument": {"uri": OPEN_URI}},
        INVALID_PARAMS,
    ),
    "position-a-string": (
        types.TEXT_DOCUMENT_HOVER,
        {"textDocument": {"uri": OPEN_URI}, "position": "start"},
        INVALID_PARAMS,
    ),
    "uri-a-number": (types.TEXT_DOCUMENT_DOCUMENT_SYMBOL, {"textDocument": {"uri": 42}}, None),
    "negative-position": (
        types.TEXT_DOCUMENT_HOVER,
        {"textDocument": {"uri": OPEN_URI}, "position": {"line": -1, "character": -5}},
        None,
    ),
    "huge-position": (
        types.TEXT_DOCUMENT_COMPLETION,
        {"textDocument": {"uri": OPEN_URI}, "position": {"line": 2**31, "character": 2**31}},
        None,
    ),
    "unknown-uri": (
        types.TEXT_DOCUMENT_DOCUMENT_SYMBOL,
        {"textDocument": {"uri": "file:///never/opened.md"}},
        None,
    ),
    "not-a-uri": (
        types.TEXT_DOCUMENT_FOLDING_RANGE,
        {"textDocument": {"uri": "::not a uri::"}},
        None,
    ),
    "unknown-method": ("pep-lsp/noSuchMethod", {}, -32601),
    "reversed-code-action-range": (
        types.TEXT_DOCUMENT_CODE_ACTION,
        {
            "textDocument": {"uri": OPEN_URI},
            "context": {"diagnostics": []},
            "range": {"start": {"line": 5, "character": 3}, "end": {"line": 0, "character": 0}},
        },
        None,
    ),
}


@pytest.mark.parametrize("name", sorted(MALFORMED_REQUESTS))
def test_malformed_request_gets_an_answer(server: ServerSession, name: str) -> None:
    server.open(OPEN_URI, COMPLETE)
    method, params, code = MALFORMED_REQUESTS[name]
    reply = server.raw_request(method, params)
    assert reply is not None and set(reply) in ({"result"}, {"error"}), reply
    if code is not None:
        assert "error" in reply and reply["error"]["code"] == code, reply
    server.ping()
    count("P4 stdio malformed requests")


def test_request_with_a_wrong_protocol_version_gets_invalid_request(server: ServerSession) -> None:
    body = json.dumps(
        {
            "jsonrpc": "1.0",
            "id": 777,
            "method": types.TEXT_DOCUMENT_HOVER,
            "params": {"textDocument": {"uri": OPEN_URI}, "position": {"line": 0, "character": 0}},
        }
    )
    assert server.raw(body, expect_reply_to=777) == {
        "error": {"code": INVALID_REQUEST, "message": "Invalid Request: jsonrpc must be '2.0'"}
    }
    server.ping()


def test_request_without_a_protocol_version_gets_invalid_request(server: ServerSession) -> None:
    body = json.dumps({"id": 778, "method": types.TEXT_DOCUMENT_HOVER, "params": {}})
    assert server.raw(body, expect_reply_to=778) == {
        "error": {"code": INVALID_REQUEST, "message": "Invalid Request: jsonrpc must be '2.0'"}
    }
    server.ping()


UNANSWERABLE = {
    "not-json": b"{not json",
    "truncated-json": b'{"jsonrpc": "2.0", "id": 5, "method": "textDocument/hover", "params": {',
    "invalid-utf8": b'{"jsonrpc": "2.0", "method": "textDocument/didSave", "params": "\xff\xfe"}',
    "a-bare-number": b"42",
    "a-batch": b'[{"jsonrpc": "2.0", "id": 9, "method": "shutdown"}]',
    "empty-object": b"{}",
}


@pytest.mark.parametrize("name", sorted(UNANSWERABLE))
def test_unparseable_message_leaves_the_server_answering(server: ServerSession, name: str) -> None:
    server.raw(UNANSWERABLE[name])
    server.assert_alive()
    count("P4 stdio malformed messages")


BAD_NOTIFICATIONS: dict[str, tuple[str, Any]] = {
    "open-without-text": (
        types.TEXT_DOCUMENT_DID_OPEN,
        {"textDocument": {"uri": "file:///n/1.md", "languageId": "markdown", "version": 1}},
    ),
    "change-of-a-never-opened-document": (
        types.TEXT_DOCUMENT_DID_CHANGE,
        {
            "textDocument": {"uri": "file:///never/opened.md", "version": 3},
            "contentChanges": [
                {
                    "range": {
                        "start": {"line": 9, "character": 9},
                        "end": {"line": 99, "character": 0},
                    },
                    "text": "x",
                }
            ],
        },
    ),
    "change-with-an-older-version": (
        types.TEXT_DOCUMENT_DID_CHANGE,
        {
            "textDocument": {"uri": OPEN_URI, "version": -7},
            "contentChanges": [
                {
                    "range": {
                        "start": {"line": 0, "character": 0},
                        "end": {"line": 0, "character": 0},
                    },
                    "text": "x",
                }
            ],
        },
    ),
    "change-far-out-of-range": (
        types.TEXT_DOCUMENT_DID_CHANGE,
        {
            "textDocument": {"uri": OPEN_URI, "version": 50},
            "contentChanges": [
                {
                    "range": {
                        "start": {"line": 10**9, "character": 10**9},
                        "end": {"line": 0, "character": -3},
                    },
                    "text": "tail",
                }
            ],
        },
    ),
    "change-with-no-changes": (
        types.TEXT_DOCUMENT_DID_CHANGE,
        {"textDocument": {"uri": OPEN_URI, "version": 51}, "contentChanges": []},
    ),
    "change-with-a-broken-change": (
        types.TEXT_DOCUMENT_DID_CHANGE,
        {
            "textDocument": {"uri": OPEN_URI, "version": 52},
            "contentChanges": [{"range": "everything", "text": 5}],
        },
    ),
    "close-of-a-never-opened-document": (
        types.TEXT_DOCUMENT_DID_CLOSE,
        {"textDocument": {"uri": "file:///never/opened.md"}},
    ),
    "save-of-a-never-opened-document": (
        types.TEXT_DOCUMENT_DID_SAVE,
        {"textDocument": {"uri": "file:///never/opened.md"}},
    ),
    "cancel-of-an-unknown-request": (types.CANCEL_REQUEST, {"id": 123456}),
    "configuration-of-the-wrong-shape": (
        types.WORKSPACE_DID_CHANGE_CONFIGURATION,
        {"settings": [1, "two", None]},
    ),
    "lone-surrogates-escaped-in-json": (
        types.TEXT_DOCUMENT_DID_OPEN,
        {
            "textDocument": {
                "uri": "file:///n/pep-0001-surrogates.md",
                "languageId": "markdown",
                "version": 1,
                "text": "\ud800# T\n\n## Abstract\n\n\udfff text \ud83d\n\n## Motivation\n\n\ude00\n",
            }
        },
    ),
    "unknown-notification": ("pep-lsp/noSuchNotification", {"x": 1}),
}


@pytest.mark.parametrize("name", sorted(BAD_NOTIFICATIONS))
def test_bad_notification_leaves_the_server_answering(server: ServerSession, name: str) -> None:
    server.open(OPEN_URI, COMPLETE, version=1)
    method, params = BAD_NOTIFICATIONS[name]
    server.raw(json.dumps({"jsonrpc": "2.0", "method": method, "params": params}))
    server.assert_alive()
    count("P4 stdio bad notifications")


def test_lone_surrogates_escaped_in_json_are_analysed(server: ServerSession) -> None:
    text = BAD_NOTIFICATIONS["lone-surrogates-escaped-in-json"][1]["textDocument"]["text"]
    server.raw_notification(
        types.TEXT_DOCUMENT_DID_OPEN,
        {
            "textDocument": {
                "uri": "file:///n/pep-0002-surrogates.md",
                "languageId": "markdown",
                "version": 4,
                "text": text,
            }
        },
    )
    published = server.diagnostics("file:///n/pep-0002-surrogates.md", 4)
    assert summary(published) == summary(expected_diagnostics(text, server.encoding, claimed=True))
    # "\ud800# T" is no title (the heading marker is not at the line start): H100 is reported on
    # line 0 of this PEP (a PEP by its file name).
    assert (published[0].code, published[0].range.start.line) == ("H100", 0)


def test_out_of_range_change_clamps_to_the_document(server: ServerSession) -> None:
    """A range past the end is the end; a reversed one is read start-to-end; nothing is lost."""
    uri = "file:///hostile/clamp.md"
    server.open(uri, "# PEP 1: T\n\n## Abstract\n\nText.\n")
    server.raw_notification(
        types.TEXT_DOCUMENT_DID_CHANGE,
        {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [
                {
                    "range": {
                        "start": {"line": 99, "character": 0},
                        "end": {"line": 2, "character": 99},
                    },
                    "text": "\n\n## Motivation\n\nMore.\n",
                }
            ],
        },
    )
    expected = "# PEP 1: T\n\n## Abstract\n\n## Motivation\n\nMore.\n"
    assert summary(server.diagnostics(uri, 2)) == summary(
        expected_diagnostics(expected, server.encoding)
    )
    assert [d.code for d in server.diagnostics(uri, 2)][:1] == ["H100"]


# --- random request parameters ------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
uris = st.sampled_from(
    [
        OPEN_URI,
        "file:///never/opened.md",
        "untitled:Untitled-1",
        "",
        "not a uri",
        "file:///%ZZ",
        "file:///ü/😀.md",
    ]
)
positions = st.fixed_dictionaries(
    {"line": st.integers(-3, 2**31), "character": st.integers(-3, 2**31)}
)
near_valid_params = st.fixed_dictionaries(
    {"textDocument": st.fixed_dictionaries({"uri": uris})},
    optional={
        "position": positions | json_values,
        "range": st.fixed_dictionaries({"start": positions, "end": positions}) | json_values,
        "context": st.just({"diagnostics": []}) | st.just({"triggerKind": 1}) | json_values,
        "newName": st.text(max_size=5),
        "options": st.just({"tabSize": 4, "insertSpaces": True}),
    },
)
REQUEST_METHODS = [
    types.TEXT_DOCUMENT_HOVER,
    types.TEXT_DOCUMENT_DOCUMENT_SYMBOL,
    types.TEXT_DOCUMENT_FOLDING_RANGE,
    types.TEXT_DOCUMENT_COMPLETION,
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.TEXT_DOCUMENT_CODE_LENS,
    types.TEXT_DOCUMENT_DEFINITION,
    types.TEXT_DOCUMENT_FORMATTING,
    types.TEXT_DOCUMENT_RENAME,
    types.TEXT_DOCUMENT_DOCUMENT_LINK,
    types.TEXT_DOCUMENT_DIAGNOSTIC,
    types.COMPLETION_ITEM_RESOLVE,
    types.CODE_ACTION_RESOLVE,
    types.WORKSPACE_EXECUTE_COMMAND,
    types.WORKSPACE_SYMBOL,
]


@settings(max_examples=scaled(120))
@given(method=st.sampled_from(REQUEST_METHODS), params=near_valid_params | json_values)
def test_random_request_params_get_an_answer(
    server: ServerSession, method: str, params: Any
) -> None:
    server.open(OPEN_URI, COMPLETE)
    reply = server.raw_request(method, params)
    assert reply is not None and set(reply) in ({"result"}, {"error"}), reply
    count("P4 stdio random requests")
    count(
        f"P4 stdio random requests answered with {'an error' if 'error' in reply else 'a result'}"
    )
    assert server.returncode is None
