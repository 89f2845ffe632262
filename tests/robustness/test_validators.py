"""The checkers the properties rely on reject what they must: a property whose checker
cannot fail proves nothing."""

from __future__ import annotations

import pytest
from lsprotocol import types

from tests.robustness.ranges import RangeChecker
from tests.robustness.strategies import LspEdit, apply_lsp_edit
from tests.robustness.test_server_properties import check_response

TEXT = "a😀b\r\nsecond\nlast"


def rng(a: tuple[int, int], b: tuple[int, int]) -> types.Range:
    return types.Range(types.Position(*a), types.Position(*b))


@pytest.mark.parametrize(
    "bad",
    [rng((0, 2), (0, 3)), rng((0, 0), (0, 5)), rng((3, 0), (3, 0)), rng((1, 2), (1, 1))],
    ids=["inside-a-surrogate-pair", "past-the-line-end", "past-the-last-line", "reversed"],
)
def test_range_checker_rejects(bad: types.Range) -> None:
    with pytest.raises(AssertionError):
        RangeChecker(TEXT).check_range(bad, "test")


def test_range_checker_accepts_boundaries_in_each_encoding() -> None:
    RangeChecker(TEXT, "utf-16").check_range(rng((0, 3), (0, 4)), "after the pair")
    RangeChecker(TEXT, "utf-8").check_range(rng((0, 5), (0, 6)), "after the four bytes")
    RangeChecker(TEXT, "utf-32").check_range(rng((0, 2), (2, 4)), "code points")
    with pytest.raises(AssertionError):
        RangeChecker(TEXT, "utf-8").check_range(rng((0, 2), (0, 2)), "inside the four bytes")


def test_check_response_finds_nested_ranges_and_bad_symbols() -> None:
    child = types.DocumentSymbol(
        "child", types.SymbolKind.String, rng((1, 0), (1, 6)), rng((1, 0), (1, 3))
    )
    parent = types.DocumentSymbol(
        "parent",
        types.SymbolKind.Module,
        rng((0, 0), (2, 4)),
        rng((0, 0), (0, 1)),
        children=[child],
    )
    assert check_response([parent], TEXT, "utf-16", "file:///t.md") == 4
    outside = types.DocumentSymbol(
        "s", types.SymbolKind.String, rng((1, 0), (1, 2)), rng((1, 0), (1, 4))
    )
    with pytest.raises(AssertionError, match="selection outside range"):
        check_response([outside], TEXT, "utf-16", "file:///t.md")
    with pytest.raises(AssertionError, match="folding range"):
        check_response(
            [types.FoldingRange(start_line=1, end_line=3)], TEXT, "utf-16", "file:///t.md"
        )
    action = types.CodeAction(
        "x",
        edit=types.WorkspaceEdit(
            changes={"file:///other.md": [types.TextEdit(rng((0, 0), (0, 0)), "")]}
        ),
    )
    with pytest.raises(AssertionError, match="another document"):
        check_response([action], TEXT, "utf-16", "file:///t.md")


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            LspEdit((0, 2), (0, 2), "X"),
            "aX😀b\r\nsecond\nlast",
        ),  # inside the pair: snaps to its start
        (LspEdit((0, 3), (1, 0), ""), "a😀second\nlast"),  # the CR LF goes with the range
        (LspEdit((9, 0), (9, 9), "!"), TEXT + "!"),  # past the last line: the end
        (LspEdit((1, 99), (1, 0), ""), "a😀b\r\n\nlast"),  # reversed and past the line end
    ],
)
def test_reference_edit_semantics(edit: LspEdit, expected: str) -> None:
    assert apply_lsp_edit(TEXT, edit) == expected
