// pdf/paginate.c — the flow cut into pages.
//
// The paginator fills each page with boxes, keeps room for the footnotes
// they cite, and backs up to the last legal break. Its page map says where
// each footnote falls, for both renderers (the Markdown puts a footnote's
// text after the last block of its page).
#include "pdf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

//
// Pagination
//

double notes_height(Pdf *p, const Box *b) {
  double h = 0;
  for (int i = 0; i < b->nnotes; i++) {
    NoteLayout *nl = note_at(p, b->notes[i]);
    if (nl)
      h += nl->height;
  }
  return h;
}

// Cuts the flow into pages: starts[k] is the first box of page k, and
// starts[npages] == fl->n. A page takes boxes while they and their notes
// fit; on overflow it ends at the last break allowed (a box without keep),
// or, when there is none, right before the box that did not fit.
int *paginate(Pdf *p, Flow *fl, double first_avail, double avail,
                     int *npages) {
  int cap = 0, n = 0;
  int *starts = NULL;
  int start = 0;
  while (start < fl->n) {
    *PUSH(p->a, starts, n, cap) = start;
    double room = n == 1 ? first_avail : avail;
    if (n > 1 && fl->table_head && fl->boxes[start]->table_row)
      room -= fl->table_head->height;
    double used = 0, notes = 0;
    int i = start;
    for (; i < fl->n; i++) {
      Box *b = fl->boxes[i];
      double h = (i == start ? 0 : b->before) + b->height;
      double nh = notes_height(p, b);
      if (nh > 0 && notes == 0)
        nh += NOTE_ABOVE + NOTE_BELOW;
      if (i > start && used + h + notes + nh > room + EPSILON)
        break;
      used += h;
      notes += nh;
    }
    if (i < fl->n) {
      int j = i;
      while (j > start && fl->boxes[j]->keep)
        j--;
      i = j > start ? j : i;
    }
    start = i;
  }
  *PUSH(p->a, starts, n, cap) = fl->n;
  *npages = n - 1 > 0 ? n - 1 : 0;
  return starts;
}

// The fonts' dictionaries, fixed and trimmed once every page is drawn.
// For each footnote of the main flow, the last body block of its page.
void map_pages(const Flow *fl, const int *starts, int npages, PageMap *pages) {
  int max = 0;
  for (int k = 0; k < fl->n; k++)
    for (int i = 0; i < fl->boxes[k]->nnotes; i++)
      if (fl->boxes[k]->notes[i] > max)
        max = fl->boxes[k]->notes[i];
  pages->nnotes = max + 1;
  pages->note_block = xmalloc(sizeof(int) * (size_t)pages->nnotes);
  for (int i = 0; i < pages->nnotes; i++)
    pages->note_block[i] = -1;
  int last_block = 0; // of this page or, on a page with none, of the body
  for (int page = 0; page < npages; page++) {
    for (int k = starts[page]; k < starts[page + 1]; k++)
      if (fl->boxes[k]->block)
        last_block = fl->boxes[k]->block;
    for (int k = starts[page]; k < starts[page + 1]; k++)
      for (int i = 0; i < fl->boxes[k]->nnotes; i++)
        pages->note_block[fl->boxes[k]->notes[i]] = last_block - 1;
  }
}


void page_map_free(PageMap *m) {
  free(m->note_block);
  m->note_block = NULL;
  m->nnotes = 0;
}


void page_map_copy(PageMap *to, const PageMap *from) {
  *to = *from;
  to->note_block = xmalloc(sizeof(int) * (size_t)(from->nnotes ? from->nnotes : 1));
  if (from->nnotes)
    memcpy(to->note_block, from->note_block, sizeof(int) * (size_t)from->nnotes);
}
