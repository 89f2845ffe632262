"""The floor: the cheapest pygls 2 language server that does what pep-lsp does on the wire.

Incremental sync; for every didOpen/didChange it publishes an empty diagnostics list carrying
the document's version; completion answers an empty list. pygls still applies every change to
its `TextDocument` (rebuilding the whole text) before the handler runs, which is exactly the
cost a pygls server cannot avoid. Run: `python benchmarks/floor_server.py` (stdio).
"""

from lsprotocol import types
from pygls.lsp.server import LanguageServer

server = LanguageServer(
    "pep-lsp-floor", "0", text_document_sync_kind=types.TextDocumentSyncKind.Incremental
)


def _publish(ls: LanguageServer, uri: str) -> None:
    doc = ls.workspace.get_text_document(uri)
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, version=doc.version, diagnostics=[])
    )


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    _publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    _publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[":"]))
def completion(ls: LanguageServer, params: types.CompletionParams) -> types.CompletionList:
    return types.CompletionList(is_incomplete=False, items=[])


if __name__ == "__main__":
    server.start_io()
