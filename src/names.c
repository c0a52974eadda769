// names.c — the names whose capitals Phụ lục II of Nghị định 30 fixes, as
// the decree writes them (rule name-case, lint.c), and the kinds of
// document (their names, type codes and number shapes: check.c's citation
// rules; a kind named before its number takes a capital: name-case).
//
// Data: NAMES below, one canonical spelling a line. A name is a sequence of
// words (syllables); between two of them a blank, or a mark ("-" or ",")
// with blanks around it, which the writing must have too. Capitals are what
// counts: a text that writes one of these names with a small letter where
// the canonical form has a capital is reported ("Hội liên hiệp phụ nữ",
// "phòng văn hóa - xã hội", "tết nguyên đán"). Capitals the canonical form
// does not have are never reported here (a sentence's first word; too many
// capitals are agency-case's). So a name belongs here only when every
// capital of it is certain, whatever follows it in a plan: the kind of body
// and its field ("Sở Tư pháp"), never the open part a plan goes on with
// ("Trung tâm Dịch vụ sự nghiệp công" is written so, so the table stops at
// what no official name lowers). Old or new tone marks, either: names are
// compared folded (lint_fold: lower case, hòa = hoà, ủy = uỷ).
//
// A name of one syllable is never listed (nor indexed): "Tết", "Sở" alone
// may be a common word. And a name is no name where the word before or
// after it makes it a kind or part of another word (NOT_BEFORE, NOT_AFTER
// below: "các trạm y tế", "cơ sở y tế", "đoàn thanh niên tình nguyện").
//
// Extending: add the canonical spelling to NAMES (tone marks the decree's
// way, hòa and ủy); a longer name and its shorter head may both be listed,
// the longest that matches wins. docs/rules.md (name-case) says what to
// check before adding one.
//
// The index (name_index_new) is built once per process, then read-only
// (lint.c keeps it with its compiled patterns): the names by their first
// two syllables, looked up by hash, behind a bit set of those syllables'
// first letters and lengths that turns most words away before they are
// folded; a text is read once whatever the table's size.
#include "kehoach.h"

#include <stdlib.h>
#include <string.h>

static const char *const NAMES[] = {
    // The Party, the State, their bodies (Phụ lục II, I.IV and II)
    "Đảng Cộng sản Việt Nam",
    "Ban Chấp hành Trung ương",
    "Ban Chấp hành Đảng bộ",
    "Ban Thường vụ Đảng ủy",
    "Bộ Chính trị",
    "Ban Bí thư",
    "Văn phòng Trung ương Đảng",
    "Quốc hội",
    "Ủy ban Thường vụ Quốc hội",
    "Thủ tướng Chính phủ",
    "Văn phòng Chính phủ",
    "Hội đồng nhân dân",
    "Ủy ban nhân dân",
    "Thường trực Hội đồng nhân dân",
    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
    "Văn phòng HĐND và UBND",
    "Văn phòng Ủy ban nhân dân",
    "Văn phòng Đảng ủy",
    "Tòa án nhân dân",
    "Viện Kiểm sát nhân dân",
    "Kho bạc Nhà nước",
    "Ngân hàng Chính sách xã hội",
    // The Front and the mass organisations
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Ủy ban Mặt trận Tổ quốc",
    "Mặt trận Tổ quốc Việt Nam",
    "Mặt trận Tổ quốc",
    "Hội Liên hiệp Phụ nữ Việt Nam",
    "Hội Liên hiệp Phụ nữ",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Đoàn Thanh niên",
    "Hội Liên hiệp Thanh niên Việt Nam",
    "Hội Nông dân Việt Nam",
    "Hội Nông dân",
    "Hội Cựu chiến binh Việt Nam",
    "Hội Cựu chiến binh",
    "Tổng Liên đoàn Lao động Việt Nam",
    "Liên đoàn Lao động",
    "Hội Chữ thập đỏ",
    "Hội Người cao tuổi",
    "Hội Khuyến học",
    "Hội Cựu thanh niên xung phong",
    // Ministries (Bộ), provincial departments (Sở), district offices (Phòng)
    "Bộ Nội vụ",
    "Bộ Tài chính",
    "Bộ Tư pháp",
    "Bộ Y tế",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Lao động - Thương binh và Xã hội",
    "Bộ Tài nguyên và Môi trường",
    "Bộ Nông nghiệp và Phát triển nông thôn",
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Kế hoạch và Đầu tư",
    "Bộ Công Thương",
    "Bộ Xây dựng",
    "Bộ Giao thông vận tải",
    "Bộ Thông tin và Truyền thông",
    "Bộ Khoa học và Công nghệ",
    "Bộ Công an",
    "Bộ Quốc phòng",
    "Bộ Ngoại giao",
    "Bộ Dân tộc và Tôn giáo",
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Văn hóa và Thể thao",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Tài nguyên và Môi trường",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Nông nghiệp và Môi trường",
    "Sở Kế hoạch và Đầu tư",
    "Sở Công Thương",
    "Sở Xây dựng",
    "Sở Thông tin và Truyền thông",
    "Sở Khoa học và Công nghệ",
    "Sở Dân tộc và Tôn giáo",
    "Phòng Nội vụ",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Tư pháp",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Văn hóa - Xã hội",
    "Phòng Văn hóa và Thông tin",
    "Phòng Văn hóa - Thông tin",
    "Phòng Văn hóa, Khoa học và Thông tin",
    "Phòng Kinh tế",
    "Phòng Kinh tế, Hạ tầng và Đô thị",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Nông nghiệp và Phát triển nông thôn",
    "Phòng Nông nghiệp và Môi trường",
    "Phòng Dân tộc",
    // Other bodies of a district or a commune ("Công an" and "Phòng Y tế"
    // are not listed: "công an viên", the "phòng y tế" of a school)
    "Ban Chỉ huy Quân sự",
    "Trạm Y tế",
    "Trung tâm Y tế",
    "Trung tâm Phục vụ hành chính công",
    "Trung tâm Văn hóa, Thông tin và Thể thao",
    "Trung tâm Văn hóa - Thể thao",
    "Trung tâm Dịch vụ sự nghiệp công",
    // Holidays and named days (Phụ lục II, III.7), the Tết (the generic
    // word in lower case, the name after it capitalised)
    "tết Nguyên đán",
    "tết Trung thu",
    "tết Đoan ngọ",
    "ngày Quốc khánh",
    "ngày Quốc tế Lao động",
    "ngày Quốc tế Phụ nữ",
    "ngày Quốc tế Thiếu nhi",
    "ngày Quốc tế Hạnh phúc",
    "ngày Phụ nữ Việt Nam",
    "ngày Gia đình Việt Nam",
    "ngày Nhà giáo Việt Nam",
    "ngày Thầy thuốc Việt Nam",
    "ngày Thương binh - Liệt sĩ",
    "ngày Giải phóng miền Nam",
    "Cách mạng tháng Tám",
    // Laws a plan cites by name (Phụ lục II, V.6: the kind and the first
    // syllable of the name)
    "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Hiến pháp",
    "Luật Tổ chức chính quyền địa phương",
    "Luật Ban hành văn bản quy phạm pháp luật",
    "Luật Bình đẳng giới",
    "Luật Phòng, chống bạo lực gia đình",
    "Luật Trẻ em",
    "Luật Người cao tuổi",
    "Luật Thanh niên",
    "Luật Giáo dục",
    "Bộ luật Lao động",
    "Bộ luật Hình sự",
    "Bộ luật Dân sự",
    // Named campaigns
    "Tháng hành động vì bình đẳng giới",
    "Tháng hành động quốc gia phòng, chống bạo lực gia đình",
    "Tháng hành động vì trẻ em",
    NULL};

// The words before a name that make it no name: a plural or a quantifier
// before a body's name (a name names one body; "các trạm y tế", "mỗi trung
// tâm y tế" name a kind; but "các ngày Quốc tế Hạnh phúc" are that day's
// years), and the first syllables of the two-syllable words that end in a
// name's first syllable ("cơ sở y tế" is no "Sở Y tế", "cán bộ tư pháp" no
// "Bộ Tư pháp", "tiến bộ khoa học và công nghệ", "đại hội nông dân",
// "pháp luật trẻ em").
// Written folded (lint_fold), as pairs: the word before, then the name's
// first syllable ("" for any name that starts with a capital).
static const char *const NOT_BEFORE[][2] = {
    {"các", ""},      {"những", ""},   {"mọi", ""},     {"mỗi", ""},
    {"từng", ""},     {"nhiều", ""},   {"số", ""},      {"vài", ""},
    {"cơ", "sở"},     {"trụ", "sở"},   {"cán", "bộ"},   {"toàn", "bộ"},
    {"tiến", "bộ"},   {"đồng", "bộ"},  {"nội", "bộ"},   {"sơ", "bộ"},
    {"đảng", "bộ"},   {"chi", "bộ"},   {"văn", "phòng"}, {"quốc", "phòng"},
    {"dự", "phòng"},  {"xã", "hội"},   {"đại", "hội"},  {"chi", "hội"},
    {"phân", "hội"},  {"lễ", "hội"},   {"cơ", "hội"},   {"hiệp", "hội"},
    {"tổng", "hội"},  {"chi", "đoàn"}, {"công", "đoàn"}, {"liên", "đoàn"},
    {"đại", "đoàn"},  {"ủy", "ban"},   {"tiểu", "ban"}, {"chi", "ban"},
    {"bệnh", "viện"}, {"học", "viện"}, {"pháp", "luật"},
    {NULL, NULL}};

// The words after a name that make it a kind, not a name, as pairs of the
// name's last syllable and the word after, folded: "đoàn thanh niên tình
// nguyện" (a volunteer group), "đoàn thanh niên xung phong".
static const char *const NOT_AFTER[][2] = {
    {"niên", "tình"}, {"niên", "xung"}, {NULL, NULL}};

bool name_generic(const CapName *e, const char *before, size_t nb, const char *after,
                  size_t na) {
  for (int i = 0; before && NOT_BEFORE[i][0]; i++) {
    const char *w = NOT_BEFORE[i][0], *first = NOT_BEFORE[i][1];
    if (strlen(w) != nb || memcmp(w, before, nb) != 0)
      continue;
    if (*first ? strcmp(first, e->fold[0]) == 0 : strcmp(e->syl[0], e->fold[0]) != 0)
      return true;
  }
  for (int i = 0; after && NOT_AFTER[i][0]; i++)
    if (strlen(NOT_AFTER[i][1]) == na && memcmp(NOT_AFTER[i][1], after, na) == 0 &&
        strcmp(NOT_AFTER[i][0], e->fold[e->nsyl - 1]) == 0)
      return true;
  return false;
}

// The kinds of document (kehoach.h): Phụ lục III, Mục I of the decree, and
// the normative kinds. Folded (lint_fold), so looked up as folded words.
static const KindInfo KINDS[] = {
    {"nghị quyết", "NQ", KIND_EITHER},     {"quyết định", "QĐ", KIND_EITHER},
    {"chỉ thị", "CT", KIND_EITHER},        {"quy chế", "QC", KIND_ADMIN},
    {"quy định", "QyĐ", KIND_ADMIN},       {"thông cáo", "TC", KIND_ADMIN},
    {"thông báo", "TB", KIND_ADMIN},       {"hướng dẫn", "HD", KIND_ADMIN},
    {"chương trình", "CTr", KIND_ADMIN},   {"kế hoạch", "KH", KIND_ADMIN},
    {"phương án", "PA", KIND_ADMIN},       {"đề án", "ĐA", KIND_ADMIN},
    {"dự án", "DA", KIND_ADMIN},           {"báo cáo", "BC", KIND_ADMIN},
    {"biên bản", "BB", KIND_ADMIN},        {"tờ trình", "TTr", KIND_ADMIN},
    {"hợp đồng", "HĐ", KIND_ADMIN},        {"công điện", "CĐ", KIND_ADMIN},
    {"bản ghi nhớ", "BGN", KIND_ADMIN},    {"bản thỏa thuận", "BTT", KIND_ADMIN},
    {"giấy ủy quyền", "GUQ", KIND_ADMIN},  {"giấy mời", "GM", KIND_ADMIN},
    {"giấy giới thiệu", "GGT", KIND_ADMIN}, {"giấy nghỉ phép", "GNP", KIND_ADMIN},
    {"phiếu gửi", "PG", KIND_ADMIN},       {"phiếu chuyển", "PC", KIND_ADMIN},
    {"phiếu báo", "PB", KIND_ADMIN},       {"nghị định", "NĐ", KIND_NORMATIVE},
    {"thông tư", "TT", KIND_NORMATIVE},    {"thông tư liên tịch", "TTLT", KIND_NORMATIVE},
    {"luật", "QH", KIND_LAW},              {"bộ luật", "QH", KIND_LAW},
    {"pháp lệnh", "UBTVQH", KIND_ORDINANCE}, {"công văn", NULL, KIND_LETTER},
    {"thư công", NULL, KIND_LETTER},
    // the rest of the Law on legal documents (Luật 80/2015/QH13, Điều 4)
    {"lệnh", "L", KIND_NORMATIVE},         {"nghị quyết liên tịch", "NQLT", KIND_NORMATIVE},
    {"hiến pháp", NULL, KIND_OTHER},
    // documents of the Party (Hướng dẫn 36-HD/VPTW: "14-KL/TW") and treaties,
    // which plans cite too
    {"kết luận", NULL, KIND_OTHER},        {"thông tri", NULL, KIND_OTHER},
    {"cương lĩnh", NULL, KIND_OTHER},      {"điều lệ", NULL, KIND_OTHER},
    {"công ước", NULL, KIND_OTHER},        {"hiệp định", NULL, KIND_OTHER},
    {"nghị định thư", NULL, KIND_OTHER},
};

const KindInfo *doc_kinds(size_t *n) {
  *n = sizeof KINDS / sizeof KINDS[0];
  return KINDS;
}

const KindInfo *doc_kind_find(const char *s, size_t n) {
  for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
    if (strlen(KINDS[i].kind) == n && memcmp(KINDS[i].kind, s, n) == 0)
      return &KINDS[i];
  return NULL;
}

struct NameIndex {
  Arena *a;
  CapName *names;
  int nnames;
  int *slots; // open addressing: a name index whose first syllable hashes here, or -1
  unsigned cap;
  // The first two syllables of the names as their first bytes (an ASCII
  // letter in lower case) and byte lengths, hashed to a bit: most words are
  // no name's start, and this tells so before they are folded. A letter and
  // its capital start with the same byte in UTF-8 (Đ đ, Ủ ủ), a syllable
  // spelt with either tone style has the same length, and "ủy" written "uỷ"
  // starts with "u" (noted too).
  unsigned char starts[1 << 13];
};

static unsigned start_key(unsigned char b1, size_t n1, unsigned char b2, size_t n2) {
  if (b1 >= 'A' && b1 <= 'Z')
    b1 |= 0x20;
  if (b2 >= 'A' && b2 <= 'Z')
    b2 |= 0x20;
  return (unsigned)((((b1 * 31u + (n1 & 63)) * 131u + b2) * 37u + (n2 & 63)) & 0xFFFF);
}

// The first bytes a folded syllable may be written with: its own, and for
// a two-letter syllable whose tone mark sits on its first vowel the old way
// (ủy, hòa), the bare vowel of the new way (uỷ, hoà). Returns how many.
static int first_bytes(const char *syl, unsigned char out[2]) {
  static const char *const TONED[] = {"ò", "ó", "ỏ", "õ", "ọ", "ù", "ú", "ủ", "ũ", "ụ"};
  size_t n = strlen(syl);
  out[0] = (unsigned char)syl[0];
  for (int i = 0; i < 10; i++) {
    size_t k = strlen(TONED[i]);
    int32_t cp;
    if (n > k && !memcmp(syl, TONED[i], k) && utf8_decode(syl + k, n - k, &cp) == (int)(n - k))
      return out[1] = i < 5 ? 'o' : 'u', 2;
  }
  return 1;
}

static void note_start(NameIndex *x, const char *a, const char *b) {
  unsigned char fa[2], fb[2];
  int na = first_bytes(a, fa), nb = first_bytes(b, fb);
  for (int i = 0; i < na; i++)
    for (int j = 0; j < nb; j++) {
      unsigned k = start_key(fa[i], strlen(a), fb[j], strlen(b));
      x->starts[k >> 3] |= (unsigned char)(1u << (k & 7));
    }
}

bool name_may_start(const NameIndex *x, const char *a, size_t na, const char *b, size_t nb) {
  unsigned k = start_key((unsigned char)a[0], na, (unsigned char)b[0], nb);
  return x->starts[k >> 3] >> (k & 7) & 1u;
}

// The hash of a name's first two syllables (folded).
static unsigned fnv2(const char *a, size_t na, const char *b, size_t nb) {
  unsigned h = 2166136261u;
  for (size_t i = 0; i < na; i++)
    h = (h ^ (unsigned char)a[i]) * 16777619u;
  h = (h ^ ' ') * 16777619u;
  for (size_t i = 0; i < nb; i++)
    h = (h ^ (unsigned char)b[i]) * 16777619u;
  return h;
}

static bool same2(const CapName *e, const char *a, size_t na, const char *b, size_t nb) {
  return strlen(e->fold[0]) == na && memcmp(e->fold[0], a, na) == 0 &&
         strlen(e->fold[1]) == nb && memcmp(e->fold[1], b, nb) == 0;
}

// The marks between two words of a name, blanks left out, "–" read as "-".
// Returns the length written to out (at most cap - 1), or -1 when longer.
int name_gap(const char *s, size_t n, char *out, size_t cap) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
      continue;
    if (i + 3 <= n && !memcmp(s + i, "–", 3))
      c = '-', i += 2;
    if (k + 1 >= cap)
      return -1;
    out[k++] = c;
  }
  out[k] = 0;
  return (int)k;
}

// Splits one canonical name into its syllables, folded and as written.
static void split_name(NameIndex *x, CapName *e, const char *canon) {
  size_t n = strlen(canon), at = 0, from, to, last = 0;
  int most = 1; // words are separated by blanks: at most one more than those
  for (size_t i = 0; i < n; i++)
    most += canon[i] == ' ';
  e->canon = canon;
  e->fold = arena_alloc(x->a, sizeof(char *) * (size_t)most);
  e->syl = arena_alloc(x->a, sizeof(char *) * (size_t)most);
  e->gap = arena_alloc(x->a, sizeof(char *) * (size_t)most);
  int k = 0;
  for (; k < most && text_next_word(canon, n, &at, &from, &to); k++) {
    char gap[8] = "", folded[40];
    if (k > 0)
      name_gap(canon + last, from - last, gap, sizeof gap);
    int len = lint_fold_word(canon + from, to - from, folded, sizeof folded);
    e->syl[k] = arena_strndup(x->a, canon + from, to - from);
    e->fold[k] = arena_strdup(x->a, len >= 0 ? folded : "");
    e->gap[k] = arena_strdup(x->a, gap);
    last = to;
  }
  e->nsyl = k;
  e->next = -1;
}

NameIndex *name_index_new(void) {
  NameIndex *x = xcalloc(1, sizeof *x);
  x->a = arena_new();
  while (NAMES[x->nnames])
    x->nnames++;
  x->names = arena_alloc(x->a, sizeof(CapName) * (size_t)x->nnames);
  x->cap = 16;
  while (x->cap < 4u * (unsigned)x->nnames)
    x->cap *= 2;
  x->slots = arena_alloc(x->a, sizeof(int) * x->cap);
  for (unsigned i = 0; i < x->cap; i++)
    x->slots[i] = -1;
  for (int i = 0; i < x->nnames; i++) {
    CapName *e = &x->names[i];
    split_name(x, e, NAMES[i]);
    if (e->nsyl < 2 || !*e->fold[0] || !*e->fold[1])
      continue; // only names of two syllables or more are certain
    const char *a = e->fold[0], *b = e->fold[1];
    note_start(x, a, b);
    unsigned h = fnv2(a, strlen(a), b, strlen(b)) & (x->cap - 1);
    while (x->slots[h] >= 0 && !same2(&x->names[x->slots[h]], a, strlen(a), b, strlen(b)))
      h = (h + 1) & (x->cap - 1);
    // The chain of one pair of first syllables, longest name first.
    int *link = &x->slots[h];
    while (*link >= 0 && x->names[*link].nsyl >= e->nsyl)
      link = &x->names[*link].next;
    e->next = *link;
    *link = i;
  }
  return x;
}

void name_index_free(NameIndex *x) {
  if (!x)
    return;
  arena_free(x->a);
  free(x);
}

const CapName *name_first(const NameIndex *x, const char *a, size_t na, const char *b,
                          size_t nb) {
  unsigned h = fnv2(a, na, b, nb) & (x->cap - 1);
  for (; x->slots[h] >= 0; h = (h + 1) & (x->cap - 1)) {
    const CapName *e = &x->names[x->slots[h]];
    if (same2(e, a, na, b, nb))
      return e;
  }
  return NULL;
}

const CapName *name_next(const NameIndex *x, const CapName *e) {
  return e->next >= 0 ? &x->names[e->next] : NULL;
}

int name_count(const NameIndex *x) { return x->nnames; }
