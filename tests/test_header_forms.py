"""Issue 14: the header forms real templates use, read with exact spans (pep_lsp.schema.header_forms)."""

from __future__ import annotations

from pathlib import Path

from pep_lsp.schema.header_forms import (
    detect_form,
    fold_field_name,
    read_bullet_header,
    read_fenced_header,
    read_front_matter,
    split_yaml_comment,
)
from pep_lsp.text import Pos, Span, split_lines

PROCESSES = Path(__file__).parent / "data" / "processes"


def lines_of(text: str) -> list[str]:
    return split_lines(text)[0]


def test_front_matter_values_comments_and_spans() -> None:
    text = (PROCESSES / "eips" / "eip-template.md").read_text()
    header = read_front_matter(lines_of(text))
    assert header is not None
    assert (header.form, header.start, header.end, header.closed) == ("front-matter", 0, 10, True)
    assert [f.name for f in header.fields] == [
        "title", "description", "author", "discussions-to", "status", "type", "category",
        "created", "requires",
    ]  # fmt: skip
    category = header.get("category")
    assert category is not None
    assert category.value == "<Core, Networking, Interface, or ERC>"
    assert category.value_span == Span.on_line(7, 10, 47)
    assert category.comment == ("Only required for Standards Track. Otherwise, remove this field.")
    assert category.comment_span == Span.on_line(7, 48, 114)
    assert header.get("Discussions To") is header.fields[3]


def test_front_matter_quotes_continuations_lists_and_comment_lines() -> None:
    text = (
        "---\n"
        'title: "eth/64: forkid"\n'
        "author: A (@a),\n"
        "  B (@b)\n"
        "# an editor's note\n"
        "requires:\n"
        "  - 1\n"
        "  - 2\n"
        "lang: C# # the language\n"
        "---\n"
        "## Abstract\n"
    )
    header = read_front_matter(lines_of(text))
    assert header is not None
    title, author, requires, lang = header.fields
    assert (title.value, title.value_span) == ("eth/64: forkid", Span.on_line(1, 8, 22))
    assert (author.value, author.value_span, author.last_line) == (
        "A (@a), B (@b)",
        Span(Pos(2, 8), Pos(3, 8)),
        3,
    )
    assert (requires.value, requires.value_span) == ("1, 2", Span(Pos(6, 4), Pos(7, 5)))
    assert (lang.value, lang.comment) == ("C#", "the language")
    assert header.comments == (Span.on_line(4, 0, 18),)
    assert header.end == 9


def test_front_matter_that_never_closes_or_is_not_a_mapping_is_none() -> None:
    assert read_front_matter(lines_of("---\ntitle: x\n\n## Abstract\n")) is None
    assert read_front_matter(lines_of("---\nJust a sentence here.\n---\n")) is None
    assert read_front_matter(lines_of("title: x\n---\n")) is None


def test_yaml_comment_needs_a_blank_before_it_and_no_quote_around_it() -> None:
    assert split_yaml_comment(" C# # lang") == (" C# ", 4)
    assert split_yaml_comment(' "a # b" # c') == (' "a # b" ', 9)
    assert split_yaml_comment(" none") == (" none", None)


def test_bullet_header_with_link_values() -> None:
    text = (PROCESSES / "rfcs" / "0000-template.md").read_text()
    header = read_bullet_header(lines_of(text))
    assert header is not None
    assert (header.form, header.start, header.end) == ("bullets", 0, 3)
    names = [(f.name, f.value) for f in header.fields]
    assert names[2] == (
        "RFC PR",
        "[rust-lang/rfcs#0000](https://github.com/rust-lang/rfcs/pull/0000)",
    )
    assert header.fields[1].value_span == Span.on_line(1, 14, 56)
    assert header.fields[0].name_span == Span.on_line(0, 2, 14)


def test_bullet_header_after_a_title_with_star_bullets_and_continuations() -> None:
    text = (
        "# Feature name\n"
        "\n"
        "* Proposal: [SE-NNNN](NNNN-filename.md)\n"
        "* Review Manager: TBD\n"
        "* Review: ([pitch](https://forums.swift.org/a),\n"
        "  [review](https://forums.swift.org/b))\n"
        "* not a field\n"
        "\n"
        "Text.\n"
    )
    header = read_bullet_header(lines_of(text))
    assert header is not None
    assert (header.start, header.end) == (2, 6)
    review = header.fields[2]
    assert review.value == (
        "([pitch](https://forums.swift.org/a), [review](https://forums.swift.org/b))"
    )
    assert review.value_span == Span(Pos(4, 10), Pos(5, 39))
    assert header.stray == (Span.on_line(6, 2, 13),)


def test_a_list_of_prose_is_no_bullet_header() -> None:
    assert read_bullet_header(lines_of("- one thing\n- another: with a colon\n")) is None
    assert read_bullet_header(lines_of("Intro\n\n- A: b\n- C: d\n")) is None


def test_fenced_header_and_detection_order() -> None:
    fenced = "# PEP\n\n```\nPEP: 1\nTitle: X\n```\n\n## Abstract\n"
    header = read_fenced_header(lines_of(fenced))
    assert header is not None
    assert (header.form, header.start, header.end) == ("fence", 2, 5)
    assert [f.value_span for f in header.fields] == [
        Span.on_line(3, 5, 6),
        Span.on_line(4, 7, 8),
    ]
    assert read_fenced_header(lines_of("## Abstract\n\n```\nA: b\n```\n")) is None
    assert detect_form(lines_of(fenced)) == header
    assert detect_form(lines_of("# Title\n\n## Abstract\n")) is None


def test_field_names_fold_case_separators_and_a_trailing_hash() -> None:
    assert fold_field_name("RFC PR #") == fold_field_name("rfc-pr") == "rfc pr"
    assert fold_field_name("discussions-to") == fold_field_name("Discussions_To")


def test_footnote_definitions_between_bullet_items_do_not_end_the_header() -> None:
    """rust-lang/rfcs text/3668: `[^rework]: ...` lines right under the first item."""
    text = (
        "- Feature Name: `async_closure`[^rework]\n"
        "[^rework]: This RFC reworks a section.\n"
        "- Start Date: 2024-06-25\n"
        "- RFC PR: [rust-lang/rfcs#3668](https://github.com/rust-lang/rfcs/pull/3668)\n"
        "\n"
        "[^x]: after the list\n"
    )
    header = read_bullet_header(lines_of(text))
    assert header is not None
    assert [f.name for f in header.fields] == ["Feature Name", "Start Date", "RFC PR"]
    assert (header.start, header.end) == (0, 3)
