"""Which `http(s)` links in a document work: for `pep-lsp check --check-urls` only.

The editor never touches the network. The CLI finds the URLs of every file it checks
(`model/urls.py`), fetches each distinct one once (`check_urls`: concurrently, with a timeout,
following redirects, HEAD first and GET when HEAD fails), and hands the broken ones to rule
U101 through the `url-results` option, so reporting, severities, `select`/`ignore` and
suppression comments work as for every other rule.

Working URLs are remembered in a small JSON cache (`url-cache-dir`, default the user cache
folder) for `url-cache-hours`, so a rerun fetches only what is new or was broken. Hosts in
`url-allow-hosts` (and their subdomains) are never fetched: sites that refuse robots. Standard
library only: urllib and a thread pool.
"""

from __future__ import annotations

import json
import os
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from pep_lsp.codecache import cache_dir
from pep_lsp.engine.check import Settings
from pep_lsp.model.urls import urls_in

DEFAULT_TIMEOUT = 10.0  # seconds for one request
DEFAULT_CACHE_HOURS = 24
MAX_WORKERS = 8
USER_AGENT = "pep-lsp-link-check (+https://pypi.org/project/pep-lsp/)"
CACHE_FILE = "urls.json"


def allowed(url: str, hosts: Iterable[str]) -> bool:
    """Is the URL's host (or a parent domain of it) on the allow-list?"""
    host = (urlsplit(url).hostname or "").lower()
    return any(
        host == h or host.endswith("." + h) for h in (h.lower().strip(".") for h in hosts) if h
    )


def _reason(error: BaseException) -> str:
    """What went wrong, in a reader's words."""
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code}"
    cause = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(cause, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(cause, socket.gaierror):
        return "host not found (DNS)"
    if isinstance(cause, ssl.SSLError):
        return f"TLS error ({getattr(cause, 'reason', None) or cause})"
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    return f"cannot connect ({cause})"


def fetch(url: str, timeout: float = DEFAULT_TIMEOUT) -> str | None:
    """None when the URL works (2xx or 3xx after redirects), else why not. HEAD first; any
    HEAD failure but a timeout is retried with GET (many servers refuse or mishandle HEAD)."""
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    reason = ""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                if method == "GET":
                    response.read(1)
                return None
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = _reason(error)
            if reason in ("timed out", "host not found (DNS)") or reason.startswith("TLS error"):
                return reason
    return reason


class Cache:
    """Working URLs and when they were last seen working, in one JSON file."""

    def __init__(self, folder: Path | None, max_age_hours: float) -> None:
        self.path = folder / CACHE_FILE if folder is not None else None
        self.max_age = max_age_hours * 3600
        self.seen: dict[str, float] = {}
        if self.path is not None and self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self.seen = {
                    k: float(v)
                    for k, v in data.items()
                    if isinstance(k, str) and isinstance(v, (int, float))
                }
            except (OSError, ValueError, AttributeError):
                self.seen = {}  # a broken cache is only slower

    def fresh(self, url: str, now: float) -> bool:
        checked = self.seen.get(url)
        return checked is not None and 0 <= now - checked < self.max_age

    def save(self, now: float) -> None:
        if self.path is None:
            return
        kept = {url: at for url, at in self.seen.items() if 0 <= now - at < self.max_age}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(kept, sort_keys=True), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            pass  # an unwritable cache only makes the next run slower


def default_cache_dir() -> Path:
    """The one pep-lsp cache folder (`codecache.cache_dir`), shared with the schema and code caches."""
    return cache_dir()


def check_urls(
    urls: Iterable[str],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    allow_hosts: Iterable[str] = (),
    cache: Cache | None = None,
    workers: int = MAX_WORKERS,
) -> dict[str, str]:
    """The broken URLs among `urls`, each fetched once, mapped to why."""
    hosts = tuple(allow_hosts)
    now = time.time()
    todo = sorted(
        {u for u in urls if not allowed(u, hosts) and not (cache and cache.fresh(u, now))}
    )
    broken: dict[str, str] = {}
    if todo:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(todo)))) as pool:
            for url, reason in zip(todo, pool.map(lambda u: fetch(u, timeout), todo)):
                if reason is None:
                    if cache is not None:
                        cache.seen[url] = now
                else:
                    broken[url] = reason
    if cache is not None:
        cache.save(now)
    return broken


def check_documents(documents: Iterable[tuple[str, Settings]]) -> dict[str, str]:
    """The broken URLs of several documents, each URL fetched once. Their settings' URL options
    are combined: every allow-listed host, the shortest timeout, the first cache folder and age."""
    from pep_lsp.model.document import Document

    urls: set[str] = set()
    hosts: list[str] = []
    timeouts: list[float] = []
    cache_dir: str | None = None
    cache_hours: float | None = None
    for text, settings in documents:
        options = settings.options
        urls.update(use.url for use in urls_in(Document(text, settings.schema()).model))
        hosts.extend(options.get("url-allow-hosts", ()))  # type: ignore[arg-type]
        if "url-timeout" in options:
            timeouts.append(float(options["url-timeout"]))  # type: ignore[arg-type]
        cache_dir = cache_dir or options.get("url-cache-dir")  # type: ignore[assignment]
        cache_hours = cache_hours or options.get("url-cache-hours")  # type: ignore[assignment]
    cache = Cache(
        Path(cache_dir) if cache_dir else default_cache_dir(), cache_hours or DEFAULT_CACHE_HOURS
    )
    return check_urls(
        urls, timeout=min(timeouts, default=DEFAULT_TIMEOUT), allow_hosts=hosts, cache=cache
    )


__all__ = [
    "check_documents",
    "Cache",
    "allowed",
    "check_urls",
    "default_cache_dir",
    "fetch",
]
