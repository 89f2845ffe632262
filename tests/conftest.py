"""Shared fixtures: the bundled schema, fixture texts, applying edits, and a model snapshot."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

import pep_lsp.edits as edits_module
from pep_lsp.engine.check import check_model
from pep_lsp.findings import Edit
from pep_lsp.lsp.convert import to_diagnostics
from pep_lsp.model.document import Document
from pep_lsp.template import Schema, default_schema
from pep_lsp.text import join_lines, split_lines

FIXTURES = Path(__file__).parent / "fixtures"
TEMPLATE = Path(__file__).parent.parent / "pep_lsp" / "templates" / "pep.md"


@pytest.fixture(scope="session", autouse=True)
def _schema_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Derived schemas are kept on disk (pep_lsp/schema_cache.py): the tests' go to a folder of
    their own, not the user's cache (servers and commands they start inherit it)."""
    import os

    os.environ.setdefault("PEP_LSP_CACHE_DIR", str(tmp_path_factory.mktemp("schema-cache")))


@pytest.fixture(scope="session")
def schema() -> Schema:
    return default_schema()


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def template_text() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """The package's one `apply_edits`, refusing what it would clamp: an edit a test applies
    must lie inside the text."""
    lines, _ = split_lines(text)
    edits = list(edits)
    for edit in edits:
        for pos in (edit.span.start, edit.span.end):
            assert pos.line < len(lines) and pos.col <= len(lines[pos.line]), edit
    return edits_module.apply_edits(text, edits)


def model_snapshot(document: Document) -> tuple:
    """Everything the model derives from a document's text: two documents with equal
    snapshots were analysed alike (incremental against fresh)."""
    model = document.model
    return (
        document.text,
        document.lines,
        document.endings,
        document.block_starts,
        model.headings,
        model.fences,
        model.leftovers,
        [model.words_in(section) for section in model.sections],
        model.references,
        model.header,
        model.eol,
        [
            (s.title, s.heading.line, s.end_line, s.spec.key if s.spec else None)
            for s in model.sections
        ],
        to_diagnostics(model.lines, check_model(model), "utf-16"),
    )


__all__ = [
    "FIXTURES",
    "apply_edits",
    "fixture_text",
    "join_lines",
    "model_snapshot",
    "template_text",
]
