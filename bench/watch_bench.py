"""kehoach watch's rebuild time (issue 14): the plan edited (a comment line
appended, then removed) N times; each build line's own time (from the
change seen to MD + PDF written) read from the log; the median printed.

usage: python3 bench/watch_bench.py KEHOACH PLAN [N]   (prints key=value lines)"""
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

kehoach, plan = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 30
tmp = tempfile.mkdtemp(prefix="kehoach-watch-")
src_dir = os.path.dirname(os.path.abspath(plan))
for name in os.listdir(src_dir):  # the plan and its catalogues
    p = os.path.join(src_dir, name)
    if name.endswith(".yaml"):
        shutil.copy(p, tmp)
    elif os.path.isdir(p) and not name.startswith("."):
        shutil.copytree(p, os.path.join(tmp, name))
target = os.path.join(tmp, os.path.basename(plan))
log = open(os.path.join(tmp, "log"), "w+")
proc = subprocess.Popen([kehoach, "watch", "-o", os.path.join(tmp, "out"), target],
                        stderr=log, stdout=subprocess.DEVNULL)


def lines():
    log.flush()
    with open(log.name) as f:
        return [l for l in f if l.startswith("kehoach: ")]


def wait_for(count):
    for _ in range(1000):
        if len(lines()) >= count:
            return
        time.sleep(0.01)
    raise SystemExit("watch did not rebuild")


wait_for(1)
text = open(target).read()
for i in range(n):
    with open(target, "w") as f:
        f.write(text + ("# edit %d\n" % i if i % 2 == 0 else ""))
    wait_for(i + 2)
proc.send_signal(signal.SIGTERM)
proc.wait(timeout=20)
times = [float(m.group(1)) for l in lines()[1:]
         for m in [re.search(r"built, \d+ pages, ([0-9.]+) ms", l)] if m]
print("watch_rebuilds=%d" % len(times))
print("watch_rebuild_median_ms=%.2f" % statistics.median(times))
print("watch_first_build_ms=%s" % re.search(r"([0-9.]+) ms", lines()[0]).group(1))
shutil.rmtree(tmp)
