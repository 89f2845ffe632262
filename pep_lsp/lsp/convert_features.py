"""The LSP edge for the editing features: their plain data to LSP types.

Positions go through `convert.py` (`to_range`, `to_workspace_edit`), the one place that changes
units; this module only chooses the LSP shapes and honours client capabilities. It is separate
from `convert.py` because it imports the features: the server loads it on first use, so that
`initialize` is answered before any feature is loaded.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from lsprotocol import types

from pep_lsp.features.code_actions import Action
from pep_lsp.features.completion import Completion, escape_snippet
from pep_lsp.features.hover import HoverText
from pep_lsp.features.progress import Progress
from pep_lsp.features.symbols import Fold, Symbol
from pep_lsp.lsp.convert import (
    RawJSON,
    range_json,
    to_diagnostic,
    to_range,
    to_workspace_edit,
)
from pep_lsp.text import Pos, Span

_COMPLETION_KIND = {
    "field": types.CompletionItemKind.Field,
    "value": types.CompletionItemKind.Value,
    "heading": types.CompletionItemKind.Text,
    "skeleton": types.CompletionItemKind.Snippet,
    "template": types.CompletionItemKind.Snippet,
}
# The title is the document (File); a section is a named scope holding text and subsections
# (Namespace: VS Code draws it as `{}` in the outline and breadcrumbs, Neovim lists it as
# "[Namespace]"); String would call it a literal value, Class or Module a code construct.
_SYMBOL_KIND = {
    "title": types.SymbolKind.File,
    "header": types.SymbolKind.Module,
    "field": types.SymbolKind.Field,
    "section": types.SymbolKind.Namespace,
}


def to_completion_list(
    lines: Sequence[str],
    items: Sequence[Completion],
    encoding: str,
    snippets: bool,
    label_details: bool = False,
) -> RawJSON:
    """The `CompletionList` as JSON text, sent verbatim (see `PepProtocol._send_response`).

    Completion answers while the author types; building lsprotocol objects and having cattrs
    and `json` take them apart again cost several times more than finding the items. Each
    item's fixed part (label, kind, detail, documentation) is serialized once and reused;
    only the edit is written per request.

    A client with snippets gets any text holding a space or a line break as a snippet (its
    literal text escaped): Neovim's built-in client inserts a plain-text edit only up to its
    first space, but a snippet's label whole (and the label is the edit's first line).
    """
    parts = []
    ranges: dict[Span, str] = {}  # items mostly share one range
    for item in items:
        new_text, use_snippet = completion_text(item, snippets)
        fixed = _fixed_item_json(
            item.label,
            item.kind,
            item.detail,
            item.documentation,
            item.sort_text,
            item.filter_text,
            use_snippet,
            item.label_detail if label_details else None,
        )
        span = item.edit.span
        edit_range = ranges.get(span)
        if edit_range is None:
            edit_range = ranges[span] = range_json(lines, span, encoding)
        parts.append(
            f'{{{fixed},"textEdit":{{"range":{edit_range},"newText":{json.dumps(new_text)}}}}}'
        )
    return RawJSON(f'{{"isIncomplete":false,"items":[{",".join(parts)}]}}')


def completion_text(item: Completion, snippets: bool) -> tuple[str, bool]:
    """(`newText`, is it a snippet): the item's snippet, its plain text escaped as a snippet when
    it holds whitespace, or its plain text."""
    if not snippets:
        return item.edit.new_text, False
    if item.snippet is not None:
        return item.snippet, True
    if any(character.isspace() for character in item.edit.new_text):
        return escape_snippet(item.edit.new_text), True
    return item.edit.new_text, False


EMPTY_COMPLETION_LIST = RawJSON('{"isIncomplete":false,"items":[]}')
_COMPACT = (",", ":")


@lru_cache(maxsize=4096)
def _fixed_item_json(
    label: str,
    kind: str,
    detail: str,
    documentation: str | None,
    sort_text: str,
    filter_text: str | None,
    snippet: bool,
    label_detail: str | None = None,
) -> str:
    """The item's members other than its edit, as JSON text without the braces."""
    item: dict[str, Any] = {"label": label}
    if label_detail:
        item["labelDetails"] = {"detail": label_detail}
    item.update({"kind": int(_COMPLETION_KIND[kind]), "detail": detail})
    if documentation:
        item["documentation"] = {
            "kind": str(types.MarkupKind.Markdown.value),
            "value": documentation,
        }
    item["sortText"] = sort_text
    if filter_text is not None:
        item["filterText"] = filter_text
    item["insertTextFormat"] = int(
        types.InsertTextFormat.Snippet if snippet else types.InsertTextFormat.PlainText
    )
    return json.dumps(item, separators=_COMPACT)[1:-1]


def to_code_actions(
    uri: str, lines: Sequence[str], actions: Sequence[Action], encoding: str, version: int | None
) -> list[types.CodeAction]:
    """`version` set (the client supports `documentChanges`): edits name the document version."""
    return [
        types.CodeAction(
            title=action.title,
            kind=action.kind,
            diagnostics=[to_diagnostic(lines, finding, encoding) for finding in action.diagnostics],
            is_preferred=True if action.preferred else None,
            edit=to_workspace_edit(uri, lines, action.edits, encoding, version),
        )
        for action in actions
    ]


def to_hover(lines: Sequence[str], text: HoverText, encoding: str) -> types.Hover:
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text.markdown),
        range=to_range(lines, text.span, encoding),
    )


def to_document_symbols(
    lines: Sequence[str], symbols: Sequence[Symbol], encoding: str
) -> list[types.DocumentSymbol]:
    return [
        types.DocumentSymbol(
            name=symbol.name,
            detail=symbol.detail or None,
            kind=_SYMBOL_KIND[symbol.kind],
            range=to_range(lines, symbol.span, encoding),
            selection_range=to_range(lines, symbol.selection, encoding),
            children=to_document_symbols(lines, symbol.children, encoding)
            if symbol.children
            else None,
        )
        for symbol in symbols
    ]


def to_symbol_information(
    uri: str,
    lines: Sequence[str],
    symbols: Sequence[Symbol],
    encoding: str,
    container: str | None = None,
) -> list[types.SymbolInformation]:
    """The flat form, for clients without hierarchical document symbols."""
    flat: list[types.SymbolInformation] = []
    for symbol in symbols:
        flat.append(
            types.SymbolInformation(
                name=symbol.name,
                kind=_SYMBOL_KIND[symbol.kind],
                container_name=container,
                location=types.Location(uri=uri, range=to_range(lines, symbol.span, encoding)),
            )
        )
        flat.extend(to_symbol_information(uri, lines, symbol.children, encoding, symbol.name))
    return flat


def to_folding_ranges(folds: Sequence[Fold]) -> list[types.FoldingRange]:
    """Whole lines only, which every client supports."""
    return [
        types.FoldingRange(
            start_line=fold.start_line, end_line=fold.end_line, kind=types.FoldingRangeKind.Region
        )
        for fold in folds
    ]


def to_code_lenses(
    lines: Sequence[str], summary: Progress | None, encoding: str
) -> list[types.CodeLens]:
    """The progress line as a lens on the first line; its command does nothing when clicked."""
    if summary is None:
        return []
    return [
        types.CodeLens(
            range=to_range(lines, Span(Pos(0, 0), Pos(0, 0)), encoding),
            command=types.Command(title=summary.text, command=""),
        )
    ]
