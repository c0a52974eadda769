// Unit tests for text.c (Vietnamese text helpers) and diag.c positions.
#include "kehoach.h"
#include "unit.h"

#include <stdlib.h>

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

int main(void) {
  Arena *a = arena_new();
  test_diem_letters(a);
  test_roman(a);
  test_case(a);
  test_nfc(a);
  test_width_and_count();
  test_distance();
  test_join();
  test_positions();
  arena_free(a);
  return UNIT_END();
}
