// watch.c — waiting for files to change (`kehoach watch`).
//
// inotify on the directories of the files (an editor that saves by writing
// a new file and renaming it over the old one changes the directory, not
// the old inode), and a signalfd for SIGINT and SIGTERM, so that waiting
// ends cleanly without a signal handler or any global state. A burst of
// events (an editor writes a backup, the file, its swap file) becomes one
// change: events are gathered until the files have been quiet a moment.
#include "kehoach.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <unistd.h>

struct FileWatch {
  int inotify, signals;
  sigset_t old_mask;
  Vec dirs;  // char *: directories watched (index = position in wds)
  Vec wds;   // intptr_t watch descriptors
  Vec files; // char *: "dir/name" of the files that matter
};

FileWatch *filewatch_new(void) {
  FileWatch *w = xcalloc(1, sizeof *w);
  w->inotify = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGTERM);
  sigprocmask(SIG_BLOCK, &mask, &w->old_mask);
  w->signals = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  if (w->inotify < 0 || w->signals < 0) {
    filewatch_free(w);
    return NULL;
  }
  return w;
}

static void clear_files(FileWatch *w) {
  for (int i = 0; i < w->files.len; i++)
    free(w->files.items[i]);
  w->files.len = 0;
}

void filewatch_free(FileWatch *w) {
  if (!w)
    return;
  if (w->inotify >= 0)
    close(w->inotify);
  if (w->signals >= 0)
    close(w->signals);
  sigprocmask(SIG_SETMASK, &w->old_mask, NULL);
  clear_files(w);
  vec_free(&w->files);
  for (int i = 0; i < w->dirs.len; i++)
    free(w->dirs.items[i]);
  vec_free(&w->dirs);
  vec_free(&w->wds);
  free(w);
}

// The directory and the name of path, resolved (symbolic links followed for
// the directory, so that events are matched on one name).
static char *resolved(const char *path) {
  char *copy = xstrdup(path);
  char *slash = strrchr(copy, '/');
  const char *name = slash ? slash + 1 : copy;
  if (slash)
    *slash = '\0';
  char *dir = realpath(slash ? (*copy ? copy : "/") : ".", NULL);
  char *full = NULL;
  if (dir) {
    full = xmalloc(strlen(dir) + strlen(name) + 2);
    sprintf(full, "%s/%s", dir, name);
    free(dir);
  }
  free(copy);
  return full;
}

static void watch_dir(FileWatch *w, const char *dir) {
  for (int i = 0; i < w->dirs.len; i++)
    if (strcmp(w->dirs.items[i], dir) == 0)
      return;
  int wd = inotify_add_watch(w->inotify, dir,
                             IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE |
                                 IN_ATTRIB | IN_ONLYDIR);
  if (wd < 0)
    return;
  vec_push(&w->dirs, xstrdup(dir));
  vec_push(&w->wds, (void *)(intptr_t)wd);
}

void filewatch_set(FileWatch *w, const char *const *paths, int n) {
  clear_files(w);
  for (int i = 0; i < n; i++) {
    char *full = resolved(paths[i]);
    if (!full)
      continue;
    char *slash = strrchr(full, '/');
    *slash = '\0';
    watch_dir(w, *full ? full : "/");
    *slash = '/';
    vec_push(&w->files, full);
  }
}

// Reads the pending inotify events; true when one names a file of the set.
static bool read_events(FileWatch *w) {
  bool hit = false;
  char buf[16 * (sizeof(struct inotify_event) + NAME_MAX + 1)]
      __attribute__((aligned(__alignof__(struct inotify_event))));
  for (;;) {
    ssize_t n = read(w->inotify, buf, sizeof buf);
    if (n <= 0)
      return hit;
    for (char *p = buf; p < buf + n;) {
      const struct inotify_event *e = (const struct inotify_event *)p;
      p += sizeof *e + e->len;
      const char *dir = NULL;
      for (int i = 0; i < w->wds.len && !dir; i++)
        if ((intptr_t)w->wds.items[i] == e->wd)
          dir = w->dirs.items[i];
      if (!dir || !e->len)
        continue;
      size_t dl = strlen(dir);
      for (int i = 0; i < w->files.len && !hit; i++) {
        const char *f = w->files.items[i];
        hit = strncmp(f, dir, dl) == 0 && f[dl] == '/' && strcmp(f + dl + 1, e->name) == 0;
      }
    }
  }
}

WatchEvent filewatch_wait(FileWatch *w, int quiet_ms) {
  struct pollfd fds[2] = {{.fd = w->inotify, .events = POLLIN},
                          {.fd = w->signals, .events = POLLIN}};
  bool changed = false;
  for (;;) {
    int r = poll(fds, 2, changed ? quiet_ms : -1);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      return WATCH_FAILED;
    if (fds[1].revents) { // consume it: unblocked later, it would kill us
      struct signalfd_siginfo info;
      while (read(w->signals, &info, sizeof info) == (ssize_t)sizeof info)
        ;
      return WATCH_STOPPED;
    }
    if (r == 0) // quiet since the last event of the burst
      return WATCH_CHANGED;
    if (fds[0].revents && read_events(w))
      changed = true;
  }
}
