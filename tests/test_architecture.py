"""The import direction of the package: a Python stand-in for a compile order.

Every module of `pep_lsp` belongs to one layer of `LAYERS`; a module may import only from its own
layer or the layers above it in the list (lower in the stack). The two edges (`lsp`, `cli`) sit
side by side at the top and never import each other. Imports are read with `ast`, including those
inside functions and under `TYPE_CHECKING`, so a lazy import cannot hide a wrong direction, and
no two modules may import each other at run time, directly or round a longer loop.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pep_lsp"

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "base",
        (
            "pep_lsp",
            "pep_lsp.text",
            "pep_lsp.findings",
            "pep_lsp.edits",
            "pep_lsp.kinds",
            "pep_lsp.spelling",
            "pep_lsp.codecache",
        ),
    ),
    ("schema", ("pep_lsp.template", "pep_lsp.schema", "pep_lsp.schema_cache")),
    ("model", ("pep_lsp.model",)),
    ("workspace", ("pep_lsp.workspace",)),
    ("rules", ("pep_lsp.rules",)),
    ("engine", ("pep_lsp.engine",)),
    ("config", ("pep_lsp.config",)),
    ("features", ("pep_lsp.features",)),
    ("lsp edge", ("pep_lsp.lsp",)),
    ("cli edge", ("pep_lsp.cli", "pep_lsp.__main__")),
)
"""The layers, lowest first; each names the modules (and packages, with everything inside) it holds."""

EDGES = ("lsp edge", "cli edge")
"""The layers at the top that stand side by side: neither may import the other."""

ALLOWED = {
    ("pep_lsp.cli", "pep_lsp.lsp.server"): "`pep-lsp` with no command serves LSP, and the "
    "console script is `pep_lsp.cli:entry`: the entry point starts the server (lazily)",
}
"""The one import across the edges, with its reason."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int | None:
    """The index in LAYERS of the layer holding `module` (the longest matching prefix wins)."""
    best: tuple[int, int] | None = None  # (length of the prefix, layer)
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                if prefix == "pep_lsp" and module != "pep_lsp":
                    continue  # the package itself is base; its modules are placed one by one
                if best is None or len(prefix) > best[0]:
                    best = (len(prefix), index)
    return None if best is None else best[1]


def typing_only(tree: ast.AST) -> set[int]:
    """The ids of the import nodes under `if TYPE_CHECKING:` (read by type checkers only)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            found.update(id(inner) for part in node.body for inner in ast.walk(part))
    return found


def imports_of(module: str, runtime_only: bool = False) -> set[str]:
    """The pep_lsp modules `module` imports anywhere in its source (with `runtime_only`, not
    counting those under `if TYPE_CHECKING:`)."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    skipped = typing_only(tree) if runtime_only else set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in MODULES else base)
    return {name for name in found if name in MODULES and name != module}


GRAPH = {module: imports_of(module) for module in MODULES}
"""Every import, for the direction: a type annotation is a dependency too."""
RUNTIME_GRAPH = {module: imports_of(module, runtime_only=True) for module in MODULES}
"""The imports that run, for cycles: two modules may name each other's types under
`if TYPE_CHECKING:` (the server and its workspace half do), but never import each other."""


def test_every_module_is_in_a_layer() -> None:
    assert [module for module in MODULES if layer_of(module) is None] == []


def test_every_layer_names_existing_modules() -> None:
    """A layer entry that matches nothing is a stale name (the package moved on)."""
    stale = [
        prefix
        for _, prefixes in LAYERS
        for prefix in prefixes
        if not any(m == prefix or m.startswith(prefix + ".") for m in MODULES)
    ]
    assert stale == []


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    wrong = []
    for module, targets in sorted(graph.items()):
        here = layer_of(module)
        for target in sorted(targets):
            there = layer_of(target)
            if here is None or there is None:
                continue
            names = (LAYERS[here][0], LAYERS[there][0])
            across = names[0] != names[1] and set(names) <= set(EDGES)
            if (there > here or across) and (module, target) not in ALLOWED:
                wrong.append(f"{module} ({names[0]}) imports {target} ({names[1]})")
    return wrong


def test_imports_go_down_the_layers() -> None:
    assert upward_imports(GRAPH) == []


def test_the_allowed_crossings_are_real() -> None:
    """An allowance nobody needs any more is removed, not kept as a loophole."""
    assert [pair for pair in ALLOWED if pair[1] not in GRAPH.get(pair[0], set())] == []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_no_import_cycles() -> None:
    assert cycles(RUNTIME_GRAPH) == []


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"pep_lsp.text": {"pep_lsp.model.document"}}, ["pep_lsp.text (base) imports"]),
        ({"pep_lsp.lsp.server": {"pep_lsp.cli"}}, ["pep_lsp.lsp.server (lsp edge) imports"]),
        ({"pep_lsp.cli.check": {"pep_lsp.lsp.convert"}}, ["pep_lsp.cli.check (cli edge) imports"]),
        ({"pep_lsp.lsp.server": {"pep_lsp.features.hover", "pep_lsp.text"}}, []),
    ],
)
def test_the_direction_check_catches_a_wrong_import(
    graph: dict[str, set[str]], expected: list[str]
) -> None:
    """The checker itself: an upward import and an import across the edges are caught."""
    assert [
        line.partition(" imports")[0] + " imports" for line in upward_imports(graph)
    ] == expected


def test_the_cycle_check_catches_a_loop() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_imports_inside_functions_are_read() -> None:
    """`imports_of` sees lazy imports: the server imports the checker only inside a function."""
    source = MODULES["pep_lsp.lsp.server"].read_text(encoding="utf-8")
    assert "    from pep_lsp.engine.check import Checker" in source
    assert "pep_lsp.engine.check" in GRAPH["pep_lsp.lsp.server"]


PRIVATE_IMPORTS_LEFT = {
    (
        "pep_lsp.cli.index",
        "pep_lsp.template",
        "_bundled_text",
    ),  # template.py: the templates helper's
}
"""Private names still imported across modules, in files other work owns: no new ones."""


def private_imports() -> set[tuple[str, str, str]]:
    """(importer, module, name) for each `_name` one pep_lsp module imports from another."""
    found = set()
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pep_lsp"):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        found.add((module, node.module or "", alias.name))
    return found


def test_no_private_name_is_imported_across_modules() -> None:
    """A name another module needs is public: `_run_rule` was imported by lifecycle.py."""
    assert sorted(private_imports() - PRIVATE_IMPORTS_LEFT) == []
    assert sorted(PRIVATE_IMPORTS_LEFT - private_imports()) == []  # fixed ones leave the list


def test_typing_only_imports_are_told_apart() -> None:
    """The workspace half of the server names the server's type for annotations only."""
    assert "pep_lsp.lsp.server" in GRAPH["pep_lsp.lsp.workspace_server"]
    assert "pep_lsp.lsp.server" not in RUNTIME_GRAPH["pep_lsp.lsp.workspace_server"]


def _named(text: str, module: Path) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(module.stem)}(\.py)?\b", text) is not None


def test_developers_md_and_the_readme_name_every_module() -> None:
    """Issue 13: a newcomer finds every module from DEVELOPERS.md and the README's "How it is
    built" (a module added without a line there fails here)."""
    modules = sorted(
        p for p in PACKAGE.rglob("*.py") if p.name not in ("__init__.py", "__main__.py")
    )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    built = readme[readme.index("## How it is built") : readme.index("## Speed and robustness")]
    developers = (ROOT / "DEVELOPERS.md").read_text(encoding="utf-8")
    missing = {
        name: [str(m.relative_to(ROOT)) for m in modules if not _named(text, m)]
        for name, text in (("README.md", built), ("DEVELOPERS.md", developers))
    }
    assert missing == {"README.md": [], "DEVELOPERS.md": []}
