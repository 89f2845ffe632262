"""X102 and X103 ask the file system whether a relative link's target exists. A keystroke in
prose asks it nothing (the judgement is kept while the document's entry, the index and the
file system's answers are unchanged: `CrossFile.judged`); a keystroke that edits a link asks
again; a file created or deleted on disk is seen once the answers are checked again
(`CrossFile.recheck_disk`, which the server calls on watched-file events, saves and cross-file
requests: tests/e2e/test_workspace.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pep_lsp.engine.check import DEFAULT_SETTINGS, Checker, check_model
from pep_lsp.model.document import Document
from pep_lsp.template import Schema
from pep_lsp.text import Pos
from pep_lsp.workspace.index import CrossFile, Index
from tests.test_entry_reuse import OPEN, shown, workspace  # noqa: F401  (the fixture)

MISSING = "Link target not found: missing.md"


def messages(findings: list) -> list[str]:
    return [f.message for f in findings if f.code == "X103"]


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path `os.path.exists` is asked about."""
    paths: list[str] = []
    exists = os.path.exists

    def counting(path: str) -> bool:
        paths.append(path)
        return exists(path)

    monkeypatch.setattr(os.path, "exists", counting)
    return paths


def opened(folder: tuple[Index, str, Schema]) -> tuple[Document, CrossFile, Checker]:
    """The `workspace` fixture's open document, its cross-file view and a checker, as the
    server keeps them."""
    index, path, schema = folder
    return Document(OPEN, schema), CrossFile(index, path), Checker(DEFAULT_SETTINGS)


def type_in_prose(document: Document, text: str = "x") -> None:
    line = next(i for i, row in enumerate(document.lines) if "Plain prose" in row)
    document.replace(Pos(line, 0), Pos(line, 0), text)


def test_a_keystroke_in_prose_asks_the_file_system_nothing(
    workspace: tuple[Index, str, Schema],  # noqa: F811
    asked: list[str],
) -> None:
    index, path, schema = workspace
    document, view, checker = opened(workspace)
    assert messages(checker.run(document.model, view)) == [MISSING]
    index.put(view.own_model(document.model))  # as the server does after each check
    type_in_prose(document)  # (judged again: putting its entry in changed the index)
    checker.run(document.model, view)
    index.put(view.own_model(document.model))
    assert asked == [str(Path(path).with_name("missing.md"))] * 2
    asked.clear()
    for _ in range(3):
        type_in_prose(document)
        assert messages(checker.run(document.model, view)) == [MISSING]
        index.put(view.own_model(document.model))
    assert asked == []


def test_a_keystroke_editing_a_link_asks_again(
    workspace: tuple[Index, str, Schema],  # noqa: F811
    asked: list[str],
) -> None:
    index, path, schema = workspace
    document, view, checker = opened(workspace)
    checker.run(document.model, view)
    Path(path).with_name("missing.md").write_text("now here\n", encoding="utf-8")
    line = next(i for i, row in enumerate(document.lines) if "missing.md" in row)
    col = document.lines[line].index("[gone]") + 1
    asked.clear()
    document.replace(Pos(line, col), Pos(line, col), "x")  # `[xgone](missing.md)`
    assert messages(checker.run(document.model, view)) == []
    assert asked == [str(Path(path).with_name("missing.md"))]


@pytest.mark.parametrize("created", [True, False], ids=["created", "deleted"])
def test_a_file_created_or_deleted_on_disk_is_seen_after_the_answers_are_checked_again(
    workspace: tuple[Index, str, Schema],  # noqa: F811
    created: bool,
) -> None:
    index, path, schema = workspace
    target = Path(path).with_name("missing.md")
    if not created:
        target.write_text("here\n", encoding="utf-8")
    before, after = ([MISSING], []) if created else ([], [MISSING])
    document, view, checker = opened(workspace)
    assert messages(checker.run(document.model, view)) == before
    if created:
        target.write_text("here\n", encoding="utf-8")
    else:
        target.unlink()
    type_in_prose(document)
    assert messages(checker.run(document.model, view)) == before  # not asked again yet
    assert view.recheck_disk() is True
    assert view.recheck_disk() is False  # (nothing changed since)
    findings = checker.run(document.model, view)
    assert messages(findings) == after
    fresh = check_model(
        Document(document.text, schema).model, DEFAULT_SETTINGS, CrossFile(index, path)
    )
    assert shown(findings) == shown(fresh)
    type_in_prose(document)
    assert messages(checker.run(document.model, view)) == after
