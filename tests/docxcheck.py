#!/usr/bin/python3
"""Reads a DOCX written by kehoach back with python-docx (Debian's
python3-docx, hence /usr/bin/python3: the pyenv python3 lacks it).

usage: docxcheck.py [--only CHECK,...] FILE.docx [FILE.md [FILE.pdf]]

Checks, each printed as "ok NAME" or "FAIL NAME: why":
  package    python-docx opens it; [Content_Types].xml is the first entry;
             every zip entry has one and the same time; core properties
             title, subject and author (the issuing authority) are set
  margins    every section A4, margins 20 / 20 / 30 / 15 mm (top, bottom,
             left, right), portrait unless its page is landscape, and the
             orientation attribute agrees with the page's shape
  header     page 1's header table: the authority lines 13 pt bold, the
             Quốc hiệu 12-13 pt bold, the Tiêu ngữ one point more, the number
             13 pt, place and date 14 pt italic; all in Times New Roman
  rules      short rules under the authority, the Tiêu ngữ and the trích
             yếu: bottom borders of empty paragraphs, centred (equal indents)
  body       Normal is 14 pt Times New Roman, justified, first line 1 cm,
             6 pt above; mục headings in "heading 1" (bold); no Word
             auto-numbering anywhere
  endblock   a borderless table: "Nơi nhận:" 12 pt bold italic, the list
             11 pt, the signature 14 pt bold; the paragraph before it keeps
             with it
  pagenum    every section has a different first page; its default header
             holds a PAGE field, centred; its first-page header none
  footnotes  footnotes.xml has the separators -1 and 0; every reference
             names a footnote that exists; every footnote is referenced
             once; with FILE.md, as many footnotes as its definitions
  sections   with FILE.pdf (kehoach's own PDF of the plan): one section for
             the document and one per appendix (a page starting "Phụ lục"),
             each landscape exactly where the PDF's first page of it is
"""
import re
import sys
import zipfile

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

results = []


def report(name, problems):
    results.append(not problems)
    print(f"ok {name}" if not problems else f"FAIL {name}: " + "; ".join(problems[:5]))


def style_chain(style):
    while style is not None:
        yield style
        style = style.base_style


def font_of(paragraph, run=None):
    """(name, size in pt, bold, italic) of a run (or of the paragraph's
    style), looking up the style chain as Word does."""
    name = size = bold = italic = None
    if run is not None:
        f = run.font
        name, size, bold, italic = f.name, f.size, f.bold, f.italic
    for s in style_chain(paragraph.style):
        f = s.font
        name = name or f.name
        size = size or f.size
        bold = f.bold if bold is None else bold
        italic = f.italic if italic is None else italic
    return name, size.pt if size else None, bool(bold), bool(italic)


def text_runs(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def check_font(problems, what, paragraph, sizes, bold=None, italic=None):
    runs = text_runs(paragraph) or [None]
    for run in runs:
        name, size, b, i = font_of(paragraph, run)
        if name != "Times New Roman":
            problems.append(f"{what}: font {name}")
        if size not in sizes:
            problems.append(f"{what}: {size} pt, not {sizes}")
        if bold is not None and b != bold:
            problems.append(f"{what}: bold {b}")
        if italic is not None and i != italic:
            problems.append(f"{what}: italic {i}")


def check_package(path, d):
    problems = []
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        if not infos or infos[0].filename != "[Content_Types].xml":
            problems.append("[Content_Types].xml is not the first entry")
        times = {i.date_time for i in infos}
        if len(times) != 1:
            problems.append(f"entries have {len(times)} different times")
        bad = z.testzip()
        if bad:
            problems.append(f"{bad}: bad CRC")
    cp = d.core_properties
    for key in ("title", "subject", "author"):
        if not getattr(cp, key):
            problems.append(f"no {key}")
    report("package", problems)


def check_margins(d):
    problems = []
    for n, s in enumerate(d.sections, 1):
        w, h = s.page_width, s.page_height
        landscape = w > h
        if sorted((round(w.mm), round(h.mm))) != [210, 297]:
            problems.append(f"section {n}: page {w.mm:.1f} x {h.mm:.1f} mm")
        if (s.orientation == WD_ORIENT.LANDSCAPE) != landscape:
            problems.append(f"section {n}: orientation {s.orientation} for a "
                            f"{'landscape' if landscape else 'portrait'} page")
        for side, want in (("top", 20), ("bottom", 20), ("left", 30), ("right", 15)):
            got = getattr(s, side + "_margin")
            if got is None or abs(got.mm - want) > 0.1:
                problems.append(f"section {n}: {side} margin {got.mm if got else None} mm")
    report("margins", problems)


def has_bottom_border(p):
    ppr = p._p.pPr
    return ppr is not None and ppr.find(qn("w:pBdr")) is not None and \
        ppr.find(qn("w:pBdr")).find(qn("w:bottom")) is not None


def is_rule(p):
    if not has_bottom_border(p) or p.text.strip():
        return False
    ind = p._p.pPr.find(qn("w:ind"))
    return ind is not None and ind.get(qn("w:left")) == ind.get(qn("w:right"))


def check_header(d):
    problems = []
    if not d.tables:
        report("header", ["no table"])
        return None
    t = d.tables[0]
    if len(t.rows) < 2 or len(t.columns) != 2:
        report("header", [f"header table {len(t.rows)} x {len(t.columns)}"])
        return None
    left, right = t.rows[0].cells
    lines = [p for p in left.paragraphs if p.text.strip()]
    # the last lines in bold are the authority; a regular first one its parent
    bold_lines = [p for p in lines if font_of(p, text_runs(p)[0])[2]]
    if not bold_lines:
        problems.append("no authority line in bold")
    for p in lines:
        check_font(problems, f"authority '{p.text}'", p, {13.0})
    rl = [p for p in right.paragraphs if p.text.strip()]
    if len(rl) != 2:
        problems.append(f"{len(rl)} lines beside the authority")
    else:
        check_font(problems, "Quốc hiệu", rl[0], {12.0, 13.0}, bold=True)
        nsize = font_of(rl[0], text_runs(rl[0])[0])[1]
        check_font(problems, "Tiêu ngữ", rl[1], {nsize + 1}, bold=True)
    number = [p for p in t.rows[1].cells[0].paragraphs if p.text.strip()]
    date = [p for p in t.rows[1].cells[1].paragraphs if p.text.strip()]
    if not number or not number[0].text.startswith("Số"):
        problems.append("no number line")
    else:
        check_font(problems, "number", number[0], {13.0}, italic=False)
    if not date:
        problems.append("no place and date")
    else:
        check_font(problems, "place and date", date[0], {14.0}, italic=True)
    report("header", problems)
    # rules: under the authority, under the Tiêu ngữ, under the trích yếu
    problems = []
    if not any(is_rule(p) for p in left.paragraphs):
        problems.append("no rule under the authority")
    if not any(is_rule(p) for p in right.paragraphs):
        problems.append("no rule under the Tiêu ngữ")
    body = d.paragraphs
    kind = next((i for i, p in enumerate(body) if p.text.strip()), None)
    if kind is None or not any(is_rule(p) for p in body[kind:kind + 8]):
        problems.append("no rule under the trích yếu")
    report("rules", problems)
    return t


def check_body(d):
    problems = []
    normal = d.styles["Normal"]
    pf = normal.paragraph_format
    if normal.font.name != "Times New Roman" or normal.font.size != Pt(14):
        problems.append(f"Normal: {normal.font.name} {normal.font.size}")
    if pf.alignment != WD_ALIGN_PARAGRAPH.JUSTIFY:
        problems.append(f"Normal: alignment {pf.alignment}")
    if pf.first_line_indent is None or abs(pf.first_line_indent.mm - 10) > 0.1:
        problems.append(f"Normal: first line {pf.first_line_indent}")
    if pf.space_before != Pt(6):
        problems.append(f"Normal: space before {pf.space_before}")
    headings = [p for p in d.paragraphs if p.style.name.lower() == "heading 1"]
    if not headings:
        problems.append("no paragraph in style 'heading 1'")
    for p in headings:
        if not re.match(r"^[IVXLC]+\. ", p.text):
            problems.append(f"heading '{p.text[:30]}' has no literal number")
        if not font_of(p, text_runs(p)[0])[2]:
            problems.append(f"heading '{p.text[:30]}' not bold")
    body = [p for p in d.paragraphs if p.style.name == "Normal" and p.text.strip()]
    if not body:
        problems.append("no body paragraph")
    for p in body[:50]:
        check_font(problems, f"body '{p.text[:20]}'", p, {14.0})
    xml = d.element.xml
    if "<w:numPr" in xml:
        problems.append("Word auto-numbering (w:numPr) used")
    report("body", problems)


def check_end(d):
    problems = []
    end = next((t for t in d.tables if t.rows and
                t.rows[0].cells[0].text.strip().startswith("Nơi nhận")), None)
    if end is None:
        report("endblock", ["no table with 'Nơi nhận:'"])
        return
    # no borders: each side nil or none, or none stated and no table style
    tblpr = end._tbl.tblPr
    borders = tblpr.find(qn("w:tblBorders"))
    if (borders is None and tblpr.find(qn("w:tblStyle")) is not None) or \
            (borders is not None and
             any(b.get(qn("w:val")) not in ("nil", "none") for b in borders)):
        problems.append("the end block's table has borders")
    left, right = end.rows[0].cells[0], end.rows[0].cells[-1]
    lines = [p for p in left.paragraphs if p.text.strip()]
    check_font(problems, "Nơi nhận:", lines[0], {12.0}, bold=True, italic=True)
    for p in lines[1:]:
        check_font(problems, f"recipient '{p.text[:20]}'", p, {11.0}, bold=False)
    for p in right.paragraphs:
        if p.text.strip():
            check_font(problems, f"signature '{p.text[:20]}'", p, {14.0}, bold=True)
    # the paragraph before the table keeps with it
    prev = end._tbl.getprevious()
    keep = prev is not None and prev.tag == qn("w:p") and prev.pPr is not None and \
        prev.pPr.find(qn("w:keepNext")) is not None
    if not keep:
        problems.append("the body's last paragraph does not keep with the end block")
    report("endblock", problems)


def has_page_field(part_element):
    instr = "".join(t.text or "" for t in part_element.iter(qn("w:instrText")))
    simple = [f.get(qn("w:instr")) or "" for f in part_element.iter(qn("w:fldSimple"))]
    return "PAGE" in instr.split() or any("PAGE" in s.split() for s in simple)


def check_pagenum(d):
    problems = []
    for n, s in enumerate(d.sections, 1):
        if not s.different_first_page_header_footer:
            problems.append(f"section {n}: first page not different")
        if s.header.is_linked_to_previous and n == 1:
            problems.append("section 1 has no header")
        hdr = s.header._element if not s.header.is_linked_to_previous else None
        if hdr is None or not has_page_field(hdr):
            problems.append(f"section {n}: no PAGE field in its header")
        else:
            p = s.header.paragraphs[0]
            align = p.alignment
            if align is None:
                align = next((x.paragraph_format.alignment for x in style_chain(p.style)
                              if x.paragraph_format.alignment is not None), None)
            if align != WD_ALIGN_PARAGRAPH.CENTER:
                problems.append(f"section {n}: page number aligned {align}")
        first = s.first_page_header
        if not first.is_linked_to_previous and has_page_field(first._element):
            problems.append(f"section {n}: a PAGE field on the first page")
    report("pagenum", problems)


def check_footnotes(path, d, md):
    problems = []
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        if "word/footnotes.xml" not in names:
            report("footnotes", ["no word/footnotes.xml"])
            return
        from lxml import etree
        notes = etree.fromstring(z.read("word/footnotes.xml"))
    ids = {}
    for fn in notes.iter(qn("w:footnote")):
        ids[int(fn.get(qn("w:id")))] = fn.get(qn("w:type"))
    if ids.get(-1) != "separator" or ids.get(0) != "continuationSeparator":
        problems.append("no separator footnotes -1 and 0")
    refs = [int(r.get(qn("w:id"))) for r in d.element.iter(qn("w:footnoteReference"))]
    real = {i for i, kind in ids.items() if kind is None}
    for r in refs:
        if r not in real:
            problems.append(f"reference to footnote {r}, which does not exist")
    for i in sorted(real):
        if refs.count(i) != 1:
            problems.append(f"footnote {i} referenced {refs.count(i)} times")
    if md:
        defined = set(re.findall(r"^\[\^(\d+)\]:", open(md, encoding="utf-8").read(), re.M))
        if len(defined) != len(real):
            problems.append(f"{len(real)} footnotes, the Markdown has {len(defined)}")
    report("footnotes", problems)


def pdf_parts(pdf):
    """Orientation of the first page of each part of kehoach's PDF: the
    document, then each appendix (a page whose text starts "Phụ lục", its
    page number, if any, above)."""
    import subprocess
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", pdf],
                          capture_output=True, text=True).stdout
    sizes = [(float(w), float(h)) for w, h in
             re.findall(r"^Page +\d+ size: +([\d.]+) x ([\d.]+)", info, re.M)]
    parts = []
    for n, (w, h) in enumerate(sizes, 1):
        text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), pdf, "-"],
                              capture_output=True, text=True).stdout.split()
        if n == 1 or (text[:2] == ["Phụ", "lục"]):
            parts.append(w > h)
    return parts


def check_sections(d, pdf):
    problems = []
    want = pdf_parts(pdf)
    got = [s.page_width > s.page_height for s in d.sections]
    if len(got) != len(want):
        problems.append(f"{len(got)} sections, the PDF has {len(want)} parts")
    for n, (g, w) in enumerate(zip(got, want), 1):
        if g != w:
            problems.append(f"section {n} is {'landscape' if g else 'portrait'}, "
                            f"the PDF's part {'landscape' if w else 'portrait'}")
    report("sections", problems)


def main():
    args = sys.argv[1:]
    only = None
    if args and args[0] == "--only":
        only = set(args[1].split(","))
        args = args[2:]
        global report
        shown = report

        def report(name, problems):  # noqa: F811 - the checks not asked for are silent
            if name in only:
                shown(name, problems)
    path = args[0]
    md = args[1] if len(args) > 1 else None
    pdf = args[2] if len(args) > 2 else None
    try:
        d = docx.Document(path)
    except Exception as e:  # noqa: BLE001 - any failure to open is the finding
        report("package", [f"python-docx cannot open it: {e}"])
        sys.exit(1)
    check_package(path, d)
    check_margins(d)
    check_header(d)
    check_body(d)
    check_end(d)
    check_pagenum(d)
    check_footnotes(path, d, md)
    if pdf:
        check_sections(d, pdf)
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
