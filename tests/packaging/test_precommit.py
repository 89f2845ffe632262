"""The pre-commit hook (.pre-commit-hooks.yaml) for real: `pre-commit try-repo` installs this
checkout the way a user's `rev:` would (a git repository at a commit) and runs the hook on a folder
of PEPs. pre-commit keeps its environments in a temporary PRE_COMMIT_HOME, so an empty HOME works."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.conftest import REPO, clean_env, copy_of_checkout

PASSING = REPO / "tests" / "fixtures" / "complete.md"
FAILING = REPO / "tests" / "fixtures" / "half-filled.md"
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "pep-lsp tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "pep-lsp tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
}


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={**clean_env(), **GIT_IDENTITY},
        timeout=120,
    )


def committed(folder: Path) -> Path:
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "snapshot")
    return folder


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The checkout as a committed git repository: try-repo installs the hook from a commit."""
    return committed(copy_of_checkout(tmp_path_factory.mktemp("hook-repo")))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's repository: one finished PEP, one half-filled PEP, and a README that is no PEP."""
    root = tmp_path_factory.mktemp("project")
    (root / "peps").mkdir()
    shutil.copyfile(PASSING, root / "peps" / "pep-9001.md")
    shutil.copyfile(FAILING, root / "peps" / "pep-9003.md")
    (root / "README.md").write_text(
        "# Our proposals\n\nOne PEP per file in `peps/`.\n", encoding="utf-8"
    )
    return committed(root)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(
    hook_repo: Path, project: Path, home: Path, *files: str
) -> subprocess.CompletedProcess[str]:
    env = {
        **clean_env(),
        **GIT_IDENTITY,
        "PRE_COMMIT_HOME": str(home / "cache"),
        "HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
    }
    selection = ["--files", *files] if files else ["--all-files"]
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "pep-lsp", *selection],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )


def checkout_findings(project: Path, *files: str) -> list[str]:
    """What this checkout's `pep-lsp check` prints for the same files: the hook must print it too."""
    result = subprocess.run(
        [sys.executable, "-m", "pep_lsp", "check", *files],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout.splitlines()


def test_hook_fails_on_the_folder_and_prints_the_half_filled_peps_findings(
    hook_repo: Path, project: Path, pre_commit_home: Path
) -> None:
    result = try_repo(hook_repo, project, pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("pep-lsp....") and line.endswith("Failed") for line in lines), (
        result.stdout
    )
    expected = checkout_findings(project, "README.md", "peps/pep-9001.md", "peps/pep-9003.md")
    assert expected[-1] == "Found 12 problems (3 errors, 9 warnings) in 1 of 3 files."
    assert all(line.startswith("peps/pep-9003.md:") for line in expected[:-1])
    assert [line for line in lines if line.startswith("peps/")] == expected[:-1]
    assert expected[-1] in lines


def test_hook_passes_on_the_finished_pep(
    hook_repo: Path, project: Path, pre_commit_home: Path
) -> None:
    result = try_repo(hook_repo, project, pre_commit_home, "peps/pep-9001.md", "README.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert any(
        line.startswith("pep-lsp....") and line.endswith("Passed")
        for line in result.stdout.splitlines()
    ), result.stdout
