"""A PDF's pages as the eye sees them: lines of text with their font, size,
weight, slant and place, and the straight rules drawn. Read with qpdf (its
JSON: page objects, decoded content streams, fonts) and a small content-
stream interpreter of our own, not with anything kehoach wrote.

    pages = load("x.pdf")
    for p in pages: p.width, p.height, p.lines, p.rules

Coordinates are points from the page's top-left corner (y grows down), as
pdftotext -bbox gives them. A Span is one string of a TJ/Tj in one font:
x0, x1 (its advance), baseline y, size, bold, italic, rise, text. A Line is
the spans on one baseline with no gap wider than COLUMN_GAP between them (a
header row's two columns are two lines). A Rule is a stroked straight
segment (m ... l ... S), with the line width in force.

Only what a text-and-rules PDF uses is interpreted: q/Q, cm, w, m, l, re,
S, BT/ET, Tf, Td, TD, Tm, T*, TL, Ts, Tc, Tw, Tz, Tj, TJ, ' and ".
"""
import base64
import json
import re
import subprocess

COLUMN_GAP = 15.0  # points: wider than any justified word space (<= 9 pt seen)

_TOKEN = re.compile(rb"""
    (?P<ws>[\x00\t\n\x0c\r ]+|%[^\r\n]*)
  | (?P<num>[+-]?(?:\d+\.?\d*|\.\d+))
  | (?P<name>/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)
  | (?P<lit>\()
  | (?P<hex><[0-9A-Fa-f\s]*>)
  | (?P<dict><<|>>)
  | (?P<open>\[) | (?P<close>\])
  | (?P<op>[^\x00\t\n\x0c\r ()<>\[\]{}/%]+)
""", re.X)

_ESC = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f",
        b"(": b"(", b")": b")", b"\\": b"\\"}


def _literal(data, i):
    """The literal string starting after '(' at i: (bytes, index after ')')."""
    out, depth = bytearray(), 1
    while i < len(data):
        c = data[i:i + 1]
        if c == b"\\":
            n = data[i + 1:i + 2]
            if n in _ESC:
                out += _ESC[n]
                i += 2
            elif n.isdigit():
                m = re.match(rb"[0-7]{1,3}", data[i + 1:i + 4])
                out.append(int(m.group(), 8) & 255)
                i += 1 + len(m.group())
            elif n in (b"\n", b"\r"):
                i += 2
            else:
                i += 1
            continue
        if c == b"(":
            depth += 1
        elif c == b")":
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
        out += c
        i += 1
    return bytes(out), i


def operations(data):
    """(operator, operands, start, end) of a content stream; start/end are
    the byte span of the operands and operator together."""
    stack, arrays, i, start = [], [], 0, None
    while i < len(data):
        m = _TOKEN.match(data, i)
        if not m:
            i += 1
            continue
        kind, tok = m.lastgroup, m.group()
        if kind != "ws" and start is None:
            start = i
        i = m.end()
        if kind == "ws" or kind == "dict":
            continue
        if kind == "num":
            v = float(tok)
        elif kind == "name":
            v = tok[1:].decode("latin-1")
        elif kind == "lit":
            v, i = _literal(data, i)
        elif kind == "hex":
            h = re.sub(rb"\s", b"", tok[1:-1])
            v = bytes.fromhex((h + b"0" * (len(h) % 2)).decode())
        elif kind == "open":
            arrays.append(stack)
            stack = []
            continue
        elif kind == "close":
            v, stack = stack, arrays.pop() if arrays else []
        else:
            yield tok.decode("latin-1"), stack, start, i
            stack, start = [], None
            continue
        stack.append(v)


class Span:
    __slots__ = ("x0", "x1", "y", "size", "bold", "italic", "rise", "text", "font")

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)

    def __repr__(self):
        return f"Span({self.text!r} {self.x0:.1f}-{self.x1:.1f} @{self.y:.1f} {self.size}{' B' if self.bold else ''}{' I' if self.italic else ''})"


class Line:
    def __init__(self, spans):
        self.spans = spans

    @property
    def text(self):
        out, prev = "", None
        for s in self.spans:
            if prev is not None and s.x0 - prev.x1 > 0.15 * s.size and not out.endswith(" ") \
                    and not s.text.startswith(" "):
                out += " "
            out += s.text
            prev = s
        return out.strip()

    # The main (unraised) spans decide the line's look.
    def main(self):
        m = [s for s in self.spans if s.rise == 0 and s.text.strip()]
        return m or self.spans

    @property
    def x0(self):
        return min(s.x0 for s in self.spans)

    @property
    def x1(self):
        return max(s.x1 for s in self.spans)

    @property
    def y(self):
        return self.main()[0].y

    @property
    def size(self):
        return max(s.size for s in self.main())

    @property
    def bold(self):
        return all(s.bold for s in self.main())

    @property
    def italic(self):
        return all(s.italic for s in self.main())

    @property
    def top(self):  # the text's box, from the font's ascent
        return self.y - 0.891 * self.size

    @property
    def bottom(self):
        return self.y + 0.216 * self.size

    @property
    def centre(self):
        return (self.x0 + self.x1) / 2

    def __repr__(self):
        return f"Line({self.text!r} {self.x0:.1f}-{self.x1:.1f} @{self.y:.1f} {self.size}{' B' if self.bold else ''}{' I' if self.italic else ''})"


class Rule:
    __slots__ = ("x0", "y0", "x1", "y1", "width")

    def __init__(self, x0, y0, x1, y1, width):
        self.x0, self.y0, self.x1, self.y1, self.width = x0, y0, x1, y1, width

    @property
    def length(self):
        return ((self.x1 - self.x0) ** 2 + (self.y1 - self.y0) ** 2) ** 0.5

    @property
    def horizontal(self):
        return abs(self.y1 - self.y0) < 0.1

    @property
    def centre(self):
        return (self.x0 + self.x1) / 2

    def __repr__(self):
        return f"Rule({self.x0:.1f},{self.y0:.1f}-{self.x1:.1f},{self.y1:.1f})"


class Page:
    def __init__(self, number, width, height):
        self.number, self.width, self.height = number, width, height
        self.spans, self.lines, self.rules = [], [], []

    @property
    def landscape(self):
        return self.width > self.height


class Font:
    def __init__(self, objs, ref):
        get = lambda r: objs.get("obj:" + r, {}).get("value", {}) if isinstance(r, str) else r
        font = get(ref)
        self.name = font.get("/BaseFont", "/?")[1:]
        base = self.name.split("+")[-1]
        self.bold = bool(re.search(r"Bold", base))
        self.italic = bool(re.search(r"Italic|Oblique", base))
        self.two_byte = font.get("/Subtype") == "/Type0"
        self.widths, self.dw = {}, 1000
        if self.two_byte:
            cid = get(font.get("/DescendantFonts", [""])[0])
            self.dw = cid.get("/DW", 1000)
            w = cid.get("/W", [])
            k = 0
            while k < len(w):
                if k + 1 < len(w) and isinstance(w[k + 1], list):
                    for n, v in enumerate(w[k + 1]):
                        self.widths[int(w[k]) + n] = v
                    k += 2
                else:
                    for c in range(int(w[k]), int(w[k + 1]) + 1):
                        self.widths[c] = w[k + 2]
                    k += 3
        else:
            first = font.get("/FirstChar", 0)
            for n, v in enumerate(font.get("/Widths", [])):
                self.widths[first + n] = v
        self.unicode = {}
        tu = font.get("/ToUnicode")
        if isinstance(tu, str):
            data = base64.b64decode(objs.get("obj:" + tu, {}).get("stream", {}).get("data", ""))
            for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
                for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
                    self.unicode[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be", "replace")
            for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
                for a, b, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                    base_cp = int(dst, 16)
                    for c in range(int(a, 16), int(b, 16) + 1):
                        self.unicode[c] = chr(base_cp + c - int(a, 16))

    def codes(self, s):
        if self.two_byte:
            return [int.from_bytes(s[i:i + 2], "big") for i in range(0, len(s) - 1, 2)]
        return list(s)

    def text(self, code):
        return self.unicode.get(code, chr(code) if not self.two_byte else "\ufffd")


def _mul(a, b):
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def _apply(m, x, y):
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def interpret(page, data, fonts):
    """Adds the spans and rules of one content stream to page."""
    ctm, stack = [1, 0, 0, 1, 0, 0], []
    lw, path, cur = 1.0, [], None
    tm = lm = [1, 0, 0, 1, 0, 0]
    font, size, rise, tc, tw, tz, tl = None, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0
    H = page.height

    def show(s):
        nonlocal tm
        if not font:
            return
        trm0 = _mul([size * tz, 0, 0, size, 0, rise], _mul(tm, ctm))
        x_start = trm0[4]
        text = ""
        for c in font.codes(s):
            ch = font.text(c)
            adv = (font.widths.get(c, font.dw) / 1000 * size + tc + (tw if ch == " " else 0)) * tz
            text += ch
            tm = _mul([1, 0, 0, 1, adv, 0], tm)
        trm1 = _mul([size * tz, 0, 0, size, 0, rise], _mul(tm, ctm))
        y = H - _mul([1, 0, 0, 1, 0, 0], _mul(tm, ctm))[5]
        page.spans.append(Span(x0=x_start, x1=trm1[4], y=round(y, 3), size=round(size * ctm[3], 3),
                               bold=font.bold, italic=font.italic, rise=rise, text=text,
                               font=font.name))

    for op, args, _, _ in operations(data):
        if op == "q":
            stack.append((ctm, lw))
        elif op == "Q" and stack:
            ctm, lw = stack.pop()
        elif op == "cm" and len(args) == 6:
            ctm = _mul(args, ctm)
        elif op == "w" and args:
            lw = args[0]
        elif op == "m" and len(args) == 2:
            cur = _apply(ctm, *args)
        elif op == "l" and len(args) == 2 and cur:
            nxt = _apply(ctm, *args)
            path.append((cur, nxt))
            cur = nxt
        elif op == "re" and len(args) == 4:
            x, y, w, h = args
            pts = [_apply(ctm, x, y), _apply(ctm, x + w, y), _apply(ctm, x + w, y + h), _apply(ctm, x, y + h)]
            path += [(pts[i], pts[(i + 1) % 4]) for i in range(4)]
        elif op in ("S", "s"):
            for (x0, y0), (x1, y1) in path:
                if (x1, y1) < (x0, y0):
                    x0, y0, x1, y1 = x1, y1, x0, y0
                page.rules.append(Rule(x0, H - y0, x1, H - y1, lw))
            path = []
        elif op in ("n", "f", "F", "f*", "B", "b", "B*", "b*"):
            path = []
        elif op == "BT":
            tm = lm = [1, 0, 0, 1, 0, 0]
        elif op in ("Td", "TD") and len(args) == 2:
            if op == "TD":
                tl = -args[1]
            lm = tm = _mul([1, 0, 0, 1, args[0], args[1]], lm)
        elif op == "Tm" and len(args) == 6:
            lm = tm = list(args)
        elif op == "T*":
            lm = tm = _mul([1, 0, 0, 1, 0, -tl], lm)
        elif op == "TL" and args:
            tl = args[0]
        elif op == "Tf" and len(args) == 2:
            font, size = fonts.get(args[0]), args[1]
        elif op == "Ts" and args:
            rise = args[0]
        elif op == "Tc" and args:
            tc = args[0]
        elif op == "Tw" and args:
            tw = args[0]
        elif op == "Tz" and args:
            tz = args[0] / 100
        elif op == "Tj" and args and isinstance(args[0], bytes):
            show(args[0])
        elif op in ("'", '"') and args:
            lm = tm = _mul([1, 0, 0, 1, 0, -tl], lm)
            show(args[-1])
        elif op == "TJ" and args and isinstance(args[0], list):
            for item in args[0]:
                if isinstance(item, bytes):
                    show(item)
                else:
                    tm = _mul([1, 0, 0, 1, -item / 1000 * size * tz, 0], tm)


def group_lines(spans):
    """Spans into lines: one baseline (raised spans join the line they sit
    on), split where the gap is a column's."""
    main = sorted((s for s in spans if s.rise == 0), key=lambda s: (round(s.y, 1), s.x0))
    rows = []
    for s in main:
        if rows and abs(rows[-1][0].y - s.y) < 0.5:
            rows[-1].append(s)
        else:
            rows.append([s])
    for s in (s for s in spans if s.rise != 0):
        best = min(rows, key=lambda r: abs(r[0].y - s.y) + (0 if r[0].x0 - 1 <= s.x0 <= max(t.x1 for t in r) + 1 else 1000), default=None)
        if best is not None and abs(best[0].y - s.y) < s.size:
            best.append(s)
        else:
            rows.append([s])
    lines = []
    for row in rows:
        row.sort(key=lambda s: s.x0)
        cur = [row[0]]
        for s in row[1:]:
            if s.x0 - max(t.x1 for t in cur) > COLUMN_GAP:
                lines.append(Line(cur))
                cur = [s]
            else:
                cur.append(s)
        lines.append(Line(cur))
    lines.sort(key=lambda l: (round(l.y, 1), l.x0))
    return [l for l in lines if l.text]


def qpdf_json(pdf):
    p = subprocess.run(["qpdf", "--json", "--json-stream-data=inline",
                        "--decode-level=generalized", pdf], capture_output=True, text=True)
    if p.returncode not in (0, 3):
        raise ValueError(p.stderr.strip())
    return json.loads(p.stdout)


def load(pdf, j=None):
    j = j or qpdf_json(pdf)
    objs = j["qpdf"][1]
    get = lambda r: objs.get("obj:" + r, {}).get("value", {}) if isinstance(r, str) else r
    pages, cache = [], {}
    for n, pg in enumerate(j["pages"], 1):
        d = get(pg["object"])
        node, res, box = d, d.get("/Resources"), d.get("/MediaBox")
        while (res is None or box is None) and node.get("/Parent"):
            node = get(node["/Parent"])
            res = res if res is not None else node.get("/Resources")
            box = box if box is not None else node.get("/MediaBox")
        res = get(res or {})
        box = box or [0, 0, 612, 792]
        page = Page(n, box[2] - box[0], box[3] - box[1])
        fonts = {}
        for name, ref in get(res.get("/Font", {})).items():
            key = ref if isinstance(ref, str) else id(ref)
            if key not in cache:
                cache[key] = Font(objs, ref)
            fonts[name[1:]] = cache[key]
        data = b"".join(base64.b64decode(objs.get("obj:" + c, {}).get("stream", {}).get("data", ""))
                        for c in pg["contents"])
        interpret(page, data, fonts)
        page.lines = group_lines(page.spans)
        pages.append(page)
    return pages
