#!/usr/bin/env python3
"""Golden layout snapshots: every line of a PDF with its page, place, size
and style, and every rule, compared with a stored snapshot.

usage: layoutsnap.py FILE.pdf SNAPSHOT [--update]

A snapshot (tests/layout/NAME.layout) has one row per text line, in page
order, read by tests/pdfmodel.py from the content streams:

    p1  y=  68.6 x= 117.4- 239.8 13.0 B   ỦY BAN NHÂN DÂN
    p1  rule 162.6,  89.6 - 194.6,  89.6

(y: the baseline, x: from and to, in points from the page's top-left
corner; B bold, I italic). Positions compare within TOLERANCE points, text
and sizes exactly; a difference prints as a unified diff of the rows, so a
line-breaking or pagination change reads as lines moving. --update (what
UPDATE=1 tests/run.sh passes) writes the snapshot instead.
"""
import difflib
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfmodel  # noqa: E402

TOLERANCE = 0.5
ROW = re.compile(r"^p(\d+) +y= *([\d.-]+) x= *([\d.-]+)- *([\d.-]+) ([\d.]+) (\S*) +(.*)$")
RULE = re.compile(r"^p(\d+) +rule +([\d.-]+), *([\d.-]+) - *([\d.-]+), *([\d.-]+)$")


def rows(pages):
    out = []
    for p in pages:
        for l in p.lines:
            style = ("B" if l.bold else "") + ("I" if l.italic else "")
            out.append(f"p{p.number:<2} y={l.y:6.1f} x={l.x0:6.1f}-{l.x1:6.1f} {l.size:4.1f} "
                       f"{style or '-':3} {l.text}")
        for r in p.rules:
            out.append(f"p{p.number:<2} rule {r.x0:6.1f},{r.y0:6.1f} -{r.x1:6.1f},{r.y1:6.1f}")
    return out


def same(a, b):
    """Rows equal but for positions within TOLERANCE."""
    ma, mb = ROW.match(a), ROW.match(b)
    if ma and mb:
        fa, fb = ma.groups(), mb.groups()
        return (fa[0], fa[4], fa[5], fa[6]) == (fb[0], fb[4], fb[5], fb[6]) and \
            all(abs(float(x) - float(y)) <= TOLERANCE for x, y in zip(fa[1:4], fb[1:4]))
    ma, mb = RULE.match(a), RULE.match(b)
    if ma and mb:
        return ma.group(1) == mb.group(1) and \
            all(abs(float(x) - float(y)) <= TOLERANCE for x, y in zip(ma.groups()[1:], mb.groups()[1:]))
    return a == b


def main():
    pdf, snap = sys.argv[1], sys.argv[2]
    got = rows(pdfmodel.load(pdf))
    if "--update" in sys.argv[3:]:
        os.makedirs(os.path.dirname(snap) or ".", exist_ok=True)
        with open(snap, "w", encoding="utf-8") as f:
            f.write("\n".join(got) + "\n")
    try:
        want = open(snap, encoding="utf-8").read().splitlines()
    except FileNotFoundError:
        print(f"no snapshot {snap}: run UPDATE=1 tests/run.sh layout")
        sys.exit(1)
    if len(want) == len(got) and all(same(a, b) for a, b in zip(want, got)):
        sys.exit(0)
    diff = list(difflib.unified_diff(want, got, snap, pdf, n=1, lineterm=""))
    print("\n".join(diff[:80]))
    if len(diff) > 80:
        print(f"... {len(diff) - 80} more diff lines")
    sys.exit(1)


if __name__ == "__main__":
    main()
