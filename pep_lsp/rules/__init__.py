"""The rule registry: importing this package registers every rule."""

from pep_lsp.rules import (  # noqa: F401  (importing registers the rules)
    consistency,
    content,
    crossfile,
    directives,
    header,
    leftovers,
    links,
    sections,
    spelling,
    values,
)
from pep_lsp.rules.registry import REGISTRY, Rule, RuleContext, rule

__all__ = ["REGISTRY", "Rule", "RuleContext", "rule"]
