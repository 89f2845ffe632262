"""`pep-lsp check` over a folder reads each file's links, mentions and headings once: the index
entry read for the cross-file rules is the checked file's own (issue 15: every file was read
twice). The findings are those of a fresh read."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import pep_lsp.workspace.index
from pep_lsp.cli import main
from pep_lsp.workspace.index import CrossFile
from tests.test_rules import proposal


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "pep-0012.md").write_text(
        proposal(12, "Caching", "\nSee PEP 13 and [the other](pep-0013.md#nowhere).\n"),
        encoding="utf-8",
    )
    (tmp_path / "pep-0013.md").write_text(proposal(13, "Metrics"), encoding="utf-8")
    (tmp_path / "pep-0014.md").write_text(proposal(13, "Logging"), encoding="utf-8")
    return tmp_path


def _run(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, list[str]]:
    scanned: list[str] = []
    real = pep_lsp.workspace.index.scan

    def counting(lines, schema, path, *args, **kwargs):  # type: ignore[no-untyped-def]
        scanned.append(Path(path).name)
        return real(lines, schema, path, *args, **kwargs)

    monkeypatch.setattr(pep_lsp.workspace.index, "scan", counting)
    monkeypatch.chdir(folder)
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    main(["check", "--exit-zero", "--select", "X", "."])
    return out.getvalue(), sorted(scanned)


def test_each_file_is_scanned_once_and_the_findings_are_a_fresh_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path)
    report, scanned = _run(folder, monkeypatch)
    assert scanned == ["pep-0012.md", "pep-0013.md", "pep-0014.md"]
    # The same report as when each file's own entry is read afresh.
    monkeypatch.setattr(CrossFile, "known", property(lambda self: None, lambda self, v: None))
    fresh, scanned_again = _run(folder, monkeypatch)
    assert scanned_again == sorted(["pep-0012.md", "pep-0013.md", "pep-0014.md"] * 2)
    assert report == fresh
    assert "X104" in report and "X101" in report
