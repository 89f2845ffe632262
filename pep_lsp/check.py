"""The one `check` the CLI and the server share."""

from __future__ import annotations

from dataclasses import dataclass, field

from pep_lsp.document import Document, Model
from pep_lsp.findings import Finding, Severity
from pep_lsp.rules import REGISTRY, RuleContext
from pep_lsp.suppression import UNUSED_CODE, apply_suppressions, suppress_fix
from pep_lsp.template import Schema, StatusValue, load_template


@dataclass(frozen=True)
class Settings:
    """Which rules run, at what severity, against which template and Status vocabulary."""

    template: str | None = None
    select: tuple[str, ...] = ()  # codes or prefixes; empty means all
    ignore: tuple[str, ...] = ()
    severities: dict[str, Severity | None] = field(default_factory=dict)  # None turns a rule off
    options: dict[str, object] = field(default_factory=dict)
    statuses: tuple[StatusValue, ...] | None = None  # None: the bundled vocabulary

    def enabled(self, code: str) -> bool:
        if self.severities.get(code, True) is None:
            return False
        if self.select and not any(code.startswith(prefix) for prefix in self.select):
            return False
        return not any(code.startswith(prefix) for prefix in self.ignore)

    def schema(self) -> Schema:
        return load_template(self.template, self.statuses)


DEFAULT_SETTINGS = Settings()


def _run(context: RuleContext, settings: Settings, after_suppression: bool) -> list[Finding]:
    findings: list[Finding] = []
    for code, registered in REGISTRY.items():
        if registered.after_suppression != after_suppression or not settings.enabled(code):
            continue
        override = settings.severities.get(code)
        for finding in registered.check(context):
            if override is not None:
                finding = Finding(finding.code, finding.message, finding.span, override, finding.fixes, finding.subject)
            findings.append(finding)
    return findings


def check_model(model: Model, settings: Settings = DEFAULT_SETTINGS) -> list[Finding]:
    """Every finding for one analysed document, sorted by position. Not a PEP: none.

    Inline suppression comments are applied to the rules' findings; the rules that judge the
    suppressions themselves (D101) run afterwards. Every finding but D101's carries a last,
    non-preferred fix that suppresses it on its line.
    """
    if not model.is_pep:
        return []
    context = RuleContext(model, settings.options)
    outcome = apply_suppressions(model, _run(context, settings, after_suppression=False))
    context.unused_suppressions = outcome.unused
    late = apply_suppressions(model, _run(context, settings, after_suppression=True)).kept if outcome.unused else []
    findings = [
        Finding(f.code, f.message, f.span, f.severity, (*f.fixes, suppress_fix(model, f)), f.subject)
        for f in outcome.kept
    ]
    findings.extend(late)
    findings.sort(key=lambda f: f.sort_key)
    return findings


def check(text: str, settings: Settings = DEFAULT_SETTINGS) -> list[Finding]:
    """Analyse a text from scratch and run the rules."""
    return check_model(Document(text, settings.schema()).model, settings)


__all__ = ["DEFAULT_SETTINGS", "Settings", "UNUSED_CODE", "check", "check_model"]
