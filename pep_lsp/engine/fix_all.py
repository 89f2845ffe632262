"""The one safe-fix policy: what `pep-lsp check --fix` writes and what the editor's "Apply all
safe fixes" (`source.fixAll.pep-lsp`) does, and writing files atomically.

Only `Fix.safe` fixes are applied: they correct a value in place (a misspelt Status, a date in
the wrong format) and never add or remove prose. As a second guard, a fix whose edits span or
insert a line break is never applied here, whatever it claims. Of each finding the first such
fix is taken, in document order, skipping one whose edits would overlap those already taken (it
is picked up on the next pass, against the new text). The editor applies one pass; `--fix`
repeats passes until nothing is left to fix.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from pep_lsp.edits import apply_edits, merge_edits
from pep_lsp.engine.check import Settings, check
from pep_lsp.findings import AppliedFix, Edit, Finding, Fix

MAX_PASSES = 5  # a fix can make another finding (and its fix) appear; stop well before a loop


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


def choose_fixes(findings: Iterable[Finding]) -> list[tuple[Finding, Fix]]:
    """The first value fix of each finding, in document order, skipping any whose edits overlap
    those already chosen (`merge_edits` refuses them); the same fix offered by two findings is
    chosen for both."""
    chosen: list[tuple[Finding, Fix]] = []
    taken: list[Edit] = []
    for finding in sorted(findings, key=lambda f: f.sort_key):
        fix = next((f for f in finding.fixes if is_value_fix(f)), None)
        if fix is None:
            continue
        if all(edit in taken for edit in fix.edits):
            chosen.append((finding, fix))
            continue
        merged = merge_edits([*taken, *fix.edits])
        if merged is None:
            continue
        taken.extend(fix.edits)
        chosen.append((finding, fix))
    return chosen


def safe_fix_edits(findings: Iterable[Finding]) -> tuple[tuple[Edit, ...], tuple[Finding, ...]]:
    """One pass of the policy as one non-overlapping list of edits, and the findings it fixes."""
    chosen = choose_fixes(findings)
    edits = merge_edits([edit for _, fix in chosen for edit in fix.edits]) or []
    return tuple(edits), tuple(dict.fromkeys(finding for finding, _ in chosen))


def fix_text(text: str, settings: Settings, claimed: bool = False) -> tuple[str, list[AppliedFix]]:
    """The text with every applicable safe fix applied, and what was applied (positions in the
    text as it was when each fix was chosen)."""
    applied: list[AppliedFix] = []
    for _ in range(MAX_PASSES):
        findings = check(text, settings, claimed=claimed)
        chosen = choose_fixes(findings)
        if not chosen:
            break
        text = apply_edits(text, safe_fix_edits(findings)[0])
        applied.extend(
            AppliedFix(finding.code, fix.title, finding.span.start) for finding, fix in chosen
        )
    return text, applied


def write_atomically(path: Path, text: str, bom: bool = False) -> None:
    """Write to a temporary file beside `path`, then rename over it: a reader never sees half a
    file, and an interrupted run leaves the original. Line endings (and a byte-order mark, when
    the file had one) are written as they were."""
    import tempfile  # only `--fix` writes: not loaded by every `check`

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
