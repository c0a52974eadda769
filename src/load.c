// load.c — YAML file -> Node tree with positions.
//
// Consumes a file's bytes; produces a tree of scalars, sequences and
// mappings in which every node carries its source span. libyaml does the
// parsing (and reports syntax errors with its own line and column); this
// stage adds what libyaml leaves out: duplicate mapping keys, and limits on
// size, depth and node count so that hostile input costs bounded time and
// memory. The tree is built from libyaml's event stream with an explicit
// stack, never by recursion, so nesting depth cannot overflow the C stack.
#include "kehoach.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

const Limits DEFAULT_LIMITS = {
    .max_file_bytes = 8u << 20,
    .max_depth = 64,
    .max_scalar_bytes = 1u << 20,
    .max_nodes = 1000000,
    .max_include_depth = 8,
};

SrcFile *load_source(Diags *d, const char *path, Pos from, const Limits *lim,
                     bool *io_error) {
  return load_source_as(d, path, path, from, lim, io_error);
}

SrcFile *load_source_as(Diags *d, const char *path, const char *name, Pos from,
                        const Limits *lim, bool *io_error) {
  char *data;
  size_t len;
  int e = strcmp(path, "-") == 0 ? read_stdin(lim->max_file_bytes, &data, &len)
                                 : read_file(path, lim->max_file_bytes, &data, &len);
  if (e == 0)
    return srcfile_new(name, data, len);
  path = name;
  *io_error = e != EFBIG;
  SrcFile *shown = NULL;
  if (!from.file) // report as "FILE: error:"
    shown = srcfile_new(path, xstrdup(""), 0), from.file = shown;
  if (e == EFBIG)
    diag(d, SEV_ERROR, from, "file-too-large",
         "tệp lớn hơn giới hạn %zu MB / file is larger than the %zu MB limit",
         lim->max_file_bytes >> 20, lim->max_file_bytes >> 20);
  else if (e == ENOTREGULAR)
    diag(d, SEV_ERROR, from, "io",
         "'%s' không phải tệp thường (FIFO, thiết bị?) / '%s' is not a regular file (a "
         "FIFO, a device?)",
         path, path);
  else {
    ErrText why = err_text(e);
    diag(d, SEV_ERROR, from, "io", "không đọc được tệp '%s': %s / cannot read '%s': %s",
         path, why.text, path, why.text);
  }
  if (shown) {
    diags_flush(d); // the message points into `shown`
    srcfile_free(shown);
  }
  return NULL;
}

// Position of a libyaml mark span.
static Pos mark_pos(SrcFile *f, yaml_mark_t start, yaml_mark_t end) {
  size_t a = srcfile_offset(f, (int)start.line + 1, (int)start.column + 1);
  size_t b = srcfile_offset(f, (int)end.line + 1, (int)end.column + 1);
  Pos p = srcfile_pos(f, a, b > a ? b - a : 0);
  return p;
}

static void report_yaml_error(Diags *d, SrcFile *f, const yaml_parser_t *ps) {
  Pos p;
  if (ps->error == YAML_READER_ERROR)
    p = srcfile_pos(f, ps->problem_offset < f->len ? ps->problem_offset : f->len, 1);
  else
    p = mark_pos(f, ps->problem_mark, ps->problem_mark);
  const char *problem = ps->problem ? ps->problem : "invalid YAML";
  if (ps->error == YAML_READER_ERROR && ps->problem_value != -1)
    diag(d, SEV_ERROR, p, "yaml-syntax",
         "lỗi cú pháp YAML: %s (byte 0x%02X) / YAML syntax error: %s (byte 0x%02X)",
         problem, (unsigned)ps->problem_value & 0xFF, problem,
         (unsigned)ps->problem_value & 0xFF);
  else
    diag(d, SEV_ERROR, p, "yaml-syntax", "lỗi cú pháp YAML: %s / YAML syntax error: %s",
         problem, problem);
  if (ps->context && ps->context_mark.line != ps->problem_mark.line)
    diag_note(d, mark_pos(f, ps->context_mark, ps->context_mark), "%s",
              ps->context);
  if (ps->problem && strstr(ps->problem, "mapping values are not allowed"))
    diag_note(d, p,
              "giá trị có dấu ':' phải đặt trong dấu nháy kép: \"như sau:\" / "
              "quote values that contain ': ' or end with ':'");
}

typedef struct Frame {
  Node *node;
  Vec items;
  Node *key; // mapping: key waiting for its value
} Frame;

typedef struct Loader {
  Arena *arena;
  Diags *diags;
  SrcFile *file;
  const Limits *lim;
  Frame *stack;
  int depth;
  long nodes;
  Node *root;
  bool failed;
  // The last libyaml mark converted: its character index and byte offset.
  size_t mark_index, mark_off;
} Loader;

// Byte offset of a libyaml mark. libyaml counts characters (from after a
// byte-order mark), so walk from the last mark converted: events come in
// file order, and the walks add up to one pass over the file, even for a
// megabyte on one line. A mark behind the cursor is found from its line.
static size_t mark_offset(Loader *ld, yaml_mark_t m) {
  SrcFile *f = ld->file;
  if (m.index < ld->mark_index)
    return srcfile_offset(f, (int)m.line + 1, (int)m.column + 1);
  // libyaml has read the text as UTF-8: a character is a lead byte and
  // its continuation bytes.
  // index counts the lead bytes before off; the mark is at the lead byte
  // of character m.index. Eight bytes at a time while all of their lead
  // bytes come before the mark's, then byte by byte.
  const unsigned char *t = (const unsigned char *)f->text;
  size_t off = ld->mark_off, index = ld->mark_index;
  const uint64_t high = 0x8080808080808080u;
  while (off + 8 <= f->len) {
    uint64_t w;
    memcpy(&w, t + off, 8);
    uint64_t cont = w & high & ~(w << 1); // 10xxxxxx: a continuation byte
    // (one bit per byte, at bit 7: summed by a multiply, not a popcount,
    // which without -mpopcnt is a libgcc call)
    size_t leads = 8 - (size_t)((cont >> 7) * 0x0101010101010101u >> 56);
    if (index + leads > m.index)
      break;
    index += leads;
    off += 8;
  }
  for (; off < f->len; off++) {
    bool lead = (t[off] & 0xC0) != 0x80;
    if (lead && index >= m.index)
      break;
    index += lead;
  }
  ld->mark_off = off;
  ld->mark_index = index;
  return off;
}

// The span of an event, with libyaml's own line and column (characters).
static Pos event_pos(Loader *ld, yaml_mark_t start, yaml_mark_t end) {
  size_t a = mark_offset(ld, start);
  size_t b = end.index >= start.index ? mark_offset(ld, end) : a;
  Pos p = {.file = ld->file, .line = (int)start.line + 1, .col = (int)start.column + 1,
           .off = a, .len = b > a ? b - a : 0};
  return p;
}

static int compare_keys(const void *a, const void *b) {
  const Node *x = *(Node *const *)a, *y = *(Node *const *)b;
  int c = strcmp(x->key->str, y->key->str);
  if (c)
    return c;
  return x->key->pos.off < y->key->pos.off ? -1 : 1;
}

// Reports keys that occur twice in one mapping (libyaml accepts them).
static void check_duplicate_keys(Loader *ld, Node *map) {
  if (map->n < 2)
    return;
  Node **sorted = xmalloc(sizeof(Node *) * (size_t)map->n);
  memcpy(sorted, map->items, sizeof(Node *) * (size_t)map->n);
  qsort(sorted, (size_t)map->n, sizeof(Node *), compare_keys);
  for (int i = 1; i < map->n; i++) {
    Node *first = sorted[i - 1], *again = sorted[i];
    if (strcmp(first->key->str, again->key->str) != 0)
      continue;
    diag(ld->diags, SEV_ERROR, again->key->pos, "duplicate-key",
         "khóa '%s' bị lặp / duplicate key '%s'", again->key->str,
         again->key->str);
    diag_note(ld->diags, first->key->pos, "viết lần đầu ở đây / first written here");
  }
  free(sorted);
}

static Node *new_node(Loader *ld, NodeKind kind, Pos pos) {
  Node *n = arena_alloc(ld->arena, sizeof(Node));
  n->kind = kind;
  n->pos = pos;
  ld->nodes++;
  return n;
}

// Adds a finished node to the collection on top of the stack.
static void attach(Loader *ld, Node *n) {
  if (ld->depth == 0) {
    ld->root = n;
    return;
  }
  Frame *top = &ld->stack[ld->depth - 1];
  if (top->node->kind == NODE_SEQ) {
    vec_push(&top->items, n);
    return;
  }
  if (!top->key) {
    if (n->kind != NODE_SCALAR) {
      diag(ld->diags, SEV_ERROR, n->pos, "yaml-syntax",
           "khóa phải là chữ, không phải %s / mapping keys must be plain text, not a %s",
           n->kind == NODE_SEQ ? "danh sách" : "bảng", node_kind_name(n));
      ld->failed = true;
    }
    top->key = n;
    return;
  }
  n->key = top->key;
  top->key = NULL;
  vec_push(&top->items, n);
}

static void push_collection(Loader *ld, Node *n) {
  if (ld->depth >= ld->lim->max_depth) {
    diag(ld->diags, SEV_ERROR, n->pos, "too-deep",
         "lồng quá %d cấp / nesting deeper than %d levels", ld->lim->max_depth,
         ld->lim->max_depth);
    ld->failed = true;
    return;
  }
  Frame *f = &ld->stack[ld->depth++];
  memset(f, 0, sizeof *f);
  f->node = n;
}

static void pop_collection(Loader *ld) {
  Frame *f = &ld->stack[--ld->depth];
  Node *n = f->node;
  n->n = f->items.len;
  n->items = arena_alloc(ld->arena, sizeof(Node *) * (size_t)(n->n ? n->n : 1));
  if (n->n)
    memcpy(n->items, f->items.items, sizeof(Node *) * (size_t)n->n);
  vec_free(&f->items);
  if (n->kind == NODE_MAP)
    check_duplicate_keys(ld, n);
  attach(ld, n);
}

// True when one of the eight bytes of w is b.
static bool has_byte(uint64_t w, unsigned char b) {
  uint64_t x = w ^ (0x0101010101010101u * b);
  return ((x - 0x0101010101010101u) & ~x & 0x8080808080808080u) != 0;
}

// Characters a value may not hold: the private-use planes 15-16 (kehoach's
// own footnote markers live there), and bidirectional controls, which
// reorder what a reader sees. Each is reported where it is written.
static void check_characters(Loader *ld, const Node *n) {
  for (size_t i = 0; i < n->len;) {
    uint64_t w;
    if (i + 8 <= n->len && (memcpy(&w, n->str + i, 8), !has_byte(w, 0xD8)) &&
        !has_byte(w, 0xE2) && !has_byte(w, 0xF3) && !has_byte(w, 0xF4)) {
      i += 8; // no candidate's lead byte among these eight
      continue;
    }
    unsigned char c = (unsigned char)n->str[i];
    if (c < 0xD8 || (c != 0xD8 && c != 0xE2 && c != 0xF3 && c != 0xF4)) {
      i++; // ASCII and most letters: not a candidate (lead bytes D8, E2, F3, F4)
      continue;
    }
    int32_t cp;
    int len = utf8_decode(n->str + i, n->len - i, &cp);
    if (len <= 0) {
      i++;
      continue;
    }
    bool private_use = cp >= 0xF0000;
    bool bidi = cp == 0x061C || cp == 0x200E || cp == 0x200F ||
                (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    if (private_use || bidi) {
      Pos at = pos_in_scalar(n->pos, n->str, i, (size_t)len, NULL);
      if (private_use) {
        diag(ld->diags, SEV_ERROR, at, "private-use",
             "ký tự dùng riêng U+%04X không in được / private-use character U+%04X "
             "cannot be printed",
             (unsigned)cp, (unsigned)cp);
      } else {
        diag(ld->diags, SEV_WARNING, at, "bidi-control",
             "ký tự điều khiển hướng chữ U+%04X đảo thứ tự chữ người đọc thấy / the "
             "bidirectional control U+%04X reorders what a reader sees",
             (unsigned)cp, (unsigned)cp);
      }
    }
    i += (size_t)len;
  }
}

static ScalarStyle scalar_style(yaml_scalar_style_t style) {
  switch (style) {
  case YAML_SINGLE_QUOTED_SCALAR_STYLE:
    return SCALAR_SINGLE;
  case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
    return SCALAR_DOUBLE;
  case YAML_LITERAL_SCALAR_STYLE:
    return SCALAR_LITERAL;
  case YAML_FOLDED_SCALAR_STYLE:
    return SCALAR_FOLDED;
  default:
    return SCALAR_PLAIN;
  }
}

static void on_scalar(Loader *ld, yaml_event_t *ev, Pos pos) {
  if (ev->data.scalar.length > ld->lim->max_scalar_bytes) {
    diag(ld->diags, SEV_ERROR, pos, "too-long",
         "giá trị dài quá %zu KB / scalar longer than %zu KB",
         ld->lim->max_scalar_bytes >> 10, ld->lim->max_scalar_bytes >> 10);
    ld->failed = true;
    return;
  }
  pos.style = scalar_style(ev->data.scalar.style);
  Node *n = new_node(ld, NODE_SCALAR, pos);
  n->len = ev->data.scalar.length;
  n->str = arena_strndup(ld->arena, (const char *)ev->data.scalar.value, n->len);
  check_characters(ld, n);
  n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
  attach(ld, n);
}

// Handles one event; returns false when loading must stop.
static bool on_event(Loader *ld, yaml_event_t *ev) {
  Pos pos = event_pos(ld, ev->start_mark, ev->end_mark);
  switch (ev->type) {
  case YAML_DOCUMENT_START_EVENT:
    if (ld->root) {
      diag(ld->diags, SEV_ERROR, pos, "yaml-syntax",
           "tệp chỉ được có một tài liệu YAML / only one YAML document per file");
      ld->failed = true;
    }
    return !ld->failed;
  case YAML_ALIAS_EVENT:
    diag(ld->diags, SEV_ERROR, pos, "yaml-alias",
         "không dùng bí danh YAML (*%s) trong tệp kế hoạch / YAML aliases (*%s) are "
         "not allowed in plan files",
         (const char *)ev->data.alias.anchor, (const char *)ev->data.alias.anchor);
    ld->failed = true;
    return false;
  case YAML_SCALAR_EVENT:
    on_scalar(ld, ev, pos);
    break;
  case YAML_SEQUENCE_START_EVENT:
    push_collection(ld, new_node(ld, NODE_SEQ, event_pos(ld, ev->start_mark, ev->start_mark)));
    break;
  case YAML_MAPPING_START_EVENT:
    push_collection(ld, new_node(ld, NODE_MAP, event_pos(ld, ev->start_mark, ev->start_mark)));
    break;
  case YAML_SEQUENCE_END_EVENT:
  case YAML_MAPPING_END_EVENT:
    pop_collection(ld);
    break;
  default:
    break;
  }
  if (ld->nodes > ld->lim->max_nodes) {
    diag(ld->diags, SEV_ERROR, pos, "too-many-nodes",
         "tệp có hơn %ld phần tử / more than %ld nodes", ld->lim->max_nodes,
         ld->lim->max_nodes);
    ld->failed = true;
  }
  return !ld->failed;
}

// Plans must be UTF-8 (text pasted from legacy Vietnamese encodings is not).
static bool check_encoding(Diags *d, SrcFile *f) {
  size_t bad;
  if (utf8_valid(f->text, f->len, &bad))
    return true;
  diag(d, SEV_ERROR, srcfile_pos(f, bad, 1), "encoding",
       "byte 0x%02X không phải UTF-8 / invalid UTF-8 byte 0x%02X",
       (unsigned char)f->text[bad], (unsigned char)f->text[bad]);
  diag_note(d, srcfile_pos(f, bad, 1),
            "hãy lưu tệp với bảng mã UTF-8 / save the file as UTF-8");
  return false;
}

Node *load_yaml(Arena *a, Diags *d, SrcFile *f, const Limits *lim) {
  if (!check_encoding(d, f))
    return NULL;
  yaml_parser_t ps;
  if (!yaml_parser_initialize(&ps)) {
    diag(d, SEV_ERROR, pos_none(), "io", "libyaml: hết bộ nhớ / libyaml: out of memory");
    return NULL;
  }
  yaml_parser_set_input_string(&ps, (const unsigned char *)f->text, f->len);
  yaml_parser_set_encoding(&ps, YAML_UTF8_ENCODING);
  Loader ld = {.arena = a, .diags = d, .file = f, .lim = lim,
               .mark_off = f->len >= 3 && memcmp(f->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0};
  ld.stack = xcalloc((size_t)lim->max_depth + 1, sizeof(Frame));
  for (;;) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&ps, &ev)) {
      report_yaml_error(d, f, &ps);
      ld.failed = true;
      break;
    }
    bool go_on = on_event(&ld, &ev);
    bool end = ev.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&ev);
    if (!go_on || end)
      break;
  }
  while (ld.depth > 0)
    vec_free(&ld.stack[--ld.depth].items);
  free(ld.stack);
  yaml_parser_delete(&ps);
  if (ld.failed)
    return NULL;
  if (!ld.root) {
    diag(d, SEV_ERROR, srcfile_pos(f, 0, 0), "empty-plan",
         "tệp kế hoạch rỗng / the plan file is empty");
    return NULL;
  }
  return ld.root;
}

Node *map_get(const Node *map, const char *key) {
  if (!map || map->kind != NODE_MAP)
    return NULL;
  for (int i = 0; i < map->n; i++)
    if (strcmp(map->items[i]->key->str, key) == 0)
      return map->items[i];
  return NULL;
}

const char *node_kind_name(const Node *n) {
  switch (n->kind) {
  case NODE_SCALAR:
    return "scalar";
  case NODE_SEQ:
    return "list";
  default:
    return "mapping";
  }
}

//
// Parsed files kept across checks
//

// A piece of a plan (see load_by_pieces below) is a LoadedTree of its own
// (only one reference: the PlanFragments'): one top-level key with its
// value and the comments and blank lines after them, positions counted
// from the piece's first byte, in the piece's own SrcFile.

// The fragments of the last check of one plan (by its name).
typedef struct PlanFragments {
  char *path;
  Vec frags; // LoadedTree*, one per piece
} PlanFragments;

struct TreeCache {
  const Limits *lim;
  pthread_mutex_t lock;
  Vec trees; // LoadedTree*: the latest of each name, one reference each
  Vec plans; // PlanFragments*
  // shared_only: a batch of plans, each read once. A file is kept from the
  // second time it is asked for on (a catalogue the plans share, not each
  // commune's own), and plans are not cut into pieces (they would all stay).
  bool shared_only;
  IdMap asked; // the names asked for once (keys owned)
};

TreeCache *tree_cache_new(const Limits *lim, bool shared_only) {
  TreeCache *c = xcalloc(1, sizeof *c);
  c->lim = lim;
  c->shared_only = shared_only;
  pthread_mutex_init(&c->lock, NULL);
  return c;
}

bool tree_cache_wanted(TreeCache *c, const char *path) {
  if (!c->shared_only)
    return true;
  pthread_mutex_lock(&c->lock);
  bool again = idmap_get(&c->asked, path) != NULL;
  if (!again) {
    char *key = xstrdup(path);
    idmap_put(&c->asked, key, key);
  }
  pthread_mutex_unlock(&c->lock);
  return again;
}

void tree_cache_free(TreeCache *c) {
  if (!c)
    return;
  for (int i = 0; i < c->trees.len; i++)
    loaded_tree_release(c->trees.items[i]);
  vec_free(&c->trees);
  for (int i = 0; i < c->plans.len; i++) {
    PlanFragments *pf = c->plans.items[i];
    for (int k = 0; k < pf->frags.len; k++)
      loaded_tree_release(pf->frags.items[k]);
    vec_free(&pf->frags);
    free(pf->path);
    free(pf);
  }
  vec_free(&c->plans);
  for (size_t i = 0; i < c->asked.cap; i++)
    free((char *)c->asked.keys[i]);
  idmap_free(&c->asked);
  pthread_mutex_destroy(&c->lock);
  free(c);
}

void loaded_tree_release(LoadedTree *t) {
  if (!t || atomic_fetch_sub(&t->refs, 1) != 1)
    return;
  srcfile_free(t->file);
  arena_free(t->arena);
  free(t);
}

// text parsed on its own, or NULL when parsing it gives any diagnostic.
static LoadedTree *parse_tree(const Limits *lim, const char *path, const char *text,
                              size_t len) {
  LoadedTree *t = xcalloc(1, sizeof *t);
  t->file = srcfile_new(path, xstrndup(text, len), len);
  t->arena = arena_new();
  atomic_init(&t->refs, 1);
  Diags *d = diags_new(NULL, false, FORMAT_TEXT);
  t->root = load_yaml(t->arena, d, t->file, lim);
  bool clean = t->root && diags_given(d) == 0;
  diags_free(d);
  if (!clean) {
    loaded_tree_release(t);
    return NULL;
  }
  return t;
}

LoadedTree *tree_cache_get(TreeCache *c, const char *path, const char *text, size_t len) {
  pthread_mutex_lock(&c->lock);
  int slot = -1;
  LoadedTree *t = NULL;
  for (int i = 0; i < c->trees.len && slot < 0; i++) {
    LoadedTree *k = c->trees.items[i];
    if (strcmp(k->file->path, path) == 0) {
      slot = i;
      if (k->file->len == len && memcmp(k->file->text, text, len) == 0)
        t = k;
    }
  }
  if (!t) {
    t = parse_tree(c->lim, path, text, len);
    if (slot >= 0) { // the name's bytes changed: the old tree goes (when unused)
      loaded_tree_release(c->trees.items[slot]);
      c->trees.items[slot] = c->trees.items[--c->trees.len];
    }
    if (t)
      vec_push(&c->trees, t);
  }
  if (t)
    atomic_fetch_add(&t->refs, 1);
  pthread_mutex_unlock(&c->lock);
  return t;
}

//
// A plan parsed by top-level keys, the unchanged ones from the last check
//
// An edit in the editor changes one top-level value (intro:, tasks:, ...);
// the others are the same bytes as in the last check, only moved. A plan
// whose lines at column 0 are only comments, blank lines and simple keys
// ("name:") is cut before each key; each piece is parsed on its own (or
// taken from the last check when its bytes are the same) and the pieces'
// trees are copied into the plan's arena with their positions moved by the
// piece's first byte and line. In block YAML a key at column 0 ends every
// value before it and starts in the state the document starts in (a
// mapping at indentation 0), so libyaml reads each piece as it reads it
// within the file: the same values, styles, lines and columns. Whatever
// else could differ is sent to the whole-file parse, which then reports
// it: a piece that gives any diagnostic (a syntax error, an unclosed quote
// or bracket cut by a key, a warning), a key written twice at the top, a
// byte-order mark, a carriage return, a NUL, more nodes than the
// limit (invalid UTF-8 is in a new piece, whose own parse reports it).
// Only parses that report nothing are taken, so the tree and the (absent)
// messages are those of load_yaml.

// A simple top-level key line at s: [a-z_][a-z0-9_]*: then a space or the
// end of the line.
static bool key_line(const char *s, const char *end) {
  const char *p = s;
  if (p >= end || !((*p >= 'a' && *p <= 'z') || *p == '_'))
    return false;
  while (p < end && ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
    p++;
  return p < end && *p == ':' && (p + 1 == end || p[1] == ' ' || p[1] == '\n');
}

// The byte offsets where the pieces start (the first at 0), or 0 pieces
// when the plan cannot be cut.
static int cut_plan(const char *t, size_t len, Vec *starts) {
  const char *end = t + len;
  bool keyed = false;
  for (const char *l = t; l < end;) {
    const char *nl = memchr(l, '\n', (size_t)(end - l));
    const char *next = nl ? nl + 1 : end;
    char c = *l;
    if (key_line(l, end)) {
      vec_push(starts, (void *)(size_t)(keyed ? (size_t)(l - t) : 0));
      keyed = true;
    } else if (c == '\n' || c == '#' || (keyed && c == ' ')) {
      // a blank line, a comment, a value's line
    } else {
      return 0;
    }
    l = next;
  }
  return starts->len;
}

// A piece's tree copied into a, its positions moved to file at byte off,
// line line; *count gets the nodes copied (keys too).
static Node *copy_moved(Arena *a, const Node *n, SrcFile *file, size_t off, int line,
                        long *count) {
  Node *c = arena_alloc(a, sizeof(Node));
  *c = *n;
  c->pos.file = file;
  c->pos.off += off;
  c->pos.line += line;
  (*count)++;
  if (n->str)
    c->str = arena_strndup(a, n->str, n->len);
  if (n->key)
    c->key = copy_moved(a, n->key, file, off, line, count);
  if (n->kind != NODE_SCALAR) {
    c->items = arena_alloc(a, sizeof(Node *) * (size_t)(n->n ? n->n : 1));
    for (int i = 0; i < n->n; i++)
      c->items[i] = copy_moved(a, n->items[i], file, off, line, count);
  }
  return c;
}

static LoadedTree *parse_fragment(const Limits *lim, const char *path, const char *text,
                                  size_t len) {
  LoadedTree *fr = parse_tree(lim, path, text, len);
  if (fr && (fr->root->kind != NODE_MAP || fr->root->n < 1)) {
    loaded_tree_release(fr);
    return NULL;
  }
  return fr;
}

static PlanFragments *plan_fragments(TreeCache *c, const char *path) {
  for (int i = 0; i < c->plans.len; i++) {
    PlanFragments *pf = c->plans.items[i];
    if (strcmp(pf->path, path) == 0)
      return pf;
  }
  PlanFragments *pf = xcalloc(1, sizeof *pf);
  pf->path = xstrdup(path);
  vec_push(&c->plans, pf);
  return pf;
}

static int compare_key_strs(const void *a, const void *b) {
  return strcmp((*(Node *const *)a)->key->str, (*(Node *const *)b)->key->str);
}

// The plan's tree built from its pieces, or NULL (then load_yaml reads it).
static Node *load_by_pieces(TreeCache *c, Arena *a, SrcFile *f) {
  const char *t = f->text;
  size_t len = f->len;
  // (Invalid UTF-8 needs no look here: the piece that holds it is new, as
  // no piece kept is, and its load_yaml reports it.)
  if (len == 0 || (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) || memchr(t, '\r', len) ||
      memchr(t, '\0', len))
    return NULL;
  Vec starts = {0};
  int n = cut_plan(t, len, &starts);
  if (n < 2) {
    vec_free(&starts);
    return NULL;
  }
  PlanFragments *pf = plan_fragments(c, f->path);
  Vec now = {0}; // LoadedTree*, one per piece
  bool ok = true;
  for (int i = 0; i < n && ok; i++) {
    size_t from = (size_t)starts.items[i];
    size_t to = i + 1 < n ? (size_t)starts.items[i + 1] : len;
    LoadedTree *fr = NULL;
    for (int k = 0; k < pf->frags.len && !fr; k++) { // the same bytes last time
      int at = (i + k) % pf->frags.len;               // (most often in place)
      LoadedTree *old = pf->frags.items[at];
      if (old && old->file->len == to - from && memcmp(old->file->text, t + from, to - from) == 0) {
        fr = old;
        pf->frags.items[at] = NULL;
      }
    }
    if (!fr)
      fr = parse_fragment(c->lim, f->path, t + from, to - from);
    if (fr)
      vec_push(&now, fr);
    ok = fr != NULL;
  }
  Node *root = NULL;
  if (ok) {
    // The root mapping where the whole parse puts it: at the first key.
    const LoadedTree *first = now.items[0];
    root = arena_alloc(a, sizeof(Node));
    *root = *first->root;
    root->pos.file = f;
    int total = 0;
    for (int i = 0; i < now.len; i++)
      total += ((LoadedTree *)now.items[i])->root->n;
    root->n = total;
    root->items = arena_alloc(a, sizeof(Node *) * (size_t)total);
    long count = 1;
    int k = 0, line = 0;
    for (int i = 0; i < now.len; i++) {
      const LoadedTree *fr = now.items[i];
      size_t from = (size_t)starts.items[i];
      for (int j = 0; j < fr->root->n; j++)
        root->items[k++] = copy_moved(a, fr->root->items[j], f, from, line, &count);
      line += fr->file->nlines - 1;
    }
    // A key twice at the top, or too many nodes: the whole parse reports it.
    Node **sorted = xmalloc(sizeof(Node *) * (size_t)total);
    memcpy(sorted, root->items, sizeof(Node *) * (size_t)total);
    qsort(sorted, (size_t)total, sizeof(Node *), compare_key_strs);
    for (int i = 1; i < total && root; i++)
      if (strcmp(sorted[i - 1]->key->str, sorted[i]->key->str) == 0)
        root = NULL;
    free(sorted);
    if (count > c->lim->max_nodes)
      root = NULL;
  }
  // Keep this check's pieces for the next one (all of them: a plan that
  // went to load_yaml keeps those parsed cleanly), free the rest.
  for (int k = 0; k < pf->frags.len; k++)
    loaded_tree_release(pf->frags.items[k]);
  vec_free(&pf->frags);
  pf->frags = now;
  vec_free(&starts);
  return root;
}

Node *load_yaml_reusing(TreeCache *c, Arena *a, Diags *d, SrcFile *f, const Limits *lim) {
  Node *root = NULL;
  if (c && !c->shared_only && lim == c->lim) {
    pthread_mutex_lock(&c->lock);
    root = load_by_pieces(c, a, f);
    pthread_mutex_unlock(&c->lock);
  }
  return root ? root : load_yaml(a, d, f, lim);
}
