"""Code actions: the fixes findings carry, plus document-wide actions built from them.

- Quick fixes: every `Fix` of every finding the request concerns (`concerned`): whose span
  touches the requested range, that is on one of the range's lines, or that the client
  names in the request's context. Neovim asks with the cursor (often at column 0) and the
  line's diagnostics; the fixes of a finding further along the line are still wanted. Each
  fix is named with the finding(s) it resolves; the same fix offered by several findings is
  one action naming all of them. Preferred fixes come first, suppressions last (after
  fix-all, when the client asks for every kind).
- Document-wide actions: insert all missing sections of the first priority level
  ("Essential"), insert all missing sections, remove all instruction text, remove the
  Author Instructions section. They are quick fixes when the range touches a finding they
  resolve (and they do more than a quick fix already listed), and `source.pep-lsp.*`
  actions when the client asks for source actions.
- `source.fixAll.pep-lsp`: the safe fixes of the document at once, chosen as `check --fix`
  chooses them (`pep_lsp.engine.fix_all`, one pass).

Fixes are found by their `Fix.kind`, never by rule code or title.

Edits of one action never overlap: fixes whose edits would collide with those already taken
are left for a second run, as linters' fix-all does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from pep_lsp.edits import insert_block, merge_edits
from pep_lsp.engine.fix_all import safe_fix_edits
from pep_lsp.features import FIX_ALL, SOURCE_PREFIX
from pep_lsp.findings import Edit, Finding, Fix, FixKind
from pep_lsp.model.model import Model
from pep_lsp.model.placement import placement, required_sections, sections_by_spec
from pep_lsp.template import SectionSpec
from pep_lsp.text import Span

QUICKFIX = "quickfix"

INSERT_ALL_SECTIONS = "Insert all missing sections"
REMOVE_ALL_INSTRUCTIONS = "Remove all instruction text"
FIX_ALL_TITLE = "Apply all safe fixes"


@dataclass(frozen=True)
class Action:
    title: str
    kind: str
    edits: tuple[Edit, ...]
    diagnostics: tuple[Finding, ...]
    preferred: bool = False


def code_actions(
    model: Model,
    findings: Sequence[Finding],
    span: Span,
    only: Sequence[str] | None = None,
    asked: Sequence[tuple[str, Span]] = (),
) -> list[Action]:
    """The actions for a range, filtered by the kinds the client asked for (`only`); `asked`
    holds the (code, span) of each diagnostic in the request's context."""
    actions: list[Action] = []
    suppressions: list[Action] = []
    if wanted(only, QUICKFIX):
        here = concerned(findings, span, asked)
        fixes = quick_fixes(here)
        fixes.sort(key=lambda action: not action.preferred)  # stable: finding order otherwise
        actions.extend(fixes)
        listed = {action.edits for action in actions}
        chosen = set(map(id, here))
        for action in document_actions(model, findings):
            if action.edits not in listed and any(id(f) in chosen for f in action.diagnostics):
                actions.append(replace(action, kind=QUICKFIX))
                listed.add(action.edits)
        suppressions = [a for a in quick_fixes(here, last_resort=True) if a.edits not in listed]
    if only is not None:
        actions.extend(
            action for action in document_actions(model, findings) if wanted(only, action.kind)
        )
    if wanted(only, FIX_ALL):
        everything = fix_all(findings)
        if everything is not None:
            actions.append(everything)
    if wanted(only, QUICKFIX):
        # Last of all, even after fix-all: a client that shows every kind in one list (Neovim)
        # offers hiding a finding only once everything that fixes one has been listed.
        actions.extend(suppressions)
    return actions


def wanted(only: Sequence[str] | None, kind: str) -> bool:
    """LSP kinds are hierarchical: asking for `source` includes `source.fixAll.pep-lsp`."""
    if only is None:
        return True
    return any(kind == asked or kind.startswith(asked + ".") for asked in only if asked)


def touches(finding: Span, requested: Span) -> bool:
    """Overlap, ends included: a cursor right after a diagnostic still gets its fix."""
    return finding.start <= requested.end and requested.start <= finding.end


def lines_of(span: Span) -> range:
    """The lines a range is on; a range ending at column 0 of a later line stops before it
    (a whole-line selection ends there)."""
    last = (
        span.end.line - 1
        if span.end.col == 0 and span.end.line > span.start.line
        else span.end.line
    )
    return range(span.start.line, last + 1)


def concerned(
    findings: Iterable[Finding], span: Span, asked: Sequence[tuple[str, Span]] = ()
) -> list[Finding]:
    """The findings a request is about, in document order: those touching the range, those on
    the cursor's line when the range is a cursor (Neovim asks at column 0 of a line), and those
    the client names in the context (matched by code and range, or by code and start line when
    the client's copy is from an older version of the line). A selection keeps to itself: the
    fix of a word is not offered for another word of the same line."""
    lines = lines_of(span) if span.start == span.end else range(0)
    findings = list(findings)
    present = {(finding.code, finding.span) for finding in findings}
    exact = set(asked)
    # Only a diagnostic that matches no finding exactly is looked for by its line (a stale copy).
    by_line = {(code, where.start.line) for code, where in asked if (code, where) not in present}
    return [
        finding
        for finding in findings
        if touches(finding.span, span)
        or (finding.span.start.line < lines.stop and lines.start <= finding.span.end.line)
        or (finding.code, finding.span) in exact
        or (finding.code, finding.span.start.line) in by_line
    ]


def quick_fixes(findings: Iterable[Finding], last_resort: bool = False) -> list[Action]:
    """Each fix of each finding, identical fixes merged into one action; the fixes that only
    hide a finding (suppressions) when `last_resort`, the others otherwise."""
    grouped: dict[tuple[str, tuple[Edit, ...]], tuple[Fix, list[Finding]]] = {}
    for finding in findings:
        for fix in finding.fixes:
            if fix.last_resort != last_resort:
                continue
            grouped.setdefault((fix.title, fix.edits), (fix, []))[1].append(finding)
    return [
        Action(fix.title, QUICKFIX, fix.edits, tuple(fixed), fix.preferred)
        for fix, fixed in grouped.values()
    ]


def fix_all(findings: Iterable[Finding]) -> Action | None:
    """The safe fixes (value corrections only) as `check --fix` chooses them, as one edit."""
    edits, fixed = safe_fix_edits(findings)
    if not fixed:
        return None
    return Action(FIX_ALL_TITLE, FIX_ALL, edits, fixed)


def document_actions(model: Model, findings: Sequence[Finding]) -> list[Action]:
    """Actions over the whole document, each naming every finding it resolves."""
    actions: list[Action] = []
    missing = _missing_sections(model, findings)
    if missing:
        levels = list(
            dict.fromkeys(spec.priority for spec in model.schema.sections if spec.priority)
        )
        if levels:
            top = [(spec, found) for spec, found in missing if spec.priority == levels[0]]
            if top and len(top) < len(missing):
                actions.append(
                    _insert_sections(
                        model,
                        top,
                        f"Insert all missing {levels[0].title()} sections",
                        "insertMissing" + levels[0].title(),
                    )
                )
        actions.append(_insert_sections(model, missing, INSERT_ALL_SECTIONS, "insertAllMissing"))
    instructions = [
        (f, fix) for f in findings for fix in f.fixes if fix.kind is FixKind.REMOVE_INSTRUCTIONS
    ]
    combined = combine(instructions)
    if combined is not None:
        actions.append(
            Action(REMOVE_ALL_INSTRUCTIONS, f"{SOURCE_PREFIX}.removeInstructions", *combined)
        )
    for finding in findings:
        for fix in finding.fixes:
            if fix.kind is FixKind.REMOVE_AUTHOR_INSTRUCTIONS:
                actions.append(
                    Action(
                        fix.title,
                        f"{SOURCE_PREFIX}.removeAuthorInstructions",
                        fix.edits,
                        (finding,),
                    )
                )
    return actions


def _missing_sections(
    model: Model, findings: Sequence[Finding]
) -> list[tuple[SectionSpec, Finding]]:
    """Missing template sections that a finding offering to insert them reports, in template
    order."""
    reported = {
        f.subject: f for f in findings if any(fix.kind is FixKind.INSERT_SECTION for fix in f.fixes)
    }
    present = sections_by_spec(model)
    found = []
    for spec in required_sections(model.schema):
        if spec in present or (spec.parent is not None and spec.parent not in present):
            continue
        if spec.title in reported:
            found.append((spec, reported[spec.title]))
    return found


def _insert_sections(
    model: Model, missing: list[tuple[SectionSpec, Finding]], title: str, name: str
) -> Action:
    """One insertion per place: sections that go to the same place are joined in template order."""
    present = sections_by_spec(model)
    places: dict[int, list[SectionSpec]] = {}
    for spec, _ in missing:
        before, _, _ = placement(model, spec, present)
        places.setdefault(before, []).append(spec)
    edits = tuple(
        insert_block(
            model.lines,
            before,
            "\n\n".join(s.skeleton for s in sorted(specs, key=lambda s: s.order)),
            model.eol,
        )
        for before, specs in sorted(places.items())
    )
    return Action(title, f"{SOURCE_PREFIX}.{name}", edits, tuple(finding for _, finding in missing))


def combine(
    pairs: Iterable[tuple[Finding, Fix]],
) -> tuple[tuple[Edit, ...], tuple[Finding, ...]] | None:
    """The edits of many fixes as one non-overlapping list, and the findings they resolve.

    A fix whose edits would overlap those already taken is skipped whole (never applied by
    halves); overlapping deletions simply merge. None when no fix could be taken.
    """
    taken: list[Edit] = []
    fixed: list[Finding] = []
    for finding, fix in pairs:
        if all(edit in taken for edit in fix.edits):
            if fix.edits:
                fixed.append(finding)
            continue
        merged = merge_edits([*taken, *fix.edits])
        if merged is None:
            continue
        taken = merged
        fixed.append(finding)
    if not fixed:
        return None
    return tuple(taken), tuple(dict.fromkeys(fixed))
