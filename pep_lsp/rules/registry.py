"""The rule registry and what a rule reads."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from pep_lsp.findings import Edit, Finding, Fix, FixKind, Related, Severity
from pep_lsp.kinds import Reads
from pep_lsp.model.directives import Directive
from pep_lsp.model.model import Model, Section
from pep_lsp.template import Schema
from pep_lsp.text import Span

if TYPE_CHECKING:
    from pep_lsp.workspace.index import CrossFile

__all__ = [
    "Edit",
    "Finding",
    "Fix",
    "FixKind",
    "Severity",
    "Severities",
    "Rule",
    "RuleContext",
    "REGISTRY",
    "STAGES",
    "rule",
]

# The lifecycle stages of pep_lsp/data/vocabulary.toml, as rules name them, with how the
# documentation says "at that stage".
STAGES = ("draft", "review", "final")
_AT_STAGE = {"draft": "in a Draft", "review": "under review", "final": "once final"}


@dataclass(frozen=True)
class Severities:
    """The severities a rule emits at each stage of the Status lifecycle (draft, review,
    final), main one first, and what decides between several (`when`). This is what
    `pep-lsp rules`, `pep-lsp rule CODE`, docs/rules.md and SARIF say; a test runs every
    rule's fixtures at every stage and compares what it emits with it."""

    draft: tuple[Severity, ...]
    review: tuple[Severity, ...]
    final: tuple[Severity, ...]
    when: str = ""

    @classmethod
    def fixed(cls, *levels: Severity, when: str = "") -> Severities:
        """The same whatever the Status."""
        return cls(levels, levels, levels, when)

    @classmethod
    def softer_in_draft(cls, *levels: Severity, when: str = "") -> Severities:
        """One level softer while the document is a Draft (`RuleContext.by_stage`)."""
        softer = tuple(dict.fromkeys(level.softer() for level in levels))
        return cls(softer, levels, levels, when)

    def at(self, stage: str) -> tuple[Severity, ...]:
        levels: tuple[Severity, ...] = getattr(self, stage)
        return levels

    @property
    def default(self) -> Severity:
        """The main severity under review, where the vocabulary puts "normal severities"
        (SARIF's defaultConfiguration level)."""
        return self.review[0]

    def short(self) -> str:
        """For tables: `error`, `warning, draft: info`, `draft: info, review: warning, final: error`."""
        names = {
            stage: "/".join(level.label.replace("information", "info") for level in self.at(stage))
            for stage in STAGES
        }
        if names["review"] == names["final"]:
            text = (
                names["review"]
                if names["draft"] == names["review"]
                else f"{names['review']}, draft: {names['draft']}"
            )
        else:
            text = ", ".join(f"{stage}: {names[stage]}" for stage in STAGES)
        return text

    def describe(self) -> str:
        """In words, for the documentation: "warning; information in a Draft"."""

        def words(levels: tuple[Severity, ...]) -> str:
            labels = [level.label for level in levels]
            return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]

        if self.review == self.final:
            text = words(self.review)
            if self.draft != self.review:
                text += f"; {words(self.draft)} {_AT_STAGE['draft']}"
        else:
            text = ", ".join(f"{words(self.at(stage))} {_AT_STAGE[stage]}" for stage in STAGES)
        return f"{text} ({self.when})" if self.when else text


@dataclass
class RuleContext:
    """What a rule reads: the model, its schema, the lifecycle stage and the options in force."""

    model: Model
    options: dict[str, object] = field(default_factory=dict)
    # Filled in before the rules that run after suppression (D101): directive, codes that hid nothing.
    unused_suppressions: list[tuple[Directive, tuple[str, ...]]] = field(default_factory=list)
    # The workspace index and this document's path (pep_lsp.workspace.index.CrossFile); None: no cross-file rules.
    workspace: CrossFile | None = None
    # The rule running now and what it has reported (`report`); set by `Rule.run`.
    _running: Rule | None = field(default=None, repr=False)
    _found: list[Finding] = field(default_factory=list, repr=False)

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
        # No status to read (the template has none, or it is missing): the configuration's
        # `default-stage`, else draft.
        return str(self.options.get("default-stage", "draft"))

    def by_stage(self, severity: Severity) -> Severity:
        """One level softer while the document is a draft."""
        return severity.softer() if self.stage == "draft" else severity

    def report(
        self,
        span: Span,
        message: str,
        *,
        fixes: Iterable[Fix] = (),
        severity: Severity | None = None,
        subject: str = "",
        document_level: bool = False,
        related: Iterable[Related] = (),
    ) -> None:
        """Report a finding of the running rule. Its code is the rule's; its severity is the
        rule's declared one at this document's stage (`Severities.at`), unless the rule passes
        one because it varies with the finding (a missing section's priority)."""
        running = self._running
        if running is None:
            raise RuntimeError("ctx.report() outside a running rule")
        if severity is None:
            severity = running.severities.at(self.stage)[0]
        self._found.append(
            Finding(
                running.code,
                message,
                span,
                severity,
                tuple(fixes),
                subject,
                document_level,
                tuple(related),
            )
        )

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


Check = Callable[[RuleContext], None]


@dataclass(frozen=True)
class Rule:
    """A registered rule: its stable code, what it emits, and the function that checks."""

    code: str
    name: str
    severity: Severity  # the main one under review (`severities.default`)
    summary: str
    check: Check
    severities: Severities  # what it emits at each stage
    reads: Reads = Reads.TEXT  # STRUCTURE: only headings, fences, block bodies and the header;
    # ENTRY: only the document's own index entry, the rest of the index and the view's path
    after_suppression: bool = False  # runs once inline suppression has been applied to the others

    @property
    def doc(self) -> str:
        import inspect  # (only here: `check` never reads a rule's documentation)

        return inspect.cleandoc(self.check.__doc__ or self.summary)

    def run(self, context: RuleContext) -> list[Finding]:
        """What this rule reports on the context's document, in the order reported."""
        outer = (context._running, context._found)
        context._running, context._found = self, []
        try:
            self.check(context)
            return context._found
        finally:
            context._running, context._found = outer


REGISTRY: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: Severity | Severities,
    summary: str,
    reads: Reads = Reads.TEXT,
    after_suppression: bool = False,
) -> Callable[[Check], Check]:
    """Register a rule under a stable code. Codes are never reused.

    `severity` is what the rule emits: one Severity whatever the Status, or `Severities`
    when it follows the Status or the finding (tests/test_severities.py holds it to that).

    `reads=Reads.STRUCTURE` promises the rule looks only at the section tree, fences, whether
    blocks have a body, the header, and the lines its findings span; its findings are then
    reused across keystrokes that change none of those. `reads=Reads.ENTRY` promises a cross-file
    rule looks only at the document's own index entry (`CrossFile.own_model`: number, title,
    status, headings, anchors, links, mentions), the other entries of the index, the view's path
    and the schema (not the file system, not the text); its findings are then reused while
    those are unchanged (a keystroke in prose). `after_suppression=True` runs the rule once
    inline suppression has been applied to the others (D101 judges the suppression comments
    themselves).
    """

    def register(check: Check) -> Check:
        if code in REGISTRY:
            raise ValueError(f"rule code {code} registered twice")
        severities = severity if isinstance(severity, Severities) else Severities.fixed(severity)
        REGISTRY[code] = Rule(
            code, name, severities.default, summary, check, severities, reads, after_suppression
        )
        return check

    return register
