// render_md.c — Doc -> Markdown (CommonMark + GFM).
//
// Consumes the laid-out Doc; produces Markdown that cmark-gfm and pandoc
// render sensibly. Markdown cannot centre, size or rule text, so the
// decree's layout is kept as structure: the header and the end block are
// two-column GFM tables, headings are bold paragraphs, and every number is
// literal text (escaped so that no renderer turns "1." into a list), since
// Markdown lists cannot say "đ)". Footnotes are GFM footnotes.
#include "kehoach.h"

#include <stdlib.h>
#include <string.h>

// "1." "1.1." "a)" "-" "+" as literal text at the start of a paragraph.
static void label(Buf *out, const char *l) {
  if (l[0] == '-' || l[0] == '+') {
    buf_printf(out, "\\%s ", l);
    return;
  }
  size_t n = strlen(l);
  if (n && (l[n - 1] == '.' || l[n - 1] == ')')) {
    buf_put(out, l, n - 1);
    buf_printf(out, "\\%c ", l[n - 1]);
    return;
  }
  buf_printf(out, "%s ", l);
}

static const char *style_marker(unsigned style) {
  switch (style & (STYLE_BOLD | STYLE_ITALIC)) {
  case STYLE_BOLD:
    return "**";
  case STYLE_ITALIC:
    return "*";
  case STYLE_BOLD | STYLE_ITALIC:
    return "***";
  default:
    return "";
  }
}

// Writes styled text; spaces at the edges stay outside the emphasis markers
// (CommonMark does not open or close emphasis next to a space).
static void styled(Buf *out, const char *text, size_t n, unsigned style) {
  const char *m = style_marker(style);
  size_t lead = 0, trail = 0;
  while (lead < n && text[lead] == ' ')
    lead++;
  while (trail < n - lead && text[n - 1 - trail] == ' ')
    trail++;
  buf_put(out, text, lead);
  if (n - lead - trail) {
    char *core = xstrndup(text + lead, n - lead - trail);
    buf_puts(out, m);
    md_escape(out, core);
    buf_puts(out, m);
    free(core);
  }
  buf_put(out, text + n - trail, trail);
}

// Runs of one style are merged before writing, so "**a** **b**" stays one
// strong span.
static void runs(Buf *out, const Run *r, unsigned outer) {
  Buf pending;
  buf_init(&pending);
  unsigned style = 0;
  for (; r; r = r->next) {
    unsigned s = r->style & ~outer;
    if (r->kind != RUN_TEXT || s != style) {
      styled(out, pending.data ? pending.data : "", pending.len, style);
      buf_clear(&pending);
      style = s;
    }
    if (r->kind == RUN_TEXT)
      buf_puts(&pending, r->text);
    else if (r->kind == RUN_NOTE)
      buf_printf(out, "[^%d]", r->note);
    else
      buf_puts(out, "\\\n");
  }
  styled(out, pending.data ? pending.data : "", pending.len, style);
  buf_free(&pending);
}

static void cell(Buf *out, const char *text, const char *marker) {
  buf_puts(out, " ");
  if (text && *text) {
    buf_puts(out, marker);
    md_escape(out, text);
    buf_puts(out, marker);
  }
  buf_puts(out, " |");
}

// The header table: authority | Quốc hiệu and Tiêu ngữ; number | date.
static void header(Buf *out, const Doc *doc) {
  const char *left[8], *right[8] = {doc->nation, doc->motto};
  const char *left_marker[8];
  int n = 0;
  if (doc->parent)
    left_marker[n] = "", left[n++] = doc->parent;
  for (int i = 0; i < doc->nauthority_lines && n < 6; i++)
    left_marker[n] = "**", left[n++] = doc->authority_lines[i];
  int rows = n > 2 ? n : 2;
  for (int i = 0; i < rows; i++) {
    buf_puts(out, "|");
    cell(out, i < n ? left[i] : "", i < n ? left_marker[i] : "");
    cell(out, i < 2 ? right[i] : "", "**");
    buf_puts(out, "\n");
    if (i == 0)
      buf_puts(out, "|:---:|:---:|\n");
  }
  buf_puts(out, "|");
  cell(out, doc->number_line, "");
  cell(out, doc->place_date, "*");
  buf_puts(out, "\n\n");
}

static void title(Buf *out, const Doc *doc) {
  buf_puts(out, "**");
  md_escape(out, doc->kind_name);
  buf_puts(out, "**");
  for (int i = 0; i < doc->ntitle_lines; i++) {
    buf_puts(out, "\\\n**");
    md_escape(out, doc->title_lines[i]);
    buf_puts(out, "**");
  }
  buf_puts(out, "\n\n");
}

// Where each footnote's definition goes: after[n] is the index of the body
// block it follows, or -1 (then it goes at the end). With a page map from
// the PDF, a note follows the last block of the printed page that shows it,
// so the Markdown reads in the order of the signed paper (and of a Word
// document's text); without one, it follows the paragraph that first cites
// it. GFM renderers gather the definitions at the end anyway.
static int *note_places(const Doc *doc, const PageMap *pages, int *count) {
  int max = 0;
  for (const Note *n = doc->notes; n; n = n->next)
    if (n->number > max)
      max = n->number;
  int *after = xmalloc(sizeof(int) * (size_t)(max + 1));
  for (int i = 0; i <= max; i++)
    after[i] = -1;
  int index = 0;
  for (const Block *b = doc->body; b; b = b->next, index++)
    for (const Run *r = b->runs; r; r = r->next)
      if (r->kind == RUN_NOTE && r->note > 0 && r->note <= max && after[r->note] < 0)
        after[r->note] = index;
  for (int i = 1; pages && i <= max && i < pages->nnotes; i++)
    if (pages->note_block[i] >= 0)
      after[i] = pages->note_block[i];
  *count = max + 1;
  return after;
}

static void note_definition(Buf *out, const Note *n) {
  buf_printf(out, "[^%d]: ", n->number);
  runs(out, n->runs, 0);
  buf_puts(out, "\n\n");
}

// The definitions placed after block `index` (-1: at the end).
static void notes_placed(Buf *out, const Doc *doc, const int *after, int count, int index) {
  for (const Note *n = doc->notes; n; n = n->next)
    if (n->number > 0 && n->number < count && after[n->number] == index)
      note_definition(out, n);
}

static void body(Buf *out, const Doc *doc, const int *after, int count) {
  int index = 0;
  for (const Block *b = doc->body; b; b = b->next, index++) {
    unsigned outer = 0;
    if (b->kind == BLOCK_HEADING || (b->flags & BLOCK_TITLED)) {
      buf_puts(out, "**");
      outer = STYLE_BOLD;
    }
    if (b->label)
      label(out, b->label);
    runs(out, b->runs, outer);
    if (outer)
      buf_puts(out, "**");
    buf_puts(out, "\n\n");
    notes_placed(out, doc, after, count, index);
  }
}

static void end_block(Buf *out, const Doc *doc) {
  int sign_rows = doc->nsign_lines + 4; // title lines, space to sign, name
  int rows = doc->nrecipients + 1 > sign_rows ? doc->nrecipients + 1 : sign_rows;
  for (int i = 0; i < rows; i++) {
    buf_puts(out, "|");
    if (i == 0)
      cell(out, doc->recipients_label, "***");
    else
      cell(out, i - 1 < doc->nrecipients ? doc->recipients[i - 1] : "", "");
    if (i < doc->nsign_lines)
      cell(out, doc->sign_lines[i], "**");
    else if (i == doc->nsign_lines + 3)
      cell(out, doc->signer, "**");
    else
      cell(out, "", "");
    buf_puts(out, "\n");
    if (i == 0)
      buf_puts(out, "|:---|:---:|\n");
  }
}

// Each appendix after the signature: label, title, "(Kèm theo ...)", table.
static void appendices(Buf *out, const Doc *doc) {
  for (const Appendix *ap = doc->appendices; ap; ap = ap->next) {
    buf_puts(out, "\n---\n\n**");
    md_escape(out, ap->label);
    buf_puts(out, "**\\\n**");
    md_escape(out, ap->title);
    buf_puts(out, "**\\\n*");
    md_escape(out, ap->attached);
    buf_puts(out, "*\n\n|");
    for (int c = 0; c < ap->ncols; c++)
      cell(out, ap->header[c], "**");
    buf_puts(out, "\n|");
    for (int c = 0; c < ap->ncols; c++)
      buf_puts(out, c == 0 ? ":---:|" : ":---|");
    buf_puts(out, "\n");
    for (int r = 0; r < ap->nrows; r++) {
      buf_puts(out, "|");
      for (int c = 0; c < ap->ncols; c++) {
        buf_puts(out, " ");
        runs(out, ap->cells[r * ap->ncols + c], 0);
        buf_puts(out, " |");
      }
      buf_puts(out, "\n");
    }
  }
}

void render_md(const Doc *doc, const PageMap *pages, Buf *out) {
  int count;
  int *after = note_places(doc, pages, &count);
  header(out, doc);
  title(out, doc);
  body(out, doc, after, count);
  end_block(out, doc);
  appendices(out, doc);
  // Notes cited only in appendices, or nowhere.
  for (int i = 1; i < count; i++)
    if (after[i] < 0) {
      buf_puts(out, "\n");
      notes_placed(out, doc, after, count, -1);
      break;
    }
  free(after);
}
