// model.c — Node tree -> Plan.
//
// Consumes the loader's tree of the plan file (and of the catalogues it
// includes); produces a Plan in which every reference is a pointer: lead
// agencies, cited documents, footnotes, served indicators, and the
// references written inside Markdown text ({cite:ID}, {agency:ID}, ...).
//
// The one idea: read first, resolve second. Reading walks the tree once,
// checks each mapping against the keys it allows (unknown keys get a
// did-you-mean), records every definition and every reference with its
// position, and never stops at the first problem. Resolving then looks every
// recorded reference up, so definitions may come after their use, or from
// an included catalogue.
#include "kehoach.h"

#include <math.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

// A reference waiting to be resolved: *slot receives the target.
typedef struct PendingRef {
  RefKind kind;
  const char *id;
  Pos pos;    // what a diagnostic points at: the scalar, or the {...}
  Pos id_pos; // the id itself
  void **slot;
} PendingRef;

typedef struct Model {
  Arena *a;
  Diags *d;
  Plan *p;
  const ModelOptions *opt;
  Vec agencies, docs, notes, items, refs, sources;
  IdMap agency_ids, doc_ids, note_ids, item_ids; // id -> the definition
  Vec words; // const char *: the `words` lists of the plan and its catalogues
  Vec ref_segs; // Seg *: every {ref:ID}
  bool in_indicator; // reading an indicator's own text: {target}, {year} allowed
  Vec trees;         // LoadedTree*: the references taken, for the plan
  Vec include_stack; // real paths of the files being read
  Vec source_reals;  // char *: the real path of each of sources, or NULL
  char *plan_dir_real; // the plan's directory resolved (include_is_inside)
  bool plan_dir_real_known;
  bool io_error;
} Model;

static const char *const PLAN_KEYS[] = {
    "kehoach", "template", "include", "document", "agencies", "documents", "words",
    "footnotes", "preamble", "intro", "objectives", "purpose", "requirements",
    "tasks", "funding", "organization", "reporting", "closing", "recipients",
    "archive", "signature", "headings", "numbering", "labels", "appendices", NULL};
static const char *const CATALOG_KEYS[] = {"include", "agencies", "documents",
                                           "footnotes", "words", NULL};

//
// Schema helpers
//

static bool key_allowed(const char *key, const char *const *allowed) {
  for (int i = 0; allowed[i]; i++)
    if (strcmp(key, allowed[i]) == 0)
      return true;
  return false;
}

// Vietnamese name of a context ("the plan") for messages; key names stay.
static const char *vietnamese_what(const char *what) {
  if (strcmp(what, "the plan") == 0)
    return "kế hoạch";
  if (strcmp(what, "an included catalogue") == 0)
    return "danh mục được include";
  return what;
}

static const char *closest_key(const char *key, const char *const *allowed) {
  Closest c = closest_init(key);
  for (int i = 0; allowed[i]; i++)
    closest_offer(&c, allowed[i]);
  return closest_result(&c);
}

// Reports keys of map that are not in allowed (with a did-you-mean).
static void check_keys(Model *m, const Node *map, const char *const *allowed,
                       const char *what) {
  for (int i = 0; i < map->n; i++) {
    const Node *k = map->items[i]->key;
    if (key_allowed(k->str, allowed))
      continue;
    diag(m->d, SEV_ERROR, k->pos, "unknown-key",
         "khóa lạ '%s' trong %s / unknown key '%s' in %s", k->str, vietnamese_what(what),
         k->str, what);
    const char *near = closest_key(k->str, allowed);
    if (near) {
      diag_note(m->d, k->pos, "có phải là '%s'? / did you mean '%s'?", near, near);
      diag_fixit(m->d, near);
    }
  }
}

static void report_missing(Model *m, const Node *map, const char *key,
                           const char *what) {
  Pos p = map->pos;
  p.len = 1;
  diag(m->d, SEV_ERROR, p, "missing-key",
       "thiếu khóa bắt buộc '%s' trong %s / missing required key '%s' in %s",
       key, vietnamese_what(what), key, what);
}

static bool expect_kind(Model *m, const Node *n, NodeKind kind,
                        const char *what) {
  if (n->kind == kind)
    return true;
  static const char *const vi_names[] = {"một chuỗi", "một danh sách", "một bảng"};
  static const char *const en_names[] = {"a scalar", "a list", "a mapping"};
  diag(m->d, SEV_ERROR, n->pos, "wrong-type",
       "'%s' phải là %s, không phải %s / '%s' must be %s, not %s", what,
       vi_names[kind], vi_names[n->kind], what, en_names[kind], en_names[n->kind]);
  return false;
}

// YAML's null (the core schema): an empty plain scalar, ~, null, Null, NULL.
static bool is_null(const Node *n) {
  return n->kind == NODE_SCALAR && n->plain &&
         (n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0 ||
          strcmp(n->str, "Null") == 0 || strcmp(n->str, "NULL") == 0);
}

// A scalar child's string (NULL when absent or not a scalar); *pos (may be
// NULL) is set to its scalar's position, to pos_none() when absent.
static const char *get_str_at(Model *m, const Node *map, const char *key,
                              bool required, const char *what, Pos *pos) {
  Node *n = map_get(map, key);
  if (pos)
    *pos = n ? n->pos : pos_none();
  if (!n) {
    if (required)
      report_missing(m, map, key, what);
    return NULL;
  }
  if (!expect_kind(m, n, NODE_SCALAR, key))
    return NULL;
  if (is_null(n)) {
    if (required)
      report_missing(m, map, key, what);
    return NULL;
  }
  return n->str;
}

static const char *get_str(Model *m, const Node *map, const char *key,
                           bool required, const char *what) {
  return get_str_at(m, map, key, required, what, NULL);
}

// Reads an id-valued key; reports an invalid id.
static const char *get_id(Model *m, const Node *map, const char *key,
                          bool required, const char *what, Pos *pos) {
  const char *id = get_str(m, map, key, required, what);
  Node *n = map_get(map, key);
  if (pos)
    *pos = n ? n->pos : map->pos;
  if (id && !text_is_name(id, true)) {
    diag(m->d, SEV_ERROR, n->pos, "invalid-id",
         "mã '%s' không hợp lệ: chỉ dùng chữ thường không dấu, số, '-', '_', '.' / "
         "invalid id '%s': use lower-case ASCII letters, digits, '-', '_', '.'",
         id, id);
    return NULL;
  }
  return id;
}

static void add_ref(Model *m, RefKind kind, const char *id, Pos pos,
                    void **slot) {
  PendingRef *r = arena_alloc(m->a, sizeof(PendingRef));
  r->kind = kind;
  r->id = id;
  r->pos = pos;
  r->slot = slot;
  r->id_pos = pos;
  if (pos.style != SCALAR_UNKNOWN) { // the id's scalar
    r->id_pos = pos_of_value(pos, id);
  } else if (pos.file) { // "{agency:ID flags}": the id after the colon
    const char *from = pos.file->text + pos.off;
    const char *colon = memchr(from, ':', pos.len);
    size_t at = colon ? (size_t)(colon - pos.file->text) + 1 : 0;
    if (colon && !memchr(from, '\n', (size_t)(colon - from))) // counted from the '{'
      r->id_pos = (Pos){.file = pos.file, .line = pos.line, .off = at, .len = strlen(id),
                        .col = pos.col + (int)utf8_count(from, at - pos.off)};
    else if (colon)
      r->id_pos = srcfile_pos(pos.file, at, strlen(id));
  }
  vec_push(&m->refs, r);
}

//
// Text with references
//

Pos field_pos(const Text *t, size_t off, size_t len, bool *verbatim) {
  return pos_in_scalar(t->pos, t->src, off, len, verbatim);
}

static const struct {
  const char *name;
  SegKind kind;
} REF_KINDS[] = {{"cite:", SEG_CITE}, {"agency:", SEG_AGENCY},
                 {"ref:", SEG_REF},   {"note:", SEG_NOTE},
                 {"date:", SEG_DATE}};

// Applies the flag words after a reference's id ("short words").
static void parse_ref_flags(Model *m, Seg *s, const char *flags, Pos pos) {
  char *copy = arena_strdup(m->a, flags);
  char *save = NULL; // strtok_r: -j threads read plans at once
  for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
    if (strcmp(w, "short") == 0)
      s->flags |= REF_SHORT;
    else if (strcmp(w, "words") == 0)
      s->flags |= REF_WORDS;
    else if (strcmp(w, "nosubject") == 0)
      s->flags |= REF_NO_SUBJECT;
    else if (strcmp(w, "noissuer") == 0)
      s->flags |= REF_NO_ISSUER;
    else if (strcmp(w, "nokind") == 0)
      s->flags |= REF_NO_KIND;
    else
      diag(m->d, SEV_ERROR, pos, "bad-ref",
           "cờ lạ '%s' trong tham chiếu / unknown reference flag '%s' (short, "
           "words, nosubject, noissuer, nokind)",
           w, w);
  }
}

// Turns "{kind:id flags}" (body is the text between the braces) into a
// segment; returns NULL when body is not a reference.
static Seg *parse_ref(Model *m, const char *body, size_t len, Pos pos) {
  Seg *s = arena_alloc(m->a, sizeof(Seg));
  s->pos = pos;
  char *b = arena_strndup(m->a, body, len);
  if (strcmp(b, "deadline") == 0)
    return s->kind = SEG_DEADLINE, s;
  // {target}, {year}: the first target; {target:2}, {year:2}: the second
  for (int k = 0; k < 2; k++) {
    const char *word = k ? "year" : "target";
    size_t n = strlen(word);
    if (strncmp(b, word, n) == 0 && (b[n] == '\0' || b[n] == ':')) {
      s->kind = k ? SEG_YEAR : SEG_TARGET;
      s->target_id = b[n] ? b + n + 1 : "1";
      return s;
    }
  }
  for (size_t i = 0; i < sizeof REF_KINDS / sizeof REF_KINDS[0]; i++) {
    size_t n = strlen(REF_KINDS[i].name);
    if (strncmp(b, REF_KINDS[i].name, n) != 0)
      continue;
    s->kind = REF_KINDS[i].kind;
    char *id = b + n;
    char *space = strchr(id, ' ');
    if (space) {
      *space = '\0';
      parse_ref_flags(m, s, space + 1, pos);
    }
    s->target_id = id;
    return s;
  }
  return NULL;
}

static void resolve_seg_later(Model *m, Seg *s) {
  switch (s->kind) {
  case SEG_CITE:
    add_ref(m, REF_DOC, s->target_id, s->pos, &s->target);
    break;
  case SEG_AGENCY:
    add_ref(m, REF_AGENCY, s->target_id, s->pos, &s->target);
    break;
  case SEG_NOTE:
    add_ref(m, REF_NOTE, s->target_id, s->pos, &s->target);
    break;
  case SEG_REF:
    add_ref(m, REF_ITEM, s->target_id, s->pos, &s->target);
    vec_push(&m->ref_segs, s);
    break;
  case SEG_DATE: {
    static const DateError not_a_day = {"cần ngày đầy đủ YYYY-MM-DD",
                                        "expected a full date YYYY-MM-DD"};
    const DateError *why = &not_a_day;
    if (!date_parse(s->target_id, &s->date, &why) || s->date.prec != DATE_DAY)
      diag(m->d, SEV_ERROR, s->pos, "invalid-date",
           "ngày không hợp lệ '%s': %s / invalid date '%s': %s", s->target_id, why->vi,
           s->target_id, why->en);
    break;
  }
  case SEG_TARGET:
  case SEG_YEAR:
    if (!m->in_indicator)
      diag(m->d, SEV_ERROR, s->pos, "bad-ref",
           "{%s} chỉ dùng trong chỉ tiêu có target / {%s} is only valid in an "
           "indicator with a target",
           s->kind == SEG_TARGET ? "target" : "year",
           s->kind == SEG_TARGET ? "target" : "year");
    break;
  default:
    break;
  }
}

static void push_literal(Model *m, Seg ***tail, const char *from, size_t n) {
  if (!n)
    return;
  Seg *s = arena_alloc(m->a, sizeof(Seg));
  s->kind = SEG_TEXT;
  s->text = arena_strndup(m->a, from, n);
  **tail = s;
  *tail = &s->next;
}

// "{word}" or "{word:...}" with a lower-case ASCII word: meant as a
// reference (literal braces in Vietnamese text hold other things).
static bool looks_like_ref(const char *body, size_t len) {
  size_t i = 0;
  while (i < len && body[i] >= 'a' && body[i] <= 'z')
    i++;
  return i > 0 && (i == len || body[i] == ':');
}

// Splits a Markdown scalar into literal text and references.
static Text parse_text(Model *m, const Node *n) {
  Text t = {.src = n->str, .pos = n->pos};
  Seg **tail = &t.segs;
  const char *s = n->str, *lit = s;
  ScalarCursor at; // the references come in order: one walk for all
  scalar_cursor_init(&at, n->pos, n->str);
  while ((s = strchr(s, '{'))) {
    const char *close = strchr(s + 1, '}');
    // another '{' before the '}' (looked for up to it, not to the end)
    const char *nested = close ? memchr(s + 1, '{', (size_t)(close - s - 1)) : NULL;
    if (!close || nested) {
      s++;
      continue;
    }
    size_t len = (size_t)(close - s + 1);
    Pos pos = scalar_cursor_pos(&at, (size_t)(s - n->str), len, NULL);
    Seg *ref = parse_ref(m, s + 1, len - 2, pos);
    if (!ref) {
      if (looks_like_ref(s + 1, len - 2))
        diag(m->d, SEV_ERROR, pos, "bad-ref",
             "tham chiếu lạ '%.*s' (cite, agency, ref, note, date, deadline, "
             "target, year) / unknown reference '%.*s'",
             (int)len, s, (int)len, s);
      s++;
      continue;
    }
    push_literal(m, &tail, lit, (size_t)(s - lit));
    *tail = ref;
    tail = &ref->next;
    resolve_seg_later(m, ref);
    s = lit = close + 1;
  }
  push_literal(m, &tail, lit, strlen(lit));
  return t;
}

// A Markdown text field of map (empty Text when absent).
static Text get_text(Model *m, const Node *map, const char *key, bool required,
                     const char *what) {
  Text t = {0};
  Node *n = map_get(map, key);
  if (!n) {
    if (required)
      report_missing(m, map, key, what);
    return t;
  }
  if (!expect_kind(m, n, NODE_SCALAR, key))
    return t;
  return parse_text(m, n);
}

// A list of Markdown paragraphs (a scalar counts as a list of one).
static Text *get_text_list(Model *m, const Node *map, const char *key, int *count) {
  Node *n = map_get(map, key);
  *count = 0;
  if (!n)
    return NULL;
  if (n->kind == NODE_SCALAR) {
    Text *t = arena_alloc(m->a, sizeof(Text));
    *t = parse_text(m, n);
    *count = 1;
    return t;
  }
  if (!expect_kind(m, n, NODE_SEQ, key))
    return NULL;
  Text *list = arena_alloc(m->a, sizeof(Text) * (size_t)(n->n ? n->n : 1));
  for (int i = 0; i < n->n; i++)
    if (expect_kind(m, n->items[i], NODE_SCALAR, key))
      list[(*count)++] = parse_text(m, n->items[i]);
  return list;
}

//
// Dates and timing
//

static Date get_date(Model *m, const Node *n, bool allow_annual, bool allow_draft) {
  Date d = {0};
  if (!expect_kind(m, n, NODE_SCALAR, "ngày / date"))
    return d;
  const DateError *why = NULL;
  if (!date_parse(n->str, &d, &why)) {
    diag(m->d, SEV_ERROR, n->pos, "invalid-date",
         "ngày không hợp lệ '%s': %s / invalid date '%s': %s", n->str, why->vi, n->str,
         why->en);
    d.prec = DATE_NONE;
    return d;
  }
  if (d.year == 0 && !allow_annual) {
    diag(m->d, SEV_ERROR, n->pos, "invalid-date",
         "cần ngày có năm (YYYY-MM-DD): '%s' / expected a date with a year: '%s'", n->str,
         n->str);
    d.prec = DATE_NONE;
  } else if (d.prec != DATE_DAY && !allow_draft) {
    diag(m->d, SEV_ERROR, n->pos, "invalid-date",
         "cần ngày đầy đủ (YYYY-MM-DD): '%s' / expected a full date (YYYY-MM-DD): '%s'",
         n->str, n->str);
    d.prec = DATE_NONE;
  }
  return d;
}

// A year as a plan writes it: digits only, 1900-2200; 0 otherwise.
static int parse_year(const char *s) {
  int year = 0, digits = 0;
  for (; *s >= '0' && *s <= '9' && digits < 5; s++, digits++)
    year = year * 10 + (*s - '0');
  return *s == '\0' && digits == 4 && year >= 1900 && year <= 2200 ? year : 0;
}

static int parse_quarter(const char *s, const char **end) {
  static const char *const romans[] = {"IV", "III", "II", "I"};
  static const int values[] = {4, 3, 2, 1};
  for (int i = 0; i < 4; i++)
    if (strncmp(s, romans[i], strlen(romans[i])) == 0) {
      *end = s + strlen(romans[i]);
      return values[i];
    }
  if (*s >= '1' && *s <= '4') {
    *end = s + 1;
    return *s - '0';
  }
  *end = s;
  return 0;
}

// "I-IV", "II", "1-4", "II – IV" -> q_from, q_to and the dash as written
// (in a).
static bool parse_quarters(Arena *a, const char *s, Timing *t) {
  const char *end;
  t->q_from = parse_quarter(s, &end);
  if (!t->q_from)
    return false;
  t->q_to = t->q_from;
  const char *dash = end;
  while (*end == ' ')
    end++;
  static const char EN_DASH[] = "\xE2\x80\x93";
  size_t dash_len = *end == '-' ? 1 : strncmp(end, EN_DASH, 3) == 0 ? 3 : 0;
  if (dash_len) {
    end += dash_len;
    while (*end == ' ')
      end++;
    t->q_dash = arena_strndup(a, dash, (size_t)(end - dash));
    t->q_to = parse_quarter(end, &end);
  }
  return t->q_to >= t->q_from && *end == '\0';
}

static const char *const TIMING_KEYS[] = {"on", "by", "from", "to", "quarters",
                                          "year", "after", "text", NULL};

// Where a date scalar's value is written (a date's quotes are not the date).
static Pos date_value_pos(const Node *n) {
  return n->kind == NODE_SCALAR ? pos_of_value(n->pos, n->str) : n->pos;
}

static void parse_timing_map(Model *m, const Node *n, Timing *t) {
  check_keys(m, n, TIMING_KEYS, "timing");
  Node *v;
  if ((v = map_get(n, "after"))) {
    t->kind = TIME_AFTER;
    t->text = get_text(m, n, "after", false, "timing");
  } else if ((v = map_get(n, "text"))) {
    t->kind = TIME_TEXT;
    t->text = get_text(m, n, "text", false, "timing");
  } else if ((v = map_get(n, "quarters"))) {
    t->kind = TIME_QUARTERS;
    if (!expect_kind(m, v, NODE_SCALAR, "quarters") || !parse_quarters(m->a, v->str, t))
      diag(m->d, SEV_ERROR, v->pos, "invalid-timing",
           "quý không hợp lệ '%s' (ví dụ: I, II-IV) / invalid quarters '%s' "
           "(for example I, II-IV)",
           v->str ? v->str : "", v->str ? v->str : "");
    Node *y = map_get(n, "year");
    if (!y)
      report_missing(m, n, "year", "timing");
    else if (expect_kind(m, y, NODE_SCALAR, "year") && !(t->year = parse_year(y->str)))
      diag(m->d, SEV_ERROR, y->pos, "invalid-date",
           "năm không hợp lệ '%s' / invalid year '%s'", y->str, y->str);
  } else if ((v = map_get(n, "from"))) {
    t->kind = TIME_RANGE;
    t->from = get_date(m, v, true, false);
    t->from_pos = date_value_pos(v);
    Node *to = map_get(n, "to");
    if (!to)
      report_missing(m, n, "to", "timing");
    else
      t->to = get_date(m, to, true, false), t->to_pos = date_value_pos(to);
  } else if ((v = map_get(n, "by"))) {
    t->kind = TIME_BY;
    t->to = get_date(m, v, true, false);
    t->to_pos = date_value_pos(v);
  } else if ((v = map_get(n, "on"))) {
    t->kind = TIME_ON;
    t->to = get_date(m, v, true, false);
    t->to_pos = date_value_pos(v);
  } else {
    diag(m->d, SEV_ERROR, n->pos, "invalid-timing",
         "thời gian cần một trong: on, by, from/to, quarters, after, text / "
         "timing needs one of: on, by, from/to, quarters, after, text");
  }
}

static Timing parse_timing(Model *m, const Node *n) {
  Timing t = {.pos = n->pos};
  if (n->kind == NODE_MAP) {
    parse_timing_map(m, n, &t);
    return t;
  }
  if (!expect_kind(m, n, NODE_SCALAR, "timing"))
    return t;
  if (strcmp(n->str, "thường xuyên") == 0 || strcmp(n->str, "ongoing") == 0) {
    t.kind = TIME_ONGOING;
    return t;
  }
  t.kind = TIME_ON;
  t.to = get_date(m, n, true, false);
  t.to_pos = date_value_pos(n);
  return t;
}

//
// Definitions
//

// Adds obj to defs under id, unless id is taken (an error, noting the first
// definition); ids finds each in constant time.
static void define(Model *m, Vec *defs, IdMap *ids, const char *id, Pos pos, void *obj,
                   size_t pos_offset) {
  void *first = idmap_put(ids, id, obj);
  if (first) {
    diag(m->d, SEV_ERROR, pos, "duplicate-id",
         "mã '%s' đã được định nghĩa / '%s' is already defined", id, id);
    diag_note(m->d, *(Pos *)((char *)first + pos_offset),
              "định nghĩa lần đầu ở đây / first defined here");
    return;
  }
  vec_push(defs, obj);
}

// A yes/no value: true, yes, false, no (absent: false).
static bool get_bool(Model *m, const Node *map, const char *key) {
  const char *v = get_str(m, map, key, false, key);
  if (!v)
    return false;
  if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0)
    return true;
  if (strcmp(v, "false") != 0 && strcmp(v, "no") != 0)
    diag(m->d, SEV_ERROR, map_get(map, key)->pos, "wrong-type",
         "'%s' phải là true hoặc false / '%s' must be true or false", key, key);
  return false;
}

// A label's value: its words, or false (plain) / "" to print none; a
// required label cannot be turned off. Returns whether it is a value.
static bool parse_label_value(Model *m, const Node *v, const char *name,
                              bool required, const char **text, Pos *pos) {
  *pos = v->pos;
  if (!expect_kind(m, v, NODE_SCALAR, name))
    return false;
  bool off = (v->plain && (strcmp(v->str, "false") == 0 || strcmp(v->str, "no") == 0)) ||
             is_null(v) || !*v->str;
  if (v->plain && (strcmp(v->str, "true") == 0 || strcmp(v->str, "yes") == 0)) {
    diag(m->d, SEV_ERROR, v->pos, "bad-value",
         "nhãn '%s' cần chữ của nhãn hoặc false / the '%s' label needs its words or false",
         name, name);
    return false;
  }
  if (off && required) {
    diag(m->d, SEV_ERROR, v->pos, "bad-value",
         "nhãn '%s' là bắt buộc, không tắt được / the '%s' label cannot be turned off",
         name, name);
    return false;
  }
  *text = off ? NULL : v->str;
  return true;
}

// labels: {NAME: TEXT or false}: the fixed words the template prints.
static void parse_labels(Model *m, const Node *root, Plan *p) {
  Node *n = map_get(root, "labels");
  if (!n || !expect_kind(m, n, NODE_MAP, "labels"))
    return;
  p->labels = arena_alloc(m->a, sizeof(LabelOverride) * (size_t)(n->n ? n->n : 1));
  for (int i = 0; i < n->n; i++) {
    const Node *v = n->items[i];
    const char *name = v->key->str;
    const PlanLabel *pl = plan_label(name);
    if (!pl) {
      diag(m->d, SEV_ERROR, v->key->pos, "unknown-key",
           "nhãn lạ '%s' / unknown label '%s'", name, name);
      const char *near = plan_label_closest(name);
      if (near)
        diag_note(m->d, v->key->pos, "có phải là '%s'? / did you mean '%s'?", near, near);
      continue;
    }
    LabelOverride *o = &p->labels[p->nlabels];
    o->name = pl->name;
    o->pos = v->key->pos;
    if (parse_label_value(m, v, name, pl->required, &o->text, &o->value_pos))
      p->nlabels++;
  }
}

static const char *const AGENCY_KEYS[] = {"id", "name", "short", "request", NULL};

static void parse_agency(Model *m, const Node *n) {
  if (!expect_kind(m, n, NODE_MAP, "agency"))
    return;
  check_keys(m, n, AGENCY_KEYS, "agency");
  Agency *ag = arena_alloc(m->a, sizeof(Agency));
  ag->index = -1;
  ag->id = get_id(m, n, "id", true, "agency", &ag->pos);
  ag->name = get_str_at(m, n, "name", true, "agency", &ag->name_pos);
  ag->short_name = get_str_at(m, n, "short", false, "agency", &ag->short_pos);
  if (!ag->short_name)
    ag->short_name = ag->name, ag->short_pos = ag->name_pos;
  ag->request = get_bool(m, n, "request");
  if (ag->id && ag->name)
    define(m, &m->agencies, &m->agency_ids, ag->id, ag->pos, ag, offsetof(Agency, pos));
}

static const char *const DOC_KEYS[] = {"id",   "kind",   "number", "name",
                                       "date", "issuer", "subject", NULL};

static void parse_legal_doc(Model *m, const Node *n) {
  if (!expect_kind(m, n, NODE_MAP, "document"))
    return;
  check_keys(m, n, DOC_KEYS, "documents");
  LegalDoc *doc = arena_alloc(m->a, sizeof(LegalDoc));
  doc->index = -1;
  doc->id = get_id(m, n, "id", true, "documents", &doc->pos);
  doc->kind = get_str_at(m, n, "kind", true, "documents", &doc->kind_pos);
  doc->number = get_str(m, n, "number", false, "documents");
  Node *num = map_get(n, "number");
  doc->number_pos = num ? num->pos : n->pos;
  doc->name = get_str_at(m, n, "name", false, "documents", &doc->name_pos);
  if (!doc->number && !doc->name)
    report_missing(m, n, "number", "documents");
  doc->issuer = get_str_at(m, n, "issuer", false, "documents", &doc->issuer_pos);
  doc->subject = get_text(m, n, "subject", false, "documents");
  Node *date = map_get(n, "date");
  if (date) {
    doc->date = get_date(m, date, false, false);
    doc->date_pos = date->pos;
  }
  if (doc->id && doc->kind)
    define(m, &m->docs, &m->doc_ids, doc->id, doc->pos, doc, offsetof(LegalDoc, pos));
}

static const char *const NOTE_KEYS[] = {"id", "text", NULL};

static void parse_footnote(Model *m, const Node *n) {
  if (!expect_kind(m, n, NODE_MAP, "footnote"))
    return;
  check_keys(m, n, NOTE_KEYS, "footnotes");
  Footnote *f = arena_alloc(m->a, sizeof(Footnote));
  f->id = get_id(m, n, "id", true, "footnotes", &f->pos);
  f->text = get_text(m, n, "text", true, "footnotes");
  if (f->id)
    define(m, &m->notes, &m->note_ids, f->id, f->pos, f, offsetof(Footnote, pos));
}

// `words`: words the spelling rule accepts in this plan (local names).
static void parse_words(Model *m, const Node *root) {
  Node *n = map_get(root, "words");
  if (!n || !expect_kind(m, n, NODE_SEQ, "words"))
    return;
  for (int i = 0; i < n->n; i++)
    if (expect_kind(m, n->items[i], NODE_SCALAR, "words") && !is_null(n->items[i]))
      vec_push(&m->words, (void *)n->items[i]->str);
}

static void parse_list(Model *m, const Node *root, const char *key,
                       void (*parse_one)(Model *, const Node *)) {
  Node *n = map_get(root, key);
  if (!n || !expect_kind(m, n, NODE_SEQ, key))
    return;
  for (int i = 0; i < n->n; i++)
    parse_one(m, n->items[i]);
}

//
// Items
//

static const char *const PLAIN_KEYS[] = {"id", "title", "text", "items",
                                         "numbering", NULL};
static const char *const TASK_KEYS[] = {
    "id",       "title",  "text",   "items",        "numbering", "lead",
    "with",     "executor", "timing", "serves",     "participants", "form",
    "content",  NULL};
static const char *const DUTY_KEYS[] = {"id",     "title",    "text",
                                        "items",  "numbering", "agency",
                                        "agencies", "inline", "short", NULL};
static const char *const GROUP_KEYS[] = {"id", "title", "text", "indicators",
                                         "numbering", "label", NULL};

const char *const TASK_FIELD_NAMES[NFIELDS] = {"content", "executor", "timing",
                                               "participants", "form"};
static const char *const INDICATOR_KEYS[] = {"id", "text", "target", NULL};
static const char *const TARGET_KEYS[] = {"cmp", "value", "unit", "year", NULL};

const char *const NUMBERING_NAMES[] = {"auto", "number", "letter", "dash",
                                        "plus", "none", NULL};

static bool parse_numbering(Model *m, const Node *n, Numbering *out) {
  if (!expect_kind(m, n, NODE_SCALAR, "numbering"))
    return false;
  for (int i = 0; NUMBERING_NAMES[i]; i++)
    if (strcmp(n->str, NUMBERING_NAMES[i]) == 0) {
      *out = (Numbering)i;
      return true;
    }
  diag(m->d, SEV_ERROR, n->pos, "bad-value",
       "cách đánh số lạ '%s' (number, letter, dash, plus, none, auto) / unknown "
       "numbering '%s'",
       n->str, n->str);
  const char *near = closest_key(n->str, NUMBERING_NAMES);
  if (near)
    diag_note(m->d, n->pos, "có phải là '%s'? / did you mean '%s'?", near, near);
  return false;
}

static const char *const CMP_WORDS[] = {"đạt", "trên", "dưới", "ít nhất",
                                        "tối thiểu", "tối đa", "khoảng", "từ",
                                        "còn", "giảm", "tăng", "bằng", NULL};

// A number as written ("75", "1,4", "1.000"), or a rate of two
// ("42/100.000": per 100,000).
static bool is_number_text(const char *s) {
  bool digit = false;
  for (; *s; s++) {
    if (*s >= '0' && *s <= '9')
      digit = true;
    else if (*s == '/' && digit && s[1])
      return is_number_text(s + 1) && !strchr(s + 1, '/');
    else if (*s != ',' && *s != '.')
      return false;
  }
  return digit;
}

static void parse_target(Model *m, const Node *n, Target *t) {
  t->pos = n->pos;
  if (!expect_kind(m, n, NODE_MAP, "target"))
    return;
  check_keys(m, n, TARGET_KEYS, "target");
  t->cmp = get_str(m, n, "cmp", false, "target");
  if (t->cmp && !key_allowed(t->cmp, CMP_WORDS)) {
    diag(m->d, SEV_ERROR, map_get(n, "cmp")->pos, "bad-value",
         "so sánh lạ '%s' / unknown comparison '%s'", t->cmp, t->cmp);
    diag_note(m->d, map_get(n, "cmp")->pos,
              "dùng: đạt, trên, dưới, ít nhất, tối thiểu, tối đa, khoảng, từ, "
              "còn, giảm, tăng, bằng / use one of: đạt, trên, dưới, ít nhất, tối "
              "thiểu, tối đa, khoảng, từ, còn, giảm, tăng, bằng");
  }
  t->value = get_str_at(m, n, "value", true, "target", &t->value_pos);
  if (t->value && !is_number_text(t->value))
    diag(m->d, SEV_ERROR, map_get(n, "value")->pos, "wrong-type",
         "giá trị chỉ tiêu phải là số: '%s' / target value must be a number: '%s'",
         t->value, t->value);
  t->unit = get_str(m, n, "unit", false, "target");
  const char *year = get_str_at(m, n, "year", false, "target", &t->year_pos);
  if (year) {
    t->year = atoi(year);
    if (t->year < 1900 || t->year > 2200 || !is_number_text(year))
      diag(m->d, SEV_ERROR, map_get(n, "year")->pos, "invalid-date",
           "năm không hợp lệ '%s' / invalid year '%s'", year, year);
  }
}

// target: one mapping, or a list of them (an indicator with several
// figures: "trên 90% ...; trên 80% ..."); then every {target:N}/{year:N}
// of the text must name one.
static void parse_targets(Model *m, const Node *v, Item *it) {
  int len = v->kind == NODE_SEQ ? v->n : 1;
  it->targets = arena_alloc(m->a, sizeof(Target) * (size_t)(len ? len : 1));
  for (int i = 0; i < len; i++)
    parse_target(m, v->kind == NODE_SEQ ? v->items[i] : v, &it->targets[it->ntargets++]);
  if (it->ntargets)
    it->target = it->targets[0];
  for (const Seg *s = it->text.segs; s; s = s->next) {
    if (s->kind != SEG_TARGET && s->kind != SEG_YEAR)
      continue;
    char *end;
    long k = strtol(s->target_id, &end, 10);
    if (*end || k < 1 || k > it->ntargets)
      diag(m->d, SEV_ERROR, s->pos, "bad-ref",
           "chỉ tiêu không có mục tiêu thứ '%s' (có %d) / the indicator has no target "
           "number '%s' (it has %d)",
           s->target_id, it->ntargets, s->target_id, it->ntargets);
  }
}

static Item *parse_item(Model *m, const Node *n, ItemKind kind, int depth);

static void parse_children(Model *m, Item *it, const Node *list, ItemKind kind,
                           int depth) {
  if (!expect_kind(m, list, NODE_SEQ, list->key ? list->key->str : "items"))
    return;
  it->items = arena_alloc(m->a, sizeof(Item *) * (size_t)(list->n ? list->n : 1));
  for (int i = 0; i < list->n; i++) {
    Item *child = parse_item(m, list->items[i], kind, depth + 1);
    if (child)
      it->items[it->nitems++] = child;
  }
}

// Reads an agency id list (a scalar id counts as a list of one); *pos gets
// where each id is written.
static Agency **parse_agency_list(Model *m, const Node *n, int *count, Pos **pos) {
  *count = 0;
  int len = n->kind == NODE_SEQ ? n->n : 1;
  Agency **list = arena_alloc(m->a, sizeof(Agency *) * (size_t)(len ? len : 1));
  *pos = arena_alloc(m->a, sizeof(Pos) * (size_t)(len ? len : 1));
  for (int i = 0; i < len; i++) {
    const Node *e = n->kind == NODE_SEQ ? n->items[i] : n;
    if (!expect_kind(m, e, NODE_SCALAR, "agency"))
      continue;
    (*pos)[*count] = e->pos;
    add_ref(m, REF_AGENCY, e->str, e->pos, (void **)&list[*count]);
    (*count)++;
  }
  return list;
}

// The task's field lines in the order its keys are written (lead, with and
// executor make one line, where the first of them stands).
static void task_field_order(const Node *n, Item *it) {
  static const struct {
    const char *key;
    TaskField field;
  } keys[] = {{"content", FIELD_CONTENT},   {"lead", FIELD_EXECUTOR},
              {"with", FIELD_EXECUTOR},     {"executor", FIELD_EXECUTOR},
              {"timing", FIELD_TIMING},     {"participants", FIELD_PARTICIPANTS},
              {"form", FIELD_FORM}};
  bool seen[NFIELDS] = {false};
  for (int i = 0; i < n->n; i++)
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
      if (strcmp(n->items[i]->key->str, keys[k].key) == 0 && !seen[keys[k].field]) {
        seen[keys[k].field] = true;
        it->fields[it->nfields++] = keys[k].field;
      }
}

static void parse_task_fields(Model *m, const Node *n, Item *it) {
  Node *v;
  if ((v = map_get(n, "lead")) && expect_kind(m, v, NODE_SCALAR, "lead")) {
    it->lead_pos = v->pos;
    add_ref(m, REF_AGENCY, v->str, v->pos, (void **)&it->lead);
  }
  if ((v = map_get(n, "with")))
    it->with = parse_agency_list(m, v, &it->nwith, &it->with_pos);
  it->executor = get_text(m, n, "executor", false, "task");
  if ((v = map_get(n, "timing")))
    it->timing = parse_timing(m, v);
  if ((v = map_get(n, "serves"))) {
    int len = v->kind == NODE_SEQ ? v->n : 1;
    it->serves = arena_alloc(m->a, sizeof(Item *) * (size_t)(len ? len : 1));
    for (int i = 0; i < len; i++) {
      const Node *e = v->kind == NODE_SEQ ? v->items[i] : v;
      if (expect_kind(m, e, NODE_SCALAR, "serves"))
        add_ref(m, REF_INDICATOR, e->str, e->pos, (void **)&it->serves[it->nserves++]);
    }
  }
  it->participants = get_text(m, n, "participants", false, "task");
  it->form = get_text(m, n, "form", false, "task");
  it->content = get_text(m, n, "content", false, "task");
  task_field_order(n, it);
}

static const char *const *item_keys(ItemKind kind, int depth) {
  switch (kind) {
  case ITEM_TASK:
    return TASK_KEYS;
  case ITEM_DUTY:
    return DUTY_KEYS;
  case ITEM_INDICATOR:
    return INDICATOR_KEYS;
  default:
    return depth < 0 ? GROUP_KEYS : PLAIN_KEYS;
  }
}

static const char *item_what(ItemKind kind) {
  switch (kind) {
  case ITEM_TASK:
    return "task";
  case ITEM_DUTY:
    return "organization";
  case ITEM_INDICATOR:
    return "indicator";
  default:
    return "item";
  }
}

// Reads one item: a Markdown string, or a mapping. depth < 0 marks an
// objective group, whose children are indicators.
static Item *parse_item(Model *m, const Node *n, ItemKind kind, int depth) {
  Item *it = arena_alloc(m->a, sizeof(Item));
  it->kind = kind;
  it->pos = n->pos;
  if (n->kind == NODE_SCALAR) {
    m->in_indicator = kind == ITEM_INDICATOR;
    it->text = parse_text(m, n);
    m->in_indicator = false;
    vec_push(&m->items, it);
    return it;
  }
  if (!expect_kind(m, n, NODE_MAP, item_what(kind)))
    return NULL;
  check_keys(m, n, item_keys(kind, depth), item_what(kind));
  Pos id_pos;
  it->id = get_id(m, n, "id", false, item_what(kind), &id_pos);
  if (it->id)
    it->pos = id_pos;
  m->in_indicator = kind == ITEM_INDICATOR;
  it->title = get_text(m, n, "title", false, item_what(kind));
  it->text = get_text(m, n, "text", kind == ITEM_INDICATOR, item_what(kind));
  m->in_indicator = false;
  Node *v;
  if ((v = map_get(n, "numbering")))
    parse_numbering(m, v, &it->numbering);
  if (kind == ITEM_TASK)
    parse_task_fields(m, n, it);
  if (kind == ITEM_DUTY) {
    if ((v = map_get(n, "agencies")) || (v = map_get(n, "agency")))
      it->agencies = parse_agency_list(m, v, &it->nagencies, &it->agency_pos);
    it->inline_name = get_bool(m, n, "inline");
    it->short_name = get_bool(m, n, "short");
  }
  if (depth < 0 && (v = map_get(n, "label")))
    it->label_set = parse_label_value(m, v, "label", false, &it->label, &it->label_pos);
  if (kind == ITEM_INDICATOR && (v = map_get(n, "target")))
    parse_targets(m, v, it);
  if (depth < 0 && (v = map_get(n, "indicators")))
    parse_children(m, it, v, ITEM_INDICATOR, 0);
  else if ((v = map_get(n, "items")))
    parse_children(m, it, v, kind, depth);
  if (it->id)
    define(m, &m->items, &m->item_ids, it->id, it->pos, it, offsetof(Item, pos));
  else
    vec_push(&m->items, it);
  return it;
}

static Item **parse_item_list(Model *m, const Node *root, const char *key,
                              ItemKind kind, int depth, int *count) {
  *count = 0;
  Node *n = map_get(root, key);
  if (!n || !expect_kind(m, n, NODE_SEQ, key))
    return NULL;
  Item **list = arena_alloc(m->a, sizeof(Item *) * (size_t)(n->n ? n->n : 1));
  for (int i = 0; i < n->n; i++) {
    Item *it = parse_item(m, n->items[i], kind, depth);
    if (it)
      list[(*count)++] = it;
  }
  return list;
}

//
// Document, objectives, reporting, recipients, signature
//

static const char *const DOCUMENT_KEYS[] = {
    "parent", "authority", "authority_lines", "authority_short", "kind",
    "issuer_code", "number", "place", "date", "title", "period", NULL};

// A line or a list of lines; *pos gets each line's scalar.
static const char **string_lines(Model *m, const Node *n, int *count, Pos **pos) {
  *count = 0;
  int len = n->kind == NODE_SEQ ? n->n : 1;
  const char **lines = arena_alloc(m->a, sizeof(char *) * (size_t)(len ? len : 1));
  *pos = arena_alloc(m->a, sizeof(Pos) * (size_t)(len ? len : 1));
  for (int i = 0; i < len; i++) {
    const Node *e = n->kind == NODE_SEQ ? n->items[i] : n;
    if (expect_kind(m, e, NODE_SCALAR, "line")) {
      (*pos)[*count] = e->pos;
      lines[(*count)++] = e->str;
    }
  }
  return lines;
}

// "Ủy ban nhân dân xã Hà Bắc" -> "ỦY BAN NHÂN DÂN" / "XÃ HÀ BẮC".
static void default_authority_lines(Model *m, Plan *p) {
  static const char *const collective[] = {"Ủy ban nhân dân ", "Hội đồng nhân dân ",
                                           "Uỷ ban nhân dân "};
  const char *name = p->authority;
  p->authority_lines = arena_alloc(m->a, sizeof(char *) * 2);
  p->authority_line_from = arena_alloc(m->a, sizeof(Origin) * 2);
  p->authority_line_from[0] = p->authority_line_from[1] =
      (Origin){p->authority_pos, p->authority};
  for (size_t i = 0; i < 3; i++) {
    size_t n = strlen(collective[i]);
    if (strncmp(name, collective[i], n) == 0 && name[n]) {
      p->authority_lines[0] =
          text_upper(m->a, arena_strndup(m->a, name, n - 1));
      p->authority_lines[1] = text_upper(m->a, name + n);
      p->nauthority_lines = 2;
      return;
    }
  }
  p->authority_lines[0] = text_upper(m->a, name);
  p->nauthority_lines = 1;
}

static void authority_lines_of(Model *m, const Node *n, Plan *p) {
  Pos *pos;
  p->authority_lines = string_lines(m, n, &p->nauthority_lines, &pos);
  p->authority_line_from =
      arena_alloc(m->a, sizeof(Origin) * (size_t)(p->nauthority_lines + 1));
  for (int i = 0; i < p->nauthority_lines; i++)
    p->authority_line_from[i] = (Origin){pos[i], p->authority_lines[i]};
}

static void parse_period(Model *m, const Node *n, Plan *p) {
  if (!expect_kind(m, n, NODE_SCALAR, "period"))
    return;
  // "2026", "2026-2030", "2026 – 2030" (hyphen or en dash), nothing else.
  int from = 0, to = 0, end = 0;
  char dash[8] = "";
  int k = sscanf(n->str, "%d %7[-–] %d%n", &from, dash, &to, &end);
  if (k == 1 && sscanf(n->str, "%d%n", &from, &end) == 1)
    to = from;
  bool dash_ok = k != 3 || strcmp(dash, "-") == 0 || strcmp(dash, "–") == 0;
  if ((k != 1 && k != 3) || !dash_ok || n->str[end] != '\0' || from < 1900 || to > 2200 ||
      to < from) {
    diag(m->d, SEV_ERROR, n->pos, "invalid-date",
         "giai đoạn không hợp lệ '%s' (ví dụ 2026 hoặc 2026-2030) / invalid "
         "period '%s' (for example 2026 or 2026-2030)",
         n->str, n->str);
    return;
  }
  p->period_from = from;
  p->period_to = to;
}

static void parse_document(Model *m, const Node *root, Plan *p) {
  Node *n = map_get(root, "document");
  if (!n) {
    report_missing(m, root, "document", "the plan");
    return;
  }
  if (!expect_kind(m, n, NODE_MAP, "document"))
    return;
  check_keys(m, n, DOCUMENT_KEYS, "document");
  p->parent = get_str_at(m, n, "parent", false, "document", &p->parent_pos);
  p->authority = get_str_at(m, n, "authority", true, "document", &p->authority_pos);
  p->authority_short =
      get_str_at(m, n, "authority_short", false, "document", &p->authority_short_pos);
  p->kind_code = get_str(m, n, "kind", false, "document");
  if (!p->kind_code)
    p->kind_code = "KH";
  p->issuer_code = get_str(m, n, "issuer_code", false, "document");
  if (!p->issuer_code)
    p->issuer_code = "UBND";
  p->place = get_str_at(m, n, "place", true, "document", &p->place_pos);
  Node *v;
  if ((v = map_get(n, "authority_lines")))
    authority_lines_of(m, v, p);
  else if (p->authority)
    default_authority_lines(m, p);
  if (!p->authority_short && p->authority)
    p->authority_short = p->authority, p->authority_short_pos = p->authority_pos;
  // Blank in a draft: "Số:    /KH-UBND".
  if ((v = map_get(n, "number")) && !is_null(v) && expect_kind(m, v, NODE_SCALAR, "number")) {
    char *end;
    long num = strtol(v->str, &end, 10);
    if (*end || num < 1 || num > 999999)
      diag(m->d, SEV_ERROR, v->pos, "wrong-type",
           "số văn bản phải là số nguyên dương: '%s' / number must be a positive "
           "integer: '%s'",
           v->str, v->str);
    else
      p->number = (int)num;
  }
  if ((v = map_get(n, "date"))) {
    p->date = get_date(m, v, false, true);
    p->date_pos = v->pos;
  } else {
    report_missing(m, n, "date", "document");
  }
  if ((v = map_get(n, "title"))) {
    p->title_lines = string_lines(m, v, &p->ntitle_lines, &p->title_line_pos);
    Buf b;
    buf_init(&b);
    for (int i = 0; i < p->ntitle_lines; i++) {
      if (i)
        buf_putc(&b, ' ');
      buf_puts(&b, p->title_lines[i]);
    }
    p->title = arena_strdup(m->a, b.data ? b.data : "");
    buf_free(&b);
  } else {
    report_missing(m, n, "title", "document");
  }
  if ((v = map_get(n, "period")))
    parse_period(m, v, p);
}

static const char *const OBJECTIVES_KEYS[] = {"general", "specific", NULL};

static void parse_objectives(Model *m, const Node *root, Plan *p) {
  Node *n = map_get(root, "objectives");
  if (!n || !expect_kind(m, n, NODE_MAP, "objectives"))
    return;
  check_keys(m, n, OBJECTIVES_KEYS, "objectives");
  p->general_goal = get_text(m, n, "general", false, "objectives");
  p->objectives = parse_item_list(m, n, "specific", ITEM_PLAIN, -1, &p->nobjectives);
}

static const char *const INTRO_KEYS[] = {"before", "text", "ending", NULL};

static void parse_intro(Model *m, const Node *root, Plan *p) {
  Node *n = map_get(root, "intro");
  if (!n)
    return;
  if (n->kind == NODE_SCALAR) {
    p->intro = parse_text(m, n);
    return;
  }
  if (!expect_kind(m, n, NODE_MAP, "intro"))
    return;
  check_keys(m, n, INTRO_KEYS, "intro");
  p->intro_before = get_text(m, n, "before", false, "intro");
  p->intro = get_text(m, n, "text", true, "intro");
  p->intro_ending = get_text(m, n, "ending", false, "intro");
}

static const char *const REPORTING_KEYS[] = {"deadline", "to", "via", "text", NULL};

static void parse_reporting(Model *m, const Node *root, Plan *p) {
  Node *n = map_get(root, "reporting");
  if (!n || !expect_kind(m, n, NODE_MAP, "reporting"))
    return;
  check_keys(m, n, REPORTING_KEYS, "reporting");
  Node *v;
  if ((v = map_get(n, "deadline")))
    p->report_deadline = parse_timing(m, v);
  if ((v = map_get(n, "to")) && expect_kind(m, v, NODE_SCALAR, "to"))
    add_ref(m, REF_AGENCY, v->str, v->pos, (void **)&p->report_to);
  if ((v = map_get(n, "via")) && expect_kind(m, v, NODE_SCALAR, "via"))
    add_ref(m, REF_AGENCY, v->str, v->pos, (void **)&p->report_via);
  p->report_text = get_text(m, n, "text", false, "reporting");
}

static const char *const RECIPIENT_KEYS[] = {"name", "agency", "purpose", NULL};

static void parse_recipients(Model *m, const Node *root, Plan *p) {
  Node *n = map_get(root, "recipients");
  if (!n || !expect_kind(m, n, NODE_SEQ, "recipients"))
    return;
  p->recipients = arena_alloc(m->a, sizeof(Recipient *) * (size_t)(n->n ? n->n : 1));
  for (int i = 0; i < n->n; i++) {
    const Node *e = n->items[i];
    Recipient *r = arena_alloc(m->a, sizeof(Recipient));
    r->pos = e->pos;
    if (e->kind == NODE_SCALAR) {
      r->name = parse_text(m, e);
    } else if (expect_kind(m, e, NODE_MAP, "recipient")) {
      check_keys(m, e, RECIPIENT_KEYS, "recipients");
      r->name = get_text(m, e, "name", false, "recipients");
      Node *ag = map_get(e, "agency");
      if (ag && expect_kind(m, ag, NODE_SCALAR, "agency"))
        add_ref(m, REF_AGENCY, ag->str, ag->pos, (void **)&r->agency);
      else if (!r->name.src)
        report_missing(m, e, "name", "recipients");
      r->purpose = get_str_at(m, e, "purpose", false, "recipients", &r->purpose_pos);
    } else {
      continue;
    }
    p->recipients[p->nrecipients++] = r;
  }
}

static const char *const SIGNATURE_KEYS[] = {"on_behalf", "for", "title", "name",
                                             NULL};

static void parse_signature(Model *m, const Node *root, Plan *p) {
  Node *n = map_get(root, "signature");
  if (!n) {
    report_missing(m, root, "signature", "the plan");
    return;
  }
  if (!expect_kind(m, n, NODE_MAP, "signature"))
    return;
  check_keys(m, n, SIGNATURE_KEYS, "signature");
  p->sign_on_behalf =
      get_str_at(m, n, "on_behalf", false, "signature", &p->sign_on_behalf_pos);
  p->sign_for =
      get_str_at(m, n, "for", false, "signature", &p->sign_for_pos);
  p->sign_title =
      get_str_at(m, n, "title", true, "signature", &p->sign_title_pos);
  p->sign_name =
      get_str_at(m, n, "name", true, "signature", &p->sign_name_pos);
}

static PartOverride *find_override(Model *m, Plan *p, const char *part) {
  for (int i = 0; i < p->noverrides; i++)
    if (strcmp(p->overrides[i].part, part) == 0)
      return &p->overrides[i];
  PartOverride *o = &p->overrides[p->noverrides++];
  o->part = arena_strdup(m->a, part);
  return o;
}

enum { MAX_NUMBERING_LEVELS = sizeof ((PartOverride *)0)->levels / sizeof(Numbering) };

// headings: {PART: TITLE} and numbering: {PART: STYLE or [STYLE, ...]}. The
// part names are the template's; expand.c checks them against it.
static void parse_overrides(Model *m, const Node *root, Plan *p) {
  Node *h = map_get(root, "headings"), *num = map_get(root, "numbering");
  int max = (h && h->kind == NODE_MAP ? h->n : 0) +
            (num && num->kind == NODE_MAP ? num->n : 0);
  p->overrides = arena_alloc(m->a, sizeof(PartOverride) * (size_t)(max ? max : 1));
  if (h && expect_kind(m, h, NODE_MAP, "headings"))
    for (int i = 0; i < h->n; i++)
      if (expect_kind(m, h->items[i], NODE_SCALAR, "heading")) {
        PartOverride *o = find_override(m, p, h->items[i]->key->str);
        o->heading = h->items[i]->str;
        o->heading_pos = h->items[i]->key->pos;
        o->heading_value_pos = h->items[i]->pos;
      }
  if (!num || !expect_kind(m, num, NODE_MAP, "numbering"))
    return;
  for (int i = 0; i < num->n; i++) {
    const Node *v = num->items[i];
    PartOverride *o = find_override(m, p, v->key->str);
    o->numbering_pos = v->key->pos;
    int len = v->kind == NODE_SEQ ? v->n : 1;
    if (len > MAX_NUMBERING_LEVELS)
      diag(m->d, SEV_ERROR, v->items[MAX_NUMBERING_LEVELS]->pos, "bad-value",
           "đánh số tối đa %d cấp / numbering goes at most %d levels deep",
           (int)MAX_NUMBERING_LEVELS, (int)MAX_NUMBERING_LEVELS);
    for (int j = 0; j < len && j < MAX_NUMBERING_LEVELS; j++) {
      const Node *e = v->kind == NODE_SEQ ? v->items[j] : v;
      if (parse_numbering(m, e, &o->levels[o->nlevels]))
        o->nlevels++;
    }
  }
}

// A column's relative width: a positive number, nothing after it; 0 else.
static double parse_width(const char *s) {
  char *end;
  double v = strtod(s, &end);
  return end != s && *end == '\0' && isfinite(v) && v > 0 && v < 1e6 ? v : 0;
}

static const char *const APPENDIX_KEYS[] = {"id", "title", "landscape", "from",
                                            "columns", "widths", "rows", NULL};


// Reads a table written in the plan: columns, widths and rows of cells.
static void parse_table_rows(Model *m, const Node *n, AppendixSpec *ap) {
  Node *cols = map_get(n, "columns");
  if (!cols) {
    report_missing(m, n, "columns", "appendices");
    return;
  }
  ap->columns = string_lines(m, cols, &ap->ncols, &ap->column_pos);
  Node *w = map_get(n, "widths");
  if (w && expect_kind(m, w, NODE_SEQ, "widths")) {
    if (w->n != ap->ncols)
      diag(m->d, SEV_ERROR, w->pos, "bad-value",
           "cần %d độ rộng cột, có %d / expected %d column widths, got %d",
           ap->ncols, w->n, ap->ncols, w->n);
    else {
      ap->widths = arena_alloc(m->a, sizeof(double) * (size_t)w->n);
      for (int i = 0; i < w->n; i++)
        if (expect_kind(m, w->items[i], NODE_SCALAR, "width") &&
            !(ap->widths[i] = parse_width(w->items[i]->str)))
          diag(m->d, SEV_ERROR, w->items[i]->pos, "bad-value",
               "độ rộng cột phải là số dương: '%s' / column widths must be positive "
               "numbers: '%s'",
               w->items[i]->str, w->items[i]->str);
    }
  }
  Node *rows = map_get(n, "rows");
  if (!rows || !expect_kind(m, rows, NODE_SEQ, "rows"))
    return;
  ap->cells = arena_alloc(m->a, sizeof(Text) * (size_t)(rows->n * ap->ncols + 1));
  for (int r = 0; r < rows->n; r++) {
    const Node *row = rows->items[r];
    if (!expect_kind(m, row, NODE_SEQ, "row"))
      continue;
    if (row->n != ap->ncols) {
      diag(m->d, SEV_ERROR, row->pos, "bad-value",
           "hàng có %d ô, bảng có %d cột / the row has %d cells, the table %d columns",
           row->n, ap->ncols, row->n, ap->ncols);
      continue;
    }
    for (int c = 0; c < row->n; c++)
      if (expect_kind(m, row->items[c], NODE_SCALAR, "cell"))
        ap->cells[ap->nrows * ap->ncols + c] = parse_text(m, row->items[c]);
    ap->nrows++;
  }
}

static void parse_appendices(Model *m, const Node *root, Plan *p) {
  Node *n = map_get(root, "appendices");
  if (!n || !expect_kind(m, n, NODE_SEQ, "appendices"))
    return;
  p->appendices = arena_alloc(m->a, sizeof(AppendixSpec *) * (size_t)(n->n ? n->n : 1));
  for (int i = 0; i < n->n; i++) {
    const Node *e = n->items[i];
    if (!expect_kind(m, e, NODE_MAP, "appendix"))
      continue;
    check_keys(m, e, APPENDIX_KEYS, "appendices");
    AppendixSpec *ap = arena_alloc(m->a, sizeof(AppendixSpec));
    ap->pos = e->pos;
    ap->id = get_id(m, e, "id", false, "appendices", NULL);
    ap->title = get_str_at(m, e, "title", true, "appendices", &ap->title_pos);
    ap->landscape = get_bool(m, e, "landscape");
    const char *from = get_str(m, e, "from", false, "appendices");
    if (from && strcmp(from, "tasks") == 0)
      ap->source = TABLE_TASKS;
    else if (from && strcmp(from, "indicators") == 0)
      ap->source = TABLE_INDICATORS;
    else if (from)
      diag(m->d, SEV_ERROR, map_get(e, "from")->pos, "bad-value",
           "nguồn bảng lạ '%s' (tasks, indicators) / unknown table source '%s'",
           from, from);
    else
      parse_table_rows(m, e, ap);
    p->appendices[p->nappendices++] = ap;
  }
}

//
// Files and includes
//

static bool path_is_safe(const char *path) {
  if (path[0] == '/')
    return false;
  const char *s = path;
  while (*s) {
    if (s[0] == '.' && s[1] == '.' && (s[2] == '/' || s[2] == '\0'))
      return false;
    const char *slash = strchr(s, '/');
    if (!slash)
      break;
    s = slash + 1;
  }
  return true;
}

static bool file_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

// Finds an include: the including file's directory first, then -I dirs.
static char *resolve_include(Model *m, const char *from_file, const char *name) {
  if (name[0] == '/') // only with --include-anywhere
    return file_exists(name) ? arena_printf(m->a, "%s", name) : NULL;
  char *dir = path_dir(m->a, from_file);
  char *candidate = arena_printf(m->a, "%s/%s", dir, name);
  if (file_exists(candidate))
    return candidate;
  for (int i = 0; i < m->opt->ninclude_dirs; i++) {
    candidate = arena_printf(m->a, "%s/%s", m->opt->include_dirs[i], name);
    if (file_exists(candidate))
      return candidate;
  }
  return NULL;
}

// True when the resolved directory rdir contains the resolved path real.
static bool real_dir_contains(const char *rdir, const char *real) {
  if (!rdir)
    return false;
  size_t n = strlen(rdir);
  return strncmp(rdir, real, n) == 0 && (real[n] == '/' || n == 1);
}

// True when dir (resolved) contains the resolved path real.
static bool dir_contains(const char *dir, const char *real) {
  char *rdir = real_path(dir);
  bool inside = real_dir_contains(rdir, real);
  free(rdir);
  return inside;
}

// True when the include file found (after symbolic links) lies in the
// plan's directory tree or one of the -I directories. *real gets found's
// real path (to free), or NULL.
static bool include_is_inside(Model *m, const char *found, char **real) {
  *real = real_path(found);
  if (!*real)
    return false;
  if (!m->plan_dir_real_known) { // the plan's directory, resolved once a plan
    m->plan_dir_real = real_path(path_dir(m->a, m->p->path));
    m->plan_dir_real_known = true;
  }
  bool inside = real_dir_contains(m->plan_dir_real, *real);
  for (int i = 0; !inside && i < m->opt->ninclude_dirs; i++)
    inside = dir_contains(m->opt->include_dirs[i], *real);
  return inside;
}

static Node *read_file_tree(Model *m, const char *path, Pos from, bool is_plan,
                            char *real);

static void parse_includes(Model *m, const Node *root, const char *path) {
  Node *n = map_get(root, "include");
  if (!n)
    return;
  int len = n->kind == NODE_SEQ ? n->n : 1;
  for (int i = 0; i < len; i++) {
    const Node *e = n->kind == NODE_SEQ ? n->items[i] : n;
    if (!expect_kind(m, e, NODE_SCALAR, "include"))
      continue;
    if (!m->opt->include_anywhere && !path_is_safe(e->str)) {
      diag(m->d, SEV_ERROR, e->pos, "include-path",
           "đường dẫn include phải là tương đối, không chứa '..': '%s' / include "
           "paths must be relative and must not contain '..': '%s'",
           e->str, e->str);
      continue;
    }
    char *found = resolve_include(m, path, e->str);
    char *real = NULL;
    if (found && !m->opt->include_anywhere && !include_is_inside(m, found, &real)) {
      free(real);
      diag(m->d, SEV_ERROR, e->pos, "include-path",
           "tệp include '%s' nằm ngoài thư mục của kế hoạch và các thư mục -I "
           "(liên kết tượng trưng?) / include '%s' resolves outside the plan's "
           "directory and the -I directories (a symbolic link?)",
           e->str, e->str);
      diag_note(m->d, e->pos,
                "dùng --include-anywhere nếu thật sự cần / pass "
                "--include-anywhere if this is intended");
      continue;
    }
    if (!found) {
      diag(m->d, SEV_ERROR, e->pos, "include-not-found",
           "không tìm thấy tệp '%s' / cannot find include '%s'", e->str, e->str);
      diag_note(m->d, e->pos,
                "tìm trong thư mục của tệp và các thư mục -I / searched the "
                "file's directory and the -I directories");
      continue;
    }
    read_file_tree(m, found, e->pos, false, real);
  }
}

// True when real is already being read (a cycle) or was read (skip).
// The message names the file as the plan's author wrote it (shown), so that
// diagnostics do not depend on where the repository was cloned.
static bool already_read(Model *m, const char *real, const char *shown, Pos from) {
  for (int i = 0; i < m->include_stack.len; i++)
    if (strcmp(m->include_stack.items[i], real) == 0) {
      diag(m->d, SEV_ERROR, from, "include-cycle",
           "include vòng tròn: '%s' đang được đọc / include cycle: '%s' is "
           "already being read",
           shown, shown);
      return true;
    }
  for (int i = 0; i < m->source_reals.len; i++) {
    const char *r = m->source_reals.items[i];
    if (r && strcmp(r, real) == 0)
      return true;
  }
  return false;
}

// An included file's tree from the options' cache (a reference, kept in
// m->trees), or NULL: no cache, the file cannot be read (load_source then
// reports it), or it does not parse cleanly (load_yaml then reports it).
// The bytes are read as read_file_tree would read them: the open buffer,
// else the file; the cache answers only for the same name and bytes.
static LoadedTree *cached_tree(Model *m, const char *path, const char *overlay,
                               size_t overlay_len) {
  if (!m->opt->trees || !tree_cache_wanted(m->opt->trees, path))
    return NULL;
  const size_t max = m->opt->limits->max_file_bytes;
  if (overlay && overlay_len <= max)
    return tree_cache_get(m->opt->trees, path, overlay, overlay_len);
  char *data;
  size_t len;
  if (read_file(path, max, &data, &len) != 0)
    return NULL;
  LoadedTree *t = tree_cache_get(m->opt->trees, path, data, len);
  free(data);
  return t;
}

// Reads one file (the plan or a catalogue) and the catalogues it includes;
// records their definitions. Returns the file's root mapping, or NULL.
// real: path's real path when the caller has it (taken), else NULL.
static Node *read_file_tree(Model *m, const char *path, Pos from, bool is_plan,
                            char *real) {
  if (m->include_stack.len > m->opt->limits->max_include_depth) {
    diag(m->d, SEV_ERROR, from, "include-depth",
         "include lồng quá %d cấp / includes nested deeper than %d",
         m->opt->limits->max_include_depth, m->opt->limits->max_include_depth);
    free(real);
    return NULL;
  }
  if (!real)
    real = real_path(path);
  if (real && !is_plan && already_read(m, real, path, from)) {
    free(real);
    return NULL;
  }
  SrcFile *f;
  size_t overlay_len = 0;
  const char *overlay =
      m->opt->overlay ? m->opt->overlay(m->opt->overlay_user, real ? real : path, &overlay_len)
                      : NULL;
  LoadedTree *tree = is_plan ? NULL : cached_tree(m, path, overlay, overlay_len);
  if (tree)
    f = tree->file;
  else if (is_plan && m->opt->text && m->opt->text_len <= m->opt->limits->max_file_bytes)
    f = srcfile_new(path, xstrndup(m->opt->text, m->opt->text_len), m->opt->text_len);
  else if (overlay && overlay_len <= m->opt->limits->max_file_bytes)
    f = srcfile_new(path, xstrndup(overlay, overlay_len), overlay_len);
  else
    f = load_source(m->d, path, from, m->opt->limits, &m->io_error);
  Node *root = NULL;
  if (f) {
    vec_push(&m->sources, f);
    vec_push(&m->source_reals, real ? xstrdup(real) : NULL);
  }
  if (tree) {
    vec_push(&m->trees, tree);
    root = tree->root;
  } else if (f) {
    root = is_plan ? load_yaml_reusing(m->opt->trees, m->a, m->d, f, m->opt->limits)
                   : load_yaml(m->a, m->d, f, m->opt->limits);
  }
  if (root && root->kind != NODE_MAP) {
    static const char *const vi_names[] = {"một chuỗi", "một danh sách"};
    diag(m->d, SEV_ERROR, root->pos, "wrong-type",
         "tệp phải là một bảng (khóa: giá trị), không phải %s / the file must "
         "be a mapping (key: value), not a %s",
         vi_names[root->kind], node_kind_name(root));
    root = NULL;
  }
  if (!root) {
    free(real);
    return NULL;
  }
  vec_push(&m->include_stack, real ? real : xstrdup(path));
  check_keys(m, root, is_plan ? PLAN_KEYS : CATALOG_KEYS,
             is_plan ? "the plan" : "an included catalogue");
  parse_includes(m, root, path);
  parse_list(m, root, "agencies", parse_agency);
  parse_list(m, root, "documents", parse_legal_doc);
  parse_list(m, root, "footnotes", parse_footnote);
  parse_words(m, root);
  free(m->include_stack.items[--m->include_stack.len]);
  return root;
}

//
// Resolution
//

static const char *ref_kind_vi(RefKind k) {
  static const char *const names[] = {"cơ quan", "văn bản", "chú thích", "mục",
                                      "chỉ tiêu"};
  return names[k];
}

static const char *ref_kind_en(RefKind k) {
  static const char *const names[] = {"agency", "document", "footnote", "item",
                                      "indicator"};
  return names[k];
}

static Vec *defs_for(Model *m, RefKind k, size_t *id_off, IdMap **ids) {
  switch (k) {
  case REF_AGENCY:
    *id_off = offsetof(Agency, id);
    *ids = &m->agency_ids;
    return &m->agencies;
  case REF_DOC:
    *id_off = offsetof(LegalDoc, id);
    *ids = &m->doc_ids;
    return &m->docs;
  case REF_NOTE:
    *id_off = offsetof(Footnote, id);
    *ids = &m->note_ids;
    return &m->notes;
  default:
    *id_off = offsetof(Item, id);
    *ids = &m->item_ids;
    return &m->items;
  }
}

// The id of defs[i], or NULL when it has none or may not be referred to
// by this kind (only indicators may be served).
static const char *def_id(const Vec *defs, int i, size_t id_off, RefKind kind) {
  if (kind == REF_INDICATOR && ((Item *)defs->items[i])->kind != ITEM_INDICATOR)
    return NULL;
  return *(const char **)((char *)defs->items[i] + id_off);
}

// "did you mean": the defined id nearest to an unknown one, when near enough.
static void suggest_id(Model *m, const PendingRef *r, const Vec *defs, size_t id_off) {
  Closest c = closest_init(r->id);
  for (int i = 0; i < defs->len; i++)
    closest_offer(&c, def_id(defs, i, id_off, r->kind));
  const char *best = closest_result(&c);
  if (best) {
    diag_note(m->d, r->pos, "có phải là '%s'? / did you mean '%s'?", best, best);
    diag_fixit(m->d, best);
  }
}

// Did-you-mean compares an unknown id with every definition: only for the
// first unknown ids, so that a flood of them stays linear.
enum { MAX_SUGGESTIONS = 64 };

// Finds what r names; *unknown counts the ids found nowhere.
static void resolve_one(Model *m, PendingRef *r, const IdMap *appendix_ids,
                        int *unknown) {
  if (r->kind == REF_ITEM && plan_part(r->id, PART_REF))
    return; // a section: numbered by expand
  if (r->kind == REF_ITEM && idmap_get(appendix_ids, r->id))
    return; // an appendix: numbered by expand ("Phụ lục I")
  size_t id_off;
  IdMap *ids;
  Vec *defs = defs_for(m, r->kind, &id_off, &ids);
  Item *found = idmap_get(ids, r->id);
  if (found && (r->kind != REF_INDICATOR || found->kind == ITEM_INDICATOR)) {
    *r->slot = found;
    return;
  }
  diag(m->d, SEV_ERROR, r->pos, "unknown-ref",
       "%s '%s' chưa được định nghĩa / unknown %s '%s'", ref_kind_vi(r->kind),
       r->id, ref_kind_en(r->kind), r->id);
  if ((*unknown)++ < MAX_SUGGESTIONS)
    suggest_id(m, r, defs, id_off);
}

static void resolve_refs(Model *m) {
  IdMap appendix_ids = {0};
  for (int i = 0; i < m->p->nappendices; i++)
    if (m->p->appendices[i]->id)
      idmap_put(&appendix_ids, m->p->appendices[i]->id, m->p->appendices[i]);
  int unknown = 0;
  for (int i = 0; i < m->refs.len; i++)
    resolve_one(m, m->refs.items[i], &appendix_ids, &unknown);
  idmap_free(&appendix_ids);
}

static void **vec_to_arena(Model *m, Vec *v, int *count) {
  *count = v->len;
  void **items = arena_alloc(m->a, sizeof(void *) * (size_t)(v->len ? v->len : 1));
  if (v->len)
    memcpy(items, v->items, sizeof(void *) * (size_t)v->len);
  return items;
}

static void parse_plan_body(Model *m, const Node *root, Plan *p) {
  Node *v = map_get(root, "kehoach");
  if (v && expect_kind(m, v, NODE_SCALAR, "kehoach") && strcmp(v->str, "1") != 0)
    diag(m->d, SEV_ERROR, v->pos, "bad-value",
         "phiên bản định dạng không hỗ trợ '%s' (chỉ có 1) / unsupported format "
         "version '%s' (only 1)",
         v->str, v->str);
  p->template_name = get_str(m, root, "template", true, "the plan");
  if ((v = map_get(root, "template")))
    p->template_pos = v->pos;
  parse_document(m, root, p);
  p->preamble = get_text_list(m, root, "preamble", &p->npreamble);
  parse_intro(m, root, p);
  parse_objectives(m, root, p);
  for (const PlanPart *pp = PLAN_PARTS; pp->name; pp++) // the lists of items
    if (pp->shape == SHAPE_ITEMS)
      *(Item ***)((char *)p + pp->items_off) = parse_item_list(
          m, root, pp->name, pp->item_kind, 0, (int *)((char *)p + pp->count_off));
  parse_reporting(m, root, p);
  p->closing = get_text_list(m, root, "closing", &p->nclosing);
  parse_recipients(m, root, p);
  if ((v = map_get(root, "archive")))
    p->archive = string_lines(m, v, &p->narchive, &p->archive_pos);
  parse_signature(m, root, p);
  parse_overrides(m, root, p);
  parse_labels(m, root, p);
  parse_appendices(m, root, p);
}

static void model_release(Model *m) {
  m->p->sources = (SrcFile **)m->sources.items; // owned by the plan now
  m->p->nsources = m->sources.len;
  m->p->trees = (LoadedTree **)m->trees.items; // the plan's references now
  m->p->ntrees = m->trees.len;
  vec_free(&m->agencies), vec_free(&m->docs), vec_free(&m->notes);
  vec_free(&m->words);
  vec_free(&m->items), vec_free(&m->refs), vec_free(&m->include_stack);
  vec_free(&m->ref_segs);
  for (int i = 0; i < m->source_reals.len; i++)
    free(m->source_reals.items[i]);
  vec_free(&m->source_reals);
  free(m->plan_dir_real);
  idmap_free(&m->agency_ids), idmap_free(&m->doc_ids), idmap_free(&m->note_ids);
  idmap_free(&m->item_ids);
}

Plan *model_load(Arena *a, Diags *d, const char *path, const ModelOptions *opt,
                 bool *io_error) {
  Plan *p = arena_alloc(a, sizeof(Plan));
  Model m = {.a = a, .d = d, .p = p, .opt = opt};
  p->path = path;
  p->stem = path_stem(a, path);
  Node *root = read_file_tree(&m, path, pos_none(), true, NULL);
  *io_error = m.io_error;
  if (!root) {
    model_release(&m);
    if (p->nsources == 0) { // nothing was read
      plan_free(p);
      return NULL;
    }
    return p;
  }
  parse_plan_body(&m, root, p);
  resolve_refs(&m);
  p->agencies = (Agency **)vec_to_arena(&m, &m.agencies, &p->nagencies);
  for (int i = 0; i < p->nagencies; i++)
    p->agencies[i]->index = i;
  p->docs = (LegalDoc **)vec_to_arena(&m, &m.docs, &p->ndocs);
  for (int i = 0; i < p->ndocs; i++)
    p->docs[i]->index = i;
  p->notes = (Footnote **)vec_to_arena(&m, &m.notes, &p->nnotes);
  p->words = (const char **)vec_to_arena(&m, &m.words, &p->nwords);
  for (int i = 0; i < p->nnotes; i++)
    p->notes[i]->index = i;
  p->all_items = (Item **)vec_to_arena(&m, &m.items, &p->nall_items);
  for (int i = 0; i < p->nall_items; i++)
    p->all_items[i]->index = i;
  p->refs = (Seg **)vec_to_arena(&m, &m.ref_segs, &p->nrefs);
  p->uses = arena_alloc(a, sizeof(RefUse) * (size_t)(m.refs.len + 1));
  for (int i = 0; i < m.refs.len; i++) {
    const PendingRef *r = m.refs.items[i];
    p->uses[p->nuses++] = (RefUse){r->kind, r->id, r->id_pos};
  }
  model_release(&m);
  return p;
}

void plan_free(Plan *p) {
  if (!p)
    return;
  for (int i = 0; i < p->nsources; i++) {
    bool borrowed = false; // a tree's file: the tree owns it
    for (int k = 0; k < p->ntrees && !borrowed; k++)
      borrowed = p->trees[k]->file == p->sources[i];
    if (!borrowed)
      srcfile_free(p->sources[i]);
  }
  free(p->sources);
  p->sources = NULL;
  p->nsources = 0;
  for (int k = 0; k < p->ntrees; k++)
    loaded_tree_release(p->trees[k]);
  free(p->trees);
  p->trees = NULL;
  p->ntrees = 0;
}

static void *find_by_id(void **items, int n, size_t id_off, const char *id) {
  for (int i = 0; i < n; i++) {
    const char *x = *(const char **)((char *)items[i] + id_off);
    if (x && strcmp(x, id) == 0)
      return items[i];
  }
  return NULL;
}

Agency *plan_agency(const Plan *p, const char *id) {
  return find_by_id((void **)p->agencies, p->nagencies, offsetof(Agency, id), id);
}

LegalDoc *plan_doc(const Plan *p, const char *id) {
  return find_by_id((void **)p->docs, p->ndocs, offsetof(LegalDoc, id), id);
}

Item *plan_item(const Plan *p, const char *id) {
  return find_by_id((void **)p->all_items, p->nall_items, offsetof(Item, id), id);
}

// A top-level key at the start of a line of text.
static bool has_top_key(const char *text, const char *key) {
  size_t n = strlen(key);
  for (const char *l = text; l; l = strchr(l, '\n')) {
    if (*l == '\n')
      l++;
    if (strncmp(l, key, n) == 0 && l[n] == ':')
      return true;
  }
  return false;
}

YamlKind yaml_kind(const char *text) {
  if (has_top_key(text, "template") || has_top_key(text, "document") ||
      has_top_key(text, "kehoach"))
    return YAML_PLAN;
  static const char *const catalogue_keys[] = {"agencies", "documents", "footnotes",
                                               "include"};
  for (size_t i = 0; i < sizeof catalogue_keys / sizeof *catalogue_keys; i++)
    if (has_top_key(text, catalogue_keys[i]))
      return YAML_CATALOGUE;
  return YAML_OTHER;
}
