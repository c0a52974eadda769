// Unit tests for font.c: kerning pairs in measures, characters beyond the
// BMP (the family fontconfig finds: Times New Roman or Liberation Serif
// carry a kern table; Tinos has none, and then no pair kerns).
#include "kehoach.h"
#include "unit.h"

#include <string.h>

static int width(const Fonts *f, int face, const char *s) {
  return fonts_width(f, face, s, strlen(s));
}

int main(void) {
  Fonts *f = fonts_find();
  CHECK(f != NULL);
  if (!f)
    return UNIT_END();
  bool kerned = strcmp(fonts_family(f), "Tinos") != 0;
  for (int face = 0; face < FONT_FACES; face++) {
    int av = fonts_kern(f, face, 'A', 'V');
    if (kerned)
      CHECK(av < 0); // "AV" closes up in every face of Times New Roman
    CHECK(width(f, face, "AV") == width(f, face, "A") + width(f, face, "V") + av);
    // never around a space: words are placed apart from their spaces
    CHECK(fonts_kern(f, face, 'A', ' ') == 0 && fonts_kern(f, face, ' ', 'A') == 0);
    CHECK(width(f, face, "A V") == width(f, face, "A") + width(f, face, " ") + width(f, face, "V"));
    CHECK(fonts_kern(f, face, 'x', 'x') == 0);
  }
  // Beyond the BMP: no glyph, measured as .notdef (not as a space), and a
  // pair with it never kerns.
  CHECK(!fonts_has_char(f, 0, 0x1F600));
  CHECK(width(f, 0, "\xF0\x9F\x98\x80") > 0);
  CHECK(width(f, 0, "\xF0\x9F\x98\x80") != width(f, 0, " ") || width(f, 0, " ") == 0);
  CHECK(fonts_kern(f, 0, 'A', 0x1F600) == 0);
  fonts_free(f);
  return UNIT_END();
}
