// nd30.h — the numbers of Nghị định 30/2020/NĐ-CP (Phụ lục I) as kehoach
// sets them: page, margins, type sizes per element, spacing, the header's
// and end block's geometry. One place for both back ends that lay the page
// out: the PDF (src/pdf/) and the DOCX (src/docx.c), so that the two agree.
// Points throughout (1 mm = 72 / 25.4 pt); a DOCX converts to twentieths.
#ifndef KEHOACH_ND30_H
#define KEHOACH_ND30_H

// Each file uses some of them.
#define ND30_UNUSED __attribute__((unused))

#define MM (72.0 / 25.4)

// A4 portrait.
static const double ND30_UNUSED PAGE_W = 595.276, PAGE_H = 841.89;
// Margins: 20 mm top and bottom, 30 mm left, 15 mm right — the lower ends
// of the decree's ranges (20–25 / 20–25 / 30–35 / 15–20 mm).
static const double ND30_UNUSED MARGIN_TOP = 20 * MM, MARGIN_BOTTOM = 20 * MM,
                    MARGIN_LEFT = 30 * MM, MARGIN_RIGHT = 15 * MM;

static const double ND30_UNUSED BODY_SIZE = 14;        // body text
static const double ND30_UNUSED BODY_LEADING = 1.2;    // line height / size (1.0–1.5)
static const double ND30_UNUSED LINE_LEADING = 1.15;   // header, end block, notes, tables
static const double ND30_UNUSED PARA_SPACE = 6;        // above each paragraph (>= 6 pt)
static const double ND30_UNUSED FIRST_INDENT = 10 * MM; // first-line indent, 1 cm
static const double ND30_UNUSED AUTHORITY_SIZE = 13;   // cơ quan chủ quản and ban hành
static const double ND30_UNUSED NATION_SIZE = 13;      // Quốc hiệu (12 when 13 is too wide)
static const double ND30_UNUSED NUMBER_SIZE = 13;      // "Số: .../KH-UBND"
static const double ND30_UNUSED DATE_SIZE = 14;        // place and date, italic
static const double ND30_UNUSED TITLE_SIZE = 14;       // "KẾ HOẠCH" and trích yếu
static const double ND30_UNUSED PAGE_NUMBER_SIZE = 14;
static const double ND30_UNUSED NOTE_SIZE = 10;        // footnotes
static const double ND30_UNUSED LABEL_SIZE = 12;       // "Nơi nhận:", bold italic
static const double ND30_UNUSED RECIPIENT_SIZE = 11;
static const double ND30_UNUSED SIGN_SIZE = 14;        // signer's title and name, bold
static const double ND30_UNUSED TABLE_SIZE = 12;       // appendix tables
static const double ND30_UNUSED LEFT_COLUMN = 0.40;    // header and end block split
static const double ND30_UNUSED COLUMN_PAD = 3;        // text keeps off a column's edges
static const double ND30_UNUSED RULE_WIDTH = 0.6;      // thickness of every rule
static const double ND30_UNUSED SHORT_RULE = 0.4;      // short rules: 1/3–1/2 of their line
static const double ND30_UNUSED RULE_GAP = 3;          // from a line's slot to its rule
static const double ND30_UNUSED HEADER_AFTER = 14;     // from the title rule to the body
static const double ND30_UNUSED SIGN_SPACE = 25 * MM;  // room to sign
static const double ND30_UNUSED END_SPACE = 12;        // above the end block
static const double ND30_UNUSED NOTE_RULE = 1.0 / 3;   // footnote separator / text width
static const double ND30_UNUSED CELL_PAD_X = 3, CELL_PAD_Y = 2;

#endif
