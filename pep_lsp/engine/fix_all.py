"""`pep-lsp check --fix`: apply the safe fixes to a text, and write files atomically.

Only `Fix.safe` fixes are applied: they correct a value in place (a misspelt Status, a date in
the wrong format) and never add or remove prose. As a second guard, a fix whose edits span or
insert a line break is never applied here, whatever it claims.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pep_lsp.engine.check import Settings, check
from pep_lsp.findings import Edit, Finding, Fix
from pep_lsp.text import Pos, split_lines

MAX_PASSES = 5  # a fix can make another finding (and its fix) appear; stop well before a loop


@dataclass(frozen=True)
class AppliedFix:
    """A safe fix `--fix` wrote to a file: which finding, where (before the fix), what."""

    code: str
    title: str
    start: Pos


def is_value_fix(fix: Fix) -> bool:
    """Safe, and every edit stays on one line and inserts no line break."""
    return (
        fix.safe
        and bool(fix.edits)
        and all(
            edit.span.start.line == edit.span.end.line
            and "\n" not in edit.new_text
            and "\r" not in edit.new_text
            for edit in fix.edits
        )
    )


def _overlaps(edit: Edit, taken: Sequence[Edit]) -> bool:
    for other in taken:
        if edit.span.start < other.span.end and other.span.start < edit.span.end:
            return True
        if (
            edit.span.start == other.span.start
        ):  # two inserts, or an insert at a replacement's start
            return True
    return False


def choose_fixes(findings: Iterable[Finding]) -> list[tuple[Finding, Fix]]:
    """The first value fix of each finding, in document order, skipping any that overlaps one
    already chosen (it is picked up on the next pass, against the new text)."""
    chosen: list[tuple[Finding, Fix]] = []
    taken: list[Edit] = []
    for finding in findings:
        fix = next((f for f in finding.fixes if is_value_fix(f)), None)
        if fix is None or any(_overlaps(edit, taken) for edit in fix.edits):
            continue
        chosen.append((finding, fix))
        taken.extend(fix.edits)
    return chosen


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping code-point edits, last first so earlier positions hold."""
    lines, endings = split_lines(text)
    offsets = [0]
    for line, ending in zip(lines, endings):
        offsets.append(offsets[-1] + len(line) + len(ending))

    def offset(pos: Pos) -> int:
        line = min(pos.line, len(lines) - 1)
        return offsets[line] + min(pos.col, len(lines[line]))

    for edit in sorted(edits, key=lambda e: e.span.start, reverse=True):
        text = text[: offset(edit.span.start)] + edit.new_text + text[offset(edit.span.end) :]
    return text


def fix_text(text: str, settings: Settings, claimed: bool = False) -> tuple[str, list[AppliedFix]]:
    """The text with every applicable safe fix applied, and what was applied (positions in the
    text as it was when each fix was chosen)."""
    applied: list[AppliedFix] = []
    for _ in range(MAX_PASSES):
        chosen = choose_fixes(check(text, settings, claimed=claimed))
        if not chosen:
            break
        text = apply_edits(text, [edit for _, fix in chosen for edit in fix.edits])
        applied.extend(
            AppliedFix(finding.code, fix.title, finding.span.start) for finding, fix in chosen
        )
    return text, applied


def write_atomically(path: Path, text: str, bom: bool = False) -> None:
    """Write to a temporary file beside `path`, then rename over it: a reader never sees half a
    file, and an interrupted run leaves the original. Line endings (and a byte-order mark, when
    the file had one) are written as they were."""
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".pep-lsp-tmp", dir=path.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
        try:
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        except OSError:
            pass
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
