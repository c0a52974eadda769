// pipeline.c — the stages wired together, once, for every caller.
//
//   check_file:    load -> model -> template -> bind -> check -> expand
//   build_outputs: render (PDF layout, Markdown at its page breaks, PDF,
//                  DOCX)
//
// The command line, the unit tests, the fuzz targets and the language
// server all go through here. A Pipeline holds what plans share and may
// be used by several threads at once: the compiled rules (read-only), the
// templates read so far and the fonts (each behind the lock, read-only once
// made). Each stage reports every problem it finds; the pipeline stops
// between stages when the plan has errors.
#include "kehoach.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct Pipeline {
  PipelineOptions o;
  CheckPatterns *rules;
  // Set once by pipeline_new and only read after (the fields the lock
  // guards come after the lock: a read of these, which the compiler may
  // widen to the next bytes, touches none of them).
  TreeCache *trees; // the included files parsed (o.cache_includes,
                    // o.share_includes), or NULL
  pthread_mutex_t lock; // templates, fonts
  Arena *templates_arena;
  Vec templates;
  Vec broken; // templates read with errors: never used, freed at the end
  Fonts *fonts;
  bool fonts_searched;
  DocxLibs *docx_libs; // opened by the first DOCX
  Buf docx_error;      // why they could not be
  bool docx_tried;
};

Pipeline *pipeline_new(const PipelineOptions *o) {
  Pipeline *pl = xcalloc(1, sizeof *pl);
  pl->o = *o;
  if (!pl->o.limits)
    pl->o.limits = &DEFAULT_LIMITS;
  pl->rules = check_patterns_new();
  if (o->cache_includes || o->share_includes)
    pl->trees = tree_cache_new(pl->o.limits, !o->cache_includes);
  pl->templates_arena = arena_new();
  pthread_mutex_init(&pl->lock, NULL);
  return pl;
}

void pipeline_free(Pipeline *pl) {
  if (!pl)
    return;
  for (int i = 0; i < pl->templates.len; i++)
    template_free(pl->templates.items[i]);
  vec_free(&pl->templates);
  for (int i = 0; i < pl->broken.len; i++)
    template_free(pl->broken.items[i]);
  vec_free(&pl->broken);
  arena_free(pl->templates_arena);
  fonts_free(pl->fonts);
  tree_cache_free(pl->trees);
  docx_libs_close(pl->docx_libs);
  buf_free(&pl->docx_error);
  check_patterns_free(pl->rules);
  pthread_mutex_destroy(&pl->lock);
  free(pl);
}

const Fonts *pipeline_fonts(Pipeline *pl) {
  pthread_mutex_lock(&pl->lock);
  if (!pl->fonts_searched) {
    pl->fonts = fonts_find();
    pl->fonts_searched = true;
  }
  pthread_mutex_unlock(&pl->lock);
  return pl->fonts;
}

DocxLibs *pipeline_docx_libs(Pipeline *pl, const char **why) {
  pthread_mutex_lock(&pl->lock);
  if (!pl->docx_tried) {
    pl->docx_libs = docx_libs_open(&pl->docx_error);
    pl->docx_tried = true;
  }
  pthread_mutex_unlock(&pl->lock);
  *why = pl->docx_error.data;
  return pl->docx_libs;
}

// The plan's template, read on first use and kept for the next plans.
// Where the plan's template is looked for: the plan's own directory first
// (a template beside the plan), then the pipeline's directories
// (--template-dir, beside the executable, the installed ones). *owned is
// the plan's directory, to free.
static const char **template_search(Pipeline *pl, const Plan *p, int *n, char **owned) {
  const char *slash = strrchr(p->path, '/');
  *owned = slash ? xstrndup(p->path, slash > p->path ? (size_t)(slash - p->path) : 1)
                 : xstrdup(".");
  const char **dirs = xmalloc(sizeof(char *) * (size_t)(pl->o.ntemplate_dirs + 1));
  dirs[0] = *owned;
  for (int i = 0; i < pl->o.ntemplate_dirs; i++)
    dirs[i + 1] = pl->o.template_dirs[i];
  *n = pl->o.ntemplate_dirs + 1;
  return dirs;
}

// The file the template's name resolves to in dirs (what template_load
// reads), or NULL.
static char *template_file(const char *name, const char **dirs, int n) {
  if (!text_is_name(name, false))
    return NULL;
  for (int i = 0; i < n; i++) {
    char *path = xmalloc(strlen(dirs[i]) + strlen(name) + 7);
    sprintf(path, "%s/%s.tmpl", dirs[i], name);
    if (access(path, F_OK) == 0)
      return path;
    free(path);
  }
  return NULL;
}

// The plan's template, read on first use of its file and kept for the
// next plans that resolve to the same file.
static const Template *pipeline_template(Pipeline *pl, Diags *d, const Plan *p) {
  int ndirs;
  char *plan_dir;
  const char **dirs = template_search(pl, p, &ndirs, &plan_dir);
  char *file = template_file(p->template_name, dirs, ndirs);
  pthread_mutex_lock(&pl->lock);
  const Template *found = NULL;
  for (int i = 0; file && i < pl->templates.len && !found; i++) {
    const Template *t = pl->templates.items[i];
    if (strcmp(t->path, file) == 0)
      found = t;
  }
  if (!found) {
    int before = diags_errors(d);
    Template *t = template_load(pl->templates_arena, d,
                                arena_strdup(pl->templates_arena, p->template_name),
                                p->template_pos, dirs, ndirs);
    if (t && diags_errors(d) > before) { // broken: not used by the next plan,
      vec_push(&pl->broken, t);          // which reads (and reports) it again;
      t = NULL;                          // kept alive for the messages' sake
    }
    if (t)
      vec_push(&pl->templates, t);
    found = t;
  }
  pthread_mutex_unlock(&pl->lock);
  free(file);
  free(dirs);
  free(plan_dir);
  return found;
}

PlanResult *check_file(Pipeline *pl, Diags *d, const char *path, const char *text,
                       size_t len) {
  PlanResult *r = xcalloc(1, sizeof *r);
  r->arena = arena_new();
  ModelOptions mo = {.include_dirs = pl->o.include_dirs,
                     .ninclude_dirs = pl->o.ninclude_dirs,
                     .include_anywhere = pl->o.include_anywhere,
                     .limits = pl->o.limits,
                     .text = text,
                     .text_len = len,
                     .overlay = pl->o.overlay,
                     .overlay_user = pl->o.overlay_user,
                     .trees = pl->trees};
  int before = diags_errors(d);
  r->plan = model_load(r->arena, d, path, &mo, &r->io_error);
  if (r->plan && diags_errors(d) == before)
    r->template = pipeline_template(pl, d, r->plan);
  if (r->template && diags_errors(d) == before)
    r->binding = bind_plan(r->arena, d, r->plan, r->template);
  if (r->binding) // also after binding errors: they do not touch the rules
    check_plan(r->plan, pl->rules, d);
  if (r->binding && diags_errors(d) == before && !pl->o.no_document)
    r->doc = expand_plan(r->arena, r->plan, r->template, r->binding);
  r->errors = diags_errors(d) - before;
  return r;
}

void plan_result_free(PlanResult *r) {
  if (!r)
    return;
  plan_free(r->plan);
  arena_free(r->arena);
  free(r);
}

int build_outputs(Pipeline *pl, const PlanResult *r, Diags *d, long long epoch,
                  unsigned formats, Outputs *out) {
  memset(out, 0, sizeof *out);
  buf_init(&out->md);
  buf_init(&out->pdf);
  buf_init(&out->docx);
  if (!r->doc)
    return -1;
  int status = 0;
  if (formats & (OUTPUT_MD | OUTPUT_PDF)) {
    // The layout first: the Markdown puts footnotes where the PDF's pages end.
    PdfLayout *layout = pdf_layout(r->doc, pipeline_fonts(pl), d);
    if (layout)
      page_map_copy(&out->pages, pdf_layout_pages(layout));
    if (formats & OUTPUT_MD)
      render_md(r->doc, &out->pages, &out->md);
    PdfOptions po = {.epoch = epoch, .creator = "kehoach " KEHOACH_VERSION};
    if (!layout)
      status = -1;
    else if (formats & OUTPUT_PDF)
      status = render_pdf(layout, &po, &out->pdf);
    pdf_layout_free(layout);
  }
  if (formats & OUTPUT_DOCX) {
    // The fonts measure the short rules; a DOCX is made without them too.
    DocxOptions xo = {.epoch = epoch, .creator = "kehoach " KEHOACH_VERSION,
                      .fonts = pipeline_fonts(pl)};
    xo.libs = pipeline_docx_libs(pl, &xo.libs_error);
    if (render_docx(r->doc, &xo, d, &out->docx) != 0)
      status = -1;
  }
  return status;
}

void outputs_free(Outputs *out) {
  buf_free(&out->md);
  buf_free(&out->pdf);
  buf_free(&out->docx);
  page_map_free(&out->pages);
}
