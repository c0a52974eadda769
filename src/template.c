// template.c — reads a document template (templates/NAME.tmpl).
//
// Consumes a template file; produces its list of directives. A template is
// line based: "@directive [key=value ...] text", a plain line is a paragraph
// of text, "#" starts a comment. Templates can name parts of the plan and
// hold fixed wording with {{variables}}; they have no way to read files or
// run commands, because the language has no such directive. See
// templates/README.md for the directives.
#include "kehoach.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
  const char *name;
  TplKind kind;
} DIRECTIVES[] = {
    {"header", TPL_HEADER}, {"title", TPL_TITLE},   {"section", TPL_SECTION},
    {"khoan", TPL_KHOAN},   {"block", TPL_BLOCK},   {"label", TPL_LABEL},
    {"end", TPL_END},       {"if", TPL_IF},         {"else", TPL_ELSE},
    {"endif", TPL_ENDIF},   {"text", TPL_TEXT},
};

typedef struct TplParser {
  Arena *a;
  Diags *d;
  SrcFile *f;
  TplLine **tail;
  int if_depth;
  int fixed[3]; // counts of @header, @title, @end
  int nlines;
} TplParser;

static char *trim(Arena *a, const char *s, size_t n) {
  while (n && (*s == ' ' || *s == '\t'))
    s++, n--;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
    n--;
  return arena_strndup(a, s, n);
}

// Takes "key=value" options off the front of s.
static char *take_options(TplParser *tp, TplLine *l, char *s) {
  for (;;) {
    const char *keys[] = {"if=", "id=", "numbering="};
    const char **slots[] = {&l->cond, &l->id, &l->numbering};
    bool took = false;
    for (int i = 0; i < 3; i++) {
      size_t n = strlen(keys[i]);
      if (strncmp(s, keys[i], n) != 0)
        continue;
      char *end = strchr(s, ' ');
      *slots[i] = arena_strndup(tp->a, s + n,
                                end ? (size_t)(end - s) - n : strlen(s) - n);
      s = end ? end + 1 : s + strlen(s);
      while (*s == ' ')
        s++;
      took = true;
    }
    if (!took)
      return s;
  }
}

// The did-you-mean note of a name the plan's vocabulary does not have.
static void note_closest(TplParser *tp, const TplLine *l, const char *near) {
  if (near)
    diag_note(tp->d, l->pos, "có phải là '%s'? / did you mean '%s'?", near, near);
}

// A condition ("tasks", "!period") names a part of the plan.
static void check_condition(TplParser *tp, const TplLine *l, const char *cond) {
  const char *name = cond + (cond[0] == '!');
  if (plan_part(name, PART_CONDITION))
    return;
  diag(tp->d, SEV_ERROR, l->pos, "template",
       "điều kiện lạ '%s' / unknown template condition '%s'", name, name);
  note_closest(tp, l, plan_part_closest(name, PART_CONDITION));
}

static const char *const FILTERS[] = {"lc1", "uc", NULL};

// Every {{variable|filter}} of the line is one the templates have.
static void check_variables(TplParser *tp, const TplLine *l) {
  for (const char *s = l->text; s && (s = strstr(s, "{{"));) {
    const char *close = strstr(s, "}}");
    if (!close)
      return;
    char *expr = arena_strndup(tp->a, s + 2, (size_t)(close - s - 2));
    char *bar = strchr(expr, '|');
    if (bar)
      *bar++ = '\0';
    if (!template_variable_known(expr)) {
      Closest c = closest_init(expr);
      for (int i = 0; TEMPLATE_VARIABLES[i]; i++)
        closest_offer(&c, TEMPLATE_VARIABLES[i]);
      diag(tp->d, SEV_ERROR, l->pos, "template",
           "biến mẫu lạ '{{%s}}' / unknown template variable '{{%s}}'", expr, expr);
      note_closest(tp, l, closest_result(&c));
    }
    bool filter_ok = !bar || strncmp(bar, "or:", 3) == 0;
    for (int i = 0; bar && FILTERS[i]; i++)
      filter_ok |= strcmp(bar, FILTERS[i]) == 0;
    if (!filter_ok)
      diag(tp->d, SEV_ERROR, l->pos, "template",
           "bộ lọc mẫu lạ '%s' (lc1, uc, or:...) / unknown template filter '%s' "
           "(lc1, uc, or:...)",
           bar, bar);
    s = close + 2;
  }
}

static void parse_directive(TplParser *tp, TplLine *l, char *rest) {
  size_t n = strcspn(rest, " ");
  char *word = arena_strndup(tp->a, rest, n);
  rest += n;
  while (*rest == ' ')
    rest++;
  for (size_t i = 0; i < sizeof DIRECTIVES / sizeof DIRECTIVES[0]; i++)
    if (strcmp(word, DIRECTIVES[i].name) == 0) {
      l->kind = DIRECTIVES[i].kind;
      rest = take_options(tp, l, rest);
      if (l->kind == TPL_BLOCK || l->kind == TPL_LABEL || l->kind == TPL_IF) {
        size_t k = strcspn(rest, " ");
        l->arg = arena_strndup(tp->a, rest, k);
        rest += k;
        while (*rest == ' ')
          rest++;
        rest = take_options(tp, l, rest);
      }
      l->text = rest;
      return;
    }
  diag(tp->d, SEV_ERROR, l->pos, "template",
       "chỉ thị mẫu lạ '@%s' / unknown template directive '@%s'", word, word);
  l->kind = TPL_TEXT;
  l->text = "";
}

// Checks one parsed line: block names, @if nesting, fixed parts.
static void check_line(TplParser *tp, const TplLine *l) {
  if (l->cond)
    check_condition(tp, l, l->cond);
  check_variables(tp, l);
  switch (l->kind) {
  case TPL_BLOCK:
    if (!plan_part(l->arg, PART_BLOCK)) {
      diag(tp->d, SEV_ERROR, l->pos, "template",
           "phần '%s' không có trong kế hoạch / unknown plan part '%s'", l->arg,
           l->arg);
      note_closest(tp, l, plan_part_closest(l->arg, PART_BLOCK));
    }
    break;
  case TPL_LABEL:
    if (!plan_label(l->arg)) {
      diag(tp->d, SEV_ERROR, l->pos, "template",
           "nhãn lạ '%s' / unknown label '%s'", l->arg, l->arg);
      note_closest(tp, l, plan_label_closest(l->arg));
    }
    break;
  case TPL_IF:
    check_condition(tp, l, l->arg);
    tp->if_depth++;
    break;
  case TPL_ELSE:
  case TPL_ENDIF:
    if (tp->if_depth == 0)
      diag(tp->d, SEV_ERROR, l->pos, "template",
           "@%s không có @if / @%s without @if",
           l->kind == TPL_ELSE ? "else" : "endif",
           l->kind == TPL_ELSE ? "else" : "endif");
    else if (l->kind == TPL_ENDIF)
      tp->if_depth--;
    break;
  case TPL_HEADER:
    tp->fixed[0]++;
    break;
  case TPL_TITLE:
    tp->fixed[1]++;
    break;
  case TPL_END:
    tp->fixed[2]++;
    break;
  default:
    break;
  }
}

static void parse_lines(TplParser *tp) {
  SrcFile *f = tp->f;
  for (int i = 0; i < f->nlines; i++) {
    size_t start = f->line_start[i];
    size_t end = i + 1 < f->nlines ? f->line_start[i + 1] : f->len;
    char *line = trim(tp->a, f->text + start, end - start);
    size_t len = strlen(line);
    if (len && line[len - 1] == '\n')
      line[--len] = '\0';
    if (!*line || *line == '#')
      continue;
    TplLine *l = arena_alloc(tp->a, sizeof(TplLine));
    l->pos = srcfile_pos(f, start, len);
    l->index = tp->nlines++;
    if (*line == '@')
      parse_directive(tp, l, line + 1);
    else {
      l->kind = TPL_TEXT;
      l->text = line;
    }
    check_line(tp, l);
    *tp->tail = l;
    tp->tail = &l->next;
  }
}

static void check_fixed_parts(TplParser *tp) {
  static const char *const names[] = {"@header", "@title", "@end"};
  for (int i = 0; i < 3; i++)
    if (tp->fixed[i] != 1)
      diag(tp->d, SEV_ERROR, srcfile_pos(tp->f, 0, 0), "template",
           "mẫu phải có đúng một %s / a template needs exactly one %s",
           names[i], names[i]);
  if (tp->if_depth)
    diag(tp->d, SEV_ERROR, srcfile_pos(tp->f, tp->f->len, 0), "template",
         "thiếu @endif / missing @endif");
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

// Notes the templates that exist, so a typo is easy to fix.
static void note_available(Arena *a, Diags *d, Pos from, const char *const *dirs,
                           int ndirs) {
  Vec names = {0};
  for (int i = 0; i < ndirs; i++) {
    DIR *dir = opendir(dirs[i]);
    if (!dir)
      continue;
    for (struct dirent *ent; (ent = readdir(dir));) {
      size_t n = strlen(ent->d_name);
      if (n > 5 && strcmp(ent->d_name + n - 5, ".tmpl") == 0)
        vec_push(&names, arena_strndup(a, ent->d_name, n - 5));
    }
    closedir(dir);
  }
  if (names.len) {
    qsort(names.items, (size_t)names.len, sizeof(char *), compare_strings);
    Buf b;
    buf_init(&b);
    for (int i = 0; i < names.len; i++)
      if (i == 0 || strcmp(names.items[i], names.items[i - 1]) != 0)
        buf_printf(&b, "%s%s", b.len ? ", " : "", (char *)names.items[i]);
    diag_note(d, from, "các mẫu có sẵn: %s / available templates: %s", b.data, b.data);
    buf_free(&b);
  }
  vec_free(&names);
  // Named from the current directory when inside it (messages that do not
  // depend on where the repository was cloned).
  char *cwd = getcwd(NULL, 0);
  size_t cl = cwd ? strlen(cwd) : 0;
  Buf where;
  buf_init(&where);
  for (int i = 0; i < ndirs; i++) {
    const char *shown = dirs[i];
    if (cwd && strncmp(shown, cwd, cl) == 0 && shown[cl] == '/')
      shown += cl + 1;
    buf_printf(&where, "%s%s", i ? ", " : "", shown);
  }
  free(cwd);
  diag_note(d, from,
            "đã tìm NAME.tmpl trong: %s; thêm thư mục bằng --template-dir DIR / looked for "
            "NAME.tmpl in: %s; add a directory with --template-dir DIR",
            where.data ? where.data : "-", where.data ? where.data : "-");
  buf_free(&where);
}

Template *template_load(Arena *a, Diags *d, const char *name, Pos from,
                        const char *const *dirs, int ndirs) {
  if (!text_is_name(name, false)) { // a file name: no dots, no "..", no "/"
    diag(d, SEV_ERROR, from, "unknown-template",
         "tên mẫu không hợp lệ '%s': tên tệp .tmpl không đuôi, chỉ chữ thường không dấu, số, "
         "'-', '_' (ví dụ hang-nam) / invalid template name '%s': a .tmpl file's name "
         "without the extension, lower-case ASCII letters, digits, '-', '_' (for "
         "example hang-nam)",
         name, name);
    return NULL;
  }
  for (int i = 0; i < ndirs; i++) {
    char *path = arena_printf(a, "%s/%s.tmpl", dirs[i], name);
    char *data;
    size_t len;
    int e = read_file(path, DEFAULT_LIMITS.max_file_bytes, &data, &len);
    if (e == ENOENT)
      continue;
    if (e) {
      ErrText why = err_text(e);
      diag(d, SEV_ERROR, from, "io", "không đọc được mẫu '%s': %s / cannot read template '%s': %s",
           path, why.text, path, why.text);
      return NULL;
    }
    Template *t = arena_alloc(a, sizeof(Template));
    t->name = name;
    t->path = path;
    t->file = srcfile_new(path, data, len);
    TplParser tp = {.a = a, .d = d, .f = t->file, .tail = &t->lines};
    parse_lines(&tp);
    t->nlines = tp.nlines;
    check_fixed_parts(&tp);
    return t;
  }
  diag(d, SEV_ERROR, from, "unknown-template",
       "không tìm thấy mẫu '%s' / unknown template '%s'", name, name);
  note_available(a, d, from, dirs, ndirs);
  return NULL;
}

void template_free(Template *t) {
  if (t)
    srcfile_free(t->file);
}
