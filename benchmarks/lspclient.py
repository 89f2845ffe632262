"""A small raw JSON-RPC (LSP) client over a child process's stdio, for benchmarks.

No pygls, no asyncio: one writer (the caller's thread, under a lock) and one reader thread
that timestamps every incoming message with `time.perf_counter()` as soon as its body is
read. Server-to-client requests are answered from the reader thread so the server never
waits on us (`workspace/configuration` -> one null per item, `client/registerCapability`,
`window/workDoneProgress/create` and anything else -> null).

Every wait takes a timeout; if the server dies, waits raise `ServerDied` at once instead of
hanging. `close()` always ends the process (shutdown/exit, then kill).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class ServerDied(RuntimeError):
    pass


class Timeout(RuntimeError):
    pass


@dataclass
class Diagnostics:
    uri: str
    version: int | None
    count: int
    t: float  # perf_counter() when the message was read
    items: list[dict] = field(default_factory=list)  # the diagnostics as received


@dataclass
class _Pending:
    event: threading.Event = field(default_factory=threading.Event)
    message: dict | None = None
    t: float = 0.0


class LspClient:
    def __init__(self, cmd: list[str], cwd: str | None = None, env: dict | None = None):
        self.cmd = cmd
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115  (lives as long as the client)
        self.t_spawn = time.perf_counter()
        self.proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        self.pid = self.proc.pid
        self._write_lock = threading.Lock()
        self._next_id = 0
        self._pending: dict[int, _Pending] = {}
        self._cond = threading.Condition()
        self.diagnostics: list[Diagnostics] = []
        self.notifications: list[tuple[str, float]] = []
        self.progress: list[
            tuple[dict, float]
        ] = []  # `$/progress` values (begin, report, end) and when
        self.server_requests: list[str] = []
        self.dead = False
        self.protocol_errors: list[str] = []
        self._reader = threading.Thread(target=self._read_loop, name="lsp-reader", daemon=True)
        self._reader.start()

    # -- writing ------------------------------------------------------------------------
    def _write(self, message: dict) -> float:
        body = json.dumps(message, separators=(",", ":")).encode("utf-8")
        data = b"Content-Length: %d\r\n\r\n" % len(body) + body
        with self._write_lock:
            t = time.perf_counter()
            try:
                self.proc.stdin.write(data)
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError, ValueError) as exc:
                self._mark_dead()
                raise ServerDied(f"write failed: {exc}; {self.stderr_tail()}") from exc
        return t

    def notify(self, method: str, params: Any) -> float:
        """Send a notification; returns perf_counter() taken just before the write."""
        return self._write({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 30.0) -> tuple[Any, float, float]:
        """Send a request and wait for its response: (result, t_sent, t_received)."""
        with self._cond:
            self._next_id += 1
            rid = self._next_id
            pending = self._pending[rid] = _Pending()
        t_sent = self._write({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while not pending.event.wait(0.05):
            if self.dead:
                raise ServerDied(
                    f"{method}: server exited ({self.proc.poll()}); {self.stderr_tail()}"
                )
            if time.monotonic() > deadline:
                raise Timeout(f"{method}: no response in {timeout} s")
        msg = pending.message or {}
        if "error" in msg:
            raise RuntimeError(f"{method}: error response {msg['error']}")
        return msg.get("result"), t_sent, pending.t

    # -- reading ------------------------------------------------------------------------
    def _read_loop(self) -> None:
        stream = self.proc.stdout
        try:
            while True:
                length = None
                while True:
                    line = stream.readline()
                    if not line:
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip())
                if length is None:
                    self.protocol_errors.append("message without Content-Length")
                    continue
                body = b""
                while len(body) < length:
                    chunk = stream.read(length - len(body))
                    if not chunk:
                        return
                    body += chunk
                t = time.perf_counter()
                try:
                    message = json.loads(body)
                except ValueError:
                    self.protocol_errors.append(f"bad JSON: {body[:80]!r}")
                    continue
                self._dispatch(message, t)
        except (OSError, ValueError) as exc:
            self.protocol_errors.append(f"reader: {exc}")
        finally:
            self._mark_dead()

    def _mark_dead(self) -> None:
        with self._cond:
            self.dead = True
            self._cond.notify_all()

    def _dispatch(self, message: dict, t: float) -> None:
        method = message.get("method")
        if method is not None and "id" in message:  # a request from the server
            self.server_requests.append(method)
            result: Any = None
            if method == "workspace/configuration":
                result = [None for _ in (message.get("params") or {}).get("items", [])]
            try:
                self._write({"jsonrpc": "2.0", "id": message["id"], "result": result})
            except ServerDied:
                pass
            return
        if method is not None:  # a notification
            with self._cond:
                if method == "textDocument/publishDiagnostics":
                    p = message.get("params") or {}
                    items = p.get("diagnostics") or []
                    self.diagnostics.append(
                        Diagnostics(p.get("uri"), p.get("version"), len(items), t, items)
                    )
                else:
                    self.notifications.append((method, t))
                    if method == "$/progress":
                        self.progress.append(
                            (((message.get("params") or {}).get("value") or {}), t)
                        )
                self._cond.notify_all()
            return
        pending = self._pending.pop(message.get("id"), None)
        if pending is not None:
            pending.message, pending.t = message, t
            pending.event.set()

    # -- waiting ------------------------------------------------------------------------
    def wait_for(self, predicate: Callable[[], Any], timeout: float) -> Any:
        """Wait until predicate() (called under the lock) is truthy; return its value."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                value = predicate()
                if value:
                    return value
                if self.dead:
                    raise ServerDied(f"server exited ({self.proc.poll()}); {self.stderr_tail()}")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise Timeout(f"condition not met in {timeout} s")
                self._cond.wait(min(remaining, 0.25))

    def wait_diagnostics(
        self, uri: str, version: int | None, timeout: float, start: int = 0
    ) -> Diagnostics:
        """The first publishDiagnostics for `uri` carrying `version` (any version if None),
        looking at publishes from index `start` on."""

        def find():
            for d in self.diagnostics[start:]:
                if d.uri == uri and (version is None or d.version == version):
                    return d
            return None

        return self.wait_for(find, timeout)

    # -- process ------------------------------------------------------------------------
    def status(self, field_name: str) -> int | None:
        """A /proc/PID/status field in kB (VmHWM, VmRSS), or None when unavailable."""
        try:
            with open(f"/proc/{self.pid}/status") as fh:
                for line in fh:
                    if line.startswith(field_name + ":"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def stderr_tail(self, limit: int = 600) -> str:
        try:
            self._stderr.seek(0, os.SEEK_END)
            size = self._stderr.tell()
            self._stderr.seek(max(0, size - limit))
            return self._stderr.read().decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""

    def initialize(self, root_uri: str | None = None, timeout: float = 30.0) -> float:
        """initialize + initialized; returns seconds from spawn to the initialize result."""
        capabilities = {
            "general": {"positionEncodings": ["utf-16"]},
            "textDocument": {
                "synchronization": {"didSave": True, "dynamicRegistration": False},
                "publishDiagnostics": {"versionSupport": True, "relatedInformation": True},
                "completion": {"completionItem": {"snippetSupport": True}},
            },
            "workspace": {"configuration": True, "workspaceFolders": True},
            "window": {"workDoneProgress": True},
        }
        params = {
            "processId": os.getpid(),
            "rootUri": root_uri,
            "capabilities": capabilities,
            "clientInfo": {"name": "pep-lsp-bench"},
        }
        if root_uri:
            params["workspaceFolders"] = [{"uri": root_uri, "name": "bench"}]
        self.init_result, _, t = self.request("initialize", params, timeout)
        self.notify("initialized", {})
        return t - self.t_spawn

    def close(self, timeout: float = 5.0) -> None:
        """shutdown + exit when alive; kill if it does not exit in time. Never raises."""
        try:
            if not self.dead and self.proc.poll() is None:
                try:
                    self.request("shutdown", None, timeout)
                    self.notify("exit", None)
                except (ServerDied, Timeout, RuntimeError):
                    pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout)
        except Exception:
            if self.proc.poll() is None:
                self.proc.kill()
        finally:
            for stream in (self.proc.stdin, self.proc.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            self._reader.join(2)

    def __enter__(self) -> LspClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
