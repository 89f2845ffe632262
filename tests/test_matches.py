"""Include/exclude patterns are matched against the path relative to the configuration's
folder, symbolic links resolved, as `Path.resolve().relative_to(...)` gives it (the matching
is done without pathlib now: `check` and the index match every file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pep_lsp.workspace.index import matches


def _pathlib_relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


@pytest.mark.parametrize(
    ("name", "patterns", "expected"),
    [
        ("docs/pep-0001.md", ("*.md",), True),
        ("docs/pep-0001.md", ("docs/",), True),
        ("docs/pep-0001.md", ("drafts/",), False),
        ("docs/pep-0001.md", ("pep-*.md",), True),
        ("docs/sub/x.md", ("docs/*",), True),
        ("linked/pep-0002.md", ("docs/",), True),  # a link into docs/
        ("notes.markdown", ("*.md",), False),
    ],
)
def test_patterns_match_the_resolved_relative_path(
    tmp_path: Path, name: str, patterns: tuple[str, ...], expected: bool
) -> None:
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    for file in ("docs/pep-0001.md", "docs/sub/x.md", "docs/pep-0002.md", "notes.markdown"):
        (tmp_path / file).write_text("x", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "docs")
    path = tmp_path / name
    assert matches(path, tmp_path, patterns) is expected
    # Outside the root: the whole resolved path is matched, as pathlib's fallback gives it.
    whole = _pathlib_relative(path, tmp_path / "elsewhere")
    assert matches(path, tmp_path / "elsewhere", (whole,))
    assert whole == str(path.resolve()) and (tmp_path / name).resolve().is_file()


def test_a_relative_root_is_taken_from_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder in ("a/docs", "b/other"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "x.md").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "a")
    assert matches(tmp_path / "a/docs/x.md", Path("."), ("docs/",))
    monkeypatch.chdir(tmp_path / "b")
    assert not matches(tmp_path / "b/other/x.md", Path("."), ("docs/",))
    assert matches(tmp_path / "b/other/x.md", Path("."), ("other/",))
