"""One fixture per rule code: `tests/rules/<CODE>.md`, read by `test_rule_fixtures.py`.

A fixture is Markdown a reader can follow in one hop. Each `## fails: ...` or `## passes: ...`
case holds the document checked (a ````` ````markdown NAME ````` block; more such blocks are other
files of the same folder, indexed beside it for the cross-file rules), optionally a ```` ```json
options```` block (the `options` of the settings), and an ```` ```expected ```` block: every
finding of the fixture's code on the first document, one a line, as
`line:col-line:col severity CODE message` (1-based, columns in code points). A `fails` case
expects at least one line, a `passes` case none. The case named `fails: example` holds the
rule docstring's Example (its lines, without the `(...)` remarks, appear in its document).

After changing a rule's output on purpose: `.venv/bin/python -m tests.rules.fixtures` rewrites
every `expected` block from what the rules emit now; review the diff.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pep_lsp.engine.check import Settings, check
from pep_lsp.findings import Finding

FOLDER = Path(__file__).parent
DEFAULT_NAME = "pep-9100.md"  # a case's only document, checked on its own (no workspace)
_CASE = re.compile(r"^## (fails|passes): (.+)$", re.M)
_BLOCK = re.compile(r"^(`{3,})(\w+)[ \t]*([^\n]*)\n(.*?)^\1[ \t]*$", re.M | re.S)


@dataclass
class Case:
    code: str
    name: str
    fails: bool
    files: dict[str, str] = field(default_factory=dict)  # the first is the one checked
    options: dict[str, object] = field(default_factory=dict)
    expected: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.code}-{'fails' if self.fails else 'passes'}-{self.name}"

    @property
    def text(self) -> str:
        return next(iter(self.files.values()))


def parse(path: Path) -> list[Case]:
    code = path.stem
    source = path.read_text(encoding="utf-8")
    heads = list(_CASE.finditer(source))
    cases = []
    for head, after in zip(heads, [*heads[1:], None]):
        body = source[head.end() : after.start() if after else len(source)]
        case = Case(code, head.group(2).strip(), head.group(1) == "fails")
        for block in _BLOCK.finditer(body):
            _, language, info, content = block.groups()
            if language == "markdown":
                case.files[info.strip() or DEFAULT_NAME] = content
            elif language == "json" and info.strip() == "options":
                case.options = json.loads(content)
            elif language == "expected":
                case.expected = [line for line in content.split("\n") if line.strip()]
        cases.append(case)
    return cases


def every_case() -> list[Case]:
    return [case for path in sorted(FOLDER.glob("*.md")) for case in parse(path)]


def line(finding: Finding) -> str:
    start, end = finding.span.start, finding.span.end
    return (
        f"{start.line + 1}:{start.col + 1}-{end.line + 1}:{end.col + 1} "
        f"{finding.severity.label} {finding.code} {finding.message}"
    )


def run(case: Case, text: str | None = None) -> list[Finding]:
    """Every finding on the case's first document (or `text` in its place), the other files
    of the case written beside it in a folder and indexed for the cross-file rules."""
    from pep_lsp.config import workspace_for_check

    text = case.text if text is None else text
    settings = Settings(options=case.options)
    if list(case.files) == [DEFAULT_NAME]:
        return check(text, settings)
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / name for name in case.files]
        for path, content in zip(paths, case.files.values()):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text if path == paths[0] else content, encoding="utf-8")
        view = workspace_for_check([folder])
        return check(text, settings, view(paths[0], text))


def emitted(case: Case) -> list[str]:
    return [line(f) for f in run(case) if f.code == case.code]


def update() -> None:
    """Rewrite every `expected` block from what the rules emit now."""
    for path in sorted(FOLDER.glob("*.md")):
        source = path.read_text(encoding="utf-8")
        heads = list(_CASE.finditer(source))
        out = [source[: heads[0].start()] if heads else source]
        for case, head, after in zip(parse(path), heads, [*heads[1:], None]):
            body = source[head.start() : after.start() if after else len(source)]
            block = "```expected\n" + "".join(f"{found}\n" for found in emitted(case)) + "```"
            out.append(
                re.sub(
                    r"^```expected\n.*?^```[ \t]*$",
                    lambda _, block=block: block,
                    body,
                    flags=re.M | re.S,
                )
            )
        path.write_text("".join(out), encoding="utf-8")


if __name__ == "__main__":
    update()
    sys.exit(0)
