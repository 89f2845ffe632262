"""stdin read by the event loop (pep_lsp/lsp/stdio.py): the same bytes pygls' reader gives, in
order, without a thread per read; anything that is not a pipe is left to pygls."""

from __future__ import annotations

import asyncio
import os
import tempfile

from pep_lsp.lsp.stdio import PipeReader, readable_by_the_loop

MESSAGE = b'{"jsonrpc":"2.0","method":"initialized","params":{}}'
FRAME = b"Content-Length: %d\r\n\r\n%s" % (len(MESSAGE), MESSAGE)


def test_messages_are_read_as_pygls_reads_them_and_earlier_work_runs_first() -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, FRAME * 2 + b"Content-Length: 99\r\n\r\n{trunc")
    os.close(write_end)

    async def run() -> list[object]:
        seen: list[object] = []
        with open(read_end, "rb", buffering=0) as stream:
            reader = PipeReader(stream)  # type: ignore[arg-type]
            for _ in range(2):
                seen.append(await reader.readline())
                seen.append(await reader.readline())
                asyncio.get_running_loop().call_soon(seen.append, "started before the body")
                seen.append(await reader.readexactly(len(MESSAGE)))
            seen.append(await reader.readline())
            seen.append(await reader.readline())
            seen.append(await reader.readexactly(99))  # the client went away mid-message
            seen.append(await reader.readline())  # end of input
        return seen

    header = b"Content-Length: %d\r\n" % len(MESSAGE)
    assert asyncio.run(run()) == [
        header,
        b"\r\n",
        "started before the body",
        MESSAGE,
        header,
        b"\r\n",
        "started before the body",
        MESSAGE,
        b"Content-Length: 99\r\n",
        b"\r\n",
        b"{trunc",
        b"",
    ]


def test_only_pipes_and_sockets_are_read_by_the_loop() -> None:
    read_end, write_end = os.pipe()
    with open(read_end, "rb") as pipe, tempfile.TemporaryFile() as file:
        assert readable_by_the_loop(pipe)
        assert not readable_by_the_loop(file)
    os.close(write_end)
