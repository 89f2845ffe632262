"""The LSP edge's hand-written JSON equals what pygls would send for lsprotocol objects."""

from __future__ import annotations

import json

import pytest
from lsprotocol import types
from pygls.protocol import default_converter

from pep_lsp.engine.check import check_model
from pep_lsp.findings import Finding, Related, Severity
from pep_lsp.lsp.convert import publish_diagnostics_json, to_diagnostics
from pep_lsp.model.document import Document
from pep_lsp.template import default_schema
from pep_lsp.text import Span
from tests.conftest import fixture_text

TEXTS = {
    "draft": fixture_text("draft.md"),
    "half-filled-crlf": fixture_text("half-filled.md").replace("\n", "\r\n"),
    "astral": '# PEP 9001: 😀 logs\n\n## Abstract\n\n😀😀 "quoted" \\ [Date] and [Name]\n\n## Motivation\n\n## Extra 😀\n',
    "not-a-pep": "hello\n",
}


@pytest.mark.parametrize("version", [7, None])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
@pytest.mark.parametrize("name", list(TEXTS))
def test_published_diagnostics_are_what_pygls_would_send(
    name: str, encoding: str, version: int | None
) -> None:
    model = Document(TEXTS[name], default_schema()).model
    findings = check_model(model)
    assert findings or name == "not-a-pep"
    uri = "file:///tmp/pep%20one.md"
    sent = publish_diagnostics_json(uri, version, model.lines, findings, encoding)
    expected = types.PublishDiagnosticsParams(
        uri=uri, version=version, diagnostics=to_diagnostics(model.lines, findings, encoding)
    )
    assert sent.isascii()  # the Content-Length the protocol writes counts characters
    assert json.loads(sent) == default_converter().unstructure(expected)


def test_findings_published_again_follow_their_lines_and_the_encoding() -> None:
    """A finding's JSON is remembered with its lines' texts and the encoding (most findings
    of a keystroke are those of the one before): the same findings sent again over changed
    lines (an astral character before each: the UTF-16 columns move) or in another encoding
    are converted again."""
    model = Document(TEXTS["astral"], default_schema()).model
    findings = check_model(model)
    uri = "file:///tmp/pep.md"

    def sent(lines: list[str], encoding: str) -> object:
        return json.loads(publish_diagnostics_json(uri, 1, lines, findings, encoding))

    def expected(lines: list[str], encoding: str) -> object:
        return default_converter().unstructure(
            types.PublishDiagnosticsParams(
                uri=uri, version=1, diagnostics=to_diagnostics(lines, findings, encoding)
            )
        )

    lines = list(model.lines)
    moved = ["😀" + line for line in lines]
    assert expected(moved, "utf-16") != expected(lines, "utf-16")
    for current, encoding in [
        (lines, "utf-16"),
        (lines, "utf-16"),
        (moved, "utf-16"),
        (moved, "utf-8"),
        (lines, "utf-16"),
    ]:
        assert sent(current, encoding) == expected(current, encoding)


def test_a_finding_naming_another_file_is_sent_again_with_that_file_s_line_as_it_is_now() -> None:
    """A finding's JSON is remembered with the places in other files it names, each with its
    own line's text: when that line changes (an astral character before the place: its UTF-16
    columns move), the finding is converted again."""
    model = Document(TEXTS["astral"], default_schema()).model
    lines = list(model.lines)
    place = Span.on_line(3, 4, 9)
    uri = "file:///tmp/pep.md"

    def finding(other_line: str) -> Finding:
        related = Related("/tmp/pep-0012.md", place, other_line, "PEP 12 is here")
        return Finding(
            "X101",
            "Same number as PEP 12",
            Span.on_line(0, 0, 3),
            Severity.ERROR,
            related=(related,),
        )

    def related_range(other_line: str) -> object:
        sent = json.loads(publish_diagnostics_json(uri, 1, lines, [finding(other_line)], "utf-16"))
        return sent["diagnostics"][0]["relatedInformation"][0]["location"]["range"]

    plain, astral = "PEP: 12 and more", "😀PEP: 12 and more"
    assert (
        related_range(plain)
        == related_range(plain)
        == {
            "start": {"line": 3, "character": 4},
            "end": {"line": 3, "character": 9},
        }
    )
    assert related_range(astral) == {
        "start": {"line": 3, "character": 5},
        "end": {"line": 3, "character": 10},
    }
