"""Every rule: a case that fires (exact code, message and span) and a case that does not."""

from __future__ import annotations

import datetime

import pytest

from pep_lsp.engine.check import Settings, check
from pep_lsp.findings import Severity
from pep_lsp.rules import REGISTRY
from pep_lsp.template import default_schema
from pep_lsp.text import Pos, Span
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


def test_every_rule_is_tested_here() -> None:
    tested = {
        name[len("test_") :].split("_")[0].upper() for name in globals() if name.startswith("test_")
    }
    assert set(REGISTRY) <= tested


# --- header ----------------------------------------------------------------------------


def test_h100_missing_header_block() -> None:
    text = CLEAN.replace(HEADER, "# PEP 9100: Tidy logs\n")
    assert findings(text, "H100") == [
        (
            "Missing header block: add a fenced block of 'Field: value' lines (PEP, Title, Author, Status, ...) after the title",
            Span.on_line(0, 0, 21),
            Severity.ERROR,
        )
    ]
    assert findings(CLEAN, "H100") == []


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


def test_h106_header_placeholder_is_an_error_in_every_status() -> None:
    title = CLEAN.replace(
        "Title: Tidy logs", "Title: [Clear, descriptive title (50 characters or less)]"
    )
    line = line_of(title, "Title:")
    expected = [
        (
            "Header field 'Title' still holds the template's placeholder [Clear, descriptive title (50 characters or less)]: write the real value",
            Span.on_line(line, 7, 57),
            Severity.ERROR,
        )
    ]
    assert findings(title, "H106") == expected
    assert findings(title.replace("Status: Discussion", "Status: Draft"), "H106") == expected
    assert findings(title, "L102") == []  # said once, by H106
    assert findings(CLEAN, "H106") == []


def test_h106_a_draft_may_keep_the_placeholders_the_template_and_vocabulary_allow() -> None:
    text = CLEAN.replace(
        "PEP: 9100", "PEP: [Number - assigned by core team, leave blank for draft]"
    ).replace("Updated: 02-09-2026", "Updated: [DD-MM-YYYY]")
    draft = text.replace("Status: Discussion", "Status: Draft")
    assert findings(draft, "H106") == []
    assert [severity for _, _, severity in findings(draft, "L102")] == [
        Severity.INFORMATION,
        Severity.INFORMATION,
    ]
    assert [message.split(" still")[0] for message, _, _ in findings(text, "H106")] == [
        "Header field 'PEP'",
        "Header field 'Updated'",
    ]


def test_h106_the_untouched_template_as_a_draft_has_header_errors() -> None:
    from tests.conftest import template_text

    errors = [f for f in check(template_text()) if f.severity <= Severity.WARNING]
    assert [(f.code, f.subject) for f in errors] == [
        ("H106", "Title"),
        ("H106", "Author"),
        ("H106", "Type"),
        ("H106", "Created"),
    ]


def test_h101_missing_header_field() -> None:
    text = CLEAN.replace("Version: 1.0\n", "")
    assert findings(text, "H101") == [
        (
            "Missing header field 'Version' (it belongs after 'Updated')",
            Span.on_line(2, 0, 3),
            Severity.WARNING,
        )
    ]
    assert findings(CLEAN, "H101") == []


def test_h102_unknown_header_field() -> None:
    text = CLEAN.replace("Version: 1.0", "Versoin: 1.0\nVersion: 1.0")
    assert findings(text, "H102") == [
        (
            "Unknown header field 'Versoin'; did you mean 'Version'?",
            Span.on_line(10, 0, 7),
            Severity.WARNING,
        )
    ]
    assert findings(CLEAN, "H102") == []


def test_h103_duplicate_header_field() -> None:
    text = CLEAN.replace("Version: 1.0", "Version: 1.0\nStatus: Final")
    assert findings(text, "H103") == [
        (
            "Duplicate header field 'Status' (first given on line 7)",
            Span.on_line(11, 0, 6),
            Severity.ERROR,
        )
    ]
    assert findings(CLEAN, "H103") == []


def test_h104_header_field_out_of_order() -> None:
    text = CLEAN.replace("Status: Discussion\nType: Standard", "Type: Standard\nStatus: Discussion")
    assert findings(text, "H104") == [
        (
            "Header field 'Type' is out of order: it belongs after 'Status'",
            Span.on_line(6, 0, 4),
            Severity.INFORMATION,
        )
    ]
    assert findings(CLEAN, "H104") == []


def test_h105_malformed_header_line() -> None:
    text = CLEAN.replace("Version: 1.0", "Version: 1.0\nsee the thread for details")
    assert findings(text, "H105") == [
        (
            "Header line 'see the thread for details' is not 'Field: value'",
            Span.on_line(11, 0, 26),
            Severity.ERROR,
        )
    ]
    assert findings(CLEAN, "H105") == []


# --- header values ------------------------------------------------------------------------


def test_h201_invalid_number() -> None:
    assert findings(CLEAN.replace("PEP: 9100", "PEP: 91a"), "H201") == [
        ("PEP '91a' is not a number: write digits only", Span.on_line(3, 5, 8), Severity.ERROR)
    ]
    assert findings(CLEAN.replace("PEP: 9100", "PEP:"), "H201") == [
        (
            "PEP number is blank: ask for a number before the document leaves Draft",
            Span.on_line(3, 0, 3),
            Severity.WARNING,
        )
    ]
    draft = CLEAN.replace("PEP: 9100", "PEP:").replace("Status: Discussion", "Status: Draft")
    assert findings(draft, "H201") == []
    assert findings(CLEAN, "H201") == []


def test_h202_empty_header_value() -> None:
    text = CLEAN.replace("Title: Tidy logs", "Title:")
    assert findings(text, "H202") == [
        (
            "Header field 'Title' is empty: Clear, descriptive title (50 characters or less)",
            Span.on_line(4, 0, 5),
            Severity.WARNING,
        )
    ]
    assert findings(CLEAN, "H202") == []


def test_h203_value_too_long() -> None:
    title = "A title that is much longer than fifty characters in all"
    text = CLEAN.replace("Title: Tidy logs", f"Title: {title}")
    assert findings(text, "H203") == [
        (
            f"Title is {len(title)} characters long; keep it to 50 or fewer",
            Span.on_line(4, 7, 7 + len(title)),
            Severity.WARNING,
        )
    ]
    assert findings(text, "H203", options={"title-max-length": 60}) == []
    assert findings(CLEAN, "H203") == []


def test_h204_invalid_author_list() -> None:
    text = CLEAN.replace("Ada Lovelace <ada@corp.test>, ", "Ada Lovelace, ")
    assert findings(text, "H204") == [
        (
            "Author entry 'Ada Lovelace' is not 'Name <email>'",
            Span.on_line(5, 8, 20),
            Severity.WARNING,
        )
    ]
    assert findings(CLEAN, "H204") == []


def test_h205_value_not_allowed() -> None:
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
    status = CLEAN.replace("Status: Discussion", "Status: discussion")
    assert [m for m, _, _ in findings(status, "H205")] == [
        "Status 'discussion' is not one of Draft, Discussion, Accepted, Rejected, Withdrawn, Deferred, Final, Superseded, Active; did you mean 'Discussion'?"
    ]
    assert findings(CLEAN, "H205") == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31-02-2026", "Created '31-02-2026' is not a real date: February 2026 has 28 days"),
        ("29-02-2024", None),
        ("31-04-2026", "Created '31-04-2026' is not a real date: April 2026 has 30 days"),
        ("00-09-2026", "Created '00-09-2026' is not a real date: there is no day 0"),
        ("14-13-2026", "Created '14-13-2026' is not a real date: there is no month 13"),
        ("14-09-0000", "Created '14-09-0000' is not a real date: there is no year 0"),
        ("2026-09-14", "Created '2026-09-14' is not in the DD-MM-YYYY format: write '14-09-2026'"),
        ("soon", "Created 'soon' is not a date in the DD-MM-YYYY format"),
    ],
)
def test_h206_invalid_date(value: str, message: str | None) -> None:
    text = CLEAN.replace("Created: 01-09-2026", f"Created: {value}")
    expected = (
        [] if message is None else [(message, Span.on_line(8, 9, 9 + len(value)), Severity.ERROR)]
    )
    assert findings(text, "H206") == expected
    assert findings(CLEAN, "H206") == []


def test_h207_date_before_earlier_field() -> None:
    text = CLEAN.replace("Updated: 02-09-2026", "Updated: 31-08-2026")
    assert findings(text, "H207") == [
        (
            "Updated (31-08-2026) is earlier than Created (01-09-2026)",
            Span.on_line(9, 9, 19),
            Severity.WARNING,
        )
    ]
    [finding] = [f for f in check(text) if f.code == "H207"]
    today = datetime.date.today().strftime("%d-%m-%Y")
    assert finding.fixes[0].title == f"Set Updated to today ({today})"
    assert findings(CLEAN, "H207") == []


def test_h208_invalid_version() -> None:
    text = CLEAN.replace("Version: 1.0", "Version: v1")
    assert findings(text, "H208") == [
        ("Version 'v1' is not a version like '0.1'", Span.on_line(10, 9, 11), Severity.WARNING)
    ]
    assert findings(CLEAN, "H208") == []


# --- sections ---------------------------------------------------------------------------


def _without_section(text: str, title: str) -> str:
    block = f"## {title}\n\nWe describe {title.lower()} here in plain words.\n\n"
    assert block in text
    return text.replace(block, "")


def test_s101_missing_section_severity_follows_priority_and_status() -> None:
    text = _without_section(CLEAN, "Motivation".replace("Motivation", "Rationale"))
    text = text.replace(
        "## Motivation\n\nWe describe motivation here in plain words.\n\n### Use Cases\n\nWe describe use cases here in plain words.\n\n",
        "",
    )
    text = _without_section(text, "Timeline")
    abstract = line_of(text, "## Abstract")
    references_before = line_of(text, "## Documentation Plan")
    assert findings(text, "S101") == [
        (
            "Missing essential section 'Motivation' (it belongs after 'Abstract')",
            Span.on_line(abstract, 3, 11),
            Severity.ERROR,
        ),
        (
            "Missing important section 'Rationale' (it belongs after 'Abstract')",
            Span.on_line(abstract, 3, 11),
            Severity.WARNING,
        ),
        (
            "Missing section 'Timeline' (it belongs after 'Documentation Plan')",
            Span.on_line(references_before, 3, 21),
            Severity.INFORMATION,
        ),
    ]
    draft = text.replace("Status: Discussion", "Status: Draft")
    assert [s for _, _, s in findings(draft, "S101")] == [
        Severity.WARNING,
        Severity.INFORMATION,
        Severity.HINT,
    ]
    assert findings(CLEAN, "S101") == []


def test_s101_subsections_and_appendices_are_hints() -> None:
    text = CLEAN.replace("### Use Cases\n\nWe describe use cases here in plain words.\n\n", "")
    text = text.replace("## Appendices\n", "## Appendices\n\nSee below.\n")
    text = text.replace(
        "### Appendix B: Performance Benchmarks\n\nWe describe appendix b: performance benchmarks here in plain words.\n\n",
        "",
    )
    messages = [(m, s) for m, _, s in findings(text, "S101")]
    assert messages == [
        (
            "Missing subsection 'Use Cases' of 'Motivation' (it belongs under 'Motivation')",
            Severity.HINT,
        ),
        (
            "Missing optional subsection 'Appendix B: Performance Benchmarks' of 'Appendices' (it belongs after 'Appendix A: Code Examples')",
            Severity.HINT,
        ),
    ]


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


def test_s102_section_out_of_order() -> None:
    block = "## Rationale\n\nWe describe rationale here in plain words.\n\n### Design Principles\n\nWe describe design principles here in plain words.\n\n"
    text = CLEAN.replace(block, "")
    # Two sections later, so moving Rationale back is the one smallest repair.
    text = text.replace("## Impact Analysis\n", block + "## Impact Analysis\n")
    line = line_of(text, "## Rationale")
    assert findings(text, "S102") == [
        (
            "Section 'Rationale' is out of order: the template puts it after 'Motivation'",
            Span.on_line(line, 3, 12),
            Severity.WARNING,
        )
    ]
    assert findings(CLEAN, "S102") == []


def test_s103_duplicate_section() -> None:
    text = CLEAN + "\n## Motivation\n\nMore motivation.\n"
    line = line_of(text, "More motivation") - 2
    assert findings(text, "S103") == [
        (
            "Duplicate section 'Motivation' (first on line 18): merge the two",
            Span.on_line(line, 3, 13),
            Severity.WARNING,
        )
    ]
    assert findings(CLEAN, "S103") == []


def test_s104_empty_section() -> None:
    text = CLEAN.replace("We describe timeline here in plain words.\n", "")
    line = line_of(text, "## Timeline")
    assert findings(text, "S104") == [
        (
            "Section 'Timeline' is empty: write it or remove the heading",
            Span.on_line(line, 3, 11),
            Severity.WARNING,
        )
    ]
    assert findings(CLEAN, "S104") == []


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


def test_s105_a_fence_left_open_at_the_end_hides_nothing_but_is_reported() -> None:
    text = CLEAN + "\n```\nprint(1)\n"
    line = line_of(text, "print(1)") - 1
    assert findings(text, "S105") == [
        (
            "Code fence never closed: the rest of the document is code; close it with ```",
            Span.on_line(line, 0, 3),
            Severity.ERROR,
        )
    ]
    assert findings(CLEAN + "\n```\nprint(1)\n```\n", "S105") == []


# --- leftovers ------------------------------------------------------------------------


def test_l101_instruction_text_covers_the_whole_run() -> None:
    instructions = "*[Explain why this change is needed. Address:]*\n*- What specific problems or pain points exist today?*\n"
    text = CLEAN.replace("We describe motivation here in plain words.\n", instructions)
    line = line_of(text, "*[Explain why")
    assert findings(text, "L101") == [
        (
            "Template instructions left in 'Motivation': replace them with your own text",
            Span(Pos(line, 0), Pos(line + 1, 54)),
            Severity.WARNING,
        )
    ]
    own_italics = CLEAN.replace(
        "We describe motivation here in plain words.", "*We explain why in our own italic words.*"
    )
    assert findings(own_italics, "L101") == []


def test_l102_placeholder_not_links_boxes_code_or_references() -> None:
    text = CLEAN.replace(
        "We describe timeline here in plain words.",
        "Ship by [Date]. See [the plan](https://corp.test/plan), [the ref][r], `[not code]`, [r].\n\n- [ ] a box\n- [x] done\n\n[r]: https://corp.test/r",
    )
    line = line_of(text, "Ship by")
    assert findings(text, "L102") == [
        (
            "Placeholder [Date] left in 'Timeline': replace it with real content",
            Span.on_line(line, 8, 14),
            Severity.WARNING,
        )
    ]
    accepted = text.replace("Status: Discussion", "Status: Accepted")
    assert [s for _, _, s in findings(accepted, "L102")] == [Severity.ERROR]
    draft = text.replace("Status: Discussion", "Status: Draft")
    assert [s for _, _, s in findings(draft, "L102")] == [Severity.INFORMATION]
    assert findings(CLEAN, "L102") == []


def test_l102_placeholder_in_fenced_code_is_not_flagged() -> None:
    text = CLEAN.replace(
        "We describe timeline here in plain words.", "```\nitems[index]\n[Date]\n```"
    )
    assert findings(text, "L102") == []


def test_l103_example_link() -> None:
    text = CLEAN.replace(
        "We describe references here in plain words.",
        "- [Link 1: Description](https://example.com)\n- [Spec](https://corp.test/spec)",
    )
    line = line_of(text, "Link 1")
    assert findings(text, "L103") == [
        (
            "Example link [Link 1: Description](https://example.com) left in 'References': link to a real document",
            Span.on_line(line, 2, 44),
            Severity.WARNING,
        )
    ]
    assert findings(CLEAN, "L103") == []


def test_l104_example_content_rows_blocks_and_items() -> None:
    row = "| `cache.ttl` | duration | `1h` | Default time-to-live |"
    table = (
        "| Parameter | Type | Default | Description |\n|---|---|---|---|\n"
        + row
        + "\n| `log.level` | string | `info` | Lowest level written |"
    )
    text = CLEAN.replace("We describe configuration changes here in plain words.", table)
    text = text.replace(
        "We describe development plan here in plain words.",
        "- [ ] Set up cache infrastructure\n- [ ] API documentation",
    )
    line_row, line_item = line_of(text, "cache.ttl"), line_of(text, "Set up cache")
    assert findings(text, "L104") == [
        (
            "Example content from the template left in 'Configuration Changes': replace it with your own",
            Span.on_line(line_row, 0, len(row)),
            Severity.WARNING,
        ),
        (
            "Example content from the template left in 'Development Plan': replace it with your own",
            Span.on_line(line_item, 6, 33),
            Severity.WARNING,
        ),
    ]
    assert findings(CLEAN, "L104") == []


def test_l105_author_instructions_left_once_at_its_heading() -> None:
    text = (
        CLEAN
        + "\n## Author Instructions\n\n**Before submitting this PEP:**\n\n- [ ] Remove all instruction text (text in *italics*)\n- [Date] stays silent here\n"
    )
    line = line_of(text, "## Author Instructions")
    assert findings(text, "L105") == [
        (
            "The 'Author Instructions' section is still in the document: work through it, then delete it",
            Span.on_line(line, 3, 22),
            Severity.WARNING,
        )
    ]
    assert [f.code for f in check(text) if f.span.start.line > line] == []
    assert findings(CLEAN, "L105") == []


# --- content -------------------------------------------------------------------------------


def test_c101_section_too_long() -> None:
    words = " ".join(["word"] * 301)
    text = CLEAN.replace("We describe abstract here in plain words.", words)
    line = line_of(text, "## Abstract")
    assert findings(text, "C101") == [
        (
            "Abstract has 301 words; keep it to 300 or fewer",
            Span.on_line(line, 3, 11),
            Severity.WARNING,
        )
    ]
    assert findings(text, "C101", options={"abstract-max-words": 400}) == []
    assert findings(CLEAN, "C101") == []


# --- suppression comments (the forms themselves: tests/test_suppression.py) -------------


def test_d102_unknown_directive() -> None:
    text = CLEAN.replace("## Abstract\n", "<!-- pep-lsp-enabel -->\n## Abstract\n")
    line = line_of(text, "pep-lsp-enabel")
    assert findings(text, "D102") == [
        (
            "Unknown directive 'pep-lsp-enabel': it hides nothing; did you mean 'pep-lsp-enable'?",
            Span.on_line(line, 0, 23),
            Severity.WARNING,
        ),
    ]
    assert findings(CLEAN, "D102") == []


def test_d101_unused_suppression() -> None:
    text = CLEAN.replace("## Abstract\n", "<!-- pep-lsp-disable-next-line H205 -->\n## Abstract\n")
    line = line_of(text, "pep-lsp-disable")
    assert findings(text, "D101") == [
        ("Unused suppression: no H205 finding to hide", Span.on_line(line, 0, 39), Severity.HINT),
    ]
    [finding] = [f for f in check(text) if f.code == "D101"]
    assert [fix.title for fix in finding.fixes] == ["Remove the unused suppression comment"]
    used = CLEAN.replace("Type: Standard", "Type: Standrad").replace(
        "```\nPEP:", "<!-- pep-lsp-disable-next-line H205 -->\n```\nPEP:"
    )
    assert findings(used, "D101") == [] and findings(used, "H205") == []


# --- spelling (more in tests/test_spelling.py) ---------------------------------------------


def test_p101_misspelled_word() -> None:
    text = CLEAN.replace("We describe abstract here", "We recieve abstract here", 1)
    line = line_of(text, "We recieve abstract")
    assert findings(text, "P101") == [
        (
            "'recieve' is a common misspelling of 'receive'",
            Span.on_line(line, 3, 10),
            Severity.INFORMATION,
        )
    ]
    assert findings(CLEAN, "P101") == []


def test_u101_broken_link() -> None:
    text = CLEAN.replace("We describe abstract here", "See https://docs.corp.internal/gone here", 1)
    line = line_of(text, "See https://docs")
    broken = {"url-results": {"https://docs.corp.internal/gone": "HTTP 404"}}
    assert findings(text, "U101", options=broken) == [
        (
            "Broken link (HTTP 404): https://docs.corp.internal/gone",
            Span.on_line(line, 4, 35),
            Severity.WARNING,
        )
    ]
    assert findings(text, "U101") == []  # without --check-urls nothing is known about links


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


def test_x107_duplicate_link_definition() -> None:
    text = (
        CLEAN
        + "\n[Spec]: https://example.org/v1\n[other]: https://example.org/o\n[ spec ]: https://example.org/v2\n\n```\n[spec]: in-code\n```\n"
    )
    line = line_of(text, "[ spec ]")
    assert findings(text, "X107") == [
        (
            "[ spec ] is already defined on line " + str(line - 1) + "; this definition is ignored",
            Span.on_line(line, 0, 8),
            Severity.WARNING,
        )
    ]
    assert findings(CLEAN, "X107") == []


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


def test_x109_superseded_without_replacement() -> None:
    superseded = CLEAN.replace("Status: Discussion", "Status: Superseded")
    line = line_of(CLEAN, "Status: Discussion")
    assert findings(superseded, "X109") == [
        (
            "Superseded, but the document names no proposal replacing it",
            Span.on_line(line, 8, 18),
            Severity.WARNING,
        )
    ]
    # A mention or a link to another proposal's file names the replacement; its own number does not.
    assert (
        findings(
            superseded.replace(
                "We describe abstract here", "Replaced by PEP 12; we describe abstract here"
            ),
            "X109",
        )
        == []
    )
    assert (
        findings(
            superseded.replace(
                "We describe abstract here", "See [its successor](pep-0012.md); abstract here"
            ),
            "X109",
        )
        == []
    )
    assert (
        len(
            findings(
                superseded.replace(
                    "We describe abstract here", "PEP 9100 (this one) abstract here"
                ),
                "X109",
            )
        )
        == 1
    )
    assert (
        findings(
            superseded.replace("We describe abstract here", "Replaced by `PEP 12`, abstract here"),
            "X109",
        )
        != []
    )  # code is not read
    assert findings(CLEAN, "X109") == []
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


def rfc_excerpt(name: str) -> str:
    from pathlib import Path

    return (Path(__file__).parent / "data" / "rfcs" / name).read_text(encoding="utf-8")


def test_x110_unused_link_definition() -> None:
    text = CLEAN + "\n" + rfc_excerpt("2996-async-iterator-excerpt.md")
    line = line_of(text, "[pinned]:")
    assert findings(text, "X110") == [
        ("[pinned] is defined but no link uses it", Span.on_line(line, 0, 8), Severity.INFORMATION)
    ]
    # Used as `[text][label]`, `[label][]` or `[label]`, in any case and spacing: not reported.
    for use in ("[a pin][Pinned]", "[pinned][]", "[ PINNED ]"):
        assert findings(text.replace("We describe abstract here", f"See {use} here"), "X110") == []
    # Footnotes are not links; a section's own `#fragment` target right under its heading is a convention.
    assert findings(CLEAN + "\nA note.[^1]\n\n[^2]: Another note.\n", "X110") == []
    assert findings(CLEAN + "\n" + rfc_excerpt("2333-prior-art-excerpt.md"), "X110") == []
    moved = CLEAN + "\n## Rationale and alternatives\n\nProse.\n\n[alternatives]: #alternatives\n"
    assert [m for m, _, _ in findings(moved, "X110")] == [
        "[alternatives] is defined but no link uses it"
    ]
    assert (
        findings(
            text.replace("[pinned]:", "<!-- pep-lsp-disable-next-line X110 -->\n[pinned]:"), "X110"
        )
        == []
    )


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
