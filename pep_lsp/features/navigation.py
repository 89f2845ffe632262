"""Navigation across proposals: what a mention or a link under the cursor points to.

Pure functions over the workspace index (`pep_lsp.workspace.index`): hover text, definitions,
references and workspace symbols, as paths and code-point spans. The server converts them
to LSP locations. No pygls here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from pep_lsp.template import Schema
from pep_lsp.text import Pos, Span
from pep_lsp.workspace.index import CrossFile, Heading, Index, Link, Proposal, normal_path
from pep_lsp.workspace.paths import shown_path


@dataclass(frozen=True)
class Target:
    """What the cursor is on: a mention of a number, or a link to a path (and fragment)."""

    span: Span
    number: int | None = None  # a mention, or a link to a proposal file
    path: str | None = None  # a link's resolved file (the document itself for `#fragment`)
    fragment: str | None = None


@dataclass(frozen=True)
class Place:
    """A span in some file."""

    path: str
    span: Span


def _inside(span: Span, pos: Pos) -> bool:
    return span.start <= pos <= span.end


def target_at(workspace: CrossFile, own: Proposal, pos: Pos) -> Target | None:
    """The mention or relative link at a position of the checked document, if any."""
    for mention in own.mentions:
        if _inside(mention.span, pos):
            return Target(mention.span, number=mention.number)
    for link in own.links:
        if link.is_local and _inside(link.span, pos):
            return _link_target(workspace, own, link)
    return None


def _link_target(workspace: CrossFile, own: Proposal, link: Link) -> Target:
    if not link.path:
        return Target(link.span, number=own.number, path=own.path, fragment=link.fragment)
    path = workspace.resolve(link)
    entry = workspace.index.get(path)
    number = (
        entry.number
        if entry is not None
        else workspace.index.naming.file_number(os.path.basename(link.path))
    )
    return Target(link.span, number=number, path=path, fragment=link.fragment)


def proposals_for(index: Index, target: Target) -> list[Proposal]:
    """The proposals a target names: the linked file when indexed, else those with its number."""
    if target.path is not None:
        entry = index.get(target.path)
        if entry is not None and entry.is_proposal:
            return [entry]
    return list(index.proposals(target.number)) if target.number is not None else []


def hover_markdown(index: Index, proposal: Proposal, from_path: str) -> str:
    """Title, status, type, authors and file of a proposal, as Markdown."""
    lines = [f"**{proposal.label(index.naming)}**", ""]
    facts = []
    if proposal.status:
        facts.append(f"Status: {proposal.status}")
    if proposal.type:
        facts.append(f"Type: {proposal.type}")
    if facts:
        lines += [" · ".join(facts), ""]
    if proposal.authors:
        lines += [f"Authors: {_escaped(', '.join(proposal.authors))}", ""]
    lines.append(f"File: `{shown_path(proposal.path, from_path)}`")
    return "\n".join(lines)


def _escaped(text: str) -> str:
    """`<` and `>` escaped, so `Name <email>` shows as written instead of as an HTML tag."""
    return text.replace("<", "\\<").replace(">", "\\>")


def hover(workspace: CrossFile, own: Proposal, pos: Pos) -> tuple[str, Span] | None:
    """The hover for a mention of, or a link to, a proposal of the workspace."""
    target = target_at(workspace, own, pos)
    if target is None or (
        target.path is not None and normal_path(target.path) == normal_path(own.path)
    ):
        return None
    found = proposals_for(workspace.index, target)
    if not found:
        return None
    text = "\n\n---\n\n".join(hover_markdown(workspace.index, p, workspace.path) for p in found)
    return text, target.span


def definition(workspace: CrossFile, own: Proposal, pos: Pos) -> list[Place]:
    """Where a mention, a file link or a `#fragment` leads: the proposal's title, the file's
    start, or the heading the fragment names."""
    target = target_at(workspace, own, pos)
    if target is None:
        return []
    if target.path is not None:
        same = normal_path(target.path) == normal_path(own.path)
        entry = own if same else workspace.index.get(target.path)
        if target.fragment:
            if entry is None:
                return []
            wanted = target.fragment.lower()
            heading = next((h for h in entry.headings if h.anchor.lower() == wanted), None)
            return [Place(entry.path, heading.span)] if heading is not None else []
        if entry is not None:
            return [Place(entry.path, Span.on_line(entry.title_line, 0, 0))]
        return [Place(target.path, Span.on_line(0, 0, 0))] if os.path.isfile(target.path) else []
    return [
        Place(p.path, Span.on_line(p.title_line, 0, 0))
        for p in proposals_for(workspace.index, target)
    ]


def references(
    workspace: CrossFile, own: Proposal, pos: Pos, include_declaration: bool
) -> list[Place]:
    """Who mentions or links the proposal under the cursor (a mention or link of it), or, with
    the cursor elsewhere, this document's proposal."""
    target = target_at(workspace, own, pos)
    heading = heading_at(own, pos) if target is None else None
    if heading is not None:
        return anchor_references(workspace.index, own, heading, include_declaration)
    if target is None:
        proposals = [own]
    else:
        proposals = proposals_for(workspace.index, target)
    places: list[Place] = []
    seen: set[tuple[str, Span]] = set()
    for proposal in proposals:
        if include_declaration and proposal.number_span is not None:
            places.append(Place(proposal.path, proposal.number_span))
        for entry, span in workspace.index.references_to(proposal.number, proposal.path):
            key = (normal_path(entry.path), span)
            if key not in seen:
                seen.add(key)
                places.append(Place(entry.path, span))
    return places


def workspace_symbols(index: Index, query: str) -> list[Proposal]:
    """Proposals whose number or label matches the query: digits match the number (leading
    zeros ignored) or its beginning, words must all appear in the label (any case)."""
    query = query.strip()
    found = []
    for proposal in index.all_proposals():
        label = proposal.label(index.naming).casefold()
        if not query:
            found.append(proposal)
        elif query.isdigit():
            if proposal.number is not None and str(proposal.number).startswith(
                query.lstrip("0") or "0"
            ):
                found.append(proposal)
        elif all(word in label for word in query.casefold().split()):
            found.append(proposal)
    return found


# --- document links, rename, completion -----------------------------------------------------


def mention_links(index: Index, own: Proposal) -> list[Place]:
    """Each plain mention of a proposal that one file holds: (target file, the mention's span)."""
    found = []
    for mention in own.mentions:
        proposals = index.proposals(mention.number)
        if len(proposals) == 1 and normal_path(proposals[0].path) != normal_path(own.path):
            found.append(Place(proposals[0].path, mention.span))
    return found


def heading_at(own: Proposal, pos: Pos) -> Heading | None:
    """The heading whose title the position is on (a rename target)."""
    return next(
        (
            h
            for h in own.headings
            if h.span.start.line == pos.line and _inside(h.span, pos) and h.title
        ),
        None,
    )


def rename_heading(
    index: Index, own: Proposal, lines: list[str], heading: Heading, new_title: str, schema: Schema
) -> dict[str, list[tuple[Span, str]]]:
    """The edits that rename a heading: its title, and the `#anchor` of every link to it, in
    this document and in every indexed file that links to this one. Links to an explicit
    `{#id}` or `<a id>` do not change (the id stays)."""
    from pep_lsp.workspace.index import scan

    position = own.headings.index(heading)
    line = lines[heading.span.start.line]
    changed = list(lines)
    changed[heading.span.start.line] = (
        line[: heading.span.start.col] + new_title + line[heading.span.end.col :]
    )
    renamed = scan(changed, schema, own.path).headings
    if len(renamed) != len(own.headings):
        return {own.path: [(heading.span, new_title)]}
    old_anchor, new_anchor = heading.anchor.lower(), renamed[position].anchor
    edits: dict[str, list[tuple[Span, str]]] = {own.path: [(heading.span, new_title)]}
    for link in own.links:
        if (
            link.is_local
            and not link.path
            and link.fragment is not None
            and link.fragment.lower() == old_anchor
        ):
            edits[own.path].append((_fragment_span(link), new_anchor))
    here = normal_path(own.path)
    for entry in sorted(index.files.values(), key=lambda p: p.path):
        if normal_path(entry.path) == here:
            continue
        folder = os.path.dirname(entry.path)
        for link in entry.links:
            if (
                link.is_local
                and link.path
                and link.fragment is not None
                and link.fragment.lower() == old_anchor
                and normal_path(os.path.join(folder, link.path)) == here
            ):
                edits.setdefault(entry.path, []).append((_fragment_span(link), new_anchor))
    return edits


def _fragment_span(link: Link) -> Span:
    start = link.dest_span.start.col + link.dest.index("#") + 1
    return Span.on_line(link.dest_span.start.line, start, link.dest_span.end.col)


@dataclass(frozen=True)
class Completion:
    label: str
    detail: str
    insert: str
    span: Span  # replaced by `insert`


def complete(index: Index, own: Proposal, line_text: str, pos: Pos) -> list[Completion]:
    """After `PEP ` (the template's mention word): proposal numbers with their titles; inside
    `](`: proposal files; after `](file#` or `](#`: that file's anchors."""
    before = line_text[: pos.col]
    naming = index.naming
    if (
        naming.prefix
        and before.endswith((naming.prefix + " ", naming.prefix + "-"))
        or (naming.prefix and _typed_number(before, naming.prefix) is not None)
    ):
        typed = _typed_number(before, naming.prefix or "") or ""
        span = Span.on_line(pos.line, pos.col - len(typed), pos.col)
        return [
            Completion(str(p.number), p.title, str(p.number), span)
            for p in index.all_proposals()
            if p.number is not None
            and str(p.number).startswith(typed)
            and normal_path(p.path) != normal_path(own.path)
        ]
    opened = before.rfind("](")
    if opened < 0 or ")" in before[opened:] or " " in before[opened:]:
        return []
    typed = before[opened + 2 :]
    span = Span.on_line(pos.line, opened + 2, pos.col)
    folder = os.path.dirname(own.path)
    if "#" in typed:
        path, _, _ = typed.partition("#")
        target = own if not path else index.get(os.path.join(folder, path))
        if target is None:
            return []
        return [
            Completion(f"{path}#{h.anchor}", h.title, f"{path}#{h.anchor}", span)
            for h in target.headings
        ]
    return [
        Completion(
            shown_path(p.path, own.path), p.label(naming), shown_path(p.path, own.path), span
        )
        for p in index.all_proposals()
        if normal_path(p.path) != normal_path(own.path)
    ]


def _typed_number(before: str, prefix: str) -> str | None:
    import re

    match = re.search(rf"(?<![\w-]){re.escape(prefix)}[ -](\d+)$", before)
    return match.group(1) if match else None


def next_number_edit(
    index: Index, model: object, own: Proposal, first_line: int, last_line: int
) -> tuple[Span, str] | None:
    """A blank (or placeholder) number field within the lines asked about: (its value's span,
    the next free number: the highest in the index plus one)."""
    from pep_lsp.template import PLACEHOLDER

    naming = index.naming
    header = getattr(model, "header", None)
    if header is None or naming.number_field is None or own.number is not None:
        return None
    line = header.get(naming.number_field)
    if line is None or not first_line <= line.line <= last_line:
        return None
    if line.value and not PLACEHOLDER.fullmatch(line.value):
        return None
    number = str(index.next_number())
    text = model.lines[line.line]  # type: ignore[attr-defined]
    col = line.value_span.start.col
    return line.value_span, number if col > 0 and text[col - 1] in " \t" else " " + number


def inlay_hints(
    index: Index, own: Proposal, first_line: int, last_line: int
) -> list[tuple[Span, str]]:
    """After each mention of a proposal one file holds: (the mention, ` · Title (Status)`)."""
    hints = []
    for mention in own.mentions:
        if not first_line <= mention.span.start.line <= last_line:
            continue
        proposals = index.proposals(mention.number)
        if len(proposals) == 1 and normal_path(proposals[0].path) != normal_path(own.path):
            p = proposals[0]
            hints.append((mention.span, f" · {p.title}" + (f" ({p.status})" if p.status else "")))
    return hints


def anchor_references(
    index: Index, own: Proposal, heading: Heading, include_declaration: bool
) -> list[Place]:
    """Every link to a heading's anchor: `#anchor` in its own document, `file#anchor` elsewhere."""
    anchor = heading.anchor.lower()
    here = normal_path(own.path)
    places = [Place(own.path, heading.span)] if include_declaration else []
    entries = [own] + sorted(
        (p for p in index.files.values() if normal_path(p.path) != here), key=lambda p: p.path
    )
    for entry in entries:
        folder = os.path.dirname(entry.path)
        for link in entry.links:
            if not link.is_local or link.fragment is None or link.fragment.lower() != anchor:
                continue
            if (not link.path and entry is own) or (
                link.path and normal_path(os.path.join(folder, link.path)) == here
            ):
                places.append(Place(entry.path, link.span))
    return places
