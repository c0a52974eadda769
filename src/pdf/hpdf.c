// pdf/hpdf.c — the one door to libharu.
//
// Every use of libharu, public or private, is here: the document, its
// objects (dictionaries, arrays, strings, streams), pages, outlines, the
// Info dictionary, saving, and the hooks that let flate.c hand libharu
// streams it compressed itself. The rest of kehoach sees PdfDoc and PdfObj
// only (kehoach.h), so a libharu update touches this file and no other.
//
// libharu reports errors through a callback (the one pdfdoc_new takes),
// which may longjmp out: nothing here holds memory of its own across a call
// into libharu.
#include "../kehoach.h"

#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <stdlib.h>
#include <string.h>

struct PdfDoc {
  HPDF_Doc doc;
  PdfErrorFn on_error;
  void *user;
};

// A PdfObj is a libharu object of any class: the pointer itself.
static HPDF_Dict as_dict(PdfObj *o) { return (HPDF_Dict)(void *)o; }
static HPDF_Array as_array(PdfObj *o) { return (HPDF_Array)(void *)o; }
static PdfObj *obj(void *o) { return (PdfObj *)o; }

static void on_hpdf_error(HPDF_STATUS error, HPDF_STATUS detail, void *user) {
  PdfDoc *d = user;
  d->on_error(d->user, (unsigned long)error, (unsigned long)detail);
}

PdfDoc *pdfdoc_new(PdfErrorFn on_error, void *user) {
  PdfDoc *d = xcalloc(1, sizeof *d);
  d->on_error = on_error;
  d->user = user;
  return d;
}

bool pdfdoc_open(PdfDoc *d) {
  d->doc = HPDF_New(on_hpdf_error, d);
  if (d->doc)
    HPDF_SetCompressionMode(d->doc, HPDF_COMP_ALL);
  return d->doc != NULL;
}

void pdfdoc_free(PdfDoc *d) {
  if (!d)
    return;
  if (d->doc)
    HPDF_Free(d->doc);
  free(d);
}

//
// Objects
//

PdfObj *pdfobj_dict(PdfDoc *d, bool indirect) {
  HPDF_Dict o = HPDF_Dict_New(d->doc->mmgr);
  if (o && indirect)
    HPDF_Xref_Add(d->doc->xref, o);
  return obj(o);
}

PdfObj *pdfobj_array(PdfDoc *d) { return obj(HPDF_Array_New(d->doc->mmgr)); }

PdfObj *pdfobj_stream(PdfDoc *d, const void *data, size_t len, bool compress) {
  HPDF_Dict s = HPDF_DictStream_New(d->doc->mmgr, d->doc->xref);
  if (!s)
    return NULL;
  s->filter = compress ? HPDF_STREAM_FILTER_FLATE_DECODE : HPDF_STREAM_FILTER_NONE;
  if (HPDF_Stream_Write(s->stream, data, (HPDF_UINT)len) != HPDF_OK)
    return NULL;
  return obj(s);
}

bool pdfobj_put(PdfObj *dict, const char *key, PdfObj *value) {
  return dict && value && HPDF_Dict_Add(as_dict(dict), key, value) == HPDF_OK;
}

bool pdfobj_put_name(PdfObj *dict, const char *key, const char *name) {
  return dict && HPDF_Dict_AddName(as_dict(dict), key, name) == HPDF_OK;
}

bool pdfobj_put_int(PdfObj *dict, const char *key, long v) {
  return dict && HPDF_Dict_AddNumber(as_dict(dict), key, (HPDF_INT32)v) == HPDF_OK;
}

bool pdfobj_put_real(PdfObj *dict, const char *key, double v) {
  return dict && HPDF_Dict_AddReal(as_dict(dict), key, (HPDF_REAL)v) == HPDF_OK;
}

bool pdfobj_put_ascii(PdfDoc *d, PdfObj *dict, const char *key, const char *s) {
  return dict && pdfobj_put(dict, key, obj(HPDF_String_New(d->doc->mmgr, s, NULL)));
}

// A PDF text string: UTF-16BE with its byte order mark, written in hex (as
// libharu's UTF-8 encoder wrote them; that encoder's tables cost a quarter
// of a megabyte to set up for each document).
static HPDF_Binary text_string(PdfDoc *d, const char *utf8) {
  Buf b;
  buf_init(&b);
  buf_put(&b, "\xFE\xFF", 2);
  for (size_t i = 0, n = strlen(utf8); i < n;) {
    int32_t cp;
    int len = utf8_decode(utf8 + i, n - i, &cp);
    if (len < 0) {
      i++;
      continue;
    }
    i += (size_t)len;
    unsigned units[2] = {(unsigned)cp, 0};
    int k = 1;
    if (cp > 0xFFFF) // a surrogate pair
      units[0] = 0xD800 + ((unsigned)(cp - 0x10000) >> 10),
      units[1] = 0xDC00 + ((unsigned)(cp - 0x10000) & 0x3FF), k = 2;
    for (int j = 0; j < k; j++) {
      unsigned char pair[2] = {(unsigned char)(units[j] >> 8), (unsigned char)units[j]};
      buf_put(&b, pair, 2);
    }
  }
  HPDF_Binary bin = HPDF_Binary_New(d->doc->mmgr, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
  buf_free(&b);
  return bin;
}

bool pdfobj_put_text(PdfDoc *d, PdfObj *dict, const char *key, const char *utf8) {
  return dict && pdfobj_put(dict, key, obj(text_string(d, utf8)));
}

PdfObj *pdfobj_get_dict(PdfObj *dict, const char *key) {
  return dict ? obj(HPDF_Dict_GetItem(as_dict(dict), key, HPDF_OCLASS_DICT)) : NULL;
}

PdfObj *pdfobj_get_array(PdfObj *dict, const char *key) {
  return dict ? obj(HPDF_Dict_GetItem(as_dict(dict), key, HPDF_OCLASS_ARRAY)) : NULL;
}

bool pdfobj_push(PdfObj *array, PdfObj *value) {
  return array && value && HPDF_Array_Add(as_array(array), value) == HPDF_OK;
}

bool pdfobj_push_int(PdfObj *array, long v) {
  return array && HPDF_Array_AddNumber(as_array(array), (HPDF_INT32)v) == HPDF_OK;
}

bool pdfobj_push_binary(PdfDoc *d, PdfObj *array, const void *data, size_t len) {
  return pdfobj_push(array, obj(HPDF_Binary_New(d->doc->mmgr, (HPDF_BYTE *)data,
                                                (HPDF_UINT)len)));
}

size_t pdfobj_count(PdfObj *array) {
  return array ? HPDF_Array_Items(as_array(array)) : 0;
}

PdfObj *pdfobj_array_at(PdfObj *array, size_t i) {
  return array ? obj(HPDF_Array_GetItem(as_array(array), (HPDF_UINT)i, HPDF_OCLASS_ARRAY))
               : NULL;
}

PdfObj *pdfobj_dict_at(PdfObj *array, size_t i) {
  return array ? obj(HPDF_Array_GetItem(as_array(array), (HPDF_UINT)i, HPDF_OCLASS_DICT))
               : NULL;
}

bool pdfobj_int_at(PdfObj *array, size_t i, long *v) {
  HPDF_Number n =
      array ? HPDF_Array_GetItem(as_array(array), (HPDF_UINT)i, HPDF_OCLASS_NUMBER) : NULL;
  if (n)
    *v = n->value;
  return n != NULL;
}

//
// The document's parts
//

PdfObj *pdfdoc_catalog(PdfDoc *d) { return obj(d->doc->catalog); }
PdfObj *pdfdoc_trailer(PdfDoc *d) { return obj(d->doc->trailer); }
PdfObj *pdfdoc_info(PdfDoc *d) { return obj(d->doc->info); }

const char *pdfdoc_info_attr(PdfDoc *d, PdfInfoAttr which) {
  static const HPDF_InfoType types[] = {HPDF_INFO_PRODUCER, HPDF_INFO_CREATION_DATE,
                                        HPDF_INFO_MOD_DATE};
  return HPDF_GetInfoAttr(d->doc, types[which]);
}

void pdfdoc_set_dates(PdfDoc *d, Date day, int hour, int minute, int second) {
  HPDF_Date date = {.year = day.year, .month = day.month, .day = day.day, .hour = hour,
                    .minutes = minute, .seconds = second, .ind = 'Z'};
  HPDF_SetInfoDateAttr(d->doc, HPDF_INFO_CREATION_DATE, date);
  HPDF_SetInfoDateAttr(d->doc, HPDF_INFO_MOD_DATE, date);
}

void pdfdoc_set_version_1_4(PdfDoc *d) { d->doc->pdf_version = HPDF_VER_14; }

void pdfdoc_open_outlines(PdfDoc *d) { HPDF_SetPageMode(d->doc, HPDF_PAGE_MODE_USE_OUTLINE); }

//
// Pages
//

PdfObj *pdfdoc_add_page(PdfDoc *d, bool landscape) {
  HPDF_Page page = HPDF_AddPage(d->doc);
  // libharu lists the obsolete /ProcSet on every page (PDF 1.4, 14.2: "no
  // longer needed"); readers ignore it.
  HPDF_Dict res = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
  if (res)
    HPDF_Dict_RemoveElement(res, "ProcSet");
  HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4,
                    landscape ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
  return obj(page);
}

PdfObj *pdfpage_contents(PdfObj *page) {
  return obj(((HPDF_PageAttr)as_dict(page)->attr)->contents);
}

void pdfpage_write(PdfObj *page, const void *data, size_t len) {
  HPDF_Stream_Write(((HPDF_PageAttr)as_dict(page)->attr)->stream, (const HPDF_BYTE *)data,
                    (HPDF_UINT)len);
}

void pdfdoc_bookmark(PdfDoc *d, PdfObj *page, const char *title, double top) {
  HPDF_Outline o = HPDF_CreateOutline(d->doc, NULL, "", NULL);
  if (o)
    HPDF_Dict_Add(o, "Title", text_string(d, title));
  HPDF_Destination dst = HPDF_Page_CreateDestination(as_dict(page));
  HPDF_Destination_SetFitH(dst, (HPDF_REAL)top);
  HPDF_Outline_SetDestination(o, dst);
}

//
// Streams compressed by flate.c
//

// Writes the filter of a stream whose bytes are already compressed
// (libharu would drop a /Filter key of a stream it does not filter itself).
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream out) {
  (void)dict;
  return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

void pdfobj_stream_set_packed(PdfObj *stream, const void *data, size_t len) {
  HPDF_Dict s = as_dict(stream);
  HPDF_MemStream_FreeData(s->stream);
  HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len);
  s->filter = HPDF_STREAM_FILTER_NONE;
  s->write_fn = write_flate_filter;
}

// A stream libharu would compress as it writes: in memory, Flate, not
// handled yet.
static bool is_flate_stream(void *o) {
  HPDF_Obj_Header *h = o;
  if (!h || (h->obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_DICT)
    return false;
  HPDF_Dict d = o;
  return d->stream && d->stream->type == HPDF_STREAM_MEMORY &&
         (d->filter & HPDF_STREAM_FILTER_FLATE_DECODE) && !d->write_fn;
}

static void stream_bytes(HPDF_Stream s, Buf *b) {
  HPDF_UINT n = HPDF_MemStream_GetBufCount(s);
  for (HPDF_UINT i = 0; i < n; i++) {
    HPDF_UINT len = 0;
    HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, i, &len);
    if (p && len)
      buf_put(b, p, len);
  }
}

bool pdfdoc_each_flate_stream(PdfDoc *d, Buf *scratch, PdfStreamFn fn, void *user) {
  bool ok = true;
  for (HPDF_Xref x = d->doc->xref; x; x = x->prev)
    for (HPDF_UINT i = 0; i < x->entries->count; i++) {
      HPDF_XrefEntry e = HPDF_List_ItemAt(x->entries, i);
      if (!e || !is_flate_stream(e->obj))
        continue;
      buf_clear(scratch);
      stream_bytes(((HPDF_Dict)e->obj)->stream, scratch);
      ok = fn(user, obj(e->obj), scratch) && ok;
    }
  return ok;
}

//
// Saving
//

// Copies the saved PDF out of libharu's memory stream, buffer by buffer
// (HPDF_ReadFromStream copies a byte at a time).
bool pdfdoc_save(PdfDoc *d, Buf *out) {
  if (HPDF_SaveToStream(d->doc) != HPDF_OK || !d->doc->stream)
    return false;
  size_t before = out->len;
  HPDF_UINT n = HPDF_MemStream_GetBufCount(d->doc->stream);
  for (HPDF_UINT i = 0; i < n; i++) {
    HPDF_UINT len = 0;
    HPDF_BYTE *b = HPDF_MemStream_GetBufPtr(d->doc->stream, i, &len);
    if (b && len)
      buf_put(out, b, len);
  }
  return out->len > before;
}
