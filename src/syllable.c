// syllable.c — can a written word be a Vietnamese syllable? No dictionary:
// the phonotactics of the written language, as data tables.
//
// A Vietnamese syllable is written
//
//     onset? + vowel cluster + final consonant? (+ one tone mark)
//
// The onset is one of ONSETS; the vowel cluster (the medial, the nucleus
// and a final semivowel i/y/o/u, "uyê", "ươi") is one of CLUSTERS, each with
// the final consonants it takes; the stops p, t, c, ch take only the sắc and
// nặng tones (STOP_FINALS); c/k, g/gh and ng/ngh are chosen by the vowel
// that follows (SPELLING); and the tone mark sits on one vowel of the
// cluster (tone_slots). "qu" and "gi" are onsets whose letter u/i also
// belongs to the rhyme ("quá", "gì").
//
// syllable_check judges one word. It answers only for what is surely meant
// as a Vietnamese syllable: a word with a Vietnamese mark (ă â ê ô ơ ư đ or
// a tone), or an ASCII word that reads as a Vietnamese syllable once the
// Telex keys left in it are applied ("tuyeen" -> "tuyên"). Everything else
// (foreign words, abbreviations, words without a vowel) is SYL_SKIP; the
// caller skips proper names and symbols by their context (lint.c).
//
// Everything here is constant data and pure functions: safe from any thread.
#include "kehoach.h"

#include <string.h>
#include <utf8proc.h>

// The vowels with their tones, in the order ngang, huyền, sắc, hỏi, ngã,
// nặng (tone 0..5).
static const int32_t VOWELS[12][6] = {
    {0x61, 0xE0, 0xE1, 0x1EA3, 0xE3, 0x1EA1},          // a à á ả ã ạ
    {0x103, 0x1EB1, 0x1EAF, 0x1EB3, 0x1EB5, 0x1EB7},   // ă ằ ắ ẳ ẵ ặ
    {0xE2, 0x1EA7, 0x1EA5, 0x1EA9, 0x1EAB, 0x1EAD},    // â ầ ấ ẩ ẫ ậ
    {0x65, 0xE8, 0xE9, 0x1EBB, 0x1EBD, 0x1EB9},        // e è é ẻ ẽ ẹ
    {0xEA, 0x1EC1, 0x1EBF, 0x1EC3, 0x1EC5, 0x1EC7},    // ê ề ế ể ễ ệ
    {0x69, 0xEC, 0xED, 0x1EC9, 0x129, 0x1ECB},         // i ì í ỉ ĩ ị
    {0x6F, 0xF2, 0xF3, 0x1ECF, 0xF5, 0x1ECD},          // o ò ó ỏ õ ọ
    {0xF4, 0x1ED3, 0x1ED1, 0x1ED5, 0x1ED7, 0x1ED9},    // ô ồ ố ổ ỗ ộ
    {0x1A1, 0x1EDD, 0x1EDB, 0x1EDF, 0x1EE1, 0x1EE3},   // ơ ờ ớ ở ỡ ợ
    {0x75, 0xF9, 0xFA, 0x1EE7, 0x169, 0x1EE5},         // u ù ú ủ ũ ụ
    {0x1B0, 0x1EEB, 0x1EE9, 0x1EED, 0x1EEF, 0x1EF1},   // ư ừ ứ ử ữ ự
    {0x79, 0x1EF3, 0xFD, 0x1EF7, 0x1EF9, 0x1EF5},      // y ỳ ý ỷ ỹ ỵ
};
enum { TONE_SAC = 2, TONE_NANG = 5 };

// VOWELS as a lookup by code point: 1 + vowel * 6 + tone, 0 for none; for
// U+00C0..U+01B0 and U+1EA0..U+1EF9 (generated from VOWELS; a unit test
// checks that they agree).
static const unsigned char VOWEL_LATIN[0x1B0 - 0xC0 + 1] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 3, 13, 5, 0, 0, 0, 0, 20, 21, 25, 0, 32, 33, 0, 0,
    0, 0, 38, 39, 43, 41, 0, 0, 0, 56, 57, 0, 0, 69, 0, 0,
    0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 35, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 59, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 49, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    61,
};
static const unsigned char VOWEL_EXTENDED[0x1EF9 - 0x1EA0 + 1] = {
    0, 6, 0, 4, 0, 15, 0, 14, 0, 16, 0, 17, 0, 18, 0, 9,
    0, 8, 0, 10, 0, 11, 0, 12, 0, 24, 0, 22, 0, 23, 0, 27,
    0, 26, 0, 28, 0, 29, 0, 30, 0, 34, 0, 36, 0, 42, 0, 40,
    0, 45, 0, 44, 0, 46, 0, 47, 0, 48, 0, 51, 0, 50, 0, 52,
    0, 53, 0, 54, 0, 60, 0, 58, 0, 63, 0, 62, 0, 64, 0, 65,
    0, 66, 0, 68, 0, 72, 0, 70, 0, 71,
};

// Onsets, longest first (each is tried; the first that leads to a valid
// syllable wins). The empty onset is tried last.
static const char *const ONSETS[] = {
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu",
    "b",   "c",  "d",  "đ",  "g",  "h",  "k",  "l",  "m",  "n",  "p",
    "r",   "s",  "t",  "v",  "x",  "",   NULL};

// Vowel clusters and the final consonants each takes ("-": none, an open
// syllable). The semivowel finals i, y, o, u are part of the cluster ("ai",
// "ao", "uôi"); "yê" is "iê" with no onset or after the medial u ("yên",
// "uyên"); "oo" is the long o of "xoong", "soóc".
static const struct {
  const char *cluster, *finals;
} CLUSTERS[] = {
    {"a", "-|m|n|ng|nh|p|t|c|ch"}, {"ai", "-"}, {"ao", "-"}, {"au", "-"}, {"ay", "-"},
    {"ă", "m|n|ng|p|t|c"},
    {"â", "m|n|ng|p|t|c"}, {"âu", "-"}, {"ây", "-"},
    {"e", "-|m|n|ng|p|t|c"}, {"eo", "-"},
    {"ê", "-|m|n|nh|p|t|ch"}, {"êu", "-"},
    {"i", "-|m|n|nh|p|t|ch"}, {"ia", "-"}, {"iu", "-"},
    {"iê", "m|n|ng|p|t|c"}, {"iêu", "-"},
    {"y", "-"}, {"yê", "m|n|ng|t"}, {"yêu", "-"},
    {"o", "-|m|n|ng|p|t|c"}, {"oi", "-"}, {"oo", "ng|c"},
    {"oa", "-|m|n|ng|nh|p|t|c|ch"}, {"oai", "-"}, {"oay", "-"}, {"oao", "-"},
    {"oă", "m|n|ng|t|c"},
    {"oe", "-|n|t"}, {"oeo", "-"},
    {"ô", "-|m|n|ng|p|t|c"}, {"ôi", "-"},
    {"ơ", "-|m|n|p|t"}, {"ơi", "-"},
    {"u", "-|m|n|ng|p|t|c"}, {"ua", "-"}, {"ui", "-"},
    {"uâ", "n|ng|t"}, {"uây", "-"},
    {"uê", "-|nh|ch"},
    {"uô", "m|n|ng|t|c"}, {"uôi", "-"},
    {"uơ", "-"},
    {"uy", "-|n|nh|t|ch|p"}, {"uya", "-"}, {"uyu", "-"}, {"uyê", "n|t"},
    {"ư", "-|m|n|ng|t|c"}, {"ưa", "-"}, {"ưi", "-"}, {"ưu", "-"},
    {"ươ", "m|n|ng|p|t|c"}, {"ươi", "-"}, {"ươu", "-"},
};

// The stop finals: a syllable ending in one takes the sắc or nặng tone
// only ("được", never "đươc" or "đườc").
static const char *const STOP_FINALS[] = {"p", "t", "c", "ch", NULL};

// Onsets whose spelling depends on the vowel that follows: before e, ê, i,
// y ("front") write k, gh, ngh; before any other vowel c, g, ng.
static const struct {
  const char *onset;
  bool front; // true: only before a front vowel; false: never before one
  const char *instead;
} SPELLING[] = {
    {"k", true, "c"},    {"gh", true, "g"},  {"ngh", true, "ng"},
    {"c", false, "k"},   {"g", false, "gh"}, {"ng", false, "ngh"},
};

//
// Letters
//

// Base vowel (index into VOWELS) and tone of cp (lower case), or -1.
static int vowel_of(int32_t cp, int *tone) {
  int k = 0;
  if (cp < 0x80) {
    const char *v = cp ? strchr("aeiouy", (int)cp) : NULL;
    if (!v)
      return -1;
    *tone = 0;
    static const int INDEX[] = {0, 3, 5, 6, 9, 11};
    return INDEX[v - "aeiouy"];
  }
  if (cp >= 0xC0 && cp <= 0x1B0)
    k = VOWEL_LATIN[cp - 0xC0];
  else if (cp >= 0x1EA0 && cp <= 0x1EF9)
    k = VOWEL_EXTENDED[cp - 0x1EA0];
  if (!k)
    return -1;
  *tone = (k - 1) % 6;
  return (k - 1) / 6;
}

// The slow, obvious lookup the tables above are made from (unit test).
int syllable_vowel_slow(int32_t cp, int *tone) {
  for (int v = 0; v < 12; v++)
    for (int t = 0; t < 6; t++)
      if (VOWELS[v][t] == cp) {
        *tone = t;
        return v;
      }
  return -1;
}

int syllable_vowel(int32_t cp, int *tone) { return vowel_of(cp, tone); }

// Lower case of a letter; Vietnamese letters without utf8proc's tables.
static int32_t lower_of(int32_t cp) {
  if (cp < 0x80)
    return cp >= 'A' && cp <= 'Z' ? cp + 0x20 : cp;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
    return cp + 0x20;
  if ((cp >= 0x100 && cp <= 0x12F) || cp == 0x168 || (cp >= 0x1EA0 && cp <= 0x1EF9))
    return cp | 1; // pairs: upper case even, lower case odd
  if (cp == 0x1A0 || cp == 0x1AF)
    return cp + 1; // Ơ Ư
  return utf8proc_tolower(cp);
}

int32_t syllable_lower(int32_t cp) { return lower_of(cp); }

static bool is_vowel(int32_t cp) {
  int t;
  return vowel_of(cp, &t) >= 0;
}

static bool has_hat(int32_t base) { // ă â ê ô ơ ư
  return base == 0x103 || base == 0xE2 || base == 0xEA || base == 0xF4 || base == 0x1A1 ||
         base == 0x1B0;
}

static bool is_front(int32_t base) {
  return base == 'e' || base == 0xEA || base == 'i' || base == 'y';
}

// Consonant letters of the Vietnamese alphabet (f j w z are not).
static bool is_consonant(int32_t cp) {
  return cp == 0x111 || (cp >= 'a' && cp <= 'z' && !strchr("aeiouyfjwz", (int)cp));
}

// UTF-8 of cps[0, n) into out (size cap), always terminated.
static void to_utf8(const int32_t *cps, int n, char *out, size_t cap) {
  size_t k = 0;
  for (int i = 0; i < n; i++) {
    utf8proc_uint8_t tmp[4];
    utf8proc_ssize_t len = utf8proc_encode_char(cps[i], tmp);
    if (len < 1 || k + (size_t)len + 1 > cap)
      break;
    memcpy(out + k, tmp, (size_t)len);
    k += (size_t)len;
  }
  out[k] = '\0';
}

static bool in_bar_list(const char *list, const char *item) {
  size_t n = strlen(item);
  for (const char *p = list; *p;) {
    const char *bar = strchr(p, '|');
    size_t len = bar ? (size_t)(bar - p) : strlen(p);
    if (len == n && strncmp(p, item, n) == 0)
      return true;
    if (!bar)
      break;
    p = bar + 1;
  }
  return false;
}

//
// The rhyme: vowel cluster + final
//

typedef struct {
  int cluster_len;  // code points of the vowel cluster
  char final[4];    // "", "ng", "ch" ...
  bool known;       // the cluster exists and takes this final
} Rhyme;

// Reads base[0, n) (lower case, no tone) as a rhyme.
static Rhyme read_rhyme(const int32_t *base, int n) {
  Rhyme r = {0};
  int v = 0;
  while (v < n && is_vowel(base[v]))
    v++;
  r.cluster_len = v;
  if (v == 0 || n - v > 2)
    return r;
  for (int i = v; i < n; i++) {
    if (base[i] > 0x7F || !is_consonant(base[i]))
      return r;
    r.final[i - v] = (char)base[i];
  }
  char cluster[32];
  to_utf8(base, v, cluster, sizeof cluster);
  for (size_t i = 0; i < sizeof CLUSTERS / sizeof CLUSTERS[0]; i++)
    if (CLUSTERS[i].cluster[0] == cluster[0] && strcmp(CLUSTERS[i].cluster, cluster) == 0) {
      r.known = in_bar_list(CLUSTERS[i].finals, r.final[0] ? r.final : "-");
      break;
    }
  return r;
}

// Where the tone mark goes in a cluster of `len` vowels: *a (and *b when
// both are right). On the hatted vowel (the last: "ươ" -> ơ); else on the
// last vowel before a final consonant; in open "oa", "oe", "uy" on either
// ("hòa", "hoà"); in other open clusters on the middle of three ("ngoài")
// or the first of two ("mía", "múa").
static void tone_slots(const int32_t *cl, int len, bool closed, int *a, int *b) {
  int hat = -1;
  for (int i = 0; i < len; i++)
    if (has_hat(cl[i]))
      hat = i;
  if (hat >= 0) {
    *a = *b = hat;
  } else if (closed) {
    *a = *b = len - 1;
  } else if (len == 2 && ((cl[0] == 'o' && (cl[1] == 'a' || cl[1] == 'e')) ||
                          (cl[0] == 'u' && cl[1] == 'y'))) {
    *a = 0, *b = 1;
  } else {
    *a = *b = len == 3 ? 1 : 0;
  }
}

//
// The syllable
//

typedef struct {
  SylVerdict v;
  int onset_len;   // letters of the onset as written
  int rhyme_at;    // where the rhyme starts (the u of qu, the i of gi may
                   // belong to it)
  Rhyme rhyme;
  const char *onset;
} Parse;

// True when base[0, n) starts with the onset s (ASCII but for "đ").
static bool starts_with(const int32_t *base, int n, const char *s, int *len) {
  int k = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; k++) {
    int32_t cp = *p < 0x80 ? *p++ : (p += 2, 0x111); // "đ" is C4 91
    if (k >= n || base[k] != cp)
      return false;
  }
  *len = k;
  return true;
}

// Tries onset `o` (of `olen` letters) on base[0, n): the rhyme that follows.
// "qu" + R: R is a rhyme after the medial u/o ("quá": oa, "quân": uân, "quý":
// uy), or a rhyme of its own ("quên", "quít", "quoắt"). "gi" + R: R, or "i" + R when the i of gi is the vowel ("gì", "gìn",
// "giếng").
static bool try_onset(const int32_t *base, int n, const char *o, int olen, Parse *p) {
  p->onset = o, p->onset_len = olen, p->rhyme_at = olen;
  const int32_t *rest = base + olen;
  int rn = n - olen;
  if (strcmp(o, "qu") == 0) {
    if (rn < 1 || rn > 6 || rest[0] == 'u')
      return false;
    int32_t with[8];
    memcpy(with + 1, rest, sizeof(int32_t) * (size_t)rn);
    with[0] = 'u';
    Rhyme r = read_rhyme(rest, rn); // "quên", "quít", "quoắt"
    if (!r.known)
      r = read_rhyme(with, rn + 1);
    if (!r.known) {
      with[0] = 'o';
      r = read_rhyme(with, rn + 1);
    }
    if (!r.known)
      return false;
    p->rhyme = read_rhyme(rest, rn); // the tone goes on R's own vowels
    p->rhyme.known = true;
    if (p->rhyme.cluster_len == 0)
      return false;
    return true;
  }
  p->rhyme = read_rhyme(rest, rn);
  if (p->rhyme.known)
    return true;
  if (strcmp(o, "gi") == 0 && (rn == 0 || !is_vowel(rest[0]) || rest[0] == 0xEA)) {
    p->rhyme = read_rhyme(base + 1, n - 1);
    p->rhyme_at = 1;
    return p->rhyme.known;
  }
  return false;
}

// The spelling rule an onset breaks before its vowel, or NULL.
static const char *spelling_instead(const char *onset, int32_t first_vowel) {
  for (size_t i = 0; i < sizeof SPELLING / sizeof SPELLING[0]; i++)
    if (strcmp(SPELLING[i].onset, onset) == 0 && SPELLING[i].front != is_front(first_vowel))
      return SPELLING[i].instead;
  return NULL;
}

// Judges base[0, n) (lower case, tones removed) with tone `tone`.
static void judge(const int32_t *base, int n, int tone, SylResult *out) {
  bool have_rhyme = false;
  for (int i = 0; ONSETS[i]; i++) {
    int olen = 0;
    unsigned char o0 = (unsigned char)ONSETS[i][0];
    if (o0 && o0 < 0x80 && base[0] != o0)
      continue;
    if (!starts_with(base, n, ONSETS[i], &olen) || (olen >= n && strcmp(ONSETS[i], "gi")))
      continue;
    Parse p = {0};
    if (!try_onset(base, n, ONSETS[i], olen, &p))
      continue;
    const char *instead = spelling_instead(p.onset, base[p.rhyme_at]);
    bool stop = false;
    for (int k = 0; STOP_FINALS[k]; k++)
      stop = stop || strcmp(p.rhyme.final, STOP_FINALS[k]) == 0;
    bool tone_ok = !stop || tone == TONE_SAC || tone == TONE_NANG;
    if (!instead && tone_ok) {
      out->verdict = SYL_OK;
      out->rhyme_at = p.rhyme_at;
      out->cluster_len = p.rhyme.cluster_len;
      out->closed = p.rhyme.final[0] != '\0';
      return;
    }
    if (!have_rhyme) {
      have_rhyme = true;
      out->verdict = SYL_BAD;
      if (instead) {
        out->why = SYL_WHY_SPELLING;
        snprintf(out->detail, sizeof out->detail, "%s", p.onset);
        snprintf(out->detail2, sizeof out->detail2, "%s", instead);
        to_utf8(base + p.rhyme_at, 1, out->vowel, sizeof out->vowel);
      } else {
        out->why = SYL_WHY_STOP_TONE;
        snprintf(out->detail, sizeof out->detail, "%s", p.rhyme.final);
      }
    }
  }
  if (have_rhyme)
    return;
  // No onset leads to a rhyme: name the rhyme after the longest onset.
  int olen = 0;
  for (int i = 0; ONSETS[i]; i++)
    if (starts_with(base, n, ONSETS[i], &olen) && olen < n)
      break;
  out->verdict = SYL_BAD;
  out->why = SYL_WHY_RHYME;
  to_utf8(base + olen, n - olen, out->detail, sizeof out->detail);
}

// The word cps[0, n) with its tone moved to index `at` (tone `tone`),
// keeping each letter's case, as UTF-8.
static void place_tone(const int32_t *cps, int n, int at, int tone, char *out, size_t cap) {
  int32_t moved[SYL_MAX];
  for (int i = 0; i < n; i++) {
    int32_t lower = lower_of(cps[i]);
    int t, v = vowel_of(lower, &t);
    int32_t c = v >= 0 ? VOWELS[v][i == at ? tone : 0] : lower;
    moved[i] = cps[i] != lower ? utf8proc_toupper(c) : c;
  }
  to_utf8(moved, n, out, cap);
}

// Telex keys an ASCII word may have kept: aa ee oo dd (â ê ô đ), aw ow uw
// uow w (ă ơ ư ươ ư), and a final s f r x j (a tone). Returns the letters
// and *tone, or 0 when no key is there.
static int telex(const char *w, size_t n, int32_t *out, int *tone) {
  static const struct {
    const char *keys;
    int32_t a, b;
  } KEYS[] = {{"uow", 0x1B0, 0x1A1}, {"dd", 0x111, 0}, {"aa", 0xE2, 0}, {"ee", 0xEA, 0},
              {"oo", 0xF4, 0},       {"aw", 0x103, 0}, {"ow", 0x1A1, 0}, {"uw", 0x1B0, 0},
              {"w", 0x1B0, 0}};
  static const char TONE_KEYS[] = "\0fsrxj"; // index = tone: f huyền ... j nặng
  *tone = 0;
  bool keyed = false;
  const char *key = n > 2 && w[n - 1] ? strchr(TONE_KEYS + 1, w[n - 1]) : NULL;
  if (key) {
    *tone = (int)(key - TONE_KEYS);
    n--;
  }
  int k = 0;
  for (size_t i = 0; i < n && k < SYL_MAX;) {
    size_t j = 0;
    for (; j < sizeof KEYS / sizeof KEYS[0]; j++) {
      size_t len = strlen(KEYS[j].keys);
      if (i + len <= n && strncmp(w + i, KEYS[j].keys, len) == 0) {
        out[k++] = KEYS[j].a;
        if (KEYS[j].b && k < SYL_MAX)
          out[k++] = KEYS[j].b;
        i += len, keyed = true;
        break;
      }
    }
    if (j == sizeof KEYS / sizeof KEYS[0])
      out[k++] = w[i++];
  }
  return keyed ? k : 0;
}

SylVerdict syllable_check(const char *w, size_t len, SylResult *out) {
  out->verdict = SYL_SKIP;
  out->detail[0] = out->detail2[0] = out->vowel[0] = out->fix[0] = '\0';
  out->rhyme_at = out->cluster_len = 0;
  out->closed = false;
  int32_t cps[SYL_MAX], base[SYL_MAX];
  int n = 0, tone = 0, tone_at = -1, upper = 0, vowels = 0;
  bool marked = false, foreign = false, ascii = true;
  for (size_t i = 0; i < len;) {
    int32_t cp;
    int l = utf8_decode(w + i, len - i, &cp);
    if (l < 0 || n == SYL_MAX)
      return out->verdict = SYL_SKIP;
    i += (size_t)l;
    int32_t lower = lower_of(cp);
    upper += lower != cp;
    ascii = ascii && cp < 0x80;
    int t, v = vowel_of(lower, &t);
    if (v >= 0) {
      vowels++;
      base[n] = VOWELS[v][0];
      marked = marked || t > 0 || has_hat(base[n]);
      if (t > 0) {
        if (tone > 0) {
          out->why = SYL_WHY_TWO_TONES;
          return out->verdict = SYL_BAD;
        }
        tone = t, tone_at = n;
      }
    } else if (is_consonant(lower)) {
      base[n] = lower;
      marked = marked || lower == 0x111;
    } else if (lower >= 'a' && lower <= 'z') { // f j w z
      base[n] = lower;
      foreign = true;
    } else {
      return out->verdict = SYL_SKIP; // another alphabet, a combining mark
    }
    cps[n++] = cp;
  }
  // Abbreviations and names: all capitals ("UBND", "BCĐ"), capitals inside
  // ("TikTok"); a letter alone ("đ" for đồng); no vowel ("đc", "tp").
  if (n < 2 || upper > 1 || (upper == 1 && lower_of(cps[0]) == cps[0]) || !vowels)
    return out->verdict = SYL_SKIP;
  if (!marked) {
    // ASCII: judged only when Telex keys turn it into a syllable.
    int32_t keyed[SYL_MAX];
    int ktone;
    char lower[SYL_MAX + 1];
    if (!ascii || upper)
      return out->verdict = SYL_SKIP;
    for (int i = 0; i < n; i++)
      lower[i] = (char)base[i];
    lower[n] = '\0';
    int k = telex(lower, (size_t)n, keyed, &ktone);
    if (!k)
      return out->verdict = SYL_SKIP;
    if (!foreign) { // as typed, it may be a syllable already: "xoong"
      SylResult plain;
      judge(base, n, 0, &plain);
      if (plain.verdict == SYL_OK)
        return out->verdict = SYL_SKIP;
    }
    SylResult r;
    judge(keyed, k, ktone, &r);
    if (r.verdict != SYL_OK)
      return out->verdict = SYL_SKIP;
    int a, b;
    tone_slots(keyed + r.rhyme_at, r.cluster_len, r.closed, &a, &b);
    place_tone(keyed, k, ktone ? r.rhyme_at + a : -1, ktone, out->fix, sizeof out->fix);
    out->why = SYL_WHY_TELEX;
    return out->verdict = SYL_BAD;
  }
  if (foreign) {
    out->why = SYL_WHY_LETTER;
    return out->verdict = SYL_BAD;
  }
  judge(base, n, tone, out);
  if (out->verdict != SYL_OK || tone == 0)
    return out->verdict;
  int a, b;
  tone_slots(base + out->rhyme_at, out->cluster_len, out->closed, &a, &b);
  int at = tone_at - out->rhyme_at;
  if (at == a || at == b)
    return out->verdict = SYL_OK;
  place_tone(cps, n, out->rhyme_at + a, tone, out->fix, sizeof out->fix);
  out->why = SYL_WHY_TONE_PLACE;
  return out->verdict = SYL_BAD;
}
