"""Code actions on the header that move a document along its lifecycle (see `lifecycle.py`).

- "Move to Discussion" (the next status of the main line): sets the Status and the updated
  date to today; offered only when nothing would be an error or a warning at that status.
- "Set Updated to today (DD-MM-YYYY)": once the document has been changed and saved in this
  session, when its updated date is older than today (or not a valid date).

Both are quick fixes offered where the requested range touches the header block.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from pep_lsp.engine.check import Settings
from pep_lsp.engine.lifecycle import move_to_next, touch_updated
from pep_lsp.features.code_actions import QUICKFIX, Action, wanted
from pep_lsp.model.model import Model
from pep_lsp.text import Span


def status_actions(
    model: Model,
    settings: Settings,
    span: Span,
    only: Sequence[str] | None,
    today: datetime.date,
    saved_after_change: bool,
) -> list[Action]:
    header = model.header
    if header is None or not model.is_pep or not wanted(only, QUICKFIX):
        return []
    if not (header.fence.start <= span.end.line and span.start.line <= header.fence.end):
        return []
    moves = [
        move_to_next(model, settings, today),
        touch_updated(model, today) if saved_after_change else None,
    ]
    return [Action(move.title, QUICKFIX, move.edits, ()) for move in moves if move is not None]
