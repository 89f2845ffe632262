"""P101 misspelled-word: known misspellings in prose only, with fixes, options and suppression."""

from __future__ import annotations

from pathlib import Path

import pytest

from pep_lsp.config import merge, parse_options
from pep_lsp.engine.check import Settings, check
from pep_lsp.findings import Severity
from pep_lsp.model.blocks import analyse_block
from pep_lsp.spelling import corrections, scan_line
from pep_lsp.template import default_schema
from tests.conftest import apply_edits, fixture_text, template_text

REALPROSE = sorted((Path(__file__).parent / "data" / "realprose").glob("pep-*.md"))


def p101(text: str, **settings) -> list[tuple[int, int, int, str]]:
    return [
        (f.span.start.line, f.span.start.col, f.span.end.col, f.message)
        for f in check(text, Settings(**settings))
        if f.code == "P101"
    ]


def test_the_fixture_flags_the_planted_typos_and_nothing_outside_prose() -> None:
    assert p101(fixture_text("misspellings.md")) == [
        (15, 14, 21, "'recieve' is a common misspelling of 'receive'"),
        (15, 55, 63, "'seperate' is a common misspelling of 'separate'"),
        (16, 10, 17, "'occured' is a common misspelling of 'occurred'"),
        (16, 33, 43, "'definately' is a common misspelling of 'definitely'"),
        (16, 52, 60, "'langauge' is a common misspelling of 'language'"),
        (17, 0, 3, "'Teh' is a common misspelling of 'The'"),
        (17, 51, 58, "'Occured' is a common misspelling of 'Occurred'"),
        (35, 22, 29, "'recieve' is a common misspelling of 'receive'"),  # a table cell is prose
        (37, 20, 27, "'recieve' is a common misspelling of 'receive'"),  # so is a task item
    ]


def test_the_template_has_no_misspelling() -> None:
    assert p101(template_text()) == []


# The real slips in the EIPs these documents were made from; every other word is left alone.
REAL_SLIPS = {
    "pep-0197-eip-precompiled-contracts-for-optimal-ate.md": [(194, 325, 334, "whilelist")],
    "pep-0234-eip-add-blockhash-to-json-rpc-filter-options.md": [(186, 44, 57, "aknowledgment")],
    "pep-2200-eip-structured-definitions-for-net-gas.md": [(257, 117, 125, "endoding")],
    "pep-2537-eip-precompile-for-bls12-381-curve.md": [(40, 380, 393, "multipication")],
}


@pytest.mark.parametrize("path", REALPROSE, ids=lambda p: p.name)
def test_real_prose_gets_only_its_real_slips(path: Path) -> None:
    found = [
        (line, start, end, message.split("'")[1])
        for line, start, end, message in p101(path.read_text(encoding="utf-8"))
    ]
    assert found == REAL_SLIPS.get(path.name, [])


def test_real_prose_is_all_there() -> None:
    assert len(REALPROSE) == 20


def test_identifiers_urls_html_and_names_are_not_read() -> None:
    line = (
        "`recieve` the_recieve recieveData RECIEVE recieve2 https://recieve.test a@recieve.test "
        "[x](https://t.test/recieve) <b title='recieve'>x</b> &recieve; e.g. recieve.md a/recieve Mr Recieve"
    )
    assert analyse_block([line], default_schema()).misspellings == ()
    assert [m.word for m in analyse_block([line + " recieve"], default_schema()).misspellings] == [
        "recieve"
    ]


def test_a_capitalised_word_is_read_where_a_sentence_starts() -> None:
    found = scan_line(3, "Seperate them. Recieve it! Then Occured.")
    assert [(m.line, m.start, m.end, m.word, m.corrections) for m in found] == [
        (3, 0, 8, "Seperate", ("Separate",)),
        (3, 15, 22, "Recieve", ("Receive",)),
    ]


def test_short_words_are_flagged_only_as_swapped_letters() -> None:
    assert corrections("teh") == ("the",)
    assert corrections("adn") == ("and",)
    assert corrections("ded") is None  # an abbreviation ("Ded."), not a swap of "dead"
    assert corrections("mis") is None  # a prefix: "(mis)using"


def test_the_quick_fix_replaces_the_word_and_is_preferred_when_there_is_one_correction() -> None:
    text = fixture_text("misspellings.md")
    finding = next(f for f in check(text) if f.code == "P101")
    fix = finding.fixes[0]
    assert (fix.title, fix.preferred) == ("Replace with 'receive'", True)
    fixed = apply_edits(text, list(fix.edits))
    assert fixed == text.replace("Services will recieve each", "Services will receive each", 1)


def test_several_corrections_give_one_fix_each_and_none_is_preferred() -> None:
    assert corrections("wether") == ("weather", "whether")
    text = fixture_text("misspellings.md").replace(
        "Services will recieve each", "Services wether each", 1
    )
    finding = next(f for f in check(text) if f.code == "P101")
    assert finding.message == "'wether' is a common misspelling of 'weather' or 'whether'"
    assert [(f.title, f.preferred) for f in finding.fixes[:2]] == [
        ("Replace with 'weather'", False),
        ("Replace with 'whether'", False),
    ]


def test_the_project_word_list_is_never_flagged() -> None:
    layer = parse_options(
        {"spelling-words": ["Recieve", "occured"]}, "pep-lsp.toml", Path("."), None
    )
    settings = merge([layer]).settings
    words = {
        message.split("'")[1]
        for *_, message in p101(fixture_text("misspellings.md"), **settings.__dict__)
    }
    assert words == {"seperate", "definately", "langauge", "Teh"}  # any case of a listed word


def test_a_suppression_comment_hides_it() -> None:
    text = fixture_text("misspellings.md").replace(
        "Services will recieve", "<!-- pep-lsp-disable-next-line P101 -->\nServices will recieve", 1
    )
    assert p101(text) == [  # the paragraph after the comment is hidden, nothing else
        (36, 22, 29, "'recieve' is a common misspelling of 'receive'"),
        (38, 20, 27, "'recieve' is a common misspelling of 'receive'"),
    ]


def test_a_misspelling_is_information_at_every_status() -> None:
    """Shown in the editor, never failing a build by default (real prose keeps a few)."""
    text = fixture_text("misspellings.md")
    assert {f.severity for f in check(text) if f.code == "P101"} == {Severity.INFORMATION}
    draft = text.replace("Status: Discussion", "Status: Draft")
    assert {f.severity for f in check(draft) if f.code == "P101"} == {Severity.INFORMATION}


def test_misspellings_follow_edits_as_a_fresh_analysis_finds_them() -> None:
    """The incremental model patches the previous version's misspellings: edits that add, fix
    and move typos in one block or another must give what a fresh analysis gives."""
    from pep_lsp.model.document import Document
    from pep_lsp.text import Pos

    text = fixture_text("misspellings.md")
    document = Document(text, default_schema())
    assert document.model.misspellings  # computed, so the next version patches it
    edits = [
        (Pos(15, 0), Pos(15, 0), "Teh "),  # a new typo at the start of a changed line
        (Pos(15, 18), Pos(15, 25), "receive"),  # fix one in the same block
        (Pos(20, 0), Pos(20, 0), "We recieve "),  # another block
        (Pos(35, 0), Pos(35, 0), "\n\nSeperate paragraph.\n"),  # a new block: the shape changes
        (Pos(16, 0), Pos(17, 0), ""),  # a line removed: later blocks move
    ]
    for start, end, new_text in edits:
        document.replace(start, end, new_text)
        fresh = Document(document.text, default_schema()).model.misspellings
        assert document.model.misspellings == fresh
