"""`pep-lsp index` (a list of every proposal, grouped by status) and `pep-lsp new` (the next
proposal from the template). Both read the workspace index (`pep_lsp.workspace.index`); no pygls.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # imported where used: `pep-lsp check` builds this parser too
    import datetime

    from pep_lsp.workspace.index import Index, Proposal, Scope

EXIT_CLEAN, EXIT_STALE, EXIT_USAGE = 0, 1, 2


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    index = commands.add_parser(
        "index",
        help="write an index of every proposal, grouped by status",
        description="Write an index of every proposal under the paths (default: the current folder), grouped by "
        "status: number, title, type, authors and a link. Exit codes: 0 written (or current), 1 --check found it "
        "stale, 2 usage error.",
    )
    index.add_argument("paths", nargs="*", metavar="PATH", default=["."])
    index.add_argument(
        "--format",
        dest="index_format",
        choices=("markdown", "json"),
        default="markdown",
        help="output format (default: markdown)",
    )
    index.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE instead of standard output"
    )
    index.add_argument(
        "--check",
        metavar="FILE",
        help="exit 1 when FILE is not the index as it would be written now",
    )
    new = commands.add_parser(
        "new",
        help="create the next proposal from the template",
        description="Create the next proposal from the template in a folder (default: the current one): the next "
        "free number, the title, today's date and the git author filled in. Prints the new file's path.",
    )
    new.add_argument("title", nargs="?", default="", metavar="TITLE")
    new.add_argument(
        "--dir",
        default=".",
        metavar="FOLDER",
        help="where the proposals are (default: the current folder)",
    )


def build_index(paths: Sequence[str]) -> tuple[Index, list[Scope]]:
    from pep_lsp.config import scope_for_folder  # the index reads no configuration itself
    from pep_lsp.workspace.index import Index, naming_of

    scopes = [scope_for_folder(Path(p)) for p in paths]
    index = Index(
        naming_of(scopes[0].schema) if scopes else naming_of(scope_for_folder(Path(".")).schema)
    )
    index.build(scopes)
    return index, scopes


def _status_order(scopes: list[Scope]) -> list[str]:
    return [status.name for status in scopes[0].schema.statuses] if scopes else []


def _link(proposal: Proposal, base: Path) -> str:
    return os.path.relpath(proposal.path, base).replace(os.sep, "/")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(index: Index, scopes: list[Scope], base: Path) -> str:
    """One table per status (the vocabulary's order, then unknown ones, then none)."""
    naming = index.naming
    proposals = index.all_proposals()
    order = _status_order(scopes)
    statuses = order + sorted({p.status for p in proposals if p.status and p.status not in order})
    word = naming.prefix or "Number"
    parts = [f"# Index of {word}s" if naming.prefix else "# Index of proposals", ""]
    groups = [(status, [p for p in proposals if p.status == status]) for status in statuses]
    groups.append(("No status", [p for p in proposals if not p.status]))
    for status, members in groups:
        if not members:
            continue
        parts += [f"## {status}", "", f"| {word} | Title | Type | Authors |", "|---|---|---|---|"]
        for p in members:
            number = str(p.number) if p.number is not None else ""
            title = p.title or os.path.basename(p.path)
            authors = ", ".join(re.sub(r"\s*<[^>]*>", "", a) for a in p.authors)
            parts.append(
                f"| {number} | [{_cell(title)}]({_link(p, base)}) | {_cell(p.type or '')} | {_cell(authors)} |"
            )
        parts.append("")
    return "\n".join(parts)


def render_json(index: Index, base: Path) -> str:
    items = [
        {
            "number": p.number,
            "title": p.title,
            "status": p.status,
            "stage": p.stage,
            "type": p.type,
            "authors": list(p.authors),
            "link": _link(p, base),
        }
        for p in index.all_proposals()
    ]
    import json

    return json.dumps({"proposals": items}, indent=2, ensure_ascii=False) + "\n"


def run_index(
    args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    for name in args.paths:
        if not Path(name).is_dir():
            print(f"pep-lsp: {name}: not a folder", file=err)
            return EXIT_USAGE
    target = args.check or args.output
    base = Path(target).absolute().parent if target else Path.cwd()
    index, scopes = build_index(args.paths)
    if target:  # the index file itself is not a proposal; leave it out of its own listing
        index.remove(Path(target).absolute())
    text = (
        render_json(index, base)
        if args.index_format == "json"
        else render_markdown(index, scopes, base)
    )
    if args.check:
        try:
            current = Path(args.check).read_text(encoding="utf-8")
        except OSError as error:
            print(f"pep-lsp: {args.check}: {error.strerror or error}", file=err)
            return EXIT_STALE
        if current != text:
            print(
                f"pep-lsp: {args.check} is stale: run `pep-lsp index -o {args.check}` to update it",
                file=err,
            )
            return EXIT_STALE
        return EXIT_CLEAN
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        out.write(text)
    return EXIT_CLEAN


def fill_template(
    template: str, scope: Scope, number: int, title: str, today: datetime.date, author: str | None
) -> str:
    """The template's text with the header's number, title, dates and author filled in, and
    its `#` title line in the `# PEP NNNN: Title` form. Everything else is left as written."""
    from pep_lsp.template import HEADER_LINE, format_date
    from pep_lsp.workspace.index import naming_of, title_field_of

    schema = scope.schema
    naming = naming_of(schema)
    title_field = title_field_of(schema)
    lines = template.split("\n")
    in_header = False
    done_header = False
    for i, line in enumerate(lines):
        if line.strip().startswith(schema.header_fence) and not done_header:
            if in_header:
                done_header = True
            in_header = not in_header
            continue
        if not in_header:
            continue
        match = HEADER_LINE.match(line)
        spec = schema.field(match.group(1)) if match else None
        if spec is None or match is None:
            continue
        value = None
        if spec.kind == "number":
            value = str(number)
        elif spec is title_field and title:
            value = title
        elif spec.kind == "date" and spec.date_format:
            value = format_date(spec.date_format, today.year, today.month, today.day)
        elif spec.kind == "people" and author:
            value = author
        if value is not None:
            lines[i] = (
                line[: match.start(2)] + value if match.group(2) else line.rstrip() + " " + value
            )
    if lines and lines[0].startswith("# ") and naming.prefix:
        lines[0] = (
            f"# {naming.mention(number)}: {title}" if title else f"# {naming.mention(number)}"
        )
    return "\n".join(lines)


def run_new(
    args: argparse.Namespace,
    out: TextIO | None = None,
    err: TextIO | None = None,
    today: datetime.date | None = None,
    author: Callable[[str], str | None] | None = None,
) -> int:
    import datetime

    from pep_lsp.workspace.index import slug

    out, err = out or sys.stdout, err or sys.stderr
    folder = Path(args.dir)
    if not folder.is_dir():
        print(f"pep-lsp: {args.dir}: not a folder", file=err)
        return EXIT_USAGE
    index, scopes = build_index([args.dir])
    scope = scopes[0]
    if not index.naming.prefix:
        print(f"pep-lsp: the template {scope.schema.source_path} has no number field", file=err)
        return EXIT_USAGE
    number = index.next_number()
    if author is None:
        from pep_lsp.features.completion import git_author

        author = git_author
    from pep_lsp.template import _bundled_text

    source = scope.schema.source_path
    template = (
        Path(source).read_text(encoding="utf-8") if Path(source).is_file() else _bundled_text()
    )
    text = fill_template(
        template,
        scope,
        number,
        args.title.strip(),
        today or datetime.date.today(),
        author(str(folder.absolute())),
    )
    name = f"{index.naming.prefix.casefold()}-{number:04d}"
    name += f"-{slug(args.title)}.md" if slug(args.title) else ".md"
    path = folder / name
    if path.exists():
        print(f"pep-lsp: {path} already exists", file=err)
        return EXIT_USAGE
    path.write_text(text, encoding="utf-8")
    print(path, file=out)
    return EXIT_CLEAN
