"""How a workspace path is shown to the author: relative to the file they are reading."""

from __future__ import annotations

import os


def shown_path(path: str, from_path: str) -> str:
    """`path` relative to `from_path`'s folder, with `/` separators (as written in a link);
    unchanged where no relative path exists (another drive on Windows)."""
    try:
        return os.path.relpath(path, os.path.dirname(from_path)).replace(os.sep, "/")
    except ValueError:
        return path
