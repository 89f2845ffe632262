"""The workspace of proposals end to end: the real server over stdio on a multi-file
workspace in tmp_path (workspace folders in `initialize`), for VS Code's capabilities (file
watching by dynamic registration) and Neovim's (no file watching: modification times are
checked on save and before a cross-file request)."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests.e2e.conftest import ROOT, WAIT_SECONDS, Published, change_document, open_document

HEADER = "```\nPEP: {number}\nTitle: {title}\nAuthor: {author}\nStatus: {status}\nType: Standard\n```\n\n"

ONE = HEADER.format(
    number=1, title="Caching layer", author="Ann Lee <ann@example.org>", status="Final"
) + (
    "## Abstract\n"
    "\n"
    "Builds on PEP 2 and PEP-0009; see [logging](pep-0002.md#motivation) and [old](gone.md).\n"
    "Back to [the top](#abstract), not [nowhere](#nope). In code `PEP 9` is not read.\n"
)
TWO = HEADER.format(
    number=2, title="Structured logging", author="Bo Chen <bo@example.org>", status="Draft"
) + ("## Motivation\n\nCaching is PEP 1.\n")
THREE = (
    HEADER.format(number=3, title="Metrics", author="Cy Dee <cy@example.org>", status="Draft")
    + "## Abstract\n\nNone.\n"
)


def workspace(root: Path) -> Path:
    folder = root / "peps"
    folder.mkdir()
    (folder / "pep-0001.md").write_text(ONE, encoding="utf-8")
    (folder / "pep-0002.md").write_text(TWO, encoding="utf-8")
    (folder / "pep-0003.md").write_text(THREE, encoding="utf-8")
    hidden = folder / ".cache"
    hidden.mkdir()
    (hidden / "pep-0009.md").write_text(THREE.replace("PEP: 3", "PEP: 9"), encoding="utf-8")
    modules = folder / "node_modules"
    modules.mkdir()
    (modules / "pep-0009.md").write_text(THREE.replace("PEP: 3", "PEP: 9"), encoding="utf-8")
    return folder


@pytest_lsp.fixture(
    params=["visual-studio-code", "neovim"],
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "pep_lsp"],
        server_env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        },
    ),
)
async def client(
    request: pytest.FixtureRequest, lsp_client: LanguageClient, tmp_path: Path
) -> AsyncIterator[LanguageClient]:
    published = Published()
    lsp_client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = published.record
    lsp_client.published = published  # type: ignore[attr-defined]
    registrations: list[types.Registration] = []
    lsp_client.protocol.fm.features[types.CLIENT_REGISTER_CAPABILITY] = lambda params: (
        registrations.extend(params.registrations)
    )
    lsp_client.registrations = registrations  # type: ignore[attr-defined]
    folder = workspace(tmp_path)
    lsp_client.folder = folder  # type: ignore[attr-defined]
    lsp_client.profile = request.param  # type: ignore[attr-defined]
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(request.param),
            workspace_folders=[types.WorkspaceFolder(uri=folder.as_uri(), name="peps")],
        )
    )
    yield lsp_client
    await lsp_client.shutdown_session()


def uri(client: LanguageClient, name: str) -> str:
    return (client.folder / name).as_uri()  # type: ignore[attr-defined]


async def cross_file(
    client: LanguageClient, name: str, count: int = 0
) -> list[tuple[int, int, int, int, str, str]]:
    """The X diagnostics of a document from the first publish after `count` that has any
    (the first publishes may come before the index is built)."""

    async def poll() -> list[tuple[int, int, int, int, str, str]]:
        while True:
            for params in client.published.by_uri.get(uri(client, name), [])[count:]:  # type: ignore[attr-defined]
                found = [
                    (
                        d.range.start.line,
                        d.range.start.character,
                        d.range.end.line,
                        d.range.end.character,
                        str(d.code),
                        d.message,
                    )
                    for d in params.diagnostics
                    if str(d.code).startswith("X")
                ]
                if found:
                    return found
            await asyncio.sleep(0.01)

    return await asyncio.wait_for(poll(), WAIT_SECONDS)


def published_count(client: LanguageClient, name: str) -> int:
    return len(client.published.by_uri.get(uri(client, name), []))  # type: ignore[attr-defined]


async def test_index_is_built_with_progress_and_cross_file_diagnostics_are_published(
    client: LanguageClient,
) -> None:
    open_document(client, uri(client, "pep-0001.md"), ONE)
    found = await cross_file(client, "pep-0001.md")
    assert found == [
        (10, 10, 10, 15, "X106", "PEP 2 is still Draft, and this proposal is Final"),
        (10, 20, 10, 28, "X102", "No proposal in the workspace is PEP 9"),
        (10, 78, 10, 85, "X103", "Link target not found: gone.md"),
        (11, 44, 11, 49, "X104", "No heading or anchor '#nope' in this document"),
    ]
    reports = client.progress_reports["pep-lsp-index"]
    assert (
        isinstance(reports[0], types.WorkDoneProgressBegin)
        and reports[0].title == "Indexing proposals"
    )
    assert (
        isinstance(reports[-1], types.WorkDoneProgressEnd) and reports[-1].message == "3 proposals"
    )


async def test_duplicate_numbers_name_each_other_with_related_information(
    client: LanguageClient,
) -> None:
    two = uri(client, "pep-0002.md")
    open_document(client, two, TWO)
    await client.published.wait(two, 1)  # type: ignore[attr-defined]
    other = client.folder / "pep-0002-other.md"  # type: ignore[attr-defined]
    other.write_text(
        TWO.replace("Title: Structured logging", "Title: Other logging"), encoding="utf-8"
    )
    await announce(client, other, types.FileChangeType.Created, two)
    diagnostics = await diagnostics_with(client, "pep-0002.md", "X101")
    assert [
        (d.range.start.line, d.range.start.character, d.range.end.character, d.message)
        for d in diagnostics
    ] == [(1, 5, 6, "PEP 2 is also the number of pep-0002-other.md (Other logging)")]
    related = diagnostics[0].related_information
    assert related is not None and [
        (
            r.location.uri,
            r.location.range.start.line,
            r.location.range.start.character,
            r.location.range.end.character,
            r.message,
        )
        for r in related
    ] == [(other.as_uri(), 1, 5, 6, "PEP 2 is also here")]


async def announce(
    client: LanguageClient, path: Path, change: types.FileChangeType, open_uri: str
) -> None:
    """Tell the server a file changed on disk the way this client can: a watched-file event
    (VS Code registers watchers), or nothing but saving an open document (Neovim)."""
    if client.profile == "visual-studio-code":  # type: ignore[attr-defined]
        assert any(
            r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES for r in client.registrations
        )  # type: ignore[attr-defined]
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=path.as_uri(), type=change)]
            )
        )
    else:
        client.text_document_did_save(
            types.DidSaveTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=open_uri)
            )
        )


async def diagnostics_with(
    client: LanguageClient, name: str, code: str, present: bool = True
) -> list[types.Diagnostic]:
    """The `code` diagnostics of the newest publish once it has (or, `present=False`, lacks) them."""

    async def poll() -> list[types.Diagnostic]:
        while True:
            published = client.published.by_uri.get(uri(client, name), [])  # type: ignore[attr-defined]
            if published:
                found = [d for d in published[-1].diagnostics if d.code == code]
                if bool(found) == present:
                    return found
            await asyncio.sleep(0.01)

    return await asyncio.wait_for(poll(), WAIT_SECONDS)


async def test_a_file_changed_on_disk_is_picked_up(client: LanguageClient) -> None:
    """PEP 9 appears on disk: the mention of it in the open document is no longer unknown;
    then PEP 2's title changes on disk: the hover shows the new one (for Neovim, checked
    before the request: no event, no save)."""
    one = uri(client, "pep-0001.md")
    open_document(client, one, ONE)
    await diagnostics_with(client, "pep-0001.md", "X102")
    nine = client.folder / "pep-0009.md"  # type: ignore[attr-defined]
    nine.write_text(THREE.replace("PEP: 3", "PEP: 9"), encoding="utf-8")
    await announce(client, nine, types.FileChangeType.Created, one)
    assert await diagnostics_with(client, "pep-0001.md", "X102", present=False) == []
    two = client.folder / "pep-0002.md"  # type: ignore[attr-defined]
    two.write_text(TWO.replace("Structured logging", "Tracing"), encoding="utf-8")
    os.utime(two, ns=(two.stat().st_atime_ns, two.stat().st_mtime_ns + 1_000_000_000))
    if client.profile == "visual-studio-code":  # type: ignore[attr-defined]
        await announce(client, two, types.FileChangeType.Changed, one)

    async def hover_title() -> str:
        while True:
            hover = await client.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=one),
                    position=types.Position(10, 12),
                )
            )
            assert hover is not None and isinstance(hover.contents, types.MarkupContent)
            title = hover.contents.value.split("\n")[0]
            if client.profile != "visual-studio-code" or title != "**PEP 2: Structured logging**":
                return title
            await asyncio.sleep(
                0.01
            )  # the event is a notification: the hover may be answered first

    assert await asyncio.wait_for(hover_title(), WAIT_SECONDS) == "**PEP 2: Tracing**"


async def test_hover_definition_references_and_symbols(client: LanguageClient) -> None:
    one = uri(client, "pep-0001.md")
    open_document(client, one, ONE)
    await cross_file(client, "pep-0001.md")
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=one), position=types.Position(10, 12)
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value == (
        "**PEP 2: Structured logging**\n\nStatus: Draft · Type: Standard\n\nAuthors: Bo Chen \\<bo@example.org\\>\n\nFile: `pep-0002.md`"
    )
    assert (hover.range.start.character, hover.range.end.character) == (10, 15)

    async def definition(line: int, character: int) -> list[tuple[str, int, int, int]]:
        result = await client.text_document_definition_async(
            types.DefinitionParams(
                text_document=types.TextDocumentIdentifier(uri=one),
                position=types.Position(line, character),
            )
        )
        assert isinstance(result, list)
        return [
            (
                Path(types_uri_path(r.uri)).name,
                r.range.start.line,
                r.range.start.character,
                r.range.end.character,
            )
            for r in result
        ]

    assert await definition(10, 12) == [
        ("pep-0002.md", 2, 0, 0)
    ]  # a mention: the proposal's title line
    assert await definition(10, 50) == [
        ("pep-0002.md", 8, 3, 13)
    ]  # `pep-0002.md#motivation`: that heading
    assert await definition(11, 20) == [("pep-0001.md", 8, 3, 11)]  # `#abstract`: the heading

    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=one),
            position=types.Position(10, 12),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert refs is not None
    assert [
        (
            Path(types_uri_path(r.uri)).name,
            r.range.start.line,
            r.range.start.character,
            r.range.end.character,
        )
        for r in refs
    ] == [
        ("pep-0001.md", 10, 10, 15),
        ("pep-0001.md", 10, 34, 67),
    ]
    two = uri(client, "pep-0002.md")
    open_document(client, two, TWO)
    await client.published.wait(two, 1)  # type: ignore[attr-defined]
    heading_refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=two),
            position=types.Position(8, 5),  # `## Motivation`
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert [
        (
            Path(types_uri_path(r.uri)).name,
            r.range.start.line,
            r.range.start.character,
            r.range.end.character,
        )
        for r in heading_refs or []
    ] == [
        ("pep-0002.md", 8, 3, 13),
        ("pep-0001.md", 10, 34, 67),
    ]
    symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="logg"))
    assert [s.name for s in symbols or []] == ["PEP 2: Structured logging"]
    symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query=""))
    assert [s.name for s in symbols or []] == [
        "PEP 1: Caching layer",
        "PEP 2: Structured logging",
        "PEP 3: Metrics",
    ]


def types_uri_path(value: str) -> str:
    from pygls.uris import to_fs_path

    return to_fs_path(value) or value


async def test_document_links_and_completion(client: LanguageClient) -> None:
    one = uri(client, "pep-0001.md")
    text = ONE + "\nNext: PEP \nFile: [x](pep-000\nPart: [y](pep-0002.md#\n"
    open_document(client, one, text)
    await cross_file(client, "pep-0001.md")
    links = await client.text_document_document_link_async(
        types.DocumentLinkParams(text_document=types.TextDocumentIdentifier(uri=one))
    )
    assert [
        (
            link.range.start.line,
            link.range.start.character,
            link.range.end.character,
            Path(types_uri_path(link.target or "")).name,
        )
        for link in links or []
    ] == [
        (10, 10, 15, "pep-0002.md"),
    ]

    async def complete(line: int, character: int) -> list[tuple[str, str | None, str]]:
        result = await client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=one),
                position=types.Position(line, character),
            )
        )
        items = result.items if isinstance(result, types.CompletionList) else result or []
        return [(i.label, i.detail, i.text_edit.new_text if i.text_edit else "") for i in items]

    assert await complete(13, 10) == [("2", "Structured logging", "2"), ("3", "Metrics", "3")]
    assert await complete(14, 17) == [
        ("pep-0002.md", "PEP 2: Structured logging", "pep-0002.md"),
        ("pep-0003.md", "PEP 3: Metrics", "pep-0003.md"),
    ]
    assert await complete(15, 22) == [
        ("pep-0002.md#motivation", "Motivation", "pep-0002.md#motivation")
    ]


async def test_rename_a_heading_follows_every_anchor_link(client: LanguageClient) -> None:
    two = uri(client, "pep-0002.md")
    open_document(client, two, TWO + "\nSee [why](#motivation).\n")
    await client.published.wait(two, 1)  # type: ignore[attr-defined]
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(
            text_document=types.TextDocumentIdentifier(uri=two), position=types.Position(8, 5)
        )
    )
    assert isinstance(prepared, types.PrepareRenamePlaceholder)
    assert (
        prepared.range.start.line,
        prepared.range.start.character,
        prepared.range.end.character,
        prepared.placeholder,
    ) == (8, 3, 13, "Motivation")
    nothing = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(
            text_document=types.TextDocumentIdentifier(uri=two), position=types.Position(10, 2)
        )
    )
    assert nothing is None
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=two),
            position=types.Position(8, 5),
            new_name="Why it matters",
        )
    )
    assert edit is not None and edit.changes is not None
    results = {}
    for target, edits in edit.changes.items():
        path = Path(types_uri_path(target))
        source = (
            TWO + "\nSee [why](#motivation).\n"
            if target == two
            else path.read_text(encoding="utf-8")
        )
        results[path.name] = apply(source, edits)
    assert results == {
        "pep-0002.md": TWO.replace("## Motivation", "## Why it matters")
        + "\nSee [why](#why-it-matters).\n",
        "pep-0001.md": ONE.replace("pep-0002.md#motivation", "pep-0002.md#why-it-matters"),
    }


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply single-line edits (the ranges are UTF-16 units; these texts are ASCII)."""
    lines = text.split("\n")
    for edit in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        assert edit.range.start.line == edit.range.end.line
        line = lines[edit.range.start.line]
        lines[edit.range.start.line] = (
            line[: edit.range.start.character] + edit.new_text + line[edit.range.end.character :]
        )
    return "\n".join(lines)


async def test_a_blank_number_gets_the_next_free_one(client: LanguageClient) -> None:
    draft = uri(client, "draft.md")
    text = THREE.replace("PEP: 3", "PEP:")
    open_document(client, draft, text)
    await client.published.wait(draft, 1)  # type: ignore[attr-defined]

    async def actions() -> list[types.CodeAction]:
        result = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=draft),
                range=types.Range(start=types.Position(1, 0), end=types.Position(1, 4)),
                context=types.CodeActionContext(diagnostics=[]),
            )
        )
        return [
            a
            for a in result or []
            if isinstance(a, types.CodeAction) and a.title.startswith("Use the next free number")
        ]

    async def offered() -> list[types.CodeAction]:
        while not (found := await actions()):
            await asyncio.sleep(0.01)  # the index is built in the background
        return found

    [action] = await asyncio.wait_for(offered(), WAIT_SECONDS)
    assert action.title == "Use the next free number (PEP 4)"
    assert action.edit is not None and action.edit.changes is not None
    assert apply(text, list(action.edit.changes[draft])) == THREE.replace("PEP: 3", "PEP: 4")


async def test_inlay_hints_are_off_by_default_and_follow_the_option(client: LanguageClient) -> None:
    one = uri(client, "pep-0001.md")
    open_document(client, one, ONE)
    await cross_file(client, "pep-0001.md")
    params = types.InlayHintParams(
        text_document=types.TextDocumentIdentifier(uri=one),
        range=types.Range(start=types.Position(0, 0), end=types.Position(12, 0)),
    )
    assert list(await client.text_document_inlay_hint_async(params) or []) == []
    (client.folder / "pep-lsp.toml").write_text("inlay-hints = true\n", encoding="utf-8")  # type: ignore[attr-defined]
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(
                    uri=(client.folder / "pep-lsp.toml").as_uri(), type=types.FileChangeType.Created
                )  # type: ignore[attr-defined]
            ]
        )
    )

    async def hints() -> list[tuple[int, int, str]]:
        while True:
            found = await client.text_document_inlay_hint_async(params) or []
            if found:
                return [(h.position.line, h.position.character, str(h.label)) for h in found]
            await asyncio.sleep(0.01)

    assert await asyncio.wait_for(hints(), WAIT_SECONDS) == [
        (10, 15, " · Structured logging (Draft)")
    ]


async def test_a_new_exclude_pattern_rebuilds_the_index(client: LanguageClient) -> None:
    """The configuration the index was built from changed on disk (announced by a watched-file
    event, or for Neovim found before the request): it is built again without the excluded file."""
    one = uri(client, "pep-0001.md")
    open_document(client, one, ONE)
    await cross_file(client, "pep-0001.md")
    config = client.folder / "pep-lsp.toml"  # type: ignore[attr-defined]
    config.write_text('exclude = ["pep-0003.md"]\n', encoding="utf-8")
    await announce(client, config, types.FileChangeType.Created, one)

    async def names() -> list[str]:
        while True:
            symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query=""))
            found = [s.name for s in symbols or []]
            if "PEP 3: Metrics" not in found:
                return found
            await asyncio.sleep(0.01)

    assert await asyncio.wait_for(names(), WAIT_SECONDS) == [
        "PEP 1: Caching layer",
        "PEP 2: Structured logging",
    ]


async def test_a_cited_proposal_rejected_on_disk_turns_x106_into_x108(
    client: LanguageClient,
) -> None:
    """PEP 2, a Draft the Final PEP 1 builds on, is Rejected on disk: PEP 1's information
    finding about it follows (X106 "still Draft" gives way to X108 "is Rejected")."""
    one = uri(client, "pep-0001.md")
    open_document(client, one, ONE)
    await diagnostics_with(client, "pep-0001.md", "X106")
    two = client.folder / "pep-0002.md"  # type: ignore[attr-defined]
    two.write_text(TWO.replace("Status: Draft", "Status: Rejected"), encoding="utf-8")
    os.utime(two, ns=(two.stat().st_atime_ns, two.stat().st_mtime_ns + 1_000_000_000))
    await announce(client, two, types.FileChangeType.Changed, one)
    rejected = await diagnostics_with(client, "pep-0001.md", "X108")
    assert [
        (d.range.start.line, d.range.start.character, d.range.end.character, d.message, d.severity)
        for d in rejected
    ] == [
        (
            10,
            10,
            15,
            "PEP 2 is Rejected, and this proposal is Final",
            types.DiagnosticSeverity.Information,
        )
    ]
    assert [d.code for d in client.published.by_uri[one][-1].diagnostics if d.code == "X106"] == []  # type: ignore[attr-defined]


WITH_FIGURE = ONE + "See ![the figure](figure.png).\n\nPlain prose.\n"
GONE = (10, 78, 85, "Link target not found: gone.md")
FIGURE = (12, 18, 28, "Link target not found: figure.png")


async def missing_targets(
    client: LanguageClient, name: str, expected: list[tuple[int, int, int, str]]
) -> None:
    """Wait until the newest publish's X103 diagnostics are `expected` (line, start, end, message)."""

    async def poll() -> None:
        while True:
            published = client.published.by_uri.get(uri(client, name), [])  # type: ignore[attr-defined]
            if (
                published
                and [
                    (d.range.start.line, d.range.start.character, d.range.end.character, d.message)
                    for d in published[-1].diagnostics
                    if d.code == "X103"
                ]
                == expected
            ):
                return
            await asyncio.sleep(0.01)

    await asyncio.wait_for(poll(), WAIT_SECONDS)


async def _typed_after_disk_change(
    client: LanguageClient, before: list[str], change_disk: Callable[[Path], object]
) -> str:
    """Open pep-0001 (its figure link), wait for its missing targets `before`, let its entry
    settle in the index with one keystroke, change the disk (`change_disk(folder)`), then
    type in prose; the document's uri."""
    one = uri(client, "pep-0001.md")
    open_document(client, one, WITH_FIGURE)
    await missing_targets(client, "pep-0001.md", before)
    change_document(client, one, 2, (14, 0), (14, 0), "x")  # (the entry settles in the index)
    await client.published.wait(one, 2)  # type: ignore[attr-defined]
    change_disk(client.folder)  # type: ignore[attr-defined]
    change_document(client, one, 3, (14, 0), (14, 0), "x")  # in prose
    await client.published.wait(one, 3)  # type: ignore[attr-defined]
    return one


def _add_figure(folder: Path) -> None:
    (folder / "figure.png").write_bytes(b"\x89PNG\r\n")


async def test_a_linked_file_created_on_disk_is_seen_after_a_save(client: LanguageClient) -> None:
    """A keystroke in prose does not ask the file system whether a link's target exists; a
    save does (for both clients: the server watches only Markdown files, so a figure created
    on disk comes with no event even where the client watches files)."""
    one = await _typed_after_disk_change(client, [GONE, FIGURE], _add_figure)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=one))
    )
    await missing_targets(client, "pep-0001.md", [GONE])


async def test_a_linked_file_deleted_on_disk_is_seen_at_a_cross_file_request(
    client: LanguageClient,
) -> None:
    _add_figure(client.folder)  # type: ignore[attr-defined]
    one = await _typed_after_disk_change(
        client, [GONE], lambda folder: (folder / "figure.png").unlink()
    )
    await client.text_document_document_link_async(
        types.DocumentLinkParams(text_document=types.TextDocumentIdentifier(uri=one))
    )
    await missing_targets(client, "pep-0001.md", [GONE, FIGURE])


async def test_a_linked_file_created_on_disk_is_seen_at_a_watched_file_event(
    client: LanguageClient,
) -> None:
    """Any watched-file event (here another proposal changed) asks the file system again."""
    await _typed_after_disk_change(client, [GONE, FIGURE], _add_figure)
    three = client.folder / "pep-0003.md"  # type: ignore[attr-defined]
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=three.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    await missing_targets(client, "pep-0001.md", [GONE])
