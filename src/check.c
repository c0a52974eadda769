// check.c — semantic rules over a Plan.
//
// Consumes a Plan whose references all resolved; produces diagnostics.
// The schema, the references and date validity are checked while the model
// is built (model.c); this stage checks what needs the whole plan at once:
// what is defined and never used, who does what (lead agencies, Tổ chức thực
// hiện, Nơi nhận), how dates relate to each other, to the plan's date and
// period and to the calendar (Sundays, public holidays), and whether each
// cited document's number/symbol has the shape Nghị định 30/2020/NĐ-CP
// (Phụ lục III) and the law on normative documents give it. The rules on
// Vietnamese wording and typography live in lint.c; this file hands it the
// texts to read.
//
// One run of check_plan owns a scratch arena and its match data; nothing
// survives the call. The compiled patterns (CheckPatterns) are built once per
// process and only read here.
#include "kehoach.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

// The compiled patterns of the rules: the citation rules' here, the text
// rules' in lint.c. Built once per process, read-only afterwards.
struct CheckPatterns {
  pcre2_code *normative; // 48/2009/NĐ-CP
  pcre2_code *assembly;  // 73/2006/QH11, 351/2017/UBTVQH14
  pcre2_code *admin;     // 170/KH-UBND, 05/BNV-VP
  pcre2_code *party;     // 36-HD/VPTW (Hướng dẫn 36: out of scope)
  pcre2_code *mention;   // "số 48/2009/NĐ-CP ngày 19/5/2009" in text
  LintPatterns *lint;
};

typedef struct Checker {
  const Plan *p;
  Diags *d;
  Arena *a;             // scratch, freed when check_plan returns
  SrcFile *plan_file;   // the plan itself (not its includes)
  int *agency_uses;     // parallel to p->agencies
  int *doc_uses;        // parallel to p->docs
  int *note_uses;       // parallel to p->notes
  int *item_refs;       // parallel to p->all_items: {ref:} mentions
  int *item_served;     // parallel to p->all_items: tasks serving it
  bool any_serves;      // some task serves an indicator
  Vec texts, names, codes; // lint input (const Text *)
  const CheckPatterns *re;         // shared, read-only
  pcre2_match_data *md;    // this Checker's own
  IdMap folds;             // lint_fold of names compared pairwise, by their text
} Checker;

// lint_fold(s), folded once per check: recipient lines and agency names are
// compared each with each.
static const char *fold(Checker *c, const char *s) {
  const char *f = idmap_get(&c->folds, s);
  if (!f) {
    f = lint_fold(c->a, s);
    idmap_put(&c->folds, arena_strdup(c->a, s), (void *)f);
  }
  return f;
}

//
// Positions
//

// Where timing t's `from` date (or its `to`, its only date) is written.
static Pos date_pos(const Timing *t, bool from) {
  Pos p = from ? t->from_pos : t->to_pos;
  return p.file ? p : t->pos;
}

static void set_short_date(Buf *b, Date d) {
  buf_clear(b);
  date_format_short(b, d);
}

//
// Walking the plan's texts
//

// Where a definition is in the plan's arrays (-1: none): constant time.
static int agency_at(const Agency *ag) { return ag ? ag->index : -1; }
static int doc_at(const LegalDoc *doc) { return doc ? doc->index : -1; }
static int note_at(const Footnote *f) { return f ? f->index : -1; }
static int item_at(const Item *it) { return it ? it->index : -1; }

static void use(int *uses, int at) {
  if (at >= 0)
    uses[at]++;
}

// Counts the references written inside a text.
static void count_segs(Checker *c, const Text *t) {
  for (const Seg *s = t->segs; s; s = s->next) {
    if (!s->target)
      continue;
    if (s->kind == SEG_CITE)
      use(c->doc_uses, doc_at(s->target));
    else if (s->kind == SEG_AGENCY)
      use(c->agency_uses, agency_at(s->target));
    else if (s->kind == SEG_NOTE)
      use(c->note_uses, note_at(s->target));
    else if (s->kind == SEG_REF)
      use(c->item_refs, item_at(s->target));
  }
}

typedef void (*TextFn)(Checker *c, const Text *t);

static void visit(Checker *c, const Text *t, TextFn fn) {
  if (t->src)
    fn(c, t);
}

static void walk_items(Checker *c, Item **items, int n, TextFn fn) {
  for (int i = 0; i < n; i++) {
    const Item *it = items[i];
    visit(c, &it->title, fn);
    visit(c, &it->text, fn);
    visit(c, &it->executor, fn);
    visit(c, &it->timing.text, fn);
    visit(c, &it->participants, fn);
    visit(c, &it->form, fn);
    visit(c, &it->content, fn);
    walk_items(c, it->items, it->nitems, fn);
  }
}

// Every text of the plan body, in document order (catalogues excluded).
static void walk_body(Checker *c, TextFn fn) {
  const Plan *p = c->p;
  for (int i = 0; i < p->npreamble; i++)
    visit(c, &p->preamble[i], fn);
  visit(c, &p->intro_before, fn);
  visit(c, &p->intro, fn);
  visit(c, &p->intro_ending, fn);
  visit(c, &p->general_goal, fn);
  walk_items(c, p->objectives, p->nobjectives, fn);
  walk_items(c, p->purpose, p->npurpose, fn);
  walk_items(c, p->requirements, p->nrequirements, fn);
  walk_items(c, p->tasks, p->ntasks, fn);
  walk_items(c, p->funding, p->nfunding, fn);
  walk_items(c, p->duties, p->nduties, fn);
  visit(c, &p->report_deadline.text, fn);
  visit(c, &p->report_text, fn);
  for (int i = 0; i < p->nclosing; i++)
    visit(c, &p->closing[i], fn);
  for (int i = 0; i < p->nrecipients; i++)
    visit(c, &p->recipients[i]->name, fn);
  for (int i = 0; i < p->nappendices; i++) {
    const AppendixSpec *ap = p->appendices[i];
    for (int k = 0; k < ap->nrows * ap->ncols; k++)
      visit(c, &ap->cells[k], fn);
  }
}

static bool in_plan_file(const Checker *c, Pos pos) {
  return pos.file && pos.file == c->plan_file;
}

// A catalogue entry matters when the plan defines it or uses it.
static bool doc_matters(const Checker *c, int i) {
  return c->doc_uses[i] > 0 || in_plan_file(c, c->p->docs[i]->pos);
}

static bool note_matters(const Checker *c, int i) {
  return c->note_uses[i] > 0 || in_plan_file(c, c->p->notes[i]->pos);
}

static bool agency_matters(const Checker *c, int i) {
  return c->agency_uses[i] > 0 || in_plan_file(c, c->p->agencies[i]->pos);
}

static void count_duty_agencies(Checker *c, Item **items, int n) {
  for (int i = 0; i < n; i++) {
    for (int k = 0; k < items[i]->nagencies; k++)
      use(c->agency_uses, agency_at(items[i]->agencies[k]));
    count_duty_agencies(c, items[i]->items, items[i]->nitems);
  }
}

static void count_task_links(Checker *c, Item **items, int n) {
  for (int i = 0; i < n; i++) {
    const Item *it = items[i];
    use(c->agency_uses, agency_at(it->lead));
    for (int k = 0; k < it->nwith; k++)
      use(c->agency_uses, agency_at(it->with[k]));
    for (int k = 0; k < it->nserves; k++) {
      use(c->item_served, item_at(it->serves[k]));
      c->any_serves = true;
    }
    count_task_links(c, it->items, it->nitems);
  }
}

// Counts every use of every definition: references in texts (of the body
// and of every catalogue entry) and the structural links.
static void count_uses(Checker *c) {
  const Plan *p = c->p;
  walk_body(c, count_segs);
  for (int i = 0; i < p->nnotes; i++)
    visit(c, &p->notes[i]->text, count_segs);
  for (int i = 0; i < p->ndocs; i++)
    visit(c, &p->docs[i]->subject, count_segs);
  count_task_links(c, p->tasks, p->ntasks);
  count_duty_agencies(c, p->duties, p->nduties);
  for (int i = 0; i < p->nrecipients; i++)
    use(c->agency_uses, agency_at(p->recipients[i]->agency));
  use(c->agency_uses, agency_at(p->report_to));
  use(c->agency_uses, agency_at(p->report_via));
}

//
// References
//

static void check_unused(Checker *c) {
  const Plan *p = c->p;
  for (int i = 0; i < p->nagencies; i++) {
    const Agency *ag = p->agencies[i];
    if (c->agency_uses[i] || !in_plan_file(c, ag->pos))
      continue;
    diag(c->d, SEV_WARNING, ag->pos, "unused-agency",
         "cơ quan '%s' được khai báo nhưng không được dùng / agency '%s' is "
         "defined but never used",
         ag->id, ag->id);
    diag_note(c->d, ag->pos,
              "dùng nó (lead, with, organization, recipients, {agency:%s}) "
              "hoặc xóa khai báo / use it (lead, with, organization, recipients, "
              "{agency:%s}) or delete the definition",
              ag->id, ag->id);
  }
  for (int i = 0; i < p->ndocs; i++) {
    const LegalDoc *doc = p->docs[i];
    if (c->doc_uses[i] || !in_plan_file(c, doc->pos))
      continue;
    diag(c->d, SEV_WARNING, doc->pos, "unused-document",
         "văn bản '%s' được khai báo nhưng không được trích dẫn / document "
         "'%s' is defined but never cited",
         doc->id, doc->id);
    diag_note(c->d, doc->pos, "trích dẫn bằng {cite:%s} / cite it with {cite:%s}",
              doc->id, doc->id);
  }
  for (int i = 0; i < p->nnotes; i++) {
    const Footnote *f = p->notes[i];
    if (c->note_uses[i] || !in_plan_file(c, f->pos))
      continue;
    diag(c->d, SEV_WARNING, f->pos, "unused-footnote",
         "chú thích '%s' không được đánh dấu ở đâu nên sẽ không được in / "
         "footnote '%s' is never marked, so it is not printed",
         f->id, f->id);
    diag_note(c->d, f->pos, "đánh dấu bằng {note:%s} / mark it with {note:%s}",
              f->id, f->id);
  }
}

// Indicators: served by a task (when the plan links tasks to indicators at
// all), and referred to when they carry an id.
static void check_indicators(Checker *c) {
  const Plan *p = c->p;
  for (int i = 0; i < p->nall_items; i++) {
    const Item *it = p->all_items[i];
    if (it->kind != ITEM_INDICATOR || c->item_served[i])
      continue;
    if (!it->id) // a plain string cannot be served: left out on purpose
      continue;
    if (c->any_serves) {
      diag(c->d, SEV_WARNING, it->pos, "unserved-indicator",
           "không nhiệm vụ nào phục vụ chỉ tiêu này / no task serves this "
           "indicator");
      diag_note(c->d, it->pos,
                "thêm '%s' vào 'serves' của nhiệm vụ thực hiện nó / add '%s' "
                "to the 'serves' of the task that achieves it",
                it->id, it->id);
    } else if (!c->item_refs[i]) {
      diag(c->d, SEV_WARNING, it->pos, "unused-indicator",
           "mã chỉ tiêu '%s' không được dùng: không nhiệm vụ nào phục vụ nó / "
           "indicator id '%s' is never used: no task serves it",
           it->id, it->id);
      diag_note(c->d, it->pos,
                "thêm 'serves: [%s]' vào nhiệm vụ thực hiện nó, hoặc bỏ mã / "
                "add 'serves: [%s]' to the task that achieves it, or drop the "
                "id",
                it->id, it->id);
    }
  }
}

// Where to point at an item: its id, else its title, else its text.
static Pos item_anchor(const Item *it) {
  if (it->id)
    return it->pos;
  if (it->title.src)
    return it->title.pos;
  return it->text.src ? it->text.pos : it->pos;
}

// A leaf task says who does it and when; one with timing or executors but
// no lead agency leaves the responsibility open.
static void check_leads(Checker *c, Item **items, int n) {
  for (int i = 0; i < n; i++) {
    const Item *it = items[i];
    bool has_info = it->timing.kind != TIME_NONE || it->executor.src || it->nwith;
    if (it->kind == ITEM_TASK && !it->lead && has_info)
      diag(c->d, SEV_WARNING, item_anchor(it), "missing-lead",
           "nhiệm vụ không có cơ quan chủ trì ('lead') / the task has no lead "
           "agency ('lead')");
    check_leads(c, it->items, it->nitems);
  }
}

// "các cơ quan, đơn vị liên quan": an agency that names a group.
static bool is_group(Arena *a, const char *name) {
  const char *lower = text_lower(a, name);
  return strncmp(lower, "các ", 4) == 0 || strncmp(lower, "những ", 8) == 0;
}

// Words that identify one organisation whatever its spelling ("Ủy ban MTTQ
// Việt Nam xã", "UBMTTQVN xã"); two names sharing one are the same body.
static const char *const ORG_KEYS[][3] = {
    {"mặt trận", "mttq", NULL},   {"phụ nữ", "lhpn", NULL},
    {"thanh niên", "đtn", NULL},  {"cựu chiến binh", "ccb", NULL},
    {"nông dân", "hnd", NULL},    {"công đoàn", NULL, NULL},
    {"chữ thập đỏ", NULL, NULL},  {"người cao tuổi", NULL, NULL},
    {"công an", NULL, NULL},      {"quân sự", NULL, NULL},
    {"y tế", "tyt", NULL},
};

static int org_key(const char *folded) {
  for (size_t k = 0; k < sizeof ORG_KEYS / sizeof ORG_KEYS[0]; k++)
    for (int j = 0; j < 3 && ORG_KEYS[k][j]; j++)
      if (strstr(folded, ORG_KEYS[k][j]))
        return (int)k;
  return -1;
}

// Words naming kinds of bodies in a group line ("Cơ quan, đơn vị liên
// quan", "Các ban, ngành, đoàn thể xã"): the subordinate units, and the
// mass organisations (đoàn thể) that are asked rather than assigned.
static const char *const UNIT_WORDS[] = {"cơ quan", "đơn vị", "ban", "ngành", "phòng", NULL};
static const char *const MASS_WORDS[] = {"đoàn thể", "tổ chức chính trị", "mặt trận", NULL};

// True when a word of `words` starts at `at`, a whole word.
static size_t word_at(const char *line, const char *at, const char *const *words) {
  if (at != line && at[-1] != ' ' && at[-1] != ',')
    return 0;
  for (int i = 0; words[i]; i++) {
    size_t len = strlen(words[i]);
    if (strncmp(at, words[i], len) == 0 && (!at[len] || at[len] == ' ' || at[len] == ','))
      return len;
  }
  return 0;
}

// How many words of `words` the line holds as a list: each one followed by
// ", " and another kind of body ("cơ quan, đơn vị", "ban, ngành, đoàn thể");
// "Ủy ban Mặt trận" is a name, not a list.
static int count_words(const char *line, const char *const *words) {
  static const char *const ALL[] = {"cơ quan", "đơn vị", "ban", "ngành", "phòng",
                                    "đoàn thể", "tổ chức chính trị", "mặt trận",
                                    "địa phương", NULL};
  int n = 0;
  for (const char *at = line; *at; at++) {
    size_t len = word_at(line, at, words);
    if (!len)
      continue;
    const char *next = at + len;
    bool listed = next[0] == ',' && next[1] == ' ' && word_at(line, next + 2, ALL);
    bool after = at >= line + 2 && at[-1] == ' ' && at[-2] == ',';
    if (listed || after)
      n++;
  }
  return n;
}

// The organisations ORG_KEYS counts among the đoàn thể (all but the
// commune's own police, military and health station).
static bool mass_org(int key) { return key >= 0 && key <= 7; }

static int org_key(const char *folded);

// True when recipient line `line` (folded) stands for a group that includes
// agency ag: "Các đơn vị tại Mục IV" includes every agency with duties;
// "Các cơ quan, đơn vị thuộc xã", "Cơ quan, đơn vị liên quan" every
// subordinate one; "Các ban, ngành, đoàn thể xã" the mass organisations too.
// A line is a group when it starts with "các"/"những", says "liên quan", or
// lists two kinds of bodies, whatever its first word.
static bool group_covers(const char *line, const Agency *ag, const char *name,
                         const char *short_name) {
  if (strstr(line, "mục iv") || strstr(line, "tại mục") ||
      strstr(line, "tổ chức thực hiện") || strstr(line, "kế hoạch này"))
    return true;
  bool plural = strncmp(line, "các ", 4) == 0 || strncmp(line, "những ", 8) == 0;
  int units = count_words(line, UNIT_WORDS), mass = count_words(line, MASS_WORDS);
  if (plural || strstr(line, "liên quan")) { // "Các phòng", "Cơ quan liên quan"
    static const char *const PLURAL_UNITS[] = {"cơ quan", "đơn vị", "phòng", "ngành", NULL};
    for (const char *at = line; *at; at++) {
      units += word_at(line, at, PLURAL_UNITS) > 0; // not "ban": "Ban Chỉ đạo"
      mass += word_at(line, at, MASS_WORDS) > 0;
    }
  }
  bool group = plural || strstr(line, "liên quan") || units + mass >= 2;
  if (!group)
    return false;
  if (units && !ag->request)
    return true;
  return mass && (ag->request || mass_org(org_key(name)) || mass_org(org_key(short_name)));
}

static bool names_match(const char *line, const char *name) {
  return strlen(name) >= 4 && (strstr(line, name) || strstr(name, line));
}

static bool recipient_covers(Checker *c, const Recipient *r, const Agency *ag) {
  if (r->agency == ag)
    return true;
  const char *line = r->agency ? r->agency->name : r->name.src;
  if (!line)
    return false;
  line = fold(c, line);
  const char *name = fold(c, ag->name);
  const char *short_name = fold(c, ag->short_name);
  if (names_match(line, name) || names_match(line, short_name) ||
      group_covers(line, ag, name, short_name))
    return true;
  int key = org_key(line);
  return key >= 0 && (key == org_key(name) || key == org_key(short_name));
}


// A recipient line one edit away from a missing agency's name or short
// name ("UBMTQ xã" for "UBMTTQ xã"): a typo, said in a note.
static void note_near_recipient(Checker *c, const Agency *ag) {
  const Plan *p = c->p;
  const char *names[] = {ag->name, ag->short_name};
  for (int r = 0; r < p->nrecipients; r++) {
    const Recipient *rc = p->recipients[r];
    if (rc->agency || !rc->name.src)
      continue;
    for (int k = 0; k < 2; k++) {
      if (!names[k] || (k == 1 && names[1] == names[0]))
        continue;
      if (text_distance(fold(c, rc->name.src), fold(c, names[k])) != 1)
        continue;
      diag_note(c->d, pos_of_value(rc->name.pos, rc->name.src),
                "dòng nơi nhận '%s' khác '%s' một chữ: gõ nhầm? / the recipient line "
                "'%s' is one edit away from '%s': a typo?",
                rc->name.src, names[k], rc->name.src, names[k]);
      return;
    }
  }
}

// Every agency given duties in Tổ chức thực hiện must receive the plan.
static void check_duty_recipients(Checker *c) {
  const Plan *p = c->p;
  if (!p->nrecipients)
    return;
  for (int i = 0; i < p->nduties; i++) {
    const Item *it = p->duties[i];
    for (int k = 0; k < it->nagencies; k++) {
      const Agency *ag = it->agencies[k];
      if (!ag || is_group(c->a, ag->name))
        continue;
      bool covered = false;
      for (int r = 0; r < p->nrecipients && !covered; r++)
        covered = recipient_covers(c, p->recipients[r], ag);
      if (covered)
        continue;
      Pos pos = it->agency_pos[k];
      diag(c->d, SEV_WARNING, pos, "duty-not-recipient",
           "'%s' được giao nhiệm vụ ở Tổ chức thực hiện nhưng không có trong "
           "Nơi nhận / '%s' has duties in Tổ chức thực hiện but is not among "
           "the recipients",
           ag->name, ag->name);
      diag_note(c->d, p->recipients[0]->pos,
                "thêm '- {agency: %s}' vào recipients / add '- {agency: %s}' "
                "to recipients",
                ag->id, ag->id);
      note_near_recipient(c, ag);
    }
  }
}

// The "- Lưu: VT, ..." line names the drafting unit after the Văn thư
// (PL I.II.9: "Lưu: VT, viết tắt tên đơn vị soạn thảo"): archive without
// an entry other than VT leaves it out.
static void check_archive_unit(Checker *c) {
  const Plan *p = c->p;
  if (!p->nrecipients)
    return; // no Nơi nhận of the plan's own
  for (int i = 0; i < p->narchive; i++)
    if (p->archive[i] && strcmp(p->archive[i], "VT") != 0 && strcmp(p->archive[i], "vt") != 0)
      return;
  Pos pos = p->narchive ? p->archive_pos[p->narchive - 1]
                        : p->recipients[p->nrecipients - 1]->pos;
  diag(c->d, SEV_WARNING, pos, "archive-unit",
       "dòng \"- Lưu: VT\" không ghi đơn vị soạn thảo / the \"- Lưu: VT\" line "
       "names no drafting unit");
  if (p->narchive)
    diag_note(c->d, pos,
              "thêm chữ viết tắt của đơn vị soạn thảo sau VT, ví dụ 'archive: [VT, "
              "VHXH]' (NĐ 30/2020, Phụ lục I, ô 9b) / add the drafting unit's "
              "abbreviation after VT, e.g. 'archive: [VT, VHXH]' (Decree 30/2020, "
              "Appendix I, box 9b)");
  else
    diag_note(c->d, pos,
              "thêm khóa archive: VT và chữ viết tắt của đơn vị soạn thảo, ví dụ "
              "'archive: [VT, VHXH]' (NĐ 30/2020, Phụ lục I, ô 9b) / add an archive "
              "key: VT and the drafting unit's abbreviation, e.g. 'archive: [VT, VHXH]' "
              "(Decree 30/2020, Appendix I, box 9b)");
}

static void mark_duty_agencies(Checker *c, Item **items, int n, bool *has,
                               bool *group) {
  for (int i = 0; i < n; i++) {
    for (int k = 0; k < items[i]->nagencies; k++) {
      const Agency *ag = items[i]->agencies[k];
      int at = agency_at(ag);
      if (at >= 0)
        has[at] = true;
      if (ag && !ag->request && is_group(c->a, ag->name))
        *group = true;
    }
    mark_duty_agencies(c, items[i]->items, items[i]->nitems, has, group);
  }
}

static void mark_duty_mentions(Checker *c, Item **items, int n, bool *has) {
  for (int i = 0; i < n; i++) {
    const Text *texts[] = {&items[i]->title, &items[i]->text};
    for (int t = 0; t < 2; t++)
      for (const Seg *s = texts[t]->segs; s; s = s->next)
        if (s->kind == SEG_AGENCY) {
          int at = agency_at(s->target);
          if (at >= 0)
            has[at] = true;
        }
    mark_duty_mentions(c, items[i]->items, items[i]->nitems, has);
  }
}

static void report_lead_without_duty(Checker *c, Item **items, int n,
                                     const bool *has, bool *reported) {
  const Plan *p = c->p;
  for (int i = 0; i < n; i++) {
    const Item *it = items[i];
    int at = agency_at(it->lead);
    if (at >= 0 && !has[at] && !reported[at]) {
      reported[at] = true;
      diag(c->d, SEV_WARNING, it->lead_pos, "lead-without-duty",
           "'%s' chủ trì nhiệm vụ nhưng không có nhiệm vụ ở Tổ chức thực hiện "
           "/ '%s' leads a task but has no duties in Tổ chức thực hiện",
           it->lead->name, it->lead->name);
      diag_note(c->d, p->duties[0]->pos,
                "thêm '- agency: %s' vào organization / add '- agency: %s' to "
                "organization",
                it->lead->id, it->lead->id);
    }
    report_lead_without_duty(c, it->items, it->nitems, has, reported);
  }
}

// A lead agency must find its duties in Tổ chức thực hiện: in an entry of
// its own, named there, or (a subordinate one) in a group's entry.
static void check_lead_duties(Checker *c) {
  const Plan *p = c->p;
  if (!p->nduties || !p->nagencies)
    return;
  bool *has = arena_alloc(c->a, sizeof(bool) * (size_t)p->nagencies);
  bool *reported = arena_alloc(c->a, sizeof(bool) * (size_t)p->nagencies);
  bool group = false;
  mark_duty_agencies(c, p->duties, p->nduties, has, &group);
  mark_duty_mentions(c, p->duties, p->nduties, has);
  for (int i = 0; i < p->nagencies; i++)
    if (group && !p->agencies[i]->request)
      has[i] = true;
  report_lead_without_duty(c, p->tasks, p->ntasks, has, reported);
}

//
// Dates
//

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

static void period_name(const Plan *p, char *out, size_t n) {
  Buf b;
  buf_init(&b);
  date_format_period(&b, p->period_from, p->period_to);
  snprintf(out, n, "%s", b.data);
  buf_free(&b);
}

// A dated deadline must fall inside the plan's period; a reporting deadline
// after it has its own rule. Returns true when it reported.
static bool check_in_period(Checker *c, const Timing *t, bool reporting) {
  const Plan *p = c->p;
  if (!p->period_from || t->kind == TIME_NONE)
    return false;
  Date d = t->kind == TIME_RANGE ? t->from : t->to;
  if (t->kind == TIME_QUARTERS)
    d.year = t->year, d.prec = DATE_YEAR;
  if (d.prec == DATE_NONE || d.year == 0)
    return false;
  if (d.year >= p->period_from && d.year <= p->period_to)
    return false;
  char period[32];
  period_name(p, period, sizeof period);
  if (reporting && d.year > p->period_to)
    diag(c->d, SEV_WARNING, date_pos(t, t->kind == TIME_RANGE), "report-after-period",
         "hạn báo cáo năm %d sau khi kế hoạch (%s) đã kết thúc / the "
         "reporting deadline in %d is after the plan's period (%s)",
         d.year, period, d.year, period);
  else // at the timing: tests/cli.sh reads this position
    diag(c->d, SEV_WARNING, t->pos, "deadline-period",
         "thời hạn năm %d nằm ngoài thời kỳ của kế hoạch (%s) / deadline in %d "
         "is outside the plan's period (%s)",
         d.year, period, d.year, period);
  return true;
}

// A dated deadline before the plan's own date (compared by day, or by month
// while the plan's date is a draft "2026-05").
static void check_before_date(Checker *c, const Timing *t) {
  const Plan *p = c->p;
  if (t->kind != TIME_ON && t->kind != TIME_BY && t->kind != TIME_RANGE)
    return;
  Date d = t->to;
  if (d.prec != DATE_DAY || d.year == 0)
    return;
  bool before;
  if (p->date.prec == DATE_DAY)
    before = date_compare(d, p->date) < 0;
  else if (p->date.prec == DATE_MONTH)
    before = d.year * 12 + d.month < p->date.year * 12 + p->date.month;
  else
    return;
  if (!before)
    return;
  Buf b;
  buf_init(&b);
  set_short_date(&b, d);
  diag(c->d, SEV_WARNING, date_pos(t, false), "deadline-before-date",
       "thời hạn %s trước ngày ban hành kế hoạch / deadline %s is before the "
       "plan's own date",
       b.data, b.data);
  diag_note(c->d, p->date_pos, "ngày ban hành kế hoạch / the plan's date");
  buf_free(&b);
}

// The day a deadline should move to: the working day before it (offices
// work Monday to Friday).
static Date working_day_before(Date d) {
  Date w = d;
  do
    w = date_from_days(date_to_days(w) - 1);
  while (date_weekday(w) == 0 || date_weekday(w) == 6 || date_holiday(w));
  return w;
}

static const char *const WEEKDAYS_VI[] = {"Chủ nhật", "thứ Hai", "thứ Ba",
                                          "thứ Tư", "thứ Năm", "thứ Sáu",
                                          "thứ Bảy"};

// Why day d is not a working day ("Chủ nhật", "Quốc khánh"), or NULL.
static const char *day_off(Date d) {
  const char *holiday = date_holiday(d);
  if (holiday)
    return holiday;
  return date_weekday(d) == 0 ? "Chủ nhật" : NULL;
}

static void report_day_off(Checker *c, const Timing *t, Date d, Buf *years) {
  Buf b;
  buf_init(&b);
  set_short_date(&b, years->len ? t->to : d); // an annual date: "30/4"
  const char *why = day_off(d);
  bool sunday = strcmp(why, "Chủ nhật") == 0;
  const char *en = sunday ? "a Sunday" : "a public holiday";
  if (years->len)
    diag(c->d, SEV_WARNING, date_pos(t, false), "deadline-holiday",
         "thời hạn %s hằng năm rơi vào ngày nghỉ năm %s (%s) / the annual "
         "deadline %s falls on a day off in %s (%s)",
         b.data, years->data, why, b.data, years->data, why);
  else
    diag(c->d, SEV_WARNING, date_pos(t, false), "deadline-holiday",
         "thời hạn %s rơi vào %s / the deadline %s falls on %s",
         b.data, why, b.data, sunday ? en : arena_printf(c->a, "%s (%s)", en, why));
  if (!years->len && d.year) {
    Date w = working_day_before(d);
    set_short_date(&b, w);
    diag_note(c->d, t->pos, "ngày làm việc liền trước: %s (%s) / the working day "
                            "before: %s (%s)",
              b.data, WEEKDAYS_VI[date_weekday(w)], b.data, WEEKDAYS_VI[date_weekday(w)]);
  }
  buf_free(&b);
}

// A deadline on a Sunday or a public holiday (an annual one: in any year of
// the period).
static void check_day_off(Checker *c, const Timing *t) {
  const Plan *p = c->p;
  if ((t->kind != TIME_ON && t->kind != TIME_BY) || t->to.prec != DATE_DAY)
    return;
  Buf years;
  buf_init(&years);
  if (t->to.year) {
    if (day_off(t->to))
      report_day_off(c, t, t->to, &years);
  } else if (p->period_from) {
    Date first = {0};
    for (int y = p->period_from; y <= p->period_to; y++) {
      Date d = {y, t->to.month, t->to.day, DATE_DAY};
      if (!date_is_valid(y, d.month, d.day) || !day_off(d))
        continue;
      if (!years.len)
        first = d;
      buf_printf(&years, "%s%d", years.len ? ", " : "", y);
    }
    if (years.len)
      report_day_off(c, t, first, &years);
  }
  buf_free(&years);
}

static void check_timing(Checker *c, const Timing *t, bool reporting) {
  check_range(c, t);
  if (!check_in_period(c, t, reporting))
    check_before_date(c, t);
  check_day_off(c, t);
}

static void check_items(Checker *c, Item **items, int n) {
  for (int i = 0; i < n; i++) {
    check_timing(c, &items[i]->timing, false);
    check_items(c, items[i]->items, items[i]->nitems);
  }
}

// An indicator's target year must fall inside the period.
static void check_target_years(Checker *c) {
  const Plan *p = c->p;
  if (!p->period_from)
    return;
  char period[32];
  period_name(p, period, sizeof period);
  for (int i = 0; i < p->nall_items; i++) {
    const Item *it = p->all_items[i];
    for (int k = 0; it->kind == ITEM_INDICATOR && k < it->ntargets; k++) {
      int y = it->targets[k].year;
      if (!y || (y >= p->period_from && y <= p->period_to))
        continue;
      Pos pos = pos_of_value(it->targets[k].year_pos, arena_printf(c->a, "%d", y));
      diag(c->d, SEV_WARNING, pos, "target-year-period",
           "năm mục tiêu %d nằm ngoài thời kỳ của kế hoạch (%s) / target year %d "
           "is outside the plan's period (%s)",
           y, period, y, period);
    }
  }
}

// Compares a document date with the plan's date at the plan's precision.
static bool dated_after_plan(Date doc, Date plan) {
  switch (plan.prec) {
  case DATE_DAY:
    return date_compare(doc, plan) > 0;
  case DATE_MONTH:
    return doc.year * 12 + doc.month > plan.year * 12 + plan.month;
  case DATE_YEAR:
    return doc.year > plan.year;
  default:
    return false;
  }
}

// A plan cannot cite a document issued after it.
static void check_cited_dates(Checker *c) {
  const Plan *p = c->p;
  for (int i = 0; i < p->ndocs; i++) {
    const LegalDoc *doc = p->docs[i];
    if (!doc_matters(c, i) || doc->date.prec != DATE_DAY ||
        !dated_after_plan(doc->date, p->date))
      continue;
    Buf b;
    buf_init(&b);
    set_short_date(&b, doc->date);
    diag(c->d, SEV_WARNING, doc->date_pos, "cited-after-date",
         "văn bản '%s' ngày %s, sau ngày ban hành kế hoạch / document '%s' is "
         "dated %s, after the plan itself",
         doc->id, b.data, doc->id, b.data);
    diag_note(c->d, p->date_pos, "ngày ban hành kế hoạch / the plan's date");
    buf_free(&b);
  }
}

//
// Citations
//

// A kind outside KINDS: warned, with the nearest kind as did-you-mean.
static void report_unknown_kind(Checker *c, const LegalDoc *doc) {
  // The nearest kind, when two edits at most away ("Quyết dịnh", "Kế hoach";
  // not "Văn bản" -> "Biên bản").
  const char *folded = lint_fold(c->a, doc->kind), *best = NULL;
  int best_d = 3;
  size_t nkinds;
  const KindInfo *kinds = doc_kinds(&nkinds);
  for (size_t i = 0; i < nkinds; i++) {
    int d = text_distance(folded, kinds[i].kind);
    if (d < best_d)
      best_d = d, best = kinds[i].kind;
  }
  diag(c->d, SEV_WARNING, pos_of_value(doc->kind_pos, doc->kind), "document-kind",
       "'%s' không phải tên loại văn bản hành chính (Nghị định 30, Điều 7) hay văn bản "
       "quy phạm pháp luật / '%s' is neither an administrative document type (Decree "
       "30, Article 7) nor a legal document type",
       doc->kind, doc->kind);
  if (best) {
    const char *name = text_upper_first(c->a, best);
    diag_note(c->d, pos_of_value(doc->kind_pos, doc->kind),
              "có phải là '%s'? / did you mean '%s'?", name, name);
    bool verbatim;
    pos_in_scalar(doc->kind_pos, doc->kind, 0, strlen(doc->kind), &verbatim);
    if (verbatim)
      diag_fixit(c->d, name);
  }
}

static const KindInfo *kind_info(Checker *c, const char *kind) {
  const char *folded = lint_fold(c->a, kind);
  return doc_kind_find(folded, strlen(folded));
}

// The kind whose code is `code` (case-sensitive, as the decree spells it).
static const KindInfo *kind_of_code(const char *code) {
  size_t nkinds;
  const KindInfo *kinds = doc_kinds(&nkinds);
  for (size_t i = 0; i < nkinds; i++)
    if (kinds[i].code && kinds[i].cls != KIND_LAW && kinds[i].cls != KIND_ORDINANCE &&
        strcmp(kinds[i].code, code) == 0)
      return &kinds[i];
  return NULL;
}

// "Nghị quyết": the kind as a document names it.
static const char *kind_name(Checker *c, const KindInfo *k) {
  return text_upper_first(c->a, k->kind);
}

CheckPatterns *check_patterns_new(void) {
  CheckPatterns *cp = xcalloc(1, sizeof *cp);
  cp->normative = text_pattern("^(\\d+)/(\\d{4})/([\\p{L}]+)-([\\p{L}\\d&]+(?:-[\\p{L}\\d&]+)*)$");
  cp->assembly = text_pattern("^(\\d+)/(\\d{4})/((?:UBTV)?QH)(\\d+)$");
  cp->admin = text_pattern("^(\\d+)/([\\p{L}]+)(?:-([\\p{L}\\d&]+(?:-[\\p{L}\\d&]+)*))?$");
  cp->party = text_pattern("^\\d+-[\\p{L}]+/[\\p{L}\\d-]+$");
  cp->mention = text_pattern("(?<![\\p{L}\\p{N}])số\\s+(\\d+/[\\p{L}\\d/&-]*[\\p{L}\\d])"
                        ",?\\s+ngày\\s+(\\d{1,2})(?:/|\\s+tháng\\s+)(\\d{1,2})"
                        "(?:/|\\s+năm\\s+)(\\d{4})");
  cp->lint = lint_patterns_new();
  return cp;
}

void check_patterns_free(CheckPatterns *cp) {
  if (!cp)
    return;
  pcre2_code_free(cp->normative);
  pcre2_code_free(cp->assembly);
  pcre2_code_free(cp->admin);
  pcre2_code_free(cp->party);
  pcre2_code_free(cp->mention);
  lint_patterns_free(cp->lint);
  free(cp);
}

// Matches re against all of s; returns the number of groups or <= 0.
static int match(Checker *c, const pcre2_code *re, const char *s) {
  return text_match(re, s, strlen(s), 0, c->md);
}

// Group g of the last match, copied into the scratch arena.
static char *group(Checker *c, const char *s, int g) {
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->md);
  if (ov[2 * g] == PCRE2_UNSET)
    return NULL;
  return arena_strndup(c->a, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
}

static size_t group_off(Checker *c, int g) {
  return pcre2_get_ovector_pointer(c->md)[2 * g];
}

// Position of bytes [off, off+len) of a document's number; *verbatim
// tells whether a fix-it may replace them.
static Pos number_span(const LegalDoc *doc, size_t off, size_t len, bool *verbatim) {
  return pos_in_scalar(doc->number_pos, doc->number, off, len, verbatim);
}

static void fix_number(Checker *c, const LegalDoc *doc, const char *fixed) {
  bool verbatim;
  number_span(doc, 0, strlen(doc->number), &verbatim);
  if (verbatim)
    diag_fixit(c->d, fixed);
}

static const char *expected_shape(const KindInfo *k) {
  switch (k->cls) {
  case KIND_NORMATIVE:
    return "số/năm/LOẠI-CƠ QUAN, ví dụ 48/2009/NĐ-CP";
  case KIND_LAW:
    return "số/năm/QHkhóa, ví dụ 73/2006/QH11";
  case KIND_ORDINANCE:
    return "số/năm/UBTVQHkhóa, ví dụ 351/2017/UBTVQH14";
  case KIND_LETTER:
    return "số/CƠ QUAN-ĐƠN VỊ, ví dụ 05/BNV-VP";
  case KIND_EITHER:
    return "số/LOẠI-CƠ QUAN hoặc số/năm/LOẠI-CƠ QUAN, ví dụ 28/NQ-CP";
  default:
    return "số/LOẠI-CƠ QUAN, ví dụ 170/KH-UBND";
  }
}

static void report_shape(Checker *c, const LegalDoc *doc, const KindInfo *k) {
  diag(c->d, SEV_WARNING, doc->number_pos, "citation-shape",
       "số, ký hiệu '%s' không đúng dạng của %s / number '%s' is not shaped "
       "as a %s's",
       doc->number, doc->kind, doc->number, doc->kind);
  diag_note(c->d, doc->number_pos, "dạng đúng: %s / expected: %s", expected_shape(k),
            expected_shape(k));
}

// A number below 10 is written with a leading zero: 05/KH-UBND.
static void check_leading_zero(Checker *c, const LegalDoc *doc) {
  const char *n = doc->number;
  if (!(n[0] >= '1' && n[0] <= '9') || n[1] != '/')
    return;
  bool verbatim;
  Pos pos = number_span(doc, 0, 1, &verbatim);
  diag(c->d, SEV_WARNING, pos, "citation-shape",
       "số dưới 10 phải có số 0 ở trước: '0%c' / numbers below 10 take a "
       "leading zero: '0%c'",
       n[0], n[0]);
  if (verbatim)
    diag_fixit(c->d, arena_printf(c->a, "0%c", n[0]));
}

// A normative number's year must be the year of its date.
static void check_number_year(Checker *c, const LegalDoc *doc, const char *year,
                              size_t year_off) {
  int y = atoi(year);
  if (doc->date.prec != DATE_DAY || doc->date.year == y)
    return;
  Pos pos = number_span(doc, year_off, 4, NULL);
  diag(c->d, SEV_WARNING, pos, "citation-year",
       "năm trong số hiệu (%d) khác năm ban hành (%d) / the year in the "
       "number (%d) differs from the date's year (%d)",
       y, doc->date.year, y, doc->date.year);
  diag_note(c->d, doc->date_pos, "ngày ban hành / the document's date");
}

// The type code of the symbol against the kind ("Quyết định" -> QĐ).
static void check_code(Checker *c, const LegalDoc *doc, const KindInfo *k,
                       const char *code, size_t code_off) {
  if (k->cls == KIND_LETTER) {
    const KindInfo *other = kind_of_code(code);
    if (!other && strcmp(code, "CV") != 0)
      return;
    diag(c->d, SEV_WARNING, number_span(doc, code_off, strlen(code), NULL),
         "citation-kind",
         "công văn không có chữ viết tắt tên loại, '%s' không thuộc ký hiệu "
         "công văn / a công văn has no type code: '%s' does not belong in its "
         "symbol",
         code, code);
    if (other)
      diag_note(c->d, doc->number_pos, "'%s' là mã của %s / '%s' is the code of "
                                       "a %s",
                code, kind_name(c, other), code, kind_name(c, other));
    return;
  }
  if (strcmp(code, k->code) == 0)
    return;
  bool verbatim;
  Pos pos = number_span(doc, code_off, strlen(code), &verbatim);
  if (strcmp(lint_fold(c->a, code), lint_fold(c->a, k->code)) == 0) {
    diag(c->d, SEV_WARNING, pos, "citation-kind",
         "mã loại văn bản viết là '%s', Phụ lục III viết '%s' / the type code "
         "is spelled '%s'; Phụ lục III spells it '%s'",
         code, k->code, code, k->code);
    if (verbatim)
      diag_fixit(c->d, k->code);
    return;
  }
  const KindInfo *other = kind_of_code(code);
  diag(c->d, SEV_WARNING, pos, "citation-kind",
       "%s nhưng ký hiệu mang mã '%s' (mã của %s là '%s') / a %s whose symbol "
       "carries '%s' (the code of a %s is '%s')",
       doc->kind, code, doc->kind, k->code, doc->kind, code, doc->kind, k->code);
  if (other)
    diag_note(c->d, pos, "'%s' là mã của %s / '%s' is the code of a %s", code,
              kind_name(c, other), code, kind_name(c, other));
}

// Lower-case symbols ("170/kh-ubnd"): the ký hiệu is written in capitals.
static bool symbol_lowercase(Checker *c, const char *number) {
  const char *slash = strrchr(number, '/');
  if (!slash)
    return false;
  const char *sym = slash + 1;
  return strcmp(sym, text_lower(c->a, sym)) == 0 &&
         strcmp(sym, text_upper(c->a, sym)) != 0;
}

static void check_assembly(Checker *c, const LegalDoc *doc, const KindInfo *k) {
  const char *n = doc->number;
  char *body = group(c, n, 3);
  bool want_ubtv = k->cls == KIND_ORDINANCE;
  if (k->cls == KIND_EITHER || (strcmp(body, "UBTVQH") == 0) == want_ubtv)
    check_number_year(c, doc, group(c, n, 2), group_off(c, 2));
  else
    report_shape(c, doc, k);
}

// An administrative kind written with a year: "170/2025/KH-UBND".
static void report_admin_year(Checker *c, const LegalDoc *doc) {
  const char *n = doc->number;
  size_t y = group_off(c, 2);
  char *fixed = arena_printf(c->a, "%.*s%s", (int)(y - 1), n, n + y + 4);
  diag(c->d, SEV_WARNING, doc->number_pos, "citation-shape",
       "số của văn bản hành chính không có năm: '%s', đúng là '%s' / "
       "administrative numbers carry no year: '%s', write '%s'",
       n, fixed, n, fixed);
  fix_number(c, doc, fixed);
}

// One document's number/symbol: shape, type code, year.
static void check_citation(Checker *c, const LegalDoc *doc) {
  const KindInfo *k = doc->kind ? kind_info(c, doc->kind) : NULL;
  const char *n = doc->number;
  if (doc->kind && !k)
    report_unknown_kind(c, doc);
  if (!k || !n || k->cls == KIND_OTHER || match(c, c->re->party, n) > 0)
    return;
  if (strpbrk(n, " \t")) {
    diag(c->d, SEV_WARNING, doc->number_pos, "citation-shape",
         "số, ký hiệu không có dấu cách: '%s' / a number/symbol has no spaces: '%s'",
         n, n);
    Buf b;
    buf_init(&b);
    for (const char *s = n; *s; s++)
      if (*s != ' ' && *s != '\t')
        buf_putc(&b, *s);
    fix_number(c, doc, b.data);
    buf_free(&b);
    return;
  }
  if (symbol_lowercase(c, n)) {
    diag(c->d, SEV_WARNING, doc->number_pos, "citation-shape",
         "ký hiệu viết chữ in hoa: '%s' / the symbol is written in capitals: '%s'", n,
         n);
    fix_number(c, doc, text_upper(c->a, n));
    return;
  }
  check_leading_zero(c, doc);
  if (match(c, c->re->assembly, n) > 0) {
    if (k->cls == KIND_LAW || k->cls == KIND_ORDINANCE || k->cls == KIND_EITHER)
      check_assembly(c, doc, k);
    else
      report_shape(c, doc, k);
  } else if (match(c, c->re->normative, n) > 0) {
    if (k->cls == KIND_ADMIN || k->cls == KIND_LETTER) {
      report_admin_year(c, doc);
      return;
    }
    if (k->cls != KIND_EITHER && k->cls != KIND_NORMATIVE) {
      report_shape(c, doc, k);
      return;
    }
    char *year = group(c, n, 2);
    size_t year_off = group_off(c, 2);
    char *code = group(c, n, 3);
    size_t code_off = group_off(c, 3);
    check_code(c, doc, k, code, code_off);
    check_number_year(c, doc, year, year_off);
  } else if (match(c, c->re->admin, n) > 0) {
    if (k->cls == KIND_NORMATIVE || k->cls == KIND_LAW ||
        k->cls == KIND_ORDINANCE) {
      report_shape(c, doc, k);
      return;
    }
    check_code(c, doc, k, group(c, n, 2), group_off(c, 2));
  } else {
    report_shape(c, doc, k);
  }
}

// "số 170/KH-UBND" without a year or an assembly term: numbers that repeat
// every year and across issuers.
static bool is_admin_number(Checker *c, const char *n) {
  return match(c, c->re->normative, n) <= 0 && match(c, c->re->assembly, n) <= 0;
}

static bool same_text(Checker *c, const char *a, const char *b) {
  return strcmp(lint_fold(c->a, a), lint_fold(c->a, b)) == 0;
}

// Two documents with one number: for a normative number (with its year) any
// difference of date or issuer is a conflict; an administrative number is
// reused by other issuers and every year, so only a different day in the
// same year from the same issuer is.
static void check_pair(Checker *c, const LegalDoc *a, const LegalDoc *b) {
  bool dated = a->date.prec == DATE_DAY && b->date.prec == DATE_DAY;
  bool date_differs = dated && date_compare(a->date, b->date) != 0;
  bool issuer_differs = a->issuer && b->issuer && !same_text(c, a->issuer, b->issuer);
  if (is_admin_number(c, a->number)) {
    date_differs = date_differs && !issuer_differs && a->date.year == b->date.year;
    issuer_differs = false;
  }
  if (!date_differs && !issuer_differs)
    return;
  Buf da, db;
  buf_init(&da), buf_init(&db);
  set_short_date(&da, a->date);
  set_short_date(&db, b->date);
  if (date_differs)
    diag(c->d, SEV_WARNING, b->date_pos, "citation-conflict",
         "văn bản số %s đã được khai báo với ngày %s, ở đây là %s / number %s "
         "is already cited with date %s, here %s",
         b->number, da.data, db.data, b->number, da.data, db.data);
  else
    diag(c->d, SEV_WARNING, b->number_pos, "citation-conflict",
         "văn bản số %s đã được khai báo là của %s, ở đây là của %s / number "
         "%s is already cited as issued by %s, here by %s",
         b->number, a->issuer, b->issuer, b->number, a->issuer, b->issuer);
  diag_note(c->d, a->pos, "khai báo '%s' ở đây / '%s' is defined here", a->id, a->id);
  buf_free(&da), buf_free(&db);
}

// Each document against the first one of its number.
static void check_conflicts(Checker *c) {
  const Plan *p = c->p;
  for (int j = 0; j < p->ndocs; j++) {
    const LegalDoc *b = p->docs[j];
    if (!b->number || !doc_matters(c, j))
      continue;
    for (int i = 0; i < j; i++)
      if (p->docs[i]->number && strcmp(p->docs[i]->number, b->number) == 0) {
        check_pair(c, p->docs[i], b);
        break;
      }
  }
}

// A citation written out in a text ("Nghị định số 48/2009/NĐ-CP ngày
// 19/5/2009") against the document of that number in the catalogue.
static void check_mention(Checker *c, const Text *t, const LegalDoc *doc,
                          Date said, size_t off, size_t len) {
  if (doc->date.prec != DATE_DAY || date_compare(doc->date, said) == 0)
    return;
  if (is_admin_number(c, doc->number) && said.year != doc->date.year)
    return; // another year's document of the same number
  Buf a, b;
  buf_init(&a), buf_init(&b);
  set_short_date(&a, doc->date);
  set_short_date(&b, said);
  bool exact;
  diag(c->d, SEV_WARNING, field_pos(t, off, len, &exact), "citation-conflict",
       "văn bản số %s ngày %s, ở đây ghi ngày %s / number %s is dated %s, "
       "here %s",
       doc->number, a.data, b.data, doc->number, a.data, b.data);
  diag_note(c->d, doc->date_pos, "ngày của '%s' / the date of '%s'", doc->id, doc->id);
  buf_free(&a), buf_free(&b);
}

static void scan_mentions(Checker *c, const Text *t) {
  const Plan *p = c->p;
  const char *s = t->src;
  size_t n = strlen(s), at = 0;
  // The pattern's literals, case-sensitive: a text without all three has
  // no match (most texts; a scan costs more than these looks).
  if (!memchr(s, '/', n) || !memmem(s, n, "số", strlen("số")) ||
      !memmem(s, n, "ngày", strlen("ngày")))
    return;
  while (at < n && text_match(c->re->mention, s, n, at, c->md) > 0) {
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->md);
    at = ov[1];
    char *number = group(c, s, 1);
    Date said = {atoi(group(c, s, 4)), atoi(group(c, s, 3)), atoi(group(c, s, 2)),
                 DATE_DAY};
    if (!date_is_valid(said.year, said.month, said.day))
      continue;
    size_t date_off = ov[4], date_len = ov[1] - ov[4];
    for (int i = 0; i < p->ndocs; i++)
      if (p->docs[i]->number && strcmp(p->docs[i]->number, number) == 0) {
        check_mention(c, t, p->docs[i], said, date_off, date_len);
        break;
      }
  }
}

// Room for a citation's own words ("Quyết định số ... ngày ... của ...").
enum { CITATION_WORDS_BYTES = 64 };

// How many bytes citing doc prints at nesting level `level`, its subject's
// citations expanded as expand.c does (a document already on the chain is
// counted again: an upper bound). memo[doc * (MAX_CITE_DEPTH + 1) + level]
// holds each answer + 1; the sum stops growing past MAX_CITATION_BYTES, so
// the work is linear in the plan whatever the citations multiply to.
static size_t cited_bytes(const LegalDoc *doc, int level, size_t *memo) {
  size_t *slot = &memo[(size_t)doc->index * (MAX_CITE_DEPTH + 1) + (size_t)level];
  if (*slot)
    return *slot - 1;
  size_t n = CITATION_WORDS_BYTES + strlen(doc->kind ? doc->kind : "") +
             strlen(doc->number ? doc->number : "") + strlen(doc->issuer ? doc->issuer : "");
  if (level < MAX_CITE_DEPTH && doc->subject.src) {
    n += strlen(doc->subject.src);
    for (const Seg *s = doc->subject.segs; s && n <= MAX_CITATION_BYTES; s = s->next) {
      const LegalDoc *cited = s->target;
      if (s->kind == SEG_CITE && cited && cited->index >= 0)
        n += (s->flags & (REF_SHORT | REF_NO_SUBJECT))
                 ? CITATION_WORDS_BYTES
                 : cited_bytes(cited, level + 1, memo);
    }
  }
  if (n > MAX_CITATION_BYTES)
    n = MAX_CITATION_BYTES + 1;
  *slot = n + 1;
  return n;
}

// A document whose citations, cited in turn, would print a citation of more
// than MAX_CITATION_BYTES (each subject citing the next several times
// multiplies: ten citations of ten levels are 10^10 subjects).
static void check_citation_lengths(Checker *c) {
  const Plan *p = c->p;
  size_t *memo = arena_alloc(c->a, sizeof(size_t) * (size_t)(p->ndocs ? p->ndocs : 1) *
                                       (MAX_CITE_DEPTH + 1));
  for (int i = 0; i < p->ndocs; i++) {
    const LegalDoc *doc = p->docs[i];
    if (doc_matters(c, i) && doc->subject.src && cited_bytes(doc, 0, memo) > MAX_CITATION_BYTES)
      diag(c->d, SEV_ERROR, doc->subject.pos, "citation-too-long",
           "trích dẫn '%s' in ra hơn %d byte khi mở các trích dẫn lồng trong trích yếu / "
           "citing '%s' prints more than %d bytes with the citations its subject nests",
           doc->id, MAX_CITATION_BYTES, doc->id, MAX_CITATION_BYTES);
  }
}

static void check_citations(Checker *c) {
  const Plan *p = c->p;
  for (int i = 0; i < p->ndocs; i++)
    if (doc_matters(c, i))
      check_citation(c, p->docs[i]);
  check_citation_lengths(c);
  check_conflicts(c);
  for (int i = 0; i < c->texts.len; i++)
    scan_mentions(c, c->texts.items[i]);
}

//
// Lint input
//

static void collect_text(Checker *c, const Text *t) {
  vec_push(&c->texts, (void *)t);
}

// A plain string of the plan (a name, a title line) as a Text at its scalar.
static void add_name(Checker *c, Vec *to, const char *s, Pos scalar) {
  if (!s)
    return;
  Text *t = arena_alloc(c->a, sizeof(Text));
  *t = (Text){.src = s, .pos = scalar};
  vec_push(to, t);
}

// The texts lint.c reads: the title lines, the body, the catalogue entries
// that matter; the names whose capitalisation it checks (recipients are read
// there from the plan); the symbols whose abbreviations it compares.
static void collect_lint_input(Checker *c) {
  const Plan *p = c->p;
  for (int i = 0; i < p->ntitle_lines; i++)
    add_name(c, &c->texts, p->title_lines[i], p->title_line_pos[i]);
  walk_body(c, collect_text);
  for (int i = 0; i < p->nnotes; i++)
    if (note_matters(c, i))
      visit(c, &p->notes[i]->text, collect_text);
  for (int i = 0; i < p->ndocs; i++) {
    const LegalDoc *doc = p->docs[i];
    if (!doc_matters(c, i))
      continue;
    visit(c, &doc->subject, collect_text);
    add_name(c, &c->names, doc->issuer, doc->issuer_pos);
    add_name(c, &c->texts, doc->kind, doc->kind_pos);
    add_name(c, &c->texts, doc->name, doc->name_pos);
    if (doc->number) {
      Text *t = arena_alloc(c->a, sizeof(Text));
      *t = (Text){.src = doc->number, .pos = doc->number_pos};
      vec_push(&c->codes, t);
    }
  }
  for (int i = 0; i < p->nlabels; i++) // the template's words, as the plan changed them
    add_name(c, &c->texts, p->labels[i].text, p->labels[i].value_pos);
  for (int i = 0; i < p->noverrides; i++)
    add_name(c, &c->texts, p->overrides[i].heading, p->overrides[i].heading_value_pos);
  add_name(c, &c->names, p->authority, p->authority_pos);
  // Every other printed string, whatever key it sits under
  // (tests/lint-fields.py walks the JSON Schema to prove it).
  add_name(c, &c->texts, p->parent, p->parent_pos);
  if (p->authority_short != p->authority)
    add_name(c, &c->texts, p->authority_short, p->authority_short_pos);
  add_name(c, &c->texts, p->place, p->place_pos);
  for (int i = 0; i < p->nauthority_lines; i++) {
    const Origin *o = &p->authority_line_from[i];
    bool again = false; // one scalar may give several lines
    for (int j = 0; j < i && !again; j++)
      again = p->authority_line_from[j].src == o->src;
    if (o->src && !again && o->src != p->authority && o->src != p->parent)
      add_name(c, &c->texts, o->src, o->pos);
  }
  add_name(c, &c->texts, p->sign_on_behalf, p->sign_on_behalf_pos);
  add_name(c, &c->texts, p->sign_for, p->sign_for_pos);
  add_name(c, &c->texts, p->sign_title, p->sign_title_pos);
  add_name(c, &c->texts, p->sign_name, p->sign_name_pos);
  for (int i = 0; i < p->nrecipients; i++)
    add_name(c, &c->texts, p->recipients[i]->purpose, p->recipients[i]->purpose_pos);
  for (int i = 0; i < p->nappendices; i++)
    add_name(c, &c->texts, p->appendices[i]->title, p->appendices[i]->title_pos);
  for (int i = 0; i < p->nall_items; i++) // an objective group's own label
    if (p->all_items[i]->label_set)
      add_name(c, &c->texts, p->all_items[i]->label, p->all_items[i]->label_pos);
  for (int i = 0; i < p->nagencies; i++) {
    const Agency *ag = p->agencies[i];
    if (!agency_matters(c, i))
      continue;
    add_name(c, &c->names, ag->name, ag->name_pos);
    if (ag->short_name != ag->name)
      add_name(c, &c->names, ag->short_name, ag->short_pos);
  }
}

static void checker_init(Checker *c, const Plan *p, const CheckPatterns *rules, Diags *d) {
  *c = (Checker){.p = p, .d = d, .a = arena_new(), .re = rules};
  c->plan_file = p->nsources ? p->sources[0] : NULL;
  c->agency_uses = arena_alloc(c->a, sizeof(int) * (size_t)(p->nagencies + 1));
  c->doc_uses = arena_alloc(c->a, sizeof(int) * (size_t)(p->ndocs + 1));
  c->note_uses = arena_alloc(c->a, sizeof(int) * (size_t)(p->nnotes + 1));
  c->item_refs = arena_alloc(c->a, sizeof(int) * (size_t)(p->nall_items + 1));
  c->item_served = arena_alloc(c->a, sizeof(int) * (size_t)(p->nall_items + 1));
  c->md = pcre2_match_data_create(12, NULL);
}

static void checker_free(Checker *c) {
  pcre2_match_data_free(c->md);
  vec_free(&c->texts), vec_free(&c->names), vec_free(&c->codes);
  idmap_free(&c->folds);
  arena_free(c->a);
}

//
// The plan's own commune
//

// The words that open a commune-level unit's name ("xã Tân Yên").
static const char *const COMMUNE_UNITS[] = {"xã ", "phường ", "thị trấn ", "đặc khu "};

static bool starts_upper(const char *s) {
  int32_t cp;
  return utf8_decode(s, strlen(s), &cp) > 0 && text_is_upper(cp);
}

// Where in s a commune unit's name starts after its unit word: the offset
// of the name (a run of words each starting with a capital) and its length
// in *len; SIZE_MAX when there is none at or after `from`. *unit gets the
// unit word's offset.
static size_t next_commune_name(const char *s, size_t from, size_t *unit, size_t *len) {
  for (size_t at = from; s[at]; at++) {
    if (at > 0 && s[at - 1] != ' ' && s[at - 1] != '(' && s[at - 1] != '"')
      continue;
    static const char TOWN[] = "thị "; // "thị xã": a district-level town
    if (at >= sizeof TOWN - 1 && strncmp(s + at - (sizeof TOWN - 1), TOWN, sizeof TOWN - 1) == 0)
      continue;
    for (size_t k = 0; k < sizeof COMMUNE_UNITS / sizeof *COMMUNE_UNITS; k++) {
      size_t n = strlen(COMMUNE_UNITS[k]);
      if (strncmp(s + at, COMMUNE_UNITS[k], n) != 0)
        continue;
      size_t name = at + n, end = name;
      while (starts_upper(s + end)) { // capitalised words: "Tân Yên", "Ngọc Thiện"
        while (s[end] && s[end] != ' ' && !strchr(",.;:)\"", s[end]))
          end++;
        if (s[end] != ' ' || !starts_upper(s + end + 1))
          break;
        end++;
      }
      if (end > name) {
        *unit = at;
        *len = end - name;
        return name;
      }
    }
  }
  return SIZE_MAX;
}

// Marks the agencies that lead a task (at any depth).
static void mark_leads(Item **items, int n, bool *lead) {
  for (int i = 0; i < n; i++) {
    if (items[i]->lead && items[i]->lead->index >= 0)
      lead[items[i]->lead->index] = true;
    mark_leads(items[i]->items, items[i]->nitems, lead);
  }
}

// A commune's plan that names another commune as its own: an agency it
// gives duties to or has lead a task ("Công an xã Ngọc Thiện"), or the
// trích yếu; a plan copied from a neighbour's: [plan-level]. Recipients
// are not judged (a plan may go to other communes), nor former names ("xã
// Tân Yên (cũ)").
static void check_own_commune(Checker *c) {
  const Plan *p = c->p;
  size_t unit, len;
  size_t name = p->authority ? next_commune_name(p->authority, 0, &unit, &len) : SIZE_MAX;
  if (name == SIZE_MAX)
    return; // not a commune's plan, or its authority names no commune
  const char *own = p->authority + name, *own_unit = p->authority + unit;
  size_t own_len = len;
  Vec texts = {0};
  bool *own_agency = arena_alloc(c->a, sizeof(bool) * (size_t)(p->nagencies + 1)), group;
  mark_duty_agencies(c, p->duties, p->nduties, own_agency, &group);
  mark_leads(p->tasks, p->ntasks, own_agency);
  for (int i = 0; i < p->nagencies; i++)
    if (own_agency[i])
      add_name(c, &texts, p->agencies[i]->name, p->agencies[i]->name_pos);
  for (int i = 0; i < p->ntitle_lines; i++)
    add_name(c, &texts, p->title_lines[i], p->title_line_pos[i]);
  for (int i = 0; i < texts.len; i++) {
    const Text *t = texts.items[i];
    for (size_t at = 0; t->src && (name = next_commune_name(t->src, at, &unit, &len)) != SIZE_MAX;
         at = name + len) {
      bool former = strncmp(t->src + name + len, " (cũ)", 6) == 0 ||
                    strncmp(t->src + name + len, " cũ", 4) == 0;
      if (former || text_same_caseless(t->src + name, len, own, own_len) ||
          (p->place && text_same_caseless(t->src + name, len, p->place, strlen(p->place))))
        continue;
      bool verbatim;
      Pos pos = pos_in_scalar(t->pos, t->src, unit, name + len - unit, &verbatim);
      diag(c->d, SEV_WARNING, pos, "plan-level",
           "'%.*s' không phải đơn vị của kế hoạch (%.*s): kế hoạch chép của nơi khác? / "
           "'%.*s' is not the plan's own unit (%.*s): a plan copied from elsewhere?",
           (int)(name + len - unit), t->src + unit, (int)(own + own_len - own_unit), own_unit,
           (int)(name + len - unit), t->src + unit, (int)(own + own_len - own_unit), own_unit);
    }
  }
  vec_free(&texts);
}

void check_plan(const Plan *p, const CheckPatterns *rules, Diags *d) {
  Checker c;
  checker_init(&c, p, rules, d);
  count_uses(&c);
  check_unused(&c);
  check_indicators(&c);
  check_leads(&c, p->tasks, p->ntasks);
  check_duty_recipients(&c);
  check_archive_unit(&c);
  check_own_commune(&c);
  check_lead_duties(&c);
  check_items(&c, p->tasks, p->ntasks);
  check_timing(&c, &p->report_deadline, true);
  check_target_years(&c);
  check_cited_dates(&c);
  collect_lint_input(&c);
  check_citations(&c);
  LintInput in = {(const Text **)c.texts.items, c.texts.len,
                  (const Text **)c.names.items, c.names.len,
                  (const Text **)c.codes.items, c.codes.len};
  lint_plan(p, &in, rules->lint, d);
  checker_free(&c);
}
