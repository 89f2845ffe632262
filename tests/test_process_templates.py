"""Issue 14: a schema from any proposal process's own template, unmodified (EIP, RFC), and the
document-side recognisers the model will call (pep_lsp.schema.conventions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pep_lsp.config import resolve
from pep_lsp.schema.conventions import (
    find_comments,
    find_placeholders,
    is_answered_question,
    is_instruction_line,
    is_literal_placeholder,
    is_template_comment,
    strip_emphasis,
    whole_value_placeholder,
)
from pep_lsp.schema.header_forms import read_front_matter
from pep_lsp.template import (
    StatusValue,
    TemplateTables,
    load_template,
    parse_template,
)

PROCESSES = Path(__file__).parent / "data" / "processes"
EIP_TEMPLATE = PROCESSES / "eips" / "eip-template.md"
RFC_TEMPLATE = PROCESSES / "rfcs" / "0000-template.md"


@pytest.fixture(scope="module")
def eip():  # type: ignore[no-untyped-def]
    return parse_template(EIP_TEMPLATE.read_text(), str(EIP_TEMPLATE))


@pytest.fixture(scope="module")
def rfc():  # type: ignore[no-untyped-def]
    return parse_template(RFC_TEMPLATE.read_text(), str(RFC_TEMPLATE))


def test_eip_template_is_front_matter_with_comment_instructions(eip) -> None:  # type: ignore[no-untyped-def]
    assert (eip.header_form, eip.instruction_style) == ("front-matter", "comment")
    # The front matter is the header, not a setext heading: the first section is Abstract.
    assert [s.title for s in eip.top_sections][:2] == ["Abstract", "Motivation"]
    kinds = {f.name: (f.kind, f.choices, f.date_format, f.presence) for f in eip.fields}
    assert kinds["type"] == (
        "choice",
        ("Standards Track", "Meta", "Informational"),
        None,
        "required",
    )
    assert kinds["category"] == (
        "choice",
        ("Core", "Networking", "Interface", "ERC"),
        None,
        "conditional",
    )
    assert kinds["created"] == ("date", (), "YYYY-MM-DD", "required")
    assert kinds["requires"][3] == "conditional"
    # The author placeholder shows `(@handle)` entries: names without an email are allowed.
    assert kinds["author"][0] == "text"
    assert eip.field("Discussions To") is eip.field("discussions-to")
    assert eip.field("category").note == (
        "Only required for Standards Track. Otherwise, remove this field."
    )


def test_eip_sections_optional_required_and_placeholder_bodies(eip) -> None:  # type: ignore[no-untyped-def]
    by_title = {s.title: s for s in eip.sections}
    optional = sorted(t for t, s in by_title.items() if s.optional)
    assert optional == [
        "Backwards Compatibility", "Chain Specifics", "Motivation", "Reference Implementation",
        "Test Cases",
    ]  # fmt: skip
    assert by_title["Test Cases"].condition == "This section is optional for non-Core EIPs."
    assert by_title["Security Considerations"].priority == "essential"
    assert [t for t, s in by_title.items() if s.priority] == ["Security Considerations"]
    assert by_title["Rationale"].placeholder_body == "TBD"
    assert by_title["Security Considerations"].placeholder_body == "Needs discussion."
    # Boilerplate the template keeps: no comment calls it a placeholder.
    assert by_title["Specification"].placeholder_body is None
    assert by_title["Copyright"].placeholder_body is None
    assert by_title["Abstract"].instructions[0].startswith("The Abstract is a multi-sentence")


def test_eip_placeholders_are_the_templates_own(eip) -> None:  # type: ignore[no-untyped-def]
    assert eip.blanks.delimiters == (("<", ">"),)
    assert "<url>" in eip.blanks.values
    assert eip.blanks.literals == frozenset(
        {"tbd", "needs discussion.", "no backward compatibility issues found."}
    )
    line = "discussions-to: <URL> and <b>bold</b> and <https://x.org>"
    assert find_placeholders(line, eip.blank_pattern) == [(16, 21)]
    assert is_literal_placeholder("TBD", eip.blanks)
    assert is_literal_placeholder("TBD. The value below will be re-derived.", eip.blanks)
    assert is_literal_placeholder("Needs discussion.", eip.blanks)
    assert not is_literal_placeholder("TBDs are everywhere in this draft.", eip.blanks)
    assert not is_literal_placeholder(
        "Security needs discussion with the client teams.", eip.blanks
    )


def test_eip_template_comments_are_recognised_in_a_document(eip) -> None:  # type: ignore[no-untyped-def]
    document = (PROCESSES / "eips" / "EIPS" / "eip-7612.md").read_text().split("\n")
    comments = find_comments(document)
    left = [
        (c.line + 1, c.end_line + 1)
        for c in comments
        if is_template_comment(c, eip.instruction_keys)
    ]
    assert left == [(158, 165), (173, 179)]
    assert not is_template_comment(" TODO ", eip.instruction_keys)


def test_rfc_template_is_bullets_with_prose_instructions(rfc) -> None:  # type: ignore[no-untyped-def]
    assert (rfc.header_form, rfc.instruction_style) == ("bullets", "prose")
    fields = {f.name: f for f in rfc.fields}
    assert fields["Start Date"].kind == "date"
    assert fields["Start Date"].date_format == "YYYY-MM-DD"
    assert fields["Feature Name"].placeholder_text == (
        "(fill me in with a unique ident, `my_awesome_feature`)"
    )
    assert fields["RFC PR"].blank_number and fields["Rust Issue"].blank_number
    # An example link with its number left blank: no default, the whole value is the blank.
    assert (fields["RFC PR"].default, fields["RFC PR"].placeholder_text) == (
        None,
        "[rust-lang/rfcs#0000](https://github.com/rust-lang/rfcs/pull/0000)",
    )
    assert rfc.field("RFC PR #") is fields["RFC PR"]
    by_title = {s.title: s for s in rfc.sections}
    assert by_title["Motivation"].priority == "essential"
    assert not any(s.optional for s in rfc.sections)
    assert by_title["Summary"].instructions == ("One paragraph explanation of the feature.",)
    # The `[summary]: #summary` anchors are the template's, not instructions.
    assert "[summary]: #summary" not in " ".join(by_title["Summary"].instructions)


def test_rfc_prose_instructions_and_fill_me_in_placeholders(rfc) -> None:  # type: ignore[no-untyped-def]
    keys = rfc.instruction_keys
    assert is_instruction_line("One paragraph explanation of the feature.", keys)
    assert is_instruction_line("Why should we *not* do this?", keys)
    assert is_instruction_line("- Corner cases are dissected by example.", keys)
    assert not is_instruction_line("Why not?", keys)
    assert not is_instruction_line("This RFC explains the feature in one paragraph.", keys)
    line = "- Feature Name: (fill me in with a unique ident, `my_awesome_feature`)"
    assert find_placeholders(line, rfc.blank_pattern) == [(16, 70)]
    assert find_placeholders("- Feature Name: (`bindeps`)", rfc.blank_pattern) == []


def test_headings_match_loosely_and_near_misses_are_suggested(rfc) -> None:  # type: ignore[no-untyped-def]
    guide = rfc.find_section("Guide Level Explanation", None)
    assert guide is not None and guide.title == "Guide-level explanation"
    assert rfc.find_section("Guilde-level explanation", None) is None
    assert rfc.suggest_section("Guilde-level explanation", None) is guide
    assert rfc.suggest_section("Completely different", None) is None


def test_optional_heading_note_and_if_applicable_fields() -> None:
    schema = parse_template(
        "# Feature name\n\n"
        "* Proposal: [SE-NNNN](NNNN-filename.md)\n"
        "* Review Manager: TBD\n"
        "* Status: **Awaiting implementation** or **Awaiting review**\n"
        "* Bug: *if applicable* [apple/swift#NNNNN](https://github.com/apple/swift/issues/NNNNN)\n"
        "\n## Introduction\n\nA short description of what the feature is.\n"
        "\n## User Stories (Optional)\n\nDescribe the stories of the users here.\n"
        "\n<<[UNRESOLVED optional short context ]>>\nStuff.\n<<[/UNRESOLVED]>>\n",
        statuses=(StatusValue("Awaiting review", "review", ""),),
    )
    fields = {f.name: f for f in schema.fields}
    assert fields["Bug"].presence == "optional"
    assert fields["Bug"].template_value.startswith("[apple/swift#NNNNN]")
    assert fields["Review Manager"].placeholder == "TBD"
    assert fields["Proposal"].blank_number
    stories = schema.find_section("User Stories", None)
    assert stories is not None and stories.optional
    assert schema.find_section("user-stories (optional)", None) is stories
    assert ("<<[", "UNRESOLVED", "]>>") in schema.blanks.keywords
    assert find_placeholders(
        "<<[UNRESOLVED who decides? ]>> x <<[/UNRESOLVED]>>", schema.blank_pattern
    ) == [
        (0, 30),
        (33, 50),
    ]


def test_emphasis_and_bracketed_values() -> None:
    assert strip_emphasis("**Implemented (Swift 5.9)**") == "Implemented (Swift 5.9)"
    assert whole_value_placeholder("<URL>") == ("<", "URL", ">")
    assert whole_value_placeholder("[text](https://x.org)") is None
    assert whole_value_placeholder("(a) and (b)") is None


def test_configuration_tables_change_the_schema(tmp_path: Path) -> None:
    tables = TemplateTables(
        sections=(("Motivation", "important"), ("Prior art", "not-required")),
        aliases=(("Detailed design", "Reference-level explanation"),),
        fields=(("Tracking Issue", "", "optional"), ("Start Date", "", "optional")),
    )
    schema = load_template(RFC_TEMPLATE, None, tables)
    by_title = {s.title: s for s in schema.sections}
    assert by_title["Motivation"].priority == "important"
    assert by_title["Prior art"].optional
    assert schema.find_section("Detailed Design", None) is by_title["Reference-level explanation"]
    assert [(f.name, f.presence, f.in_template) for f in schema.fields[1:]] == [
        ("Start Date", "optional", True),
        ("RFC PR", "required", True),
        ("Rust Issue", "required", True),
        ("Tracking Issue", "optional", False),
    ]
    assert load_template(RFC_TEMPLATE, None, tables) is schema


def test_process_configurations_resolve_to_their_templates() -> None:
    eips = resolve(PROCESSES / "eips" / "EIPS" / "eip-712.md")
    assert eips.problems == ()
    schema = eips.settings.schema()
    assert schema.field("eip").kind == "number"
    assert not schema.field("eip").in_template
    assert schema.field("status").choices[:3] == ("Draft", "Review", "Last Call")
    rfcs = resolve(PROCESSES / "rfcs" / "text" / "2912-rust-analyzer.md")
    assert rfcs.problems == ()
    assert rfcs.settings.options["default-stage"] == "final"
    assert rfcs.settings.schema().header_form == "bullets"


def test_answered_template_questions_are_not_leftovers(rfc) -> None:  # type: ignore[no-untyped-def]
    keys = rfc.instruction_keys
    answered = ["## Drawbacks", "", "Why should we *not* do this?", "", "Possibly low value add."]
    assert is_answered_question(answered, 2, keys)
    left = ["Why should we *not* do this?", "", "## Rationale and alternatives"]
    assert not is_answered_question(left, 0, keys)
    listed = [
        "- Why is this design the best in the space of possible designs?",
        "- What is the impact of not doing this?",
    ]
    assert not is_answered_question(listed, 0, keys)
    assert not is_answered_question(listed, 1, keys)


def test_stubs_and_strangers_are_not_proposals() -> None:
    schema = resolve(PROCESSES / "eips" / "EIPS" / "eip-712.md").settings.schema()
    stub = read_front_matter((PROCESSES / "eips" / "EIPS" / "eip-1046.md").read_text().split("\n"))
    assert stub is not None
    assert not schema.is_proposal_header([f.name for f in stub.fields], 0)
    full = read_front_matter((PROCESSES / "eips" / "EIPS" / "eip-712.md").read_text().split("\n"))
    assert full is not None
    assert schema.is_proposal_header([f.name for f in full.fields], 0)
    assert schema.is_proposal_header(["status", "eip"], 3)
    assert not schema.is_proposal_header(["name", "version", "status"], 3)


def test_header_lines_and_skeleton_in_the_templates_form(eip, rfc) -> None:  # type: ignore[no-untyped-def]
    assert eip.header_line("status", "Draft") == "status: Draft"
    assert rfc.header_line("Start Date", "2026-12-03") == "- Start Date: 2026-12-03"
    assert eip.header_skeleton().split("\n")[:2] == [
        "---",
        "title: <The EIP title is a few words, not a complete sentence>",
    ]
    assert eip.header_skeleton().split("\n")[-1] == "---"
    assert rfc.header_skeleton() == "\n".join(RFC_TEMPLATE.read_text().split("\n")[:4])


def test_a_date_field_from_the_configuration_takes_the_templates_date_format() -> None:
    schema = resolve(PROCESSES / "eips" / "x.md").settings.schema()
    deadline = schema.field("last-call-deadline")
    assert (deadline.kind, deadline.date_format, deadline.presence) == (
        "date",
        "YYYY-MM-DD",
        "optional",
    )


def test_status_values_are_read_without_emphasis_or_a_note() -> None:
    schema = parse_template(
        "# T\n\n* Proposal: [SE-NNNN](NNNN-filename.md)\n* Status: **Awaiting review**\n\n## Introduction\n\nText here.\n",
        statuses=(
            StatusValue("Implemented", "final", ""),
            StatusValue("Awaiting review", "review", ""),
        ),
    )
    assert schema.status("**Implemented (Swift 5.9)**") is schema.statuses[0]
    assert schema.status("Awaiting Review") is schema.statuses[1]
    assert schema.status("Implemented soon") is None


def test_a_choice_is_read_without_emphasis_or_a_note_but_with_its_case(eip) -> None:  # type: ignore[no-untyped-def]
    kind = eip.field("type")
    assert eip.choice_of(kind, "**Meta**") == "Meta"
    assert eip.choice_of(kind, "Standards Track (Core)") == "Standards Track"
    assert eip.choice_of(kind, "meta") is None


def test_a_title_with_a_blank_number_names_the_proposals() -> None:
    schema = parse_template(
        "# KEP-NNNN: Your short, descriptive title\n\n## Summary\n\n<!-- Write it. -->\n"
    )
    assert schema.header_form == "none"
    assert schema.titles_a_proposal("KEP-1287: In-Place Update of Pod Resources")
    assert schema.titles_a_proposal("kep-42:x")
    assert not schema.titles_a_proposal("KEP-1287 notes")
    assert not schema.titles_a_proposal("Keeping things tidy")
    assert parse_template(RFC_TEMPLATE.read_text()).proposal_title is None
