"""What the server loads before it answers `initialize` (pep_lsp/cli/__init__.py `_load`), so
the first document waits for its analysis only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.probes import run_probe, run_probes

ROOT = Path(__file__).resolve().parent.parent

PROBE = (
    "import sys\n"
    "from pep_lsp.cli import _load\n"
    "_load(None)\n"
    "import pep_lsp.spelling, pep_lsp.template\n"
    "print('engine' , 'pep_lsp.engine.check' in sys.modules and 'pep_lsp.rules.spelling' in sys.modules)\n"
    "print('schema', pep_lsp.template.default_schema.cache_info().currsize)\n"
    "print('vocabulary', pep_lsp.template._load_vocabulary.cache_info().currsize)\n"
    "print('misspellings', pep_lsp.spelling._table is not None)\n"
)


def test_the_server_loads_the_analysis_before_answering_initialize() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n") == [
        "engine True",
        "schema 1",
        "vocabulary 1",
        "misspellings True",
        "",
    ]


CHECK_PROBE = (
    "import sys\n"
    "sys.argv = ['pep-lsp', 'check', sys.argv[1]]\n"
    "from pep_lsp.cli import entry\n"
    "code = entry()\n"
    "heavy = ('tomllib', 'importlib.resources', 'json', 'tempfile')\n"
    "print('loaded', sorted(m for m in heavy if m in sys.modules))\n"
    "sys.exit(code)\n"
)


def test_check_on_one_file_loads_no_toml_parser_resources_json_or_tempfile(tmp_path: Path) -> None:
    """A folder without configuration needs no TOML parser (the vocabulary is kept with the
    schema), the text report no `json`, a check without `--fix` no `tempfile`, and package
    data is read beside the modules, not through `importlib.resources`."""
    folder = tmp_path / "peps"  # outside the repository: no configuration file applies
    folder.mkdir()
    document = folder / "pep-0001.md"
    document.write_text((ROOT / "tests/fixtures/complete.md").read_text(encoding="utf-8"))
    # the second run with the schema and the vocabulary read back
    runs = run_probes(CHECK_PROBE, str(document), cache=tmp_path / "cache", times=2)
    assert runs[0].returncode == runs[1].returncode == 1, runs[0].stderr  # it has findings
    first, second = (run.stdout.rsplit("loaded ", 1) for run in runs)
    assert second[1] == "[]\n"  # the first run derived the schema: it parsed TOML and stored
    assert first[0] == second[0] and "X105" in second[0]


def test_the_misspellings_list_answers_every_word_as_written_and_decodes_fixes_on_a_hit() -> None:
    """The corrections (half the file) are decoded on the first known misspelling, not at load;
    every word of every run still gets the corrections its line gives it."""
    from pep_lsp.spelling import _DATA, _Table

    table = _Table()
    assert table._fixes_text == {}  # nothing looked up yet: the corrections are still bytes
    text = (ROOT / "pep_lsp" / _DATA).read_text(encoding="utf-8")
    runs, fixes = text.split("\n\n", 1)
    corrections = dict(line.split("\t", 1) for line in fixes.rstrip("\n").split("\n"))
    words = 0
    for line in runs.split("\n"):
        width, run = line.split("\t", 1)
        size, answers = int(width), corrections[width].split("|")
        for index in range(len(run) // size):
            assert table.get(run[index * size : (index + 1) * size]) == tuple(
                answers[index].split(",")
            )
            words += 1
    assert words > 90_000
    assert table.get("qqqqzzzz") is None


LAZY_PROBE = (
    "import gc, sys\n"
    "sys.argv = ['pep-lsp', 'check', *sys.argv[1:]]\n"
    "from pep_lsp.cli import entry\n"
    "code = entry()\n"
    "lazy = ('difflib', 'shutil', 'calendar')\n"
    "print('loaded', sorted(m for m in lazy if m in sys.modules))\n"
    "print('threshold', gc.get_threshold())\n"
    "sys.exit(code)\n"
)


def _lazy_probe(tmp_path: Path, *paths: str) -> tuple[str, str]:
    done = run_probe(LAZY_PROBE, *paths, cache=tmp_path / "cache")
    assert done.returncode in (0, 1), done.stderr
    report, probe = done.stdout.rsplit("loaded ", 1)
    return report, "loaded " + probe


def test_check_loads_what_only_a_near_miss_or_help_needs_only_then(tmp_path: Path) -> None:
    """difflib (suggestions for a near miss), calendar (why a date is not one) and shutil
    (argparse asks it the terminal's width for every option it adds) are not loaded by a
    check that needs none of them; the collector runs every 20,000 allocations, not 700."""
    document = tmp_path / "pep-0001.md"
    document.write_text((ROOT / "tests/fixtures/complete.md").read_text(encoding="utf-8"))
    _lazy_probe(tmp_path, str(document))  # (keeps the schema: writing it loads tempfile)
    report, probe = _lazy_probe(tmp_path, str(document))
    assert "X105" in report
    assert probe == "loaded []\nthreshold (20000, 50, 1000)\n"
    # A near miss (a Status one letter off) and a date that is not one load what they need.
    text = document.read_text(encoding="utf-8")
    document.write_text(
        text.replace("Status: Discussion", "Status: Discusion").replace(
            "Created: 03-08-2026", "Created: 31-02-2026"
        ),
        encoding="utf-8",
    )
    report, probe = _lazy_probe(tmp_path, str(document))
    assert "Discusion" in report and "February 2026 has 28 days" in report
    assert probe.startswith("loaded ['calendar', 'difflib']\n")


INSPECT_PROBE = (
    "import sys\n"
    "sys.argv = ['pep-lsp', 'check', *sys.argv[1:]]\n"
    "from pep_lsp.cli import entry\n"
    "code = entry()\n"
    "seen = ('markdown_it', 'inspect', 'ast', 'dis', 'tokenize')\n"
    "print('loaded', sorted(m for m in seen if '__file__' in vars(sys.modules.get(m, object))))\n"
    "sys.exit(code)\n"
)
"""(`vars`, as reading an attribute would load it: `inspect` may be the stand-in `codecache`
puts in its place.)"""


def test_check_of_a_document_markdown_it_need_not_parse_never_loads_inspect(
    tmp_path: Path,
) -> None:
    """`dataclasses` imports `inspect` (and with it `ast`, `dis` and `tokenize`) only to write
    a docstring for a class that has none: `codecache.install` defers the import, and the
    classes a check defines have docstrings. (markdown-it's have none: a document it parses
    loads `inspect` all the same.) The document is the benchmark's 300-line proposal."""
    from benchmarks.generate import generate_pep

    document = tmp_path / "pep-1000.md"
    document.write_text(generate_pep(300, 1000).text, encoding="utf-8")
    # the second run with the schema read back (the first derives it)
    runs = run_probes(INSPECT_PROBE, str(document), cache=tmp_path / "cache", times=2)
    assert runs[1].returncode in (0, 1), runs[1].stderr
    report, probe = runs[1].stdout.rsplit("loaded ", 1)
    assert report.startswith(str(document))  # it has findings
    assert probe == "[]\n"
