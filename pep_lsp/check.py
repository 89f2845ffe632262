"""The one `check` the CLI and the server share."""

from __future__ import annotations

from dataclasses import dataclass, field

from pep_lsp.document import Document, Model
from pep_lsp.findings import Finding, Severity
from pep_lsp.rules import REGISTRY, Rule, RuleContext
from pep_lsp.template import Schema, load_template


@dataclass(frozen=True)
class Settings:
    """Which rules run, at what severity, against which template."""

    template: str | None = None
    select: tuple[str, ...] = ()  # codes or prefixes; empty means all
    ignore: tuple[str, ...] = ()
    severities: dict[str, Severity | None] = field(default_factory=dict)  # None turns a rule off
    options: dict[str, object] = field(default_factory=dict)

    def enabled(self, code: str) -> bool:
        if self.severities.get(code, True) is None:
            return False
        if self.select and not any(code.startswith(prefix) for prefix in self.select):
            return False
        return not any(code.startswith(prefix) for prefix in self.ignore)

    def schema(self) -> Schema:
        return load_template(self.template)


DEFAULT_SETTINGS = Settings()


def _run_rule(rule: Rule, context: RuleContext, settings: Settings) -> list[Finding]:
    override = settings.severities.get(rule.code)
    found = list(rule.check(context))
    if override is not None:
        found = [Finding(f.code, f.message, f.span, override, f.fixes, f.subject) for f in found]
    return found


def check_model(model: Model, settings: Settings = DEFAULT_SETTINGS) -> list[Finding]:
    """Every finding for one analysed document, sorted by position. Not a PEP: none.

    Always computed afresh, so the fixes findings carry match the model's exact text.
    """
    if not model.is_pep:
        return []
    context = RuleContext(model, settings.options)
    findings = [f for code, rule in REGISTRY.items() if settings.enabled(code) for f in _run_rule(rule, context, settings)]
    findings.sort(key=lambda f: f.sort_key)
    return findings


class Checker:
    """Checks successive versions of one document, re-running only rules whose input changed.

    Rules that read only the structure keep their findings while the model's structure and
    header keys are unchanged (a keystroke in prose). Their findings' messages and ranges stay
    right; the edits of their fixes may not, so code actions use `check_model`.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._key: tuple[object, object] | None = None
        self._structural: dict[str, list[Finding]] = {}

    def run(self, model: Model) -> list[Finding]:
        if not model.is_pep:
            return []
        settings = self.settings
        context = RuleContext(model, settings.options)
        key = (model.structure_key, model.header_key)
        reuse = key == self._key
        findings: list[Finding] = []
        for code, rule in REGISTRY.items():
            if not settings.enabled(code):
                continue
            if rule.reads == "structure":
                if not reuse:
                    self._structural[code] = _run_rule(rule, context, settings)
                findings.extend(self._structural[code])
            else:
                findings.extend(_run_rule(rule, context, settings))
        self._key = key
        findings.sort(key=lambda f: f.sort_key)
        return findings


def check(text: str, settings: Settings = DEFAULT_SETTINGS) -> list[Finding]:
    """Analyse a text from scratch and run the rules."""
    return check_model(Document(text, settings.schema()).model, settings)
