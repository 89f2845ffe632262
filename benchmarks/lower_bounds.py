"""What no pure-Python design of pep-lsp can go under, measured on this machine.

    python benchmarks/lower_bounds.py [--sizes 300,3000,30000] [--runs 21]

Issue 18 sets some targets as absolute times (`check` of one file in at most 50 ms) or as
ratios to peers that are not Python (rumdl) or that do nothing (the empty pygls server). This
script measures the parts of those times that any implementation in CPython pays, so a
target can be told apart from what the interpreter allows:

- process start: `python -c pass` with this environment's `site` (an editable install adds
  its import finder), without `site` (`-S`), and with the standard modules a linter built
  on dataclasses, regular expressions, paths and argparse imports;
- per document, in process (best of `--runs` of `time.process_time`): one pass of the word
  pattern pep-lsp counts and spells words with (`scan.WORD`, and its ASCII variant) over the
  whole generated PEP, splitting it into lines, and decoding its didOpen message.

Nothing here is pep-lsp's work: it is the floor under it.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from generate import generate_pep  # noqa: E402

STDLIB_OF_A_LINTER = "import argparse, dataclasses, json, pathlib, re"


def wall_ms(cmd: list[str], runs: int) -> float:
    """Median wall time of a command, in ms."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 1)


def cpu_ms(work: Callable[[], object], runs: int) -> float:
    """Best CPU time of `work`, in ms (robust on a shared machine)."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return round(best * 1000, 2)


def main(argv: list[str] | None = None) -> int:
    from pep_lsp.model.scan import WORD

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="300,3000,30000")
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args(argv)
    py = sys.executable
    print("| process start, median wall ms | |")
    print("|---|---:|")
    for label, cmd in (
        ("`python -c pass`", [py, "-c", "pass"]),
        ("`python -S -c pass` (no site)", [py, "-S", "-c", "pass"]),
        (f"`python -c '{STDLIB_OF_A_LINTER}'`", [py, "-c", STDLIB_OF_A_LINTER]),
    ):
        print(f"| {label} | {wall_ms(cmd, args.runs)} |")
    ascii_word = re.compile(r"[A-Za-z0-9]+(?:['-][A-Za-z0-9]+)*", re.ASCII)  # blocks.py's
    print()
    print(
        "| one pass over the document, best CPU ms | lines | chars | WORD | ASCII words | split lines | didOpen JSON |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        pep = generate_pep(size, 2)
        text = pep.text
        message = json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didOpen",
                "params": {
                    "textDocument": {
                        "uri": "file:///pep.md",
                        "languageId": "markdown",
                        "version": 1,
                        "text": text,
                    }
                },
            }
        )
        figures = (
            cpu_ms(lambda text=text: WORD.findall(text), args.runs),
            cpu_ms(lambda text=text: ascii_word.findall(text), args.runs),
            cpu_ms(lambda text=text: text.split("\n"), args.runs),
            cpu_ms(lambda message=message: json.loads(message), args.runs),
        )
        cells = " | ".join(str(figure) for figure in figures)
        print(f"| generated PEP | {pep.line_count:,} | {len(text):,} | {cells} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
