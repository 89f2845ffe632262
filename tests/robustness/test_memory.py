"""Opening, editing and closing 1,000 documents returns the server to within 10% of its starting RSS:
closed documents, their cached blocks and their models are not kept.

Memory only, measured in the server process from /proc/PID/status; no timing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lsprotocol import types

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


def document(index: int) -> str:
    """Distinct texts (so no block cache could be shared between them), PEP-sized."""
    base = (COMPLETE, DRAFT, TEMPLATE)[index % 3]
    return base.replace(
        "## Abstract", f"## Abstract\n\nDocument number {index} of the memory check.", 1
    )


EDITS = 4
"""Each document is also edited: an editor sends a didChange per keystroke, and before the
fix each notification leaked a future (see tests/regressions/test_notification_futures_are_released.py)."""


def open_and_close(server: ServerSession, first: int, last: int) -> None:
    typing = types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(0, 0), types.Position(0, 0)), text="x"
    )
    for start in range(first, last, BATCH):
        uris = [f"file:///memory/{index}.md" for index in range(start, min(start + BATCH, last))]
        for index, uri in zip(range(start, last), uris):
            server.open(uri, document(index))
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
        # Warm up: imports, the parser, the schema and allocator arenas reach their steady size.
        open_and_close(server, -100, 0)
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
