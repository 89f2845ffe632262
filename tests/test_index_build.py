"""The server builds the workspace index in slices smaller than one file (issue 15: an edit
waited for a whole file's scan, ~1.5 ms, at each of its steps through the event loop), and
lets an edit's next step go before the build's next slice. The index it builds is the one
`Index.build` reads."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from lsprotocol import types

from benchmarks.generate import generate_pep, generate_workspace
from pep_lsp.lsp.workspace_server import STEP_LINES, Indexer, Pacer, build_index
from pep_lsp.template import default_schema
from pep_lsp.text import split_lines
from pep_lsp.workspace.index import Index, Scope, naming_of, scan, scan_in_steps, walk

DATA = Path(__file__).parent / "data"


def _folder(tmp_path: Path) -> Path:
    for name, text in generate_workspace(12, 300, 1).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "pep-0999.md").write_text(generate_pep(lines=3000, seed=2).text, encoding="utf-8")
    (tmp_path / "bom.md").write_bytes(b"\xef\xbb\xbf# Notes\n\nSee PEP 101.\n")
    return tmp_path


def _built(folder: Path, pacer: Pacer) -> Index:
    schema = default_schema()
    index = Index(naming_of(schema))
    files = [(path, Scope(folder, schema)) for path in walk(Scope(folder, schema))]
    asyncio.run(build_index(index, files, pacer))
    return index


def test_the_built_index_is_the_one_index_build_reads(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    schema = default_schema()
    expected = Index(naming_of(schema))
    expected.build([Scope(folder, schema)])
    built = _built(folder, Pacer(0.0))  # (a pause at every step)
    assert built.files == expected.files and len(built.files) == 14
    assert built.by_number == expected.by_number


@pytest.mark.parametrize("step_lines", [1, 2, 3, 7, STEP_LINES])
def test_a_scan_in_steps_reads_what_a_scan_reads(step_lines: int) -> None:
    schema = default_schema()
    texts = [p.read_text(encoding="utf-8") for p in sorted((DATA / "realprose").glob("*.md"))]
    texts.append(generate_pep(lines=600, seed=3).text)
    for text in texts:
        lines = split_lines(text)[0]
        steps = scan_in_steps(lines, schema, "/x/pep-0001.md", 5, False, step_lines)
        paused = 0
        while True:
            try:
                next(steps)
                paused += 1
            except StopIteration as done:
                entry = done.value
                break
        assert entry == scan(lines, schema, "/x/pep-0001.md", 5, cached=False)
        assert paused >= len(lines) // step_lines


def test_an_edit_waits_for_a_piece_of_a_file_not_for_the_file(tmp_path: Path) -> None:
    (tmp_path / "pep-0999.md").write_text(generate_pep(lines=3000, seed=2).text, encoding="utf-8")
    schema = default_schema()
    index = Index(naming_of(schema))
    edits_before_the_file_was_in: list[int] = []

    async def run() -> None:
        async def edits() -> None:
            while not index.files:
                edits_before_the_file_was_in.append(1)
                await asyncio.sleep(0)

        task = asyncio.create_task(edits())
        files = [(path, Scope(tmp_path, schema)) for path in walk(Scope(tmp_path, schema))]
        await build_index(index, files, Pacer(0.0))
        await task

    asyncio.run(run())
    assert len(index.files) == 1
    assert len(edits_before_the_file_was_in) > 3000 // (STEP_LINES * 4)


def test_an_edits_next_steps_go_before_the_builds_next_slice(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    order: list[str] = []

    class Watched(Pacer):
        async def pause(self) -> None:
            await super().pause()
            order.append("build")

    async def run() -> None:
        async def edit() -> None:
            for step in ("read", "handle", "publish"):  # three trips through the loop
                order.append(step)
                await asyncio.sleep(0)

        async def edits() -> None:
            for _ in range(5):
                await asyncio.sleep(0)
                await edit()

        schema = default_schema()
        index = Index(naming_of(schema))
        task = asyncio.create_task(edits())
        files = [(path, Scope(folder, schema)) for path in walk(Scope(folder, schema))]
        await build_index(index, files, Watched(0.0))
        await task

    asyncio.run(run())
    text = " ".join(order)
    assert text.count("read handle publish") == 5


def _indexer(folder: Path) -> Indexer:
    """The server's indexer with only what it reads of the server, the folder its one scope."""
    ls = SimpleNamespace(
        workspace=SimpleNamespace(text_documents={}),
        store=SimpleNamespace(editor_settings_key=lambda: ()),
        pep_document=lambda uri: None,
        client_capabilities=types.ClientCapabilities(),
    )
    indexer = Indexer(cast(Any, ls))
    indexer.scopes = [Scope(folder, default_schema())]
    return indexer


def test_a_file_changed_on_disk_while_the_index_is_built_is_read_again(tmp_path: Path) -> None:

    from lsprotocol import types
    from pygls.uris import from_fs_path

    from tests.test_rules import proposal

    path = tmp_path / "pep-0012.md"
    path.write_text(proposal(12, "Caching"), encoding="utf-8")
    indexer = _indexer(tmp_path)
    schema = default_schema()
    indexer._building = True  # (as `_build` sets it) the build has read the file already:
    index = Index(naming_of(schema))
    index.build(indexer.scopes)
    path.write_text(proposal(12, "Logging"), encoding="utf-8")
    indexer.watched(
        [types.FileEvent(uri=from_fs_path(str(path)) or "", type=types.FileChangeType.Changed)]
    )
    indexer._installed(index)
    assert indexer.index is index
    entry = index.get(path)
    assert entry is not None and entry.title == "Logging"


def test_a_save_while_the_index_is_built_checks_the_disk_once_it_is_built(tmp_path: Path) -> None:
    """A client without file watching (Neovim): a file created on disk after the build listed
    the folders, then a save, is in the index once it is built."""

    from tests.test_rules import proposal

    (tmp_path / "pep-0012.md").write_text(proposal(12, "Caching"), encoding="utf-8")
    indexer = _indexer(tmp_path)
    schema = default_schema()
    indexer._building = True
    index = Index(naming_of(schema))
    index.build(indexer.scopes)
    (tmp_path / "pep-0013.md").write_text(proposal(13, "Logging"), encoding="utf-8")
    indexer.saved((tmp_path / "pep-0012.md").as_uri())
    indexer._installed(index)
    entry = index.get(tmp_path / "pep-0013.md")
    assert entry is not None and entry.title == "Logging"


async def test_configuration_changed_while_the_index_is_built_builds_it_again(
    tmp_path: Path,
) -> None:
    """The build read the old configuration: the index is stamped with what it read, and the
    change reported during the build is compared once it is done (it was never applied)."""
    import asyncio
    from typing import Any, cast

    indexer = _indexer(tmp_path)
    schema = default_schema()
    starts: list[int] = []
    indexer.start = lambda: starts.append(1)  # type: ignore[method-assign]
    building = asyncio.get_running_loop().create_future()
    indexer.task = cast(Any, building)
    read = indexer._settings_stamp()  # what the build read, before the change
    index = Index(naming_of(schema))
    (tmp_path / "pep-lsp.toml").write_text('exclude = ["pep-0003.md"]\n', encoding="utf-8")
    indexer.settings_changed()  # during the build: nothing yet
    assert starts == []
    indexer._installed(index, read)
    building.set_result(None)
    indexer._after_build()
    assert starts == [1]


def test_a_loop_that_always_has_other_work_ready_does_not_stop_the_build(tmp_path: Path) -> None:
    from pep_lsp.lsp.workspace_server import MAX_DEFERRALS

    folder = _folder(tmp_path)
    schema = default_schema()
    index = Index(naming_of(schema))
    between: list[int] = [0]
    runs: list[int] = []

    class Counted(Pacer):
        async def pause(self) -> None:
            await super().pause()
            runs.append(between[0])
            between[0] = 0

    async def run() -> None:
        async def busy() -> None:  # (a stream of messages: always something ready)
            while True:
                between[0] += 1
                await asyncio.sleep(0)

        task = asyncio.create_task(busy())
        files = [(path, Scope(folder, schema)) for path in walk(Scope(folder, schema))]
        await build_index(index, files, Counted(0.0))
        task.cancel()

    asyncio.run(run())
    assert len(index.files) == 14
    assert max(runs) <= MAX_DEFERRALS + 1
