// libFuzzer target: a plan's bytes through load -> model -> check ->
// expand -> Markdown (and PDF with -DFUZZ_PDF; DOCX when included by
// fuzz_docx.c). Diagnostics go to
// /dev/null; the target only looks for crashes, leaks, hangs and
// sanitizer reports. Built and run by `make fuzz`.
#include "kehoach.h"

#include <stdlib.h>

static const char *const TEMPLATE_DIRS[] = {"templates"};

// Built once for the whole run, as kehoach does per process, and freed at
// exit before LeakSanitizer's exit check, which otherwise reports them
// (and fontconfig's caches) as a leak of the last input.
static Pipeline *pipeline;

static void free_shared(void) { pipeline_free(pipeline); }

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  PipelineOptions po = {.template_dirs = TEMPLATE_DIRS, .ntemplate_dirs = 1};
  pipeline = pipeline_new(&po);
  atexit(free_shared);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FILE *sink = fopen("/dev/null", "w");
  Diags *d = diags_new(sink, false, FORMAT_TEXT);
  PlanResult *res = check_file(pipeline, d, "fuzz.yaml", (const char *)data, size);
  if (res->doc) {
#if defined(FUZZ_DOCX)
    Outputs out;
    if (build_outputs(pipeline, res, d, 0, OUTPUT_DOCX, &out) == 0)
      read_back(&out.docx);
    outputs_free(&out);
#elif defined(FUZZ_PDF)
    Outputs out;
    build_outputs(pipeline, res, d, 0, OUTPUT_DEFAULT, &out);
    outputs_free(&out);
#else
    Buf out;
    buf_init(&out);
    render_md(res->doc, NULL, &out);
    buf_free(&out);
#endif
  }
  diags_flush(d);
  plan_result_free(res);
  diags_free(d);
  fclose(sink);
  return 0;
}
