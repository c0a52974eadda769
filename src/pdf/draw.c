// pdf/draw.c — the pages drawn.
//
// Places the boxes, the page numbers, the footnotes and the bookmarks in
// each page's content stream (kehoach's own buffer, compressed by flate.c),
// and fills the Info dictionary.
#include "pdf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
static void put_string(Pdf *p, Buf *b, int face, const char *s, size_t len) {
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

// Appends s[0, len) to a TJ array: strings, and between two characters a
// kerning pair of the face moves closer the number that does it (what
// fonts_width counted).
static void put_codes(Pdf *p, Buf *b, int face, const char *s, size_t len) {
  size_t start = 0;
  int32_t prev = -1;
  for (size_t i = 0; i < len;) {
    int32_t cp;
    int n = utf8_decode(s + i, len - i, &cp);
    if (n <= 0) {
      i++;
      prev = -1;
      continue;
    }
    int k = prev >= 0 ? fonts_kern(p->fonts, face, prev, cp) : 0;
    if (k) {
      put_string(p, b, face, s + start, i - start);
      buf_put_int(b, -k);
      start = i;
    }
    prev = cp;
    i += (size_t)n;
  }
  put_string(p, b, face, s + start, len - start);
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
void end_page(Pdf *p) {
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
void draw_flow(Pdf *p, Flow *fl, const int *starts, int npages) {
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


void set_metadata(Pdf *p, const Doc *doc, const PdfOptions *opt) {
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

