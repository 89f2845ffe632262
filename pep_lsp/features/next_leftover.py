"""Walking the template's blanks: the next or previous leftover an author still has to replace.

The targets are the model's leftover facts of kind instruction (a run of italic instruction
lines) and placeholder (`[bracketed]`, header values included), outside the Author
Instructions section (that checklist is one L105 finding, not blanks to fill). Information
signs and other findings are not stops. The walk wraps around the document's ends.
"""

from __future__ import annotations

from pep_lsp.model.model import Model
from pep_lsp.text import Pos, Span

STOPS = ("instruction", "placeholder")


def leftover_stops(model: Model) -> list[Span]:
    """Where the walk stops, in document order."""
    if not model.is_pep:
        return []
    stops = []
    for item in model.leftovers:
        if item.kind not in STOPS:
            continue
        section = model.section_at(item.span.start.line)
        inside_instructions = False
        while section is not None:
            if section.spec is not None and section.spec.is_author_instructions:
                inside_instructions = True
                break
            section = section.parent
        if not inside_instructions:
            stops.append(item.span)
    return sorted(stops)


def next_leftover(model: Model, position: Pos, backward: bool = False) -> Span | None:
    """The first stop starting after `position` (before it when `backward`), wrapping around;
    None when the document has no stop."""
    stops = leftover_stops(model)
    if not stops:
        return None
    if backward:
        earlier = [span for span in stops if span.start < position]
        return earlier[-1] if earlier else stops[-1]
    later = [span for span in stops if span.start > position]
    return later[0] if later else stops[0]
