// fix.c — `kehoach check --fix`: the safe fix-its, applied to the sources.
//
// Consumes the pending diagnostics of one plan (each fix-it is a byte span
// of a source file and its replacement); produces the source files
// rewritten with those spans replaced and nothing else touched, so
// comments, quoting and layout stay as the officer wrote them. Only rules
// whose fix cannot change what the plan says are applied: a text put into
// NFC, a doubled word removed, a date written with the zero rule. Each file
// is written through a temporary file and renamed, or left as it was.
#include "kehoach.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const SAFE_RULES[] = {"not-nfc", "doubled-word", "date-zero", NULL};

// Writes file with the fixes [from, to) of fixes (sorted, all of this
// file) applied; a fix overlapping the previous one is left for the next
// run. Returns errno, or 0.
static int rewrite_file(Diags *d, SrcFile *file, Vec *fixes, int from, int to,
                        int *applied) {
  Buf out;
  buf_init(&out);
  size_t at = 0;
  *applied = 0;
  for (int i = from; i < to; i++) {
    FixIt *f = fixes->items[i];
    if (f->off < at || f->off + f->len > file->len) {
      diags_note_fixit(d, f, "chưa sửa: chồng lên một chỗ sửa khác; chạy lại --fix / not "
                             "fixed: it overlaps another fix; run --fix again");
      f->len = 0, f->text = NULL;
      continue;
    }
    buf_put(&out, file->text + at, f->off - at);
    buf_puts(&out, f->text);
    at = f->off + f->len;
    (*applied)++;
  }
  buf_put(&out, file->text + at, file->len - at);
  int e = *applied ? write_file_atomic(file->path, out.data ? out.data : "", out.len) : 0;
  buf_free(&out);
  return e;
}

int fix_sources(Diags *d, FILE *log) {
  Vec fixes = {0};
  diags_collect_fixits(d, SAFE_RULES, &fixes);
  int status = 0;
  for (int i = 0; i < fixes.len;) {
    SrcFile *file = ((FixIt *)fixes.items[i])->file;
    int j = i;
    while (j < fixes.len && ((FixIt *)fixes.items[j])->file == file)
      j++;
    int applied;
    int e = rewrite_file(d, file, &fixes, i, j, &applied);
    for (int k = i; k < j; k++) {
      FixIt *f = fixes.items[k];
      if (f->text)
        diags_note_fixit(d, f, e ? "chưa sửa: không ghi được tệp / not fixed: the file "
                                   "could not be written"
                                 : "đã sửa trong tệp / fixed in the file");
    }
    if (e) {
      ErrText why = err_text(e);
      diag(d, SEV_ERROR, pos_none(), "io", "không ghi được '%s': %s / cannot write '%s': %s",
           file->path, why.text, file->path, why.text);
      status = EXIT_TROUBLE;
    } else if (applied && log) {
      char *line = message_format(diags_lang(d), "đã sửa %d chỗ trong %s / fixed %d in %s",
                                  applied, file->path, applied, file->path);
      fprintf(log, "kehoach: %s\n", line);
      free(line);
    }
    i = j;
  }
  for (int i = 0; i < fixes.len; i++)
    free(fixes.items[i]);
  vec_free(&fixes);
  return status;
}
