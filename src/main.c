// main.c — the kehoach command line.
//
//   kehoach check FILE...             validate plans
//   kehoach build [-o DIR] FILE...    validate, then write DIR/NAME.md, NAME.pdf
//                                     (--format: any of md, pdf, docx)
//
// build_plan() runs one plan through the pipeline (pipeline.c: load ->
// model -> check -> expand, then render) and writes its outputs; nothing is
// written for a plan with errors. run_plans() runs the plans of the command
// line on -j threads and prints their reports in command-line order. Outputs
// are rendered in memory and written through a temporary file and rename, so
// a failed build never leaves a half-written or clobbered file.
#include "kehoach.h"

#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef KEHOACH_LOCALEDIR
#define KEHOACH_LOCALEDIR "/usr/local/share/locale"
#endif
#ifndef KEHOACH_DATADIR
#define KEHOACH_DATADIR "/usr/local/share/kehoach"
#endif

typedef struct Options {
  Vec warnings;     // -W arguments, applied to the Diags
  DiagFormat format;
  bool build;
  const char *out_dir;
  Vec include_dirs;
  bool include_anywhere; // includes may leave the plan's tree and -I dirs
  Vec template_dirs;
  bool quiet;
  bool verbose;     // --verbose: what each plan used and produced
  bool fix;         // --fix: apply the safe fix-its to the plan's files
  bool depfile;     // -MD: write DIR/NAME.d for make
  unsigned formats; // --format: OUTPUT_* bits (default Markdown and PDF)
  int jobs;         // -j N: plans built at once (threads)
  bool progress;    // a progress line on the terminal
  bool watch;       // kehoach watch: rebuild on every change
  const char *name; // --name: output name of a plan read from stdin
  bool changed;     // --changed: the files are what changed (pre-commit)
  enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color; // --color
  MessageLang lang; // from the locale
} Options;

// The help: each line's words in both languages, printed in the locale's
// (both by default, like the diagnostics).
typedef struct HelpLine {
  const char *left; // the command or option
  const char *vi, *en;
  const char *left_en; // the English locale's, when it names things otherwise
} HelpLine;

static const HelpLine HELP_COMMANDS[] = {
    {"kehoach check [TÙY CHỌN] TỆP...", "kiểm tra kế hoạch", "validate plans",
     "kehoach check [OPTIONS] FILE..."},
    {"kehoach build [-o THƯ MỤC] TỆP...", "dựng Markdown và PDF (--format: cả DOCX)",
     "render (--format: DOCX too)",
     "kehoach build [-o DIR] FILE..."},
    {"kehoach watch [-o THƯ MỤC] TỆP", "dựng lại mỗi khi kế hoạch, danh mục, mẫu đổi",
     "rebuild on every change (Ctrl-C stops)", "kehoach watch [-o DIR] FILE"},
    {"kehoach lsp", "máy chủ LSP cho trình soạn thảo", "the language server (stdin/stdout)"},
    {"kehoach new --template TÊN [--set khóa=giá trị]... -o TỆP",
     "tạo kế hoạch mẫu (khóa: commune, year, province, title, signer)",
     "start a plan (keys: commune, year, province, title, signer)",
     "kehoach new --template NAME [--set key=value]... -o FILE"},
    {NULL, NULL, NULL}};

static const HelpLine HELP_OPTIONS[] = {
    {"-o, --output DIR", "thư mục kết quả (mặc định out)", "output directory (default out)"},
    {"-I DIR", "thư mục tìm tệp include", "include search directory"},
    {"--include-anywhere", "cho phép include ngoài thư mục kế hoạch và -I",
     "let includes leave the plan's tree and -I dirs"},
    {"--template-dir DIR", "thư mục mẫu", "template directory"},
    {"-q, --quiet", "không in tên tệp đã ghi", "don't list written files"},
    {"-v, --verbose",
     "in mẫu, tệp nguồn, số trang, cỡ tệp của từng kế hoạch; in đủ từng chỗ của thông báo "
     "lặp lại",
     "say what each plan used and produced; every place of a repeated diagnostic"},
    {"-j, --jobs N", "dựng N kế hoạch cùng lúc", "build N plans at once"},
    {"--format DẠNG,...", "định dạng kết quả: md, pdf, docx (mặc định md,pdf)",
     "output formats: md, pdf, docx (default md,pdf)", "--format FORMAT,..."},
    {"-MD", "ghi THƯ MỤC/TÊN.d cho make (kế hoạch, include, mẫu, phông)",
     "write DIR/NAME.d for make (plan, includes, template, fonts)"},
    {"--fix", "sửa các lỗi chắc chắn sửa đúng (NFC, từ lặp, số 0 trong ngày tháng) ngay trong tệp",
     "apply the safe fix-its"},
    {"--name TÊN", "tên tệp kết quả khi đọc kế hoạch từ stdin (TỆP là -; mặc định stdin)",
     "output name for a plan from stdin (FILE is -; default stdin)", "--name NAME"},
    {"--changed",
     "TỆP là các tệp vừa đổi (pre-commit): kiểm tra kế hoạch trong đó và kế hoạch include "
     "danh mục trong đó; bỏ qua YAML khác",
     "the files changed: check the plans among them and the plans including the "
     "catalogues among them"},
    {"--color=auto|always|never",
     "tô màu thông báo (auto: khi là terminal, trừ TERM=dumb, NO_COLOR)",
     "colour the diagnostics"},
    {"--diagnostics-format=text|json|sarif|github", "dạng thông báo lỗi", "diagnostics format"},
    {"-W<quy tắc>, -Wno-<quy tắc>, -Werror, -Werror=<quy tắc>",
     "bật, tắt quy tắc, coi cảnh báo là lỗi", "enable, disable rules, warnings as errors "
     "(docs/rules.md)", "-W<rule>, -Wno-<rule>, -Werror, -Werror=<rule>"},
    {"-h, --help", "trợ giúp", "this help"},
    {"--version", "phiên bản", "version"},
    {NULL, NULL, NULL}};

enum { HELP_TEXT_COLUMN = 26, HELP_WIDTH = 80 };

// Writes words from column HELP_TEXT_COLUMN, wrapped at HELP_WIDTH; col is
// where the line already is.
static void help_words(FILE *out, const char *words, int col) {
  if (col >= HELP_TEXT_COLUMN) {
    fputc('\n', out);
    col = 0;
  }
  fprintf(out, "%*s", HELP_TEXT_COLUMN - col, "");
  col = HELP_TEXT_COLUMN;
  for (const char *w = words; *w;) {
    size_t len = strcspn(w, " ");
    int width = (int)utf8_count(w, len);
    if (col > HELP_TEXT_COLUMN && col + 1 + width > HELP_WIDTH) {
      fprintf(out, "\n%*s", HELP_TEXT_COLUMN, "");
      col = HELP_TEXT_COLUMN;
    } else if (col > HELP_TEXT_COLUMN) {
      fputc(' ', out);
      col++;
    }
    fwrite(w, 1, len, out);
    col += width;
    w += len;
    while (*w == ' ')
      w++;
  }
  fputc('\n', out);
}

static void help_lines(FILE *out, MessageLang lang, const HelpLine *lines) {
  for (const HelpLine *l = lines; l->left; l++) {
    const char *left = lang == LANG_EN && l->left_en ? l->left_en : l->left;
    fprintf(out, "  %s", left);
    Buf words;
    buf_init(&words);
    if (lang != LANG_EN)
      buf_puts(&words, l->vi);
    if (lang == LANG_BOTH)
      buf_puts(&words, " / ");
    if (lang != LANG_VI)
      buf_puts(&words, l->en);
    help_words(out, words.data, 2 + (int)utf8_count(left, strlen(left)));
    buf_free(&words);
  }
}

// "Cách dùng / usage:", "Cách dùng:", "Usage:".
static void help_heading(FILE *out, MessageLang lang, const char *vi, const char *en) {
  if (lang == LANG_EN)
    fprintf(out, "%c%s:\n", en[0] - 'a' + 'A', en + 1);
  else
    fprintf(out, "%s%s%s:\n", vi, lang == LANG_BOTH ? " / " : "", lang == LANG_BOTH ? en : "");
}

static void usage(FILE *out, MessageLang lang) {
  help_heading(out, lang, "Cách dùng", "usage");
  help_lines(out, lang, HELP_COMMANDS);
  fputc('\n', out);
  help_heading(out, lang, "Tùy chọn", "options");
  help_lines(out, lang, HELP_OPTIONS);
  fputc('\n', out);
  fputs(lang == LANG_EN ? "Exit status: 0 no errors, 1 errors in a plan, 2 usage or "
                          "read/write error.\n"
        : lang == LANG_VI ? "Mã thoát: 0 không lỗi, 1 có lỗi trong kế hoạch, 2 lỗi dùng "
                            "lệnh hoặc đọc/ghi.\n"
                          : "Mã thoát / exit status: 0 không lỗi, 1 có lỗi trong kế "
                            "hoạch, 2 lỗi dùng lệnh hoặc đọc/ghi.\n",
        out);
}

// Directory of the running executable (for templates/ beside it).
// After a usage error: one line pointing at the help, not the help itself.
static void usage_hint(void) {
  fputs("kehoach: gợi ý / hint: kehoach --help\n", stderr);
}

static char *exe_dir(void) {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0)
    return NULL;
  buf[n] = '\0';
  char *slash = strrchr(buf, '/');
  if (slash)
    *slash = '\0';
  return xstrdup(buf);
}

// What the plans of one run share: the options, the pipeline (rules,
// templates, fonts) and the lock of the job queue.
typedef struct Shared {
  const Options *o;
  Pipeline *pipeline;
  pthread_mutex_t lock;
} Shared;

// Where one plan's build reports: its diagnostics, and a log of what it
// wrote (stderr lines, never interleaved with another plan's).
typedef struct Report {
  Diags *d;
  FILE *log;
} Report;

static char *output_path(const Options *o, const Plan *p, const char *ext) {
  char *path = xmalloc(strlen(o->out_dir) + strlen(p->stem) + strlen(ext) + 3);
  sprintf(path, "%s/%s.%s", o->out_dir, p->stem, ext);
  return path;
}

// The formats of --format, in the order they are written and listed.
static const struct {
  const char *ext;
  unsigned bit;
} FORMATS[] = {{"md", OUTPUT_MD}, {"pdf", OUTPUT_PDF}, {"docx", OUTPUT_DOCX}};
enum { NFORMATS = sizeof FORMATS / sizeof *FORMATS };

static const Buf *output_buf(const Outputs *out, unsigned bit) {
  return bit == OUTPUT_MD ? &out->md : bit == OUTPUT_PDF ? &out->pdf : &out->docx;
}

// Writes a plan's outputs as one unit (write_files_atomic): the formats
// asked for and, with -MD, its .d file, all or none.
static int write_outputs(Report *r, const Options *o, const Plan *p, const Outputs *out,
                         const Buf *dep) {
  char *paths[NFORMATS + 1];
  const void *data[NFORMATS + 1];
  size_t len[NFORMATS + 1];
  int n = 0;
  for (int i = 0; i < NFORMATS + 1; i++) {
    const Buf *b = i < NFORMATS ? (o->formats & FORMATS[i].bit ? output_buf(out, FORMATS[i].bit)
                                                               : NULL)
                                : dep;
    if (!b)
      continue;
    paths[n] = output_path(o, p, i < NFORMATS ? FORMATS[i].ext : "d");
    data[n] = b->data ? b->data : "";
    len[n] = b->len;
    n++;
  }
  int failed = -1;
  int e = write_files_atomic((const char *const *)paths, data, len, n, &failed);
  if (e) {
    ErrText why = err_text(e);
    const char *path = paths[failed >= 0 ? failed : 0];
    diag(r->d, SEV_ERROR, pos_none(), "io",
         "không ghi được '%s': %s; không tệp nào được thay / cannot write '%s': %s; no "
         "output was replaced",
         path, why.text, path, why.text);
  } else if (!o->quiet) {
    for (int i = 0; i < n; i++) {
      char *line = message_format(o->lang, "đã ghi %s / wrote %s", paths[i], paths[i]);
      fprintf(r->log, "kehoach: %s\n", line);
      free(line);
    }
  }
  for (int i = 0; i < n; i++)
    free(paths[i]);
  return e ? EXIT_TROUBLE : EXIT_CLEAN;
}

// Appends path to a make rule, escaping what make would read otherwise
// (spaces, '#', ':', '\\' with a backslash; '$' as "$$").
static void put_make_path(Buf *b, const char *path) {
  for (const char *s = path; *s; s++) {
    if (*s == ' ' || *s == '#' || *s == '\\' || *s == ':')
      buf_putc(b, '\\');
    else if (*s == '$')
      buf_putc(b, '$');
    buf_putc(b, *s);
  }
}

// A name make cannot be given at all: a line break or a tab would end the
// rule and start another (a rule make would run).
static bool make_cannot_name(const char *path) {
  return strpbrk(path, "\n\r\t") != NULL;
}

// -MD: "out/x.md out/x.pdf: plan includes template fonts" (the outputs of
// --format), then an empty rule per prerequisite (like -MP) so that a
// deleted include does not stop make.
static void make_depfile(const Options *o, const Plan *p, const Template *t,
                         const Fonts *fonts, Buf *b, char **unwritable) {
  Vec deps = {0};
  for (int i = 0; i < p->nsources; i++)
    if (strcmp(p->sources[i]->path, "<stdin>") != 0) // not a file make can see
      vec_push(&deps, (void *)p->sources[i]->path);
  vec_push(&deps, (void *)t->path);
  for (int k = 0; fonts && fonts_file(fonts, k); k++)
    vec_push(&deps, (void *)fonts_file(fonts, k));
  char *targets[NFORMATS];
  int ntargets = 0;
  for (int i = 0; i < NFORMATS; i++)
    if (o->formats & FORMATS[i].bit)
      targets[ntargets++] = output_path(o, p, FORMATS[i].ext);
  int ndeps = deps.len;
  for (int i = 0; i < ntargets; i++)
    vec_push(&deps, targets[i]);
  for (int i = 0; i < deps.len && !*unwritable; i++)
    if (make_cannot_name(deps.items[i]))
      *unwritable = xstrdup(deps.items[i]);
  deps.len = ndeps;
  for (int i = 0; i < ntargets && !*unwritable; i++) {
    if (i)
      buf_putc(b, ' ');
    put_make_path(b, targets[i]);
  }
  for (int i = 0; i < ntargets; i++)
    free(targets[i]);
  if (*unwritable) {
    vec_free(&deps);
    return;
  }
  buf_putc(b, ':');
  for (int i = 0; i < deps.len; i++) {
    buf_puts(b, " \\\n  ");
    put_make_path(b, deps.items[i]);
  }
  buf_putc(b, '\n');
  for (int i = 0; i < deps.len; i++) {
    buf_putc(b, '\n');
    put_make_path(b, deps.items[i]);
    buf_puts(b, ":\n");
  }
  vec_free(&deps);
}

// SOURCE_DATE_EPOCH, or -1 (no date in the PDF: same input, same bytes).
static long long source_date_epoch(void) {
  const char *s = getenv("SOURCE_DATE_EPOCH");
  if (!s || !*s)
    return -1;
  char *end;
  long long v = strtoll(s, &end, 10);
  return *end || v < 0 ? -1 : v;
}

static void log_verbose(Report *r, const Options *o, const Plan *p, const Template *t,
                        const Fonts *fonts, const Outputs *out) {
  const PageMap *pages = &out->pages;
  size_t md = out->md.len, pdf = out->pdf.len;
  char *line = NULL;
  if (o->formats & (OUTPUT_MD | OUTPUT_PDF)) {
    line = message_format(
        o->lang,
        "%s: %d trang, PDF %zu byte, Markdown %zu byte; mẫu %s, phông %s%s, %d tệp nguồn / "
        "%s: %d pages, PDF %zu bytes, Markdown %zu bytes; template %s, font %s%s, %d "
        "source files",
        p->path, pages->npages, pdf, md, t->path, fonts_family(fonts),
        fonts_cached(fonts) ? " (đã nhớ)" : "", p->nsources, p->path, pages->npages, pdf, md,
        t->path, fonts_family(fonts), fonts_cached(fonts) ? " (cached)" : "", p->nsources);
    fprintf(r->log, "kehoach: %s\n", line);
    free(line);
  }
  if (o->formats & OUTPUT_DOCX) {
    line = message_format(o->lang, "%s: DOCX %zu byte; mẫu %s, %d tệp nguồn / %s: DOCX %zu "
                          "bytes; template %s, %d source files",
                          p->path, out->docx.len, t->path, p->nsources, p->path,
                          out->docx.len, t->path, p->nsources);
    fprintf(r->log, "kehoach: %s\n", line);
    free(line);
  }
}

// What a build read and made, for kehoach watch.
typedef struct BuildInfo {
  Vec paths; // char *: the plan, its includes, its template (malloc'd)
  int pages;
} BuildInfo;

static void build_info_free(BuildInfo *b) {
  for (int i = 0; i < b->paths.len; i++)
    free(b->paths.items[i]);
  vec_free(&b->paths);
}

static void record_build(const PlanResult *res, const char *path, BuildInfo *info) {
  vec_push(&info->paths, xstrdup(path));
  for (int i = 1; res->plan && i < res->plan->nsources; i++)
    vec_push(&info->paths, xstrdup(res->plan->sources[i]->path));
  if (res->template)
    vec_push(&info->paths, xstrdup(res->template->path));
}

// Renders a checked plan; writes nothing unless every output rendered.
static int render_outputs(Report *r, Shared *sh, const PlanResult *res, BuildInfo *info) {
  const Options *o = sh->o;
  Diags *d = r->d;
  const Plan *p = res->plan;
  Outputs out;
  int status = build_outputs(sh->pipeline, res, d, source_date_epoch(), o->formats, &out) == 0
                   ? EXIT_CLEAN
                   : EXIT_ERRORS;
  const Fonts *fonts = pipeline_fonts(sh->pipeline);
  Buf dep;
  buf_init(&dep);
  char *unwritable = NULL;
  if (o->depfile)
    make_depfile(o, p, res->template, fonts, &dep, &unwritable);
  if (unwritable) {
    Buf shown;
    buf_init(&shown);
    text_put_visible(&shown, unwritable, strlen(unwritable));
    diag(d, SEV_ERROR, pos_none(), "io",
         "tên tệp '%s' có ký tự xuống dòng hoặc tab, không ghi được vào tệp .d cho make / "
         "the file name '%s' holds a line break or a tab; make cannot read it in a .d file",
         shown.data, shown.data);
    buf_free(&shown);
    free(unwritable);
    status = EXIT_ERRORS;
  }
  int e = status ? 0 : make_dirs(o->out_dir, 0755);
  if (e) {
    ErrText why = err_text(e);
    diag(d, SEV_ERROR, pos_none(), "io", "không tạo được thư mục '%s': %s / cannot create '%s': %s",
         o->out_dir, why.text, o->out_dir, why.text);
    status = EXIT_TROUBLE;
  }
  if (status == EXIT_CLEAN)
    status = write_outputs(r, o, p, &out, o->depfile ? &dep : NULL);
  if (status == EXIT_CLEAN && o->verbose)
    log_verbose(r, o, p, res->template, fonts, &out);
  if (info)
    info->pages = out.pages.npages;
  outputs_free(&out);
  buf_free(&dep);
  return status;
}

// The pipeline for one plan file. Returns its exit status; info (may be
// NULL) gets what it read.
static int build_plan(const char *path, Shared *sh, Report *r, BuildInfo *info) {
  const Options *o = sh->o;
  Diags *d = r->d;
  int errors_before = diags_errors(d);
  SrcFile *in = NULL; // `-`: the plan comes from standard input
  if (strcmp(path, "-") == 0) {
    bool io = false;
    in = load_source_as(d, "-", "<stdin>", pos_none(), &DEFAULT_LIMITS, &io);
    if (!in) {
      diags_flush(d);
      return io ? EXIT_TROUBLE : EXIT_ERRORS;
    }
    path = in->path;
  }
  PlanResult *res = check_file(sh->pipeline, d, path, in ? in->text : NULL, in ? in->len : 0);
  if (in && res->plan) // its outputs: --name, else stdin.md, stdin.pdf
    res->plan->stem = o->name ? o->name : "stdin";
  bool io_error = res->io_error;
  int status = EXIT_CLEAN;
  if (info)
    record_build(res, path, info);
  if (res->doc && o->build)
    status = render_outputs(r, sh, res, info);
  if (o->fix && fix_sources(d, o->quiet ? NULL : r->log) != 0)
    io_error = true;
  diags_flush(d); // before the plan's sources are freed
  if (io_error)
    status = EXIT_TROUBLE;
  else if (status == EXIT_CLEAN && diags_errors(d) > errors_before)
    status = EXIT_ERRORS;
  plan_result_free(res);
  srcfile_free(in);
  return status;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// One line per build of kehoach watch: when, how long, pages, problems.
static void print_watch_line(const Options *o, const char *path, double ms, int pages,
                             int errors, int warnings) {
  time_t t = time(NULL);
  struct tm tm;
  localtime_r(&t, &tm);
  char clock[16];
  strftime(clock, sizeof clock, "%H:%M:%S", &tm);
  char *line =
      errors
          ? message_format(o->lang,
                           "%s %s: %d lỗi, %d cảnh báo; giữ bản đã dựng trước (%.1f ms) / "
                           "%s %s: %d errors, %d warnings; the last good output is kept "
                           "(%.1f ms)",
                           clock, path, errors, warnings, ms, clock, path, errors, warnings, ms)
          : message_format(o->lang,
                           "%s %s: đã dựng, %d trang, %.1f ms; %d cảnh báo / %s %s: built, "
                           "%d pages, %.1f ms; %d warnings",
                           clock, path, pages, ms, warnings, clock, path, pages, ms, warnings);
  fprintf(stderr, "kehoach: %s\n", line);
  fflush(stderr);
  free(line);
}

// kehoach watch: builds the plan, then again whenever it, one of its
// catalogues or its template changes, until SIGINT or SIGTERM. A build with
// errors writes nothing, so the last good Markdown and PDF stay in place
// for a viewer that reloads them.
static int watch_plan(Shared *sh, const Diags *proto, const char *path) {
  FileWatch *w = filewatch_new();
  if (!w) {
    ErrText why = err_text(errno);
    fprintf(stderr, "kehoach: error: không theo dõi được tệp (inotify): %s / cannot "
                    "watch files (inotify): %s\n", why.text, why.text);
    return EXIT_TROUBLE;
  }
  WatchEvent ev = WATCH_CHANGED;
  BuildInfo good = {0}; // what the last good build read
  while (ev == WATCH_CHANGED) {
    Diags *d = diags_new_like(proto, stderr);
    Report r = {d, stderr};
    BuildInfo info = {0};
    double t0 = now_ms();
    build_plan(path, sh, &r, &info);
    print_watch_line(sh->o, path, now_ms() - t0, info.pages, diags_errors(d),
                     diags_warnings(d));
    if (diags_errors(d)) { // a broken plan may not get to its includes: keep them
      for (int i = 0; i < good.paths.len; i++)
        vec_push(&info.paths, xstrdup(good.paths.items[i]));
    } else {
      build_info_free(&good);
      for (int i = 0; i < info.paths.len; i++)
        vec_push(&good.paths, xstrdup(info.paths.items[i]));
    }
    filewatch_set(w, (const char *const *)info.paths.items, info.paths.len);
    build_info_free(&info);
    diags_free(d);
    ev = filewatch_wait(w, 30);
  }
  build_info_free(&good);
  filewatch_free(w);
  return ev == WATCH_STOPPED ? EXIT_CLEAN : EXIT_TROUBLE;
}

//
// --changed: from the files a commit changes to the plans to check
//

typedef struct Changed {
  Shared *sh;
  Vec plans;      // char *: the plans to check (malloc'd)
  Vec reals;      // char *: their real paths, to add each once
  Vec candidates; // char *: the plans of the tree, read once
} Changed;

static void add_plan(Changed *c, const char *path) {
  char *real = realpath(path, NULL);
  for (int i = 0; real && i < c->reals.len; i++)
    if (strcmp(c->reals.items[i], real) == 0) {
      free(real);
      return;
    }
  vec_push(&c->plans, xstrdup(path));
  vec_push(&c->reals, real ? real : xstrdup(path));
}

static YamlKind kind_of_file(const char *path) {
  char *text;
  size_t len;
  if (read_file(path, DEFAULT_LIMITS.max_file_bytes, &text, &len) != 0)
    return YAML_PLAN; // unreadable: let check say why
  YamlKind k = yaml_kind(text);
  free(text);
  return k;
}

static bool skipped_dir(const char *name) {
  return name[0] == '.' || strcmp(name, "build") == 0 || strcmp(name, "out") == 0 ||
         strcmp(name, "node_modules") == 0;
}

// The plans under dir (YAML files that are plans), into c->candidates.
static void find_plans(Changed *c, const char *dir, int depth) {
  DIR *d = depth < 16 ? opendir(dir) : NULL;
  for (struct dirent *e; d && (e = readdir(d));) {
    if (skipped_dir(e->d_name))
      continue;
    char *path = xmalloc(strlen(dir) + strlen(e->d_name) + 2);
    if (strcmp(dir, ".") == 0) // names as a commit lists them: "plans/x.yaml"
      strcpy(path, e->d_name);
    else
      sprintf(path, "%s/%s", dir, e->d_name);
    struct stat st;
    size_t n = strlen(e->d_name);
    bool yaml = (n > 5 && strcmp(e->d_name + n - 5, ".yaml") == 0) ||
                (n > 4 && strcmp(e->d_name + n - 4, ".yml") == 0);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
      find_plans(c, path, depth + 1);
    else if (yaml && kind_of_file(path) == YAML_PLAN) {
      vec_push(&c->candidates, path);
      continue;
    }
    free(path);
  }
  if (d)
    closedir(d);
}

// Adds the plans of the tree that include the catalogue at path.
static void add_including_plans(Changed *c, const char *path) {
  if (!c->candidates.len)
    find_plans(c, ".", 0);
  char *real = realpath(path, NULL);
  FILE *sink = fopen("/dev/null", "w");
  for (int i = 0; real && sink && i < c->candidates.len; i++) {
    Diags *d = diags_new(sink, false, FORMAT_TEXT);
    PlanResult *r = check_file(c->sh->pipeline, d, c->candidates.items[i], NULL, 0);
    bool includes = false;
    for (int k = 1; r->plan && k < r->plan->nsources && !includes; k++) {
      char *src = realpath(r->plan->sources[k]->path, NULL);
      includes = src && strcmp(src, real) == 0;
      free(src);
    }
    diags_flush(d);
    plan_result_free(r);
    diags_free(d);
    if (includes)
      add_plan(c, c->candidates.items[i]);
  }
  if (sink)
    fclose(sink);
  free(real);
}

// The plans among files, and the plans that include the catalogues among
// them; other YAML (a CI workflow, .pre-commit-config.yaml) is not a plan.
static void changed_plans(Changed *c, char **files, int n) {
  for (int i = 0; i < n; i++) {
    YamlKind k = kind_of_file(files[i]);
    if (k == YAML_PLAN)
      add_plan(c, files[i]);
    else if (k == YAML_CATALOGUE)
      add_including_plans(c, files[i]);
  }
}

static void changed_free(Changed *c) {
  for (int i = 0; i < c->plans.len; i++)
    free(c->plans.items[i]), free(c->reals.items[i]);
  for (int i = 0; i < c->candidates.len; i++)
    free(c->candidates.items[i]);
  vec_free(&c->plans), vec_free(&c->reals), vec_free(&c->candidates);
}

// Two plans of one build whose outputs would be the same files (a/x.yaml
// and b/x.yaml both make out/x.md): reported before anything is built. The
// same file named twice is one plan, built twice, and no conflict.
static bool output_conflict(Diags *d, char **paths, int n) {
  Arena *a = arena_new();
  bool conflict = false;
  char **real = arena_alloc(a, sizeof(char *) * (size_t)n);
  for (int i = 0; i < n; i++) {
    char *r = realpath(paths[i], NULL);
    real[i] = arena_strdup(a, r ? r : paths[i]);
    free(r);
  }
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++) {
      if (strcmp(path_stem(a, paths[i]), path_stem(a, paths[j])) != 0 ||
          strcmp(real[i], real[j]) == 0 || strcmp(paths[i], "-") == 0)
        continue;
      const char *stem = path_stem(a, paths[i]);
      diag(d, SEV_ERROR, pos_none(), "output-conflict",
           "'%s' và '%s' cùng ghi ra %s.md, %s.pdf; không dựng kế hoạch nào / '%s' and "
           "'%s' would both write %s.md and %s.pdf; nothing is built",
           paths[i], paths[j], stem, stem, paths[i], paths[j], stem, stem);
      conflict = true;
    }
  diags_flush(d);
  arena_free(a);
  return conflict;
}

// One plan of the run: built by a worker into memory, then printed by the
// main thread in the order of the command line, so that output does not
// depend on -j.
typedef struct Job {
  const char *path;
  int status;
  Diags *d;
  char *diag_text, *log_text; // what the plan's build printed
  size_t diag_len, log_len;
  bool done;
} Job;

typedef struct PlanRun {
  Shared *sh;
  const Diags *proto; // the settings every plan's Diags copies
  bool split_log;     // diagnostics go to stdout, the log to stderr
  Job *jobs;
  int njobs, next;    // next: the first job no worker has taken
  pthread_cond_t finished;
} PlanRun;

static void run_job(PlanRun *run, Job *j) {
  FILE *diag_out = open_memstream(&j->diag_text, &j->diag_len);
  FILE *log = run->split_log ? open_memstream(&j->log_text, &j->log_len) : diag_out;
  if (!diag_out || !log) {
    fputs("kehoach: error: out of memory\n", stderr);
    abort();
  }
  j->d = diags_new_like(run->proto, diag_out);
  Report r = {j->d, log};
  j->status = build_plan(j->path, run->sh, &r, NULL);
  fclose(diag_out);
  if (log != diag_out)
    fclose(log);
}

static void *worker(void *arg) {
  PlanRun *run = arg;
  Shared *sh = run->sh;
  for (;;) {
    pthread_mutex_lock(&sh->lock);
    int i = run->next < run->njobs ? run->next++ : -1;
    pthread_mutex_unlock(&sh->lock);
    if (i < 0)
      return NULL;
    run_job(run, &run->jobs[i]);
    pthread_mutex_lock(&sh->lock);
    run->jobs[i].done = true;
    pthread_cond_broadcast(&run->finished);
    pthread_mutex_unlock(&sh->lock);
  }
}

// "[12/3300] plans/x.yaml" (the plan being built) on one terminal line,
// rewritten in place; erased at the end.
static void show_progress(const Options *o, int current, int total, const char *path) {
  if (!o->progress)
    return;
  if (path) { // a file name may hold escape sequences too
    Buf shown;
    buf_init(&shown);
    text_put_visible(&shown, path, strlen(path));
    fprintf(stderr, "\r\033[K[%d/%d] %s", current, total, shown.data ? shown.data : "");
    buf_free(&shown);
  } else
    fputs("\r\033[K", stderr);
  fflush(stderr);
}

// Prints what job j's build printed and adds its counts to d.
static void emit_job(PlanRun *run, Job *j, Diags *d, FILE *diag_stream) {
  if (run->sh->o->progress)
    fputs("\r\033[K", stderr);
  if (j->diag_len)
    fwrite(j->diag_text, 1, j->diag_len, run->split_log ? diag_stream : stderr);
  if (j->log_len)
    fwrite(j->log_text, 1, j->log_len, stderr);
  fflush(diag_stream);
  fflush(stderr);
  diags_absorb(d, j->d);
  diags_free(j->d);
  free(j->diag_text);
  free(j->log_text);
  j->d = NULL, j->diag_text = j->log_text = NULL;
}

// Builds (or checks) every plan, o->jobs at a time; returns the worst status.
static int run_plans(Shared *sh, Diags *d, FILE *diag_stream, char **paths, int n) {
  const Options *o = sh->o;
  Job *jobs = xcalloc((size_t)(n ? n : 1), sizeof *jobs);
  for (int i = 0; i < n; i++)
    jobs[i].path = paths[i];
  PlanRun run = {.sh = sh, .proto = d, .split_log = diag_stream != stderr, .jobs = jobs,
             .njobs = n};
  pthread_cond_init(&run.finished, NULL);
  int nthreads = o->jobs > n ? n : o->jobs;
  pthread_t *threads = xcalloc((size_t)(nthreads > 1 ? nthreads : 1), sizeof *threads);
  int started = 0;
  if (nthreads > 1)
    while (started < nthreads && pthread_create(&threads[started], NULL, worker, &run) == 0)
      started++;
  int status = EXIT_CLEAN;
  for (int i = 0; i < n; i++) {
    show_progress(o, i + 1, n, jobs[i].path);
    if (started == 0) {
      run_job(&run, &jobs[i]);
    } else {
      pthread_mutex_lock(&sh->lock);
      while (!jobs[i].done)
        pthread_cond_wait(&run.finished, &sh->lock);
      pthread_mutex_unlock(&sh->lock);
    }
    emit_job(&run, &jobs[i], d, diag_stream);
    if (jobs[i].status > status)
      status = jobs[i].status;
  }
  show_progress(o, n, n, NULL);
  for (int i = 0; i < started; i++)
    pthread_join(threads[i], NULL);
  pthread_cond_destroy(&run.finished);
  free(threads);
  free(jobs);
  return status;
}

enum {
  OPT_TEMPLATE_DIR = 256,
  OPT_VERSION,
  OPT_FORMAT,
  OPT_FIX,
  OPT_INCLUDE_ANYWHERE,
  OPT_MD,
  OPT_COLOR,
  OPT_NAME,
  OPT_CHANGED,
  OPT_OUTPUT_FORMAT,
  MAX_JOBS = 256
};

// "-MD" is one option, as in cc; getopt would read it as -M -D.
static void rewrite_md_option(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0)
      return;
    if (strcmp(argv[i], "-MD") == 0)
      argv[i] = "--MD";
  }
}

// The number of -j N: 1..MAX_JOBS; 0 (after a message) otherwise.
static int parse_jobs(const char *s) {
  char *end;
  long n = strtol(s, &end, 10);
  if (*end || n < 1 || n > MAX_JOBS) {
    fprintf(stderr, "kehoach: error: -j cần một số từ 1 đến %d, không phải '%s' / -j "
                    "needs a number from 1 to %d, not '%s'\n", MAX_JOBS, s, MAX_JOBS, s);
    return 0;
  }
  return (int)n;
}

// --format md,pdf,docx: the set of OUTPUT_* bits; 0 (after a message) for
// an unknown or empty name.
static unsigned parse_formats(const char *s) {
  unsigned set = 0;
  const char *p = s;
  for (;;) {
    size_t n = strcspn(p, ",");
    unsigned bit = 0;
    for (int i = 0; i < NFORMATS; i++)
      if (strlen(FORMATS[i].ext) == n && strncmp(p, FORMATS[i].ext, n) == 0)
        bit = FORMATS[i].bit;
    if (!bit) {
      fprintf(stderr, "kehoach: error: định dạng kết quả lạ '%.*s' trong --format %s (md, "
                      "pdf, docx; ví dụ --format md,pdf,docx) / unknown output format "
                      "'%.*s' in --format %s (md, pdf, docx; e.g. --format md,pdf,docx)\n",
              (int)n, p, s, (int)n, p, s);
      return 0;
    }
    set |= bit;
    if (!p[n])
      return set;
    p += n + 1;
  }
}

static bool parse_options(int argc, char **argv, Options *o, int *first_file) {
  static const struct option longopts[] = {
      {"output", required_argument, NULL, 'o'},
      {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'h'},
      {"template-dir", required_argument, NULL, OPT_TEMPLATE_DIR},
      {"version", no_argument, NULL, OPT_VERSION},
      {"diagnostics-format", required_argument, NULL, OPT_FORMAT},
      {"fix", no_argument, NULL, OPT_FIX},
      {"include-anywhere", no_argument, NULL, OPT_INCLUDE_ANYWHERE},
      {"verbose", no_argument, NULL, 'v'},
      {"jobs", required_argument, NULL, 'j'},
      {"MD", no_argument, NULL, OPT_MD},
      {"color", required_argument, NULL, OPT_COLOR},
      {"name", required_argument, NULL, OPT_NAME},
      {"changed", no_argument, NULL, OPT_CHANGED},
      {"format", required_argument, NULL, OPT_OUTPUT_FORMAT},
      {"colour", required_argument, NULL, OPT_COLOR},
      {NULL, 0, NULL, 0}};
  rewrite_md_option(argc, argv);
  opterr = 0; // kehoach's own one-line message, naming kehoach
  int c;
  while ((c = getopt_long(argc, argv, "o:I:qvhW:j:", longopts, NULL)) != -1) {
    switch (c) {
    case '?': {
      const char *bad = argv[optind - 1];
      if (optopt && strchr("oIWj", optopt))
        fprintf(stderr, "kehoach: error: tùy chọn '-%c' cần một giá trị / option '-%c' "
                        "needs a value\n", optopt, optopt);
      else if (optopt)
        fprintf(stderr, "kehoach: error: tùy chọn lạ '-%c' / unknown option '-%c'\n",
                optopt, optopt);
      else
        fprintf(stderr, "kehoach: error: tùy chọn lạ '%s' / unknown option '%s'\n", bad, bad);
      return false;
    }
    case 'j':
      if (!(o->jobs = parse_jobs(optarg)))
        return false;
      break;
    case 'v':
      o->verbose = true;
      break;
    case OPT_MD:
      o->depfile = true;
      break;
    case 'W':
      vec_push(&o->warnings, optarg);
      break;
    case 'o':
      o->out_dir = optarg;
      break;
    case 'I':
      vec_push(&o->include_dirs, optarg);
      break;
    case 'q':
      o->quiet = true;
      break;
    case OPT_TEMPLATE_DIR:
      vec_push(&o->template_dirs, optarg);
      break;
    case OPT_FIX:
      o->fix = true;
      break;
    case OPT_CHANGED:
      o->changed = true;
      break;
    case OPT_NAME:
      if (!text_is_name(optarg, true) || strchr(optarg, '/')) {
        fprintf(stderr, "kehoach: error: --name cần một tên tệp không đường dẫn (chữ thường "
                        "không dấu, số, '-', '_', '.') / --name takes a plain file name\n");
        return false;
      }
      o->name = optarg;
      break;
    case OPT_COLOR:
      if (strcmp(optarg, "auto") == 0)
        o->color = COLOR_AUTO;
      else if (strcmp(optarg, "always") == 0)
        o->color = COLOR_ALWAYS;
      else if (strcmp(optarg, "never") == 0)
        o->color = COLOR_NEVER;
      else {
        fprintf(stderr, "kehoach: error: --color=auto|always|never, không phải '%s' / "
                        "not '%s'\n", optarg, optarg);
        return false;
      }
      break;
    case OPT_OUTPUT_FORMAT:
      if (!(o->formats = parse_formats(optarg)))
        return false;
      break;
    case OPT_INCLUDE_ANYWHERE:
      o->include_anywhere = true;
      break;
    case OPT_FORMAT: {
      static const char *const names[] = {"text", "json", "sarif", "github"};
      int f = -1;
      for (int i = 0; i < 4; i++)
        if (strcmp(optarg, names[i]) == 0)
          f = i;
      if (f < 0) {
        fprintf(stderr, "kehoach: error: định dạng lạ '%s' (text, json, sarif, "
                        "github) / unknown diagnostics format '%s'\n", optarg, optarg);
        return false;
      }
      o->format = (DiagFormat)f;
      break;
    }
    case 'h':
      usage(stdout, message_lang_from_env());
      exit(EXIT_CLEAN);
    case OPT_VERSION:
      printf("kehoach %s\n", KEHOACH_VERSION);
      exit(EXIT_CLEAN);
    default:
      return false;
    }
  }
  *first_file = optind;
  return true;
}

// Applies -W arguments; returns false (after a message) on an unknown rule.
static bool apply_warning_options(const Options *o, Diags *d) {
  const char *bad =
      diags_apply_warnings(d, (const char *const *)o->warnings.items, o->warnings.len);
  if (bad)
    fprintf(stderr, "kehoach: error: quy tắc lạ '%s' / unknown rule '%s' "
                    "(docs/rules.md)\n", bad, bad);
  return !bad;
}

static void free_options(Options *o) {
  vec_free(&o->warnings);
  vec_free(&o->include_dirs);
  vec_free(&o->template_dirs);
}

// kehoach new --template NAME [--set key=value]... -o FILE
static int command_new(int argc, char **argv) {
  const char *tmpl = NULL, *out = NULL;
  Vec sets = {0};
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if ((strcmp(a, "--template") == 0 || strcmp(a, "-t") == 0) && v)
      tmpl = v, i++;
    else if (strncmp(a, "--template=", 11) == 0)
      tmpl = a + 11;
    else if (strcmp(a, "--set") == 0 && v)
      vec_push(&sets, (void *)v), i++;
    else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && v)
      out = v, i++;
    else {
      fprintf(stderr, "kehoach: error: tùy chọn lạ '%s' / unknown option '%s'\n"
                      "kehoach: gợi ý / hint: kehoach new --template hang-nam|chien-luoc "
                      "[--set key=value]... -o FILE\n",
              a, a);
      vec_free(&sets);
      return EXIT_TROUBLE;
    }
  }
  if (!tmpl) { // say which one: the yearly plan's is the usual start
    tmpl = "hang-nam";
    fputs("kehoach: dùng mẫu hang-nam (kế hoạch hằng năm); mẫu khác: --template "
          "chien-luoc / using template hang-nam (a yearly plan); for a multi-year "
          "strategy plan: --template chien-luoc\n",
          stderr);
  }
  int status = EXIT_CLEAN;
  Arena *arena = arena_new();
  Buf b;
  buf_init(&b);
  const char *error = NULL;
  struct stat st;
  if (!out) {
    fputs("kehoach: error: cần -o FILE / -o FILE is required\n", stderr);
    status = EXIT_TROUBLE;
  } else if (stat(out, &st) == 0) {
    fprintf(stderr, "kehoach: error: '%s' đã có, không ghi đè / '%s' exists; not "
                    "overwriting it\n", out, out);
    status = EXIT_TROUBLE;
  } else if (!scaffold_plan(arena, tmpl, (const char **)sets.items, sets.len, &b,
                            &error)) {
    fprintf(stderr, "kehoach: error: %s\n", error);
    status = EXIT_TROUBLE;
  } else {
    int e = write_file_atomic(out, b.data, b.len);
    if (e) {
      fprintf(stderr, "kehoach: error: không ghi được '%s' / cannot write '%s': %s\n",
              out, out, err_text(e).text);
      status = EXIT_TROUBLE;
    }
  }
  buf_free(&b);
  arena_free(arena);
  vec_free(&sets);
  return status;
}

static void print_summary(const Diags *d, MessageLang lang) {
  int e = diags_errors(d), w = diags_warnings(d);
  if (!e && !w)
    return;
  // English plurals: one format per case, so each half takes its numbers.
  static const char *const formats[2][2] = {
      {"%d lỗi, %d cảnh báo / %d errors, %d warnings",
       "%d lỗi, %d cảnh báo / %d errors, %d warning"},
      {"%d lỗi, %d cảnh báo / %d error, %d warnings",
       "%d lỗi, %d cảnh báo / %d error, %d warning"}};
  char *line = message_format(lang, formats[e == 1][w == 1], e, w, e, w);
  fprintf(stderr, "kehoach: %s\n", line);
  free(line);
}

// Several plans in one process: memory a plan freed stays for the next
// instead of going back to the system, to be faulted in again (a page
// fault costs microseconds; with -j, the threads' heaps gave back and took
// again some forty pages per plan: a third of a check's time). Large
// blocks (the compressor's tables) come from the heap too, to be reused.
static void keep_freed_memory(int nplans) {
#ifdef __GLIBC__
  if (nplans > 1) {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
  }
#else
  (void)nplans;
#endif
}

// Templates: --template-dir (already in dirs), then beside the executable
// (a build tree), then PREFIX/share relative to it (a relocated install),
// then DATADIR. The paths added are malloc'd into owned.
static void add_template_dirs(const char *here, Vec *dirs, Vec *owned) {
  if (here) {
    char *beside = xmalloc(strlen(here) + 16);
    sprintf(beside, "%s/templates", here);
    char *shared = xmalloc(strlen(here) + 40);
    sprintf(shared, "%s/../share/kehoach/templates", here);
    vec_push(dirs, beside), vec_push(owned, beside);
    vec_push(dirs, shared), vec_push(owned, shared);
  }
  vec_push(dirs, KEHOACH_DATADIR "/templates");
}

// kehoach lsp [--template-dir DIR]...: the language server on stdio.
static int command_lsp(int argc, char **argv) {
  Vec dirs = {0}, owned = {0};
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--template-dir") == 0 && i + 1 < argc)
      vec_push(&dirs, argv[++i]);
    else if (strcmp(argv[i], "--stdio") != 0) { // what VS Code clients pass
      fprintf(stderr, "kehoach: error: tùy chọn lạ '%s' / unknown option '%s'\n", argv[i],
              argv[i]);
      vec_free(&dirs);
      return EXIT_TROUBLE;
    }
  }
  char *here = exe_dir();
  message_bind_catalogue(here, KEHOACH_LOCALEDIR);
  add_template_dirs(here, &dirs, &owned);
  flate_prepare();
  int status = lsp_main((const char *const *)dirs.items, dirs.len);
  for (int i = 0; i < owned.len; i++)
    free(owned.items[i]);
  vec_free(&owned);
  vec_free(&dirs);
  free(here);
  return status;
}

// --color=always, or (auto) a terminal that is not TERM=dumb and no
// NO_COLOR (https://no-color.org).
static bool use_color(const Options *o) {
  if (o->color != COLOR_AUTO)
    return o->color == COLOR_ALWAYS;
  const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
  return isatty(2) && !(no_color && *no_color) && !(term && strcmp(term, "dumb") == 0);
}

int main(int argc, char **argv) {
  // Past a file-size limit, write fails with EFBIG (reported, nothing
  // replaced) instead of SIGXFSZ killing the process mid-write.
  signal(SIGXFSZ, SIG_IGN);
  if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    usage(stdout, message_lang_from_env());
    return EXIT_CLEAN;
  }
  if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
    printf("kehoach %s\n", KEHOACH_VERSION);
    return EXIT_CLEAN;
  }
  if (argc >= 2 && strcmp(argv[1], "new") == 0)
    return command_new(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "lsp") == 0)
    return command_lsp(argc, argv);
  if (argc < 2 || (strcmp(argv[1], "check") != 0 && strcmp(argv[1], "build") != 0 &&
                    strcmp(argv[1], "watch") != 0)) {
    fprintf(stderr, "kehoach: error: cần lệnh 'check', 'build', 'watch', 'lsp' hoặc 'new' / "
                    "expected command 'check', 'build', 'watch', 'lsp' or 'new'\n");
    usage_hint();
    return EXIT_TROUBLE;
  }
  Options o = {.build = strcmp(argv[1], "check") != 0, .out_dir = "out", .jobs = 1,
               .formats = OUTPUT_DEFAULT,
               .watch = strcmp(argv[1], "watch") == 0};
  int first;
  if (!parse_options(argc - 1, argv + 1, &o, &first)) {
    usage_hint();
    free_options(&o);
    return EXIT_TROUBLE;
  }
  first += 1;
  if (first >= argc) {
    fprintf(stderr, "kehoach: error: chưa có tệp kế hoạch / no plan file given\n");
    free_options(&o);
    return EXIT_TROUBLE;
  }
  char *here = exe_dir();
  Vec owned_dirs = {0};
  add_template_dirs(here, &o.template_dirs, &owned_dirs);
  message_bind_catalogue(here, KEHOACH_LOCALEDIR);
  o.lang = message_lang_from_env();
  // Text goes to the terminal's stderr; machine formats to stdout.
  Diags *d = o.format == FORMAT_TEXT
                 ? diags_new(stderr, use_color(&o), FORMAT_TEXT)
                 : diags_new(stdout, false, o.format);
  diags_set_lang(d, o.lang);
  diags_set_grouping(d, !o.verbose); // -v: every place in full
  keep_freed_memory(argc - first);
  PipelineOptions po = {.include_dirs = (const char *const *)o.include_dirs.items,
                        .ninclude_dirs = o.include_dirs.len,
                        .include_anywhere = o.include_anywhere,
                        .template_dirs = (const char *const *)o.template_dirs.items,
                        .ntemplate_dirs = o.template_dirs.len,
                        .no_document = !o.build,
                        .share_includes = true};
  Shared sh = {.o = &o, .pipeline = pipeline_new(&po)};
  flate_prepare();
  pthread_mutex_init(&sh.lock, NULL);
  int status = EXIT_CLEAN;
  if (!apply_warning_options(&o, d))
    status = EXIT_TROUBLE, first = argc;
  // --fix rewrites files that several plans may include: one plan at a time.
  if (o.fix)
    o.jobs = 1;
  o.progress = argc - first > 1 && o.format == FORMAT_TEXT && !o.quiet && !o.verbose &&
               isatty(2);
  if (o.watch && status == EXIT_CLEAN && argc - first != 1) {
    fprintf(stderr, "kehoach: error: watch theo dõi đúng một kế hoạch / watch takes "
                    "exactly one plan\n");
    status = EXIT_TROUBLE, first = argc;
  }
  if (o.watch)
    o.quiet = true; // one line per build says it all
  Changed changed = {.sh = &sh};
  char **paths = argv + first;
  int npaths = argc - first;
  if (o.changed && first < argc) {
    changed_plans(&changed, argv + first, argc - first);
    paths = (char **)changed.plans.items;
    npaths = changed.plans.len;
  }
  if (o.build && !o.watch && npaths > 1 && output_conflict(d, paths, npaths))
    npaths = 0, status = EXIT_ERRORS;
  int s = o.watch && first < argc
              ? watch_plan(&sh, d, argv[first])
              : run_plans(&sh, d, o.format == FORMAT_TEXT ? stderr : stdout, paths, npaths);
  changed_free(&changed);
  if (s > status)
    status = s;
  diags_finish(d);
  if (o.format == FORMAT_TEXT)
    print_summary(d, o.lang);
  pipeline_free(sh.pipeline);
  pthread_mutex_destroy(&sh.lock);
  diags_free(d);
  for (int i = 0; i < owned_dirs.len; i++)
    free(owned_dirs.items[i]);
  vec_free(&owned_dirs);
  free(here);
  free_options(&o);
  return status;
}
