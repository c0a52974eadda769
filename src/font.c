// font.c — the PDF's fonts: found and read once per process, written per
// document.
//
// fontconfig finds the four TrueType faces of the decree's family (Times New
// Roman, else its metric twins Liberation Serif or Tinos). HarfBuzz reads
// each face once per process (fonts_find): the glyph and advance width of
// every character its cmap maps, and what a PDF font descriptor states.
// That is read-only afterwards and shared by every document and thread.
//
// A document's FontUse records which codes each face drew (a code is the
// character's Unicode value, two bytes in the content stream: Identity-H)
// and, when the pages are done, writes each face used into the libharu
// document: a Type0 font over a CIDFontType2 whose program is a HarfBuzz
// subset (hb-subset) holding just the glyphs drawn, renumbered through the
// CIDToGIDMap, with the widths of the codes drawn (W) and an identity
// ToUnicode CMap, so that text extracts, searches and copies as written.
//
// The PDF objects go through pdf/hpdf.c, the door to libharu. libharu's
// own TrueType loader is not used: per document, it reads the font whole,
// maps all 65,536 codes by a linear search each, writes a width array of
// all of them, embeds every glyph's slot, and re-reads composite glyphs
// from the file each time a character is measured.
#include "kehoach.h"

#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { NCODES = 65536 };

// A 16-bit value for each Unicode code, 0 by default, kept in blocks of
// 256 codes made when first written: a face maps a few thousand codes in a
// few dozen blocks, a document draws a few hundred in a handful, and a flat
// array would be 128 KB each, to be zeroed (and paged in) every time.
enum { CODE_BLOCK = 256, MAX_CODE = 0x110000 };
typedef struct CodeTable {
  uint16_t *block[NCODES / CODE_BLOCK];
  uint16_t **high; // the blocks beyond the BMP, made on the first one
} CodeTable;

static uint16_t code_get(const CodeTable *t, int c) {
  if (c < 0 || c >= MAX_CODE)
    return 0;
  const uint16_t *b = c < NCODES ? t->block[c / CODE_BLOCK]
                      : t->high ? t->high[(c - NCODES) / CODE_BLOCK] : NULL;
  return b ? b[c % CODE_BLOCK] : 0;
}

static void code_set(CodeTable *t, int c, uint16_t v) {
  if (c < 0 || c >= MAX_CODE)
    return;
  if (c >= NCODES && !t->high)
    t->high = xcalloc((MAX_CODE - NCODES) / CODE_BLOCK, sizeof *t->high);
  uint16_t **b = c < NCODES ? &t->block[c / CODE_BLOCK] : &t->high[(c - NCODES) / CODE_BLOCK];
  if (!*b)
    *b = xcalloc(CODE_BLOCK, sizeof **b);
  (*b)[c % CODE_BLOCK] = v;
}

static void code_table_free(CodeTable *t) {
  for (int i = 0; i < NCODES / CODE_BLOCK; i++)
    free(t->block[i]);
  for (int i = 0; t->high && i < (MAX_CODE - NCODES) / CODE_BLOCK; i++)
    free(t->high[i]);
  free(t->high);
  memset(t, 0, sizeof *t);
}

static const char *const FAMILIES[] = {"Times New Roman", "Liberation Serif", "Tinos"};
// Page resource names of the faces (regular, bold, italic, bold italic).
static const char *const RESOURCE_NAMES[FONT_FACES] = {"F1", "F2", "F3", "F4"};

// One face as read once per process. Widths are in thousandths of the size,
// truncated as libharu's were, so the layout does not move.
typedef struct FontFace {
  char *path;
  int index;
  hb_blob_t *blob;        // the file, mapped: immutable, shared (each
                          // document subsets from a face of its own)
  CodeTable glyph;        // glyph id of each code, 0 when unmapped
  CodeTable width;        // advance of each mapped code
  int notdef_width;       // the advance of glyph 0
  char ps_name[64];       // PostScript name (BaseFont)
  int ascent, descent, cap_height, x_height, stem_v, bbox[4];
  double italic_angle;    // degrees, negative leaning right
  bool italic;
  struct KernPair *kern;  // the kern table's pairs, sorted by glyphs
  int nkern;
  uint8_t *kern_left, *kern_right; // bit per glyph: in a pair, first / second
} FontFace;

// A kerning pair: the glyphs (left << 16 | right) and the adjustment, in
// thousandths of the size (negative: closer).
typedef struct KernPair {
  uint32_t glyphs;
  int value;
} KernPair;

struct Fonts {
  const char *family;
  bool cached; // found through the font cache, not fontconfig
  FontFace face[FONT_FACES];
};

//
// Finding the faces (fontconfig)
//

static bool pattern_has_family(FcPattern *m, const char *family) {
  FcChar8 *s;
  for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &s) == FcResultMatch; i++)
    if (FcStrCmpIgnoreCase(s, (const FcChar8 *)family) == 0)
      return true;
  return false;
}

static double pattern_number(FcPattern *m, const char *key, double dflt) {
  int i;
  double v;
  if (FcPatternGetInteger(m, key, 0, &i) == FcResultMatch)
    return i;
  if (FcPatternGetDouble(m, key, 0, &v) == FcResultMatch)
    return v;
  return dflt;
}

// Finds one face of family as a TrueType file; false unless fontconfig's
// best match really is that family, weight and slant.
static bool match_face(const char *family, int face, FontFace *out) {
  FcPattern *pat = FcPatternCreate();
  if (!pat)
    return false;
  bool bold = face & STYLE_BOLD, italic = face & STYLE_ITALIC;
  FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
  FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
  FcPatternAddInteger(pat, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
  FcConfigSubstitute(NULL, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult res;
  FcPattern *m = FcFontMatch(NULL, pat, &res);
  FcPatternDestroy(pat);
  if (!m)
    return false;
  FcChar8 *file = NULL, *format = NULL;
  double weight = pattern_number(m, FC_WEIGHT, FC_WEIGHT_REGULAR);
  double slant = pattern_number(m, FC_SLANT, FC_SLANT_ROMAN);
  bool ok = pattern_has_family(m, family) &&
            FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch &&
            FcPatternGetString(m, FC_FONTFORMAT, 0, &format) == FcResultMatch &&
            strcmp((const char *)format, "TrueType") == 0 &&
            (weight >= FC_WEIGHT_DEMIBOLD) == bold && (slant != FC_SLANT_ROMAN) == italic;
  if (ok) {
    out->path = xstrdup((const char *)file);
    out->index = (int)pattern_number(m, FC_INDEX, 0);
    out->italic = italic;
  }
  FcPatternDestroy(m);
  return ok;
}

//
// Reading a face (HarfBuzz)
//

static int thousandths(double v, unsigned upem) { return (int)lround(v * 1000.0 / upem); }

static unsigned read_u16(const unsigned char *d) { return (unsigned)d[0] << 8 | d[1]; }

// The font's bounding box (head table) and weight class (OS/2 table).
static void read_tables(FontFace *f, hb_face_t *face, unsigned upem) {
  hb_blob_t *head = hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd'));
  unsigned n = 0;
  const unsigned char *d = (const unsigned char *)hb_blob_get_data(head, &n);
  for (int i = 0; i < 4 && n >= 44; i++)
    f->bbox[i] = thousandths((int16_t)read_u16(d + 36 + 2 * i), upem);
  hb_blob_destroy(head);
  hb_blob_t *os2 = hb_face_reference_table(face, HB_TAG('O', 'S', '/', '2'));
  d = (const unsigned char *)hb_blob_get_data(os2, &n);
  unsigned weight = n >= 6 ? read_u16(d + 4) : 400;
  hb_blob_destroy(os2);
  // PDF wants the dominant vertical stem; fonts do not state it. Estimated
  // from the weight class, as font tools do (about 88 regular, 166 bold).
  f->stem_v = (int)lround(50 + (weight / 65.0) * (weight / 65.0));
}

// A PDF name of the PostScript name: letters, digits and '-' only.
static void read_ps_name(FontFace *f, hb_face_t *face, const char *family) {
  char name[64];
  unsigned len = sizeof name;
  if (!hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len,
                           name))
    snprintf(name, sizeof name, "%s", family);
  size_t k = 0;
  for (const char *s = name; *s && k + 1 < sizeof f->ps_name; s++)
    if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
        *s == '-')
      f->ps_name[k++] = *s;
  f->ps_name[k] = '\0';
}

// Vertical metrics and slant, in thousandths of the size.
static void read_metrics(FontFace *f, hb_font_t *font, unsigned upem) {
  hb_position_t v;
  hb_ot_metrics_get_position_with_fallback(font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &v);
  f->ascent = thousandths(v, upem);
  hb_ot_metrics_get_position_with_fallback(font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &v);
  f->descent = thousandths(v, upem);
  hb_ot_metrics_get_position_with_fallback(font, HB_OT_METRICS_TAG_CAP_HEIGHT, &v);
  f->cap_height = thousandths(v, upem);
  hb_ot_metrics_get_position_with_fallback(font, HB_OT_METRICS_TAG_X_HEIGHT, &v);
  f->x_height = thousandths(v, upem);
  f->italic_angle = hb_style_get_value(font, HB_STYLE_TAG_SLANT_ANGLE);
}

// The glyph and width of every BMP character the cmap maps.
static void read_cmap(FontFace *f, hb_font_t *font, unsigned upem) {
  f->notdef_width = (int)((unsigned)hb_font_get_glyph_h_advance(font, 0) * 1000 / upem);
  hb_set_t *codes = hb_set_create();
  hb_face_collect_unicodes(hb_font_get_face(font), codes);
  // The face's characters below NCODES, then their glyphs and advances in
  // two calls (one call per character costs more than the lookups).
  unsigned n = 0, cap = hb_set_get_population(codes);
  hb_codepoint_t *cps = xcalloc(cap ? cap : 1, sizeof *cps);
  hb_codepoint_t *glyphs = xcalloc(cap ? cap : 1, sizeof *glyphs);
  hb_position_t *advances = xcalloc(cap ? cap : 1, sizeof *advances);
  for (hb_codepoint_t c = HB_SET_VALUE_INVALID; hb_set_next(codes, &c) && c < NCODES && n < cap;)
    cps[n++] = c;
  // hb_font_get_nominal_glyphs stops at a character it cannot map: go on
  // after it.
  for (unsigned i = 0; i < n;) {
    unsigned k = hb_font_get_nominal_glyphs(font, n - i, cps + i, sizeof *cps, glyphs + i,
                                            sizeof *glyphs);
    i += k;
    if (i < n)
      glyphs[i++] = 0;
  }
  hb_font_get_glyph_h_advances(font, n, glyphs, sizeof *glyphs, advances, sizeof *advances);
  for (unsigned i = 0; i < n; i++)
    if (glyphs[i] > 0 && glyphs[i] < NCODES) {
      code_set(&f->glyph, (int)cps[i], (uint16_t)glyphs[i]);
      code_set(&f->width, (int)cps[i], (uint16_t)((unsigned)advances[i] * 1000 / upem));
    }
  free(cps);
  free(glyphs);
  free(advances);
  hb_set_destroy(codes);
}

static int kern_order(const void *a, const void *b) {
  uint32_t x = ((const KernPair *)a)->glyphs, y = ((const KernPair *)b)->glyphs;
  return x < y ? -1 : x > y;
}

// The horizontal pairs of the 'kern' table (version 0, format 0 subtables:
// what Times New Roman and Liberation Serif carry).
static void read_kern(FontFace *f, hb_face_t *face, unsigned upem) {
  hb_blob_t *kern = hb_face_reference_table(face, HB_TAG('k', 'e', 'r', 'n'));
  unsigned n = 0;
  const unsigned char *d = (const unsigned char *)hb_blob_get_data(kern, &n);
  if (n >= 4 && read_u16(d) == 0) {
    unsigned ntables = read_u16(d + 2), at = 4;
    for (unsigned t = 0; t < ntables && at + 6 <= n; t++) {
      unsigned length = read_u16(d + at + 2), coverage = read_u16(d + at + 4);
      // format 0, horizontal, not minimum values, not cross-stream
      if ((coverage >> 8) == 0 && (coverage & 7) == 1 && at + 14 <= n) {
        unsigned npairs = read_u16(d + at + 6);
        const unsigned char *p = d + at + 14;
        if (p + 6 * (size_t)npairs <= d + n) {
          f->kern = xrealloc(f->kern, sizeof *f->kern * ((size_t)f->nkern + npairs + 1));
          for (unsigned i = 0; i < npairs; i++, p += 6) {
            int v = thousandths((int16_t)read_u16(p + 4), upem);
            if (v)
              f->kern[f->nkern++] = (KernPair){(uint32_t)read_u16(p) << 16 | read_u16(p + 2), v};
          }
        }
      }
      if (length < 6)
        break;
      at += length;
    }
    if (f->nkern) {
      qsort(f->kern, (size_t)f->nkern, sizeof *f->kern, kern_order);
      // Most characters start or end no pair: two bit sets say so at once.
      f->kern_left = xcalloc(NCODES / 8, 1);
      f->kern_right = xcalloc(NCODES / 8, 1);
      for (int i = 0; i < f->nkern; i++) {
        unsigned l = f->kern[i].glyphs >> 16, r = f->kern[i].glyphs & 0xFFFF;
        f->kern_left[l / 8] |= (uint8_t)(1u << l % 8);
        f->kern_right[r / 8] |= (uint8_t)(1u << r % 8);
      }
    }
  }
  hb_blob_destroy(kern);
}

static bool read_face(FontFace *f, const char *family) {
  f->blob = hb_blob_create_from_file_or_fail(f->path);
  if (!f->blob)
    return false;
  hb_face_t *face = hb_face_create(f->blob, (unsigned)f->index);
  unsigned upem = hb_face_get_upem(face);
  bool ok = hb_face_get_glyph_count(face) > 0 && upem > 0;
  if (ok) {
    hb_font_t *font = hb_font_create(face); // scale: font units
    read_cmap(f, font, upem);
    read_metrics(f, font, upem);
    hb_font_destroy(font);
    read_tables(f, face, upem);
    read_kern(f, face, upem);
    read_ps_name(f, face, family);
  }
  hb_face_destroy(face);
  return ok;
}

static void forget_faces(Fonts *f) {
  for (int i = 0; i < FONT_FACES; i++) {
    FontFace *ff = &f->face[i];
    free(ff->path);
    code_table_free(&ff->glyph);
    code_table_free(&ff->width);
    free(ff->kern);
    free(ff->kern_left);
    free(ff->kern_right);
    hb_blob_destroy(ff->blob);
    *ff = (FontFace){0};
  }
}

// All four faces of family, found and read; false (nothing kept) otherwise.
static bool find_family(Fonts *f, const char *family) {
  for (int k = 0; k < FONT_FACES; k++)
    if (!match_face(family, k, &f->face[k]) || !read_face(&f->face[k], family)) {
      forget_faces(f);
      return false;
    }
  f->family = family;
  return true;
}

// The families asked for, as the font cache's request line.
static const char *REQUEST = "Times New Roman, Liberation Serif, Tinos (TrueType, 4 faces)";
enum { NFAMILIES = sizeof FAMILIES / sizeof *FAMILIES };

// The four faces fontconfig chose last time, read, when the font cache
// says nothing it depended on changed; false (nothing kept) otherwise.
static bool find_cached(Fonts *f) {
  FontChoice c;
  if (!font_cache_load(REQUEST, FAMILIES, NFAMILIES, &c))
    return false;
  const char *family = FAMILIES[c.family];
  bool ok = true;
  for (int k = 0; k < FONT_FACES; k++) {
    f->face[k].path = c.path[k]; // f owns it now
    c.path[k] = NULL;
    f->face[k].index = c.index[k];
    f->face[k].italic = k & STYLE_ITALIC;
    ok = ok && read_face(&f->face[k], family);
  }
  if (!ok)
    forget_faces(f);
  else
    f->family = family, f->cached = true;
  return ok;
}

static void store_choice(const Fonts *f) {
  FontChoice c = {.family = -1};
  for (int k = 0; k < FONT_FACES; k++) {
    c.path[k] = f->face[k].path;
    c.index[k] = f->face[k].index;
  }
  font_cache_store(REQUEST, f->family, &c);
}

Fonts *fonts_find(void) {
  Fonts *f = xcalloc(1, sizeof *f);
  if (find_cached(f))
    return f;
  if (!FcInit()) {
    free(f);
    return NULL;
  }
  bool found = false;
  for (size_t k = 0; k < NFAMILIES && !found; k++)
    found = find_family(f, FAMILIES[k]);
  if (found)
    store_choice(f);
  FcFini(); // fontconfig's caches: nothing of fontconfig is kept
  if (!found) {
    free(f);
    return NULL;
  }
  return f;
}

void fonts_free(Fonts *f) {
  if (!f)
    return;
  forget_faces(f);
  free(f);
}

const char *fonts_family(const Fonts *f) { return f ? f->family : NULL; }

bool fonts_cached(const Fonts *f) { return f && f->cached; }

const char *fonts_file(const Fonts *f, int face) {
  return f && face >= 0 && face < FONT_FACES ? f->face[face].path : NULL;
}

bool fonts_has_char(const Fonts *f, int face, int32_t cp) {
  return cp >= 0 && cp < NCODES && code_get(&f->face[face].glyph, cp) != 0;
}

// The code of the character at s[*i] as measured and drawn (its Unicode
// value; beyond the BMP too: the faces map none there, so it is drawn as
// .notdef, as wide, and words.c warns [missing-glyph]), moving *i past it;
// -1 for a byte that is not UTF-8.
static int next_code(const char *s, size_t len, size_t *i) {
  int32_t cp;
  int n = utf8_decode(s + *i, len - *i, &cp);
  if (n < 0) {
    (*i)++;
    return -1;
  }
  *i += (size_t)n;
  return (int)cp;
}

static int code_width(const FontFace *f, int c) {
  return code_get(&f->glyph, c) ? code_get(&f->width, c) : f->notdef_width;
}

// The kerning of the pair a, b (thousandths of the size), 0 when the face
// has none for it. Never around a space: words are placed apart from their
// spaces, and joining two on a line must not move them.
static int kern_of(const FontFace *f, int a, int b) {
  if (!f->nkern || a == ' ' || b == ' ')
    return 0;
  uint32_t ga = code_get(&f->glyph, a);
  if (!ga || !(f->kern_left[ga / 8] & 1u << ga % 8))
    return 0;
  uint32_t gb = code_get(&f->glyph, b);
  if (!gb || !(f->kern_right[gb / 8] & 1u << gb % 8))
    return 0;
  KernPair key = {ga << 16 | gb, 0};
  const KernPair *k = bsearch(&key, f->kern, (size_t)f->nkern, sizeof *f->kern, kern_order);
  return k ? k->value : 0;
}

int fonts_kern(const Fonts *f, int face, int32_t a, int32_t b) {
  return kern_of(&f->face[face], a, b);
}

int fonts_width(const Fonts *f, int face, const char *s, size_t len) {
  int w = 0, prev = -1;
  for (size_t i = 0; i < len;) {
    int c = next_code(s, len, &i);
    if (c >= 0)
      w += code_width(&f->face[face], c) + (prev >= 0 ? kern_of(&f->face[face], prev, c) : 0);
    prev = c;
  }
  return w;
}

//
// One document's fonts
//

// One face in one document. Its codes are CIDs given in the order the
// characters are first drawn (1, 2, 3, ...; 0 is .notdef): dense, so the
// widths are one run and the CIDToGIDMap is short, and a code's high byte
// is nearly always 0, which compresses.
typedef struct FaceUse {
  PdfObj *type0;   // made on the face's first use
  CodeTable cid;     // the CID of each character, 0 when not drawn
  uint32_t *chars;   // [n + 1]: the character of each CID
  int n, cap;
  // Results of the subsetter, kept here until written so that a libharu
  // error (a longjmp out of font_use_write) leaks nothing.
  Buf program;
  uint16_t *cid_to_gid; // [n + 1]
} FaceUse;

struct FontUse {
  const Fonts *fonts;
  PdfDoc *doc;
  FaceUse face[FONT_FACES];
};

FontUse *font_use_new(const Fonts *fonts, PdfDoc *doc) {
  FontUse *u = xcalloc(1, sizeof *u);
  u->fonts = fonts;
  u->doc = doc;
  for (int k = 0; k < FONT_FACES; k++)
    buf_init(&u->face[k].program);
  return u;
}

void font_use_free(FontUse *u) {
  if (!u)
    return;
  for (int k = 0; k < FONT_FACES; k++) {
    FaceUse *f = &u->face[k];
    code_table_free(&f->cid);
    free(f->chars);
    buf_free(&f->program);
    free(f->cid_to_gid);
  }
  free(u);
}

// The CID of character c in face f, given now if c was not drawn before.
// When every 16-bit CID is given, a new character draws as .notdef.
static unsigned cid_of(FaceUse *f, int c) {
  unsigned cid = code_get(&f->cid, c);
  if (!cid && f->n + 1 >= NCODES)
    return 0; // every CID given: .notdef
  if (!cid) {
    if (f->n + 1 >= f->cap) {
      f->cap = f->cap ? 2 * f->cap : 256;
      f->chars = xrealloc(f->chars, sizeof *f->chars * (size_t)f->cap);
    }
    f->chars[++f->n] = (uint32_t)c;
    code_set(&f->cid, c, (uint16_t)f->n);
    cid = (unsigned)f->n;
  }
  return cid;
}

void font_use_encode(FontUse *u, int face, const char *s, size_t len, Buf *codes) {
  for (size_t i = 0; i < len;) {
    int c = next_code(s, len, &i);
    if (c < 0 || (c >= 0xD800 && c <= 0xDFFF))
      continue;
    unsigned cid = cid_of(&u->face[face], c);
    unsigned char be[2] = {(unsigned char)(cid >> 8), (unsigned char)cid};
    buf_put(codes, be, 2);
  }
}

// The page's /Resources /Font dictionary, made when missing.
static PdfObj *page_fonts(FontUse *u, PdfObj *page) {
  PdfObj *res = pdfobj_get_dict(page, "Resources");
  if (!res) {
    res = pdfobj_dict(u->doc, false);
    pdfobj_put(page, "Resources", res);
  }
  PdfObj *fonts = pdfobj_get_dict(res, "Font");
  if (!fonts) {
    fonts = pdfobj_dict(u->doc, false);
    pdfobj_put(res, "Font", fonts);
  }
  return fonts;
}

const char *font_use_select(FontUse *u, PdfObj *page, int face) {
  FaceUse *f = &u->face[face];
  if (!f->type0) {
    f->type0 = pdfobj_dict(u->doc, true);
  }
  PdfObj *fonts = page_fonts(u, page);
  const char *name = RESOURCE_NAMES[face];
  if (!pdfobj_get_dict(fonts, name))
    pdfobj_put(fonts, name, f->type0);
  return name;
}

//
// Writing a face used: subset, widths, CIDToGIDMap, ToUnicode, descriptor
//

// The subsetter's input: the glyphs of the characters drawn (and the
// characters, so that the subset keeps a small cmap for tools that look),
// no hinting, no layout tables or names (a PDF places every glyph itself).
static hb_subset_input_t *subset_input(const FontUse *u, int face) {
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in)
    return NULL;
  const FontFace *f = &u->fonts->face[face];
  const FaceUse *fu = &u->face[face];
  hb_set_t *glyphs = hb_subset_input_glyph_set(in);
  hb_set_t *codes = hb_subset_input_unicode_set(in);
  hb_set_add(glyphs, 0); // .notdef
  for (int k = 1; k <= fu->n; k++) {
    hb_set_add(glyphs, code_get(&f->glyph, fu->chars[k]));
    hb_set_add(codes, fu->chars[k]);
  }
  hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
  static const char *const dropped[] = {"GSUB", "GPOS", "GDEF", "kern", "DSIG",
                                        "name", "hdmx", "LTSH", "VDMX", "gasp"};
  for (size_t i = 0; i < sizeof dropped / sizeof *dropped; i++)
    hb_set_add(drop, hb_tag_from_string(dropped[i], 4));
  hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
  return in;
}

// Subsets face to the characters drawn, into its program, and maps each CID
// to its glyph in the subset. False when HarfBuzz fails.
static bool subset_face(FontUse *u, int face) {
  const FontFace *f = &u->fonts->face[face];
  FaceUse *fu = &u->face[face];
  // A face of its own: HarfBuzz loads a face's tables when first asked,
  // so one shared by threads would be written by them.
  hb_face_t *own = hb_face_create(f->blob, (unsigned)f->index);
  hb_subset_input_t *in = subset_input(u, face);
  hb_subset_plan_t *plan = in ? hb_subset_plan_create_or_fail(own, in) : NULL;
  hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
  hb_blob_t *out = sub ? hb_face_reference_blob(sub) : NULL;
  unsigned len = 0;
  const char *data = out ? hb_blob_get_data(out, &len) : NULL;
  bool ok = data && len;
  if (ok) {
    buf_put(&fu->program, data, len);
    const hb_map_t *old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
    fu->cid_to_gid = xcalloc((size_t)fu->n + 1, sizeof *fu->cid_to_gid);
    for (int k = 1; k <= fu->n; k++) {
      hb_codepoint_t g = hb_map_get(old_to_new, code_get(&f->glyph, fu->chars[k]));
      fu->cid_to_gid[k] = g == HB_MAP_VALUE_INVALID ? 0 : (uint16_t)g;
    }
  }
  hb_blob_destroy(out);
  hb_face_destroy(sub);
  hb_subset_plan_destroy(plan);
  hb_subset_input_destroy(in);
  hb_face_destroy(own);
  return ok;
}

// [1 [w1 w2 ... wn]]: the widths of CIDs 1 to n, in thousandths.
static PdfObj *widths(FontUse *u, int face) {
  const FontFace *f = &u->fonts->face[face];
  const FaceUse *fu = &u->face[face];
  PdfObj *w = pdfobj_array(u->doc);
  PdfObj *run = pdfobj_array(u->doc);
  pdfobj_push_int(w, 1);
  pdfobj_push(w, run);
  for (int k = 1; k <= fu->n; k++)
    pdfobj_push_int(run, code_width(f, fu->chars[k]));
  return w;
}

static PdfObj *cid_to_gid_map(FontUse *u, int face) {
  const FaceUse *fu = &u->face[face];
  Buf b;
  buf_init(&b);
  for (int k = 0; k <= fu->n; k++) {
    unsigned char be[2] = {(unsigned char)(fu->cid_to_gid[k] >> 8),
                           (unsigned char)fu->cid_to_gid[k]};
    buf_put(&b, be, 2);
  }
  PdfObj *s = pdfobj_stream(u->doc, b.data, b.len, true);
  buf_free(&b);
  return s;
}

// The CMap from CIDs to the characters they draw: bfchar entries, at most
// 100 per block (runs of consecutive CIDs and characters as bfrange).
static PdfObj *to_unicode(FontUse *u, int face) {
  const FaceUse *fu = &u->face[face];
  Buf b, block;
  buf_init(&b);
  buf_init(&block);
  buf_puts(&b, "/CIDInit /ProcSet findresource begin\n"
               "12 dict begin\n"
               "begincmap\n"
               "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
               "/CMapName /Adobe-Identity-UCS def\n"
               "/CMapType 2 def\n"
               "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
  int in_block = 0;
  for (int k = 1; k <= fu->n; k++) {
    buf_putc(&block, '<');
    buf_put_hex4(&block, (unsigned)k);
    buf_puts(&block, "> <");
    if (fu->chars[k] >= 0x10000) { // UTF-16: a surrogate pair
      buf_put_hex4(&block, 0xD800 + ((fu->chars[k] - 0x10000) >> 10));
      buf_put_hex4(&block, 0xDC00 + ((fu->chars[k] - 0x10000) & 0x3FF));
    } else {
      buf_put_hex4(&block, fu->chars[k]);
    }
    buf_puts(&block, ">\n");
    if (++in_block == 100 || k == fu->n) {
      buf_printf(&b, "%d beginbfchar\n%sendbfchar\n", in_block, block.data);
      buf_clear(&block);
      in_block = 0;
    }
  }
  buf_puts(&b, "endcmap\n"
               "CMapName currentdict /CMap defineresource pop\n"
               "end\nend\n");
  PdfObj *s = pdfobj_stream(u->doc, b.data, b.len, true);
  buf_free(&block);
  buf_free(&b);
  return s;
}

// "ABCDEF+LiberationSerif": a subset's name, its tag derived from the
// characters it holds (the same characters give the same name, so builds
// are reproducible).
static char *subset_name(FontUse *u, int face, char *name, size_t size) {
  const FaceUse *fu = &u->face[face];
  uint64_t h = 1469598103934665603ull ^ (uint64_t)face;
  for (int k = 1; k <= fu->n; k++)
    h = (h ^ fu->chars[k]) * 1099511628211ull;
  char tag[7];
  for (int i = 0; i < 6; i++, h /= 26)
    tag[i] = (char)('A' + h % 26);
  tag[6] = '\0';
  snprintf(name, size, "%s+%s", tag, u->fonts->face[face].ps_name);
  return name;
}

static PdfObj *int_array(FontUse *u, const int *v, int n) {
  PdfObj *a = pdfobj_array(u->doc);
  for (int i = 0; i < n; i++)
    pdfobj_push_int(a, v[i]);
  return a;
}

static PdfObj *descriptor(FontUse *u, int face, const char *name) {
  const FontFace *f = &u->fonts->face[face];
  const Buf *program = &u->face[face].program;
  PdfObj *d = pdfobj_dict(u->doc, true);
  pdfobj_put_name(d, "Type", "FontDescriptor");
  pdfobj_put_name(d, "FontName", name);
  // Serif, Nonsymbolic, and Italic for the italic faces.
  pdfobj_put_int(d, "Flags", 2 | 32 | (f->italic ? 64 : 0));
  pdfobj_put(d, "FontBBox", int_array(u, f->bbox, 4));
  pdfobj_put_real(d, "ItalicAngle", f->italic_angle);
  pdfobj_put_int(d, "Ascent", f->ascent);
  pdfobj_put_int(d, "Descent", f->descent);
  pdfobj_put_int(d, "CapHeight", f->cap_height);
  pdfobj_put_int(d, "XHeight", f->x_height);
  pdfobj_put_int(d, "StemV", f->stem_v);
  PdfObj *file = pdfobj_stream(u->doc, program->data, program->len, true);
  pdfobj_put_int(file, "Length1", (long)program->len);
  pdfobj_put(d, "FontFile2", file);
  return d;
}

static PdfObj *cid_font(FontUse *u, int face, const char *name) {
  PdfObj *cid = pdfobj_dict(u->doc, true);
  pdfobj_put_name(cid, "Type", "Font");
  pdfobj_put_name(cid, "Subtype", "CIDFontType2");
  pdfobj_put_name(cid, "BaseFont", name);
  PdfObj *info = pdfobj_dict(u->doc, false);
  pdfobj_put_ascii(u->doc, info, "Registry", "Adobe");
  pdfobj_put_ascii(u->doc, info, "Ordering", "Identity");
  pdfobj_put_int(info, "Supplement", 0);
  pdfobj_put(cid, "CIDSystemInfo", info);
  pdfobj_put(cid, "FontDescriptor", descriptor(u, face, name));
  pdfobj_put_int(cid, "DW", u->fonts->face[face].notdef_width);
  pdfobj_put(cid, "W", widths(u, face));
  pdfobj_put(cid, "CIDToGIDMap", cid_to_gid_map(u, face));
  return cid;
}

static void write_face(FontUse *u, int face) {
  char name[96];
  subset_name(u, face, name, sizeof name);
  PdfObj *t = u->face[face].type0;
  pdfobj_put_name(t, "Type", "Font");
  pdfobj_put_name(t, "Subtype", "Type0");
  pdfobj_put_name(t, "BaseFont", name);
  pdfobj_put_name(t, "Encoding", "Identity-H");
  PdfObj *desc = pdfobj_array(u->doc);
  pdfobj_push(desc, cid_font(u, face, name));
  pdfobj_put(t, "DescendantFonts", desc);
  pdfobj_put(t, "ToUnicode", to_unicode(u, face));
}

bool font_use_write(FontUse *u, PdfObj **fonts) {
  bool ok = true;
  for (int k = 0; k < FONT_FACES; k++) {
    fonts[k] = u->face[k].type0;
    if (u->face[k].type0) {
      if (subset_face(u, k))
        write_face(u, k);
      else
        ok = false;
    }
  }
  return ok;
}
