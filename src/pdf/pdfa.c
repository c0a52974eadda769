// pdf/pdfa.c — PDF/A-1b for archiving: what libharu 2.3.0 leaves out.
//
// Consumes a libharu document whose pages, fonts and Info dictionary are
// final; adds what ISO 19005-1 level B asks of it and libharu's own
// HPDF_PDFA_SetPDFAConformance gets wrong (its XMP is not escaped and names
// its stream /SubType, its output intent key has a trailing space, and its
// file ID comes from the clock, so no two builds would be equal):
//   - an XMP metadata stream (unfiltered) repeating the Info dictionary:
//     dc:title, dc:creator, dc:description, xmp:CreatorTool, the dates,
//     pdf:Producer, and pdfaid:part 1, conformance B;
//   - an sRGB output intent (GTS_PDFA1) with its ICC profile;
//   - a CIDSet in each embedded CID font's descriptor, listing the CIDs the
//     subset holds (those of its /W array, and CID 0);
//   - a file identifier derived from the content, so builds stay
//     byte-for-byte reproducible.
#include "../kehoach.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// sRGB profiles (ICC version 2, as PDF 1.4 requires) of Debian packages.
static const char *const ICC_PATHS[] = {
    "/usr/share/color/icc/sRGB.icc",              // icc-profiles-free
    "/usr/share/color/icc/colord/sRGB.icc",       // colord-data
    "/usr/share/color/icc/ghostscript/srgb.icc",  // libgs-common
    NULL};

static void xml_escaped(Buf *b, const char *s) {
  for (; *s; s++)
    switch (*s) {
    case '&': buf_puts(b, "&amp;"); break;
    case '<': buf_puts(b, "&lt;"); break;
    case '>': buf_puts(b, "&gt;"); break;
    case '"': buf_puts(b, "&quot;"); break;
    case '\'': buf_puts(b, "&apos;"); break;
    default: buf_putc(b, *s);
    }
}

// "D:20260101000000Z" (libharu's Info date) as "2026-01-01T00:00:00Z".
static void xmp_date(Buf *b, const char *pdf_date) {
  const char *d = pdf_date + 2;
  if (strncmp(pdf_date, "D:", 2) != 0 || strlen(d) < 14)
    return;
  buf_printf(b, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2s", d, d + 4, d + 6, d + 8, d + 10, d + 12);
  const char *zone = d + 14;
  if (*zone == '+' || *zone == '-')
    buf_printf(b, "%.3s:%.2s", zone, zone + 4);
  else
    buf_putc(b, 'Z');
}

static void xmp_text(Buf *b, const char *open, const char *value, const char *close) {
  if (!value || !*value)
    return;
  buf_puts(b, open);
  xml_escaped(b, value);
  buf_puts(b, close);
}

// The XMP packet: the Info dictionary's values, as PDF/A-1 requires them to
// agree.
static void xmp_packet(PdfDoc *doc, const PdfInfo *info, Buf *b) {
  const char *title = info->title, *author = info->author, *subject = info->subject,
             *creator = info->creator;
  const char *producer = pdfdoc_info_attr(doc, PDF_PRODUCER);
  const char *created = pdfdoc_info_attr(doc, PDF_CREATION_DATE);
  const char *modified = pdfdoc_info_attr(doc, PDF_MOD_DATE);
  buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
              "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
              "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
              "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
              "<dc:format>application/pdf</dc:format>\n");
  xmp_text(b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">", title,
           "</rdf:li></rdf:Alt></dc:title>\n");
  xmp_text(b, "<dc:creator><rdf:Seq><rdf:li>", author, "</rdf:li></rdf:Seq></dc:creator>\n");
  xmp_text(b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">", subject,
           "</rdf:li></rdf:Alt></dc:description>\n");
  buf_puts(b, "</rdf:Description>\n"
              "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
  xmp_text(b, "<xmp:CreatorTool>", creator, "</xmp:CreatorTool>\n");
  if (created) {
    buf_puts(b, "<xmp:CreateDate>");
    xmp_date(b, created);
    buf_puts(b, "</xmp:CreateDate>\n");
  }
  if (modified) {
    buf_puts(b, "<xmp:ModifyDate>");
    xmp_date(b, modified);
    buf_puts(b, "</xmp:ModifyDate>\n");
  }
  buf_puts(b, "</rdf:Description>\n"
              "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
  xmp_text(b, "<pdf:Producer>", producer, "</pdf:Producer>\n");
  buf_puts(b, "</rdf:Description>\n"
              "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
              "<pdfaid:part>1</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n"
              "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
}

static bool add_metadata(PdfDoc *doc, const Buf *xmp) {
  PdfObj *s = pdfobj_stream(doc, xmp->data, xmp->len, false);
  return s && pdfobj_put_name(s, "Type", "Metadata") &&
         pdfobj_put_name(s, "Subtype", "XML") &&
         pdfobj_put(pdfdoc_catalog(doc), "Metadata", s);
}

static bool add_output_intent(PdfDoc *doc, const char *profile, size_t len) {
  PdfObj *icc = pdfobj_stream(doc, profile, len, true);
  PdfObj *intent = pdfobj_dict(doc, true);
  PdfObj *intents = pdfobj_array(doc);
  if (!icc || !intent || !intents)
    return false;
  static const char ID[] = "sRGB IEC61966-2.1";
  return pdfobj_put_int(icc, "N", 3) && pdfobj_put_name(intent, "Type", "OutputIntent") &&
         pdfobj_put_name(intent, "S", "GTS_PDFA1") &&
         pdfobj_put_ascii(doc, intent, "OutputConditionIdentifier", ID) &&
         pdfobj_put_ascii(doc, intent, "Info", ID) &&
         pdfobj_put(intent, "DestOutputProfile", icc) && pdfobj_push(intents, intent) &&
         pdfobj_put(pdfdoc_catalog(doc), "OutputIntents", intents);
}

// Sets the bit of each CID the font's /W array lists, and CID 0.
static bool add_cidset(PdfDoc *doc, PdfObj *font) {
  PdfObj *cid = pdfobj_dict_at(pdfobj_get_array(font, "DescendantFonts"), 0);
  if (!cid)
    return false;
  PdfObj *descriptor = pdfobj_get_dict(cid, "FontDescriptor");
  PdfObj *w = pdfobj_get_array(cid, "W");
  if (!descriptor || !w)
    return false;
  uint8_t bits[65536 / 8] = {0x80}; // CID 0: .notdef
  unsigned top = 0;
  for (size_t i = 0; i + 1 < pdfobj_count(w); i += 2) {
    long first;
    PdfObj *run = pdfobj_array_at(w, i + 1);
    if (!pdfobj_int_at(w, i, &first) || !run)
      return false;
    for (size_t k = 0; k < pdfobj_count(run); k++) {
      unsigned c = (unsigned)first + (unsigned)k;
      if (c > 65535)
        return false;
      bits[c / 8] |= (uint8_t)(0x80 >> (c % 8));
      top = c > top ? c : top;
    }
  }
  PdfObj *set = pdfobj_stream(doc, bits, top / 8 + 1, true);
  return set && pdfobj_put(descriptor, "CIDSet", set);
}

// 16 bytes from the metadata (which names the document and its dates),
// two FNV-1a hashes, for the trailer's /ID.
static bool add_file_id(PdfDoc *doc, const Buf *xmp) {
  uint8_t id[16];
  uint64_t h1 = 1469598103934665603ull, h2 = 7809847782465536322ull;
  for (size_t i = 0; i < xmp->len; i++) {
    h1 = (h1 ^ (uint8_t)xmp->data[i]) * 1099511628211ull;
    h2 = (h2 ^ (uint8_t)xmp->data[xmp->len - 1 - i]) * 1099511628211ull;
  }
  for (int i = 0; i < 8; i++) {
    id[i] = (uint8_t)(h1 >> (8 * i));
    id[8 + i] = (uint8_t)(h2 >> (8 * i));
  }
  PdfObj *ids = pdfobj_array(doc);
  return ids && pdfobj_push_binary(doc, ids, id, 16) &&
         pdfobj_push_binary(doc, ids, id, 16) && pdfobj_put(pdfdoc_trailer(doc), "ID", ids);
}

static char *read_profile(size_t *len) {
  for (int i = 0; ICC_PATHS[i]; i++) {
    char *data;
    if (read_file(ICC_PATHS[i], 1 << 20, &data, len) == 0)
      return data;
  }
  return NULL;
}

bool pdfa_mark(PdfDoc *doc, const PdfInfo *info, PdfObj *const *fonts, int nfonts) {
  size_t len;
  char *profile = read_profile(&len);
  if (!profile)
    return false;
  Buf xmp;
  buf_init(&xmp);
  xmp_packet(doc, info, &xmp);
  bool ok = add_metadata(doc, &xmp) && add_output_intent(doc, profile, len) &&
            add_file_id(doc, &xmp);
  for (int i = 0; ok && i < nfonts; i++)
    if (fonts[i])
      ok = add_cidset(doc, fonts[i]);
  if (ok)
    pdfdoc_set_version_1_4(doc);
  buf_free(&xmp);
  free(profile);
  return ok;
}
