"""What the documentation says a rule's severity is, is what the rule emits (issue 12, item 8).

`pep-lsp rules`, `pep-lsp rule CODE`, docs/rules.md and SARIF all print a rule's declared
`Severities` (per lifecycle stage). Here every rule runs on fixtures that trigger it, with
the document's Status set to a value of each stage (Draft, Discussion, Accepted), and the
severities it emits at each stage must be exactly the declared ones: none undeclared, and
every declared one seen. A new rule without a fixture here fails the test.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections import defaultdict
from pathlib import Path

from pep_lsp.cli import run_rule, run_rules
from pep_lsp.cli.report import FileResult, sarif_report
from pep_lsp.cli.rules_doc import render_rule, render_rules
from pep_lsp.config import workspace_for_check
from pep_lsp.engine.check import Settings, check
from pep_lsp.findings import Severity
from pep_lsp.model.document import Document
from pep_lsp.rules import REGISTRY
from pep_lsp.rules.registry import STAGES, RuleContext, Severities
from pep_lsp.template import default_schema
from tests.conftest import fixture_text, template_text
from tests.rules.fixtures import every_case
from tests.rules.fixtures import run as run_case
from tests.test_rules import CLEAN, proposal

STATUS_AT = {"draft": "Draft", "review": "Discussion", "final": "Accepted"}

WORDS_301 = " ".join(["word"] * 301)
AUTHOR_INSTRUCTIONS = "\n## Author Instructions\n\n**Before submitting this PEP:**\n\n- [ ] Remove all instruction text\n"

# One text per rule (or per way a rule decides its severity), each a clean PEP with one thing
# wrong; the Status line is then set to each stage's value.
FIXTURES: dict[str, list[str]] = {
    "C101": [CLEAN.replace("We describe abstract here in plain words.", WORDS_301)],
    "D101": [
        CLEAN.replace("## Abstract\n", "<!-- pep-lsp-disable-next-line H205 -->\n## Abstract\n")
    ],
    "D102": [CLEAN.replace("## Abstract\n", "<!-- pep-lsp-enabel -->\n## Abstract\n")],
    # A title in the `# PEP N:` form says it is a PEP (issue 12 item 5), so a missing header is told.
    "H100": [
        "# PEP 9100: Tidy logs\n" + CLEAN[CLEAN.index("```\n", CLEAN.index("Version:")) + 4 :]
    ],  # no header: a Draft, whatever it says
    "H101": [CLEAN.replace("Version: 1.0\n", "")],
    "H102": [CLEAN.replace("Version: 1.0\n", "Version: 1.0\nReviewer: Bo\n")],
    "H103": [CLEAN.replace("Type: Standard\n", "Type: Standard\nType: Standard\n")],
    "H104": [
        CLEAN.replace("Title: Tidy logs\nAuthor", "Author").replace(
            "Version: 1.0\n", "Version: 1.0\nTitle: Tidy logs\n"
        )
    ],
    "H105": [CLEAN.replace("Version: 1.0", "Version: 1.0\nsee the thread for details")],
    "H201": [
        CLEAN.replace("PEP: 9100", "PEP: 12a"),
        CLEAN.replace("PEP: 9100", "PEP:"),
    ],  # not a number; blank
    "H202": [CLEAN.replace("Title: Tidy logs", "Title:")],
    "H203": [
        CLEAN.replace(
            "Title: Tidy logs",
            "Title: " + "A title that goes on for much longer than fifty characters",
        )
    ],
    "H204": [CLEAN.replace("Author: Ada Lovelace <ada@corp.test>", "Author: Ada Lovelace")],
    "H205": [CLEAN.replace("Type: Standard", "Type: Standrad")],
    "H206": [CLEAN.replace("Created: 01-09-2026", "Created: 2026-09-01")],
    "H207": [CLEAN.replace("Updated: 02-09-2026", "Updated: 01-08-2026")],
    "H208": [CLEAN.replace("Version: 1.0", "Version: v1")],
    "L101": [
        CLEAN.replace(
            "We describe motivation here in plain words.",
            "*[Explain why this change is needed. Address:]*",
        )
    ],
    "L102": [
        CLEAN.replace(
            "We describe motivation here in plain words.",
            "We describe motivation here in [Target] words.",
        )
    ],
    "L103": [
        CLEAN.replace(
            "We describe references here in plain words.",
            "- [Link 1: Description](https://example.com)",
        )
    ],
    "L104": [
        CLEAN.replace(
            "We describe development plan here in plain words.", "- [ ] Set up cache infrastructure"
        )
    ],
    "L105": [CLEAN + AUTHOR_INSTRUCTIONS],
    # Essential, Important, unlisted and Optional sections and a subsection missing: each priority.
    "S101": [
        CLEAN.replace("## Motivation\n", "## Motivation2\n")
        .replace("## Rationale\n", "## Rationale2\n")
        .replace("## Success Metrics\n", "## Metrics2\n")
        .replace("## Appendices\n", "## Appendices2\n")
        .replace("### Use Cases\n", "### Cases2\n")
    ],
    "S102": [CLEAN.replace("## Abstract\n", "## Abstract2\n") + "\n## Abstract\n\nLate.\n"],
    "S103": [CLEAN + "\n## Motivation\n\nMore motivation.\n"],
    "S104": [CLEAN.replace("We describe timeline here in plain words.\n", "")],
    "S105": [CLEAN.replace("## Rationale\n", "```\n\n## Rationale\n")],
    "H106": [
        CLEAN.replace(
            "Title: Tidy logs", "Title: [Short descriptive title - 50 characters or less]"
        )
    ],
    "P101": [
        CLEAN.replace(
            "We describe motivation here in plain words.", "We recieve it in a seperate message."
        )
    ],
    "X108": [
        CLEAN.replace("We describe motivation here", "Unlike PEP 12, we describe motivation here")
    ],  # PEP 12 is Rejected (NEIGHBOURS)
    # A lower-case field name keeps `at_stage` from replacing the status: Superseded stays a review status.
    "X109": [CLEAN.replace("Status: Discussion", "status: Superseded")],
    "X110": [CLEAN + "\n[spare]: https://example.org/spare\n"],
}
# Rules that need more than a text: options (U101's results of `--check-urls`) ...
OPTIONS = {
    "U101": (
        CLEAN.replace(
            "We describe motivation here in plain words.", "See https://docs.corp.internal/gone."
        ),
        {"url-results": {"https://docs.corp.internal/gone": "HTTP 404"}},
    )
}
# ... or a workspace: files of one folder, the first checked with the others indexed beside it.
BODY = "\nSee PEP 13, PEP 14, [notes](notes.md), [a](#nowhere).\n\n[x]: https://example.org/1\n[x]: https://example.org/2\n"
WORKSPACES: dict[str, dict[str, str]] = {
    "X101": {"pep-0012.md": proposal(12, "Caching"), "pep-0012-b.md": proposal(12, "Logging")},
    "X102": {"pep-0012.md": proposal(12, "Caching", BODY), "pep-0013.md": proposal(13, "Metrics")},
    "X105": {"pep-0042.md": proposal(43, "Caching")},
    "X106": {
        "pep-0012.md": proposal(12, "Caching", BODY),
        "pep-0013.md": proposal(13, "Metrics").replace("Status: Discussion", "Status: Draft"),
    },
}
for code in ("X103", "X104", "X107"):
    WORKSPACES[code] = WORKSPACES["X102"]
# Rules that compare a document with others: the proposals of the workspace its fixtures are
# checked in (number: status).
NEIGHBOURS = {"X108": {12: "Rejected"}}
# The whole template and the bundled example documents, as found.
DOCUMENTS = [
    template_text(),
    *(fixture_text(name) for name in ("complete.md", "draft.md", "half-filled.md")),
]
# Without a header there is no Status: such a document is always a Draft.
UNREACHABLE = {("H100", "review"), ("H100", "final")}
# Only a proposal at a final stage is told that it refers to a draft.
UNREACHABLE |= {("X106", "draft"), ("X106", "review")}
# X108 judges only final proposals; X109 only Superseded ones, a review status.
UNREACHABLE |= {("X108", "draft"), ("X108", "review"), ("X109", "draft"), ("X109", "final")}


def at_stage(text: str, stage: str) -> str:
    lines = text.split("\n")
    return "\n".join(
        f"Status: {STATUS_AT[stage]}" if line.startswith("Status:") else line for line in lines
    )


def emitted() -> dict[tuple[str, str], set[Severity]]:
    """Per (code, stage the document is really at): the severities found on every text, and on
    every case of every rule's fixture (tests/rules/<CODE>.md)."""
    found: dict[tuple[str, str], set[Severity]] = defaultdict(set)
    for case in every_case():
        for stage in STAGES:
            staged = at_stage(case.text, stage)
            real = RuleContext(Document(staged, default_schema()).model).stage
            for finding in run_case(case, staged):
                found[(finding.code, real)].add(finding.severity)
    texts = [(text, NEIGHBOURS.get(code)) for code, texts in FIXTURES.items() for text in texts] + [
        (text, None) for text in DOCUMENTS
    ]
    for text, neighbours in texts:
        for stage in STAGES:
            staged = at_stage(text, stage)
            real = RuleContext(Document(staged, default_schema()).model).stage
            for finding in check(
                staged, workspace=workspace_of(neighbours) if neighbours else None
            ):
                found[(finding.code, real)].add(finding.severity)
    for stage in STAGES:
        for text, options in OPTIONS.values():
            staged = at_stage(text, stage)
            real = RuleContext(Document(staged, default_schema()).model).stage
            for finding in check(staged, Settings(options=options)):
                found[(finding.code, real)].add(finding.severity)
        for files in WORKSPACES.values():
            with tempfile.TemporaryDirectory() as folder:
                paths = [Path(folder) / name for name in files]
                for path, text in zip(paths, files.values()):
                    path.write_text(
                        at_stage(text, stage) if path == paths[0] else text, encoding="utf-8"
                    )
                staged = paths[0].read_text(encoding="utf-8")
                real = RuleContext(Document(staged, default_schema()).model).stage
                view = workspace_for_check([folder])
                for finding in check(staged, Settings(), view(paths[0], staged)):
                    found[(finding.code, real)].add(finding.severity)
    return found


def workspace_of(neighbours: dict[int, str]):
    """An index holding the fixture (as pep-9100.md) and one proposal per neighbour number."""
    from pep_lsp.workspace.index import CrossFile, Index, naming_of, scan
    from tests.test_rules import HEADER, clean_pep

    schema = default_schema()
    index = Index(naming_of(schema))
    for number, status in neighbours.items():
        text = clean_pep(
            HEADER.replace("9100", str(number)).replace("Status: Discussion", f"Status: {status}")
        )
        index.put(scan(text.split("\n"), schema, f"/workspace/pep-{number:04d}.md"))
    return CrossFile(index, "/workspace/pep-9100.md")


def test_every_rule_emits_exactly_its_documented_severities_at_every_stage() -> None:
    covered = set(FIXTURES) | set(OPTIONS) | set(WORKSPACES)
    assert covered >= set(REGISTRY), f"add a fixture for {sorted(set(REGISTRY) - covered)}"
    found = emitted()
    wrong = {}
    for code, registered in sorted(REGISTRY.items()):
        for stage in STAGES:
            if (code, stage) in UNREACHABLE:
                assert not found.get((code, stage))
                continue
            declared = set(registered.severities.at(stage))
            seen = found.get((code, stage), set())
            if seen != declared:
                wrong[(code, stage)] = (
                    sorted(s.label for s in declared),
                    sorted(s.label for s in seen),
                )
    assert wrong == {}, "declared vs emitted"


def test_the_documented_forms_of_stage_dependent_severities() -> None:
    """What each place prints, for a fixed rule, a rule softer in a Draft, one that follows the
    stage and one whose severity depends on the finding."""
    assert [
        REGISTRY[code].severities.short() for code in ("H205", "C101", "L102", "H201", "S101")
    ] == [
        "error",
        "warning, draft: info",
        "draft: info, review: warning, final: error",
        "error/warning, draft: error",
        "error/warning/info/hint, draft: warning/info/hint",
    ]
    assert (
        REGISTRY["H201"].severities.describe()
        == "error or warning; error in a Draft (warning when the number is blank after Draft)"
    )
    assert (
        REGISTRY["L102"].severities.describe()
        == "information in a Draft, warning under review, error once final"
    )
    assert Severities.softer_in_draft(Severity.HINT) == Severities.fixed(Severity.HINT)


def test_rules_rule_docs_and_sarif_print_the_declared_severities() -> None:
    out = io.StringIO()
    run_rules(out)
    rows = {line.split()[0]: line for line in out.getvalue().splitlines()}
    for code, registered in REGISTRY.items():
        assert f" {registered.severities.short()} " in rows[code], rows[code]
        single = io.StringIO()
        run_rule(code, single)
        assert single.getvalue().startswith(
            f"{code} {registered.name} (severity: {registered.severities.describe()})\n\n"
        )
        assert f"Severity: **{registered.severities.describe()}**." in render_rule(registered)
        assert f"| {registered.severities.short()} |" in render_rules()
    report = json.loads(json.dumps(sarif_report([FileResult("x.md", [""], [])])))
    for entry in report["runs"][0]["tool"]["driver"]["rules"]:
        severities = REGISTRY[entry["id"]].severities
        level = {"error": "error", "warning": "warning"}.get(severities.default.label, "note")
        assert entry["defaultConfiguration"]["level"] == level
        assert entry["properties"]["severityByStage"] == {
            stage: [s.label for s in severities.at(stage)] for stage in STAGES
        }
        assert f"Severity: {severities.describe()}." in entry["fullDescription"]["text"]
