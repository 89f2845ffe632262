"""The incremental Checker reuses the cross-file rules that read only the document's index
entry (`reads="entry"`) while that entry and the index are unchanged, and only then."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from pep_lsp.engine.check import DEFAULT_SETTINGS, Checker, check_model
from pep_lsp.findings import Finding
from pep_lsp.model.document import Document
from pep_lsp.rules import RuleContext
from pep_lsp.template import Schema, default_schema
from pep_lsp.text import Pos
from pep_lsp.workspace.index import CrossFile, Index, Scope, naming_of, scan

OPEN = """# PEP 12: Caching layer

```
PEP: 12
Title: Caching layer
Author: Ann Lee <ann@example.org>
Status: Final
Type: Standard
```

## Abstract

Builds on PEP 7 and [nine](pep-0009.md#usage), see [below](#nowhere).

Plain prose here.

## Motivation

Also PEP 40 and [gone](missing.md).
"""


def other(number: int, status: str, title: str) -> str:
    return (
        OPEN.replace("PEP: 12", f"PEP: {number}")
        .replace("Status: Final", f"Status: {status}")
        .replace("# PEP 12: Caching layer", f"# PEP {number}: {title}")
        .replace("Title: Caching layer", f"Title: {title}")
    )


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Index, str, Schema]:
    schema = default_schema()
    (tmp_path / "pep-0012.md").write_text(OPEN, encoding="utf-8")
    (tmp_path / "pep-0007.md").write_text(other(7, "Draft", "Seven"), encoding="utf-8")
    (tmp_path / "pep-0009.md").write_text(other(9, "Rejected", "Nine"), encoding="utf-8")
    (tmp_path / "pep-0013.md").write_text(other(12, "Draft", "Twelve again"), encoding="utf-8")
    index = Index(naming_of(schema))
    index.build([Scope(tmp_path, schema)])
    return index, str(tmp_path / "pep-0012.md"), schema


def shown(findings: list[Finding]) -> list[tuple[object, ...]]:
    return [(f.code, f.span, f.message, f.severity, f.related) for f in findings]


def counting(checker: Checker) -> list[str]:
    """Make the checker's rules record their code each time they run."""
    ran: list[str] = []

    def wrap(code: str, check: object) -> object:
        def run(ctx: RuleContext) -> None:
            ran.append(code)
            check(ctx)  # type: ignore[operator]

        return run

    checker._plan = [replace(rule, check=wrap(rule.code, rule.check)) for rule in checker._plan]
    return ran


ENTRY_RULES = ["X101", "X104", "X105", "X106", "X108"]


def entry_rules_run(ran: list[str]) -> list[str]:
    return sorted(code for code in ran if code in ENTRY_RULES)


def test_entry_rules_are_declared() -> None:
    from pep_lsp.rules import REGISTRY

    assert sorted(code for code, rule in REGISTRY.items() if rule.reads == "entry") == ENTRY_RULES


@pytest.mark.parametrize(
    ("what", "find", "new", "rerun"),
    [
        ("prose", "Plain prose", "Plain Xprose", False),
        ("prose next to a mention", "Builds on", "Builds upon", True),  # the mention moved
        ("a mention's number", "PEP 7 and", "PEP 9 and", True),
        ("a link", "#usage)", "#use)", True),
        ("a heading", "## Motivation", "## Motivations", True),
        ("the number", "PEP: 12", "PEP: 13", True),
        ("the status", "Status: Final", "Status: Draft", True),
        ("the title", "# PEP 12: Caching layer", "# PEP 12: Caching", True),
    ],
)
def test_a_keystroke_reruns_the_entry_rules_only_when_the_entry_changed(
    workspace: tuple[Index, str, Schema], what: str, find: str, new: str, rerun: bool
) -> None:
    index, path, schema = workspace
    document = Document(OPEN, schema)
    view = CrossFile(index, path)
    checker = Checker(DEFAULT_SETTINGS)
    ran = counting(checker)
    first = checker.run(document.model, view)
    assert {"X101", "X104", "X106", "X108"} <= {f.code for f in first}  # they have findings
    assert entry_rules_run(ran) == ENTRY_RULES
    ran.clear()
    line = next(i for i, text in enumerate(document.lines) if find in text)
    col = document.lines[line].index(find)
    document.replace(Pos(line, col), Pos(line, col + len(find)), new)
    findings = checker.run(document.model, view)
    assert entry_rules_run(ran) == (ENTRY_RULES if rerun else []), what
    fresh = check_model(
        Document(document.text, schema).model, DEFAULT_SETTINGS, CrossFile(index, path)
    )
    assert shown(findings) == shown(fresh)


def test_a_change_in_the_index_reruns_the_entry_rules(
    workspace: tuple[Index, str, Schema],
) -> None:
    index, path, schema = workspace
    document = Document(OPEN, schema)
    view = CrossFile(index, path)
    checker = Checker(DEFAULT_SETTINGS)
    ran = counting(checker)
    checker.run(document.model, view)
    ran.clear()
    checker.run(document.model, view)
    assert entry_rules_run(ran) == []
    # PEP 7 becomes Final elsewhere: X106's finding about it goes.
    seven = str(Path(path).with_name("pep-0007.md"))
    index.put(scan(other(7, "Final", "Seven").split("\n"), schema, seven))
    findings = checker.run(document.model, view)
    assert entry_rules_run(ran) == ENTRY_RULES
    fresh = check_model(Document(OPEN, schema).model, DEFAULT_SETTINGS, CrossFile(index, path))
    assert shown(findings) == shown(fresh)
    assert not any(f.code == "X106" for f in findings)


PIECES = ["PEP 4", "x", " ", "[a](pep-0007.md#z)", "`", "\n", "#", "PEP: 9", "](#", "```", "-", ""]


@pytest.mark.parametrize("put_back", [False, True], ids=["index-as-is", "entry-put-back"])
@pytest.mark.parametrize("seed", range(8))
def test_random_keystrokes_in_a_workspace_equal_a_fresh_check(
    workspace: tuple[Index, str, Schema], seed: int, put_back: bool
) -> None:
    """Also with the open document's entry put back after each check, as the server does
    (`Indexer.published`)."""
    index, path, schema = workspace
    rng = random.Random(seed)
    document = Document(OPEN, schema)
    view = CrossFile(index, path)
    checker = Checker(DEFAULT_SETTINGS)
    for step in range(80):
        lines = document.lines
        line = rng.randrange(len(lines))
        col = rng.randint(0, len(lines[line]))
        end = min(len(lines[line]), col + rng.choice([0, 0, 1, 3]))
        document.replace(Pos(line, col), Pos(line, end), rng.choice(PIECES))
        if step % 20 == 19:  # now and then another file changes
            seven = str(Path(path).with_name("pep-0007.md"))
            status = rng.choice(["Draft", "Final", "Rejected"])
            index.put(scan(other(7, status, "Seven").split("\n"), schema, seven))
        incremental = checker.run(document.model, view)
        if put_back:
            index.put(view.own_model(document.model))
        fresh = check_model(
            Document(document.text, schema).model, DEFAULT_SETTINGS, CrossFile(index, path)
        )
        assert shown(incremental) == shown(fresh)
