// pdf/flate.c — a PDF's streams, once the document is finished,
// Flate-compressed with libdeflate.
//
// Consumes a libharu document whose streams are complete (pages, fonts,
// ToUnicode and CID maps, the ICC profile); produces the same document with
// each stream libharu would compress already compressed. libharu deflates
// with zlib's default level in 4 KB pieces while it writes the file: a fifth
// of the time a plan took to build. libdeflate compresses each stream once,
// whole, in about half the time and a little smaller. libharu then copies
// the bytes as they are (pdf/hpdf.c has the dictionary state their filter).
// Streams written unfiltered on purpose (the XMP metadata, as PDF/A wants)
// are left alone.
#include "../kehoach.h"

#include <libdeflate.h>
#include <stdlib.h>

// libdeflate's and zlib's default. Level 9 makes the PDFs 0.4 % smaller
// (seed 000: 59,523 -> 59,293 bytes) for a fifth more compression time,
// which is a fifth of building a plan.
enum { FLATE_LEVEL = 6 };

// The compressor and its buffers, owned by one document's rendering (freed
// by flate_free even when libharu leaves through its error handler).
struct Flate {
  struct libdeflate_compressor *c;
  Buf raw;
  char *packed;
  size_t packed_cap;
};

Flate *flate_new(void) {
  struct libdeflate_compressor *c = libdeflate_alloc_compressor(FLATE_LEVEL);
  if (!c)
    return NULL;
  Flate *f = xcalloc(1, sizeof *f);
  f->c = c;
  buf_init(&f->raw);
  return f;
}

void flate_free(Flate *f) {
  if (!f)
    return;
  libdeflate_free_compressor(f->c);
  buf_free(&f->raw);
  free(f->packed);
  free(f);
}

void flate_prepare(void) {
  static const char none[1];
  (void)libdeflate_adler32(1, none, 0);
}

bool flate_stream_data(Flate *f, PdfObj *s, const void *data, size_t len) {
  size_t bound = libdeflate_zlib_compress_bound(f->c, len);
  if (bound > f->packed_cap) {
    f->packed = xrealloc(f->packed, bound);
    f->packed_cap = bound;
  }
  size_t n = libdeflate_zlib_compress(f->c, data, len, f->packed, bound);
  if (n == 0)
    return false;
  pdfobj_stream_set_packed(s, f->packed, n);
  return true;
}

// Compresses one stream's data in place; false when libdeflate fails (the
// stream is then left for libharu to compress).
static bool flate_one(void *user, PdfObj *stream, const Buf *raw) {
  return flate_stream_data(user, stream, raw->data, raw->len);
}

bool flate_streams(Flate *f, PdfDoc *doc) {
  return pdfdoc_each_flate_stream(doc, &f->raw, flate_one, f);
}
