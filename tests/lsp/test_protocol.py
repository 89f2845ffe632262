"""The private pygls names pep-lsp relies on: listed in one place, and still there."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import Any

import pytest
from pygls.lsp.server import LanguageServer
from pygls.workspace import Workspace

from pep_lsp.lsp.protocol import PYGLS_PRIVATE_NAMES

LSP_PACKAGE = Path(__file__).resolve().parents[2] / "pep_lsp" / "lsp"


def pygls_objects() -> dict[str, Any]:
    """A live instance of each class the list names (instance attributes are set in __init__)."""
    server = LanguageServer("pep-lsp-test", "0")
    return {
        "pygls.protocol.LanguageServerProtocol": server.protocol,
        "pygls.lsp.server.LanguageServer": server,
        "pygls.workspace.Workspace": Workspace(None),
    }


def owner_class(dotted: str) -> type:
    module, _, name = dotted.rpartition(".")
    owner = getattr(importlib.import_module(module), name)
    assert isinstance(owner, type)
    return owner


@pytest.mark.parametrize(
    ("owner", "name"),
    [(owner, name) for owner, names in PYGLS_PRIVATE_NAMES.items() for name in names],
)
def test_each_private_pygls_name_exists(owner: str, name: str) -> None:
    instance = pygls_objects()[owner]
    assert isinstance(instance, owner_class(owner))
    assert hasattr(instance, name), f"pygls no longer has {owner}.{name}"


def private_names_used() -> set[str]:
    """`_name` attributes read, and `_name` methods defined, anywhere in pep_lsp/lsp/."""
    used: set[str] = set()
    for path in LSP_PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = None
            if isinstance(node, ast.Attribute):
                name = node.attr
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                name = node.name
            if name and name.startswith("_") and not name.startswith("__"):
                used.add(name)
    return used


def test_every_private_pygls_name_used_is_listed() -> None:
    """A `_name` used in pep_lsp/lsp/ that a pygls object has must be in PYGLS_PRIVATE_NAMES
    (our own private names are not pygls'; a name both have would be listed, to be safe)."""
    pygls_private = {
        name for instance in pygls_objects().values() for name in dir(instance) if name[:1] == "_"
    }
    listed = {name for names in PYGLS_PRIVATE_NAMES.values() for name in names}
    assert sorted((private_names_used() & pygls_private) - listed) == []
    assert sorted(listed - private_names_used()) == []
