// libFuzzer target: a plan's bytes through load -> model -> check ->
// expand -> DOCX (docx.c: libxml2's writer, libzip), then the archive read
// back by libzip: every part present and inflating to the size its entry
// states. Diagnostics go to /dev/null; the target looks for crashes, leaks,
// hangs, sanitizer reports and archives libzip cannot read. Built and run
// by `make fuzz`.
#include "kehoach.h"

#include <stdlib.h>
#include <zip.h>

static const char *const TEMPLATE_DIRS[] = {"templates"};

// Built once for the whole run and freed at exit (see fuzz_plan.c).
static Pipeline *pipeline;

static void free_shared(void) { pipeline_free(pipeline); }

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  PipelineOptions po = {.template_dirs = TEMPLATE_DIRS, .ntemplate_dirs = 1};
  pipeline = pipeline_new(&po);
  docx_prepare();
  atexit(free_shared);
  return 0;
}

// Every entry of the archive inflates to its stated size.
static void read_back(const Buf *docx) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t *src = zip_source_buffer_create(docx->data, docx->len, 0, &error);
  zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error) : NULL;
  if (!za)
    abort(); // kehoach wrote an archive libzip cannot open
  zip_int64_t n = zip_get_num_entries(za, 0);
  if (n != 11)
    abort();
  char chunk[4096];
  for (zip_int64_t i = 0; i < n; i++) {
    zip_stat_t st;
    zip_file_t *f = zip_stat_index(za, (zip_uint64_t)i, 0, &st) == 0
                        ? zip_fopen_index(za, (zip_uint64_t)i, 0)
                        : NULL;
    if (!f)
      abort();
    zip_uint64_t total = 0;
    zip_int64_t got;
    while ((got = zip_fread(f, chunk, sizeof chunk)) > 0)
      total += (zip_uint64_t)got;
    if (got < 0 || total != st.size)
      abort();
    zip_fclose(f);
  }
  zip_close(za);
  zip_error_fini(&error);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FILE *sink = fopen("/dev/null", "w");
  Diags *d = diags_new(sink, false, FORMAT_TEXT);
  PlanResult *res = check_file(pipeline, d, "fuzz.yaml", (const char *)data, size);
  if (res->doc) {
    Outputs out;
    if (build_outputs(pipeline, res, d, 0, OUTPUT_DOCX, &out) == 0)
      read_back(&out.docx);
    outputs_free(&out);
  }
  diags_flush(d);
  plan_result_free(res);
  diags_free(d);
  fclose(sink);
  return 0;
}
