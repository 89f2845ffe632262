"""The schema is derived from the template file: fields, values, sections, priorities, examples."""

from __future__ import annotations

import pytest

from pep_lsp.engine.check import Settings, check
from pep_lsp.template import TemplateError, load_template, parse_template
from tests.conftest import FIXTURES


def test_header_fields_in_template_order_with_their_kinds(schema) -> None:
    assert [(f.name, f.kind, f.default) for f in schema.fields] == [
        ("PEP", "number", None),
        ("Title", "text", None),
        ("Author", "people", None),
        ("Status", "choice", "Draft"),
        ("Type", "choice", None),
        ("Created", "date", None),
        ("Updated", "date", None),
        ("Version", "version", "0.1"),
    ]
    assert schema.field("type").choices == ("Standard", "Informational", "Process")
    assert schema.field("Created").date_format == "DD-MM-YYYY"
    assert schema.field("Title").max_length == 50
    assert schema.field("PEP").blank_in_draft is True


def test_status_vocabulary_comes_from_the_data_table(schema) -> None:
    assert schema.field("Status").choices == (
        "Draft",
        "Discussion",
        "Accepted",
        "Rejected",
        "Withdrawn",
        "Deferred",
        "Final",
        "Superseded",
        "Active",
    )
    assert [s.stage for s in schema.statuses][:3] == ["draft", "review", "final"]


def test_section_tree_and_priorities(schema) -> None:
    top = [(s.title, s.priority) for s in schema.top_sections]
    assert top == [
        ("Abstract", "essential"),
        ("Motivation", "essential"),
        ("Rationale", "important"),
        ("Specification", "essential"),
        ("Implementation", "essential"),
        ("Impact Analysis", "important"),
        ("Alternatives Considered", "important"),
        ("Success Metrics", None),
        ("Documentation Plan", None),
        ("Timeline", None),
        ("References", None),
        ("Appendices", "optional"),
        ("Author Instructions", None),
    ]
    appendices = next(s for s in schema.top_sections if s.title == "Appendices")
    assert [(c.title, c.priority) for c in appendices.children] == [
        ("Appendix A: Code Examples", "optional"),
        ("Appendix B: Performance Benchmarks", "optional"),
        ("Appendix C: Security Analysis", "optional"),
    ]
    specification = next(s for s in schema.top_sections if s.title == "Specification")
    api = next(c for c in specification.children if c.title == "API Changes")
    assert [c.title for c in api.children] == ["New APIs", "Modified APIs", "Deprecated APIs"]
    assert (
        schema.author_instructions is not None
        and schema.author_instructions.title == "Author Instructions"
    )


def test_section_skeleton_runs_to_the_next_heading_of_the_same_level(schema) -> None:
    rationale = next(s for s in schema.top_sections if s.title == "Rationale")
    assert rationale.skeleton.splitlines()[0] == "## Rationale"
    assert rationale.skeleton.splitlines()[-1] == "- **[Principle 3]**: [Explanation]"
    assert "### Design Principles" in rationale.skeleton
    references = next(s for s in schema.top_sections if s.title == "References")
    assert references.skeleton.endswith(
        "- [Document 2: Description](internal-link)"
    )  # the `---` after it is not its own


def test_instructions_examples_and_word_limit(schema) -> None:
    abstract = schema.top_sections[0]
    assert abstract.instructions[0] == "[Write a concise summary of 200-300 words that covers:]"
    assert abstract.word_limit == 300
    assert "[Explain why this change is needed. Address:]" in schema.instruction_lines
    assert ("`cache.ttl`", "duration", "`1h`", "Default time-to-live") in schema.example_table_rows
    assert (
        "PEP Approval",
        "[Date]",
        "[Name]",
        "Review process completion",
    ) not in schema.example_table_rows
    assert "Set up cache infrastructure" in schema.example_task_items
    assert schema.example_hrefs == {"https://example.com", "internal-link"}
    assert any("class CacheManager" in block for block in schema.example_code_blocks)


def test_placeholder_titles_become_patterns(schema) -> None:
    alternatives = next(s for s in schema.top_sections if s.title == "Alternatives Considered")
    first = alternatives.children[0]
    assert first.has_placeholder_title
    assert schema.find_section("Alternative 1: Keep Memcached", alternatives) is first
    assert schema.find_section("Status Quo (Do Nothing)", alternatives) is alternatives.children[2]


def test_a_different_template_gives_a_different_schema() -> None:
    rfc = load_template(FIXTURES / "rfc-template.md")
    assert [(f.name, f.kind) for f in rfc.fields] == [
        ("RFC", "number"),
        ("Summary", "text"),
        ("Owners", "people"),
        ("Status", "choice"),
        ("Area", "choice"),
        ("Proposed", "date"),
        ("Revision", "version"),
    ]
    assert rfc.field("Summary").max_length == 40
    assert rfc.field("Proposed").date_format == "YYYY/MM/DD"
    assert [(s.title, s.priority) for s in rfc.top_sections] == [
        ("Problem", "essential"),
        ("Proposal", "essential"),
        ("Risks", "important"),
        ("Open Questions", None),
        ("Annexes", "optional"),
        ("Checklist for owners", None),
    ]
    assert rfc.top_sections[-1].is_author_instructions
    assert rfc.top_sections[0].word_limit == 120
    assert rfc.header_fence == "~~~"


def test_rules_follow_the_other_template() -> None:
    settings = Settings(template=str(FIXTURES / "rfc-template.md"))
    text = (
        "# RFC 12: Widgets\n\n~~~\nRFC: 12\nSummary: Widgets\nOwners: Ann <ann@corp.test>\nStatus: Discussion\n"
        "Area: Backnd\nProposed: 14-09-2026\nRevision: 1.0\n~~~\n\n## Problem\n\nWidgets are slow.\n\n"
        "### Evidence\n\nP95 is 2 s.\n\n## Risks\n\nNone.\n\n## Open Questions\n\n- [Question 1]\n"
    )
    found = [(f.code, f.message) for f in check(text, settings)]
    assert found == [
        ("H205", "Area 'Backnd' is not one of Frontend, Backend, Infra; did you mean 'Backend'?"),
        ("H206", "Proposed '14-09-2026' is not in the YYYY/MM/DD format: write '2026/09/14'"),
        ("S101", "Missing essential section 'Proposal' (it belongs after 'Problem')"),
        ("S101", "Missing optional section 'Annexes' (it belongs after 'Open Questions')"),
        ("L102", "Placeholder [Question 1] left in 'Open Questions': replace it with real content"),
    ]
    # The PEP template's sections mean nothing here.
    assert not any("Abstract" in message for _, message in found)


def test_a_template_without_header_or_sections_is_refused() -> None:
    with pytest.raises(TemplateError, match="no header block"):
        parse_template("# Nothing\n\n## Only a section\n")
    with pytest.raises(TemplateError, match="no '##' sections"):
        parse_template("```\nA: b\n```\n")
