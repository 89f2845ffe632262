"""`pep-lsp check` in CI: every output format, flags, exit codes, --fix, configuration errors,
and a second template end to end."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from pep_lsp.cli import main
from pep_lsp.engine.check import check
from pep_lsp.rules import REGISTRY
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())

HALF = "half-filled.md"
H205 = "Type 'Standrad' is not one of Standard, Informational, Process; did you mean 'Standard'?"
EMOJI_PEP = """# PEP 9200: Emoji 🎉 titles

```
PEP: 9200
Title: Emoji 🎉 titles
Author: Ada Lovelace <ada@corp.test>
Status: Discussion
Type: Standrad
Created: 01-09-2026
Updated: 02-09-2026
Version: 1.0
```

## Abstract

🎉 [Explanation] here.
"""


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with the half-filled PEP, as the working directory (like a repository in CI)."""
    shutil.copy(FIXTURES / HALF, tmp_path / HALF)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- formats ------------------------------------------------------------------------------


def test_json_shape(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--format", "json", "--select", "H205", HALF)
    assert code == 1
    report = json.loads(out)
    assert set(report) == {"version", "tool", "findings", "fixed", "summary"}
    assert (report["version"], report["tool"]) == (1, {"name": "pep-lsp", "version": "0.1.0"})
    assert report["findings"] == [
        {
            "path": HALF,
            "code": "H205",
            "name": "value-not-allowed",
            "severity": "error",
            "message": H205,
            "subject": "Type",
            "range": {"start": {"line": 8, "column": 7}, "end": {"line": 8, "column": 15}},
            "fixes": [
                {
                    "title": "Replace with 'Standard'",
                    "safe": True,
                    "edits": [
                        {
                            "range": {
                                "start": {"line": 8, "column": 7},
                                "end": {"line": 8, "column": 15},
                            },
                            "newText": "Standard",
                        }
                    ],
                },
                {
                    "title": "Suppress H205 in the header block (lines 3-12)",
                    "safe": False,
                    "edits": [
                        {
                            "range": {
                                "start": {"line": 3, "column": 1},
                                "end": {"line": 3, "column": 1},
                            },
                            "newText": "<!-- pep-lsp-disable-next-line H205 -->\n",
                        }
                    ],
                },
            ],
        }
    ]
    assert report["fixed"] == []
    assert report["summary"] == {
        "files": 1,
        "findings": 1,
        "fixed": 0,
        "bySeverity": {"error": 1, "warning": 0, "information": 0, "hint": 0},
        "byCode": {"H205": 1},
    }


def test_sarif_is_valid_and_points_at_the_rules(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "emoji.md").write_text(EMOJI_PEP, encoding="utf-8")
    code, out, _ = run(capsys, "--format", "sarif", HALF, "emoji.md")
    assert code == 1
    log = json.loads(out)
    jsonschema.validate(log, SARIF_SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    [sarif_run] = log["runs"]
    assert (log["version"], sarif_run["columnKind"]) == ("2.1.0", "utf16CodeUnits")
    rules = sarif_run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(REGISTRY)
    h205 = next(r for r in rules if r["id"] == "H205")
    assert h205["shortDescription"] == {"text": "A header value is not in the field's vocabulary."}
    # The project's published URLs ([project.urls]), never a file:// path inside the runner.
    assert (
        h205["helpUri"]
        == "https://github.com/pep-lsp/pep-lsp/blob/main/docs/rules.md#h205-value-not-allowed"
    )
    assert sarif_run["tool"]["driver"]["informationUri"] == "https://github.com/pep-lsp/pep-lsp"
    assert h205["defaultConfiguration"] == {"level": "error"}
    results = sarif_run["results"]
    assert len(results) == 12 + len(check(EMOJI_PEP))
    first = next(r for r in results if r["ruleId"] == "H205")
    assert first == {
        "ruleId": "H205",
        "ruleIndex": sorted(REGISTRY).index("H205"),
        "level": "error",
        "message": {"text": H205},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": HALF, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 8, "startColumn": 7, "endLine": 8, "endColumn": 15},
                }
            }
        ],
    }
    # After an emoji, SARIF columns count UTF-16 code units: 🎉 is two.
    placeholder = next(
        r
        for r in results
        if r["ruleId"] == "L102"
        and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "emoji.md"
    )
    assert placeholder["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 16,
        "startColumn": 4,
        "endLine": 16,
        "endColumn": 17,
    }
    assert {r["level"] for r in results} == {"error", "warning", "note"}


def test_sarif_with_no_findings_is_valid(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(FIXTURES / "complete.md", workdir / "complete.md")
    code, out, _ = run(capsys, "--format", "sarif", "complete.md")
    log = json.loads(out)
    jsonschema.validate(log, SARIF_SCHEMA)
    assert (code, log["runs"][0]["results"]) == (0, [])


def test_github_annotations(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--format", "github", "--select", "H203,H205,S104", HALF)
    assert code == 1
    assert out.splitlines() == [
        "::warning file=half-filled.md,line=5,col=8,endLine=5,endColumn=77,title=H203::Title is 69 characters long; keep it to 50 or fewer",
        f"::error file=half-filled.md,line=8,col=7,endLine=8,endColumn=15,title=H205::{H205}",
        "::warning file=half-filled.md,line=78,col=5,endLine=78,endColumn=23,title=S104::Section 'Data Model Changes' is empty: write it or remove the heading",
    ]


def test_github_escapes_newlines_and_percent(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pep_lsp.cli.report import _escape_data, _escape_property

    assert _escape_data("50% done\nnext") == "50%25 done%0Anext"
    assert _escape_property("a,b:c") == "a%2Cb%3Ac"


def test_text_statistics_and_exit_zero(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--statistics", "--exit-zero", HALF)
    assert code == 0
    assert out.splitlines() == [
        "    4  L102  placeholder",
        "    2  H206  invalid-date",
        "    1  H203  value-too-long",
        "    1  H205  value-not-allowed",
        "    1  L104  example-content",
        "    1  S101  missing-section",
        "    1  S102  section-out-of-order",
        "    1  S104  empty-section",
        "Found 12 problems (3 errors, 9 warnings) in 1 file.",
    ]


def test_statistics_with_a_machine_format_go_to_stderr(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--format", "json", "--statistics", "--select", "H206", HALF)
    assert (code, json.loads(out)["summary"]["byCode"], err) == (
        1,
        {"H206": 2},
        "    2  H206  invalid-date\n",
    )


def test_select_and_ignore_flags_override_the_file(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "pep-lsp.toml").write_text("select = ['S']\n")
    code, out, _ = run(capsys, "--select", "H2", "--ignore", "H206", "--ignore", "H203", HALF)
    assert (code, out.splitlines()) == (
        1,
        [f"half-filled.md:8:7: error H205 {H205}", "Found 1 problem (1 error) in 1 file."],
    )
    code, out, err = run(capsys, "--ignore", "X9", HALF)
    assert (code, out, err) == (
        2,
        "",
        "pep-lsp: unknown rule code or prefix 'X9' in --ignore (see `pep-lsp rules`)\n",
    )


def test_information_and_hints_only_exit_0_errors_exit_1(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--select", "L1", HALF)[0] == 1
    (workdir / "pep-lsp.toml").write_text("[rules]\nL102 = 'info'\nL104 = 'hint'\n")
    code, out, _ = run(capsys, "--select", "L1", HALF)
    assert (code, out.splitlines()[-1]) == (
        0,
        "Found 5 problems (4 information, 1 hint) in 1 file.",
    )


# --- --fix ------------------------------------------------------------------------------


def test_fix_applies_only_value_fixes_and_reports_them(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = (FIXTURES / HALF).read_text(encoding="utf-8")
    code, out, _ = run(capsys, "--fix", HALF)
    fixed = (workdir / HALF).read_text(encoding="utf-8")
    assert fixed == original.replace("Type: Standrad\n", "Type: Standard\n").replace(
        "Created: 2026-09-14\n", "Created: 14-09-2026\n"
    )
    lines = out.splitlines()
    assert lines[:2] == [
        "half-filled.md:8:7: fixed H205 Replace with 'Standard'",
        "half-filled.md:9:10: fixed H206 Convert to '14-09-2026'",
    ]
    assert lines[-2:] == [
        "Found 10 problems (1 error, 9 warnings) in 1 file.",
        "Fixed 2 problems in 1 file.",
    ]
    assert code == 1
    assert not list(workdir.glob(".*pep-lsp-tmp"))
    code, out, _ = run(capsys, "--fix", HALF)  # nothing left to fix: the file is not touched
    assert "fixed" not in out and (workdir / HALF).read_text(encoding="utf-8") == fixed


def test_fix_keeps_crlf_line_endings(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    crlf = (FIXTURES / HALF).read_text(encoding="utf-8").replace("\n", "\r\n")
    (workdir / HALF).write_bytes(crlf.encode("utf-8"))
    run(capsys, "--fix", HALF)
    assert (workdir / HALF).read_bytes().decode("utf-8") == crlf.replace(
        "Standrad", "Standard"
    ).replace("2026-09-14", "14-09-2026")


def test_fix_never_applies_a_fix_that_inserts_lines() -> None:
    from pep_lsp.engine.fix_all import choose_fixes
    from pep_lsp.findings import Edit, Finding, Fix, FixKind, Severity
    from pep_lsp.text import Pos, Span

    here = Span(Pos(1, 0), Pos(1, 3))
    prose = Fix(
        "Insert a section", (Edit(here, "## New\n\ntext"),), safe=True, kind=FixKind.INSERT_SECTION
    )
    value = Fix("Replace", (Edit(here, "abc"),), safe=True, kind=FixKind.REPLACE_VALUE)
    overlapping = Fix(
        "Replace again",
        (Edit(Span(Pos(1, 2), Pos(1, 5)), "x"),),
        safe=True,
        kind=FixKind.REPLACE_VALUE,
    )
    findings = [
        Finding("H205", "m", here, Severity.ERROR, (prose,)),
        Finding("H205", "m", here, Severity.ERROR, (value,)),
        Finding("H206", "m", here, Severity.ERROR, (overlapping,)),
    ]
    assert [fix.title for _, fix in choose_fixes(findings)] == ["Replace"]


# --- configuration in the CLI -------------------------------------------------------------


def test_broken_configuration_is_printed_and_exits_2(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "pyproject.toml").write_text("[tool.pep-lsp]\nabstract-max-word = 3\n")
    code, out, err = run(capsys, HALF)
    config = (workdir / "pyproject.toml").resolve()
    assert (code, out) == (2, "")
    assert (
        err
        == f"pep-lsp: {config}:2: unknown option 'abstract-max-word' (did you mean 'abstract-max-words'?)\n"
    )


def test_missing_template_in_configuration_exits_2(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "pep-lsp.toml").write_text("\ntemplate = 'templates/rfc.md'\n")
    code, _, err = run(capsys, HALF)
    assert (code, err) == (
        2,
        f"pep-lsp: {(workdir / 'pep-lsp.toml').resolve()}:2: template file 'templates/rfc.md' not found (looked for {(workdir / 'templates' / 'rfc.md').resolve()})\n",
    )


def test_config_flag_names_the_file(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "strict.toml").write_text("select = ['H205']\n")
    code, out, _ = run(capsys, "--config", "strict.toml", HALF)
    assert (code, out.splitlines()[0]) == (1, f"half-filled.md:8:7: error H205 {H205}")
    assert run(capsys, "--config", "nope.toml", HALF)[1:] == (
        "",
        "pep-lsp: --config nope.toml: no such file\n",
    )


def test_include_and_exclude_pick_the_files(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("peps/a.md", "peps/drafts/b.md", "notes/c.md"):
        (workdir / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / HALF, workdir / name)
    (workdir / "pep-lsp.toml").write_text(
        "include = ['peps/*.md']\nexclude = ['peps/drafts/']\nselect = ['H205']\n"
    )
    code, out, _ = run(capsys, ".")
    assert [line.split(":")[0] for line in out.splitlines()[:-1]] == ["peps/a.md"]
    code, out, _ = run(
        capsys, "notes/c.md", "peps/drafts/b.md", "peps/a.md"
    )  # named files too (pre-commit passes names)
    assert [line.split(":")[0] for line in out.splitlines()[:-1]] == ["peps/a.md"]


# --- the RFC template end to end ---------------------------------------------------------

RFC_DOCUMENT = (
    "# RFC 12: Widgets\n\n~~~\nRFC: 12\nSummary: Widgets\nOwners: Ann <ann@corp.test>\nStatus: Discussion\n"
    "Area: Backnd\nProposed: 14-09-2026\nRevision: 1.0\n~~~\n\n## Problem\n\nWidgets are slow.\n\n"
    "### Evidence\n\nP95 is 2 s.\n\n## Risks\n\nNone.\n\n## Open Questions\n\n- [Question 1]\n"
)
RFC_EXPECTED = [
    "rfc-12.md:8:7: error H205 Area 'Backnd' is not one of Frontend, Backend, Infra; did you mean 'Backend'?",
    "rfc-12.md:9:11: error H206 Proposed '14-09-2026' is not in the YYYY/MM/DD format: write '2026/09/14'",
    "rfc-12.md:13:4: error S101 Missing essential section 'Proposal' (it belongs after 'Problem')",
    "rfc-12.md:25:4: hint S101 Missing optional section 'Annexes' (it belongs after 'Open Questions')",
    "rfc-12.md:27:3: warning L102 Placeholder [Question 1] left in 'Open Questions': replace it with real content",
    "Found 5 problems (3 errors, 1 warning, 1 hint) in 1 file.",
]


def test_rfc_template_end_to_end_in_the_cli(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    shutil.copy(FIXTURES / "rfc-template.md", tmp_path / "templates" / "rfc.md")
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'rfcs'\n\n[tool.pep-lsp]\ntemplate = 'templates/rfc.md'\n"
    )
    (tmp_path / "rfc-12.md").write_text(RFC_DOCUMENT)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    result = subprocess.run(
        [sys.executable, "-m", "pep_lsp", "check", "rfc-12.md"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == RFC_EXPECTED
    # The same document against the PEP template is a different story.
    pep = subprocess.run(
        [sys.executable, "-m", "pep_lsp", "check", str(tmp_path / "rfc-12.md")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert "Missing essential section 'Problem'" not in pep.stdout


def test_pre_commit_hook_definition() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert "- id: pep-lsp\n" in text
    assert (
        "  entry: pep-lsp check\n" in text
        and "  language: python\n" in text
        and "  types: [markdown]\n" in text
    )
