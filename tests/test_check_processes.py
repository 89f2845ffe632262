"""`pep-lsp check` spreads many files over processes (one per core) and reports exactly what
one process would, in the same order."""

from __future__ import annotations

import io
import os
import re
import time
from pathlib import Path
from typing import BinaryIO

import pytest

import pep_lsp.cli.check as cli
from pep_lsp.cli import main
from tests.test_rules import proposal


def _report(folder: Path, monkeypatch: pytest.MonkeyPatch, per_process: int) -> tuple[str, int]:
    monkeypatch.setattr(cli, "FILES_PER_PROCESS", per_process)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.chdir(folder)
    status = main(["check", "--statistics", "."])
    return out.getvalue(), status


def test_the_report_over_processes_is_the_report_of_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(12, 24):
        body = f"\nSee PEP {number + 1}, PEP 99 and [x](pep-{number + 1:04d}.md#nowhere).\n"
        (tmp_path / f"pep-{number:04d}.md").write_text(
            proposal(number if number != 20 else 12, f"Title {number}", body), encoding="utf-8"
        )
    (tmp_path / "notes.md").write_bytes(b"\xff not UTF-8")
    one, status_one = _report(tmp_path, monkeypatch, 10**6)
    many, status_many = _report(tmp_path, monkeypatch, 2)
    assert many == one and status_many == status_one == 2  # (the file that is not UTF-8)
    assert "X101" in one and "X102" in one and "X104" in one


def _workspace(folder: Path) -> None:
    for number in range(12, 24):
        body = f"\nSee PEP {number + 1}, PEP 99 and [x](pep-{number + 1:04d}.md#nowhere).\n"
        (folder / f"pep-{number:04d}.md").write_text(
            proposal(number if number != 20 else 12, f"Title {number}", body), encoding="utf-8"
        )


def _log_scans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make every index scan, in this process or a worker, write a line "PID NAME LINES" to
    the file returned."""
    import pep_lsp.workspace.index as index

    log = tmp_path / "scans.txt"
    real = index.scan

    def logged(lines, schema, path, *args, **kwargs):  # type: ignore[no-untyped-def]
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {Path(path).name} {len(lines)}\n")
        return real(lines, schema, path, *args, **kwargs)

    monkeypatch.setattr(index, "scan", logged)
    return log


def test_over_workers_each_file_is_read_and_scanned_once_by_the_worker_that_checks_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "peps"
    folder.mkdir()
    _workspace(folder)
    log = _log_scans(tmp_path, monkeypatch)
    many, _ = _report(folder, monkeypatch, 2)
    scans = [line.split()[:2] for line in log.read_text(encoding="utf-8").splitlines()]
    assert sorted(name for _, name in scans) == sorted(p.name for p in folder.iterdir())
    workers = {pid for pid, _ in scans}
    assert len(workers) == 2 and str(os.getpid()) not in workers
    # Each worker scanned the files it checks: the first half, and the second.
    first = {name for pid, name in scans if pid == scans[0][0]}
    assert first in (
        {f"pep-{n:04d}.md" for n in range(12, 18)},
        {f"pep-{n:04d}.md" for n in range(18, 24)},
    )
    log.unlink()
    one, _ = _report(folder, monkeypatch, 10**6)
    assert many == one


def test_a_worker_that_dies_leaves_the_work_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _workspace(tmp_path)
    one, status_one = _report(tmp_path, monkeypatch, 10**6)
    calls: list[int] = []

    def dying(worker: int, *args: object) -> None:
        calls.append(worker)  # (in the child only: the parent's list stays empty)
        os._exit(3)

    monkeypatch.setattr(cli, "_worker", dying)
    many, status_many = _report(tmp_path, monkeypatch, 2)
    assert many == one and status_many == status_one == 1
    assert calls == []


def test_a_worker_that_dies_between_its_two_phases_leaves_the_work_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It sent its files' entries, then died before reading everyone's: sending to it fails,
    and so does closing that pipe, yet the report is whole (it ended with nothing, exit 2)."""
    _workspace(tmp_path)
    one, status_one = _report(tmp_path, monkeypatch, 10**6)
    parent = os.getpid()
    receive = cli._receive

    def dying_receive(stream: object) -> object:
        if os.getpid() != parent:
            os._exit(3)  # (as the out-of-memory killer would)
        return receive(stream)

    pickled = cli._pickled

    def pickled_once_the_workers_are_gone(value: object) -> bytes:
        time.sleep(0.5)  # (ordering only: each worker dies as soon as it has sent its part)
        return pickled(value)

    monkeypatch.setattr(cli, "_receive", dying_receive)
    monkeypatch.setattr(cli, "_pickled", pickled_once_the_workers_are_gone)
    many, status_many = _report(tmp_path, monkeypatch, 2)
    assert many == one and status_many == status_one == 1


def test_the_sarif_report_over_workers_is_the_report_of_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(A worker sends back only the lines findings start or end on: the SARIF columns.)"""
    _workspace(tmp_path)
    (tmp_path / "pep-0020.md").write_text(
        proposal(20, "Wide 😀 title", "\nSee 😀 PEP 99 and [x](missing.md).\n"), encoding="utf-8"
    )

    def sarif(per_process: int) -> str:
        monkeypatch.setattr(cli, "FILES_PER_PROCESS", per_process)
        monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
        out = io.StringIO()
        monkeypatch.setattr("sys.stdout", out)
        monkeypatch.chdir(tmp_path)
        main(["check", "--exit-zero", "--format", "sarif", "."])
        return out.getvalue()

    one = sarif(10**6)
    assert '"startColumn"' in one and "X102" in one
    assert sarif(2) == one


def test_files_named_over_workers_are_each_read_and_scanned_once_by_the_worker_that_checks_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files named one by one (`pep-lsp check a.md b.md ...`, as a shell glob gives them) are
    indexed by the workers too, not read and scanned first in this process: their neighbours
    (the folder's files not named) are entered here from their headers, and read whole only
    by a worker whose file links into one."""

    folder = tmp_path / "peps"
    folder.mkdir()
    _workspace(folder)  # pep-0012.md ... pep-0023.md, each linking to the next
    named = [f"pep-{n:04d}.md" for n in range(12, 22)]  # 22 and 23 are neighbours
    log = _log_scans(tmp_path, monkeypatch)
    monkeypatch.setattr(cli, "FILES_PER_PROCESS", 2)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.chdir(folder)
    status_many = main(["check", "--statistics", *named])
    many = out.getvalue()
    scans = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    header_lines = int(min(size for _, _, size in scans))
    whole = [(pid, name) for pid, name, size in scans if int(size) > header_lines]
    parent = str(os.getpid())
    # Every named file read whole once, in a worker; the neighbours' headers read here.
    assert sorted(name for _, name in whole if name in named) == named
    assert parent not in {pid for pid, _ in whole}
    assert len({pid for pid, _ in whole}) == 2
    assert sorted(name for pid, name, _ in scans if pid == parent) == ["pep-0022.md", "pep-0023.md"]
    # pep-0021.md links into pep-0022.md: its worker read that one whole; pep-0023.md is not
    # linked from a named file and was never read whole.
    checked_21 = next(pid for pid, name in whole if name == "pep-0021.md")
    assert [pid for pid, name in whole if name == "pep-0022.md"] == [checked_21]
    assert "pep-0023.md" not in {name for _, name in whole}
    log.unlink()
    monkeypatch.setattr(cli, "FILES_PER_PROCESS", 10**6)
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    status_one = main(["check", "--statistics", *named])
    assert out.getvalue() == many and status_one == status_many == 1
    assert "X102" in many and "X104" in many


def test_the_workers_parts_of_the_index_are_passed_on_as_they_came(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This process reads no worker's index entries: it passes each part on, as the bytes it
    came in, to the other workers; what it reads back is the results."""
    _workspace(tmp_path)
    one, _ = _report(tmp_path, monkeypatch, 10**6)
    log = tmp_path.parent / f"{tmp_path.name}-unpickled.txt"
    real = cli._unpickled

    def logged(data: bytes) -> object:
        value = real(data)
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {type(value).__name__}\n")
        return value

    monkeypatch.setattr(cli, "_unpickled", logged)
    many, _ = _report(tmp_path, monkeypatch, 2)
    assert many == one
    read = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    here = str(os.getpid())
    assert sorted(kind for pid, kind in read if pid == here) == ["list", "list"]  # the results
    assert sorted(kind for pid, kind in read if pid != here) == ["dict", "dict"]  # one part each


def test_a_worker_waiting_for_the_others_index_entries_analyses_its_files_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second worker is slow to scan its files; the first, its own part sent, reads and
    analyses its files before the second's part comes, and checks them once it has."""
    import pep_lsp.model.document as document
    import pep_lsp.workspace.index as index

    folder = tmp_path / "peps"
    folder.mkdir()
    _workspace(folder)
    one, _ = _report(folder, monkeypatch, 10**6)
    log = tmp_path / "steps.txt"

    def note(text: str) -> None:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {text}\n")

    real_read = index.read_whole

    def slow_for_the_second_half(path: Path, schema: object) -> object:
        if int(path.stem.split("-")[1]) >= 18:
            time.sleep(0.1)  # (ordering only: six files, 0.6 s in all)
        return real_read(path, schema)  # type: ignore[arg-type]

    real_document = document.Document

    class Logged(real_document):  # type: ignore[misc,valid-type]
        def __init__(self, text: str, *args: object, **kwargs: object) -> None:
            number = re.search(r"^PEP: (\d+)", text, re.M)
            note(f"model {number.group(1) if number else '?'}")
            super().__init__(text, *args, **kwargs)

    real_receive = cli._receive

    def received(stream: BinaryIO) -> object:
        value = real_receive(stream)
        note("received")
        return value

    monkeypatch.setattr(index, "read_whole", slow_for_the_second_half)
    monkeypatch.setattr(document, "Document", Logged)
    monkeypatch.setattr(cli, "_receive", received)
    many, _ = _report(folder, monkeypatch, 2)
    assert many == one
    steps = [line.split(maxsplit=1) for line in log.read_text(encoding="utf-8").splitlines()]
    first = steps[0][0]
    assert [text for pid, text in steps if pid == first] == [
        *(f"model {n}" for n in range(12, 18)),
        "received",
    ]
