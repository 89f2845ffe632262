import sys

from pep_lsp.cli import entry

sys.exit(entry())
