"""Rules on links: what `pep-lsp check --check-urls` found broken (the editor never fetches)."""

from __future__ import annotations

from collections.abc import Mapping

from pep_lsp.rules.registry import RuleContext, Severity, rule


@rule(
    "U101",
    "broken-link",
    Severity.WARNING,
    "An http(s) link does not work (4xx, 5xx, DNS, TLS, timeout); `--check-urls` only.",
)
def broken_link(ctx: RuleContext) -> None:
    """What it checks: with `pep-lsp check --check-urls`, every distinct `http(s)` URL in the
    prose (links, autolinks, bare URLs, reference definitions; not code) is fetched once:
    HEAD, then GET when HEAD fails, following redirects, with a timeout. A URL that answers
    4xx or 5xx, whose host is not found, whose TLS fails or that times out is reported at
    every place it appears. Hosts in `url-allow-hosts` are not fetched; working URLs are
    cached for `url-cache-hours`. Never in the editor, which stays off the network.

    Why: "Verify all links and references work" is on the template's checklist; readers
    follow references, and links rot.

    Example:
        See the [design notes](https://docs.corp.internal/notes-that-moved).

    Fix: link to where the document lives now, or to an archived copy.
    """
    results = ctx.options.get("url-results")
    if not isinstance(results, Mapping) or not results:
        return
    from pep_lsp.model.urls import broken_uses  # imported only when URLs were checked

    for use, reason in broken_uses(ctx.model, results):
        ctx.report(use.span, f"Broken link ({reason}): {use.url}", subject=use.url)
