"""What a rule fixture (`tests/rules/<CODE>.md`, exact findings of one code on one text with
default settings or `options`) cannot hold: fixes applied and compared as whole text, every
code's findings at once, other settings (`severities`, `statuses`), another schema, and
workspaces of full proposals built in `tmp_path`."""

from __future__ import annotations

import datetime

from pep_lsp.engine.check import Settings, check
from pep_lsp.findings import Severity
from pep_lsp.template import default_schema
from pep_lsp.text import Span
from tests.conftest import apply_edits

HEADER = """# PEP 9100: Tidy logs

```
PEP: 9100
Title: Tidy logs
Author: Ada Lovelace <ada@corp.test>, Charles Babbage <cb@corp.test>
Status: Discussion
Type: Standard
Created: 01-09-2026
Updated: 02-09-2026
Version: 1.0
```
"""


def clean_pep(header: str = HEADER) -> str:
    """A PEP with every required section and subsection of the template, each with prose."""
    parts = [header]
    for spec in default_schema().checked_sections:
        if spec.level > 3 or spec.has_placeholder_title:
            continue
        parts.append(
            f"{'#' * spec.level} {spec.title}\n\nWe describe {spec.title.lower()} here in plain words.\n"
        )
    return "\n".join(parts)


CLEAN = clean_pep()


def findings(text: str, code: str, **settings) -> list[tuple[str, Span, Severity]]:
    return [
        (f.message, f.span, f.severity) for f in check(text, Settings(**settings)) if f.code == code
    ]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n")) if needle in line)


def test_the_clean_document_has_no_findings() -> None:
    assert [(f.code, f.message) for f in check(CLEAN)] == []


# --- header ----------------------------------------------------------------------------


def test_h100_not_a_pep_at_all_gets_nothing() -> None:
    assert check("# Notes\n\n## Abstract\n\nOnly one template section.\n") == []


FRONT_MATTER = """---
PEP: 9100
title: "Tidy logs"
Author: Ada Lovelace <ada@corp.test>, Charles Babbage <cb@corp.test>
status: Discussion
Type: Standard  # the kind
Created: 01-09-2026
Updated: 02-09-2026
Version: 1.0
---

# PEP 9100: Tidy logs
"""
CONVERTED = """```
PEP: 9100
Title: Tidy logs
Author: Ada Lovelace <ada@corp.test>, Charles Babbage <cb@corp.test>
Status: Discussion
Type: Standard
Created: 01-09-2026
Updated: 02-09-2026
Version: 1.0
```"""


def test_h100_front_matter_is_named_and_converted_in_place() -> None:
    from pep_lsp.edits import apply_edits

    text = CLEAN.replace(HEADER, FRONT_MATTER)
    [h100] = [f for f in check(text) if f.code == "H100"]
    assert (h100.message, h100.span) == (
        "Missing header block: found YAML front matter (lines 1-10) where the template's fenced block of "
        "'Field: value' lines belongs; write it in that form",
        Span.on_line(0, 0, 3),
    )
    convert = h100.fixes[0]
    assert convert.title == "Convert the YAML front matter to the template's header block"
    fixed = apply_edits(text, convert.edits)
    assert fixed == text.replace(FRONT_MATTER.split("\n\n")[0], CONVERTED)
    assert check(fixed) == []  # one header, the values kept: nothing left to say


def test_h100_a_yaml_fence_where_the_header_belongs_is_named_and_converted() -> None:
    from pep_lsp.edits import apply_edits

    block = "```yaml\n" + FRONT_MATTER.split("---\n")[1] + "```"
    text = CLEAN.replace(HEADER, "# PEP 9100: Tidy logs\n\n" + block + "\n")
    [h100] = [f for f in check(text) if f.code == "H100"]
    assert (h100.message, h100.span, h100.fixes[0].title) == (
        "Missing header block: found a 'yaml' code block (lines 3-12) where the template's fenced block of "
        "'Field: value' lines belongs; write it in that form",
        Span.on_line(2, 0, 7),
        "Convert the 'yaml' code block to the template's header block",
    )
    assert apply_edits(text, h100.fixes[0].edits) == text.replace(block, CONVERTED)


def test_h100_front_matter_is_not_a_heading_in_the_outline() -> None:
    from pep_lsp.features.symbols import document_symbols
    from pep_lsp.model.document import Document
    from pep_lsp.template import default_schema

    model = Document(CLEAN.replace(HEADER, FRONT_MATTER), default_schema()).model
    assert model.title_heading is not None and model.title_heading.line == 11
    [title] = document_symbols(model)  # the title holds the sections; the front matter is no symbol
    assert title.name == "PEP 9100: Tidy logs"
    assert [s.name for s in title.children][:2] == ["Abstract", "Motivation"]


def test_h106_the_untouched_template_as_a_draft_has_header_errors() -> None:
    from tests.conftest import template_text

    errors = [f for f in check(template_text()) if f.severity <= Severity.WARNING]
    assert [(f.code, f.subject) for f in errors] == [
        ("H106", "Title"),
        ("H106", "Author"),
        ("H106", "Type"),
        ("H106", "Created"),
    ]


# --- header values ------------------------------------------------------------------------


def test_h205_fixes_replace_the_value_safely_or_suppress() -> None:
    text = CLEAN.replace("Type: Standard", "Type: Standrad")
    found = check(text)
    [finding] = [f for f in found if f.code == "H205"]
    assert (finding.message, finding.span) == (
        "Type 'Standrad' is not one of Standard, Informational, Process; did you mean 'Standard'?",
        Span.on_line(7, 6, 14),
    )
    assert [(fix.title, fix.safe) for fix in finding.fixes] == [
        ("Replace with 'Standard'", True),
        ("Suppress H205 in the header block (lines 3-12)", False),
    ]


def test_h207_fix_sets_updated_to_today() -> None:
    text = CLEAN.replace("Updated: 02-09-2026", "Updated: 31-08-2026")
    [finding] = [f for f in check(text) if f.code == "H207"]
    today = datetime.date.today().strftime("%d-%m-%Y")
    assert finding.fixes[0].title == f"Set Updated to today ({today})"


# --- sections ---------------------------------------------------------------------------


def _without_section(text: str, title: str) -> str:
    block = f"## {title}\n\nWe describe {title.lower()} here in plain words.\n\n"
    assert block in text
    return text.replace(block, "")


def test_s101_fix_inserts_the_skeleton_with_one_blank_line_around() -> None:
    from tests.conftest import apply_edits

    text = _without_section(CLEAN, "Rationale")
    [finding] = [f for f in check(text) if f.code == "S101"]
    fix, _suppress = finding.fixes
    fixed = apply_edits(text, list(fix.edits))
    skeleton = next(s for s in default_schema().top_sections if s.title == "Rationale").skeleton
    motivation_end = text.index("## Specification")
    assert fixed == text[:motivation_end] + skeleton + "\n\n" + text[motivation_end:]
    assert [f.code for f in check(fixed) if f.code == "S101"] == []


def test_s105_one_unclosed_fence_is_one_finding_where_it_is() -> None:
    """Issue 12 item 7: the fence is reported on its line, with how many headings it hides,
    and the sections it hides are not reported as missing."""
    accepted = CLEAN.replace("Status: Discussion", "Status: Accepted")
    text = accepted.replace(
        "We describe specification here in plain words.",
        "We describe specification here:\n\n```python\nconfigure(cache=True)\n",
    )
    line = line_of(text, "```python")
    overview = line_of(text, "### Overview")
    [finding] = check(text)
    assert (finding.code, finding.message, finding.span, finding.severity) == (
        "S105",
        f"Code fence never closed: it hides 34 section headings, from '### Overview' on line {overview + 1}; close it with ```",
        Span.on_line(line, 0, 9),
        Severity.ERROR,
    )
    fix = finding.fixes[0]
    assert fix.title == "Close the code block before '### Overview'"
    fixed = apply_edits(text, list(fix.edits))
    assert fixed == text.replace("configure(cache=True)\n", "configure(cache=True)\n```\n")
    assert check(fixed) == []
    draft = text.replace("Status: Accepted", "Status: Draft")
    assert [(f.code, f.severity) for f in check(draft)] == [("S105", Severity.WARNING)]


def test_s105_sections_really_missing_are_still_reported() -> None:
    text = CLEAN.replace("We describe specification here in plain words.", "```\nstray\n").replace(
        "## Implementation\n", ""
    )
    assert [(f.code, f.message) for f in check(text)] == [
        ("S101", "Missing essential section 'Implementation' (it belongs after 'Specification')"),
        (
            "S105",
            f"Code fence never closed: it hides 33 section headings, from '### Overview' on line {line_of(text, '### Overview') + 1}; close it with ```",
        ),
    ]


def test_s105_a_stray_fence_paired_with_a_later_block_is_the_one_finding() -> None:
    """A stray fence closes at the next bare fence: the blocks after it pair wrongly."""
    later = "We describe timeline here in plain words."
    text = CLEAN.replace("## Implementation\n", "```\n\n## Implementation\n").replace(
        later, "```sh\nmake\n```\n\nMore.\n\n```sh\nmake test\n```"
    )
    implementation = line_of(text, "## Implementation")
    stray = implementation - 2
    closing = text.split("\n").index("make") + 1
    assert [(f.code, f.message, f.span) for f in check(text)] == [
        (
            "S105",
            f"Code fence runs to line {closing + 1} and hides 22 section headings, from '## Implementation' on line {implementation + 1}: close it before them, or delete it if it is stray",
            Span.on_line(stray, 0, 3),
        ),
    ]


# --- leftovers ------------------------------------------------------------------------


def test_l105_nothing_inside_the_author_instructions_is_reported() -> None:
    text = (
        CLEAN
        + "\n## Author Instructions\n\n**Before submitting this PEP:**\n\n- [ ] Remove all instruction text (text in *italics*)\n- [Date] stays silent here\n"
    )
    line = line_of(text, "## Author Instructions")  # L105 there: tests/rules/L105.md
    assert [f.code for f in check(text) if f.span.start.line > line] == []


# --- suppression comments (the forms themselves: tests/test_suppression.py) -------------


def test_d101_fix_removes_the_comment() -> None:
    text = CLEAN.replace("## Abstract\n", "<!-- pep-lsp-disable-next-line H205 -->\n## Abstract\n")
    [finding] = [f for f in check(text) if f.code == "D101"]
    assert [fix.title for fix in finding.fixes] == ["Remove the unused suppression comment"]


# --- cross-file (a workspace of proposals in tmp_path) --------------------------------------


def workspace_findings(
    folder, name: str, code: str, **settings
) -> list[tuple[str, Span, Severity]]:
    """Findings of one file of a folder, with the folder indexed as `pep-lsp check` does."""
    from pep_lsp.config import workspace_for_check

    view = workspace_for_check([str(folder)])
    path = folder / name
    text = path.read_text(encoding="utf-8")
    return [
        (f.message, f.span, f.severity)
        for f in check(text, Settings(**settings), workspace=view(path, text))
        if f.code == code
    ]


def proposal(number: int | str, title: str, body: str = "") -> str:
    header = HEADER.replace("9100", str(number)).replace("Tidy logs", title)
    return clean_pep(header) + body


def test_x101_duplicate_number(tmp_path) -> None:
    (tmp_path / "pep-0012-a.md").write_text(proposal(12, "Caching"), encoding="utf-8")
    (tmp_path / "pep-0012-b.md").write_text(proposal(12, "Logging"), encoding="utf-8")
    (tmp_path / "pep-0013.md").write_text(proposal(13, "Metrics"), encoding="utf-8")
    line = line_of(CLEAN, "PEP: 9100")
    assert workspace_findings(tmp_path, "pep-0012-a.md", "X101") == [
        (
            "PEP 12 is also the number of pep-0012-b.md (Logging)",
            Span.on_line(line, 5, 7),
            Severity.ERROR,
        )
    ]
    assert workspace_findings(tmp_path, "pep-0012-b.md", "X101") == [
        (
            "PEP 12 is also the number of pep-0012-a.md (Caching)",
            Span.on_line(line, 5, 7),
            Severity.ERROR,
        )
    ]
    assert workspace_findings(tmp_path, "pep-0013.md", "X101") == []
    from pep_lsp.config import workspace_for_check

    view = workspace_for_check([str(tmp_path)])
    path = tmp_path / "pep-0012-a.md"
    [found] = [
        f for f in check(path.read_text(), Settings(), workspace=view(path, "")) if f.code == "X101"
    ]
    assert [(r.path, r.span, r.message) for r in found.related] == [
        (str(tmp_path / "pep-0012-b.md"), Span.on_line(line, 5, 7), "PEP 12 is also here")
    ]
    # No workspace (a lone `check` of text): no cross-file finding.
    assert [f for f in check(path.read_text()) if f.code.startswith("X")] == []


def test_x102_unknown_proposal(tmp_path) -> None:
    body = "\nSee PEP 13, PEP-0014 and [the other](pep-0015.md); `PEP 16` is code, PEP 12 is this one.\n"
    (tmp_path / "pep-0012.md").write_text(proposal(12, "Caching", body), encoding="utf-8")
    (tmp_path / "pep-0013.md").write_text(proposal(13, "Metrics"), encoding="utf-8")
    line = line_of(proposal(12, "Caching", body), "See PEP 13")
    assert workspace_findings(tmp_path, "pep-0012.md", "X102") == [
        (
            "No proposal in the workspace is PEP 14",
            Span.on_line(line, 12, 20),
            Severity.INFORMATION,
        ),
        (
            "Link to pep-0015.md: no proposal in the workspace is PEP 15",
            Span.on_line(line, 37, 48),
            Severity.INFORMATION,
        ),
    ]
    # Suppressed like any rule; turned off like any rule.
    suppressed = proposal(12, "Caching", "\n<!-- pep-lsp-disable-next-line X102 -->" + body)
    (tmp_path / "pep-0012.md").write_text(suppressed, encoding="utf-8")
    assert workspace_findings(tmp_path, "pep-0012.md", "X102") == []
    (tmp_path / "pep-0012.md").write_text(proposal(12, "Caching", body), encoding="utf-8")
    assert workspace_findings(tmp_path, "pep-0012.md", "X102", severities={"X102": None}) == []
    assert [
        s
        for _, _, s in workspace_findings(
            tmp_path, "pep-0012.md", "X102", severities={"X102": Severity.ERROR}
        )
    ] == [Severity.ERROR] * 2
    # A lone proposal has no workspace to judge its mentions against.
    (tmp_path / "pep-0013.md").unlink()
    assert workspace_findings(tmp_path, "pep-0012.md", "X102") == []


def test_x103_missing_link_target(tmp_path) -> None:
    body = (
        "\nRead [the design](design/overview.md), [the notes](notes.md), [home](https://example.org/x.md),"
        " [site](/abs.md) and [`code`](docs/).\n"
        "\n```\n[in code](nothing.md)\n```\n"
    )
    text = proposal(12, "Caching", body)
    (tmp_path / "pep-0012.md").write_text(text, encoding="utf-8")
    (tmp_path / "notes.md").write_text("# Notes\n", encoding="utf-8")
    line = line_of(text, "Read [the design]")
    assert workspace_findings(tmp_path, "pep-0012.md", "X103") == [
        (
            "Link target not found: design/overview.md",
            Span.on_line(line, 18, 36),
            Severity.INFORMATION,
        ),
        ("Link target not found: docs/", Span.on_line(line, 125, 130), Severity.INFORMATION),
    ]
    (tmp_path / "docs").mkdir()
    assert [m for m, _, _ in workspace_findings(tmp_path, "pep-0012.md", "X103")] == [
        "Link target not found: design/overview.md"
    ]


def test_x104_missing_anchor(tmp_path) -> None:
    body = (
        "\n## Notes on `caching`: what's new? {#notes}\n\n## Notes on caching: what's new?\n\n<a id=\"Custom\"></a>\n"
        "\nSee [a](#abstract), [b](#notes-on-caching-whats-new), [c](#notes-on-caching-whats-new-1), [d](#notes),"
        " [e](#custom), [f](#rationale-and-alternatives), [g](other.md#usage), [h](other.md#nope), [i](gone.md#x).\n"
    )
    text = proposal(12, "Caching", body)
    (tmp_path / "pep-0012.md").write_text(text, encoding="utf-8")
    (tmp_path / "other.md").write_text("# Other\n\n## Usage\n", encoding="utf-8")
    line = line_of(text, "See [a](#abstract)")
    assert workspace_findings(tmp_path, "pep-0012.md", "X104") == [
        (
            "No heading or anchor '#rationale-and-alternatives' in this document",
            Span.on_line(line, 121, 148),
            Severity.INFORMATION,
        ),
        (
            "No heading or anchor '#nope' in other.md",
            Span.on_line(line, 176, 189),
            Severity.INFORMATION,
        ),
    ]


def test_x105_number_file_name_mismatch(tmp_path) -> None:
    (tmp_path / "pep-0042-caching.md").write_text(proposal(43, "Caching"), encoding="utf-8")
    (tmp_path / "caching.md").write_text(proposal(44, "Caching"), encoding="utf-8")
    (tmp_path / "pep-0045.md").write_text(proposal(45, "Caching"), encoding="utf-8")
    line = line_of(CLEAN, "PEP: 9100")
    assert workspace_findings(tmp_path, "pep-0042-caching.md", "X105") == [
        (
            "PEP 43 is in pep-0042-caching.md: the file name says PEP 42",
            Span.on_line(line, 5, 7),
            Severity.WARNING,
        )
    ]
    assert workspace_findings(tmp_path, "caching.md", "X105") == []
    assert workspace_findings(tmp_path, "pep-0045.md", "X105") == []


def test_x106_final_refers_to_draft(tmp_path) -> None:
    body = "\nThis builds on PEP 12, again PEP 12, and [PEP 13](pep-0013.md) and PEP 14.\n"
    final = proposal(11, "Caching", body).replace("Status: Discussion", "Status: Final")
    (tmp_path / "pep-0011.md").write_text(final, encoding="utf-8")
    (tmp_path / "pep-0012.md").write_text(
        proposal(12, "Logging").replace("Status: Discussion", "Status: Draft"), encoding="utf-8"
    )
    (tmp_path / "pep-0013.md").write_text(
        proposal(13, "Metrics").replace("Status: Discussion", "Status: Draft"), encoding="utf-8"
    )
    (tmp_path / "pep-0014.md").write_text(proposal(14, "Tracing"), encoding="utf-8")
    line = line_of(final, "This builds on")
    assert workspace_findings(tmp_path, "pep-0011.md", "X106") == [
        (
            "PEP 12 is still Draft, and this proposal is Final",
            Span.on_line(line, 15, 21),
            Severity.INFORMATION,
        ),
        (
            "PEP 13 is still Draft, and this proposal is Final",
            Span.on_line(line, 42, 48),
            Severity.INFORMATION,
        ),
    ]
    (tmp_path / "pep-0011.md").write_text(
        final.replace("Status: Final", "Status: Discussion"), encoding="utf-8"
    )
    assert workspace_findings(tmp_path, "pep-0011.md", "X106") == []


# --- status consistency and unused link definitions (pep_lsp/rules/consistency.py) -----------


def test_x108_final_refers_to_rejected(tmp_path) -> None:
    body = (
        "\nUnlike PEP 12 and [PEP 13](pep-0013.md), again PEP 12, this keeps PEP 14 and PEP 15.\n"
    )
    final = proposal(11, "Caching", body).replace("Status: Discussion", "Status: Final")
    (tmp_path / "pep-0011.md").write_text(final, encoding="utf-8")
    (tmp_path / "pep-0012.md").write_text(
        proposal(12, "Logging").replace("Status: Discussion", "Status: Rejected"), encoding="utf-8"
    )
    (tmp_path / "pep-0013.md").write_text(
        proposal(13, "Metrics").replace("Status: Discussion", "Status: Withdrawn"), encoding="utf-8"
    )
    (tmp_path / "pep-0014.md").write_text(
        proposal(14, "Tracing").replace("Status: Discussion", "Status: Superseded"),
        encoding="utf-8",
    )
    (tmp_path / "pep-0015.md").write_text(proposal(15, "Alerts"), encoding="utf-8")
    line = line_of(final, "Unlike PEP 12")
    assert workspace_findings(tmp_path, "pep-0011.md", "X108") == [
        (
            "PEP 12 is Rejected, and this proposal is Final",
            Span.on_line(line, 7, 13),
            Severity.INFORMATION,
        ),
        (
            "PEP 13 is Withdrawn, and this proposal is Final",
            Span.on_line(line, 19, 25),
            Severity.INFORMATION,
        ),
    ]
    # The kind is data: a status configured without it is not "rejected", whatever its name.
    from pep_lsp.template import StatusValue

    renamed = (
        StatusValue("Draft", "draft", ""),
        StatusValue("Discussion", "review", ""),
        StatusValue("Final", "final", ""),
        StatusValue("Rejected", "review", ""),
        StatusValue("Withdrawn", "review", "", "rejected"),
    )
    assert [
        m for m, _, _ in workspace_findings(tmp_path, "pep-0011.md", "X108", statuses=renamed)
    ] == ["PEP 13 is Withdrawn, and this proposal is Final"]
    suppressed = final.replace(
        "\nUnlike PEP 12", "\n<!-- pep-lsp-disable-next-line X108 -->\nUnlike PEP 12"
    )
    (tmp_path / "pep-0011.md").write_text(suppressed, encoding="utf-8")
    assert workspace_findings(tmp_path, "pep-0011.md", "X108") == []
    (tmp_path / "pep-0011.md").write_text(
        final.replace("Status: Final", "Status: Discussion"), encoding="utf-8"
    )
    assert workspace_findings(tmp_path, "pep-0011.md", "X108") == []
    assert findings(final, "X108") == []  # no workspace: nothing to compare with


def test_x109_is_off_when_its_severity_is_none() -> None:
    superseded = CLEAN.replace("Status: Discussion", "Status: Superseded")
    assert len(findings(superseded, "X109")) == 1  # exactly: tests/rules/X109.md
    assert findings(superseded, "X109", severities={"X109": None}) == []


def test_x109_uses_the_template_s_replacement_field_when_it_has_one() -> None:
    from pep_lsp.rules.consistency import replaced_by_field
    from pep_lsp.template import parse_template

    template = template_with_field("Superseded-By: [PEP number]")
    schema = parse_template(template)
    assert replaced_by_field(schema).name == "Superseded-By"
    assert replaced_by_field(default_schema()) is None
    settings = Settings()
    document = clean_pep(
        HEADER.replace("Status: Discussion", "Status: Superseded\nSuperseded-By: [PEP number]")
    )
    line = line_of(document, "Status: Superseded")
    found = [
        (f.message, f.span)
        for f in check_with_schema(document, schema, settings)
        if f.code == "X109"
    ]
    assert found == [
        ("Superseded, but Superseded-By names no proposal replacing it", Span.on_line(line, 8, 18))
    ]
    # With the field, a mention in prose is not the answer; the field is.
    mentioned = document.replace("We describe abstract here", "Replaced by PEP 12; abstract here")
    assert [f.code for f in check_with_schema(mentioned, schema, settings) if f.code == "X109"] == [
        "X109"
    ]
    filled = document.replace("Superseded-By: [PEP number]", "Superseded-By: 12")
    assert [f for f in check_with_schema(filled, schema, settings) if f.code == "X109"] == []


def template_with_field(line: str) -> str:
    from tests.conftest import template_text

    return template_text().replace("Version: 0.1\n", f"Version: 0.1\n{line}\n", 1)


def check_with_schema(text: str, schema, settings: Settings):
    from pep_lsp.engine.check import check_model
    from pep_lsp.model.document import Document

    return check_model(Document(text, schema).model, settings)


def test_x110_definitions_the_template_writes_are_never_unused() -> None:
    from pep_lsp.template import parse_template

    template = template_text_with_definition("[abstract]: #abstract")
    schema = parse_template(template)
    assert "abstract" in schema.reference_labels
    document = CLEAN + "\n[Abstract]: #abstract\n[spare]: #abstract\n"
    assert [
        f.message for f in check_with_schema(document, schema, Settings()) if f.code == "X110"
    ] == ["[spare] is defined but no link uses it"]
    assert [
        f.message
        for f in check_with_schema(document, default_schema(), Settings())
        if f.code == "X110"
    ] == ["[Abstract] is defined but no link uses it", "[spare] is defined but no link uses it"]


def template_text_with_definition(line: str) -> str:
    from tests.conftest import template_text

    return template_text().replace("## Abstract\n", f"## Abstract\n{line}\n", 1)
