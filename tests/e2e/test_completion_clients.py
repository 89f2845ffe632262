"""Completion answers that leave the same line in VS Code and in Neovim's built-in client.

Neovim (0.11, 0.12) turns each item into one word inserted from the items' common start column up
to the cursor: a snippet's label, or a plain edit's text up to its first space. VS Code applies
the edit. Over stdio, for every item in the contexts an author meets, the cursor's line must come
out the same both ways; only a template placeholder's text after the cursor is left to
pep-lsp's Neovim plugin (tests/editors/test_nvim.py drives that with real keys).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.e2e.conftest import open_document
from tests.e2e.test_features import complete
from tests.lsp_snippets import snippet_text

pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.checks.LspSpecificationWarning")

HEAD = "# PEP 9100: Tidy logs\n\n```\nPEP: 9100\nTitle: Tidy logs\n"
TAIL = "```\n\n## Abstract\n\nWords.\n\n"

# (name, text, line (-1: the last), column in code points): the cursor is at the end of what is typed.
CONTEXTS = [
    ("value after a space", HEAD + "Status: \n" + TAIL, 5, 8),
    ("value right after the colon", HEAD + "Status:\n" + TAIL, 5, 7),
    ("value typed halfway", HEAD + "Type: Inf\n" + TAIL, 5, 9),
    ("field name typed halfway", HEAD + "Ver\n" + TAIL, 5, 3),
    ("field name on an empty line", HEAD + "\n" + TAIL, 5, 0),
    ("author after a comma", HEAD + "Author: Zoë Ng <zoe@corp.test>,\n" + TAIL, 5, 31),
    (
        "the author placeholder, cursor at its end",
        HEAD
        + "Author: [Author Name <email@domain.com>, Co-Author Name <email@domain.com>]\n"
        + TAIL,
        5,
        75,
    ),
    ("a date placeholder", HEAD + "Created: [DD-MM-YYYY]\n" + TAIL, 5, 21),
    ("only the hashes of a heading", HEAD + TAIL + "##", -1, 2),
    ("a heading typed halfway", HEAD + TAIL + "## Mot", -1, 6),
    ("a placeholder title", HEAD + TAIL + "## Alternatives Considered\n\n### ", -1, 4),
    ("an empty file", "", 0, 0),
]


def utf8_column(line: str, column: int) -> int:
    return len(line[:column].encode("utf-8"))


def to_client(line: str, column: int, encoding: str) -> int:
    """A code-point column in the client's units."""
    codec = {"utf-8": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}[encoding]
    width = {"utf-8": 1, "utf-16": 2, "utf-32": 4}[encoding]
    return len(line[:column].encode(codec)) // width


def from_client(line: str, character: int, encoding: str) -> int:
    codec = {"utf-8": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}[encoding]
    width = {"utf-8": 1, "utf-16": 2, "utf-32": 4}[encoding]
    return len(line.encode(codec)[: character * width].decode(codec))


def neovim_word(item: types.CompletionItem, new_text: str) -> str:
    """runtime/lua/vim/lsp/completion.lua, get_completion_word, for an item with a textEdit."""
    if item.insert_text_format == types.InsertTextFormat.Snippet:
        text = snippet_text(new_text)
        if len(text.encode()) < len(item.label.encode()):
            return re.match(r"[A-Za-z0-9_\u00c0-\u00ff]*", text).group()  # matchstr(text, '\k*')
        return item.label
    return re.match(r"\S*", new_text).group()


@pytest.mark.parametrize(("name", "text", "line", "column"), CONTEXTS, ids=[c[0] for c in CONTEXTS])
async def test_every_item_leaves_the_same_line_in_vscode_and_in_neovim(
    client: LanguageClient, name: str, text: str, line: int, column: int, tmp_path: Path
) -> None:
    encoding = client.encoding  # type: ignore[attr-defined]
    # The Author items come from git's identity: the document lives in a repository that has
    # one, whatever the machine's own configuration (a fresh machine has none).
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for key, value in (("user.name", "Ada Author"), ("user.email", "ada@example.org")):
        subprocess.run(["git", "-C", str(tmp_path), "config", key, value], check=True)
    uri = (tmp_path / f"clients-{abs(hash(name))}.md").as_uri()
    open_document(client, uri, text)
    lines = text.split("\n")
    line = line % len(lines)
    current = lines[line]
    result = await complete(client, uri, line, to_client(current, column, encoding))
    assert result.items, name
    edits = [item.text_edit for item in result.items]
    assert all(
        isinstance(edit, types.TextEdit) and edit.range.start.line == edit.range.end.line == line
        for edit in edits
    )
    starts = {edit.range.start.character for edit in edits}  # type: ignore[union-attr]
    assert len(starts) == 1, "Neovim replaces from the items' common start only"
    start = from_client(current, starts.pop(), encoding)
    for item in result.items:
        edit = item.text_edit
        assert isinstance(edit, types.TextEdit)
        end = from_client(current, edit.range.end.character, encoding)
        inserted = (
            snippet_text(edit.new_text)
            if item.insert_text_format == types.InsertTextFormat.Snippet
            else edit.new_text
        )
        vscode = (current[:start] + inserted + current[end:]).split("\n")[0]
        assert item.label == inserted.split("\n")[0], "the label reads as the line the item writes"
        if end > column:
            assert (
                item.filter_text == current[start:end]
            )  # a placeholder, replaced whole by the plugin
            continue
        assert end == column
        neovim = current[:start] + neovim_word(item, edit.new_text) + current[column:]
        assert neovim == vscode, (name, item.label)
