// spell.c — Vietnamese spelling with Hunspell and Debian's dictionary
// (hunspell-vi: /usr/share/hunspell/vi_VN.aff, vi_VN.dic).
//
// One Speller per process, shared by every plan and every -j thread. The
// dictionary is looked at on the first word asked about (a run that checks
// no text never pays for it); when its files are absent or unreadable the
// speller is unavailable and every answer is "unknown": the rule is silently
// off, never an error.
//
// Hunspell is not documented as thread-safe, so one mutex guards the handle
// and the cache of answers (word -> correct or not) that spares Hunspell
// words asked before: a corpus of plans asks the same few thousand
// syllables over and over. The cache also keeps one byte of the caller's
// per word (speller_memo: lint.c's verdicts, so that a word is judged once
// per process, not once per plan). The callers keep a cache of their own
// per plan (lint.c), so the mutex is taken about once per distinct word of
// a plan.
//
// Hunspell_create costs about 4 ms (it fills a table of the whole BMP
// before it reads the 6,600 words), as much as the rest of a `check` of a
// plan. So Hunspell's answers also outlive the process: a file in the
// user's cache directory ($XDG_CACHE_HOME/kehoach, else ~/.cache/kehoach;
// KEHOACH_SPELL_CACHE=off turns it off) holds the words asked with their
// answers, under the dictionary's two files' stamps (device, inode, size,
// modification time: any change to the dictionary is a miss). A process
// whose words are all in the file never loads Hunspell; one that asked
// Hunspell anything rewrites the file at the end (a temporary renamed over
// it), keeping at most CACHE_MAX_WORDS words. An unreadable, foreign or
// malformed file is a miss, never an error.
#include "kehoach.h"

#include <hunspell.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
  MAX_WORD = 64, // bytes: a longer word is never asked
  CACHE_FORMAT = 1,
  CACHE_MAX_WORDS = 1 << 15,
  CACHE_MAX_BYTES = 1 << 20,
};

typedef struct {
  char *w;       // owned
  unsigned hash, len;
  signed char correct; // Hunspell's answer: 1, 0, or -1 not asked yet
  unsigned char memo;  // the caller's own (speller_memo), 0 for none
  bool suggested;      // Hunspell was asked for a suggestion: sugg (NULL: none)
  char *sugg;          // owned
} Answer;

struct Speller {
  pthread_mutex_t lock;
  char *aff, *dic;  // the dictionary's files
  bool tried;       // the dictionary's files and the cache file were looked at
  bool usable;      // they are there (and Hunspell loaded, or the cache answers)
  bool loaded;      // Hunspell_create was tried
  Hunhandle *h;     // NULL: not loaded, or unavailable
  Answer *answers;  // open addressing, cap a power of two
  unsigned nanswers, cap;
  Buf key;          // the cache file's first lines (the dictionary's stamps)
  char *cache_path; // NULL: no cache file
  unsigned nasked;  // answers Hunspell gave in this process
};

Speller *speller_new(const char *dir) {
  Speller *s = xcalloc(1, sizeof *s);
  pthread_mutex_init(&s->lock, NULL);
  if (!dir || !*dir)
    dir = "/usr/share/hunspell";
  Buf b;
  buf_init(&b);
  buf_printf(&b, "%s/vi_VN.aff", dir);
  s->aff = xstrdup(b.data);
  b.len = 0;
  buf_printf(&b, "%s/vi_VN.dic", dir);
  s->dic = xstrdup(b.data);
  buf_free(&b);
  buf_init(&s->key);
  return s;
}

static void cache_store(Speller *s);

void speller_free(Speller *s) {
  if (!s)
    return;
  cache_store(s);
  if (s->h)
    Hunspell_destroy(s->h);
  for (unsigned i = 0; i < s->cap; i++) {
    free(s->answers[i].w);
    free(s->answers[i].sugg);
  }
  free(s->answers);
  free(s->aff);
  free(s->dic);
  free(s->cache_path);
  buf_free(&s->key);
  pthread_mutex_destroy(&s->lock);
  free(s);
}

// Loads Hunspell (under the lock, once): both files must be readable,
// Hunspell would otherwise print to stderr or return an empty dictionary.
static void load(Speller *s) {
  s->loaded = true;
  if (access(s->aff, R_OK) != 0 || access(s->dic, R_OK) != 0)
    return;
  s->h = Hunspell_create(s->aff, s->dic);
  if (s->h && Hunspell_spell(s->h, "tiếng") == 0) { // not the dictionary we know
    Hunspell_destroy(s->h);
    s->h = NULL;
  }
}

static unsigned hash_of(const char *w, size_t n) {
  unsigned h = 2166136261u;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)w[i]) * 16777619u;
  return h;
}

// The slot of w in the answers (found or empty).
static Answer *slot(Speller *s, const char *w, size_t n, unsigned h) {
  for (unsigned i = h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
    Answer *a = &s->answers[i];
    if (!a->w || (a->hash == h && a->len == n && memcmp(a->w, w, n) == 0))
      return a;
  }
}

static void grow(Speller *s) {
  Answer *old = s->answers;
  unsigned oldcap = s->cap;
  s->cap = oldcap ? 2 * oldcap : 4096;
  s->answers = xcalloc(s->cap, sizeof *s->answers);
  for (unsigned i = 0; i < oldcap; i++)
    if (old[i].w)
      *slot(s, old[i].w, old[i].len, old[i].hash) = old[i];
  free(old);
}

// The answer entry of w, made when absent (under the lock).
static Answer *entry(Speller *s, const char *w, size_t n) {
  if (2 * (s->nanswers + 1) > s->cap)
    grow(s);
  unsigned h = hash_of(w, n);
  Answer *a = slot(s, w, n, h);
  if (!a->w) {
    a->w = xstrndup(w, n);
    a->hash = h, a->len = (unsigned)n;
    a->correct = -1;
    s->nanswers++;
  }
  return a;
}

//
// The cache file
//

static bool cache_disabled(void) {
  const char *v = getenv("KEHOACH_SPELL_CACHE");
  return v && (strcmp(v, "off") == 0 || strcmp(v, "0") == 0 || strcmp(v, "no") == 0);
}

// The key (format, the dictionary's stamps) and the file's path, named by
// a hash of the dictionary's paths: one file per dictionary.
static bool cache_locate(Speller *s) {
  if (cache_disabled() || strpbrk(s->aff, "\t\n") || strpbrk(s->dic, "\t\n"))
    return false;
  buf_printf(&s->key, "kehoach-spell-cache %d\n", CACHE_FORMAT);
  path_stamp(&s->key, s->aff);
  path_stamp(&s->key, s->dic);
  Buf path;
  buf_init(&path);
  uint64_t h = 1469598103934665603ull; // FNV-1a
  for (const char *c = s->dic; *c; c++)
    h = (h ^ (unsigned char)*c) * 1099511628211ull;
  bool ok = xdg_path(&path, "XDG_CACHE_HOME", ".cache", "kehoach");
  if (ok) {
    buf_printf(&path, "/spell-%016llx", (unsigned long long)h);
    s->cache_path = xstrdup(path.data);
  }
  buf_free(&path);
  return ok;
}

// One word's answer in the file: "1 WORD", "0 WORD", or a wrong word with
// Hunspell's suggestion "0 WORD\tSUGGESTION" ("0 WORD\t": none). Returns
// the word's length, 0 when line[0, l) is no such line; *tab is where the
// suggestion starts (NULL: not asked).
static size_t answer_line(const char *line, size_t l, const char **tab) {
  if (l < 3 || (line[0] != '0' && line[0] != '1') || line[1] != ' ')
    return 0;
  const char *t = memchr(line + 2, '\t', l - 2);
  size_t n = t ? (size_t)(t - line - 2) : l - 2;
  *tab = t ? t + 1 : NULL;
  bool ok = n > 0 && n <= MAX_WORD && (!t || (line[0] == '0' && l - n - 3 <= 4 * MAX_WORD &&
                                              !memchr(t + 1, '\t', l - n - 3)));
  return ok ? n : 0;
}

// Reads the answers after the key, up to "end"; false (nothing taken) when
// the file is absent, for another dictionary (the stamps in the key were
// made now) or malformed.
static bool cache_load(Speller *s) {
  char *text = NULL;
  size_t len = 0;
  if (read_file(s->cache_path, CACHE_MAX_BYTES, &text, &len) != 0)
    return false;
  bool ok = len > s->key.len && memcmp(text, s->key.data, s->key.len) == 0 &&
            text[len - 1] == '\n' && memchr(text, '\0', len) == NULL;
  const char *body = text + s->key.len, *end = NULL, *tab;
  unsigned n = 0;
  // First the whole file is checked, then taken.
  for (const char *line = body, *next; ok && !end && line < text + len; line = next) {
    next = (const char *)memchr(line, '\n', (size_t)(text + len - line)) + 1;
    size_t l = (size_t)(next - 1 - line);
    if (l == 3 && memcmp(line, "end", 3) == 0)
      end = next;
    else
      ok = answer_line(line, l, &tab) > 0 && ++n <= CACHE_MAX_WORDS;
  }
  ok = ok && end == text + len;
  for (const char *line = body, *next; ok && line < end; line = next) {
    next = (const char *)memchr(line, '\n', (size_t)(end - line)) + 1;
    size_t l = (size_t)(next - 1 - line), w = answer_line(line, l, &tab);
    if (!w)
      continue; // "end"
    Answer *a = entry(s, line + 2, w);
    a->correct = (signed char)(line[0] - '0');
    if (tab && !a->suggested) {
      a->suggested = true;
      a->sugg = next - 1 > tab ? xstrndup(tab, (size_t)(next - 1 - tab)) : NULL;
    }
  }
  free(text);
  return ok;
}

// True when w[0, n) can be written in a line of the file.
static bool line_safe(const char *w, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (w[i] == '\n' || w[i] == '\r' || w[i] == '\t' || w[i] == '\0')
      return false;
  return true;
}

// Rewrites the file when Hunspell answered anything in this process.
static void cache_store(Speller *s) {
  if (!s->cache_path || !s->usable || s->nasked == 0)
    return;
  Buf text;
  buf_init(&text);
  buf_put(&text, s->key.data, s->key.len);
  unsigned n = 0;
  for (unsigned i = 0; i < s->cap && n < CACHE_MAX_WORDS; i++) {
    const Answer *a = &s->answers[i];
    if (a->w && a->correct >= 0 && a->len <= MAX_WORD && line_safe(a->w, a->len)) {
      buf_printf(&text, "%d ", a->correct);
      buf_put(&text, a->w, a->len);
      if (a->suggested && !a->correct &&
          (!a->sugg || (strlen(a->sugg) <= 4 * MAX_WORD && line_safe(a->sugg, strlen(a->sugg)))))
        buf_printf(&text, "\t%s", a->sugg ? a->sugg : "");
      buf_putc(&text, '\n');
      n++;
    }
  }
  buf_puts(&text, "end\n");
  char *dir = xstrndup(s->cache_path, (size_t)(strrchr(s->cache_path, '/') - s->cache_path));
  if (make_dirs(dir, 0700) == 0)
    write_file_atomic(s->cache_path, text.data, text.len);
  free(dir);
  buf_free(&text);
}

// The first look at the dictionary (under the lock): its files, then the
// cache file; Hunspell itself only when the cache does not answer.
static void prepare(Speller *s) {
  if (s->tried)
    return;
  s->tried = true;
  if (access(s->aff, R_OK) != 0 || access(s->dic, R_OK) != 0)
    return;
  if (cache_locate(s) && cache_load(s)) {
    s->usable = true;
    return;
  }
  load(s);
  s->usable = s->h != NULL;
}

// Hunspell's handle, loaded now when the cache answered until here.
static Hunhandle *handle(Speller *s) {
  if (!s->loaded)
    load(s);
  return s->h;
}

// Entries beyond this many are not kept: a process that reads text without
// end (the language server) keeps a bounded cache.
enum { MAX_ANSWERS = 1 << 17 };

SpellAnswer speller_check(Speller *s, const char *w, size_t n) {
  if (!s || n == 0 || n > MAX_WORD)
    return SPELL_UNKNOWN;
  pthread_mutex_lock(&s->lock);
  prepare(s);
  SpellAnswer r = SPELL_UNKNOWN;
  if (s->usable) {
    Answer *a = s->nanswers < MAX_ANSWERS ? entry(s, w, n) : NULL;
    int correct = a && a->correct >= 0 ? a->correct : -1;
    Hunhandle *h = correct < 0 ? handle(s) : NULL;
    if (h) {
      char *word = xstrndup(w, n);
      correct = Hunspell_spell(h, word) != 0;
      free(word);
      s->nasked++;
      if (a)
        a->correct = (signed char)correct;
    }
    r = correct < 0 ? SPELL_UNKNOWN : correct ? SPELL_CORRECT : SPELL_WRONG;
  }
  pthread_mutex_unlock(&s->lock);
  return r;
}

unsigned char speller_memo(Speller *s, const char *w, size_t n, unsigned char set) {
  if (!s || n == 0 || n > MAX_WORD)
    return 0;
  pthread_mutex_lock(&s->lock);
  unsigned char r = 0;
  if (set || s->nanswers < MAX_ANSWERS) {
    Answer *a = set && s->nanswers >= MAX_ANSWERS ? NULL : entry(s, w, n);
    if (a && set)
      a->memo = set;
    r = a ? a->memo : 0;
  }
  pthread_mutex_unlock(&s->lock);
  return r;
}

bool speller_available(Speller *s) {
  if (!s)
    return false;
  pthread_mutex_lock(&s->lock);
  prepare(s);
  bool ok = s->usable;
  pthread_mutex_unlock(&s->lock);
  return ok;
}

char *speller_suggest(Speller *s, const char *w, size_t n) {
  if (!s || n == 0 || n > MAX_WORD)
    return NULL;
  char *word = xstrndup(w, n), *best = NULL;
  pthread_mutex_lock(&s->lock);
  prepare(s);
  Answer *a = s->usable && s->nanswers < MAX_ANSWERS ? entry(s, w, n) : NULL;
  Hunhandle *h = s->usable && !(a && a->suggested) ? handle(s) : NULL;
  if (a && a->suggested)
    best = a->sugg ? xstrdup(a->sugg) : NULL;
  else if (h) {
    char **list = NULL;
    int k = Hunspell_suggest(h, &list, word);
    if (k > 0)
      best = xstrdup(list[0]);
    Hunspell_free_list(h, &list, k);
    s->nasked++;
    if (a) {
      a->suggested = true;
      a->sugg = best ? xstrdup(best) : NULL;
    }
  }
  pthread_mutex_unlock(&s->lock);
  free(word);
  return best;
}
