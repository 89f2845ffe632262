"""Reporters for `pep-lsp check`: text, json, sarif (GitHub code scanning) and github (workflow
annotations). Each takes the per-file results and writes one stream; none imports pygls.

Positions: text, json and github print 1-based lines and 1-based columns counted in Unicode
characters (code points). SARIF counts columns in UTF-16 code units, the SARIF 2.1.0 default
unit (`columnKind: "utf16CodeUnits"`), which is what GitHub code scanning reads.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from pep_lsp import __version__
from pep_lsp.findings import AppliedFix, Finding, Fix, Severity
from pep_lsp.rules import REGISTRY
from pep_lsp.rules.registry import STAGES
from pep_lsp.text import UTF16, Pos, col_to_units

FORMATS = ("text", "json", "sarif", "github")
JSON_FORMAT_VERSION = 1
SARIF_SCHEMA = (
    "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
)
_SARIF_LEVEL = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "note",
    Severity.HINT: "note",
}
_GITHUB_COMMAND = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "notice",
    Severity.HINT: "notice",
}


@dataclass
class FileResult:
    """One checked file as the report writes it: its lines give the SARIF regions' text."""

    path: str  # as shown to the user (as given on the command line, or found under a folder)
    lines: Sequence[str]
    findings: list[Finding]
    fixed: list[AppliedFix] = field(default_factory=list)
    pep: bool = True  # the file is a PEP (other Markdown is checked and says nothing)


def fails(results: Sequence[FileResult], threshold: Severity = Severity.WARNING) -> bool:
    """A finding at least as severe as `threshold` anywhere (by default an error or a warning:
    information and hints do not fail a build)."""
    return any(f.severity <= threshold for result in results for f in result.findings)


def counts_by_code(results: Sequence[FileResult]) -> Counter[str]:
    return Counter(f.code for result in results for f in result.findings)


def project_urls() -> dict[str, str]:
    """The package's project URLs (`[project.urls]` in pyproject.toml), by lower-case label.

    Read from the installed package's metadata; a source tree that was never installed reads
    the same table from its pyproject.toml, so the URLs live in one place either way.
    """
    from importlib import metadata  # SARIF only: ~10 ms of import the other formats skip

    urls: dict[str, str] = {}
    try:
        for entry in metadata.metadata("pep-lsp").get_all("Project-URL") or []:
            label, _, url = entry.partition(",")
            urls[label.strip().lower()] = url.strip()
    except metadata.PackageNotFoundError:
        pass
    if not urls:
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # Python 3.10: the same parser, from PyPI (a dependency there)
            import tomli as tomllib

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        try:
            table = (
                tomllib.loads(pyproject.read_text(encoding="utf-8"))
                .get("project", {})
                .get("urls", {})
            )
        except (OSError, ValueError):
            table = {}
        urls = {label.lower(): url for label, url in table.items()}
    return urls


def rules_doc_url() -> str | None:
    """Where docs/rules.md is published: the `Rules` or `Documentation` project URL (an
    https address, never a path on the machine that ran the check)."""
    urls = project_urls()
    return urls.get("rules") or urls.get("documentation")


def homepage_url() -> str | None:
    urls = project_urls()
    return urls.get("homepage") or urls.get("repository") or urls.get("source")


def rule_anchor(code: str) -> str:
    """The heading anchor docs/rules.md gives a rule (`## H205 \\`value-not-allowed\\``)."""
    return f"{code.lower()}-{REGISTRY[code].name}"


# --- text -----------------------------------------------------------------------------------


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 and word != 'information' else ''}"


def write_text(
    results: Sequence[FileResult], out: TextIO, statistics: bool = False, hidden: int = 0
) -> None:
    """`path:line:col: severity CODE message` per finding (or per-code counts with
    `--statistics`), `path:line:col: fixed CODE title` per applied fix, then a one-line
    summary: what was found in how many of the files, or that nothing was."""
    for result in results:
        for applied in result.fixed:
            print(
                f"{result.path}:{applied.start.line + 1}:{applied.start.col + 1}: fixed {applied.code} {applied.title}",
                file=out,
            )
    if statistics:
        write_statistics(results, out)
    else:
        for result in results:
            for finding in result.findings:
                start = finding.span.start
                print(
                    f"{result.path}:{start.line + 1}:{start.col + 1}: {finding.severity.label} {finding.code} {finding.message}",
                    file=out,
                )
    severities = Counter(f.severity for result in results for f in result.findings)
    total = sum(severities.values())
    files = len(results)
    with_problems = sum(1 for result in results if result.findings)
    not_shown = f"; {_plural(hidden, 'finding')} below --min-severity not shown" if hidden else ""
    if total:
        parts = ", ".join(_plural(severities[s], s.label) for s in Severity if severities[s])
        where = (
            _plural(files, "file")
            if with_problems == files
            else f"{with_problems} of {_plural(files, 'file')}"
        )
        print(f"Found {_plural(total, 'problem')} ({parts}) in {where}{not_shown}.", file=out)
    else:
        peps = sum(1 for result in results if result.pep)
        print(
            f"No problems in {_plural(files, 'file')} ({_plural(peps, 'PEP')}){not_shown}.",
            file=out,
        )
    fixed = sum(len(result.fixed) for result in results)
    if fixed:
        print(
            f"Fixed {_plural(fixed, 'problem')} in {_plural(sum(1 for r in results if r.fixed), 'file')}.",
            file=out,
        )


def write_statistics(results: Sequence[FileResult], out: TextIO) -> None:
    """One line per rule code: count, code, name, most frequent first."""
    for code, count in sorted(
        counts_by_code(results).items(), key=lambda item: (-item[1], item[0])
    ):
        print(f"{count:>5}  {code}  {REGISTRY[code].name}", file=out)


# --- json -----------------------------------------------------------------------------------


def _position(pos: Pos) -> dict[str, int]:
    return {"line": pos.line + 1, "column": pos.col + 1}


def _fix_json(fix: Fix) -> dict[str, Any]:
    return {
        "title": fix.title,
        "safe": fix.safe,
        "edits": [
            {
                "range": {"start": _position(e.span.start), "end": _position(e.span.end)},
                "newText": e.new_text,
            }
            for e in fix.edits
        ],
    }


def json_report(results: Sequence[FileResult]) -> dict[str, Any]:
    """The shape documented in docs/configuration.md ("JSON output")."""
    findings = [
        {
            "path": result.path,
            "code": f.code,
            "name": REGISTRY[f.code].name,
            "severity": f.severity.label,
            "message": f.message,
            "subject": f.subject,
            "range": {"start": _position(f.span.start), "end": _position(f.span.end)},
            "fixes": [_fix_json(fix) for fix in f.fixes],
        }
        for result in results
        for f in result.findings
    ]
    fixed = [
        {"path": result.path, "code": a.code, "title": a.title, "start": _position(a.start)}
        for result in results
        for a in result.fixed
    ]
    severities = Counter(f.severity.label for result in results for f in result.findings)
    return {
        "version": JSON_FORMAT_VERSION,
        "tool": {"name": "pep-lsp", "version": __version__},
        "findings": findings,
        "fixed": fixed,
        "summary": {
            "files": len(results),
            "findings": len(findings),
            "fixed": len(fixed),
            "bySeverity": {s.label: severities[s.label] for s in Severity},
            "byCode": dict(sorted(counts_by_code(results).items())),
        },
    }


def write_json(results: Sequence[FileResult], out: TextIO) -> None:
    import json  # loaded for the formats that write it, not for text

    json.dump(json_report(results), out, indent=2, ensure_ascii=False)
    out.write("\n")


# --- sarif ----------------------------------------------------------------------------------


def _artifact_uri(path: str) -> dict[str, str]:
    """A path relative to the working directory (the repository root in CI) as a relative URI
    against %SRCROOT%; anything else as an absolute file URI."""
    candidate = Path(path)
    absolute = candidate.resolve()
    try:
        relative = absolute.relative_to(Path.cwd().resolve())
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {
        "uri": relative.as_posix().replace("%", "%25").replace(" ", "%20").replace("#", "%23"),
        "uriBaseId": "%SRCROOT%",
    }


def _region(lines: Sequence[str], finding: Finding) -> dict[str, int]:
    def column(pos: Pos) -> int:
        text = lines[pos.line] if 0 <= pos.line < len(lines) else ""
        return col_to_units(text, pos.col, UTF16) + 1

    start, end = finding.span
    region = {
        "startLine": start.line + 1,
        "startColumn": column(start),
        "endLine": end.line + 1,
        "endColumn": column(end),
    }
    if (region["endLine"], region["endColumn"]) <= (region["startLine"], region["startColumn"]):
        region["endLine"], region["endColumn"] = region["startLine"], region["startColumn"] + 1
    return region


def sarif_report(results: Sequence[FileResult]) -> dict[str, Any]:
    """One run whose driver lists every rule (results point at it by ruleId and ruleIndex)."""
    codes = sorted(REGISTRY)
    index = {code: i for i, code in enumerate(codes)}
    docs = rules_doc_url()
    information = homepage_url()
    rules = []
    for code in codes:
        registered = REGISTRY[code]
        severities = registered.severities
        rules.append(
            {
                "id": code,
                "name": registered.name,
                "shortDescription": {"text": registered.summary},
                # The level is the main one under review; each result carries the one it has.
                "fullDescription": {
                    "text": f"{registered.summary} Severity: {severities.describe()}."
                },
                "help": {"text": registered.doc, "markdown": registered.doc},
                **({"helpUri": f"{docs}#{rule_anchor(code)}"} if docs else {}),
                "defaultConfiguration": {"level": _SARIF_LEVEL[severities.default]},
                "properties": {
                    "tags": ["documentation", "pep"],
                    "severityByStage": {
                        stage: [s.label for s in severities.at(stage)] for stage in STAGES
                    },
                },
            }
        )
    sarif_results = []
    for result in results:
        for f in result.findings:
            sarif_results.append(
                {
                    "ruleId": f.code,
                    "ruleIndex": index[f.code],
                    "level": _SARIF_LEVEL[f.severity],
                    "message": {"text": f.message},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": _artifact_uri(result.path),
                                "region": _region(result.lines, f),
                            },
                        }
                    ],
                }
            )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "pep-lsp",
                        "version": __version__,
                        "semanticVersion": __version__,
                        **({"informationUri": information} if information else {}),
                        "rules": rules,
                    }
                },
                "columnKind": "utf16CodeUnits",
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
                "results": sarif_results,
            }
        ],
    }


def write_sarif(results: Sequence[FileResult], out: TextIO) -> None:
    import json

    json.dump(sarif_report(results), out, indent=2, ensure_ascii=False)
    out.write("\n")


# --- github ---------------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(results: Sequence[FileResult], out: TextIO) -> None:
    """`::error file=...,line=...,col=...,endLine=...,endColumn=...,title=CODE::message`; warnings
    as `::warning`, information and hints as `::notice`."""
    for result in results:
        for f in result.findings:
            start, end = f.span
            props = (
                f"file={_escape_property(result.path)},line={start.line + 1},col={start.col + 1}"
            )
            if end.line == start.line:
                props += f",endLine={end.line + 1},endColumn={end.col + 1}"
            print(
                f"::{_GITHUB_COMMAND[f.severity]} {props},title={_escape_property(f.code)}::{_escape_data(f.message)}",
                file=out,
            )


def write_report(
    fmt: str, results: Sequence[FileResult], out: TextIO, statistics: bool = False, hidden: int = 0
) -> None:
    """`hidden`: findings left out below `--min-severity` (the text summary says how many)."""
    if fmt == "text":
        write_text(results, out, statistics, hidden)
    elif fmt == "json":
        write_json(results, out)
    elif fmt == "sarif":
        write_sarif(results, out)
    elif fmt == "github":
        write_github(results, out)
    else:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
