// pdf/lines.c — words into lines.
//
// A greedy breaker fills lines and gives every word its own x, which
// justifies text without the word-spacing operator (PDF ignores it for
// two-byte fonts); a word wider than a line is cut by character.
#include "pdf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

//
// Lines: greedy breaking, justification, long words cut by character
//

typedef struct Breaker {
  Pdf *p;
  double width, indent;
  Align align;
  bool keep_spaces;
  Line **lines;
  int n, cap;
} Breaker;

// Joins two fragments of one face on a plain line: "a" + spaces + "b".
static void join_frag(Arena *a, Frag *dst, const Frag *src, int spaces, double gap) {
  if (spaces < 1)
    spaces = 1;
  char *s = arena_alloc(a, dst->len + (size_t)spaces + src->len + 1);
  memcpy(s, dst->s, dst->len);
  memset(s + dst->len, ' ', (size_t)spaces);
  memcpy(s + dst->len + (size_t)spaces, src->s, src->len);
  dst->s = s;
  dst->len += (size_t)spaces + src->len;
  dst->w += gap + src->w;
}

// Makes a Line of words; justify spreads the slack over the gaps.
static void emit_line(Breaker *b, Word **words, int n, bool justify) {
  Arena *a = b->p->a;
  bool first = b->n == 0;
  double indent = first ? b->indent : 0, natural = 0;
  for (int i = 0; i < n; i++)
    natural += (i ? words[i]->gap : 0) + words[i]->w;
  double left = indent, extra = 0;
  if (b->align == ALIGN_CENTER)
    left = (b->width - natural) / 2 > 0 ? (b->width - natural) / 2 : 0;
  else if (b->align == ALIGN_JUSTIFY && justify && n > 1 &&
           b->width - indent > natural)
    extra = (b->width - indent - natural) / (n - 1);
  Line *l = arena_alloc(a, sizeof *l);
  *l = (Line){.left = left, .w = natural};
  Frag *frags = NULL; // built in the paragraph's scratch, then copied
  int cap = 0;
  double x = left;
  for (int i = 0; i < n; i++) {
    const Word *w = words[i];
    double gap = i ? w->gap + extra : 0;
    x += gap;
    for (int j = 0; j < w->n; j++) {
      Frag f = w->frags[j];
      f.x = x;
      x += f.w;
      Frag *prev = l->n ? &frags[l->n - 1] : NULL;
      // On a line not stretched, a word in the face of the one before
      // joins it, spaces included: fewer, longer strings.
      if (prev && j == 0 && i > 0 && extra == 0 && !prev->note && !f.note &&
          prev->face == f.face && prev->size == f.size && prev->rise == f.rise) {
        join_frag(b->p->para, prev, &f, b->keep_spaces ? w->spaces : 1, gap);
        continue;
      }
      if (prev && j > 0 && !prev->note && !f.note && prev->face == f.face &&
          prev->size == f.size && prev->rise == f.rise &&
          prev->s + prev->len == f.s) { // a split word's pieces
        prev->len += f.len;
        prev->w += f.w;
        continue;
      }
      *PUSH(b->p->para, frags, l->n, cap) = f;
    }
  }
  // The line's own copies, strings NUL-terminated for libharu; the cited
  // footnotes.
  l->frags = arena_alloc(a, sizeof(Frag) * (size_t)(l->n ? l->n : 1));
  if (l->n)
    memcpy(l->frags, frags, sizeof(Frag) * (size_t)l->n);
  int ncap = 0;
  for (int i = 0; i < l->n; i++) {
    Frag *f = &l->frags[i];
    f->s = arena_strndup(a, f->s, f->len);
    if (f->note)
      *PUSH(a, l->notes, l->nnotes, ncap) = f->note;
  }
  *PUSH(a, b->lines, b->n, b->cap) = l;
}

// True when a word has two characters or more (markers aside) to cut
// between. Looks at two at most: a long word is asked once per line.
static bool word_splittable(const Word *w) {
  int chars = 0;
  for (int i = 0; i < w->n && chars < 2; i++) {
    const Frag *f = &w->frags[i];
    for (size_t at = 0; !f->note && at < f->len && chars < 2; chars++) {
      int32_t cp;
      int n = utf8_decode(f->s + at, f->len - at, &cp);
      at += n > 0 ? (size_t)n : 1;
    }
  }
  return chars > 1;
}

// Characters after which a long token (a URL, "128/LĐTĐ-BHXH-BĐG") is
// best cut.
static bool soft_break_after(char c) { return c && strchr("/-_.?&=,;:", c); }

// The kerning (points) between the characters either side of byte `cut`
// of f, which the whole's width counted and neither part's does.
static double cut_kern(const Pdf *p, const Frag *f, size_t cut) {
  if (cut == 0 || cut >= f->len)
    return 0;
  size_t start = cut; // the last character before the cut starts here
  do
    start--;
  while (start > 0 && ((unsigned char)f->s[start] & 0xC0) == 0x80);
  int32_t a, b;
  if (utf8_decode(f->s + start, cut - start, &a) <= 0 ||
      utf8_decode(f->s + cut, f->len - cut, &b) <= 0)
    return 0;
  return fonts_kern(p->fonts, f->face, a, b) * f->size / 1000.0;
}

// Cuts w into a head at most `avail` wide and the rest, after a soft break
// character when one falls in the last 40 % of the room. With at_least_one
// the head takes a character even when none fits.
static void split_word(Pdf *p, const Word *w, double avail, bool at_least_one,
                       Word **head, Word **tail) {
  Arena *a = p->para;
  Word *h = arena_alloc(a, sizeof *h), *t = arena_alloc(a, sizeof *t);
  h->gap = w->gap;
  h->spaces = w->spaces;
  t->hard_break = w->hard_break;
  double x = 0;
  int i = 0;
  for (; i < w->n && (w->frags[i].note || x + w->frags[i].w <= avail); i++) {
    *PUSH(a, h->frags, h->n, h->cap) = w->frags[i];
    x += w->frags[i].w;
  }
  if (i < w->n) { // cut fragment i by character
    const Frag *f = &w->frags[i];
    size_t cut = 0, soft = 0;
    double cw = 0, soft_w = 0;
    while (cut < f->len) {
      int32_t cp;
      int n = utf8_decode(f->s + cut, f->len - cut, &cp);
      if (n < 0)
        n = 1;
      double chw = measure(p, f->face, f->size, f->s + cut, (size_t)n);
      if (x + cw + chw > avail && (h->n || cut || !at_least_one))
        break;
      cw += chw;
      cut += (size_t)n;
      if (soft_break_after(f->s[cut - 1]) && cut < f->len) {
        soft = cut;
        soft_w = cw;
      }
    }
    if (cut < f->len && soft && x + soft_w >= 0.6 * avail) {
      cut = soft;
      cw = soft_w;
    }
    if (cut) { // measured whole, as drawn (kerning pairs included)
      cw = measure(p, f->face, f->size, f->s, cut);
      Frag hf = *f;
      hf.len = cut;
      hf.w = cw;
      *PUSH(a, h->frags, h->n, h->cap) = hf;
      x += cw;
    }
    if (cut < f->len) {
      Frag tf = *f;
      tf.s += cut;
      tf.len -= cut;
      // The rest's width without measuring it again (a long word is cut
      // once per line): the whole, less the head and the kerning pair the
      // cut parts.
      tf.w = f->w - cw - cut_kern(p, f, cut);
      *PUSH(a, t->frags, t->n, t->cap) = tf;
      t->w += tf.w;
    }
    for (i++; i < w->n; i++) {
      *PUSH(a, t->frags, t->n, t->cap) = w->frags[i];
      t->w += w->frags[i].w;
    }
  }
  h->w = x;
  *head = h;
  *tail = t;
}

// Breaks a paragraph's words into lines `width` wide, the first indented.
// A word wider than a whole line is cut by character: its head fills the
// line it starts on.
Line **break_lines(Pdf *p, Para *pa, double width, double indent,
                          Align align, int *nlines) {
  Breaker b = {.p = p, .width = width, .indent = indent, .align = align,
               .keep_spaces = pa->keep_spaces};
  Word **line = arena_alloc(p->para, sizeof(Word *) * (size_t)(pa->n + 1));
  // Words glued together (a spaced dash and its neighbours) move to the
  // next line as one, unless together they are wider than a line: the end
  // of the group each word starts (group_end), and the sums of gaps and
  // widths before each word (sum), for a group's width at once.
  int *group_end = arena_alloc(p->para, sizeof(int) * (size_t)(pa->n + 1));
  double *sum = arena_alloc(p->para, sizeof(double) * (size_t)(pa->n + 1));
  sum[0] = 0;
  for (int i = 0; i < pa->n; i++)
    sum[i + 1] = sum[i] + pa->words[i].gap + pa->words[i].w;
  for (int i = pa->n - 1; i >= 0; i--)
    group_end[i] = i + 1 < pa->n && pa->words[i + 1].glue && !pa->words[i].hard_break
                       ? group_end[i + 1]
                       : i + 1;
  int n = 0;
  double x = 0;
  for (int i = 0; i < pa->n; i++) {
    Word *w = &pa->words[i];
    int end = group_end[i];
    double group = sum[end] - sum[i] - w->gap;
    if (end > i + 1 && group <= width + EPSILON) {
      double avail = width - (b.n == 0 ? indent : 0);
      if (n && x + w->gap + group > avail + EPSILON) {
        emit_line(&b, line, n, true);
        n = 0;
        x = 0;
      }
      if (x + (n ? w->gap : 0) + group <= width - (b.n == 0 ? indent : 0) + EPSILON) {
        for (int k = i; k < end; k++) {
          x += (n ? pa->words[k].gap : 0) + pa->words[k].w;
          line[n++] = &pa->words[k];
        }
        i = end - 1;
        if (pa->words[i].hard_break) {
          emit_line(&b, line, n, false);
          n = 0;
          x = 0;
        }
        continue;
      }
    }
    for (;;) {
      double avail = width - (b.n == 0 ? indent : 0);
      double gap = n ? w->gap : 0;
      if (x + gap + w->w <= avail + EPSILON) {
        x += gap + w->w;
        line[n++] = w;
        break;
      }
      Word *head = NULL, *tail = NULL;
      if ((!n || w->w > width + EPSILON) && word_splittable(w))
        split_word(p, w, avail - x - gap, !n, &head, &tail);
      if (head && head->n && tail->n) {
        line[n++] = head;
        emit_line(&b, line, n, n > 1);
        w = tail;
      } else if (n) {
        emit_line(&b, line, n, true);
      } else { // one character wider than the line: let it stick out
        line[n++] = w;
        x = w->w;
        break;
      }
      n = 0;
      x = 0;
    }
    if (w->hard_break) {
      emit_line(&b, line, n, false);
      n = 0;
      x = 0;
    }
  }
  if (n || !b.n)
    emit_line(&b, line, n, false);
  *nlines = b.n;
  return b.lines;
}



//
// Balanced lines for centred text: the trích yếu, headings, names
//

// A word's text, its fragments joined (markers left out).
static char *word_text(Arena *a, const Word *w) {
  size_t len = 0;
  for (int i = 0; i < w->n; i++)
    len += w->frags[i].note ? 0 : w->frags[i].len;
  char *s = arena_alloc(a, len + 1), *q = s;
  for (int i = 0; i < w->n; i++)
    if (!w->frags[i].note) {
      memcpy(q, w->frags[i].s, w->frags[i].len);
      q += w->frags[i].len;
    }
  *q = '\0';
  return s;
}

// Breaks centred text into as many lines as the greedy breaker would, but
// of similar lengths (least squared slack), never inside a name nor next to
// a spaced dash when another break will do. Falls back to break_lines for
// one line, forced breaks or a word wider than the column.
Line **break_balanced(Pdf *p, Para *pa, double width, Align align, int *nlines) {
  int n = pa->n;
  for (int i = 0; i < n - 1; i++)
    if (pa->words[i].hard_break)
      return break_lines(p, pa, width, 0, align, nlines);
  // penalty[i]: breaking before word i.
  Arena *a = p->para;
  double *w = arena_alloc(a, sizeof(double) * (size_t)(n + 1)),
         *gap = arena_alloc(a, sizeof(double) * (size_t)(n + 1)),
         *penalty = arena_alloc(a, sizeof(double) * (size_t)(n + 1));
  char *prev = n ? word_text(a, &pa->words[0]) : NULL;
  for (int i = 0; i < n; i++) {
    w[i] = pa->words[i].w;
    gap[i] = pa->words[i].gap;
    char *text = i ? word_text(a, &pa->words[i]) : prev;
    penalty[i] = i == 0 ? 0 : pa->words[i].glue ? 1e12 : line_break_penalty(a, prev, text);
    prev = text;
  }
  int *starts = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
  int k = balance_lines(a, w, gap, penalty, n, width, starts);
  if (k == 0)
    return break_lines(p, pa, width, 0, align, nlines);
  Breaker b = {.p = p, .width = width, .align = align, .keep_spaces = pa->keep_spaces};
  Word **line = arena_alloc(a, sizeof(Word *) * (size_t)(n + 1));
  for (int l = 0; l < k; l++) {
    int m = 0;
    for (int i = starts[l]; i < starts[l + 1]; i++)
      line[m++] = &pa->words[i];
    emit_line(&b, line, m, false);
  }
  *nlines = b.n;
  return b.lines;
}
