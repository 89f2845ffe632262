"""200,000-character lines of the shapes that make naive regexes quadratic.

Each case once took minutes (a line of `[a](` repeated: 275 s); now each takes well under a
second. The alarm is a hang guard for CI, far above any normal run, not a speed assertion.
"""

from __future__ import annotations

import signal

import pytest

from pep_lsp.engine.check import check
from pep_lsp.model.scan import code_spans, mask_code
from tests.conftest import fixture_text

HANG_GUARD_SECONDS = 120

CASES = {
    "backticks": ("a`" * 100000, []),
    "mixed backtick runs": ("` ``" * 50000, []),
    "link openers": ("[a](" * 50000, []),
    "links without closing": ("[x](y" * 40000, []),
    "open brackets": ("[" * 200000, []),
    "one long bracket of prose": ("[" + "a" * 199998 + "]", []),
    "one long placeholder": ("[Metric " + "9" * 199990 + "]", ["L102"]),
    "placeholders in link texts": ("[[Date]](u) " * 18000, []),
    "wrapped code span": ("`" + "a[" * 99999 + "\nb]`", []),
    "autolink openers": ("<a:b" * 50000, []),
    "italic runs": ("*" + "a *" * 66000 + "*", []),
}


@pytest.fixture
def hang_guard():
    def fail(*_):
        raise TimeoutError(f"check did not finish in {HANG_GUARD_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(HANG_GUARD_SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("name", sorted(CASES))
def test_long_line_is_checked(name: str, hang_guard) -> None:
    line, codes = CASES[name]
    text = fixture_text("complete.md").replace("## Timeline\n", "## Timeline\n\n" + line + "\n", 1)
    assert [f.code for f in check(text)] == codes


def test_code_spans_pair_runs_of_equal_length() -> None:
    assert code_spans("a `b` c ``d`e`` f `g") == [(2, 5), (8, 15)]
    assert mask_code("x `[a]` [b] ``y`z`` `") == "x" + " " * 7 + "[b]" + " " * 9 + "`"
