"""Warm latency of `kehoach lsp` (issue 14), measured by a client sending
real protocol messages: a one-character didChange to its publishDiagnostics,
hover, completion; and the server's peak RSS after 100 and after N edits.

usage: python3 bench/lsp_bench.py KEHOACH PLAN [EDITS [OTHER_PLAN...]]
(prints key=value lines; the other plans are held open too, unedited)"""
import os
import signal
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "lsp"))
from lspclient import Client, uri  # noqa: E402

kehoach, plan = sys.argv[1], sys.argv[2]
signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends us quietly
edits = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
others = [p for p in sys.argv[4:] if os.path.abspath(p) != os.path.abspath(plan)]
text = open(plan, encoding="utf-8").read()
c = Client([kehoach, "lsp"], ".")
c.request("initialize", {"processId": None, "capabilities": {}})
c.notify("initialized", {})
u = uri(plan)
c.notify("textDocument/didOpen", {"textDocument": {"uri": u, "languageId": "yaml",
                                                   "version": 1, "text": text}})
for other in others:
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri(other), "languageId": "yaml", "version": 1,
        "text": open(other, encoding="utf-8").read()}})
c.settle()
# Where to type: the end of the intro's first line, inserting then deleting a letter.
line = text[:text.index("\nintro:") + 1].count("\n")
col = len(text.split("\n")[line].encode("utf-16-le")) // 2


def peak_rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for row in f:
            if row.startswith("VmHWM:"):
                return int(row.split()[1])
    return 0


def one_edit(version):
    insert = version % 2 == 0
    rng = {"start": {"line": line, "character": col},
           "end": {"line": line, "character": col + (0 if insert else 1)}}
    t0 = time.perf_counter()
    c.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": version},
                                        "contentChanges": [{"range": rng,
                                                            "text": "x" if insert else ""}]})
    while True:  # the answer to this edit: its publishDiagnostics for the plan
        m = c.read()
        if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == u:
            break
    return time.perf_counter() - t0


def drain_publishes():
    c.settle()


times = []
rss100 = None
for v in range(2, edits + 2):
    times.append(one_edit(v))
    if v == 101:
        drain_publishes()
        rss100 = peak_rss_kib(c.proc.pid)
drain_publishes()
rss_end = peak_rss_kib(c.proc.pid)


def timed(method, params, n=300):
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        c.request(method, params)
        out.append(time.perf_counter() - t0)
    return statistics.median(out)


lead = text.index("{cite:") + 7  # on a document's id: hover it, complete there
lline = text[:lead].count("\n")
lcol = len(text[text.rfind("\n", 0, lead) + 1:lead].encode("utf-16-le")) // 2
hover = timed("textDocument/hover", {"textDocument": {"uri": u},
                                     "position": {"line": lline, "character": lcol}})
completion = timed("textDocument/completion", {"textDocument": {"uri": u},
                                               "position": {"line": lline, "character": lcol}})
c.close()
print("lsp_edit_median_ms=%.3f" % (statistics.median(times) * 1000))
print("lsp_edit_p90_ms=%.3f" % (sorted(times)[int(len(times) * 0.9)] * 1000))
print("lsp_hover_median_ms=%.3f" % (hover * 1000))
print("lsp_completion_median_ms=%.3f" % (completion * 1000))
print("lsp_rss_100_kib=%d" % (rss100 or 0))
print("lsp_rss_end_kib=%d" % rss_end)
print("lsp_edits=%d" % edits)
print("lsp_open_plans=%d" % (1 + len(others)))
