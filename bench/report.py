#!/usr/bin/env python3
"""Turn bench/run.sh's raw results (build/bench/results/) into a table on
standard output and bench/RESULTS.md. Python 3 standard library only.

Targets are compared as measured; nothing here changes a number."""

import argparse
import json
import os
import re
import statistics
import sys

TYPST_S = 0.27          # Typst's time for one seed plan (issue 7)
TARGETS = dict(
    latency_ms=10.0,        # one seed plan -> MD + PDF, median
    vs_typst=25.0,          # times faster than Typst's 0.27 s
    vs_weasy=150.0,         # times faster than pandoc + WeasyPrint
    build_plans_s=300.0,    # batch build
    check_plans_s=2000.0,   # batch check, cold, 2 cores
    lsp_edit_ms=2.0,        # warm: one-character didChange -> publishDiagnostics
    lsp_query_ms=1.0,       # warm: hover, completion
    rss_kib=32 * 1024,      # peak RSS per seed plan (32 MiB)
    pdf_bytes=60_000,       # PDF of plans/ha-bac-2026-2030.yaml (60 KB)
)
PDF_TARGET_PLAN = "ha-bac-2026-2030"


def load_raw(d):
    raw = {}
    with open(os.path.join(d, "raw.tsv"), encoding="utf-8") as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("\t")
            raw[k] = v
    return raw


def hyper(d, name):
    with open(os.path.join(d, name + ".json"), encoding="utf-8") as f:
        r = json.load(f)["results"][0]
    t = r["times"]
    return dict(min=min(t), median=statistics.median(t), max=max(t),
                mean=statistics.mean(t), runs=len(t))


def rss_runs(path):
    with open(path, encoding="utf-8") as f:
        return [int(l.split()[-1]) for l in f if l.strip()]


def tsv(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n").split("\t") for l in f if l.strip()]


def ms(s):
    return "%.1f" % (s * 1000) if s < 10 else "%.0f" % (s * 1000)


def mib(kib):
    return "%.1f MiB" % (kib / 1024)


def met(ok):
    return "met" if ok else "NOT met"


def table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--seeds", nargs="+", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--commands", nargs="*", default=[])
    ap.add_argument("--check-log", help="diagnostics of the corpus check")
    a = ap.parse_args()
    d = a.results
    raw = load_raw(d)
    rules = {}
    if a.check_log and os.path.exists(a.check_log):
        with open(a.check_log, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.search(r": (warning|error): .*\[([a-z0-9-]+)\]$", line.rstrip("\n"))
                if m:
                    rules[m.group(2)] = rules.get(m.group(2), 0) + 1
    names = [os.path.basename(p)[:-len(".yaml")] for p in a.seeds]

    lat = {n: hyper(d, "lat-" + n) for n in names}
    weasy = {n: hyper(d, "weasy-" + n) for n in names}
    lo = {n: hyper(d, "lo-" + n) for n in names}
    rss = {n: max(rss_runs(os.path.join(d, "rss-%s.txt" % n))) for n in names}

    check = [(int(ns) / 1e9, int(k)) for ns, k in tsv(os.path.join(d, "check.tsv"))]
    build = [(int(ns) / 1e9, int(k)) for ns, k in tsv(os.path.join(d, "build.tsv"))]
    nplans = int(raw["tput_plans"])
    plan_mb = int(raw["tput_plan_bytes"]) / 1e6
    inc_mb = int(raw["tput_include_bytes"]) / 1e6
    check_s = statistics.median(t for t, _ in check)
    build_s = statistics.median(t for t, _ in build)
    check_rate = nplans / check_s
    build_rate = nplans / build_s
    # check -j 2 (both cores), when kehoach has -j
    check_j_path = os.path.join(d, "check_j.tsv")
    check_j = ([(int(ns) / 1e9, int(k)) for ns, k in tsv(check_j_path)]
               if os.path.exists(check_j_path) else [])
    check_j_s = statistics.median(t for t, _ in check_j) if check_j else None
    check_j_rate = nplans / check_j_s if check_j else None
    best_check = max(check_rate, check_j_rate or 0)

    growth = []
    for name, factor, tasks, nbytes, pages, pdf in tsv(os.path.join(d, "growth.tsv")):
        h = hyper(d, "growth-" + name)
        c = hyper(d, "growth-check-" + name)
        r = max(rss_runs(os.path.join(d, "growth-rss-%s.txt" % name)))
        growth.append(dict(name=name, k=int(factor), tasks=int(tasks), bytes=int(nbytes),
                           pages=int(pages), pdf=int(pdf), build=h["median"],
                           check=c["median"], rss=r))

    # Linear fit time = a + b * k (least squares) for build and check.
    def fit(key):
        xs = [g["k"] for g in growth]
        ys = [g[key] for g in growth]
        mx, my = statistics.mean(xs), statistics.mean(ys)
        b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        a_ = my - b * mx
        ss_res = sum((y - (a_ + b * x)) ** 2 for x, y in zip(xs, ys))
        ss_tot = sum((y - my) ** 2 for y in ys)
        return a_, b, 1 - ss_res / ss_tot if ss_tot else 1.0
    ga, gb, gr2 = fit("build")
    ca, cb, cr2 = fit("check")

    # ---- targets
    worst_lat = max(lat[n]["median"] for n in names)
    min_vs_weasy = min(weasy[n]["median"] / lat[n]["median"] for n in names)
    worst_rss = max(rss.values())
    pdf_target = int(raw.get("pdf_bytes_" + PDF_TARGET_PLAN, "0"))
    targets = [
        ("one seed plan -> MD+PDF, median", "<= %.0f ms" % TARGETS["latency_ms"],
         "%s ms (slowest seed)" % ms(worst_lat), worst_lat * 1000 <= TARGETS["latency_ms"]),
        ("faster than Typst (0.27 s)", ">= %.0fx" % TARGETS["vs_typst"],
         "%.1fx (slowest seed)" % (TYPST_S / worst_lat), TYPST_S / worst_lat >= TARGETS["vs_typst"]),
        ("faster than pandoc + WeasyPrint", ">= %.0fx" % TARGETS["vs_weasy"],
         "%.1fx (least, over the seeds)" % min_vs_weasy, min_vs_weasy >= TARGETS["vs_weasy"]),
        ("batch build", ">= %.0f plans/s" % TARGETS["build_plans_s"],
         "%.1f plans/s (%s)" % (build_rate, "-j 2" if raw["build_jobs"] != "none" else "no -j"),
         build_rate >= TARGETS["build_plans_s"]),
        ("batch check", ">= %.0f plans/s" % TARGETS["check_plans_s"],
         "%.1f plans/s (%s)" % (best_check, "-j 2" if check_j_rate and check_j_rate > check_rate
                                else "one thread"),
         best_check >= TARGETS["check_plans_s"]),
        ("peak RSS per seed plan", "<= 32 MiB", "%s (largest seed)" % mib(worst_rss),
         worst_rss <= TARGETS["rss_kib"]),
        ("PDF of plans/%s.yaml" % PDF_TARGET_PLAN, "<= 60 KB (60,000 bytes)",
         "{:,} bytes".format(pdf_target), 0 < pdf_target <= TARGETS["pdf_bytes"]),
    ]
    lsp = {}
    for n in names:
        path = os.path.join(d, "lsp-%s.txt" % n)
        if os.path.exists(path):
            lsp[n] = dict(line.strip().split("=", 1) for line in open(path) if "=" in line)
    if lsp:
        worst_edit = max(float(v["lsp_edit_median_ms"]) for v in lsp.values())
        worst_query = max(max(float(v["lsp_hover_median_ms"]), float(v["lsp_completion_median_ms"]))
                          for v in lsp.values())
        rss_growth = max(int(v["lsp_rss_end_kib"]) - int(v["lsp_rss_100_kib"]) for v in lsp.values())
        worst_watch = max(float(v.get("watch_rebuild_median_ms", "nan")) for v in lsp.values())
        targets += [
            ("editor: edit -> diagnostics, median", "<= %.0f ms" % TARGETS["lsp_edit_ms"],
             "%.2f ms (slowest seed)" % worst_edit, worst_edit <= TARGETS["lsp_edit_ms"]),
            ("editor: hover, completion, median", "<= %.0f ms" % TARGETS["lsp_query_ms"],
             "%.2f ms (slowest)" % worst_query, worst_query <= TARGETS["lsp_query_ms"]),
            ("editor: memory over the edits", "flat",
             "+%d KiB from edit 100 to the last" % rss_growth, rss_growth <= 1024),
            ("watch: rebuild MD+PDF after a save", "<= 10 ms",
             "%.2f ms (slowest seed, median)" % worst_watch, worst_watch <= 10.0),
        ]

    # ---- stdout table
    w = sys.stdout.write
    w("\n%-34s %-22s %-32s %s\n" % ("target", "wanted", "measured", ""))
    for t, want, got, ok in targets:
        w("%-34s %-22s %-32s %s\n" % (t, want, got, met(ok)))
    w("\n%-20s %9s %9s %9s %12s %12s\n" % ("latency (ms)", "min", "median", "max",
                                          "pandoc+WP", "pandoc+LO"))
    for n in names:
        w("%-20s %9s %9s %9s %12s %12s\n" % (n, ms(lat[n]["min"]), ms(lat[n]["median"]),
                                             ms(lat[n]["max"]), ms(weasy[n]["median"]),
                                             ms(lo[n]["median"])))
    w("\ncheck: %d plans in %.2f s = %.1f plans/s, %.2f MB/s of plan YAML\n"
      % (nplans, check_s, check_rate, plan_mb / check_s))
    if check_j:
        w("check -j 2: %d plans in %.2f s = %.1f plans/s\n" % (nplans, check_j_s, check_j_rate))
    w("build (%s): %d plans in %.2f s = %.1f plans/s\n"
      % (raw["build_jobs"], nplans, build_s, build_rate))
    w("growth (build median ms): %s\n" % ", ".join(
        "x%d %s" % (g["k"], ms(g["build"])) for g in growth))
    w("\nwrote %s\n" % a.out)

    # ---- RESULTS.md
    L = []
    quick = raw.get("quick") == "1"
    L += ["# kehoach benchmark results", "",
          "Written by `bench/run.sh` (issue 7) on %s, commit %s%s. Regenerate with "
          "`make bench` or `bench/run.sh`; the numbers below are what that run measured, "
          "nothing is adjusted." % (raw["date"], raw["commit"],
                                    ", **quick mode** (`BENCH_QUICK=1`)" if quick else ""),
          ""]
    L += ["## Machine", "",
          "- CPU: %s, `nproc` = %s; memory %.1f GiB" % (raw["cpu"], raw["nproc"],
                                                       int(raw["mem_kib"]) / 1024 / 1024),
          "- Kernel: %s" % raw["kernel"],
          "- Load average (1, 5, 15 min) at start: %s; at end: %s" % (raw["load_start"],
                                                                      raw["load_end"])]
    L += ["- Other processes at >= 20%% CPU when the run started: %s"
          % (raw.get("busy_start") or "none")]
    if raw.get("note"):
        L += ["- Note: %s" % raw["note"]]
    L += ["", "## Versions", "",
          "- kehoach: %s (commit %s)" % (raw["v_kehoach"], raw["commit"]),
          "- pandoc: %s" % raw["v_pandoc"],
          "- WeasyPrint: %s" % raw["v_weasyprint"],
          "- LibreOffice: %s" % raw["v_libreoffice"],
          "- hyperfine: %s" % raw["v_hyperfine"], ""]

    L += ["## Targets", ""]
    L += table(["target", "wanted", "measured", "status"],
               [(t, want, got, "**%s**" % met(ok)) for t, want, got, ok in targets])
    L += [""]

    L += ["## 1. Latency: one plan, one process, Markdown + PDF", "",
          "`kehoach build` of each plan under `plans/` as a whole process (start-up, "
          "fonts, YAML, checks, Markdown, PDF with font subsets, both files written), "
          "timed by hyperfine without a shell (`-N`), 3 warm-up runs.", ""]
    L += table(["plan", "YAML bytes", "PDF pages", "runs", "min ms", "median ms", "max ms"],
               [(n, raw["yaml_bytes_" + n], raw["pdf_pages_" + n], lat[n]["runs"],
                 ms(lat[n]["min"]), ms(lat[n]["median"]), ms(lat[n]["max"])) for n in names])
    L += [""]
    if os.path.exists(os.path.join(d, "lat-cold.json")):
        cold = hyper(d, "lat-cold")
        L += ["These runs find the fonts through kehoach's font cache (`~/.cache/kehoach`, "
              "written by the first run). With `KEHOACH_FONT_CACHE=off`, fontconfig reads "
              "its configuration in every process, as after a font or fontconfig change: "
              "%s, median %s ms (min %s, max %s, %d runs)."
              % (raw.get("lat_cold_plan", "?"), ms(cold["median"]), ms(cold["min"]),
                 ms(cold["max"]), cold["runs"]), ""]

    L += ["## 2. The same content through pandoc", "",
          "From kehoach's own Markdown output (`NAME.md`): pandoc + WeasyPrint "
          "(`pandoc NAME.md -o x.pdf --pdf-engine=weasyprint`) and pandoc -> DOCX -> "
          "LibreOffice (`soffice --headless --convert-to pdf`, a kept profile directory, "
          "so no first-start cost after the warm-up run). Medians; ratio = their time / "
          "kehoach's. Neither reproduces the decree's layout (no header block, footnotes "
          "at the end, other page count): it is the same text, not the same document.", ""]
    rows = []
    for n in names:
        k = lat[n]["median"]
        rows.append((n, ms(k),
                     "%s (%d runs)" % (ms(weasy[n]["median"]), weasy[n]["runs"]),
                     "%.0fx" % (weasy[n]["median"] / k),
                     "%s (%d runs)" % (ms(lo[n]["median"]), lo[n]["runs"]),
                     "%.0fx" % (lo[n]["median"] / k),
                     "%s / %s / %s" % (raw["pdf_pages_" + n], raw["weasy_pages_" + n],
                                       raw["lo_pages_" + n])))
    L += table(["plan", "kehoach ms", "pandoc+WeasyPrint ms", "ratio", "pandoc+LibreOffice ms",
                "ratio", "pages (kehoach / WP / LO)"], rows)
    L += ["", "Typst (from the issue, not measured here): 0.27 s for one seed plan; "
          "kehoach's slowest seed median is %.1fx faster." % (TYPST_S / worst_lat), ""]

    L += ["## 2c. DOCX: kehoach's beside its PDF, and pandoc's DOCX writer", "",
          "`kehoach build --format pdf` and `--format docx` of each seed plan (one process "
          "each, everything from start-up to the written file; hyperfine `-N`), and pandoc's "
          "DOCX writer on kehoach's Markdown of the same plan (`pandoc NAME.md -o x.docx`). "
          "Medians. pandoc's DOCX has the text only: no decree header, no page numbers, "
          "default styles; kehoach's is the decree's layout (tests/docx.sh).", ""]
    rows = []
    for n in names:
        pdf1, dx, pd = (hyper(d, k + n) for k in ("pdfonly-", "docx-", "pandocdocx-"))
        rows.append((n, "%s (min %s)" % (ms(pdf1["median"]), ms(pdf1["min"])),
                     "%s (min %s)" % (ms(dx["median"]), ms(dx["min"])),
                     "%s (%d runs)" % (ms(pd["median"]), pd["runs"]),
                     "%.0fx" % (pd["median"] / dx["median"]),
                     "{:,} / {:,}".format(int(raw["docx_bytes_" + n]),
                                          int(raw["pandoc_docx_bytes_" + n]))))
    L += table(["plan", "kehoach PDF ms", "kehoach DOCX ms", "pandoc DOCX ms",
                "pandoc / kehoach DOCX", "DOCX bytes (kehoach / pandoc)"], rows)
    L += [""]

    if lsp:
        L += ["## 2b. In the editor: `kehoach lsp`, warm", "",
              "bench/lsp_bench.py, a client speaking the real protocol over pipes "
              "(tests/lsp/lspclient.py): each seed plan opened, then one-character "
              "edits (insert, delete) at the end of the intro line, each timed from "
              "sending didChange to receiving its publishDiagnostics, the three seed plans "
              "held open in the same server; hover and "
              "completion on a document id, 300 requests each; the server's peak RSS "
              "(VmHWM) after 100 edits and after the last. The cold column is a whole "
              "`kehoach check` process of the same plan (hyperfine).", ""]
        rows = []
        for n in names:
            if n not in lsp:
                continue
            v = lsp[n]
            cold = hyper(d, "lsp-cold-check-" + n) if os.path.exists(
                os.path.join(d, "lsp-cold-check-%s.json" % n)) else None
            rows.append((n, v["lsp_edits"], v["lsp_edit_median_ms"], v["lsp_edit_p90_ms"],
                         v["lsp_hover_median_ms"], v["lsp_completion_median_ms"],
                         "%s / %s" % (mib(int(v["lsp_rss_100_kib"])), mib(int(v["lsp_rss_end_kib"]))),
                         ms(cold["median"]) if cold else "-",
                         v.get("watch_rebuild_median_ms", "-")))
        L += table(["plan", "edits", "edit median ms", "edit p90 ms", "hover ms",
                    "completion ms", "peak RSS (100 / last)", "cold check ms",
                    "watch rebuild ms"], rows)
        L += ["", "The watch column: `kehoach watch` of the plan, edited 30 times (a "
              "comment line added or removed); the median of the time each build line "
              "reports (the change seen to Markdown and PDF written)."]
        L += [""]

    L += ["## 3. Throughput: the corpus in one process", "",
          "%d plans, %s: %.1f MB of plan YAML, %.1f MB with what they include; all "
          "paths in one argv. Wall time from the shell around one process; peak RSS "
          "from `/usr/bin/time -f %%M`." % (
              nplans, "every 10th plan of the corpus (quick mode)" if quick else
              "the whole corpus", plan_mb, plan_mb + inc_mb), ""]
    L += table(["command", "runs", "median s", "plans/s", "MB/s (plan YAML)",
                "MB/s (incl. includes)", "peak RSS"],
               [("`kehoach check`", len(check), "%.2f" % check_s, "%.1f" % check_rate,
                 "%.2f" % (plan_mb / check_s), "%.2f" % ((plan_mb + inc_mb) / check_s),
                 mib(max(k for _, k in check)))] +
               ([("`kehoach check -j 2`", len(check_j), "%.2f" % check_j_s, "%.1f" % check_j_rate,
                  "%.2f" % (plan_mb / check_j_s), "%.2f" % ((plan_mb + inc_mb) / check_j_s),
                  mib(max(k for _, k in check_j)))] if check_j else []) +
               [("`kehoach build -q %s-o DIR`" % ("-j 2 " if raw["build_jobs"] != "none" else ""),
                 len(build), "%.2f" % build_s, "%.1f" % build_rate,
                 "%.2f" % (plan_mb / build_s), "%.2f" % ((plan_mb + inc_mb) / build_s),
                 mib(max(k for _, k in build)))])
    L += ["", "Batch build %s: `./kehoach --help` %s." % (
        "with `-j 2`" if raw["build_jobs"] != "none" else "without `-j`",
        "mentions `-j`" if raw["build_jobs"] != "none" else "does not mention `-j`"),
        "All runs: individual times %s s (check), %s s (build)." % (
            ", ".join("%.2f" % t for t, _ in check), ", ".join("%.2f" % t for t, _ in build)),
        ""]

    L += ["## 4. Growth: one plan, more tasks", "",
          "`plans/tan-yen-2026.yaml` with its tasks repeated K times (ids renamed, "
          "nothing else changed). Medians of %s hyperfine runs; peak RSS is the largest "
          "of 3 runs under `/usr/bin/time -f '%%e %%M'`." % raw["growth_runs"], ""]
    base = growth[0]
    L += table(["K", "tasks", "YAML bytes", "PDF pages", "PDF bytes", "build ms",
                "build / x1", "check ms", "check / x1", "peak RSS"],
               [("x%d" % g["k"], g["tasks"], g["bytes"], g["pages"], g["pdf"], ms(g["build"]),
                 "%.2f" % (g["build"] / base["build"]), ms(g["check"]),
                 "%.2f" % (g["check"] / base["check"]), mib(g["rss"])) for g in growth])
    L += ["", "Least-squares fit over K: build = %.1f ms + %.1f ms x K (R^2 = %.4f); "
          "check = %.1f ms + %.1f ms x K (R^2 = %.4f). An R^2 near 1 with a constant "
          "per-K slope is linear growth; the intercept is what does not depend on the "
          "number of tasks (process start-up and the plan's fixed parts)." % (ga * 1000, gb * 1000, gr2, ca * 1000, cb * 1000, cr2),
          ""]

    L += ["## 5. Size", ""]
    L += table(["plan", "PDF bytes", "pages", "bytes/page", "Markdown bytes",
                "peak RSS (max of %s runs)" % len(rss_runs(os.path.join(d, "rss-%s.txt" % names[0])))],
               [(n, "{:,}".format(int(raw["pdf_bytes_" + n])), raw["pdf_pages_" + n],
                 "{:,}".format(int(raw["pdf_bytes_" + n]) // int(raw["pdf_pages_" + n])),
                 "{:,}".format(int(raw["md_bytes_" + n])), mib(rss[n])) for n in names])
    L += ["", "For comparison, the same text from pandoc + WeasyPrint: %s; "
          "pandoc + LibreOffice: %s." % (
              ", ".join("%s {:,} bytes".format(int(raw["weasy_bytes_" + n])) % n for n in names),
              ", ".join("%s {:,} bytes".format(int(raw["lo_bytes_" + n])) % n for n in names)),
          ""]

    L += ["## Corpus", "",
          "`bench/gen-corpus.py` (fixed seed, Python standard library only) writes %s "
          "commune plans into `build/bench/corpus/`, one per commune after the 2025 reform, "
          "each derived from one of the three plans under `plans/` (in turn) with another "
          "commune name and province, plan date and number, cited plan numbers, reporting "
          "deadline, signer, agency catalogue (name variants, extra agencies, some tasks led "
          "by them) and 0.6x to 3x the seed's tasks (and indicators), 5x for about one plan "
          "in twenty; each plan includes its own `danh-muc/xa-*.yaml` and the shared "
          "`danh-muc/van-ban-trung-uong.yaml`. `kehoach check` over the whole corpus "
          "exits 0: %s errors, %s warnings (%s)." % (
              raw["corpus_plans"], raw["corpus_errors"], raw["corpus_warnings"],
              ", ".join("`%s` %d" % kv for kv in sorted(rules.items(), key=lambda kv: -kv[1]))
              or "none"),
          "`unserved-indicator` comes from plans with fewer tasks than their seed, where "
          "an objective keeps an indicator that no remaining task serves.", ""]

    L += ["## Commands", "", "```sh"] + a.commands + ["```", ""]
    L += ["## Caveats", "",
          "- Two cores; see the load averages above. Any other work on the machine "
          "(compilers, fuzzers, tests) lands in these numbers, the batch build with `-j 2` "
          "most of all: on a quiet machine times would be lower and rates higher, not the "
          "other way round. The min column of the latency table is the least disturbed "
          "figure.",
          "- hyperfine's times include process start-up and writing both files; the page "
          "cache is warm (inputs and outputs are small and read/written repeatedly).",
          "- Repetitions: %s for kehoach's latency, %s for each pandoc pipeline, %s for "
          "batch check, %s for batch build." % (raw["lat_runs"], raw["cmp_runs"],
                                               raw["check_runs"], raw["build_runs"]), ""]

    with open(a.out, "w", encoding="utf-8") as f:
        f.write("\n".join(L))


if __name__ == "__main__":
    main()
