"""kehoach lsp driven by a real LSP client (tests/lsp/lspclient.py): every
feature on the seed plans, an unsaved buffer, a catalogue edit, a rename
across files, the -W settings, hostile input. Prints "ok lsp/NAME" or
"FAIL lsp/NAME" per check (read by tests/run.sh).

usage: python3 tests/lsp/test_lsp.py TMPDIR"""
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(__file__))
from lspclient import Client, uri  # noqa: E402

KEHOACH = os.environ.get("KEHOACH", "./kehoach")
TMP = sys.argv[1]
failures = 0


def check(name, cond, detail=""):
    global failures
    if cond:
        print("ok lsp/" + name)
    else:
        failures += 1
        print("FAIL lsp/" + name)
        if detail:
            print("    " + str(detail)[:600])


def start(options=None, utf8=False):
    c = Client([KEHOACH, "lsp"], TMP)
    caps = {"general": {"positionEncodings": ["utf-8", "utf-16"]}} if utf8 else {}
    r = c.request("initialize", {"processId": None, "rootUri": uri(TMP),
                                 "capabilities": caps,
                                 "initializationOptions": options or {}})
    c.notify("initialized", {})
    return c, r


def open_doc(c, path, text=None):
    text = open(path, encoding="utf-8").read() if text is None else text
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri(path), "languageId": "yaml", "version": 1, "text": text}})
    return text


def change(c, path, version, start, end, text):
    c.notify("textDocument/didChange", {
        "textDocument": {"uri": uri(path), "version": version},
        "contentChanges": [{"range": {"start": {"line": start[0], "character": start[1]},
                                      "end": {"line": end[0], "character": end[1]}},
                            "text": text}]})


def find(text, needle, nth=0):
    """(line, UTF-16 column) of the nth occurrence of needle in text."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at)
    start = text.rfind("\n", 0, at) + 1
    col = len(text[start:at].encode("utf-16-le")) // 2
    return line, col


def pos(lc):
    return {"line": lc[0], "character": lc[1]}


def by_code(diags, code):
    return [d for d in diags if d.get("code") == code]


# A copy of the plans: the tests edit catalogues and rename across files.
shutil.rmtree(TMP, ignore_errors=True)
shutil.copytree("plans", os.path.join(TMP, "plans"),
                ignore=shutil.ignore_patterns("[0-9a-f]" * 8 + "*"))
PLAN = os.path.join(TMP, "plans", "tan-yen-2026.yaml")
CATALOG = os.path.join(TMP, "plans", "danh-muc", "xa-tan-yen.yaml")
SEEDS = [os.path.join(TMP, "plans", f) for f in
         ("tan-yen-2026.yaml", "ha-bac-2026-2030.yaml", "ngok-bay-2025.yaml")]

# --- initialize, seed plans clean -------------------------------------------
c, init = start()
caps = init.get("result", {}).get("capabilities", {})
check("initialize", caps.get("textDocumentSync", {}).get("change") == 2
      and caps.get("hoverProvider") and caps.get("renameProvider", {}).get("prepareProvider")
      and caps.get("positionEncoding") == "utf-16", caps)
for seed in SEEDS:
    open_doc(c, seed)
    d = c.diagnostics(uri(seed))
    check("seed-clean/" + os.path.basename(seed), d == [], d)

# --- an unsaved edit: a doubled word, its exact range, its quick fix ----------
text = open(PLAN, encoding="utf-8").read()
word = "Tăng cường"
line, col = find(text, word)
change(c, PLAN, 2, (line, col), (line, col), "Tăng cường ")
d = c.diagnostics(uri(PLAN))
dw = by_code(d, "doubled-word")
check("unsaved-buffer-checked", len(dw) == 1 and dw[0]["severity"] == 2, d)
if dw:
    r = dw[0]["range"]
    check("doubled-word-range", r["start"] == pos((line, col)) and
          r["end"] == pos((line, col + len("Tăng cường Tăng cường"))), r)
    acts = c.request("textDocument/codeAction", {
        "textDocument": {"uri": uri(PLAN)}, "range": r,
        "context": {"diagnostics": dw}}).get("result", [])
    edit = acts[0]["edit"]["changes"][uri(PLAN)][0] if acts else None
    check("quick-fix", acts and acts[0]["kind"] == "quickfix" and edit["newText"] == word
          and edit["range"] == r, acts)
    if edit:
        change(c, PLAN, 3, (edit["range"]["start"]["line"], edit["range"]["start"]["character"]),
               (edit["range"]["end"]["line"], edit["range"]["end"]["character"]), word)
        d = c.diagnostics(uri(PLAN))
        check("quick-fix-applied", d == [], d)
check("disk-untouched", open(PLAN, encoding="utf-8").read() == text)

# --- an unknown agency: an error with did-you-mean as related information ----
line, col = find(text, "lead: cq-nganh-lq")
change(c, PLAN, 4, (line, col + 6), (line, col + 6 + len("cq-nganh-lq")), "cq-nganh-l")
d = c.diagnostics(uri(PLAN))
bad = by_code(d, "unknown-ref")
check("unknown-agency", len(bad) == 1 and bad[0]["severity"] == 1 and
      bad[0]["range"]["start"] == pos((line, col + 6)) and
      any("cq-nganh-lq" in ri["message"] for ri in bad[0].get("relatedInformation", [])), d)
change(c, PLAN, 5, (line, col + 6), (line, col + 6 + len("cq-nganh-l")), "cq-nganh-lq")
check("unknown-agency-repaired", c.diagnostics(uri(PLAN)) == [])

# --- hover --------------------------------------------------------------------
def hover(path, lc):
    r = c.request("textDocument/hover", {"textDocument": {"uri": uri(path)},
                                         "position": pos(lc)}).get("result")
    return r["contents"]["value"] if r else ""


h = hover(PLAN, find(text, "{agency:ubnd-xa short}", 0)[0:1] +
          (find(text, "{agency:ubnd-xa short}")[1] + 9,))
check("hover-agency", "Ủy ban nhân dân xã" in h and "xa-tan-yen.yaml" in h, h)
h = hover(PLAN, (find(text, "{cite:kh-169}")[0], find(text, "{cite:kh-169}")[1] + 7))
check("hover-document", h.startswith("Kế hoạch số 169/KH-UBND ngày 14/5/2026 của"), h)
dtext = "thường xuyên"
ha = open(SEEDS[1], encoding="utf-8").read()
h = hover(SEEDS[1], (find(ha, "date: 2026-05-07")[0], find(ha, "date: 2026-05-07")[1] + 8))
check("hover-date", "07/5/2026" in h or "7/5/2026" in h, h)
check("hover-date-weekday", "thứ Năm" in h, h)

# --- definition, references, rename across files ------------------------------
lc = (find(text, "{agency:ubnd-xa short}")[0], find(text, "{agency:ubnd-xa short}")[1] + 10)
r = c.request("textDocument/definition", {"textDocument": {"uri": uri(PLAN)},
                                          "position": pos(lc)}).get("result")
cat = open(CATALOG, encoding="utf-8").read()
check("definition", r and r["uri"] == uri(CATALOG) and
      r["range"]["start"] == pos(find(cat, "ubnd-xa")), r)
refs = c.request("textDocument/references", {
    "textDocument": {"uri": uri(PLAN)}, "position": pos(lc),
    "context": {"includeDeclaration": True}}).get("result", [])
uses = text.count("{agency:ubnd-xa") + text.count("lead: ubnd-xa") + \
    text.count("agency: ubnd-xa") + text.count(" ubnd-xa]") + text.count("[ubnd-xa")
check("references", len(refs) >= 1 + text.count("{agency:ubnd-xa") and
      refs[0]["uri"] == uri(CATALOG) and all(x["uri"] in (uri(PLAN), uri(CATALOG))
                                               for x in refs), (len(refs), uses))
pr = c.request("textDocument/prepareRename", {"textDocument": {"uri": uri(PLAN)},
                                              "position": pos(lc)})
check("prepare-rename", pr.get("result", {}).get("start") == pos(
    (lc[0], find(text, "{agency:ubnd-xa short}")[1] + 8)), pr)
pr = c.request("textDocument/prepareRename", {"textDocument": {"uri": uri(PLAN)},
                                              "position": pos(find(text, "Tăng cường"))})
check("prepare-rename-refuses-text", "error" in pr, pr)
rn = c.request("textDocument/rename", {"textDocument": {"uri": uri(PLAN)},
                                       "position": pos(lc), "newName": "ubnd-xa-ty"})
changes = rn.get("result", {}).get("changes", {})
check("rename-across-files", set(changes) == {uri(PLAN), uri(CATALOG)} and
      sum(len(v) for v in changes.values()) == len(refs) and
      all(e["newText"] == "ubnd-xa-ty" for v in changes.values() for e in v), changes)
rn = c.request("textDocument/rename", {"textDocument": {"uri": uri(PLAN)},
                                       "position": pos(lc), "newName": "Không hợp lệ"})
check("rename-refuses-bad-id", "error" in rn, rn)

# --- completion ---------------------------------------------------------------
line, col = find(text, "lead: cq-nganh-lq")
items = c.request("textDocument/completion", {"textDocument": {"uri": uri(PLAN)},
                                              "position": pos((line, col + 6))}).get("result", [])
labels = {i["label"]: i.get("detail") for i in items}
check("complete-agencies", labels.get("phong-vhxh") == "Phòng Văn hóa - Xã hội", labels)
line, col = find(text, "{cite:kh-169}")
items = c.request("textDocument/completion", {"textDocument": {"uri": uri(PLAN)},
                                              "position": pos((line, col + 6))}).get("result", [])
labels = {i["label"]: i.get("detail") for i in items}
check("complete-documents", (labels.get("kh-169") or "").startswith("Kế hoạch số 169"), labels)
line, col = find(text, "template: hang-nam")
items = c.request("textDocument/completion", {"textDocument": {"uri": uri(PLAN)},
                                              "position": pos((line, col + 10))}).get("result", [])
check("complete-templates", {"hang-nam", "chien-luoc"} <= {i["label"] for i in items}, items)

enumdoc = os.path.join(TMP, "enum.yaml")
etext = "kehoach: 1\ntemplate: hang-nam\nobjectives:\n  specific:\n    - indicators:\n        - target:\n            cmp: \n            value: 1\n    - numbering: \n"
open_doc(c, enumdoc, etext)
c.settle()
items = c.request("textDocument/completion", {"textDocument": {"uri": uri(enumdoc)},
                                              "position": pos((6, 17))}).get("result", [])
labels = {i["label"]: i.get("detail") for i in items}
check("complete-enum-cmp", "đạt" in labels and "tối thiểu" in labels and labels["đạt"], labels)
items = c.request("textDocument/completion", {"textDocument": {"uri": uri(enumdoc)},
                                              "position": pos((8, 17))}).get("result", [])
check("complete-enum-numbering", {"number", "letter", "dash"} <= {i["label"] for i in items}, items)

# --- the outline, numbered as the document ------------------------------------
syms = c.request("textDocument/documentSymbol",
                 {"textDocument": {"uri": uri(PLAN)}}).get("result", [])
names = [s["name"] for s in syms]
check("outline-sections", names and names[0].startswith("I. ") and
      any(n.startswith("II. ") for n in names), names)
kids = [k["name"] for s in syms for k in s.get("children", [])]
check("outline-items", any(k.startswith("1. ") for k in kids), kids[:8])

# --- a catalogue edit re-checks the plan that includes it ---------------------
open_doc(c, CATALOG)
# (a file whose diagnostics the editor already shows is not published again)
check("catalogue-open-rechecks", c.diagnostics(uri(CATALOG)) in (None, []))
line, col = find(cat, "name: Ủy ban nhân dân xã")
at = col + len("name: Ủy ban ")
change(c, CATALOG, 2, (line, at), (line, at), "nhân dân ")
d = c.diagnostics(uri(CATALOG))
dw = by_code(d, "doubled-word")
check("catalogue-edit-rechecks", len(dw) == 1 and dw[0]["range"]["start"] == pos((line, at)), d)
change(c, CATALOG, 3, (line, at), (line, at + len("nhân dân ")), "")
check("catalogue-repaired", c.diagnostics(uri(CATALOG)) == [])
c.notify("textDocument/didClose", {"textDocument": {"uri": uri(CATALOG)}})
check("catalogue-closed-rechecks", c.diagnostics(uri(CATALOG)) in (None, []))

# --- a catalogue changed on disk, not open: didChangeWatchedFiles -------------
disk = open(CATALOG, encoding="utf-8").read()
with open(CATALOG, "w", encoding="utf-8") as f:
    f.write(disk.replace("name: Ủy ban nhân dân xã", "name: Ủy ban nhân dân nhân dân xã"))
c.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri(CATALOG), "type": 2}]})
d = c.diagnostics(uri(CATALOG))
check("watched-file-rechecks", d is not None and len(by_code(d, "doubled-word")) == 1, d)
with open(CATALOG, "w", encoding="utf-8") as f:
    f.write(disk)
c.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri(CATALOG), "type": 2}]})
check("watched-file-repaired", c.diagnostics(uri(CATALOG)) == [])

# --- hostile input ------------------------------------------------------------
junk = os.path.join(TMP, "junk.yaml")
open_doc(c, junk, "template: [\n  - {\n\x1b]0;title\x07: \"\\u\n")
d = c.diagnostics(uri(junk))
check("hostile-yaml", len(d) >= 1 and d[0]["code"] == "yaml-syntax", d)
change(c, junk, 2, (99, 99), (120, 0), "kehoach: 1\n")  # past the end
d = c.diagnostics(uri(junk))
check("hostile-range", isinstance(d, list))
body = b"{not json"
c.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
c.proc.stdin.flush()
m = c.read()
check("hostile-json", m.get("error", {}).get("code") == -32700 and m.get("id") is None, m)
c.send({"id": 9999, "method": "textDocument/hover",
        "params": {"textDocument": 5, "position": {"line": -3, "character": "x"}}})
m = c.read()
while m.get("id") != 9999:
    m = c.read()
check("hostile-params", "result" in m, m)
r = c.request("textDocument/nonsense", {})
check("unknown-method", r.get("error", {}).get("code") == -32601, r)
r = c.request("textDocument/hover", {"textDocument": {"uri": "untitled:1"},
                                     "position": pos((0, 0))})
check("unknown-document", r.get("result") is None and "error" not in r, r)
status, err = c.close()
check("exit-after-shutdown", status == 0, err)

# --- -W settings from the editor; positions in bytes when offered -------------
c, init = start({"warnings": ["no-doubled-word"]}, utf8=True)
check("utf8-positions", init["result"]["capabilities"]["positionEncoding"] == "utf-8")
open_doc(c, PLAN, text.replace("Tăng cường", "Tăng cường Tăng cường", 1))
check("warnings-setting", c.diagnostics(uri(PLAN)) == [])
c.notify("workspace/didChangeConfiguration", {"settings": {"kehoach": {"warnings": []}}})
d = c.diagnostics(uri(PLAN))
dw = by_code(d, "doubled-word")
line = text[:text.index("Tăng cường")].count("\n")
start_b = len(text[text.rfind("\n", 0, text.index("Tăng cường")) + 1:
                   text.index("Tăng cường")].encode("utf-8"))
check("setting-changed", len(dw) == 1 and dw[0]["range"]["start"] == pos((line, start_b)), d)
status, _ = c.close()
check("exit-status", status == 0)

# --- the parsed catalogues kept between checks are never stale ---------------
# After each step, what the editor shows for the plan and for its catalogue
# is what a cold `kehoach check` prints for the same texts (a copy on disk):
# a catalogue edited in its buffer, the plan edited after it, the buffer
# closed, the file changed on disk, and a catalogue whose parsing warns.
import json  # noqa: E402
import subprocess  # noqa: E402

COLD = os.path.join(TMP, "cold")
shutil.copytree(os.path.join(TMP, "plans"), os.path.join(COLD, "plans"))
cold_plan = os.path.join(COLD, "plans", "tan-yen-2026.yaml")
cold_cat = os.path.join(COLD, "plans", "danh-muc", "xa-tan-yen.yaml")
with open(CATALOG, "w", encoding="utf-8") as f:  # as it was
    f.write(disk)


def cold(plan_text, cat_text):
    for path, t in ((cold_plan, plan_text), (cold_cat, cat_text)):
        with open(path, "w", encoding="utf-8") as f:
            f.write(t)
    out = subprocess.run([KEHOACH, "check", "--diagnostics-format=json", cold_plan],
                         capture_output=True, text=True).stdout
    got = {"plan": [], "cat": []}
    for row in out.splitlines():
        m = json.loads(row)
        which = "plan" if os.path.basename(m["file"]) == "tan-yen-2026.yaml" else "cat"
        got[which].append((m["line"] - 1, m["rule"], m["message"], m["severity"]))
    return {k: sorted(v) for k, v in got.items()}


SEV = {1: "error", 2: "warning", 3: "note"}
shown = {}


def served():
    shown.update(c.settle())
    return {k: sorted((d["range"]["start"]["line"], d["code"], d["message"],
                       SEV[d["severity"]]) for d in shown.get(uri(path)) or [])
            for k, path in (("plan", PLAN), ("cat", CATALOG))}


def replace_all(path, version, new_text):
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri(path), "version": version},
                                        "contentChanges": [{"text": new_text}]})


def watched(new_text):
    with open(CATALOG, "w", encoding="utf-8") as f:
        f.write(new_text)
    c.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri(CATALOG), "type": 2}]})


ptext = open(PLAN, encoding="utf-8").read()
bad = disk.replace("id: ubnd-xa,", "id: ubnd-xb,")  # the plan's uses now unknown
bidi = disk.replace("name: Ủy ban nhân dân xã", "name: Ủy ban nhân dân\u200e xã")
pline = ptext[:ptext.index("\nintro:") + 1].count("\n")
pcol = len(ptext.split("\n")[pline].encode("utf-16-le")) // 2
edited = "\n".join(l + "x" if i == pline else l for i, l in enumerate(ptext.split("\n")))
c, _ = start()
open_doc(c, PLAN, ptext)
steps = [("cache-clean", lambda: None, ptext, disk)]
steps.append(("cache-catalogue-buffer", lambda: open_doc(c, CATALOG, bad), ptext, bad))
steps.append(("cache-plan-after-buffer",
              lambda: change(c, PLAN, 2, (pline, pcol), (pline, pcol), "x"), edited, bad))
steps.append(("cache-buffer-repaired", lambda: replace_all(CATALOG, 2, disk), edited, disk))
steps.append(("cache-buffer-again", lambda: replace_all(CATALOG, 3, bad), edited, bad))
steps.append(("cache-buffer-closed",
              lambda: c.notify("textDocument/didClose", {"textDocument": {"uri": uri(CATALOG)}}),
              edited, disk))
steps.append(("cache-disk-changed", lambda: watched(bad), edited, bad))
steps.append(("cache-plan-after-disk",
              lambda: change(c, PLAN, 3, (pline, pcol), (pline, pcol + 1), ""), ptext, bad))
steps.append(("cache-disk-warns", lambda: watched(bidi), ptext, bidi))
steps.append(("cache-plan-after-warning",
              lambda: change(c, PLAN, 4, (pline, pcol), (pline, pcol), "x"), edited, bidi))
steps.append(("cache-disk-repaired", lambda: watched(disk), edited, disk))
steps.append(("cache-plan-after-repair",
              lambda: change(c, PLAN, 5, (pline, pcol), (pline, pcol + 1), ""), ptext, disk))
# The plan is parsed by top-level keys, those unchanged taken from the last
# check: edits that move the later keys' lines, add a key, write one twice,
# break the YAML, add a character the loader warns about, or write the plan
# so that it cannot be cut (a sequence at column 0) are served as cold.
i = ptext.index("\nintro:") + 1
e = ptext.index("\n", i)
twice = ptext.replace("Triển khai thực hiện văn bản", "Triển khai thực hiện thực hiện văn bản", 1)
assert twice != ptext
pieces = [
    ("pieces-line-added", ptext[:e] + "\n# một dòng chú thích" + ptext[e:]),
    ("pieces-later-key-edited", twice[:e] + "\n# một dòng chú thích" + twice[e:]),
    ("pieces-key-added", ptext[:e] + "\nfoo: 1" + ptext[e:]),
    ("pieces-key-twice", ptext[:e] + "\npurpose: x" + ptext[e:]),
    ("pieces-unclosed-quote", ptext[:i] + 'intro: "' + ptext[i + len("intro: "):]),
    ("pieces-bidi-warning", ptext[:e] + "\u200e" + ptext[e:]),
    ("pieces-not-cut", ptext.replace("\n  - danh-muc/", "\n- danh-muc/")),
    ("pieces-repaired", ptext),
]
steps.append(("pieces-catalogue-changed", lambda: watched(bad), ptext, bad))
for k, (name, t) in enumerate(pieces):
    steps.append((name, lambda t=t, k=k: replace_all(PLAN, 10 + k, t), t, bad))
steps.append(("pieces-catalogue-repaired", lambda: watched(disk), ptext, disk))
# lint keeps what it found in each text by the text's bytes (lint.c): a
# text met again is served as cold wherever it now sits, whatever the plan
# around it says (a `words` list, a comment silencing the rule, a commune's
# or a province's authority), and after an edit back to what it was.
slip = ptext.replace("\nintro: ban hành", "\nintro: về về nhiềm, tham mưu Ủy ban nhân dân tỉnh ban hành", 1)
assert slip != ptext
moved = slip.replace("\nintro:", "\n# một dòng chú thích\nintro:", 1)
listed = moved.replace("\ndocument:", "\nwords: [nhiềm]\ndocument:", 1)
islip = slip.index("\nintro:") + 1
eslip = slip.index("\n", islip)
silenced = slip[:eslip] + "  # kehoach: ignore doubled-word, spelling" + slip[eslip:]
province = slip.replace("Ủy ban nhân dân xã Tân Yên", "Ủy ban nhân dân tỉnh Bắc Ninh")
lint_steps = [("lint-cache-slip", slip), ("lint-cache-moved", moved),
              ("lint-cache-words-listed", listed), ("lint-cache-moved-again", moved),
              ("lint-cache-silenced", silenced), ("lint-cache-slip-again", slip),
              ("lint-cache-province", province), ("lint-cache-slip-commune", slip),
              ("lint-cache-repaired", ptext)]
for k, (name, t) in enumerate(lint_steps):
    steps.append((name, lambda t=t, k=k: replace_all(PLAN, 30 + k, t), t, disk))
for name, act, want_plan, want_cat in steps:
    act()
    got, want = served(), cold(want_plan, want_cat)
    check(name, got == want, (got, want))
check("cache-steps-not-trivial", cold(ptext, bad)["plan"] != [] and cold(ptext, bidi)["cat"] != []
      and all(cold(t, disk)["plan"] != [] for _, t in pieces[1:6])
      and len({str(cold(t, disk)["plan"]) for _, t in lint_steps}) >= 6)
c.close()

# An exit without shutdown is status 1 (LSP 3.17).
c, _ = start()
c.notify("exit", None)
check("exit-without-shutdown", c.proc.wait(timeout=20) == 1)
c.proc.stdin.close()
c.proc.stdout.close()
c.proc.stderr.close()
sys.exit(0)
