// lsp.c — `kehoach lsp`: the checker in the editor (Language Server
// Protocol 3.17, JSON-RPC over stdin/stdout, framed with Content-Length).
//
// Each open plan is checked through the pipeline (check_file) from the
// editor's buffer, not the file on disk; the buffers of open catalogues are
// read in place of their files (the pipeline's overlay), and a change in a
// catalogue re-checks the open plans that include it. Diagnostics carry
// their exact ranges, rule ids, notes and fix-its (offered as quick
// fixes). The last check's Plan and Binding answer hover, go to
// definition, references, rename, completion and the document's outline.
//
// Positions: UTF-16 code units, or bytes when the client offers "utf-8"
// (LSP 3.17 positionEncoding).
#include "kehoach.h"

#include <dirent.h>
#include <json-c/json.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

typedef struct Fix {
  char *uri;
  json_object *range; // owned
  char *text;
  char *title;
} Fix;

typedef struct Document {
  char *uri;
  char *path; // from the URI
  char *real; // its real path (realpath, else path)
  char *text;
  size_t len;
  PlanResult *result; // last check; NULL for a catalogue (checked in its plans)
  Vec fixes;          // Fix*: the last check's fix-its
  Vec published;      // char *: URIs given diagnostics for this plan
} Document;

typedef struct Server {
  Pipeline *pl;
  Vec docs;     // Document*
  Vec warnings; // char *: -W settings from the editor
  Vec template_dirs;
  bool utf8;    // positions in bytes, else UTF-16 code units
  bool shutdown;
  FILE *in, *out;
  FILE *sink;      // where Diags would print (they hand their messages over)
  Vec uri_paths, uri_uris; // char *: the URI of each path met (realpath once)
  Vec shown_uris, shown;   // char *: the diagnostics each URI was last given
  json_object *schema;     // the plan format's JSON Schema (enum values), or NULL
  MessageLang lang;
} Server;

//
// Transport
//

// Reads one message. NULL at the end of the input or on a frame that
// cannot be read (no Content-Length, a body over 64 MB, a short body);
// *bad is set (and NULL returned) for a whole frame whose body is not a
// JSON object: the server answers it and reads on.
static json_object *read_message(FILE *in, bool *bad) {
  *bad = false;
  long length = -1;
  char line[256];
  for (;;) {
    if (!fgets(line, sizeof line, in))
      return NULL;
    if (strcmp(line, "\r\n") == 0 || strcmp(line, "\n") == 0)
      break;
    if (strncasecmp(line, "Content-Length:", 15) == 0)
      length = strtol(line + 15, NULL, 10);
  }
  if (length < 0 || length > (64L << 20))
    return NULL;
  char *body = xmalloc((size_t)length + 1);
  size_t got = fread(body, 1, (size_t)length, in);
  body[got] = '\0';
  json_object *msg = got == (size_t)length ? json_tokener_parse(body) : NULL;
  free(body);
  if (got == (size_t)length && (!msg || !json_object_is_type(msg, json_type_object))) {
    json_object_put(msg);
    *bad = true;
    return NULL;
  }
  return msg;
}

static void write_message(Server *s, json_object *msg) {
  json_object_object_add(msg, "jsonrpc", json_object_new_string("2.0"));
  const char *text = json_object_to_json_string_ext(msg, JSON_C_TO_STRING_PLAIN);
  fprintf(s->out, "Content-Length: %zu\r\n\r\n%s", strlen(text), text);
  fflush(s->out);
  json_object_put(msg);
}

static void reply(Server *s, json_object *id, json_object *result) {
  json_object *msg = json_object_new_object();
  json_object_object_add(msg, "id", json_object_get(id));
  json_object_object_add(msg, "result", result);
  write_message(s, msg);
}

static void reply_error(Server *s, json_object *id, int code, const char *text) {
  json_object *msg = json_object_new_object(), *err = json_object_new_object();
  json_object_object_add(err, "code", json_object_new_int(code));
  json_object_object_add(err, "message", json_object_new_string(text));
  json_object_object_add(msg, "id", json_object_get(id));
  json_object_object_add(msg, "error", err);
  write_message(s, msg);
}

static void notify(Server *s, const char *method, json_object *params) {
  json_object *msg = json_object_new_object();
  json_object_object_add(msg, "method", json_object_new_string(method));
  json_object_object_add(msg, "params", params);
  write_message(s, msg);
}

// o.a.b... as a string, int or object (NULL / fallback when absent).
static json_object *get(json_object *o, const char *key) {
  json_object *v = NULL;
  return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static const char *get_str(json_object *o, const char *key) {
  json_object *v = get(o, key);
  return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static int get_int(json_object *o, const char *key, int fallback) {
  json_object *v = get(o, key);
  return v && json_object_is_type(v, json_type_int) ? json_object_get_int(v) : fallback;
}

//
// URIs and positions
//

static int hex_digit(char c) {
  return c >= '0' && c <= '9' ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

// "file:///a/b%20c.yaml" -> "/a/b c.yaml" (malloc'd); NULL for other schemes.
static char *uri_to_path(const char *uri) {
  if (strncmp(uri, "file://", 7) != 0)
    return NULL;
  const char *s = uri + 7;
  char *path = xmalloc(strlen(s) + 1), *w = path;
  for (; *s; s++) {
    int hi, lo;
    if (*s == '%' && (hi = hex_digit(s[1])) >= 0 && (lo = hex_digit(s[2])) >= 0) {
      *w++ = (char)(hi * 16 + lo);
      s += 2;
    } else {
      *w++ = *s;
    }
  }
  *w = '\0';
  return path;
}

static char *path_to_uri(const char *path) {
  char *real = realpath(path, NULL);
  const char *p = real ? real : path;
  Buf b;
  buf_init(&b);
  buf_puts(&b, "file://");
  for (; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
        strchr("/-_.~", c))
      buf_putc(&b, (char)c);
    else
      buf_printf(&b, "%%%02X", c);
  }
  free(real);
  char *uri = xstrdup(b.data);
  buf_free(&b);
  return uri;
}

// Byte offset of an LSP position in text.
static size_t offset_of(const Server *s, const char *text, size_t len, int line, int ch) {
  size_t off = 0;
  for (int l = 0; l < line && off < len; off++)
    if (text[off] == '\n')
      l++;
  for (int units = 0; off < len && text[off] != '\n' && units < ch;) {
    int32_t cp;
    int n = utf8_decode(text + off, len - off, &cp);
    if (n <= 0)
      n = 1, cp = 0;
    units += s->utf8 ? n : (cp > 0xFFFF ? 2 : 1);
    off += (size_t)n;
  }
  return off;
}

static json_object *lsp_position(const Server *s, const char *text, size_t len, size_t off) {
  int line = 0;
  size_t start = 0;
  for (size_t i = 0; i < off && i < len; i++)
    if (text[i] == '\n')
      line++, start = i + 1;
  int units = 0;
  for (size_t i = start; i < off && i < len;) {
    int32_t cp;
    int n = utf8_decode(text + i, len - i, &cp);
    if (n <= 0)
      n = 1, cp = 0;
    units += s->utf8 ? n : (cp > 0xFFFF ? 2 : 1);
    i += (size_t)n;
  }
  json_object *p = json_object_new_object();
  json_object_object_add(p, "line", json_object_new_int(line));
  json_object_object_add(p, "character", json_object_new_int(units));
  return p;
}

// The range of a Pos (its file's text); 0:0 for a Pos without a file.
static json_object *lsp_range(const Server *s, Pos pos) {
  json_object *r = json_object_new_object();
  const char *text = pos.file ? pos.file->text : "";
  size_t len = pos.file ? pos.file->len : 0;
  size_t off = pos.file ? pos.off : 0, end = pos.file ? pos.off + pos.len : 0;
  json_object_object_add(r, "start", lsp_position(s, text, len, off));
  json_object_object_add(r, "end", lsp_position(s, text, len, end));
  return r;
}

// path_to_uri, remembered: realpath costs system calls on every edit.
static const char *cached_uri(Server *s, const char *path) {
  for (int i = 0; i < s->uri_paths.len; i++)
    if (strcmp(s->uri_paths.items[i], path) == 0)
      return s->uri_uris.items[i];
  vec_push(&s->uri_paths, xstrdup(path));
  vec_push(&s->uri_uris, path_to_uri(path));
  return s->uri_uris.items[s->uri_uris.len - 1];
}

static json_object *lsp_location(Server *s, Pos pos) {
  json_object *loc = json_object_new_object();
  json_object_object_add(loc, "uri", json_object_new_string(cached_uri(s, pos.file->path)));
  json_object_object_add(loc, "range", lsp_range(s, pos));
  return loc;
}

//
// Documents
//

static Document *find_doc(Server *s, const char *uri) {
  for (int i = 0; i < s->docs.len; i++) {
    Document *d = s->docs.items[i];
    if (strcmp(d->uri, uri) == 0)
      return d;
  }
  return NULL;
}

static void clear_fixes(Document *d) {
  for (int i = 0; i < d->fixes.len; i++) {
    Fix *f = d->fixes.items[i];
    free(f->uri);
    json_object_put(f->range);
    free(f->text);
    free(f->title);
    free(f);
  }
  d->fixes.len = 0;
}

static void doc_free(Document *d) {
  clear_fixes(d);
  vec_free(&d->fixes);
  for (int i = 0; i < d->published.len; i++)
    free(d->published.items[i]);
  vec_free(&d->published);
  plan_result_free(d->result);
  free(d->uri);
  free(d->path);
  free(d->real);
  free(d->text);
  free(d);
}

static bool looks_like_plan(const char *text) { return yaml_kind(text) == YAML_PLAN; }

// The overlay of the pipeline: an open buffer in place of its file.
static const char *open_buffer(void *user, const char *real_path, size_t *len) {
  Server *s = user;
  for (int i = 0; i < s->docs.len; i++) {
    Document *d = s->docs.items[i];
    if (strcmp(d->real, real_path) == 0) {
      *len = d->len;
      return d->text;
    }
  }
  return NULL;
}

// Whether a check of plan d read the file at real.
static bool plan_reads(const Document *d, const char *real) {
  const Plan *p = d->result ? d->result->plan : NULL;
  for (int i = 0; p && i < p->nsources; i++) {
    char *r = realpath(p->sources[i]->path, NULL);
    bool same = r && strcmp(r, real) == 0;
    free(r);
    if (same)
      return true;
  }
  return false;
}

//
// Diagnostics
//

typedef struct Collect {
  Server *s;
  Document *doc;
  Vec uris;  // char *
  Vec lists; // json_object * arrays, parallel
} Collect;

static json_object *list_for(Collect *c, const char *uri) {
  for (int i = 0; i < c->uris.len; i++)
    if (strcmp(c->uris.items[i], uri) == 0)
      return c->lists.items[i];
  vec_push(&c->uris, xstrdup(uri));
  json_object *list = json_object_new_array();
  vec_push(&c->lists, list);
  return list;
}

static void collect_one(void *user, const DiagInfo *info) {
  Collect *c = user;
  const char *uri = info->pos.file ? cached_uri(c->s, info->pos.file->path) : c->doc->uri;
  json_object *d = json_object_new_object();
  json_object *range = lsp_range(c->s, info->pos);
  json_object_object_add(d, "range", json_object_get(range));
  json_object_object_add(d, "severity",
                         json_object_new_int(info->sev == SEV_ERROR     ? 1
                                             : info->sev == SEV_WARNING ? 2
                                                                        : 3));
  json_object_object_add(d, "code", json_object_new_string(info->rule));
  json_object_object_add(d, "source", json_object_new_string("kehoach"));
  json_object_object_add(d, "message", json_object_new_string(info->text));
  if (info->nnotes) {
    json_object *related = json_object_new_array();
    for (int i = 0; i < info->nnotes; i++) {
      const Pos *np = info->note_pos[i];
      json_object *r = json_object_new_object();
      json_object_object_add(r, "location", np->file ? lsp_location(c->s, *np)
                                                     : json_object_new_null());
      json_object_object_add(r, "message", json_object_new_string(info->note_text[i]));
      if (np->file)
        json_object_array_add(related, r);
      else
        json_object_put(r);
    }
    json_object_object_add(d, "relatedInformation", related);
  }
  if (info->fixit) {
    Fix *f = xcalloc(1, sizeof *f);
    f->uri = xstrdup(uri);
    f->range = json_object_get(range);
    f->text = xstrdup(info->fixit);
    f->title = message_format(c->s->lang, "sửa thành '%s' / change to '%s'", info->fixit,
                              info->fixit);
    vec_push(&c->doc->fixes, f);
  }
  json_object_put(range);
  json_object_array_add(list_for(c, uri), d);
}

// What the editor shows for uri (the last list published), or NULL.
static char **shown_for(Server *s, const char *uri) {
  for (int i = 0; i < s->shown_uris.len; i++)
    if (strcmp(s->shown_uris.items[i], uri) == 0)
      return (char **)&s->shown.items[i];
  return NULL;
}

static bool shows_already(Server *s, const char *uri, json_object *list) {
  char **shown = shown_for(s, uri);
  return shown && strcmp(*shown, json_object_to_json_string_ext(
                                     list, JSON_C_TO_STRING_PLAIN)) == 0;
}

static void publish(Server *s, const char *uri, json_object *list) {
  const char *json = json_object_to_json_string_ext(list, JSON_C_TO_STRING_PLAIN);
  char **shown = shown_for(s, uri);
  if (shown) {
    free(*shown);
    *shown = xstrdup(json);
  } else {
    vec_push(&s->shown_uris, xstrdup(uri));
    vec_push(&s->shown, xstrdup(json));
  }
  json_object *params = json_object_new_object();
  json_object_object_add(params, "uri", json_object_new_string(uri));
  json_object_object_add(params, "diagnostics", list);
  notify(s, "textDocument/publishDiagnostics", params);
}

// Checks plan d from its buffer and publishes its diagnostics: for the
// plan, and for each file it read (its catalogues, cleared when clean).
static void check_doc(Server *s, Document *d) {
  plan_result_free(d->result);
  d->result = NULL;
  clear_fixes(d);
  Diags *dg = diags_new(s->sink, false, FORMAT_TEXT);
  diags_set_lang(dg, s->lang);
  diags_apply_warnings(dg, (const char *const *)s->warnings.items, s->warnings.len);
  d->result = check_file(s->pl, dg, d->path, d->text, d->len);
  Collect c = {.s = s, .doc = d};
  list_for(&c, d->uri);
  for (int i = 0; d->result->plan && i < d->result->plan->nsources; i++)
    list_for(&c, cached_uri(s, d->result->plan->sources[i]->path));
  for (int i = 0; i < d->published.len; i++) // clear what no longer has any
    list_for(&c, d->published.items[i]);
  diags_take(dg, collect_one, &c);
  for (int i = 0; i < d->published.len; i++)
    free(d->published.items[i]);
  d->published.len = 0;
  for (int i = 0; i < c.uris.len; i++) {
    // The plan's own list every time (the answer to an edit); the files it
    // reads only when what the editor shows for them changes.
    if (i == 0 || !shows_already(s, c.uris.items[i], c.lists.items[i]))
      publish(s, c.uris.items[i], c.lists.items[i]);
    else
      json_object_put(c.lists.items[i]);
    vec_push(&d->published, c.uris.items[i]);
  }
  vec_free(&c.uris);
  vec_free(&c.lists);
  diags_free(dg);
}

// After a change to the file at real: re-checks every open plan that reads
// it (a catalogue), or the plan itself.
static void recheck(Server *s, Document *changed) {
  if (looks_like_plan(changed->text)) {
    check_doc(s, changed);
    return;
  }
  for (int i = 0; i < s->docs.len; i++) {
    Document *d = s->docs.items[i];
    if (d != changed && d->result && plan_reads(d, changed->real))
      check_doc(s, d);
  }
}

// Files changed on disk (the client watches them): the open plans that
// read one are checked again (an open buffer still wins over its file).
static void did_change_watched(Server *s, json_object *params) {
  json_object *changes = get(params, "changes");
  for (size_t i = 0; changes && json_object_is_type(changes, json_type_array) &&
                     i < json_object_array_length(changes);
       i++) {
    char *path = uri_to_path(get_str(json_object_array_get_idx(changes, i), "uri") ?: "");
    char *real = path ? realpath(path, NULL) : NULL;
    for (int k = 0; real && k < s->docs.len; k++) {
      Document *d = s->docs.items[k];
      if (d->result && plan_reads(d, real) && strcmp(d->real, real) != 0)
        check_doc(s, d);
    }
    free(real);
    free(path);
  }
}

static void recheck_all(Server *s) {
  for (int i = 0; i < s->docs.len; i++) {
    Document *d = s->docs.items[i];
    if (looks_like_plan(d->text))
      check_doc(s, d);
  }
}

//
// Text sync
//

static void set_text(Document *d, const char *text, size_t len) {
  free(d->text);
  d->text = xstrndup(text, len);
  d->len = len;
}

static void did_open(Server *s, json_object *params) {
  json_object *td = get(params, "textDocument");
  const char *uri = get_str(td, "uri"), *text = get_str(td, "text");
  char *path = uri ? uri_to_path(uri) : NULL;
  if (!path || !text) {
    free(path);
    return;
  }
  Document *d = find_doc(s, uri);
  if (!d) {
    d = xcalloc(1, sizeof *d);
    d->uri = xstrdup(uri);
    d->path = path;
    char *real = realpath(path, NULL);
    d->real = real ? real : xstrdup(path);
    vec_push(&s->docs, d);
  } else {
    free(path);
  }
  set_text(d, text, strlen(text));
  recheck(s, d);
}

static void apply_change(Server *s, Document *d, json_object *change) {
  const char *text = get_str(change, "text");
  json_object *range = get(change, "range");
  if (!text)
    return;
  if (!range) {
    set_text(d, text, strlen(text));
    return;
  }
  json_object *a = get(range, "start"), *b = get(range, "end");
  size_t from = offset_of(s, d->text, d->len, get_int(a, "line", 0), get_int(a, "character", 0));
  size_t to = offset_of(s, d->text, d->len, get_int(b, "line", 0), get_int(b, "character", 0));
  if (to < from)
    to = from;
  size_t n = strlen(text), len = d->len - (to - from) + n;
  char *next = xmalloc(len + 1);
  memcpy(next, d->text, from);
  memcpy(next + from, text, n);
  memcpy(next + from + n, d->text + to, d->len - to);
  next[len] = '\0';
  free(d->text);
  d->text = next;
  d->len = len;
}

static void did_change(Server *s, json_object *params) {
  Document *d = find_doc(s, get_str(get(params, "textDocument"), "uri") ?: "");
  json_object *changes = get(params, "contentChanges");
  if (!d || !changes || !json_object_is_type(changes, json_type_array))
    return;
  for (size_t i = 0; i < json_object_array_length(changes); i++)
    apply_change(s, d, json_object_array_get_idx(changes, i));
  recheck(s, d);
}

static void did_close(Server *s, json_object *params) {
  const char *uri = get_str(get(params, "textDocument"), "uri");
  Document *d = uri ? find_doc(s, uri) : NULL;
  if (!d)
    return;
  for (int i = 0; i < d->published.len; i++) // the editor forgets them
    publish(s, d->published.items[i], json_object_new_array());
  for (int i = 0; i < s->docs.len; i++)
    if (s->docs.items[i] == d) {
      s->docs.items[i] = s->docs.items[--s->docs.len];
      break;
    }
  char *real = xstrdup(d->real);
  bool plan = looks_like_plan(d->text);
  doc_free(d);
  if (!plan) // a catalogue: its plans read the file on disk again
    for (int i = 0; i < s->docs.len; i++) {
      Document *o = s->docs.items[i];
      if (o->result && plan_reads(o, real))
        check_doc(s, o);
    }
  free(real);
}

//
// What is under the cursor
//

typedef struct Cursor {
  const Plan *plan;
  const Binding *binding;
  Document *doc;   // the plan's document
  char word[256];  // the id or date under the cursor
  size_t word_off; // in the buffer of the request's document
  size_t line_start, off;
  const char *text; // that buffer
  size_t len;
} Cursor;

static bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_' || c == '.';
}

// The plan whose check covers the request's document (itself, or an open
// plan that includes it).
static Document *plan_for(Server *s, Document *d) {
  if (d->result)
    return d;
  for (int i = 0; i < s->docs.len; i++) {
    Document *o = s->docs.items[i];
    if (o->result && plan_reads(o, d->real))
      return o;
  }
  return NULL;
}

static bool target_at(Server *s, json_object *params, Cursor *t) {
  memset(t, 0, sizeof *t);
  Document *d = find_doc(s, get_str(get(params, "textDocument"), "uri") ?: "");
  json_object *pos = get(params, "position");
  if (!d || !pos)
    return false;
  Document *plan = plan_for(s, d);
  t->doc = plan;
  t->plan = plan && plan->result ? plan->result->plan : NULL;
  t->binding = plan && plan->result ? plan->result->binding : NULL;
  t->text = d->text, t->len = d->len;
  t->off = offset_of(s, d->text, d->len, get_int(pos, "line", 0), get_int(pos, "character", 0));
  t->line_start = t->off;
  while (t->line_start > 0 && d->text[t->line_start - 1] != '\n')
    t->line_start--;
  size_t a = t->off, b = t->off;
  while (a > 0 && is_id_char(d->text[a - 1]))
    a--;
  while (b < d->len && is_id_char(d->text[b]))
    b++;
  if (b - a < sizeof t->word) {
    memcpy(t->word, d->text + a, b - a);
    t->word[b - a] = '\0';
  }
  t->word_off = a;
  return true;
}

static const Footnote *plan_note(const Plan *p, const char *id) {
  for (int i = 0; i < p->nnotes; i++)
    if (p->notes[i]->id && strcmp(p->notes[i]->id, id) == 0)
      return p->notes[i];
  return NULL;
}

// The definition of id in p: its kind and the Pos of its id scalar.
static bool find_definition(const Plan *p, const char *id, RefKind *kind, Pos *pos) {
  const Agency *ag = plan_agency(p, id);
  const LegalDoc *doc = ag ? NULL : plan_doc(p, id);
  const Footnote *fn = ag || doc ? NULL : plan_note(p, id);
  const Item *it = ag || doc || fn ? NULL : plan_item(p, id);
  if (ag)
    *kind = REF_AGENCY, *pos = ag->pos;
  else if (doc)
    *kind = REF_DOC, *pos = doc->pos;
  else if (fn)
    *kind = REF_NOTE, *pos = fn->pos;
  else if (it)
    *kind = it->kind == ITEM_INDICATOR ? REF_INDICATOR : REF_ITEM, *pos = it->pos;
  else
    return false;
  return pos->file != NULL;
}

static bool same_kind(RefKind use, RefKind def) {
  return use == def || (use == REF_ITEM && def == REF_INDICATOR) ||
         (use == REF_INDICATOR && def == REF_ITEM);
}

//
// Hover
//

static void hover_date(Buf *b, const char *word) {
  Date d;
  const DateError *why = NULL;
  if (!date_parse(word, &d, &why) || d.prec != DATE_DAY)
    return;
  static const char *const weekdays[] = {"Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư",
                                         "thứ Năm", "thứ Sáu", "thứ Bảy"};
  buf_puts(b, "**");
  if (d.year)
    buf_puts(b, "ngày "), date_format_short(b, d), buf_printf(b, "** (%s)", weekdays[date_weekday(d)]);
  else
    date_format_short(b, d), buf_puts(b, "** hằng năm / every year");
  const char *holiday = d.year ? date_holiday(d) : NULL;
  if (holiday)
    buf_printf(b, " — ngày nghỉ: %s", holiday);
  else if (d.year && (date_weekday(d) == 0 || date_weekday(d) == 6))
    buf_puts(b, " — ngày nghỉ cuối tuần");
  buf_puts(b, "\n\nIn trong văn bản / printed as: ");
  date_format_words(b, d);
}

static void hover_definition(Buf *b, const Cursor *t, RefKind kind, Pos pos) {
  const Plan *p = t->plan;
  if (kind == REF_AGENCY) {
    const Agency *ag = plan_agency(p, t->word);
    buf_printf(b, "**%s**", ag->name);
    if (ag->short_name != ag->name)
      buf_printf(b, " (%s)", ag->short_name);
    if (ag->request)
      buf_puts(b, " — đề nghị phối hợp / requested, not directed");
  } else if (kind == REF_DOC) {
    const LegalDoc *doc = plan_doc(p, t->word);
    cite_text(b, doc, 0);
    if (doc->subject.src)
      buf_printf(b, " %s", doc->subject.src);
  } else if (kind == REF_NOTE) {
    buf_printf(b, "Chú thích / footnote: %s", plan_note(p, t->word)->text.src);
  } else {
    const Item *it = plan_item(p, t->word);
    const char *num = t->binding ? t->binding->item_number[it->index] : NULL;
    buf_printf(b, "**%s%s**%s", num ? "Mục " : "", num ? num : "",
               num ? "" : "(không đánh số / unnumbered)");
    const char *what = it->title.src ? it->title.src : it->text.src;
    if (what)
      buf_printf(b, " %s", what);
  }
  buf_printf(b, "\n\n*%s:%d*", pos.file->path, pos.line);
}

static void on_hover(Server *s, json_object *id, json_object *params) {
  Cursor t;
  if (!target_at(s, params, &t) || !*t.word) {
    reply(s, id, NULL);
    return;
  }
  Buf b;
  buf_init(&b);
  RefKind kind;
  Pos pos;
  if (t.plan && find_definition(t.plan, t.word, &kind, &pos))
    hover_definition(&b, &t, kind, pos);
  else
    hover_date(&b, t.word);
  if (!b.len) {
    buf_free(&b);
    reply(s, id, NULL);
    return;
  }
  json_object *h = json_object_new_object(), *c = json_object_new_object();
  json_object_object_add(c, "kind", json_object_new_string("markdown"));
  json_object_object_add(c, "value", json_object_new_string(b.data));
  json_object_object_add(h, "contents", c);
  buf_free(&b);
  reply(s, id, h);
}

//
// Definition, references, rename
//

// The id's own characters at its definition (the id scalar, without quotes).
static Pos definition_id_pos(Pos scalar, const char *id) { return pos_of_value(scalar, id); }

static void on_definition(Server *s, json_object *id, json_object *params) {
  Cursor t;
  RefKind kind;
  Pos pos;
  if (!target_at(s, params, &t) || !t.plan || !find_definition(t.plan, t.word, &kind, &pos)) {
    reply(s, id, NULL);
    return;
  }
  reply(s, id, lsp_location(s, definition_id_pos(pos, t.word)));
}

// Every place the id is written: its definition, then each reference.
static json_object *id_locations(Server *s, const Cursor *t, bool with_definition) {
  RefKind kind;
  Pos pos;
  json_object *list = json_object_new_array();
  if (!find_definition(t->plan, t->word, &kind, &pos))
    return list;
  if (with_definition)
    json_object_array_add(list, lsp_location(s, definition_id_pos(pos, t->word)));
  for (int i = 0; i < t->plan->nuses; i++) {
    const RefUse *u = &t->plan->uses[i];
    if (u->id_pos.file && same_kind(u->kind, kind) && strcmp(u->id, t->word) == 0)
      json_object_array_add(list, lsp_location(s, u->id_pos));
  }
  return list;
}

static void on_references(Server *s, json_object *id, json_object *params) {
  Cursor t;
  if (!target_at(s, params, &t) || !t.plan) {
    reply(s, id, json_object_new_array());
    return;
  }
  json_object *ctx = get(params, "context");
  json_object *decl = get(ctx, "includeDeclaration");
  reply(s, id, id_locations(s, &t, !decl || json_object_get_boolean(decl)));
}

static void on_prepare_rename(Server *s, json_object *id, json_object *params) {
  Cursor t;
  RefKind kind;
  Pos pos;
  if (!target_at(s, params, &t) || !t.plan || !find_definition(t.plan, t.word, &kind, &pos)) {
    reply_error(s, id, -32602,
                "chỉ đổi tên được mã (id) của cơ quan, văn bản, chú thích, mục / only "
                "the id of an agency, document, footnote or item can be renamed");
    return;
  }
  json_object *r = json_object_new_object();
  json_object_object_add(r, "start", lsp_position(s, t.text, t.len, t.word_off));
  json_object_object_add(r, "end",
                         lsp_position(s, t.text, t.len, t.word_off + strlen(t.word)));
  reply(s, id, r);
}

static void on_rename(Server *s, json_object *id, json_object *params) {
  Cursor t;
  RefKind kind;
  Pos pos;
  const char *name = get_str(params, "newName");
  if (!name || !text_is_name(name, true)) {
    reply_error(s, id, -32602,
                "mã mới không hợp lệ: chỉ chữ thường không dấu, số, '-', '_', '.' / "
                "invalid id: use lower-case ASCII letters, digits, '-', '_', '.'");
    return;
  }
  if (!target_at(s, params, &t) || !t.plan || !find_definition(t.plan, t.word, &kind, &pos)) {
    reply_error(s, id, -32602, "không phải mã / not an id");
    return;
  }
  json_object *locations = id_locations(s, &t, true);
  json_object *changes = json_object_new_object();
  for (size_t i = 0; i < json_object_array_length(locations); i++) {
    json_object *loc = json_object_array_get_idx(locations, i);
    const char *uri = get_str(loc, "uri");
    json_object *edits = get(changes, uri);
    if (!edits) {
      edits = json_object_new_array();
      json_object_object_add(changes, uri, edits);
    }
    json_object *edit = json_object_new_object();
    json_object_object_add(edit, "range", json_object_get(get(loc, "range")));
    json_object_object_add(edit, "newText", json_object_new_string(name));
    json_object_array_add(edits, edit);
  }
  json_object_put(locations);
  json_object *we = json_object_new_object();
  json_object_object_add(we, "changes", changes);
  reply(s, id, we);
}

//
// Completion
//

static void add_item(json_object *list, const char *label, const char *detail, int kind) {
  json_object *it = json_object_new_object();
  json_object_object_add(it, "label", json_object_new_string(label));
  if (detail)
    json_object_object_add(it, "detail", json_object_new_string(detail));
  json_object_object_add(it, "kind", json_object_new_int(kind));
  json_object_array_add(list, it);
}

enum { KIND_VALUE = 12, KIND_REFERENCE = 18, KIND_ENUM = 20, KIND_FILE = 17 };

static void complete_agencies(const Plan *p, json_object *list) {
  for (int i = 0; p && i < p->nagencies; i++)
    add_item(list, p->agencies[i]->id, p->agencies[i]->name, KIND_REFERENCE);
}

static void complete_docs(const Plan *p, json_object *list) {
  for (int i = 0; p && i < p->ndocs; i++) {
    Buf b;
    buf_init(&b);
    cite_text(&b, p->docs[i], 0);
    add_item(list, p->docs[i]->id, b.data, KIND_REFERENCE);
    buf_free(&b);
  }
}

static void complete_items(const Plan *p, const Binding *bi, bool indicators_only,
                           json_object *list) {
  for (int i = 0; p && i < p->nall_items; i++) {
    const Item *it = p->all_items[i];
    if (!it->id || (indicators_only && it->kind != ITEM_INDICATOR))
      continue;
    const char *num = bi ? bi->item_number[it->index] : NULL;
    const char *what = it->title.src ? it->title.src : it->text.src;
    Buf b;
    buf_init(&b);
    if (num)
      buf_printf(&b, "%s ", num);
    if (what)
      buf_put(&b, what, strlen(what) > 80 ? 80 : strlen(what));
    add_item(list, it->id, b.data ? b.data : "", KIND_REFERENCE);
    buf_free(&b);
  }
  if (!indicators_only)
    for (const PlanPart *pp = PLAN_PARTS; pp->name; pp++)
      if (pp->uses & PART_REF)
        add_item(list, pp->name, "mục của mẫu / a section of the template", KIND_ENUM);
}

static void complete_notes(const Plan *p, json_object *list) {
  for (int i = 0; p && i < p->nnotes; i++)
    add_item(list, p->notes[i]->id, p->notes[i]->text.src, KIND_REFERENCE);
}

// The templates of the template directories (NAME.tmpl), each once.
static void complete_templates(Server *s, json_object *list) {
  Vec seen = {0};
  for (int i = 0; i < s->template_dirs.len; i++) {
    DIR *dir = opendir(s->template_dirs.items[i]);
    for (struct dirent *e; dir && (e = readdir(dir));) {
      size_t n = strlen(e->d_name);
      if (n <= 5 || strcmp(e->d_name + n - 5, ".tmpl") != 0)
        continue;
      char *name = xstrndup(e->d_name, n - 5);
      bool dup = false;
      for (int k = 0; k < seen.len && !dup; k++)
        dup = strcmp(seen.items[k], name) == 0;
      if (dup) {
        free(name);
        continue;
      }
      vec_push(&seen, name);
      add_item(list, name, s->template_dirs.items[i], KIND_FILE);
    }
    if (dir)
      closedir(dir);
  }
  for (int k = 0; k < seen.len; k++)
    free(seen.items[k]);
  vec_free(&seen);
}

// "#/definitions/x" of the schema, followed (a few times at most).
static json_object *schema_resolve(json_object *schema, json_object *o) {
  for (int hops = 0; o && hops < 4; hops++) {
    const char *ref = get_str(o, "$ref");
    if (!ref || strncmp(ref, "#/definitions/", 14) != 0)
      break;
    o = get(get(schema, "definitions"), ref + 14);
  }
  return o;
}

// Adds the enum values the schema gives key anywhere (with their
// description), once each.
static void schema_enums(json_object *schema, json_object *o, const char *key,
                         json_object *list, int depth) {
  if (!o || depth > 24)
    return;
  if (json_object_is_type(o, json_type_array)) {
    for (size_t i = 0; i < json_object_array_length(o); i++)
      schema_enums(schema, json_object_array_get_idx(o, i), key, list, depth + 1);
    return;
  }
  if (!json_object_is_type(o, json_type_object))
    return;
  json_object *prop = get(get(o, "properties"), key);
  json_object *def = schema_resolve(schema, prop);
  json_object *values = get(def, "enum");
  const char *what = get_str(prop, "description") ?: get_str(def, "description");
  for (size_t i = 0; values && i < json_object_array_length(values); i++) {
    json_object *v = json_object_array_get_idx(values, i);
    if (!json_object_is_type(v, json_type_string))
      continue;
    const char *label = json_object_get_string(v);
    bool dup = false;
    for (size_t k = 0; k < json_object_array_length(list) && !dup; k++)
      dup = strcmp(get_str(json_object_array_get_idx(list, k), "label"), label) == 0;
    if (!dup)
      add_item(list, label, what, KIND_ENUM);
  }
  json_object_object_foreach(o, name, child) {
    (void)name;
    schema_enums(schema, child, key, list, depth + 1);
  }
}

// True when the line before the cursor ends with "{kind:" and an id's start.
static bool after_ref(const Cursor *t, const char *kind) {
  size_t n = strlen(kind), a = t->word_off;
  return a >= n && memcmp(t->text + a - n, kind, n) == 0;
}

// The key of the line the cursor is on ("lead" in "    lead: phong-"), in key.
static void line_key(const Cursor *t, char *key, size_t size) {
  const char *s = t->text + t->line_start, *end = t->text + t->off;
  while (s < end && (*s == ' ' || *s == '-' || *s == '{'))
    s++;
  size_t n = 0;
  while (s + n < end && is_id_char(s[n]))
    n++;
  key[0] = '\0';
  if (s + n < end && s[n] == ':' && n < size) {
    memcpy(key, s, n);
    key[n] = '\0';
  }
}

static void on_completion(Server *s, json_object *id, json_object *params) {
  Cursor t;
  json_object *list = json_object_new_array();
  if (!target_at(s, params, &t)) {
    reply(s, id, list);
    return;
  }
  char key[64];
  line_key(&t, key, sizeof key);
  if (after_ref(&t, "{cite:"))
    complete_docs(t.plan, list);
  else if (after_ref(&t, "{agency:"))
    complete_agencies(t.plan, list);
  else if (after_ref(&t, "{ref:"))
    complete_items(t.plan, t.binding, false, list);
  else if (after_ref(&t, "{note:"))
    complete_notes(t.plan, list);
  else if (!strcmp(key, "lead") || !strcmp(key, "with") || !strcmp(key, "agency") ||
           !strcmp(key, "agencies") || !strcmp(key, "to") || !strcmp(key, "via"))
    complete_agencies(t.plan, list);
  else if (!strcmp(key, "serves"))
    complete_items(t.plan, t.binding, true, list);
  else if (!strcmp(key, "template"))
    complete_templates(s, list);
  else if (*key && s->schema) // the format's fixed values: cmp, from, ...
    schema_enums(s->schema, s->schema, key, list, 0);
  if (!strcmp(key, "numbering") && json_object_array_length(list) == 0)
    for (int i = 0; NUMBERING_NAMES[i]; i++)
      add_item(list, NUMBERING_NAMES[i], "cách đánh số / numbering", KIND_ENUM);
  reply(s, id, list);
}

//
// The outline: the document's numbering
//

static json_object *symbol(const Server *s, const char *name, int kind, Pos pos) {
  json_object *sym = json_object_new_object();
  json_object_object_add(sym, "name", json_object_new_string(name));
  json_object_object_add(sym, "kind", json_object_new_int(kind));
  json_object_object_add(sym, "range", lsp_range(s, pos));
  json_object_object_add(sym, "selectionRange", lsp_range(s, pos));
  json_object_object_add(sym, "children", json_object_new_array());
  return sym;
}

enum { SYMBOL_NAMESPACE = 3, SYMBOL_FIELD = 8 };

// "2.1. Tuyên truyền ..." for an item: its label and the start of its words.
static void item_symbols(const Server *s, const Binding *b, Item **items, int n,
                         const SrcFile *file, json_object *into) {
  for (int i = 0; i < n; i++) {
    const Item *it = items[i];
    if (it->pos.file != file)
      continue;
    Buf name;
    buf_init(&name);
    const char *label = b->item_label[it->index];
    const char *what = it->title.src ? it->title.src : it->text.src;
    buf_printf(&name, "%s%s", label ? label : "", label ? " " : "");
    if (what) {
      size_t len = strlen(what), cut = 0;
      while (cut < len && cut < 72 && what[cut] != '\n')
        cut++;
      while (cut < len && ((unsigned char)what[cut] & 0xC0) == 0x80)
        cut++; // a whole character
      buf_put(&name, what, cut);
    } else if (it->id) {
      buf_puts(&name, it->id);
    }
    json_object *sym = symbol(s, name.len ? name.data : "-", SYMBOL_FIELD, it->pos);
    buf_free(&name);
    item_symbols(s, b, it->items, it->nitems, file, get(sym, "children"));
    json_object_array_add(into, sym);
  }
}

static void on_document_symbol(Server *s, json_object *id, json_object *params) {
  json_object *list = json_object_new_array();
  Document *d = find_doc(s, get_str(get(params, "textDocument"), "uri") ?: "");
  const PlanResult *r = d ? d->result : NULL;
  if (!r || !r->binding || !r->plan->nsources) {
    reply(s, id, list);
    return;
  }
  const Plan *p = r->plan;
  const Binding *b = r->binding;
  const SrcFile *file = p->sources[0];
  json_object *section = NULL;
  for (const TplLine *l = r->template->lines; l; l = l->next) {
    if (!b->line_taken[l->index])
      continue;
    if (l->kind == TPL_SECTION) {
      const PartOverride *o = plan_override(p, l->id);
      const char *title = o && o->heading ? o->heading : l->text;
      char *name = arena_printf(r->arena, "%s. %s", b->line_number[l->index],
                                text_upper(r->arena, title ? title : ""));
      section = symbol(s, name, SYMBOL_NAMESPACE, srcfile_pos((SrcFile *)file, 0, 0));
      json_object_array_add(list, section);
      continue;
    }
    if (l->kind != TPL_BLOCK)
      continue;
    const PlanPart *pp = plan_part(l->arg, PART_BLOCK);
    int n;
    Item **items = pp ? plan_part_items(pp, p, &n) : NULL;
    if (!items || !n)
      continue;
    json_object *into = section ? get(section, "children") : list;
    size_t before = json_object_array_length(into);
    item_symbols(s, b, items, n, file, into);
    if (section && before == 0 && json_object_array_length(into) > 0) {
      // The section spans from its first item.
      json_object *first = json_object_array_get_idx(into, 0);
      json_object_object_add(section, "range", json_object_get(get(first, "range")));
      json_object_object_add(section, "selectionRange",
                             json_object_get(get(first, "range")));
    }
  }
  reply(s, id, list);
}

//
// Quick fixes: the fix-its of the diagnostics
//

static bool ranges_overlap(json_object *a, json_object *b) {
  json_object *as = get(a, "start"), *ae = get(a, "end");
  json_object *bs = get(b, "start"), *be = get(b, "end");
  long a0 = (long)get_int(as, "line", 0) << 32 | get_int(as, "character", 0);
  long a1 = (long)get_int(ae, "line", 0) << 32 | get_int(ae, "character", 0);
  long b0 = (long)get_int(bs, "line", 0) << 32 | get_int(bs, "character", 0);
  long b1 = (long)get_int(be, "line", 0) << 32 | get_int(be, "character", 0);
  return a0 <= b1 && b0 <= a1;
}

static void on_code_action(Server *s, json_object *id, json_object *params) {
  json_object *list = json_object_new_array();
  const char *uri = get_str(get(params, "textDocument"), "uri");
  json_object *range = get(params, "range");
  Document *d = uri ? find_doc(s, uri) : NULL;
  Document *plan = d ? plan_for(s, d) : NULL;
  for (int i = 0; plan && range && i < plan->fixes.len; i++) {
    const Fix *f = plan->fixes.items[i];
    if (strcmp(f->uri, uri) != 0 || !ranges_overlap(f->range, range))
      continue;
    json_object *edit = json_object_new_object(), *edits = json_object_new_array();
    json_object *changes = json_object_new_object(), *we = json_object_new_object();
    json_object_object_add(edit, "range", json_object_get(f->range));
    json_object_object_add(edit, "newText", json_object_new_string(f->text));
    json_object_array_add(edits, edit);
    json_object_object_add(changes, f->uri, edits);
    json_object_object_add(we, "changes", changes);
    json_object *action = json_object_new_object();
    json_object_object_add(action, "title", json_object_new_string(f->title));
    json_object_object_add(action, "kind", json_object_new_string("quickfix"));
    json_object_object_add(action, "edit", we);
    json_object_array_add(list, action);
  }
  reply(s, id, list);
}

//
// Lifecycle
//

// The -W settings: initializationOptions.warnings or
// settings.kehoach.warnings, an array of strings ("no-doubled-word").
static void read_warnings(Server *s, json_object *w) {
  if (!w || !json_object_is_type(w, json_type_array))
    return;
  for (int i = 0; i < s->warnings.len; i++)
    free(s->warnings.items[i]);
  s->warnings.len = 0;
  for (size_t i = 0; i < json_object_array_length(w); i++) {
    const char *v = json_object_get_string(json_object_array_get_idx(w, i));
    if (v)
      vec_push(&s->warnings, xstrdup(v));
  }
}

static json_object *capabilities(Server *s) {
  json_object *c = json_object_new_object();
  json_object *sync = json_object_new_object();
  json_object_object_add(sync, "openClose", json_object_new_boolean(true));
  json_object_object_add(sync, "change", json_object_new_int(2)); // incremental
  json_object *save = json_object_new_object();
  json_object_object_add(save, "includeText", json_object_new_boolean(false));
  json_object_object_add(sync, "save", save);
  json_object_object_add(c, "textDocumentSync", sync);
  json_object_object_add(c, "positionEncoding",
                         json_object_new_string(s->utf8 ? "utf-8" : "utf-16"));
  json_object_object_add(c, "hoverProvider", json_object_new_boolean(true));
  json_object_object_add(c, "definitionProvider", json_object_new_boolean(true));
  json_object_object_add(c, "referencesProvider", json_object_new_boolean(true));
  json_object_object_add(c, "documentSymbolProvider", json_object_new_boolean(true));
  json_object *rename = json_object_new_object();
  json_object_object_add(rename, "prepareProvider", json_object_new_boolean(true));
  json_object_object_add(c, "renameProvider", rename);
  json_object *actions = json_object_new_object(), *kinds = json_object_new_array();
  json_object_array_add(kinds, json_object_new_string("quickfix"));
  json_object_object_add(actions, "codeActionKinds", kinds);
  json_object_object_add(c, "codeActionProvider", actions);
  json_object *completion = json_object_new_object(), *triggers = json_object_new_array();
  json_object_array_add(triggers, json_object_new_string(":"));
  json_object_array_add(triggers, json_object_new_string(" "));
  json_object_object_add(completion, "triggerCharacters", triggers);
  json_object_object_add(c, "completionProvider", completion);
  return c;
}

static void on_initialize(Server *s, json_object *id, json_object *params) {
  json_object *enc = get(get(get(params, "capabilities"), "general"), "positionEncodings");
  for (size_t i = 0; enc && json_object_is_type(enc, json_type_array) &&
                     i < json_object_array_length(enc);
       i++)
    if (strcmp(json_object_get_string(json_object_array_get_idx(enc, i)), "utf-8") == 0)
      s->utf8 = true;
  read_warnings(s, get(get(params, "initializationOptions"), "warnings"));
  json_object *result = json_object_new_object(), *info = json_object_new_object();
  json_object_object_add(result, "capabilities", capabilities(s));
  json_object_object_add(info, "name", json_object_new_string("kehoach"));
  json_object_object_add(info, "version", json_object_new_string(KEHOACH_VERSION));
  json_object_object_add(result, "serverInfo", info);
  reply(s, id, result);
}

// Handles one message; false when the server is to exit.
static bool dispatch(Server *s, json_object *msg, int *status) {
  const char *method = get_str(msg, "method");
  json_object *id = get(msg, "id"), *params = get(msg, "params");
  if (!method)
    return true; // a response to nothing we asked
  if (!strcmp(method, "exit")) {
    *status = s->shutdown ? 0 : 1;
    return false;
  }
  if (!strcmp(method, "initialize"))
    on_initialize(s, id, params);
  else if (!strcmp(method, "shutdown"))
    s->shutdown = true, reply(s, id, NULL);
  else if (!strcmp(method, "textDocument/didOpen"))
    did_open(s, params);
  else if (!strcmp(method, "textDocument/didChange"))
    did_change(s, params);
  else if (!strcmp(method, "textDocument/didClose"))
    did_close(s, params);
  else if (!strcmp(method, "workspace/didChangeWatchedFiles"))
    did_change_watched(s, params);
  else if (!strcmp(method, "workspace/didChangeConfiguration")) {
    read_warnings(s, get(get(get(params, "settings"), "kehoach"), "warnings"));
    recheck_all(s);
  } else if (!strcmp(method, "textDocument/hover"))
    on_hover(s, id, params);
  else if (!strcmp(method, "textDocument/definition"))
    on_definition(s, id, params);
  else if (!strcmp(method, "textDocument/references"))
    on_references(s, id, params);
  else if (!strcmp(method, "textDocument/prepareRename"))
    on_prepare_rename(s, id, params);
  else if (!strcmp(method, "textDocument/rename"))
    on_rename(s, id, params);
  else if (!strcmp(method, "textDocument/completion"))
    on_completion(s, id, params);
  else if (!strcmp(method, "textDocument/documentSymbol"))
    on_document_symbol(s, id, params);
  else if (!strcmp(method, "textDocument/codeAction"))
    on_code_action(s, id, params);
  else if (id) // didSave, initialized, $/...: notifications need no answer
    reply_error(s, id, -32601, "method not found");
  return true;
}

int lsp_main(const char *const *template_dirs, int ntemplate_dirs) {
#ifdef __GLIBC__
  // Every edit frees one check's memory and takes as much again: keep it in
  // the heap rather than give it back to the kernel (and take the pages
  // again, a fault each) after every edit, as `kehoach check` of many plans
  // does (main.c, keep_freed_memory).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
  return lsp_serve(stdin, stdout, template_dirs, ntemplate_dirs);
}

int lsp_serve(FILE *in, FILE *out, const char *const *template_dirs, int ntemplate_dirs) {
  Server s = {.in = in, .out = out, .lang = message_lang_from_env(),
              .sink = fopen("/dev/null", "w")};
  if (!s.sink)
    s.sink = stderr;
  for (int i = 0; i < ntemplate_dirs; i++)
    vec_push(&s.template_dirs, (void *)template_dirs[i]);
  PipelineOptions po = {.template_dirs = template_dirs,
                        .ntemplate_dirs = ntemplate_dirs,
                        .overlay = open_buffer,
                        .overlay_user = &s,
                        .no_document = true,
                        .cache_includes = true};
  s.pl = pipeline_new(&po);
  // The schema beside the templates: build/../schema, share/kehoach/schema.
  for (int i = 0; i < ntemplate_dirs && !s.schema; i++) {
    char *path = xmalloc(strlen(template_dirs[i]) + 40);
    sprintf(path, "%s/../schema/kehoach-plan.schema.json", template_dirs[i]);
    if (access(path, R_OK) == 0)
      s.schema = json_object_from_file(path);
    free(path);
  }
  int status = 1; // the input ended without exit
  for (;;) {
    bool bad;
    json_object *msg = read_message(s.in, &bad);
    if (bad) { // JSON-RPC: a parse error is answered with a null id
      reply_error(&s, NULL, -32700, "parse error: not a JSON object");
      continue;
    }
    if (!msg)
      break;
    bool go_on = dispatch(&s, msg, &status);
    json_object_put(msg);
    if (!go_on)
      break;
  }
  for (int i = 0; i < s.docs.len; i++)
    doc_free(s.docs.items[i]);
  vec_free(&s.docs);
  for (int i = 0; i < s.warnings.len; i++)
    free(s.warnings.items[i]);
  vec_free(&s.warnings);
  vec_free(&s.template_dirs);
  for (int i = 0; i < s.uri_paths.len; i++)
    free(s.uri_paths.items[i]), free(s.uri_uris.items[i]);
  for (int i = 0; i < s.shown_uris.len; i++)
    free(s.shown_uris.items[i]), free(s.shown.items[i]);
  vec_free(&s.shown_uris);
  vec_free(&s.shown);
  vec_free(&s.uri_paths);
  vec_free(&s.uri_uris);
  if (s.sink != stderr)
    fclose(s.sink);
  json_object_put(s.schema);
  pipeline_free(s.pl);
  return status;
}
