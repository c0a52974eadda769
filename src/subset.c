// subset.c — embed only the glyphs a document draws.
//
// libharu 2.3.0 embeds a TrueType font whole in its tables (it blanks the
// outlines of unused glyphs but keeps every glyph's slot, the cmap, the
// kerning and layout tables and the hinting), about 30 KB compressed per
// face. HarfBuzz's subsetter (hb-subset, Debian's libharfbuzz-subset0)
// writes a font holding just the glyphs used, renumbered; the CIDToGIDMap
// of the descendant CID font then maps each code (a Unicode code point in
// libharu's UTF-8 encoding) to its new glyph id. Content streams, widths
// and ToUnicode, which speak in codes, do not change.
#include "kehoach.h"

#include <hb-subset.h>
#include <hb.h>
#include <hpdf.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

static bool code_is_used(const unsigned char *used, unsigned c) {
  return used[c >> 3] & (1u << (c & 7));
}

// The descendant CID font's FontFile2 stream, made by libharu's write hook
// (run here when it has not run yet; at write time it finds it done).
static HPDF_Dict font_file_stream(HPDF_Font font, HPDF_Dict cid) {
  if (!HPDF_Dict_GetItem(cid, "FontDescriptor", HPDF_OCLASS_DICT) && font->before_write_fn &&
      font->before_write_fn(font) != HPDF_OK)
    return NULL;
  HPDF_Dict descriptor = HPDF_Dict_GetItem(cid, "FontDescriptor", HPDF_OCLASS_DICT);
  HPDF_Dict file = descriptor ? HPDF_Dict_GetItem(descriptor, "FontFile2", HPDF_OCLASS_DICT)
                              : NULL;
  return file && file->stream ? file : NULL;
}

// The subsetter's input: the glyphs of the used codes (and the codes, so
// that the subset keeps a small cmap for tools that look), no hinting, no
// layout tables (a PDF places every glyph itself).
static hb_subset_input_t *subset_input(HPDF_FontDef def, const unsigned char *used) {
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in)
    return NULL;
  hb_set_t *glyphs = hb_subset_input_glyph_set(in);
  hb_set_t *codes = hb_subset_input_unicode_set(in);
  hb_set_add(glyphs, 0); // .notdef
  for (unsigned c = 0; c < 65536; c++)
    if (code_is_used(used, c)) {
      hb_set_add(glyphs, HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)c));
      hb_set_add(codes, c);
    }
  hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
  static const char *const dropped[] = {"GSUB", "GPOS", "GDEF", "kern", "DSIG", "hdmx",
                                        "LTSH", "VDMX", "gasp"};
  for (size_t i = 0; i < sizeof dropped / sizeof *dropped; i++)
    hb_set_add(drop, hb_tag_from_string(dropped[i], 4));
  hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
  return in;
}

// Writes the CIDToGIDMap for the subset: code -> new glyph id, up to the
// last code used.
static void write_cid_map(HPDF_Dict map, HPDF_FontDef def, const unsigned char *used,
                          const hb_map_t *old_to_new) {
  HPDF_MemStream_FreeData(map->stream);
  unsigned last = 0;
  for (unsigned c = 0; c < 65536; c++)
    if (code_is_used(used, c))
      last = c;
  for (unsigned c = 0; c <= last; c++) {
    hb_codepoint_t gid = 0;
    if (code_is_used(used, c)) {
      gid = hb_map_get(old_to_new, HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)c));
      if (gid == HB_MAP_VALUE_INVALID)
        gid = 0;
    }
    HPDF_BYTE be[2] = {(HPDF_BYTE)(gid >> 8), (HPDF_BYTE)gid};
    HPDF_Stream_Write(map->stream, be, 2);
  }
}

bool subset_font(HPDF_Font font, const unsigned char *used, const char *path, int index) {
  HPDF_Array desc = HPDF_Dict_GetItem(font, "DescendantFonts", HPDF_OCLASS_ARRAY);
  HPDF_Dict cid = desc ? HPDF_Array_GetItem(desc, 0, HPDF_OCLASS_DICT) : NULL;
  HPDF_Dict map = cid ? HPDF_Dict_GetItem(cid, "CIDToGIDMap", HPDF_OCLASS_DICT) : NULL;
  HPDF_Dict file = cid ? font_file_stream(font, cid) : NULL;
  if (!map || !map->stream || !file)
    return false;
  HPDF_FontDef def = ((HPDF_FontAttr)font->attr)->fontdef;
  bool ok = false;
  hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
  hb_face_t *face = blob ? hb_face_create(blob, (unsigned)index) : NULL;
  hb_subset_input_t *in = face ? subset_input(def, used) : NULL;
  hb_subset_plan_t *plan = in ? hb_subset_plan_create_or_fail(face, in) : NULL;
  hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
  hb_blob_t *out = sub ? hb_face_reference_blob(sub) : NULL;
  unsigned len = 0;
  const char *data = out ? hb_blob_get_data(out, &len) : NULL;
  if (data && len) {
    HPDF_MemStream_FreeData(file->stream);
    ok = HPDF_Stream_Write(file->stream, (const HPDF_BYTE *)data, len) == HPDF_OK &&
         HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)len) == HPDF_OK;
    write_cid_map(map, def, used, hb_subset_plan_old_to_new_glyph_mapping(plan));
  }
  hb_blob_destroy(out);
  hb_face_destroy(sub);
  hb_subset_plan_destroy(plan);
  hb_subset_input_destroy(in);
  hb_face_destroy(face);
  hb_blob_destroy(blob);
  return ok;
}
