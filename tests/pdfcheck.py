#!/usr/bin/env python3
"""Reads a PDF written by kehoach with readers kehoach did not write.

usage: pdfcheck.py FILE.pdf [SEED.txt]
       pdfcheck.py --layout FILE.pdf [SEED.txt]   (a PDF another program made
       from kehoach's DOCX: only text, margins, pagenum and similarity)

Checks, each printed as "ok NAME" or "FAIL NAME: why":
  qpdf       qpdf --check finds no error
  info       pdfinfo: A4 first page, Title, Author, Subject, Creator kehoach
  fonts      pdffonts: every font embedded, subset, with a Unicode map;
             the family is Times New Roman, Liberation Serif or Tinos
  text       pdftotext prints no warning (e.g. a broken ToUnicode CMap)
  margins    pdftotext -bbox: every word of a portrait page inside the
             Nghị định 30 margins (left >= 30 mm, right >= 15 mm, top and
             bottom >= 20 mm); the page number alone in the top margin
  pagenum    no page number on page 1; from page 2 on, the page's number,
             centred over the text column, in the top margin; each appendix
             ("Phụ lục ...") numbered on its own, from 1
  pdfa       the PDF/A-1b parts (qpdf --json): header 1.4, an unfiltered
             XMP stream that parses, says pdfaid part 1 / conformance B and
             repeats the Info Title, Author, Subject, Creator and Producer;
             a GTS_PDFA1 output intent with an ICC profile; a trailer /ID;
             a CIDSet and an embedded FontFile2 for every CID font.
             (Structure only: veraPDF is not packaged in Debian.)
  subset     every embedded TrueType program (FontFile2) is a real subset:
             its tables parse, it holds at most two glyphs per code its
             CIDToGIDMap maps (an accented letter's parts come along) plus
             .notdef, and each mapped glyph exists
  descriptor every CID font states what PDF readers and PDF/A validators read:
             CIDSystemInfo Adobe-Identity-0, Identity-H, a subset tag on
             the name, ascent, descent, cap height and bounding box in
             thousandths of the size, an italic angle below zero exactly
             for the italic faces (and the Italic flag with it)
  nd30/*     the layout rules of Nghị định 30/2020 (tests/nd30check.py, one
             result per check: page, margin-ranges, inside, header-fonts,
             header-places, rules, title, names, body, indent, spacing, headings,
             page-numbers, recipients, signature, footnotes, breaks, dashes,
             appendix), read from the content streams by tests/pdfmodel.py
  similarity with SEED: word-sequence similarity of the extracted text >= 0.92
"""
import base64
import struct
import json
import xml.etree.ElementTree as ET
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from similarity import words  # noqa: E402
import nd30check  # noqa: E402
import pdfmodel  # noqa: E402
import difflib  # noqa: E402

MM = 72 / 25.4
A4 = (595.276, 841.89)
LEFT, RIGHT, TOP, BOTTOM = 30 * MM, 15 * MM, 20 * MM, 20 * MM
SLACK = 0.5  # points: rounding in the readers

results = []


def report(name, ok, why=""):
    results.append(ok)
    print(f"ok {name}" if ok else f"FAIL {name}: {why}")


def run(*cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def check_qpdf(pdf):
    rc, out, err = run("qpdf", "--check", pdf)
    report("qpdf", rc == 0, (out + err).strip()[-300:])


def check_info(pdf):
    rc, out, err = run("pdfinfo", pdf)
    info = dict(
        (k.strip(), v.strip()) for k, v in
        (line.split(":", 1) for line in out.splitlines() if ":" in line))
    size = re.match(r"([\d.]+) x ([\d.]+)", info.get("Page size", ""))
    problems = []
    if not size or abs(float(size.group(1)) - A4[0]) > 1 or abs(float(size.group(2)) - A4[1]) > 1:
        problems.append("page size " + info.get("Page size", "?"))
    for key in ("Title", "Author", "Subject"):
        if not info.get(key):
            problems.append("no " + key)
    if not info.get("Creator", "").startswith("kehoach "):
        problems.append("Creator " + info.get("Creator", "?"))
    report("info", rc == 0 and not problems, "; ".join(problems) or err)


def check_fonts(pdf):
    rc, out, err = run("pdffonts", pdf)
    rows = out.splitlines()[2:]
    problems = []
    for row in rows:
        cols = row.split()
        emb, sub, uni = cols[-5], cols[-4], cols[-3]
        if (emb, sub, uni) != ("yes", "yes", "yes"):
            problems.append(f"{cols[0]}: emb {emb} sub {sub} uni {uni}")
        if not re.search(r"TimesNewRoman|Times New Roman|LiberationSerif|Tinos", cols[0]):
            problems.append(f"{cols[0]}: not a decree font")
    report("fonts", rc == 0 and rows and not problems, "; ".join(problems) or "no fonts")


def bbox_pages(pdf):
    rc, out, err = run("pdftotext", "-bbox", pdf, "-")
    report("text", rc == 0 and not err.strip(), err.strip()[:300])
    pages = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        found = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            page.group(3))
        pages.append((float(page.group(1)), float(page.group(2)),
                      [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in found]))
    return pages


def check_layout(pages, box_slack=0.0):
    """box_slack: a share of each word's box height the bottom margin
    allows, for PDFs whose fonts give words a taller box than kehoach's
    (LibreOffice: Liberation Serif's whole bounding box, 1.3 em, against
    the 1.107 em of ascent and descent kehoach's own PDF states)."""
    margin_problems, number_problems = [], []
    first = 1  # the page where the document or the current appendix starts
    for n, (width, height, page_words) in enumerate(pages, 1):
        portrait = height > width
        in_top = [w for w in page_words if w[3] <= TOP + SLACK]
        body = [w for w in page_words if w[3] > TOP + SLACK]
        # An appendix ("Phụ lục I") starts its own numbering at 1.
        first_words = sorted(body, key=lambda w: (round(w[1]), w[0]))[:2]  # reading order
        if n > 1 and not in_top and [w[4] for w in first_words] == ["Phụ", "lục"]:
            first = n
        shown = n - first + 1
        if shown == 1 and in_top:
            number_problems.append(f"page {n} (first) has '{in_top[0][4]}' in the top margin")
        if shown > 1:
            if len(in_top) != 1 or in_top[0][4] != str(shown):
                number_problems.append(f"page {n}: top margin holds {[w[4] for w in in_top]}")
            elif portrait:
                centre = (in_top[0][0] + in_top[0][2]) / 2
                column = (LEFT + width - RIGHT) / 2
                if abs(centre - column) > 2:
                    number_problems.append(f"page {n}: number centred at {centre:.1f}, column at {column:.1f}")
        if not portrait:
            continue
        for x0, y0, x1, y1, w in body:
            if x0 < LEFT - SLACK or x1 > width - RIGHT + SLACK or \
                    y1 - box_slack * (y1 - y0) > height - BOTTOM + SLACK:
                margin_problems.append(f"page {n}: '{w}' at {x0:.1f},{y0:.1f}-{x1:.1f},{y1:.1f}")
    report("margins", not margin_problems, "; ".join(margin_problems[:5]))
    report("pagenum", not number_problems, "; ".join(number_problems[:5]))


def qpdf_json(pdf):
    """The PDF as qpdf reads it: "pages", and in "qpdf" every object
    ({"obj:N 0 R": ...}, and "trailer"), streams decoded and inline;
    {} when qpdf cannot read it."""
    rc, out, err = run("qpdf", "--json", "--json-stream-data=inline",
                       "--decode-level=generalized", pdf)
    return json.loads(out) if rc == 0 else {}


def qpdf_objects(j):
    return j["qpdf"][1] if j else {}


def check_nd30(pdf, j):
    """Every layout rule of the decree (tests/nd30check.py) on the pages
    tests/pdfmodel.py reads from the content streams."""
    try:
        pages = pdfmodel.load(pdf, j) if j else []
    except Exception as e:  # noqa: BLE001 -- an unreadable page is a failure
        report("nd30/read", False, f"{type(e).__name__}: {e}")
        return
    for name, problems in nd30check.check(pages).items():
        report(name, not problems, "; ".join(problems[:5]))


def check_pdfa(pdf, objs):
    problems = []
    with open(pdf, "rb") as f:
        if not f.read(9).startswith(b"%PDF-1.4"):
            problems.append("header is not %PDF-1.4")
    get = lambda ref: objs.get("obj:" + ref, {})
    trailer = objs.get("trailer", {}).get("value", {})
    root = get(trailer.get("/Root", "")).get("value", {})
    info = {k: v[2:] for k, v in get(trailer.get("/Info", "")).get("value", {}).items()}
    if not trailer.get("/ID"):
        problems.append("no trailer /ID")
    meta = get(root.get("/Metadata", "")).get("stream", {})
    if meta.get("dict", {}).get("/Filter"):
        problems.append("the XMP stream is filtered")
    try:
        xmp = ET.fromstring(base64.b64decode(meta.get("data", "")))
        text = {el.tag.split("}")[1]: (el.text or "") for el in xmp.iter() if "}" in el.tag}
        lis = [el.text for el in xmp.iter() if el.tag.endswith("}li")]
        if (text.get("part"), text.get("conformance")) != ("1", "B"):
            problems.append("pdfaid is not part 1, conformance B")
        for key in ("/Title", "/Author", "/Subject"):
            if info.get(key) not in lis:
                problems.append(f"XMP lacks Info {key}")
        if text.get("CreatorTool") != info.get("/Creator") or text.get("Producer") != info.get("/Producer"):
            problems.append("XMP CreatorTool/Producer differ from Info")
    except ET.ParseError as e:
        problems.append(f"XMP does not parse: {e}")
    intents = [get(r).get("value", {}) for r in root.get("/OutputIntents", [])]
    if not any(i.get("/S") == "/GTS_PDFA1" and i.get("/DestOutputProfile") for i in intents):
        problems.append("no GTS_PDFA1 output intent with a profile")
    for key, value in objects_of(objs, "/CIDFontType2"):
        desc = get(value.get("/FontDescriptor", "")).get("value", {})
        if not desc.get("/CIDSet") or not desc.get("/FontFile2"):
            problems.append(f"{key}: no CIDSet or FontFile2")
    report("pdfa", not problems, "; ".join(problems[:5]))


def objects_of(objs, subtype):
    """(key, dictionary) of each object of qpdf's JSON with that /Subtype."""
    for key, obj in objs.items():
        value = obj.get("value", {}) if isinstance(obj, dict) else {}
        if isinstance(value, dict) and value.get("/Subtype") == subtype:
            yield key, value


def truetype_tables(data):
    """The table directory of a TrueType font: {tag: (offset, length)}."""
    count = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(count):
        tag, _, off, length = struct.unpack(">4sIII", data[12 + 16 * i: 28 + 16 * i])
        tables[tag.decode("latin-1")] = (off, length)
    return tables


def check_subset(objs):
    get = lambda ref: objs.get("obj:" + ref, {})
    problems, fonts = [], 0
    for key, value in objects_of(objs, "/CIDFontType2"):
        fonts += 1
        desc = get(value.get("/FontDescriptor", "")).get("value", {})
        font = base64.b64decode(get(desc.get("/FontFile2", "")).get("stream", {}).get("data", ""))
        cidmap = base64.b64decode(get(value.get("/CIDToGIDMap", "")).get("stream", {}).get("data", ""))
        gids = [g for g in struct.unpack(f">{len(cidmap) // 2}H", cidmap) if g]
        try:
            tables = truetype_tables(font)
            missing = {"head", "hhea", "maxp", "hmtx", "loca", "glyf"} - set(tables)
            off = tables["maxp"][0]
            glyphs = struct.unpack(">H", font[off + 4: off + 6])[0]
        except (struct.error, KeyError, IndexError) as e:
            problems.append(f"{key}: the font program does not parse ({e})")
            continue
        if missing:
            problems.append(f"{key}: no {sorted(missing)} table")
        # accented letters are composites: their parts come along
        if glyphs > 2 * len(set(gids)) + 1:
            problems.append(f"{key}: {glyphs} glyphs for {len(set(gids))} codes (not a subset)")
        if gids and max(gids) >= glyphs:
            problems.append(f"{key}: CIDToGIDMap names glyph {max(gids)} of {glyphs}")
    report("subset", fonts and not problems, "; ".join(problems[:5]) or "no CID fonts")


def check_descriptors(objs):
    get = lambda ref: objs.get("obj:" + ref, {}).get("value", {})
    problems, fonts = [], 0
    for _, font in objects_of(objs, "/Type0"):
        fonts += 1
        name = font.get("/BaseFont", "")
        cid = get(font.get("/DescendantFonts", [""])[0])
        desc = get(cid.get("/FontDescriptor", ""))
        info = cid.get("/CIDSystemInfo", {})
        italic = "Italic" in name
        if font.get("/Encoding") != "/Identity-H":
            problems.append(f"{name}: encoding {font.get('/Encoding')}")
        if (info.get("/Registry"), info.get("/Ordering"), info.get("/Supplement")) != \
                ("u:Adobe", "u:Identity", 0):
            problems.append(f"{name}: CIDSystemInfo {info}")
        if not re.match(r"^/[A-Z]{6}\+", name) or desc.get("/FontName") != name:
            problems.append(f"{name}: no subset tag, or FontName {desc.get('/FontName')}")
        if not (600 < desc.get("/Ascent", 0) < 1100 and -400 < desc.get("/Descent", 0) < 0
                and 500 < desc.get("/CapHeight", 0) < 800 and len(desc.get("/FontBBox", [])) == 4):
            problems.append(f"{name}: metrics {desc}")
        if (desc.get("/ItalicAngle", 0) < 0) != italic or bool(desc.get("/Flags", 0) & 64) != italic:
            problems.append(f"{name}: ItalicAngle {desc.get('/ItalicAngle')} Flags {desc.get('/Flags')}")
    report("descriptor", fonts and not problems, "; ".join(problems[:5]) or "no fonts")


def check_similarity(pdf, seed):
    rc, out, err = run("pdftotext", pdf, "-")
    a = words(open(seed, encoding="utf-8").read())
    b = words(out)
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    report("similarity", ratio >= 0.92, f"{ratio:.4f} < 0.92")
    if ratio >= 0.92 and os.environ.get("VERBOSE"):
        print(f"     {ratio:.4f} {pdf}")


def main():
    if sys.argv[1] == "--layout":
        pdf = sys.argv[2]
        check_layout(bbox_pages(pdf), box_slack=0.15)
        if len(sys.argv) > 3:
            check_similarity(pdf, sys.argv[3])
        sys.exit(0 if all(results) else 1)
    pdf = sys.argv[1]
    check_qpdf(pdf)
    check_info(pdf)
    check_fonts(pdf)
    check_layout(bbox_pages(pdf))
    j = qpdf_json(pdf)
    objs = qpdf_objects(j)
    check_nd30(pdf, j)
    check_pdfa(pdf, objs)
    check_subset(objs)
    check_descriptors(objs)
    if len(sys.argv) > 2:
        check_similarity(pdf, sys.argv[2])
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
