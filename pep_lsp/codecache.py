"""The methods `@dataclass` writes for each class, compiled once and kept on disk.

For every class, `dataclasses` writes the source of `__init__`, `__repr__`, `__eq__`,
`__hash__` (and, frozen, `__setattr__` and `__delattr__`) and compiles it with `exec`: for
pep-lsp's ~50 classes that was about a third of the instructions of `pep-lsp check` on one
file (Python's parser and compiler run ~240 times before the first line is read). That source
depends only on the fields' names and the class's options, never on the objects themselves
(they are passed in as arguments), so its compiled code is kept the way Python keeps a
module's `.pyc`: by the exact source text, in one marshal file per interpreter version in the
cache folder (`$PEP_LSP_CACHE_DIR`, else `$XDG_CACHE_HOME/pep-lsp`, else `~/.cache/pep-lsp`).

Same source, same code object: nothing a class does changes. A missing, unreadable or
foreign file only means compiling again. `install()` is called by the entry points (the CLI
and the server), before they import the modules that define the classes; it routes the
`exec` that `dataclasses` calls through `cached_exec` and writes new code at exit.
"""

from __future__ import annotations

import dataclasses
import marshal
import os
import sys
from pathlib import Path
from types import CodeType
from typing import Any

LIMIT = 4096
"""Entries kept in the file: past this, a process writes back only what it used itself."""

_codes: dict[str, CodeType] = {}
_used: set[str] = set()
_path = ""
"""The file read (empty before `install`)."""
_compiled = 0
"""The number of sources this process compiled (the rest came from the file)."""


def cache_dir() -> Path:
    """`$PEP_LSP_CACHE_DIR`, else `$XDG_CACHE_HOME/pep-lsp`, else `~/.cache/pep-lsp`."""
    explicit = os.environ.get("PEP_LSP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pep-lsp"


def cache_file() -> Path:
    """One file per interpreter build: code objects are only valid in the version that made them."""
    tag = sys.implementation.cache_tag or sys.implementation.name
    return cache_dir() / f"dataclasses-{tag}-{sys.hexversion:x}.marshal"


def compiled_here() -> int:
    """How many sources this process compiled (the rest came from the file)."""
    return _compiled


def cached_exec(source: Any, globals: Any = None, locals: Any = None, /, **options: Any) -> None:
    """`exec`, with a source string's code taken from the cache. `exec` of a string compiles it
    as `compile(source, "<string>", "exec")` with the calling code's `__future__` flags, none in
    `dataclasses`: hence `dont_inherit`. Without globals, the caller's scope, as `exec` does."""
    global _compiled
    if globals is None:
        caller = sys._getframe(1)
        globals = caller.f_globals
        if locals is None:
            locals = caller.f_locals
    if type(source) is str:
        code = _codes.get(source)
        if code is None:
            code = _codes[source] = compile(source, "<string>", "exec", dont_inherit=True)
            _compiled += 1
        _used.add(source)
        source = code
    exec(source, globals, locals, **options)


def install() -> None:
    """Read the file and route `dataclasses`' `exec` through `cached_exec` (once; nothing is
    done if something else already replaced it)."""
    global _path
    if _path or "exec" in vars(dataclasses):
        return
    path = cache_file()
    _path = str(path)
    try:
        with open(path, "rb") as handle:
            stored = marshal.loads(
                handle.read()
            )  # `marshal.load` reads a file a few bytes at a time
        if isinstance(stored, dict):
            _codes.update(
                (source, code)
                for source, code in stored.items()
                if type(source) is str and type(code) is CodeType
            )
    except Exception:  # missing, unreadable or from another build: compile again
        pass
    dataclasses.exec = cached_exec  # type: ignore[attr-defined]
    import atexit

    atexit.register(save)


def save() -> None:
    """Write the code compiled here (atomically; quietly giving up on any error)."""
    global _compiled
    if not _compiled or not _path:
        return
    codes = _codes if len(_codes) <= LIMIT else {s: c for s, c in _codes.items() if s in _used}
    path = _path
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # Private to the user, like the schema's pickles: code read from here is run.
        with os.fdopen(
            os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb"
        ) as out:
            out.write(marshal.dumps(codes))
        os.replace(temporary, path)
        _compiled = 0
    except Exception:
        try:
            os.unlink(temporary)
        except OSError:
            pass
