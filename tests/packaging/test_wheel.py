"""The distribution a user installs: `python -m build` makes a wheel and an sdist of the checkout;
the wheel, installed into a fresh venv with no checkout on the path, checks the bundled example
exactly like the checkout does. Building and installing reach the package index (as setup does)."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from email.parser import HeaderParser
from pathlib import Path

import pytest

from pep_lsp import __version__
from tests.packaging.conftest import REPO, clean_env, copy_of_checkout

EXAMPLE = REPO / "examples" / "pep-9002-draft.md"
WHEEL = f"pep_lsp-{__version__}-py3-none-any.whl"
SDIST = f"pep_lsp-{__version__}.tar.gz"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = copy_of_checkout(tmp_path_factory.mktemp("source"))
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
        env=clean_env(),
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def installed(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """bin/ of a fresh venv holding the wheel and its dependencies, nothing else."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run(
        [sys.executable, "-m", "venv", str(venv)], check=True, timeout=300, env=clean_env()
    )
    pip = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(dist / WHEEL)],
        capture_output=True,
        text=True,
        timeout=600,
        env=clean_env(),
    )
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    yield venv / "bin"


def test_build_makes_one_wheel_and_one_sdist_named_by_the_single_version(dist: Path) -> None:
    assert sorted(path.name for path in dist.iterdir()) == [WHEEL, SDIST]


def test_wheel_holds_the_template_the_data_and_the_licence(dist: Path) -> None:
    names = set(zipfile.ZipFile(dist / WHEEL).namelist())
    info = f"pep_lsp-{__version__}.dist-info"
    assert {
        "pep_lsp/templates/pep.md",
        "pep_lsp/data/vocabulary.toml",
        f"{info}/licenses/LICENSE",
    } <= names
    assert not [name for name in names if name.startswith(("tests/", "editors/", "benchmarks/"))]
    metadata = HeaderParser().parsestr(
        zipfile.ZipFile(dist / WHEEL).read(f"{info}/METADATA").decode()
    )
    assert metadata["Name"] == "pep-lsp"
    assert metadata["Version"] == __version__
    assert metadata["License-Expression"] == "MIT"
    assert metadata["Requires-Python"] == ">=3.10"
    assert "Programming Language :: Python :: 3.10" in metadata.get_all("Classifier")
    assert 'tomli>=1.1; python_version < "3.11"' in metadata.get_all("Requires-Dist")
    entry_points = zipfile.ZipFile(dist / WHEEL).read(f"{info}/entry_points.txt").decode()
    assert "pep-lsp = pep_lsp.cli:entry" in entry_points


def test_sdist_holds_the_sources_the_template_and_the_licence(dist: Path) -> None:
    with tarfile.open(dist / SDIST) as sdist:
        names = set(sdist.getnames())
    root = f"pep_lsp-{__version__}"
    assert {
        f"{root}/LICENSE",
        f"{root}/pyproject.toml",
        f"{root}/pep_lsp/templates/pep.md",
        f"{root}/pep_lsp/data/vocabulary.toml",
        f"{root}/pep_lsp/cli/__init__.py",
    } <= names


def test_installed_wheel_reports_its_version(installed: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(installed / "pep-lsp"), "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean_env(),
        timeout=120,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, f"pep-lsp {__version__}\n", "")


def test_installed_wheel_imports_from_the_venv_not_the_checkout(
    installed: Path, tmp_path: Path
) -> None:
    result = subprocess.run(
        [str(installed / "python"), "-c", "import pep_lsp; print(pep_lsp.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean_env(),
        timeout=120,
    )
    assert Path(result.stdout.strip()).is_relative_to(installed.parent), (
        result.stdout + result.stderr
    )


def test_installed_wheel_checks_the_example_like_the_checkout(
    installed: Path, tmp_path: Path
) -> None:
    (tmp_path / EXAMPLE.name).write_bytes(EXAMPLE.read_bytes())
    from_wheel = subprocess.run(
        [str(installed / "pep-lsp"), "check", EXAMPLE.name],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean_env(),
        timeout=120,
    )
    from_checkout = subprocess.run(
        [sys.executable, "-m", "pep_lsp", "check", EXAMPLE.name],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert from_wheel.stderr == ""
    assert from_wheel.stdout.splitlines()[-1].startswith("Found ")
    assert (from_wheel.returncode, from_wheel.stdout) == (
        from_checkout.returncode,
        from_checkout.stdout,
    )
