// expand.c — Plan + template -> Doc.
//
// Consumes a checked Plan and a Template; produces the Doc that both
// renderers draw, so the Markdown and the PDF cannot diverge. The template
// says what comes in which order and holds the fixed wording; the plan
// supplies the data. Every number in the document (I., 1., 2.1., a), the
// footnote numbers) is generated here.
//
// The one idea: text goes through Markdown once. A text field's references
// ({cite:...}, {agency:...}, ...) are replaced by their wording (escaped
// for Markdown), footnote markers by private-use code points, and the
// result is parsed by cmark-gfm; the parse tree becomes runs of styled text.
// Expansion runs twice: the first pass only numbers items and sections, so
// that {ref:ID} can name an item that comes later in the document.
#include "kehoach.h"

#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

enum { NOTE_BASE = 0xF0000, NOTE_LAST = 0xFFFFD };

typedef struct Expander {
  Arena *a;
  const Plan *p;
  const Template *t;
  const Binding *b; // lines taken, numbers
  Doc *doc;
  Block **tail;
  Note **note_tail;
  Vec note_order; // Footnote* in order of first reference
  int *note_number; // per Plan.notes: its number, 0 until first referenced
  int note_depth;           // > 0 while rendering a footnote's text
  const LegalDoc *cited[MAX_CITE_DEPTH]; // the citations being expanded
  int ncited;
  Vec origins;              // Origin*: the scalars of the Markdown being built
  const Origin *from;       // those of the Markdown being turned into runs
  int nfrom;
} Expander;

// Records that the Markdown being built takes text from a scalar of the
// plan: the runs made from it carry the scalar (for warnings that point at
// a character, like a missing glyph).
static void note_origin(Expander *e, Pos pos, const char *src) {
  if (!src || !pos.file)
    return;
  Origin *o = arena_alloc(e->a, sizeof(Origin));
  *o = (Origin){pos, src};
  vec_push(&e->origins, o);
}

// The origins recorded so far become those of the runs made next.
static void take_origins(Expander *e) {
  e->nfrom = e->origins.len;
  Origin *from = NULL;
  if (e->nfrom) {
    from = arena_alloc(e->a, sizeof(Origin) * (size_t)e->nfrom);
    for (int i = 0; i < e->nfrom; i++)
      from[i] = *(Origin *)e->origins.items[i];
  }
  e->from = from;
  e->origins.len = 0;
}

//
// Wording of references
//

static void cite_wording(Expander *e, const LegalDoc *doc, unsigned flags, Buf *b) {
  if (!(flags & REF_NO_KIND))
    note_origin(e, doc->kind_pos, doc->kind);
  note_origin(e, doc->name_pos, doc->name);
  note_origin(e, doc->number_pos, doc->number);
  if (!(flags & (REF_SHORT | REF_NO_ISSUER)))
    note_origin(e, doc->issuer_pos, doc->issuer);
  cite_text(b, doc, flags);
}

void cite_text(Buf *b, const LegalDoc *doc, unsigned flags) {
  // nokind: the sentence carries the kind word ("Kế hoạch {cite:x nokind}").
  const char *sep = flags & REF_NO_KIND ? "" : " ";
  if (!(flags & REF_NO_KIND))
    buf_puts(b, doc->kind);
  if (doc->name) {
    buf_printf(b, "%s%s", sep, doc->name);
    if (doc->number && !(flags & REF_SHORT))
      buf_printf(b, " số %s", doc->number);
  } else if (doc->number) {
    buf_printf(b, "%ssố %s", sep, doc->number);
  }
  if (flags & REF_SHORT)
    return;
  if (doc->date.prec == DATE_DAY) {
    buf_putc(b, ' ');
    if (flags & REF_WORDS)
      date_format_words(b, doc->date);
    else {
      buf_puts(b, "ngày ");
      date_format_short(b, doc->date);
    }
  }
  if (doc->issuer && !(flags & REF_NO_ISSUER))
    buf_printf(b, " của %s", doc->issuer);
}

static void timing_wording(Expander *e, const Timing *t, Buf *b);
static void field_md(Expander *e, const Text *t, const Item *ctx, Buf *md);

static void annual_suffix(Buf *b, Date d) {
  if (d.year == 0)
    buf_puts(b, " hằng năm");
}

static const char *quarter_roman(int q) {
  static const char *const r[] = {"", "I", "II", "III", "IV"};
  return q >= 1 && q <= 4 ? r[q] : "?";
}

// Timing as Markdown.
static void timing_wording(Expander *e, const Timing *t, Buf *b) {
  switch (t->kind) {
  case TIME_ONGOING:
    buf_puts(b, "thường xuyên");
    break;
  case TIME_ON:
    buf_puts(b, "ngày ");
    date_format_short(b, t->to);
    annual_suffix(b, t->to);
    break;
  case TIME_BY:
    buf_puts(b, "trước ngày ");
    date_format_short(b, t->to);
    annual_suffix(b, t->to);
    break;
  case TIME_RANGE:
    buf_puts(b, "từ ngày ");
    date_format_short(b, t->from);
    buf_puts(b, " đến ngày ");
    date_format_short(b, t->to);
    annual_suffix(b, t->to);
    break;
  case TIME_QUARTERS:
    buf_printf(b, "Quý %s", quarter_roman(t->q_from));
    if (t->q_to != t->q_from)
      buf_printf(b, "%s%s", t->q_dash ? t->q_dash : "–", quarter_roman(t->q_to));
    buf_printf(b, "/%d", t->year);
    break;
  case TIME_AFTER:
    buf_puts(b, "sau khi ");
    field_md(e, &t->text, NULL, b);
    break;
  case TIME_TEXT:
    field_md(e, &t->text, NULL, b);
    break;
  case TIME_NONE:
    break;
  }
}

// The reporting deadline as a date a sentence can put after "trước ngày":
// "30/11 hằng năm", "25/11/2026"; other kinds of timing keep their wording.
static void deadline_date(Expander *e, Buf *b) {
  const Timing *t = &e->p->report_deadline;
  if (t->kind == TIME_ON || t->kind == TIME_BY) {
    date_format_short(b, t->to);
    annual_suffix(b, t->to);
  } else
    timing_wording(e, t, b);
}

static void target_wording(const Target *t, Buf *b) {
  if (t->cmp)
    buf_printf(b, "%s ", t->cmp);
  if (t->value)
    text_number_vn(b, t->value);
  if (t->unit)
    buf_printf(b, strcmp(t->unit, "%") == 0 ? "%s" : " %s", t->unit);
}

// Marks a footnote reference: numbers the note on first use.
static void note_marker(Expander *e, Footnote *f, Buf *md) {
  if (e->note_depth > 0)
    return;
  int number = e->note_number[f->index];
  if (!number) {
    vec_push(&e->note_order, f);
    number = e->note_number[f->index] = e->note_order.len;
  }
  int cp = NOTE_BASE + number;
  if (cp <= NOTE_LAST)
    utf8_encode(md, cp);
}

static void ref_number(Expander *e, const Seg *s, Buf *md) {
  const char *num = binding_ref_number(e->b, s);
  md_escape(md, num ? num : "?"); // bind.c reported a ref without a number
}

static void seg_md(Expander *e, const Seg *s, const Item *ctx, Buf *md) {
  Buf w;
  buf_init(&w);
  switch (s->kind) {
  case SEG_TEXT:
    buf_puts(md, s->text);
    break;
  case SEG_CITE:
    if (s->target) {
      const LegalDoc *doc = s->target;
      cite_wording(e, doc, s->flags, &w);
      md_escape(md, w.data);
      // A document already being cited (its subject cites it back, or
      // itself) prints without its subject there: the chain ends.
      bool cycle = false;
      for (int i = 0; i < e->ncited; i++)
        cycle |= e->cited[i] == doc;
      if (!(s->flags & (REF_SHORT | REF_NO_SUBJECT)) && doc->subject.src && !cycle &&
          e->ncited < MAX_CITE_DEPTH) {
        buf_putc(md, ' ');
        e->cited[e->ncited++] = doc;
        field_md(e, &doc->subject, NULL, md);
        e->ncited--;
      }
    }
    break;
  case SEG_AGENCY:
    if (s->target) {
      const Agency *ag = s->target;
      if (s->flags & REF_SHORT)
        note_origin(e, ag->short_pos, ag->short_name);
      else
        note_origin(e, ag->name_pos, ag->name);
      md_escape(md, s->flags & REF_SHORT ? ag->short_name : ag->name);
    }
    break;
  case SEG_REF:
    ref_number(e, s, md);
    break;
  case SEG_NOTE:
    if (s->target)
      note_marker(e, s->target, md);
    break;
  case SEG_DATE:
    if (s->flags & REF_WORDS)
      date_format_words(&w, s->date);
    else
      date_format_short(&w, s->date);
    md_escape(md, w.data);
    break;
  case SEG_DEADLINE:
    deadline_date(e, md);
    break;
  case SEG_TARGET:
  case SEG_YEAR:
    if (ctx && ctx->kind == ITEM_INDICATOR) {
      int k = atoi(s->target_id) - 1; // the model checked it
      const Target *t = k >= 0 && k < ctx->ntargets ? &ctx->targets[k] : &ctx->target;
      if (s->kind == SEG_TARGET)
        target_wording(t, &w);
      else if (t->year)
        buf_printf(&w, "%d", t->year);
      md_escape(md, w.data ? w.data : "");
    } // elsewhere the model reported it
    break;
  }
  buf_free(&w);
}

static void field_md(Expander *e, const Text *t, const Item *ctx, Buf *md) {
  note_origin(e, t->pos, t->src);
  for (const Seg *s = t->segs; s; s = s->next)
    seg_md(e, s, ctx, md);
}

//
// Markdown -> runs and blocks
//

static Run *new_run(Expander *e, RunKind kind, unsigned style, const char *text) {
  Run *r = arena_alloc(e->a, sizeof(Run));
  r->kind = kind;
  r->style = style;
  r->text = text;
  r->from = e->from;
  r->nfrom = e->nfrom;
  return r;
}

// Appends the text of a cmark text node, splitting out footnote markers.
static void string_runs(Expander *e, const char *s, unsigned style, Run ***tail) {
  size_t n = strlen(s), lit = 0;
  // A footnote marker is a code point of plane 15, lead byte F3: without
  // one, the text is one run.
  for (size_t i = memchr(s, 0xF3, n) ? 0 : n; i < n;) {
    int32_t cp;
    int len = utf8_decode(s + i, n - i, &cp);
    if (len < 0) {
      i++;
      continue;
    }
    if (cp > NOTE_BASE && cp <= NOTE_LAST) {
      if (i > lit) {
        **tail = new_run(e, RUN_TEXT, style,
                         text_nfc(e->a, arena_strndup(e->a, s + lit, i - lit)));
        *tail = &(**tail)->next;
      }
      Run *r = new_run(e, RUN_NOTE, style, NULL);
      r->note = cp - NOTE_BASE;
      **tail = r;
      *tail = &r->next;
      lit = i + (size_t)len;
    }
    i += (size_t)len;
  }
  if (n > lit) {
    **tail = new_run(e, RUN_TEXT, style,
                     text_nfc(e->a, arena_strndup(e->a, s + lit, n - lit)));
    *tail = &(**tail)->next;
  }
}

static void inline_runs(Expander *e, cmark_node *node, unsigned style, Run ***tail) {
  for (cmark_node *c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
    switch (cmark_node_get_type(c)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
    case CMARK_NODE_HTML_INLINE:
      string_runs(e, cmark_node_get_literal(c), style, tail);
      break;
    case CMARK_NODE_SOFTBREAK:
      string_runs(e, " ", style, tail);
      break;
    case CMARK_NODE_LINEBREAK:
      **tail = new_run(e, RUN_BREAK, style, NULL);
      *tail = &(**tail)->next;
      break;
    case CMARK_NODE_EMPH:
      inline_runs(e, c, style | STYLE_ITALIC, tail);
      break;
    case CMARK_NODE_STRONG:
      inline_runs(e, c, style | STYLE_BOLD, tail);
      break;
    default: // links, images: their text
      inline_runs(e, c, style, tail);
      break;
    }
  }
}

static Block *emit_block(Expander *e, BlockKind kind, const char *label, Run *runs,
                         int depth, unsigned flags, Pos pos) {
  Block *b = arena_alloc(e->a, sizeof(Block));
  b->kind = kind;
  b->label = label;
  b->runs = runs;
  b->depth = depth;
  b->flags = flags;
  b->pos = pos;
  *e->tail = b;
  e->tail = &b->next;
  return b;
}

// Where parsed Markdown goes: the label and prefix for the first paragraph.
typedef struct BlockSpec {
  const char *label;
  Run *prefix;
  int depth;
  unsigned flags;
  Pos pos;
  bool first_done;
} BlockSpec;

static Run *prepend(Run *prefix, Run *runs) {
  if (!prefix)
    return runs;
  Run *last = prefix;
  while (last->next)
    last = last->next;
  last->next = runs;
  return prefix;
}

static void md_blocks(Expander *e, cmark_node *parent, BlockSpec *dest, int list_depth);

// Appends a paragraph of runs; the first one of dest takes its label and
// prefix.
static void paragraph_runs(Expander *e, Run *runs, BlockSpec *dest, const char *label, int depth) {
  if (!dest->first_done) {
    dest->first_done = true;
    if (!label)
      label = dest->label;
    runs = prepend(dest->prefix, runs);
  }
  emit_block(e, BLOCK_PARA, label, runs, depth, dest->flags, dest->pos);
}

static void md_paragraph(Expander *e, cmark_node *node, BlockSpec *dest, const char *label,
                         int depth, unsigned style) {
  Run *runs = NULL, **tail = &runs;
  inline_runs(e, node, style, &tail);
  paragraph_runs(e, runs, dest, label, depth);
}

static void md_list(Expander *e, cmark_node *list, BlockSpec *dest, int list_depth) {
  bool ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
  int number = cmark_node_get_list_start(list);
  for (cmark_node *item = cmark_node_first_child(list); item;
       item = cmark_node_next(item), number++) {
    const char *label = ordered ? arena_printf(e->a, "%d.", number)
                        : list_depth == 0 ? "-" : "+";
    bool first = true;
    for (cmark_node *c = cmark_node_first_child(item); c; c = cmark_node_next(c)) {
      if (cmark_node_get_type(c) == CMARK_NODE_PARAGRAPH) {
        md_paragraph(e, c, dest, first ? label : NULL, dest->depth + list_depth + 1, 0);
        first = false;
      } else if (cmark_node_get_type(c) == CMARK_NODE_LIST) {
        md_list(e, c, dest, list_depth + 1);
      } else {
        md_blocks(e, c, dest, list_depth + 1);
      }
    }
  }
}

static void md_blocks(Expander *e, cmark_node *parent, BlockSpec *dest, int list_depth) {
  for (cmark_node *c = cmark_node_first_child(parent); c; c = cmark_node_next(c)) {
    switch (cmark_node_get_type(c)) {
    case CMARK_NODE_PARAGRAPH:
      md_paragraph(e, c, dest, NULL, dest->depth, 0);
      break;
    case CMARK_NODE_HEADING:
      md_paragraph(e, c, dest, NULL, dest->depth, STYLE_BOLD);
      break;
    case CMARK_NODE_LIST:
      md_list(e, c, dest, list_depth);
      break;
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_HTML_BLOCK: {
      Run *runs = NULL, **tail = &runs;
      string_runs(e, cmark_node_get_literal(c), 0, &tail);
      emit_block(e, BLOCK_PARA, NULL, runs, dest->depth, dest->flags, dest->pos);
      break;
    }
    case CMARK_NODE_THEMATIC_BREAK:
      break;
    default:
      md_blocks(e, c, dest, list_depth);
      break;
    }
  }
}

// Parses Markdown and appends its paragraphs to the document.
// True when CommonMark reads md as one paragraph holding md itself as
// one text: a line with none of the characters that start inline markup
// (\ ` & _ * [ ] < !), not starting like a block (a space, - + * # > = ` ~
// < |, "1." or "1)"), not ending in a space. Most of a plan's texts are
// such lines; they skip the parser. (Invalid UTF-8, which the parser
// replaces, goes to the parser.)
static bool plain_paragraph(const char *md) {
  if (!*md || strpbrk(md, "\n\r\t\\`&_*[]<!") || strchr(" -+*#>=`~<|", md[0]) ||
      !utf8_valid(md, strlen(md), NULL))
    return false;
  const char *d = md;
  while (*d >= '0' && *d <= '9')
    d++;
  if (d > md && (*d == '.' || *d == ')'))
    return false;
  char last = md[strlen(md) - 1];
  return last != ' ';
}

static void emit_markdown(Expander *e, const char *md, BlockSpec *dest) {
  take_origins(e);
  if (plain_paragraph(md)) {
    Run *runs = NULL, **tail = &runs;
    string_runs(e, md, 0, &tail);
    paragraph_runs(e, runs, dest, NULL, dest->depth);
  } else {
    cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
    md_blocks(e, doc, dest, 0);
    cmark_node_free(doc);
  }
  if (!dest->first_done && (dest->label || dest->prefix))
    emit_block(e, BLOCK_PARA, dest->label, dest->prefix, dest->depth,
               dest->flags, dest->pos);
}

// Parses Markdown into one line of runs (titles, header lines, table
// cells): paragraphs joined by spaces, or only the first when first_only.
static Run *markdown_line(Expander *e, const char *md, unsigned style, bool first_only) {
  Run *runs = NULL, **tail = &runs;
  take_origins(e);
  if (plain_paragraph(md)) {
    string_runs(e, md, style, &tail);
    return runs;
  }
  cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
  for (cmark_node *c = cmark_node_first_child(doc); c; c = cmark_node_next(c)) {
    if (runs && first_only)
      break;
    if (runs)
      string_runs(e, " ", style, &tail);
    inline_runs(e, c, style, &tail);
  }
  cmark_node_free(doc);
  return runs;
}

static Run *markdown_runs(Expander *e, const char *md, unsigned style) {
  return markdown_line(e, md, style, false);
}

static Run *plain_runs(Expander *e, const char *text, unsigned style) {
  Run *runs = NULL, **tail = &runs;
  take_origins(e);
  string_runs(e, text, style, &tail);
  return runs;
}

static void emit_text(Expander *e, const Text *t, const Item *ctx, BlockSpec *dest) {
  Buf md;
  buf_init(&md);
  field_md(e, t, ctx, &md);
  if (!dest->pos.file)
    dest->pos = t->pos;
  emit_markdown(e, md.data ? md.data : "", dest);
  buf_free(&md);
}

//
// Items
//

// The words of a label: the plan's labels: (empty when turned off), else
// the template's @label, else the default (parts.c).
static const char *label_text(Expander *e, const char *name) {
  for (int i = 0; i < e->p->nlabels; i++)
    if (strcmp(e->p->labels[i].name, name) == 0) {
      const LabelOverride *o = &e->p->labels[i];
      if (o->text)
        note_origin(e, o->value_pos, o->text);
      return o->text ? o->text : "";
    }
  for (const TplLine *l = e->t->lines; l; l = l->next)
    if (l->kind == TPL_LABEL && strcmp(l->arg, name) == 0)
      return l->text;
  const PlanLabel *pl = plan_label(name);
  return pl ? pl->text : "";
}

// Appends "A, B và C", the full names of the agencies (lead first when
// given, then list), to b; returns whether one of them is asked rather than
// directed ("Đề nghị ...").
static bool agency_names(Expander *e, const Agency *lead, Agency *const *list, int n,
                         bool short_names, Buf *b) {
  const char **names = arena_alloc(e->a, sizeof(char *) * (size_t)(n + 2));
  int count = 0;
  bool request = false;
  for (int i = -1; i < n; i++) {
    const Agency *ag = i < 0 ? lead : list[i];
    if (!ag)
      continue;
    bool use_short = short_names && ag->short_name;
    names[count++] = use_short ? ag->short_name : ag->name;
    note_origin(e, use_short ? ag->short_pos : ag->name_pos, names[count - 1]);
    request |= ag->request;
  }
  text_join_and(b, names, count);
  return request;
}

// "Đề nghị A, B và C" for a duty's agencies.
static const char *duty_title(Expander *e, const Item *it) {
  Buf names, b;
  buf_init(&names);
  buf_init(&b);
  const char *request = label_text(e, "request");
  if (agency_names(e, NULL, it->agencies, it->nagencies, it->short_name, &names) &&
      *request)
    buf_printf(&b, "%s ", request);
  buf_puts(&b, names.data ? names.data : "");
  // A heading starts with a capital, whatever the first name ("các phòng,
  // ban thuộc xã" as a group's name).
  char *s = text_upper_first(e->a, b.data ? b.data : "");
  buf_free(&names);
  buf_free(&b);
  return s;
}

static bool ends_with_punct(const char *s) {
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\n'))
    n--;
  return n && strchr(".;:!?", s[n - 1]);
}

// Ends a generated khoản heading with the heading_end label ("." in offices
// that write "1. Mục đích."), unless it ends with punctuation already.
static void end_heading(Expander *e, Buf *md) {
  const char *end = label_text(e, "heading_end");
  if (*end && md->len && !ends_with_punct(md->data))
    buf_puts(md, end);
}

// "- Cơ quan thực hiện: Phòng VHXH và các cơ quan, đơn vị liên quan."; the
// value alone when the label is turned off.
static void emit_field_line(Expander *e, const char *label_name, Buf *value, int depth,
                            Pos pos) {
  if (!value->len)
    return;
  Buf md;
  buf_init(&md);
  const char *label = label_text(e, label_name);
  if (*label) {
    md_escape(&md, label);
    buf_puts(&md, ": ");
  }
  buf_puts(&md, value->data);
  if (!ends_with_punct(value->data))
    buf_putc(&md, '.');
  BlockSpec dest = {.label = "-", .depth = depth, .pos = pos};
  emit_markdown(e, md.data, &dest);
  buf_free(&md);
}

// One field line's value, as Markdown, and where it is written.
static Pos task_field_md(Expander *e, const Item *it, TaskField f, Buf *v) {
  switch (f) {
  case FIELD_EXECUTOR: {
    Buf joined;
    buf_init(&joined);
    agency_names(e, it->lead, it->with, it->nwith, false, &joined);
    md_escape(v, joined.data ? joined.data : "");
    buf_free(&joined);
    if (it->executor.src) {
      if (v->len)
        buf_putc(v, ' ');
      field_md(e, &it->executor, it, v);
    }
    return it->lead_pos.file ? it->lead_pos : it->executor.pos;
  }
  case FIELD_TIMING:
    timing_wording(e, &it->timing, v);
    return it->timing.pos;
  default: {
    const Text *t = f == FIELD_CONTENT        ? &it->content
                    : f == FIELD_PARTICIPANTS ? &it->participants
                                              : &it->form;
    if (t->src)
      field_md(e, t, it, v);
    return t->pos;
  }
  }
}

// The task's field lines, in the order the plan writes them.
static void emit_task_fields(Expander *e, const Item *it, int depth) {
  Buf v;
  buf_init(&v);
  for (int i = 0; i < it->nfields; i++) {
    buf_clear(&v);
    Pos pos = task_field_md(e, it, it->fields[i], &v);
    emit_field_line(e, TASK_FIELD_NAMES[it->fields[i]], &v, depth, pos);
  }
  buf_free(&v);
}

static void expand_items(Expander *e, Item **items, int n, int depth, bool groups);

// A label's words with {n} replaced by n ("Mục tiêu {n}:" -> "Mục tiêu 2:").
static const char *numbered_label(Expander *e, const char *fmt, int n) {
  const char *at = strstr(fmt, "{n}");
  if (!at)
    return fmt;
  return arena_printf(e->a, "%.*s%d%s", (int)(at - fmt), fmt, n, at + 3);
}

// The title line of an item, as Markdown (empty when it has none).
static void item_title_md(Expander *e, const Item *it, int index, bool group, Buf *md) {
  if (group) {
    const char *fmt = it->label_set ? (it->label ? it->label : "")
                                    : label_text(e, "objective");
    if (it->label_set && it->label)
      note_origin(e, it->label_pos, it->label);
    md_escape(md, numbered_label(e, fmt, index + 1));
    if (*fmt)
      buf_putc(md, ' ');
  }
  if (it->title.src)
    field_md(e, &it->title, it, md);
  else if (it->kind == ITEM_DUTY && it->nagencies && !group) {
    md_escape(md, duty_title(e, it));
    end_heading(e, md);
  }
}

// "Chỉ tiêu 1: " before an indicator's text, when the plan or the template
// gives the indicator label (off by default); NULL otherwise.
static Run *indicator_prefix(Expander *e, int index) {
  const char *label = label_text(e, "indicator");
  if (!*label)
    return NULL;
  return plain_runs(e, arena_printf(e->a, "%s ", numbered_label(e, label, index + 1)), 0);
}

static void expand_item(Expander *e, Item *it, int index, int depth, bool group) {
  Numbering k = e->b->item_numbering[it->index];
  struct {
    const char *label;
  } l = {e->b->item_label[it->index]};
  int block_depth = (k == NUM_DASH || k == NUM_PLUS) ? depth : 0;
  Buf title;
  buf_init(&title);
  bool inline_agency = it->kind == ITEM_DUTY && !it->title.src && it->nagencies &&
                       (depth > 0 || it->inline_name);
  if (!inline_agency)
    item_title_md(e, it, index, group, &title);
  if (title.len) {
    unsigned flags = k == NUM_NUMBER ? BLOCK_TITLED | BLOCK_KEEP : 0;
    BlockSpec dest = {.label = l.label, .depth = block_depth, .flags = flags,
                 .pos = it->pos};
    emit_markdown(e, title.data, &dest);
    l.label = NULL;
  }
  buf_free(&title);
  BlockSpec body = {.label = l.label, .depth = block_depth, .pos = it->pos};
  if (inline_agency) {
    Buf prefix;
    buf_init(&prefix);
    buf_printf(&prefix, "%s: ", duty_title(e, it));
    body.prefix = plain_runs(e, prefix.data, 0);
    buf_free(&prefix);
  }
  if (it->kind == ITEM_INDICATOR)
    body.prefix = indicator_prefix(e, index);
  int first_child = 0;
  if (it->text.src)
    emit_text(e, &it->text, it, &body);
  else if (body.label && !title.len && it->nitems && it->items[0]->text.src &&
           !it->items[0]->nitems && !e->b->item_label[it->items[0]->index]) {
    // Nothing to print on the item's own line (a group without title or
    // label): its number stands before its first paragraph.
    body.pos = it->items[0]->pos;
    if (it->items[0]->kind == ITEM_INDICATOR)
      body.prefix = indicator_prefix(e, 0);
    emit_text(e, &it->items[0]->text, it->items[0], &body);
    first_child = 1;
  } else if (body.label && !title.len)
    emit_block(e, BLOCK_PARA, body.label, body.prefix, block_depth, 0, it->pos);
  for (int i = first_child; i < it->nitems; i++)
    expand_item(e, it->items[i], i, depth + 1, false);
  if (it->kind == ITEM_TASK)
    emit_task_fields(e, it, depth + 1);
}

static void expand_items(Expander *e, Item **items, int n, int depth, bool groups) {
  for (int i = 0; i < n; i++)
    expand_item(e, items[i], i, depth, groups);
}

//
// Template variables: {{name}}, {{name|lc1}}, {{name|uc}}, {{name|or:text}}
//

static void period_wording(const Plan *p, Buf *b) {
  if (p->period_from)
    date_format_period(b, p->period_from, p->period_to);
}

// Appends variable `name` as Markdown; returns false when it is unknown.
static bool variable_md(Expander *e, const char *name, Buf *md) {
  const Plan *p = e->p;
  const struct {
    const char *name;
    const char *value;
    Pos pos;
  } strings[] = {{"authority", p->authority, p->authority_pos},
                 {"authority_short", p->authority_short, p->authority_short_pos},
                 {"place", p->place, p->place_pos},
                 {"title", p->title, pos_none()}};
  for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
    if (strcmp(name, strings[i].name) == 0) {
      note_origin(e, strings[i].pos, strings[i].value);
      if (strings[i].value == p->title) // joined from the title's lines
        for (int k = 0; k < p->ntitle_lines; k++)
          note_origin(e, p->title_line_pos[k], p->title_lines[k]);
      if (strings[i].value)
        md_escape(md, strings[i].value);
      return true;
    }
  const struct {
    const char *name;
    const Text *text;
  } texts[] = {{"intro", &p->intro},
               {"intro.before", &p->intro_before},
               {"intro.ending", &p->intro_ending},
               {"reporting.text", &p->report_text}};
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
    if (strcmp(name, texts[i].name) == 0) {
      field_md(e, texts[i].text, NULL, md);
      return true;
    }
  if (strcmp(name, "period") == 0)
    period_wording(p, md);
  else if (strcmp(name, "year") == 0)
    buf_printf(md, "%d", p->period_from ? p->period_from : p->date.year);
  else if (strcmp(name, "deadline") == 0)
    deadline_date(e, md);
  else if (strcmp(name, "deadline.words") == 0)
    timing_wording(e, &p->report_deadline, md);
  else if (strcmp(name, "reporting.to") == 0 || strcmp(name, "reporting.via") == 0) {
    const Agency *ag = name[10] == 't' ? p->report_to : p->report_via;
    if (ag)
      md_escape(md, ag->name);
  } else
    return false;
  return true;
}

static void apply_filter(Expander *e, const char *filter, Buf *value) {
  if (strcmp(filter, "lc1") == 0 || strcmp(filter, "uc") == 0) {
    char *s = filter[0] == 'l' ? text_lower_first(e->a, value->data ? value->data : "")
                               : text_upper(e->a, value->data ? value->data : "");
    buf_clear(value);
    buf_puts(value, s);
  } else if (strncmp(filter, "or:", 3) == 0) {
    if (!value->len)
      buf_puts(value, filter + 3);
  }
}

// Expands {{...}} in a template line into Markdown.
static void template_text_md(Expander *e, const TplLine *l, Buf *md) {
  const char *s = l->text;
  while (*s) {
    const char *open = strstr(s, "{{");
    const char *close = open ? strstr(open, "}}") : NULL;
    if (!open || !close) {
      buf_puts(md, s);
      return;
    }
    buf_put(md, s, (size_t)(open - s));
    char *expr = arena_strndup(e->a, open + 2, (size_t)(close - open - 2));
    char *bar = strchr(expr, '|');
    if (bar)
      *bar = '\0';
    Buf value;
    buf_init(&value);
    variable_md(e, expr, &value); // template.c checked the names
    if (bar)
      apply_filter(e, bar + 1, &value);
    buf_puts(md, value.data ? value.data : "");
    buf_free(&value);
    s = close + 2;
  }
}

// Collapses runs of spaces and trims (a variable may expand to nothing).
static void tidy_spaces(Buf *b) {
  size_t w = 0;
  for (size_t r = 0; r < b->len; r++) {
    if (b->data[r] == ' ' && (w == 0 || b->data[w - 1] == ' '))
      continue;
    if (b->data[r] == ',' && w && b->data[w - 1] == ' ')
      w--;
    b->data[w++] = b->data[r];
  }
  while (w && b->data[w - 1] == ' ')
    w--;
  b->len = w;
  if (b->data)
    b->data[w] = '\0';
}

//
// Template directives
//


static void emit_paragraphs(Expander *e, const Text *list, int n) {
  for (int i = 0; i < n; i++) {
    BlockSpec dest = {.pos = list[i].pos};
    emit_text(e, &list[i], NULL, &dest);
  }
}

static void expand_block(Expander *e, const TplLine *l) {
  const Plan *p = e->p;
  const PlanPart *pp = plan_part(l->arg, PART_BLOCK);
  if (!pp)
    return; // template.c reported it
  int n;
  if (pp->shape == SHAPE_TEXTS) {
    const Text *texts = pp->texts(p, &n);
    emit_paragraphs(e, texts, n);
  } else {
    Item **items = plan_part_items(pp, p, &n);
    expand_items(e, items, n, 0, pp->shape == SHAPE_GROUPS);
  }
}

// A section's or khoản's title as Markdown: the plan's headings: override
// of its id, else the template's words.
static void heading_md(Expander *e, const TplLine *l, Buf *md) {
  const PartOverride *o = l->id ? plan_override(e->p, l->id) : NULL;
  if (o && o->heading) {
    note_origin(e, o->heading_value_pos, o->heading);
    md_escape(md, o->heading);
  } else
    template_text_md(e, l, md);
}

static void expand_section(Expander *e, const TplLine *l) {
  const char *roman = e->b->line_number[l->index];
  Buf md;
  buf_init(&md);
  heading_md(e, l, &md);
  Run *runs = markdown_runs(e, md.data ? md.data : "", STYLE_BOLD);
  emit_block(e, BLOCK_HEADING, arena_printf(e->a, "%s.", roman), runs, 0, BLOCK_KEEP,
             l->pos);
  buf_free(&md);
}

static void expand_khoan(Expander *e, const TplLine *l) {
  Buf md;
  buf_init(&md);
  heading_md(e, l, &md);
  end_heading(e, &md);
  Run *runs = markdown_runs(e, md.data ? md.data : "", STYLE_BOLD);
  emit_block(e, BLOCK_PARA, arena_printf(e->a, "%s.", e->b->line_number[l->index]),
             runs, 0, BLOCK_TITLED | BLOCK_KEEP, l->pos);
  buf_free(&md);
}

static void expand_text_line(Expander *e, const TplLine *l) {
  Buf md;
  buf_init(&md);
  template_text_md(e, l, &md);
  tidy_spaces(&md);
  BlockSpec dest = {.pos = l->pos};
  emit_markdown(e, md.data ? md.data : "", &dest);
  buf_free(&md);
}

// Runs the template's directives that the binding took over the plan.
static void run_template(Expander *e) {
  for (const TplLine *l = e->t->lines; l; l = l->next) {
    if (!e->b->line_taken[l->index])
      continue;
    switch (l->kind) {
    case TPL_SECTION:
      expand_section(e, l);
      break;
    case TPL_KHOAN:
      expand_khoan(e, l);
      break;
    case TPL_BLOCK:
      expand_block(e, l);
      break;
    case TPL_TEXT:
      expand_text_line(e, l);
      break;
    default: // @header, @title, @end, @label: fixed parts, built below
      break;
    }
  }
}

//
// Header, footnotes, recipients, signature
//

static const char **vec_strings(Expander *e, Vec *v, int *n) {
  *n = v->len;
  const char **out = arena_alloc(e->a, sizeof(char *) * (size_t)(v->len + 1));
  for (int i = 0; i < v->len; i++)
    out[i] = v->items[i];
  vec_free(v);
  return out;
}

static void build_header(Expander *e, Doc *doc) {
  const Plan *p = e->p;
  doc->parent = p->parent ? text_nfc(e->a, text_upper(e->a, p->parent)) : NULL;
  doc->parent_from = (Origin){p->parent_pos, p->parent};
  doc->authority_lines = arena_alloc(e->a, sizeof(char *) * (size_t)(p->nauthority_lines + 1));
  doc->authority_from = arena_alloc(e->a, sizeof(Origin) * (size_t)(p->nauthority_lines + 1));
  for (int i = 0; i < p->nauthority_lines; i++) {
    doc->authority_lines[i] = text_nfc(e->a, text_upper(e->a, p->authority_lines[i]));
    doc->authority_from[i] = p->authority_line_from[i];
  }
  doc->nauthority_lines = p->nauthority_lines;
  doc->place_from = (Origin){p->place_pos, p->place};
  doc->nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
  doc->motto = "Độc lập - Tự do - Hạnh phúc";
  if (p->number)
    doc->number_line = arena_printf(e->a, "Số: %02d/%s-%s", p->number, p->kind_code,
                                    p->issuer_code);
  else
    doc->number_line = arena_printf(e->a, "Số:      /%s-%s", p->kind_code, p->issuer_code);
  Buf b;
  buf_init(&b);
  buf_printf(&b, "%s, ", p->place ? p->place : "");
  date_format_words(&b, p->date);
  doc->place_date = text_nfc(e->a, b.data);
  buf_free(&b);
  doc->kind_name = text_nfc(e->a, label_text(e, "kind"));
  doc->title_lines = arena_alloc(e->a, sizeof(char *) * (size_t)(p->ntitle_lines + 1));
  doc->title_from = arena_alloc(e->a, sizeof(Origin) * (size_t)(p->ntitle_lines + 1));
  for (int i = 0; i < p->ntitle_lines; i++) {
    doc->title_lines[i] = text_nfc(e->a, p->title_lines[i]);
    doc->title_from[i] = (Origin){p->title_line_pos[i], p->title_lines[i]};
  }
  doc->ntitle_lines = p->ntitle_lines;
  doc->meta_title = p->title ? text_nfc(e->a, p->title) : "";
  doc->meta_author = p->authority ? text_nfc(e->a, p->authority) : "";
  // "Kế hoạch số 12/KH-UBND"; a draft's blank number becomes "…".
  const char *number = doc->number_line + strlen("Số: ");
  while (*number == ' ')
    number++;
  doc->meta_subject = arena_printf(e->a, "%s số %s%s",
                                   text_upper_first(e->a, text_lower(e->a, doc->kind_name)),
                                   *number == '/' ? "…" : "", number);
}

// Renders each footnote's text; notes referenced inside notes are dropped.
static void build_notes(Expander *e, Doc *doc) {
  Note **tail = &doc->notes;
  for (int i = 0; i < e->note_order.len; i++) {
    Footnote *f = e->note_order.items[i];
    Buf md;
    buf_init(&md);
    e->note_depth++;
    field_md(e, &f->text, NULL, &md);
    e->note_depth--;
    Note *n = arena_alloc(e->a, sizeof(Note));
    n->number = i + 1;
    n->runs = markdown_runs(e, md.data ? md.data : "", 0);
    n->pos = f->pos;
    *tail = n;
    tail = &n->next;
    buf_free(&md);
  }
}

static void build_end(Expander *e, Doc *doc) {
  const Plan *p = e->p;
  Vec lines = {0};
  doc->recipient_from = arena_alloc(e->a, sizeof(Origin) * (size_t)(p->nrecipients + 1));
  for (int i = 0; i < p->nrecipients; i++) {
    const Recipient *r = p->recipients[i];
    doc->recipient_from[i] = r->agency ? (Origin){r->agency->name_pos, r->agency->name}
                                       : (Origin){r->name.pos, r->name.src};
    Buf md, b;
    buf_init(&md);
    buf_init(&b);
    if (r->agency)
      buf_puts(&md, r->agency->name);
    else
      field_md(e, &r->name, NULL, &md);
    buf_printf(&b, "- %s", md.data ? md.data : "");
    if (r->purpose)
      buf_printf(&b, " (%s)", r->purpose);
    buf_putc(&b, ';');
    vec_push(&lines, text_nfc(e->a, b.data));
    buf_free(&md);
    buf_free(&b);
  }
  Buf archive;
  buf_init(&archive);
  buf_printf(&archive, "- %s ", label_text(e, "archive"));
  if (!p->narchive)
    buf_puts(&archive, "VT");
  for (int i = 0; i < p->narchive; i++)
    buf_printf(&archive, "%s%s", i ? ", " : "", p->archive[i]);
  buf_putc(&archive, '.');
  vec_push(&lines, text_nfc(e->a, archive.data));
  buf_free(&archive);
  if (p->narchive) // the first entry's scalar: the line joins several
    doc->recipient_from[p->nrecipients] = (Origin){p->archive_pos[0], p->archive[0]};
  take_origins(e); // the recipients' Markdown became strings, not runs
  doc->recipients_label = label_text(e, "recipients");
  doc->recipients = vec_strings(e, &lines, &doc->nrecipients);
  Vec sign = {0};
  doc->sign_from = arena_alloc(e->a, sizeof(Origin) * 3);
  if (p->sign_on_behalf) {
    doc->sign_from[sign.len] = (Origin){p->sign_on_behalf_pos, p->sign_on_behalf};
    vec_push(&sign, text_nfc(e->a, text_upper(e->a, arena_printf(e->a, "TM. %s", p->sign_on_behalf))));
  }
  if (p->sign_for) {
    doc->sign_from[sign.len] = (Origin){p->sign_for_pos, p->sign_for};
    vec_push(&sign, text_nfc(e->a, text_upper(e->a, arena_printf(e->a, "KT. %s", p->sign_for))));
  }
  if (p->sign_title) {
    doc->sign_from[sign.len] = (Origin){p->sign_title_pos, p->sign_title};
    vec_push(&sign, text_nfc(e->a, text_upper(e->a, p->sign_title)));
  }
  doc->sign_lines = vec_strings(e, &sign, &doc->nsign_lines);
  doc->signer = p->sign_name ? text_nfc(e->a, p->sign_name) : "";
  doc->signer_from = (Origin){p->sign_name_pos, p->sign_name};
}

//
// Appendices
//

// "(Kèm theo Kế hoạch số 07/KH-UBND ngày 05 tháng 02 năm 2026 của ...)"
static const char *attached_line(Expander *e, const Doc *doc) {
  const Plan *p = e->p;
  const char *kind = text_upper_first(e->a, text_lower(e->a, doc->kind_name));
  Buf b;
  buf_init(&b);
  buf_printf(&b, "(%s %s số %s ", label_text(e, "attached"), kind,
             doc->number_line + strlen("Số: "));
  date_format_words(&b, p->date);
  buf_printf(&b, " của %s)", p->authority ? p->authority : "");
  char *r = text_nfc(e->a, b.data);
  buf_free(&b);
  return r;
}

// A text as runs on one line (a table cell).
static Run *cell_runs(Expander *e, const Text *t, const Item *ctx) {
  if (!t->src)
    return NULL;
  Buf md;
  buf_init(&md);
  field_md(e, t, ctx, &md);
  Run *r = markdown_line(e, md.data ? md.data : "", 0, true);
  buf_free(&md);
  return r;
}

static Run *cell_text(Expander *e, const char *s) { return plain_runs(e, s ? s : "", 0); }

// Names of a task's coordinating agencies, "A, B và C".
static Run *with_cell(Expander *e, const Item *it) {
  const char *with[64];
  int n = 0;
  for (int j = 0; j < it->nwith && n < 64; j++)
    if (it->with[j])
      with[n++] = it->with[j]->name;
  Buf b;
  buf_init(&b);
  text_join_and(&b, with, n);
  Run *r = cell_text(e, b.data);
  buf_free(&b);
  return r;
}

// One row per numbered task: TT | Nội dung | chủ trì | phối hợp | thời gian.
static void task_rows(Expander *e, Item **items, int n, Vec *rows) {
  for (int i = 0; i < n; i++) {
    const Item *it = items[i];
    const char *num = e->b->item_number[it->index];
    if (num && it->kind == ITEM_TASK && (it->title.src || it->text.src)) {
      Run **row = arena_alloc(e->a, sizeof(Run *) * 5);
      row[0] = cell_text(e, num);
      row[1] = cell_runs(e, it->title.src ? &it->title : &it->text, it);
      row[2] = cell_text(e, it->lead ? it->lead->name : "");
      row[3] = with_cell(e, it);
      Buf b;
      buf_init(&b);
      timing_wording(e, &it->timing, &b);
      row[4] = markdown_runs(e, b.data ? b.data : "", 0);
      buf_free(&b);
      vec_push(rows, row);
    }
    task_rows(e, it->items, it->nitems, rows);
  }
}

// One row per indicator: TT | Chỉ tiêu | Mục tiêu | Năm.
static void indicator_rows(Expander *e, Vec *rows) {
  for (int g = 0; g < e->p->nobjectives; g++) {
    const Item *group = e->p->objectives[g];
    for (int i = 0; i < group->nitems; i++) {
      const Item *it = group->items[i];
      Run **row = arena_alloc(e->a, sizeof(Run *) * 4);
      row[0] = cell_text(e, arena_printf(e->a, "%d.%d", g + 1, i + 1));
      row[1] = cell_runs(e, &it->text, it);
      Buf b, years; // several targets: "trên 90%; trên 80%", "2025; 2030"
      buf_init(&b);
      buf_init(&years);
      for (int k = 0; k < it->ntargets; k++) {
        const Target *t = &it->targets[k];
        if (k)
          buf_puts(&b, "; ");
        target_wording(t, &b);
        if (t->year && (k == 0 || it->targets[k - 1].year != t->year))
          buf_printf(&years, "%s%d", years.len ? "; " : "", t->year);
      }
      row[2] = cell_text(e, b.data ? b.data : "");
      row[3] = cell_text(e, years.data ? years.data : "");
      buf_free(&b);
      buf_free(&years);
      vec_push(rows, row);
    }
  }
}

static void set_columns(Expander *e, Appendix *ap, const char *const *titles,
                        const Pos *title_pos, const double *widths, int n) {
  ap->ncols = n;
  ap->header = arena_alloc(e->a, sizeof(char *) * (size_t)(n ? n : 1));
  ap->header_from = arena_alloc(e->a, sizeof(Origin) * (size_t)(n ? n : 1));
  for (int i = 0; i < n && title_pos; i++)
    ap->header_from[i] = (Origin){title_pos[i], titles[i]};
  ap->widths = arena_alloc(e->a, sizeof(double) * (size_t)(n ? n : 1));
  double sum = 0;
  for (int i = 0; i < n; i++)
    sum += widths ? widths[i] : 1;
  for (int i = 0; i < n; i++) {
    ap->header[i] = text_nfc(e->a, titles[i]);
    ap->widths[i] = (widths ? widths[i] : 1) / sum;
  }
}

static void fill_table(Expander *e, const AppendixSpec *spec, Appendix *ap) {
  Vec rows = {0};
  if (spec->source == TABLE_TASKS) {
    const char *cols[] = {label_text(e, "table.number"), label_text(e, "table.content"),
                          label_text(e, "table.lead"), label_text(e, "table.with"),
                          label_text(e, "table.timing")};
    static const double widths[] = {0.6, 5, 2, 2.4, 2};
    set_columns(e, ap, cols, NULL, widths, 5);
    task_rows(e, e->p->tasks, e->p->ntasks, &rows);
  } else if (spec->source == TABLE_INDICATORS) {
    const char *cols[] = {label_text(e, "table.number"), label_text(e, "table.indicator"),
                          label_text(e, "table.target"), label_text(e, "table.year")};
    static const double widths[] = {0.7, 7, 2, 1};
    set_columns(e, ap, cols, NULL, widths, 4);
    indicator_rows(e, &rows);
  } else {
    set_columns(e, ap, spec->columns, spec->column_pos, spec->widths, spec->ncols);
    for (int r = 0; r < spec->nrows; r++) {
      Run **row = arena_alloc(e->a, sizeof(Run *) * (size_t)spec->ncols);
      for (int c = 0; c < spec->ncols; c++)
        row[c] = cell_runs(e, &spec->cells[r * spec->ncols + c], NULL);
      vec_push(&rows, row);
    }
  }
  ap->nrows = rows.len;
  ap->cells = arena_alloc(e->a, sizeof(Run *) * (size_t)(rows.len * ap->ncols + 1));
  for (int r = 0; r < rows.len; r++)
    memcpy(ap->cells + r * ap->ncols, rows.items[r], sizeof(Run *) * (size_t)ap->ncols);
  vec_free(&rows);
}

static void build_appendices(Expander *e, Doc *doc) {
  Appendix **tail = &doc->appendices;
  for (int i = 0; i < e->p->nappendices; i++) {
    const AppendixSpec *spec = e->p->appendices[i];
    Appendix *ap = arena_alloc(e->a, sizeof(Appendix));
    ap->label = e->b->appendix_label[i];
    ap->title = text_nfc(e->a, text_upper(e->a, spec->title ? spec->title : ""));
    ap->title_from = (Origin){spec->title_pos, spec->title};
    ap->attached = attached_line(e, doc);
    ap->landscape = spec->landscape;
    ap->pos = spec->pos;
    fill_table(e, spec, ap);
    *tail = ap;
    tail = &ap->next;
  }
}

Doc *expand_plan(Arena *a, const Plan *p, const Template *t, const Binding *b) {
  Doc *doc = arena_alloc(a, sizeof(Doc));
  Expander e = {.a = a, .p = p, .t = t, .b = b, .doc = doc, .tail = &doc->body,
                .note_number = arena_alloc(a, sizeof(int) * (size_t)(p->nnotes + 1))};
  build_header(&e, doc);
  run_template(&e); // pass 2: the document
  build_end(&e, doc);
  build_appendices(&e, doc); // may reference footnotes too
  build_notes(&e, doc);
  vec_free(&e.note_order);
  vec_free(&e.origins);
  return doc;
}
