"""Regression (issue 12 item 7): one stray ``` before `## Implementation` in a long finished
PEP gave missing-section findings on a heading far above and nothing on the fence's line.
Now: one S105 on the stray fence's line, saying what it hides, and nothing else."""

from __future__ import annotations

from pathlib import Path

from pep_lsp.engine.check import check
from pep_lsp.findings import Severity
from pep_lsp.text import Span
from tests.conftest import apply_edits

PEP = Path(__file__).parents[1] / "data" / "realprose" / "pep-2982-eip-serenity-phase-0.md"


def test_a_stray_fence_before_implementation_is_one_finding_on_its_line() -> None:
    text = PEP.read_text(encoding="utf-8").replace(
        "\n## Implementation\n", "\n```\n\n## Implementation\n", 1
    )
    lines = text.split("\n")
    stray = lines.index("## Implementation") - 2
    assert lines[stray] == "```"
    assert [(f.code, f.message, f.span, f.severity) for f in check(text)] == [
        (
            "S105",
            "Code fence runs to line 451 and hides 3 section headings, from '## Implementation' on line 428: "
            "close it before them, or delete it if it is stray",
            Span.on_line(stray, 0, 3),
            Severity.ERROR,
        ),
    ]


def test_the_same_fence_left_open_to_the_end_is_one_finding_with_a_fix() -> None:
    text = PEP.read_text(encoding="utf-8")
    implementation = text.index("\n## Implementation\n")
    # Every fence after it removed: the stray one now runs to the end of the document.
    tail = "\n".join(
        line for line in text[implementation:].split("\n") if not line.startswith("```")
    )
    text = text[:implementation] + "\n```\n" + tail
    lines = text.split("\n")
    stray = lines.index("## Implementation") - 2
    [finding] = check(text)
    assert (finding.code, finding.span, finding.severity) == (
        "S105",
        Span.on_line(stray, 0, 3),
        Severity.ERROR,
    )
    assert finding.message.startswith("Code fence never closed: it hides ")
    assert finding.message.endswith(
        f"section headings, from '## Implementation' on line {stray + 3}; close it with ```"
    )
    [fix, _suppress] = finding.fixes
    assert fix.title == "Close the code block before '## Implementation'"
    fixed = apply_edits(text, list(fix.edits))
    assert fixed == text.replace(
        "\n```\n\n## Implementation\n", "\n```\n```\n\n## Implementation\n", 1
    )
    assert check(fixed) == []
