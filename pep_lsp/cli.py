"""`pep-lsp`: serve LSP on stdio (the default), or lint files with `pep-lsp check`.

The check path imports neither pygls nor lsprotocol, so it starts fast in CI.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from pep_lsp import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _markdown_files(paths: Sequence[str]) -> Iterator[Path]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.md") if p.is_file() and not any(part.startswith(".") for part in p.parts[len(path.parts):]))
        else:
            yield path


def run_check(paths: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Lint files and folders; print `path:line:col: severity CODE message` (1-based)."""
    out, err = out or sys.stdout, err or sys.stderr
    from pep_lsp.check import Settings, check
    from pep_lsp.findings import Severity
    from pep_lsp.template import TemplateError

    settings = Settings()
    try:
        settings.schema()
    except (OSError, TemplateError) as error:
        print(f"pep-lsp: template: {error}", file=err)
        return EXIT_USAGE
    status = EXIT_CLEAN
    counts = {severity: 0 for severity in Severity}
    files = 0
    for path in _markdown_files(paths):
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except OSError as error:
            print(f"pep-lsp: {path}: {error.strerror or error}", file=err)
            status = EXIT_USAGE
            continue
        files += 1
        for finding in check(text, settings):
            start = finding.span.start
            print(f"{path}:{start.line + 1}:{start.col + 1}: {finding.severity.label} {finding.code} {finding.message}", file=out)
            counts[finding.severity] += 1
    if status == EXIT_CLEAN and (counts[Severity.ERROR] or counts[Severity.WARNING]):
        status = EXIT_FINDINGS
    total = sum(counts.values())
    if total:
        parts = ", ".join(f"{n} {s.label}{'s' if n != 1 and s.label != 'information' else ''}" for s, n in counts.items() if n)
        print(f"Found {total} problem{'s' if total != 1 else ''} ({parts}) in {files} file{'s' if files != 1 else ''}.", file=out)
    return status


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
    check = commands.add_parser("check", help="lint PEP files and folders")
    check.add_argument("paths", nargs="+", metavar="PATH")
    commands.add_parser("rules", help="list every rule")
    one = commands.add_parser("rule", help="print one rule's documentation")
    one.add_argument("code")
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "check":
        return run_check(args.paths)
    if args.command == "rules":
        return run_rules()
    if args.command == "rule":
        return run_rule(args.code)
    from pep_lsp.server import serve

    serve()
    return EXIT_CLEAN
