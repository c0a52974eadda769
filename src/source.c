// source.c — source files, positions in them, and positions inside scalars.
//
// Every stage that points at the plan goes through here: load.c makes a
// SrcFile per file read and a Pos per YAML event; the model keeps a Pos
// (with the scalar's style) beside every value it reads; diag.c turns a Pos
// into "file:line:col" and an excerpt. pos_in_scalar maps bytes of a
// scalar's value back to the characters of the source that produced them
// (quotes, escapes, folding and indentation accounted for), so no later
// stage has to search the source for what it wants to point at.
#include "kehoach.h"

#include <stdlib.h>
#include <string.h>

SrcFile *srcfile_new(const char *path, char *text, size_t len) {
  SrcFile *f = xcalloc(1, sizeof(SrcFile));
  f->path = xstrdup(path);
  f->text = text;
  f->len = len;
  f->has_ignore = memmem(text, len, "# kehoach: ignore ", 18) != NULL;
  int cap = 64;
  f->line_start = xmalloc(sizeof(size_t) * (size_t)cap);
  f->line_start[f->nlines++] = 0;
  // Without a carriage return (most files) the line ends are the newlines.
  bool no_cr = memchr(text, '\r', len) == NULL;
  for (size_t i = 0; i < len; i++) {
    if (no_cr) {
      const char *nl = memchr(text + i, '\n', len - i);
      if (!nl)
        break;
      i = (size_t)(nl - text);
    }
    bool nl = text[i] == '\n' ||
              (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n'));
    if (!nl)
      continue;
    if (f->nlines == cap) {
      cap *= 2;
      f->line_start = xrealloc(f->line_start, sizeof(size_t) * (size_t)cap);
    }
    f->line_start[f->nlines++] = i + 1;
  }
  return f;
}

void srcfile_free(SrcFile *f) {
  if (!f)
    return;
  free(f->path);
  free(f->text);
  free(f->line_start);
  free(f);
}

Pos pos_none(void) {
  Pos p = {0};
  return p;
}

Pos srcfile_pos(SrcFile *f, size_t off, size_t len) {
  Pos p = {.file = f, .off = off, .len = len};
  int lo = 0, hi = f->nlines - 1;
  while (lo < hi) { // last line starting at or before off
    int mid = (lo + hi + 1) / 2;
    if (f->line_start[mid] <= off)
      lo = mid;
    else
      hi = mid - 1;
  }
  p.line = lo + 1;
  size_t start = f->line_start[lo];
  p.col = (int)utf8_count(f->text + start, off - start) + 1;
  return p;
}

size_t srcfile_offset(const SrcFile *f, int line, int col) {
  if (line < 1)
    return 0;
  if (line > f->nlines)
    return f->len;
  size_t off = f->line_start[line - 1];
  for (int c = 1; c < col && off < f->len && f->text[off] != '\n'; c++) {
    int32_t cp;
    int n = utf8_decode(f->text + off, f->len - off, &cp);
    off += n > 0 ? (size_t)n : 1;
  }
  return off;
}

//
// Positions inside a scalar
//

// A walk over a scalar's source bytes [i, end) and its value bytes [j, vlen)
// in step: what source produced each byte of the value.
typedef struct ScalarWalk {
  const char *src;
  size_t i, end;
  const char *val;
  size_t j, vlen;
  ScalarStyle style;
  size_t step_from; // where the last step started in the source
} ScalarWalk;

static bool is_blank_byte(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static size_t utf8_length_of(uint32_t cp) {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

// Where a scalar's content starts: after its properties (tag, anchor), its
// opening quote, or its block header line.
static size_t content_start(const char *s, size_t i, size_t end, ScalarStyle style) {
  while (i < end && (s[i] == '!' || s[i] == '&')) { // "!!str x", "&a x"
    while (i < end && !is_blank_byte(s[i]))
      i++;
    while (i < end && is_blank_byte(s[i]))
      i++;
  }
  if (style == SCALAR_SINGLE || style == SCALAR_DOUBLE)
    return i < end ? i + 1 : i;
  if (style == SCALAR_LITERAL || style == SCALAR_FOLDED) {
    while (i < end && s[i] != '\n')
      i++;
    return i < end ? i + 1 : i;
  }
  return i;
}

// One double-quoted escape at w->i: how many source bytes it takes (*used)
// and value bytes it makes (*made). An escaped line break makes none.
static void escape_size(const ScalarWalk *w, size_t *used, size_t *made) {
  const char *s = w->src + w->i;
  size_t left = w->end - w->i;
  *used = left >= 2 ? 2 : left;
  *made = 1;
  if (left < 2)
    return;
  int digits = s[1] == 'x' ? 2 : s[1] == 'u' ? 4 : s[1] == 'U' ? 8 : 0;
  if (digits) {
    uint32_t cp = 0;
    for (int k = 0; k < digits && (size_t)(2 + k) < left && hex_value(s[2 + k]) >= 0; k++)
      cp = cp * 16 + (uint32_t)hex_value(s[2 + k]), ++*used;
    *made = utf8_length_of(cp);
  } else if (s[1] == 'N' || s[1] == '_') { // U+0085, U+00A0
    *made = 2;
  } else if (s[1] == 'L' || s[1] == 'P') { // U+2028, U+2029
    *made = 3;
  } else if (s[1] == '\n' || s[1] == '\r') { // line break escaped away
    *made = 0;
    if (s[1] == '\r' && left > 2 && s[2] == '\n')
      ++*used;
    while (*used < left && (s[*used] == ' ' || s[*used] == '\t'))
      ++*used;
  }
}

// Advances the walk one step; false when source and value no longer agree.
static bool walk_step(ScalarWalk *w) {
  if (w->i >= w->end)
    return false;
  w->step_from = w->i;
  char c = w->src[w->i], v = w->val[w->j];
  if (w->style == SCALAR_DOUBLE && c == '\\') {
    size_t used, made;
    escape_size(w, &used, &made);
    w->i += used, w->j += made;
    return true;
  }
  if (w->style == SCALAR_SINGLE && c == '\'' && w->i + 1 < w->end &&
      w->src[w->i + 1] == '\'') {
    w->i += 2, w->j += 1;
    return true;
  }
  if (c == v) {
    w->i++, w->j++;
    return true;
  }
  if (is_blank_byte(c)) { // indentation, a folded line break, trailing blanks
    w->i++;
    return true;
  }
  if (v == ' ' || v == '\n') { // the space or break folding made
    w->j++;
    return true;
  }
  return false;
}

// Walks until value byte target, or past it when target falls inside an
// escape; false when the source runs out or disagrees with the value.
static bool walk_to(ScalarWalk *w, size_t target) {
  while (w->j < target)
    if (!walk_step(w))
      return false;
  return true;
}

// Skips what produced nothing before value byte w->j: blanks of
// indentation or folding, escaped line breaks.
static void walk_skip_blanks(ScalarWalk *w) {
  while (w->i < w->end && w->j < w->vlen) {
    char c = w->src[w->i];
    if (c != w->val[w->j] && is_blank_byte(c)) {
      w->i++;
      continue;
    }
    size_t used, made;
    if (w->style != SCALAR_DOUBLE || c != '\\')
      return;
    escape_size(w, &used, &made);
    if (made)
      return;
    w->i += used;
  }
}

void scalar_cursor_init(ScalarCursor *c, Pos scalar, const char *value) {
  memset(c, 0, sizeof *c);
  c->scalar = scalar;
  c->value = value;
  c->vlen = value ? strlen(value) : 0;
}

// srcfile_pos, counting the column on from the cursor's last position when
// it is earlier on the same line (positions asked in order along a long
// line cost one pass, not one pass each).
static Pos cursor_srcpos(ScalarCursor *c, SrcFile *f, size_t off, size_t len) {
  Pos p;
  if (c->have_col && off >= c->col_off &&
      !memchr(f->text + c->col_off, '\n', off - c->col_off)) {
    p = (Pos){.file = f, .off = off, .len = len, .line = c->col_line,
              .col = c->col + (int)utf8_count(f->text + c->col_off, off - c->col_off)};
  } else {
    p = srcfile_pos(f, off, len);
  }
  c->have_col = true;
  c->col_off = off, c->col_line = p.line, c->col = p.col;
  return p;
}

Pos scalar_cursor_pos(ScalarCursor *c, size_t off, size_t len, bool *verbatim) {
  bool exact = false;
  Pos scalar = c->scalar;
  Pos found = scalar;
  SrcFile *f = scalar.file;
  const char *value = c->value;
  if (f && value && off + len <= c->vlen && scalar.off + scalar.len <= f->len &&
      scalar.style != SCALAR_UNKNOWN) {
    ScalarWalk w = {.src = f->text, .end = scalar.off + scalar.len, .val = value,
                    .vlen = c->vlen, .style = scalar.style};
    if (c->walking && off >= c->val_j) { // on from where the last span ended
      w.i = c->src_i, w.j = c->val_j, w.step_from = c->step_from;
    } else {
      w.i = content_start(f->text, scalar.off, w.end, scalar.style);
      w.step_from = w.i;
    }
    if (walk_to(&w, off)) {
      size_t start = w.step_from; // inside an escape: the escape
      if (w.j == off) {
        walk_skip_blanks(&w);
        start = w.i;
      }
      bool whole = walk_to(&w, off + len);
      size_t stop = whole ? w.i : start;
      found = cursor_srcpos(c, f, start, stop - start);
      exact = whole && w.j == off + len && stop - start == len &&
              memcmp(f->text + start, value + off, len) == 0;
      c->walking = whole;
      c->src_i = w.i, c->val_j = w.j, c->step_from = w.step_from;
    } else {
      c->walking = false;
    }
  }
  if (verbatim)
    *verbatim = exact;
  return found;
}

Pos pos_in_scalar(Pos scalar, const char *value, size_t off, size_t len,
                  bool *verbatim) {
  ScalarCursor c;
  scalar_cursor_init(&c, scalar, value);
  return scalar_cursor_pos(&c, off, len, verbatim);
}

Pos pos_of_value(Pos scalar, const char *value) {
  return pos_in_scalar(scalar, value, 0, value ? strlen(value) : 0, NULL);
}

bool origin_char_pos(Origin o, int32_t cp, Pos *at) {
  size_t n = o.src ? strlen(o.src) : 0;
  for (size_t i = 0; i < n;) {
    int32_t c;
    int len = utf8_decode(o.src + i, n - i, &c);
    if (len <= 0) {
      i++;
      continue;
    }
    if (c == cp) {
      *at = pos_in_scalar(o.pos, o.src, i, (size_t)len, NULL);
      return true;
    }
    i += (size_t)len;
  }
  return false;
}
