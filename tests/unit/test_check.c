// Unit tests for check.c and lint.c: the rule table (documented, tested),
// the helpers they share (lint_fold), and rules that
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
  test_missing_lead();
  arena_free(a);
  return UNIT_END();
}
