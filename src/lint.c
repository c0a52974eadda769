// lint.c — rules on Vietnamese wording and typography.
//
// Consumes the texts check.c collects from a plan (Markdown fields, titles,
// names, document symbols); produces warnings, each at the exact word in the
// source and, where the fix is certain, with a fix-it. Texts are read with
// PCRE2 in UTF mode with Unicode properties, so \p{L} and \b know Vietnamese
// letters. References ({cite:...}) are blanked out before reading, keeping
// byte offsets, so ids are never taken for words.
//
// Two rules judge the plan as a whole: an abbreviation spelled both with D
// and with Đ (abbrev-variant) and tone marks placed both ways (tone-marks)
// report the minority spelling against the majority one. The others judge
// one text at a time.
//
// One Lint lives for one lint_plan call; the patterns it reads with are
// compiled once per process (lint_patterns_new) and shared read-only.
#include "kehoach.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <iconv.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

struct LintPatterns {
  pcre2_code *space_punct;  // "word ,"
  pcre2_code *glued_paren;  // "word("
  pcre2_code *glued_comma;  // "word,word"
  pcre2_code *one_side_dash; // "2026 -2030", "2021- 2030"
  pcre2_code *word_dash;    // "Văn hóa- xã hội", "Văn hóa -xã hội"
  pcre2_code *space_close;  // "( tuyên truyền )"
  pcre2_code *doubled_punct; // ",,", ";;", "..", ",." (not "...", "./.")
  pcre2_code *comma_capital; // ", Tuyên truyền"
  pcre2_code *higher_advice; // "tham mưu Ủy ban nhân dân thành phố"
  pcre2_code *space_percent; // "75 %"
  pcre2_code *percent;      // "120%"
  pcre2_code *date_words;   // "ngày 5 tháng 03 năm 2021"
  pcre2_code *month_zero;   // "tháng 03"
  pcre2_code *date_short;   // "5/3/2021", "03/03/2021"
  pcre2_code *date_annual;  // "ngày 5/3"
  pcre2_code *council;      // "Ủy Ban Nhân Dân", "Hội đồng Nhân dân"
  pcre2_code *title_pair;   // two capitalised syllables: "Văn Hóa"
  NameIndex *names;         // name-case: the names Phụ lục II fixes (names.c)
  Speller *speller;         // spelling: shared by all threads, locked inside
  struct LintCache *cache;  // what lint_text found in texts read before, locked inside
};

// One spelling of a word somewhere in the plan (abbrev-variant, tone-marks).
typedef struct Spelling {
  const Text *t;
  size_t off, len;
  const char *word; // as written
  const char *key;  // what the spellings of one word share
  int style;        // tone-marks: 0 old (hòa), 1 new (hoà)
  int seq;          // order of appearance
  // abbrev-variant, once the plan is read: the spelling kept for this key,
  // its first occurrence, and how many spellings the key has
  const char *keep;
  const struct Spelling *model;
  int variants;
} Spelling;

typedef struct Lint {
  const Plan *p;
  Diags *d;
  Arena *a;
  const LintPatterns *re; // shared, read-only
  pcre2_match_data *md;   // this Lint's own
  Vec abbrevs, tones; // Spelling*
  // The words of the text being read (text_next_word), byte spans.
  struct { size_t from, to; } *words;
  int nwords, capwords;
  // Words already judged by the word rules (syllable, spelling): most words
  // of a plan recur. Open addressing; keys point into masked texts, which
  // live in `a` as long as the Lint.
  struct WordSeen {
    const char *w;
    unsigned len, hash;
    unsigned char verdict; // 1 + SylVerdict
    unsigned char spell;   // SpellAnswer once asked, + 1
  } *seen;
  bool spelling;           // the spelling rule is on
  bool comma_capital;      // the comma-capital rule is on
  bool commune;            // the plan is a commune's (plan-level)
  bool name_case;          // the name-case rule is on
  // name-case: the words of the text being read, folded (folded_word); len
  // -1 for a word that cannot be a name's
  struct Folded { char s[40]; int len; } *folded;
  int capfolded;

  unsigned nseen, capseen;
  // Where the last report was found in its text: the next report of the
  // same text walks on from there (many reports in one long value).
  const Text *cursor_text;
  ScalarCursor cursor;
  iconv_t tcvn; // TCVN5712-1 -> UTF-8, opened when first needed
  bool tcvn_opened;
  // While lint_text reads a text: what it finds, for the cache (NULL
  // otherwise), and whether the finding depends on more than the text's
  // bytes and the Lint's flags (then it is not kept).
  struct LintEntry *rec;
  bool rec_bad;
  unsigned flags; // LINT_* below, and the language of the messages
} Lint;

//
// The cache of lint_text's findings
//
// lint_text (and lint_agency_case, and code_words: the three passes over a text,
// told apart in the cache) judges one text by its bytes alone: every rule it
// runs reads the masked text and nothing around it (not the text's place in the
// file, not the other texts), given the Lint's flags (which rules are on,
// whether the plan is a commune's, whether it has a `words` list, the messages'
// language). The one exception, the plan's own `words` list (spelling), marks a
// finding that read it as not to keep; a finding that did not is kept for the
// plans with a list (LINT_WORDS) apart from those without, which never ask it.
// So what it finds in a text is kept by the text's bytes, with offsets in the
// text: its warnings and notes (their texts as written in the language) and the
// words it notes for the plan-wide rules. A text met again (another plan's
// boilerplate, a task repeated, the editor's unchanged values) replays them:
// each warning and note goes through diag_text and diag_note_text at its place
// in this text (rule settings, `# kehoach: ignore` and fix-its are decided
// then, as for a fresh finding), and each word is noted at its offset. The
// replay gives the calls the fresh read would have given, in the same order.
enum {
  LINT_SPELLING = 1,
  LINT_COMMA_CAPITAL = 2,
  LINT_COMMUNE = 4,
  LINT_WORDS = 8, // the plan has a `words` list (a finding that read it is not kept)
  LINT_NAME_CASE = 16,
  LINT_LANG_SHIFT = 5, // 2 bits
  LINT_PASS_SHIFT = 7  // which reading of the text: lint_text, lint_agency_case, code_words
};
enum { REC_REPORT, REC_NOTE_AT, REC_NOTE_VALUE };

typedef struct LintRec {
  int kind;
  size_t off, len;
  const char *rule; // a literal
  char *fix, *text;
} LintRec;

typedef struct LintWord {
  size_t off, len;
  char *word, *key; // key: an abbreviation's (abbrevs); NULL for a tone word
  int style;
} LintWord;

typedef struct LintEntry {
  unsigned hash, flags;
  size_t len;
  char *src;
  LintRec *recs;
  int nrecs, caprecs;
  LintWord *words;
  int nwords, capwords;
  size_t bytes; // what it holds, roughly
} LintEntry;

// Open addressing by hash; cleared whole when it holds more than
// LINT_CACHE_BYTES (a replay happens under the lock, so no entry is in use
// when it goes).
#define LINT_CACHE_BYTES ((size_t)8 << 20)
typedef struct LintCache {
  pthread_mutex_t lock;
  LintEntry **slots;
  unsigned cap, n;
  size_t bytes;
} LintCache;

static void entry_free(LintEntry *e) {
  if (!e)
    return;
  for (int i = 0; i < e->nrecs; i++)
    free(e->recs[i].fix), free(e->recs[i].text);
  for (int i = 0; i < e->nwords; i++)
    free(e->words[i].word), free(e->words[i].key);
  free(e->recs);
  free(e->words);
  free(e->src);
  free(e);
}

static LintCache *lint_cache_new(void) {
  LintCache *c = xcalloc(1, sizeof *c);
  pthread_mutex_init(&c->lock, NULL);
  return c;
}

static void lint_cache_clear(LintCache *c) {
  for (unsigned i = 0; i < c->cap; i++)
    entry_free(c->slots[i]);
  free(c->slots);
  c->slots = NULL;
  c->cap = c->n = 0;
  c->bytes = 0;
}

static void lint_cache_free(LintCache *c) {
  if (!c)
    return;
  lint_cache_clear(c);
  pthread_mutex_destroy(&c->lock);
  free(c);
}

static unsigned text_hash(const char *s, size_t n, unsigned flags) {
  uint64_t h = 0x9E3779B97F4A7C15u ^ (n * 31 + flags);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDu;
    h ^= h >> 32;
  }
  for (; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 0x100000001B3u;
  h ^= h >> 29;
  return (unsigned)(h ^ (h >> 32));
}

// The slot of the entry for (src, flags), or the empty slot for it.
static LintEntry **cache_slot(LintCache *c, const char *src, size_t len, unsigned hash,
                              unsigned flags) {
  for (unsigned i = hash & (c->cap - 1);; i = (i + 1) & (c->cap - 1)) {
    LintEntry *e = c->slots[i];
    if (!e || (e->hash == hash && e->flags == flags && e->len == len &&
               memcmp(e->src, src, len) == 0))
      return &c->slots[i];
  }
}


//
// Matching and reporting
//

LintPatterns *lint_patterns_new(void) {
  LintPatterns *r = xcalloc(1, sizeof *r);
  r->space_punct = text_pattern("(?<=[\\p{L}\\p{N})\\]”\"*_])[ \\t]+(?:[,;:!?]|\\.(?![./]))");
  r->glued_paren = text_pattern("(?<=[\\p{L}\\p{N}])\\((?=[\\p{L}\\p{N}*])");
  r->glued_comma = text_pattern("(?<=\\p{L})[,;](?=\\p{L})");
  r->one_side_dash = text_pattern("(?<=\\d)(?:[ \\t]+[-–](?=\\d)|[-–][ \\t]+(?=\\d))");
  r->word_dash = text_pattern("(?<=[\\p{L}\\p{M}])(?:[ \\t]+[-–](?=\\p{L})|[-–][ \\t]+(?=\\p{L}))");
  r->space_close = text_pattern("(?<=[^\\s(\\[])[ \\t]+[)\\]]");
  r->doubled_punct = text_pattern("([,;:!?])\\1+|(?<![.])\\.\\.(?![./])|[,;](?:[,;:]|\\.(?!\\.))|:[,;]|:\\.(?!\\.)");
  r->comma_capital = text_pattern("(?<=[\\p{L}\\p{M}\\p{N})]),[ \\t]+(\\p{Lu}[\\p{Ll}\\p{M}]*)"
                                  "(?=[ \\t]+([\\p{L}\\p{M}]+)|[,;.]|$)");
  r->higher_advice = text_pattern(
      "(?i)(?<!\\p{L})tham[ \\t]+mưu(?:[ \\t]+cho)?[ \\t]+((?:(?:ủy|uỷ)[ \\t]+ban[ \\t]+nhân[ \\t]+dân"
      "|ubnd|hội[ \\t]+đồng[ \\t]+nhân[ \\t]+dân|hđnd)[ \\t]+"
      "(?:tỉnh|thành[ \\t]+phố|huyện|quận|thị[ \\t]+xã))(?![\\p{L}\\p{M}])");
  r->space_percent = text_pattern("(?<=\\d)[ \\t]+%");
  r->percent = text_pattern("(?<![\\p{N}.,])(\\d+(?:[.,]\\d+)*)[ \\t]*%");
  r->date_words = text_pattern("(?i)(?<!\\p{L})ngày[ \\t]+(\\d{1,2})[ \\t]+tháng[ \\t]+"
                          "(\\d{1,2})(?![\\d/])");
  r->month_zero = text_pattern("(?i)(?<!\\p{L})tháng[ \\t]+(0[3-9])(?![\\d/])");
  r->date_short = text_pattern("(?<![\\d/.,])(\\d{1,2})/(\\d{1,2})/(\\d{4})(?![\\d/])");
  r->date_annual = text_pattern("(?i)(?<!\\p{L})ngày[ \\t]+(\\d{1,2})/(\\d{1,2})(?![\\d/])");
  r->council = text_pattern("(?i)(?<!\\p{L})(?:ủy|uỷ)[ \\t]+ban[ \\t]+nhân[ \\t]+dân"
                       "|(?<!\\p{L})hội[ \\t]+đồng[ \\t]+nhân[ \\t]+dân");
  r->names = name_index_new();
  r->speller = speller_new(getenv("KEHOACH_HUNSPELL_DIR"));
  r->cache = lint_cache_new();
  r->title_pair = text_pattern("(?<![\\p{L}\\p{M}])(\\p{Lu}\\p{Ll}*)[ \\t]+(\\p{Lu}\\p{Ll}*)"
                          "(?![\\p{L}\\p{M}])");
  return r;
}

void lint_patterns_free(LintPatterns *r) {
  if (!r)
    return;
  pcre2_code *all[] = {r->space_punct,  r->glued_paren,   r->glued_comma,
                       r->one_side_dash, r->word_dash,    r->space_close,
                       r->doubled_punct, r->comma_capital, r->higher_advice,
                       r->space_percent, r->percent,
                       r->date_words,   r->month_zero,    r->date_short,
                       r->date_annual,  r->council,       r->title_pair};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    pcre2_code_free(all[i]);
  speller_free(r->speller);
  name_index_free(r->names);
  lint_cache_free(r->cache);
  free(r);
}

// Finds the next match of re in s[0, n) at or after *at, and moves *at past
// it (or to `resume` when given, for overlapping matches).
static bool next_match(Lint *l, const pcre2_code *re, const char *s, size_t n,
                       size_t *at) {
  if (*at >= n)
    return false;
  if (text_match(re, s, n, *at, l->md) <= 0)
    return false;
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(l->md);
  *at = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
  return true;
}

// Start (even i) or end (odd i) of a match or group of the last match.
static size_t match_at(const Lint *l, int i) {
  return pcre2_get_ovector_pointer(l->md)[i];
}

// Reports rule at bytes [off, off+len) of t's text. The fix-it (replacement
// of that span) is attached only when the span is found verbatim and
// unambiguously in the source, so applying it cannot touch anything else.
static void report(Lint *l, const Text *t, size_t off, size_t len,
                   const char *rule, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

// field_pos through the Lint's cursor.
static Pos lint_pos(Lint *l, const Text *t, size_t off, size_t len, bool *exact) {
  if (l->cursor_text != t) {
    scalar_cursor_init(&l->cursor, t->pos, t->src);
    l->cursor_text = t;
  }
  return scalar_cursor_pos(&l->cursor, off, len, exact);
}

// Keeps a finding in the entry being recorded (text is taken).
static void record(Lint *l, int kind, size_t off, size_t len, const char *rule,
                   const char *fix, char *text) {
  LintEntry *e = l->rec;
  if (!e) {
    free(text);
    return;
  }
  if (e->nrecs == e->caprecs) {
    e->caprecs = e->caprecs ? 2 * e->caprecs : 4;
    e->recs = xrealloc(e->recs, sizeof *e->recs * (size_t)e->caprecs);
  }
  e->recs[e->nrecs++] = (LintRec){.kind = kind, .off = off, .len = len, .rule = rule,
                                  .fix = fix ? xstrdup(fix) : NULL, .text = text};
  e->bytes += sizeof(LintRec) + strlen(text) + (fix ? strlen(fix) : 0) + 2;
}

static void put_report(Lint *l, const Text *t, size_t off, size_t len, const char *rule,
                       const char *fix, const char *text) {
  bool exact;
  Pos pos = lint_pos(l, t, off, len, &exact);
  diag_text(l->d, SEV_WARNING, pos, rule, text);
  if (fix && exact)
    diag_fixit(l->d, fix);
}

static void report(Lint *l, const Text *t, size_t off, size_t len,
                   const char *rule, const char *fix, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *text = diags_vformat(l->d, fmt, ap);
  va_end(ap);
  put_report(l, t, off, len, rule, fix, text);
  record(l, REC_REPORT, off, len, rule, fix, text);
}

static Pos note_pos(const Text *t, size_t off, size_t len) {
  bool exact;
  return field_pos(t, off, len, &exact);
}

// A note to the last report, at bytes [off, off+len) of t's text.
static void note(Lint *l, const Text *t, size_t off, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void note(Lint *l, const Text *t, size_t off, size_t len, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *text = diags_vformat(l->d, fmt, ap);
  va_end(ap);
  diag_note_text(l->d, note_pos(t, off, len), text);
  record(l, REC_NOTE_AT, off, len, NULL, NULL, text);
}

// A note to the last report, at t's whole value.
static void note_value(Lint *l, const Text *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void note_value(Lint *l, const Text *t, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *text = diags_vformat(l->d, fmt, ap);
  va_end(ap);
  diag_note_text(l->d, pos_of_value(t->pos, t->src), text);
  record(l, REC_NOTE_VALUE, 0, 0, NULL, NULL, text);
}

// Keeps a word noted for the plan-wide rules in the entry being recorded.
static void record_word(Lint *l, const Spelling *sp) {
  LintEntry *e = l->rec;
  if (!e)
    return;
  if (e->nwords == e->capwords) {
    e->capwords = e->capwords ? 2 * e->capwords : 8;
    e->words = xrealloc(e->words, sizeof *e->words * (size_t)e->capwords);
  }
  e->words[e->nwords++] = (LintWord){.off = sp->off, .len = sp->len,
                                     .word = xstrdup(sp->word),
                                     .key = sp->key ? xstrdup(sp->key) : NULL,
                                     .style = sp->style};
  e->bytes += sizeof(LintWord) + 2 * sp->len + 2;
}

static char *span(Lint *l, const char *s, size_t from, size_t to) {
  return arena_strndup(l->a, s + from, to - from);
}

// A copy of s in which every {reference} is blanked out byte for byte.
static char *masked(Lint *l, const char *s) {
  char *m = arena_strdup(l->a, s);
  for (char *open = strchr(m, '{'); open; open = strchr(open + 1, '{')) {
    char *close = strchr(open + 1, '}');
    if (!close)
      break;
    char *b = open + 1;
    while (b < close && *b >= 'a' && *b <= 'z')
      b++;
    if (b == open + 1 || (b != close && *b != ':'))
      continue;
    memset(open, '\x1a', (size_t)(close - open + 1));
    open = close;
  }
  return m;
}

//
// Characters
//

static int32_t first_cp(const char *s) {
  int32_t cp = 0;
  if (utf8_decode(s, strlen(s), &cp) < 0)
    return 0;
  return cp;
}

static bool is_upper(int32_t c) {
  return utf8proc_tolower(c) != c && utf8proc_toupper(c) == c;
}

static bool is_lower(int32_t c) {
  return utf8proc_toupper(c) != c && utf8proc_tolower(c) == c;
}

// Decodes s into at most max code points; returns how many.
static int decode(const char *s, size_t n, int32_t *out, int max) {
  int k = 0;
  for (size_t i = 0; i < n && k < max;) {
    int len = utf8_decode(s + i, n - i, &out[k]);
    if (len < 0)
      return k;
    i += (size_t)len;
    k++;
  }
  return k;
}

static char *encode(Arena *a, const int32_t *cps, int n) {
  Buf b;
  buf_init(&b);
  for (int i = 0; i < n; i++)
    utf8_encode(&b, cps[i]);
  char *r = arena_strdup(a, b.data ? b.data : "");
  buf_free(&b);
  return r;
}

//
// Tone-mark placement: hòa (old) and hoà (new)
//

// The syllable endings whose tone mark moves between the two styles, as code
// point pairs: NEW_STYLE[i] is written OLD_STYLE[i] the old way.
static const int32_t NEW_STYLE[][2] = {
    {'o', 0xE0},   {'o', 0xE1},   {'o', 0x1EA3}, {'o', 0xE3},   {'o', 0x1EA1},
    {'o', 0xE8},   {'o', 0xE9},   {'o', 0x1EBB}, {'o', 0x1EBD}, {'o', 0x1EB9},
    {'u', 0x1EF3}, {'u', 0xFD},   {'u', 0x1EF7}, {'u', 0x1EF9}, {'u', 0x1EF5}};
static const int32_t OLD_STYLE[][2] = {
    {0xF2, 'a'},   {0xF3, 'a'},   {0x1ECF, 'a'}, {0xF5, 'a'},   {0x1ECD, 'a'},
    {0xF2, 'e'},   {0xF3, 'e'},   {0x1ECF, 'e'}, {0xF5, 'e'},   {0x1ECD, 'e'},
    {0xF9, 'y'},   {0xFA, 'y'},   {0x1EE7, 'y'}, {0x169, 'y'},  {0x1EE5, 'y'}};
enum { NTONES = sizeof NEW_STYLE / sizeof NEW_STYLE[0] };

// Index of the pair (a, b) (lower case) in table, or -1.
static int tone_pair(const int32_t (*table)[2], int32_t a, int32_t b) {
  for (int i = 0; i < NTONES; i++)
    if (table[i][0] == a && table[i][1] == b)
      return i;
  return -1;
}


char *lint_fold(Arena *a, const char *s) {
  // As text_lower then decode (which stops at the first invalid byte),
  // in one pass; ASCII lowered by hand, as utf8proc lowers it.
  size_t n = strlen(s);
  int32_t *cps = arena_alloc(a, sizeof(int32_t) * (n + 1));
  int k = 0;
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      cps[k++] = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
      i++;
      continue;
    }
    int32_t cp;
    int len = utf8_decode(s + i, n - i, &cp);
    if (len < 0)
      break;
    cps[k++] = utf8proc_tolower(cp);
    i += (size_t)len;
  }
  for (int i = 0; i + 1 < k; i++) {
    if (cps[i] != 'o' && cps[i] != 'u') // every NEW_STYLE pair starts so
      continue;
    int at = tone_pair(NEW_STYLE, cps[i], cps[i + 1]);
    bool ends = i + 2 == k || !text_is_letter_or_mark(cps[i + 2]);
    if (at >= 0 && ends) // "hoà" -> "hòa", but never "hoạch"
      cps[i] = OLD_STYLE[at][0], cps[i + 1] = OLD_STYLE[at][1];
  }
  char *out = arena_alloc(a, 4 * (size_t)k + 1), *o = out;
  for (int i = 0; i < k; i++)
    o += utf8proc_encode_char(cps[i], (utf8proc_uint8_t *)o);
  *o = '\0';
  return out;
}

// Lower case of the letters of Vietnamese (ASCII, Latin-1, Ă Đ Ĩ Ũ Ơ Ư and
// Latin Extended Additional) without a table look-up; others as utf8proc.
static int32_t vn_lower(int32_t c) {
  if (c < 0x80)
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
    return c + 32;
  if (c == 0x102 || c == 0x110 || c == 0x128 || c == 0x168 || c == 0x1A0 || c == 0x1AF ||
      (c >= 0x1EA0 && c <= 0x1EF9 && !(c & 1)))
    return c + 1;
  if (c < 0x100 || (c >= 0x1EA0 && c <= 0x1EF9))
    return c;
  return utf8proc_tolower(c);
}

// Writes c (below U+10000) as UTF-8 at out; the number of bytes.
static size_t put_utf8(char *out, int32_t c) {
  if (c < 0x80)
    return out[0] = (char)c, 1;
  if (c < 0x800)
    return out[0] = (char)(0xC0 | c >> 6), out[1] = (char)(0x80 | (c & 0x3F)), 2;
  out[0] = (char)(0xE0 | c >> 12);
  out[1] = (char)(0x80 | (c >> 6 & 0x3F));
  out[2] = (char)(0x80 | (c & 0x3F));
  return 3;
}

int lint_fold_word(const char *w, size_t n, char *out, size_t cap) {
  size_t len = 0, prev_at = 0, last_at = 0;
  int32_t prev = 0, last = 0;
  for (size_t at = 0; at < n;) {
    const unsigned char *u = (const unsigned char *)w + at;
    int32_t c = u[0];
    int k = 1;
    if (c < 0x80) {
    } else if (c >= 0xC2 && c <= 0xDF && at + 1 < n && (u[1] & 0xC0) == 0x80) {
      c = (c & 0x1F) << 6 | (u[1] & 0x3F), k = 2; // Latin-1, Ă Đ Ĩ Ũ Ơ Ư, marks
    } else if (c == 0xE1 && at + 2 < n && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
      c = 0x1000 | (u[1] & 0x3F) << 6 | (u[2] & 0x3F), k = 3; // Latin Extended Additional
    } else if ((k = utf8_decode(w + at, n - at, &c)) < 0 || c >= 0x10000) {
      return -1;
    }
    if (len + 4 >= cap)
      return -1;
    c = vn_lower(c);
    prev = last, prev_at = last_at, last = c, last_at = len;
    len += put_utf8(out + len, c);
    at += (size_t)k;
  }
  int style = prev == 'o' || prev == 'u' ? tone_pair(NEW_STYLE, prev, last) : -1;
  if (style >= 0) { // "hoà" -> "hòa"
    len = prev_at;
    len += put_utf8(out + len, OLD_STYLE[style][0]);
    len += put_utf8(out + len, OLD_STYLE[style][1]);
  }
  out[len] = 0;
  return (int)len;
}

// The style of a syllable's tone mark: 0 old, 1 new, -1 neither (or a
// syllable where only one placement is right: quý, hoàn).
static int tone_style(const int32_t *cps, int n) {
  if (n < 2)
    return -1;
  int32_t a = utf8proc_tolower(cps[n - 2]), b = utf8proc_tolower(cps[n - 1]);
  bool qu = n >= 3 && utf8proc_tolower(cps[n - 3]) == 'q';
  int at;
  if ((at = tone_pair(NEW_STYLE, a, b)) >= 0)
    return qu && a == 'u' ? -1 : 1;
  if ((at = tone_pair(OLD_STYLE, a, b)) >= 0)
    return qu && b == 'y' ? -1 : 0;
  return -1;
}

// The syllable with its tone mark moved to `style`, keeping letter case.
static char *restyle(Arena *a, const int32_t *cps, int n, int style) {
  int32_t *out = arena_alloc(a, sizeof(int32_t) * (size_t)n);
  memcpy(out, cps, sizeof(int32_t) * (size_t)n);
  int32_t x = utf8proc_tolower(cps[n - 2]), y = utf8proc_tolower(cps[n - 1]);
  const int32_t(*from)[2] = style ? OLD_STYLE : NEW_STYLE;
  const int32_t(*to)[2] = style ? NEW_STYLE : OLD_STYLE;
  int at = tone_pair(from, x, y);
  if (at < 0)
    return encode(a, cps, n);
  for (int k = 0; k < 2; k++) {
    int32_t c = to[at][k];
    out[n - 2 + k] = is_upper(cps[n - 2 + k]) ? utf8proc_toupper(c) : c;
  }
  return encode(a, out, n);
}

// Notes the word m[from, to) when its tone mark has a style.
static void collect_tone(Lint *l, const Text *t, const char *m, size_t from, size_t to) {
  char last = m[to - 1];
  if ((unsigned char)last < 0x80 && !strchr("aeyAEY", last))
    return; // both styles end in a, e, y or a toned vowel (non-ASCII)
  int32_t cps[32];
  int k = decode(m + from, to - from, cps, 32);
  int style = tone_style(cps, k);
  if (style >= 0 && k < 32) {
    Spelling *s = arena_alloc(l->a, sizeof(Spelling));
    *s = (Spelling){.t = t, .off = from, .len = to - from,
                    .word = span(l, m, from, to), .style = style,
                    .seq = l->tones.len};
    vec_push(&l->tones, s);
    record_word(l, s);
  }
}

// Both styles in one plan: the minority is reported, the majority kept; on a
// tie the decree's own style (hòa) is kept.
static void report_tones(Lint *l) {
  int count[2] = {0, 0};
  Spelling *first[2] = {NULL, NULL};
  for (int i = 0; i < l->tones.len; i++) {
    Spelling *s = l->tones.items[i];
    if (!first[s->style])
      first[s->style] = s;
    count[s->style]++;
  }
  if (!count[0] || !count[1])
    return;
  int keep = count[1] > count[0] ? 1 : 0;
  const Spelling *model = first[keep];
  for (int i = 0; i < l->tones.len; i++) {
    Spelling *s = l->tones.items[i];
    if (s->style == keep)
      continue;
    int32_t cps[32];
    int k = decode(s->word, s->len, cps, 32);
    char *fixed = restyle(l->a, cps, k, keep);
    report(l, s->t, s->off, s->len, "tone-marks", fixed,
           "'%s' đặt dấu kiểu %s, phần lớn kế hoạch viết kiểu %s ('%s') / '%s' "
           "places its tone mark the %s way; most of the plan uses the %s way "
           "('%s')",
           s->word, keep ? "cũ" : "mới", keep ? "mới" : "cũ", fixed, s->word,
           keep ? "old" : "new", keep ? "new" : "old", fixed);
    // Each style named with its own count: "(6 against 1)" next to the
    // flagged word read as if that word were the 6.
    diag_note(l->d, note_pos(model->t, model->off, model->len),
              "kiểu đa số, ví dụ '%s': kiểu %s %d chữ, kiểu %s %d chữ / the majority "
              "style, e.g. '%s': the %s way %d words, the %s way %d",
              model->word, keep ? "mới" : "cũ", count[keep], keep ? "cũ" : "mới",
              count[1 - keep], model->word, keep ? "new" : "old", count[keep],
              keep ? "old" : "new", count[1 - keep]);
  }
}

//
// Abbreviations spelled with D and Đ
//

// Document type codes that differ only by Đ/D and are both right.
static const char *const CODE_PAIRS[][2] = {
    {"ĐA", "DA"}, {"HĐ", "HD"}, {"CĐ", "CD"}};

static bool code_pair(const char *a, const char *b) {
  for (size_t i = 0; i < sizeof CODE_PAIRS / sizeof CODE_PAIRS[0]; i++)
    if ((!strcmp(a, CODE_PAIRS[i][0]) && !strcmp(b, CODE_PAIRS[i][1])) ||
        (!strcmp(a, CODE_PAIRS[i][1]) && !strcmp(b, CODE_PAIRS[i][0])))
      return true;
  return false;
}

// True when w[0, n) holds a D, Đ (C4 90) or đ (C4 91).
static bool has_d(const char *w, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (w[i] == 'D' || ((unsigned char)w[i] == 0xC4 && i + 1 < n &&
                        ((unsigned char)w[i + 1] == 0x90 || (unsigned char)w[i + 1] == 0x91)))
      return true;
  return false;
}

// The word with Đ/đ read as D/d, or NULL when it is not an abbreviation
// with a D in it (two capitals at least, twelve letters at most).
static char *abbrev_key(Lint *l, const char *w, size_t n) {
  if (!has_d(w, n))
    return NULL;
  int32_t cps[16];
  int k = decode(w, n, cps, 16);
  if (k < 2 || k > 12)
    return NULL;
  int upper = 0;
  bool has_d = false;
  for (int i = 0; i < k; i++) {
    upper += is_upper(cps[i]);
    if (cps[i] == 0x110 || cps[i] == 0x111 || cps[i] == 'D')
      has_d = true;
    if (cps[i] == 0x110)
      cps[i] = 'D';
    if (cps[i] == 0x111)
      cps[i] = 'd';
  }
  return upper >= 2 && has_d ? encode(l->a, cps, k) : NULL;
}

// Notes the word m[from, to) when it is an abbreviation with a D or Đ.
static void collect_abbrev(Lint *l, const Text *t, const char *m, size_t from, size_t to) {
  char *key = abbrev_key(l, m + from, to - from);
  if (key) {
    Spelling *s = arena_alloc(l->a, sizeof(Spelling));
    *s = (Spelling){.t = t, .off = from, .len = to - from,
                    .word = span(l, m, from, to), .key = key,
                    .seq = l->abbrevs.len};
    vec_push(&l->abbrevs, s);
    record_word(l, s);
  }
}

// One pass over the words of m[0, n) for the plan-wide spelling rules:
// abbreviations always, tone marks when `tones`.
static void collect_words(Lint *l, const Text *t, const char *m, bool tones) {
  for (int i = 0; i < l->nwords; i++) {
    if (tones)
      collect_tone(l, t, m, l->words[i].from, l->words[i].to);
    collect_abbrev(l, t, m, l->words[i].from, l->words[i].to);
  }
}

// Splits m[0, n) into l->words.
static void find_words(Lint *l, const char *m, size_t n) {
  size_t at = 0, from, to;
  l->nwords = 0;
  while (text_next_word(m, n, &at, &from, &to)) {
    if (l->nwords == l->capwords) {
      l->capwords = l->capwords ? 2 * l->capwords : 64;
      l->words = xrealloc(l->words, sizeof *l->words * (size_t)l->capwords);
    }
    l->words[l->nwords].from = from;
    l->words[l->nwords++].to = to;
  }
}

static int by_key_and_word(const void *a, const void *b) {
  const Spelling *x = *(Spelling *const *)a, *y = *(Spelling *const *)b;
  int k = strcmp(x->key, y->key);
  if (k)
    return k;
  int w = strcmp(x->word, y->word);
  return w ? w : x->seq - y->seq;
}

static bool has_dd(const char *w) { return strstr(w, "Đ") || strstr(w, "đ"); }

// Decides one key's spellings g[0..n) (sorted by word): the one used most
// is kept (on a tie the one with Đ, as the words it abbreviates are
// written); its first occurrence is the model.
static void decide_key(Spelling **g, int n) {
  const char *keep = NULL;
  int keep_n = 0, variants = 0;
  for (int i = 0; i < n;) {
    int j = i;
    while (j < n && strcmp(g[j]->word, g[i]->word) == 0)
      j++;
    variants++;
    if (j - i > keep_n || (j - i == keep_n && has_dd(g[i]->word)))
      keep = g[i]->word, keep_n = j - i;
    i = j;
  }
  const Spelling *model = NULL;
  for (int i = 0; i < n; i++)
    if (strcmp(g[i]->word, keep) == 0 && (!model || g[i]->seq < model->seq))
      model = g[i];
  for (int i = 0; i < n; i++)
    g[i]->keep = keep, g[i]->model = model, g[i]->variants = variants;
}

static void report_abbrevs(Lint *l) {
  int n = l->abbrevs.len;
  if (n < 2)
    return;
  Spelling **sorted = arena_alloc(l->a, sizeof(Spelling *) * (size_t)n);
  memcpy(sorted, l->abbrevs.items, sizeof(Spelling *) * (size_t)n);
  qsort(sorted, (size_t)n, sizeof(Spelling *), by_key_and_word);
  for (int i = 0; i < n;) {
    int j = i;
    while (j < n && strcmp(sorted[j]->key, sorted[i]->key) == 0)
      j++;
    decide_key(sorted + i, j - i);
    i = j;
  }
  for (int i = 0; i < n; i++) {
    const Spelling *s = l->abbrevs.items[i];
    if (s->variants < 2 || strcmp(s->word, s->keep) == 0 ||
        code_pair(s->word, s->keep))
      continue;
    report(l, s->t, s->off, s->len, "abbrev-variant", s->keep,
           "chữ viết tắt '%s' còn được viết là '%s' trong kế hoạch / the "
           "abbreviation '%s' is also spelled '%s' in this plan",
           s->word, s->keep, s->word, s->keep);
    diag_note(l->d, note_pos(s->model->t, s->model->off, s->model->len),
              "viết là '%s' ở đây / spelled '%s' here", s->keep, s->keep);
  }
}

//
// One text at a time
//

static bool is_space_byte(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// A single syllable written twice is a slip only for words that stand on
// their own: elsewhere the two may belong to two words ("hành vi vi phạm",
// "học sinh sinh viên"). These function words are never doubled on purpose.
static const char *const FUNCTION_WORDS[] = {
    "về",   "và",   "của",  "các",   "cho",  "với",   "trong", "để",
    "đã",   "được", "là",   "có",    "thì",  "theo",  "tại",   "trên",
    "dưới", "đến",  "này",  "một",   "hoặc", "nhằm",  "bằng",  "khi",
    "không", "sẽ",  "đang", "cũng",  "những", "mọi",  "mỗi",   "như",
    "nhưng", "vì",  "do",   "nếu",   "qua",  "ở",     "vào",   "toàn",
    "đối",  "việc", "sự",   "cần",   "phải", "còn",   "rất",   "đều",
    "nên",  "hay",  "mà",   "bởi",   "tới",  "thuộc", NULL};

// Words that end with one of those and may be followed by it: "an toàn
// toàn diện".
static const char *const ENDS_WITH_FUNCTION_WORD[] = {
    "an toàn", "hoàn toàn", "bảo toàn", "vẹn toàn", "chu toàn", NULL};

static bool in_list(Lint *l, const char *w, const char *const *list) {
  const char *folded = lint_fold(l->a, w);
  for (int i = 0; list[i]; i++)
    if (strcmp(folded, lint_fold(l->a, list[i])) == 0)
      return true;
  return false;
}

// The syllable before byte `at` of m, or "".
static char *syllable_before(Lint *l, const char *m, size_t at) {
  size_t end = at;
  while (end > 0 && is_space_byte(m[end - 1]))
    end--;
  size_t start = end;
  while (start > 0 && !is_space_byte(m[start - 1]) && m[start - 1] != '\x1a')
    start--;
  return span(l, m, start, end);
}

// How many words, from word i on, are written twice in a row: 2 for "thực
// hiện thực hiện" (the pair's own spacing repeated), 1 for "về về", 0.
// As the pattern (?i)(\w+(?:[ \t]+\w+)?)\s+\1 over whole words.
static int doubled_at(const Lint *l, const char *m, int i) {
  const size_t nw = (size_t)l->nwords;
#define W(k) (m + l->words[k].from), (l->words[k].to - l->words[k].from)
#define GAP(k) (m + l->words[k].to), (l->words[(k) + 1].from - l->words[k].to)
  if ((size_t)i + 3 < nw && text_all_space(GAP(i), true) &&
      text_all_space(GAP(i + 1), false) &&
      l->words[i + 1].from - l->words[i].to == l->words[i + 3].from - l->words[i + 2].to &&
      memcmp(m + l->words[i].to, m + l->words[i + 2].to,
             l->words[i + 1].from - l->words[i].to) == 0 &&
      text_same_caseless(W(i), W(i + 2)) && text_same_caseless(W(i + 1), W(i + 3)))
    return 2;
  if ((size_t)i + 1 < nw && text_all_space(GAP(i), false) &&
      text_same_caseless(W(i), W(i + 1)))
    return 1;
  return 0;
#undef W
#undef GAP
}

static void lint_doubled(Lint *l, const Text *t, const char *m) {
  for (int i = 0; i < l->nwords; i++) {
    int k = doubled_at(l, m, i);
    if (!k)
      continue;
    size_t from = l->words[i].from, mid = l->words[i + k - 1].to,
           to = l->words[i + 2 * k - 1].to;
    i += 2 * k - 1;
    char *w = span(l, m, from, mid);
    if (k == 1 && !in_list(l, w, FUNCTION_WORDS))
      continue;
    char *before = arena_printf(l->a, "%s %s", syllable_before(l, m, from), w);
    if (k == 1 && in_list(l, before, ENDS_WITH_FUNCTION_WORD))
      continue;
    char *all = span(l, m, from, to);
    report(l, t, from, to - from, "doubled-word", w,
           "từ lặp lại: '%s' / doubled word: '%s'", all, all);
  }
}

static bool is_space(char c) { return c == ' ' || c == '\t'; }

// One warning per line that has words not in NFC: from the first such word
// to the last, with the NFC text as the fix.
static void lint_nfc(Lint *l, const Text *t) {
  const char *s = t->src;
  if (text_is_nfc(s))
    return;
  size_t n = strlen(s);
  for (size_t line = 0; line < n;) {
    size_t end = line;
    while (end < n && s[end] != '\n')
      end++;
    size_t first = (size_t)-1, last = 0;
    for (size_t w = line; w < end;) {
      while (w < end && is_space(s[w]))
        w++;
      size_t e = w;
      while (e < end && !is_space(s[e]))
        e++;
      if (e > w && !text_is_nfc(span(l, s, w, e))) {
        if (first == (size_t)-1)
          first = w;
        last = e;
      }
      w = e;
    }
    if (first != (size_t)-1) {
      char *bad = span(l, s, first, last);
      char *nfc = text_nfc(l->a, bad);
      report(l, t, first, last - first, "not-nfc", nfc,
             "văn bản không ở dạng Unicode dựng sẵn (NFC): '%s' / text not in "
             "Unicode NFC: '%s'",
             nfc, nfc);
      note_value(l, t,
                "dấu tách rời (NFD) làm hỏng chữ trong PDF và khi tìm kiếm / "
                "decomposed marks break PDF glyphs and search");
    }
    line = end + 1;
  }
}

//
// Legacy encodings (TCVN3, VNI) read as Windows-1252
//

// A TCVN3 byte (0xA1..0xFE, seen as the Windows-1252 character of that
// code) as the Vietnamese letter it stands for, read by glibc's iconv
// (TCVN5712-1, the superset of TCVN3 ABC with precomposed capitals; it
// agrees with ABC on every letter ABC has); NULL when it is no letter. The
// converter is opened on the first word that needs it (l->tcvn).
static const char *tcvn3_letter(Lint *l, int32_t c) {
  if (c < 0xA1 || c > 0xFE)
    return NULL;
  if (!l->tcvn_opened) {
    l->tcvn_opened = true;
    l->tcvn = iconv_open("UTF-8", "TCVN5712-1");
  }
  if (l->tcvn == (iconv_t)-1)
    return NULL;
  char in = (char)c, out[16];
  char *inp = &in, *outp = out;
  size_t inleft = 1, outleft = sizeof out - 1;
  iconv(l->tcvn, NULL, NULL, NULL, NULL); // a fresh state for each byte
  // The decoder holds a letter back (a combining mark may follow): the
  // second call flushes it.
  if (iconv(l->tcvn, &inp, &inleft, &outp, &outleft) == (size_t)-1 || inleft ||
      iconv(l->tcvn, NULL, NULL, &outp, &outleft) == (size_t)-1)
    return NULL;
  *outp = '\0';
  const char *letter = text_nfc(l->a, out);
  int32_t cp;
  if (utf8_decode(letter, strlen(letter), &cp) <= 0 || !text_is_letter_or_mark(cp))
    return NULL;
  return letter;
}

// Symbols that only TCVN3 mojibake puts inside a word: ¡..® µ..¹ »..¾ × ÷.
static bool tcvn3_symbol(int32_t c) {
  return (c >= 0xA1 && c <= 0xAE) || (c >= 0xB5 && c <= 0xB9) ||
         (c >= 0xBB && c <= 0xBE) || c == 0xD7 || c == 0xF7;
}

// Latin-1 letters that Vietnamese never uses (Ä Å Æ Ç Ë Î Ï Ð Ñ Ö Ø Û Ü Þ ß
// and their small forms): TCVN3 and VNI put them into Vietnamese words.
static bool foreign_letter(int32_t c) {
  static const int32_t list[] = {0xC4, 0xC5, 0xC6, 0xC7, 0xCB, 0xCE, 0xCF,
                                 0xD0, 0xD1, 0xD6, 0xD8, 0xDB, 0xDC, 0xDE,
                                 0xDF, 0xE4, 0xE5, 0xE6, 0xE7, 0xEB, 0xEE,
                                 0xEF, 0xF0, 0xF1, 0xF6, 0xF8, 0xFB, 0xFC,
                                 0xFE, 0xFF};
  for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
    if (list[i] == c)
      return true;
  return false;
}

// VNI writes a vowel's marks as a second character: "Vieät" for "Việt".
// The marks and what they add (combining circumflex/breve, then the tone).
static const struct {
  int32_t mark;
  int32_t combining[2];
} VNI_MARKS[] = {
    {0xF9, {0x301, 0}},     {0xF8, {0x300, 0}},     {0xFB, {0x309, 0}},
    {0xF5, {0x303, 0}},     {0xEF, {0x323, 0}},     {0xE2, {0x302, 0}},
    {0xE1, {0x302, 0x301}}, {0xE0, {0x302, 0x300}}, {0xE5, {0x302, 0x309}},
    {0xE3, {0x302, 0x303}}, {0xE4, {0x302, 0x323}}, {0xEA, {0x306, 0}},
    {0xE9, {0x306, 0x301}}, {0xE8, {0x306, 0x300}}, {0xFA, {0x306, 0x309}},
    {0xFC, {0x306, 0x303}}, {0xEB, {0x306, 0x323}},
};

// Lower case of a character of U+0000..U+00FF (what mojibake words hold).
static int32_t latin1_lower(int32_t c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
    return c + 0x20;
  return c;
}

static int vni_mark(int32_t c) {
  int32_t lower = latin1_lower(c);
  for (size_t i = 0; i < sizeof VNI_MARKS / sizeof VNI_MARKS[0]; i++)
    if (VNI_MARKS[i].mark == lower)
      return (int)i;
  return -1;
}

static bool ascii_letter(int32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool vowel(int32_t c) {
  int32_t x = latin1_lower(c);
  return x == 'a' || x == 'e' || x == 'i' || x == 'o' || x == 'u' || x == 'y' ||
         x == 0xF4 || x == 0xF6; // ô (VNI ơ), ö (VNI ư)
}

typedef enum { MOJI_NONE, MOJI_WEAK, MOJI_TCVN3, MOJI_VNI } Mojibake;

// How surely a word is mojibake. Mojibake words hold only ASCII and Latin-1
// (TCVN3 and VNI are 8-bit): one with ị or ơ is Unicode. A TCVN3 symbol
// inside the word, or a VNI mark after a or e (never Vietnamese), is sure; a
// foreign Latin-1 letter next to an ASCII one is only suspect (it may be a
// foreign name: Müller).
static Mojibake word_mojibake(const int32_t *c, int n) {
  bool ascii = false, weak = false;
  for (int i = 0; i < n; i++) {
    ascii = ascii || ascii_letter(c[i]);
    if (c[i] > 0xFF) // "định¹": a real Vietnamese letter, so real Unicode
      return MOJI_NONE;
  }
  if (!ascii)
    return MOJI_NONE;
  for (int i = 0; i < n; i++) {
    bool edge_quote = (c[i] == 0xAB && i == 0) || (c[i] == 0xBB && i == n - 1);
    if (tcvn3_symbol(c[i]) && !edge_quote && n > 1)
      return MOJI_TCVN3;
    int32_t prev = i ? latin1_lower(c[i - 1]) : 0;
    if ((prev == 'a' || prev == 'e') && vni_mark(c[i]) >= 0)
      return MOJI_VNI;
    bool next_ascii = (i && ascii_letter(c[i - 1])) ||
                      (i + 1 < n && ascii_letter(c[i + 1]));
    if (foreign_letter(c[i]) && next_ascii)
      weak = true;
  }
  return weak ? MOJI_WEAK : MOJI_NONE;
}

// The word read back as TCVN3.
static char *decode_tcvn3(Lint *l, const int32_t *c, int n) {
  Buf b;
  buf_init(&b);
  for (int i = 0; i < n; i++) {
    const char *letter = tcvn3_letter(l, c[i]);
    if (letter)
      buf_puts(&b, letter);
    else
      utf8_encode(&b, c[i]);
  }
  char *r = arena_strdup(l->a, b.data ? b.data : "");
  buf_free(&b);
  return r;
}

// The word read back as VNI: marks join the vowel before them.
static char *decode_vni(Lint *l, const int32_t *c, int n) {
  static const int32_t standalone[][2] = {
      {0xF1, 0x111}, {0xD1, 0x110}, {0xF4, 0x1A1}, {0xD4, 0x1A0}, {0xF6, 0x1B0},
      {0xD6, 0x1AF}, {0xE6, 0x1EC9}, {0xC6, 0x1EC8}, {0xF3, 0x129}, {0xD3, 0x128},
      {0xF2, 0x1ECB}, {0xD2, 0x1ECA}};
  Buf b;
  buf_init(&b);
  for (int i = 0; i < n; i++) {
    int m = vni_mark(c[i]);
    if (m >= 0 && i && vowel(c[i - 1])) {
      for (int k = 0; k < 2 && VNI_MARKS[m].combining[k]; k++)
        utf8_encode(&b, VNI_MARKS[m].combining[k]);
      continue;
    }
    int32_t out = c[i];
    for (size_t k = 0; k < sizeof standalone / sizeof standalone[0]; k++)
      if (standalone[k][0] == c[i])
        out = standalone[k][1];
    utf8_encode(&b, out);
  }
  char *r = text_nfc(l->a, b.data ? b.data : "");
  buf_free(&b);
  return r;
}

static void report_mojibake(Lint *l, const Text *t, size_t off, size_t len,
                            Mojibake kind) {
  int32_t cps[64];
  int n = decode(t->src + off, len, cps, 64);
  bool vni = kind == MOJI_VNI;
  if (kind == MOJI_WEAK)
    for (int i = 1; i < n && !vni; i++)
      vni = vowel(cps[i - 1]) && vni_mark(cps[i]) >= 0 &&
            foreign_letter(cps[i]);
  const char *table = vni ? "VNI" : "TCVN3 (ABC)";
  char *word = span(l, t->src, off, off + len);
  report(l, t, off, len, "legacy-encoding", NULL,
         "'%s' có vẻ là chữ gõ bằng bảng mã %s dán vào như Unicode / '%s' "
         "looks like %s text pasted as Unicode",
         word, table, word, table);
  const char *decoded = vni ? decode_vni(l, cps, n) : decode_tcvn3(l, cps, n);
  note(l, t, off, len,
            "đọc theo %s: '%s'; chuyển mã cả đoạn (Unikey: Chuyển mã) rồi dán lại "
            "/ read as %s: '%s'; convert the passage and paste it again",
            table, decoded, table, decoded);
}

// True when s[0, n) has a character in U+0080..U+00FF (lead byte C2 or
// C3) and none past it (lead byte C4 and up): only such a word can be
// TCVN3 or VNI read as Latin-1.
static bool latin1_only(const char *s, size_t n) {
  bool latin1 = false;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0xC4)
      return false;
    latin1 = latin1 || c == 0xC2 || c == 0xC3;
  }
  return latin1;
}

// True when some word of m[0, n) may be mojibake: it has a Latin-1
// symbol or other U+0080..U+00BF character (lead byte C2), a Latin-1
// letter Vietnamese never uses, or a VNI mark right after a or e. Every
// word word_mojibake flags has one; Vietnamese text almost never does, so
// the words need not be looked at.
static bool may_hold_mojibake(const char *m, size_t n) {
  for (size_t i = 0; i + 1 < n; i++) {
    unsigned char c = (unsigned char)m[i], next = (unsigned char)m[i + 1];
    if (c == 0xC2)
      return true;
    if (c != 0xC3 || next < 0x80 || next > 0xBF)
      continue;
    int32_t cp = next + 0x40; // C3 80..BF: U+00C0..U+00FF
    if (foreign_letter(cp) || tcvn3_symbol(cp))
      return true;
    bool after_a_or_e = i > 0 && (m[i - 1] == 'a' || m[i - 1] == 'e' || m[i - 1] == 'A' ||
                                  m[i - 1] == 'E');
    if (after_a_or_e && vni_mark(cp) >= 0)
      return true;
  }
  return false;
}

// One warning per text: at its first sure word, or at its first suspect
// word when there are two. True when it warned (the text's words are then
// not judged as syllables: they are mojibake, not typos).
static bool lint_legacy(Lint *l, const Text *t, const char *m, size_t n) {
  if (!may_hold_mojibake(m, n))
    return false;
  size_t at = 0, from, to, weak_off = 0, weak_len = 0;
  int weak = 0;
  while (text_next_run(m, n, &at, RUN_LATIN_CHARS, &from, &to)) {
    if (!latin1_only(m + from, to - from))
      continue; // ASCII, or a letter past U+00FF: not 8-bit text
    int32_t cps[64];
    int k = decode(m + from, to - from, cps, 64);
    Mojibake kind = word_mojibake(cps, k);
    if (kind == MOJI_TCVN3 || kind == MOJI_VNI) {
      report_mojibake(l, t, from, to - from, kind);
      return true;
    }
    if (kind == MOJI_WEAK && weak++ == 0)
      weak_off = from, weak_len = to - from;
  }
  if (weak >= 2)
    report_mojibake(l, t, weak_off, weak_len, MOJI_WEAK);
  return weak >= 2;
}

//
// Spacing around punctuation and dashes
//

// True when one of ",;:!?." follows a space or tab in m[0, n): what
// the space_punct pattern needs before it can match.
static bool space_before_punct(const char *m, size_t n) {
  for (size_t i = 1; i < n; i++)
    if (is_space(m[i - 1]) && m[i] && strchr(",;:!?.", m[i]))
      return true;
  return false;
}

// What the punctuation patterns need before they can match, found in one
// pass over the text (a scan with a pattern costs more than this look).
enum {
  MARK_ONE_SIDED_DASH = 1, // '-' or '–' with a blank on one side only
  MARK_SPACE_CLOSE = 2,    // a blank right before ')' or ']'
  MARK_PUNCT_PAIR = 4,     // two of , ; : ! ? . touching
  MARK_COMMA_CAPITAL = 8,  // a comma, blanks, then a capital
};

static bool is_punct_mark(char c) {
  return c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '.';
}

// The bytes scan_marks stops at: - , ; : ! ? . ) ] and E2 (the lead byte of '–').
#define M1(c) [(unsigned char)(c)] = 1
static const unsigned char MARK_BYTES[256] = {M1('-'), M1(','), M1(';'), M1(':'), M1('!'),
                                              M1('?'), M1('.'), M1(')'), M1(']'), M1(0xE2)};
#undef M1

static int scan_marks(const char *m, size_t n) {
  int found = 0;
  for (size_t i = 0; i < n; i++) {
    char c = m[i];
    if (!MARK_BYTES[(unsigned char)c])
      continue;
    size_t len = c == '-' ? 1 : (c == (char)0xE2 && i + 2 < n && !memcmp(m + i, "–", 3)) ? 3 : 0;
    if (len) {
      bool before = i > 0 && is_space(m[i - 1]), after = i + len < n && is_space(m[i + len]);
      if (before != after)
        found |= MARK_ONE_SIDED_DASH;
      i += len - 1;
    } else if ((c == ')' || c == ']') && i > 0 && is_space(m[i - 1])) {
      found |= MARK_SPACE_CLOSE;
    } else if (is_punct_mark(c) && i + 1 < n && is_punct_mark(m[i + 1])) {
      found |= MARK_PUNCT_PAIR;
    } else if (c == ',') {
      size_t k = i + 1;
      while (k < n && is_space(m[k]))
        k++;
      int32_t cp = 0;
      if (k > i + 1 && k < n && utf8_decode(m + k, n - k, &cp) > 0 && is_upper(cp))
        found |= MARK_COMMA_CAPITAL;
    }
  }
  return found;
}


// Each spacing pattern needs a given punctuation mark: a text without it
// is not scanned (a scan costs more than the look).
static void lint_spacing(Lint *l, const Text *t, const char *m, size_t n, int marks) {
  size_t at = space_before_punct(m, n) ? 0 : n;
  while (next_match(l, l->re->space_punct, m, n, &at)) {
    char *punct = span(l, m, match_at(l, 1) - 1, match_at(l, 1));
    report(l, t, match_at(l, 0), match_at(l, 1) - match_at(l, 0), "punct-spacing", punct,
           "dấu cách thừa trước dấu '%s' / stray space before '%s'", punct,
           punct);
  }
  at = memchr(m, '(', n) ? 0 : n;
  while (next_match(l, l->re->glued_paren, m, n, &at))
    report(l, t, match_at(l, 0), 1, "punct-spacing", " (",
           "thiếu dấu cách trước dấu '(' / missing space before '('");
  at = memchr(m, ',', n) || memchr(m, ';', n) ? 0 : n;
  while (next_match(l, l->re->glued_comma, m, n, &at)) {
    char *punct = span(l, m, match_at(l, 0), match_at(l, 1));
    report(l, t, match_at(l, 0), 1, "punct-spacing",
           arena_printf(l->a, "%s ", punct),
           "thiếu dấu cách sau dấu '%s' / missing space after '%s'", punct,
           punct);
  }
  // Between numbers ("2021- 2030") and between words ("Văn hóa- xã hội").
  const pcre2_code *dashes[] = {l->re->one_side_dash, l->re->word_dash};
  for (int k = 0; k < 2; k++) {
    at = marks & MARK_ONE_SIDED_DASH ? 0 : n;
    while (next_match(l, dashes[k], m, n, &at)) {
      char *text = span(l, m, match_at(l, 0), match_at(l, 1));
      const char *dash = strstr(text, "–") ? "–" : "-";
      report(l, t, match_at(l, 0), match_at(l, 1) - match_at(l, 0), "punct-spacing",
             arena_printf(l->a, " %s ", dash),
             "dấu gạch nối chỉ có dấu cách ở một bên / a dash with a space on "
             "one side only");
    }
  }
  at = marks & MARK_SPACE_CLOSE ? 0 : n;
  while (next_match(l, l->re->space_close, m, n, &at)) {
    char *close = span(l, m, match_at(l, 1) - 1, match_at(l, 1));
    report(l, t, match_at(l, 0), match_at(l, 1) - match_at(l, 0), "punct-spacing", close,
           "dấu cách thừa trước dấu '%s' / stray space before '%s'", close, close);
  }
  at = memchr(m, '%', n) ? 0 : n;
  while (next_match(l, l->re->space_percent, m, n, &at))
    report(l, t, match_at(l, 0), match_at(l, 1) - match_at(l, 0), "punct-spacing", "%",
           "không có dấu cách trước dấu '%%' / no space before '%%'");
}

//
// Percentages
//

// "1.000,5" -> 1000.5 (Vietnamese: '.' groups thousands, ',' is decimal).
static double vn_number(const char *s) {
  char buf[64];
  size_t k = 0;
  for (; *s && k + 1 < sizeof buf; s++)
    if (*s == ',')
      buf[k++] = '.';
    else if (*s != '.')
      buf[k++] = *s;
  buf[k] = '\0';
  return atof(buf);
}

// True when the words just before byte `at` speak of growth ("tăng 150%").
static bool growth_before(Lint *l, const char *s, size_t at) {
  size_t from = at > 24 ? at - 24 : 0;
  while (from > 0 && ((unsigned char)s[from] & 0xC0) == 0x80)
    from--;
  const char *before = lint_fold(l->a, span(l, s, from, at));
  return strstr(before, "tăng") || strstr(before, "vượt") || strstr(before, "gấp");
}

static void lint_percent(Lint *l, const Text *t, const char *m, size_t n) {
  size_t at = 0;
  while (next_match(l, l->re->percent, m, n, &at)) {
    char *num = span(l, m, match_at(l, 2), match_at(l, 3));
    if (vn_number(num) <= 100 || growth_before(l, m, match_at(l, 0)))
      continue;
    char *all = span(l, m, match_at(l, 0), match_at(l, 1));
    report(l, t, match_at(l, 0), match_at(l, 1) - match_at(l, 0), "percent-over-100", NULL,
           "tỷ lệ '%s' vượt quá 100%% / the percentage '%s' is over 100%%", all,
           all);
  }
}

static void lint_targets(Lint *l) {
  const Plan *p = l->p;
  for (int i = 0; i < p->nall_items; i++)
    for (int k = 0; p->all_items[i]->kind == ITEM_INDICATOR && k < p->all_items[i]->ntargets;
         k++) {
      const Target *tg = &p->all_items[i]->targets[k];
      if (!tg->value || !tg->unit || strcmp(tg->unit, "%") != 0 ||
          text_number_value(tg->value) <= 100 || (tg->cmp && strcmp(tg->cmp, "tăng") == 0))
        continue;
      diag(l->d, SEV_WARNING, pos_of_value(tg->value_pos, tg->value), "percent-over-100",
           "chỉ tiêu %s%% vượt quá 100%% / the target %s%% is over 100%%",
           tg->value, tg->value);
    }
}

//
// The decree's zero rule in dates written out in text
//

// Day with two digits ("05"); months 1 and 2 with two ("01"), 3..12 without.
static char *zero_day(Lint *l, int day) { return arena_printf(l->a, "%02d", day); }

static char *zero_month(Lint *l, int month) {
  return arena_printf(l->a, month <= 2 ? "%02d" : "%d", month);
}

static void report_zero(Lint *l, const Text *t, size_t off, size_t len,
                        const char *fixed) {
  char *bad = span(l, t->src, off, off + len);
  report(l, t, off, len, "date-zero", fixed,
         "'%s' viết sai quy tắc số 0 của Nghị định 30, đúng là '%s' / '%s' "
         "breaks the decree's zero rule; write '%s'",
         bad, fixed, bad, fixed);
}

// "ngày 5 tháng 03": the day and the month, each at its own digits.
static void zero_words(Lint *l, const Text *t, const char *m, size_t n,
                       size_t (*spans)[2], int *nspans) {
  size_t at = 0;
  while (next_match(l, l->re->date_words, m, n, &at)) {
    size_t d0 = match_at(l, 2), d1 = match_at(l, 3), m0 = match_at(l, 4), m1 = match_at(l, 5);
    int day = atoi(m + d0), month = atoi(m + m0);
    if (*nspans < 64)
      spans[*nspans][0] = match_at(l, 0), spans[(*nspans)++][1] = match_at(l, 1);
    if (day < 1 || day > 31 || month < 1 || month > 12)
      continue;
    char *dz = zero_day(l, day), *mz = zero_month(l, month);
    if (strlen(dz) != d1 - d0 || strncmp(dz, m + d0, d1 - d0) != 0)
      report_zero(l, t, d0, d1 - d0, dz);
    if (strlen(mz) != m1 - m0 || strncmp(mz, m + m0, m1 - m0) != 0)
      report_zero(l, t, m0, m1 - m0, mz);
  }
}

// "tháng 03" outside a full date.
static void zero_month_alone(Lint *l, const Text *t, const char *m, size_t n,
                             size_t (*spans)[2], int nspans) {
  size_t at = 0;
  while (next_match(l, l->re->month_zero, m, n, &at)) {
    size_t g0 = match_at(l, 2), g1 = match_at(l, 3);
    bool inside = false;
    for (int i = 0; i < nspans; i++)
      inside = inside || (g0 >= spans[i][0] && g1 <= spans[i][1]);
    if (!inside)
      report_zero(l, t, g0, g1 - g0, zero_month(l, atoi(m + g0)));
  }
}

// "5/3/2021" and "ngày 5/3": the whole date, rewritten.
static void zero_short(Lint *l, const Text *t, const char *m, size_t n,
                       const pcre2_code *re, bool with_year) {
  size_t at = 0;
  while (next_match(l, re, m, n, &at)) {
    int day = atoi(m + match_at(l, 2)), month = atoi(m + match_at(l, 4));
    int year = with_year ? atoi(m + match_at(l, 6)) : 2000;
    if (!date_is_valid(year, month, day) || year < 1900 || year > 2200)
      continue;
    size_t from = match_at(l, 2), to = with_year ? match_at(l, 7) : match_at(l, 5);
    char *fixed = with_year ? arena_printf(l->a, "%s/%s/%d", zero_day(l, day),
                                           zero_month(l, month), year)
                            : arena_printf(l->a, "%s/%s", zero_day(l, day),
                                           zero_month(l, month));
    if (strlen(fixed) != to - from || strncmp(fixed, m + from, to - from) != 0)
      report_zero(l, t, from, to - from, fixed);
  }
}

static void lint_dates(Lint *l, const Text *t, const char *m, size_t n) {
  size_t spans[64][2];
  int nspans = 0;
  zero_words(l, t, m, n, spans, &nspans);
  zero_month_alone(l, t, m, n, spans, nspans);
  zero_short(l, t, m, n, l->re->date_short, true);
  zero_short(l, t, m, n, l->re->date_annual, false);
}

//
// Capitals in agency names (Phụ lục II)
//

// Two-syllable words of organisation names. Phụ lục II capitalises the
// first letter of the words naming the kind of body and its field, so only
// the first syllable of each takes a capital: "Văn hóa", not "Văn Hóa".
static const char *const NAME_WORDS[] = {
    "ủy ban",    "nhân dân",   "hội đồng",   "văn hóa",    "xã hội",
    "kinh tế",   "tài chính",  "nội vụ",     "y tế",       "giáo dục",
    "đào tạo",   "tư pháp",    "công an",    "trung tâm",  "văn phòng",
    "mặt trận",  "tổ quốc",    "liên hiệp",  "phụ nữ",     "thanh niên",
    "chiến binh", "nông dân",  "dịch vụ",    "sự nghiệp",  "quân sự",
    "tài nguyên", "môi trường", "nông nghiệp", "công thương", "thông tin",
    "truyền thông", "lao động", "thương binh", "kế hoạch",  "đầu tư",
    "xây dựng",  "giao thông", "vận tải",    "khoa học",   "công nghệ",
    "thể thao",  "du lịch",    "thanh tra",  "dân tộc",    "tôn giáo",
    "công đoàn", "cộng sản",   "chấp hành",  "thường trực", "thường vụ",
    "đảng ủy",   "hành chính", "bảo hiểm",   "ngân hàng",  "kho bạc",
    "thống kê",  "kiểm sát",   "tòa án",     "quốc phòng", "an ninh",
    "bình đẳng", "tiến bộ",    "chữ thập",   "cao tuổi",   "khuyến học",
    NULL};

// The last syllable of the words that put a place's name after them
// ("xã Liên Hiệp", "thị trấn Tân Yên", "thành phố Hồ Chí Minh"): what
// follows is a proper name, capitalised word by word.
static const char *const PLACE_WORDS[] = {"xã",   "phường", "trấn", "huyện", "quận",
                                          "phố",  "tỉnh",   "thôn", "xóm",   "ấp",
                                          "bản",  "làng",   "buôn", "sóc",   NULL};

static bool name_word(Lint *l, const char *pair) {
  const char *folded = lint_fold(l->a, pair);
  for (int i = 0; NAME_WORDS[i]; i++)
    if (strcmp(folded, NAME_WORDS[i]) == 0)
      return true;
  return false;
}

// "Ủy Ban Nhân Dân": the whole kind of body takes one capital.
static int lint_council(Lint *l, const Text *t, const char *m, size_t n,
                        size_t (*spans)[2], int max) {
  size_t at = 0;
  int k = 0;
  while (next_match(l, l->re->council, m, n, &at)) {
    char *written = span(l, m, match_at(l, 0), match_at(l, 1));
    if (strcmp(written, text_upper(l->a, written)) == 0)
      continue; // ỦY BAN NHÂN DÂN in a heading
    int32_t c0 = first_cp(written);
    Buf b;
    buf_init(&b);
    utf8_encode(&b, c0);
    size_t head = b.len;
    buf_puts(&b, text_lower(l->a, written + head));
    char *fixed = arena_strdup(l->a, b.data);
    buf_free(&b);
    if (k < max)
      spans[k][0] = match_at(l, 0), spans[k++][1] = match_at(l, 1);
    if (strcmp(fixed, written) != 0)
      report(l, t, match_at(l, 0), match_at(l, 1) - match_at(l, 0), "agency-case", fixed,
             "'%s' viết hoa sai Phụ lục II Nghị định 30, đúng là '%s' / '%s' "
             "is capitalised against Phụ lục II; write '%s'",
             written, fixed, written, fixed);
  }
  return k;
}

static void lint_agency_case(Lint *l, const Text *t) {
  const char *m = masked(l, t->src);
  size_t n = strlen(m), spans[16][2];
  int nspans = lint_council(l, t, m, n, spans, 16);
  size_t at = 0;
  while (next_match(l, l->re->title_pair, m, n, &at)) {
    size_t w0 = match_at(l, 0), s0 = match_at(l, 4), s1 = match_at(l, 5);
    at = s0; // overlapping: "Phòng Văn Hóa" tries "Văn Hóa" next
    bool inside = false;
    for (int i = 0; i < nspans; i++)
      inside = inside || (w0 >= spans[i][0] && s1 <= spans[i][1]);
    char *pair = span(l, m, w0, s1);
    if (inside || !name_word(l, pair) || in_list(l, syllable_before(l, m, w0), PLACE_WORDS))
      continue;
    char *second = span(l, m, s0, s1);
    char *fixed = text_lower_first(l->a, second);
    char *right = arena_printf(l->a, "%s %s", span(l, m, w0, match_at(l, 3)), fixed);
    report(l, t, s0, s1 - s0, "agency-case", fixed,
           "'%s' viết hoa sai Phụ lục II Nghị định 30: chỉ viết hoa chữ đầu "
           "của từ, đúng là '%s' / '%s' is capitalised against Phụ lục II: "
           "only a word's first syllable takes a capital; write '%s'",
           pair, right, pair, right);
  }
}

//
// Syllables that cannot be Vietnamese (syllable.c)
//

// True when the word m[from, to) sits in a symbol rather than in prose:
// its run of non-blank characters holds / \ @ _ # = ~ < > (a document
// symbol "b/c", an address, a path), a "." between letters ("TP.HCM",
// "kehoach.gov.vn"), or an apostrophe inside a name ("M'Drắk").
static bool in_symbol(const char *m, size_t n, size_t from, size_t to) {
  size_t a = from, b = to;
  while (a > 0 && !is_space_byte(m[a - 1]))
    a--;
  while (b < n && !is_space_byte(m[b]))
    b++;
  for (size_t i = a; i < b; i++) {
    char c = m[i];
    if (strchr("/\\@_#=~<>", c) && c)
      return true;
    bool inner = i > a && i + 1 < b &&
                 ((unsigned char)m[i + 1] >= 0x80 ||
                  ((m[i + 1] | 0x20) >= 'a' && (m[i + 1] | 0x20) <= 'z'));
    if ((c == '.' || c == '\'') && inner)
      return true;
    if (inner && i + 2 < b && !memcmp(m + i, "’", 3) && i > a)
      return true;
  }
  return false;
}

// True when byte `at` of m starts a sentence: nothing but blanks and
// Markdown or quote marks between it and the start of the text, a line
// break, or one of . ! ? : ;
static bool sentence_start(const char *m, size_t at) {
  while (at > 0) {
    unsigned char c = (unsigned char)m[at - 1];
    if (c == ' ' || c == '\t' || c == '*' || c == '_' || c == '"' || c == '(' || c == '[' ||
        c == '-' || c == '>' || c == '#')
      at--;
    else if (at >= 3 && (!memcmp(m + at - 3, "“", 3) || !memcmp(m + at - 3, "–", 3)))
      at -= 3;
    else
      return strchr(".!?:;\n", c) != NULL;
  }
  return true;
}

static bool starts_upper(const char *m, size_t from, size_t to) {
  int32_t cp = 0;
  return utf8_decode(m + from, to - from, &cp) > 0 && is_upper(cp);
}

// The cache entry of the word w[0, len): found, or the empty slot for it.
// The table starts small (most of a plan's texts are replayed from the
// lint cache and never come here) and doubles when half full.
static struct WordSeen *word_seen(Lint *l, const char *w, size_t len) {
  if (!l->seen) {
    l->capseen = 256;
    l->seen = xcalloc(l->capseen, sizeof *l->seen);
  }
  unsigned h = 2166136261u;
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)w[i]) * 16777619u;
  for (unsigned i = h & (l->capseen - 1);; i = (i + 1) & (l->capseen - 1)) {
    struct WordSeen *e = &l->seen[i];
    if (!e->w) {
      if (2 * (l->nseen + 1) > l->capseen) {
        unsigned old_cap = l->capseen;
        struct WordSeen *old = l->seen;
        l->capseen *= 2;
        l->seen = xcalloc(l->capseen, sizeof *l->seen);
        for (unsigned k = 0; k < old_cap; k++) {
          if (!old[k].w)
            continue;
          unsigned j = old[k].hash & (l->capseen - 1);
          while (l->seen[j].w)
            j = (j + 1) & (l->capseen - 1);
          l->seen[j] = old[k];
        }
        free(old);
        return word_seen(l, w, len);
      }
      e->w = w, e->len = (unsigned)len, e->hash = h;
      l->nseen++;
      return e;
    }
    if (e->hash == h && e->len == len && memcmp(e->w, w, len) == 0)
      return e;
  }
}

// True when the plan's `words` list w[0, n) (as written, or with a capital
// first letter where the list has it in lower case).
static bool plan_word_listed(Lint *l, const char *w, size_t n) {
  if (l->p->nwords)
    l->rec_bad = true; // the answer is the plan's, not the text's
  const char *lower = NULL;
  for (int i = 0; i < l->p->nwords; i++) {
    const char *x = l->p->words[i];
    if (strlen(x) == n && memcmp(x, w, n) == 0)
      return true;
    if (!lower)
      lower = text_lower_first(l->a, span(l, w, 0, n));
    if (strcmp(x, lower) == 0)
      return true;
  }
  return false;
}

// A syllable Hunspell's Vietnamese dictionary does not know ("nhiềm"),
// unless the plan or a catalogue lists it under `words`.
static void lint_spelling(Lint *l, const Text *t, const char *m, size_t n, size_t from,
                          size_t to, struct WordSeen *e) {
  SpellAnswer a;
  if (e && e->spell) {
    a = (SpellAnswer)(e->spell - 1);
  } else {
    a = speller_check(l->re->speller, m + from, to - from);
    int32_t cps[32];
    int k = a == SPELL_WRONG ? decode(m + from, to - from, cps, 32) : 0;
    if (k > 0 && k < 32 && tone_style(cps, k) == 0) {
      // Debian's dictionary places tone marks the new way only (hoá, khoẻ,
      // uỷ); the decree's own way (hóa, khỏe, ủy) is just as right.
      char *other = restyle(l->a, cps, k, 1);
      a = speller_check(l->re->speller, other, strlen(other));
    }
    if (e)
      e->spell = (unsigned char)(1 + a); // the dictionary's answer, shared
  }
  if (a == SPELL_WRONG && plan_word_listed(l, m + from, to - from))
    a = SPELL_CORRECT; // this plan's own list
  if (a != SPELL_WRONG || in_symbol(m, n, from, to))
    return;
  char *w = span(l, m, from, to);
  char *best = speller_suggest(l->re->speller, m + from, to - from);
  report(l, t, from, to - from, "spelling", NULL,
         "'%s' không có trong từ điển tiếng Việt (Hunspell) / '%s' is not in the "
         "Vietnamese dictionary (Hunspell)",
         w, w);
  if (best)
    note(l, t, from, to - from, "có phải là '%s'? / did you mean '%s'?", best, best);
  else
    note(l, t, from, to - from,
              "tên riêng, từ địa phương: thêm vào danh sách 'words' của kế hoạch / a "
              "local name: add it to the plan's 'words' list");
  free(best);
}

static void lint_syllables(Lint *l, const Text *t, const char *m, size_t n) {
  for (int i = 0; i < l->nwords; i++) {
    size_t from = l->words[i].from, to = l->words[i].to;
    // A capital inside a sentence, or before another capitalised word,
    // starts a proper name: names of ethnic minority places and peoples
    // follow their own languages ("Đắk Lắk", "Ngọk Bay", "Krông Pa").
    if (starts_upper(m, from, to) &&
        (!sentence_start(m, from) ||
         (i + 1 < l->nwords && starts_upper(m, l->words[i + 1].from, l->words[i + 1].to))))
      continue;
    // ASCII words matter only when they hold a Telex key: aa ee oo dd w.
    bool judged = false;
    for (size_t k = from; k < to && !judged; k++) {
      char c = m[k];
      judged = (unsigned char)c >= 0x80 || c == 'w' ||
               (k + 1 < to && m[k + 1] == c && (c == 'a' || c == 'e' || c == 'o' || c == 'd'));
    }
    if (!judged)
      continue;
    struct WordSeen *e = word_seen(l, m + from, to - from);
    SylVerdict v;
    SylResult r;
    bool fresh = e && !e->verdict; // first time in this plan
    if (fresh) {
      // Judged by an earlier plan of this process? (verdict and dictionary
      // answer in one byte: 1 + verdict, + 4 * (1 + answer))
      unsigned char memo = speller_memo(l->re->speller, m + from, to - from, 0);
      if (memo)
        e->verdict = memo & 3, e->spell = memo >> 2;
    }
    if (e && e->verdict) {
      v = (SylVerdict)(e->verdict - 1);
      if (v == SYL_BAD)
        syllable_check(m + from, to - from, &r);
    } else {
      v = syllable_check(m + from, to - from, &r);
      if (e)
        e->verdict = (unsigned char)(1 + v);
    }
    if (v == SYL_OK && l->spelling)
      lint_spelling(l, t, m, n, from, to, e);
    if (fresh && (v != SYL_OK || !l->spelling || e->spell))
      speller_memo(l->re->speller, m + from, to - from,
                   (unsigned char)(e->verdict | (l->spelling ? e->spell << 2 : 0)));
    if (v != SYL_BAD || in_symbol(m, n, from, to))
      continue;
    char *w = span(l, m, from, to);
    switch (r.why) {
    case SYL_WHY_RHYME:
      report(l, t, from, to - from, "syllable", NULL,
             "'%s' không thể là âm tiết tiếng Việt: không có vần '%s' / '%s' cannot be "
             "a Vietnamese syllable: there is no rhyme '%s'",
             w, r.detail, w, r.detail);
      break;
    case SYL_WHY_SPELLING:
      report(l, t, from, to - from, "syllable", NULL,
             "'%s' không thể là âm tiết tiếng Việt: trước '%s' viết '%s', không viết '%s' "
             "/ '%s' cannot be a Vietnamese syllable: before '%s' write '%s', not '%s'",
             w, r.vowel, r.detail2, r.detail, w, r.vowel, r.detail2, r.detail);
      break;
    case SYL_WHY_STOP_TONE:
      report(l, t, from, to - from, "syllable", NULL,
             "'%s' không thể là âm tiết tiếng Việt: âm tiết tận cùng bằng '%s' chỉ mang "
             "dấu sắc hoặc dấu nặng / '%s' cannot be a Vietnamese syllable: a syllable "
             "ending in '%s' takes only the sắc or nặng tone",
             w, r.detail, w, r.detail);
      break;
    case SYL_WHY_TWO_TONES:
      report(l, t, from, to - from, "syllable", NULL,
             "'%s' không thể là âm tiết tiếng Việt: có hai dấu thanh / '%s' cannot be a "
             "Vietnamese syllable: it has two tone marks",
             w, w);
      break;
    case SYL_WHY_LETTER:
      report(l, t, from, to - from, "syllable", NULL,
             "'%s' không thể là âm tiết tiếng Việt: có chữ f, j, w hoặc z / '%s' cannot "
             "be a Vietnamese syllable: it has an f, j, w or z",
             w, w);
      break;
    case SYL_WHY_TONE_PLACE:
      report(l, t, from, to - from, "syllable", r.fix,
             "'%s' đặt dấu thanh sai nguyên âm, đúng là '%s' / '%s' has its tone mark "
             "on the wrong vowel; write '%s'",
             w, r.fix, w, r.fix);
      break;
    case SYL_WHY_TELEX:
      report(l, t, from, to - from, "syllable", r.fix,
             "'%s' không thể là âm tiết tiếng Việt: còn phím Telex, có phải là '%s'? / "
             "'%s' cannot be a Vietnamese syllable: Telex keys left in it; did you "
             "mean '%s'?",
             w, r.fix, w, r.fix);
      break;
    }
  }
}

//
// Too few capitals: the names Phụ lục II writes (name-case, names.c)
//

// Word i of the text, folded (lint_fold_word) into l->folded[i], once per
// text; len -1 when it is too long to be a syllable of a name.
static const struct Folded *folded_word(Lint *l, const char *m, int i) {
  struct Folded *f = &l->folded[i];
  if (f->len == -2)
    f->len = lint_fold_word(m + l->words[i].from, l->words[i].to - l->words[i].from, f->s,
                            sizeof f->s);
  return f;
}

// True when the marks between words i - 1 and i are `want` (name_gap).
static bool gap_is(const Lint *l, const char *m, int i, const char *want) {
  size_t from = l->words[i - 1].to, to = l->words[i].from;
  if (to - from == 1 && m[from] == ' ')
    return !*want;
  char g[8];
  return name_gap(m + from, to - from, g, sizeof g) >= 0 && strcmp(g, want) == 0;
}

// True when the words from i on spell name e (folded, its marks between).
static bool name_at(Lint *l, const char *m, int i, const CapName *e) {
  if (i + e->nsyl > l->nwords)
    return false;
  for (int k = 1; k < e->nsyl; k++) {
    const struct Folded *f = folded_word(l, m, i + k);
    if (f->len < 0 || strcmp(f->s, e->fold[k]) != 0 || !gap_is(l, m, i + k, e->gap[k]))
      return false;
  }
  return true;
}

// Appends the blanks and marks m[from, to) to b, a run of blanks as one
// space.
static void put_gap(Buf *b, const char *m, size_t from, size_t to) {
  for (size_t i = from; i < to; i++)
    if (!is_space_byte(m[i]))
      buf_putc(b, m[i]);
    else if (i == from || !is_space_byte(m[i - 1]))
      buf_putc(b, ' ');
}

// Name e written from word i on: reported when a syllable that the decree
// capitalises has a small letter. The fix-it is the decree's spelling in
// the writer's letters (tone marks placed the writer's way) and spacing,
// keeping a capital on the first word (a sentence may start there); the
// message shows a run of blanks as one space.
static void report_name(Lint *l, const Text *t, const char *m, int i, const CapName *e) {
  size_t from = l->words[i].from, to = l->words[i + e->nsyl - 1].to;
  bool missing = false;
  Buf said, right, fixed; // the message's two (blanks as one space), the fix-it
  buf_init(&said);
  buf_init(&right);
  buf_init(&fixed);
  for (int k = 0; k < e->nsyl; k++) {
    size_t w0 = l->words[i + k].from, w1 = l->words[i + k].to;
    if (k > 0) {
      size_t g = l->words[i + k - 1].to;
      put_gap(&said, m, g, w0);
      put_gap(&right, m, g, w0);
      buf_put(&fixed, m + g, w0 - g);
    }
    char *w = span(l, m, w0, w1), *cased;
    buf_puts(&said, w);
    bool upper = is_upper(first_cp(e->syl[k])), has = is_upper(first_cp(w));
    missing = missing || (upper && !has);
    if (upper && strcmp(e->syl[k], text_upper(l->a, e->syl[k])) == 0 &&
        strlen(e->syl[k]) > 2)
      cased = text_upper(l->a, w); // an acronym: HĐND
    else if (upper || (k == 0 && has))
      cased = text_upper_first(l->a, w);
    else
      cased = text_lower_first(l->a, w);
    buf_puts(&right, cased);
    buf_puts(&fixed, cased);
  }
  if (missing) {
    // A name broken over lines (a literal block) is reported, not fixed.
    const char *fix = memchr(m + from, '\n', to - from) ? NULL : fixed.data;
    report(l, t, from, to - from, "name-case", fix,
           "'%s' thiếu chữ viết hoa theo Phụ lục II Nghị định 30, đúng là '%s' / '%s' "
           "lacks the capitals Phụ lục II gives it; write '%s'",
           said.data, right.data, said.data, right.data);
  }
  buf_free(&said);
  buf_free(&right);
  buf_free(&fixed);
}

// The names of bodies, laws, holidays and campaigns whose capitals the
// decree fixes (names.c), looked up by their first two syllables, the longest
// that matches on whole words; a name after a plural or inside a longer
// word ("các trạm y tế", "cơ sở y tế") is no name.
static void lint_names(Lint *l, const Text *t, const char *m, size_t n) {
  if (l->nwords > l->capfolded) {
    l->capfolded = l->nwords;
    l->folded = xrealloc(l->folded, sizeof *l->folded * (size_t)l->capfolded);
  }
  for (int i = 0; i < l->nwords; i++)
    l->folded[i].len = -2;
  const NameIndex *x = l->re->names;
  for (int i = 0; i + 1 < l->nwords; i++) {
    size_t a = l->words[i].from, b = l->words[i + 1].from;
    if (!name_may_start(x, m + a, l->words[i].to - a, m + b, l->words[i + 1].to - b))
      continue;
    const struct Folded *f = folded_word(l, m, i), *g;
    if (f->len <= 0 || (g = folded_word(l, m, i + 1))->len <= 0)
      continue;
    const CapName *e = name_first(x, f->s, (size_t)f->len, g->s, (size_t)g->len);
    while (e && !name_at(l, m, i, e))
      e = name_next(x, e);
    if (!e)
      continue;
    // The words next to it, when only a blank is between.
    int last = i + e->nsyl - 1;
    const struct Folded *before = i > 0 && gap_is(l, m, i, "") ? folded_word(l, m, i - 1) : NULL;
    const struct Folded *after =
        last + 1 < l->nwords && gap_is(l, m, last + 1, "") ? folded_word(l, m, last + 1) : NULL;
    bool generic = name_generic(e, before && before->len > 0 ? before->s : NULL,
                                before ? (size_t)before->len : 0,
                                after && after->len > 0 ? after->s : NULL,
                                after ? (size_t)after->len : 0);
    if (!generic && !in_symbol(m, n, l->words[i].from, l->words[i].to))
      report_name(l, t, m, i, e);
    i = last;
  }
}

// True when m[at, n) is one blank and then a document's number and symbol
// ("12/QĐ-UBND", "30/2020/NĐ-CP", "14-KL/TW": a digit first, a '/' before
// the next blank).
static bool symbol_follows(const char *m, size_t n, size_t at) {
  if (at + 1 >= n || m[at] != ' ' || m[at + 1] < '0' || m[at + 1] > '9')
    return false;
  for (size_t i = at + 1; i < n && !is_space_byte(m[i]); i++)
    if (m[i] == '/')
      return true;
  return false;
}

// True when m[at, n) is one blank and then an article's or a chapter's
// number ("5", "12a", "II").
static bool part_number_follows(const char *m, size_t n, size_t at, bool roman) {
  if (at + 1 >= n || m[at] != ' ')
    return false;
  char c = m[at + 1];
  return (c >= '0' && c <= '9') || (roman && (c == 'I' || c == 'V' || c == 'X'));
}

// The words from..to-1 folded and joined by blanks into out, when only
// blanks are between them; false otherwise (or too long).
static bool folded_phrase(Lint *l, const char *m, int from, int to, char *out, size_t cap) {
  size_t k = 0;
  for (int i = from; i < to; i++) {
    const struct Folded *f = folded_word(l, m, i);
    if (f->len <= 0 || (i > from && !gap_is(l, m, i, "")) ||
        k + (size_t)f->len + 2 > cap)
      return false;
    if (i > from)
      out[k++] = ' ';
    memcpy(out + k, f->s, (size_t)f->len);
    k += (size_t)f->len;
  }
  out[k] = 0;
  return true;
}

static void report_kind_case(Lint *l, const Text *t, const char *m, size_t from, size_t to,
                             const char *after) {
  char *said = span(l, m, from, to), *right = text_upper_first(l->a, said);
  report(l, t, from, to - from, "name-case", right,
         "'%s %s' là tên một văn bản (hay điều, chương) cụ thể, viết hoa chữ đầu: '%s %s' "
         "(Phụ lục II Nghị định 30) / '%s %s' names a particular document (or article, "
         "chapter): write '%s %s'",
         said, after, right, after, said, after, right, after);
}

// The kind of a particular document, before its number ("quyết định số
// 12/QĐ-UBND" -> "Quyết định số ..."), and an article or a chapter by its
// number ("điều 5" -> "Điều 5", "chương II"), written in small letters:
// Phụ lục II capitalises them (its khoản and điểm stay small). Needs the
// folded words lint_names prepared.
static void lint_kind_names(Lint *l, const Text *t, const char *m, size_t n) {
  for (int i = 0; i < l->nwords; i++) {
    size_t w0 = l->words[i].from, w1 = l->words[i].to;
    int32_t c0 = 0;
    if (utf8_decode(m + w0, w1 - w0, &c0) < 0 || !is_lower(c0))
      continue;
    const struct Folded *f = folded_word(l, m, i);
    if (f->len <= 0)
      continue;
    bool article = strcmp(f->s, "điều") == 0, chapter = strcmp(f->s, "chương") == 0;
    if ((article || chapter) && part_number_follows(m, n, w1, chapter)) {
      size_t d = w1 + 1;
      while (d < n && !is_space_byte(m[d]) && m[d] != ',' && m[d] != ';' && m[d] != '.')
        d++;
      report_kind_case(l, t, m, w0, w1, span(l, m, w1 + 1, d));
      continue;
    }
    // A kind of one to four words, then "số" and a symbol.
    for (int k = 4; k >= 1; k--) {
      int so = i + k;
      char phrase[96];
      if (so >= l->nwords || !gap_is(l, m, so, "") ||
          strcmp(folded_word(l, m, so)->s, "số") != 0 ||
          !symbol_follows(m, n, l->words[so].to) ||
          !folded_phrase(l, m, i, so, phrase, sizeof phrase) ||
          !doc_kind_find(phrase, strlen(phrase)))
        continue;
      report_kind_case(l, t, m, w0, l->words[so - 1].to, "số");
      i = so;
      break;
    }
  }
}

//
// Doubled punctuation, and a capital after a comma
//

static void lint_doubled_punct(Lint *l, const Text *t, const char *m, size_t n,
                               int marks) {
  size_t at = marks & MARK_PUNCT_PAIR ? 0 : n;
  while (next_match(l, l->re->doubled_punct, m, n, &at)) {
    size_t from = match_at(l, 0), to = match_at(l, 1);
    char *marks = span(l, m, from, to), *keep = span(l, m, to - 1, to);
    if (marks[0] != '.' && marks[1] == '.')
      keep = span(l, m, from, from + 1); // ",." -> ","
    report(l, t, from, to - from, "doubled-punct", keep,
           "dấu câu lặp: '%s' / doubled punctuation: '%s'", marks, marks);
  }
}

// First syllables of the names of bodies, of document kinds, of named
// events, groups and models, which keep their capital after a comma ("...,
// Ủy ban nhân dân xã", "..., Kế hoạch số 12", "..., Tháng hành động"):
// Phụ lục II capitalises them.
static const char *const CAPITAL_AFTER_COMMA[] = {
    "ủy", "hội", "ban", "phòng", "sở", "bộ", "cục", "viện", "đoàn", "trạm", "trường",
    "trung", "văn", "đảng", "nhà", "chi", "công", "mặt", "hợp", "quỹ", "bệnh", "tòa",
    "chính", "quốc", "thủ", "chủ", "liên", "ngân", "kho", "tổng", "thường", "đài",
    "kế", "quyết", "luật", "bộ", "nghị", "thông", "chỉ", "chương", "chiến", "đề", "dự",
    "báo", "hướng", "kết", "tờ", "công", "pháp", "hiến", "lệnh", "quy", "phương", "giấy",
    "phiếu", "biên", "tháng", "ngày", "tết", "lễ", "đại", "cuộc", "giải",
    // named groups and models of a programme ("..., Câu lạc bộ, Mô hình ...")
    "câu", "mô", "tổ", "nhóm", "đội", NULL};

static void lint_comma_capital(Lint *l, const Text *t, const char *m, size_t n,
                               int marks) {
  size_t at = marks & MARK_COMMA_CAPITAL ? 0 : n;
  while (next_match(l, l->re->comma_capital, m, n, &at)) {
    size_t w0 = match_at(l, 2), w1 = match_at(l, 3);
    bool next = match_at(l, 4) != PCRE2_UNSET;
    if (next && starts_upper(m, match_at(l, 4), match_at(l, 5)))
      continue; // a proper name: "..., Hà Nội", "..., Phòng Văn hóa - Xã hội"
    char *word = span(l, m, w0, w1);
    const char *folded = lint_fold(l->a, word);
    bool listed = false; // the list is written folded: no need to fold it
    for (int i = 0; CAPITAL_AFTER_COMMA[i] && !listed; i++)
      listed = strcmp(folded, CAPITAL_AFTER_COMMA[i]) == 0;
    if (listed)
      continue;
    // After a name the comma may list its fields: "Sở Văn hóa, Thể thao và
    // Du lịch". The two words before the comma must be common words.
    size_t comma = match_at(l, 0);
    char *before = syllable_before(l, m, comma);
    size_t b1 = comma - strlen(before);
    char *before2 = syllable_before(l, m, b1);
    if (starts_upper(before, 0, strlen(before)) || starts_upper(before2, 0, strlen(before2)))
      continue;
    char *lower = text_lower_first(l->a, word);
    if (speller_check(l->re->speller, lower, strlen(lower)) != SPELL_CORRECT ||
        in_symbol(m, n, w0, w1))
      continue; // only common words the dictionary knows
    report(l, t, w0, w1 - w0, "comma-capital", lower,
           "chữ viết hoa sau dấu phẩy: '%s', đúng là '%s' / a capital after a comma: "
           "'%s'; write '%s'",
           word, lower, word, lower);
  }
}

//
// The plan's own level
//

// True when the plan's authority is a commune's body (xã, phường, thị
// trấn, đặc khu; "thị xã" is a district's).
static bool commune_plan(Lint *l) {
  const char *a = l->p->authority ? lint_fold(l->a, l->p->authority) : "";
  return (strstr(a, " xã ") && !strstr(a, "thị xã")) || strstr(a, " phường ") ||
         strstr(a, " thị trấn ") || strstr(a, " đặc khu ");
}

// A commune plan whose bodies advise a province's or city's council as if
// it were their own: "Tham mưu Ủy ban nhân dân thành phố" in a xã plan.
static void lint_plan_level(Lint *l, const Text *t, const char *m, size_t n) {
  size_t at = memmem(m, n, "mưu", strlen("mưu")) ? 0 : n;
  while (next_match(l, l->re->higher_advice, m, n, &at)) {
    char *body = span(l, m, match_at(l, 2), match_at(l, 3));
    report(l, t, match_at(l, 2), match_at(l, 3) - match_at(l, 2), "plan-level", NULL,
           "kế hoạch của cấp xã, nhưng cơ quan được giao tham mưu cho '%s', cơ quan cấp "
           "trên / a commune's plan has its bodies advise '%s', a higher level's body, as "
           "if it were its own",
           body, body);
  }
}

//
// Driver
//

static bool has_digit(const char *m, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (m[i] >= '0' && m[i] <= '9')
      return true;
  return false;
}

static void lint_text_now(Lint *l, const Text *t) {
  const char *m = masked(l, t->src);
  size_t n = strlen(m);
  find_words(l, m, n);
  lint_doubled(l, t, m);
  lint_nfc(l, t);
  bool mojibake = lint_legacy(l, t, m, n);
  int marks = scan_marks(m, n);
  lint_spacing(l, t, m, n, marks);
  lint_doubled_punct(l, t, m, n, marks);
  if (l->comma_capital)
    lint_comma_capital(l, t, m, n, marks);
  if (l->commune)
    lint_plan_level(l, t, m, n);
  if (l->name_case && !mojibake) {
    lint_names(l, t, m, n);
    lint_kind_names(l, t, m, n);
  }
  if (!mojibake)
    lint_syllables(l, t, m, n);
  // The percent and date rules read numbers: a text without a digit has
  // nothing for them (most texts; a scan costs more than this look).
  if (has_digit(m, n)) {
    if (memchr(m, '%', n))
      lint_percent(l, t, m, n);
    lint_dates(l, t, m, n);
  }
  collect_words(l, t, m, true);
}

// What an entry holds, given again for the text t (see the cache above).
static void replay(Lint *l, const Text *t, const LintEntry *e) {
  for (int i = 0; i < e->nrecs; i++) {
    const LintRec *r = &e->recs[i];
    if (r->kind == REC_REPORT)
      put_report(l, t, r->off, r->len, r->rule, r->fix, r->text);
    else if (r->kind == REC_NOTE_AT)
      diag_note_text(l->d, note_pos(t, r->off, r->len), r->text);
    else
      diag_note_text(l->d, pos_of_value(t->pos, t->src), r->text);
  }
  for (int i = 0; i < e->nwords; i++) {
    const LintWord *w = &e->words[i];
    Vec *v = w->key ? &l->abbrevs : &l->tones;
    Spelling *s = arena_alloc(l->a, sizeof(Spelling));
    *s = (Spelling){.t = t, .off = w->off, .len = w->len,
                    .word = arena_strdup(l->a, w->word),
                    .key = w->key ? arena_strdup(l->a, w->key) : NULL,
                    .style = w->style, .seq = v->len};
    vec_push(v, s);
  }
}

// Replays the cached findings of t's text when it was read before.
static bool lint_text_cached(Lint *l, const Text *t, size_t len, unsigned hash,
                             unsigned flags) {
  LintCache *c = l->re->cache;
  pthread_mutex_lock(&c->lock);
  LintEntry *e = c->cap ? *cache_slot(c, t->src, len, hash, flags) : NULL;
  if (e)
    replay(l, t, e);
  pthread_mutex_unlock(&c->lock);
  return e != NULL;
}

static void lint_cache_put(LintCache *c, LintEntry *e) {
  pthread_mutex_lock(&c->lock);
  if (c->bytes + e->bytes > LINT_CACHE_BYTES)
    lint_cache_clear(c);
  if (2 * (c->n + 1) > c->cap) {
    unsigned old_cap = c->cap;
    LintEntry **old = c->slots;
    c->cap = c->cap ? 2 * c->cap : 1024;
    c->slots = xcalloc(c->cap, sizeof *c->slots);
    for (unsigned i = 0; i < old_cap; i++)
      if (old[i])
        *cache_slot(c, old[i]->src, old[i]->len, old[i]->hash, old[i]->flags) = old[i];
    free(old);
  }
  LintEntry **slot = cache_slot(c, e->src, e->len, e->hash, e->flags);
  if (*slot) { // another thread read the same text meanwhile
    entry_free(e);
  } else {
    *slot = e;
    c->n++;
    c->bytes += e->bytes;
  }
  pthread_mutex_unlock(&c->lock);
}

// pass(l, t), or what it found in t's text before, replayed (see the cache
// above); `id` tells the passes apart in the cache.
static void lint_cached(Lint *l, const Text *t, void (*pass)(Lint *, const Text *),
                        unsigned id) {
  if (!t->src || !*t->src) {
    pass(l, t);
    return;
  }
  size_t len = strlen(t->src);
  unsigned flags = l->flags | id << LINT_PASS_SHIFT;
  unsigned hash = text_hash(t->src, len, flags);
  if (lint_text_cached(l, t, len, hash, flags))
    return;
  LintEntry *e = xcalloc(1, sizeof *e);
  *e = (LintEntry){.hash = hash, .flags = flags, .len = len,
                   .src = xstrndup(t->src, len), .bytes = sizeof *e + len + 1};
  l->rec = e;
  l->rec_bad = false;
  pass(l, t);
  l->rec = NULL;
  if (l->rec_bad)
    entry_free(e);
  else
    lint_cache_put(l->re->cache, e);
}

static void lint_text_pass(Lint *l, const Text *t) {
  if (t->src && *t->src)
    lint_text_now(l, t);
}

static void lint_text(Lint *l, const Text *t) { lint_cached(l, t, lint_text_pass, 0); }

// A document symbol's words, for the plan-wide abbreviation rule only.
static void code_words(Lint *l, const Text *t) {
  const char *m = masked(l, t->src);
  find_words(l, m, strlen(m));
  collect_words(l, t, m, false);
}

void lint_plan(const Plan *p, const LintInput *in, const LintPatterns *re, Diags *d) {
  Lint l = {.p = p, .d = d, .a = arena_new(), .re = re,
            .spelling = diags_rule_enabled(d, "spelling"),
            .comma_capital = diags_rule_enabled(d, "comma-capital"),
            .name_case = diags_rule_enabled(d, "name-case")};
  l.commune = commune_plan(&l);
  l.flags = (l.spelling ? LINT_SPELLING : 0) | (l.comma_capital ? LINT_COMMA_CAPITAL : 0) |
            (l.commune ? LINT_COMMUNE : 0) | (p->nwords ? LINT_WORDS : 0) |
            (l.name_case ? LINT_NAME_CASE : 0) |
            (unsigned)diags_lang(d) << LINT_LANG_SHIFT;
  l.md = pcre2_match_data_create(16, NULL);
  for (int i = 0; i < in->ntexts; i++)
    lint_text(&l, in->texts[i]);
  for (int i = 0; i < in->nnames; i++) {
    lint_text(&l, in->names[i]);
    lint_cached(&l, in->names[i], lint_agency_case, 1);
  }
  for (int i = 0; i < p->nrecipients; i++)
    if (p->recipients[i]->name.src)
      lint_cached(&l, &p->recipients[i]->name, lint_agency_case, 1);
  for (int i = 0; i < in->ncodes; i++)
    lint_cached(&l, in->codes[i], code_words, 2);
  lint_targets(&l);
  report_abbrevs(&l);
  report_tones(&l);
  vec_free(&l.abbrevs);
  vec_free(&l.tones);
  free(l.words);
  free(l.folded);
  free(l.seen);
  if (l.tcvn_opened && l.tcvn != (iconv_t)-1)
    iconv_close(l.tcvn);
  pcre2_match_data_free(l.md);
  arena_free(l.a);
}
