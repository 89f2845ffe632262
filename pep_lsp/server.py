"""The language server: wiring only. Each handler fetches the document, calls a pure
function and sends the result; the logic lives in the model, the rules, `config.py` and `lsp.py`."""

from __future__ import annotations

import asyncio
import datetime
import inspect
import json
import logging
import os
import time
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.exceptions import JsonRpcException, JsonRpcInternalError, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import to_fs_path

from pep_lsp import __version__
from pep_lsp.features import ADVERTISED_CODE_ACTION_KINDS, TRIGGER_CHARACTERS
from pep_lsp.lsp import SOURCE, RawJSON, from_position, from_range, publish_diagnostics_json
from pep_lsp.workspace import PepTextDocument, PepWorkspace

if (
    TYPE_CHECKING
):  # loaded with the first document (or `initialized`), so `initialize` answers sooner
    from pep_lsp.check import Settings
    from pep_lsp.template import Schema

logger = logging.getLogger(__name__)

DEFER_AFTER_SECONDS = 0.004
"""An analysis slower than this is deferred a moment, so edits already queued behind the
current one replace it instead of each being analysed (stale versions are skipped)."""
DEFER_DELAY_SECONDS = 0.002

# Kept equal to pep_lsp.config's names (not imported here, to keep `initialize` light).
EDITOR_SECTION = "pepLsp"
WATCH_REGISTRATION_ID = "pep-lsp-watch-configuration"
WATCHED_GLOBS = ("**/pyproject.toml", "**/pep-lsp.toml", "**/*.md")


_ANSWERED = object()
"""What `structure_message` returns for a request it has already answered with an error."""


def _request_id(message: Any) -> int | str | None:
    """The id of a message that is a request (has a method and a usable id), else None."""
    if isinstance(message, dict):
        method, msg_id = message.get("method"), message.get("id")
    else:
        method, msg_id = getattr(message, "method", None), getattr(message, "id", None)
    if method is None or isinstance(msg_id, bool) or not isinstance(msg_id, (int, str)):
        return None
    return msg_id


class PepProtocol(LanguageServerProtocol):
    """pygls' protocol, plus an answer to every request it cannot read, and no leak.

    pygls only logs a request whose params do not fit its method's type (a position of -1,
    a missing field) or that is not JSON-RPC 2.0, and never replies: the client waits for
    ever. Here such a request gets the JSON-RPC error (Invalid Params, Invalid Request).
    """

    def _execute_handler(
        self, msg_id: Any, handler: Any, callback: Any, args: Any = None, kwargs: Any = None
    ) -> None:
        """Forget a handler's future once it is done.

        pygls keeps the future of every generator, coroutine or threaded handler in
        `_request_futures` and removes it only when answering a request: each notification
        (didOpen, didChange, didClose are generator handlers) left one behind, about 4 KB a
        document, for the life of the server.
        """

        def done(future: Any) -> None:
            # A cancelled one is left alone: `shutdown` cancels while iterating the dict,
            # and a concurrent future runs this callback inside `cancel()`.
            if not future.cancelled() and self._request_futures.get(msg_id) is future:
                del self._request_futures[msg_id]
            callback(future)

        super()._execute_handler(msg_id, handler, done, args, kwargs)

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            msg_id = _request_id(data)
            if msg_id is None:
                raise
            if isinstance(error, JsonRpcInvalidParams):
                error = JsonRpcInvalidParams(
                    f"Invalid params for {data['method']}: {error.__cause__ or error}"
                )
            logger.warning("pep-lsp: %s", error.message)
            self._send_response(msg_id, error=error.to_response_error())
            return _ANSWERED

    def _send_response(
        self, msg_id: Any, result: Any | None = None, error: Any | None = None
    ) -> None:
        """A result already serialized (`RawJSON`, as completion returns) is sent as it is."""
        if error is None and isinstance(result, RawJSON):
            self._result_types.pop(msg_id, None)
            self._write_raw(
                f'{{"jsonrpc":"{self.VERSION}","id":{json.dumps(msg_id)},"result":{result}}}'
            )
            return
        super()._send_response(msg_id, result, error)

    def notify_raw(self, method: str, params: RawJSON) -> None:
        """`notify` with params already serialized (diagnostics on every keystroke)."""
        self._write_raw(
            f'{{"jsonrpc":"{self.VERSION}","method":{json.dumps(method)},"params":{params}}}'
        )

    def _write_raw(self, body: str) -> None:
        """Frame and write a message body of ASCII JSON text, as pygls' `_send_data` frames the
        JSON it serializes itself: lsprotocol objects taken apart by cattrs and `json` cost more
        than the work behind completion and diagnostics."""
        if self.writer is None:
            logger.error("pep-lsp: no transport to send a message on")
            return
        header = f"Content-Length: {len(body)}\r\nContent-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
        try:
            written = self.writer.write(
                (header + body if self._include_headers else body).encode(self.CHARSET)
            )
            if inspect.isawaitable(written):
                asyncio.ensure_future(written)
        except BrokenPipeError:
            logger.exception("pep-lsp: the client's end of the pipe is closed")
            raise
        except Exception as error:  # as pygls' `_send_data`: reported to the client, not raised
            logger.exception("pep-lsp: could not send a message")
            self._server._report_server_error(error, JsonRpcInternalError)

    def handle_message(self, message: Any) -> None:
        if message is _ANSWERED:
            return
        if getattr(message, "jsonrpc", None) != self.VERSION:
            # Not JSON-RPC 2.0, or not even an object: pygls would drop it or fail on it.
            msg_id = _request_id(message)
            if msg_id is not None:
                error = types.ResponseError(
                    code=-32600, message="Invalid Request: jsonrpc must be '2.0'"
                )
                self._send_response(msg_id, error=error)
            logger.warning("pep-lsp: ignored a message that is not JSON-RPC 2.0: %.200r", message)
            return
        super().handle_message(message)


class PepLanguageServer(LanguageServer):
    protocol: PepProtocol

    def __init__(self) -> None:
        from pep_lsp.settings_store import SettingsStore

        super().__init__(
            "pep-lsp",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=PepProtocol,
        )
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._last_cost = 0.0
        self.initialization_options: Any = (
            None  # read in `initialized`, after the answer to `initialize`
        )
        self.store = SettingsStore()
        self._lens_shown: dict[str, Any] = {}  # uri -> the progress its code lens last showed
        # Documents changed since their last save, and those saved after a change: the
        # "Set Updated to today" quick fix is offered for the latter.
        self.changed_since_save: set[str] = set()
        self.saved_after_change: set[str] = set()
        from pep_lsp.workspace_server import Indexer

        self.indexer = Indexer(self)  # the workspace index (pep_lsp/workspace_server.py)

    # --- settings -----------------------------------------------------------------------

    def set_editor_settings(self, source: int, raw: Any) -> None:
        self.store.set_editor_settings(source, raw, self.workspace.root_path)

    def settings_for(self, uri: str) -> Settings:
        settings, new_problems = self.store.settings_for(
            uri, lambda: to_fs_path(uri) if uri.startswith("file:") else None
        )
        self.show(new_problems)
        return settings

    def claims(self, uri: str, schema: Schema) -> bool:
        """Is the document a PEP by its file name or a configured include pattern, whatever it holds?"""
        from pathlib import Path
        from urllib.parse import unquote

        from pep_lsp.config import claims_document

        path = to_fs_path(uri) if uri.startswith("file:") else None
        resolved, _ = self.store.resolved_for(uri, path)
        return claims_document(
            resolved, Path(path) if path else None, unquote(uri.rsplit("/", 1)[-1]), schema
        )

    def schema_for(self, uri: str) -> Schema:
        return self.store.schema_of(self.settings_for(uri))

    def show(self, problems: list[str]) -> None:
        for text in problems:
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=text)
            )

    def refresh(self) -> set[str]:
        """Settings or a template may have changed: re-resolve every open document, rebuild the
        models whose schema changed and re-publish those whose settings or schema changed;
        returns their URIs."""
        from pep_lsp.settings_store import problem_text

        previous = self.store.start_refresh()
        editor_problems = self.store.editor_problems
        self.show(self.store.unshown(editor_problems))
        current = {problem_text(p) for p in editor_problems}
        republished = set()
        for uri in list(self.workspace.text_documents):
            document = self.pep_document(uri)
            if document is None:
                continue
            resolved, new_problems = self.store.resolved_for(
                uri, to_fs_path(uri) if uri.startswith("file:") else None
            )
            self.show(new_problems)
            current.update(problem_text(p) for p in resolved.problems)
            schema = self.store.schema_of(resolved.settings)
            before = previous.get(uri)
            if before is not None and before == resolved and schema is document.document.schema:
                continue
            document.document.set_schema(schema)
            self._publish_safely(uri)
            republished.add(uri)
        self.store.finish_refresh(current)
        return republished

    # --- documents -----------------------------------------------------------------------

    def pep_document(self, uri: str) -> PepTextDocument | None:
        """An open document, or None for one the client never opened."""
        document = self.workspace.text_documents.get(uri)
        return document if isinstance(document, PepTextDocument) else None

    def publish(self, uri: str) -> None:
        document = self.pep_document(uri)
        if document is None:
            return
        from pep_lsp.check import Checker

        started = time.perf_counter()
        settings = self.settings_for(uri)
        document.document.set_claimed(self.claims(uri, document.document.schema))
        model = document.document.model
        if document.checker is None or document.checker.settings is not settings:
            document.checker = Checker(settings)
        findings = document.checker.run(model, self.indexer.view(uri))
        params = publish_diagnostics_json(
            uri, document.version, model.lines, findings, document.encoding
        )
        self.protocol.notify_raw(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, params)
        self._refresh_code_lens(uri, model)
        self._last_cost = time.perf_counter() - started
        self.indexer.published(uri)

    def _refresh_code_lens(self, uri: str, model: Any) -> None:
        """Ask the client to fetch code lenses again when the progress lens changed: clients
        (Neovim) fetch them on open and save only, so the lens went stale while typing. Only
        for clients that declare `workspace.codeLens.refreshSupport`."""
        if not get_capability(
            self.client_capabilities, "workspace.code_lens.refresh_support", False
        ):
            return
        from pep_lsp.features.progress import progress

        summary = progress(model)
        first = uri not in self._lens_shown
        if not first and self._lens_shown[uri] == summary:
            return
        self._lens_shown[uri] = summary
        if not first:  # on open the client asks for lenses itself
            self.workspace_code_lens_refresh(None).add_done_callback(_ignore_outcome)

    def publish_soon(self, uri: str) -> None:
        """Publish now when analysis is cheap; otherwise a moment later, so that edits already
        waiting replace this one (each re-arms the timer) and only the newest is analysed."""
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        if self._last_cost < DEFER_AFTER_SECONDS:
            self._publish_safely(uri)
        else:
            self._timers[uri] = asyncio.get_running_loop().call_later(
                DEFER_DELAY_SECONDS, self._publish_pending, uri
            )

    def _publish_pending(self, uri: str) -> None:
        self._timers.pop(uri, None)
        self._publish_safely(uri)

    def _publish_safely(self, uri: str) -> None:
        try:
            self.publish(uri)
        except Exception:  # never let one document take the server down
            logger.exception("pep-lsp: could not analyse %s", uri)

    def clear(self, uri: str) -> None:
        """Forget pending work and settings for a closed document and clear its diagnostics."""
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        self.store.forget(uri)
        self._lens_shown.pop(uri, None)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )


def _ignore_outcome(future: Any) -> None:
    """A refresh the client refused or failed changes nothing: retrieve its error so that it is
    not reported as never retrieved."""
    if not future.cancelled() and future.exception() is not None:
        logger.debug("pep-lsp: workspace/codeLens/refresh failed: %s", future.exception())


server = PepLanguageServer()


def _client_supports_configuration(ls: PepLanguageServer) -> bool:
    workspace = ls.client_capabilities.workspace
    return bool(workspace and workspace.configuration)


async def _pull_configuration(ls: PepLanguageServer) -> None:
    """Ask for the `pepLsp` section; a client that fails to answer leaves the settings as they were."""
    try:
        result = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section=EDITOR_SECTION)])
        )
    except Exception:
        logger.exception("pep-lsp: workspace/configuration failed")
        return
    ls.set_editor_settings(1, result[0] if result else None)


@server.feature(types.INITIALIZE)
def initialize(ls: PepLanguageServer, params: types.InitializeParams) -> None:
    # pygls builds its workspace before this handler runs; swap in one whose documents
    # are pep-lsp models (see workspace.py for why).
    ls.protocol._workspace = PepWorkspace.replacing(ls.workspace, ls.schema_for)
    ls.initialization_options = params.initialization_options


@server.feature(types.INITIALIZED)
async def initialized(ls: PepLanguageServer, params: types.InitializedParams) -> None:
    ls.set_editor_settings(0, ls.initialization_options)
    workspace = ls.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace else None
    if watched and watched.dynamic_registration:
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED_GLOBS]
        )
        registration = types.Registration(
            id=WATCH_REGISTRATION_ID,
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        try:
            await ls.client_register_capability_async(
                types.RegistrationParams(registrations=[registration])
            )
        except Exception:  # the client refused: saving a document still re-checks
            logger.exception("pep-lsp: could not register file watchers")
    if _client_supports_configuration(ls):
        await _pull_configuration(ls)
    ls.refresh()
    ls.indexer.start()


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(
    ls: PepLanguageServer, params: types.DidChangeConfigurationParams
) -> None:
    if _client_supports_configuration(ls):
        await _pull_configuration(ls)
    elif isinstance(params.settings, dict) and EDITOR_SECTION in params.settings:
        ls.set_editor_settings(1, params.settings[EDITOR_SECTION])
    ls.refresh()
    ls.indexer.settings_changed()


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(
    ls: PepLanguageServer, params: types.DidChangeWatchedFilesParams
) -> None:
    if any(
        ls.store.uses_file(to_fs_path(change.uri) or "")
        for change in params.changes
        if change.uri.startswith("file:")
    ):
        ls.refresh()
    ls.indexer.watched(params.changes)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: PepLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: PepLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.changed_since_save.add(params.text_document.uri)
    ls.publish_soon(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: PepLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
    # A save is also when a configuration file or template edited outside the editor is
    # picked up, for clients that do not watch files for us.
    uri = params.text_document.uri
    if uri in ls.changed_since_save:
        ls.changed_since_save.discard(uri)
        ls.saved_after_change.add(uri)
    if uri not in ls.refresh():
        ls.publish(uri)
    ls.indexer.saved(uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: PepLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.changed_since_save.discard(params.text_document.uri)
    ls.saved_after_change.discard(params.text_document.uri)
    ls.clear(params.text_document.uri)
    ls.indexer.closed(params.text_document.uri)


# --- editing features: each handler converts at the edge and calls a pure function ----------
# The features and their LSP conversions are imported on first use, like the rules, so that
# `initialize` answers before any of them is loaded.


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=list(TRIGGER_CHARACTERS)),
)
def on_completion(ls: PepLanguageServer, params: types.CompletionParams) -> RawJSON:
    from pep_lsp.features import completion
    from pep_lsp.lsp_features import EMPTY_COMPLETION_LIST, to_completion_list

    document = ls.pep_document(params.text_document.uri)
    if document is None:
        return EMPTY_COMPLETION_LIST
    from pep_lsp.workspace_server import completion as workspace_completion

    across = workspace_completion(ls, params)  # `PEP 1`, `](file`, `#anchor`: other proposals
    if across is not None:
        return across  # type: ignore[return-value]
    model = document.document.model
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


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=list(ADVERTISED_CODE_ACTION_KINDS)),
)
def on_code_action(ls: PepLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    document = ls.pep_document(uri)
    if document is None:
        return []
    from pep_lsp.check import check_model
    from pep_lsp.features.code_actions import code_actions
    from pep_lsp.lsp_features import to_code_actions

    model = document.document.model
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
    from pep_lsp.workspace_server import code_actions as workspace_actions

    return to_code_actions(
        uri, model.lines, actions, document.encoding, document.version if versioned else None
    ) + workspace_actions(ls, params)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def on_hover(ls: PepLanguageServer, params: types.HoverParams) -> types.Hover | None:
    document = ls.pep_document(params.text_document.uri)
    if document is None:
        return None
    from pep_lsp.features.hover import hover
    from pep_lsp.lsp_features import to_hover
    from pep_lsp.workspace_server import hover as workspace_hover

    across = workspace_hover(ls, params)  # a mention of, or link to, another proposal
    if across is not None:
        return across
    model = document.document.model
    found = hover(model, from_position(model.lines, params.position, document.encoding))
    return to_hover(model.lines, found, document.encoding) if found else None


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def on_document_symbol(
    ls: PepLanguageServer, params: types.DocumentSymbolParams
) -> list[types.DocumentSymbol] | list[types.SymbolInformation]:
    uri = params.text_document.uri
    document = ls.pep_document(uri)
    if document is None:
        return []
    from pep_lsp.features.symbols import document_symbols
    from pep_lsp.lsp_features import to_document_symbols, to_symbol_information

    model = document.document.model
    found = document_symbols(model)
    if get_capability(
        ls.client_capabilities,
        "text_document.document_symbol.hierarchical_document_symbol_support",
        False,
    ):
        return to_document_symbols(model.lines, found, document.encoding)
    return to_symbol_information(uri, model.lines, found, document.encoding)


@server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
def on_folding_range(
    ls: PepLanguageServer, params: types.FoldingRangeParams
) -> list[types.FoldingRange]:
    document = ls.pep_document(params.text_document.uri)
    if document is None:
        return []
    from pep_lsp.features.symbols import folding_ranges
    from pep_lsp.lsp_features import to_folding_ranges

    return to_folding_ranges(folding_ranges(document.document.model))


@server.feature(types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=False))
def on_code_lens(ls: PepLanguageServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    document = ls.pep_document(params.text_document.uri)
    if document is None:
        return []
    from pep_lsp.features.progress import progress
    from pep_lsp.lsp_features import to_code_lenses

    model = document.document.model
    return to_code_lenses(
        model.lines, progress(model, ls.settings_for(params.text_document.uri)), document.encoding
    )


NEXT_LEFTOVER = "pep-lsp.nextLeftover"
PREVIOUS_LEFTOVER = "pep-lsp.previousLeftover"


def _leftover_location(
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
    from pep_lsp.features.navigation import next_leftover
    from pep_lsp.lsp import to_range

    model = document.document.model
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


@server.command(NEXT_LEFTOVER)
def next_leftover_command(ls: PepLanguageServer, *args: Any) -> types.Location | None:
    return _leftover_location(ls, args, backward=False)


@server.command(PREVIOUS_LEFTOVER)
def previous_leftover_command(ls: PepLanguageServer, *args: Any) -> types.Location | None:
    return _leftover_location(ls, args, backward=True)


from pep_lsp.workspace_server import register as _register_workspace_features  # noqa: E402

_register_workspace_features(server)


def serve() -> None:
    from pep_lsp.stdio import serve_stdio

    logging.basicConfig(level=logging.WARNING, format="pep-lsp %(levelname)s %(message)s")
    serve_stdio(server)  # stdin read by the event loop, not pygls' thread pool (stdio.py)
