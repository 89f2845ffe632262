"""CPU time of one keystroke inside pep-lsp with a workspace index, without LSP or pygls.

    python benchmarks/workspace_inprocess.py [--size 1000] [--edits 200] [--runs 7]

The per-keystroke work of issue 15's "keystroke within 1.1x of an empty workspace" target,
done as the server does it (`PepLanguageServer.publish` then `Indexer.published`): the
document update, the incremental `Checker` run with the open document's `CrossFile` view, the
diagnostics' JSON, and the open document's entry put back into the index. Measured twice for
the same proposal of `generate_workspace`: in a folder holding the whole generated workspace
(indexed with `Index.build`) and in an empty folder. Each figure is the best of `--runs` runs
of `--edits` keystrokes (single characters typed into the same prose line as
`workspace_bench.py`), in CPU time (`time.process_time`): the machine may be shared. It uses
pep-lsp's internal API: if that changes, update this script (run.py only talks LSP).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from generate import generate_workspace  # noqa: E402
from workspace_bench import TYPED, edit_point, pick_pair, written_workspace  # noqa: E402


def keystrokes_cpu(folder: Path, name: str, text: str, edits: int, runs: int) -> float:
    """Best CPU seconds per keystroke over `runs` runs of `edits` keystrokes."""
    from pep_lsp.engine.check import DEFAULT_SETTINGS, Checker
    from pep_lsp.lsp.convert import publish_diagnostics_json
    from pep_lsp.model.document import Document
    from pep_lsp.template import load_template
    from pep_lsp.text import Pos
    from pep_lsp.workspace.index import CrossFile, Index, Scope, naming_of

    schema = load_template(None)
    index = Index(naming_of(schema))
    index.build([Scope(folder, schema)])
    path = str((folder / name).absolute())
    uri = (folder / name).absolute().as_uri()
    line, col = edit_point(text)
    best = float("inf")
    for _ in range(runs):
        document = Document(text, schema)
        view = CrossFile(index, path)
        checker = Checker(DEFAULT_SETTINGS)
        checker.run(document.model, view)
        index.put(view.own_model(document.model))
        for i in range(20):  # warm the caches as the benchmark's warm-up keystrokes do
            document.replace(Pos(line, col + i), Pos(line, col + i), TYPED[i % len(TYPED)])
            checker.run(document.model, view)
            index.put(view.own_model(document.model))
        started = time.process_time()
        for i in range(20, 20 + edits):
            document.replace(Pos(line, col + i), Pos(line, col + i), TYPED[i % len(TYPED)])
            model = document.model
            findings = checker.run(model, view)
            publish_diagnostics_json(uri, i, model.lines, findings, "utf-16")
            index.put(view.own_model(model))
        best = min(best, (time.process_time() - started) / edits)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument(
        "--only",
        choices=("empty", "indexed"),
        help="measure one workspace (for instruction counts: run under callgrind with two --edits)",
    )
    args = ap.parse_args(argv)
    files = generate_workspace(args.size, 300, 1)
    name, _, _ = pick_pair(files)
    work, folder, empty = written_workspace(files, "pep-ws-inprocess-")
    try:
        if args.only is not None:
            where = empty if args.only == "empty" else folder
            keystrokes_cpu(where, name, files[name], args.edits, args.runs)
            return 0
        empty_us = keystrokes_cpu(empty, name, files[name], args.edits, args.runs) * 1e6
        indexed_us = keystrokes_cpu(folder, name, files[name], args.edits, args.runs) * 1e6
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"document {name}, best of {args.runs} runs of {args.edits} keystrokes, CPU time")
    print(f"empty workspace:   {empty_us:7.1f} us per keystroke")
    print(f"{args.size:,} proposals: {indexed_us:7.1f} us per keystroke")
    print(f"ratio: {indexed_us / empty_us:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
