"""`pep-lsp rules` (every rule, one line each) and `pep-lsp rule CODE` (one rule's documentation)."""

from __future__ import annotations

import sys
from typing import TextIO

from pep_lsp.cli.check import EXIT_CLEAN, EXIT_USAGE


def run_rules(out: TextIO | None = None) -> int:
    out = out or sys.stdout
    from pep_lsp.rules import REGISTRY

    width = max(len(registered.severities.short()) for registered in REGISTRY.values())
    for code, registered in sorted(REGISTRY.items()):
        print(
            f"{code}  {registered.name:<28} {registered.severities.short():<{width}} {registered.summary}",
            file=out,
        )
    return EXIT_CLEAN


def run_rule(code: str, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from pep_lsp.rules import REGISTRY

    registered = REGISTRY.get(code.upper()) or next(
        (r for r in REGISTRY.values() if r.name == code.strip().lower()), None
    )
    if registered is None:
        import difflib

        known = [*REGISTRY, *(r.name for r in REGISTRY.values())]
        close = difflib.get_close_matches(code.strip(), known, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else " (see `pep-lsp rules`)"
        print(f"pep-lsp: unknown rule code or name '{code}'{hint}", file=err)
        return EXIT_USAGE
    print(
        f"{registered.code} {registered.name} (severity: {registered.severities.describe()})\n",
        file=out,
    )
    print(registered.doc, file=out)
    return EXIT_CLEAN
