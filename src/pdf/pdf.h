// pdf/pdf.h — the PDF back end's own declarations, shared by render_pdf.c
// and src/pdf/*.c (the rest of kehoach sees kehoach.h only):
//
//   words.c     paragraphs into measured words (and the missing-glyph check)
//   lines.c     words into lines: greedy breaking, justification
//   layout.c    the decree's page layout: header, body, notes, end block,
//               appendix tables, as a vertical flow of boxes
//   paginate.c  the flow cut into pages; where the footnotes fall (PageMap)
//   draw.c      pages drawn: content streams, page numbers, bookmarks, Info
//   hpdf.c      the one door to libharu
#ifndef KEHOACH_PDF_H
#define KEHOACH_PDF_H

#include "../kehoach.h"
#include "../nd30.h"

#include <setjmp.h>

// Constants of the layout: each file uses some of them.
#define UNUSED_OK __attribute__((unused))

//
// The decree's page geometry, type sizes and spacing: ../nd30.h (shared
// with the DOCX back end). What only the PDF needs:
//

static const double UNUSED_OK NOTE_ABOVE = 8, NOTE_BELOW = 3; // around the separator
static const double UNUSED_OK SUPER_SCALE = 0.62, SUPER_RISE = 0.36; // note markers
// Vertical metrics of Times New Roman and its twins (per unit of size).
static const double UNUSED_OK ASCENT = 0.891, DESCENT = 0.216;
static const double UNUSED_OK EPSILON = 0.01;

enum { FACE_REGULAR, FACE_BOLD, FACE_ITALIC, FACE_BOLD_ITALIC, NFACES = FONT_FACES };
// A face index is the style bits: STYLE_BOLD = 1, STYLE_ITALIC = 2.
static const char *const UNUSED_OK FACE_NAMES[NFACES] = {"regular", "bold", "italic",
                                               "bold italic"};
enum { MAX_NOTE = 100000, MAX_META = 1000 };

//
// Types
//

// The renderer's state (a PdfLayout to the rest of kehoach). What it allocates lives in the arena, in libharu's
// document or in the objects below that render_pdf frees on every way out,
// so a libharu error can longjmp to on_error and leave.
typedef struct PdfLayout {
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
  // The layout, made by pdf_layout and drawn by render_pdf: the main flow,
  // then one per appendix, each cut into pages (starts, npages).
  const Doc *doc_source;    // the document laid out
  struct Flow *flows;
  int nflows;
  int **starts;
  int *page_counts;
  PageMap pages;            // where the main flow's footnotes fall
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
  bool glue;       // no line break before it: a spaced dash, and the word
                   // after one ("chính trị - xã hội" never leaves a line
                   // beginning or ending with the dash)
} Word;

// Words being collected from text.
typedef struct Para {
  Pdf *p;
  Word *words;
  int n, cap;
  bool open; // words[n - 1] still grows
  bool glue_next; // the word to come follows a spaced dash
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

#define PUSH(a, arr, n, cap) \
  ((arr) = grow((a), (arr), (n), &(cap), sizeof *(arr)), &(arr)[(n)++])

static inline double body_width_of(double page_w) {
  return page_w - MARGIN_LEFT - MARGIN_RIGHT;
}


// Where a line's baseline sits in a slot `leading` high: the font's
// ascent-to-descent box centred in the slot.
static inline double baseline_in(double leading, double size) {
  return (leading - (ASCENT + DESCENT) * size) / 2 + ASCENT * size;
}


// words.c
void *grow(Arena *a, void *items, int n, int *cap, size_t size);
double measure(const Pdf *p, int face, double size, const char *s, size_t len);
const char *clip_utf8(Arena *a, const char *s, size_t max);
void para_init(Para *pa, Pdf *p, double size, bool keep_spaces, Pos pos);
void para_text(Para *pa, const char *text, unsigned style);
void para_note(Para *pa, int number, unsigned style);
void para_runs(Para *pa, const Run *r, unsigned outer);
void close_word(Para *pa);
// lines.c
Line **break_lines(Pdf *p, Para *pa, double width, double indent, Align align, int *n);
Line **break_balanced(Pdf *p, Para *pa, double width, Align align, int *n);
// layout.c
NoteLayout *note_at(Pdf *p, int number);
void layout_notes(Pdf *p, const Doc *doc, double width);
void flow_main(Pdf *p, const Doc *doc, Flow *fl, double width);
void flow_appendix(Pdf *p, const Appendix *ap, Flow *fl);
void uncited_notes(Pdf *p, Box *b);
// paginate.c
double notes_height(Pdf *p, const Box *b);
int *paginate(Pdf *p, Flow *fl, double first_avail, double avail, int *npages);
void map_pages(const Flow *fl, const int *starts, int npages, PageMap *pages);
// draw.c
void set_metadata(Pdf *p, const Doc *doc, const PdfOptions *opt);
void draw_flow(Pdf *p, Flow *fl, const int *starts, int npages);
void end_page(Pdf *p);

#endif
