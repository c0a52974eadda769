// spell.c — Vietnamese spelling with Hunspell and Debian's dictionary
// (hunspell-vi: /usr/share/hunspell/vi_VN.aff, vi_VN.dic).
//
// One Speller per process, shared by every plan and every -j thread. The
// dictionary is loaded on the first word asked about (a run that checks no
// text never pays for it); when its files are absent or unreadable the
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
#include "kehoach.h"

#include <hunspell.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  char *w;       // owned
  unsigned hash, len;
  signed char correct; // Hunspell's answer: 1, 0, or -1 not asked yet
  unsigned char memo;  // the caller's own (speller_memo), 0 for none
} Answer;

struct Speller {
  pthread_mutex_t lock;
  char *aff, *dic;  // the dictionary's files
  bool tried;       // loading was attempted
  Hunhandle *h;     // NULL: unavailable
  Answer *answers;  // open addressing, cap a power of two
  unsigned nanswers, cap;
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
  return s;
}

void speller_free(Speller *s) {
  if (!s)
    return;
  if (s->h)
    Hunspell_destroy(s->h);
  for (unsigned i = 0; i < s->cap; i++)
    free(s->answers[i].w);
  free(s->answers);
  free(s->aff);
  free(s->dic);
  pthread_mutex_destroy(&s->lock);
  free(s);
}

// Loads the dictionary (under the lock): both files must be readable,
// Hunspell would otherwise print to stderr or return an empty dictionary.
static void load(Speller *s) {
  s->tried = true;
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

// Entries beyond this many are not kept: a process that reads text without
// end (the language server) keeps a bounded cache.
enum { MAX_ANSWERS = 1 << 17 };

SpellAnswer speller_check(Speller *s, const char *w, size_t n) {
  if (!s || n == 0 || n > 64)
    return SPELL_UNKNOWN;
  pthread_mutex_lock(&s->lock);
  if (!s->tried)
    load(s);
  SpellAnswer r = SPELL_UNKNOWN;
  if (s->h) {
    Answer *a = s->nanswers < MAX_ANSWERS ? entry(s, w, n) : NULL;
    int correct = a && a->correct >= 0 ? a->correct : -1;
    if (correct < 0) {
      char *word = xstrndup(w, n);
      correct = Hunspell_spell(s->h, word) != 0;
      free(word);
      if (a)
        a->correct = (signed char)correct;
    }
    r = correct ? SPELL_CORRECT : SPELL_WRONG;
  }
  pthread_mutex_unlock(&s->lock);
  return r;
}

unsigned char speller_memo(Speller *s, const char *w, size_t n, unsigned char set) {
  if (!s || n == 0 || n > 64)
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
  if (!s->tried)
    load(s);
  bool ok = s->h != NULL;
  pthread_mutex_unlock(&s->lock);
  return ok;
}

char *speller_suggest(Speller *s, const char *w, size_t n) {
  if (!s || n == 0 || n > 64)
    return NULL;
  char *word = xstrndup(w, n), *best = NULL;
  pthread_mutex_lock(&s->lock);
  if (!s->tried)
    load(s);
  if (s->h) {
    char **list = NULL;
    int k = Hunspell_suggest(s->h, &list, word);
    if (k > 0)
      best = xstrdup(list[0]);
    Hunspell_free_list(s->h, &list, k);
  }
  pthread_mutex_unlock(&s->lock);
  free(word);
  return best;
}
