"""The status lifecycle: what a document would get at another status, and moving it there.

The main line of the lifecycle is derived from the Status vocabulary (`data/vocabulary.toml`,
or the `statuses` option): the first value of each stage, in the order draft, review, final
(bundled: Draft, Discussion, Accepted). A document on the main line has a next status; the
other values (Rejected, Withdrawn, ...) are ends or detours and have none.

A document is checked "as if" it had another status by running the rules with that status's
stage: every rule reads the status only through the stage (`RuleContext.stage`), so no text is
rewritten and the findings keep their places. Blockers are the errors and warnings of such a
check. The date field an edit updates is the template's last date field (`Updated`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from pep_lsp.engine.check import Settings, finish, run_rules
from pep_lsp.findings import Edit, Finding, Severity
from pep_lsp.model.dates import format_date, parse_date
from pep_lsp.model.header import HeaderLine
from pep_lsp.model.model import Model
from pep_lsp.rules import RuleContext
from pep_lsp.template import FieldSpec, Schema, StatusValue

STAGES = ("draft", "review", "final")


def main_line(schema: Schema) -> list[StatusValue]:
    """The first status of each stage, in stage order."""
    line = []
    for stage in STAGES:
        first = next((s for s in schema.statuses if s.stage == stage), None)
        if first is not None:
            line.append(first)
    return line


def status_line(model: Model) -> HeaderLine | None:
    header, field = model.header, model.schema.status_field
    return header.get(field) if header is not None and field else None


def current_status(model: Model) -> StatusValue | None:
    line = status_line(model)
    return model.schema.status(line.value) if line is not None else None


def next_status(model: Model) -> StatusValue | None:
    """The status after the current one on the main line; None off it or at its end."""
    current = current_status(model)
    line = main_line(model.schema)
    if current is None or current not in line:
        return None
    index = line.index(current)
    return line[index + 1] if index + 1 < len(line) else None


def check_as(
    model: Model, settings: Settings, status: StatusValue, with_fix: bool = False
) -> list[Finding]:
    """`check_model` as if the document had `status`."""
    if not model.is_pep:
        return []
    context = RuleContext(model, settings.options)
    context.__dict__["stage"] = status.stage  # the cached property, decided here instead
    return finish(model, context, settings, run_rules(context, settings), with_fix)


def blockers(findings: list[Finding]) -> list[Finding]:
    """What stands in the way: errors and warnings (information and hints never do)."""
    return [f for f in findings if f.severity <= Severity.WARNING]


@dataclass(frozen=True)
class Readiness:
    """How many findings block moving the document to `status`."""

    status: StatusValue
    blockers: int

    @property
    def text(self) -> str:
        if not self.blockers:
            return f"Ready for {self.status.name}"
        return f"{self.blockers} blocker{'' if self.blockers == 1 else 's'} for {self.status.name}"


def readiness(model: Model, settings: Settings) -> Readiness | None:
    """How far the document is from the next status of the main line; None when there is none."""
    target = next_status(model)
    if target is None:
        return None
    return Readiness(target, len(blockers(check_as(model, settings, target))))


def updated_field(schema: Schema) -> FieldSpec | None:
    """The date field an edit updates: the template's last date field."""
    dates = [f for f in schema.date_fields if f.date_format]
    return dates[-1] if dates else None


def _today_edit(model: Model, today: datetime.date) -> Edit | None:
    """Set the updated-date field to today, when it is there and holds an earlier (or no valid) date."""
    spec = updated_field(model.schema)
    header = model.header
    line = header.get(spec.name) if spec is not None and header is not None else None
    if spec is None or line is None or spec.date_format is None:
        return None
    value = format_date(spec.date_format, today.year, today.month, today.day)
    date, _ = parse_date(line.value, spec.date_format)
    if date is not None and date >= today:
        return None
    return Edit(line.value_span, value)


@dataclass(frozen=True)
class Move:
    """An edit that moves the document along: its title and edits."""

    title: str
    edits: tuple[Edit, ...]


def move_to_next(model: Model, settings: Settings, today: datetime.date) -> Move | None:
    """ "Move to Discussion": set the status and today's date, when nothing would be an error or
    warning at the new status."""
    line = status_line(model)
    ready = readiness(model, settings)
    if line is None or ready is None or ready.blockers:
        return None
    edits = [Edit(line.value_span, ready.status.name)]
    dated = _today_edit(model, today)
    if dated is not None:
        edits.append(dated)
    return Move(f"Move to {ready.status.name}", tuple(edits))


def touch_updated(model: Model, today: datetime.date) -> Move | None:
    """ "Set Updated to today": for a document changed and saved, when its date is older."""
    spec = updated_field(model.schema)
    edit = _today_edit(model, today)
    if spec is None or edit is None:
        return None
    return Move(f"Set {spec.name} to today ({edit.new_text})", (edit,))


__all__ = [
    "Move",
    "Readiness",
    "blockers",
    "check_as",
    "current_status",
    "main_line",
    "move_to_next",
    "next_status",
    "readiness",
    "touch_updated",
    "updated_field",
]
