"""The workspace scenario of the benchmark (issue 15's speed targets), run by
`python benchmarks/run.py --only workspace`.

A workspace of `--workspace-size` proposals from `generate.generate_workspace` (each about 300
lines, citing three others by mention and link, a third of them Final) is written to a temporary
folder. Measured, with the real server over stdio:

- the index built in the background: wall time from `initialized` to the `$/progress` end;
- keystroke-to-diagnostics p50 on one open proposal while the index is being built, and once
  it is built against the same text in a second server with an empty workspace, the two
  servers typed into by turns (`PAIRED_KEYSTROKES` each) so both meet the same machine;
- after an open proposal's Status is edited and saved (Draft -> Final), the time until another
  open proposal that cites it (a Final one, whose X106 finding about it goes away) has its
  diagnostics republished without that finding;
- RSS with the index against the empty workspace (same document open, same edits);
- the CPU time each server spent over those paired keystrokes (all its threads, from
  /proc/PID/task/*/schedstat, in nanoseconds), per keystroke: the work behind the latency,
  which the machine's other load moves far less than the wall clock;
- `pep-lsp check` over the whole folder (cross-file rules included), wall time.
Nothing asserts on time: it measures and reports.
"""

from __future__ import annotations

import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from generate import generate_workspace
from lspclient import LspClient, ServerDied, Timeout

TYPED = "the quick brown fox jumps over the lazy dog, then types on and on "
_STATUS = re.compile(r"^Status: (\w+)$", re.M)
_CITES = re.compile(r"This proposal builds on ([^.]*)\.")


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 3)  # (ratios of ~1 ms: no rounding)


def _p50(values: list[float]) -> float | None:
    return _ms(statistics.median(values)) if values else None


def pick_pair(files: dict[str, str]) -> tuple[str, str, int]:
    """A Final proposal (file name) citing a Draft one (file name, number)."""
    status = {name: _STATUS.search(text).group(1) for name, text in files.items()}
    for name, text in sorted(files.items()):
        if status[name] != "Final":
            continue
        cited = _CITES.search(text)
        for number in map(int, re.findall(r"PEP (\d+)", cited.group(1) if cited else "")):
            other = f"pep-{number:04d}.md"
            if status.get(other) == "Draft":
                return name, other, number
    raise RuntimeError("no Final proposal citing a Draft one in the generated workspace")


def edit_point(text: str) -> tuple[int, int]:
    """A prose line after the header and the column after a word in its middle."""
    lines = text.split("\n")
    fences = 0
    for number, line in enumerate(lines):
        if line.startswith("```"):
            fences += 1
        if fences >= 2 and len(line) > 60 and line[0].isalpha():
            return number, line.index(" ", len(line) // 2) + 1
    raise RuntimeError("no prose line to type in")


class Typist:
    """Keystrokes into one document, each timed to the diagnostics of its version."""

    def __init__(self, client: LspClient, uri: str, line: int, col: int, timeout: float) -> None:
        self.client, self.uri, self.line, self.col, self.timeout = client, uri, line, col, timeout
        self.version, self.typed = 1, 0

    def keystroke(self) -> float:
        self.version += 1
        pos = {"line": self.line, "character": self.col + self.typed}
        ch = TYPED[self.typed % len(TYPED)]
        self.typed += 1
        start = len(self.client.diagnostics)
        t = self.client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": self.uri, "version": self.version},
                "contentChanges": [{"range": {"start": pos, "end": pos}, "text": ch}],
            },
        )
        found = self.client.wait_diagnostics(self.uri, self.version, self.timeout, start)
        return found.t - t


def cpu_ns(pid: int) -> int | None:
    """CPU time a process's threads have run, in nanoseconds (Linux schedstat), or None."""
    total = 0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            total += int((task / "schedstat").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return total


def _per_keystroke_us(before: int | None, after: int | None, count: int) -> float | None:
    return None if before is None or after is None else round((after - before) / count / 1000, 1)


def _open(client: LspClient, uri: str, text: str) -> float:
    return client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}},
    )


def _ended(client: LspClient) -> float | None:
    return next((t for value, t in client.progress if value.get("kind") == "end"), None)


PAIRED_KEYSTROKES = 120
"""Keystrokes timed in each of the two servers once the index is built, taking turns."""


def measure_indexed(
    spawn: Any,
    folder: Path,
    empty_folder: Path,
    a_name: str,
    a_text: str,
    b_name: str,
    b_text: str,
    b_number: int,
    args,
) -> dict:
    """The index build, keystrokes while it runs, then keystrokes once it is built taking
    turns with a second server in an empty workspace holding the same text (same document,
    same keystrokes typed before): the two are timed in the same seconds, so what the machine
    does meanwhile weighs on both alike. Returns the indexed server's figures and the empty
    one's (`empty`)."""
    res: dict = {"errors": []}
    empty: dict = {"errors": []}
    res["empty"] = empty
    client: LspClient = spawn()
    other: LspClient | None = None
    try:
        client.initialize(root_uri=folder.resolve().as_uri(), timeout=args.timeout)
        t_initialized = time.perf_counter()
        uri = (folder / a_name).resolve().as_uri()
        _open(client, uri, a_text)
        client.wait_diagnostics(uri, 1, args.timeout)
        line, col = edit_point(a_text)
        typist = Typist(client, uri, line, col, args.timeout)
        during: list[float] = []
        while _ended(client) is None and len(during) < 2000:
            started = time.perf_counter()
            latency = typist.keystroke()
            end = _ended(client)
            if end is None or started < end:
                during.append(latency)
            time.sleep(args.gap)
        end = client.wait_for(lambda: _ended(client), args.timeout)
        res["index_wall_ms"] = _ms(end - t_initialized)
        res["index_message"] = next(
            (v.get("message") for v, _ in client.progress if v.get("kind") == "end"), None
        )
        res["keystroke_during_index_p50_ms"] = _p50(during)
        res["keystroke_during_index_samples"] = len(during)
        other = spawn()
        other.initialize(root_uri=empty_folder.resolve().as_uri(), timeout=args.timeout)
        other_uri = (empty_folder / a_name).resolve().as_uri()
        _open(other, other_uri, a_text)
        other.wait_diagnostics(other_uri, 1, args.timeout)
        twin = Typist(other, other_uri, line, col, args.timeout)
        while twin.typed < typist.typed:  # the same text as the indexed server's
            twin.keystroke()
        time.sleep(0.5)
        for _ in range(args.warmup):
            typist.keystroke()
            twin.keystroke()
            time.sleep(args.gap)
        after: list[float] = []
        alone: list[float] = []
        cpu_before = cpu_ns(client.pid), cpu_ns(other.pid)
        for turn in range(PAIRED_KEYSTROKES):
            for who in (typist, twin) if turn % 2 == 0 else (twin, typist):
                (after if who is typist else alone).append(who.keystroke())
                time.sleep(args.gap / 2)  # (each server still idles about `gap` between its own)
        res["keystroke_indexed_p50_ms"] = _p50(after)
        res["cpu_per_keystroke_us"] = _per_keystroke_us(
            cpu_before[0], cpu_ns(client.pid), len(after)
        )
        empty["cpu_per_keystroke_us"] = _per_keystroke_us(
            cpu_before[1], cpu_ns(other.pid), len(alone)
        )
        res["rss_mb"] = round((client.status("VmRSS") or 0) / 1024, 1)
        empty["keystroke_p50_ms"] = _p50(alone)
        empty["rss_mb"] = round((other.status("VmRSS") or 0) / 1024, 1)
        other.close()
        other = None

        # A saved status change of another open proposal: A's X106 about it must go away.
        b_uri = (folder / b_name).resolve().as_uri()
        _open(client, b_uri, b_text)
        client.wait_diagnostics(b_uri, 1, args.timeout)
        stale = f"PEP {b_number} is still"
        client.wait_for(
            lambda: any(
                d.uri == uri and any(stale in i.get("message", "") for i in d.items)
                for d in client.diagnostics
            ),
            args.timeout,
        )
        b_line = b_text.split("\n").index("Status: Draft")
        start = len(client.diagnostics)
        t = client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": b_uri, "version": 2},
                "contentChanges": [
                    {
                        "range": {
                            "start": {"line": b_line, "character": 8},
                            "end": {"line": b_line, "character": 13},
                        },
                        "text": "Final",
                    }
                ],
            },
        )
        (folder / b_name).write_text(
            b_text.replace("\nStatus: Draft\n", "\nStatus: Final\n", 1), encoding="utf-8"
        )
        client.notify("textDocument/didSave", {"textDocument": {"uri": b_uri}})

        def current() -> Any:
            return next(
                (
                    d
                    for d in client.diagnostics[start:]
                    if d.uri == uri and not any(stale in i.get("message", "") for i in d.items)
                ),
                None,
            )

        res["status_change_to_other_document_ms"] = _ms(
            client.wait_for(current, args.timeout).t - t
        )
    except (ServerDied, Timeout, RuntimeError) as exc:
        res["errors"].append(f"{type(exc).__name__}: {str(exc)[:400]}")
    finally:
        client.close()
        if other is not None:
            other.close()
    return res


def measure_check_workspace(folder: Path, run: Any, python: str, runs: int) -> dict:
    times, rc, out = [], None, ""
    for _ in range(runs):
        elapsed, rc, out = run([python, "-m", "pep_lsp", "check", "--exit-zero", str(folder)], 600)
        times.append(elapsed)
    return {
        "check_ms": _p50(times),
        "check_runs": runs,
        "check_exit": rc,
        "check_tail": out[-200:] if rc not in (0, 1) else "",
    }


def written_workspace(files: dict[str, str], prefix: str) -> tuple[Path, Path, Path]:
    """A new temporary folder (to remove afterwards) holding `workspace/` with `files` and an
    `empty/` folder beside it: (the folder, workspace/, empty/)."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    folder, empty = work / "workspace", work / "empty"
    folder.mkdir()
    empty.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return work, folder, empty


def run_workspace(args, spawn: Any, timed_run: Any) -> dict:
    """Generate the workspace, measure, and return the figures (and a Markdown table)."""
    files = generate_workspace(args.workspace_size, 300, 1)
    a_name, b_name, b_number = pick_pair(files)
    work, folder, empty = written_workspace(files, "pep-bench-ws-")
    try:
        results: dict = {"proposals": len(files), "document": a_name, "cited": b_name}
        results["indexed"] = measure_indexed(
            spawn, folder, empty, a_name, files[a_name], b_name, files[b_name], b_number, args
        )
        results["empty"] = results["indexed"].pop("empty")
        (folder / b_name).write_text(files[b_name], encoding="utf-8")  # as generated again
        results["check"] = measure_check_workspace(folder, timed_run, args.python, args.check_runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["table_markdown"] = workspace_table(results)
    return results


def workspace_table(r: dict) -> str:
    indexed, empty, check = r["indexed"], r["empty"], r["check"]

    def ratio(a: float | None, b: float | None) -> str:
        return f"{a / b:.2f}x" if a and b else "-"

    rss_delta = (
        round(indexed["rss_mb"] - empty["rss_mb"], 1)
        if indexed.get("rss_mb") and empty.get("rss_mb")
        else None
    )
    rows = [
        (
            "index built in the background: `initialized` to progress end",
            f"{indexed.get('index_wall_ms')} ms",
            "<= 2,000 ms",
        ),
        (
            "keystroke to diagnostics p50, empty workspace",
            f"{empty.get('keystroke_p50_ms')} ms",
            "",
        ),
        (
            f"keystroke to diagnostics p50, {r['proposals']:,}-proposal workspace (indexed)",
            f"{indexed.get('keystroke_indexed_p50_ms')} ms ({ratio(indexed.get('keystroke_indexed_p50_ms'), empty.get('keystroke_p50_ms'))})",
            "<= 1.1x empty",
        ),
        (
            f"keystroke to diagnostics p50 while indexing ({indexed.get('keystroke_during_index_samples')} samples)",
            f"{indexed.get('keystroke_during_index_p50_ms')} ms ({ratio(indexed.get('keystroke_during_index_p50_ms'), empty.get('keystroke_p50_ms'))})",
            "<= 1.1x empty",
        ),
        (
            "server CPU per paired keystroke (all threads), empty / indexed",
            f"{empty.get('cpu_per_keystroke_us')} / {indexed.get('cpu_per_keystroke_us')} µs ({ratio(indexed.get('cpu_per_keystroke_us'), empty.get('cpu_per_keystroke_us'))})",
            "",
        ),
        (
            "saved Status change of a cited proposal to the citing open document's new diagnostics",
            f"{indexed.get('status_change_to_other_document_ms')} ms",
            "<= 50 ms",
        ),
        (
            "RSS, empty workspace / with the index",
            f"{empty.get('rss_mb')} / {indexed.get('rss_mb')} MB (+{rss_delta} MB)",
            "<= +40 MB",
        ),
        (
            f"`pep-lsp check` over the {r['proposals']} files (median of {check['check_runs']})",
            f"{check.get('check_ms')} ms",
            "<= 3,000 ms",
        ),
    ]
    lines = ["| measure | result | target |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)
