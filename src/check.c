// check.c — semantic rules over a Plan.
//
// Consumes a Plan whose references all resolved; produces diagnostics.
// The schema, the references and date validity are checked while the model
// is built (model.c); this stage checks what needs the whole plan at once:
// how dates relate to each other and to the plan's period.
#include "kehoach.h"

#include <stdio.h>

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
