// text.c — UTF-8 and Vietnamese text helpers.
//
// Unicode work (normalisation, case mapping, character widths) is done by
// utf8proc; this file adds what is specific to Vietnamese administrative
// text: the điểm letters (a b c d đ e g h i k l m n o p q r s t u v x y),
// Roman numerals for mục, "A, B và C" lists, and an edit distance over code
// points for did-you-mean notes.
#include "kehoach.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int utf8_decode_rest(const char *s, size_t n, int32_t *cp) {
  utf8proc_int32_t c;
  utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s,
                                          (utf8proc_ssize_t)n, &c);
  if (len < 1)
    return -1;
  *cp = c;
  return (int)len;
}

void utf8_encode(Buf *b, int32_t cp) {
  utf8proc_uint8_t tmp[4];
  utf8proc_ssize_t n = utf8proc_encode_char(cp, tmp);
  buf_put(b, tmp, (size_t)n);
}

bool utf8_valid(const char *s, size_t n, size_t *bad_off) {
  size_t i = 0;
  while (i < n) {
    uint64_t w;
    if (i + 8 <= n && (memcpy(&w, s + i, 8), (w & 0x8080808080808080u) == 0)) {
      i += 8; // eight ASCII bytes (indentation, keys)
      continue;
    }
    if ((unsigned char)s[i] < 0x80) {
      i++;
      continue;
    }
    int32_t cp;
    int len = utf8_decode(s + i, n - i, &cp);
    if (len < 0) {
      if (bad_off)
        *bad_off = i;
      return false;
    }
    i += (size_t)len;
  }
  return true;
}

size_t utf8_count(const char *s, size_t n) {
  size_t count = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      count++;
  return count;
}

// The classes of one code point that word scanning needs; ASCII without a
// table lookup (most of a Vietnamese text's bytes are ASCII).
enum { CP_LETTER = 1, CP_MARK = 2, CP_DIGIT = 4, CP_LATIN1_SYMBOL = 8 };

static int cp_class(int32_t cp) {
  if (cp < 0x80) {
    if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
      return CP_LETTER;
    return cp >= '0' && cp <= '9' ? CP_DIGIT : 0;
  }
  // Vietnamese letters without a table lookup: Latin-1 and Latin
  // Extended-A/B letters (but × ÷), Latin Extended Additional (ạ ả ấ ...),
  // combining diacritics.
  if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
      (cp >= 0x1E00 && cp <= 0x1EFF))
    return CP_LETTER;
  if (cp >= 0x300 && cp <= 0x36F)
    return CP_MARK;
  int c = 0;
  if ((cp >= 0xA1 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7)
    c |= CP_LATIN1_SYMBOL;
  utf8proc_category_t cat = utf8proc_category(cp);
  if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO)
    c |= CP_LETTER;
  else if (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME)
    c |= CP_MARK;
  else if (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO)
    c |= CP_DIGIT;
  return c;
}

// Scans the maximal run of code points whose class meets `in` at or after
// byte *at; *seen gets the union of the run's classes and *first the class
// of its first code point.
static bool next_run(const char *s, size_t n, size_t *at, int in, size_t *from,
                     size_t *to, int *seen, int *first) {
  size_t i = *at;
  bool inside = false;
  *seen = *first = 0;
  while (i < n) {
    int32_t cp = 0;
    int len = utf8_decode(s + i, n - i, &cp);
    int c = len > 0 ? cp_class(cp) : 0;
    if (c & in) {
      if (!inside)
        *from = i, *first = c, inside = true;
      *seen |= c;
    } else if (inside) {
      break;
    }
    i += len > 0 ? (size_t)len : 1;
  }
  *at = i;
  if (inside)
    *to = i;
  return inside;
}

bool text_is_letter_or_mark(int32_t cp) { return cp_class(cp) & (CP_LETTER | CP_MARK); }

bool text_is_upper(int32_t cp) {
  if (cp < 0x80)
    return cp >= 'A' && cp <= 'Z';
  utf8proc_category_t cat = utf8proc_category(cp);
  return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

bool text_next_run(const char *s, size_t n, size_t *at, RunClass cls,
                   size_t *from, size_t *to) {
  int in = cls == RUN_WORD_CHARS ? CP_LETTER | CP_MARK | CP_DIGIT
                                 : CP_LETTER | CP_LATIN1_SYMBOL;
  int seen, first;
  return next_run(s, n, at, in, from, to, &seen, &first);
}

bool text_next_word(const char *s, size_t n, size_t *at, size_t *from, size_t *to) {
  int seen, first;
  while (next_run(s, n, at, CP_LETTER | CP_MARK | CP_DIGIT, from, to, &seen, &first))
    if ((first & CP_LETTER) && !(seen & CP_DIGIT))
      return true;
  return false;
}

bool text_all_space(const char *s, size_t n, bool blanks_only) {
  if (n == 0)
    return false;
  for (size_t i = 0; i < n;) {
    int32_t cp = 0;
    int len = utf8_decode(s + i, n - i, &cp);
    if (len < 0)
      return false;
    bool space = cp == ' ' || cp == '\t';
    if (!space && !blanks_only) {
      utf8proc_category_t cat = utf8proc_category(cp);
      space = (cp >= '\n' && cp <= '\r') ||
              (cat >= UTF8PROC_CATEGORY_ZS && cat <= UTF8PROC_CATEGORY_ZP);
    }
    if (!space)
      return false;
    i += (size_t)len;
  }
  return true;
}

static int32_t case_fold(int32_t cp) {
  if (cp < 0x80)
    return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
  return utf8proc_tolower(utf8proc_toupper(cp));
}

bool text_same_caseless(const char *a, size_t an, const char *b, size_t bn) {
  size_t i = 0, j = 0;
  while (i < an && j < bn) {
    int32_t x = 0, y = 0;
    int lx = utf8_decode(a + i, an - i, &x), ly = utf8_decode(b + j, bn - j, &y);
    if (lx < 0 || ly < 0 || (x != y && case_fold(x) != case_fold(y)))
      return false;
    i += (size_t)lx;
    j += (size_t)ly;
  }
  return i == an && j == bn;
}

int text_width(const char *s, size_t n) {
  int w = 0;
  for (size_t i = 0; i < n;) {
    int32_t cp;
    int len = utf8_decode(s + i, n - i, &cp);
    if (len < 0) {
      w++;
      i++;
      continue;
    }
    int cw = utf8proc_charwidth(cp);
    w += cp == '\t' ? 1 : cw;
    i += (size_t)len;
  }
  return w;
}

// True when NFC leaves cp as it is wherever it stands: an ASCII character,
// or a starter (combining class 0) that no composition takes as its second
// part and that NFC maps to itself (no decomposition, a compatibility one
// only, or a canonical one that recomposes, as the precomposed Vietnamese
// letters' do). Read from utf8proc's own tables;
// tests/unit/test_text.c checks it against utf8proc_NFC for every code
// point. A string of such characters is in NFC.
bool text_nfc_stable(int32_t cp) {
  if (cp < 0x80)
    return true;
  // The Latin letters Vietnamese writes (Latin-1, Latin Extended-A, ơ ư,
  // Latin Extended Additional): all stable, without asking utf8proc.
  if ((cp >= 0xC0 && cp <= 0x17F) || (cp >= 0x1A0 && cp <= 0x1B0) ||
      (cp >= 0x1E00 && cp <= 0x1EFF))
    return true;
  if (cp >= 0x1100 && cp <= 0x11FF) // Hangul jamo compose algorithmically
    return false;
  const utf8proc_property_t *p = utf8proc_get_property(cp);
  if (p->combining_class != 0)
    return false;
  if (p->comb_index != UINT16_MAX && p->comb_index >= 0x8000)
    return false; // the second part of a composition
  if (p->decomp_seqindex == UINT16_MAX || p->decomp_type != 0)
    return true;
  // A canonical decomposition: stable when utf8proc composes it back into
  // cp (not for U+212B ANGSTROM SIGN, U+0F73, excluded composites).
  utf8proc_int32_t dec[8];
  int boundclass = 0;
  utf8proc_ssize_t n = utf8proc_decompose_char(cp, dec, 8, UTF8PROC_DECOMPOSE, &boundclass);
  if (n < 1 || n > 8 || utf8proc_get_property(dec[0])->combining_class != 0)
    return false;
  n = utf8proc_normalize_utf32(dec, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  return n == 1 && dec[0] == cp;
}

// True when every character of s is NFC-stable (so s is in NFC); false
// also for bytes that are not UTF-8.
static bool all_nfc_stable(const char *s) {
  for (size_t i = 0, n = strlen(s); i < n;) {
    uint64_t w;
    if (i + 8 <= n && (memcpy(&w, s + i, 8), (w & 0x8080808080808080u) == 0)) {
      i += 8; // eight ASCII bytes
      continue;
    }
    const unsigned char *u = (const unsigned char *)s + i;
    if (u[0] < 0x80) {
      i++;
      continue;
    }
    // Vietnamese letters by their bytes (the ranges text_nfc_stable takes
    // without asking utf8proc): U+00C0..U+017F, U+01A0..U+01B0, U+1E00..U+1EFF.
    if (i + 1 < n && ((u[0] >= 0xC3 && u[0] <= 0xC5 && (u[1] & 0xC0) == 0x80) ||
                      (u[0] == 0xC6 && u[1] >= 0xA0 && u[1] <= 0xB0))) {
      i += 2;
      continue;
    }
    if (i + 2 < n && u[0] == 0xE1 && u[1] >= 0xB8 && u[1] <= 0xBB && (u[2] & 0xC0) == 0x80) {
      i += 3;
      continue;
    }
    int32_t cp;
    int len = utf8_decode(s + i, n - i, &cp);
    if (len < 0 || !text_nfc_stable(cp))
      return false;
    i += (size_t)len;
  }
  return true;
}

char *text_nfc(Arena *a, const char *s) {
  if (all_nfc_stable(s))
    return arena_strdup(a, s);
  utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)s);
  if (!nfc) // invalid UTF-8: keep as is (the loader reports it)
    return arena_strdup(a, s);
  char *r = arena_strdup(a, (const char *)nfc);
  free(nfc);
  return r;
}

bool text_is_nfc(const char *s) {
  if (all_nfc_stable(s))
    return true;
  utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)s);
  if (!nfc)
    return true;
  bool same = strcmp((const char *)nfc, s) == 0;
  free(nfc);
  return same;
}

typedef int32_t (*CaseMap)(int32_t);

static int32_t map_upper(int32_t c) { return utf8proc_toupper(c); }
static int32_t map_lower(int32_t c) { return utf8proc_tolower(c); }

// Maps the first `limit` code points of s (all when limit < 0).
static char *map_case(Arena *a, const char *s, CaseMap f, int limit) {
  Buf b;
  buf_init(&b);
  size_t n = strlen(s);
  int done = 0;
  for (size_t i = 0; i < n;) {
    int32_t cp;
    int len = utf8_decode(s + i, n - i, &cp);
    if (len < 0) {
      buf_putc(&b, s[i++]);
      continue;
    }
    if (limit < 0 || done < limit)
      utf8_encode(&b, f(cp));
    else
      buf_put(&b, s + i, (size_t)len);
    done++;
    i += (size_t)len;
  }
  char *r = arena_strdup(a, b.data ? b.data : "");
  buf_free(&b);
  return r;
}

char *text_upper(Arena *a, const char *s) { return map_case(a, s, map_upper, -1); }
char *text_lower(Arena *a, const char *s) { return map_case(a, s, map_lower, -1); }
char *text_lower_first(Arena *a, const char *s) {
  return map_case(a, s, map_lower, 1);
}
char *text_upper_first(Arena *a, const char *s) {
  return map_case(a, s, map_upper, 1);
}

// The 23 letters of the Vietnamese alphabet used for điểm, in order.
static const char *const DIEM_LETTERS[] = {
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
    "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"};
enum { NDIEM = sizeof DIEM_LETTERS / sizeof DIEM_LETTERS[0] };

const char *text_diem_letter(Arena *a, int index) {
  if (index < NDIEM)
    return DIEM_LETTERS[index];
  // Past y: aa, ab, ... (never seen in real plans, but never wrong).
  return arena_printf(a, "%s%s", DIEM_LETTERS[(index / NDIEM - 1) % NDIEM],
                      DIEM_LETTERS[index % NDIEM]);
}

const char *text_roman(Arena *a, int n) {
  static const int values[] = {1000, 900, 500, 400, 100, 90, 50,
                               40,   10,  9,   5,   4,   1};
  static const char *const digits[] = {"M",  "CM", "D",  "CD", "C",
                                       "XC", "L",  "XL", "X",  "IX",
                                       "V",  "IV", "I"};
  Buf b;
  buf_init(&b);
  for (int i = 0; i < 13 && n > 0; i++)
    while (n >= values[i]) {
      buf_puts(&b, digits[i]);
      n -= values[i];
    }
  char *r = arena_strdup(a, b.data ? b.data : "");
  buf_free(&b);
  return r;
}

// Decodes s into code points; returns how many.
static int decode_all(const char *s, int32_t *out, int max) {
  int n = 0;
  size_t len = strlen(s);
  for (size_t i = 0; i < len && n < max;) {
    int32_t cp;
    int k = utf8_decode(s + i, len - i, &cp);
    if (k < 0) {
      cp = (unsigned char)s[i];
      k = 1;
    }
    out[n++] = cp;
    i += (size_t)k;
  }
  return n;
}

int text_distance(const char *a, const char *b) {
  enum { MAX = 128 };
  int32_t x[MAX], y[MAX];
  int m = decode_all(a, x, MAX), n = decode_all(b, y, MAX);
  int row[MAX + 1];
  for (int j = 0; j <= n; j++)
    row[j] = j;
  for (int i = 1; i <= m; i++) {
    int diag = row[0];
    row[0] = i;
    for (int j = 1; j <= n; j++) {
      int up = row[j];
      int cost = x[i - 1] == y[j - 1] ? 0 : 1;
      int best = diag + cost;
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[n];
}

void text_join_and(Buf *b, const char **names, int n) {
  for (int i = 0; i < n; i++) {
    if (i > 0)
      buf_puts(b, i == n - 1 ? " và " : ", ");
    buf_puts(b, names[i]);
  }
}

pcre2_code *text_pattern(const char *pattern) {
  int err;
  PCRE2_SIZE at;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                 PCRE2_UTF | PCRE2_UCP, &err, &at, NULL);
  if (!re) { // the patterns are the program's own: a bad one is a bug
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(err, msg, sizeof msg);
    fprintf(stderr, "kehoach: internal error: pattern %s at %zu: %s\n", pattern,
            (size_t)at, (char *)msg);
    abort();
  }
  // Machine code when this PCRE2 has a JIT for this machine; otherwise
  // pcre2_match interprets, with the same results.
  pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
  return re;
}

int text_match(const pcre2_code *re, const char *s, size_t n, size_t at,
               pcre2_match_data *md) {
  uint32_t opts = at > 0 ? PCRE2_NO_UTF_CHECK : 0;
  return pcre2_match(re, (PCRE2_SPTR)s, n, at, opts, md, NULL);
}

Closest closest_init(const char *word) {
  Closest c = {.word = word, .best = NULL, .best_distance = INT_MAX};
  return c;
}

void closest_offer(Closest *c, const char *candidate) {
  if (!candidate)
    return;
  int d = text_distance(c->word, candidate);
  if (d < c->best_distance)
    c->best_distance = d, c->best = candidate;
}

const char *closest_result(const Closest *c) {
  int limit = (int)strlen(c->word) / 3 + 1;
  return c->best && c->best_distance <= limit ? c->best : NULL;
}

void md_escape(Buf *b, const char *s) {
  while (*s) {
    size_t plain = strcspn(s, "\\`*_[]<>|~#");
    buf_put(b, s, plain);
    s += plain;
    if (*s) {
      buf_putc(b, '\\');
      buf_putc(b, *s++);
    }
  }
}

bool text_is_name(const char *s, bool dots) {
  if (!*s)
    return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
          *s == '_' || (dots && *s == '.')))
      return false;
  return true;
}

bool text_is_control(int32_t cp) {
  return (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C ||
         cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

int text_put_visible(Buf *b, const char *s, size_t n) {
  int width = 0;
  for (size_t i = 0; i < n;) {
    int32_t cp;
    int len = utf8_decode(s + i, n - i, &cp);
    if (len < 0) { // not UTF-8: its byte, visibly
      buf_printf(b, "<%02X>", (unsigned char)s[i]);
      i++, width += 4;
      continue;
    }
    if (cp == '\t')
      buf_putc(b, ' '), width++;
    else if (text_is_control(cp)) {
      buf_printf(b, "<U+%04X>", (unsigned)cp);
      width += 8;
    } else {
      buf_put(b, s + i, (size_t)len);
      width += text_width(s + i, (size_t)len);
    }
    i += (size_t)len;
  }
  return width;
}

// A '.' that separates thousands ("100.000"): three digits after it, then
// no more digits.
static bool thousands_dot(const char *s) {
  return s[0] == '.' && isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
         isdigit((unsigned char)s[3]) && !isdigit((unsigned char)s[4]);
}

void text_number_vn(Buf *b, const char *s) {
  for (; *s; s++)
    buf_putc(b, *s == '.' && !thousands_dot(s) ? ',' : *s);
}

double text_number_value(const char *s) {
  char buf[64];
  size_t k = 0;
  for (; *s && *s != '/' && k + 1 < sizeof buf; s++)
    if (*s == ',' || (*s == '.' && !thousands_dot(s)))
      buf[k++] = '.';
    else if (*s != '.')
      buf[k++] = *s;
  buf[k] = '\0';
  return atof(buf);
}
