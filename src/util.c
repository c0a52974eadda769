// util.c — memory, buffers and files.
//
// Allocation failures abort with a message (like cmark's default
// allocator): kehoach cannot do anything useful without memory. An Arena
// hands out zeroed blocks from big chunks and frees them all at once; the
// driver owns one per plan.
#include "kehoach.h"

#include <pthread.h>
#include <signal.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void out_of_memory(void) {
  fputs("kehoach: error: out of memory\n", stderr);
  abort();
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p)
    out_of_memory();
  return p;
}

void *xcalloc(size_t count, size_t size) {
  void *p = calloc(count ? count : 1, size ? size : 1);
  if (!p)
    out_of_memory();
  return p;
}

void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p)
    out_of_memory();
  return p;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xstrndup(const char *s, size_t n) {
  char *p = xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

//
// Arena
//

typedef struct Chunk {
  struct Chunk *next;
  size_t used, size;
  max_align_t data[]; // aligned storage
} Chunk;

struct Arena {
  Chunk *head;
};

enum { CHUNK_SIZE = 64 * 1024 };

Arena *arena_new(void) { return xcalloc(1, sizeof(Arena)); }

void arena_free(Arena *a) {
  if (!a)
    return;
  for (Chunk *c = a->head, *next; c; c = next) {
    next = c->next;
    free(c);
  }
  free(a);
}

void arena_reset(Arena *a) {
  Chunk *keep = a->head;
  if (!keep)
    return;
  for (Chunk *c = keep->next, *next; c; c = next) {
    next = c->next;
    free(c);
  }
  keep->next = NULL;
  keep->used = 0;
}

void *arena_alloc(Arena *a, size_t n) {
  size_t align = sizeof(max_align_t);
  n = (n + align - 1) / align * align;
  if (!n)
    n = align;
  Chunk *c = a->head;
  if (!c || c->size - c->used < n) {
    size_t size = n > CHUNK_SIZE ? n : CHUNK_SIZE;
    c = xmalloc(sizeof(Chunk) + size);
    c->size = size;
    c->used = 0;
    c->next = a->head;
    a->head = c;
  }
  void *p = (char *)c->data + c->used;
  c->used += n;
  memset(p, 0, n);
  return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
  char *p = arena_alloc(a, n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_strdup(Arena *a, const char *s) {
  return arena_strndup(a, s, strlen(s));
}

char *arena_printf(Arena *a, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *p = arena_alloc(a, (size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  return p;
}

//
// Buf
//

void buf_init(Buf *b) {
  b->data = NULL;
  b->len = b->cap = 0;
}

void buf_free(Buf *b) {
  free(b->data);
  buf_init(b);
}

static void buf_reserve(Buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap)
    return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1)
    cap *= 2;
  b->data = xrealloc(b->data, cap);
  b->cap = cap;
}

void buf_put(Buf *b, const void *p, size_t n) {
  buf_reserve(b, n);
  if (n)
    memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void buf_puts(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }

void buf_putc(Buf *b, char c) {
  buf_reserve(b, 1);
  b->data[b->len++] = c;
  b->data[b->len] = '\0';
}

void buf_put_int(Buf *b, long v) {
  char s[24], *q = s + sizeof s;
  unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
  do
    *--q = (char)('0' + u % 10);
  while (u /= 10);
  if (v < 0)
    *--q = '-';
  buf_put(b, q, (size_t)(s + sizeof s - q));
}

void buf_put_hex4(Buf *b, unsigned v) {
  static const char digits[] = "0123456789ABCDEF";
  char s[4] = {digits[v >> 12 & 15], digits[v >> 8 & 15], digits[v >> 4 & 15], digits[v & 15]};
  buf_put(b, s, 4);
}

// Formats into the room the buffer has; only when that is too small is
// the text formatted a second time, after growing.
void buf_printf(Buf *b, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  buf_reserve(b, 63);
  size_t room = b->cap - b->len;
  int n = vsnprintf(b->data + b->len, room, fmt, ap);
  va_end(ap);
  if (n > 0 && (size_t)n >= room) {
    buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
  }
  va_end(ap2);
  if (n > 0)
    b->len += (size_t)n;
  else
    b->data[b->len] = '\0';
}

void buf_clear(Buf *b) {
  b->len = 0;
  if (b->data)
    b->data[0] = '\0';
}

//
// Vec
//

void vec_push(Vec *v, void *p) {
  if (v->len == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 8;
    v->items = xrealloc(v->items, sizeof(void *) * (size_t)v->cap);
  }
  v->items[v->len++] = p;
}

void vec_free(Vec *v) {
  free(v->items);
  v->items = NULL;
  v->len = v->cap = 0;
}

static size_t idmap_hash(const char *s) { // FNV-1a
  size_t h = 1469598103934665603u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

// The slot of key, or of the empty slot where it would go.
static size_t idmap_slot(const IdMap *m, const char *key) {
  size_t i = idmap_hash(key) & (m->cap - 1);
  while (m->keys[i] && strcmp(m->keys[i], key) != 0)
    i = (i + 1) & (m->cap - 1);
  return i;
}

void *idmap_get(const IdMap *m, const char *key) {
  if (!m->cap)
    return NULL;
  size_t i = idmap_slot(m, key);
  return m->keys[i] ? m->values[i] : NULL;
}

static void idmap_grow(IdMap *m) {
  IdMap bigger = {.cap = m->cap ? m->cap * 2 : 16};
  bigger.keys = xcalloc(bigger.cap, sizeof(char *));
  bigger.values = xcalloc(bigger.cap, sizeof(void *));
  for (size_t i = 0; i < m->cap; i++)
    if (m->keys[i]) {
      size_t j = idmap_slot(&bigger, m->keys[i]);
      bigger.keys[j] = m->keys[i];
      bigger.values[j] = m->values[i];
    }
  bigger.len = m->len;
  idmap_free(m);
  *m = bigger;
}

void *idmap_put(IdMap *m, const char *key, void *value) {
  if ((m->len + 1) * 2 > m->cap) // at most half full
    idmap_grow(m);
  size_t i = idmap_slot(m, key);
  if (m->keys[i])
    return m->values[i];
  m->keys[i] = key;
  m->values[i] = value;
  m->len++;
  return NULL;
}

void idmap_free(IdMap *m) {
  free(m->keys);
  free(m->values);
  *m = (IdMap){0};
}

//
// Files
//

// Reads fd to its end (at most max_bytes: EFBIG beyond) and closes it.
static int read_fd(int fd, size_t max_bytes, char **data, size_t *len) {
  Buf b;
  buf_init(&b);
  char chunk[65536];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      int e = errno;
      close(fd);
      buf_free(&b);
      return e;
    }
    if (n == 0)
      break;
    if (b.len + (size_t)n > max_bytes) {
      close(fd);
      buf_free(&b);
      return EFBIG;
    }
    buf_put(&b, chunk, (size_t)n);
  }
  close(fd);
  if (!b.data)
    buf_put(&b, "", 0);
  *data = b.data;
  *len = b.len;
  return 0;
}

char *real_path(const char *path) {
  int fd = open(path, O_PATH | O_CLOEXEC);
  if (fd < 0)
    return realpath(path, NULL); // the same failure, with its errno
  char link[32], buf[PATH_MAX];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, buf, sizeof buf);
  close(fd);
  static const char deleted[] = " (deleted)";
  if (n <= 0 || n >= (ssize_t)sizeof buf || buf[0] != '/' ||
      ((size_t)n >= sizeof deleted - 1 &&
       memcmp(buf + n - (sizeof deleted - 1), deleted, sizeof deleted - 1) == 0))
    return realpath(path, NULL);
  return xstrndup(buf, (size_t)n);
}

int read_file(const char *path, size_t max_bytes, char **data, size_t *len) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; what is not a
  // regular file (a FIFO, a device) is refused before anything is read.
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return errno;
  struct stat st;
  if (fstat(fd, &st) < 0) {
    int e = errno;
    close(fd);
    return e;
  }
  if (S_ISDIR(st.st_mode) || !S_ISREG(st.st_mode)) {
    close(fd);
    return S_ISDIR(st.st_mode) ? EISDIR : ENOTREGULAR;
  }
  return read_fd(fd, max_bytes, data, len);
}

int read_stdin(size_t max_bytes, char **data, size_t *len) {
  int fd = dup(0);
  return fd < 0 ? errno : read_fd(fd, max_bytes, data, len);
}

static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      return errno;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

int make_dirs(const char *path, unsigned mode) {
  char *p = xstrdup(path);
  for (char *s = p + 1; *s; s++) {
    if (*s != '/')
      continue;
    *s = '\0';
    if (mkdir(p, (mode_t)mode) < 0 && errno != EEXIST) {
      int e = errno;
      free(p);
      return e;
    }
    *s = '/';
  }
  int e = mkdir(p, (mode_t)mode) < 0 && errno != EEXIST ? errno : 0;
  free(p);
  return e;
}

// Writes data to a new temporary file beside path; returns its name
// (malloc'd) or NULL with *err set.
static char *write_temp(const char *path, const void *data, size_t len, int *err) {
  size_t plen = strlen(path);
  char *tmp = xmalloc(plen + 16);
  memcpy(tmp, path, plen);
  memcpy(tmp + plen, ".tmp.XXXXXX", 12);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    *err = errno;
    free(tmp);
    return NULL;
  }
  // No fsync: the file is derived (built again from its plan), and the
  // rename alone keeps a reader, or a failed build, from ever seeing half
  // of it; ext4 writes a file replaced by rename before the rename itself.
  // An fsync per file cost ~1 ms of waiting, a twentieth of a build.
  int e = write_all(fd, data, len);
  if (!e && fchmod(fd, 0644) < 0)
    e = errno;
  if (close(fd) < 0 && !e)
    e = errno;
  if (e) {
    unlink(tmp);
    free(tmp);
    *err = e;
    return NULL;
  }
  return tmp;
}

int write_files_atomic(const char *const *paths, const void *const *data,
                       const size_t *len, int n, int *failed) {
  // SIGINT/SIGTERM wait until the files are in place or gone: a signal
  // never leaves a temporary file behind, nor one output renamed and not
  // the other.
  sigset_t stop, old;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop, &old);
  char **tmp = xcalloc((size_t)(n ? n : 1), sizeof *tmp);
  int e = 0;
  *failed = -1;
  for (int i = 0; i < n && !e; i++)
    if (!(tmp[i] = write_temp(paths[i], data[i], len[i], &e)))
      *failed = i;
  // A directory where a file goes would fail its rename after the others
  // were renamed: found first.
  struct stat st;
  for (int i = 0; i < n && !e; i++)
    if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
      e = EISDIR, *failed = i;
  // All written: rename them one after the other. Only a crash (SIGKILL, a
  // power cut) between two renames can leave the first new beside the
  // second old.
  for (int i = 0; i < n && !e; i++)
    if (rename(tmp[i], paths[i]) < 0) {
      e = errno;
      *failed = i;
    } else {
      free(tmp[i]);
      tmp[i] = NULL;
    }
  for (int i = 0; i < n; i++)
    if (tmp[i]) {
      unlink(tmp[i]);
      free(tmp[i]);
    }
  free(tmp);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return e;
}

int write_file_atomic(const char *path, const void *data, size_t len) {
  int failed;
  return write_files_atomic(&path, &data, &len, 1, &failed);
}

char *path_stem(Arena *a, const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  return arena_strndup(a, base, n);
}

char *path_dir(Arena *a, const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    return arena_strdup(a, ".");
  if (slash == path)
    return arena_strdup(a, "/");
  return arena_strndup(a, path, (size_t)(slash - path));
}

ErrText err_text(int e) {
  ErrText t;
  if (e == ENOTREGULAR) {
    snprintf(t.text, sizeof t.text, "not a regular file (a FIFO, a device?)");
    return t;
  }
  // GNU strerror_r (_GNU_SOURCE): returns the message, in t.text or static.
  const char *msg = strerror_r(e, t.text, sizeof t.text);
  if (msg != t.text)
    snprintf(t.text, sizeof t.text, "%s", msg);
  return t;
}

bool xdg_path(Buf *out, const char *var, const char *fallback, const char *sub) {
  const char *xdg = getenv(var), *home = getenv("HOME");
  if (xdg && *xdg == '/')
    buf_printf(out, "%s/%s", xdg, sub);
  else if (home && *home == '/')
    buf_printf(out, "%s/%s/%s", home, fallback, sub);
  else
    return false;
  return true;
}

void path_stamp(Buf *out, const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    buf_printf(out, "stat %s\t-\n", path);
    return;
  }
  buf_printf(out, "stat %s\t%llu %llu %lld %lld %ld\n", path,
             (unsigned long long)st.st_dev, (unsigned long long)st.st_ino,
             (long long)st.st_size, (long long)st.st_mtim.tv_sec,
             (long)st.st_mtim.tv_nsec);
}

bool path_stamp_holds(const char *line) {
  const char *tab = strchr(line, '\t');
  if (strncmp(line, "stat ", 5) != 0 || !tab)
    return false;
  char *path = xstrndup(line + 5, (size_t)(tab - line - 5));
  Buf now;
  buf_init(&now);
  path_stamp(&now, path);
  bool same = now.len == strlen(line) + 1 && memcmp(now.data, line, now.len - 1) == 0;
  buf_free(&now);
  free(path);
  return same;
}
