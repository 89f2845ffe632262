"""What the robustness properties ran, printed at the end of the session by conftest.py."""

from __future__ import annotations

from collections import Counter

PROFILE = "ci"
SCALE = 1.0
COUNTS: Counter[str] = Counter()
"""By kind: `P1 cases ...`, `edit sequences`, `edits applied`, `hostile inputs`, ..."""


def scaled(examples: int) -> int:
    """The number of examples for a property whose `ci` budget is `examples`."""
    return max(2, int(examples * SCALE))


def count(kind: str, amount: int = 1) -> None:
    COUNTS[kind] += amount
