"""Regression (found by tests/robustness/test_server_hostile.py): a request pygls cannot
deserialise (params of the wrong shape, a position past 2**31 - 1, a missing or wrong
`jsonrpc`) was logged and dropped, so the client waited for ever for its reply. pep-lsp's
protocol now answers it with the JSON-RPC error and keeps serving."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from lsprotocol import types

from tests.robustness.session import ServerSession


@pytest.fixture(scope="module")
def server() -> Iterator[ServerSession]:
    session = ServerSession()
    yield session
    session.close()


def test_params_of_the_wrong_shape_get_invalid_params(server: ServerSession) -> None:
    reply = server.raw_request(types.TEXT_DOCUMENT_HOVER, {"bogus": 1}, msg_id=41)
    assert reply is not None and reply["error"]["code"] == -32602
    assert reply["error"]["message"].startswith(
        "Invalid params for textDocument/hover: While structuring HoverRequest"
    )
    server.assert_alive()


def test_position_past_the_protocol_range_gets_invalid_params(server: ServerSession) -> None:
    params = {"textDocument": {"uri": "file:///a.md"}, "position": {"line": 2**31, "character": 0}}
    reply = server.raw_request(types.TEXT_DOCUMENT_COMPLETION, params, msg_id="big")
    assert reply is not None and reply["error"]["code"] == -32602
    server.assert_alive()


@pytest.mark.parametrize("envelope", [{"jsonrpc": "1.0"}, {}], ids=["jsonrpc-1.0", "no-jsonrpc"])
def test_request_that_is_not_json_rpc_2_gets_invalid_request(
    server: ServerSession, envelope: dict[str, str]
) -> None:
    body = json.dumps(
        {
            **envelope,
            "id": 43,
            "method": types.TEXT_DOCUMENT_DOCUMENT_SYMBOL,
            "params": {"textDocument": {"uri": "file:///a.md"}},
        }
    )
    assert server.raw(body, expect_reply_to=43) == {
        "error": {"code": -32600, "message": "Invalid Request: jsonrpc must be '2.0'"}
    }
    server.assert_alive()


def test_notification_that_cannot_be_read_gets_no_reply_and_changes_nothing(
    server: ServerSession,
) -> None:
    server.raw(
        json.dumps(
            {
                "jsonrpc": "2.0",
                "method": types.TEXT_DOCUMENT_DID_OPEN,
                "params": {"textDocument": {"uri": "file:///b.md"}},
            }
        )
    )
    server.assert_alive()
    assert "file:///b.md" not in server.published
