"""The derived schema kept on disk (pep_lsp/schema_cache.py): the same results, never stale."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pep_lsp import schema_cache
from pep_lsp.engine.check import check_model
from pep_lsp.model.document import Document
from pep_lsp.template import _derive, parse_template
from tests.conftest import FIXTURES, TEMPLATE, template_text


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PEP_LSP_CACHE_DIR", str(folder))
    return folder


def test_a_schema_read_back_from_disk_checks_exactly_as_a_derived_one(cache: Path) -> None:
    text = template_text()
    derived = parse_template(text, str(TEMPLATE))
    first = _derive(text, str(TEMPLATE), None)  # derived and stored
    assert len(list(cache.glob("schema-*.pickle"))) == 1
    second = _derive(text, str(TEMPLATE), None)  # read back
    assert second is not first
    for schema in (first, second):
        assert [f.name for f in schema.fields] == [f.name for f in derived.fields]
        assert [s.path for s in schema.sections] == [s.path for s in derived.sections]
        assert schema.statuses == derived.statuses
        assert schema.instruction_lines == derived.instruction_lines
        assert schema.placeholders == derived.placeholders
        assert schema.example_code_blocks == derived.example_code_blocks
        # The section tree is linked as it was: each child's parent is the section holding it.
        for section in schema.sections:
            assert all(child.parent is section for child in section.children)
    for name in ("draft.md", "half-filled.md", "complete.md"):
        text_of = (FIXTURES / name).read_text(encoding="utf-8")
        expected = check_model(Document(text_of, derived).model)
        got = check_model(Document(text_of, second).model)
        assert [(f.code, f.message, f.span) for f in got] == [
            (f.code, f.message, f.span) for f in expected
        ]


def test_an_edited_template_gives_the_edited_schema_not_the_stored_one(
    cache: Path, tmp_path: Path
) -> None:
    text = template_text()
    before = _derive(text, "custom.md", None)
    edited = text.replace("## Motivation", "## Why bother", 1)
    assert edited != text
    after = _derive(edited, "custom.md", None)
    assert "Why bother" in [s.title for s in after.sections]
    assert "Why bother" not in [s.title for s in before.sections]
    assert len(list(cache.glob("schema-*.pickle"))) == 2


def test_other_code_gives_another_key(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = template_text()
    _derive(text, "t.md", None)
    monkeypatch.setattr(schema_cache, "code_fingerprint", lambda: "other code")
    _derive(text, "t.md", None)
    assert len(list(cache.glob("schema-*.pickle"))) == 2


def test_the_lookup_memo_is_not_stored(cache: Path) -> None:
    text = template_text()
    schema = _derive(text, "t.md", None)
    assert schema.find_section("Motivation", None) is not None
    assert schema._found  # remembered in this process
    stored = schema_cache._without_memos(schema)
    assert stored._found == {} and schema._found


def test_a_damaged_file_or_an_unwritable_folder_only_means_deriving_again(
    cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    text = template_text()
    _derive(text, "t.md", None)
    (stored,) = cache.glob("schema-*.pickle")
    stored.write_bytes(b"not a pickle")
    assert [f.name for f in _derive(text, "t.md", None).fields][0] == "PEP"
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setenv("PEP_LSP_CACHE_DIR", str(blocked / "cache"))
    assert [f.name for f in _derive(text, "t.md", None).fields][0] == "PEP"
    assert not (blocked / "cache").exists()
    assert not [name for name in os.listdir(cache) if name.startswith(".tmp-")]


def test_only_the_newest_files_are_kept(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema_cache, "KEPT", 2)
    text = template_text()
    for number in range(4):
        _derive(text.replace("## Motivation", f"## Motivation {number}", 1), "t.md", None)
    kept = list(cache.glob("schema-*.pickle"))
    assert len(kept) == 2
    assert "Motivation 3" in [
        s.title
        for s in _derive(text.replace("## Motivation", "## Motivation 3", 1), "t.md", None).sections
    ]
    assert len(list(cache.glob("schema-*.pickle"))) == 2  # read back, nothing written
