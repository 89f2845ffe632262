"""`pep-lsp check --check-urls` (U101) against a local HTTP server on 127.0.0.1 only.

The server answers 200, 301 (to the 200), 404, 500, 405 to HEAD (200 to GET) and a slow answer
that outlasts the timeout. No test touches any other address: DNS and TLS failures are raised
by a stand-in for the socket layer.
"""

from __future__ import annotations

import io
import json
import socket
import ssl
import threading
import time
import urllib.error
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pep_lsp.cli import main
from pep_lsp.engine.check import Settings, check
from pep_lsp.engine.urlcheck import Cache, allowed, check_urls, fetch
from pep_lsp.model.document import Document
from pep_lsp.model.urls import urls_in
from pep_lsp.template import default_schema

RELEASE = threading.Event()  # the slow answer waits for this (or 30 s), never for a fixed time


class Handler(BaseHTTPRequestHandler):
    hits: list[tuple[str, str]] = []

    def log_message(self, *args: object) -> None:
        pass

    def answer(self, method: str) -> None:
        Handler.hits.append((method, self.path))
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/missing":
            self.send_response(404)
        elif self.path == "/broken":
            self.send_response(500)
        elif self.path == "/no-head" and method == "HEAD":
            self.send_response(405)
        elif self.path == "/slow":
            RELEASE.wait(30)
            self.send_response(200)
        else:
            self.send_response(200)
        self.send_header("Content-Length", "2" if method == "GET" else "0")
        self.end_headers()
        if method == "GET":
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self.answer("HEAD")

    def do_GET(self) -> None:
        self.answer("GET")


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.hits = []
    RELEASE.clear()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        RELEASE.set()
        httpd.shutdown()
        httpd.server_close()


def pep_with_links(base: str) -> str:
    """A short PEP (no other URL in it) linking to every kind of answer."""
    return (
        "# PEP 9003: Links\n\n```\nPEP: 9003\nTitle: Links\nAuthor: Ada Lovelace <ada@corp.test>\nStatus: Discussion\n"
        "Type: Standard\nCreated: 03-08-2026\nUpdated: 21-09-2026\nVersion: 1.0\n```\n\n## Abstract\n\n"
        f"Links: [ok]({base}/ok), <{base}/moved>, {base}/missing, [again]({base}/missing).\n\n"
        f"More: [boom]({base}/broken), [head]({base}/no-head), [slow]({base}/slow), `{base}/in-code`.\n"
    )


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any name lookup but 127.0.0.1: no test here may reach another address."""
    real = socket.getaddrinfo

    def guarded(host: object, *args: object, **kwargs: object) -> object:
        if host not in ("127.0.0.1", b"127.0.0.1"):
            raise AssertionError(f"a test tried to reach {host!r}")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


def test_urls_are_found_in_prose_with_their_places_and_not_in_code() -> None:
    text = "# PEP 1: x\n\nSee [a](http://h.one/a_(b)), <https://h.two/x>, https://h.three/y. and `http://h.four/`.\n\n```\nhttp://h.five/\n```\n[r]: https://h.six/z\nhttps://www.example.com/ and http://t.test/\n"
    found = [
        (u.url, u.span.start.line, u.span.start.col, u.span.end.col)
        for u in urls_in(Document(text, default_schema()).model)
    ]
    assert found == [
        ("http://h.one/a_(b)", 2, 8, 26),
        ("https://h.two/x", 2, 30, 45),
        ("https://h.three/y", 2, 48, 65),
        ("https://h.six/z", 7, 5, 20),
    ]


def test_each_kind_of_answer_over_loopback(server: str) -> None:
    broken = check_urls(
        [f"{server}/{path}" for path in ("ok", "moved", "missing", "broken", "no-head", "slow")],
        timeout=3,
    )
    assert broken == {
        f"{server}/missing": "HTTP 404",
        f"{server}/broken": "HTTP 500",
        f"{server}/slow": "timed out",
    }
    assert ("HEAD", "/ok") in Handler.hits and (
        "HEAD",
        "/moved",
    ) in Handler.hits  # the redirect was followed with HEAD
    assert ("GET", "/no-head") in Handler.hits  # HEAD refused, GET worked
    assert ("GET", "/missing") in Handler.hits  # any HEAD failure is retried with GET


def test_check_urls_reports_each_place_fetches_each_url_once_and_caches(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "pep.md"
    doc.write_text(pep_with_links(server), encoding="utf-8")
    (tmp_path / "pep-lsp.toml").write_text(
        'url-cache-dir = "cache"\nurl-timeout = 3\n', encoding="utf-8"
    )
    code = main(["check", "--check-urls", "--select", "U101", str(doc)])
    out = capsys.readouterr().out.splitlines()
    lines = doc.read_text().split("\n")
    links = next(i for i, text in enumerate(lines) if text.startswith("Links:"))
    missing = f"{server}/missing"
    first, second = lines[links].index(missing) + 1, lines[links].rindex(missing) + 1
    assert code == 1
    assert out[:-1] == [
        f"{doc}:{links + 1}:{first}: warning U101 Broken link (HTTP 404): {missing}",
        f"{doc}:{links + 1}:{second}: warning U101 Broken link (HTTP 404): {missing}",
        f"{doc}:{links + 3}:{lines[links + 2].index(server + '/broken') + 1}: warning U101 Broken link (HTTP 500): {server}/broken",
        f"{doc}:{links + 3}:{lines[links + 2].index(server + '/slow') + 1}: warning U101 Broken link (timed out): {server}/slow",
    ]
    assert (
        sum(1 for method, path in Handler.hits if path == "/missing") == 2
    )  # HEAD and GET, for two uses
    assert ("HEAD", "/in-code") not in Handler.hits
    cached = json.loads((tmp_path / "cache" / "urls.json").read_text())
    assert sorted(cached) == [f"{server}/moved", f"{server}/no-head", f"{server}/ok"]
    Handler.hits.clear()
    RELEASE.set()
    assert main(["check", "--check-urls", "--select", "U101", str(doc)]) == 1
    capsys.readouterr()
    assert sorted(path for _, path in Handler.hits) == [
        "/broken",
        "/broken",
        "/missing",
        "/missing",
        "/slow",
    ]  # working ones came from the cache


def test_without_the_flag_nothing_is_fetched(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "pep.md"
    doc.write_text(pep_with_links(server), encoding="utf-8")
    assert main(["check", "--select", "U101", str(doc)]) == 0
    assert Handler.hits == []
    assert [f for f in check(doc.read_text()) if f.code == "U101"] == []


def test_allow_listed_hosts_are_never_fetched(server: str) -> None:
    assert allowed("https://sub.Robots.test/x", ["robots.test"]) and not allowed(
        "https://notrobots.test/", ["robots.test"]
    )
    assert check_urls([f"{server}/missing"], allow_hosts=["127.0.0.1"]) == {}
    assert Handler.hits == []


def test_an_expired_cache_entry_is_fetched_again(server: str, tmp_path: Path) -> None:
    (tmp_path / "urls.json").write_text(
        json.dumps({f"{server}/missing": time.time() - 7200, f"{server}/broken": time.time()})
    )
    broken = check_urls([f"{server}/missing", f"{server}/broken"], cache=Cache(tmp_path, 1))
    assert broken == {f"{server}/missing": "HTTP 404"}  # /broken was seen working within the hour


def test_a_suppression_comment_hides_a_broken_link(server: str) -> None:
    text = pep_with_links(server).replace(
        "\n\nLinks:", "\n\n<!-- pep-lsp-disable-next-line U101 -->\nLinks:"
    )
    settings = Settings(
        select=("U101",),
        options={"url-results": {f"{server}/missing": "HTTP 404", f"{server}/broken": "HTTP 500"}},
    )
    assert [f.message for f in check(text, settings)] == [
        f"Broken link (HTTP 500): {server}/broken"
    ]


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (
            urllib.error.URLError(socket.gaierror(-2, "Name or service not known")),
            "host not found (DNS)",
        ),
        (
            urllib.error.URLError(ssl.SSLCertVerificationError(1, "certificate verify failed")),
            "TLS error (certificate verify failed)",
        ),
        (urllib.error.URLError(ConnectionRefusedError(111, "refused")), "connection refused"),
        (TimeoutError("timed out"), "timed out"),
    ],
)
def test_network_failures_are_named(
    monkeypatch: pytest.MonkeyPatch, error: Exception, reason: str
) -> None:
    calls: list[str] = []

    def failing(request: object, timeout: float) -> io.BytesIO:
        calls.append(request.get_method())  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr("urllib.request.urlopen", failing)
    assert fetch("https://h.one/") == reason
    assert calls == (["HEAD", "GET"] if reason == "connection refused" else ["HEAD"])
