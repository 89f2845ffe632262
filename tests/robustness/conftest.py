"""Hypothesis profiles and the run report for the robustness suite.

Profiles (choose with HYPOTHESIS_PROFILE, default `ci`):
- `ci`: the bounded run of the default `pytest` (about 1,000 generated cases in all);
- `long`: 10,000+ edit sequences for `scripts/fuzz.sh`;
- `dev`: a handful of cases per property, for editing the tests themselves.

Every property records what it ran in `report.COUNTS`; the terminal summary prints the table,
which is how `scripts/fuzz.sh` reports the counts run.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from tests.robustness import report

# Per property, the number of examples is `base * scale`; the tests read `scaled(n)`.
_SCALE = {"dev": 0.1, "ci": 1.0, "long": 25.0}
_COMMON = dict(
    deadline=None,  # no timed assertions: a slow example is not a failure
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
    print_blob=True,
)
settings.register_profile("ci", derandomize=True, **_COMMON)
settings.register_profile("dev", derandomize=True, **_COMMON)
settings.register_profile("long", **_COMMON)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
if PROFILE not in _SCALE:
    raise pytest.UsageError(
        f"HYPOTHESIS_PROFILE must be one of {', '.join(_SCALE)}, not {PROFILE!r}"
    )
settings.load_profile(PROFILE)

report.PROFILE = PROFILE
report.SCALE = _SCALE[PROFILE]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not report.COUNTS:
        return
    failed = len(terminalreporter.stats.get("failed", []))
    terminalreporter.section(f"robustness: hypothesis profile '{PROFILE}'")
    for kind, amount in sorted(report.COUNTS.items()):
        terminalreporter.write_line(f"{amount:>9,}  {kind}")
    terminalreporter.write_line(f"{failed:>9,}  failed tests (each prints its falsifying example)")
