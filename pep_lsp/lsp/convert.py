"""The LSP edge: code-point spans to client ranges and back, findings to LSP types.

This is the only place positions change units. Everything it converts comes from, or goes
to, the model's own lines, so a range is always inside the document and never splits a
surrogate pair.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from lsprotocol import types

from pep_lsp.findings import Edit, Finding, Related
from pep_lsp.text import Pos, Span, col_to_units, units_to_col

SOURCE = "pep-lsp"


class RawJSON(str):
    """A result already serialized as JSON text (ASCII only, as `json.dumps` writes by
    default): the server's protocol sends it verbatim instead of serializing it again."""


def _client_position(lines: Sequence[str], pos: Pos, encoding: str) -> tuple[int, int]:
    """(line, column in the client's units), clamped into the document."""
    line = max(0, min(pos.line, len(lines) - 1))
    col = len(lines[line]) if pos.line >= len(lines) else pos.col
    return line, col_to_units(lines[line], col, encoding)


def to_position(lines: Sequence[str], pos: Pos, encoding: str) -> types.Position:
    line, character = _client_position(lines, pos, encoding)
    return types.Position(line=line, character=character)


def to_range(lines: Sequence[str], span: Span, encoding: str) -> types.Range:
    return types.Range(
        start=to_position(lines, span.start, encoding), end=to_position(lines, span.end, encoding)
    )


def range_json(lines: Sequence[str], span: Span, encoding: str) -> str:
    """`to_range` as JSON text, for what is sent without lsprotocol objects."""
    (start_line, start_char), (end_line, end_char) = (
        _client_position(lines, pos, encoding) for pos in span
    )
    return f'{{"start":{{"line":{start_line},"character":{start_char}}},"end":{{"line":{end_line},"character":{end_char}}}}}'


def from_position(lines: Sequence[str], position: types.Position, encoding: str) -> Pos:
    """A client position as (line, code point), clamped into the document."""
    if position.line < 0:
        return Pos(0, 0)
    if position.line >= len(lines):
        return Pos(len(lines) - 1, len(lines[-1]))
    text = lines[position.line]
    return Pos(position.line, units_to_col(text, position.character, encoding))


def from_range(lines: Sequence[str], rng: types.Range, encoding: str) -> Span:
    return Span(from_position(lines, rng.start, encoding), from_position(lines, rng.end, encoding))


_SEVERITY = {
    1: types.DiagnosticSeverity.Error,
    2: types.DiagnosticSeverity.Warning,
    3: types.DiagnosticSeverity.Information,
    4: types.DiagnosticSeverity.Hint,
}


def to_diagnostic(lines: Sequence[str], finding: Finding, encoding: str) -> types.Diagnostic:
    return types.Diagnostic(
        range=to_range(lines, finding.span, encoding),
        message=finding.message,
        severity=_SEVERITY[int(finding.severity)],
        code=finding.code,
        source=SOURCE,
    )


def to_diagnostics(
    lines: Sequence[str], findings: Iterable[Finding], encoding: str
) -> list[types.Diagnostic]:
    return [to_diagnostic(lines, finding, encoding) for finding in findings]


def publish_diagnostics_json(
    uri: str, version: int | None, lines: Sequence[str], findings: Iterable[Finding], encoding: str
) -> RawJSON:
    """`PublishDiagnosticsParams` with `to_diagnostics`, as JSON text.

    Published on every keystroke with every finding of the document: lsprotocol objects taken
    apart again by cattrs cost ~30 us a diagnostic, several times the analysis of the keystroke.
    """
    diagnostics = ",".join(_diagnostic_json(lines, finding, encoding) for finding in findings)
    version_member = "" if version is None else f'"version":{int(version)},'
    return RawJSON(f'{{"uri":{json.dumps(uri)},{version_member}"diagnostics":[{diagnostics}]}}')


_DIAGNOSTICS: dict[
    tuple[Span, str, str, object, str, tuple[Related, ...]], tuple[str, str, str]
] = {}
"""The JSON of findings published before, by what it is made of (span, code, message,
severity, encoding, the places in other files it names, each with its own line's text), with
the texts of the finding's first and last lines it was converted against (compared by
identity: an unchanged line is the same string from one keystroke to the next). Most findings
of a keystroke are those of the one before (kept by the checker, or found again by a rule that
reads the text), so a keystroke converts only the new ones."""
_MAX_DIAGNOSTICS = 4096


def _diagnostic_json(lines: Sequence[str], finding: Finding, encoding: str) -> str:
    start, end = finding.span.start.line, finding.span.end.line
    if not 0 <= start <= end < len(lines):  # (clamped: not remembered)
        return _diagnostic_text(lines, finding, encoding)
    first, last = lines[start], lines[end]
    key = (
        finding.span,
        finding.code,
        finding.message,
        finding.severity,
        encoding,
        finding.related,
    )
    known = _DIAGNOSTICS.get(key)
    if known is not None and known[0] is first and known[1] is last:
        return known[2]
    text = _diagnostic_text(lines, finding, encoding)
    if len(_DIAGNOSTICS) >= _MAX_DIAGNOSTICS:
        _DIAGNOSTICS.clear()
    _DIAGNOSTICS[key] = (first, last, text)
    return text


def _diagnostic_text(lines: Sequence[str], finding: Finding, encoding: str) -> str:
    return (
        f'{{"range":{range_json(lines, finding.span, encoding)},"message":{json.dumps(finding.message)},'
        f'"severity":{int(_SEVERITY[int(finding.severity)])},"code":{json.dumps(finding.code)},"source":"{SOURCE}"'
        f"{_related_json(finding, encoding) if finding.related else ''}}}"
    )


def _related_json(finding: Finding, encoding: str) -> str:
    """`,"relatedInformation":[...]`: the places in other files a finding names."""
    from pathlib import Path

    items = ",".join(
        f'{{"location":{{"uri":{json.dumps(Path(item.path).absolute().as_uri())},'
        f'"range":{range_json([item.line_text] * (item.span.start.line + 1), item.span, encoding)}}},'
        f'"message":{json.dumps(item.message)}}}'
        for item in finding.related
    )
    return f',"relatedInformation":[{items}]'


def to_text_edit(lines: Sequence[str], edit: Edit, encoding: str) -> types.TextEdit:
    return types.TextEdit(range=to_range(lines, edit.span, encoding), new_text=edit.new_text)


def to_workspace_edit(
    uri: str, lines: Sequence[str], edits: Sequence[Edit], encoding: str, version: int | None = None
) -> types.WorkspaceEdit:
    changes = [to_text_edit(lines, edit, encoding) for edit in edits]
    if version is None:
        return types.WorkspaceEdit(changes={uri: changes})
    document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
    return types.WorkspaceEdit(
        document_changes=[types.TextDocumentEdit(text_document=document, edits=changes)]
    )
