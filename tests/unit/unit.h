// unit.h — a minimal test harness shared by tests/unit/test_*.c.
//
// CHECK(cond) and CHECK_STR(got, want) count passes and failures and print
// "FAIL file:line: ..." for each failure; UNIT_END() prints
// "N passed, M failed" (read by tests/run.sh) and returns the exit status.
#ifndef UNIT_H
#define UNIT_H
#include <stdio.h>
#include <string.h>

static int unit_pass, unit_fail;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (cond)                                                                  \
      unit_pass++;                                                             \
    else {                                                                     \
      unit_fail++;                                                             \
      printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                   \
    }                                                                          \
  } while (0)

#define CHECK_STR(got, want)                                                   \
  do {                                                                         \
    const char *g_ = (got), *w_ = (want);                                      \
    if (g_ && strcmp(g_, w_) == 0)                                             \
      unit_pass++;                                                             \
    else {                                                                     \
      unit_fail++;                                                             \
      printf("FAIL %s:%d: %s\n  got:  \"%s\"\n  want: \"%s\"\n", __FILE__,      \
             __LINE__, #got, g_ ? g_ : "(null)", w_);                          \
    }                                                                          \
  } while (0)

#define UNIT_END()                                                             \
  (printf("%d passed, %d failed\n", unit_pass, unit_fail), unit_fail ? 1 : 0)

#endif
