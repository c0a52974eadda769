"""A small Language Server Protocol client for kehoach's tests: real
JSON-RPC messages framed with Content-Length, over the server's pipes."""
import json
import os
import subprocess
import time


class Client:
    def __init__(self, cmd, root):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.next_id = 1
        self.notes = []  # notifications received, in order
        self.root = root

    def send(self, msg):
        msg["jsonrpc"] = "2.0"
        body = json.dumps(msg).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise EOFError("the server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length).decode("utf-8"))

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"id": rid, "method": method, "params": params})
        while True:
            msg = self.read()
            if msg.get("id") == rid and "method" not in msg:
                return msg
            self.notes.append(msg)

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def settle(self):
        """Waits until the server has handled everything sent so far (a
        request's answer comes after the notifications of earlier
        messages); returns {uri: its latest diagnostics} published since
        the last settle."""
        self.request("textDocument/hover", {"textDocument": {"uri": "untitled:sync"},
                                            "position": {"line": 0, "character": 0}})
        latest = {}
        for m in self.notes:
            if m.get("method") == "textDocument/publishDiagnostics":
                latest[m["params"]["uri"]] = m["params"]["diagnostics"]
        self.notes = []
        self.last = latest
        return latest

    def diagnostics(self, uri):
        """The diagnostics published for uri by the messages sent so far
        (None when none was published)."""
        return self.settle().get(uri)

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.proc.stdin.close()
        status = self.proc.wait(timeout=20)
        self.proc.stdout.close()
        err = self.proc.stderr.read()
        self.proc.stderr.close()
        return status, err


def uri(path):
    from urllib.parse import quote
    return "file://" + quote(os.path.realpath(path))
