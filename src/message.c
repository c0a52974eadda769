// message.c — the language of messages, through gettext.
//
// Every user-facing message is written in the source as one bilingual
// format, "tiếng Việt / English", with the Vietnamese part first and the
// same arguments again for the English part. By default both are printed,
// as Vietnamese officers and English-reading maintainers share a terminal.
// A locale chooses one: vi_* prints the Vietnamese part, looked up in the
// gettext catalogue "kehoach" (msgid: the English format; po/vi.po, built
// with msgfmt and installed under share/locale) so that wording can be
// changed without a rebuild; en_* prints the English part. Rule ids and
// positions are the same in every language.
#include "kehoach.h"

#include <libintl.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char DOMAIN[] = "kehoach";
static const char SEPARATOR[] = " / ";

// vi* -> Vietnamese, en* -> English, anything else -> both.
static MessageLang lang_of(const char *v) {
  if (strncmp(v, "vi", 2) == 0 && (v[2] == '\0' || v[2] == '_' || v[2] == '.' || v[2] == ':'))
    return LANG_VI;
  if (strncmp(v, "en", 2) == 0 && (v[2] == '\0' || v[2] == '_' || v[2] == '.' || v[2] == ':'))
    return LANG_EN;
  return LANG_BOTH;
}

MessageLang message_lang_from_env(void) {
  // POSIX precedence: LC_ALL, then LC_MESSAGES, then LANG; and, as in GNU
  // gettext, LANGUAGE (a priority list, "vi:en") before them unless the
  // locale is C.
  static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  const char *locale = NULL;
  for (size_t i = 0; i < sizeof vars / sizeof vars[0] && !locale; i++) {
    const char *v = getenv(vars[i]);
    if (v && *v)
      locale = v;
  }
  bool c_locale = !locale || strcmp(locale, "C") == 0 || strcmp(locale, "POSIX") == 0 ||
                  strncmp(locale, "C.", 2) == 0;
  const char *language = getenv("LANGUAGE");
  if (!c_locale && language && *language)
    return lang_of(language);
  return locale ? lang_of(locale) : LANG_BOTH;
}

static bool is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

void message_bind_catalogue(const char *exe_dir, const char *fallback) {
  setlocale(LC_MESSAGES, "");
  const char *dir = getenv("KEHOACH_LOCALEDIR");
  char *found = NULL;
  if (!(dir && *dir) && exe_dir) {
    // A build tree keeps its catalogue in build/locale; an install in
    // PREFIX/share/locale, found relative to PREFIX/bin.
    static const char *const rel[] = {"/build/locale", "/../share/locale"};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0] && !found; i++) {
      char *p = xmalloc(strlen(exe_dir) + strlen(rel[i]) + 1);
      sprintf(p, "%s%s", exe_dir, rel[i]);
      if (is_dir(p))
        found = p;
      else
        free(p);
    }
    dir = found;
  }
  bindtextdomain(DOMAIN, dir && *dir ? dir : fallback);
  bind_textdomain_codeset(DOMAIN, "UTF-8");
  free(found);
}

// Formats fmt with copies of ap, leaving ap itself unread, so that one
// argument list can be formatted several times.
static char *format_va(const char *fmt, va_list ap) {
  va_list measure, write;
  va_copy(measure, ap);
  va_copy(write, ap);
  int n = vsnprintf(NULL, 0, fmt, measure);
  char *s = xmalloc((size_t)(n > 0 ? n : 0) + 1);
  vsnprintf(s, (size_t)(n > 0 ? n : 0) + 1, fmt, write);
  s[n > 0 ? n : 0] = '\0';
  va_end(measure);
  va_end(write);
  return s;
}

// The printf conversions of fmt in order ("s", "d", "zu", ...), for
// checking that a translation consumes the arguments the source does.
static void conversions(const char *fmt, Buf *out) {
  for (const char *p = fmt; (p = strchr(p, '%'));) {
    p++;
    if (*p == '%') {
      p++;
      continue;
    }
    p += strspn(p, "-+ #0123456789.*");
    size_t n = strspn(p, "hlLqjzt");
    buf_put(out, p, n + 1);
    buf_putc(out, ',');
    p += n + (p[n] ? 1 : 0);
  }
}

static bool same_conversions(const char *a, const char *b) {
  Buf x, y;
  buf_init(&x);
  buf_init(&y);
  conversions(a, &x);
  conversions(b, &y);
  bool same = x.len == y.len && (x.len == 0 || memcmp(x.data, y.data, x.len) == 0);
  buf_free(&x);
  buf_free(&y);
  return same;
}

char *message_vformat(MessageLang lang, const char *fmt, va_list ap) {
  char *full = format_va(fmt, ap);
  if (lang == LANG_BOTH)
    return full;
  const char *sep = strstr(fmt, SEPARATOR);
  if (!sep) { // a preformatted bilingual text ("%s"): split the text
    char *cut = strstr(full, SEPARATOR);
    if (!cut)
      return full;
    char *part = lang == LANG_VI ? xstrndup(full, (size_t)(cut - full))
                                 : xstrdup(cut + strlen(SEPARATOR));
    free(full);
    return part;
  }
  // The Vietnamese part consumes the first arguments; the English part is
  // what follows it and the separator in the whole text.
  char *vi_fmt = xstrndup(fmt, (size_t)(sep - fmt));
  const char *en_fmt = sep + strlen(SEPARATOR);
  char *vi = format_va(vi_fmt, ap);
  size_t vn = strlen(vi);
  char *part;
  if (lang == LANG_EN) {
    bool aligned = strncmp(full, vi, vn) == 0 && strncmp(full + vn, SEPARATOR, 3) == 0;
    part = xstrdup(aligned ? full + vn + strlen(SEPARATOR) : full);
  } else {
    const char *tr = dgettext(DOMAIN, en_fmt);
    part = tr != en_fmt && same_conversions(tr, vi_fmt) ? format_va(tr, ap) : xstrdup(vi);
  }
  free(vi);
  free(vi_fmt);
  free(full);
  return part;
}

char *message_format(MessageLang lang, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = message_vformat(lang, fmt, ap);
  va_end(ap);
  return s;
}
