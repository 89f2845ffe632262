"""`pep-lsp check FILE` enters the other files of FILE's folder from their headers only, and
reads one whole only when a rule looks inside it (issue 15: checking one file read its whole
folder). The findings are those of a full index."""

from __future__ import annotations

import io
import sys
from dataclasses import replace
from pathlib import Path

import pytest

import pep_lsp.workspace.index
from pep_lsp.cli import main
from pep_lsp.template import default_schema
from pep_lsp.text import split_lines
from pep_lsp.workspace.index import scan, scan_header
from tests.conftest import FIXTURES
from tests.test_rules import proposal

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate_workspace  # noqa: E402

SCHEMA = default_schema()


def texts() -> dict[str, str]:
    found = dict(generate_workspace(60, 120, 3))
    for path in [*FIXTURES.glob("*.md"), *(Path(__file__).parent / "data").rglob("*.md")]:
        found[str(path)] = path.read_text(encoding="utf-8")
    return found


def test_a_header_entry_says_what_a_full_read_says_of_the_proposal() -> None:
    taken = 0
    for name, text in texts().items():
        lines = split_lines(text)[0]
        full = scan(lines, SCHEMA, name, cached=False)
        head = scan_header(lines, SCHEMA, name)
        if head is None:
            continue
        taken += 1
        assert head == replace(full, headings=(), anchors=frozenset(), links=(), mentions=()), name
    assert taken >= 60  # every generated proposal


def _check(folder: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, list[str]]:
    read_whole: list[str] = []
    real = pep_lsp.workspace.index.scan

    def counting(lines, schema, path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if len(lines) > 12:  # a header alone is shorter than this
            read_whole.append(Path(path).name)
        return real(lines, schema, path, *args, **kwargs)

    monkeypatch.setattr(pep_lsp.workspace.index, "scan", counting)
    monkeypatch.chdir(folder)
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    main(["check", "--exit-zero", "--select", "X", name])
    return out.getvalue(), sorted(read_whole)


def test_checking_one_file_reads_only_the_neighbours_it_links_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "\nSee PEP 13, PEP 77 and [metrics](pep-0013.md#nowhere).\n"
    (tmp_path / "pep-0012.md").write_text(proposal(12, "Caching", body), encoding="utf-8")
    (tmp_path / "pep-0013.md").write_text(proposal(13, "Metrics"), encoding="utf-8")
    (tmp_path / "pep-0014.md").write_text(proposal(12, "Logging"), encoding="utf-8")
    (tmp_path / "pep-0015.md").write_text(proposal(15, "Tracing"), encoding="utf-8")
    report, read_whole = _check(tmp_path, "pep-0012.md", monkeypatch)
    assert read_whole == ["pep-0012.md", "pep-0013.md"]  # itself, and the one it links into
    # The same findings as when the whole folder is given (every file read whole).
    everything = io.StringIO()
    monkeypatch.setattr("sys.stdout", everything)
    main(["check", "--exit-zero", "--select", "X", "."])
    own = "\n".join(line for line in everything.getvalue().splitlines() if "pep-0012.md:" in line)
    assert [line for line in report.splitlines() if "pep-0012.md:" in line] == own.splitlines()
    assert "X101" in report and "X102" in report and "X104" in report
