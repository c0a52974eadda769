// main.c — the kehoach command line.
//
//   kehoach check FILE...             validate plans
//   kehoach build [-o DIR] FILE...    validate, then write DIR/NAME.md, NAME.pdf
//
// build_plan() is the whole pipeline: load -> model -> check -> expand ->
// render. Each stage reports every problem it finds; the driver stops
// between stages when a plan has errors, and writes nothing for it. Outputs
// are rendered in memory and written through a temporary file and rename, so
// a failed build never leaves a half-written or clobbered file.
#include "kehoach.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
  bool fix;         // --fix: apply the safe fix-its to the plan's files
  MessageLang lang; // from the locale
} Options;

static void usage(FILE *out) {
  fputs("Cách dùng / usage:\n"
        "  kehoach check [TÙY CHỌN] TỆP...       kiểm tra kế hoạch / validate plans\n"
        "  kehoach build [-o THƯ MỤC] TỆP...     dựng Markdown và PDF / render\n"
        "  kehoach new --template TÊN [--set khóa=giá trị]... -o TỆP\n"
        "                                        tạo kế hoạch mẫu / start a plan\n"
        "                                        (khóa: commune, year, province, title, signer)\n"
        "\n"
        "Tùy chọn / options:\n"
        "  -o, --output DIR        thư mục kết quả (mặc định out) / output directory\n"
        "  -I DIR                  thư mục tìm tệp include / include search directory\n"
        "  --include-anywhere      cho phép include ngoài thư mục kế hoạch và -I /\n"
        "                          let includes leave the plan's tree and -I dirs\n"
        "  --template-dir DIR      thư mục mẫu / template directory\n"
        "  -q, --quiet             không in tên tệp đã ghi / don't list written files\n"
        "  --fix                   sửa các lỗi chắc chắn sửa đúng (NFC, từ lặp, số 0 trong\n"
        "                          ngày tháng) ngay trong tệp / apply the safe fix-its\n"
        "  --diagnostics-format=text|json|sarif|github\n"
        "                          dạng thông báo lỗi / diagnostics format\n"
        "  -W<quy tắc>, -Wno-<quy tắc>, -Werror, -Werror=<quy tắc>\n"
        "                          bật, tắt quy tắc, coi cảnh báo là lỗi / enable,\n"
        "                          disable rules, warnings as errors (docs/rules.md)\n"
        "  -h, --help              trợ giúp / this help\n"
        "  --version               phiên bản / version\n"
        "\n"
        "Mã thoát / exit status: 0 không lỗi, 1 có lỗi trong kế hoạch, 2 lỗi dùng "
        "lệnh hoặc đọc/ghi.\n",
        out);
}

// Directory of the running executable (for templates/ beside it).
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

static int make_dirs(const char *path) {
  char *p = xstrdup(path);
  for (char *s = p + 1; *s; s++) {
    if (*s != '/')
      continue;
    *s = '\0';
    if (mkdir(p, 0755) < 0 && errno != EEXIST) {
      int e = errno;
      free(p);
      return e;
    }
    *s = '/';
  }
  int e = mkdir(p, 0755) < 0 && errno != EEXIST ? errno : 0;
  free(p);
  return e;
}

// Templates are read once per process and shared by the plans using them.
typedef struct TemplateCache {
  Arena *arena;
  Vec templates;
} TemplateCache;

static const Template *cached_template(TemplateCache *tc, Diags *d,
                                       const Plan *p, const Options *o) {
  for (int i = 0; i < tc->templates.len; i++) {
    const Template *t = tc->templates.items[i];
    if (strcmp(t->name, p->template_name) == 0)
      return t;
  }
  Template *t = template_load(tc->arena, d, arena_strdup(tc->arena, p->template_name),
                              p->template_pos, (const char **)o->template_dirs.items,
                              o->template_dirs.len);
  if (t)
    vec_push(&tc->templates, t);
  return t;
}

static int write_output(Diags *d, const Options *o, const Plan *p,
                        const char *ext, const Buf *data) {
  char *path = xmalloc(strlen(o->out_dir) + strlen(p->stem) + strlen(ext) + 3);
  sprintf(path, "%s/%s.%s", o->out_dir, p->stem, ext);
  int e = write_file_atomic(path, data->data ? data->data : "", data->len);
  if (e)
    diag(d, SEV_ERROR, pos_none(), "io",
         "không ghi được '%s': %s / cannot write '%s': %s", path, strerror(e), path,
         strerror(e));
  else if (!o->quiet) {
    char *line = message_format(o->lang, "đã ghi %s / wrote %s", path, path);
    fprintf(stderr, "kehoach: %s\n", line);
    free(line);
  }
  free(path);
  return e ? EXIT_TROUBLE : EXIT_CLEAN;
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

// Renders a checked plan; writes nothing unless every output rendered.
static int render_outputs(Diags *d, const Options *o, const Plan *p,
                          const Template *t, Arena *a, int errors_before) {
  Doc *doc = expand_plan(a, d, p, t);
  if (diags_errors(d) > errors_before)
    return EXIT_ERRORS;
  Buf md, pdf;
  buf_init(&md);
  buf_init(&pdf);
  // The PDF first: the Markdown follows its pages (footnotes where they end).
  PdfOptions po = {.epoch = source_date_epoch(), .creator = "kehoach " KEHOACH_VERSION};
  PageMap pages = {0};
  int status = render_pdf(doc, &po, d, &pdf, &pages) == 0 ? EXIT_CLEAN : EXIT_ERRORS;
  render_md(doc, &pages, &md);
  page_map_free(&pages);
  int e = status ? 0 : make_dirs(o->out_dir);
  if (e) {
    diag(d, SEV_ERROR, pos_none(), "io", "không tạo được thư mục '%s': %s / cannot create '%s': %s",
         o->out_dir, strerror(e), o->out_dir, strerror(e));
    status = EXIT_TROUBLE;
  }
  if (status == EXIT_CLEAN)
    status = write_output(d, o, p, "md", &md);
  if (status == EXIT_CLEAN)
    status = write_output(d, o, p, "pdf", &pdf);
  buf_free(&md);
  buf_free(&pdf);
  return status;
}

// The pipeline for one plan file. Returns its exit status.
static int build_plan(const char *path, const Options *o, Diags *d,
                      TemplateCache *tc) {
  Arena *a = arena_new();
  ModelOptions mo = {.include_dirs = (const char **)o->include_dirs.items,
                     .ninclude_dirs = o->include_dirs.len,
                     .include_anywhere = o->include_anywhere,
                     .limits = &DEFAULT_LIMITS};
  bool io_error = false;
  int errors_before = diags_errors(d);
  Plan *p = model_load(a, d, path, &mo, &io_error);
  int status = EXIT_CLEAN;
  const Template *t = NULL;
  if (p && diags_errors(d) == errors_before)
    t = cached_template(tc, d, p, o);
  if (t && diags_errors(d) == errors_before)
    check_plan(p, d);
  if (t && diags_errors(d) == errors_before && o->build)
    status = render_outputs(d, o, p, t, a, errors_before);
  else if (t && diags_errors(d) == errors_before) {
    // check only: expand too, so template and reference problems show up
    expand_plan(a, d, p, t);
  }
  if (o->fix && fix_sources(d, o->quiet) != 0)
    io_error = true;
  diags_flush(d); // before the plan's sources are freed
  if (io_error)
    status = EXIT_TROUBLE;
  else if (status == EXIT_CLEAN && diags_errors(d) > errors_before)
    status = EXIT_ERRORS;
  plan_free(p);
  arena_free(a);
  return status;
}

enum { OPT_TEMPLATE_DIR = 256, OPT_VERSION, OPT_FORMAT, OPT_FIX, OPT_INCLUDE_ANYWHERE };

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
      {NULL, 0, NULL, 0}};
  int c;
  while ((c = getopt_long(argc, argv, "o:I:qhW:", longopts, NULL)) != -1) {
    switch (c) {
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
      usage(stdout);
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
  for (int i = 0; i < o->warnings.len; i++) {
    const char *w = o->warnings.items[i];
    RuleSetting s = RULE_ON;
    if (strcmp(w, "error") == 0) {
      diags_set_werror(d, true);
      continue;
    }
    if (strncmp(w, "error=", 6) == 0)
      s = RULE_ERROR, w += 6;
    else if (strncmp(w, "no-", 3) == 0)
      s = RULE_OFF, w += 3;
    if (!rule_find(w)) {
      fprintf(stderr, "kehoach: error: quy tắc lạ '%s' / unknown rule '%s' "
                      "(docs/rules.md)\n", w, w);
      return false;
    }
    diags_set_rule(d, w, s);
  }
  for (const RuleInfo *r = RULES; r->id; r++)
    if (!r->default_on)
      diags_default_off(d, r->id);
  return true;
}

static void free_options(Options *o) {
  vec_free(&o->warnings);
  vec_free(&o->include_dirs);
  vec_free(&o->template_dirs);
}

// kehoach new --template NAME [--set key=value]... -o FILE
static int command_new(int argc, char **argv) {
  const char *tmpl = "hang-nam", *out = NULL;
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
                      "usage: kehoach new --template NAME [--set key=value]... -o FILE\n",
              a, a);
      vec_free(&sets);
      return EXIT_TROUBLE;
    }
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
              out, out, strerror(e));
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

int main(int argc, char **argv) {
  if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    usage(stdout);
    return EXIT_CLEAN;
  }
  if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
    printf("kehoach %s\n", KEHOACH_VERSION);
    return EXIT_CLEAN;
  }
  if (argc >= 2 && strcmp(argv[1], "new") == 0)
    return command_new(argc, argv);
  if (argc < 2 || (strcmp(argv[1], "check") != 0 && strcmp(argv[1], "build") != 0)) {
    fprintf(stderr, "kehoach: error: cần lệnh 'check', 'build' hoặc 'new' / "
                    "expected command 'check', 'build' or 'new'\n");
    usage(stderr);
    return EXIT_TROUBLE;
  }
  Options o = {.build = strcmp(argv[1], "build") == 0, .out_dir = "out"};
  int first;
  if (!parse_options(argc - 1, argv + 1, &o, &first)) {
    usage(stderr);
    free_options(&o);
    return EXIT_TROUBLE;
  }
  first += 1;
  if (first >= argc) {
    fprintf(stderr, "kehoach: error: chưa có tệp kế hoạch / no plan file given\n");
    free_options(&o);
    return EXIT_TROUBLE;
  }
  // Templates: --template-dir, then beside the executable (a build tree),
  // then PREFIX/share relative to it (a relocated install), then DATADIR.
  char *here = exe_dir();
  char *beside = NULL, *shared = NULL;
  if (here) {
    beside = xmalloc(strlen(here) + 16);
    sprintf(beside, "%s/templates", here);
    vec_push(&o.template_dirs, beside);
    shared = xmalloc(strlen(here) + 40);
    sprintf(shared, "%s/../share/kehoach/templates", here);
    vec_push(&o.template_dirs, shared);
  }
  vec_push(&o.template_dirs, KEHOACH_DATADIR "/templates");
  message_bind_catalogue(here, KEHOACH_LOCALEDIR);
  o.lang = message_lang_from_env();
  // Text goes to the terminal's stderr; machine formats to stdout.
  const char *no_color = getenv("NO_COLOR");
  Diags *d = o.format == FORMAT_TEXT
                 ? diags_new(stderr, isatty(2) && !(no_color && *no_color), FORMAT_TEXT)
                 : diags_new(stdout, false, o.format);
  diags_set_lang(d, o.lang);
  TemplateCache tc = {.arena = arena_new()};
  int status = EXIT_CLEAN;
  if (!apply_warning_options(&o, d))
    status = EXIT_TROUBLE, first = argc;
  for (int i = first; i < argc; i++) {
    int s = build_plan(argv[i], &o, d, &tc);
    if (s > status)
      status = s;
  }
  diags_finish(d);
  if (o.format == FORMAT_TEXT)
    print_summary(d, o.lang);
  for (int i = 0; i < tc.templates.len; i++)
    template_free(tc.templates.items[i]);
  vec_free(&tc.templates);
  arena_free(tc.arena);
  diags_free(d);
  free(beside);
  free(shared);
  free(here);
  free_options(&o);
  return status;
}
