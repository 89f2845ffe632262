"""The benchmark's workspace scenario chooses its documents and prints its table correctly
(it is run by hand, `python benchmarks/run.py --only workspace`; nothing here is timed)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from workspace_bench import _per_keystroke_us, cpu_ns, edit_point, pick_pair, workspace_table

from benchmarks.generate import generate_workspace


def test_the_pair_is_a_final_proposal_citing_a_draft_and_the_edit_is_in_prose() -> None:
    files = generate_workspace(30, 300, 1)
    final, draft, number = pick_pair(files)
    assert "\nStatus: Final\n" in files[final] and "\nStatus: Draft\n" in files[draft]
    assert (
        draft == f"pep-{number:04d}.md"
        and f"PEP {number}" in files[final].split("This proposal builds on", 1)[1].split(".", 1)[0]
    )
    line, col = edit_point(files[final])
    text = files[final].split("\n")[line]
    assert (
        text[0].isalpha()
        and text[col - 1] == " "
        and line > files[final].split("\n").index("Status: Final")
    )


def test_the_table_gives_ratios_and_the_memory_difference() -> None:
    results = {
        "proposals": 1000,
        "indexed": {
            "index_wall_ms": 1444.3,
            "keystroke_indexed_p50_ms": 2.3,
            "keystroke_during_index_p50_ms": 3.8,
            "keystroke_during_index_samples": 8,
            "status_change_to_other_document_ms": 14.5,
            "rss_mb": 75.1,
            "cpu_per_keystroke_us": 1380.0,
        },
        "empty": {"keystroke_p50_ms": 1.9, "rss_mb": 49.6, "cpu_per_keystroke_us": 1200.0},
        "check": {"check_ms": 10240.2, "check_runs": 7},
    }
    table = workspace_table(results).split("\n")
    assert (
        table[4]
        == "| keystroke to diagnostics p50, 1,000-proposal workspace (indexed) | 2.3 ms (1.21x) | <= 1.1x empty |"
    )
    assert (
        table[5]
        == "| keystroke to diagnostics p50 while indexing (8 samples) | 3.8 ms (2.00x) | <= 1.1x empty |"
    )
    assert (
        table[6]
        == "| server CPU per paired keystroke (all threads), empty / indexed | 1200.0 / 1380.0 µs (1.15x) |  |"
    )
    assert (
        table[8]
        == "| RSS, empty workspace / with the index | 49.6 / 75.1 MB (+25.5 MB) | <= +40 MB |"
    )


def test_the_cpu_of_a_process_is_read_from_its_threads_schedstat() -> None:
    import os
    import time

    first = cpu_ns(os.getpid())
    sum(range(200_000))  # some work between the two readings, then a sleep: a thread's
    time.sleep(0.02)  # figure is brought up to date when it leaves the CPU
    second = cpu_ns(os.getpid())
    assert first is not None and second is not None and second > first > 0
    assert cpu_ns(2**22 + 12_345) is None  # no such process
    assert _per_keystroke_us(1_000_000, 4_000_000, 3) == 1000.0
    assert _per_keystroke_us(None, 4_000_000, 3) is None
