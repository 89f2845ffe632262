"""`pep-lsp`: serve LSP on stdio (the default), or lint files with `pep-lsp check`.

This module holds the entry point and the argument parser; each command lives in its own module
(`check.py`, `rules.py`, `index.py`). The check path imports neither pygls nor lsprotocol, so it
starts fast in CI.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from typing import Any

from pep_lsp import __version__, codecache
from pep_lsp.cli.check import EXIT_CLEAN, EXIT_USAGE, SEVERITY_NAMES, run_check
from pep_lsp.cli.rules import run_rule, run_rules


def _help_formatter(prog: str) -> argparse.HelpFormatter:
    """argparse's help formatter, given the width `shutil.get_terminal_size` would find (the
    `COLUMNS` variable, else the terminal's, else 80; less 2, as argparse takes it). argparse
    makes one for every option added (to check its metavar) and, given no width, imports
    shutil to ask: with zlib, bz2 and lzma, ~3 ms of every start."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return argparse.HelpFormatter(prog, width=columns - 2)


class _Parser(argparse.ArgumentParser):
    """An argument parser with `_help_formatter`; the subcommands' parsers are of this class
    too (argparse makes them of the root parser's)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _help_formatter)
        super().__init__(*args, **kwargs)


def parser() -> argparse.ArgumentParser:
    root = _Parser(prog="pep-lsp", description="Language server and linter for PEP documents.")
    root.add_argument("--version", action="version", version=f"pep-lsp {__version__}")
    root.add_argument(
        "--stdio", action="store_true", help="serve LSP on stdin/stdout (the default)"
    )
    commands = root.add_subparsers(dest="command")
    check = commands.add_parser(
        "check",
        help="lint PEP files and folders",
        description="Lint PEP files and folders (default: the current folder; '-' reads standard input). "
        "Markdown that is not a PEP is skipped. Exit codes: 0 nothing at or above --fail-on, 1 such findings, "
        "2 usage or configuration error, or a file that cannot be read or is not UTF-8.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders (default: .); - for standard input",
    )
    check.add_argument(
        "--format",
        dest="output_format",
        choices=("text", "json", "sarif", "github"),
        default="text",
        help="output format (default: text)",
    )
    check.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="CODES",
        help="only these rule codes or prefixes (comma-separated; overrides the configuration)",
    )
    check.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="CODES",
        help="never these rule codes or prefixes (comma-separated; overrides the configuration)",
    )
    check.add_argument(
        "--config",
        metavar="PATH",
        help="use this pyproject.toml or pep-lsp.toml instead of discovery",
    )
    check.add_argument(
        "--statistics", action="store_true", help="print the number of findings per rule code"
    )
    check.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 whatever is found (same as --fail-on never)",
    )
    check.add_argument(
        "--fail-on",
        choices=(*SEVERITY_NAMES, "never"),
        default="warning",
        metavar="SEVERITY",
        help="exit 1 when a finding is at least this severe: error, warning (default), information, hint, never",
    )
    check.add_argument(
        "--min-severity",
        choices=SEVERITY_NAMES,
        default="hint",
        metavar="SEVERITY",
        help="print only findings at least this severe (default: hint, all); --fail-on still sees every finding",
    )
    check.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="with '-': the file the text on standard input stands for (configuration, PEP file name, output)",
    )
    check.add_argument(
        "--fix",
        action="store_true",
        help="apply safe fixes (corrected values) to the files; with '-', print the fixed text and report to stderr",
    )
    check.add_argument(
        "--check-urls",
        action="store_true",
        help="fetch every http(s) link once and report broken ones (U101); uses the network",
    )
    check.add_argument(
        "--as-status",
        metavar="STATUS",
        help="report each file as if its Status were STATUS (what would block moving it there)",
    )
    commands.add_parser("rules", help="list every rule")
    one = commands.add_parser("rule", help="print one rule's documentation")
    one.add_argument("code")

    from pep_lsp.cli.index import add_commands

    add_commands(commands)  # `index` and `new` (pep_lsp/cli/index.py)
    from pep_lsp.cli.template import add_command

    add_command(commands)  # `template show` (pep_lsp/cli/template.py)
    return root


def _freeze_what_is_loaded() -> None:
    """Keep the objects loaded so far out of every later garbage collection (`gc.freeze`).

    Start-up builds ~200,000 objects that live as long as the process (lsprotocol's types,
    pygls' converter, the rules). Left in the collector's care, the full collection their
    number triggers took ~30 ms before `initialize` could be answered, and every later full
    collection would scan them again while the author types. The young generations are
    collected first, so their garbage is not frozen with them; what start-up had already
    promoted to the oldest generation stays (a fixed amount: RSS is unchanged within 0.1 MB,
    and a full pass to find it would cost what freezing saves).
    """
    gc.collect(1)
    gc.freeze()


def _load(command: str | None) -> None:
    """Import what a command runs, freezing it as it is loaded."""
    if command == "check":
        import pep_lsp.cli.report
        import pep_lsp.config
        import pep_lsp.engine.check
        import pep_lsp.engine.fix_all

        # A run that ends when its files are checked: a collection every 700 allocations
        # (the default) walks the models being built over and over (~7% of a run over many
        # files); what becomes garbage is mostly freed by reference counting anyway.
        gc.set_threshold(20_000, 50, 1_000)
    elif command is None:
        codecache.install_lsp()  # lsprotocol's classes, built from code compiled before
        import lsprotocol.types  # noqa: F401
        import pygls.lsp.server  # noqa: F401

        _freeze_what_is_loaded()  # before the server is built: its allocations would trigger the full pass
        import pep_lsp.lsp.server  # noqa: F401

        _load_analysis()
    _freeze_what_is_loaded()


def _load_analysis() -> None:
    """The analysis stack (engine, rules, configuration), the bundled template's schema and
    the word lists, loaded before `initialize` is answered rather than with the first
    document: with the classes' code read from the cache (`codecache.py`), start-up stays
    under the empty pygls server's while the first document no longer waits for them."""
    import pep_lsp.config  # noqa: F401 (the engine and every rule with it)
    from pep_lsp.spelling import load_table
    from pep_lsp.template import convention_phrases, default_schema

    default_schema()
    convention_phrases("optional")  # the vocabulary (data/vocabulary.toml), read once
    load_table()  # the misspellings list (~2 MB), read by the first document with prose


def entry() -> int:
    """The `pep-lsp` command and `python -m pep_lsp`: `main` in a process of its own (tests
    that call `main` keep their garbage collector as it is). The methods `@dataclass` writes
    come from the code cache (`codecache.py`): nothing below has defined a class yet."""
    codecache.install()
    args = parser().parse_args()
    _load(args.command)
    try:
        return _run(args)
    except BrokenPipeError:
        # The reader went away (`pep-lsp check . | head`): stop quietly, as other tools do.
        # Python would report the failed flush of stdout at exit; point it at /dev/null.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    return _run(parser().parse_args(argv))


def _run(args: argparse.Namespace) -> int:
    if args.command == "check":
        return run_check(args)
    if args.command == "rules":
        return run_rules()
    if args.command == "template":
        from pep_lsp.cli import template as template_cli

        return template_cli.run(args)
    if args.command == "rule":
        return run_rule(args.code)
    if args.command in ("index", "new"):
        from pep_lsp.cli import index as index_cli

        return index_cli.run_index(args) if args.command == "index" else index_cli.run_new(args)
    from pep_lsp.lsp.server import serve

    serve()
    return EXIT_CLEAN
