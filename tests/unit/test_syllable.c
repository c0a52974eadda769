// Unit tests for syllable.c: words that are Vietnamese syllables pass,
// typical typos do not, and what is not meant as a syllable is skipped.
#include "kehoach.h"
#include "unit.h"

#include <utf8proc.h>

static SylVerdict verdict(const char *w) {
  SylResult r;
  return syllable_check(w, strlen(w), &r);
}

static const char *fix_of(const char *w) {
  static _Thread_local SylResult r;
  syllable_check(w, strlen(w), &r);
  return r.fix;
}

// Real syllables, one of every onset, cluster and final the tables list,
// and both tone-mark styles.
static const char *const GOOD[] = {
    "nghiêng", "nghĩa", "nghề", "người", "hưởng", "luật", "tuyên", "nhuận", "huấn",
    "khoẻ", "khỏe", "xoá", "xóa", "thuở", "đoàn", "hoạch", "toàn", "chuyển", "quyết",
    "giữa", "giữ", "giúp", "giảm", "ngoài", "khuyết", "tuổi", "muốn", "thuộc", "cuộc",
    "bưu", "hươu", "rượu", "khuỷu", "oai", "ngoặc", "xoong", "soóc", "ưng", "được",
    "nước", "chức", "những", "lực", "ơn", "thời", "mới", "lớp", "em", "kém", "xem",
    "hẹp", "séc", "kẻng", "ếch", "lệnh", "bệnh", "kênh", "đêm", "nếp", "hết", "bên",
    "kêu", "ích", "tính", "kịp", "ít", "kim", "tin", "hiu", "kìa", "mía", "mưa",
    "ngửi", "sáu", "trâu", "mây", "buồm", "uống", "ướp", "cướp", "ổn", "ấp", "yếu",
    "yên", "ưu", "uy", "ủy", "uỷ", "thủy", "thuỷ", "hòa", "hoà", "quá", "quân", "quốc",
    "quý", "quỹ", "quỳnh", "quen", "quẩy", "quạt", "quanh", "quách", "quyền", "quê",
    "gì", "gìn", "giếng", "già", "giá", "giẻ", "gia", "ghi", "ghế", "ghe", "kỹ", "kĩ",
    "lý", "ý", "y", "khuya", "huỳnh", "huênh", "khuếch", "thoắt", "khoét", "nhoẻn",
    "ngoẹo", "xoáy", "khuâng", "khuấy", "việc", "nghiệp", "biết", "nhiệm", "điểm",
    "tế", "hội", "xã", "Ủy", "Tân", "Yên", "Việt", "Đảng",
};

// Not syllables (the typos officers make).
static const char *const BAD[] = {
    "thựcc",  // a doubled final
    "đươc",   // a stop final without sắc/nặng
    "đườc",   //
    "hoạnh",  // fine: nh after oa takes nặng -- see below (good)
    "gê",     // g before ê: gh
    "ghà",    // gh before a: g
    "cê",     // c before ê: k
    "kà",     // k before a: c
    "ngê",    // ng before ê: ngh
    "nghà",   // ngh before a: ng
    "tuyêên", // a doubled vowel
    "tóan",   // the tone on the wrong vowel
    "hòan",   //
    "gía",    // the tone on the i of gi
    "qúa",    // the tone on the u of qu
    "mìa",    // fine (mìa is not a word, but can be a syllable) -- see below
    "viêc",   // a stop final without a tone
    "hoàá",   // two tone marks
    "chíh",   // h is no final
    "ưf",     //
};

static void test_good(void) {
  for (size_t i = 0; i < sizeof GOOD / sizeof GOOD[0]; i++) {
    SylVerdict v = verdict(GOOD[i]);
    if (v == SYL_BAD)
      printf("FAIL good word judged bad: %s\n", GOOD[i]);
    CHECK(v != SYL_BAD);
  }
}

static void test_bad(void) {
  for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
    if (!strcmp(BAD[i], "hoạnh") || !strcmp(BAD[i], "mìa")) {
      CHECK(verdict(BAD[i]) == SYL_OK);
      continue;
    }
    SylVerdict v = verdict(BAD[i]);
    if (v != SYL_BAD)
      printf("FAIL bad word not judged bad: %s\n", BAD[i]);
    CHECK(v == SYL_BAD);
  }
  CHECK_STR(fix_of("tóan"), "toán");
  CHECK_STR(fix_of("Tóan"), "Toán");
  CHECK_STR(fix_of("gía"), "giá");
  CHECK_STR(fix_of("qúa"), "quá");
  CHECK_STR(fix_of("hòan"), "hoàn");
}

// Words judged SYL_SKIP: ASCII without Telex keys (foreign words, and
// syllables as typed), abbreviations, inner capitals, one letter, no vowel,
// letters Vietnamese does not use.
static const char *const SKIPPED[] = {
    "tham", "online", "website", "zoom", "booking", "google", "xoong", "UBND",
    "BCĐ",  "HĐND",   "TƯ",      "đ",    "đc",      "TikTok", "Müller",
};

// ASCII words with Telex keys left in them, and the word meant.
static const char *const TELEX[][2] = {
    {"tuyeen", "tuyên"}, {"ddieemr", "điểm"}, {"dduwowcj", "được"}, {"nhieemj", "nhiệm"},
};

static void test_skip_and_telex(void) {
  for (size_t i = 0; i < sizeof SKIPPED / sizeof SKIPPED[0]; i++) {
    if (verdict(SKIPPED[i]) != SYL_SKIP)
      printf("FAIL not skipped: %s\n", SKIPPED[i]);
    CHECK(verdict(SKIPPED[i]) == SYL_SKIP);
  }
  for (size_t i = 0; i < sizeof TELEX / sizeof TELEX[0]; i++) {
    CHECK(verdict(TELEX[i][0]) == SYL_BAD);
    CHECK_STR(fix_of(TELEX[i][0]), TELEX[i][1]);
  }
}

// The lookup tables agree with the table of vowels they are made from.
static void test_vowel_tables(void) {
  int bad = 0;
  for (int32_t cp = 0; cp < 0x2000; cp++) {
    int t1 = -1, t2 = -1;
    int v1 = syllable_vowel(cp, &t1), v2 = syllable_vowel_slow(cp, &t2);
    bad += v1 != v2 || (v1 >= 0 && t1 != t2);
  }
  CHECK(bad == 0);
  // Capitals: every vowel and đ in upper case reads as its lower case.
  CHECK(verdict("ĐƯỢC") == SYL_SKIP); // all capitals: an abbreviation's rule
  CHECK(verdict("Được") == SYL_OK);
  CHECK(verdict("Ưu") == SYL_OK);
  CHECK(verdict("Ơn") == SYL_OK);
  CHECK(verdict("Ẩn") == SYL_OK);
  CHECK(verdict("Ũng") == SYL_OK);
  int wrong = 0;
  for (int32_t cp = 0; cp < 0x2000; cp++)
    wrong += syllable_lower(cp) != utf8proc_tolower(cp);
  CHECK(wrong == 0);
  CHECK(verdict("Ỷ") == SYL_SKIP); // one letter
  CHECK(verdict("Ỷa") == SYL_BAD);
}

int main(void) {
  test_vowel_tables();
  test_good();
  test_bad();
  test_skip_and_telex();
  return UNIT_END();
}
