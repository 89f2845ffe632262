"""The benchmark's PEP generator is deterministic and produces the template's shape."""

import re

import pytest

from benchmarks.generate import generate_many, generate_pep

TEMPLATE_SECTIONS = [
    "Abstract",
    "Motivation",
    "Rationale",
    "Specification",
    "Implementation",
    "Impact Analysis",
    "Alternatives Considered",
    "Success Metrics",
    "Documentation Plan",
    "Timeline",
    "References",
    "Appendices",
]


def test_same_seed_same_text():
    assert generate_pep(300, 7).text == generate_pep(300, 7).text
    assert generate_pep(3000, 7).text == generate_pep(3000, 7).text


def test_different_seeds_differ():
    texts = {pep.text for pep in generate_many(20, 300, first_seed=50)}
    assert len(texts) == 20


@pytest.mark.parametrize("lines", [300, 3000, 30000])
def test_size_is_close_to_target(lines):
    pep = generate_pep(lines, 1)
    assert abs(pep.line_count - lines) <= max(25, lines // 20)


@pytest.mark.parametrize("lines", [300, 3000])
def test_shape(lines):
    pep = generate_pep(lines, 3)
    text = pep.text
    rows = text.split("\n")
    assert rows[0].startswith("# PEP ")
    assert rows[pep.status_line] == "Status: Draft"
    assert re.search(r"^```\nPEP: \d+\nTitle: .+\nAuthor: .+\nStatus: Draft\nType: ", text, re.M)
    titles = re.findall(r"^## (.+)$", text, re.M)
    assert titles == TEMPLATE_SECTIONS
    assert text.count("\n### ") >= 25
    assert re.search(r"^\| Parameter \| Type \| Default \| Description \|$", text, re.M)
    assert text.count("```python") >= 3
    # the leftovers a draft keeps
    assert "*[Describe how the system behavior will change:]*" in text
    assert "[X full-time developers]" in text
    assert "(https://example.com)" in text
    # fences are balanced, the edit line is long prose outside any fence
    assert text.count("```") % 2 == 0
    edit = rows[pep.edit_line]
    assert len(edit) >= 60 and not edit.startswith(("#", "|", "-", "`", "*"))
    assert sum(1 for row in rows[: pep.edit_line] if row.startswith("```")) % 2 == 0
    assert abs(pep.edit_line - len(rows) / 2) < len(rows) / 10


def test_bigger_documents_have_more_subsections():
    small, big = generate_pep(3000, 1).text, generate_pep(30000, 1).text
    assert big.count("\n### ") > 5 * small.count("\n### ")


def test_prose_is_varied():
    rows = [r for r in generate_pep(3000, 2).text.split("\n") if len(r) > 60]
    assert len(set(rows)) > 0.95 * len(rows)


def test_workspace_of_proposals_that_refer_to_each_other(tmp_path):
    """Deterministic, numbered like the file names, and every mention and link resolves:
    the cross-file rules (but X106, a Final citing a Draft) find nothing."""
    import re as regex

    from benchmarks.generate import generate_workspace
    from pep_lsp.cli import main

    files = generate_workspace(30, 300, 1)
    assert files == generate_workspace(30, 300, 1)
    assert len(files) == 30
    for name, text in files.items():
        assert regex.search(r"^PEP: (\d+)$", text, regex.M).group(1) == str(int(name[4:8]))
        assert "This proposal builds on" in text
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert sum("Status: Final" in text for text in files.values()) > 0
    assert main(["check", "--select", "X101,X102,X103,X104,X105,X107", str(tmp_path)]) == 0
