"""pep-lsp: a language server for PEP documents."""

__version__ = "0.1.0"
