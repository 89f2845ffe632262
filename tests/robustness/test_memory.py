"""Opening, editing and closing 1,000 documents returns the server to within 10% of its starting RSS:
closed documents, their cached blocks and their models are not kept.

Memory only, measured in the server process from /proc/PID/status; no timing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lsprotocol import types

from pep_lsp.model.document import MAX_SHARED_BLOCKS
from tests.robustness.report import count
from tests.robustness.session import ServerSession
from tests.robustness.strategies import COMPLETE, DRAFT, TEMPLATE

DOCUMENTS = 1_000
BATCH = 50


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for {pid}")


def document(index: int, paragraphs: int = 1) -> str:
    """Distinct texts (so no block cache could be shared between them), PEP-sized, with
    `paragraphs` blocks of their own."""
    base = (COMPLETE, DRAFT, TEMPLATE)[index % 3]
    own = "\n\n".join(
        f"Document number {index} of the memory check, paragraph {n}." for n in range(paragraphs)
    )
    return base.replace("## Abstract", f"## Abstract\n\n{own}", 1)


WARM_UP = 100
WARM_UP_PARAGRAPHS = MAX_SHARED_BLOCKS // WARM_UP + 1
"""The warm-up fills the table of blocks shared across documents (bounded, emptied when
full) once: without that, filling it is growth the measured documents would be blamed for."""


EDITS = 4
"""Each document is also edited: an editor sends a didChange per keystroke, and before the
fix each notification leaked a future (see tests/regressions/test_notification_futures_are_released.py)."""


def open_and_close(server: ServerSession, first: int, last: int, paragraphs: int = 1) -> None:
    typing = types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(0, 0), types.Position(0, 0)), text="x"
    )
    for start in range(first, last, BATCH):
        uris = [f"file:///memory/{index}.md" for index in range(start, min(start + BATCH, last))]
        for index, uri in zip(range(start, last), uris):
            server.open(uri, document(index, paragraphs))
            for version in range(2, 2 + EDITS):
                server.change(uri, version, [typing])
        for uri in uris:
            server.diagnostics(uri, 1 + EDITS)  # analysed, published
        for uri in uris:
            server.close_document(uri)
        for uri in uris:
            server.diagnostics(uri, None)  # closed: the empty publish
    server.ping()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/PID/status")
def test_opening_and_closing_a_thousand_documents_returns_to_the_starting_rss() -> None:
    server = ServerSession()
    try:
        # Warm up: imports, the parser, the schema, the shared block table and allocator
        # arenas reach their steady size.
        open_and_close(server, -WARM_UP, 0, WARM_UP_PARAGRAPHS)
        start = rss_kib(server.pid)
        open_and_close(server, 0, DOCUMENTS)
        end = rss_kib(server.pid)
        count("memory: documents opened and closed", DOCUMENTS)
        print(f"server RSS: {start} KiB after warm-up, {end} KiB after {DOCUMENTS} documents")
        assert end <= start * 1.10, (
            f"RSS grew from {start} KiB to {end} KiB ({(end - start) / start:+.1%})"
        )
    finally:
        server.close()
