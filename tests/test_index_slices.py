"""The workspace index is built in slices of about a millisecond: an edit arriving meanwhile
waits for one slice, not for a batch of files (issue 15: 173 ms keystrokes while indexing)."""

from __future__ import annotations

import asyncio

from pep_lsp.lsp.workspace_server import SLICE_SECONDS, sliced


def test_the_loop_is_given_back_whenever_a_slice_of_work_has_run_out() -> None:
    now = [0.0]

    def clock() -> float:
        return now[0]

    async def run() -> list[object]:
        order: list[object] = []

        async def edits() -> None:
            for _ in range(10):
                order.append("edit")
                await asyncio.sleep(0)

        task = asyncio.create_task(edits())
        await asyncio.sleep(0)  # the first edit is waiting before the build starts
        async for item in sliced(range(7), 0.001, clock):
            order.append(item)
            now[0] += 0.0004  # each file takes 0.4 ms: a slice holds three
        task.cancel()
        return order

    order = asyncio.run(run())
    assert order == ["edit", 0, 1, 2, "edit", 3, 4, 5, "edit", 6]
    assert SLICE_SECONDS <= 0.001  # what the build uses
