"""Code that libraries generate and compile at run time, compiled once and kept on disk.

`@dataclass` writes the source of `__init__`, `__repr__`, `__eq__`, `__hash__` (and, frozen,
`__setattr__`, `__delattr__`) for every class and compiles it with `exec`; attrs does the same
for lsprotocol's ~1,000 classes, and cattrs for each converter it builds on a type's first
message. For `pep-lsp check` on one file that was about a third of its instructions (Python's
parser and compiler run ~240 times before the first line is read); for the server, about half
of what importing lsprotocol costs. That source depends only on names and options, never on
the objects themselves (they are passed in as arguments), so its compiled code is kept the way
Python keeps a module's `.pyc`: by the exact source text, file name, mode, compiler flags and
optimisation level, in marshal files per interpreter build in the cache folder
(`$PEP_LSP_CACHE_DIR`, else `$XDG_CACHE_HOME/pep-lsp`, else `~/.cache/pep-lsp`).

Regular expressions are the same kind of work: `re.compile` parses a pattern and writes its
matching program in Python (~100 patterns, ~12 ms of every start); the program depends only on
the pattern's text and flags, so it is kept in a store of its own, and a pattern read back is
built from it by `_sre.compile`, as `re` builds it (`install_patterns`).

Same source, same flags, same code object: nothing a class or converter does changes. A
missing, unreadable or foreign file only means compiling again. The entry points call
`install()` (the CLI and the server) and `install_lsp()` (the server, before it imports
lsprotocol); each points the named module's `exec` or `compile` at this module's, and new code
is written at exit.
"""

from __future__ import annotations
import __future__

import marshal
import os
import sys
from pathlib import Path
from types import CodeType, ModuleType
from typing import Any

try:  # hashlib would load OpenSSL first; this is the same BLAKE2
    from _blake2 import blake2b
except ImportError:  # pragma: no cover (an interpreter built without it)
    from hashlib import blake2b

DIGEST_SIZE = 32
"""A store file is the BLAKE2 digest of its marshal payload, then the payload: a damaged
file (cut short, or changed in the middle) is never handed to `marshal`."""

LIMIT = 8192
"""Entries kept in a file: past this, a process writes back only what it used itself."""

FUTURE_FLAGS = 0
for _feature in __future__.all_feature_names:
    FUTURE_FLAGS |= getattr(__future__, _feature).compiler_flag
"""The `__future__` flags `compile` inherits from the code calling it (CPython's `PyCF_MASK`)."""


def cache_dir() -> Path:
    """`$PEP_LSP_CACHE_DIR`, else `$XDG_CACHE_HOME/pep-lsp`, else `~/.cache/pep-lsp`.

    A relative `$XDG_CACHE_HOME` is ignored, as the XDG spec asks; with no home folder at all
    (`~` unresolved: no `$HOME` and no password entry, as in some containers) the cache goes
    to a per-user folder under the system's temporary folder, never into the working folder."""
    explicit = os.environ.get("PEP_LSP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "pep-lsp"
    home = os.path.expanduser("~")
    if os.path.isabs(home):
        return Path(home) / ".cache" / "pep-lsp"
    import tempfile  # only here: it costs a start-up that has a home folder

    user = os.getuid() if hasattr(os, "getuid") else os.getpid()
    return Path(tempfile.gettempdir()) / f"pep-lsp-cache-{user}"


class CodeStore:
    """One marshal file of code objects, keyed by a digest of what compiled them."""

    limit = LIMIT

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.path = ""
        self.codes: dict[bytes, Any] = {}  # (what `accepts` takes)
        self.used: set[bytes] = set()
        self.compiled = 0

    def accepts(self, value: object) -> bool:
        """Is a value read from the file what this store holds?"""
        return type(value) is CodeType

    def file(self) -> Path:
        """One file per interpreter build: code objects are valid only in the one that made them."""
        tag = sys.implementation.cache_tag or sys.implementation.name
        return cache_dir() / f"{self.kind}-{tag}-{sys.hexversion:x}.marshal"

    def load(self) -> None:
        if self.path:
            return
        self.path = str(self.file())
        try:
            with open(self.path, "rb") as handle:
                data = handle.read()  # (`marshal.load` would read a few bytes at a time)
            digest, payload = data[:DIGEST_SIZE], data[DIGEST_SIZE:]
            if digest != blake2b(payload, digest_size=DIGEST_SIZE).digest():
                return  # damaged or foreign: marshal trusts its input, so it is never read
            stored = marshal.loads(payload)
            if isinstance(stored, dict):
                self.codes.update(
                    (key, code)
                    for key, code in stored.items()
                    if type(key) is bytes and self.accepts(code)
                )
        except Exception:  # missing, unreadable or from another build: compile again
            pass

    def compile(self, source: str, filename: str, mode: str, flags: int, optimize: int) -> CodeType:
        """`compile(source, filename, mode, flags, dont_inherit=True, optimize=optimize)`,
        from the file when it was compiled before."""
        if optimize == -1:
            optimize = sys.flags.optimize
        digest = blake2b(f"{mode}\0{flags}\0{optimize}\0{filename}\0".encode(), digest_size=20)
        digest.update(source.encode("utf-8", "surrogatepass"))
        key = digest.digest()
        code: CodeType | None = self.codes.get(key)
        if code is None:
            code = compile(source, filename, mode, flags, True, optimize)
            self.codes[key] = code
            self.compiled += 1
        self.used.add(key)
        return code

    def save(self) -> None:
        """Write the file when this process compiled something (atomically; quietly giving
        up on any error)."""
        if not self.compiled or not self.path:
            return
        codes = self.codes
        if len(codes) > self.limit:
            codes = {key: code for key, code in codes.items() if key in self.used}
        temporary = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            # Private to the user, like the schema's pickles: code read from here is run.
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            payload = marshal.dumps(codes)
            with os.fdopen(descriptor, "wb") as out:
                out.write(blake2b(payload, digest_size=DIGEST_SIZE).digest())
                out.write(payload)
            os.replace(temporary, self.path)
            self.compiled = 0
        except Exception:
            try:
                os.unlink(temporary)
            except OSError:
                pass


class PatternStore(CodeStore):
    """The programs `re` compiles patterns to: for each pattern text and flags, the arguments
    `_sre.compile` takes after the pattern (flags, code, groups, group names both ways)."""

    limit = 512
    """(Fewer than code objects: a pattern may differ in every process, such as the one
    markdown-it builds from a set of characters, and each one read back costs its bytes.)"""

    def accepts(self, value: object) -> bool:
        return (
            type(value) is tuple
            and len(value) == 5
            and type(value[0]) is int
            and type(value[1]) is list  # (of ints: `_sre.compile` checks the program itself)
            and type(value[2]) is int
            and type(value[3]) is dict
            and type(value[4]) is tuple
        )


STORES = {"dataclasses": CodeStore("dataclasses"), "lsp": CodeStore("lsp-types")}
"""pep-lsp's own classes (read by every command); lsprotocol's and its converters' (the server)."""
PATTERNS = PatternStore("re")
"""The regular expressions' programs (every command)."""


def _inherited(flags: int, dont_inherit: bool, depth: int) -> int:
    """The flags `compile` or `exec` called from the frame `depth` up would compile with."""
    if dont_inherit:
        return flags
    return flags | (sys._getframe(depth + 1).f_code.co_flags & FUTURE_FLAGS)


def _exec_for(store: CodeStore) -> Any:
    def cached_exec(source: Any, globals: Any = None, locals: Any = None, **options: Any) -> None:
        """`exec`, with a source string's code from the store. Without globals, the caller's
        scope, as `exec` does."""
        if globals is None:
            caller = sys._getframe(1)
            globals = caller.f_globals
            if locals is None:
                locals = caller.f_locals
        if type(source) is str:
            source = store.compile(source, "<string>", "exec", _inherited(0, False, 1), -1)
        exec(source, globals, locals, **options)

    return cached_exec


def _compile_for(store: CodeStore) -> Any:
    def cached_compile(
        source: Any,
        filename: Any,
        mode: str,
        flags: int = 0,
        dont_inherit: bool = False,
        optimize: int = -1,
        **options: Any,
    ) -> Any:
        """`compile`, with a source string's code from the store (anything else, such as an
        AST wanted back, compiled as asked)."""
        flags = _inherited(flags, dont_inherit, 1)
        if (
            type(source) is str
            and type(filename) is str
            and not options
            and not flags & ~FUTURE_FLAGS
        ):
            return store.compile(source, filename, mode, flags, optimize)
        return compile(source, filename, mode, flags, True, optimize, **options)

    return cached_compile


cached_exec = _exec_for(STORES["dataclasses"])
"""`exec` for `dataclasses`."""


def _route(module: ModuleType, name: str, replacement: Any) -> None:
    """Point the global `name` (a builtin) of `module` at `replacement`, unless something
    else already did."""
    if name not in vars(module):
        setattr(module, name, replacement)


def _defer_import(name: str) -> None:
    """Put a stand-in for the top-level module `name` into `sys.modules` (unless it is
    imported already) that imports the real module when one of its attributes is first read,
    and from then on holds all of the real one's.

    For `inspect`: `dataclasses` imports it (with `ast`, `dis` and `tokenize`: ~40 million
    instructions, a tenth of `pep-lsp check` on one file) only to write a signature into the
    docstring of a class that has none, and pep-lsp's classes have theirs. `importlib.util`'s
    `LazyLoader` cannot do this before Python 3.12: the `import` statement itself reads the
    module's `__spec__`, which loads it."""
    if name in sys.modules:
        return
    stand_in = ModuleType(name)

    def load_on_first_use(attribute: str) -> Any:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        real = __import__(name)
        vars(stand_in).update(vars(real))  # whoever imported the stand-in now reads these
        return getattr(real, attribute)

    stand_in.__getattr__ = load_on_first_use  # type: ignore[method-assign]
    sys.modules[name] = stand_in


def install() -> None:
    """The code `@dataclass` compiles and the programs of regular expressions, from the
    stores (once per process). Call it before anything imports `dataclasses`, which then
    imports `inspect` only if it is used (`_defer_import`)."""
    store = STORES["dataclasses"]
    if store.path:
        return
    _defer_import("inspect")
    install_patterns()  # first: `dataclasses` compiles a pattern as it is imported
    import dataclasses

    store.load()
    _route(dataclasses, "exec", cached_exec)
    _save_at_exit()


def _re_compiler() -> Any:
    """The module of `re`'s internal `compile(pattern, flags)`: `re._compiler`, `sre_compile`
    before 3.11 (None: laid out otherwise)."""
    import re

    return getattr(re, "_compiler", None) or sys.modules.get("sre_compile")


def _pattern_compiler_for(store: CodeStore, compiler: Any) -> Any:
    """`compiler.compile` (`_re_compiler`), with a text pattern's program from the store; None
    on an interpreter whose `re` is laid out otherwise than 3.10 to 3.13 (its patterns are
    compiled as before)."""
    import re

    parser = getattr(compiler, "_parser", None) or getattr(compiler, "sre_parse", None)
    engine = getattr(compiler, "_sre", None)
    if not (3, 10) <= sys.version_info[:2] <= (3, 13) or parser is None or engine is None:
        return None
    real, code_of, debug = compiler.compile, compiler._code, re.DEBUG

    def cached_pattern(pattern: Any, flags: int = 0) -> Any:
        """What `compile` returns; for a text pattern, built from its kept program (the
        steps of `compile` in these versions, its parse and code generation skipped)."""
        if type(pattern) is not str or flags & debug:
            return real(pattern, flags)
        digest = blake2b(f"{flags}\0".encode(), digest_size=20)
        digest.update(pattern.encode("utf-8", "surrogatepass"))
        key = digest.digest()
        args: tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]] | None
        args = store.codes.get(key)
        if args is None:
            parsed = parser.parse(pattern, flags)
            groupindex = dict(parsed.state.groupdict)
            indexgroup: list[str | None] = [None] * parsed.state.groups
            for name, index in groupindex.items():
                indexgroup[index] = name
            args = (
                flags | parsed.state.flags,
                [int(word) for word in code_of(parsed, flags)],  # (its opcodes: int subclasses)
                parsed.state.groups - 1,
                groupindex,
                tuple(indexgroup),
            )
            store.codes[key] = args
            store.compiled += 1
        try:
            compiled = engine.compile(pattern, *args)
        except Exception:  # a program `_sre` refuses (it validates every one): compile anew
            store.codes.pop(key, None)
            return real(pattern, flags)
        store.used.add(key)
        return compiled

    return cached_pattern


def install_patterns() -> None:
    """Regular expressions' programs from the store: `re.compile` (through its own cache
    first) reaches `re`'s internal compile, pointed here."""
    store = PATTERNS
    if store.path:
        return
    compiler = _re_compiler()
    replacement = _pattern_compiler_for(store, compiler)
    if replacement is None:
        return
    store.load()
    compiler.compile = replacement
    _save_at_exit()


def install_lsp() -> None:
    """The code attrs compiles for lsprotocol's classes and cattrs for its converters, from
    the store: call before importing lsprotocol."""
    store = STORES["lsp"]
    if store.path:
        return
    store.load()
    import importlib

    modules = []
    for name in ("attr._make", "cattrs.gen", "cattrs.gen.typeddicts"):
        try:  # where these versions of attrs and cattrs compile; another layout: compile as before
            modules.append(importlib.import_module(name))
        except ImportError:
            continue
    # Routed once all are imported: the few classes they define themselves hash with a
    # per-process seed written into their source, which no file could hold.
    replacement = _compile_for(store)
    for module in modules:
        _route(module, "compile", replacement)
    _save_at_exit()


_at_exit: list[bool] = []


def _save_at_exit() -> None:
    if not _at_exit:
        import atexit

        atexit.register(save)
        _at_exit.append(True)


def save() -> None:
    """Write what this process compiled."""
    for store in (*STORES.values(), PATTERNS):
        store.save()


def compiled_here() -> int:
    """How many sources this process compiled (the rest came from the stores' files)."""
    return sum(store.compiled for store in STORES.values())
