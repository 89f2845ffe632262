"""docs/rules.md is generated from the registry and every rule documents itself fully."""

from __future__ import annotations

from pathlib import Path

import pytest

from pep_lsp.cli.rules_doc import render_rules, rule_parts
from pep_lsp.rules import REGISTRY

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def test_rules_md_is_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_rules(), (
        "regenerate: python -m pep_lsp.cli.rules_doc > docs/rules.md"
    )


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_each_rule_has_what_why_example_and_fix(code: str) -> None:
    parts = rule_parts(REGISTRY[code])
    assert set(parts) == {"What it checks", "Why", "Example", "Fix"}
    assert all(part.strip() for part in parts.values())
