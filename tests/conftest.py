"""Shared fixtures: the bundled schema, fixture texts and a helper to apply edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from pep_lsp.findings import Edit
from pep_lsp.template import Schema, default_schema
from pep_lsp.text import join_lines, split_lines

FIXTURES = Path(__file__).parent / "fixtures"
TEMPLATE = Path(__file__).parent.parent / "pep_lsp" / "templates" / "pep.md"


@pytest.fixture(scope="session")
def schema() -> Schema:
    return default_schema()


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def template_text() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply code-point edits (non-overlapping) to a text, last first."""
    lines, endings = split_lines(text)
    offsets = [0]
    for line, ending in zip(lines, endings):
        offsets.append(offsets[-1] + len(line) + len(ending))

    def offset(pos) -> int:
        return offsets[pos.line] + pos.col

    for edit in sorted(edits, key=lambda e: e.span.start, reverse=True):
        text = text[: offset(edit.span.start)] + edit.new_text + text[offset(edit.span.end) :]
    return text


__all__ = ["FIXTURES", "apply_edits", "fixture_text", "template_text", "join_lines"]
