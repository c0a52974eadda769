// bind.c — the plan bound to its template, before any check runs.
//
// Consumes a modelled plan and its template; produces a Binding: which
// template lines this plan prints (their @if conditions decided), the
// number of every section (I, II ...), khoản (1, 2 ...), item (2.1., a),
// -) and appendix (Phụ lục I), and reports every error that needs both the
// plan and the template: a {ref:} to something the document does not
// number, a heading or numbering override of a part the template does not
// have. Expand then only follows the Binding and cannot fail.
#include "kehoach.h"

#include <string.h>

// Numbering per depth for one part.
typedef struct NumSpec {
  Numbering levels[8];
  int n;
} NumSpec;

typedef struct Binder {
  Arena *a;
  Diags *d;
  const Plan *p;
  const Template *t;
  Binding *b;
  int section_no, khoan_no;
  const char *khoan_number; // "2" inside @khoan 2, else NULL
  Vec section_ids, section_numbers; // const char *: {ref:ID} of sections
} Binder;

//
// Conditions
//

bool plan_condition_holds(const Plan *p, const char *cond) {
  bool negate = cond[0] == '!';
  const PlanPart *pp = plan_part(cond + negate, PART_CONDITION);
  bool value = pp && pp->present(p);
  return negate ? !value : value;
}

//
// Numbers of items
//

static Numbering level_numbering(const NumSpec *spec, int depth) {
  static const Numbering fallback[] = {NUM_NUMBER, NUM_NUMBER, NUM_LETTER,
                                       NUM_DASH,   NUM_PLUS,   NUM_PLUS};
  if (depth < spec->n && spec->levels[depth] != NUM_AUTO)
    return spec->levels[depth];
  return depth < 6 ? fallback[depth] : NUM_PLUS;
}

// The label printed before item index of a list ("2.1.", "a)", "-") and
// its number for {ref} ("2.1", "a"; NULL for dashes).
static void label_item(Binder *bi, const Item *it, Numbering k, int index,
                       const char *parent) {
  const char *label = NULL, *number = NULL;
  switch (k) {
  case NUM_NUMBER:
    number = parent ? arena_printf(bi->a, "%s.%d", parent, index + 1)
                    : arena_printf(bi->a, "%d", index + 1);
    label = arena_printf(bi->a, "%s.", number);
    break;
  case NUM_LETTER:
    number = text_diem_letter(bi->a, index);
    label = arena_printf(bi->a, "%s)", number);
    break;
  case NUM_DASH:
    label = "-";
    break;
  case NUM_PLUS:
    label = "+";
    break;
  default:
    break;
  }
  bi->b->item_label[it->index] = label;
  bi->b->item_number[it->index] = number;
  bi->b->item_numbering[it->index] = k;
}

static void number_items(Binder *bi, Item **items, int n, int depth,
                         const NumSpec *spec, const char *parent) {
  Numbering k = level_numbering(spec, depth);
  for (int i = 0; i < n; i++) {
    const Item *it = items[i];
    label_item(bi, it, k, i, parent);
    NumSpec child = *spec;
    if (it->numbering != NUM_AUTO) {
      child.levels[depth + 1 < 8 ? depth + 1 : 7] = it->numbering;
      if (child.n < depth + 2)
        child.n = depth + 2;
    }
    number_items(bi, it->items, it->nitems, depth + 1, &child,
                 k == NUM_NUMBER ? bi->b->item_number[it->index] : parent);
  }
}

const PartOverride *plan_override(const Plan *p, const char *part) {
  if (!part)
    return NULL;
  for (int i = 0; i < p->noverrides; i++)
    if (strcmp(p->overrides[i].part, part) == 0)
      return &p->overrides[i];
  return NULL;
}

// A block's numbering: the template's numbering=, then the plan's override.
static NumSpec block_numbering(Binder *bi, const TplLine *l) {
  NumSpec spec = {0};
  if (l->numbering) {
    char *copy = arena_strdup(bi->a, l->numbering);
    char *save = NULL; // strtok_r: -j threads bind at once
    for (char *w = strtok_r(copy, ",", &save); w && spec.n < 8; w = strtok_r(NULL, ",", &save))
      for (int i = 0; NUMBERING_NAMES[i]; i++)
        if (strcmp(w, NUMBERING_NAMES[i]) == 0)
          spec.levels[spec.n++] = (Numbering)i;
  }
  const PartOverride *o = plan_override(bi->p, l->arg);
  if (o)
    for (int i = 0; i < o->nlevels; i++) {
      spec.levels[i] = o->levels[i];
      if (spec.n <= i)
        spec.n = i + 1;
    }
  // Items under a khoản start one level down: 2.1., 2.2. ...
  if (bi->khoan_number && spec.n == 0)
    spec.levels[spec.n++] = NUM_NUMBER;
  return spec;
}

//
// The template's lines
//

static void add_section_number(Binder *bi, const char *id, const char *number) {
  vec_push(&bi->section_ids, (void *)id);
  vec_push(&bi->section_numbers, (void *)number);
}

static void bind_line(Binder *bi, const TplLine *l) {
  Binding *b = bi->b;
  b->line_taken[l->index] = true;
  switch (l->kind) {
  case TPL_SECTION:
    bi->section_no++;
    bi->khoan_no = 0;
    bi->khoan_number = NULL;
    b->line_number[l->index] = text_roman(bi->a, bi->section_no);
    if (l->id)
      add_section_number(bi, l->id, b->line_number[l->index]);
    break;
  case TPL_KHOAN:
    bi->khoan_no++;
    bi->khoan_number = arena_printf(bi->a, "%d", bi->khoan_no);
    b->line_number[l->index] = bi->khoan_number;
    break;
  case TPL_BLOCK: {
    const PlanPart *pp = plan_part(l->arg, PART_BLOCK);
    if (!pp)
      break;
    NumSpec spec = block_numbering(bi, l);
    int n;
    Item **items = plan_part_items(pp, bi->p, &n);
    number_items(bi, items, n, 0, &spec, bi->khoan_number);
    break;
  }
  default:
    break;
  }
}

// Decides the @if branches and binds every line this plan prints.
static void bind_lines(Binder *bi) {
  bool active[64] = {true}; // whether the enclosing branches are taken
  bool taken[64] = {false};
  int depth = 0;
  for (const TplLine *l = bi->t->lines; l; l = l->next) {
    if (l->kind == TPL_IF) {
      bool holds = plan_condition_holds(bi->p, l->arg);
      if (depth < 63) {
        depth++;
        active[depth] = active[depth - 1] && holds;
        taken[depth] = holds;
      }
      continue;
    }
    if (l->kind == TPL_ELSE && depth > 0) {
      active[depth] = active[depth - 1] && !taken[depth];
      continue;
    }
    if (l->kind == TPL_ENDIF && depth > 0) {
      depth--;
      continue;
    }
    if (active[depth] && (!l->cond || plan_condition_holds(bi->p, l->cond)))
      bind_line(bi, l);
  }
}

static void bind_appendices(Binder *bi) {
  const Plan *p = bi->p;
  bi->b->appendix_label = arena_alloc(bi->a, sizeof(char *) * (size_t)(p->nappendices + 1));
  for (int i = 0; i < p->nappendices; i++) {
    // "Phụ lục" alone, or "Phụ lục I", "Phụ lục II" when there are several.
    const char *label = p->nappendices == 1
                            ? "Phụ lục"
                            : arena_printf(bi->a, "Phụ lục %s", text_roman(bi->a, i + 1));
    bi->b->appendix_label[i] = label;
    if (p->appendices[i]->id)
      add_section_number(bi, p->appendices[i]->id, label);
  }
}

//
// Errors that need the plan and the template
//

// The name by which a plan overrides a template line: a section's or a
// khoản's id (its heading) or a block's name (its numbering); NULL for
// other lines.
static const char *part_name(const TplLine *l, bool section) {
  return section ? (l->kind == TPL_SECTION || l->kind == TPL_KHOAN ? l->id : NULL)
                 : (l->kind == TPL_BLOCK ? l->arg : NULL);
}

static bool template_has_part(const Template *t, const char *part, bool section) {
  for (const TplLine *l = t->lines; l; l = l->next) {
    const char *name = part_name(l, section);
    if (name && strcmp(name, part) == 0)
      return true;
  }
  return false;
}

// Reports an override of a part the template does not have, with the
// closest name it does have.
static void report_unknown_part(Binder *bi, const char *part, Pos pos, bool section) {
  const Template *t = bi->t;
  if (section) // one call per message: xgettext reads a literal argument
    diag(bi->d, SEV_ERROR, pos, "unknown-key",
         "mẫu '%s' không có mục hay khoản id=%s để đổi tiêu đề / template '%s' has no "
         "section or khoản with id=%s to retitle",
         t->name, part, t->name, part);
  else
    diag(bi->d, SEV_ERROR, pos, "unknown-key",
         "mẫu '%s' không có phần '%s' để đổi cách đánh số / template '%s' has no block "
         "'%s' to renumber",
         t->name, part, t->name, part);
  Closest near = closest_init(part);
  Buf names;
  buf_init(&names);
  for (const TplLine *l = t->lines; l; l = l->next) {
    const char *name = part_name(l, section);
    if (!name)
      continue;
    buf_printf(&names, "%s%s", names.len ? ", " : "", name);
    closest_offer(&near, name);
  }
  const char *best = closest_result(&near);
  if (best)
    diag_note(bi->d, pos, "có phải là '%s'? / did you mean '%s'?", best, best);
  else if (names.len)
    diag_note(bi->d, pos, "mẫu có: %s / the template has: %s", names.data, names.data);
  buf_free(&names);
}

static void check_overrides(Binder *bi) {
  for (int i = 0; i < bi->p->noverrides; i++) {
    const PartOverride *o = &bi->p->overrides[i];
    if (o->heading_pos.file && !template_has_part(bi->t, o->part, true))
      report_unknown_part(bi, o->part, o->heading_pos, true);
    if (o->numbering_pos.file && !template_has_part(bi->t, o->part, false))
      report_unknown_part(bi, o->part, o->numbering_pos, false);
  }
}

const char *binding_ref_number(const Binding *b, const Seg *ref) {
  if (ref->target)
    return b->item_number[((const Item *)ref->target)->index];
  for (int i = 0; ref->target_id && i < b->nsections; i++)
    if (strcmp(b->section_ids[i], ref->target_id) == 0)
      return b->section_numbers[i];
  return NULL;
}

// Every {ref:ID} of the plan names something the document numbers.
static void check_refs(Binder *bi) {
  for (int i = 0; i < bi->p->nrefs; i++) {
    const Seg *s = bi->p->refs[i];
    if (!binding_ref_number(bi->b, s))
      diag(bi->d, SEV_ERROR, s->pos, "unknown-ref",
           "'%s' không có số thứ tự trong văn bản (mẫu không in phần này) / "
           "'%s' has no number in the document (the template does not show it)",
           s->target_id, s->target_id);
  }
}

Binding *bind_plan(Arena *a, Diags *d, const Plan *p, const Template *t) {
  Binding *b = arena_alloc(a, sizeof(Binding));
  size_t items = (size_t)(p->nall_items + 1), lines = (size_t)(t->nlines + 1);
  b->item_label = arena_alloc(a, sizeof(char *) * items);
  b->item_number = arena_alloc(a, sizeof(char *) * items);
  b->item_numbering = arena_alloc(a, sizeof(Numbering) * items);
  b->line_taken = arena_alloc(a, sizeof(bool) * lines);
  b->line_number = arena_alloc(a, sizeof(char *) * lines);
  Binder bi = {.a = a, .d = d, .p = p, .t = t, .b = b};
  bind_lines(&bi);
  bind_appendices(&bi);
  b->nsections = bi.section_ids.len;
  b->section_ids = arena_alloc(a, sizeof(char *) * (size_t)(b->nsections + 1));
  b->section_numbers = arena_alloc(a, sizeof(char *) * (size_t)(b->nsections + 1));
  for (int i = 0; i < b->nsections; i++) {
    b->section_ids[i] = bi.section_ids.items[i];
    b->section_numbers[i] = bi.section_numbers.items[i];
  }
  vec_free(&bi.section_ids);
  vec_free(&bi.section_numbers);
  check_overrides(&bi);
  check_refs(&bi);
  return b;
}
