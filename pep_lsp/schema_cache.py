"""The template's derived schema, kept on disk between processes.

Deriving a schema parses the template with markdown-it and compiles its patterns: about as
long as checking a 300-line PEP, paid again by every `pep-lsp check` and by every server's
first document. The result depends only on the template's text (and the status vocabulary)
and on the code that derives it, so it is pickled under a key made of both: the inputs'
text, and the path, size and modification time of every file of the pep_lsp package and of
markdown-it's `__init__.py`, with the Python version. An edited template or an edited pep_lsp gives another
key; nothing is ever read back for other inputs.

The folder is `$PEP_LSP_CACHE_DIR`, else `$XDG_CACHE_HOME/pep-lsp`, else `~/.cache/pep-lsp`.
A folder that cannot be written, or a file that cannot be read back, only means deriving the
schema again: the cache never changes a result. The files are pickles: whoever can write to
the user's cache folder can already run code as that user.
"""

from __future__ import annotations

import copy
import os
import pickle
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pep_lsp.codecache import cache_dir

try:  # hashlib would load OpenSSL first (~5 ms of every `check`); this is the same BLAKE2
    from _blake2 import blake2b
except ImportError:  # pragma: no cover (an interpreter built without it)
    from hashlib import blake2b

T = TypeVar("T")

FORMAT = 1
"""Bumped when what is stored changes shape in a way the fingerprint would not see."""


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """What the derivation's code is: every file of the pep_lsp package (modules, data,
    templates) by path, size and modification time, markdown-it's `__init__.py` (where its
    version is written) likewise, and the interpreter's version. Taken once per process
    (~0.3 ms; nothing is imported for it)."""
    from importlib.util import find_spec

    paths: list[str] = []
    for folder, dirs, names in os.walk(Path(__file__).resolve().parent):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        paths += [os.path.join(folder, n) for n in sorted(names) if not n.endswith(".pyc")]
    spec = find_spec("markdown_it")  # its version is written in its __init__.py
    if spec is not None and spec.origin:
        paths.append(spec.origin)
    digest = blake2b(f"{FORMAT}\0{sys.version}".encode())
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            continue
        digest.update(f"\0{path}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def cached(kind: str, inputs: tuple[object, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or what it returned before for the same `inputs` (their `repr`) and the
    same code. `kind` names the file (`schema-<key>.pickle`)."""
    key = blake2b(f"{code_fingerprint()}\0{inputs!r}".encode(), digest_size=16).hexdigest()
    path = cache_dir() / f"{kind}-{key}.pickle"
    try:
        with open(path, "rb") as handle:
            stored: T = pickle.load(handle)
        return stored
    except FileNotFoundError:
        pass
    except Exception:  # unreadable or from an incompatible run: derive it again
        pass
    value = compute()
    _store(path, value)
    _prune(path.parent, kind)
    return value


KEPT = 32
"""Files of a kind kept in the folder (each edit of pep-lsp's code makes a new key): the
oldest go when a new one is written."""


def _prune(folder: Path, kind: str) -> None:
    try:
        found = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in found[:-KEPT]:
            old.unlink()
    except OSError:
        pass


def _store(path: Path, value: Any) -> None:
    """Write atomically (a reader never sees half a file); give up quietly on any error."""
    try:
        data = pickle.dumps(_without_memos(value), protocol=pickle.HIGHEST_PROTOCOL)
        import tempfile

        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except Exception:
        pass


def _without_memos(value: Any) -> Any:
    """A shallow copy without the memo a schema keeps of its lookups (`_found`, keyed by
    object ids, which mean nothing in another process)."""
    found = getattr(value, "_found", None)
    if not found:
        return value
    value = copy.copy(value)
    value._found = {}
    return value
