// pdf/layout.c — the decree's page layout as a vertical flow.
//
// The page-1 header in two columns, the body's blocks as lines, the
// footnotes, the end block ("Nơi nhận" beside the signature) and the
// appendix tables become boxes in one vertical flow per document part,
// with what must stay together marked (headings with what follows, no
// widow or orphan lines, the end block never alone).
#include "pdf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
  // Centred text in balanced lines (the trích yếu, names, headings).
  Line **lines = align == ALIGN_CENTER ? break_balanced(p, &pa, col_w, align, &n)
                                       : break_lines(p, &pa, col_w, 0, align, &n);
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
  double authority_w = 0;
  for (int i = 0; doc->authority_lines && i < doc->nauthority_lines; i++)
    if (doc->authority_lines[i] && *doc->authority_lines[i]) {
      double w = fig_text(p, f, doc->authority_lines[i],
                          doc->authority_from ? &doc->authority_from[i] : NULL, STYLE_BOLD,
                          AUTHORITY_SIZE, LINE_LEADING, lx, ltw, ALIGN_CENTER, false, &ly, &last);
      if (w > authority_w)
        authority_w = w;
    }
  if (authority_w > 0) {
    ly += RULE_GAP;
    fig_centred_rule(p, f, lw / 2, nd30_short_rule(authority_w, last), ly);
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
  double title_w = 0, title_last = widest;
  for (int i = 0; doc->title_lines && i < doc->ntitle_lines; i++)
    if (doc->title_lines[i]) {
      double w = fig_text(p, f, doc->title_lines[i],
                          doc->title_from ? &doc->title_from[i] : NULL, STYLE_BOLD, TITLE_SIZE,
                          LINE_LEADING, 0, width, ALIGN_CENTER, false, &y, &title_last);
      if (w > title_w)
        title_w = w;
    }
  if (title_w == 0)
    title_w = widest;
  if (title_w > 0) {
    y += RULE_GAP;
    fig_centred_rule(p, f, width / 2, nd30_short_rule(title_w, title_last), y);
  }
  return y + HEADER_AFTER;
}

// One recipient, "- Sở Nội vụ (báo cáo);", flush left; a line it wraps
// onto starts under its text, after the "- " (a hanging indent).
static void fig_recipient(Pdf *p, Figure *f, const char *text, const Origin *from,
                          double col_w, double *y) {
  Para pa;
  para_init(&pa, p, RECIPIENT_SIZE, false, from ? from->pos : pos_none());
  pa.from = from, pa.nfrom = from ? 1 : 0;
  para_text(&pa, text, 0);
  close_word(&pa);
  double hang = 0;
  if (pa.n > 1 && strncmp(text, "- ", 2) == 0)
    hang = pa.words[0].w + pa.words[1].gap;
  int n;
  // The first line starts `hang` to the left of the others.
  Line **lines = break_lines(p, &pa, col_w - hang, -hang, ALIGN_LEFT, &n);
  double lead = RECIPIENT_SIZE * LINE_LEADING;
  for (int i = 0; i < n; i++) {
    fig_line(p, f, lines[i], hang, *y + baseline_in(lead, RECIPIENT_SIZE));
    *y += lead;
  }
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
      fig_recipient(p, f, doc->recipients[i],
                    doc->recipient_from ? &doc->recipient_from[i] : NULL, lw, &ly);
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

NoteLayout *note_at(Pdf *p, int number) {
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
// either side), headings and titled khoản whole and kept with what follows.
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
    // A heading or a khoản's title is never cut: its lines go together.
    bool whole = heading || (blk->flags & BLOCK_TITLED);
    for (int i = 0; i < n; i++) {
      bool keep = i == 0 ? keep_next && fl->n > 0 : whole || i == 1 || i == n - 1;
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
void layout_notes(Pdf *p, const Doc *doc, double width) {
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
void uncited_notes(Pdf *p, Box *b) {
  int cap = b->nnotes; // unknown: grow() copies when full
  for (int i = 1; i < p->nnotes; i++)
    if (p->notes[i].lines && !p->notes[i].cited) {
      p->notes[i].cited = true;
      *PUSH(p->a, b->notes, b->nnotes, cap) = i;
    }
}

// The main document as a flow: the header above page 1, the body, and the
// end block, which takes the body's last two lines along to a new page.
void flow_main(Pdf *p, const Doc *doc, Flow *fl, double width) {
  fl->first_top_h = layout_header(p, doc, &fl->first_top, width);
  flow_body(p, doc, fl, width);
  Figure end = {0};
  double end_h = layout_end(p, doc, &end, width);
  Box *eb = flow_add(p, fl, end_h, END_SPACE, fl->n > 0);
  eb->fig = end;
  if (fl->n >= 3)
    fl->boxes[fl->n - 2]->keep = true;
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

void flow_appendix(Pdf *p, const Appendix *ap, Flow *fl) {
  fl->landscape = ap->landscape;
  double page_w = ap->landscape ? PAGE_H : PAGE_W;
  double page_h = ap->landscape ? PAGE_W : PAGE_H;
  double width = body_width_of(page_w);
  // Heading: "Phụ lục I", the title in capitals, "(Kèm theo ...)", a rule.
  Box *head = flow_add(p, fl, 0, 0, false);
  // The rule closes the heading under its last line, the "(Kèm theo ...)"
  // line when there is one, at RULE_GAP like every other rule.
  double y = 0, widest = 0, last = 0;
  if (ap->label)
    fig_text(p, &head->fig, ap->label, NULL, STYLE_BOLD, TITLE_SIZE, LINE_LEADING, 0,
             width, ALIGN_CENTER, false, &y, NULL);
  if (ap->title)
    widest = fig_text(p, &head->fig, ap->title, &ap->title_from, STYLE_BOLD, TITLE_SIZE,
                      LINE_LEADING, 0, width, ALIGN_CENTER, false, &y, &last);
  if (ap->attached)
    widest = fig_text(p, &head->fig, ap->attached, NULL, STYLE_ITALIC, TITLE_SIZE,
                      LINE_LEADING, 0, width, ALIGN_CENTER, true, &y, &last);
  if (widest > 0) {
    y += RULE_GAP;
    fig_centred_rule(p, &head->fig, width / 2, nd30_short_rule(widest, last), y);
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

