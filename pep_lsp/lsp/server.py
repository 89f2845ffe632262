"""The language server: wiring only. Each handler fetches the document, calls a pure
function and sends the result; the logic lives in the model, the rules, `config.py`, `answers.py`
and `convert.py`, and every pygls workaround in `protocol.py`."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from pep_lsp import __version__
from pep_lsp.features import ADVERTISED_CODE_ACTION_KINDS, TRIGGER_CHARACTERS
from pep_lsp.lsp import answers
from pep_lsp.lsp.convert import RawJSON, publish_diagnostics_json
from pep_lsp.lsp.protocol import PepProtocol, prepare_first_messages, use_pep_workspace
from pep_lsp.lsp.text_document import PepTextDocument

if (
    TYPE_CHECKING
):  # loaded with the first document (or `initialized`), so `initialize` answers sooner
    from pep_lsp.engine.check import Settings
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


def _fs_path(uri: str) -> str | None:
    """The file a `file:` URI names; None for other schemes (untitled buffers)."""
    return to_fs_path(uri) if uri.startswith("file:") else None


class PepLanguageServer(LanguageServer):
    protocol: PepProtocol

    def __init__(self) -> None:
        from pep_lsp.lsp.settings import SettingsStore

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
        from pep_lsp.lsp.workspace_server import Indexer

        self.indexer = Indexer(self)  # the workspace index (pep_lsp/lsp/workspace_server.py)

    # --- settings -----------------------------------------------------------------------

    def set_editor_settings(self, source: int, raw: Any) -> None:
        self.store.set_editor_settings(source, raw, self.workspace.root_path)

    def settings_for(self, uri: str) -> Settings:
        settings, new_problems = self.store.settings_for(uri, lambda: _fs_path(uri))
        self.show(new_problems)
        return settings

    def claims(self, uri: str, schema: Schema) -> bool:
        """Is the document a PEP by its file name or a configured include pattern, whatever it holds?"""
        from pathlib import Path
        from urllib.parse import unquote

        from pep_lsp.config import claims_document

        path = _fs_path(uri)
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
        """Settings or a template may have changed: rebuild the models whose schema changed and
        re-publish the documents whose settings or schema changed; returns their URIs."""
        open_documents = {
            uri: document
            for uri in list(self.workspace.text_documents)
            if (document := self.pep_document(uri)) is not None
        }
        changed, problems = self.store.refresh(
            {uri: document.contents.schema for uri, document in open_documents.items()}, _fs_path
        )
        self.show(problems)
        for uri, schema in changed.items():
            open_documents[uri].contents.set_schema(schema)
            self._publish_safely(uri)
        return set(changed)

    # --- documents -----------------------------------------------------------------------

    def pep_document(self, uri: str) -> PepTextDocument | None:
        """An open document, or None for one the client never opened."""
        document = self.workspace.text_documents.get(uri)
        return document if isinstance(document, PepTextDocument) else None

    def publish(self, uri: str) -> None:
        document = self.pep_document(uri)
        if document is None:
            return
        from pep_lsp.engine.check import Checker

        started = time.perf_counter()
        settings = self.settings_for(uri)
        document.contents.set_claimed(self.claims(uri, document.contents.schema))
        model = document.model
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
    use_pep_workspace(ls, ls.schema_for)
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


# --- editing features: each handler hands the request to `answers.py` ---------------------


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=list(TRIGGER_CHARACTERS)),
)
def on_completion(ls: PepLanguageServer, params: types.CompletionParams) -> RawJSON:
    return answers.completion(ls, params)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=list(ADVERTISED_CODE_ACTION_KINDS)),
)
def on_code_action(ls: PepLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    return answers.code_action(ls, params)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def on_hover(ls: PepLanguageServer, params: types.HoverParams) -> types.Hover | None:
    return answers.hover(ls, params)


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def on_document_symbol(
    ls: PepLanguageServer, params: types.DocumentSymbolParams
) -> list[types.DocumentSymbol] | list[types.SymbolInformation]:
    return answers.document_symbol(ls, params)


@server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
def on_folding_range(
    ls: PepLanguageServer, params: types.FoldingRangeParams
) -> list[types.FoldingRange]:
    return answers.folding_range(ls, params)


@server.feature(types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=False))
def on_code_lens(ls: PepLanguageServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    return answers.code_lens(ls, params)


NEXT_LEFTOVER = "pep-lsp.nextLeftover"
PREVIOUS_LEFTOVER = "pep-lsp.previousLeftover"


@server.command(NEXT_LEFTOVER)
def next_leftover_command(ls: PepLanguageServer, *args: Any) -> types.Location | None:
    return answers.leftover_location(ls, args, backward=False)


@server.command(PREVIOUS_LEFTOVER)
def previous_leftover_command(ls: PepLanguageServer, *args: Any) -> types.Location | None:
    return answers.leftover_location(ls, args, backward=True)


from pep_lsp.lsp.workspace_server import register as _register_workspace_features  # noqa: E402

_register_workspace_features(server)


def prepare_first_document(ls: PepLanguageServer) -> None:
    """Pay before `initialize` is answered what the first document would otherwise pay once
    for the process: pygls' converters of the first messages, and a first pass of the block
    analysis, the section tree, the rules and the diagnostics' JSON over a small proposal
    made of the bundled template's header and headings (their sections found and
    remembered, the expressions and tables each step builds on first use made). Measured
    with callgrind on a 300-line PEP: its `initialized` and `didOpen` went from 51 M to
    33 M instructions (a second document takes 23 M), start-up grew by 38 M of 1,516 M.
    The sample ends with a quotation, a shape only markdown-it reads: nearly every real
    proposal has such a block (20 of the 21 real-prose PEPs in `tests/data/realprose`), so
    loading it here (~85 M instructions, ~6% of start-up) takes ~25 ms off the first real
    document."""
    from pep_lsp.engine.check import DEFAULT_SETTINGS, Checker
    from pep_lsp.model.document import Document
    from pep_lsp.template import default_schema

    prepare_first_messages(ls.protocol)
    schema = default_schema()
    model = Document(sample_proposal(schema), schema).model
    findings = Checker(DEFAULT_SETTINGS).run(model)
    publish_diagnostics_json("untitled:sample", 1, model.lines, findings, "utf-16")


_SAMPLE_BLOCKS = (
    "This section says what the proposal changes, and why: see [the guide](https://example.org).",
    "- `first`: one item\n- **second**: another item",
    "| Name | Value |\n|---|---|\n| limit | 10 |",
    "```python\nprint(1)\n```",
)
"""Blocks of the shapes a proposal is made of (prose, a list, a table, a fence)."""
_SAMPLE_QUOTE = "> A quoted remark, which only markdown-it reads."


def sample_proposal(schema: Schema) -> str:
    """A small proposal in `schema`'s form: its header, a title, and each section of the
    template with a block of each common shape under it."""
    parts = [schema.header_skeleton(), "# Sample"]
    for section in schema.checked_sections:
        if not section.has_placeholder_title:
            parts.append(f"{'#' * section.level} {section.title}")
            parts.append(_SAMPLE_BLOCKS[section.order % len(_SAMPLE_BLOCKS)])
    parts.append(_SAMPLE_QUOTE)
    return "\n\n".join(parts) + "\n"


def serve() -> None:
    from pep_lsp.lsp.stdio import serve_stdio

    logging.basicConfig(level=logging.WARNING, format="pep-lsp %(levelname)s %(message)s")
    try:
        prepare_first_document(server)
    except Exception:  # only a head start: the first document does it all again if need be
        logger.exception("pep-lsp: could not prepare for the first document")
    serve_stdio(server)  # stdin read by the event loop, not pygls' thread pool (stdio.py)
