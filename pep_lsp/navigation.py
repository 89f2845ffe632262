"""Navigation across proposals: what a mention or a link under the cursor points to.

Pure functions over the workspace index (`pep_lsp.index`): hover text, definitions,
references and workspace symbols, as paths and code-point spans. The server converts them
to LSP locations. No pygls here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from pep_lsp.index import CrossFile, Index, Link, Proposal, normal_path
from pep_lsp.text import Pos, Span


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
    number = entry.number if entry is not None else workspace.index.naming.file_number(os.path.basename(link.path))
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
        lines += [f"Authors: {', '.join(proposal.authors)}", ""]
    lines.append(f"File: `{_relative(proposal.path, from_path)}`")
    return "\n".join(lines)


def hover(workspace: CrossFile, own: Proposal, pos: Pos) -> tuple[str, Span] | None:
    """The hover for a mention of, or a link to, a proposal of the workspace."""
    target = target_at(workspace, own, pos)
    if target is None or (target.path is not None and normal_path(target.path) == normal_path(own.path)):
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
    return [Place(p.path, Span.on_line(p.title_line, 0, 0)) for p in proposals_for(workspace.index, target)]


def references(workspace: CrossFile, own: Proposal, pos: Pos, include_declaration: bool) -> list[Place]:
    """Who mentions or links the proposal under the cursor (a mention or link of it), or, with
    the cursor elsewhere, this document's proposal."""
    target = target_at(workspace, own, pos)
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
            if proposal.number is not None and str(proposal.number).startswith(query.lstrip("0") or "0"):
                found.append(proposal)
        elif all(word in label for word in query.casefold().split()):
            found.append(proposal)
    return found


def _relative(path: str, from_path: str) -> str:
    try:
        return os.path.relpath(path, os.path.dirname(from_path)).replace(os.sep, "/")
    except ValueError:
        return path
