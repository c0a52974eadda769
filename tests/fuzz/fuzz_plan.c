// libFuzzer target: a plan's bytes through load -> model -> check ->
// expand -> Markdown (and PDF with -DFUZZ_PDF). Diagnostics go to
// /dev/null; the target only looks for crashes, leaks, hangs and
// sanitizer reports. Built and run by `make fuzz`.
#include "kehoach.h"

#include <stdlib.h>

static const char *const TEMPLATE_DIRS[] = {"templates"};

// Built once for the whole run, as kehoach does per process, and freed at
// exit before LeakSanitizer's exit check, which otherwise reports them
// (and fontconfig's caches) as a leak of the last input.
static Rules *rules;
#ifdef FUZZ_PDF
static Fonts *fonts;
#endif

static void free_shared(void) {
  rules_free(rules);
#ifdef FUZZ_PDF
  fonts_free(fonts);
#endif
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  rules = rules_new();
#ifdef FUZZ_PDF
  fonts = fonts_find();
#endif
  atexit(free_shared);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FILE *sink = fopen("/dev/null", "w");
  Diags *d = diags_new(sink, false, FORMAT_TEXT);
  Arena *a = arena_new();
  ModelOptions mo = {.limits = &DEFAULT_LIMITS, .text = (const char *)data,
                     .text_len = size};
  bool io_error = false;
  Plan *p = model_load(a, d, "fuzz.yaml", &mo, &io_error);
  Template *t = NULL;
  if (p && !diags_errors(d))
    t = template_load(a, d, p->template_name, p->template_pos,
                      (const char **)TEMPLATE_DIRS, 1);
  if (t && !diags_errors(d)) {
    check_plan(p, rules, d);
    Doc *doc = expand_plan(a, d, p, t);
    Buf out;
    buf_init(&out);
    render_md(doc, NULL, &out);
#ifdef FUZZ_PDF
    PdfOptions po = {.epoch = 0, .creator = "fuzz", .fonts = fonts};
    buf_clear(&out);
    render_pdf(doc, &po, d, &out, NULL);
#endif
    buf_free(&out);
  }
  diags_flush(d);
  template_free(t);
  plan_free(p);
  arena_free(a);
  diags_free(d);
  fclose(sink);
  return 0;
}
