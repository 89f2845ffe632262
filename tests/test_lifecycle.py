"""The lifecycle: next status, checking as if at another status, the progress lens's readiness,
"Move to Discussion", "Set Updated to today", and `check --as-status`."""

from __future__ import annotations

import datetime

import pytest

from pep_lsp.cli import main
from pep_lsp.engine.check import Settings, check
from pep_lsp.engine.lifecycle import check_as, main_line, next_status, readiness
from pep_lsp.features.progress import progress
from pep_lsp.features.status_actions import status_actions
from pep_lsp.model.document import Document
from pep_lsp.template import StatusValue, default_schema, load_template
from pep_lsp.text import Pos, Span
from tests.conftest import FIXTURES, apply_edits, fixture_text

TODAY = datetime.date(2026, 10, 5)
HEADER = Span(Pos(2, 0), Pos(2, 0))  # the header's opening fence line


def model(text: str):
    return Document(text, default_schema()).model


def test_the_main_line_is_the_first_status_of_each_stage() -> None:
    assert [s.name for s in main_line(default_schema())] == ["Draft", "Discussion", "Accepted"]
    custom = (
        StatusValue("Idea", "draft", ""),
        StatusValue("Parked", "review", ""),
        StatusValue("Done", "final", ""),
    )
    assert [s.name for s in main_line(load_template(None, custom))] == ["Idea", "Parked", "Done"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("Draft", "Discussion"),
        ("Discussion", "Accepted"),
        ("Accepted", None),
        ("Rejected", None),
        ("Bogus", None),
    ],
)
def test_the_next_status_follows_the_main_line(status: str, expected: str | None) -> None:
    found = next_status(
        model(fixture_text("draft.md").replace("Status: Draft", f"Status: {status}"))
    )
    assert (found.name if found else None) == expected


@pytest.mark.parametrize("fixture", ["draft.md", "half-filled.md", "complete.md"])
def test_checking_as_a_status_equals_checking_the_text_with_that_status(fixture: str) -> None:
    text = fixture_text(fixture)
    current = next(line for line in text.split("\n") if line.startswith("Status:"))
    for status in default_schema().statuses:
        as_if = check_as(model(text), Settings(), status, with_fix=True)
        rewritten = check(text.replace(current, f"Status: {status.name}", 1))
        same_line = [(f.code, f.message, f.severity) for f in rewritten if f.span.start.line != 6]
        assert [
            (f.code, f.message, f.severity) for f in as_if if f.span.start.line != 6
        ] == same_line, status.name


def test_the_lens_says_how_many_blockers_or_ready() -> None:
    draft = fixture_text("draft.md")
    assert progress(model(draft), Settings()).text.endswith(" · 12 blockers for Discussion")
    assert progress(model(fixture_text("complete.md")), Settings()).text.endswith(
        " · Abstract 221/300 words · Ready for Accepted"
    )
    one = fixture_text("complete.md").replace("Version: 1.2", "Version: 1.2.x")
    assert readiness(model(one), Settings()).text == "1 blocker for Accepted"
    assert progress(model(draft)).text.endswith(
        "Abstract 190/300 words"
    )  # without settings: no readiness


def test_move_to_the_next_status_sets_it_and_todays_date_when_nothing_blocks() -> None:
    text = fixture_text("complete.md")
    actions = status_actions(model(text), Settings(), HEADER, None, TODAY, saved_after_change=False)
    assert [(a.title, a.kind) for a in actions] == [("Move to Accepted", "quickfix")]
    assert apply_edits(text, list(actions[0].edits)) == text.replace(
        "Status: Discussion", "Status: Accepted"
    ).replace("Updated: 21-09-2026", "Updated: 05-10-2026")


def test_move_is_not_offered_while_something_blocks_or_away_from_the_header() -> None:
    draft = fixture_text("draft.md")
    assert (
        status_actions(model(draft), Settings(), HEADER, None, TODAY, saved_after_change=False)
        == []
    )
    body = Span(Pos(20, 0), Pos(20, 0))
    assert (
        status_actions(
            model(fixture_text("complete.md")),
            Settings(),
            body,
            None,
            TODAY,
            saved_after_change=True,
        )
        == []
    )
    assert (
        status_actions(
            model(fixture_text("complete.md")),
            Settings(),
            HEADER,
            ["source"],
            TODAY,
            saved_after_change=True,
        )
        == []
    )


def test_set_updated_to_today_after_a_change_and_a_save_when_older() -> None:
    text = fixture_text("draft.md")
    assert (
        status_actions(model(text), Settings(), HEADER, None, TODAY, saved_after_change=False) == []
    )
    actions = status_actions(model(text), Settings(), HEADER, None, TODAY, saved_after_change=True)
    updated = next(line for line in text.split("\n") if line.startswith("Updated:"))
    assert [a.title for a in actions] == ["Set Updated to today (05-10-2026)"]
    assert apply_edits(text, list(actions[0].edits)) == text.replace(
        updated, "Updated: 05-10-2026", 1
    )
    current = text.replace(updated, "Updated: 05-10-2026", 1)
    assert (
        status_actions(model(current), Settings(), HEADER, None, TODAY, saved_after_change=True)
        == []
    )


def test_cli_as_status_reports_the_document_at_that_status(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = str(FIXTURES / "draft.md")
    assert main(["check", path]) == 0  # a Draft: information and hints only
    capsys.readouterr()
    assert main(["check", "--as-status", "Discussion", path]) == 1
    out = capsys.readouterr().out.splitlines()
    # The placeholder left in Updated is a header error once past Draft (H106).
    assert out[-1] == "Found 22 problems (1 error, 11 warnings, 3 information, 7 hints) in 1 file."
    assert (
        f"{path}:4:1: warning H201 PEP number is blank: ask for a number before the document leaves Draft"
        in out
    )
    assert (
        main(["check", "--as-status", "discussion", path]) == 1
    )  # names fold case, as the Status field does
    capsys.readouterr()


def test_cli_as_status_rejects_an_unknown_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--as-status", "Ready", str(FIXTURES / "draft.md")]) == 2
    assert capsys.readouterr().err == (
        "pep-lsp: --as-status 'Ready' is not a status; the statuses are "
        "Draft, Discussion, Accepted, Rejected, Withdrawn, Deferred, Final, Superseded, Active\n"
    )
