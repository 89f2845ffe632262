"""The one `check` the CLI and the server share."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pep_lsp.engine.suppression import apply_suppressions, suppress_fix
from pep_lsp.findings import Finding, Severity
from pep_lsp.kinds import Reads
from pep_lsp.model.document import Document
from pep_lsp.model.model import Model
from pep_lsp.rules import REGISTRY, Rule, RuleContext
from pep_lsp.rules.directives import UNUSED_CODE
from pep_lsp.template import Schema, StatusValue, TemplateTables, load_template
from pep_lsp.workspace.index import CrossFile, Proposal


@dataclass(frozen=True)
class Settings:
    """Which rules run, at what severity, against which template and Status vocabulary."""

    template: str | None = None
    select: tuple[str, ...] = ()  # codes or prefixes; empty means all
    ignore: tuple[str, ...] = ()
    severities: dict[str, Severity | None] = field(default_factory=dict)  # None turns a rule off
    options: dict[str, object] = field(default_factory=dict)
    statuses: tuple[StatusValue, ...] | None = None  # None: the bundled vocabulary
    tables: TemplateTables | None = None  # the configuration's sections, aliases, fields

    def enabled(self, code: str) -> bool:
        if self.severities.get(code, True) is None:
            return False
        if self.select and not any(code.startswith(prefix) for prefix in self.select):
            return False
        return not any(code.startswith(prefix) for prefix in self.ignore)

    def schema(self) -> Schema:
        return load_template(self.template, self.statuses, self.tables)


DEFAULT_SETTINGS = Settings()


def rules_to_run(settings: Settings, after_suppression: bool = False) -> list[Rule]:
    """The registered rules these settings enable, in registry order: those that judge the
    other findings (`after_suppression`) or the others. Remembered for the settings object
    (`check` runs one per folder over every file: ~20 µs a file to decide again); the list
    is shared, never to be changed."""
    key = (id(settings), after_suppression)
    known = _PLANS.get(key)
    if known is not None and known[0] is settings and known[1] == len(REGISTRY):
        return known[2]
    plan = [
        rule
        for code, rule in REGISTRY.items()
        if rule.after_suppression == after_suppression and settings.enabled(code)
    ]
    if len(_PLANS) >= 64:
        _PLANS.clear()
    _PLANS[key] = (settings, len(REGISTRY), plan)
    return plan


_PLANS: dict[tuple[int, bool], tuple[Settings, int, list[Rule]]] = {}
"""`rules_to_run`'s answers by settings object (held, so its id is not reused) and kind."""


def run_rule(rule: Rule, context: RuleContext, settings: Settings) -> list[Finding]:
    """What one rule reports, at the severity the settings give its code when they give one."""
    override = settings.severities.get(rule.code)
    found = rule.run(context)
    if override is not None:
        found = [replace(f, severity=override) for f in found]
    return found


def run_rules(context: RuleContext, settings: Settings) -> list[Finding]:
    """Every enabled rule but those judging suppression, in registry order (not yet suppressed)."""
    return [f for rule in rules_to_run(settings) for f in run_rule(rule, context, settings)]


def finish(
    model: Model, context: RuleContext, settings: Settings, findings: list[Finding], with_fix: bool
) -> list[Finding]:
    """Apply the inline suppression comments, run the rules that judge them (D101), give every
    other finding a last, non-preferred fix that suppresses it on its line (`with_fix`), and sort."""
    outcome = apply_suppressions(model, findings)
    result = outcome.kept
    if with_fix:
        result = [replace(f, fixes=(*f.fixes, suppress_fix(model, f))) for f in result]
    if outcome.unused:
        context.unused_suppressions = outcome.unused
        late = [
            f
            for rule in rules_to_run(settings, after_suppression=True)
            for f in run_rule(rule, context, settings)
        ]
        result.extend(apply_suppressions(model, late).kept)
    result.sort(key=lambda f: f.sort_key)
    return result


def check_model(
    model: Model,
    settings: Settings = DEFAULT_SETTINGS,
    workspace: CrossFile | None = None,
    with_suppress_fix: bool = True,
) -> list[Finding]:
    """Every finding for one analysed document, sorted by position. Not a PEP: none.

    Always computed afresh, so the fixes findings carry match the model's exact text; each
    finding but D101's ends with the "Suppress CODE on this line" fix, unless
    `with_suppress_fix` is False (a report that shows no fixes: `check` but in JSON).
    """
    if not model.is_pep:
        return []
    context = RuleContext(model, settings.options, workspace=workspace)
    return finish(
        model, context, settings, run_rules(context, settings), with_fix=with_suppress_fix
    )


class Checker:
    """Checks successive versions of one document, re-running only rules whose input changed.

    Rules that read only the structure keep their findings while the model's structure and
    header keys are unchanged (a keystroke in prose), unless a finding's range reaches a line
    that changed: its columns may have come from that line's length. Their findings'
    messages and ranges stay right; the edits of their fixes may not, so code actions use
    `check_model`. Suppression comments are applied afresh on every run; the "Suppress CODE"
    fixes are left to `check_model` (diagnostics do not carry fixes, and building one per
    finding per keystroke would more than double the cost of a run with many findings).

    Cross-file rules that read only the document's index entry (`reads=Reads.ENTRY`) keep their
    findings while that entry (number, title, status, headings, anchors, links, mentions
    and their places), the index's version, the view and the schema are unchanged: a
    keystroke in prose changes none of them, so only their ~0.1 ms pass is saved, never a
    finding (the entry holds every place they report at).
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._key: tuple[object, object] | None = None
        self._last: Model | None = None
        self._structural: dict[str, list[Finding]] = {}
        # What the `Reads.ENTRY` rules last read: the view, its index, the index's version,
        # the schema (compared by identity) and the document's own entry (by value).
        self._entry_key: tuple[CrossFile, object, int, Schema, Proposal] | None = None
        self._by_entry: dict[str, list[Finding]] = {}
        self._plan = rules_to_run(settings)  # decided once: the plan is walked on every keystroke

    def run(self, model: Model, workspace: CrossFile | None = None) -> list[Finding]:
        if not model.is_pep:
            self._last = self._entry_key = None
            return []
        settings = self.settings
        context = RuleContext(model, settings.options, workspace=workspace)
        key = (model.structure_key, model.header_key)
        # Reusable only from the version this model was derived from: its changed lines are
        # relative to that one.
        reuse = key == self._key and self._last is not None and model.based_on is self._last
        same_entry = self._same_entry(model, workspace)
        findings: list[Finding] = []
        for rule in self._plan:
            if rule.reads is Reads.ENTRY:
                kept = self._by_entry.get(rule.code) if same_entry else None
                if kept is None:
                    kept = self._by_entry[rule.code] = run_rule(rule, context, settings)
                findings.extend(kept)
            elif rule.reads is Reads.STRUCTURE:
                kept = self._structural.get(rule.code) if reuse else None
                if kept is None or (
                    kept and any(model.touches_changed_lines(f.span) for f in kept)
                ):
                    kept = self._structural[rule.code] = run_rule(rule, context, settings)
                findings.extend(kept)
            else:
                findings.extend(run_rule(rule, context, settings))
        self._key, self._last = key, model
        return finish(model, context, settings, findings, with_fix=False)

    def _same_entry(self, model: Model, workspace: CrossFile | None) -> bool:
        """Do the `Reads.ENTRY` rules read what they read last time? Records what they read
        now. No workspace: they report nothing, and are simply run."""
        if not isinstance(workspace, CrossFile):
            self._entry_key = None
            return False
        index = workspace.index
        entry = workspace.own_model(model)  # cached: the rules read this same object
        last = self._entry_key
        self._entry_key = (workspace, index, index.version, model.schema, entry)
        return (
            last is not None
            and last[0] is workspace
            and last[1] is index
            and last[2] == index.version
            and last[3] is model.schema
            and (last[4] is entry or last[4] == entry)
        )


def check(
    text: str,
    settings: Settings = DEFAULT_SETTINGS,
    workspace: CrossFile | None = None,
    *,
    claimed: bool = False,
) -> list[Finding]:
    """Analyse a text from scratch and run the rules. `claimed`: a PEP by its file name or the
    configuration, whatever the text says (see `Model.is_pep`); `workspace`, a
    `pep_lsp.workspace.index.CrossFile`, runs the cross-file rules too."""
    return check_model(Document(text, settings.schema(), claimed).model, settings, workspace)


__all__ = [
    "DEFAULT_SETTINGS",
    "Checker",
    "Settings",
    "UNUSED_CODE",
    "check",
    "check_model",
    "finish",
    "rules_to_run",
    "run_rule",
    "run_rules",
]
