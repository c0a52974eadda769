// balance.c — centred text broken into lines of similar length.
//
// The trích yếu, the authority's name and the appendices' headings are
// centred; when one takes two or more lines the lines should be of similar
// length, never broken inside a name ("Ủy ban / nhân dân", "xã / Tân Yên")
// nor beside a spaced dash. The PDF back end (pdf/lines.c) and the DOCX
// back end (docx.c, which writes the breaks so Word keeps them) both ask
// here, so the two documents break the same lines at the same words.
#include "kehoach.h"

#include <math.h>
#include <string.h>

// Words of a proper name or of a body's name, lower case: no line break
// between two of them ("Ủy ban / nhân dân").
static const char *const NAME_PAIRS[][2] = {
    {"ủy", "ban"},   {"ban", "nhân"},   {"nhân", "dân"}, {"hội", "đồng"},
    {"đồng", "nhân"}, {"mặt", "trận"},  {"trận", "tổ"},  {"tổ", "quốc"},
    {"thị", "trấn"}, {"thị", "xã"},     {"thành", "phố"}, {"liên", "hiệp"},
    {"hiệp", "phụ"}, {"phụ", "nữ"},     {"chính", "phủ"}, {"nội", "vụ"},
    {"kế", "hoạch"},
};
// An administrative unit's word: its name follows ("xã Tân Yên").
static const char *const UNIT_WORDS[] = {"xã", "tỉnh", "huyện", "phường", "quận",
                                         "trấn", "phố"};

// Penalties: a break the text must not have when another will do.
#define NEVER 1e12    // beside a spaced dash
#define NAME_BREAK 1e9 // inside a body's name, after a unit word
#define WORD_BREAK 1e8 // between a number and its word, inside a proper name

// Points a line may be wider than the column (rounding); the most lines
// balanced (a longer text is broken greedily).
#define BALANCE_EPSILON 0.01
#define BALANCE_MAX_LINES 8

bool text_is_lone_dash(const char *s, size_t len) {
  return (len == 1 && s[0] == '-') ||
         (len == 3 && memcmp(s, "\xE2\x80", 2) == 0 &&
          ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94));
}

// Counts the upper-case and the lower-case letters of s (lower: its lower
// case, from text_lower); *first_upper when its first character is one.
static void letter_cases(const char *s, const char *lower, int *upper, int *low,
                         bool *first_upper) {
  *upper = *low = 0;
  *first_upper = false;
  size_t n = strlen(s), m = strlen(lower), i = 0, j = 0;
  while (i < n && j < m) {
    int32_t a, b;
    int k = utf8_decode(s + i, n - i, &a), l = utf8_decode(lower + j, m - j, &b);
    if (k <= 0 || l <= 0)
      break;
    if (a != b) {
      (*upper)++;
      if (i == 0)
        *first_upper = true;
    } else if ((a >= 'a' && a <= 'z') || a >= 0xC0) {
      (*low)++;
    }
    i += (size_t)k;
    j += (size_t)l;
  }
}

double line_break_penalty(Arena *a, const char *ta, const char *tb) {
  size_t la = strlen(ta);
  if (text_is_lone_dash(ta, la) || text_is_lone_dash(tb, strlen(tb)))
    return NEVER;
  if (la && strchr(",;:.)", ta[la - 1]))
    return 0;
  const char *la_s = text_lower(a, ta), *lb_s = text_lower(a, tb);
  for (size_t i = 0; i < sizeof NAME_PAIRS / sizeof *NAME_PAIRS; i++)
    if (strcmp(la_s, NAME_PAIRS[i][0]) == 0 && strcmp(lb_s, NAME_PAIRS[i][1]) == 0)
      return NAME_BREAK;
  for (size_t i = 0; i < sizeof UNIT_WORDS / sizeof *UNIT_WORDS; i++)
    if (strcmp(la_s, UNIT_WORDS[i]) == 0)
      return NAME_BREAK;
  // A date or a number stays with its word: "ngày 05 tháng 02 năm 2026",
  // "số 07/KH-UBND".
  static const char *const BEFORE_NUMBER[] = {"ngày", "tháng", "năm", "số"};
  bool digit_a = ta[0] >= '0' && ta[0] <= '9', digit_b = tb[0] >= '0' && tb[0] <= '9';
  for (size_t i = 0; i < sizeof BEFORE_NUMBER / sizeof *BEFORE_NUMBER; i++)
    if ((digit_b && strcmp(la_s, BEFORE_NUMBER[i]) == 0) ||
        (digit_a && i > 0 && i < 3 && strcmp(lb_s, BEFORE_NUMBER[i]) == 0))
      return WORD_BREAK;
  // Two capitalised words in mixed-case text: one name ("Tân Yên").
  int ua, wa, ub, wb;
  bool cap_a, cap_b;
  letter_cases(ta, la_s, &ua, &wa, &cap_a);
  letter_cases(tb, lb_s, &ub, &wb, &cap_b);
  if (cap_a && cap_b && (wa || wb))
    return WORD_BREAK;
  return 0;
}

int balance_lines(Arena *a, const double *w, const double *gap, const double *penalty, int n,
                  double width, int *starts) {
  if (n < 2)
    return 0;
  // As many lines as the greedy breaker would fill.
  int k = 1;
  double x = 0;
  for (int i = 0; i < n; i++) {
    if (w[i] > width + BALANCE_EPSILON)
      return 0;
    if (i && x + gap[i] + w[i] > width + BALANCE_EPSILON) {
      k++;
      x = w[i];
    } else {
      x += (i ? gap[i] : 0) + w[i];
    }
  }
  if (k < 2 || k > BALANCE_MAX_LINES)
    return 0;
  // cost[l][i]: the first i words in l lines, the sum of the lines' squared
  // slack and the penalties of their breaks; from[l][i]: where line l starts.
  double *cost = arena_alloc(a, sizeof(double) * (size_t)(k + 1) * (size_t)(n + 1));
  int *from = arena_alloc(a, sizeof(int) * (size_t)(k + 1) * (size_t)(n + 1));
#define AT(t, l, i) (t)[(size_t)(l) * (size_t)(n + 1) + (size_t)(i)]
  for (int l = 0; l <= k; l++)
    for (int i = 0; i <= n; i++)
      AT(cost, l, i) = HUGE_VAL;
  AT(cost, 0, 0) = 0;
  for (int l = 1; l <= k; l++)
    for (int i = 1; i <= n; i++) {
      double lw = 0; // of words j .. i-1, grown leftwards
      for (int j = i - 1; j >= 0; j--) { // the line holds words j .. i-1
        lw += w[j] + (j < i - 1 ? gap[j + 1] : 0);
        if (lw > width + BALANCE_EPSILON)
          break;
        if (AT(cost, l - 1, j) == HUGE_VAL)
          continue;
        double c = AT(cost, l - 1, j) + (width - lw) * (width - lw) + (j ? penalty[j] : 0);
        if (c < AT(cost, l, i)) {
          AT(cost, l, i) = c;
          AT(from, l, i) = j;
        }
      }
    }
  if (AT(cost, k, n) == HUGE_VAL)
    return 0;
  starts[k] = n;
  for (int l = k, i = n; l > 0; l--)
    i = starts[l - 1] = AT(from, l, i);
#undef AT
  return k;
}
