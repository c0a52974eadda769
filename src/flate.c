// flate.c — a PDF's streams: made (pdf_stream_new, for font.c and pdfa.c)
// and, once the document is finished, Flate-compressed with libdeflate.
//
// Consumes a libharu document whose streams are complete (pages, fonts,
// ToUnicode and CID maps, the ICC profile); produces the same document with
// each stream libharu would compress already compressed. libharu deflates
// with zlib's default level in 4 KB pieces while it writes the file: a fifth
// of the time a plan took to build. libdeflate compresses each stream once,
// whole, in about half the time and a little smaller. libharu then copies
// the bytes as they are; the dictionary's write hook states their filter
// (libharu would drop a /Filter key of a stream it does not filter itself).
// Streams written unfiltered on purpose (the XMP metadata, as PDF/A wants)
// are left alone.
#include "kehoach.h"

#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
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

struct _HPDF_Dict_Rec *pdf_stream_new(struct _HPDF_Doc_Rec *doc, const void *data,
                                      size_t len, bool compress) {
  HPDF_Dict s = HPDF_DictStream_New(doc->mmgr, doc->xref);
  if (!s)
    return NULL;
  s->filter = compress ? HPDF_STREAM_FILTER_FLATE_DECODE : HPDF_STREAM_FILTER_NONE;
  if (HPDF_Stream_Write(s->stream, data, (HPDF_UINT)len) != HPDF_OK)
    return NULL;
  return s;
}

void flate_prepare(void) {
  static const char none[1];
  (void)libdeflate_adler32(1, none, 0);
}

static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream out) {
  (void)dict;
  return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

// The stream's bytes, gathered from libharu's memory buffers.
static void stream_bytes(HPDF_Stream s, Buf *b) {
  HPDF_UINT n = HPDF_MemStream_GetBufCount(s);
  for (HPDF_UINT i = 0; i < n; i++) {
    HPDF_UINT len = 0;
    HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, i, &len);
    if (p && len)
      buf_put(b, p, len);
  }
}

bool flate_stream_data(Flate *f, struct _HPDF_Dict_Rec *d, const void *data, size_t len) {
  size_t bound = libdeflate_zlib_compress_bound(f->c, len);
  if (bound > f->packed_cap) {
    f->packed = xrealloc(f->packed, bound);
    f->packed_cap = bound;
  }
  size_t n = libdeflate_zlib_compress(f->c, data, len, f->packed, bound);
  if (n == 0)
    return false;
  HPDF_MemStream_FreeData(d->stream);
  HPDF_Stream_Write(d->stream, (const HPDF_BYTE *)f->packed, (HPDF_UINT)n);
  d->filter = HPDF_STREAM_FILTER_NONE;
  d->write_fn = write_flate_filter;
  return true;
}

// Compresses one stream dictionary's data in place; false when libdeflate
// fails (the stream is then left for libharu to compress).
static bool flate_one(Flate *f, HPDF_Dict d) {
  buf_clear(&f->raw);
  stream_bytes(d->stream, &f->raw);
  return flate_stream_data(f, d, f->raw.data, f->raw.len);
}

static bool is_flate_stream(void *obj) {
  HPDF_Obj_Header *h = obj;
  if (!h || (h->obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_DICT)
    return false;
  HPDF_Dict d = obj;
  return d->stream && d->stream->type == HPDF_STREAM_MEMORY &&
         (d->filter & HPDF_STREAM_FILTER_FLATE_DECODE) && !d->write_fn;
}

bool flate_streams(Flate *f, struct _HPDF_Doc_Rec *doc) {
  bool ok = true;
  for (HPDF_Xref x = doc->xref; x; x = x->prev)
    for (HPDF_UINT i = 0; i < x->entries->count; i++) {
      HPDF_XrefEntry e = HPDF_List_ItemAt(x->entries, i);
      if (e && is_flate_stream(e->obj))
        ok = flate_one(f, e->obj) && ok;
    }
  return ok;
}
