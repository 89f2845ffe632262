"""The server side of the workspace index: building it, keeping it current, and the
cross-file requests (definition, references, workspace symbols, hover on a mention).

`server.py` holds one `Indexer` and calls it from a few existing handlers; `register` adds
the handlers of the new requests. The index is built in the background after `initialized`
(never inside `initialize`), with `$/progress` when the client can show it. It follows open
documents from their edits, closed files from watched-file events, and, for a client that
sends none (Neovim on Linux), from modification times checked on save and before a
cross-file request. The index and the navigation logic are pure (`index.py`,
`navigation.py`); this module only wires them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.uris import from_fs_path, to_fs_path

if TYPE_CHECKING:
    from pep_lsp.features.navigation import Place
    from pep_lsp.lsp.server import PepLanguageServer
    from pep_lsp.lsp.text_document import PepTextDocument
    from pep_lsp.text import Pos
    from pep_lsp.workspace.index import CrossFile, Index, Proposal, Scope

logger = logging.getLogger(__name__)
T = TypeVar("T")

FILES_PER_STEP = 25
"""Files read between two progress reports while building."""
SLICE_SECONDS = 0.0002
"""The longest the index build keeps the event loop before giving it back: edits are served
meanwhile, each waiting for at most one slice."""
STEP_LINES = 32
"""Lines of a file the build reads between two looks at the clock (about 0.1 ms): a file is
read in several slices, so an edit never waits for a whole file."""
MAX_DEFERRALS = 64
MAX_DEFERRAL_SECONDS = 0.001
"""How many times in a row, and for how long, the build lets other ready work go first before
taking its slice anyway: enough for an edit's few quick steps up to its check, never so much
that a stream of messages (or a second build) stalls the build."""
PROGRESS_TOKEN = "pep-lsp-index"


class Pacer:
    """Where a background build gives the event loop back: when it has run `slice_seconds`
    since the last time, and then only once no other work is ready (an edit's next step goes
    first, not after another slice of the build)."""

    def __init__(
        self, slice_seconds: float, clock: Callable[[], float] = time.perf_counter
    ) -> None:
        self.slice_seconds = slice_seconds
        self.clock = clock
        self.end = clock() + slice_seconds

    async def pause(self) -> None:
        if self.clock() < self.end:
            return
        await asyncio.sleep(0)
        loop = asyncio.get_running_loop()
        deferred_until = self.clock() + MAX_DEFERRAL_SECONDS
        for _ in range(MAX_DEFERRALS):
            if not _others_ready(loop) or self.clock() >= deferred_until:
                break
            await asyncio.sleep(0)
        self.end = self.clock() + self.slice_seconds


def _others_ready(loop: asyncio.AbstractEventLoop) -> bool:
    """Does other work wait to run in this loop iteration? (The standard event loop's queue of
    ready callbacks, `_ready`; another loop without it: no, and the build runs by the clock.)"""
    ready = getattr(loop, "_ready", None)
    try:
        return bool(ready)
    except TypeError:
        return False


async def build_index(index: Index, files: Iterable[tuple[Path, Scope]], pacer: Pacer) -> None:
    """Add each file to `index` as `Index.add_file` would, pausing with `pacer` between and
    inside files (`scan_in_steps`)."""
    from pep_lsp.workspace.index import read_lines_and_mtime, scan_in_steps

    for path, scope in files:
        read = read_lines_and_mtime(path)
        if read is None:
            index.remove(path)
            continue
        lines, mtime = read
        await pacer.pause()
        steps = scan_in_steps(
            lines, scope.schema, str(path.absolute()), mtime, cached=False, step_lines=STEP_LINES
        )
        while True:
            try:
                next(steps)
            except StopIteration as done:
                index.put(done.value)
                break
            await pacer.pause()
        await pacer.pause()


async def sliced(
    items: Iterable[T], slice_seconds: float, clock: Callable[[], float] = time.perf_counter
) -> AsyncIterator[T]:
    """The items one by one, giving the event loop back (to pending edits) whenever the work
    done on them since the last time has taken `slice_seconds`."""
    end = clock() + slice_seconds
    for item in items:
        yield item
        if clock() >= end:
            await asyncio.sleep(0)
            end = clock() + slice_seconds


def _path(uri: str) -> str | None:
    return to_fs_path(uri) if uri.startswith("file:") else None


class Indexer:
    """The workspace index of one server, and how it is kept current."""

    def __init__(self, ls: PepLanguageServer) -> None:
        self.ls = ls
        self.index: Index | None = None  # None until the first build finished
        self.scopes: list[Scope] = []
        self.task: asyncio.Task[None] | None = None
        self._views: dict[str, CrossFile] = {}
        self._pending_republish: asyncio.TimerHandle | None = None
        self._started = asyncio.Event()  # set when `initialized` starts the build
        self._rejected: set[str] = (
            set()
        )  # files seen on disk that the include/exclude patterns leave out
        self._stamp: tuple[object, ...] = ()  # `_settings_stamp()` when the index was built
        self._building = False
        self._changed_while_building: set[str] = set()  # read again once the build is done
        self._check_disk_after_build = False  # a save while building (clients without watching)
        self._settings_changed_while_building = False  # compared again once the build is done
        self._open_scopes: dict[
            str, tuple[list[Scope], str, Scope | None, Scope | None]
        ] = {}  # by open document: see `_open_scope`

    # --- building ---------------------------------------------------------------------

    def start(self) -> None:
        """Build in the background (called from `initialized`)."""
        self.task = asyncio.get_running_loop().create_task(self._build())
        self._started.set()

    def _roots(self) -> list[Path]:
        workspace = self.ls.workspace
        roots = [Path(p) for p in (_path(folder.uri) for folder in workspace.folders.values()) if p]
        if not roots and workspace.root_path:
            roots = [Path(workspace.root_path)]
        return [root for root in roots if root.is_dir()]

    def _scope(self, root: Path) -> Scope:
        from pep_lsp.workspace.index import Scope

        key = "pep-lsp-index:" + str(root)
        self.ls.store.forget(key)  # resolved afresh at each build
        resolved, _ = self.ls.store.resolved_for(key, str(root / "_.md"))
        return Scope(
            root,
            self.ls.store.schema_of(resolved.settings),
            resolved.include,
            resolved.exclude,
            resolved.root,
        )

    def _settings_stamp(self) -> tuple[object, ...]:
        """What the scopes were resolved from: each root's configuration files and template,
        with their modification times, and the editor settings."""
        import os

        stamp: list[object] = [self.ls.store.editor_settings_key()]
        for scope in self.scopes:
            candidates = [scope.root / "pep-lsp.toml", scope.root / "pyproject.toml"]
            if scope.pattern_root is not None:
                candidates += [
                    scope.pattern_root / "pep-lsp.toml",
                    scope.pattern_root / "pyproject.toml",
                ]
            candidates.append(Path(scope.schema.source_path))
            for candidate in candidates:
                try:
                    stamp.append((str(candidate), os.stat(candidate).st_mtime_ns))
                except OSError:
                    stamp.append((str(candidate), None))
        return tuple(stamp)

    def settings_changed(self) -> None:
        """Configuration or a template may have changed: when what the index was built from
        did, build it again (in the background; the old one serves meanwhile)."""
        if self.task is not None and not self.task.done():
            self._settings_changed_while_building = True  # (after the build: `_after_build`)
            return
        if self.task is None or self._settings_stamp() == self._stamp:
            return
        self._rejected.clear()
        self.start()

    def _after_build(self) -> None:
        """Once the build's task is done: a change of configuration made while it ran (the
        build may have read the old one) is compared now, and builds again when it differs."""
        if self._settings_changed_while_building:
            self._settings_changed_while_building = False
            self.settings_changed()

    async def _build(self) -> None:
        from pep_lsp.workspace.index import Index, naming_of, walk

        self._building = True
        token = None
        if get_capability(self.ls.client_capabilities, "window.work_done_progress", False):
            try:
                await self.ls.work_done_progress.create_async(PROGRESS_TOKEN)
                token = PROGRESS_TOKEN
            except Exception:
                logger.exception("pep-lsp: window/workDoneProgress/create failed")
        try:
            self.scopes = [self._scope(root) for root in self._roots()]
            stamp = self._settings_stamp()  # what this build reads, before it reads it
            index = Index(
                naming_of(self.scopes[0].schema)
                if self.scopes
                else naming_of(self.ls.schema_for("file:///_.md"))
            )
            if token:
                self.ls.work_done_progress.begin(
                    token,
                    types.WorkDoneProgressBegin(
                        title="Indexing proposals", percentage=0, cancellable=False
                    ),
                )
            # Listing and reading files give the event loop back every SLICE_SECONDS, so an
            # edit waits for at most one slice, never for a batch of files.
            listed = ((path, scope) for scope in self.scopes for path in walk(scope))
            paths = [item async for item in sliced(listed, SLICE_SECONDS)]
            pacer = Pacer(SLICE_SECONDS)
            for start in range(0, len(paths), FILES_PER_STEP):
                await build_index(index, paths[start : start + FILES_PER_STEP], pacer)
                done = min(start + FILES_PER_STEP, len(paths))
                if token and done % FILES_PER_STEP == 0:
                    self.ls.work_done_progress.report(
                        token,
                        types.WorkDoneProgressReport(
                            message=f"{done}/{len(paths)} files",
                            percentage=done * 100 // len(paths),
                        ),
                    )
            self._installed(index, stamp)
        except Exception:
            logger.exception("pep-lsp: could not build the workspace index")
        finally:
            self._building = False
            if token:
                count = len(self.index.all_proposals()) if self.index else 0
                self.ls.work_done_progress.end(
                    token, types.WorkDoneProgressEnd(message=f"{count} proposals")
                )
        self._republish_all()
        asyncio.get_running_loop().call_soon(self._after_build)

    def _installed(self, index: Index, stamp: tuple[object, ...] | None = None) -> None:
        """A finished build's index replaces the old one; files that changed on disk while it
        was built (it may have read them before) are read again (for a client without file
        watching, saved during the build: the disk is checked), and open documents put in.
        `stamp`: the settings the build read (default: as they are now)."""
        self.index = index
        self._views.clear()
        self._stamp = self._settings_stamp() if stamp is None else stamp
        self._building = False
        for path in sorted(self._changed_while_building):
            self._reread(path)
        self._changed_while_building.clear()
        if self._check_disk_after_build:
            self._check_disk_after_build = False
            self.check_disk()
        for uri in list(self.ls.workspace.text_documents):
            self._put_open(uri)

    def _scope_of(self, path: str) -> Scope | None:
        """The scope a file belongs to (the deepest root holding it), or None when outside."""
        best = None
        for scope in self.scopes:
            try:
                Path(path).relative_to(scope.root)
            except ValueError:
                continue
            if best is None or len(scope.root.parts) > len(best.root.parts):
                best = scope
        return best

    def _indexable(self, path: str) -> Scope | None:
        from pep_lsp.workspace.index import SKIPPED_FOLDERS, matches

        scope = self._scope_of(path)
        if scope is None or not path.lower().endswith((".md", ".markdown")):
            return None
        relative = Path(path).relative_to(scope.root)
        if any(part.startswith(".") or part in SKIPPED_FOLDERS for part in relative.parts[:-1]):
            return None
        base = scope.pattern_root or scope.root
        if scope.include and not matches(Path(path), base, scope.include):
            return None
        if scope.exclude and matches(Path(path), base, scope.exclude):
            return None
        return scope

    def _open_scope(self, uri: str, path: str) -> tuple[Scope | None, Scope | None]:
        """`_scope_of` and `_indexable` of an open document's path, remembered while the scopes
        are the same (both are asked on every keystroke; matching costs ~50 us)."""
        found = self._open_scopes.get(uri)
        if found is None or found[0] is not self.scopes or found[1] != path:
            found = self._open_scopes[uri] = (
                self.scopes,
                path,
                self._scope_of(path),
                self._indexable(path),
            )
        return found[2], found[3]

    # --- keeping it current -------------------------------------------------------------

    def view(self, uri: str) -> CrossFile | None:
        """The cross-file view the rules get for an open document (None: no index yet)."""
        path = _path(uri)
        if self.index is None or path is None or self._open_scope(uri, path)[0] is None:
            return None  # a document outside every workspace folder is not one of its proposals
        from pep_lsp.workspace.index import CrossFile

        view = self._views.get(uri)
        if view is None or view.index is not self.index:
            view = self._views[uri] = CrossFile(self.index, path)
        return view

    def _put_open(self, uri: str) -> bool:
        """Put an open document's current text in the index; True when others may change."""
        document = self.ls.pep_document(uri)
        view = self.view(uri)
        if (
            document is None
            or view is None
            or self.index is None
            or self._open_scope(uri, view.path)[1] is None
        ):
            return False
        model = document.model
        return self.index.put(view.own_model(model))

    def published(self, uri: str) -> None:
        """After an open document was checked: its edits update the index; when what other
        documents read from it changed, they are checked again (a moment later)."""
        if self._put_open(uri):
            self._republish_others(uri)

    def _republish_others(self, uri: str | None) -> None:
        if self._pending_republish is not None:
            self._pending_republish.cancel()

        def run() -> None:
            self._pending_republish = None
            for other in list(self.ls.workspace.text_documents):
                if other != uri:
                    self.ls._publish_safely(other)

        self._pending_republish = asyncio.get_running_loop().call_later(0.01, run)

    def _republish_all(self) -> None:
        """Once the index is built: documents checked before it was get their cross-file
        findings (only those that have some: an unchanged publish would only be noise)."""
        for uri in list(self.ls.workspace.text_documents):
            try:
                needed = self._has_cross_file_findings(uri)
            except Exception:
                logger.exception("pep-lsp: could not check %s against the index", uri)
                needed = False
            if needed:
                self.ls._publish_safely(uri)

    def _has_cross_file_findings(self, uri: str) -> bool:
        from pep_lsp.engine.check import rules_to_run
        from pep_lsp.rules import RuleContext

        document = self.ls.pep_document(uri)
        view = self.view(uri)
        if document is None or view is None or not document.model.is_pep:
            return False
        settings = self.ls.settings_for(uri)
        context = RuleContext(document.model, settings.options, workspace=view)
        return any(
            bool(rule.run(context)) for rule in rules_to_run(settings) if rule.code.startswith("X")
        )

    def _reread(self, path: str) -> bool:
        """A closed file changed, appeared or went on disk."""
        if self._building:
            self._changed_while_building.add(path)
        if self.index is None:
            return False
        uri = from_fs_path(path)
        if uri is not None and self.ls.pep_document(uri) is not None:
            return False  # the editor's text wins while it is open
        scope = self._indexable(path)
        if scope is None or not Path(path).is_file():
            return self.index.remove(path)
        return self.index.add_file(Path(path), scope.schema)

    def recheck_disk(self) -> bool:
        """Ask the file system again what the open documents' link rules were told (does a
        relative link's target exist? `CrossFile.exists`): between these events a keystroke
        in prose does not ask it. True when an answer changed (those documents are checked
        again when republished). Called on a watched-file event, a save and before a
        cross-file request, the events that keep the index fresh: a file the client sends no
        event for (a figure, or anything for a client without file watching) is seen then."""
        changed = False
        for view in list(self._views.values()):
            changed |= view.recheck_disk()
        return changed

    def watched(self, changes: Sequence[types.FileEvent]) -> None:
        self.settings_changed()
        changed = self.recheck_disk()
        for change in changes:
            path = _path(change.uri)
            if path is not None:
                changed |= self._reread(path)
        if changed:
            self._republish_others(None)

    def closed(self, uri: str) -> None:
        """A closed document is what is on disk again."""
        path = _path(uri)
        self._views.pop(uri, None)
        self._open_scopes.pop(uri, None)
        if path is not None and self._reread(path):
            self._republish_others(uri)

    @property
    def client_watches(self) -> bool:
        return bool(
            get_capability(
                self.ls.client_capabilities,
                "workspace.did_change_watched_files.dynamic_registration",
                False,
            )
        )

    def check_disk(self) -> bool:
        """Without file watching: re-read indexed files whose modification time changed, drop
        deleted ones, add new ones. True when other documents may change. Costs a `stat` per
        indexed file and a listing of the folders; only new names are matched against the
        include/exclude patterns (and remembered when they do not match)."""
        if self.index is None or self.client_watches:
            return False
        self.settings_changed()
        import os

        from pep_lsp.workspace.index import SKIPPED_FOLDERS, normal_path

        open_paths = {
            normal_path(p) for p in (_path(uri) for uri in self.ls.workspace.text_documents) if p
        }
        changed = False
        for key, entry in list(self.index.files.items()):
            if key in open_paths:
                continue
            try:
                mtime: int | None = os.stat(entry.path).st_mtime_ns
            except OSError:
                mtime = None
            if mtime is None or mtime != entry.mtime:
                changed |= self._reread(entry.path)
        for scope in self.scopes:
            for folder, dirs, files in os.walk(scope.root):
                dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS]
                for name in files:
                    if not name.lower().endswith((".md", ".markdown")):
                        continue
                    path = os.path.join(folder, name)
                    key = normal_path(path)
                    if key in self.index.files or key in self._rejected or key in open_paths:
                        continue
                    if self._indexable(path) is None:
                        self._rejected.add(key)
                    else:
                        changed |= self._reread(path)
        return changed

    def saved(self, uri: str) -> None:
        if self._building:
            self._check_disk_after_build = True  # the build may have listed the folders already
        changed = self.check_disk()
        changed |= self.recheck_disk()
        if changed:
            self._republish_others(None)  # the saved document too: it was checked before the disk

    async def ready(self) -> Index | None:
        """The index for a cross-file request: waits for the first build (a request that
        overtakes `initialized` waits for it to start the build), then checks disk."""
        if self.task is None:
            await self._started.wait()
        if self.task is not None and not self.task.done():
            await asyncio.shield(self.task)
        changed = self.check_disk()
        changed |= self.recheck_disk()
        if changed:
            self._republish_others(None)
        return self.index

    # --- conversions ---------------------------------------------------------------------

    def line_text(self, path: str, line: int) -> str:
        uri = from_fs_path(path)
        document = self.ls.pep_document(uri) if uri else None
        if document is not None:
            lines = document.model.lines
            return lines[line] if 0 <= line < len(lines) else ""
        from pep_lsp.workspace.index import read_lines

        lines = read_lines(Path(path)) or []
        return lines[line] if 0 <= line < len(lines) else ""

    def location(self, place: Place, encoding: str) -> types.Location:
        from pep_lsp.lsp.convert import to_range

        start, end = place.span
        if start.line == end.line and start.col == end.col == 0:
            rng = types.Range(
                start=types.Position(line=start.line, character=0),
                end=types.Position(line=start.line, character=0),
            )
        else:
            rng = to_range(
                [self.line_text(place.path, start.line)] * (start.line + 1), place.span, encoding
            )
        return types.Location(uri=from_fs_path(place.path) or place.path, range=rng)

    def own(self, uri: str) -> tuple[CrossFile, Proposal] | None:
        document = self.ls.pep_document(uri)
        view = self.view(uri)
        if document is None or view is None:
            return None
        model = document.model
        return view, view.own_model(model)


def hover(ls: PepLanguageServer, params: types.HoverParams) -> types.Hover | None:
    """A hover on a mention of, or a link to, a proposal (None elsewhere: the template's hover)."""
    indexer: Indexer = ls.indexer
    found = indexer.own(params.text_document.uri)
    if found is None:
        return None
    indexer.check_disk()
    from pep_lsp.features import navigation
    from pep_lsp.lsp.convert import from_position, to_range

    document = ls.pep_document(params.text_document.uri)
    assert document is not None
    lines = document.model.lines
    view, own = found
    result = navigation.hover(view, own, from_position(lines, params.position, document.encoding))
    if result is None:
        return None
    text, span = result
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
        range=to_range(lines, span, document.encoding),
    )


async def _ready_proposal(
    ls: PepLanguageServer, uri: str
) -> tuple[CrossFile, Proposal, PepTextDocument] | None:
    """Once the index is ready: the requesting proposal's view of it, its own entry and its open
    document (None outside a proposal, or for a document never opened). What every cross-file
    request starts from; `view.index` is the index itself."""
    indexer: Indexer = ls.indexer
    await indexer.ready()
    found = indexer.own(uri)
    document = ls.pep_document(uri)
    if found is None or document is None:
        return None
    return found[0], found[1], document


async def _locations_at(
    ls: PepLanguageServer,
    params: types.DefinitionParams | types.ReferenceParams,
    find: Callable[[CrossFile, Proposal, Pos], Iterable[Place]],
) -> list[types.Location]:
    """The places `find` gives for the position in an indexed proposal, as locations: what
    definition and references share (none before the document is a proposal of the index)."""
    ready = await _ready_proposal(ls, params.text_document.uri)
    if ready is None:
        return []
    from pep_lsp.lsp.convert import from_position

    view, own, document = ready
    position = from_position(document.model.lines, params.position, document.encoding)
    return [ls.indexer.location(place, document.encoding) for place in find(view, own, position)]


def register(server: PepLanguageServer) -> None:
    """Add the cross-file requests to the server."""
    register_more(server)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def on_definition(
        ls: PepLanguageServer, params: types.DefinitionParams
    ) -> list[types.Location]:
        from pep_lsp.features import navigation

        return await _locations_at(ls, params, navigation.definition)

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    async def on_references(
        ls: PepLanguageServer, params: types.ReferenceParams
    ) -> list[types.Location]:
        from pep_lsp.features import navigation

        def find(view: CrossFile, own: Proposal, position: Pos) -> list[Place]:
            return navigation.references(view, own, position, params.context.include_declaration)

        return await _locations_at(ls, params, find)

    @server.feature(types.WORKSPACE_SYMBOL)
    async def on_workspace_symbol(
        ls: PepLanguageServer, params: types.WorkspaceSymbolParams
    ) -> list[types.SymbolInformation]:
        indexer: Indexer = ls.indexer
        index = await indexer.ready()
        if index is None:
            return []
        from pep_lsp.features import navigation
        from pep_lsp.features.navigation import Place
        from pep_lsp.text import Span

        encoding = ls.workspace.position_encoding
        encoding_name = getattr(encoding, "value", encoding) or "utf-16"
        return [
            types.SymbolInformation(
                name=proposal.label(index.naming),
                kind=types.SymbolKind.File,
                location=indexer.location(
                    Place(proposal.path, Span.on_line(proposal.title_line, 0, 0)),
                    str(encoding_name),
                ),
                container_name=proposal.status or None,
            )
            for proposal in navigation.workspace_symbols(index, params.query)
        ]


def completion(
    ls: PepLanguageServer, params: types.CompletionParams
) -> types.CompletionList | None:
    """Proposal numbers after `PEP `, proposal files inside `](`, anchors after `#` in a link
    (None elsewhere: the template's completion)."""
    indexer: Indexer = ls.indexer
    found = indexer.own(params.text_document.uri)
    document = ls.pep_document(params.text_document.uri)
    if found is None or document is None or indexer.index is None:
        return None
    from pep_lsp.features import navigation
    from pep_lsp.lsp.convert import from_position, to_range

    lines = document.model.lines
    position = from_position(lines, params.position, document.encoding)
    items = navigation.complete(indexer.index, found[1], lines[position.line], position)
    if not items:
        return None
    return types.CompletionList(
        is_incomplete=False,
        items=[
            types.CompletionItem(
                label=item.label,
                detail=item.detail,
                kind=types.CompletionItemKind.Reference,
                sort_text=f"{i:05d}",
                filter_text=item.insert,
                text_edit=types.TextEdit(
                    range=to_range(lines, item.span, document.encoding), new_text=item.insert
                ),
            )
            for i, item in enumerate(items)
        ],
    )


def register_more(server: PepLanguageServer) -> None:
    """Document links for mentions, and renaming a heading across files."""

    @server.feature(
        types.TEXT_DOCUMENT_DOCUMENT_LINK, types.DocumentLinkOptions(resolve_provider=False)
    )
    async def on_document_link(
        ls: PepLanguageServer, params: types.DocumentLinkParams
    ) -> list[types.DocumentLink]:
        ready = await _ready_proposal(ls, params.text_document.uri)
        if ready is None:
            return []
        from pep_lsp.features import navigation
        from pep_lsp.lsp.convert import to_range

        view, own, document = ready
        lines = document.model.lines
        return [
            types.DocumentLink(
                range=to_range(lines, place.span, document.encoding),
                target=from_fs_path(place.path),
            )
            for place in navigation.mention_links(view.index, own)
        ]

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))
    async def on_inlay_hint(
        ls: PepLanguageServer, params: types.InlayHintParams
    ) -> list[types.InlayHint]:
        """Off unless the `inlay-hints` option is true."""
        if not ls.settings_for(params.text_document.uri).options.get("inlay-hints"):
            return []
        ready = await _ready_proposal(ls, params.text_document.uri)
        if ready is None:
            return []
        from pep_lsp.features import navigation
        from pep_lsp.lsp.convert import to_position

        view, own, document = ready
        lines = document.model.lines
        hints = navigation.inlay_hints(
            view.index, own, params.range.start.line, params.range.end.line
        )
        return [
            types.InlayHint(position=to_position(lines, span.end, document.encoding), label=label)
            for span, label in hints
        ]

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    async def on_prepare_rename(
        ls: PepLanguageServer, params: types.PrepareRenameParams
    ) -> types.PrepareRenamePlaceholder | None:
        ready = await _ready_proposal(ls, params.text_document.uri)
        if ready is None:
            return None
        from pep_lsp.features import navigation
        from pep_lsp.lsp.convert import from_position, to_range

        _, own, document = ready
        lines = document.model.lines
        heading = navigation.heading_at(
            own, from_position(lines, params.position, document.encoding)
        )
        if heading is None:
            return None
        return types.PrepareRenamePlaceholder(
            range=to_range(lines, heading.span, document.encoding), placeholder=heading.title
        )

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    async def on_rename(
        ls: PepLanguageServer, params: types.RenameParams
    ) -> types.WorkspaceEdit | None:
        ready = await _ready_proposal(ls, params.text_document.uri)
        if ready is None:
            return None
        from pep_lsp.features import navigation
        from pep_lsp.lsp.convert import from_position

        view, own, document = ready
        model = document.model
        heading = navigation.heading_at(
            own, from_position(model.lines, params.position, document.encoding)
        )
        if heading is None or not params.new_name.strip() or "\n" in params.new_name:
            return None
        edits = navigation.rename_heading(
            view.index, own, list(model.lines), heading, params.new_name.strip(), model.schema
        )
        from pep_lsp.features.navigation import Place

        changes: dict[str, list[types.TextEdit]] = {}
        for path, spans in edits.items():
            target = view.path if path == own.path else path
            uri = params.text_document.uri if path == own.path else (from_fs_path(target) or target)
            changes[uri] = [
                types.TextEdit(
                    range=ls.indexer.location(Place(target, span), document.encoding).range,
                    new_text=text,
                )
                for span, text in spans
            ]
        return types.WorkspaceEdit(changes=changes)


def code_actions(ls: PepLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """ "Use the next free number" on a blank number field (the highest number in the index + 1)."""
    if params.context.only and not any(
        str(getattr(k, "value", k)).startswith("quickfix") for k in params.context.only
    ):
        return []
    indexer: Indexer = ls.indexer
    found = indexer.own(params.text_document.uri)
    document = ls.pep_document(params.text_document.uri)
    if found is None or document is None or indexer.index is None:
        return []
    from pep_lsp.features import navigation
    from pep_lsp.lsp.convert import to_range

    model = document.model
    edit = navigation.next_number_edit(
        indexer.index, model, found[1], params.range.start.line, params.range.end.line
    )
    if edit is None:
        return []
    span, number = edit
    text_edit = types.TextEdit(
        range=to_range(model.lines, span, document.encoding), new_text=number
    )
    return [
        types.CodeAction(
            title=f"Use the next free number ({indexer.index.naming.mention(int(number))})",
            kind=types.CodeActionKind.QuickFix,
            edit=types.WorkspaceEdit(changes={params.text_document.uri: [text_edit]}),
        )
    ]
