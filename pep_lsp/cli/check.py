"""`pep-lsp check`: select the files, read them, fix them if asked, check them, report.

The check path imports neither pygls nor lsprotocol, so it starts fast in CI.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple, TextIO

if TYPE_CHECKING:
    from pep_lsp.config import Resolved
    from pep_lsp.findings import AppliedFix

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
"""0: nothing at or above `--fail-on` (default: warning; information and hints do not fail);
1: at least one such finding; 2: a usage or configuration error (nothing is checked then), or
a file that could not be read or is not UTF-8."""
UTF8_BOM = b"\xef\xbb\xbf"
SEVERITY_NAMES = ("error", "warning", "information", "info", "hint")


def _candidates(paths: Sequence[str]) -> Iterator[tuple[Path, bool]]:
    """(path, named on the command line): folders are walked, hidden folders skipped; a file
    reached twice (named and inside a named folder, or a folder named twice) comes once."""
    seen: set[str] = set()

    def first_time(path: Path) -> bool:
        key = os.path.normcase(os.path.abspath(path))
        if key in seen:
            return False
        seen.add(key)
        return True

    for name in paths:
        path = Path(name)
        if path.is_dir():
            for found in sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.parts[len(path.parts) :])
            ):
                if first_time(found):
                    yield found, False
        elif first_time(path):
            yield path, True


class _Done(NamedTuple):
    """A file's outcome known before checking it (it could not be read)."""

    outcome: tuple[Any, list[str], str | None]


class NotUtf8(ValueError):
    """A file whose bytes are not UTF-8: checking replacement characters would pass it."""


def decode(data: bytes) -> tuple[str, bool]:
    """The text of a file's bytes and whether it began with a byte-order mark (a BOM is not
    text: left in, it would hide a header fence on the first line). Raises NotUtf8, saying
    where, for bytes that are not UTF-8."""
    bom = data.startswith(UTF8_BOM)
    body = data[len(UTF8_BOM) if bom else 0 :]
    try:
        return body.decode("utf-8"), bom
    except UnicodeDecodeError as error:
        line = body.count(b"\n", 0, error.start) + 1
        column = error.start - (body.rfind(b"\n", 0, error.start) + 1) + 1
        raise NotUtf8(
            f"not valid UTF-8 (byte 0x{body[error.start]:02x} at line {line}, byte {column}); save it as UTF-8"
        ) from None


def run_check(
    args: argparse.Namespace,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: BinaryIO | None = None,
) -> int:
    """Lint files and folders (or standard input, `-`) with the configuration nearest each
    file (or `--config`). New options: add them to `parser()` and read them from `args` here."""
    out, err = out or sys.stdout, err or sys.stderr
    from dataclasses import replace  # (after `codecache.install`: see `_defer_import` there)

    from pep_lsp.cli.report import FileResult, fails, write_report, write_statistics
    from pep_lsp.config import (
        ConfigError,
        Layer,
        claims_document,
        parse_options,
        resolve,
        with_usable_template,
    )
    from pep_lsp.engine.fix_all import fix_text, write_atomically
    from pep_lsp.findings import Severity

    overrides: Layer | None = None
    if args.select or args.ignore:
        flags = {
            key: [code for item in value for code in item.split(",") if code]
            for key, value in (("select", args.select), ("ignore", args.ignore))
            if value
        }
        try:
            overrides = parse_options(flags, "command line", Path.cwd(), None)
        except ConfigError as error:
            for problem in error.problems:
                message = problem.message.replace("'select'", "--select").replace(
                    "'ignore'", "--ignore"
                )
                print(f"pep-lsp: {message}", file=err)
            return EXIT_USAGE
    config_path = Path(args.config) if args.config else None
    if config_path is not None and not config_path.is_file():
        print(f"pep-lsp: --config {args.config}: no such file", file=err)
        return EXIT_USAGE
    paths = args.paths or ["."]
    from_stdin = paths == ["-"]
    if "-" in paths and not from_stdin:
        print("pep-lsp: '-' (standard input) cannot be mixed with other paths", file=err)
        return EXIT_USAGE
    fail_on = None if args.exit_zero or args.fail_on == "never" else Severity.parse(args.fail_on)
    shown = Severity.parse(args.min_severity)

    by_folder: dict[Path, Resolved] = {}

    def settings_for(path: Path) -> Resolved:
        """(Resolved once per folder: a file's configuration is found from its folder up.)"""
        folder = path.absolute().parent
        resolved = by_folder.get(folder)
        if resolved is None:
            resolved = by_folder[folder] = with_usable_template(
                resolve(path.absolute(), config_file=config_path, overrides=overrides)
            )
        return resolved

    selected: list[tuple[Path, Resolved]] = []
    problems: list[str] = []
    if from_stdin:
        stdin_path = Path(args.stdin_filename) if args.stdin_filename else Path.cwd() / "-"
        resolved = settings_for(stdin_path)
        problems.extend(str(problem) for problem in resolved.problems)
        selected.append((stdin_path, resolved))
    else:
        for path, named in _candidates(paths):
            resolved = settings_for(path)
            problems.extend(
                str(problem) for problem in resolved.problems if str(problem) not in problems
            )
            if (named and not path.exists()) or resolved.selects(path):
                selected.append((path, resolved))
    if problems:
        for text in problems:
            print(f"pep-lsp: {text}", file=err)
        return EXIT_USAGE

    from pep_lsp.config import workspace_for_check
    from pep_lsp.engine.check import check_model
    from pep_lsp.model.document import Document

    unknown = _unknown_status(args.as_status, selected) if args.as_status is not None else None
    if unknown:
        print(f"pep-lsp: {unknown}", file=err)
        return EXIT_USAGE
    url_results = _check_urls(selected) if args.check_urls else None
    # The cross-file rules' index: the paths given (a file brings its folder's files). With
    # enough files, each worker process reads and checks its share (`_indexed_in_workers`).
    index_paths = [str(selected[0][0].parent)] if from_stdin else paths
    split = None if from_stdin else _workers_for(selected, index_paths)
    workspace: Any = None if split else workspace_for_check(index_paths, config_path, overrides)

    # Only the JSON report shows fixes: the others need no "Suppress CODE" fix for each finding.
    with_suppress_fix = args.output_format == "json"

    def read_one(item: tuple[Path, Resolved]) -> Any:
        """A file read, fixed if asked and analysed: what `check_one` needs besides the
        cross-file index, or (a `_Done`) its outcome already when it could not be read."""
        path, resolved = item
        shown_name = (args.stdin_filename or "-") if from_stdin else str(path)
        try:
            data = (stdin or sys.stdin.buffer).read() if from_stdin else path.read_bytes()
            text, bom = decode(data)
        except OSError as error:
            return _Done((None, [f"pep-lsp: {shown_name}: {error.strerror or error}"], None))
        except NotUtf8 as error:
            verb = "not fixed" if args.fix else "not checked"
            return _Done((None, [f"pep-lsp: {shown_name}: {error}; {verb}"], None))
        claimed = claims_document(resolved, path, path.name, resolved.settings.schema())
        applied: list[AppliedFix] = []
        to_stdout = None
        if args.fix:
            fixed, applied = fix_text(text, resolved.settings, claimed)
            if from_stdin:
                to_stdout = fixed  # the fixed text replaces the editor's buffer
            elif fixed != text:
                write_atomically(path, fixed, bom)
            text = fixed
        settings = resolved.settings
        if url_results:
            settings = replace(settings, options={**settings.options, "url-results": url_results})
        model = Document(text, settings.schema(), claimed).model
        return path, shown_name, text, settings, model, applied, to_stdout

    def finish_one(read: Any) -> tuple[FileResult | None, list[str], str | None]:
        """`read_one`'s file checked (with the cross-file index, now whole)."""
        if isinstance(read, _Done):
            return read.outcome
        path, shown_name, text, settings, model, applied, to_stdout = read
        findings = (
            _check_as(model, settings, args.as_status)
            if args.as_status is not None
            else check_model(model, settings, workspace(path, text), with_suppress_fix)
        )
        result = FileResult(shown_name, model.lines, findings, applied, pep=model.is_pep)
        return result, [], to_stdout

    def check_one(item: tuple[Path, Resolved]) -> tuple[FileResult | None, list[str], str | None]:
        """One file's result, or the messages saying why there is none; with `--fix` on
        standard input, the fixed text (printed in place of the buffer)."""
        return finish_one(read_one(item))

    status = EXIT_CLEAN
    results: list[FileResult] = []

    def set_views(views: Any) -> None:
        nonlocal workspace
        workspace = views

    outcomes = (
        _indexed_in_workers(
            (read_one, finish_one), selected, index_paths, config_path, overrides, set_views, split
        )
        if split
        else map(check_one, selected)
    )
    for result, messages, to_stdout in outcomes:
        for message in messages:
            print(message, file=err)
            status = EXIT_USAGE
        if to_stdout is not None:
            out.write(to_stdout)
            out.flush()
            out = err  # the report goes to stderr
        if result is not None:
            results.append(result)
    hidden = sum(1 for result in results for f in result.findings if f.severity > shown)
    visible = (
        [
            replace(result, findings=[f for f in result.findings if f.severity <= shown])
            for result in results
        ]
        if hidden
        else results
    )
    write_report(
        args.output_format,
        visible,
        out,
        args.statistics and args.output_format == "text",
        hidden=hidden,
    )
    if args.statistics and args.output_format != "text":
        write_statistics(visible, err)
    if status == EXIT_CLEAN and fail_on is not None and fails(results, fail_on):
        status = EXIT_FINDINGS
    return status


FILES_PER_PROCESS = 32
"""`check` spreads files over worker processes (one per core, each reading, indexing and
checking its share) when each would get at least this many; fewer are checked in this process."""


def _cores() -> int:
    return (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    ) or 1


def _workers_for(selected: Sequence[Any], paths: Sequence[str]) -> int:
    """How many worker processes read, index and check the files (0: this process does):
    at least FILES_PER_PROCESS files for each."""
    workers = min(_cores(), len(selected) // FILES_PER_PROCESS)
    if workers < 2 or not hasattr(os, "fork"):
        return 0
    return workers


def _indexed_in_workers(
    steps: tuple[Any, Any],
    selected: Sequence[tuple[Path, Any]],
    paths: Sequence[str],
    config_path: Path | None,
    overrides: Any,
    set_views: Any,
    workers: int,
) -> Iterator[Any]:
    """`map(check_one, selected)` over `workers` forked processes that also build the index
    (`steps`: check_one's two halves, `read_one` and `finish_one`, the second needing the
    index): each reads and scans its share of the files (the files it checks), sends what
    other files' rules read of them (`as_neighbour`: no headings, links or mentions), gets
    everyone else's, and checks its files against that index, its own files' entries whole.
    The index build is spread like the checking, and no file is read twice. A worker that
    fails (it died, or its answer cannot be read) makes this process build the index and
    check every file itself, as without workers.

    This process only passes each worker's part on, as the bytes it came in, to the others
    as soon as it is whole; a worker waiting for the others' parts reads and analyses its
    next files meanwhile (`_worker`).

    The other files of a named file's folder (neighbours, not checked) are entered here from
    their headers before the workers start, as `cross_file_views` enters them: a worker reads
    one whole only when a rule looks inside it."""

    from pep_lsp.config import scope_for_folder
    from pep_lsp.workspace.index import neighbour_index, normal_path, planned_files

    naming, plan = planned_files(
        [Path(p) for p in paths], lambda folder: scope_for_folder(folder, config_path, overrides)
    )
    neighbours = neighbour_index(naming, plan)
    size = -(-len(selected) // workers)
    owner = {normal_path(path.absolute()): i // size for i, (path, _) in enumerate(selected)}
    parts = [
        owner.get(normal_path(path.absolute()), position % workers)
        for position, (path, _, _) in enumerate(plan)
    ]
    children: list[tuple[int, int, int]] = []  # (pid, the pipe down to it, the pipe up from it)
    try:
        for worker in range(workers):
            down_read, down_write = os.pipe()
            up_read, up_write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: never returns
                os.close(down_write)
                os.close(up_read)
                for _, down, up in children:
                    os.close(down)
                    os.close(up)
                _worker(
                    worker,
                    os.fdopen(down_read, "rb"),
                    os.fdopen(up_write, "wb"),
                    steps,
                    selected[worker * size : (worker + 1) * size],
                    neighbours,
                    plan,
                    parts,
                    set_views,
                    workers,
                )
            os.close(down_read)
            os.close(up_write)
            children.append((pid, down_write, up_read))
        ups = [up for _, _, up in children]
        sent: list[set[int]] = [set() for _ in children]
        received: dict[int, bytes] = {}
        for worker, part in _messages(ups):
            received[worker] = part
            # Each part goes to every worker whose own part has come (a worker still sending
            # its own would not be reading: both would wait).
            for other in received:
                for source, data in received.items():
                    if source != other and source not in sent[other]:
                        _write(children[other][1], data)
                        sent[other].add(source)
        for _, down, _ in children:
            os.close(down)
        children = [(pid, -1, up) for pid, _, up in children]
        outcomes: dict[int, list[Any]] = {}
        for worker, answer in _messages(ups):
            outcomes[worker] = _unpickled(answer)
        results = [outcome for worker in range(workers) for outcome in outcomes[worker]]
    except Exception:  # (a broken pipe, an answer cut short or unreadable)
        results = []
    finally:
        for pid, down, up in children:
            for fd in (down, up):
                if fd >= 0:
                    os.close(fd)
            os.waitpid(pid, 0)
    if len(results) != len(selected):  # a worker failed: everything here, as without workers
        from pep_lsp.config import workspace_for_check

        set_views(workspace_for_check(paths, config_path, overrides))
        read_one, finish_one = steps
        results = [finish_one(read_one(item)) for item in selected]
    yield from results


AHEAD = 64
"""How many of its files a worker reads and analyses while it waits for the other workers'
index entries (their models are kept until then)."""


def _worker(
    worker: int,
    down: BinaryIO,
    up: BinaryIO,
    steps: tuple[Any, Any],
    mine: Sequence[Any],
    index: Any,
    plan: Sequence[tuple[Path, Any, bool]],
    parts: Sequence[int],
    set_views: Any,
    workers: int,
) -> None:
    """One worker of `_indexed_in_workers`: read and scan its part of the plan, send the
    neighbours' view of it; until the other workers' views come, read and analyse its first
    files (up to AHEAD); add everyone's views to `index` (holding the named files'
    neighbours), check its files, send the results, exit."""
    code = 1
    try:
        import gc
        import select

        # A short-lived process: what it inherited is never garbage, and a full collection
        # every few files (~9% of the time) would only walk the models being built.
        gc.freeze()
        gc.set_threshold(20_000, 50, 1_000)
        from pep_lsp.workspace.index import as_neighbour, normal_path, read_whole

        whole: dict[int, tuple[str, Any, Any]] = {}
        for position, (path, scope, read) in enumerate(plan):
            if read and parts[position] == worker:
                found = read_whole(path, scope.schema)
                if found is not None:
                    whole[position] = (found[0], scope.schema, found[1])
        _send(up, {position: as_neighbour(read[2]) for position, read in whole.items()})
        read_one, finish_one = steps
        ahead: list[Any] = []
        while len(ahead) < min(AHEAD, len(mine)) and not select.select([down], [], [], 0)[0]:
            ahead.append(read_one(mine[len(ahead)]))
        shared: dict[int, Any] = {}
        for _ in range(workers - 1):
            shared.update(_receive(down))
        texts: dict[str, tuple[str, Any]] = {}
        for position in range(len(plan)):
            if position in whole:
                text, schema, entry = whole[position]
                index.put(entry)
                texts[normal_path(entry.path)] = (text, schema)
            elif position in shared:
                index.put(shared[position])
        from pep_lsp.workspace.index import views_of

        set_views(views_of(index, texts))
        results = [_slim(finish_one(read)) for read in ahead]
        results.extend(_slim(finish_one(read_one(item))) for item in mine[len(ahead) :])
        _send(up, results)
        up.close()
        code = 0
    finally:
        os._exit(code)


def _slim(outcome: tuple[Any, list[str], str | None]) -> tuple[Any, list[str], str | None]:
    """A worker's result as the report reads it: of the file's lines, only those a finding
    starts or ends on (the SARIF regions' columns), the others empty: a tenth of the bytes."""
    from dataclasses import replace

    result, messages, to_stdout = outcome
    if result is None:
        return outcome
    lines = result.lines
    kept = [""] * len(lines)
    for finding in result.findings:
        for line in (finding.span.start.line, finding.span.end.line):
            if 0 <= line < len(lines):
                kept[line] = lines[line]
    return replace(result, lines=kept), messages, to_stdout


def _pickled(value: Any) -> bytes:
    import pickle

    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _unpickled(data: bytes) -> Any:
    import pickle

    return pickle.loads(data)


def _send(stream: BinaryIO, value: Any) -> None:
    """A value, or its `_pickled` bytes, with its length first."""
    data = value if isinstance(value, bytes) else _pickled(value)
    stream.write(len(data).to_bytes(8, "little"))
    stream.write(data)
    stream.flush()


def _receive(stream: BinaryIO) -> Any:
    """A value `_send` sent (or a part `_indexed_in_workers` passed on as it came)."""
    size = int.from_bytes(stream.read(8), "little")
    data = stream.read(size)
    if len(data) != size or size == 0:
        raise EOFError("a worker process stopped before answering")
    return _unpickled(data)


def _write(fd: int, data: bytes) -> None:
    """`data` down a pipe, with its length first, as `_send` writes it."""
    view = memoryview(len(data).to_bytes(8, "little") + data)
    while view:
        view = view[os.write(fd, view) :]


def _messages(fds: Sequence[int]) -> Iterator[tuple[int, bytes]]:
    """One message (as `_send` writes it) from each pipe, by index, as each comes whole: the
    workers are read in the order they answer, none left waiting on a full pipe."""
    import select

    buffers = {i: bytearray() for i in range(len(fds))}
    while buffers:
        ready, _, _ = select.select([fds[i] for i in buffers], [], [])
        for fd in ready:
            i = fds.index(fd)
            buffer = buffers[i]
            chunk = os.read(fd, _size(buffer) - len(buffer))  # (never into the next message)
            if not chunk:
                raise EOFError("a worker process stopped before answering")
            buffer += chunk
            if len(buffer) >= 8 and len(buffer) == _size(buffer):
                del buffers[i]
                yield i, bytes(buffer[8:])


def _size(buffer: bytearray) -> int:
    """The whole length of the message `buffer` begins (its 8-byte length and the bytes)."""
    return 8 + int.from_bytes(buffer[:8], "little") if len(buffer) >= 8 else 8


def _check_urls(selected: Sequence[tuple[Path, Any]]) -> dict[str, str]:
    """`--check-urls`: fetch every distinct http(s) URL of the selected files once; the broken
    ones, with why, for rule U101."""
    from pep_lsp.engine.urlcheck import check_documents

    documents = []
    for path, resolved in selected:
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            continue  # reported by the check itself
        documents.append((text, resolved.settings))
    return check_documents(documents)


def _unknown_status(name: str, selected: Sequence[tuple[Path, Any]]) -> str | None:
    """`--as-status NAME`: why NAME is not a status of some selected file's vocabulary, or None."""
    from pep_lsp.engine.check import Settings

    for settings in [resolved.settings for _, resolved in selected] or [Settings()]:
        schema = settings.schema()
        if schema.status(name) is None:
            return f"--as-status '{name}' is not a status; the statuses are {', '.join(s.name for s in schema.statuses)}"
    return None


def _check_as(model: Any, settings: Any, name: str) -> list[Any]:
    """`--as-status NAME`: the findings the document would get with that status."""
    from pep_lsp.engine.lifecycle import check_as

    return check_as(model, settings, settings.schema().status(name), with_fix=True)
