"""What each editing request answers: fetch the document, convert positions at the edge, call
the pure feature, convert its result. `server.py` only wires these to LSP methods.

The features and their LSP conversions are imported on first use, like the rules, so that
`initialize` answers before any of them is loaded.
"""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.exceptions import JsonRpcInvalidParams

from pep_lsp.lsp.convert import SOURCE, RawJSON, from_position, from_range

if TYPE_CHECKING:
    from pep_lsp.lsp.server import PepLanguageServer


def leftover_location(
    ls: PepLanguageServer, args: tuple[Any, ...], backward: bool
) -> types.Location | None:
    """`[uri, {line, character}]` -> the Location of the next (previous) instruction text or
    placeholder, wrapping around; None when there is none or the arguments are not usable."""
    if len(args) < 2 or not isinstance(args[0], str):
        raise JsonRpcInvalidParams.of(ValueError("arguments: [document URI, {line, character}]"))
    uri, raw = args[0], args[1]
    line = raw.get("line") if isinstance(raw, dict) else getattr(raw, "line", None)
    character = raw.get("character") if isinstance(raw, dict) else getattr(raw, "character", None)
    if not isinstance(line, int) or not isinstance(character, int) or line < 0 or character < 0:
        raise JsonRpcInvalidParams.of(
            ValueError("the position must be {line, character} with whole numbers from 0")
        )
    document = ls.pep_document(uri)
    if document is None:
        return None
    from pep_lsp.features.next_leftover import next_leftover
    from pep_lsp.lsp.convert import to_range

    model = document.model
    found = next_leftover(
        model,
        from_position(model.lines, types.Position(line, character), document.encoding),
        backward,
    )
    return (
        types.Location(uri, to_range(model.lines, found, document.encoding))
        if found is not None
        else None
    )


def completion(ls: PepLanguageServer, params: types.CompletionParams) -> RawJSON:
    from pep_lsp.features import completion
    from pep_lsp.lsp.convert_features import EMPTY_COMPLETION_LIST, to_completion_list

    document = ls.pep_document(params.text_document.uri)
    if document is None:
        return EMPTY_COMPLETION_LIST
    from pep_lsp.lsp.workspace_server import completion as workspace_completion

    across = workspace_completion(ls, params)  # `PEP 1`, `](file`, `#anchor`: other proposals
    if across is not None:
        return across  # type: ignore[return-value]
    model = document.model
    directory = os.path.dirname(document.path)
    author = lambda: completion.git_author(directory) if os.path.isdir(directory) else None  # noqa: E731
    env = completion.Environment(datetime.date.today(), author)
    items = completion.complete(
        model, from_position(model.lines, params.position, document.encoding), env
    )
    snippets = get_capability(
        ls.client_capabilities, "text_document.completion.completion_item.snippet_support", False
    )
    details = get_capability(
        ls.client_capabilities,
        "text_document.completion.completion_item.label_details_support",
        False,
    )
    return to_completion_list(model.lines, items, document.encoding, bool(snippets), bool(details))


def code_action(ls: PepLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    document = ls.pep_document(uri)
    if document is None:
        return []
    from pep_lsp.engine.check import check_model
    from pep_lsp.features.code_actions import code_actions
    from pep_lsp.lsp.convert_features import to_code_actions

    model = document.model
    findings = check_model(
        model, ls.settings_for(uri), ls.indexer.view(uri)
    )  # fresh: the Checker may keep fixes of older versions
    only = (
        [str(getattr(kind, "value", kind)) for kind in params.context.only]
        if params.context.only
        else None
    )
    # The diagnostics the client names (Neovim: the cursor's line), other servers' left out.
    asked = [
        (str(d.code), from_range(model.lines, d.range, document.encoding))
        for d in params.context.diagnostics
        if d.code is not None and d.source in (None, SOURCE)
    ]
    span = from_range(model.lines, params.range, document.encoding)
    actions = code_actions(model, findings, span, only, asked)
    from pep_lsp.features.status_actions import status_actions

    actions += status_actions(
        model, ls.settings_for(uri), span, only, datetime.date.today(), uri in ls.saved_after_change
    )
    versioned = get_capability(
        ls.client_capabilities, "workspace.workspace_edit.document_changes", False
    )
    from pep_lsp.lsp.workspace_server import code_actions as workspace_actions

    return to_code_actions(
        uri, model.lines, actions, document.encoding, document.version if versioned else None
    ) + workspace_actions(ls, params)


def hover(ls: PepLanguageServer, params: types.HoverParams) -> types.Hover | None:
    document = ls.pep_document(params.text_document.uri)
    if document is None:
        return None
    from pep_lsp.features.hover import hover
    from pep_lsp.lsp.convert_features import to_hover
    from pep_lsp.lsp.workspace_server import hover as workspace_hover

    across = workspace_hover(ls, params)  # a mention of, or link to, another proposal
    if across is not None:
        return across
    model = document.model
    found = hover(model, from_position(model.lines, params.position, document.encoding))
    return to_hover(model.lines, found, document.encoding) if found else None


def document_symbol(
    ls: PepLanguageServer, params: types.DocumentSymbolParams
) -> list[types.DocumentSymbol] | list[types.SymbolInformation]:
    uri = params.text_document.uri
    document = ls.pep_document(uri)
    if document is None:
        return []
    from pep_lsp.features.symbols import document_symbols
    from pep_lsp.lsp.convert_features import to_document_symbols, to_symbol_information

    model = document.model
    found = document_symbols(model)
    if get_capability(
        ls.client_capabilities,
        "text_document.document_symbol.hierarchical_document_symbol_support",
        False,
    ):
        return to_document_symbols(model.lines, found, document.encoding)
    return to_symbol_information(uri, model.lines, found, document.encoding)


def folding_range(
    ls: PepLanguageServer, params: types.FoldingRangeParams
) -> list[types.FoldingRange]:
    document = ls.pep_document(params.text_document.uri)
    if document is None:
        return []
    from pep_lsp.features.symbols import folding_ranges
    from pep_lsp.lsp.convert_features import to_folding_ranges

    return to_folding_ranges(folding_ranges(document.model))


def code_lens(ls: PepLanguageServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    document = ls.pep_document(params.text_document.uri)
    if document is None:
        return []
    from pep_lsp.features.progress import progress
    from pep_lsp.lsp.convert_features import to_code_lenses

    model = document.model
    return to_code_lenses(
        model.lines, progress(model, ls.settings_for(params.text_document.uri)), document.encoding
    )
