// kehoach.h — the one header of kehoach.
//
// The pipeline, one .c file per stage, data flowing one way (pipeline.c
// wires them: check_file, build_outputs):
//
//   load.c    YAML file  -> Node tree (every node keeps its source position)
//   model.c   Node tree  -> Plan (schema checks, includes, references
//             resolved; every value keeps the position of its scalar)
//   bind.c    Plan + template -> Binding (lines taken, numbers; errors that
//             need both)
//   check.c   Plan       -> diagnostics (semantic rules; lint.c: the rules
//             on Vietnamese wording)
//   expand.c  Plan + template + Binding -> Doc (the laid-out document:
//             header, numbered blocks of styled runs, footnotes, recipients,
//             signature; cannot fail)
//   render_md.c  Doc -> Markdown bytes
//   render_pdf.c Doc -> PDF bytes (font.c, flate.c, pdfa.c beside it)
//   docx.c       Doc -> DOCX bytes (libxml2's writer, libzip; nd30.h holds
//                the decree's numbers it shares with the PDF)
//
// Small modules beside the stages: source.c (source files, positions in
// them and inside scalars), rules.c (the rule registry), diag.c
// (diagnostics), message.c (their language), parts.c (the plan's parts, for
// model, template, bind and expand), date.c (dates, lunar calendar,
// holidays), text.c (UTF-8, Vietnamese text helpers), template.c (template
// parsing), util.c (memory, buffers, files).
//
// Ownership: a stage's output lives in the Arena the driver passes in; the
// driver frees the arena once the plan is rendered. A diagnostic owns its
// text, rule id and fix-it; its Pos borrows the SrcFile it points into
// (owned by the Plan or Template), so pending diagnostics are flushed
// (diags_flush) before the plan is freed. Renderers write into a Buf the
// caller owns.
#ifndef KEHOACH_H
#define KEHOACH_H

#include <stdatomic.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define KEHOACH_VERSION "0.1.0"

// Exit statuses (documented in kehoach(1)).
enum {
  EXIT_CLEAN = 0,   // no errors (warnings allowed)
  EXIT_ERRORS = 1,  // some plan has errors
  EXIT_TROUBLE = 2, // usage or I/O trouble
};

//
// util.c
//

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
// The message of errno value e, from strerror_r: strerror shares one buffer
// between threads, and -j builds plans in threads. The text lives in
// the returned value (no shared buffer).
typedef struct ErrText {
  char text[128];
} ErrText;
ErrText err_text(int e);

// An arena: many allocations, one free.
typedef struct Arena Arena;
Arena *arena_new(void);
void arena_free(Arena *a);
// Forgets everything allocated, keeping one chunk for what comes next.
void arena_reset(Arena *a);
void *arena_alloc(Arena *a, size_t n); // zeroed
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

// A growable byte buffer, always NUL-terminated.
typedef struct Buf {
  char *data;
  size_t len, cap;
} Buf;
void buf_init(Buf *b);
void buf_free(Buf *b);
void buf_put(Buf *b, const void *p, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_put_int(Buf *b, long v);      // decimal, as "%ld" (hot paths)
void buf_put_hex4(Buf *b, unsigned v); // four hex digits, as "%04X" of v & 0xFFFF
void buf_printf(Buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_clear(Buf *b);

// A growable array of pointers.
typedef struct Vec {
  void **items;
  int len, cap;
} Vec;
void vec_push(Vec *v, void *p);
void vec_free(Vec *v);

// A map from strings to pointers (the plan's ids), open addressing; keys
// are borrowed and must outlive the map. Zero-initialised is empty.
typedef struct IdMap {
  const char **keys;
  void **values;
  size_t cap, len;
} IdMap;
void *idmap_get(const IdMap *m, const char *key);
// Adds key -> value; returns the value already there (and keeps it), or NULL.
void *idmap_put(IdMap *m, const char *key, void *value);
void idmap_free(IdMap *m);

// Reads a whole file. Returns 0 on success, else an errno value;
// EFBIG when the file is larger than max_bytes.
// Reads a regular file whole: errno, EFBIG beyond max_bytes, EISDIR, or
// ENOTREGULAR for a FIFO or a device (never waits on one).
enum { ENOTREGULAR = 0x10000 };
int read_file(const char *path, size_t max_bytes, char **data, size_t *len);
// realpath(path, NULL) in three system calls (the /proc/self/fd link of an
// O_PATH descriptor) rather than one per component of the path; realpath
// itself when that does not answer (no /proc). NULL when path does not
// resolve. The caller frees it.
char *real_path(const char *path);
// Reads standard input to its end (a pipe, a file, a terminal).
int read_stdin(size_t max_bytes, char **data, size_t *len);
// Writes data to path through a temporary file in the same directory and
// rename(2); on failure nothing at path changes. Returns 0 or an errno value.
int write_file_atomic(const char *path, const void *data, size_t len);
// Writes several files as one: each to a temporary file first, then (all
// written) renamed into place; on failure nothing is renamed, no temporary
// file stays, and *failed is the index of the file that failed. SIGINT and
// SIGTERM wait for the end.
int write_files_atomic(const char *const *paths, const void *const *data,
                       const size_t *len, int n, int *failed);
// Creates the directory path and its parents (new ones with mode); 0 or an
// errno value.
int make_dirs(const char *path, unsigned mode);
// The user's cache or configuration files (the XDG base directories):
// $VAR/sub, else $HOME/fallback/sub (VAR is XDG_CACHE_HOME or
// XDG_CONFIG_HOME, fallback ".cache" or ".config"); false when neither is
// an absolute path.
bool xdg_path(Buf *out, const char *var, const char *fallback, const char *sub);
// What a cache's answer depended on, for the cache files: appends
// "stat PATH\tDEV INO SIZE SEC NSEC\n" of a path as it is now, or
// "stat PATH\t-\n" when it does not exist; path_stamp_holds tells whether
// such a line (without its \n) is still true.
void path_stamp(Buf *out, const char *path);
bool path_stamp_holds(const char *line);
// "plans/x.yaml" -> "x"
char *path_stem(Arena *a, const char *path);
// "plans/x.yaml" -> "plans"
char *path_dir(Arena *a, const char *path);

//
// source.c
//

// A source file held in memory once, with a table of line starts.
typedef struct SrcFile {
  char *path;
  char *text;
  size_t len;
  size_t *line_start; // byte offset of each line (0-based index)
  int nlines;
  bool has_ignore;     // holds a "# kehoach: ignore" comment somewhere
} SrcFile;

// How a YAML scalar is written: what stands between its value and its
// source bytes. SCALAR_UNKNOWN: not a scalar's span (a key's, a sub-span's).
typedef enum {
  SCALAR_UNKNOWN,
  SCALAR_PLAIN,
  SCALAR_SINGLE,  // 'text', '' for '
  SCALAR_DOUBLE,  // "text" with \ escapes
  SCALAR_LITERAL, // |
  SCALAR_FOLDED,  // >
} ScalarStyle;

// A position in a source file. line and col count from 1; col counts
// characters (code points), not bytes. len is the span's length in bytes.
// style is set on the whole span of a scalar (quotes and indicators
// included), which pos_in_scalar can then look into.
typedef struct Pos {
  SrcFile *file;
  int line, col;
  size_t off, len;
  ScalarStyle style;
} Pos;

SrcFile *srcfile_new(const char *path, char *text, size_t len); // takes text
void srcfile_free(SrcFile *f);
// Position of byte offset off in f (col counted in characters).
Pos srcfile_pos(SrcFile *f, size_t off, size_t len);
// Where a string that reaches the document came from: the scalar (pos) and
// its value as written (src), which the string may have been cased or
// joined from. Late stages map a character back with origin_char_pos.
typedef struct Origin {
  Pos pos;
  const char *src;
} Origin;
// Where code point cp is first written in o's value (true), or false when
// the value does not hold it (the character came from elsewhere).
bool origin_char_pos(Origin o, int32_t cp, Pos *at);
// Byte offset of (line, col) in f, both 1-based, col in characters.
size_t srcfile_offset(const SrcFile *f, int line, int col);
Pos pos_none(void);
// Where bytes [off, off+len) of value, the value of the scalar at scalar,
// were written: the source span that produced them, through quotes, escapes,
// line folding and block indentation. *verbatim (may be NULL) tells whether
// that span holds exactly those bytes (a fix-it may replace it). A span
// starting inside an escape points at the escape; the scalar's position
// when scalar is not a scalar's span.
Pos pos_in_scalar(Pos scalar, const char *value, size_t off, size_t len,
                  bool *verbatim);
// The span of a scalar's whole value (without its quotes or header).
Pos pos_of_value(Pos scalar, const char *value);
// pos_in_scalar for many spans of one value asked in order: each walks on
// from where the last ended (one pass over the scalar for all of them); a
// span before the last one starts again from the scalar's beginning.
typedef struct ScalarCursor {
  Pos scalar;
  const char *value;
  size_t vlen;
  bool walking;                   // src_i, val_j, step_from hold a walk
  size_t src_i, val_j, step_from;
  bool have_col;                  // col_off, col_line, col: the last position
  size_t col_off;
  int col_line, col;
} ScalarCursor;
void scalar_cursor_init(ScalarCursor *c, Pos scalar, const char *value);
Pos scalar_cursor_pos(ScalarCursor *c, size_t off, size_t len, bool *verbatim);

//
// rules.c
//

typedef enum { SEV_NOTE, SEV_WARNING, SEV_ERROR } Severity;

// A rule of the checker: its stable id, default severity, and one line of
// description (docs/rules.md has the full entry).
typedef struct RuleInfo {
  const char *id;
  Severity severity;
  bool default_on;
  const char *summary;
} RuleInfo;

// Every rule kehoach knows (load, model and check rules), terminated by an
// entry with id NULL.
extern const RuleInfo RULES[];
const RuleInfo *rule_find(const char *id);

// A rule's documentation, from its section of docs/rules.md (made into
// build/rule_help.h at build time): SARIF's fullDescription, help, helpUri.
typedef struct RuleHelp {
  const char *id;
  const char *description; // the section's first paragraph, plain text
  const char *text;        // the whole section, plain text
  const char *markdown;    // the whole section, Markdown
} RuleHelp;
// id's help, or NULL when docs/rules.md has no section for it.
const RuleHelp *rule_help(const char *id);
// Where id's section of docs/rules.md is: KEHOACH_RULES_URL "#" id.
extern const char RULES_URL[];

//
// message.c
//

// The language of messages. Sources write each message as
// "tiếng Việt / English"; the locale picks one part or both.
typedef enum { LANG_BOTH, LANG_VI, LANG_EN } MessageLang;
// vi* → Vietnamese, en* → English, anything else (C, unset) → both; from
// LC_ALL, LC_MESSAGES, LANG.
MessageLang message_lang_from_env(void);
// Sets LC_MESSAGES from the environment and binds the gettext catalogue:
// $KEHOACH_LOCALEDIR, else exe_dir/build/locale or exe_dir/../share/locale,
// else fallback.
void message_bind_catalogue(const char *exe_dir, const char *fallback);
// Formats a bilingual format in lang (malloc'd).
char *message_vformat(MessageLang lang, const char *fmt, va_list ap);
char *message_format(MessageLang lang, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

//
// diag.c
//

typedef struct Diags Diags;

typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF, FORMAT_GITHUB } DiagFormat;
// text: GCC/Clang form with source excerpts; json: one JSON object per line;
// sarif: one SARIF 2.1.0 log, printed by diags_finish; github: workflow
// commands (::error file=...::) and a summary table per rule.
Diags *diags_new(FILE *out, bool color, DiagFormat format);
// A new Diags writing to out with proto's format, colour, language and rule
// settings: one per plan when plans are built in parallel.
Diags *diags_new_like(const Diags *proto, FILE *out);
// Adds from's counts, SARIF results and per-rule tallies to into (from's
// pending messages must have been flushed); from keeps none of them.
void diags_absorb(Diags *into, Diags *from);
// Ends the run: the SARIF log, or the GitHub summary table.
void diags_finish(Diags *d);
void diags_free(Diags *d);
// Reports a problem; rule is the stable rule id (never NULL).
void diag(Diags *d, Severity sev, Pos pos, const char *rule, const char *fmt,
          ...) __attribute__((format(printf, 5, 6)));
void vdiag(Diags *d, Severity sev, Pos pos, const char *rule, const char *fmt,
           va_list ap) __attribute__((format(printf, 5, 0)));
// Attaches a note to the last reported problem.
void diag_note(Diags *d, Pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
// fmt and its arguments as vdiag would write them in d's language.
char *diags_vformat(const Diags *d, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
// diag and diag_note with the text already written in d's language
// (diags_vformat): lint replays what it found in a text it read before.
void diag_text(Diags *d, Severity sev, Pos pos, const char *rule, const char *text);
void diag_note_text(Diags *d, Pos pos, const char *text);
// Attaches a fix-it to the last reported problem: replace its span by text.
void diag_fixit(Diags *d, const char *replacement);
// A fix-it of a pending diagnostic: replace bytes [off, off+len) of file
// by text. msg is the diagnostic it came from (opaque).
typedef struct FixIt {
  SrcFile *file;
  size_t off, len;
  const char *text;
  struct Message *msg;
} FixIt;
// Collects, into out (FixIt *, caller frees each), the fix-its of pending
// diagnostics whose rule is in rules (NULL-terminated), ordered by file and
// offset. A pending diagnostic of those rules without a fix-it gets a note
// saying why it cannot be fixed automatically.
void diags_collect_fixits(Diags *d, const char *const *rules, Vec *out);
// Adds a note to the diagnostic of fix f.
void diags_note_fixit(Diags *d, const FixIt *f, const char *text);
// Prints every pending diagnostic (sorted by file, line, column) and
// forgets them. Counters keep running.
void diags_flush(Diags *d);
int diags_errors(const Diags *d);
// One pending diagnostic, as diags_take hands it out (valid during the call).
typedef struct DiagInfo {
  Severity sev;
  Pos pos;
  const char *rule, *text;
  const char *fixit; // replacement of pos's span, or NULL
  int nnotes;
  const Pos *const *note_pos;
  const char *const *note_text;
} DiagInfo;
// Hands every pending diagnostic, sorted, to fn instead of printing it, and
// forgets them (an editor's server publishes them its own way).
void diags_take(Diags *d, void (*fn)(void *user, const DiagInfo *info), void *user);
// Applies -W arguments ("no-x", "error=x", "error", "x", with or without
// "-W"); returns NULL, or the first unknown rule (the rest not applied).
const char *diags_apply_warnings(Diags *d, const char *const *args, int n);
int diags_warnings(const Diags *d);
// How many diagnostics were given to d (diag, vdiag), kept or dropped.
int diags_given(const Diags *d);

// Per-rule settings from the command line (-W<rule>, -Wno-<rule>,
// -Werror=<rule>) and -Werror. Only warnings can be silenced; errors of the
// plan's structure stay errors.
typedef enum { RULE_DEFAULT, RULE_OFF, RULE_ON, RULE_ERROR } RuleSetting;
void diags_set_rule(Diags *d, const char *rule, RuleSetting s);
void diags_set_werror(Diags *d, bool on);
// Text format: a warning or error repeated with the same rule and message
// in one file prints once, its other places as notes (the first few, then
// "and N more"). Off by default; the machine formats never group.
void diags_set_grouping(Diags *d, bool on);
// False when the run silences `rule` (-Wno-...): a rule may then skip its work.
bool diags_rule_enabled(const Diags *d, const char *rule);
void diags_set_lang(Diags *d, MessageLang lang);
MessageLang diags_lang(const Diags *d);
// Rules that are off unless enabled with -W<rule>.
void diags_default_off(Diags *d, const char *rule);

//
// balance.c: centred text in lines of similar length, shared by the PDF
// and DOCX back ends.
//
// "-", "–" (U+2013) or "—" (U+2014), alone.
bool text_is_lone_dash(const char *s, size_t len);
// How bad a line break between the words before and after is: 0, or a
// penalty (beside a spaced dash, inside a body's or a proper name, between
// a number and its word).
double line_break_penalty(Arena *a, const char *before, const char *after);
// Breaks n words (widths w, gap[i] before word i, penalty[i] for breaking
// before word i) into as many lines as a greedy breaker would fill in
// `width`, of similar lengths: starts[l] is line l's first word, starts[k]
// = n; returns k, or 0 when there is nothing to balance (one line, a word
// wider than the column, more than 8 lines). starts holds n + 1 ints.
int balance_lines(Arena *a, const double *w, const double *gap, const double *penalty, int n,
                  double width, int *starts);

// text.c
//

// utf8_decode's general case (utf8proc_iterate).
int utf8_decode_rest(const char *s, size_t n, int32_t *cp);
// Decodes one UTF-8 code point at s (n bytes available); returns its length
// (>= 1) and stores it in *cp, or returns -1 on invalid UTF-8.
static inline int utf8_decode(const char *s, size_t n, int32_t *cp) {
  const unsigned char *u = (const unsigned char *)s;
  if (n > 0 && u[0] < 0x80) {
    *cp = u[0];
    return 1;
  }
  // The two- and three-byte forms that are valid whatever follows the lead
  // byte (Vietnamese letters are among them), inline: the hot loops over
  // text call this per character.
  if (n >= 2 && u[0] >= 0xC2 && u[0] <= 0xDF && (u[1] & 0xC0) == 0x80) {
    *cp = (u[0] & 0x1F) << 6 | (u[1] & 0x3F);
    return 2;
  }
  if (n >= 3 && u[0] >= 0xE1 && u[0] <= 0xEC && (u[1] & 0xC0) == 0x80 &&
      (u[2] & 0xC0) == 0x80) {
    *cp = (u[0] & 0x0F) << 12 | (u[1] & 0x3F) << 6 | (u[2] & 0x3F);
    return 3;
  }
  return utf8_decode_rest(s, n, cp);
}
void utf8_encode(Buf *b, int32_t cp);
bool utf8_valid(const char *s, size_t n, size_t *bad_off);
size_t utf8_count(const char *s, size_t n); // code points
int text_width(const char *s, size_t n);    // display columns
struct pcre2_real_code_8;
struct pcre2_real_match_data_8;
// Compiles one of the program's own pcre2 patterns (UTF, Unicode
// properties), JIT-compiled when PCRE2 can; aborts on a bad pattern, which
// is a bug. Compile once per process (check_patterns_new), not per plan: compiling
// costs more than matching a plan. Free with pcre2_code_free.
struct pcre2_real_code_8 *text_pattern(const char *pattern);
// pcre2_match of re in s[0, n) from byte `at`, results in md. Scanning a
// subject starts at 0, where PCRE2 checks that it is UTF-8; the calls that
// go on from a later offset skip that check, which would otherwise rescan
// the rest of the subject at every match.
int text_match(const struct pcre2_real_code_8 *re, const char *s, size_t n,
               size_t at, struct pcre2_real_match_data_8 *md);
// True for letters and combining marks (\p{L}, \p{M}): the inside of a word.
bool text_is_letter_or_mark(int32_t cp);
bool text_is_upper(int32_t cp); // an upper-case or title-case letter
// Code point classes for text_next_run.
typedef enum {
  RUN_WORD_CHARS,  // letters, marks and digits (\p{L}\p{M}\p{N})
  RUN_LATIN_CHARS, // letters and Latin-1 symbols U+00A1..U+00BF, U+00D7, U+00F7
} RunClass;
// The next maximal run of code points of class `cls` in s[0, n) at or
// after byte *at: its bytes in [*from, *to); *at moves past it. False when
// there is none. Invalid UTF-8 ends a run.
bool text_next_run(const char *s, size_t n, size_t *at, RunClass cls,
                   size_t *from, size_t *to);
// The next word (a letter, then letters and marks, touching no digit: what
// (?<![\p{L}\p{M}\p{N}])\p{L}[\p{L}\p{M}]*(?![\p{L}\p{M}\p{N}]) matches)
// at or after byte *at, as text_next_run.
bool text_next_word(const char *s, size_t n, size_t *at, size_t *from, size_t *to);
// True when s[0, n) is not empty and all white space: every code point
// tab, line feed, vertical tab, form feed, carriage return or a Unicode
// separator (Z), as PCRE2's \s with UCP; with blanks_only, only ' ' and '\t'.
bool text_all_space(const char *s, size_t n, bool blanks_only);
// True when a[0, an) and b[0, bn) are the same text but for letter case
// (code point by code point, simple case mapping).
bool text_same_caseless(const char *a, size_t an, const char *b, size_t bn);
char *text_nfc(Arena *a, const char *s);    // NFC-normalised copy
bool text_is_nfc(const char *s);
bool text_nfc_stable(int32_t cp); // NFC never changes cp, wherever it is
char *text_upper(Arena *a, const char *s);  // full upper case
char *text_lower(Arena *a, const char *s);  // full lower case
char *text_lower_first(Arena *a, const char *s); // "Triển" -> "triển"
char *text_upper_first(Arena *a, const char *s);
// A number as a plan writes a target ("75", "1,4", "1.4", "100.000",
// "42/100.000"): a '.' before exactly three digits separates thousands, any
// other '.' or ',' is the decimal point. Appends it the Vietnamese way
// (decimal comma, thousands' dots); returns its value (a rate: the first
// number).
void text_number_vn(Buf *b, const char *s);
double text_number_value(const char *s);
// Vietnamese điểm letter for index 0.. (a b c d đ e g h i k l m n o p q r s
// t u v x y, then aa, ab ...).
const char *text_diem_letter(Arena *a, int index);
const char *text_roman(Arena *a, int n); // 1 -> "I"
// Edit distance in code points (for did-you-mean).
int text_distance(const char *a, const char *b);
// Did-you-mean: offer each candidate in turn; closest_result gives the
// nearest one when it is near enough to the word (an edit for every three
// characters, and one more), else NULL.
typedef struct Closest {
  const char *word;
  const char *best;
  int best_distance;
} Closest;
Closest closest_init(const char *word);
void closest_offer(Closest *c, const char *candidate);
const char *closest_result(const Closest *c);
// Control characters and bidirectional controls (C0 but tab, DEL, C1,
// U+061C, U+200E/F, U+202A-E, U+2066-9): what must not reach a terminal.
bool text_is_control(int32_t cp);
// Appends s[0, n) for a terminal: controls as "<U+001B>", bytes that are not
// UTF-8 as "<FF>", tabs as spaces; returns the display width appended.
int text_put_visible(Buf *b, const char *s, size_t n);
// Escapes s for Markdown so that it reads as literal text.
void md_escape(Buf *b, const char *s);
// A name the plan or a template gives (ids, template names): lower-case
// ASCII letters, digits, '-', '_', and '.' when dots is set; not empty.
bool text_is_name(const char *s, bool dots);
// Appends "A, B và C" from names.
void text_join_and(Buf *b, const char **names, int n);

//
// date.c
//

typedef enum {
  DATE_NONE,  // no date
  DATE_YEAR,  // "2026" (draft: day and month left blank)
  DATE_MONTH, // "2026-05"
  DATE_DAY,   // "2026-05-20"
} DatePrecision;

// A calendar date. year == 0 with DATE_DAY means "every year" (day, month).
typedef struct Date {
  int year, month, day;
  DatePrecision prec;
} Date;

// Why a string is not a date, in both languages (static storage).
typedef struct DateError {
  const char *vi, *en;
} DateError;

// Parses "YYYY", "YYYY-MM", "YYYY-MM-DD" or "MM-DD" (annual, year 0).
// On failure returns false, leaves *out alone and sets *why (when not NULL).
bool date_parse(const char *s, Date *out, const DateError **why);
bool date_is_valid(int year, int month, int day);
int date_days_in_month(int year, int month);
long date_to_days(Date d);    // days since 1970-01-01 (proleptic Gregorian)
Date date_from_days(long days);
int date_weekday(Date d);     // 0 = Sunday .. 6 = Saturday
int date_compare(Date a, Date b);
// "03/3/2021" (the decree's zero rule: day two digits, month 01 and 02
// padded, 3..12 not); annual dates as "30/11".
void date_format_short(Buf *b, Date d);
// "ngày 03 tháng 3 năm 2021"; drafts leave blanks: "ngày    tháng 5 năm 2026".
void date_format_words(Buf *b, Date d);
// A plan's period as the document writes it: "2026", "2026 - 2030".
void date_format_period(Buf *b, int from, int to);
// Lunar calendar (Vietnam, UTC+7). Returns false when out of range.
bool lunar_to_solar(int lyear, int lmonth, int lday, bool leap, Date *out);
bool solar_to_lunar(Date d, int *lyear, int *lmonth, int *lday, bool *leap);
// Name of the public holiday on d (Vietnamese), or NULL.
const char *date_holiday(Date d);

//
// load.c
//

typedef enum { NODE_SCALAR, NODE_SEQ, NODE_MAP } NodeKind;

typedef struct Node Node;
struct Node {
  NodeKind kind;
  Pos pos;      // the node's start (scalars: the scalar's whole span)
  char *str;    // scalar value, NUL-terminated
  size_t len;   // scalar length in bytes
  bool plain;   // plain (unquoted) scalar: may be null, bool or number
  Node **items; // sequence items or mapping values
  int n;
  Node *key;    // for mapping values: the key node
};

typedef struct Limits {
  size_t max_file_bytes;   // input size
  int max_depth;           // nesting depth
  size_t max_scalar_bytes; // one scalar
  long max_nodes;          // nodes per file
  int max_include_depth;   // include chain length
} Limits;
extern const Limits DEFAULT_LIMITS;

// Reads path into a SrcFile. On failure reports at `from` (or "FILE: error:"
// when from has no file) and returns NULL; *io_error is set for I/O trouble.
SrcFile *load_source(Diags *d, const char *path, Pos from, const Limits *lim,
                     bool *io_error);
// load_source of path, named name in the SrcFile and the messages
// ("/dev/stdin" as "<stdin>").
SrcFile *load_source_as(Diags *d, const char *path, const char *name, Pos from,
                        const Limits *lim, bool *io_error);
// Parses f as YAML. Returns the root node or NULL after reporting.
Node *load_yaml(Arena *a, Diags *d, SrcFile *f, const Limits *lim);
// A file's text parsed once and kept while its bytes stay the same (the
// language server's included catalogues, re-read after every edit). A
// LoadedTree is immutable once made and reference-counted: the cache holds
// one reference, each plan that uses it another (Plan.trees), so a tree
// replaced in the cache lives on until the last plan that read it is freed.
typedef struct LoadedTree {
  SrcFile *file;
  Node *root;
  Arena *arena; // the nodes
  atomic_int refs;
} LoadedTree;
typedef struct TreeCache TreeCache; // one per Pipeline; locked inside
// shared_only: for a batch of plans read once each (see load.c): a file is
// kept only once it is asked for a second time, and plans are not cut.
TreeCache *tree_cache_new(const Limits *lim, bool shared_only);
// Whether tree_cache_get is worth asking for path now: always, except in a
// shared_only cache the first time path is named (then false).
bool tree_cache_wanted(TreeCache *c, const char *path);
void tree_cache_free(TreeCache *c);
// The tree of the file named path whose bytes are text[0, len): the cached
// one when its name and bytes are the same, else parsed now and kept. NULL
// when parsing it reports anything at all (an error, a warning, even one
// switched off): the caller then loads it itself, with its own Diags, so
// that every message is given as a cold check gives it. A reference for
// the caller (loaded_tree_release).
LoadedTree *tree_cache_get(TreeCache *c, const char *path, const char *text, size_t len);
void loaded_tree_release(LoadedTree *t);
// load_yaml of a plan, reusing from c (when set) the parsed top-level keys
// whose bytes are those of the last check of the same file name; the same
// tree and messages as load_yaml (see load.c).
Node *load_yaml_reusing(TreeCache *c, Arena *a, Diags *d, SrcFile *f, const Limits *lim);
Node *map_get(const Node *map, const char *key);
const char *node_kind_name(const Node *n);

//
// model.c
//

// A Markdown text field, split into literal Markdown and resolved references.
typedef enum {
  SEG_TEXT,    // literal Markdown
  SEG_CITE,    // {cite:ID flags}
  SEG_AGENCY,  // {agency:ID flags}
  SEG_REF,     // {ref:ID}: number of a task, item or section
  SEG_NOTE,    // {note:ID}: footnote marker
  SEG_DATE,    // {date:YYYY-MM-DD flags}
  SEG_DEADLINE, // {deadline}: the reporting deadline
  SEG_TARGET,   // {target}: an indicator's target ("đạt 75%")
  SEG_YEAR,     // {year}: an indicator's target year
} SegKind;

enum {
  REF_SHORT = 1,      // cite: kind + number only; agency: short name
  REF_WORDS = 2,      // dates in words
  REF_NO_SUBJECT = 4, // cite: without the subject
  REF_NO_ISSUER = 8,  // cite: without "của ..."
  REF_NO_KIND = 16,   // cite: without the kind word ("số 95/KH-UBND ...")
};

typedef struct Seg {
  SegKind kind;
  const char *text; // SEG_TEXT
  void *target;     // Agency*, LegalDoc*, Item*, Footnote*, or section id
  const char *target_id;
  Date date;
  unsigned flags;
  Pos pos;
  struct Seg *next;
} Seg;

typedef struct Text {
  const char *src; // raw text as written (NULL when absent)
  Pos pos;
  Seg *segs;
} Text;

typedef struct Agency {
  const char *id;
  int index; // in Plan.agencies (-1 until defined)
  Pos pos;
  const char *name;       // "Phòng Văn hóa - Xã hội"
  const char *short_name; // "Phòng VHXH" (defaults to name)
  Pos name_pos, short_pos; // their scalars (short_pos = name_pos by default)
  bool request;           // not subordinate: "Đề nghị ..."
  int uses;
} Agency;

// A citation prints its document's subject, whose citations print theirs,
// MAX_CITE_DEPTH levels deep at most (expand.c); check.c refuses a citation
// that would print more than MAX_CITATION_BYTES ([citation-too-long]).
enum { MAX_CITE_DEPTH = 8, MAX_CITATION_BYTES = 20000 };

typedef struct LegalDoc {
  const char *id;
  int index; // in Plan.docs (-1 until defined)
  Pos pos;
  const char *kind;    // "Quyết định"
  const char *number;  // "2282/QĐ-TTg" (may be NULL for a Luật)
  Pos number_pos;
  const char *name;    // for laws: "Bình đẳng giới" (Luật Bình đẳng giới)
  Date date;
  Pos date_pos;
  const char *issuer;  // "Thủ tướng Chính phủ"
  Pos kind_pos, name_pos, issuer_pos; // their scalars
  Text subject;        // "về phê duyệt Chương trình ..."
  int uses;
} LegalDoc;

typedef struct Footnote {
  const char *id;
  int index; // in Plan.notes
  Pos pos;
  Text text;
  int uses;
} Footnote;

typedef enum {
  TIME_NONE,
  TIME_ONGOING,  // thường xuyên
  TIME_ON,       // ngày 15/11/2026
  TIME_BY,       // trước ngày 25/11/2026
  TIME_RANGE,    // từ ngày 15/11/2026 đến ngày 15/12/2026
  TIME_QUARTERS, // Quý I–IV/2023
  TIME_AFTER,    // sau khi ...
  TIME_TEXT,     // free wording
} TimingKind;

typedef struct Timing {
  TimingKind kind;
  Pos pos;
  Date from, to;      // TIME_ON/TIME_BY use `to`; annual dates have year 0
  Pos from_pos, to_pos; // the dates as written (without quotes)
  int q_from, q_to;   // quarters 1..4
  const char *q_dash; // the range's dash as written ("-", " - ", "–")
  int year;           // quarters' year
  Text text;          // TIME_AFTER (event) and TIME_TEXT
} Timing;

// The comparison of an indicator's target.
typedef struct Target {
  const char *cmp;   // "đạt", "trên", "dưới", "ít nhất", ... or NULL
  const char *value; // number as written, "75", "1,4"
  const char *unit;  // "%", "lần", ... or NULL
  int year;          // 0 when none
  Pos pos;
  Pos value_pos, year_pos; // their scalars
} Target;

typedef enum { ITEM_PLAIN, ITEM_TASK, ITEM_INDICATOR, ITEM_DUTY } ItemKind;

// The lines printed under a task ("- Thời gian thực hiện: ..."), in the
// order its keys are written; each field's label is the PlanLabel of the
// same name.
typedef enum {
  FIELD_CONTENT,
  FIELD_EXECUTOR, // lead, with, executor
  FIELD_TIMING,
  FIELD_PARTICIPANTS,
  FIELD_FORM,
  NFIELDS
} TaskField;
extern const char *const TASK_FIELD_NAMES[NFIELDS]; // "content", ...

typedef enum {
  NUM_AUTO,   // by depth, from the template
  NUM_NUMBER, // 1. / 1.1.
  NUM_LETTER, // a) b) ... đ)
  NUM_DASH,   // -
  NUM_PLUS,   // +
  NUM_NONE,   // plain paragraphs
} Numbering;
// The names plans and templates give the Numbering values ("auto",
// "number", ...), in their order, NULL-terminated.
extern const char *const NUMBERING_NAMES[];

typedef struct RefId {
  const char *id;
  Pos pos;
} RefId;

// One node of a tree of items: objectives, indicators, tasks, funding
// lines, duties. Fields that do not apply stay empty.
typedef struct Item Item;
struct Item {
  ItemKind kind;
  int index;         // in Plan.all_items
  const char *id;
  Pos pos;
  Text title;        // khoản title (bold) or heading of a group
  Text text;         // Markdown body
  Numbering numbering; // how the children are labelled
  Item **items;
  int nitems;
  // tasks
  Agency *lead;
  Pos lead_pos;
  Agency **with;     // coordinating agencies
  Pos *with_pos;     // where each is named
  int nwith;
  Text executor;     // extra wording after the agencies
  Timing timing;
  Item **serves;     // indicators served
  int nserves;
  Text participants, form, content;
  TaskField fields[NFIELDS]; // the fields present, in the plan's order
  int nfields;
  // objective groups: label: TEXT or false (label_set), else the
  // template's "objective" label
  bool label_set;
  const char *label;   // NULL: turned off
  Pos label_pos;
  // duties
  Agency **agencies;
  Pos *agency_pos;   // where each is named
  int nagencies;
  bool inline_name;  // "1. Phòng VHXH: Chủ trì ..." on one line (inline: true)
  bool short_name;   // the agencies' short names (short: true)
  // indicators: target is targets[0] (a zero Target when there is none);
  // {target:N} and {year:N} name targets[N-1]
  Target target;
  Target *targets;
  int ntargets;
  int served_by;
};

// An appendix (Phụ lục): a table written in the plan, or generated from the
// tasks or the indicators.
typedef enum { TABLE_ROWS, TABLE_TASKS, TABLE_INDICATORS } TableSource;

typedef struct AppendixSpec {
  const char *id;
  Pos pos;
  const char *title;
  Pos title_pos;
  bool landscape;
  TableSource source;
  const char **columns; // TABLE_ROWS: column titles
  Pos *column_pos;
  int ncols;
  double *widths;       // relative widths, or NULL
  Text *cells;          // TABLE_ROWS: nrows * ncols
  int nrows;
} AppendixSpec;

typedef struct Recipient {
  Text name;        // free text, or
  Agency *agency;   // an agency
  const char *purpose; // "b/c", "t/h", "báo cáo", ...
  Pos pos, purpose_pos;
} Recipient;

// A plan's override of a template part: its heading or its numbering.
typedef struct LabelOverride {
  const char *name; // a PlanLabel's name
  const char *text; // NULL: turned off
  Pos pos;          // the key
  Pos value_pos;
} LabelOverride;

typedef struct PartOverride {
  const char *part;      // section or block name ("tasks", "funding")
  const char *heading;   // replacement mục title, or NULL
  Numbering levels[8];   // numbering per depth
  int nlevels;
  Pos heading_pos, numbering_pos; // the keys under headings: / numbering:
  Pos heading_value_pos;          // the heading's scalar
} PartOverride;

// What a reference names, and where it is written (for the editor's
// references and rename: the id's own characters).
typedef enum { REF_AGENCY, REF_DOC, REF_NOTE, REF_ITEM, REF_INDICATOR } RefKind;
typedef struct RefUse {
  RefKind kind;
  const char *id;
  Pos id_pos;
} RefUse;

typedef struct Plan {
  const char *path;
  const char *stem; // output name
  const char *template_name;
  Pos template_pos;
  // document
  const char *parent;          // cơ quan chủ quản, or NULL
  const char *authority;       // "Ủy ban nhân dân xã Hà Bắc"
  const char **authority_lines; // header lines, upper case
  Origin *authority_line_from; // the scalar each line comes from
  int nauthority_lines;
  const char *authority_short; // "UBND xã"
  Pos parent_pos, authority_pos, authority_short_pos, place_pos; // their scalars
  const char *kind_code;       // "KH": the type of document, as its number writes it
  const char *issuer_code;     // "UBND"
  int number;                  // 0 when not yet numbered
  const char *place;
  Date date;
  Pos date_pos;
  const char **title_lines;    // trích yếu, as lines
  Pos *title_line_pos;         // their scalars
  int ntitle_lines;
  const char *title;           // lines joined by spaces
  int period_from, period_to;  // years
  // catalogues
  Agency **agencies;
  int nagencies;
  LegalDoc **docs;
  int ndocs;
  Footnote **notes;
  int nnotes;
  const char **words; // `words` of the plan and its catalogues (spelling)
  int nwords;
  // body
  Text *preamble;
  int npreamble;
  Text intro_before, intro, intro_ending;
  Text general_goal;
  Item **objectives;
  int nobjectives;
  Item **purpose;
  int npurpose;
  Item **requirements;
  int nrequirements;
  Item **tasks;
  int ntasks;
  Item **funding;
  int nfunding;
  Item **duties;
  int nduties;
  Timing report_deadline;
  Agency *report_to, *report_via;
  Text report_text;
  Text *closing;
  int nclosing;
  Recipient **recipients;
  int nrecipients;
  const char **archive; // "VT", "VHXH"
  Pos *archive_pos;
  int narchive;
  // signature
  const char *sign_on_behalf; // TM. ...
  const char *sign_for;       // KT. ...
  const char *sign_title;
  const char *sign_name;
  Pos sign_on_behalf_pos, sign_for_pos, sign_title_pos, sign_name_pos;
  // every item, for reference lookup
  Item **all_items;
  int nall_items;
  Seg **refs;        // every {ref:ID} of the plan's texts
  int nrefs;
  RefUse *uses;      // every reference to an id, resolved or not
  int nuses;
  LabelOverride *labels; // labels: {NAME: TEXT or false}
  int nlabels;
  PartOverride *overrides;
  int noverrides;
  AppendixSpec **appendices;
  int nappendices;
  // the source files read (the plan, then its includes); owned by the plan,
  // except those of trees (from a TreeCache), which the plan holds a
  // reference to
  SrcFile **sources;
  int nsources;
  LoadedTree **trees;
  int ntrees;
} Plan;

typedef struct ModelOptions {
  const char *const *include_dirs; // -I
  int ninclude_dirs;
  const Limits *limits;
  bool include_anywhere;     // --include-anywhere: no containment check
  const char *text;          // when set, the plan's bytes (path names it)
  size_t text_len;
  // When set, asked first for each file read (by its real path): its bytes
  // (an editor's unsaved buffer), or NULL to read the file.
  const char *(*overlay)(void *user, const char *real_path, size_t *len);
  void *overlay_user;
  TreeCache *trees; // when set, included files are parsed through it
} ModelOptions;

// Builds the plan from the file at path. Returns NULL when the file could
// not be read or parsed; otherwise a plan, possibly with errors reported.
Plan *model_load(Arena *a, Diags *d, const char *path, const ModelOptions *opt,
                 bool *io_error);
// Source position of bytes [off, off+len) of a text's raw text (t->src):
// pos_in_scalar on the text's scalar.
Pos field_pos(const Text *t, size_t off, size_t len, bool *verbatim);
// What a YAML file is, by its top-level keys: a plan (template:, document:
// or kehoach:), a catalogue (only agencies:, documents:, footnotes:,
// include:), or something else (a CI workflow, a tool's configuration).
typedef enum { YAML_PLAN, YAML_CATALOGUE, YAML_OTHER } YamlKind;
YamlKind yaml_kind(const char *text);
// Frees what the plan owns outside the arena (its source files).
void plan_free(Plan *p);
Agency *plan_agency(const Plan *p, const char *id);
LegalDoc *plan_doc(const Plan *p, const char *id);
Item *plan_item(const Plan *p, const char *id);

//
// parts.c
//

// What a template can do with a part of the plan.
enum {
  PART_BLOCK = 1,     // @block NAME prints it
  PART_CONDITION = 2, // @if NAME / if=NAME tests it
  PART_REF = 4,       // {ref:NAME} gives the number of its section
};
typedef enum {
  SHAPE_NONE,   // a condition only
  SHAPE_TEXTS,  // paragraphs
  SHAPE_ITEMS,  // a list of items
  SHAPE_GROUPS, // groups of indicators (objectives)
} PartShape;

typedef struct PlanPart {
  const char *name;     // as plans, templates and {ref:} write it
  unsigned uses;        // PART_*
  PartShape shape;
  ItemKind item_kind;   // SHAPE_ITEMS: the kind of its items
  size_t items_off, count_off; // SHAPE_ITEMS/GROUPS: Item ** and int in Plan
  const Text *(*texts)(const Plan *p, int *n); // SHAPE_TEXTS: its paragraphs
  bool (*present)(const Plan *p);
} PlanPart;

// The parts, in the order a plan lists them, ended by a NULL name.
extern const PlanPart PLAN_PARTS[];
// The part called name that allows use (PART_*), or NULL.
const PlanPart *plan_part(const char *name, unsigned use);
// The name of the part allowing use nearest to name (did-you-mean), or NULL.
const char *plan_part_closest(const char *name, unsigned use);
// A part's items (SHAPE_ITEMS, SHAPE_GROUPS); NULL and 0 otherwise.
Item **plan_part_items(const PlanPart *pp, const Plan *p, int *n);
// The fixed words a document prints (labels): a template's @label NAME
// TEXT and a plan's labels: {NAME: TEXT} change them, a plan's
// labels: {NAME: false} turns one off where it can be (no label printed).
typedef struct PlanLabel {
  const char *name;     // "executor", "objective", ...
  const char *text;     // the default words, "Cơ quan thực hiện"
  bool required;        // cannot be turned off ("kind", "recipients")
} PlanLabel;
extern const PlanLabel PLAN_LABELS[]; // ended by a NULL name
const PlanLabel *plan_label(const char *name);
const char *plan_label_closest(const char *name);
// The {{variables}} of templates, NULL-terminated.
extern const char *const TEMPLATE_VARIABLES[];
bool template_variable_known(const char *name);

//
// check.c
//


// The compiled patterns of the rules (citations, Vietnamese text): built
// once per process, then read-only, so that threads share them.
typedef struct CheckPatterns CheckPatterns;
CheckPatterns *check_patterns_new(void);
void check_patterns_free(CheckPatterns *r);
// Runs the semantic rules over a plan that loaded without errors.
void check_plan(const Plan *p, const CheckPatterns *rules, Diags *d);

//
// lint.c
//

// What check.c hands to the text rules: every text of the plan (and of the
// catalogue entries it uses), the names of agencies, issuers and the
// authority (also checked for capitals, as are the plan's recipients), and
// the documents' numbers/symbols (read for abbreviations only).
typedef struct LintInput {
  const Text **texts;
  int ntexts;
  const Text **names;
  int nnames;
  const Text **codes;
  int ncodes;
} LintInput;

// Runs the rules on Vietnamese wording and typography: doubled-word,
// not-nfc, legacy-encoding, abbrev-variant, tone-marks, punct-spacing,
// percent-over-100, agency-case, name-case, date-zero.
typedef struct LintPatterns LintPatterns;
// Once per process, then read-only (but for the Speller's own locked cache).
LintPatterns *lint_patterns_new(void);
void lint_patterns_free(LintPatterns *re);
void lint_plan(const Plan *p, const LintInput *in, const LintPatterns *re, Diags *d);
// s in lower case with the tone marks placed the old way (hoà -> hòa,
// uỷ -> ủy): two spellings of one name fold to the same string.
char *lint_fold(Arena *a, const char *s);
// One word w[0, n) folded as lint_fold folds it, into out (cap bytes); its
// length, or -1 when it does not fit.
int lint_fold_word(const char *w, size_t n, char *out, size_t cap);

// names.c: the kinds of document a plan cites (Decree 30, Article 7 and
// Phụ lục III; the Law on legal documents, Article 4; the Party's and
// treaties), with their type codes and the shape of their numbers.
typedef enum {
  KIND_ADMIN,     // số/TYPE-ISSUER, no year
  KIND_EITHER,    // administrative or normative (Nghị quyết, Quyết định)
  KIND_NORMATIVE, // số/năm/TYPE-ISSUER
  KIND_LAW,       // số/năm/QHn
  KIND_ORDINANCE, // số/năm/UBTVQHn
  KIND_LETTER,    // Công văn: số/ISSUER-UNIT, no type code
  KIND_OTHER,     // no number of its own shape: Hiến pháp, Party and
                  // international documents (their numbers are not checked)
} KindClass;
typedef struct KindInfo {
  const char *kind; // folded ("quyết định")
  const char *code; // "QĐ", or NULL
  KindClass cls;
} KindInfo;
// The whole table (read-only), its length in *n.
const KindInfo *doc_kinds(size_t *n);
// The kind whose folded name is s[0, n), or NULL.
const KindInfo *doc_kind_find(const char *s, size_t n);

// names.c: the names whose capitals Phụ lục II fixes (rule name-case).
// One name: its syllables folded (lint_fold_word) and as the decree writes them,
// and before each syllable but the first the marks between ("" for a
// blank, "-", ","), as name_gap reads them.
typedef struct CapName {
  const char *canon;
  int nsyl;
  const char **fold, **syl, **gap;
  int next; // the next name with the same first two syllables (no longer), or -1
} CapName;
typedef struct NameIndex NameIndex;
// Once per process, then read-only.
NameIndex *name_index_new(void);
void name_index_free(NameIndex *x);
// The longest name whose first two syllables fold to a[0, na) and b[0, nb),
// or NULL; name_next gives the others that start so, longest first. (Every
// name has two syllables or more.)
const CapName *name_first(const NameIndex *x, const char *a, size_t na, const char *b,
                          size_t nb);
const CapName *name_next(const NameIndex *x, const CapName *e);
// False when the words a[0, na) and b[0, nb), as written, cannot be the
// first two syllables of a name (their first letters and lengths say so,
// without folding them).
bool name_may_start(const NameIndex *x, const char *a, size_t na, const char *b, size_t nb);
int name_count(const NameIndex *x);
// The marks of s[0, n) with blanks left out and "–" read as "-", into out
// (cap bytes); its length, or -1 when it does not fit.
int name_gap(const char *s, size_t n, char *out, size_t cap);
// True when the words around name e (folded; NULL when none is next to
// it) make it no name: before it, a plural or a quantifier before a body's
// name ("các trạm y tế"), or a word of which the name's first syllable is
// the second half ("cơ sở y tế", "cán bộ tư pháp"); after it, a word that
// makes it a kind of group ("đoàn thanh niên tình nguyện").
bool name_generic(const CapName *e, const char *before, size_t nb, const char *after,
                  size_t na);

// spell.c: Hunspell with Debian's Vietnamese dictionary, one per process,
// loaded on first use, safe from any thread (a mutex and a cache of answers).
typedef struct Speller Speller;
typedef enum { SPELL_UNKNOWN, SPELL_CORRECT, SPELL_WRONG } SpellAnswer;
// dir holds vi_VN.aff and vi_VN.dic (NULL: /usr/share/hunspell). Loads nothing.
Speller *speller_new(const char *dir);
void speller_free(Speller *s);
// SPELL_UNKNOWN when the dictionary is absent (the rule is then off).
SpellAnswer speller_check(Speller *s, const char *w, size_t n);
bool speller_available(Speller *s);
// One byte the caller keeps per word in the speller's shared cache (works
// without a dictionary too): with set != 0 stores it; returns the byte kept
// (0: none).
unsigned char speller_memo(Speller *s, const char *w, size_t n, unsigned char set);
// Hunspell's first suggestion for a wrong word (the caller frees it), or NULL.
char *speller_suggest(Speller *s, const char *w, size_t n);

// syllable.c: can a word be a Vietnamese syllable (no dictionary)?
enum { SYL_MAX = 12 }; // code points of the longest word judged
typedef enum { SYL_SKIP, SYL_OK, SYL_BAD } SylVerdict;
typedef enum {
  SYL_WHY_RHYME,      // no such rhyme: detail = the rhyme ("uyeen")
  SYL_WHY_SPELLING,   // c/k, g/gh, ng/ngh: detail = onset, detail2 = the right one
  SYL_WHY_STOP_TONE,  // p t c ch with a tone other than sắc/nặng: detail = final
  SYL_WHY_TWO_TONES,  // two tone marks
  SYL_WHY_LETTER,     // f j w z in a word with Vietnamese marks
  SYL_WHY_TONE_PLACE, // the tone mark on the wrong vowel: fix = right spelling
  SYL_WHY_TELEX,      // ASCII with Telex keys left: fix = the word meant
} SylWhy;
typedef struct SylResult {
  SylVerdict verdict;
  SylWhy why;
  char detail[32], detail2[8];
  char vowel[8];       // SYL_WHY_SPELLING: the vowel after the onset
  char fix[64];        // SYL_WHY_TONE_PLACE, SYL_WHY_TELEX
  int rhyme_at, cluster_len;
  bool closed;
} SylResult;
// Judges the word w[0, n) (one word: letters only). SYL_SKIP for what is
// not meant as a Vietnamese syllable (see syllable.c); thread-safe.
SylVerdict syllable_check(const char *w, size_t n, SylResult *out);
// The base vowel (0..11: a ă â e ê i o ô ơ u ư y) and tone (0..5: ngang
// huyền sắc hỏi ngã nặng) of a lower-case letter, or -1: by table, and by
// a plain search of the table's source (for the unit test).
int syllable_vowel(int32_t cp, int *tone);
int syllable_vowel_slow(int32_t cp, int *tone);
int32_t syllable_lower(int32_t cp); // utf8proc_tolower, fast for Vietnamese

//
// template.c
//

typedef enum {
  TPL_TEXT,    // a paragraph of text with {{variables}}
  TPL_HEADER,  // @header
  TPL_TITLE,   // @title
  TPL_SECTION, // @section [if=FIELD] [id=ID] TITLE   (mục: I., II., ...)
  TPL_KHOAN,   // @khoan [if=FIELD] TITLE (khoản with a title inside a mục)
  TPL_BLOCK,   // @block NAME   (a structured part of the plan)
  TPL_LABEL,   // @label NAME TEXT
  TPL_END,     // @end   (nơi nhận and signature)
  TPL_IF,      // @if FIELD
  TPL_ELSE,
  TPL_ENDIF,
} TplKind;

typedef struct TplLine {
  TplKind kind;
  const char *cond; // if=FIELD
  const char *id;   // id=ID
  const char *arg;  // block name, label name
  const char *numbering; // numbering=number,letter,... (TPL_BLOCK)
  const char *text; // title or paragraph text, with {{...}}
  Pos pos;
  int index;        // in the template, from 0
  struct TplLine *next;
} TplLine;

typedef struct Template {
  const char *name;
  const char *path;
  SrcFile *file;
  TplLine *lines;
  int nlines;
} Template;

// Finds NAME.tmpl in dirs (in order) and parses it.
Template *template_load(Arena *a, Diags *d, const char *name, Pos from,
                        const char *const *dirs, int ndirs);
void template_free(Template *t); // its source file; the rest is in the arena

//
// bind.c
//

// A plan bound to its template: what expand follows. Arrays are indexed by
// Item.index and TplLine.index.
typedef struct Binding {
  bool *line_taken;           // the line prints for this plan (@if decided)
  const char **line_number;   // @section: "II"; @khoan: "2"; else NULL
  const char **item_label;    // printed: "2.1.", "a)", "-"; NULL unprinted
  const char **item_number;   // for {ref}: "2.1", "a"; NULL for dashes
  Numbering *item_numbering;  // how the item is labelled
  const char **appendix_label; // per appendix: "Phụ lục", "Phụ lục II"
  const char **section_ids, **section_numbers; // {ref:ID} of sections and
  int nsections;                               // appendices: "II", "Phụ lục I"
} Binding;

// Binds p to t, reporting every error that needs both (a {ref:} the
// document does not number, an override of a part t does not have). The
// Binding lives in a.
Binding *bind_plan(Arena *a, Diags *d, const Plan *p, const Template *t);
// Whether p has the part a template condition names ("tasks", "!period").
bool plan_condition_holds(const Plan *p, const char *cond);
// The plan's override of a template part (a section id, a block name).
const PartOverride *plan_override(const Plan *p, const char *part);
// The number a {ref:ID} prints, or NULL.
const char *binding_ref_number(const Binding *b, const Seg *ref);

//
// expand.c
//

enum { STYLE_BOLD = 1, STYLE_ITALIC = 2 };

typedef enum { RUN_TEXT, RUN_NOTE, RUN_BREAK } RunKind;

typedef struct Run {
  RunKind kind;
  unsigned style;
  const char *text; // RUN_TEXT: NFC UTF-8
  int note;         // RUN_NOTE: footnote number
  const Origin *from; // the plan's scalars its Markdown was made from
  int nfrom;
  struct Run *next;
} Run;

typedef enum {
  BLOCK_HEADING, // mục heading: "I." + caps title, bold
  BLOCK_PARA,    // body paragraph, optionally labelled ("1.", "a)", "-")
} BlockKind;

enum {
  BLOCK_TITLED = 1, // khoản title line: bold
  BLOCK_ITALIC = 2,
  BLOCK_KEEP = 4,   // keep with the next block
};

typedef struct Block {
  BlockKind kind;
  const char *label; // "I.", "1.", "1.1.", "a)", "-", "+", or NULL
  Run *runs;
  int depth;         // list nesting (0 = body level)
  unsigned flags;
  Pos pos;           // source of the text (for warnings)
  struct Block *next;
} Block;

typedef struct Note {
  int number;
  Run *runs;
  Pos pos;
  struct Note *next;
} Note;

// A laid-out appendix: heading block and one table.
typedef struct Appendix {
  const char *label;    // "Phụ lục" (one) or "Phụ lục I", "Phụ lục II", ...
  const char *title;    // upper case
  Origin title_from;
  const char *attached; // "(Kèm theo Kế hoạch số .../KH-UBND ngày ... của ...)"
  bool landscape;
  int ncols, nrows;
  const char **header;  // ncols column titles
  Origin *header_from;  // ncols, where each was written (src NULL: fixed)
  double *widths;       // ncols relative widths (sum 1)
  Run **cells;          // nrows * ncols
  Pos pos;
  struct Appendix *next;
} Appendix;

// The laid-out document, independent of the output format.
typedef struct Doc {
  const char *parent;            // cơ quan chủ quản line, or NULL
  Origin parent_from;            // the plan's scalar each header string
  Origin *authority_from;        // came from (src NULL: the template's)
  Origin place_from;
  Origin *title_from;
  Origin *recipient_from;
  Origin *sign_from;
  Origin signer_from;
  const char **authority_lines;  // issuing authority, upper case
  int nauthority_lines;
  const char *nation;            // "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
  const char *motto;             // "Độc lập - Tự do - Hạnh phúc"
  const char *number_line;       // "Số:    /KH-UBND"
  const char *place_date;        // "Hà Bắc, ngày    tháng    năm 2026"
  const char *kind_name;         // "KẾ HOẠCH"
  const char **title_lines;      // trích yếu
  int ntitle_lines;
  Block *body;
  Note *notes;
  const char *recipients_label;  // "Nơi nhận:"
  const char **recipients;       // "- Sở Nội vụ (b/c);" ... "- Lưu: VT, VHXH."
  int nrecipients;
  const char **sign_lines;       // "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", ...
  int nsign_lines;
  const char *signer;            // "Nguyễn Đắc Chiêm"
  Appendix *appendices;          // after the signature, numbered separately
  // metadata
  const char *meta_title;
  const char *meta_author;
  const char *meta_subject;
} Doc;

// Appends how a citation of doc reads ("Quyết định số 2282/QĐ-TTg ngày
// 31/12/2021 của Thủ tướng Chính phủ"), without its subject; flags REF_*.
void cite_text(Buf *b, const LegalDoc *doc, unsigned flags);
// Lays out a bound plan (no errors): cannot fail, reports nothing.
Doc *expand_plan(Arena *a, const Plan *p, const Template *t, const Binding *b);

//
// scaffold.c
//

// Writes a starting plan for template tmpl ("hang-nam", "chien-luoc") with
// settings "key=value" (commune, year, province, title, signer). Returns
// false and sets *error (a static or arena string) on a bad setting.
bool scaffold_plan(Arena *a, const char *tmpl, const char **settings, int n,
                   Buf *out, const char **error);

//
// fix.c
//

// `--fix`: applies the fix-its of the pending diagnostics whose fix cannot
// change what the plan means (not-nfc, doubled-word, date-zero) to their
// source files, each rewritten atomically with only those bytes changed
// (comments and layout kept). Returns 0, or EXIT_TROUBLE after reporting a
// file that could not be written.
int fix_sources(Diags *d, FILE *log);

//
// pdf/paginate.c: the page map
//

// Where the pages end, for the Markdown to follow the paper: note_block[n]
// is the index (from 0) of the body block that ends the printed page
// showing footnote n, or -1. Made by pdf_layout (render_pdf.c), before and
// apart from drawing the PDF.
typedef struct PageMap {
  int *note_block; // owned; free with page_map_free
  int nnotes;      // entries, index 0 unused
  int npages;      // pages of the whole document, appendices included
} PageMap;

void page_map_free(PageMap *m);
void page_map_copy(PageMap *to, const PageMap *from); // to owns its copy

//
// render_md.c
//

// Writes doc as CommonMark + GFM. pages may be NULL: footnote definitions
// then follow the paragraph that first cites them.
void render_md(const Doc *doc, const PageMap *pages, Buf *out);

//
// font.c
//

// The font family for PDFs (Times New Roman, else Liberation
// Serif, else Tinos, each with its four faces: index = STYLE_BOLD |
// STYLE_ITALIC bits), found through fontconfig and read by HarfBuzz once per
// process, then shared, read-only, by every document and thread.
enum { FONT_FACES = 4 };
typedef struct Fonts Fonts;
Fonts *fonts_find(void); // NULL when no family has all four TrueType faces
void fonts_free(Fonts *f);
const char *fonts_file(const Fonts *f, int face); // face 0..3, or NULL
const char *fonts_family(const Fonts *f);
bool fonts_cached(const Fonts *f); // found through the font cache (fontcache.c)
bool fonts_has_char(const Fonts *f, int face, int32_t cp);
// The advance width of s[0, len) in face, kerning pairs included, in
// thousandths of the size; the kerning of one pair (0 around a space).
int fonts_width(const Fonts *f, int face, const char *s, size_t len);
int fonts_kern(const Fonts *f, int face, int32_t a, int32_t b);

// The fonts of one PDF document: which characters each face drew, and the
// code (CID) each got; at the end, each face used is written into the
// document as a subset font.
typedef struct PdfDoc PdfDoc;
typedef struct PdfObj PdfObj;
typedef struct FontUse FontUse;
FontUse *font_use_new(const Fonts *fonts, PdfDoc *doc);
void font_use_free(FontUse *u);
// The resource name ("F1") of face on page, added to the page's resources.
const char *font_use_select(FontUse *u, PdfObj *page, int face);
// Appends to codes the two-byte codes (big-endian CIDs) that draw s[0, len)
// in face.
void font_use_encode(FontUse *u, int face, const char *s, size_t len, Buf *codes);
// Writes the faces used; fonts[face] is then the Type0 font dictionary or
// NULL. False when a subset could not be made.
bool font_use_write(FontUse *u, PdfObj **fonts);

//
// fontcache.c
//

// Which files fontconfig chose for the four faces, and the family (an
// index into the list the request named).
typedef struct FontChoice {
  int family;
  char *path[FONT_FACES];
  int index[FONT_FACES];
} FontChoice;
// The choice stored for `request` (the families asked for, as one line)
// when everything it depended on is unchanged; false otherwise (c empty).
bool font_cache_load(const char *request, const char *const *families, int nfamilies,
                     FontChoice *c);
// Stores fontconfig's choice; call while fontconfig is initialised (its
// configuration files and font directories are listed then). Failing to
// write is silent: the cache only saves time.
void font_cache_store(const char *request, const char *family, const FontChoice *c);
void font_choice_free(FontChoice *c);

//
// pdf/hpdf.c: the one door to libharu
//

// A PDF document being written, and its objects (dictionaries, arrays,
// streams, pages), opaque. libharu's errors go to the PdfErrorFn given
// (which may longjmp out of any call below).
typedef void (*PdfErrorFn)(void *user, unsigned long error, unsigned long detail);
PdfDoc *pdfdoc_new(PdfErrorFn on_error, void *user);
bool pdfdoc_open(PdfDoc *d); // libharu's document; false when it fails
void pdfdoc_free(PdfDoc *d);
// Objects: a dictionary (indirect: in the cross-reference table), an
// array, a stream holding data[0, len) (compress: Flate when written).
PdfObj *pdfobj_dict(PdfDoc *d, bool indirect);
PdfObj *pdfobj_array(PdfDoc *d);
PdfObj *pdfobj_stream(PdfDoc *d, const void *data, size_t len, bool compress);
// Dictionary entries; false when libharu fails (or dict is NULL).
bool pdfobj_put(PdfObj *dict, const char *key, PdfObj *value);
bool pdfobj_put_name(PdfObj *dict, const char *key, const char *name);
bool pdfobj_put_int(PdfObj *dict, const char *key, long v);
bool pdfobj_put_real(PdfObj *dict, const char *key, double v);
bool pdfobj_put_ascii(PdfDoc *d, PdfObj *dict, const char *key, const char *s);
bool pdfobj_put_text(PdfDoc *d, PdfObj *dict, const char *key, const char *utf8);
PdfObj *pdfobj_get_dict(PdfObj *dict, const char *key);
PdfObj *pdfobj_get_array(PdfObj *dict, const char *key);
// Array items.
bool pdfobj_push(PdfObj *array, PdfObj *value);
bool pdfobj_push_int(PdfObj *array, long v);
bool pdfobj_push_binary(PdfDoc *d, PdfObj *array, const void *data, size_t len);
size_t pdfobj_count(PdfObj *array);
PdfObj *pdfobj_array_at(PdfObj *array, size_t i);
PdfObj *pdfobj_dict_at(PdfObj *array, size_t i);
bool pdfobj_int_at(PdfObj *array, size_t i, long *v);
// The document's catalog, trailer and Info dictionaries.
PdfObj *pdfdoc_catalog(PdfDoc *d);
PdfObj *pdfdoc_trailer(PdfDoc *d);
PdfObj *pdfdoc_info(PdfDoc *d);
typedef enum { PDF_PRODUCER, PDF_CREATION_DATE, PDF_MOD_DATE } PdfInfoAttr;
const char *pdfdoc_info_attr(PdfDoc *d, PdfInfoAttr which);
void pdfdoc_set_dates(PdfDoc *d, Date day, int hour, int minute, int second); // UTC
void pdfdoc_set_version_1_4(PdfDoc *d);
void pdfdoc_open_outlines(PdfDoc *d); // the viewer shows the bookmarks
// Pages: an A4 page (its content stream empty), and bookmarks.
PdfObj *pdfdoc_add_page(PdfDoc *d, bool landscape);
PdfObj *pdfpage_contents(PdfObj *page); // its content stream
void pdfpage_write(PdfObj *page, const void *data, size_t len);
void pdfdoc_bookmark(PdfDoc *d, PdfObj *page, const char *title, double top);
// The streams libharu would compress as it writes (flate.c compresses them
// first): fn gets each one's bytes; pdfobj_stream_set_packed gives a stream
// bytes already compressed, written as they are with /Filter /FlateDecode.
typedef bool (*PdfStreamFn)(void *user, PdfObj *stream, const Buf *raw);
bool pdfdoc_each_flate_stream(PdfDoc *d, Buf *scratch, PdfStreamFn fn, void *user);
void pdfobj_stream_set_packed(PdfObj *stream, const void *data, size_t len);
// Appends the finished PDF to out; false when libharu fails.
bool pdfdoc_save(PdfDoc *d, Buf *out);

//
// render_pdf.c
//

typedef struct PdfOptions {
  long long epoch;      // creation date (SOURCE_DATE_EPOCH), or -1 for none
  const char *creator;  // "kehoach 0.1.0"
} PdfOptions;

// A document laid out on pages (measured, broken into lines, paginated):
// what the PDF draws, and where its footnotes fall for the Markdown too.
typedef struct PdfLayout PdfLayout;
// Lays doc out in fonts (reporting missing glyphs); NULL after reporting
// [font-missing] when fonts is NULL.
PdfLayout *pdf_layout(const Doc *doc, const Fonts *fonts, Diags *d);
const PageMap *pdf_layout_pages(const PdfLayout *l);
void pdf_layout_free(PdfLayout *l);

//
// pdf/pdfa.c
//

// Adds to a finished document (pages, fonts, Info) what
// PDF/A-1b asks for: XMP metadata, an sRGB output intent, CIDSets, a file
// ID from the content. False (the document unchanged or partly marked)
// when no sRGB ICC profile is installed or libharu fails.
// The document's Title, Author, Subject and Creator (UTF-8, NULL when
// absent), as the Info dictionary holds them.
typedef struct PdfInfo {
  const char *title, *author, *subject, *creator;
} PdfInfo;
bool pdfa_mark(PdfDoc *doc, const PdfInfo *info, PdfObj *const *fonts, int nfonts);

//
// pdf/flate.c
//

// Compresses every stream of a finished document that libharu
// would compress, with libdeflate, and has libharu write them as they are.
// False when some stream was left to libharu.
typedef struct Flate Flate;
Flate *flate_new(void); // NULL when libdeflate cannot allocate
// libdeflate picks its Adler-32 routine for the CPU on first use, writing a
// pointer all threads share: call once before starting threads.
void flate_prepare(void);
void flate_free(Flate *f);
bool flate_streams(Flate *f, PdfDoc *doc);
// Makes data[0, len), compressed, the data of the stream dictionary s (a
// page's contents, drawn in kehoach's own buffer); false when libdeflate
// fails (s is then untouched).
bool flate_stream_data(Flate *f, PdfObj *s, const void *data, size_t len);

// Draws a layout into out as a PDF. Returns 0, or -1 after reporting an
// error (to the layout's Diags).
int render_pdf(PdfLayout *l, const PdfOptions *opt, Buf *out);

//
// docx.c
//

// libzip and libxml2, which docx.c opens (dlopen) only when a DOCX is made:
// linked, they and what they load (OpenSSL, ICU) would cost every kehoach
// process some 4 ms of start-up. NULL, with *why, when they cannot be
// opened; thread-safe once open.
typedef struct DocxLibs DocxLibs;
DocxLibs *docx_libs_open(Buf *why);
void docx_libs_close(DocxLibs *l);

typedef struct DocxOptions {
  DocxLibs *libs;       // NULL: render_docx reports libs_error
  const char *libs_error;
  long long epoch;      // core.xml's dates and the zip entries' time
                        // (SOURCE_DATE_EPOCH), or -1: no dates, 1980-01-01
  const char *creator;  // app.xml's Application: "kehoach 0.1.0"
  const Fonts *fonts;   // measures the short rules and the Quốc hiệu like
                        // the PDF; NULL: estimated from the characters
} DocxOptions;
// Writes doc as a DOCX (WordprocessingML in a zip) laid out per Nghị định
// 30, appended to out. Returns 0, or -1 after reporting [docx] to d (out
// then holds nothing of it).
int render_docx(const Doc *doc, const DocxOptions *opt, Diags *d, Buf *out);

//
// pipeline.c
//

// What every plan of a run shares.
typedef struct PipelineOptions {
  const char *const *include_dirs; // -I
  int ninclude_dirs;
  bool include_anywhere;           // --include-anywhere
  const char *const *template_dirs; // searched in order
  int ntemplate_dirs;
  const Limits *limits;            // NULL: DEFAULT_LIMITS
  // Unsaved buffers of the files a plan includes (see ModelOptions).
  const char *(*overlay)(void *user, const char *real_path, size_t *len);
  void *overlay_user;
  bool no_document; // check only: expand (which cannot fail) is skipped
  // Keep the parsed included files (by name and bytes) from plan to plan:
  // for a server that checks the same plans again and again.
  bool cache_includes;
  // Keep, from plan to plan, the parsed included files that several plans
  // of a batch include (each read and compared again, used only when its
  // bytes are the same); ignored with cache_includes.
  bool share_includes;
} PipelineOptions;

// The rules, templates and fonts of a run; one Pipeline may serve several
// threads at once.
typedef struct Pipeline Pipeline;
Pipeline *pipeline_new(const PipelineOptions *o);
void pipeline_free(Pipeline *pl);
// The fonts, searched for on first use (NULL when none is installed).
const Fonts *pipeline_fonts(Pipeline *pl);
// libzip and libxml2, opened on first use (NULL, *why set, when they
// cannot be: why lives as long as the pipeline).
DocxLibs *pipeline_docx_libs(Pipeline *pl, const char **why);

// One plan through the checking stages.
typedef struct PlanResult {
  Arena *arena;             // owns the plan's structures and the document
  Plan *plan;               // NULL when the file could not be read or parsed
  const Template *template; // the pipeline's; NULL when not reached
  Binding *binding;         // the plan bound to it, when both read cleanly
  Doc *doc;                 // the document, when the plan has no errors
                            // (and the pipeline makes documents)
  bool io_error;            // the plan or an include could not be read
  int errors;               // errors reported for this plan
} PlanResult;

// Loads, models, binds, checks and expands the plan at path, reporting to d; text
// (may be NULL) gives the plan's bytes instead of the file (an editor's
// unsaved buffer). Flush d before freeing the result: positions point into
// the plan's sources, which the result owns.
PlanResult *check_file(Pipeline *pl, Diags *d, const char *path, const char *text,
                       size_t len);
void plan_result_free(PlanResult *r);

// The formats `kehoach build --format` can write (a set of them).
enum { OUTPUT_MD = 1, OUTPUT_PDF = 2, OUTPUT_DOCX = 4, OUTPUT_DEFAULT = OUTPUT_MD | OUTPUT_PDF };

typedef struct Outputs {
  Buf md, pdf, docx;
  PageMap pages; // the PDF's pages (empty when neither MD nor PDF is made)
} Outputs;
// Renders a checked plan (r->doc set) in the formats of the set `formats`:
// the PDF's layout first (the Markdown puts its footnotes where the PDF's
// pages end), then the Markdown, the PDF, the DOCX. Returns 0, or non-zero
// after reporting (no document, or a renderer failed). Free out with
// outputs_free either way.
int build_outputs(Pipeline *pl, const PlanResult *r, Diags *d, long long epoch,
                  unsigned formats, Outputs *out);
void outputs_free(Outputs *out);

//
// lsp.c
//

// `kehoach lsp`: serves the Language Server Protocol on stdin/stdout until
// exit; returns the exit status (0 after shutdown, 1 otherwise).
int lsp_main(const char *const *template_dirs, int ntemplate_dirs);
// The same over any streams (the fuzz target's).
int lsp_serve(FILE *in, FILE *out, const char *const *template_dirs, int ntemplate_dirs);

//
// watch.c
//

// Waits for files to change (inotify on their directories) or for SIGINT /
// SIGTERM (blocked while the FileWatch lives, read from a signalfd).
typedef struct FileWatch FileWatch;
typedef enum { WATCH_CHANGED, WATCH_STOPPED, WATCH_FAILED } WatchEvent;
FileWatch *filewatch_new(void); // NULL when inotify or signalfd fail
void filewatch_free(FileWatch *w);
// The files whose changes count (replacing the previous set).
void filewatch_set(FileWatch *w, const char *const *paths, int n);
// Blocks until a file of the set changed and then stayed quiet for
// quiet_ms, or a stop signal came.
WatchEvent filewatch_wait(FileWatch *w, int quiet_ms);

#endif
