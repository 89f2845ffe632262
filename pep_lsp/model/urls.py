"""The http(s) URLs written in a document, and where the broken ones are used: no network.

`engine/urlcheck.py` fetches them (for `check --check-urls` only); rule U101 reads its results
through `broken_uses`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from pep_lsp.model.model import Model
from pep_lsp.model.scan import code_spans
from pep_lsp.text import Span

# A URL ends at space, quotes, angle brackets or a backtick; parentheses only when balanced
# (`https://en.wikipedia.org/wiki/Foo_(bar)` inside `[x](...)`); trailing punctuation is prose.
_URL = re.compile(r"https?://(?:[^\s<>()\[\]\"'`]|\([^\s()<>]*\))+", re.I)
_TRAILING = ".,;:!?*_~"
_RESERVED_HOST = re.compile(r"(?:^|\.)(?:example\.(?:com|org|net)|example|invalid|test)$", re.I)


@dataclass(frozen=True)
class UrlUse:
    """An http(s) URL written in the document, and where."""

    url: str
    span: Span


def urls_in(model: Model) -> list[UrlUse]:
    """Every http(s) URL in the document outside fenced code and code spans, in order.
    The reserved example domains (RFC 2606: example.com, `.test`, `.invalid`) are left out:
    they never resolve, and L103 already reports the template's example links."""
    fenced = {line for fence in model.fences for line in range(fence.start, fence.end + 1)}
    found: list[UrlUse] = []
    for number, line in enumerate(model.lines):
        if number in fenced or "://" not in line:
            continue
        masked = line
        if "`" in line:  # code spans only: autolinks are links
            for start, end in code_spans(line):
                masked = masked[:start] + " " * (end - start) + masked[end:]
        for match in _URL.finditer(masked):
            url = match.group().rstrip(_TRAILING)
            host = urlsplit(url).hostname or ""
            if not host or _RESERVED_HOST.search(host):
                continue
            found.append(UrlUse(url, Span.on_line(number, match.start(), match.start() + len(url))))
    return found


def broken_uses(model: Model, results: Mapping[str, str]) -> Iterator[tuple[UrlUse, str]]:
    """Each place a broken URL appears, with why it is broken."""
    for use in urls_in(model):
        reason = results.get(use.url)
        if reason is not None:
            yield use, reason
