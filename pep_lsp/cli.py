"""`pep-lsp`: serve LSP on stdio (the default), or lint files with `pep-lsp check`.

The check path imports neither pygls nor lsprotocol, so it starts fast in CI.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from pep_lsp import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
UTF8_BOM = b"\xef\xbb\xbf"
"""0: no error or warning (information and hints do not fail); 1: at least one error or
warning; 2: a usage or configuration error (nothing is checked then)."""


def _matches(path: Path, root: Path, patterns: Sequence[str]) -> bool:
    """fnmatch-style globs against the path relative to `root` (`*` also crosses folders); a
    pattern without `/` also matches the file name, one ending in `/` a folder and all below it."""
    from fnmatch import fnmatch

    try:
        relative = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        relative = path.resolve().as_posix()
    for pattern in patterns:
        if pattern.endswith("/"):
            pattern += "*"
        if fnmatch(relative, pattern) or fnmatch(relative, pattern + "/*"):
            return True
        if "/" not in pattern and fnmatch(path.name, pattern):
            return True
    return False


def _candidates(paths: Sequence[str]) -> Iterator[tuple[Path, bool]]:
    """(path, named on the command line): folders are walked, hidden folders skipped."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.parts[len(path.parts):])):
                yield found, False
        else:
            yield path, True


def run_check(
    paths: Sequence[str],
    out: TextIO | None = None,
    err: TextIO | None = None,
    *,
    output_format: str = "text",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    config: str | None = None,
    statistics: bool = False,
    exit_zero: bool = False,
    fix: bool = False,
) -> int:
    """Lint files and folders with the configuration nearest each file (or `config`)."""
    out, err = out or sys.stdout, err or sys.stderr
    from pep_lsp.config import ConfigError, Layer, parse_options, resolve, with_usable_template
    from pep_lsp.fixes import fix_text, write_atomically
    from pep_lsp.report import FileResult, fails, write_report, write_statistics

    overrides: Layer | None = None
    if select or ignore:
        flags = {key: [code for item in value for code in item.split(",") if code] for key, value in (("select", select), ("ignore", ignore)) if value}
        try:
            overrides = parse_options(flags, "command line", Path.cwd(), None)
        except ConfigError as error:
            message = error.problem.message.replace("'select'", "--select").replace("'ignore'", "--ignore")
            print(f"pep-lsp: {message}", file=err)
            return EXIT_USAGE
    config_path = Path(config) if config else None
    if config_path is not None and not config_path.is_file():
        print(f"pep-lsp: --config {config}: no such file", file=err)
        return EXIT_USAGE

    selected = []
    problems: list[str] = []
    for path, named in _candidates(paths):
        resolved = with_usable_template(resolve(path.absolute(), config_file=config_path, overrides=overrides))
        problems.extend(str(problem) for problem in resolved.problems if str(problem) not in problems)
        root = resolved.root or Path.cwd()
        if named and not path.exists():
            selected.append((path, resolved))
        elif _matches(path, root, resolved.include) and not _matches(path, root, resolved.exclude):
            selected.append((path, resolved))
    if problems:
        for problem in problems:
            print(f"pep-lsp: {problem}", file=err)
        return EXIT_USAGE

    from pep_lsp.check import check
    from pep_lsp.index import workspace_for_check

    workspace = workspace_for_check(paths, config_path, overrides)  # the cross-file rules' index
    status = EXIT_CLEAN
    results: list[FileResult] = []
    for path, resolved in selected:
        try:
            data = path.read_bytes()
        except OSError as error:
            print(f"pep-lsp: {path}: {error.strerror or error}", file=err)
            status = EXIT_USAGE
            continue
        # A byte-order mark is not text: left in, it would hide a header fence on the first line.
        bom = data.startswith(UTF8_BOM)
        text = data[len(UTF8_BOM) if bom else 0 :].decode("utf-8", errors="replace")
        applied = []
        if fix:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                print(f"pep-lsp: {path}: not valid UTF-8; not fixed", file=err)
            else:
                fixed, applied = fix_text(text, resolved.settings)
                if fixed != text:
                    write_atomically(path, fixed, bom)
                    text = fixed
        findings = check(text, resolved.settings, workspace(path, text))
        results.append(FileResult(str(path), _lines(text), findings, applied))
    write_report(output_format, results, out, statistics and output_format == "text")
    if statistics and output_format != "text":
        write_statistics(results, err)
    if status == EXIT_CLEAN and fails(results) and not exit_zero:
        status = EXIT_FINDINGS
    return status


def _lines(text: str) -> list[str]:
    from pep_lsp.text import split_lines

    return split_lines(text)[0]


def run_rules(out: TextIO | None = None) -> int:
    out = out or sys.stdout
    from pep_lsp.rules import REGISTRY

    for code, registered in sorted(REGISTRY.items()):
        print(f"{code}  {registered.name:<28} {registered.severity.label:<12} {registered.summary}", file=out)
    return EXIT_CLEAN


def run_rule(code: str, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from pep_lsp.rules import REGISTRY

    registered = REGISTRY.get(code.upper())
    if registered is None:
        print(f"pep-lsp: unknown rule code '{code}' (see `pep-lsp rules`)", file=err)
        return EXIT_USAGE
    print(f"{registered.code} {registered.name} (default severity: {registered.severity.label})\n", file=out)
    print(registered.doc, file=out)
    return EXIT_CLEAN


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="pep-lsp", description="Language server and linter for PEP documents.")
    root.add_argument("--version", action="version", version=f"pep-lsp {__version__}")
    root.add_argument("--stdio", action="store_true", help="serve LSP on stdin/stdout (the default)")
    commands = root.add_subparsers(dest="command")
    check = commands.add_parser(
        "check", help="lint PEP files and folders",
        description="Lint PEP files and folders. Exit codes: 0 no error or warning, 1 errors or warnings found, "
        "2 usage or configuration error.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--format", dest="output_format", choices=("text", "json", "sarif", "github"), default="text",
                       help="output format (default: text)")
    check.add_argument("--select", action="append", default=[], metavar="CODES",
                       help="only these rule codes or prefixes (comma-separated; overrides the configuration)")
    check.add_argument("--ignore", action="append", default=[], metavar="CODES",
                       help="never these rule codes or prefixes (comma-separated; overrides the configuration)")
    check.add_argument("--config", metavar="PATH", help="use this pyproject.toml or pep-lsp.toml instead of discovery")
    check.add_argument("--statistics", action="store_true", help="print the number of findings per rule code")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when errors or warnings are found")
    check.add_argument("--fix", action="store_true", help="apply safe fixes (corrected values) to the files")
    commands.add_parser("rules", help="list every rule")
    one = commands.add_parser("rule", help="print one rule's documentation")
    one.add_argument("code")
    from pep_lsp.index_cli import add_commands

    add_commands(commands)  # `index` and `new` (pep_lsp/index_cli.py)
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
        import pep_lsp.check  # noqa: F401
        import pep_lsp.config  # noqa: F401
        import pep_lsp.fixes  # noqa: F401
        import pep_lsp.report  # noqa: F401
    elif command is None:
        import lsprotocol.types  # noqa: F401
        import pygls.lsp.server  # noqa: F401

        _freeze_what_is_loaded()  # before the server is built: its allocations would trigger the full pass
        import pep_lsp.server  # noqa: F401
    _freeze_what_is_loaded()


def entry() -> int:
    """The `pep-lsp` command and `python -m pep_lsp`: `main` in a process of its own (tests
    that call `main` keep their garbage collector as it is)."""
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
        return run_check(
            args.paths, output_format=args.output_format, select=args.select, ignore=args.ignore, config=args.config,
            statistics=args.statistics, exit_zero=args.exit_zero, fix=args.fix,
        )
    if args.command == "rules":
        return run_rules()
    if args.command == "rule":
        return run_rule(args.code)
    if args.command in ("index", "new"):
        from pep_lsp import index_cli

        return index_cli.run_index(args) if args.command == "index" else index_cli.run_new(args)
    from pep_lsp.server import serve

    serve()
    return EXIT_CLEAN
