"""The text an LSP client inserts for a snippet, computed independently of the server."""

from __future__ import annotations

import re


def snippet_text(snippet: str) -> str:
    """What a client inserts for an LSP snippet with nothing typed: placeholders' defaults, a
    choice's first value, a bare `$n` mirroring placeholder n, escapes resolved (the grammar
    pep-lsp's snippets use)."""
    defaults: dict[str, str] = {}
    marker = "\0{}\0"

    def parse(at: int, stop: str) -> tuple[str, int]:
        out = []
        while at < len(snippet) and snippet[at] not in stop:
            char = snippet[at]
            if char == "\\" and at + 1 < len(snippet):
                out.append(snippet[at + 1])
                at += 2
            elif char == "$" and (plain := re.match(r"\$(?:(\d+)|\{(\d+)\})", snippet[at:])):
                out.append(marker.format(plain.group(1) or plain.group(2)))
                at += plain.end()
            elif char == "$" and (default := re.match(r"\$\{(\d+):", snippet[at:])):
                text, at = parse(at + default.end(), "}")
                defaults[default.group(1)] = text
                out.append(text)
                at += 1
            elif char == "$" and (choice := re.match(r"\$\{(\d+)\|", snippet[at:])):
                first, at = parse(at + choice.end(), ",|")
                defaults[choice.group(1)] = first
                out.append(first)
                at = snippet.index("|}", at) + 2
            else:
                out.append(char)
                at += 1
        return "".join(out), at

    text = parse(0, "")[0]
    return re.sub("\0(\\d+)\0", lambda m: defaults.get(m.group(1), ""), text)
