"""The incremental model always equals a fresh parse of the same text."""

from __future__ import annotations

import random

import pytest

from pep_lsp.engine.check import DEFAULT_SETTINGS, Checker, check_model
from pep_lsp.model.document import Document
from pep_lsp.text import Lines, Pos, split_lines
from tests.conftest import model_snapshot as snapshot
from tests.conftest import template_text

SNIPPETS = [
    "```",
    "```python\n",
    "\n```\n",
    "## New Section\n",
    "### Overview\n",
    "\n\n",
    "\r\n",
    "\r",
    "\n",
    "*[Provide 2-3 concrete examples of how this enhancement will be used:]*",
    "[Date]",
    "x",
    "<!--",
    "-->",
    "~~~\n",
    "# Title\n",
    "    indented\n",
    "| a | b |\n|---|---|\n| c | d |\n",
    "😀",
    "é",
    "",
]


def fresh_view(document: Document) -> tuple:
    return snapshot(Document(document.text, document.schema))


def random_edit(rng: random.Random, document: Document) -> tuple[Pos, Pos, str]:
    lines = document.lines
    a_line = rng.randrange(len(lines))
    a = Pos(a_line, rng.randint(0, len(lines[a_line])))
    b_line = min(len(lines) - 1, a_line + rng.choice([0, 0, 0, 1, 2, 5]))
    b = Pos(
        b_line,
        rng.randint(0, len(lines[b_line]))
        if b_line != a_line
        else rng.randint(a.col, len(lines[a_line])),
    )
    return a, b, rng.choice(SNIPPETS)


@pytest.mark.parametrize("seed", range(30))
def test_random_edit_sequences_equal_fresh_parse(schema, seed: int) -> None:
    rng = random.Random(seed)
    document = Document(
        template_text().replace("\n", "\r\n") if seed % 3 == 0 else template_text(), schema
    )
    checker = Checker(DEFAULT_SETTINGS)
    for _ in range(60):
        start, end, text = random_edit(rng, document)
        document.replace(start, end, text)
        incremental = [(f.code, f.span, f.message, f.severity) for f in checker.run(document.model)]
        fresh = [
            (f.code, f.span, f.message, f.severity)
            for f in check_model(Document(document.text, schema).model)
        ]
        assert incremental == fresh
    assert snapshot(document) == fresh_view(document)


@pytest.mark.parametrize("seed", range(10))
def test_keystrokes_in_prose_reuse_the_structure(schema, seed: int) -> None:
    """Typing inside a paragraph keeps the structure key; the checker's results stay exact."""
    rng = random.Random(seed)
    document = Document(template_text(), schema)
    checker = Checker(DEFAULT_SETTINGS)
    checker.run(document.model)
    key = document.model.structure_key
    line = next(
        i for i, text in enumerate(document.lines) if text.startswith("- **Development Time**")
    )
    for _ in range(20):
        document.replace(Pos(line, 2), Pos(line, 2), rng.choice("abc [x]"))
        assert document.model.structure_key is key
        fresh = check_model(Document(document.text, schema).model)
        assert [(f.code, f.span, f.message) for f in checker.run(document.model)] == [
            (f.code, f.span, f.message) for f in fresh
        ]


def test_edit_that_opens_a_fence_moves_block_boundaries(schema) -> None:
    text = "# T\n\n## Abstract\n\nText.\n\n## Motivation\n\nMore.\n"
    document = Document(text, schema)
    assert [h.title for h in document.model.headings] == ["T", "Abstract", "Motivation"]
    document.replace(Pos(4, 0), Pos(4, 0), "```\n")
    assert [h.title for h in document.model.headings] == ["T", "Abstract"]
    document.replace(Pos(4, 0), Pos(5, 0), "")
    assert [h.title for h in document.model.headings] == ["T", "Abstract", "Motivation"]
    assert document.text == text


def test_cr_then_lf_inserted_later_forms_one_line_break(schema) -> None:
    document = Document("a\rb", schema)
    document.replace(Pos(1, 0), Pos(1, 0), "\n")
    assert document.text == "a\r\nb"
    assert document.lines == ["a", "b"]
    assert split_lines(document.text)[0] == document.lines


def test_lines_snapshot_reads_like_the_list_it_stands_for() -> None:
    base = [f"line {i}" for i in range(12)]
    changed = {0: "", 5: "five", 11: "last"}
    expected = [changed.get(i, text) for i, text in enumerate(base)]
    lines = Lines(base, changed)
    assert len(lines) == 12
    assert [lines[i] for i in range(-12, 12)] == [expected[i] for i in range(-12, 12)]
    for outside in (12, -13, -20):
        with pytest.raises(IndexError):
            lines[outside]
    for start in (None, -13, -5, 0, 3, 5, 11, 12, 20):
        for stop in (None, -13, -1, 0, 5, 6, 12, 20):
            for step in (None, 1, 2, 3, -1, -2):
                assert lines[start:stop:step] == expected[start:stop:step], (start, stop, step)
    assert list(lines) == expected
    assert lines == expected and lines == Lines(expected)
    assert lines != expected[:-1] and lines != [*expected[:-1], "other"]
    assert base == [f"line {i}" for i in range(12)]  # the shared base is never written


def test_earlier_models_keep_their_lines(schema) -> None:
    """A model is a snapshot: later edits of any kind never show through its lines."""
    text = "# T\n\n## Abstract\n\nOne two.\n\nThree.\n"
    document = Document(text, schema)
    versions = [(document.model, text)]
    edits = [
        (Pos(4, 3), Pos(4, 3), "x"),
        (Pos(4, 0), Pos(4, 1), "Ö"),
        (Pos(6, 0), Pos(6, 0), "\n"),
        (Pos(2, 3), Pos(2, 3), "Z"),
    ]
    edits += [
        (Pos(line % 8, 0), Pos(line % 8, 0), "y") for line in range(70)
    ]  # past MAX_SNAPSHOT_CHANGES
    for start, end, new_text in edits:
        document.replace(start, end, new_text)
        versions.append((document.model, document.text))
    for model, version_text in versions:
        assert list(model.lines) == version_text.split("\n")


def test_keystrokes_in_prose_share_one_copy_of_the_lines(schema) -> None:
    """Taking a version costs the lines changed since the last full copy, not the document."""
    document = Document(template_text(), schema)
    line = next(
        i for i, text in enumerate(document.lines) if text.startswith("- **Development Time**")
    )
    first = document.model
    for col in range(2, 12):
        document.replace(Pos(line, col), Pos(line, col), "x")
        model = document.model
        assert model.lines._base is first.lines._base
        assert model._starts is first._starts
        assert model.lines[line] == document.lines[line] != first.lines[line]


BASE = "# T\n\n```\nTitle: A\nStatus: Draft\n```\n\n## Abstract\n\nSome [placeholder] text.\n\nMore [Date] text.\n"


def assert_incremental_equals_fresh(document: Document, checker: Checker, schema) -> None:
    fresh = Document(document.text, schema).model
    assert document.model.suppressions == fresh.suppressions
    assert document.model.tables == fresh.tables
    incremental = [(f.code, f.span, f.message) for f in checker.run(document.model)]
    assert incremental == [(f.code, f.span, f.message) for f in check_model(fresh)]


def test_typing_a_suppression_comment_character_by_character_equals_fresh(schema) -> None:
    """Suppression comments are reused from the previous version only when no changed block
    had or has one."""
    document = Document(BASE, schema)
    checker = Checker(DEFAULT_SETTINGS)
    checker.run(document.model)
    for col, char in enumerate("<!-- pep-lsp-disable-next-line L102 --> "):
        document.replace(Pos(11, col), Pos(11, col), char)
        assert_incremental_equals_fresh(document, checker, schema)
    assert document.model.suppressions and not [
        f for f in checker.run(document.model) if f.code == "L102" and f.span.start.line == 11
    ]


def test_a_keystroke_that_makes_a_table_equals_fresh(schema) -> None:
    """Tables (where suppression comments go) are reused only when no changed block's tables
    changed: one character turns these lines into a table and back, in place."""
    text = (
        BASE + "\n| a | b |\n|-x-|---|\n| [x] | <!-- pep-lsp-disable-next-line --> |\n| c | d |\n"
    )
    document = Document(text, schema)
    checker = Checker(DEFAULT_SETTINGS)
    checker.run(document.model)
    assert document.model.tables == []
    document.replace(Pos(14, 2), Pos(14, 3), "-")
    assert document.model.tables == [(13, 17)]
    assert_incremental_equals_fresh(document, checker, schema)
    document.replace(Pos(14, 2), Pos(14, 3), "x")
    assert document.model.tables == []
    assert_incremental_equals_fresh(document, checker, schema)


def test_checker_reruns_structural_rules_when_a_version_was_skipped(schema) -> None:
    """The checker reuses findings only from the version the model was derived from: a model
    built in between (for a hover, say) and never checked does not hide a change."""
    text = "Intro line.\n\n## Abstract\n\nText.\n\n## Motivation\n\nMore.\n"
    document = Document(text, schema, claimed=True)  # a PEP by its file name
    checker = Checker(DEFAULT_SETTINGS)
    checker.run(document.model)
    document.replace(Pos(0, 0), Pos(0, 0), "Longer ")
    document.model  # noqa: B018 - built, never checked
    document.replace(Pos(4, 0), Pos(4, 0), "x")
    incremental = [(f.code, f.span, f.message) for f in checker.run(document.model)]
    assert incremental == [
        (f.code, f.span, f.message)
        for f in check_model(Document(document.text, schema, claimed=True).model)
    ]
    [h100] = [f for f in checker.run(document.model) if f.code == "H100"]
    assert h100.span.end == Pos(0, len("Longer Intro line."))


@pytest.mark.parametrize("seed", range(40))
def test_edits_that_keep_the_line_count_but_move_lines_equal_fresh_parse(schema, seed: int) -> None:
    """Rotating a run of lines keeps the line count and often every block's shape while
    moving where blocks start: nothing placed by block may be reused then."""
    rng = random.Random(seed)
    document = Document(template_text(), schema)
    checker = Checker(DEFAULT_SETTINGS)
    checker.run(document.model)
    for _ in range(15):
        lines = document.lines
        first = rng.randrange(len(lines) - 1)
        last = min(len(lines) - 1, first + rng.randint(1, 6))
        run = lines[first : last + 1]
        shift = rng.randint(1, len(run) - 1)
        rotated = run[shift:] + run[:shift]
        document.replace(Pos(first, 0), Pos(last, len(lines[last])), "\n".join(rotated))
        fresh = Document(document.text, schema)
        assert snapshot(document) == snapshot(fresh)
        incremental = [(f.code, f.span, f.message, f.severity) for f in checker.run(document.model)]
        assert incremental == [
            (f.code, f.span, f.message, f.severity) for f in check_model(fresh.model)
        ]
