"""Serving LSP on stdin/stdout, with stdin read by the event loop itself.

pygls reads stdin through its thread pool, one hop for every header line and one for every
body: three to four thread round trips per message, which on a keystroke cost about as much
as everything the server does with it. When stdin is a pipe or a socket (as every editor
starts a language server), the event loop reads it directly instead (`connect_read_pipe`):
no thread, the same messages in the same order through pygls' own message loop. Anything
else (a terminal, a file, Windows) is left to pygls. The one private pygls name it sets,
the server's `_stop_event`, is listed in `protocol.PYGLS_PRIVATE_NAMES`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import stat
import sys
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from pygls.lsp.server import LanguageServer

logger = logging.getLogger(__name__)


class PipeReader:
    """pygls' async reader interface (`readline`, `readexactly`) over a pipe the event loop
    watches: a line or a body already received is returned without waiting."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.buffered: asyncio.StreamReader | None = None

    async def connected(self) -> asyncio.StreamReader:
        if self.buffered is None:
            loop = asyncio.get_running_loop()
            reader = asyncio.StreamReader(limit=1 << 20)
            await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), self.stream)
            self.buffered = reader
        return self.buffered

    async def readline(self) -> bytes:
        reader = await self.connected()
        try:
            return await reader.readline()
        except ValueError:  # a header line longer than the limit: not LSP; end as on EOF
            logger.error("pep-lsp: a header line too long to be a header; stopping")
            return b""

    async def readexactly(self, n: int) -> bytes:
        reader = await self.connected()
        try:
            body = await reader.readexactly(n)
        except asyncio.IncompleteReadError as error:  # the client went away mid-message
            return error.partial
        # Let what earlier messages started run first, as when each read came back through
        # the loop (a coroutine handler of `initialized` before the `didOpen` queued behind it).
        await asyncio.sleep(0)
        return body


def readable_by_the_loop(stream: BinaryIO) -> bool:
    """A pipe or a socket on a POSIX system: what `connect_read_pipe` reads without changing
    anything a terminal or a file would notice."""
    if os.name != "posix":
        return False
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def serve_stdio(server: LanguageServer) -> None:
    """`server.start_io()`, with stdin read by the event loop when it is a pipe or a socket
    (pygls' `_start_io_async`, but for the reader)."""
    from threading import Event

    from pygls.io_ import StdoutWriter, run_async

    stdin = sys.stdin.buffer
    if not readable_by_the_loop(stdin):
        server.start_io()
        return
    server._stop_event = Event()
    server.protocol.set_writer(StdoutWriter(sys.stdout.buffer))
    try:
        asyncio.run(
            run_async(
                stop_event=server._stop_event,
                reader=PipeReader(stdin),
                protocol=server.protocol,
                logger=logging.getLogger("pygls.server"),
                error_handler=server.report_server_error,
            )
        )
    except BrokenPipeError:
        logger.error("Connection to the client is lost! Shutting down the server.")
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()  # type: ignore[no-untyped-call]
