// fontcache.c — which font files fontconfig chose, remembered with what
// that choice depended on, so that the next run can skip fontconfig.
//
// fontconfig reads its XML configuration (/etc/fonts and the user's) in
// every process that asks it anything: about 9 ms on a 2-core machine, a
// fifth of building one plan. Its answer depends on that configuration, on
// the font directories, on a few environment variables and on its own
// version. The cache file records all of them: the variables and versions
// as text, every configuration file and directory, every font directory
// and the chosen font files by device, inode, size and modification time
// (nanoseconds; an absent path as absent). A later run uses the file only
// when each of those is unchanged; otherwise it asks fontconfig again and
// rewrites the file (a temporary file renamed over it, so a reader never
// sees half of one). An unreadable, foreign or malformed file is a miss,
// never an error.
//
// Where: $XDG_CACHE_HOME/kehoach (else $HOME/.cache/kehoach), one file per
// environment (the name carries a hash of it). KEHOACH_FONT_CACHE=off
// turns the cache off.
#include "kehoach.h"

#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { CACHE_FORMAT = 1 };

// The environment variables fontconfig's answer depends on: where its
// configuration is, the user's directories, and the languages it prefers.
static const char *const ENV_NAMES[] = {
    "FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT", "HOME",
    "XDG_CONFIG_HOME", "XDG_DATA_HOME",   "FC_LANG",            "LC_ALL",
    "LC_CTYPE",        "LANG",            NULL};

static bool cache_disabled(void) {
  const char *v = getenv("KEHOACH_FONT_CACHE");
  return v && (strcmp(v, "off") == 0 || strcmp(v, "0") == 0 || strcmp(v, "no") == 0);
}

// True when s can be a field of a line of the file.
static bool field_ok(const char *s) { return !strpbrk(s, "\t\n"); }

// The file's first lines: what the choice was asked with. False when a
// value cannot be written on one line (then nothing is cached).
static bool make_key(const char *request, Buf *key) {
  buf_printf(key, "kehoach-font-cache %d\nfontconfig %d\nrequest %s\n", CACHE_FORMAT,
             FcGetVersion(), request);
  bool ok = field_ok(request);
  for (int i = 0; ENV_NAMES[i]; i++) {
    const char *v = getenv(ENV_NAMES[i]);
    ok = ok && (!v || field_ok(v));
    buf_printf(key, "env %s%s%s\n", ENV_NAMES[i], v ? "=" : "", v ? v : "");
  }
  return ok;
}

// The cache file's path for this key: one file per environment.
static bool cache_path(const Buf *key, Buf *path) {
  if (!xdg_path(path, "XDG_CACHE_HOME", ".cache", "kehoach"))
    return false;
  uint64_t h = 1469598103934665603ull; // FNV-1a
  for (size_t i = 0; i < key->len; i++)
    h = (h ^ (unsigned char)key->data[i]) * 1099511628211ull;
  buf_printf(path, "/fonts-%016llx", (unsigned long long)h);
  return true;
}

//
// Reading
//

// Reads one "face K INDEX PATH" line into c.
static bool read_face_line(const char *line, FontChoice *c) {
  int k, index, used = 0;
  if (sscanf(line, "face %d %d %n", &k, &index, &used) != 2 || used == 0 ||
      k < 0 || k >= FONT_FACES || c->path[k] || index < 0 || line[used] != '/')
    return false;
  c->path[k] = xstrdup(line + used);
  c->index[k] = index;
  return true;
}

bool font_cache_load(const char *request, const char *const *families, int nfamilies,
                     FontChoice *c) {
  *c = (FontChoice){.family = -1};
  if (cache_disabled())
    return false;
  Buf key, path;
  buf_init(&key);
  buf_init(&path);
  size_t len = 0;
  char *text = NULL;
  if (!make_key(request, &key) || !cache_path(&key, &path) ||
      read_file(path.data, 1 << 20, &text, &len) != 0)
    text = NULL;
  bool ok = text && len > key.len && memcmp(text, key.data, key.len) == 0 &&
            text[len - 1] == '\n';
  int faces = 0;
  bool ended = false;
  for (char *line = ok ? text + key.len : NULL, *next; ok && line < text + len; line = next) {
    next = memchr(line, '\n', (size_t)(text + len - line)); // found: text ends in \n
    *next++ = '\0';
    if (strlen(line) != (size_t)(next - 1 - line))
      ok = false; // a NUL byte inside the line
    if (ended)
      ok = false; // nothing after "end"
    else if (strncmp(line, "family ", 7) == 0)
      for (int i = 0; i < nfamilies; i++)
        c->family = strcmp(line + 7, families[i]) == 0 ? i : c->family;
    else if (strncmp(line, "face ", 5) == 0 && read_face_line(line, c))
      faces++;
    else if (strncmp(line, "face ", 5) == 0)
      ok = false;
    else if (strncmp(line, "stat ", 5) == 0)
      ok = path_stamp_holds(line);
    else
      ok = ended = strcmp(line, "end") == 0;
  }
  ok = ok && ended && faces == FONT_FACES && c->family >= 0;
  free(text);
  buf_free(&key);
  buf_free(&path);
  if (!ok)
    font_choice_free(c);
  return ok;
}

void font_choice_free(FontChoice *c) {
  for (int k = 0; k < FONT_FACES; k++) {
    free(c->path[k]);
    c->path[k] = NULL;
  }
}

//
// Writing
//

// A stamp for each path of a fontconfig list.
static void stamp_list(Buf *out, FcStrList *list) {
  if (!list)
    return;
  for (FcChar8 *s; (s = FcStrListNext(list));)
    if (field_ok((const char *)s))
      path_stamp(out, (const char *)s);
  FcStrListDone(list);
}

// The user's configuration where fontconfig looks for it by default; absent
// ones are stamped absent, so that creating one is seen.
static void stamp_user_config(Buf *out) {
  const char *home = getenv("HOME");
  Buf p;
  buf_init(&p);
  if (xdg_path(&p, "XDG_CONFIG_HOME", ".config", "fontconfig") && field_ok(p.data))
    path_stamp(out, p.data);
  if (home && *home == '/' && field_ok(home)) {
    buf_clear(&p);
    buf_printf(&p, "%s/.fonts.conf", home);
    path_stamp(out, p.data);
    buf_clear(&p);
    buf_printf(&p, "%s/.fonts.conf.d", home);
    path_stamp(out, p.data);
  }
  buf_free(&p);
}

void font_cache_store(const char *request, const char *family, const FontChoice *c) {
  if (cache_disabled() || !field_ok(family))
    return;
  Buf key, path, text;
  buf_init(&key);
  buf_init(&path);
  buf_init(&text);
  if (make_key(request, &key) && cache_path(&key, &path)) {
    buf_put(&text, key.data, key.len);
    buf_printf(&text, "family %s\n", family);
    bool ok = true;
    for (int k = 0; k < FONT_FACES; k++) {
      ok = ok && c->path[k] && c->path[k][0] == '/' && field_ok(c->path[k]);
      if (ok) {
        buf_printf(&text, "face %d %d %s\n", k, c->index[k], c->path[k]);
        path_stamp(&text, c->path[k]);
      }
    }
    FcConfig *config = FcConfigGetCurrent();
    stamp_list(&text, FcConfigGetConfigFiles(config));
    stamp_list(&text, FcConfigGetConfigDirs(config));
    stamp_list(&text, FcConfigGetFontDirs(config));
    stamp_user_config(&text);
    buf_puts(&text, "end\n");
    char *dir = xstrndup(path.data, (size_t)(strrchr(path.data, '/') - path.data));
    if (ok && make_dirs(dir, 0700) == 0)
      write_file_atomic(path.data, text.data, text.len);
    free(dir);
  }
  buf_free(&key);
  buf_free(&path);
  buf_free(&text);
}
