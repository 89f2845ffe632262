"""Regenerate `pep_lsp/data/misspellings.txt` from the typos project's dictionary.

    python scripts/make_misspellings.py typos-X.Y.Z.tar.gz > pep_lsp/data/misspellings.txt

The input is the source distribution of the `typos` package on PyPI (MIT OR Apache-2.0; see
`pep_lsp/data/misspellings.LICENSE`), whose `crates/typos-dict/src/word_codegen.rs` holds the
dictionary as a table of `("misspelling", &["correction", ...])`. typos is made for source code;
for prose a few entries are left out, so that nothing a reader would call right is flagged:

- keys of up to four letters, unless they swap the letters of their one correction (`teh`,
  `adn`, `thsi`): short keys are too often abbreviations, prefixes or names (`ded`, `mis`, `bilt`);
- the words in `PROSE_WORDS`: real words of technical prose that typos treats as misspellings.

The output has one line per word length L, `L<TAB>` and the sorted misspellings of that length
written one after another (fixed width, no separator), then a blank line, then one line per length,
`L<TAB>` and the corrections of those words in the same order (`|` between words, `,` between the
corrections of one word). The loader binary-searches the fixed-width runs in place: loading is
one file read, with no string made per word.
"""

from __future__ import annotations

import re
import sys
import tarfile

PROSE_WORDS = frozenset(
    {
        # found in real proposals (realprose, EIPs, RFCs) and written on purpose
        "sharability",
        "enumerables",
        # short keys that are words or common abbreviations even though they swap a word's letters
        "lits",
        "rela",
        "tema",
        "mena",
        "oger",
        "tood",
        "tdoo",
        "otho",
    }
)

_ENTRY = re.compile(
    r'InsensitiveStr::(?:Ascii|Unicode)\("((?:[^"\\]|\\.)*)"\),\s*&\[((?:\s*"(?:[^"\\]|\\.)*",?)*)\s*\]'
)
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def entries(source: str) -> dict[str, list[str]]:
    return {m.group(1).lower(): _STRING.findall(m.group(2)) for m in _ENTRY.finditer(source)}


def keep(key: str, corrections: list[str]) -> bool:
    if key in PROSE_WORDS or not corrections or not key.isascii() or not key.isalpha():
        return False
    if len(key) <= 4:
        return (
            len(corrections) == 1
            and sorted(key) == sorted(corrections[0].lower())
            and key != corrections[0].lower()
        )
    return True


def main(path: str) -> None:
    with tarfile.open(path) as archive:
        member = next(
            m
            for m in archive.getmembers()
            if m.name.endswith("crates/typos-dict/src/word_codegen.rs")
        )
        handle = archive.extractfile(member)
        assert handle is not None
        source = handle.read().decode("utf-8")
    table = {key: values for key, values in entries(source).items() if keep(key, values)}
    lengths = sorted({len(key) for key in table})
    by_length = {length: sorted(key for key in table if len(key) == length) for length in lengths}
    runs = [f"{length}\t{''.join(by_length[length])}" for length in lengths]
    fixes = [
        f"{length}\t{'|'.join(','.join(table[key]) for key in by_length[length])}"
        for length in lengths
    ]
    sys.stdout.write("\n".join(runs) + "\n\n" + "\n".join(fixes) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
