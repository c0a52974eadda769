// libFuzzer target: a plan's bytes through load -> model -> check ->
// expand -> DOCX (docx.c: libxml2's writer, libzip), then the archive read
// back by libzip: every part present and inflating to the size its entry
// states. Diagnostics go to /dev/null; the target looks for crashes, leaks,
// hangs, sanitizer reports and archives libzip cannot read. Built and run
// by `make fuzz`.
#include "kehoach.h"

#include <stdlib.h>
#include <zip.h>

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

// The rest is fuzz_plan.c's: the plan through the pipeline, then the DOCX
// (FUZZ_DOCX), checked by read_back.
#define FUZZ_DOCX
#include "fuzz_plan.c"
