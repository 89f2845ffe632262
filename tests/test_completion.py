"""Completion as a pure function: exact labels, spans and inserted text."""

from __future__ import annotations

import datetime
import json
import subprocess
from pathlib import Path

import pytest

from pep_lsp.features.completion import (
    Completion,
    Environment,
    complete,
    escape_snippet,
    git_author,
)
from pep_lsp.model.document import Document
from pep_lsp.template import default_schema
from pep_lsp.text import Pos, Span
from tests.conftest import apply_edits

TODAY = datetime.date(2026, 9, 14)
ENV = Environment(TODAY, lambda: "Ada Lovelace <ada@corp.test>")

HEAD = "# PEP 9100: Tidy logs\n\n```\nPEP: 9100\n"


def items(text: str, line: int, col: int, env: Environment = ENV) -> list[Completion]:
    return complete(Document(text, default_schema()).model, Pos(line, col), env)


def table(found: list[Completion]) -> list[tuple[str, str, Span]]:
    return [(item.label, item.edit.new_text, item.edit.span) for item in found]


# --- header fields ----------------------------------------------------------------------------


def test_partly_typed_field_offers_missing_fields_in_template_order_with_sure_values() -> None:
    text = HEAD + "Status: Draft\nTy\n```\n"
    span = Span.on_line(5, 0, 2)
    assert table(items(text, 5, 2)) == [("Type: ", "Type: ", span)]
    text = HEAD + "Status: Draft\n\n```\n"
    span = Span.on_line(5, 0, 0)
    assert table(items(text, 5, 0)) == [
        ("Title: ", "Title: ", span),
        ("Author: Ada Lovelace <ada@corp.test>", "Author: Ada Lovelace <ada@corp.test>", span),
        ("Type: ", "Type: ", span),
        ("Created: 14-09-2026", "Created: 14-09-2026", span),
        ("Updated: 14-09-2026", "Updated: 14-09-2026", span),
        ("Version: 0.1", "Version: 0.1", span),
    ]
    assert [item.sort_text for item in items(text, 5, 0)] == [
        "001",
        "002",
        "004",
        "005",
        "006",
        "007",
    ]


def test_a_partly_typed_field_name_is_filtered_by_what_is_typed() -> None:
    """Neovim leaves the filtering of items with an edit to the server: `Ver` must not offer `Type`."""
    text = HEAD + "Status: Draft\nver\n```\n"
    assert table(items(text, 5, 3)) == [("Version: 0.1", "Version: 0.1", Span.on_line(5, 0, 3))]
    assert items(HEAD + "Status: Draft\nXyz\n```\n", 5, 3) == []


def test_an_empty_header_line_offers_every_missing_field_and_no_author_without_git() -> None:
    text = HEAD + "\n```\n"
    found = items(text, 4, 0, Environment(TODAY))
    assert [item.label.split(":")[0] for item in found] == [
        "Title",
        "Author",
        "Status",
        "Type",
        "Created",
        "Updated",
        "Version",
    ]
    assert found[1].edit == found[1].edit.__class__(Span.on_line(4, 0, 0), "Author: ")


def test_a_header_being_typed_is_recognised_before_any_field_is_known() -> None:
    text = "# PEP 9100: Tidy logs\n\n```\nPE\n```\n"
    assert [item.label for item in items(text, 3, 2)] == ["PEP: "]


def test_status_values_come_with_meanings_and_draft_first() -> None:
    text = HEAD + "Status: \n```\n"
    found = items(text, 4, 8)
    assert [(item.label, item.detail) for item in found[:3]] == [
        ("Draft", "Being written; not yet ready for review."),
        ("Discussion", "Ready for the team's review and open for comments."),
        ("Accepted", "Approved for implementation."),
    ]
    assert len(found) == 9
    assert found[0].edit.span == Span.on_line(4, 8, 8) and found[0].edit.new_text == "Draft"


def test_a_value_typed_right_after_the_colon_rewrites_the_field_with_its_space() -> None:
    """Neovim inserts a plain edit only up to its first space: an edit starting with a space
    inserted nothing there. The item starts at the field name instead."""
    text = HEAD + "Type:\n```\n"
    assert table(items(text, 4, 5)) == [
        ("Type: Standard", "Type: Standard", Span.on_line(4, 0, 5)),
        ("Type: Informational", "Type: Informational", Span.on_line(4, 0, 5)),
        ("Type: Process", "Type: Process", Span.on_line(4, 0, 5)),
    ]
    assert table(items(HEAD + "Type:In\n```\n", 4, 7)) == [
        ("Type: Informational", "Type: Informational", Span.on_line(4, 0, 7))
    ]


def test_a_partly_typed_value_is_replaced_exactly_and_filters() -> None:
    text = HEAD + "Type: inf\n```\n"
    assert table(items(text, 4, 9)) == [("Informational", "Informational", Span.on_line(4, 6, 9))]


def test_dates_are_today_in_the_template_format() -> None:
    text = HEAD + "Created: \n```\n"
    found = items(text, 4, 9)
    assert [(item.label, item.detail, item.edit.span) for item in found] == [
        ("14-09-2026", "today", Span.on_line(4, 9, 9))
    ]


def test_updated_is_never_earlier_than_created() -> None:
    text = HEAD + "Created: 20-09-2026\nUpdated: \n```\n"
    found = items(text, 5, 9)
    assert [(item.label, item.detail) for item in found] == [
        ("20-09-2026", "same as Created (Updated is never earlier)")
    ]
    earlier = HEAD + "Created: 01-09-2026\nUpdated: \n```\n"
    assert [item.label for item in items(earlier, 5, 9)] == ["14-09-2026"]


def test_a_placeholder_value_is_replaced_whole_from_anywhere_inside_it() -> None:
    text = HEAD + "Updated: [DD-MM-YYYY]\n```\n"
    found = items(text, 4, 12)
    assert table(found) == [("14-09-2026", "14-09-2026", Span.on_line(4, 9, 21))]
    assert found[0].filter_text == "[DD-MM-YYYY]"
    assert apply_edits(text, [found[0].edit]) == HEAD + "Updated: 14-09-2026\n```\n"


def test_the_author_placeholder_is_replaced_whole_with_the_cursor_at_its_end() -> None:
    """The comma inside the template's placeholder is no list separator."""
    placeholder = "[Author Name <email@domain.com>, Co-Author Name <email@domain.com>]"
    text = HEAD + f"Author: {placeholder}\n```\n"
    found = items(text, 4, 8 + len(placeholder))
    assert table(found) == [
        (
            "Ada Lovelace <ada@corp.test>",
            "Ada Lovelace <ada@corp.test>",
            Span.on_line(4, 8, 8 + len(placeholder)),
        )
    ]
    assert found[0].filter_text == placeholder
    assert (
        apply_edits(text, [found[0].edit]) == HEAD + "Author: Ada Lovelace <ada@corp.test>\n```\n"
    )


def test_a_choice_placeholder_is_replaced_whole_from_its_middle_and_not_filtered() -> None:
    text = HEAD + "Type: [Standard | Informational | Process]\n```\n"
    found = items(text, 4, len("Type: [Standard | Inf"))
    span = Span.on_line(4, 6, len("Type: [Standard | Informational | Process]"))
    assert table(found) == [
        (value, value, span) for value in ("Standard", "Informational", "Process")
    ]
    assert apply_edits(text, [found[1].edit]) == HEAD + "Type: Informational\n```\n"


def test_author_after_a_comma_offers_the_git_author_once() -> None:
    text = HEAD + "Author: Bob <bob@corp.test>,\n```\n"
    both = "Author: Bob <bob@corp.test>, Ada Lovelace <ada@corp.test>"
    assert table(items(text, 4, 28)) == [(both, both, Span.on_line(4, 0, 28))]
    spaced = HEAD + "Author: Bob <bob@corp.test>, A\n```\n"
    assert table(items(spaced, 4, 30)) == [
        ("Ada Lovelace <ada@corp.test>",) * 2 + (Span.on_line(4, 29, 30),)
    ]
    listed = HEAD + "Author: Ada Lovelace <ada@corp.test>, \n```\n"
    assert items(listed, 4, 38) == []


def test_fields_without_a_vocabulary_offer_nothing() -> None:
    assert items(HEAD + "Title: \n```\n", 4, 7) == []
    assert items(HEAD + "Nonsense: \n```\n", 4, 10) == []


# --- headings -------------------------------------------------------------------------------------


DOC = HEAD + "Status: Draft\n```\n\n## Abstract\n\nWords.\n\n## Motivation\n\nWords.\n\n"


def test_level_two_offers_missing_top_sections_in_template_order_each_twice() -> None:
    text = DOC + "## "
    line = text.count("\n")
    headings = [item for item in items(text, line, 3) if item.kind == "heading"]
    assert [item.label for item in headings] == [
        "Rationale",
        "Specification",
        "Implementation",
        "Impact Analysis",
        "Alternatives Considered",
        "Success Metrics",
        "Documentation Plan",
        "Timeline",
        "References",
        "Appendices",
    ]
    text = DOC + "## ra"
    found = items(text, line, 5)
    assert [(item.label, item.kind) for item in found] == [
        ("Rationale", "heading"),
        ("Rationale", "skeleton"),
    ]
    assert found[0].edit == found[0].edit.__class__(Span.on_line(line, 3, 5), "Rationale")
    skeleton = found[1]
    assert (skeleton.label_detail, skeleton.filter_text) == (" (with template text)", None)
    assert (
        apply_edits(text, [skeleton.edit])
        == DOC + default_schema().find_section("Rationale", None).skeleton
    )


def test_only_the_hashes_typed_writes_the_whole_heading_line() -> None:
    text = DOC + "##"
    line = text.count("\n")
    first, skeleton = items(text, line, 2)[:2]
    assert (first.label, first.edit.span, first.edit.new_text, first.filter_text) == (
        "## Rationale",
        Span.on_line(line, 0, 2),
        "## Rationale",
        None,
    )
    assert (skeleton.label, skeleton.edit.span) == ("## Rationale", Span.on_line(line, 0, 2))
    assert skeleton.edit.new_text.startswith("## Rationale\n\n")


def test_level_three_offers_the_enclosing_sections_missing_subsections() -> None:
    text = HEAD + "```\n\n## Specification\n\nS.\n\n### Overview\n\nO.\n\n### "
    line = text.count("\n")
    assert [item.label for item in items(text, line, 4) if item.kind == "heading"] == [
        "API Changes",
        "Configuration Changes",
        "Data Model Changes",
        "Behavioral Changes",
    ]
    text4 = HEAD + "```\n\n## Specification\n\n### API Changes\n\n#### "
    assert [
        item.label for item in items(text4, text4.count("\n"), 5) if item.kind == "heading"
    ] == [
        "New APIs",
        "Modified APIs",
        "Deprecated APIs",
    ]
    assert [
        item.label for item in items(text4 + "M", text4.count("\n"), 6) if item.kind == "heading"
    ] == ["Modified APIs"]


def test_placeholder_titles_come_with_a_snippet_tab_stop() -> None:
    text = HEAD + "```\n\n## Alternatives Considered\n\n### "
    first = items(text, text.count("\n"), 4)[0]
    # The tab stop's default keeps the brackets: the snippet reads as the label (Neovim inserts that).
    assert (first.label, first.edit.new_text, first.snippet) == (
        "Alternative 1: [Name]",
        "Alternative 1: [Name]",
        "Alternative 1: ${1:[Name]}",
    )


def test_no_heading_completion_for_a_level_without_template_sections() -> None:
    assert items(DOC + "#### ", DOC.count("\n"), 5) == []
    assert items(DOC + "# ", DOC.count("\n"), 2) == []


def test_nothing_inside_fenced_code_other_than_the_header() -> None:
    text = DOC + "```\n## \nSta\n```\n"
    line = DOC.count("\n") + 1
    assert items(text, line, 3) == []
    assert items(text, line + 1, 3) == []


def test_nothing_in_prose() -> None:
    assert items(DOC + "Some words ", DOC.count("\n"), 11) == []


# --- the whole template ---------------------------------------------------------------------------


def test_an_empty_document_gets_the_whole_template_as_one_snippet() -> None:
    found = items("", 0, 0)
    # The label is the first line inserted: Neovim without vim.lsp.completion inserts the label.
    assert [(item.label, item.label_detail, item.kind, item.edit.span) for item in found] == [
        (
            "# [Clear, descriptive title (50 characters or less)]",
            " (the whole PEP template)",
            "template",
            Span.on_line(0, 0, 0),
        ),
    ]
    snippet = found[0].snippet
    assert snippet is not None
    assert (
        snippet.split("\n")[:12]
        == [
            "# ${2:[Clear, descriptive title (50 characters or less)]}",
            "",
            "```",
            "PEP: $1",
            "Title: $2",
            "Author: ${3:Ada Lovelace <ada@corp.test>}",
            "Status: ${4:Draft}",  # no `${4|a,b|}` choice: Neovim inserts nothing for one, VS Code its first value
            "Type: ${5:[Standard | Informational | Process]}",
            "Created: ${6:14-09-2026}",
            "Updated: ${7:14-09-2026}",
            "Version: ${8:0.1}",
            "```",
        ]
    )
    plain = found[0].edit.new_text
    body = "\n\n".join(spec.skeleton for spec in default_schema().top_sections)
    assert plain == (
        "# [Clear, descriptive title (50 characters or less)]\n\n```\nPEP:\n"
        "Title: [Clear, descriptive title (50 characters or less)]\nAuthor: Ada Lovelace <ada@corp.test>\n"
        "Status: Draft\nType: [Standard | Informational | Process]\nCreated: 14-09-2026\nUpdated: 14-09-2026\n"
        "Version: 0.1\n```\n\n" + body + "\n"
    )


def test_a_document_with_only_a_title_gets_the_template_without_another_title() -> None:
    found = items("# PEP 9100: Tidy logs\n\n", 2, 0)
    assert found[0].edit.new_text.startswith("```\nPEP:\n")
    assert found[0].snippet is not None and found[0].snippet.startswith(
        "```\nPEP: $1\nTitle: ${2:[Clear"
    )


def test_positions_past_the_end_are_clamped() -> None:
    text = HEAD + "Type: \n```\n"
    assert [item.label for item in items(text, 4, 99)] == ["Standard", "Informational", "Process"]
    assert items(text, 99, 0) == []


# --- git ------------------------------------------------------------------------------------------


def test_git_author_reads_the_repository_config(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "config", "user.name", "Grace Hopper"], check=True)
    subprocess.run(
        ["git", "-C", str(tmp_path), "config", "user.email", "grace@corp.test"], check=True
    )
    assert git_author(str(tmp_path)) == "Grace Hopper <grace@corp.test>"


def test_git_author_is_none_without_git_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "none"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert git_author(str(tmp_path)) is None


# --- the LSP edge: the list is sent in its JSON form ------------------------------------------


def _as_lsprotocol(
    lines: list[str], found: list[Completion], encoding: str, snippets: bool, details: bool
) -> dict:
    """The same list built from lsprotocol objects and unstructured by pygls' converter: what
    pygls would send for it."""
    from lsprotocol import types
    from pygls.protocol import default_converter

    from pep_lsp.lsp.convert import to_range

    kinds = {
        "field": types.CompletionItemKind.Field,
        "value": types.CompletionItemKind.Value,
        "heading": types.CompletionItemKind.Text,
        "skeleton": types.CompletionItemKind.Snippet,
        "template": types.CompletionItemKind.Snippet,
    }
    converted = []
    for item in found:
        spaced = any(character.isspace() for character in item.edit.new_text)
        use_snippet = snippets and (item.snippet is not None or spaced)
        snippet = item.snippet if item.snippet is not None else escape_snippet(item.edit.new_text)
        converted.append(
            types.CompletionItem(
                label=item.label,
                kind=kinds[item.kind],
                detail=item.detail,
                label_details=types.CompletionItemLabelDetails(detail=item.label_detail)
                if details and item.label_detail
                else None,
                documentation=types.MarkupContent(
                    kind=types.MarkupKind.Markdown, value=item.documentation
                )
                if item.documentation
                else None,
                sort_text=item.sort_text,
                filter_text=item.filter_text,
                text_edit=types.TextEdit(
                    range=to_range(lines, item.edit.span, encoding),
                    new_text=snippet if use_snippet else item.edit.new_text,
                ),
                insert_text_format=types.InsertTextFormat.Snippet
                if use_snippet
                else types.InsertTextFormat.PlainText,
            )
        )
    return default_converter().unstructure(
        types.CompletionList(is_incomplete=False, items=converted)
    )


@pytest.mark.parametrize("details", [True, False])
@pytest.mark.parametrize("snippets", [True, False])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        (HEAD + "Status: Draft\nTy\n```\n", 5, 2),
        (HEAD + "Status: \n```\n", 4, 8),
        (HEAD + "Status: Draft\n```\n\n## Abstract\n\n😀 x\n\n## ", 11, 3),
        (HEAD + "Author: 😀 <b@c.test>, \n```\n", 4, 22),
        ("", 0, 0),
    ],
    ids=["fields", "values", "headings", "astral-value", "whole-template"],
)
def test_the_json_list_is_what_pygls_would_send_for_lsprotocol_objects(
    text: str, line: int, col: int, encoding: str, snippets: bool, details: bool
) -> None:
    from pep_lsp.lsp.convert_features import to_completion_list

    model = Document(text, default_schema()).model
    found = complete(model, Pos(line, col), ENV)
    assert found
    sent = to_completion_list(model.lines, found, encoding, snippets, details)
    assert sent.isascii()  # the Content-Length the protocol writes counts characters
    assert json.loads(sent) == _as_lsprotocol(list(model.lines), found, encoding, snippets, details)
