// render_pdf.c — Doc -> PDF bytes, laid out as Nghị định 30/2020/NĐ-CP asks.
//
// Consumes the laid-out Doc (header, blocks of styled runs, footnotes, the
// end block, appendices) and produces a PDF in the caller's Buf: A4, the
// decree's margins, the page-1 header in two columns, a justified 14 pt
// body, footnotes at the foot of their page, "Nơi nhận" beside the
// signature, page numbers in the top margin from page 2 on, bookmarks for
// the mục headings. Text is set in Times New Roman when fontconfig finds it,
// else in its metric twins Liberation Serif or Tinos, embedded and subset
// (font.c measures and writes the fonts).
//
// The one idea: a line-breaking and pagination engine over measured words.
// Each paragraph becomes words, each word a few fragments of one face and
// size measured with the font's own advance widths. A greedy breaker fills
// lines and gives every word its own x, which justifies text without the
// word-spacing operator (PDF ignores it for two-byte fonts). Lines, the end
// block and table rows become boxes in one vertical flow; the paginator
// fills each page with boxes, keeps room for the footnotes they cite, and
// backs up to the last legal break (headings kept with what follows, no
// widow or orphan lines, the end block never alone). Drawing then places
// the boxes, the page numbers, the footnotes and the bookmarks.
#include "kehoach.h"

#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

//
// Page geometry and type sizes (points; 1 mm = 72 / 25.4 pt)
//

#define MM (72.0 / 25.4)

// A4 portrait.
static const double PAGE_W = 595.276, PAGE_H = 841.89;
// Margins: 20 mm top and bottom, 30 mm left, 15 mm right — the lower ends
// of the decree's ranges (20–25 / 20–25 / 30–35 / 15–20 mm).
static const double MARGIN_TOP = 20 * MM, MARGIN_BOTTOM = 20 * MM,
                    MARGIN_LEFT = 30 * MM, MARGIN_RIGHT = 15 * MM;

static const double BODY_SIZE = 14;        // body text
static const double BODY_LEADING = 1.2;    // line height / size (1.0–1.5)
static const double LINE_LEADING = 1.15;   // header, end block, notes, tables
static const double PARA_SPACE = 6;        // above each paragraph (>= 6 pt)
static const double FIRST_INDENT = 10 * MM; // first-line indent, 1 cm
static const double AUTHORITY_SIZE = 13;   // cơ quan chủ quản and ban hành
static const double NATION_SIZE = 13;      // Quốc hiệu (12 when 13 is too wide)
static const double NUMBER_SIZE = 13;      // "Số: .../KH-UBND"
static const double DATE_SIZE = 14;        // place and date, italic
static const double TITLE_SIZE = 14;       // "KẾ HOẠCH" and trích yếu
static const double PAGE_NUMBER_SIZE = 14;
static const double NOTE_SIZE = 10;        // footnotes
static const double LABEL_SIZE = 12;       // "Nơi nhận:", bold italic
static const double RECIPIENT_SIZE = 11;
static const double SIGN_SIZE = 14;        // signer's title and name, bold
static const double TABLE_SIZE = 12;       // appendix tables
static const double LEFT_COLUMN = 0.40;    // header and end block split
static const double COLUMN_PAD = 3;        // text keeps off a column's edges
static const double RULE_WIDTH = 0.6;      // thickness of every rule
static const double SHORT_RULE = 0.4;      // short rules: 1/3–1/2 of their line
static const double RULE_GAP = 3;          // from a line's slot to its rule
static const double HEADER_AFTER = 14;     // from the title rule to the body
static const double SIGN_SPACE = 25 * MM;  // room to sign
static const double END_SPACE = 12;        // above the end block
static const double NOTE_RULE = 1.0 / 3;   // footnote separator / text width
static const double NOTE_ABOVE = 8, NOTE_BELOW = 3; // around the separator
static const double SUPER_SCALE = 0.62, SUPER_RISE = 0.36; // note markers
static const double CELL_PAD_X = 3, CELL_PAD_Y = 2;
// Vertical metrics of Times New Roman and its twins (per unit of size).
static const double ASCENT = 0.891, DESCENT = 0.216;
static const double EPSILON = 0.01;

enum { FACE_REGULAR, FACE_BOLD, FACE_ITALIC, FACE_BOLD_ITALIC, NFACES = FONT_FACES };
// A face index is the style bits: STYLE_BOLD = 1, STYLE_ITALIC = 2.
static const char *const FACE_NAMES[NFACES] = {"regular", "bold", "italic",
                                               "bold italic"};
enum { MAX_NOTE = 100000, MAX_META = 1000 };

//
// Types
//

// The renderer's state. What it allocates lives in the arena, in libharu's
// document or in the objects below that render_pdf frees on every way out,
// so a libharu error can longjmp to on_error and leave.
typedef struct Pdf {
  PdfDoc *doc;
  Arena *a;
  Diags *d;
  jmp_buf on_error;
  unsigned long error, detail; // libharu's error, once it reported one
  int rc;                    // render_pdf's result
  bool fonts_failed;         // a font could not be subset
  const Fonts *fonts;        // the family found, read-only
  FontUse *fonts_used;       // this document's use of them
  Flate *flate;              // compresses the streams at the end
  Buf codes;                 // scratch: one fragment's codes (put_codes)
  Buf content;               // the page being drawn: its content stream,
                             // given to the page when it ends (end_page)
  int text_face;             // the font and rise the page's content has set
  double text_size, text_rise; // (Tf, Ts: text state outlives BT ... ET)
  Arena *para;               // scratch: the paragraph being set (its words,
                             // and what breaking it into lines needs);
                             // emptied by para_init: lines keep copies
  PdfInfo info;              // Title, Author, Subject, Creator as set
  PdfObj *page;             // the page being drawn
  int npages;               // pages added so far
  struct NoteLayout *notes; // footnotes by number (index 0 unused)
  int nnotes;
} Pdf;

// A piece of text in one face, size and rise, at x from its line's start.
typedef struct Frag {
  const char *s; // NUL-terminated once in a Line
  size_t len;
  int face, note; // note: the footnote number of a superscript marker
  double size, rise, w, x;
} Frag;

// A word: what lies between two breakable spaces.
typedef struct Word {
  Frag *frags;
  int n, cap;
  double w;        // width
  double gap;      // natural space before it
  int spaces;      // spaces before it (kept in header lines)
  bool hard_break; // a forced line break follows
} Word;

// Words being collected from text.
typedef struct Para {
  Pdf *p;
  Word *words;
  int n, cap;
  bool open; // words[n - 1] still grows
  double size;
  bool keep_spaces; // several spaces stay several (header lines)
  double pending_gap;
  int pending_spaces;
  Pos pos;
  const Origin *from;  // the scalars the text being added was written in
  int nfrom;
  int32_t reported[8]; // missing characters already reported
  int nreported;
} Para;

// A typeset line: fragments at x from the column's left edge.
typedef struct Line {
  Frag *frags;
  int n;
  double left, w; // where the text starts, and its natural width
  int *notes;     // footnotes cited on this line
  int nnotes;
} Line;

typedef enum { ALIGN_LEFT, ALIGN_CENTER, ALIGN_JUSTIFY } Align;

// A line placed in a figure: y is its baseline, down from the figure's top.
typedef struct Placed {
  const Line *line;
  double x, y;
} Placed;

// A straight rule, coordinates down from the figure's top.
typedef struct Rule {
  double x1, y1, x2, y2;
} Rule;

// Something to draw at a place: lines and rules, relative to its top-left.
typedef struct Figure {
  Placed *lines;
  int nlines, lcap;
  Rule *rules;
  int nrules, rcap;
} Figure;

// One unit of the vertical flow.
typedef struct Box {
  Figure fig;
  double height, before; // advance, and space above unless at a page top
  bool keep;             // no page break between the previous box and this
  bool table_row;        // a continuation page repeats the table head
  int *notes;            // footnotes first cited here
  int nnotes;
  const char *outline;   // bookmark title, or NULL
  int block;             // 1 + index of the body block it belongs to, or 0
} Box;

typedef struct Flow {
  Box **boxes;
  int n, cap;
  Figure first_top;   // drawn at the top of the flow's first page
  double first_top_h; // its height
  Box *table_head;    // repeated on continuation pages (appendices)
  bool landscape;
} Flow;

// A footnote set for the foot of a page.
typedef struct NoteLayout {
  Line **lines;
  int nlines;
  double height; // with the gap below it
  bool cited;    // some box already carries it
} NoteLayout;

//
// Small helpers
//

// Grows an arena array to hold one more element; old storage stays in the
// arena (freed with it).
static void *grow(Arena *a, void *items, int n, int *cap, size_t size) {
  if (n < *cap)
    return items;
  int ncap = n >= 2 ? n * 2 : 2;
  void *p = arena_alloc(a, (size_t)ncap * size);
  if (n > 0 && items)
    memcpy(p, items, (size_t)n * size);
  *cap = ncap;
  return p;
}

#define PUSH(a, arr, n, cap) \
  ((arr) = grow((a), (arr), (n), &(cap), sizeof *(arr)), &(arr)[(n)++])

static double body_width_of(double page_w) {
  return page_w - MARGIN_LEFT - MARGIN_RIGHT;
}

// Where a line's baseline sits in a slot `leading` high: the font's
// ascent-to-descent box centred in the slot.
static double baseline_in(double leading, double size) {
  return (leading - (ASCENT + DESCENT) * size) / 2 + ASCENT * size;
}

// A copy of s cut to at most max bytes on a character boundary.
static const char *clip_utf8(Arena *a, const char *s, size_t max) {
  size_t n = strlen(s);
  if (n <= max)
    return s;
  while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
    max--;
  return arena_strndup(a, s, max);
}

static double measure(const Pdf *p, int face, double size, const char *s, size_t len) {
  return fonts_width(p->fonts, face, s, len) * size / 1000.0;
}

//
// Words: text and runs cut at spaces, each piece measured
//

static void para_init(Para *pa, Pdf *p, double size, bool keep_spaces, Pos pos) {
  arena_reset(p->para); // the previous paragraph is in lines by now
  memset(pa, 0, sizeof *pa);
  pa->p = p;
  pa->size = size;
  pa->keep_spaces = keep_spaces;
  pa->pos = pos;
}

// Warns once per paragraph about a character the face lacks.
static void check_glyph(Para *pa, int face, int32_t cp) {
  if (fonts_has_char(pa->p->fonts, face, cp))
    return;
  for (int i = 0; i < pa->nreported; i++)
    if (pa->reported[i] == cp)
      return;
  if (pa->nreported < (int)(sizeof pa->reported / sizeof *pa->reported))
    pa->reported[pa->nreported++] = cp;
  Buf ch;
  buf_init(&ch);
  utf8_encode(&ch, cp);
  // The character as written in the plan; the paragraph's own position
  // (a template line) when it came from the template.
  Pos at = pa->pos;
  for (int i = 0; i < pa->nfrom; i++)
    if (origin_char_pos(pa->from[i], cp, &at))
      break;
  diag(pa->p->d, SEV_WARNING, at, "missing-glyph",
       "phông %s (%s) không có ký tự U+%04X \"%s\"; bản PDF sẽ in ô trống / "
       "the %s font (%s) has no glyph for U+%04X \"%s\"; the PDF shows a blank box",
       fonts_family(pa->p->fonts), FACE_NAMES[face], (unsigned)cp, ch.data,
       fonts_family(pa->p->fonts),
       FACE_NAMES[face], (unsigned)cp, ch.data);
  buf_free(&ch);
}

// Ends the growing word: measures its fragments.
static void close_word(Para *pa) {
  if (!pa->open)
    return;
  Word *w = &pa->words[pa->n - 1];
  w->w = 0;
  for (int i = 0; i < w->n; i++) {
    Frag *f = &w->frags[i];
    f->w = measure(pa->p, f->face, f->size, f->s, f->len);
    w->w += f->w;
  }
  pa->open = false;
}

static Word *open_word(Para *pa) {
  if (pa->open)
    return &pa->words[pa->n - 1];
  Word *w = PUSH(pa->p->para, pa->words, pa->n, pa->cap);
  memset(w, 0, sizeof *w);
  w->gap = pa->pending_gap;
  w->spaces = pa->pending_spaces;
  pa->pending_gap = 0;
  pa->pending_spaces = 0;
  pa->open = true;
  return w;
}

// Appends the bytes s[0..len) to the growing word, extending its last
// fragment when it continues it in the same face.
static void add_chars(Para *pa, const char *s, size_t len, int face, double size,
                      double rise, int note) {
  Word *w = open_word(pa);
  if (w->n && !note) {
    Frag *last = &w->frags[w->n - 1];
    if (!last->note && last->face == face && last->size == size &&
        last->rise == rise && last->s + last->len == s) {
      last->len += len;
      return;
    }
  }
  Frag *f = PUSH(pa->p->para, w->frags, w->n, w->cap);
  *f = (Frag){.s = s, .len = len, .face = face, .note = note, .size = size,
              .rise = rise};
}

static void add_space(Pdf *p, Para *pa, int face) {
  close_word(pa);
  if (pa->keep_spaces || pa->pending_spaces == 0)
    pa->pending_gap += measure(p, face, pa->size, " ", 1);
  pa->pending_spaces++;
}

static void para_text(Para *pa, const char *text, unsigned style) {
  if (!text)
    return;
  int face = (int)(style & (STYLE_BOLD | STYLE_ITALIC));
  size_t n = strlen(text);
  for (size_t i = 0; i < n;) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      add_space(pa->p, pa, face);
      i++;
      continue;
    }
    // The characters up to the next space, control character or byte that
    // is not UTF-8 (skipped) join the word at once.
    size_t start = i;
    int32_t cp = 0;
    int len = 0;
    while (i < n && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r' &&
           (len = utf8_decode(text + i, n - i, &cp)) > 0 && cp >= 0x20 && cp != 0x7F) {
      check_glyph(pa, face, cp);
      i += (size_t)len;
    }
    if (i > start)
      add_chars(pa, text + start, i - start, face, pa->size, 0, 0);
    else
      i += len > 0 ? (size_t)len : 1;
  }
}

// A footnote marker: its number raised and smaller, glued to the word.
static void para_note(Para *pa, int number, unsigned style) {
  const char *s = arena_printf(pa->p->para, "%d", number);
  add_chars(pa, s, strlen(s), (int)(style & (STYLE_BOLD | STYLE_ITALIC)),
            pa->size * SUPER_SCALE,
            pa->size * SUPER_RISE, number);
}

static void para_break(Para *pa) {
  close_word(pa);
  if (!pa->n)
    open_word(pa); // an empty first line
  close_word(pa);
  pa->words[pa->n - 1].hard_break = true;
  pa->pending_gap = 0;
  pa->pending_spaces = 0;
}

static void para_runs(Para *pa, const Run *r, unsigned outer) {
  for (; r; r = r->next) {
    unsigned style = (r->style | outer) & (STYLE_BOLD | STYLE_ITALIC);
    pa->from = r->from, pa->nfrom = r->nfrom;
    if (r->kind == RUN_TEXT)
      para_text(pa, r->text, style);
    else if (r->kind == RUN_NOTE)
      para_note(pa, r->note, style);
    else
      para_break(pa);
  }
  close_word(pa);
}

//
// Lines: greedy breaking, justification, long words cut by character
//

typedef struct Breaker {
  Pdf *p;
  double width, indent;
  Align align;
  bool keep_spaces;
  Line **lines;
  int n, cap;
} Breaker;

// Joins two fragments of one face on a plain line: "a" + spaces + "b".
static void join_frag(Arena *a, Frag *dst, const Frag *src, int spaces, double gap) {
  if (spaces < 1)
    spaces = 1;
  char *s = arena_alloc(a, dst->len + (size_t)spaces + src->len + 1);
  memcpy(s, dst->s, dst->len);
  memset(s + dst->len, ' ', (size_t)spaces);
  memcpy(s + dst->len + (size_t)spaces, src->s, src->len);
  dst->s = s;
  dst->len += (size_t)spaces + src->len;
  dst->w += gap + src->w;
}

// Makes a Line of words; justify spreads the slack over the gaps.
static void emit_line(Breaker *b, Word **words, int n, bool justify) {
  Arena *a = b->p->a;
  bool first = b->n == 0;
  double indent = first ? b->indent : 0, natural = 0;
  for (int i = 0; i < n; i++)
    natural += (i ? words[i]->gap : 0) + words[i]->w;
  double left = indent, extra = 0;
  if (b->align == ALIGN_CENTER)
    left = (b->width - natural) / 2 > 0 ? (b->width - natural) / 2 : 0;
  else if (b->align == ALIGN_JUSTIFY && justify && n > 1 &&
           b->width - indent > natural)
    extra = (b->width - indent - natural) / (n - 1);
  Line *l = arena_alloc(a, sizeof *l);
  *l = (Line){.left = left, .w = natural};
  Frag *frags = NULL; // built in the paragraph's scratch, then copied
  int cap = 0;
  double x = left;
  for (int i = 0; i < n; i++) {
    const Word *w = words[i];
    double gap = i ? w->gap + extra : 0;
    x += gap;
    for (int j = 0; j < w->n; j++) {
      Frag f = w->frags[j];
      f.x = x;
      x += f.w;
      Frag *prev = l->n ? &frags[l->n - 1] : NULL;
      // On a line not stretched, a word in the face of the one before
      // joins it, spaces included: fewer, longer strings.
      if (prev && j == 0 && i > 0 && extra == 0 && !prev->note && !f.note &&
          prev->face == f.face && prev->size == f.size && prev->rise == f.rise) {
        join_frag(b->p->para, prev, &f, b->keep_spaces ? w->spaces : 1, gap);
        continue;
      }
      if (prev && j > 0 && !prev->note && !f.note && prev->face == f.face &&
          prev->size == f.size && prev->rise == f.rise &&
          prev->s + prev->len == f.s) { // a split word's pieces
        prev->len += f.len;
        prev->w += f.w;
        continue;
      }
      *PUSH(b->p->para, frags, l->n, cap) = f;
    }
  }
  // The line's own copies, strings NUL-terminated for libharu; the cited
  // footnotes.
  l->frags = arena_alloc(a, sizeof(Frag) * (size_t)(l->n ? l->n : 1));
  if (l->n)
    memcpy(l->frags, frags, sizeof(Frag) * (size_t)l->n);
  int ncap = 0;
  for (int i = 0; i < l->n; i++) {
    Frag *f = &l->frags[i];
    f->s = arena_strndup(a, f->s, f->len);
    if (f->note)
      *PUSH(a, l->notes, l->nnotes, ncap) = f->note;
  }
  *PUSH(a, b->lines, b->n, b->cap) = l;
}

// True when a word has two characters or more (markers aside) to cut
// between.
static bool word_splittable(const Word *w) {
  size_t chars = 0;
  for (int i = 0; i < w->n; i++)
    if (!w->frags[i].note)
      chars += utf8_count(w->frags[i].s, w->frags[i].len);
  return chars > 1;
}

// Characters after which a long token (a URL, "128/LĐTĐ-BHXH-BĐG") is
// best cut.
static bool soft_break_after(char c) { return c && strchr("/-_.?&=,;:", c); }

// Cuts w into a head at most `avail` wide and the rest, after a soft break
// character when one falls in the last 40 % of the room. With at_least_one
// the head takes a character even when none fits.
static void split_word(Pdf *p, const Word *w, double avail, bool at_least_one,
                       Word **head, Word **tail) {
  Arena *a = p->para;
  Word *h = arena_alloc(a, sizeof *h), *t = arena_alloc(a, sizeof *t);
  h->gap = w->gap;
  h->spaces = w->spaces;
  t->hard_break = w->hard_break;
  double x = 0;
  int i = 0;
  for (; i < w->n && (w->frags[i].note || x + w->frags[i].w <= avail); i++) {
    *PUSH(a, h->frags, h->n, h->cap) = w->frags[i];
    x += w->frags[i].w;
  }
  if (i < w->n) { // cut fragment i by character
    const Frag *f = &w->frags[i];
    size_t cut = 0, soft = 0;
    double cw = 0, soft_w = 0;
    while (cut < f->len) {
      int32_t cp;
      int n = utf8_decode(f->s + cut, f->len - cut, &cp);
      if (n < 0)
        n = 1;
      double chw = measure(p, f->face, f->size, f->s + cut, (size_t)n);
      if (x + cw + chw > avail && (h->n || cut || !at_least_one))
        break;
      cw += chw;
      cut += (size_t)n;
      if (soft_break_after(f->s[cut - 1]) && cut < f->len) {
        soft = cut;
        soft_w = cw;
      }
    }
    if (cut < f->len && soft && x + soft_w >= 0.6 * avail) {
      cut = soft;
      cw = soft_w;
    }
    if (cut) {
      Frag hf = *f;
      hf.len = cut;
      hf.w = cw;
      *PUSH(a, h->frags, h->n, h->cap) = hf;
      x += cw;
    }
    if (cut < f->len) {
      Frag tf = *f;
      tf.s += cut;
      tf.len -= cut;
      tf.w = f->w - cw;
      *PUSH(a, t->frags, t->n, t->cap) = tf;
      t->w += tf.w;
    }
    for (i++; i < w->n; i++) {
      *PUSH(a, t->frags, t->n, t->cap) = w->frags[i];
      t->w += w->frags[i].w;
    }
  }
  h->w = x;
  *head = h;
  *tail = t;
}

// Breaks a paragraph's words into lines `width` wide, the first indented.
// A word wider than a whole line is cut by character: its head fills the
// line it starts on.
static Line **break_lines(Pdf *p, Para *pa, double width, double indent,
                          Align align, int *nlines) {
  Breaker b = {.p = p, .width = width, .indent = indent, .align = align,
               .keep_spaces = pa->keep_spaces};
  Word **line = arena_alloc(p->para, sizeof(Word *) * (size_t)(pa->n + 1));
  int n = 0;
  double x = 0;
  for (int i = 0; i < pa->n; i++) {
    Word *w = &pa->words[i];
    for (;;) {
      double avail = width - (b.n == 0 ? indent : 0);
      double gap = n ? w->gap : 0;
      if (x + gap + w->w <= avail + EPSILON) {
        x += gap + w->w;
        line[n++] = w;
        break;
      }
      Word *head = NULL, *tail = NULL;
      if ((!n || w->w > width + EPSILON) && word_splittable(w))
        split_word(p, w, avail - x - gap, !n, &head, &tail);
      if (head && head->n && tail->n) {
        line[n++] = head;
        emit_line(&b, line, n, n > 1);
        w = tail;
      } else if (n) {
        emit_line(&b, line, n, true);
      } else { // one character wider than the line: let it stick out
        line[n++] = w;
        x = w->w;
        break;
      }
      n = 0;
      x = 0;
    }
    if (w->hard_break) {
      emit_line(&b, line, n, false);
      n = 0;
      x = 0;
    }
  }
  if (n || !b.n)
    emit_line(&b, line, n, false);
  *nlines = b.n;
  return b.lines;
}

//
// Figures: placed lines and rules
//

static void fig_line(Pdf *p, Figure *f, const Line *l, double x, double y) {
  *PUSH(p->a, f->lines, f->nlines, f->lcap) = (Placed){l, x, y};
}

static void fig_rule(Pdf *p, Figure *f, double x1, double y1, double x2, double y2) {
  *PUSH(p->a, f->rules, f->nrules, f->rcap) = (Rule){x1, y1, x2, y2};
}

// Sets plain text (one style) in a column from *y down; returns the width
// of its widest line and stores the last line's in *last_w.
// from: the plan's scalar the text was made from, or NULL (template text).
static double fig_text(Pdf *p, Figure *f, const char *text, const Origin *from,
                       unsigned style, double size, double leading, double col_x,
                       double col_w, Align align, bool keep_spaces, double *y,
                       double *last_w) {
  Para pa;
  para_init(&pa, p, size, keep_spaces, from ? from->pos : pos_none());
  pa.from = from, pa.nfrom = from ? 1 : 0;
  para_text(&pa, text, style);
  close_word(&pa);
  int n;
  Line **lines = break_lines(p, &pa, col_w, 0, align, &n);
  double widest = 0, lead = size * leading;
  for (int i = 0; i < n; i++) {
    fig_line(p, f, lines[i], col_x, *y + baseline_in(lead, size));
    *y += lead;
    if (lines[i]->w > widest)
      widest = lines[i]->w;
    if (last_w)
      *last_w = lines[i]->w;
  }
  return widest;
}

// A rule `len` long centred on cx, at y.
static void fig_centred_rule(Pdf *p, Figure *f, double cx, double len, double y) {
  fig_rule(p, f, cx - len / 2, y, cx + len / 2, y);
}

//
// The page-1 header and the end block
//

// Quốc hiệu at 13 pt when it fits the right column on one line, else 12.
static double nation_size(Pdf *p, const char *nation, double col_w) {
  if (nation && measure(p, FACE_BOLD, NATION_SIZE, nation, strlen(nation)) > col_w)
    return NATION_SIZE - 1;
  return NATION_SIZE;
}

// Lays out the header; returns its height.
static double layout_header(Pdf *p, const Doc *doc, Figure *f, double width) {
  double lw = width * LEFT_COLUMN, rw = width - lw;
  double lx = COLUMN_PAD, rx = lw + COLUMN_PAD; // text inside the columns
  double ltw = lw - 2 * COLUMN_PAD, rtw = rw - 2 * COLUMN_PAD;
  double ly = 0, ry = 0, last = 0;
  // Left: cơ quan chủ quản (regular), cơ quan ban hành (bold), short rule.
  if (doc->parent && *doc->parent)
    fig_text(p, f, doc->parent, &doc->parent_from, 0, AUTHORITY_SIZE, LINE_LEADING, lx, ltw,
             ALIGN_CENTER, false, &ly, NULL);
  bool any = false;
  for (int i = 0; doc->authority_lines && i < doc->nauthority_lines; i++)
    if (doc->authority_lines[i] && *doc->authority_lines[i]) {
      fig_text(p, f, doc->authority_lines[i],
               doc->authority_from ? &doc->authority_from[i] : NULL, STYLE_BOLD, AUTHORITY_SIZE,
               LINE_LEADING, lx, ltw, ALIGN_CENTER, false, &ly, &last);
      any = true;
    }
  if (any) {
    ly += RULE_GAP;
    fig_centred_rule(p, f, lw / 2, last * SHORT_RULE, ly);
  }
  // Right: Quốc hiệu, Tiêu ngữ one point larger, a rule as long as it.
  double ns = nation_size(p, doc->nation, rtw);
  if (doc->nation)
    fig_text(p, f, doc->nation, NULL, STYLE_BOLD, ns, LINE_LEADING, rx, rtw,
             ALIGN_CENTER, false, &ry, NULL);
  if (doc->motto) {
    fig_text(p, f, doc->motto, NULL, STYLE_BOLD, ns + 1, LINE_LEADING, rx, rtw,
             ALIGN_CENTER, false, &ry, &last);
    ry += RULE_GAP;
    fig_centred_rule(p, f, lw + rw / 2, last, ry);
  }
  // One row: number under the authority, place and date under the motto.
  double y = (ly > ry ? ly : ry) + 8;
  // Baselines level although the sizes differ.
  double ny = y + baseline_in(DATE_SIZE * LINE_LEADING, DATE_SIZE) -
              baseline_in(NUMBER_SIZE * LINE_LEADING, NUMBER_SIZE);
  double dy = y;
  if (doc->number_line)
    fig_text(p, f, doc->number_line, NULL, 0, NUMBER_SIZE, LINE_LEADING, lx, ltw,
             ALIGN_CENTER, true, &ny, NULL);
  if (doc->place_date)
    fig_text(p, f, doc->place_date, &doc->place_from, STYLE_ITALIC, DATE_SIZE, LINE_LEADING, rx,
             rtw, ALIGN_CENTER, true, &dy, NULL);
  y = (ny > dy ? ny : dy) + TITLE_SIZE * 0.8;
  // Tên loại and trích yếu, centred on the text block, then a short rule.
  double widest = 0;
  if (doc->kind_name)
    widest = fig_text(p, f, doc->kind_name, NULL, STYLE_BOLD, TITLE_SIZE,
                      LINE_LEADING, 0, width, ALIGN_CENTER, false, &y, NULL);
  double title_w = 0;
  for (int i = 0; doc->title_lines && i < doc->ntitle_lines; i++)
    if (doc->title_lines[i]) {
      double w = fig_text(p, f, doc->title_lines[i],
                          doc->title_from ? &doc->title_from[i] : NULL, STYLE_BOLD, TITLE_SIZE,
                          LINE_LEADING, 0, width, ALIGN_CENTER, false, &y, NULL);
      if (w > title_w)
        title_w = w;
    }
  if (title_w == 0)
    title_w = widest;
  if (title_w > 0) {
    y += RULE_GAP;
    fig_centred_rule(p, f, width / 2, title_w * SHORT_RULE, y);
  }
  return y + HEADER_AFTER;
}

// "Nơi nhận" and the recipients at left, the signature at right; returns
// the height. First baselines are level.
static double layout_end(Pdf *p, const Doc *doc, Figure *f, double width) {
  double lw = width * LEFT_COLUMN - COLUMN_PAD; // flush left, off the gutter
  double rx = width * LEFT_COLUMN + COLUMN_PAD, rw = width - rx - COLUMN_PAD;
  double sign_lead = SIGN_SIZE * LINE_LEADING, label_lead = LABEL_SIZE * LINE_LEADING;
  double ly = baseline_in(sign_lead, SIGN_SIZE) - baseline_in(label_lead, LABEL_SIZE);
  double ry = 0;
  if (doc->recipients_label && *doc->recipients_label)
    fig_text(p, f, doc->recipients_label, NULL, STYLE_BOLD | STYLE_ITALIC, LABEL_SIZE,
             LINE_LEADING, 0, lw, ALIGN_LEFT, false, &ly, NULL);
  for (int i = 0; doc->recipients && i < doc->nrecipients; i++)
    if (doc->recipients[i])
      fig_text(p, f, doc->recipients[i],
               doc->recipient_from ? &doc->recipient_from[i] : NULL, 0, RECIPIENT_SIZE, LINE_LEADING, 0, lw,
               ALIGN_LEFT, false, &ly, NULL);
  for (int i = 0; doc->sign_lines && i < doc->nsign_lines; i++)
    if (doc->sign_lines[i])
      fig_text(p, f, doc->sign_lines[i],
               doc->sign_from ? &doc->sign_from[i] : NULL, STYLE_BOLD, SIGN_SIZE, LINE_LEADING, rx,
               rw, ALIGN_CENTER, false, &ry, NULL);
  ry += SIGN_SPACE;
  if (doc->signer && *doc->signer)
    fig_text(p, f, doc->signer, &doc->signer_from, STYLE_BOLD, SIGN_SIZE, LINE_LEADING, rx, rw,
             ALIGN_CENTER, false, &ry, NULL);
  return ly > ry ? ly : ry;
}

//
// The flow: boxes of the body, footnotes cited, the end block
//

static Box *flow_add(Pdf *p, Flow *fl, double height, double before, bool keep) {
  Box *b = arena_alloc(p->a, sizeof *b);
  b->height = height;
  b->before = before;
  b->keep = keep;
  *PUSH(p->a, fl->boxes, fl->n, fl->cap) = b;
  return b;
}

static NoteLayout *note_at(Pdf *p, int number) {
  return number > 0 && number < p->nnotes && p->notes[number].lines
             ? &p->notes[number]
             : NULL;
}

// Gives box the footnotes of cites that no earlier box cited.
static void cite_notes(Pdf *p, Box *b, const int *cites, int n) {
  int cap = b->nnotes; // unknown: grow() copies when full
  for (int i = 0; i < n; i++) {
    NoteLayout *nl = note_at(p, cites[i]);
    if (!nl || nl->cited)
      continue;
    nl->cited = true;
    *PUSH(p->a, b->notes, b->nnotes, cap) = cites[i];
  }
}

// A line of text as a box `leading` high.
static Box *flow_line(Pdf *p, Flow *fl, Line *l, double size, double leading,
                      double before, bool keep) {
  Box *b = flow_add(p, fl, size * leading, before, keep);
  fig_line(p, &b->fig, l, 0, baseline_in(size * leading, size));
  cite_notes(p, b, l->notes, l->nnotes);
  return b;
}

// "I. MỤC TIÊU": the heading's words as plain text, for its bookmark.
static const char *outline_title(Pdf *p, const Block *blk) {
  Buf b;
  buf_init(&b);
  if (blk->label)
    buf_printf(&b, "%s ", blk->label);
  for (const Run *r = blk->runs; r; r = r->next)
    if (r->kind == RUN_TEXT && r->text)
      buf_puts(&b, r->text);
    else if (r->kind == RUN_BREAK)
      buf_putc(&b, ' ');
  const char *s = clip_utf8(p->a, arena_strdup(p->a, b.data ? b.data : ""), MAX_META);
  buf_free(&b);
  return s;
}

// Each block as lines: no widow or orphan (a break needs two lines on
// either side), headings and titled khoản kept with what follows.
static void flow_body(Pdf *p, const Doc *doc, Flow *fl, double width) {
  bool keep_next = false;
  int index = 0;
  for (const Block *blk = doc->body; blk; blk = blk->next, index++) {
    bool heading = blk->kind == BLOCK_HEADING;
    unsigned style = heading || (blk->flags & BLOCK_TITLED) ? STYLE_BOLD : 0;
    if (blk->flags & BLOCK_ITALIC)
      style |= STYLE_ITALIC;
    Para pa;
    para_init(&pa, p, BODY_SIZE, false, blk->pos);
    if (blk->label && *blk->label) {
      para_text(&pa, blk->label, style);
      para_text(&pa, " ", style);
    }
    para_runs(&pa, blk->runs, style);
    if (!pa.n)
      continue;
    int n;
    Line **lines = break_lines(p, &pa, width, FIRST_INDENT, ALIGN_JUSTIFY, &n);
    for (int i = 0; i < n; i++) {
      bool keep = i == 0 ? keep_next && fl->n > 0 : i == 1 || i == n - 1;
      Box *b = flow_line(p, fl, lines[i], BODY_SIZE, BODY_LEADING,
                         i == 0 ? PARA_SPACE : 0, keep);
      if (i == 0 && heading)
        b->outline = outline_title(p, blk);
      b->block = index + 1;
    }
    keep_next = heading || (blk->flags & (BLOCK_TITLED | BLOCK_KEEP));
  }
}

// Lays out every footnote: its number raised, a space, its text.
static void layout_notes(Pdf *p, const Doc *doc, double width) {
  int max = 0;
  for (const Note *n = doc->notes; n; n = n->next)
    if (n->number > max && n->number < MAX_NOTE)
      max = n->number;
  p->nnotes = max + 1;
  p->notes = arena_alloc(p->a, sizeof(NoteLayout) * (size_t)p->nnotes);
  for (const Note *n = doc->notes; n; n = n->next) {
    if (n->number <= 0 || n->number >= MAX_NOTE || p->notes[n->number].lines)
      continue;
    Para pa;
    para_init(&pa, p, NOTE_SIZE, false, n->pos);
    para_note(&pa, n->number, 0);
    para_text(&pa, " ", 0);
    para_runs(&pa, n->runs, 0);
    NoteLayout *nl = &p->notes[n->number];
    nl->lines = break_lines(p, &pa, width, 0, ALIGN_JUSTIFY, &nl->nlines);
    nl->height = nl->nlines * NOTE_SIZE * LINE_LEADING + 1;
  }
}

// Notes no line cites go with the end block, so that none is lost.
static void uncited_notes(Pdf *p, Box *b) {
  int cap = b->nnotes; // unknown: grow() copies when full
  for (int i = 1; i < p->nnotes; i++)
    if (p->notes[i].lines && !p->notes[i].cited) {
      p->notes[i].cited = true;
      *PUSH(p->a, b->notes, b->nnotes, cap) = i;
    }
}

//
// Pagination
//

static double notes_height(Pdf *p, const Box *b) {
  double h = 0;
  for (int i = 0; i < b->nnotes; i++) {
    NoteLayout *nl = note_at(p, b->notes[i]);
    if (nl)
      h += nl->height;
  }
  return h;
}

// Cuts the flow into pages: starts[k] is the first box of page k, and
// starts[npages] == fl->n. A page takes boxes while they and their notes
// fit; on overflow it ends at the last break allowed (a box without keep),
// or, when there is none, right before the box that did not fit.
static int *paginate(Pdf *p, Flow *fl, double first_avail, double avail,
                     int *npages) {
  int cap = 0, n = 0;
  int *starts = NULL;
  int start = 0;
  while (start < fl->n) {
    *PUSH(p->a, starts, n, cap) = start;
    double room = n == 1 ? first_avail : avail;
    if (n > 1 && fl->table_head && fl->boxes[start]->table_row)
      room -= fl->table_head->height;
    double used = 0, notes = 0;
    int i = start;
    for (; i < fl->n; i++) {
      Box *b = fl->boxes[i];
      double h = (i == start ? 0 : b->before) + b->height;
      double nh = notes_height(p, b);
      if (nh > 0 && notes == 0)
        nh += NOTE_ABOVE + NOTE_BELOW;
      if (i > start && used + h + notes + nh > room + EPSILON)
        break;
      used += h;
      notes += nh;
    }
    if (i < fl->n) {
      int j = i;
      while (j > start && fl->boxes[j]->keep)
        j--;
      i = j > start ? j : i;
    }
    start = i;
  }
  *PUSH(p->a, starts, n, cap) = fl->n;
  *npages = n - 1 > 0 ? n - 1 : 0;
  return starts;
}

//
// Drawing
//

// Appends a number to a content stream: at most two decimals, no trailing
// zeros (LC_NUMERIC is never set, so the point is a point).
static void put_number(Buf *b, double v) {
  char s[40];
  double hundredths = v * 100;
  if (fabs(hundredths) < 1e15 &&
      fabs(hundredths - floor(hundredths) - 0.5) > 1e-6) {
    // Not near a tie: rounding v * 100 gives what "%.2f" gives, without
    // printf's exact decimal expansion (the hot path of every page).
    long long c = llround(hundredths);
    bool neg = c < 0;
    unsigned long long u = neg ? (unsigned long long)-c : (unsigned long long)c;
    char *end = s + sizeof s, *q = end;
    *--q = '\0';
    unsigned frac = (unsigned)(u % 100);
    u /= 100;
    if (frac) {
      if (frac % 10)
        *--q = (char)('0' + frac % 10);
      *--q = (char)('0' + frac / 10);
      *--q = '.';
    }
    do
      *--q = (char)('0' + u % 10);
    while (u /= 10);
    if (neg)
      *--q = '-';
    buf_puts(b, strcmp(q, "-0") == 0 ? "0" : q);
    return;
  }
  snprintf(s, sizeof s, "%.2f", v);
  char *end = s + strlen(s);
  while (end[-1] == '0')
    *--end = '\0';
  if (end[-1] == '.')
    *--end = '\0';
  buf_puts(b, strcmp(s, "-0") == 0 ? "0" : s);
}

// Appends the codes that draw s[0, len) in face as a literal string, its
// bytes as they are but for the few a string must escape (shorter than hex,
// and it compresses better).
static void put_codes(Pdf *p, Buf *b, int face, const char *s, size_t len) {
  buf_clear(&p->codes);
  font_use_encode(p->fonts_used, face, s, len, &p->codes);
  buf_putc(b, '(');
  const char *c = p->codes.data, *end = c + p->codes.len;
  while (c < end) {
    size_t plain = 0; // bytes written as they are
    while (c + plain < end && c[plain] != '(' && c[plain] != ')' && c[plain] != '\\' &&
           c[plain] != '\r') // codes hold NUL bytes: no strchr
      plain++;
    buf_put(b, c, plain);
    c += plain;
    if (c < end) {
      buf_puts(b, *c == '\r' ? "\\r" : *c == '(' ? "\\(" : *c == ')' ? "\\)" : "\\\\");
      c++;
    }
  }
  buf_putc(b, ')');
}

// One text object per line: the pen goes to the line's start, then each run
// of fragments in one face and size is one TJ array whose numbers are the
// gaps between words (what justification stretched), in thousandths of the
// size. Far smaller than a Td and Tj per word. The font (Tf) and rise (Ts)
// are set only where they change on the page: the text state outlives a
// text object.
static void draw_line(Pdf *p, const Line *l, double x, double baseline) {
  if (!l->n)
    return;
  Buf *b = &p->content;
  buf_puts(b, "BT\n");
  put_number(b, x);
  buf_putc(b, ' ');
  put_number(b, baseline);
  buf_puts(b, " Td\n");
  int face = p->text_face;
  double size = p->text_size, rise = p->text_rise, pen = 0;
  bool in_array = false;
  for (int i = 0; i < l->n; i++) {
    const Frag *f = &l->frags[i];
    bool new_font = f->face != face || f->size != size;
    if (in_array && (new_font || f->rise != rise)) {
      buf_puts(b, "]TJ\n");
      in_array = false;
    }
    if (new_font) {
      buf_putc(b, '/');
      buf_puts(b, font_use_select(p->fonts_used, p->page, f->face));
      buf_putc(b, ' ');
      put_number(b, f->size);
      buf_puts(b, " Tf\n");
      face = f->face;
      size = f->size;
    }
    if (f->rise != rise) {
      put_number(b, f->rise);
      buf_puts(b, " Ts\n");
      rise = f->rise;
    }
    if (!in_array) {
      buf_putc(b, '[');
      in_array = true;
    }
    // The gap in whole thousandths of the size (at most 0.007 pt off at
    // 14 pt); pen follows where the PDF's pen really is, so the rounding
    // never adds up along a line.
    long gap = lround((f->x - pen) * 1000 / size);
    if (gap) {
      buf_put_int(b, -gap);
      pen += (double)gap * size / 1000;
    }
    put_codes(p, b, f->face, f->s, f->len);
    pen += f->w;
  }
  buf_puts(b, "]TJ\nET\n");
  p->text_face = face, p->text_size = size, p->text_rise = rise;
}

// Straight rules: stroke_width, then lines (page coordinates), then
// stroke_end.
static void stroke_width(Pdf *p) {
  put_number(&p->content, RULE_WIDTH);
  buf_puts(&p->content, " w\n");
}

static void stroke_line(Pdf *p, double x1, double y1, double x2, double y2) {
  Buf *b = &p->content;
  put_number(b, x1);
  buf_putc(b, ' ');
  put_number(b, y1);
  buf_puts(b, " m\n");
  put_number(b, x2);
  buf_putc(b, ' ');
  put_number(b, y2);
  buf_puts(b, " l\n");
}

static void stroke_end(Pdf *p) { buf_puts(&p->content, "S\n"); }

// Draws a figure whose top-left corner is at (x, top) in page coordinates.
static void draw_figure(Pdf *p, const Figure *f, double x, double top) {
  for (int i = 0; i < f->nlines; i++)
    draw_line(p, f->lines[i].line, x + f->lines[i].x, top - f->lines[i].y);
  if (!f->nrules)
    return;
  stroke_width(p);
  for (int i = 0; i < f->nrules; i++) {
    const Rule *r = &f->rules[i];
    stroke_line(p, x + r->x1, top - r->y1, x + r->x2, top - r->y2);
  }
  stroke_end(p);
}

// Gives the page drawn so far its content stream (compressed by flate.c).
static void end_page(Pdf *p) {
  if (!p->page)
    return;
  PdfObj *contents = pdfpage_contents(p->page);
  if (!p->flate || !flate_stream_data(p->flate, contents, p->content.data, p->content.len))
    pdfpage_write(p->page, p->content.data, p->content.len);
  buf_clear(&p->content);
}

static void new_page(Pdf *p, bool landscape) {
  end_page(p);
  p->page = pdfdoc_add_page(p->doc, landscape);
  p->npages++;
  p->text_face = -1, p->text_size = 0, p->text_rise = 0; // a page starts afresh
}

// The page number, centred in the top margin.
static void draw_page_number(Pdf *p, int number, double page_w, double page_h) {
  char s[16];
  snprintf(s, sizeof s, "%d", number);
  double w = measure(p, FACE_REGULAR, PAGE_NUMBER_SIZE, s, strlen(s));
  double x = MARGIN_LEFT + (body_width_of(page_w) - w) / 2;
  double y = page_h - MARGIN_TOP / 2 - (ASCENT - DESCENT) * PAGE_NUMBER_SIZE / 2;
  Frag f = {.s = s, .len = strlen(s), .face = FACE_REGULAR, .size = PAGE_NUMBER_SIZE, .w = w};
  Line line = {.frags = &f, .n = 1, .w = w};
  draw_line(p, &line, x, y);
}

// The footnotes of boxes [from, to), above the bottom margin, under a
// short separator.
static void draw_notes(Pdf *p, Flow *fl, int from, int to, double width) {
  double h = 0;
  for (int i = from; i < to; i++)
    h += notes_height(p, fl->boxes[i]);
  if (h <= 0)
    return;
  double top = MARGIN_BOTTOM + h, lead = NOTE_SIZE * LINE_LEADING;
  stroke_width(p);
  stroke_line(p, MARGIN_LEFT, top + NOTE_BELOW, MARGIN_LEFT + width * NOTE_RULE,
              top + NOTE_BELOW);
  stroke_end(p);
  for (int i = from; i < to; i++)
    for (int k = 0; k < fl->boxes[i]->nnotes; k++) {
      NoteLayout *nl = note_at(p, fl->boxes[i]->notes[k]);
      if (!nl)
        continue;
      for (int j = 0; j < nl->nlines; j++) {
        draw_line(p, nl->lines[j], MARGIN_LEFT, top - baseline_in(lead, NOTE_SIZE));
        top -= lead;
      }
      top -= nl->height - nl->nlines * lead;
    }
}

static void add_bookmark(Pdf *p, const char *title, double top) {
  pdfdoc_bookmark(p->doc, p->page, title, top);
}

// Draws a paginated flow: page numbers from the second page, the flow's
// top figure on its first page, the repeated table head, the notes.
static void draw_flow(Pdf *p, Flow *fl, const int *starts, int npages) {
  double page_w = fl->landscape ? PAGE_H : PAGE_W;
  double page_h = fl->landscape ? PAGE_W : PAGE_H;
  double width = body_width_of(page_w);
  for (int k = 0; k < npages; k++) {
    new_page(p, fl->landscape);
    double y = page_h - MARGIN_TOP;
    if (k == 0) {
      draw_figure(p, &fl->first_top, MARGIN_LEFT, y);
      y -= fl->first_top_h;
    } else {
      draw_page_number(p, k + 1, page_w, page_h);
    }
    int from = starts[k], to = starts[k + 1];
    if (k > 0 && fl->table_head && from < to && fl->boxes[from]->table_row) {
      draw_figure(p, &fl->table_head->fig, MARGIN_LEFT, y);
      y -= fl->table_head->height;
    }
    for (int i = from; i < to; i++) {
      Box *b = fl->boxes[i];
      if (i > from)
        y -= b->before;
      draw_figure(p, &b->fig, MARGIN_LEFT, y);
      if (b->outline)
        add_bookmark(p, b->outline, y);
      y -= b->height;
    }
    draw_notes(p, fl, from, to, width);
  }
}

//
// Appendices: a heading, then a table whose rows are boxes
//

typedef struct Cell {
  Line **lines;
  int n;
} Cell;

// One row of the table, or the part of a tall row from line `from` on.
static Box *table_row_box(Pdf *p, Flow *fl, Cell *cells, int ncols,
                          const double *xs, int from, int count) {
  double lead = TABLE_SIZE * LINE_LEADING;
  Box *b = flow_add(p, fl, count * lead + 2 * CELL_PAD_Y, 0, false);
  b->table_row = true;
  double h = b->height;
  for (int c = 0; c < ncols; c++) {
    for (int i = from; i < from + count && i < cells[c].n; i++) {
      fig_line(p, &b->fig, cells[c].lines[i], xs[c] + CELL_PAD_X,
               CELL_PAD_Y + (i - from) * lead + baseline_in(lead, TABLE_SIZE));
      cite_notes(p, b, cells[c].lines[i]->notes, cells[c].lines[i]->nnotes);
    }
    fig_rule(p, &b->fig, xs[c], 0, xs[c], h);
  }
  fig_rule(p, &b->fig, xs[ncols], 0, xs[ncols], h);
  fig_rule(p, &b->fig, xs[0], 0, xs[ncols], 0);
  fig_rule(p, &b->fig, xs[0], h, xs[ncols], h);
  return b;
}

// Sets a row's cells and adds it as boxes, cut where a page could not
// hold it whole.
static Box *table_row(Pdf *p, Flow *fl, const Appendix *ap, const double *xs,
                      int row, double max_h) {
  Cell *cells = arena_alloc(p->a, sizeof(Cell) * (size_t)ap->ncols);
  int tallest = 1;
  for (int c = 0; c < ap->ncols; c++) {
    Para pa;
    para_init(&pa, p, TABLE_SIZE, false, ap->pos);
    Align align = c == 0 ? ALIGN_CENTER : ALIGN_LEFT;
    if (row < 0) {
      if (ap->header_from)
        pa.from = &ap->header_from[c], pa.nfrom = 1;
      para_text(&pa, ap->header ? ap->header[c] : NULL, STYLE_BOLD);
      align = ALIGN_CENTER;
    }
    else
      para_runs(&pa, ap->cells ? ap->cells[row * ap->ncols + c] : NULL, 0);
    close_word(&pa);
    double w = xs[c + 1] - xs[c] - 2 * CELL_PAD_X;
    cells[c].lines = break_lines(p, &pa, w > 1 ? w : 1, 0, align, &cells[c].n);
    if (cells[c].n > tallest)
      tallest = cells[c].n;
  }
  int per_page = (int)((max_h - 2 * CELL_PAD_Y) / (TABLE_SIZE * LINE_LEADING));
  if (per_page < 1)
    per_page = 1;
  Box *first = NULL;
  for (int from = 0; from < tallest; from += per_page) {
    int count = tallest - from < per_page ? tallest - from : per_page;
    Box *b = table_row_box(p, fl, cells, ap->ncols, xs, from, count);
    if (!first)
      first = b;
  }
  return first;
}

static void flow_appendix(Pdf *p, const Appendix *ap, Flow *fl) {
  fl->landscape = ap->landscape;
  double page_w = ap->landscape ? PAGE_H : PAGE_W;
  double page_h = ap->landscape ? PAGE_W : PAGE_H;
  double width = body_width_of(page_w);
  // Heading: "Phụ lục I", the title in capitals, "(Kèm theo ...)", a rule.
  Box *head = flow_add(p, fl, 0, 0, false);
  double y = 0, widest = 0;
  if (ap->label)
    fig_text(p, &head->fig, ap->label, NULL, STYLE_BOLD, TITLE_SIZE, LINE_LEADING, 0,
             width, ALIGN_CENTER, false, &y, NULL);
  if (ap->title)
    widest = fig_text(p, &head->fig, ap->title, &ap->title_from, STYLE_BOLD, TITLE_SIZE,
                      LINE_LEADING, 0, width, ALIGN_CENTER, false, &y, NULL);
  if (ap->attached)
    fig_text(p, &head->fig, ap->attached, NULL, STYLE_ITALIC, TITLE_SIZE, LINE_LEADING,
             0, width, ALIGN_CENTER, true, &y, NULL);
  if (widest > 0) {
    y += RULE_GAP;
    fig_centred_rule(p, &head->fig, width / 2, widest * SHORT_RULE, y);
  }
  head->height = y + 12;
  if (ap->ncols <= 0)
    return;
  // Columns from the relative widths.
  double *xs = arena_alloc(p->a, sizeof(double) * (size_t)(ap->ncols + 1));
  double sum = 0;
  for (int c = 0; c < ap->ncols; c++)
    sum += ap->widths && ap->widths[c] > 0 ? ap->widths[c] : 1.0 / ap->ncols;
  for (int c = 0; c < ap->ncols; c++) {
    double w = ap->widths && ap->widths[c] > 0 ? ap->widths[c] : 1.0 / ap->ncols;
    xs[c + 1] = xs[c] + width * w / sum;
  }
  double page_room = page_h - MARGIN_TOP - MARGIN_BOTTOM;
  Box *th = table_row(p, fl, ap, xs, -1, page_room / 3);
  th->keep = true;
  th->table_row = false;
  fl->table_head = th;
  double room = page_room - th->height - 1;
  for (int r = 0; r < ap->nrows; r++) {
    Box *b = table_row(p, fl, ap, xs, r, room);
    if (r == 0)
      b->keep = true; // the head never ends a page alone
  }
}

//
// The document
//

static void set_metadata(Pdf *p, const Doc *doc, const PdfOptions *opt) {
  p->info = (PdfInfo){
      .title = doc->meta_title,
      .author = doc->meta_author,
      .subject = doc->meta_subject,
      .creator = opt && opt->creator ? opt->creator : "kehoach " KEHOACH_VERSION,
  };
  struct {
    const char *key;
    const char **value;
  } info[] = {{"Title", &p->info.title},
              {"Author", &p->info.author},
              {"Subject", &p->info.subject},
              {"Creator", &p->info.creator}};
  // The Info dictionary libharu made with the document (its Producer).
  for (size_t i = 0; i < sizeof info / sizeof *info; i++) {
    const char *v = *info[i].value;
    *info[i].value = v && *v ? clip_utf8(p->a, v, MAX_META) : NULL;
    if (*info[i].value && pdfdoc_info(p->doc))
      pdfobj_put_text(p->doc, pdfdoc_info(p->doc), info[i].key, *info[i].value);
  }
  if (!opt || opt->epoch < 0)
    return; // no dates: the same input gives the same bytes
  long long days = opt->epoch / 86400, secs = opt->epoch % 86400;
  Date d = date_from_days((long)days);
  if (d.year < 1 || d.year > 9999)
    return;
  pdfdoc_set_dates(p->doc, d, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

// The main document as a flow: the header above page 1, the body, and the
// end block, which takes the body's last two lines along to a new page.
static void flow_main(Pdf *p, const Doc *doc, Flow *fl, double width) {
  fl->first_top_h = layout_header(p, doc, &fl->first_top, width);
  flow_body(p, doc, fl, width);
  Figure end = {0};
  double end_h = layout_end(p, doc, &end, width);
  Box *eb = flow_add(p, fl, end_h, END_SPACE, fl->n > 0);
  eb->fig = end;
  if (fl->n >= 3)
    fl->boxes[fl->n - 2]->keep = true;
}

// The fonts' dictionaries, fixed and trimmed once every page is drawn.
// For each footnote of the main flow, the last body block of its page.
static void map_pages(const Flow *fl, const int *starts, int npages, PageMap *pages) {
  int max = 0;
  for (int k = 0; k < fl->n; k++)
    for (int i = 0; i < fl->boxes[k]->nnotes; i++)
      if (fl->boxes[k]->notes[i] > max)
        max = fl->boxes[k]->notes[i];
  pages->nnotes = max + 1;
  pages->note_block = xmalloc(sizeof(int) * (size_t)pages->nnotes);
  for (int i = 0; i < pages->nnotes; i++)
    pages->note_block[i] = -1;
  int last_block = 0; // of this page or, on a page with none, of the body
  for (int page = 0; page < npages; page++) {
    for (int k = starts[page]; k < starts[page + 1]; k++)
      if (fl->boxes[k]->block)
        last_block = fl->boxes[k]->block;
    for (int k = starts[page]; k < starts[page + 1]; k++)
      for (int i = 0; i < fl->boxes[k]->nnotes; i++)
        pages->note_block[fl->boxes[k]->notes[i]] = last_block - 1;
  }
}

void page_map_free(PageMap *m) {
  free(m->note_block);
  m->note_block = NULL;
  m->nnotes = 0;
}

static void typeset(Pdf *p, const Doc *doc, const PdfOptions *opt, PageMap *pages) {
  set_metadata(p, doc, opt);
  double width = body_width_of(PAGE_W);
  layout_notes(p, doc, width);
  Flow main = {0};
  flow_main(p, doc, &main, width);
  // Appendices: each its own flow and page numbering.
  int nap = 0;
  for (const Appendix *ap = doc->appendices; ap; ap = ap->next)
    nap++;
  Flow *apx = arena_alloc(p->a, sizeof(Flow) * (size_t)(nap ? nap : 1));
  int i = 0;
  for (const Appendix *ap = doc->appendices; ap; ap = ap->next)
    flow_appendix(p, ap, &apx[i++]);
  uncited_notes(p, main.boxes[main.n - 1]); // on the end block's page
  // Pages.
  double room = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM;
  int npages;
  int *starts = paginate(p, &main, room - main.first_top_h, room, &npages);
  if (pages)
    map_pages(&main, starts, npages, pages);
  draw_flow(p, &main, starts, npages);
  for (i = 0; i < nap; i++) {
    double r = (apx[i].landscape ? PAGE_W : PAGE_H) - MARGIN_TOP - MARGIN_BOTTOM;
    starts = paginate(p, &apx[i], r, r, &npages);
    draw_flow(p, &apx[i], starts, npages);
  }
  end_page(p);
  if (pages)
    pages->npages = p->npages;
  for (int k = 0; k < main.n; k++)
    if (main.boxes[k]->outline) {
      pdfdoc_open_outlines(p->doc);
      break;
    }
  PdfObj *fonts[NFACES];
  p->fonts_failed = !font_use_write(p->fonts_used, fonts);
  if (!p->fonts_failed)
    pdfa_mark(p->doc, &p->info, fonts, NFACES);
  // What flate.c leaves (none, unless libdeflate fails) libharu compresses.
  if (p->flate)
    flate_streams(p->flate, p->doc);
}

// libharu reports an error: leave the typesetting through longjmp.
static void on_libharu_error(void *user, unsigned long error, unsigned long detail) {
  Pdf *p = user;
  p->error = error;
  p->detail = detail;
  longjmp(p->on_error, 1);
}

int render_pdf(const Doc *doc, const PdfOptions *opt, Diags *d, Buf *out, PageMap *pages) {
  Pdf *p = xcalloc(1, sizeof *p);
  p->d = d;
  p->a = arena_new();
  p->para = arena_new();
  buf_init(&p->codes);
  buf_init(&p->content);
  p->rc = -1;
  p->fonts = opt->fonts;
  if (!opt->fonts) {
    diag(d, SEV_ERROR, pos_none(), "font-missing",
         "không tìm thấy phông Times New Roman, Liberation Serif hay Tinos (đủ "
         "4 kiểu thường, đậm, nghiêng, đậm nghiêng, dạng TrueType); hãy cài "
         "fonts-liberation2 / no TrueType Times New Roman, Liberation Serif or "
         "Tinos with regular, bold, italic and bold italic faces was found; "
         "install fonts-liberation2");
  } else if (setjmp(p->on_error) == 0) {
    p->doc = pdfdoc_new(on_libharu_error, p);
    if (pdfdoc_open(p->doc)) {
      p->fonts_used = font_use_new(opt->fonts, p->doc);
      p->flate = flate_new();
      typeset(p, doc, opt, pages);
      p->rc = !p->fonts_failed && pdfdoc_save(p->doc, out) ? 0 : -1;
    }
    if (p->fonts_failed)
      diag(d, SEV_ERROR, pos_none(), "pdf",
           "HarfBuzz không tạo được tập con của phông %s / HarfBuzz could not "
           "subset the %s font",
           fonts_family(opt->fonts), fonts_family(opt->fonts));
    else if (p->rc != 0)
      diag(d, SEV_ERROR, pos_none(), "pdf",
           "không tạo được tệp PDF / could not produce the PDF");
  } else {
    diag(d, SEV_ERROR, pos_none(), "pdf",
         "libharu báo lỗi 0x%04X (chi tiết %u) khi tạo PDF / libharu error "
         "0x%04X (detail %u) while making the PDF",
         (unsigned)p->error, (unsigned)p->detail, (unsigned)p->error,
         (unsigned)p->detail);
  }
  int rc = p->rc;
  font_use_free(p->fonts_used);
  flate_free(p->flate);
  buf_free(&p->codes);
  buf_free(&p->content);
  pdfdoc_free(p->doc);
  arena_free(p->a);
  arena_free(p->para);
  free(p);
  return rc;
}
