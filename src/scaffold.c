// scaffold.c — `kehoach new`: a starting plan for a commune.
//
// Consumes a template name and key=value settings (commune, year, province,
// title, signer); produces the YAML text of a plan that passes
// `kehoach check` and renders, with the agencies every commune has after the
// 2025 reform (two-level local government) and one example of each part the
// template prints, for the officer to edit.
#include "kehoach.h"

#include <string.h>

typedef struct Setting {
  const char *key;
  const char *value;
} Setting;

static const char *const SCAFFOLD_KEYS[] = {"commune", "year", "province",
                                            "title", "signer", NULL};

// The value of key, or fallback.
static const char *setting(const Setting *s, int n, const char *key,
                           const char *fallback) {
  for (int i = n - 1; i >= 0; i--)
    if (strcmp(s[i].key, key) == 0)
      return s[i].value;
  return fallback;
}

// YAML double-quoted scalar.
static void yaml_quote(Buf *b, const char *s) {
  buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      buf_putc(b, '\\');
    buf_putc(b, *s);
  }
  buf_putc(b, '"');
}

// Writes the document part; returns the title.
static const char *document_part(Buf *b, Arena *a, const Setting *s, int n,
                                 const char *tmpl) {
  const char *commune = setting(s, n, "commune", "Minh Khai");
  const char *year = setting(s, n, "year", "2026");
  bool strategy = strcmp(tmpl, "chien-luoc") == 0;
  const char *title =
      setting(s, n, "title",
              strategy ? arena_printf(a, "Triển khai thực hiện Chiến lược quốc gia về bình "
                                         "đẳng giới giai đoạn %s - 2030 trên địa bàn xã %s",
                                      year, commune)
                       : arena_printf(a, "Thực hiện công tác bình đẳng giới năm %s", year));
  buf_printf(b, "# Kế hoạch của xã %s — tạo bởi `kehoach new`; sửa nội dung rồi chạy\n"
                "# `kehoach check` (định dạng: docs/plan-format.md).\n"
                "kehoach: 1\ntemplate: %s\ninclude: []\ndocument:\n",
             commune, tmpl);
  const char *province = setting(s, n, "province", NULL);
  if (province) {
    buf_puts(b, "  parent: ");
    yaml_quote(b, arena_printf(a, "UBND %s", text_upper(a, province)));
    buf_putc(b, '\n');
  }
  buf_puts(b, "  authority: ");
  yaml_quote(b, arena_printf(a, "Ủy ban nhân dân xã %s", commune));
  buf_puts(b, "\n  authority_short: UBND xã\n  place: ");
  yaml_quote(b, commune);
  buf_printf(b, "\n  date: \"%s\"\n  title: ", year);
  yaml_quote(b, title);
  buf_printf(b, "\n  period: %s%s\n", year, strategy ? "-2030" : "");
  return title;
}

static const char AGENCIES[] =
    "agencies:\n"
    "  - {id: ubnd-xa, name: Ủy ban nhân dân xã, short: UBND xã}\n"
    "  - {id: phong-kinh-te, name: Phòng Kinh tế}\n"
    "  - {id: phong-vhxh, name: Phòng Văn hóa - Xã hội, short: Phòng VHXH}\n"
    "  - {id: trung-tam-dvc, name: Trung tâm Dịch vụ sự nghiệp công}\n"
    "  - {id: cong-an, name: Công an xã}\n"
    "  - {id: mttq, name: Ủy ban Mặt trận Tổ quốc Việt Nam xã, request: true}\n"
    "  - {id: hlhpn, name: Hội Liên hiệp Phụ nữ xã, request: true}\n"
    "  - {id: cac-co-quan, name: \"các cơ quan, đơn vị liên quan\"}\n";

// A printf format: %s takes the first task's `serves` line (or nothing).
static const char BODY_COMMON[] =
    "tasks:\n"
    "  - id: t-truyen-thong\n"
    "    title: Thông tin, giáo dục, truyền thông\n"
    "    text: Tuyên truyền chính sách, pháp luật trên hệ thống loa truyền thanh và "
    "trang thông tin điện tử của xã.\n"
    "    lead: phong-vhxh\n"
    "    with: [trung-tam-dvc, cac-co-quan]\n"
    "    timing: thường xuyên\n"
    "%s"
    "  - id: t-thang-hanh-dong\n"
    "    title: Tổ chức Tháng hành động\n"
    "    lead: phong-vhxh\n"
    "    with: [hlhpn]\n"
    "    timing: {from: \"11-15\", to: \"12-15\"}\n"
    "funding:\n"
    "  - Ngân sách nhà nước bố trí trong dự toán hằng năm và các nguồn hợp pháp khác.\n"
    "organization:\n"
    "  - agency: phong-vhxh\n"
    "    items:\n"
    "      - Chủ trì các nội dung {ref:t-truyen-thong} và {ref:t-thang-hanh-dong} "
    "thuộc mục {ref:tasks}; tổng hợp, báo cáo kết quả.\n"
    "  - agency: phong-kinh-te\n"
    "    items:\n"
    "      - Tham mưu bố trí kinh phí thực hiện Kế hoạch theo quy định.\n"
    "  - agency: trung-tam-dvc\n"
    "    items:\n"
    "      - Tuyên truyền trên hệ thống loa truyền thanh của xã.\n"
    "  - agency: cong-an\n"
    "    items:\n"
    "      - Phòng ngừa, xử lý các hành vi vi phạm theo quy định.\n"
    "  - agencies: [mttq, hlhpn]\n"
    "    items:\n"
    "      - Phối hợp tuyên truyền, giám sát việc thực hiện Kế hoạch.\n"
    "reporting:\n"
    "  deadline: {by: \"11-30\"}\n"
    "  to: ubnd-xa\n"
    "  via: phong-vhxh\n"
    "recipients:\n"
    "  - {name: Sở Nội vụ, purpose: b/c}\n"
    "  - {name: \"TT Đảng ủy, TT HĐND xã\", purpose: b/c}\n"
    "  - {agency: mttq}\n"
    "  - {agency: hlhpn}\n"
    "  - {agency: phong-vhxh}\n"
    "  - {agency: phong-kinh-te}\n"
    "  - {agency: trung-tam-dvc}\n"
    "  - {agency: cong-an}\n"
    "archive: [VT, VHXH]\n";

static void body_part(Buf *b, Arena *a, const char *tmpl, const char *title) {
  buf_puts(b, "intro: ");
  yaml_quote(b, arena_printf(a, "%s Kế hoạch %s",
                             strcmp(tmpl, "chien-luoc") == 0 ? "xây dựng" : "ban hành",
                             text_lower_first(a, title)));
  buf_putc(b, '\n');
  if (strcmp(tmpl, "chien-luoc") == 0)
    buf_puts(b, "objectives:\n"
                "  general: Thu hẹp khoảng cách giới trên địa bàn xã.\n"
                "  specific:\n"
                "    - title: Trong lĩnh vực chính trị\n"
                "      indicators:\n"
                "        - id: ct-lanh-dao-nu\n"
                "          text: Đến năm {year} {target} cơ quan, đơn vị có lãnh đạo "
                "chủ chốt là nữ.\n"
                "          target: {cmp: đạt, value: 75, unit: \"%\", year: 2030}\n");
  else
    buf_puts(b, "purpose:\n"
                "  - Nâng cao nhận thức, trách nhiệm của các cơ quan, đơn vị và Nhân dân.\n"
                "requirements:\n"
                "  - Các cơ quan, đơn vị triển khai đúng tiến độ, hiệu quả.\n");
  buf_printf(b, BODY_COMMON,
             strcmp(tmpl, "chien-luoc") == 0 ? "    serves: [ct-lanh-dao-nu]\n" : "");
}

bool scaffold_plan(Arena *a, const char *tmpl, const char **settings, int n,
                   Buf *out, const char **error) {
  if (strcmp(tmpl, "hang-nam") != 0 && strcmp(tmpl, "chien-luoc") != 0) {
    *error = "kehoach new biết mẫu hang-nam và chien-luoc / kehoach new knows "
             "the templates hang-nam and chien-luoc";
    return false;
  }
  Setting *s = arena_alloc(a, sizeof(Setting) * (size_t)(n ? n : 1));
  for (int i = 0; i < n; i++) {
    const char *eq = strchr(settings[i], '=');
    s[i].key = eq ? arena_strndup(a, settings[i], (size_t)(eq - settings[i])) : "";
    s[i].value = eq ? eq + 1 : "";
    bool known = false;
    for (int k = 0; SCAFFOLD_KEYS[k]; k++)
      known |= strcmp(s[i].key, SCAFFOLD_KEYS[k]) == 0;
    if (!known || !*s[i].value) {
      *error = arena_printf(a, "--set '%s': cần khóa=giá trị với khóa là commune, "
                               "year, province, title hoặc signer / expected key=value "
                               "with key commune, year, province, title or signer",
                            settings[i]);
      return false;
    }
  }
  const char *year = setting(s, n, "year", "2026");
  if (strlen(year) != 4 || strspn(year, "0123456789") != 4 || year[0] < '1' ||
      year[0] > '2') {
    *error = "--set year=YYYY: năm có 4 chữ số / a four-digit year";
    return false;
  }
  const char *title = document_part(out, a, s, n, tmpl);
  buf_puts(out, AGENCIES);
  body_part(out, a, tmpl, title);
  buf_puts(out, "signature:\n  on_behalf: ỦY BAN NHÂN DÂN\n  for: CHỦ TỊCH\n"
                "  title: PHÓ CHỦ TỊCH\n  name: ");
  yaml_quote(out, setting(s, n, "signer", "Nguyễn Văn A"));
  buf_putc(out, '\n');
  return true;
}
