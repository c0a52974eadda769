// check.c — semantic rules over a Plan.
//
// Consumes a Plan whose references all resolved; produces diagnostics.
// The schema, the references and date validity are checked while the model
// is built (model.c); this stage checks what needs the whole plan at once:
// how dates relate to each other and to the plan's period.
#include "kehoach.h"

#include <stdio.h>
#include <string.h>

// Every rule id, in the order of docs/rules.md. Rules reported while loading
// and modelling the plan are listed too, so -W and docs cover them all.
const RuleInfo RULES[] = {
    // input
    {"io", SEV_ERROR, true, "a file cannot be read or written"},
    {"file-too-large", SEV_ERROR, true, "a plan file larger than 8 MB"},
    {"encoding", SEV_ERROR, true, "a file that is not UTF-8"},
    {"yaml-syntax", SEV_ERROR, true, "YAML syntax error (libyaml)"},
    {"yaml-alias", SEV_ERROR, true, "YAML aliases (*name) are not allowed"},
    {"too-deep", SEV_ERROR, true, "nesting deeper than 64 levels"},
    {"too-long", SEV_ERROR, true, "a scalar longer than 1 MB"},
    {"too-many-nodes", SEV_ERROR, true, "more than 1,000,000 YAML nodes"},
    {"empty-plan", SEV_ERROR, true, "an empty plan file"},
    // schema
    {"duplicate-key", SEV_ERROR, true, "a key twice in one mapping"},
    {"unknown-key", SEV_ERROR, true, "a key the format does not know"},
    {"missing-key", SEV_ERROR, true, "a required key is missing"},
    {"wrong-type", SEV_ERROR, true, "a value of the wrong kind"},
    {"bad-value", SEV_ERROR, true, "a value outside its allowed set"},
    {"invalid-id", SEV_ERROR, true, "an id that is not lower-case ASCII"},
    {"duplicate-id", SEV_ERROR, true, "an id defined twice"},
    {"unknown-ref", SEV_ERROR, true, "a reference to an undefined id"},
    {"bad-ref", SEV_ERROR, true, "a malformed {reference} in text"},
    {"invalid-date", SEV_ERROR, true, "a date that does not exist"},
    {"invalid-timing", SEV_ERROR, true, "a timing that cannot be read"},
    {"include-not-found", SEV_ERROR, true, "an include file that cannot be found"},
    {"include-path", SEV_ERROR, true, "an absolute or escaping include path"},
    {"include-cycle", SEV_ERROR, true, "files that include each other"},
    {"include-depth", SEV_ERROR, true, "includes nested deeper than 8"},
    {"unknown-template", SEV_ERROR, true, "a template that does not exist"},
    {"template", SEV_ERROR, true, "an error in a template file"},
    {"font-missing", SEV_ERROR, true, "no usable font for the PDF"},
    {"missing-glyph", SEV_WARNING, true, "a character the PDF font lacks"},
    // dates
    {"range-order", SEV_ERROR, true, "a range that ends before it starts"},
    {"deadline-period", SEV_WARNING, true, "a deadline outside the plan's period"},
    {NULL, SEV_NOTE, false, NULL},
};

const RuleInfo *rule_find(const char *id) {
  for (const RuleInfo *r = RULES; r->id; r++)
    if (strcmp(r->id, id) == 0)
      return r;
  return NULL;
}

typedef struct Checker {
  const Plan *p;
  Diags *d;
} Checker;

// A range must not end before it starts.
static void check_range(Checker *c, const Timing *t) {
  if (t->kind != TIME_RANGE || t->from.prec != DATE_DAY || t->to.prec != DATE_DAY)
    return;
  if ((t->from.year == 0) != (t->to.year == 0)) {
    diag(c->d, SEV_ERROR, t->pos, "range-order",
         "khoảng thời gian trộn ngày hằng năm và ngày cụ thể / the range mixes "
         "an annual date and a dated day");
    return;
  }
  if (date_compare(t->to, t->from) < 0)
    diag(c->d, SEV_ERROR, t->pos, "range-order",
         "khoảng thời gian kết thúc trước khi bắt đầu / the range ends before "
         "it starts");
}

// A dated deadline must fall inside the plan's period.
static void check_in_period(Checker *c, const Timing *t) {
  const Plan *p = c->p;
  if (!p->period_from || t->kind == TIME_NONE)
    return;
  Date d = t->kind == TIME_RANGE ? t->from : t->to;
  if (t->kind == TIME_QUARTERS)
    d.year = t->year, d.prec = DATE_YEAR;
  if (d.prec == DATE_NONE || d.year == 0)
    return;
  if (d.year >= p->period_from && d.year <= p->period_to)
    return;
  char period[32];
  if (p->period_from == p->period_to)
    snprintf(period, sizeof period, "%d", p->period_from);
  else
    snprintf(period, sizeof period, "%d-%d", p->period_from, p->period_to);
  diag(c->d, SEV_WARNING, t->pos, "deadline-period",
       "thời hạn năm %d nằm ngoài thời kỳ của kế hoạch (%s) / deadline in %d "
       "is outside the plan's period (%s)",
       d.year, period, d.year, period);
}

static void check_timing(Checker *c, const Timing *t) {
  check_range(c, t);
  check_in_period(c, t);
}

static void check_items(Checker *c, Item **items, int n) {
  for (int i = 0; i < n; i++) {
    check_timing(c, &items[i]->timing);
    check_items(c, items[i]->items, items[i]->nitems);
  }
}

void check_plan(const Plan *p, Diags *d) {
  Checker c = {.p = p, .d = d};
  check_items(&c, p->tasks, p->ntasks);
  check_timing(&c, &p->report_deadline);
}
