// libFuzzer target: template files. The input is written as a template
// and expanded over docs/example.yaml, so both the template parser and the
// expander see hostile templates. Built and run by `make fuzz`.
#include "kehoach.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char dir[] = "/tmp/kehoach-fuzz-XXXXXX";
  if (!mkdtemp(dir))
    return 0;
  char path[64];
  snprintf(path, sizeof path, "%s/hang-nam.tmpl", dir);
  FILE *f = fopen(path, "wb");
  if (f) {
    fwrite(data, 1, size, f);
    fclose(f);
  }
  FILE *sink = fopen("/dev/null", "w");
  Diags *d = diags_new(sink, false, FORMAT_TEXT);
  Arena *a = arena_new();
  ModelOptions mo = {.limits = &DEFAULT_LIMITS};
  bool io_error = false;
  Plan *p = model_load(a, d, "docs/example.yaml", &mo, &io_error);
  const char *dirs[] = {dir};
  Template *t = p ? template_load(a, d, "hang-nam", pos_none(), dirs, 1) : NULL;
  Binding *b = t && !diags_errors(d) ? bind_plan(a, d, p, t) : NULL;
  if (b && !diags_errors(d)) {
    Doc *doc = expand_plan(a, p, t, b);
    Buf out;
    buf_init(&out);
    render_md(doc, NULL, &out);
    buf_free(&out);
  }
  diags_flush(d);
  template_free(t);
  plan_free(p);
  arena_free(a);
  diags_free(d);
  fclose(sink);
  unlink(path);
  rmdir(dir);
  return 0;
}
