// Unit tests for text.c (Vietnamese text helpers) and diag.c positions.
#include "kehoach.h"
#include "unit.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <utf8proc.h>

static void test_diem_letters(Arena *a) {
  const char *want[] = {"a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
                        "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"};
  for (int i = 0; i < 23; i++)
    CHECK_STR(text_diem_letter(a, i), want[i]);
  CHECK_STR(text_diem_letter(a, 23), "aa");
}

static void test_roman(Arena *a) {
  CHECK_STR(text_roman(a, 1), "I");
  CHECK_STR(text_roman(a, 4), "IV");
  CHECK_STR(text_roman(a, 9), "IX");
  CHECK_STR(text_roman(a, 14), "XIV");
}

static void test_case(Arena *a) {
  CHECK_STR(text_upper(a, "Ủy ban nhân dân xã Hà Bắc"), "ỦY BAN NHÂN DÂN XÃ HÀ BẮC");
  CHECK_STR(text_lower_first(a, "Triển khai"), "triển khai");
  CHECK_STR(text_upper_first(a, "đề nghị"), "Đề nghị");
  CHECK_STR(text_upper(a, "đường"), "ĐƯỜNG");
}

static void test_nfc(Arena *a) {
  const char *nfd = "Ho\xcc\x80" "a"; // o + combining grave
  CHECK(!text_is_nfc(nfd));
  CHECK_STR(text_nfc(a, nfd), "Hòa");
  CHECK(text_is_nfc("Hòa"));
  // Singletons and excluded composites are not in NFC though precomposed.
  CHECK(!text_is_nfc("\xe2\x84\xab")); // U+212B ANGSTROM SIGN -> U+00C5
  CHECK(!text_is_nfc("\xe0\xa5\x98")); // U+0958 (excluded) -> U+0915 U+093C
  CHECK_STR(text_nfc(a, "\xe2\x84\xab"), "\xc3\x85");
  // Every Vietnamese letter is NFC-stable: the fast path covers plan text.
  const char *viet = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợ"
                     "uùúủũụưừứửữựyỳýỷỹỵđAÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÊẾỆÔỐỘƠỚỢƯỨỰ";
  bool all = true;
  for (size_t i = 0, n = strlen(viet); i < n;) {
    int32_t cp;
    int len = utf8_decode(viet + i, n - i, &cp);
    all = all && len > 0 && text_nfc_stable(cp);
    i += len > 0 ? (size_t)len : 1;
  }
  CHECK(all);
}

// text_nfc_stable(cp) against utf8proc itself, for every code point: NFC
// maps cp alone to itself, cp is a starter, its canonical decomposition
// starts with a starter, and no canonical decomposition has cp after its
// first code point of a composite that NFC produces (so cp never composes
// with what precedes it).
static void test_nfc_stable_exhaustive(void) {
  enum { MAXCP = 0x110000 };
  unsigned char *second = calloc(MAXCP / 8, 1);
  utf8proc_int32_t dec[32];
  for (int32_t cp = 0; cp < MAXCP; cp++) {
    if (cp >= 0xD800 && cp <= 0xDFFF)
      continue;
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, dec, 32, UTF8PROC_DECOMPOSE, &last);
    if (n < 2)
      continue;
    // Only composites NFC produces (primary composites) compose.
    utf8proc_uint8_t s[5] = {0};
    utf8proc_encode_char(cp, s);
    utf8proc_uint8_t *nfc = utf8proc_NFC(s);
    if (nfc && strcmp((char *)nfc, (char *)s) == 0)
      for (utf8proc_ssize_t i = 1; i < n; i++)
        second[dec[i] / 8] |= (unsigned char)(1u << (dec[i] % 8));
    free(nfc);
  }
  int wrong = 0, stable = 0;
  for (int32_t cp = 0; cp < MAXCP; cp++) {
    if ((cp >= 0xD800 && cp <= 0xDFFF) || !text_nfc_stable(cp))
      continue;
    stable++;
    utf8proc_uint8_t s[5] = {0};
    utf8proc_encode_char(cp, s);
    utf8proc_uint8_t *nfc = utf8proc_NFC(s);
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, dec, 32, UTF8PROC_DECOMPOSE, &last);
    bool ok = nfc && strcmp((char *)nfc, (char *)s) == 0 &&
              utf8proc_get_property(cp)->combining_class == 0 && n >= 1 &&
              utf8proc_get_property(dec[0])->combining_class == 0 &&
              !(second[cp / 8] & (1u << (cp % 8)));
    free(nfc);
    if (!ok && wrong++ < 5)
      printf("text_nfc_stable(U+%04X) is wrong\n", (unsigned)cp);
  }
  CHECK(wrong == 0);
  CHECK(stable > 1000000); // nearly all: the fast path is the usual one
  free(second);
}

static void test_width_and_count(void) {
  CHECK(utf8_count("Phòng", strlen("Phòng")) == 5);
  CHECK(text_width("Phòng", strlen("Phòng")) == 5);
  CHECK(text_width("Ho\xcc\x80" "a", 5) == 3); // combining mark has no width
  size_t bad = 0;
  CHECK(!utf8_valid("ab\xff", 3, &bad) && bad == 2);
  CHECK(utf8_valid("Hà Bắc", strlen("Hà Bắc"), NULL));
}

static void test_distance(void) {
  CHECK(text_distance("phong-vhxh", "phong-vh-xh") == 1);
  CHECK(text_distance("nmae", "name") == 2);
  CHECK(text_distance("hòa", "hoà") == 2);
  CHECK(text_distance("", "abc") == 3);
}

static void test_join(void) {
  const char *names[] = {"A", "B", "C"};
  Buf b;
  buf_init(&b);
  text_join_and(&b, names, 3);
  CHECK_STR(b.data, "A, B và C");
  buf_clear(&b);
  text_join_and(&b, names, 2);
  CHECK_STR(b.data, "A và B");
  buf_free(&b);
}

// Columns count characters: "lead: Phòng" puts 'P' at column 7 whatever the
// bytes of the text before it.
static void test_positions(void) {
  const char *text = "a: 1\nlead: Phòng Văn hóa\nx: y\n";
  SrcFile *f = srcfile_new("t.yaml", xstrdup(text), strlen(text));
  CHECK(f->nlines == 4);
  size_t off = (size_t)(strstr(text, "Văn") - text);
  Pos p = srcfile_pos(f, off, 4);
  CHECK(p.line == 2 && p.col == 13);
  CHECK(srcfile_offset(f, 2, 13) == off);
  srcfile_free(f);
}

// Pieces of plan text for the generated texts below: Vietnamese words in
// both cases, spaces of every kind (NBSP, U+2028), digits (also ² and ٣),
// a combining mark, Latin-1 symbols, TCVN3/VNI-looking letters, a masked
// reference (\x1a), ſ and the Kelvin sign for case folding.
static const char *const PIECES[] = {
    "về", "Về", "VỀ", "và", "a", "A", "b", " ", "  ", "\t", "\n", "\xC2\xA0",
    "\xE2\x80\xA8", "1", "²", "٣", "-", "Thực", "thực", "hiện", "Hiện",
    "\xCC\x81", "\x1a", ",", "ſ", "s", "S", "\xE2\x84\xAA", "k", "×", "÷",
    "¡", "¿", "ª", "µ", "é", "Ä", "ö", "ñ", "中"};

// A deterministic text of up to 11 pieces (a small LCG: no global state).
static size_t generated_text(unsigned *seed, char *out, size_t cap) {
  size_t n = 0, npieces = sizeof PIECES / sizeof *PIECES;
  *seed = *seed * 1103515245u + 12345u;
  int k = (int)((*seed >> 16) % 12);
  for (int j = 0; j < k; j++) {
    *seed = *seed * 1103515245u + 12345u;
    const char *p = PIECES[(*seed >> 16) % npieces];
    size_t len = strlen(p);
    if (n + len + 1 > cap)
      break;
    memcpy(out + n, p, len);
    n += len;
  }
  out[n] = '\0';
  return n;
}

// Appends "[from to]" for every match of re in s (as the linter walked
// them before these scanners replaced the patterns).
static void pattern_spans(pcre2_code *re, pcre2_match_data *md, const char *s,
                          size_t n, Buf *out) {
  size_t at = 0;
  while (at < n && text_match(re, s, n, at, md) > 0) {
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    buf_printf(out, "[%zu %zu]", (size_t)ov[0], (size_t)ov[1]);
    at = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
  }
}

// text_next_word and text_next_run find exactly what the PCRE2 patterns
// they replaced found, over 200,000 generated texts.
static void test_runs_match_patterns(void) {
  pcre2_code *word = text_pattern(
      "(?<![\\p{L}\\p{M}\\p{N}])\\p{L}[\\p{L}\\p{M}]*(?![\\p{L}\\p{M}\\p{N}])");
  pcre2_code *latin = text_pattern("[\\p{L}\\x{A1}-\\x{BF}\\x{D7}\\x{F7}]+");
  pcre2_match_data *md = pcre2_match_data_create(16, NULL);
  unsigned seed = 7;
  int mismatches = 0, words = 0;
  for (int it = 0; it < 200000; it++) {
    char s[256];
    size_t n = generated_text(&seed, s, sizeof s);
    Buf want_w, got_w, want_l, got_l;
    buf_init(&want_w), buf_init(&got_w), buf_init(&want_l), buf_init(&got_l);
    pattern_spans(word, md, s, n, &want_w);
    pattern_spans(latin, md, s, n, &want_l);
    size_t at = 0, from, to;
    while (text_next_word(s, n, &at, &from, &to))
      buf_printf(&got_w, "[%zu %zu]", from, to), words++;
    at = 0;
    while (text_next_run(s, n, &at, RUN_LATIN_CHARS, &from, &to))
      buf_printf(&got_l, "[%zu %zu]", from, to);
    bool same = strcmp(want_w.data ? want_w.data : "", got_w.data ? got_w.data : "") == 0 &&
                strcmp(want_l.data ? want_l.data : "", got_l.data ? got_l.data : "") == 0;
    if (!same && mismatches++ < 3)
      printf("FAIL runs differ from the patterns for \"%s\"\n", s);
    buf_free(&want_w), buf_free(&got_w), buf_free(&want_l), buf_free(&got_l);
  }
  CHECK(mismatches == 0);
  CHECK(words > 100000); // the texts do hold words
  pcre2_match_data_free(md);
  pcre2_code_free(word);
  pcre2_code_free(latin);
}

// utf8_decode's own two- and three-byte paths agree with utf8proc on every
// sequence of up to three bytes.
static void test_decode_matches_utf8proc(void) {
  int mismatches = 0;
  for (unsigned a = 0; a < 256; a++)
    for (unsigned b = 0; b < 256; b++)
      for (unsigned c = 0; c < 256; c++) {
        const char s[3] = {(char)a, (char)b, (char)c};
        for (size_t n = 1; n <= 3; n++) {
          int32_t got = -1;
          utf8proc_int32_t want = -1;
          int len = utf8_decode(s, n, &got);
          utf8proc_ssize_t wlen = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &want);
          bool same = len < 1 ? wlen < 1 : wlen == len && want == got;
          if (!same && mismatches++ < 3)
            printf("FAIL decode %02X %02X %02X (n=%zu): %d U+%04X, utf8proc %zd U+%04X\n", a, b, c,
                   n, len, (unsigned)got, (ssize_t)wlen, (unsigned)want);
        }
        if (a < 0x80 || (a >= 0xC2 && a <= 0xDF))
          break; // b and c do not matter past the first byte(s)
      }
  CHECK(mismatches == 0);
}

static void test_space_and_case(void) {
  CHECK(text_all_space(" \t\n", 3, false));
  CHECK(text_all_space("\xC2\xA0", 2, false));  // NBSP is a separator
  CHECK(!text_all_space("\xC2\xA0", 2, true)); // but not a blank
  CHECK(!text_all_space("", 0, false));
  CHECK(!text_all_space(" a", 2, false));
  CHECK(text_same_caseless("VỀ", strlen("VỀ"), "về", strlen("về")));
  CHECK(text_same_caseless("\xE2\x84\xAA", 3, "k", 1)); // Kelvin sign
  CHECK(text_same_caseless("ſ", strlen("ſ"), "S", 1));
  CHECK(!text_same_caseless("về", strlen("về"), "và", strlen("và")));
  CHECK(!text_same_caseless("về", strlen("về"), "v", 1));
}

int main(void) {
  Arena *a = arena_new();
  test_diem_letters(a);
  test_roman(a);
  test_case(a);
  test_nfc(a);
  test_nfc_stable_exhaustive();
  test_width_and_count();
  test_distance();
  test_join();
  test_positions();
  test_runs_match_patterns();
  test_space_and_case();
  test_decode_matches_utf8proc();
  arena_free(a);
  return UNIT_END();
}
