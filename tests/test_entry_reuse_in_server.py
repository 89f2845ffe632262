"""As the server runs it: after each check the open document's entry is put in the index
(`Indexer.published`). An entry equal to the one held changes nothing, not even the index's
version, so a keystroke in prose still reuses the entry rules' findings (issue 15: every
keystroke re-ran them, as each put bumped the version)."""

from __future__ import annotations

from pep_lsp.engine.check import DEFAULT_SETTINGS, Checker
from pep_lsp.model.document import Document
from pep_lsp.template import Schema
from pep_lsp.text import Pos
from pep_lsp.workspace.index import CrossFile, Index, scan
from tests.test_entry_reuse import (
    ENTRY_RULES,
    OPEN,
    counting,
    entry_rules_run,
    workspace,  # noqa: F401  (the fixture)
)


def test_an_equal_entry_changes_nothing(workspace: tuple[Index, str, Schema]) -> None:  # noqa: F811
    index, path, schema = workspace
    entry = scan(OPEN.split("\n"), schema, path)
    assert index.put(entry) is False  # (the same summary as the file's on disk)
    version = index.version
    assert index.put(scan(OPEN.split("\n"), schema, path)) is False
    assert index.version == version and index.get(path) is entry
    index.put(scan(OPEN.replace("Plain prose", "PEP 7 prose").split("\n"), schema, path))
    assert index.version == version + 1


def test_a_prose_keystroke_reuses_the_entry_rules_with_the_entry_put_back(
    workspace: tuple[Index, str, Schema],  # noqa: F811
) -> None:
    index, path, schema = workspace
    document = Document(OPEN, schema)
    view = CrossFile(index, path)
    checker = Checker(DEFAULT_SETTINGS)
    ran = counting(checker)
    checker.run(document.model, view)
    index.put(view.own_model(document.model))
    assert entry_rules_run(ran) == ENTRY_RULES
    line = next(i for i, text in enumerate(document.lines) if "Plain prose" in text)
    for step in range(4):
        ran.clear()
        document.replace(Pos(line, 0), Pos(line, 0), "x")
        checker.run(document.model, view)
        index.put(view.own_model(document.model))
        assert entry_rules_run(ran) == ([] if step else ENTRY_RULES), step


def test_a_keystroke_in_prose_without_links_or_mentions_keeps_the_entry_itself(
    workspace: tuple[Index, str, Schema],  # noqa: F811
) -> None:
    index, path, schema = workspace
    document = Document(OPEN, schema)
    view = CrossFile(index, path)
    first = view.own_model(document.model)
    line = next(i for i, text in enumerate(document.lines) if "Plain prose" in text)
    document.replace(Pos(line, 5), Pos(line, 5), "ly")
    assert view.own_model(document.model) is first
    assert first == scan(document.lines, schema, path)
    mention = next(i for i, text in enumerate(document.lines) if "Builds on" in text)
    document.replace(Pos(mention, 0), Pos(mention, 0), "It ")
    moved = view.own_model(document.model)
    assert moved is not first and moved == scan(document.lines, schema, path)
