// parts.c — the plan's vocabulary: the parts a plan has, as one table that
// the model (which lists of items to read), the templates (which @block
// names, @if conditions and {{variables}} exist), the binding ({ref:} to a
// part's section) and expand (what a part holds, whether it is present)
// all read.
#include "kehoach.h"

#include <stddef.h>
#include <string.h>

static bool present(const Text *t) { return t->src && *t->src; }

static bool has_preamble(const Plan *p) { return p->npreamble > 0; }
static bool has_intro(const Plan *p) { return present(&p->intro); }
static bool has_intro_before(const Plan *p) { return present(&p->intro_before); }
static bool has_intro_ending(const Plan *p) { return present(&p->intro_ending); }
static bool has_general_goal(const Plan *p) { return present(&p->general_goal); }
static bool has_objectives(const Plan *p) {
  return p->nobjectives > 0 || present(&p->general_goal);
}
static bool has_specific_goals(const Plan *p) { return p->nobjectives > 0; }
static bool has_purpose(const Plan *p) { return p->npurpose > 0; }
static bool has_requirements(const Plan *p) { return p->nrequirements > 0; }
static bool has_purpose_or_requirements(const Plan *p) {
  return p->npurpose > 0 || p->nrequirements > 0;
}
static bool has_tasks(const Plan *p) { return p->ntasks > 0; }
static bool has_funding(const Plan *p) { return p->nfunding > 0; }
static bool has_organization(const Plan *p) { return p->nduties > 0; }
static bool has_reporting(const Plan *p) {
  return p->report_deadline.kind != TIME_NONE || present(&p->report_text);
}
static bool has_reporting_text(const Plan *p) { return present(&p->report_text); }
static bool has_closing(const Plan *p) { return p->nclosing > 0; }
static bool has_period(const Plan *p) { return p->period_from > 0; }

static const Text *preamble_texts(const Plan *p, int *n) {
  *n = p->npreamble;
  return p->preamble;
}
static const Text *general_goal_texts(const Plan *p, int *n) {
  *n = present(&p->general_goal);
  return &p->general_goal;
}
static const Text *reporting_texts(const Plan *p, int *n) {
  *n = present(&p->report_text);
  return &p->report_text;
}
static const Text *closing_texts(const Plan *p, int *n) {
  *n = p->nclosing;
  return p->closing;
}

#define ITEMS(field, count) offsetof(Plan, field), offsetof(Plan, count)
#define NO_ITEMS 0, 0

const PlanPart PLAN_PARTS[] = {
    {"preamble", PART_BLOCK | PART_CONDITION, SHAPE_TEXTS, ITEM_PLAIN,
     NO_ITEMS, preamble_texts, has_preamble},
    {"intro", PART_CONDITION, SHAPE_NONE, ITEM_PLAIN,
     NO_ITEMS, NULL, has_intro},
    {"intro.before", PART_CONDITION, SHAPE_NONE, ITEM_PLAIN,
     NO_ITEMS, NULL, has_intro_before},
    {"intro.ending", PART_CONDITION, SHAPE_NONE, ITEM_PLAIN,
     NO_ITEMS, NULL, has_intro_ending},
    {"general_goal", PART_BLOCK | PART_CONDITION, SHAPE_TEXTS, ITEM_PLAIN,
     NO_ITEMS, general_goal_texts, has_general_goal},
    {"objectives", PART_BLOCK | PART_CONDITION | PART_REF, SHAPE_GROUPS, ITEM_PLAIN,
     ITEMS(objectives, nobjectives), NULL, has_objectives},
    {"specific_goals", PART_CONDITION, SHAPE_NONE, ITEM_PLAIN,
     NO_ITEMS, NULL, has_specific_goals},
    {"purpose", PART_BLOCK | PART_CONDITION | PART_REF, SHAPE_ITEMS, ITEM_PLAIN,
     ITEMS(purpose, npurpose), NULL, has_purpose},
    {"requirements", PART_BLOCK | PART_CONDITION | PART_REF, SHAPE_ITEMS, ITEM_PLAIN,
     ITEMS(requirements, nrequirements), NULL, has_requirements},
    {"purpose_or_requirements", PART_CONDITION, SHAPE_NONE, ITEM_PLAIN,
     NO_ITEMS, NULL, has_purpose_or_requirements},
    {"tasks", PART_BLOCK | PART_CONDITION | PART_REF, SHAPE_ITEMS, ITEM_TASK,
     ITEMS(tasks, ntasks), NULL, has_tasks},
    {"funding", PART_BLOCK | PART_CONDITION | PART_REF, SHAPE_ITEMS, ITEM_PLAIN,
     ITEMS(funding, nfunding), NULL, has_funding},
    {"organization", PART_BLOCK | PART_CONDITION | PART_REF, SHAPE_ITEMS, ITEM_DUTY,
     ITEMS(duties, nduties), NULL, has_organization},
    {"reporting", PART_BLOCK | PART_CONDITION | PART_REF, SHAPE_TEXTS, ITEM_PLAIN,
     NO_ITEMS, reporting_texts, has_reporting},
    {"reporting.text", PART_CONDITION, SHAPE_NONE, ITEM_PLAIN,
     NO_ITEMS, NULL, has_reporting_text},
    {"closing", PART_BLOCK | PART_CONDITION, SHAPE_TEXTS, ITEM_PLAIN,
     NO_ITEMS, closing_texts, has_closing},
    {"period", PART_CONDITION, SHAPE_NONE, ITEM_PLAIN,
     NO_ITEMS, NULL, has_period},
    {NULL, 0, SHAPE_NONE, ITEM_PLAIN, NO_ITEMS, NULL, NULL},
};

const PlanPart *plan_part(const char *name, unsigned use) {
  for (const PlanPart *pp = PLAN_PARTS; pp->name; pp++)
    if ((pp->uses & use) && strcmp(pp->name, name) == 0)
      return pp;
  return NULL;
}

const char *plan_part_closest(const char *name, unsigned use) {
  Closest c = closest_init(name);
  for (const PlanPart *pp = PLAN_PARTS; pp->name; pp++)
    if (pp->uses & use)
      closest_offer(&c, pp->name);
  return closest_result(&c);
}

Item **plan_part_items(const PlanPart *pp, const Plan *p, int *n) {
  if (pp->shape != SHAPE_ITEMS && pp->shape != SHAPE_GROUPS) {
    *n = 0;
    return NULL;
  }
  *n = *(const int *)((const char *)p + pp->count_off);
  return *(Item **const *)((const char *)p + pp->items_off);
}

// The labels, their default words and whether they can be turned off.
// Documented in docs/plan-format.md §10 (keep the two in step).
const PlanLabel PLAN_LABELS[] = {
    {"kind", "KẾ HOẠCH", true},
    {"heading_end", "", false}, // off: "." ends the khoản headings kehoach writes
    {"objective", "Mục tiêu {n}:", false},
    {"indicator", "", false}, // off: "Chỉ tiêu {n}:" when a plan or template sets it
    {"content", "Nội dung", false},
    {"executor", "Cơ quan thực hiện", false},
    {"timing", "Thời gian thực hiện", false},
    {"participants", "Thành phần", false},
    {"form", "Hình thức", false},
    {"request", "Đề nghị", false},
    {"recipients", "Nơi nhận:", true},
    {"archive", "Lưu:", true},
    {"attached", "Kèm theo", true},
    {"table.number", "TT", false},
    {"table.content", "Nội dung", false},
    {"table.lead", "Cơ quan chủ trì", false},
    {"table.with", "Cơ quan phối hợp", false},
    {"table.timing", "Thời gian thực hiện", false},
    {"table.indicator", "Chỉ tiêu", false},
    {"table.target", "Mục tiêu", false},
    {"table.year", "Năm", false},
    {NULL, NULL, false}};

const PlanLabel *plan_label(const char *name) {
  for (const PlanLabel *l = PLAN_LABELS; l->name; l++)
    if (strcmp(l->name, name) == 0)
      return l;
  return NULL;
}

const char *plan_label_closest(const char *name) {
  Closest c = closest_init(name);
  for (const PlanLabel *l = PLAN_LABELS; l->name; l++)
    closest_offer(&c, l->name);
  return closest_result(&c);
}

// The {{variables}} templates may use (expand.c gives each its value).
const char *const TEMPLATE_VARIABLES[] = {
    "authority", "authority_short", "place", "title", "intro", "intro.before",
    "intro.ending", "reporting.text", "period", "year", "deadline",
    "deadline.words", "reporting.to", "reporting.via", NULL};

bool template_variable_known(const char *name) {
  for (int i = 0; TEMPLATE_VARIABLES[i]; i++)
    if (strcmp(TEMPLATE_VARIABLES[i], name) == 0)
      return true;
  return false;
}
