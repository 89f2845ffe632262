"""Known misspellings in prose lines: a list of common misspellings with their corrections.

Not a dictionary check: a word is flagged only when it is a known misspelling
(`data/misspellings.txt`, derived from the typos project's list, MIT; see
`data/misspellings.LICENSE`), so technical words, names and jargon are never "unknown".

Only prose is read: the caller passes lines whose code spans and autolinks are already blanked
(`document._mask_code`); here link destinations, inline HTML, entities, URLs, e-mail addresses,
paths, dotted names (`eip-712.md`, `e.g.`) and identifiers (camelCase, snake_case, ALL-CAPS,
words with digits) are skipped. A Capitalised word is read only where a sentence or a line
starts: elsewhere it is most likely a name.

The list loads on first use (one file read, no string made per word: see `_Table`); a line is
first screened by its letters alone, and each distinct word's answer is remembered, so prose
with no misspelling costs one regular-expression pass and a dictionary look-up per word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_DATA = "data/misspellings.txt"


@dataclass(frozen=True)
class Misspelling:
    """A known misspelling on one line: columns [start, end), the word as written, its corrections."""

    line: int
    start: int
    end: int
    word: str
    corrections: tuple[str, ...]

    def shifted(self, lines: int) -> Misspelling:
        return Misspelling(self.line + lines, self.start, self.end, self.word, self.corrections)


class _Table:
    """The misspellings as fixed-width sorted runs, one per word length, searched in place.

    Loading is one file read and a split into a few dozen lines; a lookup is a binary search
    over slices of one run; the corrections (half the file, and its only non-ASCII text) are
    decoded on the first hit, and those of a length split on its first hit only.
    """

    def __init__(self) -> None:
        # Read from beside this module: `importlib.resources` costs ~10 ms of imports.
        data = (Path(__file__).parent / _DATA).read_bytes()
        cut = data.index(b"\n\n")
        self._runs = dict(line.split("\t", 1) for line in data[:cut].decode("utf-8").split("\n"))
        self._fixes_data = data[cut + 2 :]
        self._fixes_text: dict[str, str] = {}
        self._fixes: dict[str, list[str]] = {}

    def get(self, word: str) -> tuple[str, ...] | None:
        width = str(len(word))
        run = self._runs.get(width)
        if run is None:
            return None
        size = len(word)
        low, high = 0, len(run) // size
        while low < high:
            middle = (low + high) // 2
            if run[middle * size : middle * size + size] < word:
                low = middle + 1
            else:
                high = middle
        if run[low * size : low * size + size] != word:
            return None
        fixes = self._fixes.get(width)
        if fixes is None:
            if not self._fixes_text:
                text = self._fixes_data.decode("utf-8").rstrip("\n")
                self._fixes_text = dict(line.split("\t", 1) for line in text.split("\n"))
            fixes = self._fixes[width] = self._fixes_text[width].split("|")
        return tuple(fixes[low].split(","))


_table: _Table | None = None
_answers: dict[str, tuple[str, ...] | None] = {}
_MAX_ANSWERS = 200_000


def corrections(word: str) -> tuple[str, ...] | None:
    """The corrections of a lower-case word that is a known misspelling, else None."""
    answer = _answers.get(word, False)
    if answer is not False:
        return answer  # type: ignore[return-value]
    found = load_table().get(word)
    if len(_answers) >= _MAX_ANSWERS:
        _answers.clear()
    _answers[word] = found
    return found


def load_table() -> _Table:
    """The list, loaded on first use (the server asks before its first document)."""
    global _table
    if _table is None:
        _table = _Table()
    return _table


# Not prose, blanked before words are read (same length, so columns hold).
_NOT_PROSE = re.compile(
    r"\]\([^)]*\)"  # a link's destination
    r"|<!--.*?(?:-->|$)"  # an HTML comment (suppression comments too)
    r"|</?[A-Za-z][^<>]*>"  # an inline HTML tag
    r"|&#?\w+;"  # an entity
)
_CHUNK = re.compile(r"\S+")
# URLs, e-mail addresses, paths, dotted names (domains, file names, e.g.), assignments.
_SKIP_CHUNK = re.compile(r"://|@|/|\\|^www\.|[^\W_]\.[^\W_]|=|\+\+|::")
_TOKEN = re.compile(r"[\w'’]+")
_LINE_START_MARKS = " \t>*+#|-0123456789.)[(\"'_“"
_SENTENCE_END = re.compile(r"[.!?:][ \t]+[\[(\"'*_“]*$")


def _case_like(word: str, correction: str) -> str:
    return correction[:1].upper() + correction[1:] if word[:1].isupper() else correction


def _starts_sentence(text: str, start: int, first: int) -> bool:
    """Is the word at `start` first on its line (`first`: after list, quote and heading marks)
    or after a sentence's end? Reads only a few characters back: lines can be very long."""
    return start == first or bool(_SENTENCE_END.search(text, max(0, start - 8), start))


_LETTERS = re.compile(r"[A-Za-z]{3,}")


_clean: set[str] = set()
"""Words (as written) known not to be misspellings: most of a line's words, after a while,
so a line is usually settled by one set difference."""


def may_have_misspelling(text: str) -> bool:
    """Can `text` hold a known misspelling among its letter runs? A screen: False is certain."""
    letters = _LETTERS.findall(text)
    if _clean.issuperset(letters):  # a look-up per word, no set made: the common answer
        return False
    unknown = set(letters)
    unknown.difference_update(_clean)
    for word in unknown:
        answer = _answers.get(word)
        if answer is None and word not in _answers:
            answer = corrections(word.lower())
            _answers[word] = answer
        if answer:
            return True
        if len(_clean) >= _MAX_ANSWERS:
            _clean.clear()
        _clean.add(word)
    return False


_clean_words: set[str] = set()
"""Words (`model.scan.WORD`: letters, digits, inner apostrophes and hyphens) whose letter runs
are all known not to be misspellings."""


def words_may_have_misspelling(words: list[str]) -> bool:
    """Can a line whose words (`scan.WORD` matches) are among `words` hold a known misspelling
    (`may_have_misspelling`)? Each letter run of a line lies whole in one of its words, so the
    words' letter runs are the line's; words already settled are set aside in one difference."""
    if _clean_words.issuperset(words):  # most blocks, once their words are known: no set made
        return False
    unknown = set(words)
    unknown.difference_update(_clean_words)
    if may_have_misspelling(" ".join(unknown)):
        return True
    if len(_clean_words) >= _MAX_ANSWERS:
        _clean_words.clear()
    _clean_words.update(unknown)
    return False


def scan_line(line_number: int, text: str) -> list[Misspelling]:
    """The known misspellings in one prose line (code spans and autolinks already blanked)."""
    if not may_have_misspelling(text):
        return []
    if "<" in text or "](" in text or "&" in text:
        text = _NOT_PROSE.sub(lambda m: " " * len(m.group()), text)
    found: list[Misspelling] = []
    first = len(text) - len(text.lstrip(_LINE_START_MARKS))
    for chunk in _CHUNK.finditer(text):
        if _SKIP_CHUNK.search(chunk.group()):
            continue
        for token in _TOKEN.finditer(chunk.group()):
            raw = token.group()
            word = raw.strip("_'’")
            if not word.isascii() or not word.isalpha():
                continue  # identifiers (snake_case, digits), contractions, other scripts
            start = chunk.start() + token.start() + raw.index(word)
            if word.islower():
                key = word
            elif word[0].isupper() and word[1:].islower() and _starts_sentence(text, start, first):
                key = word.lower()
            else:
                continue  # camelCase, ALL-CAPS, or a Capitalised name inside a sentence
            fixes = corrections(key)
            if fixes:
                found.append(
                    Misspelling(
                        line_number,
                        start,
                        start + len(word),
                        word,
                        tuple(_case_like(word, c) for c in fixes),
                    )
                )
    return found


__all__ = [
    "Misspelling",
    "corrections",
    "may_have_misspelling",
    "scan_line",
    "words_may_have_misspelling",
]
