// docx.c — Doc -> DOCX (Office Open XML, WordprocessingML), laid out as
// Nghị định 30/2020/NĐ-CP asks, for the office that edits in Word or
// LibreOffice.
//
// Consumes the same laid-out Doc as render_md.c and the PDF back end, and
// takes the decree's numbers from nd30.h, as the PDF does. What Word users
// would build by hand, built so that it survives their edits:
//   - the page-1 header as a borderless two-column table (authority with its
//     parent | Quốc hiệu and Tiêu ngữ; number | place and date), the short
//     rules as bottom borders of empty paragraphs indented to the rule's
//     length, so that they stay centred and as long as they were when the
//     text around them changes;
//   - every number ("I.", "1.", "a)", "đ)") as literal text, never Word's
//     auto-numbering; named paragraph styles (Normal 14 pt, heading 1 and 2
//     for mục and khoản titles, one style per header and end-block element)
//     so that an officer restyles a kind of paragraph at once;
//   - footnotes as Word footnotes (footnotes.xml), page numbers as a PAGE
//     field in the header from page 2 (a different first page), appendices
//     in sections of their own (landscape where the PDF is, numbered from 1);
//   - the end block (Nơi nhận | signature) as a borderless table kept with
//     the last lines of the body.
// Every XML part is written by libxml2's xmlTextWriter (it escapes); the
// container is made by libzip in memory, entries in a fixed order with a
// fixed time, so that the same plan gives the same bytes.
#include "kehoach.h"
#include "nd30.h"

#include <libxml/xmlwriter.h>
#include <zip.h>

#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

//
// libzip and libxml2, opened on first use
//
// Linked as usual, the two (and OpenSSL and ICU, which they bring) would be
// loaded and relocated at the start of every kehoach process: some 4 ms of a
// 13 ms build that writes no DOCX at all, and of every `check`. So they are
// opened with dlopen by the first DOCX of a run (docx_libs_open, under the
// pipeline's lock), once, and their functions called through DocxLibs.
// Symbols are looked up in the global scope (RTLD_DEFAULT), as the dynamic
// linker would resolve them for a linked program: an interposed function
// (LD_PRELOAD, as the tests use to make libzip fail) still wins.

#ifndef KEHOACH_LIBZIP
#define KEHOACH_LIBZIP "libzip.so.4"   // the SONAMEs; the Makefile passes
#endif                                 // those of the installed libraries
#ifndef KEHOACH_LIBXML2
#define KEHOACH_LIBXML2 "libxml2.so.2"
#endif

#define DOCX_FUNCTIONS(F)                                                       \
  F(xmlInitParser) F(xmlBufferCreate) F(xmlBufferFree) F(xmlBufferContent)      \
  F(xmlBufferLength) F(xmlNewTextWriterMemory) F(xmlFreeTextWriter)             \
  F(xmlTextWriterStartDocument) F(xmlTextWriterEndDocument)                     \
  F(xmlTextWriterStartElement) F(xmlTextWriterEndElement)                       \
  F(xmlTextWriterWriteAttribute) F(xmlTextWriterWriteString)                    \
  F(zip_error_init) F(zip_error_fini) F(zip_error_strerror) F(zip_strerror)     \
  F(zip_source_buffer_create) F(zip_source_buffer) F(zip_source_keep)           \
  F(zip_source_free) F(zip_source_stat) F(zip_source_open) F(zip_source_read)   \
  F(zip_source_close) F(zip_source_error) F(zip_open_from_source)               \
  F(zip_file_add) F(zip_set_file_compression) F(zip_file_set_dostime)           \
  F(zip_stat_init) F(zip_close) F(zip_discard)

struct DocxLibs {
  void *zip, *xml; // dlopen's handles
  // libzip converts entry times through the C library's time zone (mktime,
  // localtime_r: state glibc shares between threads behind locks helgrind
  // cannot see): one archive at a time (-j), zipping is a millisecond.
  pthread_mutex_t zip_lock;
  bool locked; // zip_lock initialised
#define DOCX_FIELD(name) __typeof__(&name) name;
  DOCX_FUNCTIONS(DOCX_FIELD)
#undef DOCX_FIELD
};

DocxLibs *docx_libs_open(Buf *why) {
  DocxLibs *l = xcalloc(1, sizeof *l);
  l->zip = dlopen(KEHOACH_LIBZIP, RTLD_NOW | RTLD_GLOBAL);
  l->xml = l->zip ? dlopen(KEHOACH_LIBXML2, RTLD_NOW | RTLD_GLOBAL) : NULL;
  if (!l->xml) {
    const char *e = dlerror();
    buf_printf(why, "%s", e ? e : "dlopen");
    docx_libs_close(l);
    return NULL;
  }
  const char *missing = NULL;
#define DOCX_LOAD(name)                                                         \
  if (!missing && !(l->name = (__typeof__(&name))dlsym(RTLD_DEFAULT, #name)))   \
    missing = #name;
  DOCX_FUNCTIONS(DOCX_LOAD)
#undef DOCX_LOAD
  if (missing) {
    buf_printf(why, "%s: no %s", KEHOACH_LIBZIP " / " KEHOACH_LIBXML2, missing);
    docx_libs_close(l);
    return NULL;
  }
  l->xmlInitParser(); // once, before any thread writes XML
  pthread_mutex_init(&l->zip_lock, NULL);
  l->locked = true;
  return l;
}

void docx_libs_close(DocxLibs *l) {
  if (!l)
    return;
  if (l->locked)
    pthread_mutex_destroy(&l->zip_lock);
  if (l->xml)
    dlclose(l->xml);
  if (l->zip)
    dlclose(l->zip);
  free(l);
}

// Twentieths of a point (twips), Word's unit for lengths; sizes are in
// half-points.
static long twips(double pt) { return lround(pt * 20); }
static long half_points(double pt) { return lround(pt * 2); }

static const char *const NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
static const char *const NS_R =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
static const char *const FONT = "Times New Roman";
enum { MAX_DOCX_NOTE = 100000 }; // footnote numbers beyond: as text (the PDF's MAX_NOTE)

//
// XML through xmlTextWriter: one writer per part, errors remembered
//

typedef struct Xml {
  const DocxLibs *lib;
  xmlBufferPtr buf;
  xmlTextWriterPtr w;
  bool failed;
} Xml;

static bool xml_open(Xml *x, const DocxLibs *lib) {
  x->lib = lib;
  x->failed = false;
  x->buf = lib->xmlBufferCreate();
  x->w = x->buf ? lib->xmlNewTextWriterMemory(x->buf, 0) : NULL;
  if (!x->w || lib->xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", "yes") < 0)
    x->failed = true;
  return !x->failed;
}

// Ends the part and hands its bytes to part (false when anything failed).
static bool xml_close(Xml *x, Buf *part) {
  const DocxLibs *lib = x->lib;
  if (x->w && !x->failed && lib->xmlTextWriterEndDocument(x->w) < 0)
    x->failed = true;
  if (x->w)
    lib->xmlFreeTextWriter(x->w); // flushes into buf
  x->w = NULL;
  if (!x->failed && x->buf)
    buf_put(part, lib->xmlBufferContent(x->buf), (size_t)lib->xmlBufferLength(x->buf));
  if (x->buf)
    lib->xmlBufferFree(x->buf);
  x->buf = NULL;
  return !x->failed;
}

static void check(Xml *x, int rc) {
  if (rc < 0)
    x->failed = true;
}

static void start(Xml *x, const char *name) {
  if (!x->failed)
    check(x, x->lib->xmlTextWriterStartElement(x->w, (const xmlChar *)name));
}

static void end(Xml *x) {
  if (!x->failed)
    check(x, x->lib->xmlTextWriterEndElement(x->w));
}

static void attr(Xml *x, const char *name, const char *value) {
  if (!x->failed)
    check(x, x->lib->xmlTextWriterWriteAttribute(x->w, (const xmlChar *)name,
                                         (const xmlChar *)(value ? value : "")));
}

static void attr_int(Xml *x, const char *name, long v) {
  char s[32];
  snprintf(s, sizeof s, "%ld", v);
  attr(x, name, s);
}

// <name/>, <name w:val="v"/> (v NULL: no attribute), <name w:val="n"/>.
static void empty(Xml *x, const char *name) {
  start(x, name);
  end(x);
}

static void val(Xml *x, const char *name, const char *v) {
  start(x, name);
  attr(x, "w:val", v);
  end(x);
}

static void val_int(Xml *x, const char *name, long v) {
  start(x, name);
  attr_int(x, "w:val", v);
  end(x);
}

// Text content: the writer escapes it; characters XML 1.0 cannot hold at
// all (C0 controls but tab and line ends) are left out rather than making
// the part unreadable.
static void text(Xml *x, const char *s) {
  if (x->failed || !s)
    return;
  Buf b;
  buf_init(&b);
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    int32_t cp;
    int len = utf8_decode(s + i, n - i, &cp);
    if (len < 0) { // never in a Doc (NFC UTF-8); skipped all the same
      i++;
      continue;
    }
    bool ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
              (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
    if (ok)
      buf_put(&b, s + i, (size_t)len);
    i += (size_t)len;
  }
  check(x, x->lib->xmlTextWriterWriteString(x->w, (const xmlChar *)(b.data ? b.data : "")));
  buf_free(&b);
}

// The root element with its namespace declarations (pairs prefix, URI).
static void root(Xml *x, const char *name, const char *const *ns, int nns) {
  start(x, name);
  for (int i = 0; i < nns; i++) {
    char a[32];
    snprintf(a, sizeof a, ns[2 * i][0] ? "xmlns:%s" : "xmlns", ns[2 * i]);
    attr(x, a, ns[2 * i + 1]);
  }
}

//
// The document being written
//

typedef struct Docx {
  const Doc *doc;
  const DocxOptions *opt;
  Xml *x;
  double nation_size;
  bool custom_marks; // footnote marks as text: Word's count would differ
  bool *defined;     // defined[n]: footnote n has a text (n <= max_note)
  bool *cited;       // cited[n]: footnote n already has its reference
  bool *anywhere;    // anywhere[n]: some run cites footnote n
  int max_note;
  bool in_notes;     // writing footnotes.xml: a mark there is only text
} Docx;

// The width of s in points: the PDF's fonts when there are any, else an
// estimate (a Times capital is about 0.6 em wide, a lower-case letter 0.45).
static double text_w(const Docx *dx, const char *s, unsigned style, double size) {
  if (!s)
    return 0;
  size_t n = strlen(s);
  if (dx->opt->fonts)
    return fonts_width(dx->opt->fonts, (int)(style & 3), s, n) * size / 1000;
  double w = 0;
  for (size_t i = 0; i < n;) {
    int32_t cp;
    int len = utf8_decode(s + i, n - i, &cp);
    if (len < 0)
      len = 1, cp = '?';
    w += cp == ' ' ? 0.25 : cp >= 'A' && cp <= 'Z' ? 0.65 : cp < 0x80 ? 0.45 : 0.55;
    i += (size_t)len;
  }
  return w * size * ((style & STYLE_BOLD) ? 1.05 : 1);
}

static double body_width(bool landscape) {
  return (landscape ? PAGE_H : PAGE_W) - MARGIN_LEFT - MARGIN_RIGHT;
}

//
// Runs and paragraphs
//

// Run properties: bold, italic, size (0: the style's), superscript.
static void run_props(Xml *x, const char *rstyle, unsigned style, double size) {
  if (!rstyle && !style && !size)
    return;
  start(x, "w:rPr");
  if (rstyle)
    val(x, "w:rStyle", rstyle);
  if (style & STYLE_BOLD)
    empty(x, "w:b"), empty(x, "w:bCs");
  if (style & STYLE_ITALIC)
    empty(x, "w:i"), empty(x, "w:iCs");
  if (size > 0)
    val_int(x, "w:sz", half_points(size)), val_int(x, "w:szCs", half_points(size));
  end(x);
}

static void run_text(Xml *x, const char *s, unsigned style, double size) {
  if (!s || !*s)
    return;
  start(x, "w:r");
  run_props(x, NULL, style, size);
  start(x, "w:t");
  attr(x, "xml:space", "preserve");
  text(x, s);
  end(x);
  end(x);
}

// A footnote's mark in the text: a real reference the first time (Word
// numbers it, or it carries the PDF's number when Word's count would
// differ), the number raised on a later citation of the same note.
static void run_note(Docx *dx, int note) {
  Xml *x = dx->x;
  char num[16];
  snprintf(num, sizeof num, "%d", note);
  bool first = !dx->cited[note];
  start(x, "w:r");
  run_props(x, "FootnoteReference", 0, 0);
  if (first) {
    dx->cited[note] = true;
    start(x, "w:footnoteReference");
    if (dx->custom_marks)
      attr(x, "w:customMarkFollows", "1");
    attr_int(x, "w:id", note);
    end(x);
  }
  if (!first || dx->custom_marks) {
    start(x, "w:t");
    text(x, num);
    end(x);
  }
  end(x);
}

static bool note_defined(const Docx *dx, int n) {
  return n > 0 && n <= dx->max_note && dx->defined[n];
}

static void runs(Docx *dx, const Run *r, unsigned outer) {
  for (; r; r = r->next) {
    if (r->kind == RUN_TEXT)
      run_text(dx->x, r->text, r->style & ~outer, 0);
    else if (r->kind == RUN_NOTE && note_defined(dx, r->note) && !dx->in_notes)
      run_note(dx, r->note);
    else if (r->kind == RUN_NOTE) { // no definition: the number alone
      char num[16];
      snprintf(num, sizeof num, "%d", r->note);
      start(dx->x, "w:r");
      run_props(dx->x, "FootnoteReference", 0, 0);
      start(dx->x, "w:t");
      text(dx->x, num);
      end(dx->x);
      end(dx->x);
    } else {
      start(dx->x, "w:r");
      empty(dx->x, "w:br");
      end(dx->x);
    }
  }
}

// Paragraph properties beyond the style's.
typedef struct Para {
  const char *style;
  bool keep_next;
  double before, after;   // < 0: the style's
  long ind_left, ind_right; // twips; rules only
  bool rule;              // a bottom border: a short rule
  double exact;           // > 0: the line's exact height (points)
  const char *jc;         // NULL: the style's
} Para;

static void para_start(Xml *x, const Para *p) {
  start(x, "w:p");
  start(x, "w:pPr");
  val(x, "w:pStyle", p->style);
  if (p->keep_next)
    empty(x, "w:keepNext");
  if (p->rule) {
    start(x, "w:pBdr");
    start(x, "w:bottom");
    attr(x, "w:val", "single");
    attr_int(x, "w:sz", lround(RULE_WIDTH * 8)); // eighths of a point
    attr(x, "w:space", "0");
    attr(x, "w:color", "000000");
    end(x);
    end(x);
  }
  if (p->before >= 0 || p->after >= 0 || p->exact > 0) {
    start(x, "w:spacing");
    if (p->before >= 0)
      attr_int(x, "w:before", twips(p->before));
    if (p->after >= 0)
      attr_int(x, "w:after", twips(p->after));
    if (p->exact > 0) {
      attr_int(x, "w:line", twips(p->exact));
      attr(x, "w:lineRule", "exact");
    }
    end(x);
  }
  if (p->rule) {
    start(x, "w:ind");
    attr_int(x, "w:left", p->ind_left);
    attr_int(x, "w:right", p->ind_right);
    attr(x, "w:firstLine", "0");
    end(x);
  }
  if (p->jc)
    val(x, "w:jc", p->jc);
  end(x);
}

// One paragraph of plain text in one style.
static void para_text(Xml *x, const Para *p, const char *s, unsigned style) {
  para_start(x, p);
  run_text(x, s, style, 0);
  end(x);
}

// A short rule `len` points long, centred in a column `col` points wide:
// an empty paragraph whose bottom border runs between its indents.
static void rule(Xml *x, double len, double col, double after) {
  if (len > col)
    len = col;
  long side = twips((col - len) / 2);
  Para p = {.style = "DuongKe", .before = -1, .after = after, .ind_left = side,
            .ind_right = side, .rule = true};
  para_start(x, &p);
  end(x);
}

//
// Tables
//

typedef struct Table {
  const long *cols; // twips
  int ncols;
  long indent;      // of the table, twips
  bool borders;
  long pad_x, pad_y; // cell margins, twips
} Table;

static void border_set(Xml *x, const char *container, bool on) {
  static const char *const sides[] = {"w:top", "w:left", "w:bottom", "w:right",
                                      "w:insideH", "w:insideV"};
  start(x, container);
  for (int i = 0; i < 6; i++) {
    start(x, sides[i]);
    attr(x, "w:val", on ? "single" : "nil");
    if (on) {
      attr_int(x, "w:sz", lround(RULE_WIDTH * 8));
      attr(x, "w:space", "0");
      attr(x, "w:color", "000000");
    }
    end(x);
  }
  end(x);
}

static void table_start(Xml *x, const Table *t) {
  long total = 0;
  for (int i = 0; i < t->ncols; i++)
    total += t->cols[i];
  start(x, "w:tbl");
  start(x, "w:tblPr");
  start(x, "w:tblW");
  attr_int(x, "w:w", total);
  attr(x, "w:type", "dxa");
  end(x);
  start(x, "w:tblInd");
  attr_int(x, "w:w", t->indent);
  attr(x, "w:type", "dxa");
  end(x);
  border_set(x, "w:tblBorders", t->borders);
  val(x, "w:tblLayout", "fixed");
  start(x, "w:tblCellMar");
  static const char *const sides[] = {"w:top", "w:left", "w:bottom", "w:right"};
  for (int i = 0; i < 4; i++) {
    start(x, sides[i]);
    attr_int(x, "w:w", i % 2 ? t->pad_x : t->pad_y);
    attr(x, "w:type", "dxa");
    end(x);
  }
  end(x);
  start(x, "w:tblLook");
  attr(x, "w:val", "0000");
  end(x);
  end(x); // tblPr
  start(x, "w:tblGrid");
  for (int i = 0; i < t->ncols; i++) {
    start(x, "w:gridCol");
    attr_int(x, "w:w", t->cols[i]);
    end(x);
  }
  end(x);
}

static void row_start(Xml *x, bool header, bool cant_split) {
  start(x, "w:tr");
  if (header || cant_split) {
    start(x, "w:trPr");
    if (cant_split)
      empty(x, "w:cantSplit");
    if (header)
      empty(x, "w:tblHeader");
    end(x);
  }
}

static void cell_start(Xml *x, long width) {
  start(x, "w:tc");
  start(x, "w:tcPr");
  start(x, "w:tcW");
  attr_int(x, "w:w", width);
  attr(x, "w:type", "dxa");
  end(x);
  end(x);
}

//
// document.xml: header, body, end block, appendices
//

// The two columns of the header and of the end block (twips): LEFT_COLUMN
// of the text width, and the rest.
static void two_columns(long cols[2]) {
  double width = body_width(false);
  cols[0] = twips(width * LEFT_COLUMN);
  cols[1] = twips(width) - cols[0];
}

static void header_block(Docx *dx) {
  Xml *x = dx->x;
  const Doc *doc = dx->doc;
  double width = body_width(false);
  long cols[2];
  two_columns(cols);
  long lw = cols[0], rw = cols[1];
  double ltw = width * LEFT_COLUMN - 2 * COLUMN_PAD, rtw = width * (1 - LEFT_COLUMN) - 2 * COLUMN_PAD;
  Table t = {.cols = cols, .ncols = 2, .pad_x = twips(COLUMN_PAD)};
  // A paragraph one point high before the table: LibreOffice puts an empty
  // line of its own before a table that starts a document (to hold the
  // page style), which would push the header 20 points down.
  para_start(x, &(Para){.style = "DuongKe", .before = 0, .after = 0, .exact = 1});
  end(x);
  table_start(x, &t);
  row_start(x, false, true);
  // Left: cơ quan chủ quản, cơ quan ban hành, a rule 0.4 of its last line.
  cell_start(x, lw);
  bool any = false;
  if (doc->parent && *doc->parent) {
    para_text(x, &(Para){.style = "CoQuanChuQuan", .before = -1, .after = -1},
              doc->parent, 0);
    any = true;
  }
  const char *last = NULL;
  for (int i = 0; doc->authority_lines && i < doc->nauthority_lines; i++)
    if (doc->authority_lines[i] && *doc->authority_lines[i]) {
      para_text(x, &(Para){.style = "CoQuan", .before = -1, .after = -1},
                doc->authority_lines[i], 0);
      last = doc->authority_lines[i];
    }
  if (last)
    rule(x, text_w(dx, last, STYLE_BOLD, AUTHORITY_SIZE) * SHORT_RULE, ltw, -1);
  else if (!any)
    para_start(x, &(Para){.style = "CoQuan", .before = -1, .after = -1}), end(x);
  end(x);
  // Right: Quốc hiệu, Tiêu ngữ, a rule as long as the Tiêu ngữ.
  cell_start(x, rw);
  if (doc->nation)
    para_text(x, &(Para){.style = "QuocHieu", .before = -1, .after = -1}, doc->nation, 0);
  if (doc->motto) {
    para_text(x, &(Para){.style = "TieuNgu", .before = -1, .after = -1}, doc->motto, 0);
    rule(x, text_w(dx, doc->motto, STYLE_BOLD, dx->nation_size + 1), rtw, -1);
  }
  if (!doc->nation && !doc->motto)
    para_start(x, &(Para){.style = "QuocHieu", .before = -1, .after = -1}), end(x);
  end(x);
  end(x); // tr
  // Number | place and date.
  row_start(x, false, true);
  cell_start(x, lw);
  para_text(x, &(Para){.style = "SoKyHieu", .before = 8, .after = -1}, doc->number_line, 0);
  end(x);
  cell_start(x, rw);
  para_text(x, &(Para){.style = "DiaDanhNgay", .before = 8, .after = -1}, doc->place_date, 0);
  end(x);
  end(x);
  end(x); // tbl
  // Tên loại and trích yếu, a rule 0.4 of the widest line.
  double title_w = 0;
  para_text(x, &(Para){.style = "TenLoai", .before = TITLE_SIZE * 0.8, .after = -1},
            doc->kind_name, 0);
  for (int i = 0; doc->title_lines && i < doc->ntitle_lines; i++)
    if (doc->title_lines[i]) {
      para_text(x, &(Para){.style = "TrichYeu", .before = -1, .after = -1},
                doc->title_lines[i], 0);
      double w = text_w(dx, doc->title_lines[i], STYLE_BOLD, TITLE_SIZE);
      if (w > title_w)
        title_w = w;
    }
  if (title_w == 0)
    title_w = text_w(dx, doc->kind_name, STYLE_BOLD, TITLE_SIZE);
  if (title_w > width)
    title_w = width;
  // The body's first paragraph adds its own space above, as in the PDF.
  rule(x, title_w * SHORT_RULE, width, HEADER_AFTER);
}

static void body(Docx *dx) {
  Xml *x = dx->x;
  for (const Block *b = dx->doc->body; b; b = b->next) {
    bool heading = b->kind == BLOCK_HEADING, titled = (b->flags & BLOCK_TITLED) != 0;
    unsigned outer = heading || titled ? STYLE_BOLD : 0;
    unsigned style = b->flags & BLOCK_ITALIC ? STYLE_ITALIC : 0;
    // The last lines of the body stay with the end block.
    Para p = {.style = heading ? "Heading1" : titled ? "Heading2" : "Normal",
              .keep_next = (b->flags & BLOCK_KEEP) || !b->next, .before = -1, .after = -1};
    para_start(x, &p);
    if (b->label && *b->label) {
      Buf l;
      buf_init(&l);
      buf_printf(&l, "%s ", b->label);
      run_text(x, l.data, style, 0);
      buf_free(&l);
    }
    for (const Run *r = b->runs; r; r = r->next) {
      Run one = *r;
      one.next = NULL;
      one.style |= style;
      runs(dx, &one, outer);
    }
    // Notes nothing cites are marked at the end of the body (the PDF
    // prints them on the end block's page), so that none is lost.
    for (int n = 1; !b->next && n <= dx->max_note; n++)
      if (dx->defined[n] && !dx->anywhere[n])
        run_note(dx, n);
    end(x);
  }
}

// Nơi nhận | the signature, in a borderless table that stays on one page
// with the body's last lines.
static void end_block(Docx *dx) {
  Xml *x = dx->x;
  const Doc *doc = dx->doc;
  long cols[2];
  two_columns(cols);
  long lw = cols[0], rw = cols[1];
  // The recipients flush with the margin, as in the PDF.
  Table t = {.cols = cols, .ncols = 2, .indent = -twips(COLUMN_PAD), .pad_x = twips(COLUMN_PAD)};
  table_start(x, &t);
  row_start(x, false, true);
  cell_start(x, lw);
  bool first = true;
  if (doc->recipients_label && *doc->recipients_label) {
    para_text(x, &(Para){.style = "NoiNhan", .keep_next = true, .before = END_SPACE, .after = -1},
              doc->recipients_label, 0);
    first = false;
  }
  for (int i = 0; doc->recipients && i < doc->nrecipients; i++)
    if (doc->recipients[i]) {
      para_text(x, &(Para){.style = "NoiNhanDanhSach", .keep_next = true,
                           .before = first ? END_SPACE : -1, .after = -1},
                doc->recipients[i], 0);
      first = false;
    }
  if (first)
    para_start(x, &(Para){.style = "NoiNhanDanhSach", .before = -1, .after = -1}), end(x);
  end(x);
  cell_start(x, rw);
  first = true;
  for (int i = 0; doc->sign_lines && i < doc->nsign_lines; i++)
    if (doc->sign_lines[i]) {
      para_text(x, &(Para){.style = "ChucVu", .keep_next = true,
                           .before = first ? END_SPACE : -1, .after = -1},
                doc->sign_lines[i], 0);
      first = false;
    }
  // The room to sign: the space above the name (an empty line would be
  // typed over; the space stays when the title lines change).
  para_text(x, &(Para){.style = "NguoiKy", .before = (first ? END_SPACE : 0) + SIGN_SPACE,
                       .after = -1},
            doc->signer && *doc->signer ? doc->signer : NULL, 0);
  end(x);
  end(x); // tr
  end(x); // tbl
}

static void sect_pr(Xml *x, bool landscape, bool restart) {
  start(x, "w:sectPr");
  static const char *const refs[][2] = {{"default", "rIdHeader"}, {"first", "rIdHeaderFirst"}};
  for (int i = 0; i < 2; i++) {
    start(x, "w:headerReference");
    attr(x, "w:type", refs[i][0]);
    attr(x, "r:id", refs[i][1]);
    end(x);
  }
  val(x, "w:type", "nextPage");
  start(x, "w:pgSz");
  attr_int(x, "w:w", twips(landscape ? PAGE_H : PAGE_W));
  attr_int(x, "w:h", twips(landscape ? PAGE_W : PAGE_H));
  if (landscape)
    attr(x, "w:orient", "landscape");
  end(x);
  start(x, "w:pgMar");
  attr_int(x, "w:top", twips(MARGIN_TOP));
  attr_int(x, "w:right", twips(MARGIN_RIGHT));
  attr_int(x, "w:bottom", twips(MARGIN_BOTTOM));
  attr_int(x, "w:left", twips(MARGIN_LEFT));
  // The page number's line centred in the top margin, as in the PDF.
  attr_int(x, "w:header", twips(MARGIN_TOP / 2 - PAGE_NUMBER_SIZE * LINE_LEADING / 2));
  attr_int(x, "w:footer", twips(MARGIN_BOTTOM / 2));
  attr(x, "w:gutter", "0");
  end(x);
  if (restart) {
    start(x, "w:pgNumType");
    attr(x, "w:start", "1");
    end(x);
  }
  start(x, "w:cols");
  attr(x, "w:space", "720");
  end(x);
  empty(x, "w:titlePg"); // no number on a section's first page
  end(x);
}

// Ends a section: a paragraph, as small as Word allows, holding its
// properties.
static void section_break(Xml *x, bool landscape, bool restart) {
  start(x, "w:p");
  start(x, "w:pPr");
  val(x, "w:pStyle", "DuongKe");
  sect_pr(x, landscape, restart);
  end(x);
  end(x);
}

static void appendix(Docx *dx, const Appendix *ap) {
  Xml *x = dx->x;
  double width = body_width(ap->landscape);
  if (ap->label)
    para_text(x, &(Para){.style = "PhuLuc", .before = -1, .after = -1}, ap->label, 0);
  double widest = 0;
  if (ap->title) {
    para_text(x, &(Para){.style = "PhuLucTen", .before = -1, .after = -1}, ap->title, 0);
    widest = text_w(dx, ap->title, STYLE_BOLD, TITLE_SIZE);
  }
  if (ap->attached)
    para_text(x, &(Para){.style = "PhuLucKemTheo", .before = -1, .after = -1}, ap->attached, 0);
  if (widest > 0)
    rule(x, widest * SHORT_RULE, width, 12);
  if (ap->ncols <= 0)
    return;
  long *cols = xmalloc(sizeof(long) * (size_t)ap->ncols);
  double sum = 0;
  for (int c = 0; c < ap->ncols; c++)
    sum += ap->widths && ap->widths[c] > 0 ? ap->widths[c] : 1.0 / ap->ncols;
  long total = twips(width), used = 0;
  for (int c = 0; c < ap->ncols; c++) {
    double w = ap->widths && ap->widths[c] > 0 ? ap->widths[c] : 1.0 / ap->ncols;
    cols[c] = c == ap->ncols - 1 ? total - used : lround(total * w / sum);
    if (cols[c] < 1)
      cols[c] = 1;
    used += cols[c];
  }
  Table t = {.cols = cols, .ncols = ap->ncols, .borders = true, .pad_x = twips(CELL_PAD_X),
             .pad_y = twips(CELL_PAD_Y)};
  table_start(x, &t);
  row_start(x, true, true);
  for (int c = 0; c < ap->ncols; c++) {
    cell_start(x, cols[c]);
    para_text(x, &(Para){.style = "DauBang", .before = -1, .after = -1},
              ap->header ? ap->header[c] : NULL, 0);
    end(x);
  }
  end(x);
  for (int r = 0; r < ap->nrows; r++) {
    row_start(x, false, false);
    for (int c = 0; c < ap->ncols; c++) {
      cell_start(x, cols[c]);
      para_start(x, &(Para){.style = "Bang", .before = -1, .after = -1,
                            .jc = c == 0 ? "center" : NULL});
      if (ap->cells)
        runs(dx, ap->cells[r * ap->ncols + c], 0);
      end(x);
      end(x);
    }
    end(x);
  }
  end(x); // tbl
  free(cols);
}

static void document_part(Docx *dx) {
  Xml *x = dx->x;
  static const char *const ns[] = {"w", NS_W, "r", NS_R};
  root(x, "w:document", ns, 2);
  start(x, "w:body");
  header_block(dx);
  body(dx);
  end_block(dx);
  // Each section's properties end it; the last section's close the body.
  bool landscape = false, restart = false;
  for (const Appendix *ap = dx->doc->appendices; ap; ap = ap->next) {
    section_break(x, landscape, restart);
    appendix(dx, ap);
    landscape = ap->landscape, restart = true;
  }
  sect_pr(x, landscape, restart);
  end(x);
  end(x);
}

//
// footnotes.xml, headers, styles, settings, the package parts
//

static void footnotes_part(Docx *dx) {
  Xml *x = dx->x;
  static const char *const ns[] = {"w", NS_W, "r", NS_R};
  root(x, "w:footnotes", ns, 2);
  // The separators Word requires (ids -1 and 0), named in settings.xml.
  static const char *const kinds[][2] = {{"separator", "w:separator"},
                                         {"continuationSeparator", "w:continuationSeparator"}};
  for (int i = 0; i < 2; i++) {
    start(x, "w:footnote");
    attr(x, "w:type", kinds[i][0]);
    attr_int(x, "w:id", i - 1);
    start(x, "w:p");
    start(x, "w:pPr");
    start(x, "w:spacing");
    attr(x, "w:before", "0");
    attr(x, "w:after", "0");
    attr(x, "w:line", "240");
    attr(x, "w:lineRule", "auto");
    end(x);
    end(x);
    start(x, "w:r");
    empty(x, kinds[i][1]);
    end(x);
    end(x);
    end(x);
  }
  dx->in_notes = true;
  // The first definition of a number counts, as in the PDF.
  bool *written = xcalloc((size_t)dx->max_note + 1, sizeof *written);
  for (const Note *n = dx->doc->notes; n; n = n->next) {
    if (n->number <= 0 || n->number > dx->max_note || !dx->cited[n->number] ||
        written[n->number])
      continue;
    written[n->number] = true;
    start(x, "w:footnote");
    attr_int(x, "w:id", n->number);
    start(x, "w:p");
    start(x, "w:pPr");
    val(x, "w:pStyle", "FootnoteText");
    end(x);
    start(x, "w:r");
    run_props(x, "FootnoteReference", 0, 0);
    if (dx->custom_marks) {
      char num[16];
      snprintf(num, sizeof num, "%d", n->number);
      start(x, "w:t");
      text(x, num);
      end(x);
    } else {
      empty(x, "w:footnoteRef");
    }
    end(x);
    run_text(x, " ", 0, 0);
    runs(dx, n->runs, 0);
    end(x);
    end(x);
  }
  free(written);
  end(x);
}

// The page number: a PAGE field centred in the top margin (header1), and
// the first page's empty header (header2).
static void header_part(Docx *dx, bool first) {
  Xml *x = dx->x;
  static const char *const ns[] = {"w", NS_W, "r", NS_R};
  root(x, "w:hdr", ns, 2);
  start(x, "w:p");
  start(x, "w:pPr");
  val(x, "w:pStyle", "Header");
  end(x);
  if (!first) {
    static const char *const kinds[] = {"begin", NULL, "separate", "2", "end"};
    for (int i = 0; i < 5; i++) {
      start(x, "w:r");
      if (i == 1) {
        start(x, "w:instrText");
        attr(x, "xml:space", "preserve");
        text(x, " PAGE ");
        end(x);
      } else if (i == 3) {
        start(x, "w:t");
        text(x, kinds[i]);
        end(x);
      } else {
        start(x, "w:fldChar");
        attr(x, "w:fldCharType", kinds[i]);
        end(x);
      }
      end(x);
    }
  }
  end(x);
  end(x);
}

typedef struct StyleDef {
  const char *id, *name, *next;
  double size;     // 0: Normal's
  unsigned style;  // bold, italic
  const char *jc;  // NULL: Normal's (justified)
  double leading;  // line height / size; 0: Normal's
  bool keep_next;
  int outline;     // heading level from 1, or 0
  bool builtin;    // one of Word's own styles (its name is Word's)
} StyleDef;

static void style_para(Xml *x, const StyleDef *s, double size) {
  start(x, "w:style");
  attr(x, "w:type", "paragraph");
  if (!s->builtin)
    attr(x, "w:customStyle", "1");
  attr(x, "w:styleId", s->id);
  val(x, "w:name", s->name);
  val(x, "w:basedOn", "Normal");
  val(x, "w:next", s->next ? s->next : s->id);
  empty(x, "w:qFormat");
  start(x, "w:pPr");
  if (s->keep_next)
    empty(x, "w:keepNext");
  if (s->leading > 0) {
    start(x, "w:spacing");
    attr(x, "w:before", "0");
    attr(x, "w:after", "0");
    attr_int(x, "w:line", twips(size * s->leading));
    attr(x, "w:lineRule", "atLeast");
    end(x);
    start(x, "w:ind");
    attr(x, "w:firstLine", "0");
    end(x);
  }
  if (s->jc)
    val(x, "w:jc", s->jc);
  if (s->outline)
    val_int(x, "w:outlineLvl", s->outline - 1);
  end(x);
  run_props(x, NULL, s->style, s->size ? size : 0);
  end(x);
}

static void styles_part(Docx *dx) {
  Xml *x = dx->x;
  static const char *const ns[] = {"w", NS_W};
  root(x, "w:styles", ns, 1);
  // Defaults: Times New Roman for every script, 14 pt, Vietnamese.
  start(x, "w:docDefaults");
  start(x, "w:rPrDefault");
  start(x, "w:rPr");
  start(x, "w:rFonts");
  attr(x, "w:ascii", FONT);
  attr(x, "w:hAnsi", FONT);
  attr(x, "w:eastAsia", FONT);
  attr(x, "w:cs", FONT);
  end(x);
  val_int(x, "w:sz", half_points(BODY_SIZE));
  val_int(x, "w:szCs", half_points(BODY_SIZE));
  start(x, "w:lang");
  attr(x, "w:val", "vi-VN");
  attr(x, "w:eastAsia", "en-US");
  attr(x, "w:bidi", "ar-SA");
  end(x);
  end(x);
  end(x);
  start(x, "w:pPrDefault");
  start(x, "w:pPr");
  start(x, "w:spacing");
  attr(x, "w:after", "0");
  attr(x, "w:line", "240");
  attr(x, "w:lineRule", "auto");
  end(x);
  end(x);
  end(x);
  end(x);
  // Normal: the body paragraph (justified, first line indented 1 cm, 6 pt
  // above, lines 1.2 of the size).
  start(x, "w:style");
  attr(x, "w:type", "paragraph");
  attr(x, "w:default", "1");
  attr(x, "w:styleId", "Normal");
  val(x, "w:name", "Normal");
  empty(x, "w:qFormat");
  start(x, "w:pPr");
  empty(x, "w:widowControl");
  start(x, "w:spacing");
  attr_int(x, "w:before", twips(PARA_SPACE));
  attr(x, "w:after", "0");
  attr_int(x, "w:line", twips(BODY_SIZE * BODY_LEADING));
  attr(x, "w:lineRule", "atLeast");
  end(x);
  start(x, "w:ind");
  attr_int(x, "w:firstLine", twips(FIRST_INDENT));
  end(x);
  val(x, "w:jc", "both");
  end(x);
  start(x, "w:rPr");
  start(x, "w:rFonts");
  attr(x, "w:ascii", FONT);
  attr(x, "w:hAnsi", FONT);
  attr(x, "w:cs", FONT);
  end(x);
  val_int(x, "w:sz", half_points(BODY_SIZE));
  val_int(x, "w:szCs", half_points(BODY_SIZE));
  end(x);
  end(x);
  const StyleDef defs[] = {
      {"Heading1", "heading 1", "Normal", 0, STYLE_BOLD, NULL, 0, true, 1, true},
      {"Heading2", "heading 2", "Normal", 0, STYLE_BOLD, NULL, 0, true, 2, true},
      {"CoQuanChuQuan", "Cơ quan chủ quản", NULL, AUTHORITY_SIZE, 0, "center", LINE_LEADING},
      {"CoQuan", "Cơ quan ban hành", NULL, AUTHORITY_SIZE, STYLE_BOLD, "center", LINE_LEADING},
      {"QuocHieu", "Quốc hiệu", NULL, dx->nation_size, STYLE_BOLD, "center", LINE_LEADING},
      {"TieuNgu", "Tiêu ngữ", NULL, dx->nation_size + 1, STYLE_BOLD, "center", LINE_LEADING},
      {"SoKyHieu", "Số, ký hiệu", NULL, NUMBER_SIZE, 0, "center", LINE_LEADING},
      {"DiaDanhNgay", "Địa danh, ngày tháng", NULL, DATE_SIZE, STYLE_ITALIC, "center",
       LINE_LEADING},
      {"TenLoai", "Tên loại văn bản", "TrichYeu", TITLE_SIZE, STYLE_BOLD, "center",
       LINE_LEADING, true},
      {"TrichYeu", "Trích yếu", NULL, TITLE_SIZE, STYLE_BOLD, "center", LINE_LEADING, true},
      {"DuongKe", "Đường kẻ", "Normal", 1, 0, "center", RULE_GAP},
      {"NoiNhan", "Nơi nhận", "NoiNhanDanhSach", LABEL_SIZE, STYLE_BOLD | STYLE_ITALIC, "left",
       LINE_LEADING},
      {"NoiNhanDanhSach", "Danh sách nơi nhận", NULL, RECIPIENT_SIZE, 0, "left", LINE_LEADING},
      {"ChucVu", "Quyền hạn, chức vụ người ký", NULL, SIGN_SIZE, STYLE_BOLD, "center",
       LINE_LEADING},
      {"NguoiKy", "Họ tên người ký", NULL, SIGN_SIZE, STYLE_BOLD, "center", LINE_LEADING},
      {"PhuLuc", "Phụ lục", "PhuLucTen", TITLE_SIZE, STYLE_BOLD, "center", LINE_LEADING, true},
      {"PhuLucTen", "Tên phụ lục", NULL, TITLE_SIZE, STYLE_BOLD, "center", LINE_LEADING, true},
      {"PhuLucKemTheo", "Kèm theo", NULL, TITLE_SIZE, STYLE_ITALIC, "center", LINE_LEADING,
       true},
      {"DauBang", "Đầu bảng", "Bang", TABLE_SIZE, STYLE_BOLD, "center", LINE_LEADING},
      {"Bang", "Bảng", NULL, TABLE_SIZE, 0, "left", LINE_LEADING},
      {"FootnoteText", "footnote text", NULL, NOTE_SIZE, 0, "both", LINE_LEADING, false, 0, true},
      {"Header", "header", NULL, PAGE_NUMBER_SIZE, 0, "center", LINE_LEADING, false, 0, true},
  };
  for (size_t i = 0; i < sizeof defs / sizeof *defs; i++)
    style_para(x, &defs[i], defs[i].size ? defs[i].size : BODY_SIZE);
  // The footnote mark: a character style, raised.
  start(x, "w:style");
  attr(x, "w:type", "character");
  attr(x, "w:styleId", "FootnoteReference");
  val(x, "w:name", "footnote reference");
  start(x, "w:rPr");
  val(x, "w:vertAlign", "superscript");
  end(x);
  end(x);
  end(x);
}

static void settings_part(Docx *dx) {
  Xml *x = dx->x;
  static const char *const ns[] = {"w", NS_W};
  root(x, "w:settings", ns, 1);
  start(x, "w:zoom");
  attr(x, "w:percent", "100");
  end(x);
  val_int(x, "w:defaultTabStop", twips(FIRST_INDENT));
  val(x, "w:characterSpacingControl", "doNotCompress");
  start(x, "w:footnotePr");
  for (int i = -1; i <= 0; i++) {
    start(x, "w:footnote");
    attr_int(x, "w:id", i);
    end(x);
  }
  end(x);
  start(x, "w:compat");
  start(x, "w:compatSetting");
  attr(x, "w:name", "compatibilityMode");
  attr(x, "w:uri", "http://schemas.microsoft.com/office/word");
  attr(x, "w:val", "15");
  end(x);
  end(x);
  start(x, "w:themeFontLang");
  attr(x, "w:val", "vi-VN");
  end(x);
  end(x);
}

static void rel(Xml *x, const char *id, const char *type, const char *target) {
  start(x, "Relationship");
  attr(x, "Id", id);
  attr(x, "Type", type);
  attr(x, "Target", target);
  end(x);
}

#define REL_TYPE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static void package_rels_part(Docx *dx) {
  Xml *x = dx->x;
  static const char *const ns[] = {"", "http://schemas.openxmlformats.org/package/2006/relationships"};
  root(x, "Relationships", ns, 1);
  rel(x, "rId1", REL_TYPE "officeDocument", "word/document.xml");
  rel(x, "rId2",
      "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
      "docProps/core.xml");
  rel(x, "rId3", REL_TYPE "extended-properties", "docProps/app.xml");
  end(x);
}

static void document_rels_part(Docx *dx) {
  Xml *x = dx->x;
  static const char *const ns[] = {"", "http://schemas.openxmlformats.org/package/2006/relationships"};
  root(x, "Relationships", ns, 1);
  rel(x, "rIdStyles", REL_TYPE "styles", "styles.xml");
  rel(x, "rIdSettings", REL_TYPE "settings", "settings.xml");
  rel(x, "rIdFootnotes", REL_TYPE "footnotes", "footnotes.xml");
  rel(x, "rIdHeader", REL_TYPE "header", "header1.xml");
  rel(x, "rIdHeaderFirst", REL_TYPE "header", "header2.xml");
  end(x);
}

#define WML_TYPE "application/vnd.openxmlformats-officedocument.wordprocessingml."

static void content_types_part(Docx *dx) {
  Xml *x = dx->x;
  static const char *const ns[] = {"", "http://schemas.openxmlformats.org/package/2006/content-types"};
  root(x, "Types", ns, 1);
  static const char *const defaults[][2] = {
      {"rels", "application/vnd.openxmlformats-package.relationships+xml"},
      {"xml", "application/xml"}};
  for (int i = 0; i < 2; i++) {
    start(x, "Default");
    attr(x, "Extension", defaults[i][0]);
    attr(x, "ContentType", defaults[i][1]);
    end(x);
  }
  static const char *const overrides[][2] = {
      {"/word/document.xml", WML_TYPE "document.main+xml"},
      {"/word/styles.xml", WML_TYPE "styles+xml"},
      {"/word/settings.xml", WML_TYPE "settings+xml"},
      {"/word/footnotes.xml", WML_TYPE "footnotes+xml"},
      {"/word/header1.xml", WML_TYPE "header+xml"},
      {"/word/header2.xml", WML_TYPE "header+xml"},
      {"/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"},
      {"/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"},
  };
  for (size_t i = 0; i < sizeof overrides / sizeof *overrides; i++) {
    start(x, "Override");
    attr(x, "PartName", overrides[i][0]);
    attr(x, "ContentType", overrides[i][1]);
    end(x);
  }
  end(x);
}

// The creation date from the epoch (SOURCE_DATE_EPOCH), or false (none:
// the same input gives the same bytes).
static bool epoch_date(long long epoch, Date *d, int *secs) {
  if (epoch < 0)
    return false;
  *d = date_from_days((long)(epoch / 86400));
  *secs = (int)(epoch % 86400);
  return d->year >= 1 && d->year <= 9999;
}

static void core_part(Docx *dx) {
  Xml *x = dx->x;
  static const char *const ns[] = {
      "cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "dc", "http://purl.org/dc/elements/1.1/",
      "dcterms", "http://purl.org/dc/terms/",
      "xsi", "http://www.w3.org/2001/XMLSchema-instance"};
  root(x, "cp:coreProperties", ns, 4);
  const Doc *doc = dx->doc;
  struct {
    const char *name, *value;
  } items[] = {{"dc:title", doc->meta_title},
               {"dc:subject", doc->meta_subject},
               {"dc:creator", doc->meta_author},
               {"cp:lastModifiedBy", doc->meta_author}};
  for (size_t i = 0; i < sizeof items / sizeof *items; i++)
    if (items[i].value && *items[i].value) {
      start(x, items[i].name);
      text(x, items[i].value);
      end(x);
    }
  start(x, "dc:language");
  text(x, "vi-VN");
  end(x);
  Date d;
  int secs;
  if (epoch_date(dx->opt->epoch, &d, &secs)) {
    char when[32];
    snprintf(when, sizeof when, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day,
             secs / 3600, secs / 60 % 60, secs % 60);
    const char *names[] = {"dcterms:created", "dcterms:modified"};
    for (int i = 0; i < 2; i++) {
      start(x, names[i]);
      attr(x, "xsi:type", "dcterms:W3CDTF");
      text(x, when);
      end(x);
    }
  }
  end(x);
}

static void app_part(Docx *dx) {
  Xml *x = dx->x;
  static const char *const ns[] = {
      "", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
      "vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"};
  root(x, "Properties", ns, 2);
  start(x, "Application");
  text(x, dx->opt->creator ? dx->opt->creator : "kehoach " KEHOACH_VERSION);
  end(x);
  if (dx->doc->meta_author && *dx->doc->meta_author) {
    start(x, "Company");
    text(x, dx->doc->meta_author);
    end(x);
  }
  end(x);
}

//
// The container
//

// The zip entries' time: the epoch's (from 1980, the first DOS year, to
// 2107, the last), else 1980-01-01 00:00.
static void dos_time(long long epoch, zip_uint16_t *time, zip_uint16_t *date) {
  Date d;
  int secs;
  if (!epoch_date(epoch, &d, &secs) || d.year < 1980 || d.year > 2107) {
    *time = 0;
    *date = (0 << 9) | (1 << 5) | 1;
    return;
  }
  *time = (zip_uint16_t)((secs / 3600) << 11 | (secs / 60 % 60) << 5 | (secs % 60) / 2);
  *date = (zip_uint16_t)((d.year - 1980) << 9 | d.month << 5 | d.day);
}

typedef struct Part {
  const char *name;
  void (*write)(Docx *);
} Part;

static void header1_part(Docx *dx) { header_part(dx, false); }
static void header2_part(Docx *dx) { header_part(dx, true); }

static const Part PARTS[] = {
    {"[Content_Types].xml", content_types_part},
    {"_rels/.rels", package_rels_part},
    {"docProps/core.xml", core_part},
    {"docProps/app.xml", app_part},
    {"word/document.xml", document_part},
    {"word/_rels/document.xml.rels", document_rels_part},
    {"word/styles.xml", styles_part},
    {"word/settings.xml", settings_part},
    {"word/footnotes.xml", footnotes_part},
    {"word/header1.xml", header1_part},
    {"word/header2.xml", header2_part},
};
enum { NPARTS = sizeof PARTS / sizeof *PARTS };

// Zips the parts in memory, in order; appends the archive to out. NULL, or
// what failed.
static const char *zip_parts(const DocxLibs *z, const Buf *parts, long long epoch, Buf *out,
                             Buf *why) {
  zip_error_t error;
  z->zip_error_init(&error);
  zip_source_t *mem = z->zip_source_buffer_create(NULL, 0, 0, &error);
  zip_t *za = mem ? z->zip_open_from_source(mem, ZIP_TRUNCATE, &error) : NULL;
  if (!za) {
    buf_printf(why, "libzip: %s", z->zip_error_strerror(&error));
    z->zip_error_fini(&error);
    if (mem)
      z->zip_source_free(mem);
    return why->data;
  }
  z->zip_source_keep(mem); // outlives the archive: it holds the bytes
  zip_uint16_t dtime, ddate;
  dos_time(epoch, &dtime, &ddate);
  const char *failed = NULL;
  for (int i = 0; i < NPARTS && !failed; i++) {
    zip_source_t *s = z->zip_source_buffer(za, parts[i].data ? parts[i].data : "", parts[i].len, 0);
    zip_int64_t idx = s ? z->zip_file_add(za, PARTS[i].name, s, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0 && s)
      z->zip_source_free(s);
    if (idx < 0 || z->zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 0) < 0 ||
        z->zip_file_set_dostime(za, (zip_uint64_t)idx, dtime, ddate, 0) < 0)
      failed = PARTS[i].name;
  }
  if (failed) {
    buf_printf(why, "libzip: %s: %s", failed, z->zip_strerror(za));
    z->zip_discard(za);
  } else if (z->zip_close(za) < 0) {
    buf_printf(why, "libzip: %s", z->zip_strerror(za));
    z->zip_discard(za);
    failed = why->data;
  }
  if (!failed) {
    zip_stat_t st;
    z->zip_stat_init(&st);
    if (z->zip_source_stat(mem, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) ||
        z->zip_source_open(mem) < 0) {
      buf_printf(why, "libzip: %s", z->zip_error_strerror(z->zip_source_error(mem)));
      failed = why->data;
    } else {
      size_t at = out->len;
      char chunk[65536];
      zip_int64_t n;
      while ((n = z->zip_source_read(mem, chunk, sizeof chunk)) > 0)
        buf_put(out, chunk, (size_t)n);
      if (n < 0 || out->len - at != st.size) {
        buf_printf(why, "libzip: the archive could not be read back");
        out->len = at;
        failed = why->data;
      }
      z->zip_source_close(mem);
    }
  }
  z->zip_source_free(mem);
  z->zip_error_fini(&error);
  return failed ? why->data : NULL;
}

// Which footnotes the text cites, in order: Word numbers its footnotes
// 1, 2, 3 in the order of their references, so its numbers are the PDF's
// exactly when the first citations come in that order and every note is
// cited; otherwise the marks are written as text.
static void first_citation(const Run *r, int *next, bool *seen, int max, bool *in_order) {
  for (; r; r = r->next)
    if (r->kind == RUN_NOTE && r->note > 0 && r->note <= max && !seen[r->note]) {
      seen[r->note] = true;
      if (r->note != (*next)++)
        *in_order = false;
    }
}

static bool notes_in_order(const Doc *doc, int max, bool *seen) {
  int next = 1;
  bool in_order = true;
  for (const Block *b = doc->body; b; b = b->next)
    first_citation(b->runs, &next, seen, max, &in_order);
  for (const Appendix *ap = doc->appendices; ap; ap = ap->next)
    for (int i = 0; ap->cells && i < ap->nrows * ap->ncols; i++)
      first_citation(ap->cells[i], &next, seen, max, &in_order);
  for (const Note *n = doc->notes; n; n = n->next)
    if (n->number > 0 && n->number <= max && !seen[n->number])
      in_order = false;
  return in_order;
}

int render_docx(const Doc *doc, const DocxOptions *opt, Diags *d, Buf *out) {
  if (!opt->libs) {
    const char *why = opt->libs_error ? opt->libs_error : "?";
    diag(d, SEV_ERROR, pos_none(), "docx",
         "không mở được thư viện libzip, libxml2 (%s); không ghi tệp nào; hãy cài "
         "libzip4, libxml2 / cannot open libzip and libxml2 (%s); nothing is written; "
         "install libzip4 and libxml2",
         why, why);
    return -1;
  }
  Docx dx = {.doc = doc, .opt = opt, .nation_size = NATION_SIZE};
  // Quốc hiệu at 13 pt when it fits its column on one line, else 12 (as
  // the PDF decides).
  double rtw = body_width(false) * (1 - LEFT_COLUMN) - 2 * COLUMN_PAD;
  if (doc->nation && text_w(&dx, doc->nation, STYLE_BOLD, NATION_SIZE) > rtw)
    dx.nation_size = NATION_SIZE - 1;
  for (const Note *n = doc->notes; n; n = n->next)
    if (n->number > dx.max_note && n->number < MAX_DOCX_NOTE)
      dx.max_note = n->number;
  size_t nn = (size_t)dx.max_note + 1;
  dx.defined = xcalloc(nn, sizeof *dx.defined);
  dx.cited = xcalloc(nn, sizeof *dx.cited);
  dx.anywhere = xcalloc(nn, sizeof *dx.anywhere);
  for (const Note *n = doc->notes; n; n = n->next)
    if (n->number > 0 && n->number <= dx.max_note)
      dx.defined[n->number] = true;
  dx.custom_marks = !notes_in_order(doc, dx.max_note, dx.anywhere);
  Buf parts[NPARTS];
  const char *failed = NULL;
  Buf why;
  buf_init(&why);
  // document.xml before footnotes.xml: it marks which notes are cited.
  for (int i = 0; i < NPARTS; i++)
    buf_init(&parts[i]);
  for (int i = 0; i < NPARTS && !failed; i++) {
    Xml x;
    dx.x = &x;
    if (xml_open(&x, opt->libs))
      PARTS[i].write(&dx);
    if (!xml_close(&x, &parts[i])) {
      buf_printf(&why, "libxml2: %s", PARTS[i].name);
      failed = why.data;
    }
  }
  if (!failed) {
    pthread_mutex_lock(&opt->libs->zip_lock);
    failed = zip_parts(opt->libs, parts, opt->epoch, out, &why);
    pthread_mutex_unlock(&opt->libs->zip_lock);
  }
  if (failed)
    diag(d, SEV_ERROR, pos_none(), "docx",
         "không dựng được tệp DOCX (%s); không ghi tệp nào / cannot make the DOCX (%s); "
         "nothing is written",
         failed, failed);
  for (int i = 0; i < NPARTS; i++)
    buf_free(&parts[i]);
  buf_free(&why);
  free(dx.defined);
  free(dx.cited);
  free(dx.anywhere);
  return failed ? -1 : 0;
}
