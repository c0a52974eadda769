// render_pdf.c — Doc -> PDF bytes, laid out as Nghị định 30/2020/NĐ-CP asks.
//
// Consumes the laid-out Doc (header, blocks of styled runs, footnotes, the
// end block, appendices) and produces a PDF in the caller's Buf: A4, the
// decree's margins, the page-1 header in two columns, a justified 14 pt
// body, footnotes at the foot of their page, "Nơi nhận" beside the
// signature, page numbers in the top margin from page 2 on, bookmarks for
// the mục headings. Text is set in Times New Roman when fontconfig finds it,
// else in its metric twins Liberation Serif or Tinos, embedded and subset
// (font.c measures and writes the fonts).
//
// Two steps, so that the Markdown can follow the PDF's pages without
// waiting for the PDF: pdf_layout measures, breaks and paginates (pdf/
// words.c, lines.c, layout.c, paginate.c) and knows where each footnote
// falls; render_pdf draws that layout (pdf/draw.c) into a libharu document
// (pdf/hpdf.c, the one door to libharu) and saves it.
#include "pdf/pdf.h"

#include <stdlib.h>
#include <string.h>

PdfLayout *pdf_layout(const Doc *doc, const Fonts *fonts, Diags *d) {
  if (!fonts) {
    diag(d, SEV_ERROR, pos_none(), "font-missing",
         "không tìm thấy phông Times New Roman, Liberation Serif hay Tinos (đủ "
         "4 kiểu thường, đậm, nghiêng, đậm nghiêng, dạng TrueType); hãy cài "
         "fonts-liberation2 / no TrueType Times New Roman, Liberation Serif or "
         "Tinos with regular, bold, italic and bold italic faces was found; "
         "install fonts-liberation2");
    return NULL;
  }
  Pdf *p = xcalloc(1, sizeof *p);
  p->d = d;
  p->a = arena_new();
  p->para = arena_new();
  buf_init(&p->codes);
  buf_init(&p->content);
  p->fonts = fonts;
  p->doc_source = doc;
  double width = body_width_of(PAGE_W);
  layout_notes(p, doc, width);
  // The main flow, then each appendix its own flow and page numbering.
  p->nflows = 1;
  for (const Appendix *ap = doc->appendices; ap; ap = ap->next)
    p->nflows++;
  p->flows = arena_alloc(p->a, sizeof(Flow) * (size_t)p->nflows);
  p->starts = arena_alloc(p->a, sizeof(int *) * (size_t)p->nflows);
  p->page_counts = arena_alloc(p->a, sizeof(int) * (size_t)p->nflows);
  Flow *main = &p->flows[0];
  flow_main(p, doc, main, width);
  int i = 1;
  for (const Appendix *ap = doc->appendices; ap; ap = ap->next)
    flow_appendix(p, ap, &p->flows[i++]);
  uncited_notes(p, main->boxes[main->n - 1]); // on the end block's page
  double room = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM;
  p->starts[0] = paginate(p, main, room - main->first_top_h, room, &p->page_counts[0]);
  map_pages(main, p->starts[0], p->page_counts[0], &p->pages);
  p->pages.npages = p->page_counts[0];
  for (i = 1; i < p->nflows; i++) {
    double r = (p->flows[i].landscape ? PAGE_W : PAGE_H) - MARGIN_TOP - MARGIN_BOTTOM;
    p->starts[i] = paginate(p, &p->flows[i], r, r, &p->page_counts[i]);
    p->pages.npages += p->page_counts[i];
  }
  return p;
}

const PageMap *pdf_layout_pages(const PdfLayout *l) { return &l->pages; }

void pdf_layout_free(PdfLayout *p) {
  if (!p)
    return;
  buf_free(&p->codes);
  buf_free(&p->content);
  page_map_free(&p->pages);
  arena_free(p->a);
  arena_free(p->para);
  free(p);
}

// Draws every flow of the layout, then the fonts, PDF/A and compression.
static void draw_layout(Pdf *p, const PdfOptions *opt) {
  set_metadata(p, p->doc_source, opt);
  for (int i = 0; i < p->nflows; i++)
    draw_flow(p, &p->flows[i], p->starts[i], p->page_counts[i]);
  end_page(p);
  const Flow *main = &p->flows[0];
  for (int k = 0; k < main->n; k++)
    if (main->boxes[k]->outline) {
      pdfdoc_open_outlines(p->doc);
      break;
    }
  PdfObj *fonts[NFACES];
  p->fonts_failed = !font_use_write(p->fonts_used, fonts);
  if (!p->fonts_failed)
    pdfa_mark(p->doc, &p->info, fonts, NFACES);
  // What flate.c leaves (none, unless libdeflate fails) libharu compresses.
  if (p->flate)
    flate_streams(p->flate, p->doc);
}

// libharu reports an error: leave the drawing through longjmp.
static void on_libharu_error(void *user, unsigned long error, unsigned long detail) {
  Pdf *p = user;
  p->error = error;
  p->detail = detail;
  longjmp(p->on_error, 1);
}

// What one drawing made, freed on every way out (a libharu error
// longjmps to render_pdf's setjmp).
static void end_drawing(Pdf *p) {
  font_use_free(p->fonts_used);
  flate_free(p->flate);
  pdfdoc_free(p->doc);
  p->fonts_used = NULL, p->flate = NULL, p->doc = NULL;
  p->page = NULL;
  p->npages = 0;
  buf_clear(&p->content);
}

int render_pdf(PdfLayout *p, const PdfOptions *opt, Buf *out) {
  Diags *d = p->d;
  p->rc = -1;
  if (setjmp(p->on_error) == 0) {
    p->doc = pdfdoc_new(on_libharu_error, p);
    if (pdfdoc_open(p->doc)) {
      p->fonts_used = font_use_new(p->fonts, p->doc);
      p->flate = flate_new();
      draw_layout(p, opt);
      p->rc = !p->fonts_failed && pdfdoc_save(p->doc, out) ? 0 : -1;
    }
    if (p->fonts_failed)
      diag(d, SEV_ERROR, pos_none(), "pdf",
           "HarfBuzz không tạo được tập con của phông %s / HarfBuzz could not "
           "subset the %s font",
           fonts_family(p->fonts), fonts_family(p->fonts));
    else if (p->rc != 0)
      diag(d, SEV_ERROR, pos_none(), "pdf",
           "không tạo được tệp PDF / could not produce the PDF");
  } else {
    diag(d, SEV_ERROR, pos_none(), "pdf",
         "libharu báo lỗi 0x%04X (chi tiết %u) khi tạo PDF / libharu error "
         "0x%04X (detail %u) while making the PDF",
         (unsigned)p->error, (unsigned)p->detail, (unsigned)p->error,
         (unsigned)p->detail);
  }
  int rc = p->rc;
  end_drawing(p);
  return rc;
}
