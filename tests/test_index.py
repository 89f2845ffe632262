"""The workspace index: anchors, what one file contributes, naming from the template, the walk."""

from __future__ import annotations

from pathlib import Path

from pep_lsp.template import default_schema, parse_template
from pep_lsp.text import Span
from pep_lsp.workspace.index import Index, Mention, Scope, naming_of, scan, slug, walk

DOC = """# PEP 12: Caching layer

```
PEP: 12
Title: Caching layer
Author: Ann Lee <ann@example.org>, Bo Chen <bo@example.org>
Status: Accepted
Type: Standard
```

## Abstract

Builds on PEP 7, PEP-0008 and [nine](pep-0009.md#usage). Not `PEP 10`, not PEP7, not xPEP 11.

```
PEP 13 in a fence
```

<!--
PEP 14 in a comment
-->

## Abstract

Setext heading
--------------

[label]: ./other.md#top
"""


def test_slug_follows_github() -> None:
    assert (
        slug("Add BLAKE2 compression function `F` precompile")
        == "add-blake2-compression-function-f-precompile"
    )
    assert slug("What's new? [the link](x.md) & <em>more</em>_ok") == "whats-new-the-link--more_ok"
    assert slug("Überblick  2") == "überblick--2"


def test_scan_reads_the_header_headings_links_and_mentions() -> None:
    entry = scan(DOC.split("\n"), default_schema(), "/w/pep-0012.md")
    assert entry.is_proposal
    assert (entry.number, entry.number_span, entry.title, entry.title_line) == (
        12,
        Span.on_line(3, 5, 7),
        "Caching layer",
        0,
    )
    assert (entry.status, entry.stage, entry.type) == ("Accepted", "final", "Standard")
    assert entry.authors == ("Ann Lee <ann@example.org>", "Bo Chen <bo@example.org>")
    assert [(h.level, h.title, h.anchor) for h in entry.headings] == [
        (1, "PEP 12: Caching layer", "pep-12-caching-layer"),
        (2, "Abstract", "abstract"),
        (2, "Abstract", "abstract-1"),
        (2, "Setext heading", "setext-heading"),
    ]
    assert entry.mentions == (
        Mention(Span.on_line(0, 2, 8), 12),
        Mention(Span.on_line(12, 10, 15), 7),
        Mention(Span.on_line(12, 17, 25), 8),
    )
    assert [(link.dest, link.path, link.fragment, link.dest_span) for link in entry.links] == [
        ("pep-0009.md#usage", "pep-0009.md", "usage", Span.on_line(12, 37, 54)),
        ("./other.md#top", "./other.md", "top", Span.on_line(27, 9, 23)),
    ]


def test_explicit_anchors() -> None:
    lines = ["## Heading {#custom-id}", "", '<a id="Here"></a> and <a name="there">x</a>']
    entry = scan(lines, default_schema(), "/w/x.md")
    assert entry.headings[0].title == "Heading"
    assert entry.anchors == frozenset({"heading", "custom-id", "here", "there"})
    assert not entry.is_proposal


RFC_TEMPLATE = """# RFC Template

```
RFC: [Number - assigned on merge]
Title: [Short title (40 characters or less)]
Author: [Name <email@domain.com>]
Status: Draft
Kind: [Language | Library]
```

## Summary

*[One paragraph.]*
"""


def test_naming_comes_from_the_template() -> None:
    schema = parse_template(RFC_TEMPLATE)
    naming = naming_of(schema)
    assert (naming.number_field, naming.prefix) == ("RFC", "RFC")
    assert naming.file_number("rfc-0042-some-title.md") == 42
    assert naming.file_number("pep-0042.md") is None
    text = "```\nRFC: 42\nTitle: Async closures\nAuthor: A <a@b.c>\nStatus: Draft\nKind: Library\n```\n\n## Summary\n\nAfter RFC 7 and PEP 8.\n"
    entry = scan(text.split("\n"), schema, "/w/rfc-0042.md")
    assert (entry.number, entry.title, entry.type) == (42, "Async closures", "Library")
    assert [m.number for m in entry.mentions] == [7]
    assert naming_of(default_schema()).file_number("pep-0042.md") == 42


def test_walk_skips_hidden_folders_node_modules_and_excluded_paths(tmp_path: Path) -> None:
    for name in (
        "pep-0001.md",
        "drafts/pep-0002.md",
        ".git/pep-0003.md",
        "node_modules/x/pep-0004.md",
        "archive/pep-0005.md",
        "notes.txt",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [
        p.relative_to(tmp_path).as_posix()
        for p in walk(Scope(tmp_path, default_schema(), exclude=("archive/",)))
    ]
    assert found == ["pep-0001.md", "drafts/pep-0002.md"]


def test_index_by_number_references_and_next_number(tmp_path: Path) -> None:
    schema = default_schema()
    (tmp_path / "pep-0012.md").write_text(DOC, encoding="utf-8")
    (tmp_path / "pep-0007.md").write_text(
        DOC.replace("PEP: 12", "PEP: 7").replace("# PEP 12: Caching layer", "# PEP 7: Seven"),
        encoding="utf-8",
    )
    (tmp_path / "notes.md").write_text("See PEP 12 and [the doc](pep-0012.md).\n", encoding="utf-8")
    index = Index(naming_of(schema))
    index.build([Scope(tmp_path, schema)])
    assert sorted(index.by_number) == [7, 12]
    assert index.next_number() == 13
    assert [p.title for p in index.all_proposals()] == ["Seven", "Caching layer"]
    refs = [
        (Path(p.path).name, span)
        for p, span in index.references_to(12, str(tmp_path / "pep-0012.md"))
    ]
    assert refs == [
        ("notes.md", Span.on_line(0, 4, 10)),
        ("notes.md", Span.on_line(0, 15, 37)),
        ("pep-0012.md", Span.on_line(0, 2, 8)),  # its own title
    ]
    # Replacing an entry moves its number; an unchanged summary reports no change.
    generation = index.generation
    assert not index.add_file(tmp_path / "pep-0012.md", schema)
    assert index.generation == generation
    (tmp_path / "pep-0012.md").write_text(DOC.replace("PEP: 12", "PEP: 14"), encoding="utf-8")
    assert index.add_file(tmp_path / "pep-0012.md", schema)
    assert sorted(index.by_number) == [7, 14]
    assert index.remove(tmp_path / "pep-0012.md")
    assert sorted(index.by_number) == [7]


def test_the_entry_of_an_edited_document_matches_a_fresh_scan() -> None:
    """Keystrokes that keep the structure re-read only the changed lines; whatever the edit,
    the result equals a scan of the whole text."""
    import random

    from pep_lsp.model.document import Document
    from pep_lsp.text import Pos
    from pep_lsp.workspace.index import CrossFile

    schema = default_schema()
    document = Document(DOC + '\nMore on PEP 3 and [x](y.md#z).\n\n<a id="here"></a>\n', schema)
    view = CrossFile(Index(naming_of(schema)), "/w/pep-0012.md")
    pieces = [
        "PEP 4",
        "x",
        " ",
        "[a](b.md)",
        "`",
        "\n",
        "#",
        "PEP-00",
        "](#",
        '<a id="q">',
        "```",
        "-",
    ]
    rng = random.Random(7)
    for _ in range(400):
        model = document.model
        assert view.own_model(model) == scan(model.lines, schema, "/w/pep-0012.md")
        line = rng.randrange(len(model.lines))
        col = rng.randint(0, len(model.lines[line]))
        if rng.random() < 0.3 and col > 0:
            document.replace(Pos(line, col - 1), Pos(line, col), "")
        else:
            document.replace(Pos(line, col), Pos(line, col), rng.choice(pieces))


def test_headings_keep_their_place_and_share_their_strings_across_proposals() -> None:
    """A workspace holds tens of thousands of headings: each is one small object, and the
    section titles and anchors every proposal repeats are one string each."""
    first = scan(DOC.split("\n"), default_schema(), "/w/pep-0012.md")
    second = scan(DOC.replace("PEP 12", "PEP 13").split("\n"), default_schema(), "/w/pep-0013.md")
    assert [h.span for h in first.headings] == [
        Span.on_line(0, 2, 23),
        Span.on_line(10, 3, 11),
        Span.on_line(22, 3, 11),
        Span.on_line(24, 0, 14),
    ]
    assert first.headings[1].title is second.headings[1].title
    assert first.headings[2].anchor is second.headings[2].anchor  # "abstract-1", built
    anchor = next(a for a in first.anchors if a == "abstract-1")
    assert anchor is next(a for a in second.anchors if a == "abstract-1")
