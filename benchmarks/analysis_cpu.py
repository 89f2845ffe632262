"""CPU time of one document's analysis inside pep-lsp: the model built from text, then the rules.

    python benchmarks/analysis_cpu.py [--sizes 300,3000,30000] [--repeat 7] [--corpus DIR]

For each size it analyses generated PEP seed 1 (untimed, as a server's first document), then
times generated PEP seed 2 (the second document opened in a server, as run.py's open
benchmark does): `Document(text, schema).model` with its sections ("model") and a fresh
`Checker(DEFAULT_SETTINGS).run(model)` ("rules"). The table of blocks remembered across
documents (`document._SHARED`) is emptied before each repetition so that every repetition
does the same work; process-wide tables that fill once (the spelling answers) stay, as in a
server. `--corpus` adds the sum over the Markdown files of a folder, each as a second
document. Figures are the best of `--repeat` runs of `time.process_time` (CPU time, robust on
a loaded machine). It uses pep-lsp's internal API: if that changes, update this script.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from generate import generate_pep  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    from pep_lsp.engine.check import DEFAULT_SETTINGS, Checker
    from pep_lsp.model import document as document_module
    from pep_lsp.model.document import Document
    from pep_lsp.template import load_template

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="300,3000,30000")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--corpus", type=Path, action="append", default=[])
    args = ap.parse_args(argv)
    schema = load_template(None)

    def analyse(text: str) -> tuple[float, float]:
        t0 = time.process_time()
        model = Document(text, schema).model
        model.sections  # noqa: B018 - a cached property the rules read
        t1 = time.process_time()
        Checker(DEFAULT_SETTINGS).run(model)
        t2 = time.process_time()
        return t1 - t0, t2 - t1

    def best(run: Callable[[], tuple[float, float]]) -> tuple[float, float]:
        times = []
        for _ in range(args.repeat):
            gc.collect()
            times.append(run())
        return min(t[0] for t in times), min(t[1] for t in times)

    print("| document | model ms | rules ms | total ms |")
    print("|---|---:|---:|---:|")

    def row(name: str, figures: tuple[float, float]) -> None:
        model, rules = figures
        print(
            f"| {name} | {model * 1000:.2f} | {rules * 1000:.2f} | {(model + rules) * 1000:.2f} |"
        )

    for size in (int(s) for s in args.sizes.split(",")):
        first, second = generate_pep(size, 1).text, generate_pep(size, 2).text

        def second_document(first: str = first, second: str = second) -> tuple[float, float]:
            document_module._SHARED.clear()
            analyse(first)
            return analyse(second)

        row(f"generated, {second.count(chr(10)) + 1:,} lines", best(second_document))
    for folder in args.corpus:
        texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("**/*.md"))]

        def corpus(texts: list[str] = texts) -> tuple[float, float]:
            model = rules = 0.0
            for text in texts:
                document_module._SHARED.clear()
                m, r = analyse(text)
                model, rules = model + m, rules + r
            return model, rules

        lines = sum(t.count("\n") + 1 for t in texts)
        row(f"{folder.name}: {len(texts)} files, {lines:,} lines", best(corpus))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
