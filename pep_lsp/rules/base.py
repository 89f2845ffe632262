"""The rule registry and what a rule reads."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pep_lsp.document import Model, Section
from pep_lsp.findings import Edit, Finding, Fix, Severity
from pep_lsp.suppression import Directive
from pep_lsp.template import Schema

__all__ = ["Edit", "Finding", "Fix", "Severity", "Rule", "RuleContext", "REGISTRY", "rule"]


@dataclass
class RuleContext:
    """What a rule reads: the model, its schema, the lifecycle stage and the options in force."""

    model: Model
    options: dict[str, object] = field(default_factory=dict)
    # Filled in before the rules that run after suppression (D101): directive, codes that hid nothing.
    unused_suppressions: list[tuple[Directive, tuple[str, ...]]] = field(default_factory=list)
    # The workspace index and this document's path (pep_lsp.index.CrossFile); None: no cross-file rules.
    workspace: Any = None

    @property
    def schema(self) -> Schema:
        return self.model.schema

    @cached_property
    def stage(self) -> str:
        """draft, review or final: from the Status value, Draft when it is missing or unknown."""
        schema = self.schema
        header = self.model.header
        if header is not None and schema.status_field:
            line = header.get(schema.status_field)
            status = schema.status(line.value) if line else None
            if status is not None:
                return status.stage
        return "draft"

    def by_stage(self, severity: Severity) -> Severity:
        """One level softer while the document is a draft."""
        return severity.softer() if self.stage == "draft" else severity

    def section_name(self, line: int) -> str | None:
        section = self.model.section_at(line)
        return section.title if section else None

    def in_author_instructions(self, line: int) -> bool:
        section: Section | None = self.model.section_at(line)
        while section is not None:
            if section.spec is not None and section.spec.is_author_instructions:
                return True
            section = section.parent
        return False


Check = Callable[[RuleContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    check: Check
    reads: str = "text"  # "structure": only headings, fences, block bodies and the header
    after_suppression: bool = False  # runs once inline suppression has been applied to the others

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or self.summary)


REGISTRY: dict[str, Rule] = {}


def rule(
    code: str, name: str, severity: Severity, summary: str, reads: str = "text", after_suppression: bool = False
) -> Callable[[Check], Check]:
    """Register a rule under a stable code. Codes are never reused.

    `reads="structure"` promises the rule looks only at the section tree, fences, whether
    blocks have a body, the header, and the lines its findings span; its findings are then
    reused across keystrokes that change none of those. `after_suppression=True` runs the rule once inline suppression has
    been applied to the others (D101 judges the suppression comments themselves).
    """

    def register(check: Check) -> Check:
        if code in REGISTRY:
            raise ValueError(f"rule code {code} registered twice")
        REGISTRY[code] = Rule(code, name, severity, summary, check, reads, after_suppression)
        return check

    return register
