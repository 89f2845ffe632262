"""The rule registry: importing this package registers every rule."""

from pep_lsp.rules import (
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
)  # noqa: F401  (registration)
from pep_lsp.rules.base import REGISTRY, Rule, RuleContext, rule

__all__ = ["REGISTRY", "Rule", "RuleContext", "rule"]
