"""Render the rule registry as Markdown: `python -m pep_lsp.cli.rules_doc > docs/rules.md`.

A rule's docstring is its documentation, written as `What it checks:`, `Why:`, `Example:`
(an indented block) and `Fix:`; this module only lays them out.
"""

from __future__ import annotations

import re
import textwrap

from pep_lsp.rules import REGISTRY, Rule
from pep_lsp.rules.registry import STAGES
from pep_lsp.template import default_schema

_HEADINGS = ("What it checks", "Why", "Example", "Fix")
_PART = re.compile(r"^(What it checks|Why|Example|Fix):[ \t]*", re.M)


def rule_parts(rule: Rule) -> dict[str, str]:
    """The docstring split at its four headings."""
    doc = rule.doc
    matches = list(_PART.finditer(doc))
    parts = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(doc)
        parts[match.group(1)] = doc[match.end() : end].strip("\n")
    return parts


def render_rule(rule: Rule) -> str:
    parts = rule_parts(rule)
    lines = [
        f"## {rule.code} `{rule.name}`",
        "",
        f"Severity: **{rule.severities.describe()}**. {rule.summary}",
        "",
    ]
    for heading in _HEADINGS:
        body = parts.get(heading, "")
        if heading == "Example":
            lines += [
                f"**{heading}**",
                "",
                "~~~~markdown",
                textwrap.dedent(body).strip("\n"),
                "~~~~",
                "",
            ]
        else:
            lines += [f"**{heading}:** " + " ".join(body.split()), ""]
    return "\n".join(lines)


def render_rules() -> str:
    rules = sorted(REGISTRY.values(), key=lambda r: r.code)
    index = [
        f"| [{r.code}](#{r.code.lower()}-{r.name}) | `{r.name}` | {r.severities.short()} | {r.summary} |"
        for r in rules
    ]
    stages = {
        stage: ", ".join(s.name for s in default_schema().statuses if s.stage == stage)
        for stage in STAGES
    }
    head = [
        "# Rules",
        "",
        "Generated from the rule registry by `python -m pep_lsp.cli.rules_doc > docs/rules.md`; a test fails",
        "when this file is stale. `pep-lsp rule CODE` prints the same text in a terminal.",
        "",
        "A rule's severity is what it emits; some follow the stage of the document's Status",
        f"(`pep_lsp/data/vocabulary.toml`): **draft** ({stages['draft']}), **review** ({stages['review']})",
        f"and **final** ({stages['final']}); a document without a Status is a draft. In the table,",
        "`warning, draft: info` is a warning, information (one level softer) in a Draft; `error/warning` is",
        "either, depending on the finding (the rule's section says which). A level set in the",
        "configuration (`[tool.pep-lsp.rules]`) replaces all of them.",
        "",
        "| Code | Name | Severity | Summary |",
        "|---|---|---|---|",
        *index,
        "",
    ]
    return "\n".join(head) + "\n" + "\n".join(render_rule(r) for r in rules)


if __name__ == "__main__":
    print(render_rules(), end="")
