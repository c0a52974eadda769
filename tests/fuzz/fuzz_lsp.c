// libFuzzer target: bytes as a client's side of a language-server session
// (framed or not, JSON or not) through kehoach lsp. The target only looks
// for crashes, leaks, hangs and sanitizer reports; what the server answers
// goes to /dev/null. Seeds: tests/fuzz/lsp-seeds/ (a real session).
#include "kehoach.h"

#include <stdlib.h>

static const char *const TEMPLATE_DIRS[] = {"templates"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FILE *in = fmemopen((void *)data, size, "r");
  FILE *out = fopen("/dev/null", "w");
  if (in && out)
    lsp_serve(in, out, TEMPLATE_DIRS, 1);
  if (in)
    fclose(in);
  if (out)
    fclose(out);
  return 0;
}
