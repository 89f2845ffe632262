"""Which items of a sequence break an increasing order (the fewest that need to move)."""

from __future__ import annotations

from bisect import bisect_left


def out_of_order(keys: list[int]) -> list[int]:
    """Indexes of items outside a longest increasing run: the fewest moves that restore order."""
    if not keys:
        return []
    tails: list[int] = []
    tail_index: list[int] = []
    previous = [-1] * len(keys)
    for index, key in enumerate(keys):
        slot = bisect_left(tails, key)
        if slot == len(tails):
            tails.append(key)
            tail_index.append(index)
        else:
            tails[slot] = key
            tail_index[slot] = index
        previous[index] = tail_index[slot - 1] if slot else -1
    keep = set()
    index = tail_index[-1]
    while index != -1:
        keep.add(index)
        index = previous[index]
    return [i for i in range(len(keys)) if i not in keep]
