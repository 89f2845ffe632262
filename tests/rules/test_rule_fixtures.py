"""Every rule code's fixture (`tests/rules/<CODE>.md`): what each case emits is exactly its
expected block; every registered code has one, with a case that fires and one that does not;
each rule docstring's Example is a case that fires. Format: `tests/rules/fixtures.py`."""

from __future__ import annotations

import re

import pytest

from pep_lsp.rules import REGISTRY
from tests.rules.fixtures import FOLDER, Case, emitted, every_case, parse

CASES = every_case()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_case_emits_exactly_what_it_expects(case: Case) -> None:
    assert case.code in REGISTRY
    assert bool(case.expected) == case.fails, "a fails case expects findings, a passes case none"
    assert emitted(case) == case.expected


def test_every_registered_code_has_a_fixture_that_fires_and_one_that_passes() -> None:
    files = {path.stem: parse(path) for path in FOLDER.glob("*.md")}
    assert sorted(files) == sorted(REGISTRY)
    assert {code: sorted({case.fails for case in cases}) for code, cases in files.items()} == {
        code: [False, True] for code in files
    }


def example_lines(doc: str) -> list[str]:
    """The lines of a docstring's Example, without `(...)` remarks and `...` elisions."""
    match = re.search(r"^Example:\n(.*?)(?=\n\S|\Z)", doc, re.M | re.S)
    assert match, "the docstring has no Example"
    lines = []
    for line in match.group(1).split("\n"):
        line = re.sub(r"\s{2,}\(.*\)$", "", line).strip()
        if line and line != "..." and not (line.startswith("(") and line.endswith(")")):
            lines.append(line)
    return lines


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_each_docstring_example_fires_its_code(code: str) -> None:
    [example] = [c for c in CASES if c.code == code and c.fails and c.name == "example"]
    document = [line.strip() for line in example.text.split("\n")]
    wanted = example_lines(REGISTRY[code].doc)
    assert wanted
    position = 0
    for line in wanted:  # every line of the Example, in its order, is in the case's document
        assert line in document[position:], f"{line!r} not in the example case"
        position = document.index(line, position) + 1
    assert emitted(example) == example.expected != []
