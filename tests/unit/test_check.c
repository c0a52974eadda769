// Unit tests for check.c and lint.c: the rule table (documented, tested),
// the helpers they share (lint_fold, the names of names.c), and rules that
// the diag tests cannot reach because they are off by default
// (missing-lead).
#include "kehoach.h"
#include "unit.h"

#include <stdlib.h>

// Every rule id is unique, and every rule has a summary.
static void test_rule_table(void) {
  int n = 0;
  for (const RuleInfo *r = RULES; r->id; r++, n++) {
    CHECK(r->summary && *r->summary);
    CHECK(rule_find(r->id) == r);
  }
  CHECK(n > 50);
  CHECK(rule_find("missing-lead") && !rule_find("missing-lead")->default_on);
  CHECK(rule_find("nonsense") == NULL);
}

// docs/rules.md has a section for every rule, and every rule of the checker
// (after the input, schema and rendering ones) has a failing and a passing
// plan in tests/diag.
static void test_rules_documented(void) {
  char *doc = NULL;
  size_t len = 0;
  CHECK(read_file("docs/rules.md", 1 << 20, &doc, &len) == 0);
  bool checker = false;
  for (const RuleInfo *r = RULES; r->id && doc; r++) {
    char heading[96];
    snprintf(heading, sizeof heading, "\n## `%s`\n", r->id);
    if (!strstr(doc, heading))
      printf("FAIL docs/rules.md: no section for %s\n", r->id);
    CHECK(strstr(doc, heading) != NULL);
    if (strcmp(r->id, "unused-agency") == 0)
      checker = true;
    if (!checker)
      continue;
    char path[128];
    for (int k = 0; k < 2; k++) {
      snprintf(path, sizeof path, "tests/diag/%s-%s.yaml", k ? "ok" : "rule", r->id);
      FILE *f = fopen(path, "r");
      if (!f)
        printf("FAIL missing %s\n", path);
      CHECK(f != NULL);
      if (f)
        fclose(f);
    }
  }
  free(doc);
}

static void test_fold(Arena *a) {
  CHECK_STR(lint_fold(a, "Phòng Văn hoá"), "phòng văn hóa");
  CHECK_STR(lint_fold(a, "Uỷ ban"), "ủy ban");
  CHECK_STR(lint_fold(a, "KHOẺ"), "khỏe");
  CHECK_STR(lint_fold(a, "Kế hoạch"), "kế hoạch"); // closed syllable: as is
  CHECK_STR(lint_fold(a, "hoàn thành"), "hoàn thành");
  CHECK_STR(lint_fold(a, "thuỷ lợi"), "thủy lợi");
  CHECK_STR(lint_fold(a, ""), "");
  CHECK_STR(lint_fold(a, "UBND Xã, HĐND"), "ubnd xã, hđnd");
  CHECK_STR(lint_fold(a, "HOÀ"), "hòa");
  CHECK_STR(lint_fold(a, "ĐOÀN THỂ"), "đoàn thể");     // 'oà' before a letter: as is
  CHECK_STR(lint_fold(a, "Hoà-Bình"), "hòa-bình");      // before a non-letter: moved
  CHECK_STR(lint_fold(a, "Ab\xff Cd"), "ab");          // stops at invalid UTF-8
}

// names.c: the index of the names Phụ lục II capitalises (name-case).
static void test_names(Arena *a) {
  char f[40];
  const char *const words[][2] = {{"Uỷ", "ủy"}, {"HOÀ", "hòa"}, {"Đảng", "đảng"},
                                  {"hoạch", "hoạch"}, {"Tết", "tết"}};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
    CHECK(lint_fold_word(words[i][0], strlen(words[i][0]), f, sizeof f) > 0);
    CHECK_STR(f, words[i][1]);
    CHECK_STR(f, lint_fold(a, words[i][0])); // the same fold as lint_fold's
  }
  CHECK(lint_fold_word("Uỷ", strlen("Uỷ"), f, 3) == -1); // does not fit
  char g[8];
  CHECK(name_gap(" – ", strlen(" – "), g, sizeof g) == 1);
  CHECK_STR(g, "-");
  CHECK(name_gap(", ", 2, g, sizeof g) == 1);
  CHECK_STR(g, ",");

  NameIndex *x = name_index_new();
  CHECK(name_count(x) > 100);
  // "ủy ban": the longest first, "Ủy ban nhân dân" among them
  const CapName *e = name_first(x, "ủy", strlen("ủy"), "ban", 3);
  bool found = false;
  for (int longest = 99; e; e = name_next(x, e)) {
    CHECK(e->nsyl <= longest && e->nsyl >= 2);
    longest = e->nsyl;
    found = found || strcmp(e->canon, "Ủy ban nhân dân") == 0;
  }
  CHECK(found);
  CHECK(name_may_start(x, "Uỷ", strlen("Uỷ"), "BAN", 3));
  CHECK(name_may_start(x, "tết", strlen("tết"), "nguyên", strlen("nguyên")));
  CHECK(name_first(x, "phòng", strlen("phòng"), "học", strlen("học")) == NULL);
  // a kind, not a body: "các trạm y tế", "cơ sở y tế"; but "của Sở Y tế",
  // "các ngày Quốc tế Phụ nữ"
  const CapName *so = name_first(x, "sở", strlen("sở"), "y", 1);
  const CapName *tram = name_first(x, "trạm", strlen("trạm"), "y", 1);
  const CapName *day = name_first(x, "ngày", strlen("ngày"), "quốc", strlen("quốc"));
  CHECK(so && tram && day);
  if (so && tram && day) {
    CHECK(name_generic(so, "cơ", strlen("cơ"), NULL, 0));
    CHECK(!name_generic(so, "của", strlen("của"), NULL, 0));
    CHECK(name_generic(tram, "các", strlen("các"), NULL, 0));
    CHECK(!name_generic(day, "các", strlen("các"), NULL, 0));
  }
  name_index_free(x);
}

// Runs a plan file through the pipeline with rule `on` enabled; returns
// what it printed (the caller frees it).
static char *check_with(const char *path, const char *on) {
  char *out = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&out, &len);
  Diags *d = diags_new(mem, false, FORMAT_TEXT);
  if (on)
    diags_set_rule(d, on, RULE_ON);
  for (const RuleInfo *r = RULES; r->id; r++)
    if (!r->default_on)
      diags_default_off(d, r->id);
  const char *const include_dirs[] = {"tests/diag"};
  const char *const template_dirs[] = {"templates"};
  PipelineOptions po = {.include_dirs = include_dirs, .ninclude_dirs = 1,
                        .template_dirs = template_dirs, .ntemplate_dirs = 1};
  Pipeline *pl = pipeline_new(&po);
  PlanResult *res = check_file(pl, d, path, NULL, 0);
  diags_flush(d);
  plan_result_free(res);
  pipeline_free(pl);
  diags_free(d);
  fclose(mem);
  return out;
}

static void test_missing_lead(void) {
  char *off = check_with("tests/diag/rule-missing-lead.yaml", NULL);
  CHECK(off && !strstr(off, "[missing-lead]"));
  free(off);
  char *on = check_with("tests/diag/rule-missing-lead.yaml", "missing-lead");
  CHECK(on && strstr(on, "rule-missing-lead.yaml:14:12: warning: nhiệm vụ không có "
                         "cơ quan chủ trì"));
  CHECK(on && strstr(on, "[missing-lead]"));
  free(on);
  char *ok = check_with("tests/diag/ok-missing-lead.yaml", "missing-lead");
  CHECK(ok && !strstr(ok, "[missing-lead]"));
  free(ok);
}

int main(void) {
  Arena *a = arena_new();
  test_rule_table();
  test_rules_documented();
  test_fold(a);
  test_names(a);
  test_missing_lead();
  arena_free(a);
  return UNIT_END();
}
