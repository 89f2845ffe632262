"""The code `@dataclass` compiles, kept on disk (pep_lsp/codecache.py): the same classes, and a
second process compiles nothing."""

from __future__ import annotations

import dataclasses
import marshal
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from types import CodeType
from typing import Any

import pytest

from pep_lsp import codecache
from tests.probes import run_probes

ROOT = Path(__file__).resolve().parent.parent

PROBE = (
    "import sys\n"
    "sys.argv = ['pep-lsp', 'rules']\n"
    "from pep_lsp.cli import entry\n"
    "from pep_lsp import codecache\n"
    "code = entry()\n"
    "print('compiled', codecache.compiled_here(), file=sys.stderr)\n"
    "codecache.save()\n"
    "sys.exit(code)\n"
)


def _run(cache: Path) -> tuple[str, int]:
    """`pep-lsp rules` through the entry point: its output and how many sources it compiled."""
    env = {**os.environ, "PEP_LSP_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    compiled = [line for line in done.stderr.splitlines() if line.startswith("compiled ")]
    return done.stdout, int(compiled[-1].split()[1])


def _point_class() -> type:
    @dataclasses.dataclass(frozen=True)
    class Point:
        """A frozen class with a default and a default factory: every method dataclasses writes."""

        x: int
        y: int = 2
        tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)

    return Point


def _methods(cls: type) -> dict[str, Any]:
    names = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__")
    found = {}
    for name in names:
        function = vars(cls)[name]
        function = getattr(function, "__wrapped__", function)  # __repr__ is wrapped
        code = function.__code__
        found[name] = (
            code.co_code,
            code.co_consts,
            code.co_names,
            code.co_varnames,
            code.co_freevars,
            function.__defaults__,
            function.__kwdefaults__,
            {key: str(value) for key, value in function.__annotations__.items()},
        )
    return found


def test_a_class_built_from_cached_code_is_the_class_dataclasses_builds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain = _point_class()
    monkeypatch.setattr(dataclasses, "exec", codecache.cached_exec, raising=False)
    before = codecache.compiled_here()
    first = _point_class()  # compiled, and kept
    assert codecache.compiled_here() > before
    after_first = codecache.compiled_here()
    cached = _point_class()  # every method from the kept code
    assert codecache.compiled_here() == after_first
    assert _methods(first) == _methods(plain) == _methods(cached)
    a, b = cached(1, tags=("t",)), cached(1, 2, ("t",))
    assert a == b and hash(a) == hash(b) and a != cached(2)
    assert repr(a) == repr(plain(1, tags=("t",)))
    assert repr(a).endswith("Point(x=1, y=2, tags=('t',))")
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.x = 3  # type: ignore[misc]
    assert cached(0).tags == ()


def test_a_second_process_compiles_nothing_and_prints_the_same(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, compiled_first = _run(cache)
    assert compiled_first > 100  # pep-lsp's classes: ~50, each with 4 to 6 methods
    stored = _payload(codecache_file(cache))
    assert isinstance(stored, dict) and len(stored) == compiled_first
    second, compiled_second = _run(cache)
    assert compiled_second == 0
    assert second == first and "L101" in first


SERVER_PROBE = (
    "import sys\n"
    "from pep_lsp import codecache\n"
    "codecache.install()\n"
    "from pep_lsp.cli import _load\n"
    "_load(None)\n"
    "from lsprotocol import types\n"
    "from pygls.protocol import default_converter\n"
    "params = default_converter().structure(\n"
    "    {'textDocument': {'uri': 'file:///a.md', 'languageId': 'markdown', 'version': 1,\n"
    "     'text': 'x'}}, types.DidOpenTextDocumentParams)\n"
    "print(repr(params))\n"
    "print('compiled', codecache.compiled_here(), file=sys.stderr)\n"
)


def test_a_second_server_builds_lsprotocol_and_its_converters_from_kept_code(
    tmp_path: Path,
) -> None:
    runs = run_probes(SERVER_PROBE, cache=tmp_path / "cache", times=2)
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr
    compiled = [int(run.stderr.split("compiled ")[-1]) for run in runs]
    assert compiled[0] > 500  # lsprotocol's classes, pep-lsp's, the converter for didOpen
    assert compiled[1] == 0
    assert runs[0].stdout == runs[1].stdout
    assert "DidOpenTextDocumentParams(text_document=TextDocumentItem(uri='file:///a.md'" in (
        runs[1].stdout
    )


def test_cached_compile_compiles_as_compile_does_with_the_callers_future_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This module has `from __future__ import annotations`: compile inherits it, so the
    annotation stays a string; `dont_inherit` evaluates it."""
    monkeypatch.setenv("PEP_LSP_CACHE_DIR", str(tmp_path))
    cached_compile = codecache._compile_for(codecache.CodeStore("test"))
    source = "def f(x: int) -> None:\n    return x\n"
    for dont_inherit in (False, True):
        expected = compile(source, "<f>", "exec", 0, dont_inherit)
        got = cached_compile(source, "<f>", "exec", 0, dont_inherit)
        again = cached_compile(source, "<f>", "exec", 0, dont_inherit)
        assert again is got
        assert _shape(got) == _shape(expected)
        namespace: dict[str, Any] = {}
        exec(got, namespace)
        assert namespace["f"].__annotations__ == (
            {"x": "int", "return": "None"} if not dont_inherit else {"x": int, "return": None}
        )
    import ast

    tree = cached_compile(source, "<f>", "exec", ast.PyCF_ONLY_AST)  # not code: compiled as asked
    assert isinstance(tree, ast.Module)


def _shape(code: CodeType) -> tuple[object, ...]:
    return (
        code.co_code,
        code.co_flags,
        code.co_names,
        tuple(_shape(c) if isinstance(c, CodeType) else c for c in code.co_consts),
    )


def test_an_unreadable_file_only_means_compiling_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    codecache_file(cache).write_bytes(b"not marshal at all")
    output, compiled = _run(cache)
    assert compiled > 100 and "L101" in output
    assert isinstance(_payload(codecache_file(cache)), dict)


def test_a_file_changed_in_the_middle_is_never_read(tmp_path: Path) -> None:
    """marshal trusts its input: a damaged file would give code that runs wrong, or crashes
    the interpreter. Its digest no longer matches, so it is compiled again (and rewritten)."""
    cache = tmp_path / "cache"
    _run(cache)
    file = codecache_file(cache)
    data = bytearray(file.read_bytes())
    middle = len(data) // 2
    data[middle] ^= 0xFF
    file.write_bytes(bytes(data))
    output, compiled = _run(cache)
    assert compiled > 100 and "L101" in output
    assert isinstance(_payload(file), dict)


def test_cached_exec_takes_globals_and_locals_as_exec_does() -> None:
    scope: dict[str, object] = {}
    codecache.cached_exec("x = 1", scope)
    codecache.cached_exec("y = x + 1", globals=scope, locals=scope)
    assert scope["y"] == 2


def _payload(file: Path) -> object:
    data = file.read_bytes()
    digest, payload = data[: codecache.DIGEST_SIZE], data[codecache.DIGEST_SIZE :]
    assert digest == codecache.blake2b(payload, digest_size=codecache.DIGEST_SIZE).digest()
    return marshal.loads(payload)


def codecache_file(cache: Path) -> Path:
    tag = sys.implementation.cache_tag or sys.implementation.name
    return cache / f"dataclasses-{tag}-{sys.hexversion:x}.marshal"


def test_the_cache_folder_never_lands_in_the_working_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A relative `$XDG_CACHE_HOME` is ignored (the XDG spec), and with no home folder at all
    (`~` unresolved) the cache goes under the temporary folder, not into the working folder."""
    monkeypatch.delenv("PEP_LSP_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert codecache.cache_dir() == tmp_path / ".cache" / "pep-lsp"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert codecache.cache_dir() == tmp_path / "xdg" / "pep-lsp"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(codecache.os.path, "expanduser", lambda path: path)
    folder = codecache.cache_dir()
    assert folder.is_absolute()
    assert folder.parent == Path(tempfile.gettempdir())
    assert folder.name.startswith("pep-lsp-cache-")


def test_checked_urls_are_kept_in_the_same_cache_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from pep_lsp.engine.urlcheck import default_cache_dir

    monkeypatch.setenv("PEP_LSP_CACHE_DIR", str(tmp_path))
    assert default_cache_dir() == tmp_path


PATTERN_PROBE = (
    "import io, re, sys, contextlib\n"
    "sys.argv = ['pep-lsp', 'check', sys.argv[1]]\n"
    "from pep_lsp import codecache\n"
    "from pep_lsp.cli import entry\n"
    "parsed = []\n"
    "real_parse = re._compiler._parser.parse if hasattr(re, '_compiler') else None\n"
    "if real_parse is not None:\n"
    "    def counted(*args, **kwargs):\n"
    "        parsed.append(args[0])\n"
    "        return real_parse(*args, **kwargs)\n"
    "    re._compiler._parser.parse = counted\n"
    "code = entry()\n"
    "print('patterns', codecache.PATTERNS.compiled, len(codecache.PATTERNS.used), file=sys.stderr)\n"
    "print('parsed', len([p for p in parsed if isinstance(p, str)]), file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def test_a_second_check_builds_its_regular_expressions_from_kept_programs(
    tmp_path: Path,
) -> None:
    """The first `check` parses and compiles its patterns and keeps their programs (and
    derives the schema); the second reads the schema back (its patterns, compiled with their
    flags, are kept too); the third parses none, every pattern built from its kept program,
    and all report the same."""
    document = tmp_path / "pep-0001.md"
    document.write_text((ROOT / "tests/fixtures/complete.md").read_text(encoding="utf-8"))
    runs = run_probes(PATTERN_PROBE, str(document), cache=tmp_path / "cache", times=3)
    assert [run.returncode for run in runs] == [1, 1, 1], runs[0].stderr  # (it has findings)
    counts = [
        {line.split()[0]: line.split()[1:] for line in run.stderr.splitlines()} for run in runs
    ]
    compiled, used = map(int, counts[0]["patterns"])
    assert compiled > 50 and used >= compiled  # pep-lsp's patterns, compiled and kept
    # None compiled but at most one: markdown-it, when a document needs it, builds a pattern
    # from a set of characters, in another order in every process.
    assert int(counts[2]["patterns"][0]) <= 1
    assert counts[2]["patterns"][1] == counts[1]["patterns"][1]
    if sys.version_info >= (3, 11):  # (`re._compiler`: where 3.11 and later parse)
        assert int(counts[0]["parsed"][0]) >= compiled and int(counts[2]["parsed"][0]) <= 1
    assert runs[2].stdout == runs[1].stdout == runs[0].stdout and "X105" in runs[0].stdout


@pytest.mark.parametrize(
    ("pattern", "flags", "texts"),
    [
        (r"(?P<year>\d{4})-(\d\d)(?:-(?P<day>\d\d))?", 0, ["2024-05-17", "x 1999-12 y", "none"]),
        (r"^\s*#+\s+(.*?)\s*$", re.MULTILINE, ["## Title \n# Two", "no heading"]),
        (r"(?i)pep[ -]?(\d+)", 0, ["See PEP 8 and pep-20", "PEP"]),
        (r"[^\W_]+(?:['’-][^\W_]+)*", 0, ["don't stop-here ünïcode_x"]),
        (r"a.b", re.DOTALL | re.IGNORECASE, ["A\nB", "axb", "ab"]),
    ],
)
def test_a_pattern_built_from_its_kept_program_is_the_pattern_re_compiles(
    pattern: str, flags: int, texts: list[str]
) -> None:
    import re as re_module

    compile_cached = codecache._pattern_compiler_for(
        codecache.PatternStore("test"), codecache._re_compiler()
    )
    assert compile_cached is not None  # (3.10 to 3.13; a later `re` needs a look first)
    plain = re_module.compile(pattern, flags)
    first = compile_cached(pattern, flags)  # compiled, and its program kept
    kept = compile_cached(pattern, flags)  # built from the kept program
    for built in (first, kept):
        assert built is not plain
        assert (built.pattern, built.flags, built.groups, dict(built.groupindex)) == (
            plain.pattern,
            plain.flags,
            plain.groups,
            dict(plain.groupindex),
        )
        for text in texts:
            assert [m.span() for m in built.finditer(text)] == [
                m.span() for m in plain.finditer(text)
            ]
            assert [m.groupdict() for m in built.finditer(text)] == [
                m.groupdict() for m in plain.finditer(text)
            ]
            assert built.sub("<\\g<0>>", text) == plain.sub("<\\g<0>>", text)


def test_a_deferred_module_is_imported_on_first_use_and_then_read_directly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`_defer_import` (how `install` keeps `dataclasses` from importing `inspect`): importing
    the name runs nothing; the first attribute read imports the real module once, and whoever
    imported the stand-in then reads the real module's attributes."""
    (tmp_path / "deferred_probe.py").write_text(
        "import sys\nsys.deferred_probe_runs = getattr(sys, 'deferred_probe_runs', 0) + 1\n"
        "def answer():\n    return 42\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "deferred_probe", raising=False)
    try:
        codecache._defer_import("deferred_probe")
        import deferred_probe  # type: ignore[import-not-found]

        assert getattr(sys, "deferred_probe_runs", 0) == 0
        assert deferred_probe.answer() == 42  # the first use imports it
        assert sys.deferred_probe_runs == 1  # type: ignore[attr-defined]
        real = sys.modules["deferred_probe"]
        assert real is not deferred_probe and real.__file__ == str(tmp_path / "deferred_probe.py")
        assert deferred_probe.answer is real.answer
        assert sys.deferred_probe_runs == 1  # type: ignore[attr-defined]
        with pytest.raises(AttributeError):
            deferred_probe.missing  # noqa: B018
    finally:
        sys.modules.pop("deferred_probe", None)
        if hasattr(sys, "deferred_probe_runs"):
            del sys.deferred_probe_runs
