"""Issue 14: template text left in a document, found as the template writes it
(pep_lsp.model.template_text), on real documents of two processes."""

from __future__ import annotations

from pathlib import Path

from pep_lsp.config import resolve
from pep_lsp.model.template_text import find_template_text, header_value_blanks
from pep_lsp.template import Schema
from pep_lsp.text import Pos, Span, split_lines

PROCESSES = Path(__file__).parent / "data" / "processes"
RFC_LINES = (PROCESSES / "rfcs" / "0000-template.md").read_text().split("\n")


def schema_of(process: str) -> Schema:
    return resolve(PROCESSES / process / "x.md").settings.schema()


def found_in(path: Path, schema: Schema) -> list[tuple[str, Span, str]]:
    lines = split_lines(path.read_text())[0]
    return [(f.kind, f.span, f.text) for f in find_template_text(lines, schema, range(len(lines)))]


def test_eip_leftover_comments_and_placeholder_bodies_on_their_lines() -> None:
    found = found_in(PROCESSES / "eips" / "EIPS" / "eip-7612.md", schema_of("eips"))
    assert [(kind, span) for kind, span, _ in found] == [
        ("placeholder", Span.on_line(153, 0, 39)),  # "No backward compatibility issues found."
        ("instruction", Span(Pos(157, 0), Pos(164, 3))),  # README: lines 158-165
        ("instruction", Span(Pos(172, 0), Pos(178, 3))),  # README: lines 173-179
        ("placeholder", Span.on_line(180, 0, 17)),
    ]
    assert found[3][2] == "Needs discussion."
    assert found[1][2].startswith("<!--\n  This section is optional for non-Core EIPs.")


def test_a_final_eip_keeps_needs_discussion() -> None:
    found = found_in(PROCESSES / "eips" / "EIPS" / "eip-7685.md", schema_of("eips"))
    assert [(kind, span.start.line + 1, text) for kind, span, text in found] == [
        ("placeholder", 130, "No backward compatibility issues found."),
        ("placeholder", 138, "Needs discussion."),
    ]


def test_clean_documents_have_none() -> None:
    assert found_in(PROCESSES / "eips" / "EIPS" / "eip-712.md", schema_of("eips")) == []
    for name in ("2359-subslice-pattern-syntax.md", "3722-explicit-extern-abis.md"):
        assert found_in(PROCESSES / "rfcs" / "text" / name, schema_of("rfcs")) == []


def test_rfc_fill_me_in_in_the_header() -> None:
    found = found_in(PROCESSES / "rfcs" / "text" / "2912-rust-analyzer.md", schema_of("rfcs"))
    assert found == [
        (
            "placeholder",
            Span.on_line(0, 16, 70),
            "(fill me in with a unique ident, `my_awesome_feature`)",
        )
    ]


def test_the_rfc_template_as_a_document_is_mostly_instructions() -> None:
    found = found_in(PROCESSES / "rfcs" / "0000-template.md", schema_of("rfcs"))
    kinds = [kind for kind, _, _ in found]
    assert kinds.count("placeholder") == 2
    # One finding per run of lines: 51 lines of instructions in 21 paragraphs and lists.
    assert kinds.count("instruction") == 21
    runs = [span for kind, span, _ in found if kind == "instruction"]
    assert sum(span.end.line - span.start.line + 1 for span in runs) == 51
    assert ("instruction", Span(Pos(54, 0), Pos(57, 175)), "\n".join(RFC_LINES[54:58])) in found
    assert (
        "instruction",
        Span.on_line(8, 0, 41),
        "One paragraph explanation of the feature.",
    ) in found


def test_literal_placeholder_opening_a_paragraph_and_quotes() -> None:
    schema = schema_of("eips")
    lines = ["TBD. The value is derived below.", "", "> TBD", "", "Still TBD here."]
    found = find_template_text(lines, schema, range(5), quoted_lines={2})
    assert [(f.span, f.text) for f in found] == [(Span.on_line(0, 0, 4), "TBD.")]


def test_header_values() -> None:
    eips, rfcs = schema_of("eips"), schema_of("rfcs")
    assert header_value_blanks("<URL>", eips.field("discussions-to"), eips) == [(0, 5)]
    assert header_value_blanks("https://x.org/t/1", eips.field("discussions-to"), eips) == []
    pr = rfcs.field("RFC PR")
    blank = "[rust-lang/rfcs#0000](https://github.com/rust-lang/rfcs/pull/0000)"
    assert header_value_blanks(blank, pr, rfcs) == [(0, len(blank))]
    assert header_value_blanks(blank.replace("0000", "2912"), pr, rfcs) == []
    assert header_value_blanks("(`bindeps`)", rfcs.field("Feature Name"), rfcs) == []
