import sys

from pep_lsp.cli import main

sys.exit(main())
