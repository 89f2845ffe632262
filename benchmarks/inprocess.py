"""Per-edit analysis time inside pep-lsp, without LSP, pygls or a profiler.

    python benchmarks/inprocess.py [--sizes 300,3000,30000] [--edits 40]

Types the same single characters as run.py into the middle prose line of each generated
PEP and times, per edit, the phases pep-lsp runs on a change: the document update
(`Document.replace`), the model (`Document.model`), the section tree (`Model.sections`) and
the rules (the server's incremental `Checker`), plus the garbage collector's pauses during them (gc.callbacks).
The sum is the "per-edit analysis time, excluding pygls' own text update" of issue 5, whose
target is at most 2x growth from 300 to 30,000 lines. It uses pep-lsp's internal API: if that
changes, update this script (run.py only talks LSP and is unaffected).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from generate import generate_pep  # noqa: E402

PHASES = ("update", "model", "sections", "rules", "total", "gc")


def main(argv: list[str] | None = None) -> int:
    from pep_lsp.engine.check import DEFAULT_SETTINGS, Checker
    from pep_lsp.model.document import Document
    from pep_lsp.template import load_template
    from pep_lsp.text import Pos

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="300,3000,30000")
    ap.add_argument("--edits", type=int, default=40)
    args = ap.parse_args(argv)

    gc_spent = [0.0]
    gc_started = [0.0]

    def on_gc(phase: str, _info: dict) -> None:
        if phase == "start":
            gc_started[0] = time.perf_counter()
        else:
            gc_spent[0] += time.perf_counter() - gc_started[0]

    gc.callbacks.append(on_gc)
    schema = load_template(None)
    print(
        "| lines | " + " | ".join(f"{p} p50 ms" for p in PHASES) + " | total max ms | gc max ms |"
    )
    print("|---:|" + "---:|" * (len(PHASES) + 2))
    rows = {}
    for size in (int(s) for s in args.sizes.split(",")):
        pep = generate_pep(size, 1)
        document = Document(pep.text, schema)
        checker = Checker(DEFAULT_SETTINGS)
        checker.run(document.model)
        row = pep.text.split("\n")[pep.edit_line]
        col = row.index(" ", len(row) // 2) + 1
        samples: dict[str, list[float]] = {p: [] for p in PHASES}
        for i in range(args.edits):
            g0 = gc_spent[0]
            t0 = time.perf_counter()
            document.replace(Pos(pep.edit_line, col + i), Pos(pep.edit_line, col + i), "x")
            t1 = time.perf_counter()
            model = document.model
            t2 = time.perf_counter()
            model.sections  # noqa: B018 - a cached property: built here, reused by the rules
            t3 = time.perf_counter()
            checker.run(model)
            t4 = time.perf_counter()
            for name, value in zip(
                PHASES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0, gc_spent[0] - g0)
            ):
                samples[name].append(value * 1000)
        med = {p: statistics.median(v) for p, v in samples.items()}
        rows[size] = med
        print(
            f"| {pep.line_count:,} | "
            + " | ".join(f"{med[p]:.2f}" for p in PHASES)
            + f" | {max(samples['total']):.2f} | {max(samples['gc']):.2f} |"
        )
    if len(rows) > 1:
        lo, hi = rows[min(rows)], rows[max(rows)]
        print(
            f"\ngrowth of total p50 from {min(rows):,} to {max(rows):,} lines: {hi['total'] / lo['total']:.1f}x (target: at most 2x)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
