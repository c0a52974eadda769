// diag.c — diagnostics in the GCC/Clang form.
//
// Consumes positions (file, line, character column, byte span) and messages
// from every stage; produces, on flush,
//
//   plans/x.yaml:42:7: error: unknown agency 'phong-vhxh' [unknown-ref]
//      42 |     lead: phong-vhxh
//         |           ^~~~~~~~~~
//   plans/x.yaml:12:9: note: did you mean 'phong-vh-xh'?
//
// Problems are collected, not fatal (report and continue, like jq): each
// stage reports everything it finds and the driver decides between stages.
// Carets are placed by display width, so they sit right under Vietnamese
// text whatever its byte length.
#include "kehoach.h"

#include <stdlib.h>
#include <string.h>

typedef struct Message {
  Severity sev;
  Pos pos;
  char *rule;
  char *text;
  char *fixit;
  struct Message *notes; // chain of SEV_NOTE messages
  struct Message *next;
  long seq;
  // grouping (diags_set_grouping): the first of a group chains the others
  struct Message *same_next;
  bool in_group; // printed as a place of the group's first message
} Message;

typedef struct RuleOverride {
  char *rule;
  RuleSetting setting;
  struct RuleOverride *next;
} RuleOverride;

struct Diags {
  FILE *out;
  bool color;
  DiagFormat format;
  Vec results;   // SARIF: finished result objects (owned strings)
  Vec counts;    // GitHub: RuleCount*
  Message *head, *tail;
  long seq;
  int errors, warnings;
  int given; // every diagnostic given, kept or dropped (diags_given)
  bool werror;
  RuleOverride *rules;
  bool dropped; // the last diagnostic was suppressed: drop its notes too
  bool group;   // diags_set_grouping
  MessageLang lang;
};

typedef struct RuleCount {
  char *rule;
  int errors, warnings;
} RuleCount;

Diags *diags_new(FILE *out, bool color, DiagFormat format) {
  Diags *d = xcalloc(1, sizeof(Diags));
  d->out = out;
  d->color = color && format == FORMAT_TEXT;
  d->format = format;
  return d;
}

static void message_free(Message *m) {
  while (m) {
    Message *next = m->next;
    message_free(m->notes);
    free(m->rule);
    free(m->text);
    free(m->fixit);
    free(m);
    m = next;
  }
}

void diags_free(Diags *d) {
  if (!d)
    return;
  message_free(d->head);
  for (RuleOverride *r = d->rules, *next; r; r = next) {
    next = r->next;
    free(r->rule);
    free(r);
  }
  for (int i = 0; i < d->results.len; i++)
    free(d->results.items[i]);
  vec_free(&d->results);
  for (int i = 0; i < d->counts.len; i++) {
    RuleCount *c = d->counts.items[i];
    free(c->rule);
    free(c);
  }
  vec_free(&d->counts);
  free(d);
}

void diags_set_rule(Diags *d, const char *rule, RuleSetting s) {
  for (RuleOverride *r = d->rules; r; r = r->next)
    if (strcmp(r->rule, rule) == 0) {
      r->setting = s;
      return;
    }
  RuleOverride *r = xcalloc(1, sizeof(RuleOverride));
  r->rule = xstrdup(rule);
  r->setting = s;
  r->next = d->rules;
  d->rules = r;
}

void diags_default_off(Diags *d, const char *rule) {
  for (RuleOverride *r = d->rules; r; r = r->next)
    if (strcmp(r->rule, rule) == 0)
      return; // the command line decides
  diags_set_rule(d, rule, RULE_OFF);
}

Diags *diags_new_like(const Diags *proto, FILE *out) {
  Diags *d = diags_new(out, proto->color, proto->format);
  d->werror = proto->werror;
  d->lang = proto->lang;
  d->group = proto->group;
  // The same overrides, in the same order (each is pushed at the front).
  Vec rules = {0};
  for (RuleOverride *r = proto->rules; r; r = r->next)
    vec_push(&rules, r);
  for (int i = rules.len - 1; i >= 0; i--) {
    RuleOverride *r = rules.items[i];
    diags_set_rule(d, r->rule, r->setting);
  }
  vec_free(&rules);
  return d;
}

void diags_absorb(Diags *into, Diags *from) {
  into->errors += from->errors;
  into->warnings += from->warnings;
  for (int i = 0; i < from->results.len; i++)
    vec_push(&into->results, from->results.items[i]);
  from->results.len = 0;
  for (int i = 0; i < from->counts.len; i++) {
    RuleCount *c = from->counts.items[i], *mine = NULL;
    for (int j = 0; j < into->counts.len && !mine; j++)
      if (strcmp(((RuleCount *)into->counts.items[j])->rule, c->rule) == 0)
        mine = into->counts.items[j];
    if (mine) {
      mine->errors += c->errors;
      mine->warnings += c->warnings;
      free(c->rule);
      free(c);
    } else {
      vec_push(&into->counts, c);
    }
  }
  from->counts.len = 0;
  from->errors = from->warnings = 0;
}

void diags_set_werror(Diags *d, bool on) { d->werror = on; }
void diags_set_lang(Diags *d, MessageLang lang) { d->lang = lang; }
MessageLang diags_lang(const Diags *d) { return d->lang; }

static RuleSetting rule_setting(const Diags *d, const char *rule) {
  for (const RuleOverride *r = d->rules; r; r = r->next)
    if (strcmp(r->rule, rule) == 0)
      return r->setting;
  return RULE_DEFAULT;
}

bool diags_rule_enabled(const Diags *d, const char *rule) {
  return rule_setting(d, rule) != RULE_OFF;
}

// True when the plan suppresses `rule` at pos with a YAML comment on the
// same line or the line above: "# kehoach: ignore doubled-word".
static bool suppressed_in_source(const Pos *pos, const char *rule) {
  const SrcFile *f = pos->file;
  if (!f || !f->has_ignore || pos->line < 1 || pos->line > f->nlines)
    return false;
  for (int line = pos->line; line >= pos->line - 1 && line >= 1; line--) {
    size_t start = f->line_start[line - 1];
    size_t end = line < f->nlines ? f->line_start[line] : f->len;
    const char *text = f->text + start;
    size_t n = end - start;
    const char *mark = memmem(text, n, "# kehoach: ignore ", 18);
    if (!mark)
      continue;
    const char *list = mark + 18;
    size_t left = n - (size_t)(list - text);
    size_t rlen = strlen(rule);
    for (size_t i = 0; i + rlen <= left && list[i] != '\n'; i++)
      if (strncmp(list + i, rule, rlen) == 0 &&
          (i == 0 || list[i - 1] == ' ' || list[i - 1] == ',') &&
          (i + rlen == left || strchr(" ,\r\n", list[i + rlen])))
        return true;
  }
  return false;
}


// A new message at the end of d's list, its text not yet set; NULL when
// the rule is off or silenced in the source (d->dropped).
static Message *diag_begin(Diags *d, Severity sev, Pos pos, const char *rule) {
  d->given++;
  if (sev == SEV_WARNING) {
    RuleSetting s = rule_setting(d, rule);
    d->dropped = s == RULE_OFF || suppressed_in_source(&pos, rule);
    if (d->dropped)
      return NULL;
    // A rule registered as an error ("syllable") is reported as one unless
    // the run asks for it as a warning (-Wsyllable) or silences it.
    const RuleInfo *r = s == RULE_DEFAULT ? rule_find(rule) : NULL;
    if (s == RULE_ERROR || d->werror || (r && r->severity == SEV_ERROR))
      sev = SEV_ERROR;
  } else {
    d->dropped = false;
  }
  Message *m = xcalloc(1, sizeof(Message));
  m->sev = sev;
  m->pos = pos;
  m->rule = xstrdup(rule);
  m->seq = d->seq++;
  if (d->tail)
    d->tail->next = m;
  else
    d->head = m;
  d->tail = m;
  if (sev == SEV_ERROR)
    d->errors++;
  else if (sev == SEV_WARNING)
    d->warnings++;
  return m;
}

void vdiag(Diags *d, Severity sev, Pos pos, const char *rule, const char *fmt,
           va_list ap) {
  Message *m = diag_begin(d, sev, pos, rule);
  if (m)
    m->text = message_vformat(d->lang, fmt, ap);
}

char *diags_vformat(const Diags *d, const char *fmt, va_list ap) {
  return message_vformat(d->lang, fmt, ap);
}

void diag_text(Diags *d, Severity sev, Pos pos, const char *rule, const char *text) {
  Message *m = diag_begin(d, sev, pos, rule);
  if (m)
    m->text = xstrdup(text);
}

void diag(Diags *d, Severity sev, Pos pos, const char *rule, const char *fmt,
          ...) {
  va_list ap;
  va_start(ap, fmt);
  vdiag(d, sev, pos, rule, fmt, ap);
  va_end(ap);
}

// A note at the end of the last message's notes, its text not yet set;
// NULL when there is no last message or it was dropped.
static Message *note_begin(Diags *d, Pos pos) {
  if (!d->tail || d->dropped)
    return NULL;
  Message *n = xcalloc(1, sizeof(Message));
  n->sev = SEV_NOTE;
  n->pos = pos;
  Message **p = &d->tail->notes;
  while (*p)
    p = &(*p)->next;
  *p = n;
  return n;
}

void diag_note(Diags *d, Pos pos, const char *fmt, ...) {
  Message *n = note_begin(d, pos);
  if (!n)
    return;
  va_list ap;
  va_start(ap, fmt);
  n->text = message_vformat(d->lang, fmt, ap);
  va_end(ap);
}

void diag_note_text(Diags *d, Pos pos, const char *text) {
  Message *n = note_begin(d, pos);
  if (n)
    n->text = xstrdup(text);
}

void diag_fixit(Diags *d, const char *replacement) {
  if (!d->tail || d->dropped)
    return;
  free(d->tail->fixit);
  d->tail->fixit = xstrdup(replacement);
}

static bool rule_listed(const char *rule, const char *const *rules) {
  for (int i = 0; rule && rules[i]; i++)
    if (strcmp(rule, rules[i]) == 0)
      return true;
  return false;
}

static void add_note(Message *m, MessageLang lang, Pos pos, const char *text) {
  Message *n = xcalloc(1, sizeof(Message));
  n->sev = SEV_NOTE;
  n->pos = pos;
  n->text = message_format(lang, "%s", text);
  Message **p = &m->notes;
  while (*p)
    p = &(*p)->next;
  *p = n;
}

static int compare_fixits(const void *a, const void *b) {
  const FixIt *x = *(FixIt *const *)a, *y = *(FixIt *const *)b;
  if (x->file != y->file)
    return x->file < y->file ? -1 : 1;
  return x->off < y->off ? -1 : x->off > y->off;
}

void diags_collect_fixits(Diags *d, const char *const *rules, Vec *out) {
  for (Message *m = d->head; m; m = m->next) {
    if (!rule_listed(m->rule, rules) || !m->pos.file)
      continue;
    if (!m->fixit) {
      add_note(m, d->lang, m->pos,
               "không tự sửa được: đoạn văn bản này trong tệp YAML có ký tự thoát "
               "hoặc bị gấp dòng; hãy sửa tay / cannot be fixed automatically: the "
               "text is escaped or folded in the YAML file; fix it by hand");
      continue;
    }
    FixIt *f = xmalloc(sizeof *f);
    *f = (FixIt){.file = m->pos.file, .off = m->pos.off, .len = m->pos.len,
                 .text = m->fixit, .msg = m};
    vec_push(out, f);
  }
  if (out->len)
    qsort(out->items, (size_t)out->len, sizeof(void *), compare_fixits);
}

void diags_note_fixit(Diags *d, const FixIt *f, const char *text) {
  add_note(f->msg, d->lang, f->msg->pos, text);
}

int diags_errors(const Diags *d) { return d->errors; }
int diags_warnings(const Diags *d) { return d->warnings; }
int diags_given(const Diags *d) { return d->given; }

//
// Printing
//

static const char *severity_name(Severity s) {
  switch (s) {
  case SEV_ERROR:
    return "error";
  case SEV_WARNING:
    return "warning";
  default:
    return "note";
  }
}

static const char *severity_color(Severity s) {
  switch (s) {
  case SEV_ERROR:
    return "\033[1;31m";
  case SEV_WARNING:
    return "\033[1;35m";
  default:
    return "\033[1;36m";
  }
}

// The bytes of line `line` (1-based) without its newline.
static const char *line_text(const SrcFile *f, int line, size_t *len) {
  size_t start = f->line_start[line - 1];
  size_t end = line < f->nlines ? f->line_start[line] : f->len; // from the table:
  while (end > start && (f->text[end - 1] == '\n' || f->text[end - 1] == '\r'))
    end--; // not a walk along a long line for each of its messages
  *len = end - start;
  return f->text + start;
}

enum { EXCERPT_MAX = 120 }; // characters of a long line shown around the caret

// Appends bytes [from, to) of a line for display (text_put_visible: no
// control character reaches the terminal). Returns the display width.
static int shown_text(Buf *b, const char *text, size_t from, size_t to) {
  return text_put_visible(b, text + from, to - from);
}

// Prints s with its control characters made visible.
static void put_visible(FILE *out, const char *s) {
  Buf b;
  buf_init(&b);
  text_put_visible(&b, s, strlen(s));
  fputs(b.data ? b.data : "", out);
  buf_free(&b);
}

// Moves back or forward over `chars` characters from byte offset i.
static size_t skip_chars(const char *text, size_t len, size_t i, int chars) {
  if (chars < 0) {
    while (i > 0 && chars < 0) {
      i--;
      if (((unsigned char)text[i] & 0xC0) != 0x80)
        chars++;
    }
    return i;
  }
  while (i < len && chars > 0) {
    i++;
    while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
      i++;
    chars--;
  }
  return i;
}

// Prints the source line (a window of it when long), a caret under the span
// and the fix-it, in GCC's gutter layout.
static void print_excerpt(FILE *out, const Message *m) {
  const Pos *p = &m->pos;
  if (!p->file || p->line < 1 || p->line > p->file->nlines)
    return;
  size_t len;
  const char *text = line_text(p->file, p->line, &len);
  size_t line_off = p->file->line_start[p->line - 1];
  size_t col_off = p->off >= line_off && p->off <= line_off + len
                       ? p->off - line_off
                       : 0;
  size_t from = 0, to = len;
  if (len > EXCERPT_MAX && skip_chars(text, len, 0, EXCERPT_MAX + 1) < len) {
    // (counted only as far as the window: a line of a megabyte is not
    // walked whole for each of its diagnostics)
    from = skip_chars(text, len, col_off, -EXCERPT_MAX / 3);
    to = skip_chars(text, len, from, EXCERPT_MAX);
  }
  Buf shown;
  buf_init(&shown);
  if (from > 0)
    buf_puts(&shown, "…");
  int pad = shown_text(&shown, text, from, col_off) + (from > 0);
  shown_text(&shown, text, col_off, to);
  if (to < len)
    buf_puts(&shown, "…");
  fprintf(out, "%5d | %s\n", p->line, shown.data ? shown.data : "");
  size_t span = p->len;
  if (col_off + span > to)
    span = to > col_off ? to - col_off : 0;
  Buf scratch;
  buf_init(&scratch);
  int width = span ? shown_text(&scratch, text, col_off, col_off + span) : 1;
  buf_free(&scratch);
  if (width < 1)
    width = 1;
  fprintf(out, "      | %*s^", pad, "");
  for (int i = 1; i < width; i++)
    fputc('~', out);
  fputc('\n', out);
  if (m->fixit) {
    fprintf(out, "      | %*s", pad, "");
    put_visible(out, m->fixit);
    fputc('\n', out);
  }
  buf_free(&shown);
}

static void print_location(FILE *out, const Pos *p) {
  if (p->file)
    put_visible(out, p->file->path);
  if (p->file && p->line > 0)
    fprintf(out, ":%d:%d: ", p->line, p->col);
  else if (p->file)
    fputs(": ", out);
  else
    fputs("kehoach: ", out);
}

static void print_note(Diags *d, const Pos *pos, const char *text) {
  print_location(d->out, pos);
  if (d->color)
    fprintf(d->out, "%snote:\033[0m ", severity_color(SEV_NOTE));
  else
    fputs("note: ", d->out);
  put_visible(d->out, text);
  fputc('\n', d->out);
}

// The text format: plan text quoted in a message, a file name, the source
// line: none of it may drive the terminal (escape sequences, bidi
// overrides), so every control character prints as <U+XXXX>.
static void print_message(Diags *d, const Message *m) {
  print_location(d->out, &m->pos);
  if (d->color)
    fprintf(d->out, "%s%s:\033[0m \033[1m", severity_color(m->sev), severity_name(m->sev));
  else
    fprintf(d->out, "%s: ", severity_name(m->sev));
  put_visible(d->out, m->text);
  if (d->color)
    fputs("\033[0m", d->out);
  if (m->rule)
    fprintf(d->out, " [%s]", m->rule);
  fputc('\n', d->out);
  print_excerpt(d->out, m);
  for (const Message *n = m->notes; n; n = n->next)
    print_note(d, &n->pos, n->text);
}

//
// Machine-readable formats
//

// A JSON string; control characters (text_is_control) as \u escapes, so a
// reader that prints a value does not pass them on raw.
static void json_string(Buf *b, const char *s) {
  buf_putc(b, '"');
  size_t n = s ? strlen(s) : 0;
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    int32_t cp;
    int len = c < 0x80 ? 1 : utf8_decode(s + i, n - i, &cp);
    if (c < 0x80)
      cp = c;
    if (len < 0) { // not UTF-8: U+FFFD
      buf_puts(b, "\\ufffd");
      i++;
      continue;
    }
    if (cp == '"' || cp == '\\')
      buf_printf(b, "\\%c", (char)cp);
    else if (cp == '\n')
      buf_puts(b, "\\n");
    else if (cp == '\t')
      buf_puts(b, "\\t");
    else if (text_is_control(cp))
      buf_printf(b, "\\u%04x", (unsigned)cp);
    else
      buf_put(b, s + i, (size_t)len);
    i += (size_t)len;
  }
  buf_putc(b, '"');
}

// End column (1-based, exclusive) of a span on its first line.
static int end_column(const Pos *p) {
  const SrcFile *f = p->file;
  size_t line_end = p->off;
  while (line_end < f->len && line_end < p->off + p->len && f->text[line_end] != '\n')
    line_end++;
  int end = p->col + (int)utf8_count(f->text + p->off, line_end - p->off);
  return end > p->col ? end : p->col + 1;
}

static void json_location(Buf *b, const Pos *p) {
  buf_puts(b, "\"file\":");
  json_string(b, p->file ? p->file->path : NULL);
  if (p->file && p->line > 0)
    buf_printf(b, ",\"line\":%d,\"column\":%d,\"end_column\":%d", p->line,
               p->col, end_column(p));
}

static void print_json(Diags *d, const Message *m) {
  Buf b;
  buf_init(&b);
  buf_puts(&b, "{");
  json_location(&b, &m->pos);
  buf_printf(&b, ",\"severity\":\"%s\",\"rule\":", severity_name(m->sev));
  json_string(&b, m->rule);
  buf_puts(&b, ",\"message\":");
  json_string(&b, m->text);
  if (m->fixit) {
    buf_puts(&b, ",\"fixit\":");
    json_string(&b, m->fixit);
  }
  buf_puts(&b, ",\"notes\":[");
  for (const Message *n = m->notes; n; n = n->next) {
    buf_puts(&b, n == m->notes ? "{" : ",{");
    json_location(&b, &n->pos);
    buf_puts(&b, ",\"message\":");
    json_string(&b, n->text);
    buf_puts(&b, "}");
  }
  buf_puts(&b, "]}\n");
  fputs(b.data, d->out);
  buf_free(&b);
}

static void sarif_location(Buf *b, const Pos *p, const char *message) {
  buf_puts(b, "{\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
  json_string(b, p->file->path);
  buf_puts(b, "}");
  if (p->line > 0)
    buf_printf(b, ",\"region\":{\"startLine\":%d,\"startColumn\":%d,\"endColumn\":%d}",
               p->line, p->col, end_column(p));
  buf_puts(b, "}");
  if (message) {
    buf_puts(b, ",\"message\":{\"text\":");
    json_string(b, message);
    buf_puts(b, "}");
  }
  buf_puts(b, "}");
}

static void collect_sarif(Diags *d, const Message *m) {
  Buf b;
  buf_init(&b);
  buf_puts(&b, "{\"ruleId\":");
  json_string(&b, m->rule);
  buf_printf(&b, ",\"level\":\"%s\",\"message\":{\"text\":",
             m->sev == SEV_ERROR ? "error" : "warning");
  json_string(&b, m->text);
  buf_puts(&b, "},\"locations\":[");
  if (m->pos.file)
    sarif_location(&b, &m->pos, NULL);
  buf_puts(&b, "],\"relatedLocations\":[");
  bool first = true;
  for (const Message *n = m->notes; n; n = n->next)
    if (n->pos.file) {
      if (!first)
        buf_putc(&b, ',');
      sarif_location(&b, &n->pos, n->text);
      first = false;
    }
  buf_puts(&b, "]}");
  vec_push(&d->results, b.data);
}

// Escapes a GitHub workflow command's data (%, CR, LF) or property (also : ,).
// A workflow command's value: its own escapes (%, CR, LF; ':' and ',' in a
// property), and control characters made visible like the text format's.
static void github_escape(FILE *out, const char *s, bool property) {
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    char c = s[i];
    int32_t cp = (unsigned char)c;
    int len = (unsigned char)c < 0x80 ? 1 : utf8_decode(s + i, n - i, &cp);
    if (c == '%')
      fputs("%25", out);
    else if (c == '\r')
      fputs("%0D", out);
    else if (c == '\n')
      fputs("%0A", out);
    else if (property && c == ':')
      fputs("%3A", out);
    else if (property && c == ',')
      fputs("%2C", out);
    else if (len < 0)
      fprintf(out, "<%02X>", (unsigned char)c), len = 1;
    else if (text_is_control(cp))
      fprintf(out, "<U+%04X>", (unsigned)cp);
    else
      fwrite(s + i, 1, (size_t)len, out);
    i += (size_t)len;
  }
}

static void count_rule(Diags *d, const Message *m) {
  RuleCount *c = NULL;
  for (int i = 0; i < d->counts.len && !c; i++)
    if (strcmp(((RuleCount *)d->counts.items[i])->rule, m->rule) == 0)
      c = d->counts.items[i];
  if (!c) {
    c = xcalloc(1, sizeof(RuleCount));
    c->rule = xstrdup(m->rule);
    vec_push(&d->counts, c);
  }
  if (m->sev == SEV_ERROR)
    c->errors++;
  else
    c->warnings++;
}

static void print_github(Diags *d, const Message *m) {
  fprintf(d->out, "::%s ", m->sev == SEV_ERROR ? "error" : "warning");
  if (m->pos.file) {
    fputs("file=", d->out);
    github_escape(d->out, m->pos.file->path, true);
    if (m->pos.line > 0)
      fprintf(d->out, ",line=%d,col=%d,endColumn=%d", m->pos.line, m->pos.col,
              end_column(&m->pos));
    fputc(',', d->out);
  }
  fputs("title=", d->out);
  github_escape(d->out, m->rule, true);
  fputs("::", d->out);
  github_escape(d->out, m->text, false);
  for (const Message *n = m->notes; n; n = n->next) {
    fputs("%0A", d->out);
    github_escape(d->out, n->text, false);
  }
  fputc('\n', d->out);
  count_rule(d, m);
}

static int compare_counts(const void *a, const void *b) {
  return strcmp((*(RuleCount *const *)a)->rule, (*(RuleCount *const *)b)->rule);
}

// GitHub shows only about ten annotations per step: a table of all of them.
static void github_summary(Diags *d) {
  if (!d->counts.len)
    return;
  qsort(d->counts.items, (size_t)d->counts.len, sizeof(void *), compare_counts);
  Buf b;
  buf_init(&b);
  buf_puts(&b, "| Quy tắc / rule | Lỗi / errors | Cảnh báo / warnings |\n|---|---:|---:|\n");
  for (int i = 0; i < d->counts.len; i++) {
    const RuleCount *c = d->counts.items[i];
    buf_printf(&b, "| `%s` | %d | %d |\n", c->rule, c->errors, c->warnings);
  }
  buf_printf(&b, "| **tổng / total** | %d | %d |\n", d->errors, d->warnings);
  fputs(b.data, d->out);
  const char *summary = getenv("GITHUB_STEP_SUMMARY");
  FILE *f = summary && *summary ? fopen(summary, "a") : NULL;
  if (f) {
    fputs(b.data, f);
    fclose(f);
  }
  buf_free(&b);
}

static void print_sarif(Diags *d) {
  Buf b;
  buf_init(&b);
  buf_puts(&b, "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
               "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{"
               "\"name\":\"kehoach\",\"version\":\"" KEHOACH_VERSION "\","
               "\"rules\":[");
  for (const RuleInfo *r = RULES; r->id; r++) {
    buf_puts(&b, r == RULES ? "{\"id\":" : ",{\"id\":");
    json_string(&b, r->id);
    buf_puts(&b, ",\"shortDescription\":{\"text\":");
    json_string(&b, r->summary);
    buf_putc(&b, '}');
    const RuleHelp *h = rule_help(r->id);
    if (h) {
      buf_puts(&b, ",\"fullDescription\":{\"text\":");
      json_string(&b, h->description);
      buf_puts(&b, "},\"help\":{\"text\":");
      json_string(&b, h->text);
      buf_puts(&b, ",\"markdown\":");
      json_string(&b, h->markdown);
      buf_puts(&b, "},\"helpUri\":");
      Buf uri;
      buf_init(&uri);
      buf_printf(&uri, "%s#%s", RULES_URL, r->id);
      json_string(&b, uri.data);
      buf_free(&uri);
    }
    buf_printf(&b, ",\"defaultConfiguration\":{\"level\":\"%s\",\"enabled\":%s}}",
               r->severity == SEV_ERROR ? "error" : "warning",
               r->default_on ? "true" : "false");
  }
  buf_puts(&b, "]}},\"results\":[");
  for (int i = 0; i < d->results.len; i++) {
    if (i)
      buf_putc(&b, ',');
    buf_puts(&b, d->results.items[i]);
  }
  buf_puts(&b, "]}]}\n");
  fputs(b.data, d->out);
  buf_free(&b);
}

void diags_finish(Diags *d) {
  if (d->format == FORMAT_SARIF)
    print_sarif(d);
  else if (d->format == FORMAT_GITHUB)
    github_summary(d);
  fflush(d->out);
}

static void emit(Diags *d, const Message *m) {
  switch (d->format) {
  case FORMAT_JSON:
    print_json(d, m);
    break;
  case FORMAT_SARIF:
    collect_sarif(d, m);
    break;
  case FORMAT_GITHUB:
    print_github(d, m);
    break;
  default:
    print_message(d, m);
    break;
  }
}

static int compare_messages(const void *a, const void *b) {
  const Message *x = *(Message *const *)a, *y = *(Message *const *)b;
  const char *fx = x->pos.file ? x->pos.file->path : "";
  const char *fy = y->pos.file ? y->pos.file->path : "";
  int c = strcmp(fx, fy);
  if (c)
    return c;
  if (x->pos.line != y->pos.line)
    return x->pos.line < y->pos.line ? -1 : 1;
  if (x->pos.col != y->pos.col)
    return x->pos.col < y->pos.col ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void diags_set_grouping(Diags *d, bool on) { d->group = on; }

// Messages that group: same file, severity, rule and text; then in the
// order they print (seq breaks ties: the sort is total).
static int compare_same(const void *a, const void *b) {
  const Message *x = *(Message *const *)a, *y = *(Message *const *)b;
  const char *fx = x->pos.file ? x->pos.file->path : "";
  const char *fy = y->pos.file ? y->pos.file->path : "";
  int c = strcmp(fx, fy);
  if (!c && x->sev != y->sev)
    c = x->sev < y->sev ? -1 : 1;
  if (!c)
    c = strcmp(x->rule ? x->rule : "", y->rule ? y->rule : "");
  if (!c)
    c = strcmp(x->text, y->text);
  return c ? c : compare_messages(a, b);
}

static bool same_message(const Message *x, const Message *y) {
  return x->pos.file == y->pos.file && x->sev == y->sev && x->rule && y->rule &&
         strcmp(x->rule, y->rule) == 0 && strcmp(x->text, y->text) == 0;
}

enum {
  GROUP_MIN = 3,          // a message said this many times or more groups
  GROUP_PLACES_SHOWN = 3, // places listed as notes before "and N more"
};

// Chains each group's later messages to its first (sorted is all the
// messages in print order); n log n, whatever the number of messages.
static void find_groups(Vec *sorted) {
  Vec by_key = {0};
  for (int i = 0; i < sorted->len; i++)
    vec_push(&by_key, sorted->items[i]);
  if (by_key.len > 1) // qsort's array may not be NULL, even for none (UBSan)
    qsort(by_key.items, (size_t)by_key.len, sizeof(void *), compare_same);
  for (int i = 0; i < by_key.len;) {
    int end = i + 1;
    while (end < by_key.len && same_message(by_key.items[i], by_key.items[end]))
      end++;
    Message *first = by_key.items[i];
    first->same_next = NULL;
    first->in_group = false;
    for (int k = i + 1; k < end; k++) {
      Message *m = by_key.items[k];
      m->same_next = NULL;
      m->in_group = end - i >= GROUP_MIN;
      if (m->in_group)
        ((Message *)by_key.items[k - 1])->same_next = m;
    }
    i = end;
  }
  vec_free(&by_key);
}

// The other places of a group, as notes after its first message.
static void print_group_places(Diags *d, const Message *m) {
  int shown = 0, more = 0, others = 0;
  for (const Message *o = m->same_next; o; o = o->same_next)
    others++;
  // "and 1 more" would take the line the place itself takes
  int limit = others == GROUP_PLACES_SHOWN + 1 ? others : GROUP_PLACES_SHOWN;
  char *also = message_format(d->lang, "cũng ở đây / also here");
  for (const Message *o = m->same_next; o; o = o->same_next) {
    if (shown < limit) {
      print_note(d, &o->pos, also);
      shown++;
    } else
      more++;
  }
  free(also);
  if (more) {
    char *line = message_format(d->lang,
                                "và %d chỗ khác (-v in đủ từng chỗ) / and %d more (-v "
                                "prints every one)",
                                more, more);
    print_note(d, &m->pos, line);
    free(line);
  }
}

void diags_flush(Diags *d) {
  Vec all = {0};
  for (Message *m = d->head; m; m = m->next)
    vec_push(&all, m);
  if (all.len)
    qsort(all.items, (size_t)all.len, sizeof(void *), compare_messages);
  bool group = d->group && d->format == FORMAT_TEXT;
  if (group)
    find_groups(&all);
  for (int i = 0; i < all.len; i++) {
    const Message *m = all.items[i];
    if (group && m->in_group)
      continue;
    emit(d, m);
    if (group)
      print_group_places(d, m);
  }
  fflush(d->out);
  vec_free(&all);
  message_free(d->head);
  d->head = d->tail = NULL;
}

const char *diags_apply_warnings(Diags *d, const char *const *args, int n) {
  for (int i = 0; i < n; i++) {
    const char *w = args[i];
    if (w[0] == '-' && w[1] == 'W') // "-Wno-x" as well as "no-x"
      w += 2;
    RuleSetting s = RULE_ON;
    if (strcmp(w, "error") == 0) {
      diags_set_werror(d, true);
      continue;
    }
    if (strncmp(w, "error=", 6) == 0)
      s = RULE_ERROR, w += 6;
    else if (strncmp(w, "no-", 3) == 0)
      s = RULE_OFF, w += 3;
    if (!rule_find(w))
      return w;
    diags_set_rule(d, w, s);
  }
  for (const RuleInfo *r = RULES; r->id; r++)
    if (!r->default_on)
      diags_default_off(d, r->id);
  return NULL;
}

void diags_take(Diags *d, void (*fn)(void *user, const DiagInfo *info), void *user) {
  Vec all = {0};
  for (Message *m = d->head; m; m = m->next)
    vec_push(&all, m);
  if (all.len)
    qsort(all.items, (size_t)all.len, sizeof(void *), compare_messages);
  Vec note_pos = {0}, note_text = {0};
  for (int i = 0; i < all.len; i++) {
    const Message *m = all.items[i];
    note_pos.len = note_text.len = 0;
    for (const Message *n = m->notes; n; n = n->next) {
      vec_push(&note_pos, (void *)&n->pos);
      vec_push(&note_text, n->text);
    }
    DiagInfo info = {.sev = m->sev, .pos = m->pos, .rule = m->rule, .text = m->text,
                     .fixit = m->fixit, .nnotes = note_pos.len,
                     .note_pos = (const Pos *const *)note_pos.items,
                     .note_text = (const char *const *)note_text.items};
    fn(user, &info);
  }
  vec_free(&note_pos);
  vec_free(&note_text);
  vec_free(&all);
  message_free(d->head);
  d->head = d->tail = NULL;
}
