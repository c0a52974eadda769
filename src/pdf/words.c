// pdf/words.c — paragraphs into measured words.
//
// Each paragraph becomes words, each word a few fragments of one face and
// size measured with the font's own advance widths; a character the face
// lacks is reported where the plan wrote it.
#include "pdf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

// Grows an arena array to hold one more element; old storage stays in the
// arena (freed with it).
void *grow(Arena *a, void *items, int n, int *cap, size_t size) {
  if (n < *cap)
    return items;
  int ncap = n >= 2 ? n * 2 : 2;
  void *p = arena_alloc(a, (size_t)ncap * size);
  if (n > 0 && items)
    memcpy(p, items, (size_t)n * size);
  *cap = ncap;
  return p;
}


double measure(const Pdf *p, int face, double size, const char *s, size_t len) {
  return fonts_width(p->fonts, face, s, len) * size / 1000.0;
}


// A copy of s cut to at most max bytes on a character boundary.
const char *clip_utf8(Arena *a, const char *s, size_t max) {
  size_t n = strlen(s);
  if (n <= max)
    return s;
  while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
    max--;
  return arena_strndup(a, s, max);
}


//
// Words: text and runs cut at spaces, each piece measured
//

void para_init(Para *pa, Pdf *p, double size, bool keep_spaces, Pos pos) {
  arena_reset(p->para); // the previous paragraph is in lines by now
  memset(pa, 0, sizeof *pa);
  pa->p = p;
  pa->size = size;
  pa->keep_spaces = keep_spaces;
  pa->pos = pos;
}

// Warns once per paragraph about a character the face lacks.
static void check_glyph(Para *pa, int face, int32_t cp) {
  if (fonts_has_char(pa->p->fonts, face, cp))
    return;
  for (int i = 0; i < pa->nreported; i++)
    if (pa->reported[i] == cp)
      return;
  if (pa->nreported < (int)(sizeof pa->reported / sizeof *pa->reported))
    pa->reported[pa->nreported++] = cp;
  Buf ch;
  buf_init(&ch);
  utf8_encode(&ch, cp);
  // The character as written in the plan; the paragraph's own position
  // (a template line) when it came from the template.
  Pos at = pa->pos;
  for (int i = 0; i < pa->nfrom; i++)
    if (origin_char_pos(pa->from[i], cp, &at))
      break;
  diag(pa->p->d, SEV_WARNING, at, "missing-glyph",
       "phông %s (%s) không có ký tự U+%04X \"%s\"; bản PDF sẽ in ô trống / "
       "the %s font (%s) has no glyph for U+%04X \"%s\"; the PDF shows a blank box",
       fonts_family(pa->p->fonts), FACE_NAMES[face], (unsigned)cp, ch.data,
       fonts_family(pa->p->fonts),
       FACE_NAMES[face], (unsigned)cp, ch.data);
  buf_free(&ch);
}

// Ends the growing word: measures its fragments.
void close_word(Para *pa) {
  if (!pa->open)
    return;
  Word *w = &pa->words[pa->n - 1];
  w->w = 0;
  for (int i = 0; i < w->n; i++) {
    Frag *f = &w->frags[i];
    f->w = measure(pa->p, f->face, f->size, f->s, f->len);
    w->w += f->w;
  }
  pa->open = false;
  // A dash standing between spaces binds to the words on both sides.
  if (pa->n > 1 && w->spaces > 0 && w->n == 1 && !w->frags[0].note &&
      text_is_lone_dash(w->frags[0].s, w->frags[0].len)) {
    w->glue = true;
    pa->glue_next = true;
  }
}

static Word *open_word(Para *pa) {
  if (pa->open)
    return &pa->words[pa->n - 1];
  Word *w = PUSH(pa->p->para, pa->words, pa->n, pa->cap);
  memset(w, 0, sizeof *w);
  w->gap = pa->pending_gap;
  w->spaces = pa->pending_spaces;
  w->glue = pa->glue_next && w->spaces > 0;
  pa->glue_next = false;
  pa->pending_gap = 0;
  pa->pending_spaces = 0;
  pa->open = true;
  return w;
}

// Appends the bytes s[0..len) to the growing word, extending its last
// fragment when it continues it in the same face.
static void add_chars(Para *pa, const char *s, size_t len, int face, double size,
                      double rise, int note) {
  Word *w = open_word(pa);
  if (w->n && !note) {
    Frag *last = &w->frags[w->n - 1];
    if (!last->note && last->face == face && last->size == size &&
        last->rise == rise && last->s + last->len == s) {
      last->len += len;
      return;
    }
  }
  Frag *f = PUSH(pa->p->para, w->frags, w->n, w->cap);
  *f = (Frag){.s = s, .len = len, .face = face, .note = note, .size = size,
              .rise = rise};
}

static void add_space(Pdf *p, Para *pa, int face) {
  close_word(pa);
  if (pa->keep_spaces || pa->pending_spaces == 0)
    pa->pending_gap += measure(p, face, pa->size, " ", 1);
  pa->pending_spaces++;
}

void para_text(Para *pa, const char *text, unsigned style) {
  if (!text)
    return;
  int face = (int)(style & (STYLE_BOLD | STYLE_ITALIC));
  size_t n = strlen(text);
  for (size_t i = 0; i < n;) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      add_space(pa->p, pa, face);
      i++;
      continue;
    }
    // The characters up to the next space, control character or byte that
    // is not UTF-8 (skipped) join the word at once.
    size_t start = i;
    int32_t cp = 0;
    int len = 0;
    while (i < n && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r' &&
           (len = utf8_decode(text + i, n - i, &cp)) > 0 && cp >= 0x20 && cp != 0x7F) {
      check_glyph(pa, face, cp);
      i += (size_t)len;
    }
    if (i > start)
      add_chars(pa, text + start, i - start, face, pa->size, 0, 0);
    else
      i += len > 0 ? (size_t)len : 1;
  }
}

// A footnote marker: its number raised and smaller, glued to the word.
void para_note(Para *pa, int number, unsigned style) {
  const char *s = arena_printf(pa->p->para, "%d", number);
  add_chars(pa, s, strlen(s), (int)(style & (STYLE_BOLD | STYLE_ITALIC)),
            pa->size * SUPER_SCALE,
            pa->size * SUPER_RISE, number);
}

static void para_break(Para *pa) {
  close_word(pa);
  if (!pa->n)
    open_word(pa); // an empty first line
  close_word(pa);
  pa->words[pa->n - 1].hard_break = true;
  pa->glue_next = false;
  pa->pending_gap = 0;
  pa->pending_spaces = 0;
}

void para_runs(Para *pa, const Run *r, unsigned outer) {
  for (; r; r = r->next) {
    unsigned style = (r->style | outer) & (STYLE_BOLD | STYLE_ITALIC);
    pa->from = r->from, pa->nfrom = r->nfrom;
    if (r->kind == RUN_TEXT)
      para_text(pa, r->text, style);
    else if (r->kind == RUN_NOTE)
      para_note(pa, r->note, style);
    else
      para_break(pa);
  }
  close_word(pa);
}

