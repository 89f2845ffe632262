"""The rule API: a rule reports a span, a message and its fixes through `ctx.report`; the code
and the default severity (the declared one at the document's stage) come from the registry."""

from __future__ import annotations

import pytest

from pep_lsp.findings import Finding, Severity
from pep_lsp.model.document import Document
from pep_lsp.rules.registry import Rule, RuleContext, Severities
from pep_lsp.template import default_schema
from pep_lsp.text import Span
from tests.test_rules import CLEAN

AT = Span.on_line(0, 0, 1)


def context(status: str) -> RuleContext:
    text = CLEAN.replace("Status: Discussion", f"Status: {status}")
    return RuleContext(Document(text, default_schema()).model)


def reports_twice(ctx: RuleContext) -> None:
    """Reports once at the declared severity and once at one it passes."""
    ctx.report(AT, "declared", subject="x")
    ctx.report(AT, "passed", severity=Severity.HINT)


RULE = Rule(
    "Z999",
    "example",
    Severity.WARNING,
    "",
    reports_twice,
    Severities((Severity.INFORMATION,), (Severity.WARNING, Severity.HINT), (Severity.ERROR,)),
)


@pytest.mark.parametrize(
    ("status", "declared"),
    [
        ("Draft", Severity.INFORMATION),
        ("Discussion", Severity.WARNING),
        ("Accepted", Severity.ERROR),
    ],
)
def test_report_takes_the_code_and_the_stage_s_declared_severity(
    status: str, declared: Severity
) -> None:
    assert RULE.run(context(status)) == [
        Finding("Z999", "declared", AT, declared, (), "x"),
        Finding("Z999", "passed", AT, Severity.HINT),
    ]


def test_report_outside_a_running_rule_is_refused() -> None:
    with pytest.raises(RuntimeError, match="outside a running rule"):
        context("Draft").report(AT, "nobody runs")
