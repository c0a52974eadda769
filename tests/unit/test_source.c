// Unit tests for source.c: pos_in_scalar maps bytes of a scalar's value to
// the characters that wrote them, for every scalar style YAML has (plain,
// quoted with escapes, folded over lines, block scalars, inside a flow
// mapping), through load_yaml's own positions. And real_path (util.c),
// which resolves the files a plan reads.
#include "kehoach.h"
#include "unit.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char PLAN[] =
    "plain: Sở Nội vụ tỉnh # Sở Nội vụ\n"             // 1
    "single: 'it''s Sở Nội vụ'\n"                      // 2
    "double: \"tab\\there \\u00e9 Sở Nội vụ\"\n"       // 3
    "folded_plain: Sở\n"                                // 4
    "  Nội vụ tỉnh\n"                                   // 5
    "lit: |\n"                                          // 6
    "  dòng một\n"                                      // 7
    "  Sở Nội vụ\n"                                     // 8
    "fold: >\n"                                         // 9
    "  dòng một\n"                                      // 10
    "  Sở Nội vụ\n"                                     // 11
    "flow: {a: Sở Nội vụ, b: \"x\"}\n"                  // 12
    "escaped_break: \"Sở \\\n"                          // 13
    "  Nội vụ\"\n"                                      // 14
    "tagged: !!str Sở Nội vụ\n";                        // 15

typedef struct Found {
  int line, col;
  bool verbatim;
} Found;

// Where `word` of the scalar under key (a key of the root, or of its
// mapping `flow`) is written.
static Found locate(const Node *root, const char *key, const char *word) {
  const Node *n = map_get(root, key);
  if (!n)
    n = map_get(map_get(root, "flow"), key);
  Found f = {0, 0, false};
  if (!n || n->kind != NODE_SCALAR)
    return f;
  const char *at = strstr(n->str, word);
  if (!at)
    return f;
  Pos p = pos_in_scalar(n->pos, n->str, (size_t)(at - n->str), strlen(word),
                        &f.verbatim);
  f.line = p.line, f.col = p.col;
  return f;
}

#define AT(found, l, c, v)                                                     \
  CHECK((found).line == (l) && (found).col == (c) && (found).verbatim == (v))

static void test_styles(Node *root) {
  AT(locate(root, "plain", "Nội"), 1, 11, true);
  AT(locate(root, "single", "Nội"), 2, 19, true);
  AT(locate(root, "single", "it's"), 2, 10, false); // written it''s
  AT(locate(root, "double", "Nội"), 3, 30, true);
  AT(locate(root, "double", "é"), 3, 20, false);    // written \u00e9
  AT(locate(root, "double", "\t"), 3, 13, false);   // written \t
  AT(locate(root, "folded_plain", "Nội"), 5, 3, true);
  AT(locate(root, "folded_plain", "Sở Nội"), 4, 15, false); // across the fold
  AT(locate(root, "lit", "Nội"), 8, 6, true);
  AT(locate(root, "lit", "một"), 7, 8, true);
  AT(locate(root, "fold", "Nội"), 11, 6, true);
  AT(locate(root, "a", "Nội"), 12, 14, true);
  AT(locate(root, "escaped_break", "Nội"), 14, 3, true);
  AT(locate(root, "tagged", "Nội"), 15, 18, true);
}

// A Pos that is not a scalar's span, or a span past the value, falls back
// to the position given.
static void test_fallbacks(Node *root) {
  const Node *n = map_get(root, "plain");
  bool v = true;
  Pos key = n->key->pos;
  key.style = SCALAR_UNKNOWN;
  Pos p = pos_in_scalar(key, n->str, 0, 2, &v);
  CHECK(p.line == 1 && p.col == 1 && !v);
  p = pos_in_scalar(n->pos, n->str, strlen(n->str), 5, &v);
  CHECK(p.line == n->pos.line && p.col == n->pos.col && !v);
  Pos whole = pos_of_value(map_get(root, "single")->pos, "it's Sở Nội vụ");
  CHECK(whole.line == 2 && whole.col == 10 && whole.len == strlen("it''s Sở Nội vụ"));
}

// A character of a value is found in its origin; one that is not there is
// not.
static void test_origin(Node *root) {
  const Node *n = map_get(root, "lit");
  Origin o = {n->pos, n->str};
  Pos at = pos_none();
  CHECK(origin_char_pos(o, 0x1EDF /* ở */, &at) && at.line == 8 && at.col == 4);
  CHECK(!origin_char_pos(o, 0x2603, &at));
}

// real_path answers as realpath does: files, directories, links, "..",
// and NULL for what does not resolve.
static void test_real_path(void) {
  char dir[] = "/tmp/kehoach-real-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char file[64], link[64], sub[64], up[96], missing[64], through[96];
  snprintf(file, sizeof file, "%s/a.yaml", dir);
  snprintf(link, sizeof link, "%s/b.yaml", dir);
  snprintf(sub, sizeof sub, "%s/sub", dir);
  snprintf(up, sizeof up, "%s/sub/../a.yaml", dir);
  snprintf(missing, sizeof missing, "%s/none.yaml", dir);
  snprintf(through, sizeof through, "%s/a.yaml/x", dir);
  FILE *f = fopen(file, "w");
  CHECK(f != NULL);
  if (f)
    fclose(f);
  CHECK(symlink("a.yaml", link) == 0);
  CHECK(mkdir(sub, 0755) == 0);
  const char *paths[] = {file, link, sub, up, dir, ".", "/", missing, through};
  for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
    char *want = realpath(paths[i], NULL), *got = real_path(paths[i]);
    CHECK((want == NULL) == (got == NULL));
    if (want && got)
      CHECK_STR(got, want);
    free(want);
    free(got);
  }
  unlink(link), unlink(file), rmdir(sub), rmdir(dir);
}

int main(void) {
  test_real_path();
  Diags *d = diags_new(stdout, false, FORMAT_TEXT);
  Arena *a = arena_new();
  SrcFile *f = srcfile_new("test.yaml", xstrdup(PLAN), strlen(PLAN));
  Node *root = load_yaml(a, d, f, &DEFAULT_LIMITS);
  CHECK(root != NULL);
  if (root) {
    test_styles(root);
    test_fallbacks(root);
    test_origin(root);
  }
  diags_flush(d);
  srcfile_free(f);
  arena_free(a);
  diags_free(d);
  return UNIT_END();
}
