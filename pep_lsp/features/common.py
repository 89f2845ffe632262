"""Small helpers the features share: clamping positions, headers, section bodies."""

from __future__ import annotations

import re

from pep_lsp.model.blocks import Fence
from pep_lsp.model.model import Model
from pep_lsp.template import HEADER_LINE, SectionSpec
from pep_lsp.text import Pos, clamp_to_lines

_PARTIAL_FIELD = re.compile(r"^\s*[A-Za-z][A-Za-z0-9 _-]*$")


def clamp(model: Model, pos: Pos) -> Pos:
    """A position inside the model's text: requests may name lines or columns past the end."""
    return clamp_to_lines(model.lines, pos)


def header_fence(model: Model) -> Fence | None:
    """The header's fence, or while a header is being typed, the first fence before any
    section holding only `Field: value` lines and bare words (no known field yet)."""
    if model.header is not None:
        return model.header.fence
    first_section = next((h.line for h in model.headings if h.level >= 2), len(model.lines))
    fence = model.fences[0] if model.fences else None
    if fence is None or fence.start >= first_section:
        return None
    body = range(fence.start + 1, fence.end if fence.closed else fence.end + 1)
    if all(
        not model.lines[i].strip()
        or HEADER_LINE.match(model.lines[i])
        or _PARTIAL_FIELD.match(model.lines[i])
        for i in body
    ):
        return fence
    return None


def inside_fence_body(fence: Fence, line: int) -> bool:
    """Between the fence lines (an unclosed fence runs to its last line)."""
    return fence.start < line < fence.end or (
        not fence.closed and line == fence.end and line > fence.start
    )


def priority_label(spec: SectionSpec) -> str | None:
    """The section's level in the template's priority list, as the template writes it
    ('Essential'); subsections have their own level or none."""
    return spec.priority.title() if spec.priority else None
