"""Editing features as pure functions over the model and the schema.

Each module takes a `Model` (and a position in code points, or findings) and returns plain
data; `pep_lsp/lsp/convert_features.py` turns that data into LSP types and the server only wires it.
Nothing in this package imports pygls or lsprotocol.
"""

TRIGGER_CHARACTERS = (":", " ", "#")
"""Completion triggers the server advertises: after `Field:`, after a space, and in `##`."""

FIX_ALL = "source.fixAll.pep-lsp"
SOURCE_PREFIX = "source.pep-lsp"
ADVERTISED_CODE_ACTION_KINDS = ("quickfix", "source", FIX_ALL, SOURCE_PREFIX)
