#!/usr/bin/env python3
"""A test of the test: each check of tests/nd30check.py must pass on a
correct PDF and fail on the same PDF made wrong on purpose.

usage: nd30selftest.py GOOD.pdf ...   (PDFs kehoach built, that pass)

Two kinds of wrong PDFs:
  - the pages read by tests/pdfmodel.py, then one thing moved, resized,
    restyled or retyped (a span's x, baseline, size, weight, slant, text;
    a rule's ends): one mutation per rule of the decree, on the first PDF
    where it applies;
  - the PDF file itself edited: qpdf --qdf uncompresses it, a MediaBox,
    a Td, a Tf or a rule's m/l operands are changed in the bytes, fix-qdf
    repairs the lengths, and the file is read again from scratch.
Prints "ok nd30-selftest/NAME" when the named check failed as it must (and
no other mutation was needed to make it fail), "FAIL ..." otherwise.
"""
import copy
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nd30check  # noqa: E402
import pdfmodel  # noqa: E402

MM = nd30check.MM
LEFT = nd30check.MARGINS["left"][0]
failures = 0


def report(name, ok, why=""):
    global failures
    failures += not ok
    print(f"ok nd30-selftest/{name}" if ok else f"FAIL nd30-selftest/{name}: {why}")


# Small editing tools on the model.

def shift(line, dx=0.0, dy=0.0):
    for s in line.spans:
        s.x0 += dx
        s.x1 += dx
        s.y += dy


def restyle(line, **kw):
    for s in line.spans:
        for k, v in kw.items():
            setattr(s, k, v)


def retext(line, f):
    """The line's text, as read, edited by f: all of it in its first span
    (a line's spans are cut where a kerning pair moves a glyph)."""
    text = f(line.text)
    for s in line.spans[1:]:
        s.text = ""
    line.spans[0].text = text


def parts(pages):
    return nd30check.Parts(pages)


def find_line(pages, pred, page=None):
    for p in pages:
        if page is not None and p.number != page:
            continue
        for l in p.lines:
            if pred(l):
                return p, l
    return None, None


def body_pairs(pages):
    """(page, line, starts) of every body line, in order."""
    pt = parts(pages)
    return [(p, l, s) for p, ls in nd30check.paragraphs(pt) for l, s in ls]


# Each mutation edits pages in place and returns True, or False when this
# PDF has nothing to mutate (another PDF is tried).

def m_letter(pages):
    pages[0].width, pages[0].height = 612, 792
    return True


def m_landscape_main(pages):
    p = pages[1]
    p.width, p.height = p.height, p.width
    return True


def m_left_margin(pages):
    p = pages[1]
    for l in p.lines:
        shift(l, dx=-8)
    return True


def m_top_margin(pages):
    p = pages[1]
    for l in p.lines:
        if l.bottom > 20 * MM:
            shift(l, dy=+25)
    return True


def m_past_right(pages):
    for p, l, s in body_pairs(pages):
        if not s:
            shift(l, dx=6)
            return True
    return False


def header_line(key):
    return lambda pages: parts(pages).header.get(key)


def m_nation_size(pages):
    restyle(header_line("nation")(pages), size=14)
    return True


def m_motto_regular(pages):
    restyle(header_line("motto")(pages), bold=False)
    return True


def m_parent_bold(pages):
    pr = parts(pages).header["parent"]
    if not pr:
        return False
    restyle(pr[0], bold=True)
    # it now looks like the issuer: the issuer's rule no longer fits it
    return True


def m_issuer_regular(pages):
    h = parts(pages).header
    if h["parent"]:
        return False
    restyle(h["issuer"][-1], bold=False)
    return True


def m_number_bold(pages):
    restyle(header_line("number")(pages), bold=True)
    return True


def m_date_upright(pages):
    restyle(header_line("date")(pages), italic=False)
    return True


def m_number_baseline(pages):
    shift(header_line("number")(pages), dy=1.5)
    return True


def m_date_off_centre(pages):
    shift(header_line("date")(pages), dx=8)
    return True


def m_number_off_centre(pages):
    shift(header_line("number")(pages), dx=-6)
    return True


def rule_of(key):
    return lambda pages: parts(pages).header_rules.get(key)


def m_motto_rule_short(pages):
    r = rule_of("motto")(pages)
    r.x0 += 10
    r.x1 -= 10
    return True


def m_authority_rule_long(pages):
    pt = parts(pages)
    r, w = pt.header_rules["authority"], max(l.x1 - l.x0 for l in pt.header["issuer"])
    grow = (0.6 * w - r.length) / 2
    r.x0 -= grow
    r.x1 += grow
    return True


def m_title_rule_off_centre(pages):
    r = rule_of("title")(pages)
    r.x0 += 12
    r.x1 += 12
    return True


def m_rule_distance(pages):
    r = rule_of("authority")(pages)
    r.y0 += 2.5
    r.y1 += 2.5
    return True


def m_appendix_rule_long(pages):
    pt = parts(pages)
    if not pt.appendices:
        return False
    p = pt.appendices[0][0]
    att = [l for l in nd30check.Parts.content(p) if l.italic and l.y < 200]
    r = next(x for x in p.rules if x.horizontal and 0 < x.y0 - att[-1].y < 20)
    w = max(l.x1 - l.x0 for l in att)
    r.x0, r.x1 = r.centre - 0.3 * w, r.centre + 0.3 * w
    return True


def m_kind_regular(pages):
    restyle(header_line("kind")(pages), bold=False)
    return True


def m_title_off_centre(pages):
    shift(parts(pages).header["title"][0], dx=10)
    return True


def m_title_unbalanced(pages):
    t = parts(pages).header["title"]
    if len(t) < 2:
        return False
    w = t[-1].x1 - t[-1].x0
    c = t[-1].centre
    for s in t[-1].spans:  # squeeze the last line to a fifth, centred
        s.x0 = c - w / 10 + (s.x0 - t[-1].x0) / 5
        s.x1 = c - w / 10 + (s.x1 - t[-1].x0) / 5
    return True


def m_title_splits_name(pages):
    t = parts(pages).header["title"]
    if len(t) < 2:
        return False
    retext(t[0], lambda x: x + " xã")
    retext(t[1], lambda x: "Tân Yên " + x)
    return True


def m_appendix_splits_name(pages):
    for ap in parts(pages).appendices:
        att = [l for l in nd30check.Parts.content(ap[0]) if l.italic]
        if len(att) >= 2:
            retext(att[0], lambda x: x + " Ủy ban")
            retext(att[1], lambda x: "nhân dân " + x)
            return True
    return False


def m_body_size(pages):
    for p, l, s in body_pairs(pages):
        if s and p.number == 2:
            restyle(l, size=12)
            return True
    return False


def m_not_justified(pages):
    items = body_pairs(pages)
    for k, (p, l, s) in enumerate(items[:-1]):
        if not items[k + 1][2] and len(l.spans) > 1:
            l.spans[-1].x0 -= 15
            l.spans[-1].x1 -= 15
            return True
    return False


def m_indent(pages):
    for p, l, s in body_pairs(pages):
        if s and p.number == 2:
            shift(l, dx=-(l.x0 - LEFT) + 0.8 * nd30check.CM)
            return True
    return False


def raise_page_2_from(pages, starts):
    """Moves page 2's body up 4 pt from its first line after another that
    starts (True) or continues (False) a paragraph."""
    items = body_pairs(pages)
    for k, (p, l, s) in enumerate(items):
        if s == starts and k and items[k - 1][0] is p and p.number == 2:
            for q, m, _ in items[k:]:
                if q is p:
                    shift(m, dy=-4)
            return True
    return False


def m_para_spacing(pages):
    return raise_page_2_from(pages, True)


def m_line_pitch(pages):
    return raise_page_2_from(pages, False)


def m_heading_regular(pages):
    for p, l, s in body_pairs(pages):
        if s and nd30check.ROMAN.match(l.text):
            restyle(l, bold=False)
            return True
    return False


def page_number(pages, n=2):
    return nd30check.Parts.page_number_line(pages[n - 1])


def m_page_number_small(pages):
    restyle(page_number(pages), size=11)
    return True


def m_page_number_off_centre(pages):
    shift(page_number(pages), dx=20)
    return True


def m_page_number_missing(pages):
    n = page_number(pages)
    pages[1].lines.remove(n)
    return True


def m_page_number_on_first(pages):
    n = copy.deepcopy(page_number(pages))
    pages[0].lines.insert(0, n)
    return True


def m_label_upright(pages):
    restyle(parts(pages).label, italic=False)
    return True


def m_label_level(pages):
    shift(parts(pages).label, dy=3)
    return True


def m_recipient_size(pages):
    restyle(parts(pages).recipients[0], size=12)
    return True


def m_recipient_semicolon(pages):
    retext(parts(pages).recipients[0], lambda t: t.rstrip(";"))
    return True


def m_archive_line(pages):
    retext(parts(pages).recipients[-1], lambda t: t.replace("Lưu: VT", "Lưu"))
    return True


def m_recipient_hang(pages):
    for item in nd30check.recipient_items(parts(pages)):
        if len(item) > 1:
            shift(item[1], dx=item[0].x0 - item[1].x0)
            return True
    return False


def m_signer_off_centre(pages):
    shift(parts(pages).sign[-1], dx=9)
    return True


def m_sign_title_regular(pages):
    restyle(parts(pages).sign[0], bold=False)
    return True


def m_no_room_to_sign(pages):
    pt = parts(pages)
    shift(pt.sign[-1], dy=-(pt.sign[-1].y - pt.sign[-2].y) + 20)
    return True


def m_note_elsewhere(pages):
    for p in pages:
        notes = nd30check.notes_of(p)
        if notes:
            first = min(notes)
            y = notes[first].y
            p.lines = [l for l in p.lines if not (l.size <= 10.5 and l.y >= y - 0.1)]
            return True
    return False


def m_heading_last(pages):
    pt = parts(pages)
    for p, ls in nd30check.paragraphs(pt)[:-1]:
        if ls and not ls[-1][0].bold:
            restyle(ls[-1][0], bold=True)
            return True
    return False


def m_orphan(pages):
    pars = [(p, ls) for p, ls in nd30check.paragraphs(parts(pages)) if ls]
    for (p, ls), (q, nxt) in zip(pars, pars[1:]):
        if len(nxt) > 1 and nxt[1][1] is False and not ls[-1][0].bold:
            # the page's last line becomes a paragraph's first, the next
            # page's first its second
            shift(ls[-1][0], dx=LEFT + nd30check.CM - ls[-1][0].x0)
            shift(nxt[0][0], dx=LEFT - nxt[0][0].x0)
            return True
    return False


def m_widow(pages):
    pars = [(p, ls) for p, ls in nd30check.paragraphs(parts(pages)) if ls]
    for (p, ls), (q, nxt) in zip(pars, pars[1:]):
        if len(nxt) > 2 and q is not parts(pages).end_page:
            shift(nxt[0][0], dx=LEFT - nxt[0][0].x0)
            shift(nxt[1][0], dx=LEFT + nd30check.CM - nxt[1][0].x0)
            return True
    return False


def m_dash_begins(pages):
    for p, l, s in body_pairs(pages):
        if not s:
            retext(l, lambda t: "- " + t)
            return True
    return False


def m_dash_ends(pages):
    for p, l, s in body_pairs(pages):
        if len(l.text) > 20:
            retext(l, lambda t: t + " -")
            return True
    return False


def m_appendix_label_size(pages):
    pt = parts(pages)
    if not pt.appendices:
        return False
    restyle(nd30check.Parts.content(pt.appendices[0][0])[0], size=12)
    return True


def m_appendix_attached_upright(pages):
    pt = parts(pages)
    if not pt.appendices:
        return False
    for l in nd30check.Parts.content(pt.appendices[0][0]):
        if l.italic:
            restyle(l, italic=False)
    return True


MUTATIONS = [
    ("nd30/page", "letter-paper", m_letter),
    ("nd30/page", "landscape-main", m_landscape_main),
    ("nd30/margin-ranges", "left-margin-27mm", m_left_margin),
    ("nd30/margin-ranges", "top-margin-29mm", m_top_margin),
    ("nd30/inside", "past-right-margin", m_past_right),
    ("nd30/header-fonts", "quoc-hieu-14pt", m_nation_size),
    ("nd30/header-fonts", "tieu-ngu-regular", m_motto_regular),
    ("nd30/header-fonts", "chu-quan-bold", m_parent_bold),
    ("nd30/header-fonts", "ban-hanh-regular", m_issuer_regular),
    ("nd30/header-fonts", "so-bold", m_number_bold),
    ("nd30/header-fonts", "ngay-upright", m_date_upright),
    ("nd30/header-places", "so-baseline", m_number_baseline),
    ("nd30/header-places", "ngay-off-centre", m_date_off_centre),
    ("nd30/header-places", "so-off-centre", m_number_off_centre),
    ("nd30/rules", "tieu-ngu-rule-short", m_motto_rule_short),
    ("nd30/rules", "authority-rule-long", m_authority_rule_long),
    ("nd30/rules", "trich-yeu-rule-off-centre", m_title_rule_off_centre),
    ("nd30/rules", "rule-distance", m_rule_distance),
    ("nd30/rules", "appendix-rule-long", m_appendix_rule_long),
    ("nd30/title", "ke-hoach-regular", m_kind_regular),
    ("nd30/title", "trich-yeu-off-centre", m_title_off_centre),
    ("nd30/title", "trich-yeu-unbalanced", m_title_unbalanced),
    ("nd30/names", "trich-yeu-xa-tan-yen-split", m_title_splits_name),
    ("nd30/names", "kem-theo-uy-ban-split", m_appendix_splits_name),
    ("nd30/body", "body-12pt", m_body_size),
    ("nd30/body", "not-justified", m_not_justified),
    ("nd30/indent", "indent-0.8cm", m_indent),
    ("nd30/spacing", "paragraph-space-2pt", m_para_spacing),
    ("nd30/spacing", "line-pitch-single-less", m_line_pitch),
    ("nd30/headings", "muc-regular", m_heading_regular),
    ("nd30/page-numbers", "number-11pt", m_page_number_small),
    ("nd30/page-numbers", "number-off-centre", m_page_number_off_centre),
    ("nd30/page-numbers", "number-missing", m_page_number_missing),
    ("nd30/page-numbers", "number-on-page-1", m_page_number_on_first),
    ("nd30/recipients", "noi-nhan-upright", m_label_upright),
    ("nd30/recipients", "noi-nhan-not-level", m_label_level),
    ("nd30/recipients", "recipient-12pt", m_recipient_size),
    ("nd30/recipients", "recipient-no-semicolon", m_recipient_semicolon),
    ("nd30/recipients", "no-luu-vt", m_archive_line),
    ("nd30/recipients", "no-hanging-indent", m_recipient_hang),
    ("nd30/signature", "signer-off-centre", m_signer_off_centre),
    ("nd30/signature", "title-regular", m_sign_title_regular),
    ("nd30/signature", "no-room-to-sign", m_no_room_to_sign),
    ("nd30/footnotes", "note-not-on-its-page", m_note_elsewhere),
    ("nd30/breaks", "heading-last-on-page", m_heading_last),
    ("nd30/breaks", "orphan", m_orphan),
    ("nd30/breaks", "widow", m_widow),
    ("nd30/dashes", "line-begins-with-dash", m_dash_begins),
    ("nd30/dashes", "line-ends-with-dash", m_dash_ends),
    ("nd30/appendix", "phu-luc-12pt", m_appendix_label_size),
    ("nd30/appendix", "kem-theo-upright", m_appendix_attached_upright),
]


def failing(pages):
    return {k for k, v in nd30check.check(pages).items() if v}


# Edits of the PDF file itself (qpdf --qdf, bytes, fix-qdf).

def edit_pdf(good, out, edit):
    qdf = out + ".qdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", good, qdf], check=True)
    data = open(qdf, "rb").read()
    data2 = edit(data)
    if data2 is None or data2 == data:
        return False
    open(qdf, "wb").write(data2)
    with open(out, "wb") as f:
        subprocess.run(["fix-qdf", qdf], stdout=f, check=True)
    return True


def first_stream(data):
    """Offsets of page 1's content stream."""
    m = re.search(rb"%% Contents for page 1\n.*?stream\n", data, re.S)
    end = data.index(b"endstream", m.end())
    return m.end(), end


def e_mediabox(data):
    return re.sub(rb"/MediaBox \[[^\]]*\]", b"/MediaBox [ 0 0 612 792 ]", data, count=1)


def e_tf(pages):
    """Page 1's body set at 12 pt: every '14 Tf' after the title's rule."""
    def edit(data):
        a, b = first_stream(data)
        s = data[a:b]
        cut = s.index(b" S\n") if b" S\n" in s else s.index(b"S\n")
        s2 = s[:cut] + s[cut:].replace(b" 14 Tf", b" 12 Tf")
        return data[:a] + s2 + data[b:]
    return edit


def e_number_td(pages):
    """The number line's Td moved up 2 pt."""
    h = nd30check.Parts(pages).header
    y = pages[0].height - h["number"].y

    def edit(data):
        a, b = first_stream(data)
        s = data[a:b]
        for m in re.finditer(rb"([\d.]+) ([\d.]+) Td", s):
            if abs(float(m.group(2)) - y) < 0.02 and float(m.group(1)) < 250:
                new = m.group(1) + b" %.2f Td" % (float(m.group(2)) + 2)
                s = s[:m.start()] + new + s[m.end():]
                return data[:a] + s + data[b:]
        return None
    return edit


def e_motto_rule(pages):
    """The Tiêu ngữ's rule drawn 30 pt shorter at its right end."""
    r = nd30check.Parts(pages).header_rules["motto"]
    y = pages[0].height - r.y0

    def edit(data):
        a, b = first_stream(data)
        s = data[a:b]
        for m in re.finditer(rb"([\d.]+) ([\d.]+) l", s):
            if abs(float(m.group(2)) - y) < 0.02 and abs(float(m.group(1)) - r.x1) < 0.02:
                new = b"%.2f " % (float(m.group(1)) - 30) + m.group(2) + b" l"
                s = s[:m.start()] + new + s[m.end():]
                return data[:a] + s + data[b:]
        return None
    return edit


FILE_EDITS = [
    ("nd30/page", "file-mediabox-letter", lambda pages: e_mediabox),
    ("nd30/body", "file-body-tf-12pt", e_tf),
    ("nd30/header-places", "file-number-td", e_number_td),
    ("nd30/rules", "file-tieu-ngu-rule", e_motto_rule),
]


def main():
    goods = []
    for pdf in sys.argv[1:]:
        pages = pdfmodel.load(pdf)
        bad = failing(pages)
        report(f"baseline/{os.path.basename(pdf)}", not bad, f"fails before any mutation: {sorted(bad)}")
        goods.append((pdf, pages))
    for check, name, mutate in MUTATIONS:
        done = False
        for pdf, pages in goods:
            mutated = copy.deepcopy(pages)
            try:
                applied = mutate(mutated)
            except (AttributeError, IndexError, KeyError, TypeError, StopIteration, ValueError):
                applied = False
            if not applied:
                continue
            done = True
            bad = failing(mutated)
            report(name, check in bad, f"{check} passed ({sorted(bad) or 'nothing'} failed)")
            break
        if not done:
            report(name, False, "no PDF to apply the mutation to")
    with tempfile.TemporaryDirectory() as tmp:
        pdf, pages = goods[0]
        for check, name, make in FILE_EDITS:
            out = os.path.join(tmp, name + ".pdf")
            if not edit_pdf(pdf, out, make(pages)):
                report(name, False, "the edit found nothing to change")
                continue
            bad = failing(pdfmodel.load(out))
            report(name, check in bad, f"{check} passed ({sorted(bad) or 'nothing'} failed)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
