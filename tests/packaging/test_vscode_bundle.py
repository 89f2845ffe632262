"""The server the VS Code extension bundles: editors/vscode/scripts/bundle_python.py fills
bundled/libs (of a copy of the checkout) from the hash-pinned requirements-bundle.txt, and
bundled/tool/server.py serves LSP from them with a Python that has no site-packages at all
(`-I -S`), so nothing installed on the machine helps. Filling the bundle reaches the package index."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from pep_lsp import __version__
from pep_lsp.engine.check import check
from tests.packaging.conftest import REPO, clean_env, copy_of_checkout

# A path known when the pytest-lsp fixture is declared; the `bundle` fixture fills it first.
COPY = Path(tempfile.gettempdir()) / f"pep-lsp-bundle-test-{os.getpid()}"
VSCODE = COPY / "editors" / "vscode"
LIBS = VSCODE / "bundled" / "libs"
SERVER = VSCODE / "bundled" / "tool" / "server.py"
LOCK = REPO / "editors" / "vscode" / "requirements-bundle.txt"
# The test interpreter's base Python; PEP_LSP_BUNDLE_PYTHON names another (e.g. a Python 3.10).
BASE_PYTHON = os.environ.get("PEP_LSP_BUNDLE_PYTHON") or os.path.realpath(
    getattr(sys, "_base_executable", sys.executable)
)
FIXTURE = REPO / "tests" / "fixtures" / "half-filled.md"


def locked() -> dict[str, str]:
    """name -> version pinned in requirements-bundle.txt (each with one sha256)."""
    text = LOCK.read_text(encoding="utf-8")
    pins = dict(
        re.findall(
            r"^([A-Za-z0-9_.-]+)==(\S+) \\\n    --hash=sha256:[0-9a-f]{64}$", text, flags=re.M
        )
    )
    assert len(pins) == len([line for line in text.splitlines() if "==" in line])
    return pins


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.fixture(scope="module")
def bundle() -> Iterator[Path]:
    shutil.rmtree(COPY, ignore_errors=True)
    COPY.mkdir()
    copy_of_checkout(COPY)
    built = subprocess.run(
        [sys.executable, str(VSCODE / "scripts" / "bundle_python.py")],
        capture_output=True,
        text=True,
        timeout=600,
        env=clean_env(),
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    yield LIBS
    shutil.rmtree(COPY, ignore_errors=True)


def test_the_lock_pins_the_dependencies_pep_lsp_needs_on_python_3_10() -> None:
    assert sorted(map(normal, locked())) == [
        "attrs",
        "cattrs",
        "exceptiongroup",
        "lsprotocol",
        "markdown-it-py",
        "mdurl",
        "pygls",
        "tomli",
        "typing-extensions",
    ]


def test_the_extension_and_the_server_it_bundles_share_the_version() -> None:
    manifest = json.loads(
        (REPO / "editors" / "vscode" / "package.json").read_text(encoding="utf-8")
    )
    assert manifest["version"] == __version__


def test_bundle_holds_pep_lsp_and_exactly_the_locked_wheels(bundle: Path) -> None:
    installed = dict(
        path.name.removesuffix(".dist-info").rsplit("-", 1) for path in bundle.glob("*.dist-info")
    )
    installed = {normal(name): version for name, version in installed.items()}
    assert installed == {
        **{normal(name): version for name, version in locked().items()},
        "pep-lsp": __version__,
    }
    assert (bundle / "pep_lsp" / "templates" / "pep.md").read_bytes() == (
        REPO / "pep_lsp" / "templates" / "pep.md"
    ).read_bytes()
    assert not list(bundle.rglob("__pycache__")) and not (bundle / "bin").exists()
    size = sum(path.stat().st_size for path in bundle.rglob("*") if path.is_file())
    assert size < 6_000_000, size


def test_bundled_check_runs_without_any_site_packages(bundle: Path) -> None:
    result = subprocess.run(
        [BASE_PYTHON, "-I", "-S", str(SERVER), "check", str(FIXTURE)],
        capture_output=True,
        text=True,
        timeout=120,
        env=clean_env(),
    )
    assert result.stdout.splitlines()[-1] == "Found 12 problems (3 errors, 9 warnings) in 1 file."
    assert (result.returncode, result.stderr) == (1, "")


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[BASE_PYTHON, "-I", "-S", str(SERVER)], server_env=clean_env()
    )
)
async def bundled_client(bundle: Path, lsp_client: LanguageClient) -> AsyncIterator[LanguageClient]:
    published: list[types.PublishDiagnosticsParams] = []
    lsp_client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = published.append
    lsp_client.published = published  # type: ignore[attr-defined]
    # The test client has no handler for the server's file-watcher registration; accept it.
    lsp_client.protocol.fm.features[types.CLIENT_REGISTER_CAPABILITY] = lambda params: None
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("visual-studio-code"))
    )
    yield lsp_client
    await lsp_client.shutdown_session()


async def test_bundled_server_publishes_the_findings_over_stdio(
    bundled_client: LanguageClient,
) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    uri = "file:///tmp/half-filled.md"
    bundled_client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=text
            )
        )
    )
    await bundled_client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    params = bundled_client.published[0]  # type: ignore[attr-defined]
    assert (params.uri, params.version) == (uri, 1)
    assert [(d.code, d.range.start.line, d.message) for d in params.diagnostics] == [
        (f.code, f.span.start.line, f.message) for f in check(text)
    ]
