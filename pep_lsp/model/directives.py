"""Suppression comments found while a block is scanned: `<!-- pep-lsp-disable ... -->` and kin.

Only the scanning: which directive a comment is, the codes it names and where it is. What a
directive hides is decided in `engine/suppression.py`; D101/D102 are `rules/directives.py`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pep_lsp.kinds import DirectiveKind
from pep_lsp.text import Pos, Span

ALL = "*"

KINDS = tuple(kind.value for kind in DirectiveKind if kind is not DirectiveKind.UNKNOWN)
UNKNOWN = DirectiveKind.UNKNOWN
# A comment that starts like a directive: `pep-lsp-...` (any case), or `pep-lsp KIND` with a space.
_DIRECTIVE = re.compile(
    r"<!--\s*(pep-lsp-[-\w]*|pep-lsp(?=\s+(?:" + "|".join(KINDS) + r")\b))(.*?)-->", re.S | re.I
)


@dataclass(frozen=True)
class Directive:
    """One suppression comment: its kind, the codes it names (empty: all) and where it is.
    A comment that looks like a directive but is none has kind `unknown` and, in `written`,
    the word as written (D102 reports it; it hides nothing)."""

    kind: DirectiveKind
    codes: tuple[str, ...]
    span: Span
    written: str = ""

    def shifted(self, lines: int) -> Directive:
        return Directive(self.kind, self.codes, self.span.shifted(lines), self.written)


def scan_directives(lines: Sequence[str], first: int, end: int) -> list[Directive]:
    """Directives in lines [first, end) (already masked of code spans), with their positions."""
    text = "\n".join(lines[first:end])
    if "pep-lsp" not in text.lower():
        return []
    starts = [0]
    for line in lines[first:end]:
        starts.append(starts[-1] + len(line) + 1)

    def position(offset: int) -> Pos:
        index = max(i for i, start in enumerate(starts) if start <= offset)
        return Pos(first + index, offset - starts[index])

    found = []
    for match in _DIRECTIVE.finditer(text):
        word, rest = match.group(1), match.group(2)
        attached = re.match(r"[^\s,]*", rest).group()  # type: ignore[union-attr]  # `pep-lsp-disable:L102`
        word, rest = word + attached, rest[len(attached) :]
        words = [code for code in re.split(r"[\s,]+", rest.strip()) if code]
        if word.lower() == "pep-lsp":  # `pep-lsp disable ...`: the kind was written after a space
            word, words = f"{word} {words[0]}", words[1:]
        codes = tuple(code.upper() for code in words)
        span = Span(position(match.start()), position(match.end()))
        kind = word[len("pep-lsp-") :]
        if word.startswith("pep-lsp-") and kind in KINDS:
            found.append(Directive(DirectiveKind(kind), codes, span))
        else:
            found.append(Directive(UNKNOWN, codes, span, word))
    return found


def closest_directive(written: str) -> str | None:
    """The valid directive a misspelt one most likely meant: `pep-lsp-disable-line` (ESLint's
    same-line form) is `pep-lsp-disable-next-line` on the line before; otherwise the closest
    spelling, case and a space for the hyphen forgiven."""
    import difflib

    word = written.lower().replace(" ", "-")
    if word == "pep-lsp-disable-line":
        return "pep-lsp-disable-next-line"
    valid = [f"pep-lsp-{kind}" for kind in KINDS]
    close = difflib.get_close_matches(word, valid, n=1, cutoff=0.75)
    return close[0] if close else None
