"""`pep-lsp template show [PATH]`: what pep-lsp derived from a template, so a team can see why
a rule fires (its header form and fields, its sections and their priorities, its instruction,
placeholder and example conventions, its status lifecycle), as text or JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pep_lsp.kinds import FieldKind
from pep_lsp.template import (
    HEADER_FORM_TEXT,
    FieldSpec,
    Schema,
    SectionSpec,
    TemplateError,
    load_template,
    within_author_instructions,
)

EXIT_OK = 0
EXIT_USAGE = 2
SHOW_VERSION = 1
"""The version of the JSON shape; it changes only when a key changes meaning or goes."""

STYLE_TEXT = {
    "italic": "italic lines",
    "comment": "HTML comments",
    "prose": "plain paragraphs and list items",
}


def add_command(commands: Any) -> None:
    """`template show` on the CLI's subcommand parser."""
    template = commands.add_parser("template", help="show what pep-lsp derives from a template")
    actions = template.add_subparsers(dest="template_command", required=True)
    show = actions.add_parser(
        "show",
        help="print the fields, sections, priorities and conventions derived from a template",
    )
    show.add_argument(
        "path",
        nargs="?",
        help="the template (a Markdown file), or a folder or document whose configuration "
        "names one (default: the current folder's; else the bundled PEP template)",
    )
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.add_argument("--config", help="use this pyproject.toml or pep-lsp.toml")


def run(args: argparse.Namespace) -> int:
    """Print the derived schema; exit 2 when the template or configuration cannot be used."""
    from pep_lsp.config import ConfigError, load_config_file, merge, resolve

    target = Path(args.path) if args.path else Path.cwd()
    if args.path and not target.exists():
        print(f"pep-lsp: {args.path}: no such file or folder", file=sys.stderr)
        return EXIT_USAGE
    if args.config:
        try:
            resolved = merge([load_config_file(Path(args.config))], (), Path(args.config))
        except ConfigError as error:
            for problem in error.problems:
                print(f"pep-lsp: {problem}", file=sys.stderr)
            return EXIT_USAGE
    else:
        resolved = resolve(target if target.is_dir() else target.parent / "_")
    if resolved.problems:
        for problem in resolved.problems:
            print(f"pep-lsp: {problem} ({problem.fallback})", file=sys.stderr)
        return EXIT_USAGE
    settings = resolved.settings
    template: str | Path | None = settings.template
    if target.is_file() and (template is None or Path(template).resolve() != target.resolve()):
        template = target  # a Markdown file named on the command line is the template
    try:
        schema = load_template(template, settings.statuses, settings.tables)
    except TemplateError as error:
        print(f"pep-lsp: template cannot be used: {error}", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, UnicodeDecodeError) as error:
        print(f"pep-lsp: {template}: cannot be read ({error})", file=sys.stderr)
        return EXIT_USAGE
    data = describe(schema)
    if args.format == "json":
        import json  # not loaded by `check`, which builds this command's parser too

        json.dump(data, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(as_text(data))
    return EXIT_OK


def missing_severity(schema: Schema, spec: SectionSpec) -> str:
    """What a missing section gives once the document is under review ("none": not reported)."""
    from pep_lsp.model.placement import DEEPEST_REQUIRED_LEVEL

    if (
        spec.optional
        or within_author_instructions(spec)
        or spec.has_placeholder_title
        or spec.level > DEEPEST_REQUIRED_LEVEL
    ):
        return "none"
    table = schema.priority_severity
    if spec.priority is not None:
        name = table.get(spec.priority)
        if name is None:
            levels = list(dict.fromkeys(s.priority for s in schema.sections if s.priority))
            rank = levels.index(spec.priority)
            name = ("error", "warning")[rank] if rank < 2 else "hint"
        return name
    return table.get("unlisted" if spec.parent is None else "subsection", "information")


def _field(spec: FieldSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "kind": FieldKind(spec.kind).value,
        "presence": spec.presence,
        "choices": list(spec.choices),
        "dateFormat": spec.date_format,
        "maxLength": spec.max_length,
        "placeholder": spec.placeholder_text,
        "default": spec.default,
        "template": spec.template_value,
        "blankInDraft": spec.blank_in_draft,
        "blankNumber": spec.blank_number,
        "note": spec.note,
        "fromTemplate": spec.in_template,
    }


def _section(schema: Schema, spec: SectionSpec) -> dict[str, Any]:
    return {
        "title": spec.title,
        "level": spec.level,
        "parent": spec.parent.title if spec.parent else None,
        "priority": spec.priority,
        "optional": spec.optional,
        "condition": spec.condition,
        "ifMissing": missing_severity(schema, spec),
        "aliases": list(spec.aliases),
        "instructions": len(spec.instructions),
        "wordLimit": spec.word_limit,
        "placeholder": spec.placeholder_body,
        "authorInstructions": spec.is_author_instructions,
    }


def describe(schema: Schema) -> dict[str, Any]:
    """The schema as plain data (the JSON output)."""
    blanks = schema.blanks
    status = schema.field(schema.status_field) if schema.status_field else None
    return {
        "version": SHOW_VERSION,
        "template": schema.source_path,
        "header": {
            "form": schema.header_form,
            "statusField": status.name if status is not None else None,
        },
        "fields": [_field(f) for f in schema.fields],
        "sections": [_section(schema, s) for s in schema.sections],
        "statuses": [
            {"name": s.name, "stage": s.stage, "kind": s.kind, "meaning": s.meaning}
            for s in schema.statuses
        ],
        "instructions": {
            "style": schema.instruction_style,
            "lines": len(schema.instruction_lines) + len(schema.instruction_keys),
        },
        "placeholders": {
            "bracketed": len(schema.placeholders) + len(blanks.values),
            "keywords": sorted(keyword for _, keyword, _ in blanks.keywords),
            "literals": len(blanks.literals),
            "delimiters": [opener + "…" + closer for opener, closer in blanks.delimiters],
        },
        "examples": {
            "codeBlocks": len(schema.example_code_blocks),
            "tableRows": len(schema.example_table_rows),
            "checklistItems": len(schema.example_task_items),
            "links": len(schema.example_hrefs),
        },
    }


def as_text(data: dict[str, Any]) -> str:
    """The same data for a person."""
    out = [f"Template: {data['template']}"]
    form = data["header"]["form"]
    text = HEADER_FORM_TEXT.get(form, form)
    out.append(f"Header: {form} ({text}{': header rules do not apply' if form == 'none' else ''})")
    style = data["instructions"]["style"]
    out.append(
        f"Instructions: {STYLE_TEXT.get(style, style)}, {_count(data['instructions']['lines'], 'line')}"
    )
    blanks = data["placeholders"]
    shapes = ", ".join(blanks["delimiters"]) or "[…]"
    out.append(
        f"Placeholders: {blanks['bracketed']} bracketed ({shapes}), {blanks['literals']} literal"
        + (f", keywords {', '.join(blanks['keywords'])}" if blanks["keywords"] else "")
    )
    examples = data["examples"]
    out.append(
        f"Examples: {examples['codeBlocks']} code blocks, {examples['tableRows']} table rows, "
        f"{examples['checklistItems']} checklist items, {examples['links']} links"
    )
    out.append(f"Fields ({len(data['fields'])}):")
    for item in data["fields"]:
        detail = []
        if item["choices"]:
            detail.append(" | ".join(item["choices"]))
        if item["dateFormat"]:
            detail.append(item["dateFormat"])
        if item["maxLength"]:
            detail.append(f"at most {item['maxLength']} characters")
        if item["placeholder"] and not item["choices"]:
            detail.append(f"placeholder {_short(item['placeholder'])}")
        if item["blankNumber"]:
            detail.append(f"a number to fill in: {_short(item['template'])}")
        elif item["default"]:
            detail.append(f"default {item['default']}")
        if not item["fromTemplate"]:
            detail.append("from the configuration")
        if item["note"]:
            detail.append(_short(item["note"]))
        line = f"  {item['name']}: {item['kind']}, {item['presence']}"
        out.append(line + (f"; {'; '.join(detail)}" if detail else ""))
    out.append(f"Sections ({len(data['sections'])}):")
    for item in data["sections"]:
        facts = []
        if item["priority"]:
            facts.append(item["priority"])
        if item["optional"]:
            facts.append(f"optional ({item['condition']})" if item["condition"] else "optional")
        facts.append(f"if missing: {item['ifMissing']}")
        if item["aliases"]:
            facts.append("also " + ", ".join(f"'{a}'" for a in item["aliases"]))
        if item["wordLimit"]:
            facts.append(f"at most {item['wordLimit']} words")
        if item["placeholder"]:
            facts.append(f"placeholder {_short(item['placeholder'])}")
        heading = "#" * item["level"] + " " + item["title"]
        out.append(f"  {heading}: {'; '.join(facts)}")
    statuses = ", ".join(f"{s['name']} ({s['stage']})" for s in data["statuses"])
    if data["header"]["statusField"]:
        out.append(f"Statuses ({data['header']['statusField']}): {statuses}")
    return "\n".join(out) + "\n"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
