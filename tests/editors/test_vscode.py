"""pep-lsp in a real VS Code: code-server (VS Code 1.99 in a browser) with the packaged .vsix
installed, driven by playwright-core in headless Chromium. editors/vscode/e2e/drive.mjs acts like a
user and reports what the screen showed; this file judges it. Screenshots of every step land in
test-artifacts/vscode/.

The machine is a new user's: code-server's PATH holds a plain python3 (the test interpreter's base
Python, no pep-lsp importable) and nothing else, HOME is empty and no setting names a server, so
everything the editor shows comes from the server bundled in the .vsix."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.editors.conftest import (
    ARTIFACTS,
    CACHE,
    EDITORS,
    FIXTURE,
    STATUSES,
    expected_after_motivation_fix,
    expected_findings,
    fixture_lines,
    heading_tree,
    line_of,
    missing_dependency,
)

pytestmark = pytest.mark.editors

VSCODE = EDITORS / "vscode"
CODE_SERVER = CACHE / "code-server" / "node_modules" / ".bin" / "code-server"
VSIX = VSCODE / "dist" / "pep-lsp.vsix"
MANIFEST = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
EXTENSION_DIR = f"{MANIFEST['publisher']}.{MANIFEST['name']}-{MANIFEST['version']}"  # where code-server installs it
CHROMIUM = Path(os.environ.get("PEP_LSP_CHROMIUM", "/usr/bin/chromium"))
MISSING_SERVER = "/nonexistent/bin/pep-lsp"
SEVERITY_NAMES = {1: "error", 2: "warning", 3: "info"}
HEADER_FIELDS = ["PEP", "Title", "Author", "Status", "Type", "Created", "Updated", "Version"]


@dataclass(frozen=True)
class LineCase:
    typed_prefix: str  # the fixture line that is retyped
    typed: str
    line: str  # what the first item makes of it, in VS Code as in Neovim


SAME_AS_NEOVIM = [
    LineCase("Status: ", "Status:", "Status: Draft"),
    LineCase("Version: ", "Ver", "Version: 0.1"),
]

# Settings that keep first-run noise (welcome page, tips, update checks) off the screenshots.
USER_SETTINGS = {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": False,
    "workbench.enableExperiments": False,
    "telemetry.telemetryLevel": "off",
    "extensions.autoCheckUpdates": False,
    "extensions.autoUpdate": False,
    "chat.commandCenter.enabled": False,
    "window.commandCenter": False,
    "editor.minimap.enabled": False,
}


def plain_python_bin(root: Path) -> tuple[Path, Path]:
    """A PATH directory with only `python3`: the base interpreter of the test venv (>= 3.10, as the
    tests run on it), not the venv, so none of the venv's packages (pep-lsp among them) come along."""
    bin_dir = root / "bin"
    bin_dir.mkdir()
    base = Path(os.path.realpath(getattr(sys, "_base_executable", sys.executable)))
    (bin_dir / "python3").symlink_to(base)
    return bin_dir, base


def user_env(bin_dir: Path, home: Path) -> dict[str, str]:
    """What code-server (and the extension host it starts) sees: no PYTHON*, no pep-lsp on PATH."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key in {"LANG", "LC_ALL", "TMPDIR", "TERM", "USER", "LOGNAME"}
    }
    # VSCODE_CLI: as when started from a terminal, the server keeps this environment instead of
    # asking a login shell for one (whose /etc/profile would put /usr/bin back on PATH).
    return {**env, "PATH": str(bin_dir), "HOME": str(home), "VSCODE_CLI": "1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"code-server exited with {process.returncode}: {log.read_text()[-3000:]}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(
        f"code-server did not answer {url} in {timeout} s: {log.read_text()[-3000:]}"
    )


@contextmanager
def code_server(
    launcher: list[str],
    common: list[str],
    workspace: Path,
    log: Path,
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """code-server on a free port with `workspace` open: yields its URL once it answers, and stops
    it with everything it started (its own process group) afterwards."""
    port = free_port()
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [
                *launcher,
                *common,
                "--auth",
                "none",
                "--bind-addr",
                f"127.0.0.1:{port}",
                "--disable-telemetry",
                "--disable-update-check",
                "--disable-workspace-trust",
                str(workspace),
            ],
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env,
        )
    try:
        wait_http(f"http://127.0.0.1:{port}/healthz", process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def code_server_with_server(root: Path, workspace: Path, server_command: Path) -> Iterator[str]:
    """A fresh profile under `root` with the .vsix installed and `workspace` set to run
    `server_command` (this tree's server), then `code_server` on it: yields its URL."""
    data, extensions = root / "data", root / "extensions"
    (workspace / ".vscode").mkdir(parents=True, exist_ok=True)
    (data / "User").mkdir(parents=True)
    (workspace / "pyproject.toml").write_text('[project]\nname = "proposals"\n', encoding="utf-8")
    (workspace / ".vscode" / "settings.json").write_text(
        json.dumps({"pepLsp.server.path": str(server_command)}), encoding="utf-8"
    )
    (data / "User" / "settings.json").write_text(json.dumps(USER_SETTINGS), encoding="utf-8")
    (root / "config.yaml").write_text("", encoding="utf-8")
    common = [
        "--user-data-dir",
        str(data),
        "--extensions-dir",
        str(extensions),
        "--config",
        str(root / "config.yaml"),
    ]
    installed = subprocess.run(
        [str(CODE_SERVER), *common, "--install-extension", str(VSIX)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    with code_server([str(CODE_SERVER)], common, workspace, root / "code-server.log") as url:
        yield url


MAIN_STEPS = [
    "01-open",
    "02-problems",
    "03-completion",
    "03b-completion-lines",
    "04-hover",
    "05-quickfix",
    "06-outline",
    "07-server-missing",
]


def editor_node(request: pytest.FixtureRequest) -> str:
    """node, after checking that everything the run needs is installed."""
    for path, what in [
        (CODE_SERVER, "code-server 4.99.4"),
        (VSIX, "the packaged extension editors/vscode/dist/pep-lsp.vsix"),
        (VSCODE / "node_modules" / "playwright-core", "playwright-core (npm ci in editors/vscode)"),
        (CHROMIUM, "chromium"),
    ]:
        if not path.exists():
            missing_dependency(f"{what} ({path})", request)
    node = shutil.which("node")
    if node is None:
        missing_dependency("node", request)
    return node


@contextmanager
def driven_code_server(
    node: str, root: Path, bin_dir: Path, steps: list[str], artifacts: Path
) -> Iterator[dict]:
    """Install the .vsix alone into a fresh profile, start code-server with `bin_dir` as the whole
    PATH and an empty HOME, run drive.mjs's `steps` and yield what it saw."""
    workspace, data, extensions = root / "workspace", root / "data", root / "extensions"
    (workspace / ".vscode").mkdir(parents=True)
    (data / "User").mkdir(parents=True)
    document = workspace / FIXTURE.name
    shutil.copyfile(FIXTURE, document)
    (workspace / "pyproject.toml").write_text('[project]\nname = "proposals"\n', encoding="utf-8")
    # No server setting: the extension must find a Python and run the server it bundles.
    workspace_settings = workspace / ".vscode" / "settings.json"
    workspace_settings.write_text("{}", encoding="utf-8")
    (data / "User" / "settings.json").write_text(json.dumps(USER_SETTINGS), encoding="utf-8")
    (root / "config.yaml").write_text("", encoding="utf-8")
    home = root / "home"
    home.mkdir()
    env = user_env(bin_dir, home)

    # code-server is a node script; node is named by path, as PATH has only python3.
    launcher = [node, os.path.realpath(CODE_SERVER)]
    common = [
        "--user-data-dir",
        str(data),
        "--extensions-dir",
        str(extensions),
        "--config",
        str(root / "config.yaml"),
    ]
    installed = subprocess.run(
        [*launcher, *common, "--install-extension", str(VSIX)],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert installed.returncode == 0 and "successfully installed" in installed.stdout, (
        installed.stdout + installed.stderr
    )
    assert [path.name for path in extensions.iterdir() if path.is_dir()] == [EXTENSION_DIR]

    with code_server(launcher, common, workspace, root / "code-server.log", env) as url:
        shutil.rmtree(artifacts, ignore_errors=True)
        spec = {
            "url": url,
            "folder": str(workspace),
            "file": FIXTURE.name,
            "artifacts": str(artifacts),
            "statusLine": line_of("Status: ") + 1,
            "statusValue": "Discussion",
            "completionLines": [
                {
                    "line": line_of(case.typed_prefix) + 1,
                    "typed": case.typed,
                    "restore": fixture_lines()[line_of(case.typed_prefix)],
                }
                for case in SAME_AS_NEOVIM
            ],
            "hover": {"text": "## Abstract", "word": "Abstract"},
            "quickFix": {
                "line": line_of("## Abstract"),
                "character": 3,
                "title": "Insert missing section 'Motivation'",
            },
            "settingsFile": str(workspace_settings),
            "missingServerPath": MISSING_SERVER,
            "steps": steps,
        }
        (root / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
        driven = subprocess.run(
            [
                node,
                str(VSCODE / "e2e" / "drive.mjs"),
                str(root / "spec.json"),
                str(root / "result.json"),
            ],
            capture_output=True,
            text=True,
            timeout=540,
            cwd=VSCODE,
        )
        assert (root / "result.json").exists(), (
            f"drive.mjs wrote no result: {driven.stdout}{driven.stderr}"
        )
        result = json.loads((root / "result.json").read_text(encoding="utf-8"))
        result["document"] = document.read_text(encoding="utf-8")
        result["artifacts"] = artifacts
        result["serverLog"] = output_channel_log(data)
        result["extension"] = extensions / EXTENSION_DIR
        yield result


@pytest.fixture(scope="module")
def vscode_run(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict]:
    node = editor_node(request)
    root = tmp_path_factory.mktemp("vscode")
    bin_dir, _ = plain_python_bin(root)
    env = user_env(bin_dir, root)
    # The machine has no pep-lsp: not on PATH, not importable by the only Python there.
    assert [path.name for path in bin_dir.iterdir()] == ["python3"]
    importable = subprocess.run(
        ["python3", "-c", "import pep_lsp"], env=env, cwd=root, capture_output=True, text=True
    )
    assert importable.returncode == 1 and "No module named 'pep_lsp'" in importable.stderr, (
        importable.stderr
    )
    executable = subprocess.run(
        ["python3", "-c", "import sys; print(sys.executable)"],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    with driven_code_server(node, root, bin_dir, MAIN_STEPS, ARTIFACTS / "vscode") as result:
        result["python"] = {
            "bin": bin_dir,
            "executable": executable,
            "extension": result["extension"],
        }
        yield result


@pytest.fixture(scope="module")
def no_python_run(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict]:
    """A machine whose only Python is too old: a `python3` that answers like a Python 3.8."""
    node = editor_node(request)
    root = tmp_path_factory.mktemp("vscode-no-python")
    bin_dir = root / "bin"
    bin_dir.mkdir()
    old = bin_dir / "python3"
    old.write_text(
        "#!/bin/sh\necho '"
        + json.dumps({"executable": str(old), "version": [3, 8, 18], "pepLsp": None})
        + "'\n",
        encoding="utf-8",
    )
    old.chmod(0o755)
    with driven_code_server(
        node, root, bin_dir, ["01-open", "08-no-python"], ARTIFACTS / "vscode-no-python"
    ) as result:
        result["old"] = old
        yield result


def output_channel_log(data: Path) -> str:
    """The extension's output channel, as VS Code logs it under the user data directory."""
    logs = sorted(data.glob("logs/**/*PEP Language Server*.log"))
    return "\n".join(path.read_text(encoding="utf-8") for path in logs)


def step(run: dict, name: str) -> dict:
    """A step's observations, failing with the driver's own error when the step broke."""
    assert name not in run["errors"], f"{name} failed in the editor: {run['errors'][name]}"
    return run["steps"][name]


def test_the_bundled_server_runs_with_the_plain_python3_on_path(vscode_run: dict) -> None:
    python = vscode_run["python"]
    version = ".".join(map(str, sys.version_info[:3]))
    started = [line for line in vscode_run["serverLog"].splitlines() if "Starting " in line]
    command = (
        f"{python['bin'] / 'python3'} {python['extension'] / 'bundled' / 'tool' / 'server.py'}"
    )
    assert started and started[0].endswith(
        f"Starting {command}: the bundled server with Python {version} ({python['executable']}, from python3 on PATH)."
    ), vscode_run["serverLog"][-3000:]


def test_problems_panel_lists_the_findings(vscode_run: dict) -> None:
    rows = step(vscode_run, "02-problems")["rows"]
    got = [(r["severity"], r["message"], r["source"], r["code"], r["position"]) for r in rows]
    # VS Code sorts the panel by severity, then position; positions are 1-based there.
    want = [
        (
            SEVERITY_NAMES[e.severity],
            e.message,
            "pep-lsp",
            e.code,
            f"[Ln {e.line + 1}, Col {e.start + 1}]",
        )
        for e in sorted(expected_findings(), key=lambda e: (e.severity, e.line, e.start))
    ]
    assert got == want


def test_hover_on_a_heading_shows_its_diagnostic(vscode_run: dict) -> None:
    texts = step(vscode_run, "04-hover")["texts"]
    assert (
        "Missing essential section 'Motivation' (it belongs after 'Abstract')pep-lsp(S101)" in texts
    )


def test_hover_on_a_heading_shows_the_template_guidance(vscode_run: dict) -> None:
    texts = step(vscode_run, "04-hover")["texts"]
    assert any("Write a concise summary of 200-300 words" in text for text in texts), texts


def test_typing_status_offers_the_status_values(vscode_run: dict) -> None:
    completion = step(vscode_run, "03-completion")
    assert completion["invoked"] == "trigger-character"  # popped up on the space, no Ctrl+Space
    assert sorted(completion["labels"]) == sorted(STATUSES)
    assert completion["accepted"] == "Discussion"


def test_completion_leaves_the_same_lines_as_in_neovim(vscode_run: dict) -> None:
    """The first item for `Status:` (no space) and for a field name typed halfway gives the line
    the Neovim test expects for the same keys (tests/editors/test_nvim.py, status-value and
    field-halfway)."""
    results = step(vscode_run, "03b-completion-lines")["results"]
    assert [(r["typed"], r["line"]) for r in results] == [
        (case.typed, case.line) for case in SAME_AS_NEOVIM
    ]


def test_quick_fix_inserts_the_missing_section(vscode_run: dict) -> None:
    quick_fix = step(vscode_run, "05-quickfix")
    assert "Insert missing section 'Motivation'" in quick_fix["titles"]
    assert quick_fix["applied"] is True
    assert vscode_run["document"] == expected_after_motivation_fix()


def test_editing_steps_leave_the_rest_of_the_document_intact(vscode_run: dict) -> None:
    """Whatever the quick fix did, the completion round trip restored the Status line exactly."""
    step(vscode_run, "03-completion")
    step(vscode_run, "05-quickfix")
    assert "\nStatus: Discussion\n" in vscode_run["document"]


def test_outline_shows_the_section_tree(vscode_run: dict) -> None:
    items = step(vscode_run, "06-outline")["items"]
    groups = [i for i, item in enumerate(items) if item["level"] == 1]
    ours = next(i for i in groups if items[i]["label"] == "PEP Language Server")
    end = next((i for i in groups if i > ours), len(items))
    tree = [(item["level"] - 1, item["label"]) for item in items[ours + 1 : end]]
    # The `# Title` heading is the root; under it the header block with its fields as
    # children, then the ##/###/#### headings.
    assert tree[0] == (1, fixture_lines()[0].lstrip("# "))
    header_fields = [label for level, label in tree[2 : 2 + len(HEADER_FIELDS)]]
    assert tree[1][0] == 2 and header_fields == HEADER_FIELDS
    assert all(level == 3 for level, _ in tree[2 : 2 + len(HEADER_FIELDS)])
    # The outline is read after the quick fix (step 05) inserted Motivation and its subsection.
    assert tree[2 + len(HEADER_FIELDS) :] == heading_tree(expected_after_motivation_fix())


def test_missing_server_gives_one_notification_with_open_settings(vscode_run: dict) -> None:
    missing = step(vscode_run, "07-server-missing")
    assert missing["notifications"] == [
        {
            "message": f'The setting pepLsp.server.path is "{MISSING_SERVER}", but {MISSING_SERVER} is not an executable file.',
            "buttons": ["Open settings"],
        }
    ]
    # "Open settings" lands in the Settings editor, filtered to the setting to fix.
    assert missing["settingsSearch"] == "pepLsp.server.path"
    assert missing["activeTab"].startswith("Settings")


def test_every_step_left_a_screenshot(vscode_run: dict) -> None:
    names = {path.name for path in Path(vscode_run["artifacts"]).glob("*.png")}
    assert {f"{name}.png" for name in vscode_run["steps"]} <= names


def test_interpreter_search_unit_tests_pass(request: pytest.FixtureRequest) -> None:
    """editors/vscode/src/test/locate.test.ts (node's test runner): the search order, both import
    strategies and the message when no Python 3.10+ is found."""
    npm = shutil.which("npm")
    if npm is None or not (VSCODE / "node_modules" / "esbuild").exists():
        missing_dependency("npm and editors/vscode/node_modules (npm ci)", request)
    result = subprocess.run(
        [npm, "test", "--silent"], cwd=VSCODE, capture_output=True, text=True, timeout=300
    )
    summary = dict(
        line[2:].split(" ", 1)
        for line in result.stdout.splitlines()
        if line.startswith("# ") and " " in line[2:]
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert (summary.get("fail"), int(summary.get("pass", 0)) >= 15) == ("0", True), result.stdout[
        -2000:
    ]


def test_no_usable_python_gives_one_notification_naming_what_was_found(no_python_run: dict) -> None:
    seen = step(no_python_run, "08-no-python")
    assert seen["notifications"] == [
        {
            "message": "pep-lsp needs Python 3.10 or newer to run its server and found none. Tried: "
            "pepLsp.interpreter: not set; the Python extension: not installed; "
            f"python3 on PATH: {no_python_run['old']} is Python 3.8.18; python on PATH: not found; "
            "py on PATH: not found. Install Python 3.10+ or set pepLsp.interpreter to its path.",
            "buttons": ["Open settings"],
        }
    ]
    # "Open settings" lands on the setting that fixes it.
    assert seen["settingsSearch"] == "pepLsp.interpreter"
