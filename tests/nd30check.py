"""The layout rules of Nghị định 30/2020/NĐ-CP, Phụ lục I, checked on the
pages tests/pdfmodel.py reads from a PDF (text lines with font, size and
place; stroked rules). ../shared/nd30.md has the numbers; section numbers
below ("PL I.II.2") are the decree's.

    problems = check(pages)   # {check name: [problem, ...]} for every check

Each check returns the list of what it found wrong (empty: the check
passed); tests/nd30selftest.py makes each one fail on a page made wrong on
purpose. Which line is which element is found from the text and the place
(the Quốc hiệu is "CỘNG HÒA ...", the number line starts "Số:", the body is
what lies between the trích yếu's rule and "Nơi nhận:").
"""
import re

from pdfmodel import Line as pdfmodel_line

MM = 72 / 25.4
CM = 10 * MM
A4 = (595.276, 841.89)
MARGINS = {"top": (20 * MM, 25 * MM), "bottom": (20 * MM, 25 * MM),
           "left": (30 * MM, 35 * MM), "right": (15 * MM, 20 * MM)}
SLACK = 0.5          # points: rounding in the PDF's numbers
CENTRE_TOL = 2.0     # points: "centred over each other"
SINGLE = 1.149       # single line spacing of Times New Roman / Liberation
                     # Serif, per unit of size: ascent + descent + line gap
DASH = "-\u2013\u2014"
ROMAN = re.compile(r"^[IVXLC]+\. \S")
ORG_KIND = re.compile(r"^(ỦY BAN|UBND|HỘI ĐỒNG|HĐND|SỞ|PHÒNG|BỘ|BAN|CỤC|CHI CỤC|TỔNG CỤC|"
                      r"VĂN PHÒNG|TRƯỜNG|TRUNG TÂM|CÔNG AN|BỆNH VIỆN|VIỆN|ĐẠI HỌC)\b")


def caps(s):
    return s == s.upper() and any(c.isalpha() for c in s)


def between(v, lo, hi, slack=SLACK):
    return lo - slack <= v <= hi + slack


class Parts:
    """The document's pages sorted into the decree's elements."""

    def __init__(self, pages):
        self.pages = pages
        # Main document pages, then appendices (each starts "Phụ lục").
        self.appendix_starts = [p.number for p in pages[1:] if self.content(p)
                                and self.content(p)[0].text.startswith("Phụ lục")]
        end = self.appendix_starts[0] - 1 if self.appendix_starts else len(pages)
        self.main = pages[:end]
        self.appendices = []
        for k, start in enumerate(self.appendix_starts):
            stop = self.appendix_starts[k + 1] - 1 if k + 1 < len(self.appendix_starts) else len(pages)
            self.appendices.append(pages[start - 1:stop])
        self.header = {}
        self.header_rules = {}
        self.first = pages[0] if pages else None
        if self.first:
            self.find_header(self.first)
        self.find_end()

    @staticmethod
    def page_number_line(p):
        top = [l for l in p.lines if l.bottom <= MARGINS["top"][0] + SLACK]
        return top[0] if len(top) == 1 else None

    @classmethod
    def content(cls, p):
        return [l for l in p.lines if l.bottom > MARGINS["top"][0] + SLACK]

    def find_header(self, p):
        lines = self.content(p)
        mid = MARGINS["left"][0] + (p.width - MARGINS["left"][0] - MARGINS["right"][0]) * 0.45
        # Tên loại: "KẾ HOẠCH", or (a template's own kind) the first line in
        # capitals centred on the text block below the date.
        centre = (MARGINS["left"][0] + p.width - MARGINS["right"][0]) / 2
        date = next((l for l in lines if ", ngày" in l.text), None)
        kind = next((l for l in lines if l.text == "KẾ HOẠCH"), None) or \
            next((l for l in lines if date and l.y > date.y and caps(l.text)
                  and abs(l.centre - centre) < CENTRE_TOL), None)
        h = self.header
        h["kind"] = kind
        if not kind:
            return
        above = [l for l in lines if l.y < kind.y]
        left = [l for l in above if l.centre < mid]
        right = [l for l in above if l.centre >= mid]
        h["number"] = next((l for l in left if l.text.startswith("Số")), None)
        h["authority"] = [l for l in left if h["number"] and l.y < h["number"].y]
        # The issuing body's name starts with its kind ("ỦY BAN NHÂN DÂN",
        # "SỞ ..."); what is above it is the cơ quan chủ quản.
        auth = h["authority"]
        start = next((k for k in range(len(auth) - 1, -1, -1)
                      if ORG_KIND.match(auth[k].text)), None)
        if start is None:
            h["issuer"] = [l for l in auth if l.bold]
            h["parent"] = [l for l in auth if not l.bold]
        else:
            h["issuer"], h["parent"] = auth[start:], auth[:start]
        h["nation"] = next((l for l in right if l.text.startswith("CỘNG HÒA")), None)
        h["motto"] = next((l for l in right if l.text.startswith("Độc lập")), None)
        h["date"] = next((l for l in right if ", ngày" in l.text), None)
        rules = sorted((r for r in p.rules if r.horizontal), key=lambda r: r.y0)
        under = lambda line: next((r for r in rules if 0 < r.y0 - line.y < 12
                                   and abs(r.centre - line.centre) < 40), None) if line else None
        if h["issuer"]:
            self.header_rules["authority"] = under(h["issuer"][-1])
        self.header_rules["motto"] = under(h["motto"])
        # Trích yếu: the lines from KẾ HOẠCH down to the first rule below it.
        title_rule = next((r for r in rules if r.y0 > kind.y), None)
        self.header_rules["title"] = title_rule
        stop = title_rule.y0 if title_rule else kind.y + 60
        h["title"] = [l for l in lines if kind.y < l.y < stop]
        self.body_top = stop

    def find_end(self):
        self.end_page, self.label = None, None
        for p in self.main:
            for l in self.content(p):
                if l.text.startswith("Nơi nhận"):
                    self.end_page, self.label = p, l
        self.recipients, self.sign = [], []
        if not self.label:
            return
        p = self.end_page
        half = MARGINS["left"][0] + (p.width - MARGINS["left"][0] - MARGINS["right"][0]) * 0.4
        after = [l for l in self.content(p) if l.y >= self.label.y - SLACK and l is not self.label
                 and l.size > 10.5]
        self.recipients = [l for l in after if l.x0 < half]
        self.sign = [l for l in after if l.x0 >= half]

    def body_lines(self, p):
        """The body's lines on a main-document page: not the header, the
        page number, the footnotes (set smaller) or the end block. The body
        is one column: pieces on one baseline (a loose justified line) are
        one line."""
        out = []
        for l in self.content(p):
            if l.size < 11.5:  # footnotes (10 pt) and their marks
                continue
            if p is self.first and l.y < getattr(self, "body_top", 0):
                continue
            if p is self.end_page and l.y >= self.label.y - SLACK:
                continue
            if out and abs(out[-1].y - l.y) < 0.5:
                out[-1] = pdfmodel_line(out[-1].spans + l.spans)
                continue
            out.append(l)
        return out

    def text_left(self, p):
        return MARGINS["left"][0] if p.width < p.height else MARGINS["left"][0]


def _body_column(page):
    left = min((l.x0 for l in Parts.content(page)), default=MARGINS["left"][0])
    right = max((l.x1 for l in Parts.content(page)), default=page.width - MARGINS["right"][0])
    return left, right


def check_page(parts):
    out = []
    for p in parts.pages:
        size = sorted((p.width, p.height))
        if abs(size[0] - A4[0]) > 1 or abs(size[1] - A4[1]) > 1:
            out.append(f"page {p.number}: {p.width:.1f} x {p.height:.1f} is not A4")
        if p.landscape and p in parts.main:
            out.append(f"page {p.number}: landscape outside an appendix")
    return out


def check_margin_ranges(parts):
    """Each page's text block: left edge 30-35 mm, right edge 15-20 mm from
    the paper's edge (pages with a full line), first line's top 20-25 mm
    down (PL I.I.5), nothing in the bottom 20 mm."""
    out = []
    for p in parts.pages:
        lines = Parts.content(p)
        if not lines:
            continue
        left = min([l.x0 for l in lines] + [min(r.x0, r.x1) for r in p.rules])
        if not between(left, *MARGINS["left"]):
            out.append(f"page {p.number}: left margin {left / MM:.1f} mm")
        block = p.width - MARGINS["left"][0] - MARGINS["right"][0]
        # justified lines and table borders reach the right margin
        full = [l.x1 for l in lines if l.x1 - l.x0 > 0.8 * block and l.x0 - min(l.x0 for l in lines) < 1 * CM]
        full += [max(r.x0, r.x1) for r in p.rules if r.horizontal and r.length > 0.8 * block]
        if full:
            right = p.width - max(full)
            if not between(right, *MARGINS["right"]):
                out.append(f"page {p.number}: right margin {right / MM:.1f} mm")
        top = min(l.top for l in lines)
        if not between(top, MARGINS["top"][0], MARGINS["top"][1] + 0.3 * lines[0].size):
            out.append(f"page {p.number}: top margin {top / MM:.1f} mm")
        bottom = p.height - max(l.bottom for l in lines)
        if bottom < MARGINS["bottom"][0] - SLACK:
            out.append(f"page {p.number}: bottom margin {bottom / MM:.1f} mm")
    return out


def check_inside(parts):
    """No text and no rule past a margin, portrait or landscape."""
    out = []
    for p in parts.pages:
        x_lo, x_hi = MARGINS["left"][0] - SLACK, p.width - MARGINS["right"][0] + SLACK
        y_hi = p.height - MARGINS["bottom"][0] + SLACK
        for l in Parts.content(p):
            if l.x0 < x_lo or l.x1 > x_hi or l.bottom > y_hi:
                out.append(f"page {p.number}: '{l.text[:30]}' at {l.x0:.1f}-{l.x1:.1f}, {l.bottom:.1f}")
        for r in p.rules:
            if min(r.x0, r.x1) < x_lo or max(r.x0, r.x1) > x_hi or max(r.y0, r.y1) > y_hi \
                    or min(r.y0, r.y1) < MARGINS["top"][0] - SLACK:
                out.append(f"page {p.number}: rule {r} past a margin")
    return out


def check_header_fonts(parts):
    """Ô 1-4 (PL I.II.1-4): Quốc hiệu 12-13 bold caps, Tiêu ngữ 13-14 bold,
    one point larger; cơ quan chủ quản 12-13 regular, cơ quan ban hành 12-13
    bold; number 13 regular; place and date 13-14 italic."""
    h, out = parts.header, []
    need = ["kind", "nation", "motto", "number", "date"]
    for k in need:
        if not h.get(k):
            out.append(f"no {k} line on page 1")
    if out:
        return out
    n, m = h["nation"], h["motto"]
    if not (between(n.size, 12, 13) and n.bold and not n.italic and caps(n.text)):
        out.append(f"Quốc hiệu {n}")
    if not (between(m.size, 13, 14) and m.bold and not m.italic) or abs(m.size - n.size - 1) > 0.01:
        out.append(f"Tiêu ngữ {m} (Quốc hiệu {n.size})")
    if m.text != "Độc lập - Tự do - Hạnh phúc":
        out.append(f"Tiêu ngữ text {m.text!r}")
    if not h["issuer"]:
        out.append("no issuing authority")
    for l in h["issuer"]:
        if not (between(l.size, 12, 13) and l.bold and not l.italic and caps(l.text)):
            out.append(f"cơ quan ban hành {l}")
    for l in h["parent"]:
        if not (between(l.size, 12, 13) and not l.bold and not l.italic and caps(l.text)):
            out.append(f"cơ quan chủ quản {l}")
    s = h["number"]
    if not (abs(s.size - 13) < 0.01 and not s.bold and not s.italic):
        out.append(f"số, ký hiệu {s}")
    d = h["date"]
    if not (between(d.size, 13, 14) and d.italic and not d.bold):
        out.append(f"địa danh, ngày {d}")
    return out


def check_header_places(parts):
    """Authority lines and number centred over each other (ô 2, 3); Quốc
    hiệu, Tiêu ngữ and date centred over each other (ô 1, 4); number and
    date on one baseline; ô 2 left, ô 1 right, both at the top."""
    h, out = parts.header, []
    if not all(h.get(k) for k in ("nation", "motto", "number", "date")) or not h.get("authority"):
        return ["header incomplete"]
    left = h["authority"] + [h["number"]]
    for l in left[1:]:
        if abs(l.centre - left[0].centre) > CENTRE_TOL:
            out.append(f"'{l.text}' centred at {l.centre:.1f}, authority at {left[0].centre:.1f}")
    right = [h["nation"], h["motto"], h["date"]]
    for l in right[1:]:
        if abs(l.centre - right[0].centre) > CENTRE_TOL:
            out.append(f"'{l.text}' centred at {l.centre:.1f}, Quốc hiệu at {right[0].centre:.1f}")
    if abs(h["number"].y - h["date"].y) > 0.3:
        out.append(f"number baseline {h['number'].y:.2f}, date baseline {h['date'].y:.2f}")
    if not left[0].centre < right[0].centre:
        out.append("authority not left of the Quốc hiệu")
    if abs(h["authority"][0].y - h["nation"].y) > 0.3:
        out.append("first authority line and Quốc hiệu not on one baseline")
    return out


def _rule_under(rule, line, name, lo, hi, reference=None):
    """A rule centred under line, lo..hi of reference's width (default the
    line's), no longer than the line right above it."""
    out = []
    if not rule:
        return [f"no rule under the {name}"]
    ref = reference if reference is not None else line.x1 - line.x0
    if not between(rule.length / ref, lo, hi, 0.005):
        out.append(f"{name} rule {rule.length:.1f} pt is {rule.length / ref:.2f} of {ref:.1f}")
    if abs(rule.centre - line.centre) > CENTRE_TOL:
        out.append(f"{name} rule centred at {rule.centre:.1f}, line at {line.centre:.1f}")
    if rule.length > line.x1 - line.x0 + SLACK:
        out.append(f"{name} rule longer than the line above it")
    gap = rule.y0 - line.y
    if not between(gap, 3, 9):
        out.append(f"{name} rule {gap:.1f} pt below the baseline")
    return out


def check_rules(parts):
    """The three rules (PL I.II.1, 2, 5): under the Tiêu ngữ as long as it;
    under the issuing authority and under the trích yếu 1/3-1/2 of the
    element's longest line (docs/layout.md), centred, never longer than the
    line above; all at one distance below their line's baseline."""
    h, r, out = parts.header, parts.header_rules, []
    if not h.get("motto") or not h.get("issuer") or not h.get("title"):
        return ["header incomplete"]
    out += _rule_under(r.get("motto"), h["motto"], "Tiêu ngữ", 0.99, 1.01)
    widest = max(l.x1 - l.x0 for l in h["issuer"])
    out += _rule_under(r.get("authority"), h["issuer"][-1], "authority", 1 / 3, 1 / 2, widest)
    widest = max(l.x1 - l.x0 for l in h["title"])
    out += _rule_under(r.get("title"), h["title"][-1], "trích yếu", 1 / 3, 1 / 2, widest)
    gaps = [r[k].y0 - line.y for k, line in (("motto", h["motto"]), ("authority", h["issuer"][-1]),
                                               ("title", h["title"][-1])) if r.get(k)]
    for ap in parts.appendices:
        p = ap[0]
        lines = Parts.content(p)
        att = [l for l in lines if l.italic and l.y < 200]
        rules = [x for x in p.rules if x.horizontal and att and 0 < x.y0 - att[-1].y < 20]
        if not att:
            out.append(f"page {p.number}: no '(Kèm theo ...)' line")
            continue
        line = att[-1]
        if not rules:
            out.append(f"page {p.number}: no rule under '(Kèm theo ...)'")
            continue
        rule = rules[0]
        widest = max(l.x1 - l.x0 for l in att)
        out += [f"page {p.number}: {x}" for x in
                _rule_under(rule, line, "appendix", 1 / 3, 1 / 2, widest)]
        gaps.append(rule.y0 - line.y)
    if gaps and max(gaps) - min(gaps) > 1.0:
        out.append(f"rules at different distances below their lines: {[round(g, 1) for g in gaps]}")
    return out


def check_title(parts):
    """Ô 5a (PL I.II.5): KẾ HOẠCH and the trích yếu 13-14 bold upright,
    centred on the text block, the trích yếu right below; lines of similar
    length (the shorter at least 35 % of the longer; a plan may break its
    trích yếu itself)."""
    h, out = parts.header, []
    if not h.get("kind"):
        return ["no KẾ HOẠCH"]
    p = parts.first
    centre = (MARGINS["left"][0] + p.width - MARGINS["right"][0]) / 2
    lines = [h["kind"]] + h.get("title", [])
    if not h.get("title"):
        out.append("no trích yếu")
    for l in lines:
        if not (between(l.size, 13, 14) and l.bold and not l.italic):
            out.append(f"{l}: not 13-14 bold upright")
        if abs(l.centre - centre) > CENTRE_TOL:
            out.append(f"'{l.text}' centred at {l.centre:.1f}, text block at {centre:.1f}")
    for a, b in zip(lines, lines[1:]):
        if not between(b.y - a.y, SINGLE * b.size, 1.5 * SINGLE * b.size):
            out.append(f"'{b.text[:20]}' {b.y - a.y:.1f} pt below the line above")
    if h["kind"].y <= max(h["number"].y, h["date"].y) if h.get("number") and h.get("date") else False:
        out.append("KẾ HOẠCH not below the number and date")
    t = h.get("title", [])
    if len(t) >= 2:
        w = [l.x1 - l.x0 for l in t]
        if min(w) < 0.35 * max(w):
            out.append(f"trích yếu lines unbalanced: {[round(x) for x in w]}")
    return out


def paragraphs(parts):
    """The body's lines per page, each marked as a paragraph's first line
    (indented) or not: [(page, [(line, starts), ...]), ...]."""
    out = []
    for p in parts.main:
        lines = parts.body_lines(p)
        left = MARGINS["left"][0]
        out.append((p, [(l, l.x0 - left > 0.5 * CM) for l in lines]))
    return out


def check_body(parts):
    """Ô 6 (PL I.II.6): 13-14 pt upright (căn cứ may be italic), justified:
    every line but a paragraph's last ends at the right margin."""
    out = []
    pars = paragraphs(parts)
    flat = [(p, l, s) for p, ls in pars for l, s in ls]
    for k, (p, l, starts) in enumerate(flat):
        if not between(l.size, 13, 14):
            out.append(f"page {p.number}: '{l.text[:30]}' {l.size} pt")
        nxt = flat[k + 1] if k + 1 < len(flat) else None
        if nxt and not nxt[2]:  # a line follows in the same paragraph
            right = p.width - MARGINS["right"][0]
            if abs(l.x1 - right) > 1.0 and l.x1 < right:
                out.append(f"page {p.number}: '{l.text[-30:]}' not justified ({l.x1:.1f})")
    if not flat:
        out.append("no body")
    return out


def check_indent(parts):
    """First-line indent 1-1.27 cm (PL I.II.6)."""
    out = []
    for p, ls in paragraphs(parts):
        for l, starts in ls:
            if starts and not between(l.x0 - MARGINS["left"][0], 1 * CM, 1.27 * CM):
                out.append(f"page {p.number}: '{l.text[:30]}' indented {(l.x0 - MARGINS['left'][0]) / CM:.2f} cm")
    return out


def check_spacing(parts):
    """Paragraph spacing at least 6 pt; line spacing between single and
    1.5 lines (PL I.II.6)."""
    out = []
    for p, ls in paragraphs(parts):
        for (a, _), (b, starts) in zip(ls, ls[1:]):
            pitch = b.y - a.y
            if starts:
                # the next paragraph's first line sits at least 6 pt lower
                # than a line of the same paragraph would
                inner = [y.y - x.y for (x, _), (y, s) in zip(ls, ls[1:]) if not s]
                base = min(inner) if inner else SINGLE * b.size
                if pitch - base < 6 - 0.1:
                    out.append(f"page {p.number}: {pitch - base:.1f} pt before '{b.text[:30]}'")
            elif not between(pitch, SINGLE * b.size, 1.5 * SINGLE * b.size, 0.1):
                out.append(f"page {p.number}: line pitch {pitch:.1f} pt at '{b.text[:30]}'")
    return out


def check_headings(parts):
    """Mục headings ("I. MỤC ĐÍCH, YÊU CẦU"): Roman numeral, capitals,
    bold upright, body size."""
    out, seen = [], 0
    for p, ls in paragraphs(parts):
        for l, starts in ls:
            if starts and ROMAN.match(l.text) and caps(l.text.split(". ", 1)[1]):
                seen += 1
                if not (l.bold and not l.italic and between(l.size, 13, 14)):
                    out.append(f"page {p.number}: heading {l}")
    if not seen:
        out.append("no mục heading found")
    return out


def check_page_numbers(parts):
    """Page numbers 13-14 pt regular upright, centred over the text block,
    in the top margin, from page 2 of each part (PL I.I.7)."""
    out = []
    for part in [parts.main] + parts.appendices:
        for k, p in enumerate(part):
            n = Parts.page_number_line(p)
            if k == 0:
                if n:
                    out.append(f"page {p.number}: number on a first page")
                continue
            if not n or n.text != str(k + 1):
                out.append(f"page {p.number}: no page number {k + 1}")
                continue
            centre = (MARGINS["left"][0] + p.width - MARGINS["right"][0]) / 2
            if not (between(n.size, 13, 14) and not n.bold and not n.italic):
                out.append(f"page {p.number}: number {n}")
            if abs(n.centre - centre) > CENTRE_TOL:
                out.append(f"page {p.number}: number centred at {n.centre:.1f}")
            if n.top < 0 or n.bottom > MARGINS["top"][0]:
                out.append(f"page {p.number}: number outside the top margin")
    return out


def recipient_items(parts):
    """The recipients as items: [[first line, continuation, ...], ...]."""
    items = []
    for l in parts.recipients:
        if l.text.startswith("- ") or not items:
            items.append([l])
        else:
            items[-1].append(l)
    return items


def check_recipients(parts):
    """Ô 9b (PL I.II.9): "Nơi nhận:" 12 pt bold italic, flush left, level
    with the signer's first line; each recipient 11 pt regular, "- ...;",
    flush left, a wrapped one continued under its text (hanging indent);
    the last "- Lưu: VT, ...."."""
    out, lab = [], parts.label
    if not lab:
        return ["no 'Nơi nhận:'"]
    if not (abs(lab.size - 12) < 0.01 and lab.bold and lab.italic):
        out.append(f"label {lab}")
    if abs(lab.x0 - MARGINS["left"][0]) > SLACK:
        out.append(f"label at {lab.x0:.1f}, not flush left")
    if parts.sign and abs(parts.sign[0].y - lab.y) > 0.3:
        out.append(f"label baseline {lab.y:.1f}, signer's {parts.sign[0].y:.1f}")
    items = recipient_items(parts)
    if not items:
        return out + ["no recipient"]
    for k, item in enumerate(items):
        first, text = item[0], " ".join(l.text for l in item)
        for l in item:
            if not (abs(l.size - 11) < 0.01 and not l.bold and not l.italic):
                out.append(f"recipient {l}")
        if not first.text.startswith("- ") or abs(first.x0 - MARGINS["left"][0]) > SLACK:
            out.append(f"recipient '{text[:30]}' does not start '- ' at the margin")
        dash_w = first.spans[0].x0  # the text after "- " starts further in
        for l in item[1:]:
            if l.x0 <= first.x0 + 1:
                out.append(f"'{l.text[:30]}' continues '{first.text[:20]}' flush left (no hanging indent)")
        last = k == len(items) - 1
        if last:
            if not re.match(r"^- Lưu: VT\b", text) or not text.endswith("."):
                out.append(f"last recipient '{text}' is not '- Lưu: VT, ....'")
        elif not text.endswith(";"):
            out.append(f"recipient '{text}' does not end ';'")
        del dash_w
    return out


def check_signature(parts):
    """Ô 7a, 7b (PL I.II.7): title lines and name 13-14 bold, capitals for
    the title, centred over each other in the right part, room to sign."""
    out, s = [], parts.sign
    if len(s) < 2:
        return ["no signature block"]
    for l in s[:-1]:
        if not (between(l.size, 13, 14) and l.bold and not l.italic and caps(l.text)):
            out.append(f"title line {l}")
    name = s[-1]
    if not (between(name.size, 13, 14) and name.bold and not caps(name.text)):
        out.append(f"signer {name}")
    for l in s[1:]:
        if abs(l.centre - s[0].centre) > CENTRE_TOL:
            out.append(f"'{l.text}' centred at {l.centre:.1f}, title at {s[0].centre:.1f}")
    p = parts.end_page
    if s[0].centre < p.width / 2:
        out.append("signature not in the right part")
    if name.y - s[-2].y < 15 * MM:
        out.append(f"{(name.y - s[-2].y) / MM:.0f} mm to sign")
    return out


def notes_of(p):
    """Footnotes at the foot of a page: {number: first line}."""
    notes = {}
    for l in p.lines:
        if l.size <= 10.5 and l.spans and l.spans[0].size < 8 and l.spans[0].text.strip().isdigit():
            notes[int(l.spans[0].text)] = l
    return notes


def check_footnotes(parts):
    """Every footnote mark has its note at the foot of the same page (a
    note cited again: of the page of its first mark), under the body, and
    every note its mark."""
    out, noted = [], set()
    for p in parts.pages:
        marks = set()
        for l in p.lines:
            if l.size <= 10.5:
                continue
            for s in l.spans:
                if s.rise > 0 and s.text.strip().isdigit():
                    marks.add(int(s.text))
        notes = notes_of(p)
        # a note cited again later stays at the foot of its first mark's page
        for m in sorted(marks - set(notes) - noted):
            out.append(f"page {p.number}: mark {m} without its note")
        noted |= set(notes)
        for m in sorted(set(notes) - marks):
            if p is not parts.end_page:
                out.append(f"page {p.number}: note {m} without its mark")
        if notes:
            body = max((l.bottom for l in p.lines if l.size > 10.5), default=0)
            top = min(l.top for l in notes.values())
            if top < body:
                out.append(f"page {p.number}: notes above the body's last line")
    return out


def check_breaks(parts):
    """No heading last on a page; no widow or orphan (a paragraph's first
    line alone at a page's foot, its last alone at the next page's top)."""
    out = []
    pars = [(p, ls) for p, ls in paragraphs(parts) if ls]
    for (p, ls), (q, nxt) in zip(pars, pars[1:]):
        last, starts = ls[-1]
        if last.bold:
            out.append(f"page {p.number} ends with the heading '{last.text[:30]}'")
        first_cont = not nxt[0][1]
        if starts and first_cont:
            out.append(f"page {p.number}: orphan '{last.text[:30]}'")
        if first_cont and (len(nxt) == 1 or nxt[1][1]):
            out.append(f"page {q.number}: widow '{nxt[0][0].text[:30]}'")
    return out


def check_dashes(parts):
    """No line of the body or the Nơi nhận begins, inside a paragraph, with
    a spaced dash (it reads as a list item), nor ends with one."""
    out = []
    for p, ls in paragraphs(parts):
        for l, starts in ls:
            if not starts and re.match(f"^[{DASH}](\\s|$)", l.text):
                out.append(f"page {p.number}: line begins with a dash: '{l.text[:30]}'")
            if re.search(f"\\s[{DASH}]$", l.text):
                out.append(f"page {p.number}: line ends with a dash: '{l.text[-30:]}'")
    for item in recipient_items(parts):
        for l in item[1:]:
            if re.match(f"^[{DASH}](\\s|$)", l.text):
                out.append(f"recipient line begins with a dash: '{l.text[:30]}'")
        for l in item:
            if re.search(f"\\s[{DASH}]$", l.text):
                out.append(f"recipient line ends with a dash: '{l.text[-30:]}'")
    return out


def check_appendix(parts):
    """Appendix headings (PL I.III.1): "Phụ lục I" 13-14 bold, the title in
    capitals 13-14 bold, "(Kèm theo ...)" 13-14 italic, all centred."""
    out = []
    for ap in parts.appendices:
        p = ap[0]
        lines = Parts.content(p)
        centre = (MARGINS["left"][0] + p.width - MARGINS["right"][0]) / 2
        label = lines[0]
        if not (between(label.size, 13, 14) and label.bold and not caps(label.text)):
            out.append(f"page {p.number}: label {label}")
        head = [l for l in lines[1:] if l.size >= 13 and l.y < label.y + 120]
        titles = [l for l in head if l.bold]
        att = [l for l in head if l.italic]
        if not titles or not att:
            out.append(f"page {p.number}: no title or no '(Kèm theo ...)'")
            continue
        for l in titles:
            if not (between(l.size, 13, 14) and caps(l.text)):
                out.append(f"page {p.number}: title {l}")
        if not att[0].text.startswith("(Kèm theo") or not att[-1].text.endswith(")"):
            out.append(f"page {p.number}: '{att[0].text[:20]}...' is not '(Kèm theo ...)'")
        for l in [label] + titles + att:
            if abs(l.centre - centre) > CENTRE_TOL:
                out.append(f"page {p.number}: '{l.text[:20]}' centred at {l.centre:.1f}")
        if len(titles) >= 2:
            w = [l.x1 - l.x0 for l in titles]
            if min(w) < 0.6 * max(w):
                out.append(f"page {p.number}: title lines unbalanced {[round(x) for x in w]}")
    return out


# Words a centred element's line never ends with when the next line goes
# on with the name (docs/layout.md, "Ngắt dòng"): "Ủy ban / nhân dân",
# "xã / Tân Yên", "ngày / 05".
NAME_PAIRS = {("ủy", "ban"), ("ban", "nhân"), ("nhân", "dân"), ("hội", "đồng"),
              ("đồng", "nhân"), ("mặt", "trận"), ("trận", "tổ"), ("tổ", "quốc"),
              ("thị", "trấn"), ("thị", "xã"), ("thành", "phố"), ("kế", "hoạch")}
UNIT_WORDS = {"xã", "tỉnh", "huyện", "phường", "quận"}


def split_name(a, b):
    """Why the break between lines a and b cuts a name, or None."""
    wa, wb = a.text.split(), b.text.split()
    if not wa or not wb:
        return None
    x, y = wa[-1], wb[0]
    if x[-1] in ",;:.)":
        return None
    lx, ly = x.lower(), y.lower()
    if (lx, ly) in NAME_PAIRS:
        return f"'{x} / {y}'"
    if lx in UNIT_WORDS and y[:1].isupper():
        return f"'{x} / {y}'"
    if lx in ("ngày", "tháng", "năm", "số") and y[:1].isdigit():
        return f"'{x} / {y}'"
    if x[:1].isupper() and y[:1].isupper() and not (x.isupper() and y.isupper()) \
            and not x.isupper():
        return f"'{x} / {y}'"
    return None


def check_names(parts):
    """No centred element of two lines or more (the authority, the trích
    yếu, an appendix's title and "(Kèm theo ...)") breaks inside a proper
    name, an organisation's name or a date."""
    out, h = [], parts.header
    groups = [h.get("authority", []), h.get("title", [])]
    for ap in parts.appendices:
        lines = Parts.content(ap[0])
        head = [l for l in lines[1:] if l.size >= 13 and l.y < lines[0].y + 120]
        groups += [[l for l in head if l.bold], [l for l in head if l.italic]]
    for g in groups:
        for a, b in zip(g, g[1:]):
            why = split_name(a, b)
            if why:
                out.append(f"'{a.text[-25:]}' / '{b.text[:25]}' breaks {why}")
    return out


CHECKS = [
    ("nd30/page", check_page),
    ("nd30/margin-ranges", check_margin_ranges),
    ("nd30/inside", check_inside),
    ("nd30/header-fonts", check_header_fonts),
    ("nd30/header-places", check_header_places),
    ("nd30/rules", check_rules),
    ("nd30/title", check_title),
    ("nd30/names", check_names),
    ("nd30/body", check_body),
    ("nd30/indent", check_indent),
    ("nd30/spacing", check_spacing),
    ("nd30/headings", check_headings),
    ("nd30/page-numbers", check_page_numbers),
    ("nd30/recipients", check_recipients),
    ("nd30/signature", check_signature),
    ("nd30/footnotes", check_footnotes),
    ("nd30/breaks", check_breaks),
    ("nd30/dashes", check_dashes),
    ("nd30/appendix", check_appendix),
]


def check(pages):
    parts = Parts(pages)
    results = {}
    for name, fn in CHECKS:
        try:
            results[name] = fn(parts)
        except Exception as e:  # a page too broken to read is a failure
            results[name] = [f"{type(e).__name__}: {e}"]
    return results


if __name__ == "__main__":
    import sys
    import pdfmodel
    bad = 0
    for name, problems in check(pdfmodel.load(sys.argv[1])).items():
        print(f"ok {name}" if not problems else f"FAIL {name}: " + "; ".join(problems[:5]))
        bad += bool(problems)
    sys.exit(1 if bad else 0)
