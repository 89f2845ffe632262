"""Show what an editor shows: start the real `pep-lsp` server over stdio, open a document as
an editor would, and print the diagnostics it publishes the way a Problems panel lists them.

Usage: python scripts/demo.py PATH.md
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from queue import Empty, Queue

SEVERITY = {1: "error", 2: "warning", 3: "info", 4: "hint"}


class StdioClient:
    """A minimal JSON-RPC client: Content-Length framing, one reader thread."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.messages: Queue[dict] = Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if length is None:
                continue
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def request(self, method: str, params: dict, timeout: float = 30) -> dict:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id and "method" not in m, timeout)

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def wait(self, accept, timeout: float = 30) -> dict:
        while True:
            try:
                message = self.messages.get(timeout=timeout)
            except Empty:
                raise TimeoutError("no answer from the server") from None
            if "method" in message and "id" in message:  # a request from the server
                self.send({"id": message["id"], "result": None})
            elif accept(message):
                return message

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=5)
            self.notify("exit", {})
            self.process.wait(timeout=5)
        except Exception:
            self.process.kill()


def main(path: str) -> int:
    file = Path(path).resolve()
    text = file.read_text(encoding="utf-8")
    client = StdioClient([sys.executable, "-m", "pep_lsp"])
    try:
        client.request("initialize", {"processId": None, "rootUri": file.parent.as_uri(), "capabilities": {}})
        client.notify("initialized", {})
        uri = file.as_uri()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
        published = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
        diagnostics = published["params"]["diagnostics"]
        print(f"PROBLEMS in {path} ({len(diagnostics)}), as the editor receives them from the server:")
        lines = text.splitlines()
        for d in diagnostics:
            start = d["range"]["start"]
            print(f"  [Ln {start['line'] + 1}, Col {start['character'] + 1}] {SEVERITY[d['severity']]:<7} {d['code']}  {d['message']}")
            source_line = lines[start["line"]] if start["line"] < len(lines) else ""
            print(f"      {source_line[:100]}")
    finally:
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "examples/pep-9002-draft.md"))
