"""Deterministic generator of realistic PEPs written from the template.

`generate_pep(lines=300, seed=1)` returns a `GeneratedPep`: the Markdown text of a filled-in PEP
of about that many lines, with every template section in order (header block, prose, lists,
tables, fenced code, subsections) and a few leftovers a real draft keeps (an italic instruction
line, a `[placeholder]`, an example.com link). Bigger documents get more `###` subsections,
mostly in the Specification. Everything comes from one `random.Random(seed)`: the same
arguments give the same bytes on every machine and Python version (only `random()`,
`randrange()` and `choice()` are used, whose outputs are stable for a given seed).

Command line: `python benchmarks/generate.py --lines 3000 --seed 1 -o pep.md`, or
`--many 100 -o DIR` for 100 different PEPs of about 300 lines, or `--workspace 1000 -o DIR` for
1,000 proposals that mention and link each other (`generate_workspace`).
"""

from __future__ import annotations

import argparse
import random
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

WRAP = 88

TOPICS = [
    ("response cache", "cache", "entries", "CacheManager"),
    ("structured logging", "log pipeline", "records", "LogRouter"),
    ("plugin loader", "plugin registry", "plugins", "PluginLoader"),
    ("rate limiter", "limiter", "tokens", "RateLimiter"),
    ("job scheduler", "scheduler", "jobs", "JobScheduler"),
    ("schema registry", "registry", "schemas", "SchemaRegistry"),
    ("feature flag service", "flag store", "flags", "FlagStore"),
    ("search indexer", "indexer", "documents", "SearchIndexer"),
    ("audit trail", "audit log", "events", "AuditTrail"),
    ("connection pool", "pool", "connections", "ConnectionPool"),
    ("configuration loader", "loader", "settings", "ConfigLoader"),
    ("metrics exporter", "exporter", "samples", "MetricsExporter"),
]

SUBJECTS = [
    "The {sys}",
    "Each worker process",
    "A client library",
    "The reference implementation",
    "Every request handler",
    "The command-line tool",
    "Downstream tooling",
    "The admin console",
    "A background task",
    "The migration script",
    "Each tenant",
    "The test harness",
    "The public API",
    "An operator",
    "The storage backend",
    "The release pipeline",
    "The typical integrator",
    "The current design",
    "The proposed {sys}",
    "A misconfigured deployment",
]
VERBS = [
    "validates",
    "records",
    "batches",
    "rejects",
    "forwards",
    "serialises",
    "invalidates",
    "indexes",
    "streams",
    "retries",
    "throttles",
    "annotates",
    "compacts",
    "replays",
    "deduplicates",
    "exposes",
    "persists",
    "merges",
    "prunes",
    "schedules",
    "reconciles",
]
OBJECTS = [
    "incoming requests",
    "stale {items}",
    "the dependency graph",
    "per-tenant quotas",
    "configuration snapshots",
    "the {sys} state",
    "partial results",
    "expired {items}",
    "the audit history",
    "pending writes",
    "duplicate {items}",
    "the hot path",
    "schema versions",
    "every lookup",
    "long-running transactions",
    "cold {items}",
    "the retry budget",
    "batched updates",
    "the public interface",
    "error reports",
]
ADVERBIALS = [
    "before the response is written",
    "when the queue is full",
    "on every deployment",
    "without blocking the event loop",
    "within a single transaction",
    "at start-up",
    "once per minute",
    "under sustained load",
    "after a failover",
    "during a rolling upgrade",
    "for each tenant separately",
    "in the background",
    "only when asked to",
    "as soon as the lease expires",
    "while holding no locks",
    "across process restarts",
    "whenever the schema changes",
    "on the first access",
    "in constant time",
]
OPENERS = [
    "In practice,",
    "Today,",
    "As a result,",
    "By contrast,",
    "In the common case,",
    "For large installations,",
    "Under this proposal,",
    "Historically,",
    "In our measurements,",
    "For compatibility,",
    "To keep things simple,",
    "More importantly,",
    "At the same time,",
]
QUALIFIERS = [
    "which keeps latency predictable",
    "so that operators can reason about it",
    "which removes a whole class of bugs",
    "although this costs some memory",
    "which matches what users already expect",
    "so no existing caller has to change",
    "which is cheap to verify in tests",
    "but only behind a configuration switch",
    "which the previous design could not guarantee",
    "and the overhead stays below {pct}%",
]
CODE_NAMES = [
    "get_data",
    "put",
    "invalidate",
    "refresh",
    "load_config",
    "open_session",
    "flush",
    "resolve",
    "register",
    "lookup",
    "evict",
    "snapshot",
    "restore",
    "compact",
    "ping",
]
ADJ = ["fast", "strict", "lazy", "bounded", "shared", "local", "durable", "optional", "legacy"]
NOUNS = [
    "Eviction",
    "Invalidation",
    "Sharding",
    "Warm-up",
    "Back-pressure",
    "Observability",
    "Serialisation",
    "Versioning",
    "Quotas",
    "Isolation",
    "Retries",
    "Batching",
    "Timeouts",
    "Consistency",
    "Migration",
    "Ownership",
    "Failure Modes",
    "Error Handling",
    "Limits",
]
PEOPLE = [
    "Ada Lovelace",
    "Grace Hopper",
    "Alan Turing",
    "Barbara Liskov",
    "Edsger Dijkstra",
    "Frances Allen",
    "Donald Knuth",
    "Margaret Hamilton",
    "Ken Thompson",
    "Radia Perlman",
]


@dataclass
class GeneratedPep:
    """A generated PEP and where a benchmark should type in it (0-based lines)."""

    text: str
    seed: int
    target_lines: int
    prose_lines: list[int] = field(repr=False)
    status_line: int
    edit_line: int  # the prose line nearest the middle of the document

    @property
    def line_count(self) -> int:
        return self.text.count("\n")


class _Writer:
    """Builds the document line by line, remembering which lines are prose."""

    def __init__(self, rng: random.Random, topic: tuple[str, str, str, str]):
        self.rng = rng
        self.topic = topic
        self.lines: list[str] = []
        self.prose: list[int] = []

    # -- words ------------------------------------------------------------------------
    def fill(self, pattern: str) -> str:
        _, sys_, items, _ = self.topic
        return pattern.format(sys=sys_, items=items, pct=self.rng.randrange(1, 15))

    def pick(self, options: list[str]) -> str:
        return self.fill(self.rng.choice(options))

    @staticmethod
    def base_form(verb: str) -> str:
        """'retries' -> 'retry', 'batches' -> 'batch', 'merges' -> 'merge'."""
        if verb.endswith("ies"):
            return verb[:-3] + "y"
        if verb.endswith(("ches", "shes", "xes", "sses")):
            return verb[:-2]
        return verb[:-1]

    @staticmethod
    def lower_first(text: str) -> str:
        return text[0].lower() + text[1:]

    def code_span(self) -> str:
        return f"`{self.rng.choice(CODE_NAMES)}()`"

    def sentence(self) -> str:
        r = self.rng
        kind = r.randrange(8)
        subj, verb, obj, adv = (
            self.pick(SUBJECTS),
            r.choice(VERBS),
            self.pick(OBJECTS),
            self.pick(ADVERBIALS),
        )
        if kind == 0:
            s = f"{self.pick(OPENERS)} {subj[0].lower() + subj[1:]} {verb} {obj} {adv}."
        elif kind == 1:
            s = f"{subj} {verb} {obj} {adv}, {self.pick(QUALIFIERS)}."
        elif kind == 2:
            s = f"This PEP proposes that {subj[0].lower() + subj[1:]} {verb} {obj} {adv}."
        elif kind == 3:
            s = (
                f"Calling {self.code_span()} {adv} takes about {r.randrange(2, 900)} ms "
                f"on a typical installation, against {r.randrange(1, 90)} ms for {obj}."
            )
        elif kind == 4:
            s = f"Because {subj[0].lower() + subj[1:]} {verb} {obj}, {self.lower_first(self.pick(SUBJECTS))} no longer {self.base_form(r.choice(VERBS))} {self.pick(OBJECTS)}."
        elif kind == 5:
            s = f"{subj} {verb} {obj}; {self.lower_first(self.pick(SUBJECTS))} {r.choice(VERBS)} {self.pick(OBJECTS)} {self.pick(ADVERBIALS)}."
        elif kind == 6:
            s = f"Roughly {r.randrange(3, 97)}% of {obj} are affected, {self.pick(QUALIFIERS)}."
        else:
            s = f"{subj} {verb} {obj} {adv}."
        return s

    # -- blocks -----------------------------------------------------------------------
    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def raw(self, *lines: str) -> None:
        self.lines.extend(lines)

    def heading(self, level: int, title: str) -> None:
        self.blank()
        self.lines.append("#" * level + " " + title)
        self.lines.append("")

    def paragraph(self, sentences: int | None = None) -> None:
        n = sentences if sentences is not None else self.rng.randrange(2, 5)
        text = " ".join(self.sentence() for _ in range(n))
        self.blank()
        for line in textwrap.wrap(text, WRAP):
            self.prose.append(len(self.lines))
            self.lines.append(line)
        self.lines.append("")

    def bullets(self, n: int | None = None, bold: bool = False, task: bool = False) -> None:
        self.blank()
        for _ in range(n if n is not None else self.rng.randrange(2, 6)):
            text = self.sentence()
            if bold:
                text = f"**{self.rng.choice(ADJ).capitalize()} {self.rng.choice(NOUNS).lower()}**: {text}"
            prefix = "- [ ] " if task else "- "
            if task:
                text = text.rstrip(".")
            self.lines.append(prefix + text)
        self.lines.append("")

    def table(self, header: list[str], rows: int) -> None:
        r = self.rng
        self.blank()
        self.lines.append("| " + " | ".join(header) + " |")
        self.lines.append("|" + "|".join("-" * (len(h) + 2) for h in header) + "|")
        _, sys_, items, _ = self.topic
        for i in range(rows):
            key = f"`{sys_.split()[-1]}.{r.choice(CODE_NAMES)}_{i}`"
            cells = [
                key,
                r.choice(["boolean", "integer", "duration", "string", "enum"]),
                f"`{r.randrange(1, 5000)}`",
                self.pick(OBJECTS).capitalize(),
            ]
            cells += [f"{r.randrange(1, 99)}%"] * max(0, len(header) - len(cells))
            self.lines.append("| " + " | ".join(cells[: len(header)]) + " |")
        self.lines.append("")

    def code(self, lang: str = "python", body_lines: int | None = None) -> None:
        r = self.rng
        cls = self.topic[3]
        n = body_lines if body_lines is not None else r.randrange(4, 14)
        self.blank()
        self.lines.append("```" + lang)
        self.lines.append(f"class {cls}{r.choice(NOUNS).replace('-', '').replace(' ', '')}:")
        self.lines.append(f"    def __init__(self, config, *, limit={r.randrange(8, 4096)}):")
        self.lines.append("        self.config = config")
        for _ in range(max(0, n - 3)):
            name = r.choice(CODE_NAMES)
            choice = r.randrange(3)
            if choice == 0:
                self.lines.append(f"        self.{name}_count = 0")
            elif choice == 1:
                self.lines.append(f"        # {self.sentence()[:70]}")
            else:
                self.lines.append(
                    f"        self._{name} = config.get({name!r}, {r.randrange(100)})"
                )
        self.lines.append("```")
        self.lines.append("")


def _header(w: _Writer, seed: int, title: str) -> int:
    r = w.rng
    authors = [r.choice(PEOPLE) for _ in range(r.randrange(1, 3))]
    author = ", ".join(f"{a} <{a.split()[0].lower()}@python.org>" for a in dict.fromkeys(authors))
    day, month = r.randrange(1, 29), r.randrange(1, 13)
    w.raw(
        f"# PEP {100 + seed % 9000}: {title}",
        "",
        "```",
        f"PEP: {100 + seed % 9000}",
        f"Title: {title}",
        f"Author: {author}",
    )
    status_line = len(w.lines)
    w.raw(
        "Status: Draft",
        f"Type: {r.choice(['Standard', 'Informational', 'Process'])}",
        f"Created: {day:02d}-{month:02d}-2025",
        f"Updated: {day:02d}-{month:02d}-2026",
        "Version: 0.1",
        "```",
        "",
        "---",
        "",
    )
    return status_line


def _subsection(w: _Writer, level: int, title: str, size: int) -> None:
    """A filled subsection; `size` 0 is a short one, larger sizes add blocks."""
    r = w.rng
    w.heading(level, title)
    w.paragraph(1 if size == 0 else None)
    for _ in range(size):
        kind = r.randrange(10)
        if kind < 5:
            w.paragraph()
        elif kind < 7:
            w.bullets(bold=r.randrange(2) == 0)
        elif kind == 7:
            w.code(body_lines=r.randrange(5, 16))
        elif kind == 8:
            w.table(["Parameter", "Type", "Default", "Description"], r.randrange(3, 8))
        else:
            w.heading(level + 1, f"{r.choice(ADJ).capitalize()} {r.choice(NOUNS).lower()}")
            w.paragraph()


def generate_pep(lines: int = 300, seed: int = 1) -> GeneratedPep:
    """A filled-in PEP of about `lines` lines (within a few lines), deterministic in `seed`."""
    rng = random.Random(f"pep-bench-{seed}-{lines}")
    topic = TOPICS[rng.randrange(len(TOPICS))]
    title = f"A {rng.choice(ADJ)} {topic[0]} for the platform"[:50]

    # The body is built per top-level section, so that growth can go anywhere in order.
    w = _Writer(rng, topic)
    status_line = _header(w, seed, title)
    head = w.lines
    sections: list[tuple[str, list]] = []  # (title, list of block callables)

    def prose(n=None):
        return lambda: w.paragraph(n)

    def sub(level, title, size=0):
        return lambda: _subsection(w, level, title, size)

    cls = topic[3]
    # Leftovers: one italic instruction line, one placeholder, one example.com link.
    sections = [
        ("Abstract", [prose(3), prose(1)]),
        (
            "Motivation",
            [
                prose(),
                lambda: w.bullets(4),
                sub(3, "Use Cases"),
                lambda: w.raw(
                    "1. **Use Case 1: Nightly imports**",
                    f"   - Current behavior: {w.sentence()}",
                    f"   - Proposed behavior: {w.sentence()}",
                    f"   - Benefit: {w.sentence()}",
                    "",
                ),
            ],
        ),
        ("Rationale", [prose(2), sub(3, "Design Principles"), lambda: w.bullets(3, bold=True)]),
        (
            "Specification",
            [
                prose(2),
                sub(3, "Overview"),
                sub(3, "API Changes"),
                sub(4, "New APIs"),
                lambda: w.code(body_lines=6),
                sub(4, "Modified APIs"),
                lambda: w.code(body_lines=4),
                sub(4, "Deprecated APIs"),
                sub(3, "Configuration Changes"),
                lambda: w.table(["Parameter", "Type", "Default", "Description"], 4),
                sub(3, "Data Model Changes"),
                sub(3, "Behavioral Changes"),
                lambda: w.raw("", "*[Describe how the system behavior will change:]*", ""),
                lambda: w.bullets(2, bold=True),
            ],
        ),
        (
            "Implementation",
            [
                sub(3, "Development Plan"),
                lambda: (w.heading(4, "Phase 1: Foundation (Weeks 1-2)"), w.bullets(3, task=True)),
                lambda: (w.heading(4, "Phase 2: Integration (Weeks 3-4)"), w.bullets(3, task=True)),
                sub(3, "Resource Requirements"),
                lambda: w.raw(
                    "- **Development Time**: 6 weeks",
                    "- **Developer Resources**: [X full-time developers]",
                    "",
                ),
                sub(3, "Testing Strategy"),
                sub(3, "Rollout Plan"),
            ],
        ),
        (
            "Impact Analysis",
            [
                sub(3, "Backwards Compatibility"),
                sub(3, "Performance Impact"),
                lambda: w.table(["Metric", "Current", "Expected", "Improvement"], 3),
                sub(3, "Security Considerations"),
                sub(3, "Resource Impact"),
                sub(3, "User Experience Impact"),
            ],
        ),
        (
            "Alternatives Considered",
            [
                sub(3, f"Alternative 1: a {rng.choice(ADJ)} {topic[1]}"),
                sub(3, "Alternative 2: do it in every client"),
                sub(3, "Status Quo (Do Nothing)"),
            ],
        ),
        (
            "Success Metrics",
            [
                sub(3, "Primary Metrics"),
                lambda: w.bullets(2, bold=True),
                sub(3, "Secondary Metrics"),
                sub(3, "Monitoring Plan"),
            ],
        ),
        (
            "Documentation Plan",
            [
                sub(3, "New Documentation Required"),
                lambda: w.bullets(3, task=True),
                sub(3, "Existing Documentation Updates"),
                sub(3, "Training Materials"),
            ],
        ),
        ("Timeline", [lambda: w.table(["Milestone", "Date", "Owner", "Dependencies"], 4)]),
        (
            "References",
            [
                prose(2),
                sub(3, "External Links"),
                lambda: w.raw(
                    f"- [The {topic[0]} design notes](https://example.com)",
                    f"- [{cls} on the issue tracker](https://bugs.python.org/issue{rng.randrange(10000, 99999)})",
                    "",
                ),
                sub(3, "Internal Documents"),
            ],
        ),
        (
            "Appendices",
            [
                sub(3, "Appendix A: Code Examples"),
                lambda: w.code(body_lines=10),
                sub(3, "Appendix B: Performance Benchmarks"),
                sub(3, "Appendix C: Security Analysis"),
            ],
        ),
    ]

    # Render each section into its own line list, then grow chosen sections with extra
    # subsections (or, near the target, paragraphs) until the document reaches `lines`.
    rendered: dict[str, tuple[list[str], list[int]]] = {}
    for name, blocks in sections:
        w.lines, w.prose = [], []
        for block in blocks:
            block()
        rendered[name] = (w.lines, w.prose)

    growable = {
        "Motivation": 1,
        "Rationale": 1,
        "Specification": 6,
        "Implementation": 1,
        "Impact Analysis": 1,
        "Alternatives Considered": 1,
    }
    names = [n for n, k in growable.items() for _ in range(k)]

    def total() -> int:
        return len(head) + sum(len(body) + 3 for body, _ in rendered.values()) + 3

    counter = 0
    while total() < lines - 2:
        name = rng.choice(names)
        w.lines, w.prose = rendered[name]
        counter += 1
        if lines - total() > 120:
            title = f"{rng.choice(NOUNS)} in the {rng.choice(ADJ)} path ({counter})"
            _subsection(w, 3, title, rng.randrange(3, 12))
        else:
            w.paragraph(rng.randrange(1, 4))

    out: list[str] = list(head)
    prose_lines: list[int] = []
    for name, _ in sections:
        body, p = rendered[name]
        if out and out[-1] != "":
            out.append("")
        out.append(f"## {name}")
        out.append("")
        skip = 0
        while skip < len(body) and body[skip] == "":
            skip += 1
        prose_lines.extend(len(out) + i - skip for i in p)
        out.extend(body[skip:])
        if name == "References":
            out.extend(["", "---", ""])
    while out and out[-1] == "":
        out.pop()
    text = "\n".join(out) + "\n"
    middle = len(out) // 2
    long_prose = [i for i in prose_lines if len(out[i]) >= 60]
    edit_line = min(long_prose, key=lambda i: (abs(i - middle), i))
    return GeneratedPep(
        text=text,
        seed=seed,
        target_lines=lines,
        prose_lines=prose_lines,
        status_line=status_line,
        edit_line=edit_line,
    )


def generate_many(count: int = 100, lines: int = 300, first_seed: int = 1000) -> list[GeneratedPep]:
    """`count` different PEPs of about `lines` lines (seeds first_seed, first_seed+1, ...)."""
    return [generate_pep(lines, first_seed + i) for i in range(count)]


def generate_workspace(count: int = 1000, lines: int = 300, first_seed: int = 1) -> dict[str, str]:
    """A workspace of `count` proposals (file name -> text) that mention and link each other:
    PEP 101, 102, ... in `pep-0101.md`, ..., each citing three others in prose (`PEP 102`) and
    by link (`[PEP 103](pep-0103.md#abstract)`) in its References; a third of them Final.
    Every reference resolves, so the cross-file rules find nothing to report."""
    rng = random.Random(f"pep-workspace-{count}-{lines}-{first_seed}")
    peps = generate_many(count, lines, first_seed)
    numbers = [100 + pep.seed % 9000 for pep in peps]
    files: dict[str, str] = {}
    for pep, number in zip(peps, numbers):
        others = [n for n in (rng.choice(numbers) for _ in range(3)) if n != number]
        mentions = ", ".join(f"PEP {n}" for n in others) or "no other proposal"
        links = " and ".join(f"[PEP {n}](pep-{n:04d}.md#abstract)" for n in others)
        related = f"This proposal builds on {mentions}." + (f" See {links}." if links else "")
        text = pep.text.replace("\n## References\n", f"\n## References\n\n{related}\n", 1)
        if rng.random() < 1 / 3:
            text = text.replace("\nStatus: Draft\n", "\nStatus: Final\n", 1)
        files[f"pep-{number:04d}.md"] = text
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--many", type=int, default=0, help="write this many PEPs into -o DIR")
    parser.add_argument(
        "--workspace",
        type=int,
        default=0,
        help="write a workspace of this many proposals that mention and link each other into -o DIR",
    )
    parser.add_argument("-o", "--output", help="file (or directory with --many); default stdout")
    args = parser.parse_args(argv)
    if args.workspace:
        if not args.output:
            parser.error("--workspace needs -o DIR")
        out = Path(args.output)
        out.mkdir(parents=True, exist_ok=True)
        for name, text in generate_workspace(args.workspace, args.lines, args.seed).items():
            (out / name).write_text(text, encoding="utf-8")
        return 0
    if args.many:
        if not args.output:
            parser.error("--many needs -o DIR")
        out = Path(args.output)
        out.mkdir(parents=True, exist_ok=True)
        for pep in generate_many(args.many, args.lines, args.seed):
            (out / f"pep-{pep.seed}.md").write_text(pep.text, encoding="utf-8")
        return 0
    pep = generate_pep(args.lines, args.seed)
    if args.output:
        Path(args.output).write_text(pep.text, encoding="utf-8")
    else:
        print(pep.text, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
