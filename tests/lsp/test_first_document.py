"""What the server does before answering `initialize` so that the first document costs what
any other does (`pep_lsp/lsp/server.py`, `prepare_first_document`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
from pep_lsp.cli import _load
_load(None)
from cattrs import gen
from pep_lsp.lsp import server
from pep_lsp.template import default_schema

server.prepare_first_document(server.server)
from pep_lsp.model.blocks import block_parser
print("markdown-it", "markdown_it" in sys.modules, block_parser.cache_info().currsize)
schema = default_schema()
remembered = {title for _, title in schema._found}
sections = [s for s in schema.checked_sections if not s.has_placeholder_title]
print("sections", all(s.title in remembered for s in sections))
built = []
for name in ("make_dict_structure_fn", "make_dict_unstructure_fn"):
    def spy(*args, _original=getattr(gen, name), **kwargs):
        built.append(args[0].__name__)
        return _original(*args, **kwargs)
    setattr(gen, name, spy)
protocol = server.server.protocol
for method, params in (
    ("initialized", {}),
    ("textDocument/didOpen", {"textDocument": {"uri": "file:///x.md", "languageId": "markdown", "version": 1, "text": "# T"}}),
):
    protocol.structure_message({"jsonrpc": "2.0", "method": method, "params": params})
from lsprotocol import types
params = types.ConfigurationParams(items=[types.ConfigurationItem(section="pepLsp")])
protocol._converter.unstructure(types.ConfigurationRequest(id="1", params=params))
print("converters built", built)
"""


def test_before_initialize_the_server_prepares_the_first_messages_sections_and_markdown_it(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "PEP_LSP_CACHE_DIR": str(tmp_path)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
        )
        for _ in range(2)  # the first derives the schema (with markdown-it) and stores it
    ]
    assert runs[1].returncode == 0, runs[1].stderr
    assert runs[1].stdout.split("\n") == [
        "markdown-it True 1",  # loaded, and the block parser built
        "sections True",
        "converters built []",
        "",
    ]


def test_the_sample_proposal_is_one_in_the_template_s_form_with_each_of_its_sections() -> None:
    from pep_lsp.engine.check import DEFAULT_SETTINGS, Checker
    from pep_lsp.lsp.server import sample_proposal
    from pep_lsp.model.document import Document
    from pep_lsp.template import default_schema

    schema = default_schema()
    model = Document(sample_proposal(schema), schema).model
    assert model.is_pep
    expected = [s for s in schema.checked_sections if not s.has_placeholder_title]
    assert [(section.title, section.spec) for section in model.sections] == [
        (spec.title, spec) for spec in expected
    ]
    codes = {finding.code for finding in Checker(DEFAULT_SETTINGS).run(model)}
    assert not codes & {"S101", "S102"}, codes  # no section missing, none unknown
