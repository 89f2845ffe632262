"""Hypothesis strategies: documents built from template fragments and Markdown edge cases,
PEP-shaped documents with broken headers and sections, and LSP edits at UTF-16 positions.

Everything here is pure (no server, no pygls): the same strategies feed the in-process
properties and the stdio ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = (ROOT / "pep_lsp" / "templates" / "pep.md").read_text(encoding="utf-8")
FIXTURES = ROOT / "tests" / "fixtures"
COMPLETE = (FIXTURES / "complete.md").read_text(encoding="utf-8")
DRAFT = (FIXTURES / "draft.md").read_text(encoding="utf-8")

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# --- text pieces ---------------------------------------------------------------------------

TEMPLATE_LINES = sorted({line for line in TEMPLATE.split("\n")})
TEMPLATE_BLOCKS = [block for block in TEMPLATE.split("\n\n") if block.strip()]

MARKDOWN_EDGES = [
    "```",
    "```python",
    "````",
    "~~~",
    "~~~~ info",
    "``` `not a fence`",
    "    ```",
    "   ```",
    "<!--",
    "-->",
    "<!-- open comment",
    "<pre>",
    "</pre>",
    "<script>",
    "<?php",
    "?>",
    "<![CDATA[",
    "]]>",
    "#",
    "# Title",
    "## Abstract",
    "## Motivation",
    "### Use Cases",
    "##",
    "#######",
    "## Abstract ##",
    "#\tTab",
    "Setext title",
    "===",
    "---",
    "***",
    "    indented code",
    "\tTabbed",
    "> quote",
    "> > nested quote",
    "- item",
    "* item",
    "+ item",
    "1. item",
    "1) item",
    "- [ ] task",
    "- [x] Set up cache infrastructure",
    "| a | b |",
    "|---|---|",
    "| `cache.enabled` | boolean | `true` | Enable/disable caching |",
    "[Date]",
    "[Name]",
    "[...]",
    "*[Explain why this change is needed. Address:]*",
    "[label]: https://example.com",
    "[Link 1: Description](https://example.com)",
    "<https://example.com>",
    "`code [Date]`",
    "\\[escaped]",
    "PEP: 9001",
    "Title: A title",
    "Author: Ada <ada@corp.test>",
    "Status: Draft",
    "Status: Discusion",
    "Type: Standard",
    "Type: standard",
    "Created: 01-09-2026",
    "Created: 2026-09-14",
    "Updated: 31-02-2026",
    "Version: 0.1",
    "Auther: Ada",
    "Status Draft",
    "Status:",
    ": no name",
]

ODD_CHARACTERS = [
    "😀",
    "👨‍👩‍👧",
    "𝔘",
    "é",
    "e\u0301",
    "中文",
    "\t",
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffd",
    "\u200b",
    "\U0010ffff",
]
LONE_SURROGATES = ["\ud800", "\udfff", "\ud83d", "\ude00"]

LINE_ENDINGS = ["\n", "\n", "\n", "\r\n", "\r"]

line_ending = st.sampled_from(LINE_ENDINGS)


def odd_text(surrogates: bool = True) -> st.SearchStrategy[str]:
    """Short runs of awkward characters (astral, combining, control, and lone surrogates)."""
    chars = ODD_CHARACTERS + (LONE_SURROGATES if surrogates else [])
    return st.lists(st.sampled_from(chars), min_size=1, max_size=4).map("".join)


def fragment(surrogates: bool = True) -> st.SearchStrategy[str]:
    """One piece of a document: a template line or block, a Markdown edge case, or odd text."""
    return st.one_of(
        st.sampled_from(TEMPLATE_LINES),
        st.sampled_from(TEMPLATE_BLOCKS),
        st.sampled_from(MARKDOWN_EDGES),
        odd_text(surrogates),
        st.text(alphabet=st.characters(codec="utf-8" if not surrogates else None), max_size=12),
    )


@st.composite
def documents(draw: st.DrawFn, max_pieces: int = 30, surrogates: bool = True) -> str:
    """A document of fragments joined by mixed line endings (sometimes none at the end)."""
    pieces = draw(st.lists(fragment(surrogates), max_size=max_pieces))
    out = []
    for piece in pieces:
        out.append(piece)
        out.append(draw(st.sampled_from(LINE_ENDINGS + ["", "\n\n"])))
    text = "".join(out)
    if draw(st.booleans()):
        # Most real documents use one line ending throughout.
        eol = draw(line_ending)
        text = _LINE_BREAK.sub(eol, text)
    return text


@st.composite
def pep_documents(draw: st.DrawFn) -> str:
    """A PEP-shaped document (from a fixture or the template) with its header and sections damaged.

    Damage is chosen to reach every quick fix: header lines dropped, duplicated, renamed with
    typos, values replaced by near-misses and wrong date formats; sections dropped; the
    header fence removed; the line endings switched.
    """
    base = draw(st.sampled_from([COMPLETE, DRAFT, TEMPLATE]))
    lines = base.split("\n")
    fence_lines = [i for i, line in enumerate(lines) if line.startswith("```")]
    header_start, header_end = fence_lines[0], fence_lines[1]
    header = lines[header_start + 1 : header_end]
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["drop", "duplicate", "typo", "value", "date", "swap"]))
        if not header:
            break
        index = draw(st.integers(0, len(header) - 1))
        name, _, value = header[index].partition(": ")
        if action == "drop":
            del header[index]
        elif action == "duplicate":
            header.insert(draw(st.integers(0, len(header))), header[index])
        elif action == "typo":
            # A typo of the line's own name, so a rename back gives a sensible line.
            header[index] = (
                draw(
                    st.sampled_from(
                        [
                            name[:-1],
                            name + "s",
                            name.lower(),
                            name[:1] + name[2:1:-1] + name[1:2] + name[3:],
                        ]
                    )
                )
                + ": "
                + value
            )
        elif action == "value":
            index = _line_of(header, ("Status", "Type", "Version", "PEP"), index)
            name = header[index].partition(": ")[0]
            header[index] = (
                name
                + ": "
                + draw(
                    st.sampled_from(
                        [
                            "Discusion",
                            "draft",
                            "Standrd",
                            "Informational",
                            "Proces",
                            "Final",
                            "Accepted",
                            "",
                            "1.0",
                            "v1",
                            "[Date]",
                        ]
                    )
                )
            )
        elif action == "date":
            index = _line_of(header, ("Created", "Updated"), index)
            name = header[index].partition(": ")[0]
            header[index] = (
                name
                + ": "
                + draw(
                    st.sampled_from(
                        [
                            "2026-09-14",
                            "14/09/2026",
                            "31-02-2026",
                            "01-01-2020",
                            "31-12-2099",
                            "14.09.2026",
                            "September 14, 2026",
                            "14-9-2026",
                            "01-01-2000",
                            "15-06-2015",
                        ]
                    )
                )
            )
        else:
            other = draw(st.integers(0, len(header) - 1))
            header[index], header[other] = header[other], header[index]
    lines[header_start + 1 : header_end] = header
    if draw(st.integers(0, 9)) == 0:
        del lines[header_start : header_start + len(header) + 2]
    text = "\n".join(lines)
    sections = re.split(r"(?m)^(?=## )", text)
    kept = [sections[0]] + [s for s in sections[1:] if draw(st.integers(0, 4)) != 0]
    text = "".join(kept)
    if draw(st.integers(0, 3)) == 0:
        text = text.replace("\n", draw(st.sampled_from(["\r\n", "\r"])))
    return text


def _line_of(header: list[str], names: tuple[str, ...], default: int) -> int:
    """The index of a header line for one of `names` (picked by `default`), else `default`."""
    matching = [i for i, line in enumerate(header) if line.partition(":")[0] in names]
    return matching[default % len(matching)] if matching else default


# --- hostile inputs -----------------------------------------------------------------------


def hostile_documents() -> dict[str, str]:
    """Named, deterministic hostile documents; each is opened, edited and checked."""
    big_line = "x" * 200_000
    five_mb = (COMPLETE + "\n") * (5_000_000 // len(COMPLETE) + 1)
    return {
        "empty": "",
        "only-newline": "\n",
        "only-crlf": "\r\n" * 3,
        "only-cr": "\r" * 3,
        "unclosed-fence-at-top": "```\nPEP: 1\nTitle: x\n## Abstract\nText\n",
        "unclosed-fence-at-end": COMPLETE + "\n```python\nprint('open')\n",
        "unclosed-html-comment": "<!--\n" + TEMPLATE,
        "lists-500-deep": "".join("  " * i + "- item\n" for i in range(500)),
        "quotes-500-deep": "> " * 500 + "deep\n",
        "mixed-nesting-500": "".join("> " * (i % 7) + "  " * i + "1. x\n" for i in range(500)),
        "line-200k": big_line,
        "line-200k-in-pep": COMPLETE.replace("## Abstract\n", "## Abstract\n" + big_line + "\n"),
        "astral-200k": "😀" * 200_000,
        "brackets-200k": "[" * 100_000 + "]" * 100_000,
        "backticks-200k": "`" * 200_000,
        "nul-and-controls": "".join(chr(i) for i in range(32)) * 50 + TEMPLATE,
        "nul-header": COMPLETE.replace("PEP: 9001", "PEP: 90\x0001"),
        "lone-surrogates": "\ud800 ## Abstract\n\udfff\n"
        + TEMPLATE.replace("Draft", "Dr\ud83daft"),
        "binary-junk": bytes(range(256)).decode("latin-1") * 40,
        "utf8-mojibake": COMPLETE.encode("utf-8").decode("latin-1"),
        "crlf-template": TEMPLATE.replace("\n", "\r\n"),
        "cr-template": TEMPLATE.replace("\n", "\r"),
        "form-feeds-and-separators": TEMPLATE.replace("\n\n", "\n\x0c\u2028\x85\n"),
        "headings-only": "".join(f"{'#' * (1 + i % 6)} H{i}\n" for i in range(2000)),
        "fences-only": "```\n" * 3001,
        "five-mb": five_mb,
    }


# --- LSP edits ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LspEdit:
    """A content change as a client sends it: UTF-16 line/character, possibly out of range."""

    start: tuple[int, int]
    end: tuple[int, int]
    text: str


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def line_texts(text: str) -> list[str]:
    return _LINE_BREAK.split(text)


@st.composite
def lsp_edit(draw: st.DrawFn, text: str, surrogates: bool = True) -> LspEdit:
    """An edit against `text`: mostly in range, sometimes past a line's end or the last line,
    sometimes between the halves of a surrogate pair, sometimes reversed."""
    lines = line_texts(text)

    def position() -> tuple[int, int]:
        line = draw(st.one_of(st.integers(0, len(lines) - 1), st.integers(0, len(lines) + 2)))
        width = utf16_len(lines[line]) if line < len(lines) else 0
        character = draw(st.one_of(st.integers(0, width), st.integers(0, width + 3)))
        return line, character

    start = position()
    if draw(st.booleans()):
        end = start
    elif draw(st.integers(0, 3)):
        end = position()
        if end < start and draw(st.integers(0, 5)):
            start, end = end, start
    else:
        end = (start[0] + draw(st.integers(0, 3)), draw(st.integers(0, 40)))
    new_text = draw(
        st.one_of(
            st.just(""),
            fragment(surrogates),
            st.sampled_from(["\n", "\r\n", "\r", "\n\n", "```\n", "## New\n", "😀"]),
        )
    )
    return LspEdit(start, end, new_text)


def apply_lsp_edit(text: str, edit: LspEdit) -> str:
    """The reference semantics of an LSP change, on the flat text, independent of pep-lsp.

    A line past the end means the end of the document; a character past the line's end means
    the line's end; a character between the halves of a surrogate pair snaps to the pair's
    start; a reversed range is read start-to-end.
    """
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
    content_ends = [m.start() for m in _LINE_BREAK.finditer(text)] + [len(text)]

    def offset(position: tuple[int, int]) -> int:
        line, character = position
        if line >= len(starts):
            return len(text)
        begin = starts[line]
        units = 0
        index = begin
        while index < content_ends[line]:
            width = 2 if ord(text[index]) > 0xFFFF else 1
            if units + width > character:
                break
            units += width
            index += 1
        return index

    a, b = sorted((offset(edit.start), offset(edit.end)))
    return text[:a] + edit.text + text[b:]
