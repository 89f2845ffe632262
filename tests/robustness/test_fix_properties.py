"""Property 3: quick fixes are honest.

For every Fix on every finding of generated PEP-shaped documents:
- its edits lie inside the document and do not overlap;
- applied through the LSP edge (UTF-16 TextEdits, last first, as a client applies a
  WorkspaceEdit) they give exactly the text the code-point edits give, and nothing outside
  the edited ranges changes;
- the change is the one its title names (a contract per title below; a title without a
  contract fails, so a new fix needs one here);
- the finding it fixes is gone and no new Error or Warning appears.

One allowance: a fix that inserts template text (the header block, a section skeleton)
inserts the template's instructions and placeholders with it, on purpose, and in a
document under review those are Warnings (L101-L104; the header's placeholders are H106
errors in every status). Leftover findings lying inside the inserted text are therefore not
counted as new; anything else is. A second one: a fix of
a header value or name makes that value readable to the rules that compare fields: a Status fix
sets the lifecycle stage (H201: the number may be blank only in a Draft; H106: only a Draft
may keep some placeholders, which L102 mentions until then), a date fix lets
H207 compare Created and Updated. What they then report was in the text all along.
A third: a rename of an unknown field makes its value visible to that field's checks
(`PE: Discusion` renamed to `PEP` is then an invalid number); findings on the renamed line
about the new field were in the text all along.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from pep_lsp.engine.check import check, check_model
from pep_lsp.findings import Edit, Finding, Fix, Severity
from pep_lsp.lsp.convert import to_text_edit
from pep_lsp.model.document import Document
from pep_lsp.model.model import Model
from pep_lsp.template import default_schema
from pep_lsp.text import Pos, Span, join_lines, split_lines
from tests.conftest import apply_edits
from tests.robustness.report import count, scaled
from tests.robustness.strategies import LspEdit, apply_lsp_edit, documents, pep_documents

SCHEMA = default_schema()


def span_text(model: Model, span: Span, endings: list[str]) -> str:
    lines = model.lines
    if span.start.line == span.end.line:
        return lines[span.start.line][span.start.col : span.end.col]
    parts = [lines[span.start.line][span.start.col :] + endings[span.start.line]]
    for line in range(span.start.line + 1, span.end.line):
        parts.append(lines[line] + endings[line])
    parts.append(lines[span.end.line][: span.end.col])
    return "".join(parts)


def _only_edit(fix: Fix) -> Edit:
    assert len(fix.edits) == 1, f"{fix.title!r}: expected one edit, got {fix.edits}"
    return fix.edits[0]


def _insertion(fix: Fix) -> Edit:
    edit = _only_edit(fix)
    assert edit.span.start == edit.span.end, (
        f"{fix.title!r} must only insert, but replaces {edit.span}"
    )
    return edit


Contract = Callable[[re.Match[str], Fix, Finding, Model, list[str]], None]


def _header_block(
    match: re.Match[str], fix: Fix, finding: Finding, model: Model, endings: list[str]
) -> None:
    edit = _insertion(fix)
    fence = SCHEMA.header_fence
    inserted = edit.new_text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    assert inserted[0] == fence and inserted[-1] == fence
    assert [line.partition(":")[0] for line in inserted[1:-1]] == [f.name for f in SCHEMA.fields]


def _add_field(
    match: re.Match[str], fix: Fix, finding: Finding, model: Model, endings: list[str]
) -> None:
    edit = _insertion(fix)
    assert edit.new_text.strip("\r\n").startswith(match.group(1) + ":")
    # Applied, the field is a line of the header block (not after its fence, not in prose).
    fixed = Document(apply_edits(join_lines(model.lines, endings), [edit]), SCHEMA).model
    assert fixed.header is not None and fixed.header.get(match.group(1)) is not None


def _delete_line(
    match: re.Match[str], fix: Fix, finding: Finding, model: Model, endings: list[str]
) -> None:
    edit = _only_edit(fix)
    assert edit.new_text == ""
    line = edit.span.start.line
    assert (
        edit.span == Span.on_line(line, 0, 0)._replace(end=edit.span.end)
        and edit.span.end.line == line + 1
        and edit.span.end.col == 0
    )
    assert model.lines[line].partition(":")[0].strip().casefold() == match.group(1).casefold()


def _replace_value(expected_old: Callable[[Finding, Model], str]) -> Contract:
    def contract(
        match: re.Match[str], fix: Fix, finding: Finding, model: Model, endings: list[str]
    ) -> None:
        edit = _only_edit(fix)
        assert edit.new_text == match.group(match.lastindex or 1)
        assert edit.span.start.line == edit.span.end.line
        assert span_text(model, edit.span, endings) == expected_old(finding, model)

    return contract


def _header_value(finding: Finding, model: Model) -> str:
    assert model.header is not None
    line = next(h for h in model.header.lines if h.value_span == finding.span)
    return line.value


def _insert_section(
    match: re.Match[str], fix: Fix, finding: Finding, model: Model, endings: list[str]
) -> None:
    edit = _insertion(fix)
    title = re.escape(match.group(1))
    assert re.search(
        rf"(?m)^#{{2,6}} {title}\r?$", edit.new_text.replace("\r\n", "\n").replace("\r", "\n")
    ), edit.new_text


INSERTS_TEMPLATE_TEXT = {_header_block, _insert_section, _add_field}

RENAME = re.compile(r"Rename to '(.+)'")


def _deleted(fix: Fix, model: Model, endings: list[str]) -> list[str]:
    """The whole lines a single deletion removes (it must start at a line start or a line end)."""
    edit = _only_edit(fix)
    assert edit.new_text == "", f"{fix.title!r} must only delete"
    removed = span_text(model, edit.span, endings)
    return [line for line in split_lines(removed)[0] if line.strip()]


def _suppress(
    match: re.Match[str], fix: Fix, finding: Finding, model: Model, endings: list[str]
) -> None:
    """The comment hides exactly the CODE findings on the lines its title names (the finding's
    line, or the block's 1-based `lines A-B`), and no other."""
    edit = _insertion(fix)
    assert edit.span.start.col == 0
    code = match.group(1)
    assert (
        edit.new_text.strip() == f"<!-- pep-lsp-disable-next-line {code} -->"
        and edit.new_text.endswith(model.eol)
    )
    assert code == finding.code
    first, last = (
        (int(match.group(3)) - 1, int(match.group(4)) - 1)
        if match.group(3)
        else (finding.span.start.line,) * 2
    )
    assert first <= finding.span.start.line <= last and edit.span.start.line == first
    text = join_lines(model.lines, endings)
    at = edit.span.start.line

    def where(findings: list[Finding], shift: int) -> Counter[tuple[int, int]]:
        return Counter(
            (f.span.start.line - (shift if f.span.start.line > at else 0), f.span.start.col)
            for f in findings
            if f.code == code
        )

    before = where(check(text), 0)
    after = where(check(apply_edits(text, list(fix.edits))), 1)
    assert after == Counter(
        {place: n for place, n in before.items() if not first <= place[0] <= last}
    ), fix.title


def _change_directive(
    match: re.Match[str], fix: Fix, finding: Finding, model: Model, endings: list[str]
) -> None:
    """A misspelt directive's name, and only it, becomes the valid one its title names."""
    edit = _only_edit(fix)
    assert edit.new_text == match.group(1) and finding.code == "D102"
    assert edit.span.start.line == edit.span.end.line == finding.span.start.line
    assert span_text(model, edit.span, endings).lower().startswith("pep-lsp")


def _suppress_file(
    match: re.Match[str], fix: Fix, finding: Finding, model: Model, endings: list[str]
) -> None:
    edit = _insertion(fix)
    assert edit.span.start == Pos(0, 0) and finding.document_level
    assert edit.new_text == f"<!-- pep-lsp-disable-file {match.group(1)} -->{model.eol}"
    assert match.group(1) == finding.code


def _remove_instructions(
    match: re.Match[str], fix: Fix, finding: Finding, model: Model, endings: list[str]
) -> None:
    removed = _deleted(fix, model, endings)
    assert removed == [
        model.lines[line]
        for line in range(finding.span.start.line, finding.span.end.line + 1)
        if model.lines[line].strip()
    ]


def _remove_section(
    match: re.Match[str], fix: Fix, finding: Finding, model: Model, endings: list[str]
) -> None:
    removed = _deleted(fix, model, endings)
    section = next(s for s in model.sections if s.heading.line == finding.span.start.line)
    assert section.title == match.group(1)
    assert removed == [
        line for line in model.lines[section.heading.line : section.end_line] if line.strip()
    ]


def _remove_directive(
    match: re.Match[str], fix: Fix, finding: Finding, model: Model, endings: list[str]
) -> None:
    removed = _deleted(fix, model, endings)
    assert removed and all("pep-lsp-" in line for line in removed), removed


def _move_section(
    match: re.Match[str], fix: Fix, finding: Finding, model: Model, endings: list[str]
) -> None:
    text = join_lines(model.lines, endings)
    fixed = apply_edits(text, list(fix.edits))
    # A move: the same non-blank lines, reordered, with the section now next to its anchor.
    assert sorted(line for line in split_lines(fixed)[0] if line.strip()) == sorted(
        line for line in model.lines if line.strip()
    )
    titles = [s.title for s in Document(fixed, SCHEMA).model.sections]
    moved, relation, anchor = match.group(1), match.group(2), match.group(3)
    assert (
        (titles.index(moved) > titles.index(anchor))
        if relation == "after"
        else (titles.index(moved) < titles.index(anchor))
    )


def _convert_header(
    match: re.Match[str], fix: Fix, finding: Finding, model: Model, endings: list[str]
) -> None:
    """Front matter or a `yaml` block becomes the template's header block in place: the same
    lines between the template's fences, each field's value kept."""
    edit = _only_edit(fix)
    found = model.header_lookalike
    assert (
        found is not None
        and edit.span.start == Pos(found.fence.start, 0)
        and edit.span.end.line == found.fence.end
    )
    converted = edit.new_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert (
        converted[0] == converted[-1] == SCHEMA.header_fence
        and len(converted) == len(found.lines) + 2
    )
    for line, new in zip(found.lines, converted[1:-1]):
        if line.name is not None:
            assert new.partition(":")[0].casefold() == line.name.casefold()
            assert new.partition(":")[2].strip() in line.value


CONTRACTS: list[tuple[re.Pattern[str], Contract]] = [
    (
        re.compile(
            r"Convert the (?:YAML front matter|'\S+' code block) to the template's header block"
        ),
        _convert_header,
    ),
    (re.compile(r"Insert the template's header block"), _header_block),
    (re.compile(r"Add header field '(.+)'"), _add_field),
    (RENAME, _replace_value(lambda f, m: f.subject)),
    (re.compile(r"Delete the repeated '(.+)' line"), _delete_line),
    (re.compile(r"Replace with '(.+)'"), _replace_value(_header_value)),
    (re.compile(r"Convert to '(.+)'"), _replace_value(_header_value)),
    (re.compile(r"Set \S+ to today \((.+)\)"), _replace_value(_header_value)),
    (re.compile(r"Insert missing section '(.+)'"), _insert_section),
    (
        re.compile(
            r"Suppress (\S+) (on this line|in (?:the header block|this code block|this table|this list|this paragraph|this block) \(lines (\d+)-(\d+)\))"
        ),
        _suppress,
    ),
    (re.compile(r"Suppress (\S+) in this file"), _suppress_file),
    (re.compile(r"Change to '(pep-lsp-[a-z-]+)'"), _change_directive),
    (re.compile(r"Remove this instruction text"), _remove_instructions),
    (re.compile(r"Remove the '(.+)' section"), _remove_section),
    (re.compile(r"Remove the unused suppression comment"), _remove_directive),
    (re.compile(r"Move section '(.+)' (after|before) '(.+)'"), _move_section),
]


def check_edits_inside_and_disjoint(fix: Fix, lines: list[str]) -> None:
    previous_end = None
    for edit in sorted(fix.edits, key=lambda e: e.span.start):
        for pos in edit.span:
            assert 0 <= pos.line < len(lines) and 0 <= pos.col <= len(lines[pos.line]), (
                f"{fix.title!r}: {pos} outside the document"
            )
        assert edit.span.start <= edit.span.end
        assert previous_end is None or previous_end <= edit.span.start, (
            f"{fix.title!r}: overlapping edits"
        )
        previous_end = edit.span.end


def apply_through_lsp(text: str, fix: Fix, lines: list[str]) -> str:
    """Apply the fix as a client does: UTF-16 TextEdits, from the last to the first."""
    text_edits = [to_text_edit(lines, edit, "utf-16") for edit in fix.edits]
    for text_edit in sorted(
        text_edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        start, end = text_edit.range.start, text_edit.range.end
        text = apply_lsp_edit(
            text,
            LspEdit((start.line, start.character), (end.line, end.character), text_edit.new_text),
        )
    return text


CROSS_FIELD = {"H201", "H106", "H207"}
"""Rules that read one header field to judge another."""


def new_serious(after: list[Finding], before: list[Finding]) -> Counter[tuple[str, str]]:
    """Errors and Warnings after the fix that were not there before at any severity.

    A finding whose severity rose (fixing `Statu:` to `Status: Final` ends the draft's
    leniency) is the same finding, not a new one.
    """
    serious_after = Counter((f.code, f.subject) for f in after if f.severity <= Severity.WARNING)
    any_before = Counter((f.code, f.subject) for f in before)
    return Counter(
        {key: n - any_before[key] for key, n in serious_after.items() if n > any_before[key]}
    )


def inserted_span(edit: Edit) -> Span:
    """Where an insertion's text lies after it is applied."""
    lines, _ = split_lines(edit.new_text)
    start = edit.span.start
    end_col = (start.col if len(lines) == 1 else 0) + len(lines[-1])
    return Span(start, Pos(start.line + len(lines) - 1, end_col))


def is_inserted_leftover(finding: Finding, inserted: Span | None) -> bool:
    leftover = finding.code.startswith("L1") or finding.code == "H106"  # H106: a header placeholder
    return (
        inserted is not None
        and leftover
        and inserted.start <= finding.span.start
        and finding.span.end <= inserted.end
    )


def check_fix(
    text: str, document: Document, finding: Finding, fix: Fix, before: list[Finding]
) -> None:
    model = document.model
    check_edits_inside_and_disjoint(fix, model.lines)
    contract = next(
        ((p.fullmatch(fix.title), c) for p, c in CONTRACTS if p.fullmatch(fix.title)), None
    )
    assert contract is not None, (
        f"no contract for the fix title {fix.title!r} ({finding.code}): add one to CONTRACTS"
    )
    contract[1](contract[0], fix, finding, model, document.endings)
    inserted = inserted_span(fix.edits[0]) if contract[1] in INSERTS_TEMPLATE_TEXT else None

    fixed = apply_edits(text, list(fix.edits))
    assert apply_through_lsp(text, fix, model.lines) == fixed
    # Outside the edits, the text is untouched: walk the gaps between edits.
    edits = sorted(fix.edits, key=lambda e: e.span.start)
    offsets = [0]
    for line, ending in zip(document.lines, document.endings):
        offsets.append(offsets[-1] + len(line) + len(ending))
    cursor, new_cursor = 0, 0
    for edit in edits:
        start = offsets[edit.span.start.line] + edit.span.start.col
        end = offsets[edit.span.end.line] + edit.span.end.col
        gap = text[cursor:start]
        assert fixed[new_cursor : new_cursor + len(gap)] == gap
        new_cursor += len(gap)
        assert fixed[new_cursor : new_cursor + len(edit.new_text)] == edit.new_text
        new_cursor += len(edit.new_text)
        cursor = end
    assert fixed[new_cursor:] == text[cursor:]

    after = check(fixed)
    same = [f for f in after if (f.code, f.subject) == (finding.code, finding.subject)]
    was = [f for f in before if (f.code, f.subject) == (finding.code, finding.subject)]
    assert len(same) < len(was), f"{fix.title!r} left {finding.code} {finding.message!r} in place"
    fixes_a_value = model.header is not None and any(
        fix.edits[0].span in (line.value_span, line.name_span) for line in model.header.lines
    )
    renamed = match.group(1) if (match := RENAME.fullmatch(fix.title)) else None
    # Instructions are not content: once the only thing under a heading is removed, the
    # section is truly empty, and S104 says so (found by this property).
    emptied = (
        model.section_at(finding.span.start.line)
        if fix.title == "Remove this instruction text"
        else None
    )
    new = new_serious(
        [
            f
            for f in after
            if not is_inserted_leftover(f, inserted)
            and not (fixes_a_value and f.code in CROSS_FIELD)
            and not (
                renamed
                and f.subject == renamed
                and f.span.start.line == fix.edits[0].span.start.line
            )
            and not (emptied is not None and f.code == "S104" and f.subject == emptied.title)
        ],
        before,
    )
    assert not new, f"{fix.title!r} introduced {sorted(new)}"


OTHER_FIXES_PER_DOCUMENT = 4
"""Each check of a fix re-analyses the fixed text. Header fixes are few and all checked; the
others (a section insertion or removal per section, a suppression per finding) are many
and alike, so a sample of them keeps the budget."""


@settings(max_examples=scaled(250))
@given(text=st.one_of(pep_documents(), pep_documents(), documents(max_pieces=20)), data=st.data())
def test_every_fix_changes_only_what_its_title_says(text: str, data: st.DataObject) -> None:
    document = Document(text, SCHEMA)
    before = check_model(document.model)
    every = [(finding, fix) for finding in before for fix in finding.fixes]
    pairs = [
        (finding, fix)
        for finding, fix in every
        if finding.code.startswith("H") and not fix.last_resort
    ]
    others = [pair for pair in every if pair not in pairs]
    if len(others) > OTHER_FIXES_PER_DOCUMENT:
        others = data.draw(st.permutations(others), label="other fixes")[:OTHER_FIXES_PER_DOCUMENT]
    pairs += others
    count("P3 generated documents")
    for finding, fix in pairs:
        check_fix(text, document, finding, fix, before)
        count(f"P3 fixes checked: {finding.code}")


def test_every_core_fix_title_has_a_contract() -> None:
    titles = [
        "Insert the template's header block",
        "Add header field 'Version'",
        "Rename to 'Status'",
        "Delete the repeated 'Status' line",
        "Replace with 'Draft'",
        "Convert to '14-09-2026'",
        "Set Updated to today (14-09-2026)",
        "Insert missing section 'Rationale'",
        "Suppress L101 on this line",
        "Suppress H206 in the header block (lines 3-11)",
        "Suppress L102 in this list (lines 40-43)",
        "Change to 'pep-lsp-disable'",
        "Remove this instruction text",
        "Remove the 'Author Instructions' section",
        "Remove the unused suppression comment",
        "Move section 'Motivation' after 'Abstract'",
        "Convert the YAML front matter to the template's header block",
        "Convert the 'yaml' code block to the template's header block",
    ]
    assert [sum(bool(p.fullmatch(t)) for p, _ in CONTRACTS) for t in titles] == [1] * len(titles)
