"""What a model version takes over from the previous one is declared, and the declaration holds."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import pytest

from pep_lsp.model.document import Document
from pep_lsp.model.model import REUSE, Model, Reuse
from pep_lsp.template import default_schema
from pep_lsp.text import Pos

COMPLETE = Path(__file__).resolve().parents[1] / "fixtures" / "complete.md"


def test_every_cached_value_of_the_model_is_declared_once() -> None:
    REUSE.check(Model)  # raises TypeError otherwise


class _Probe:
    @cached_property
    def kept(self) -> int:
        return 1

    @cached_property
    def forgotten(self) -> int:
        return 2


def test_an_undeclared_cached_value_is_rejected() -> None:
    declared_one = Reuse((_Probe.kept,), (), (), (), (), ())
    with pytest.raises(TypeError, match=r"not declared for \['forgotten'\]"):
        declared_one.check(_Probe)


def test_a_declared_value_the_class_does_not_cache_is_rejected() -> None:
    both_and_a_stranger = Reuse((_Probe.kept, _Probe.forgotten), (), (), (), (), (Model.sections,))
    with pytest.raises(
        TypeError, match=r"declared but not cached values of _Probe: \['sections'\]"
    ):
        both_and_a_stranger.check(_Probe)


def test_a_value_declared_twice_is_rejected() -> None:
    twice = Reuse((_Probe.kept, _Probe.forgotten), (_Probe.kept,), (), (), (), ())
    with pytest.raises(TypeError, match="declared twice"):
        twice.check(_Probe)


def test_a_prose_edit_takes_over_every_declared_value() -> None:
    """A word typed in the Abstract changes no block's shape, the header, a directive or a
    table: every value of `structure` and the `with_*` groups is the previous version's object."""
    document = Document(COMPLETE.read_text(encoding="utf-8"), default_schema())
    before = document.model
    taken_over = [*REUSE.structure, *REUSE.with_header, *REUSE.with_directives, *REUSE.with_tables]
    values = {value.attrname: getattr(before, value.attrname or "") for value in taken_over}
    line = document.lines.index("## Abstract") + 2
    document.replace(Pos(line, 0), Pos(line, 0), "Indeed, ")
    after = document.model
    assert after.based_on is before
    assert {name: after.__dict__.get(name) is value for name, value in values.items()} == {
        name: True for name in values
    }
    assert {value.attrname for value in REUSE.fresh} & set(after.__dict__) == set()
