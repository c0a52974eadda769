// date.c — dates in the Vietnamese administrative style.
//
// Parsing of plan dates (full, month-only and year-only drafts, annual
// MM-DD), the decree's zero rule for writing them, and day arithmetic on
// the proleptic Gregorian calendar.
#include "kehoach.h"

#include <string.h>

bool date_is_valid(int year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 &&
         day <= date_days_in_month(year, month);
}

int date_days_in_month(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    bool leap = year == 0 || (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0));
    return leap ? 29 : 28; // year 0: an annual date, 29/02 allowed
  }
  return days[month - 1];
}

// Reads exactly n digits at s.
static bool digits(const char *s, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

bool date_parse(const char *s, Date *out, const char **why) {
  Date d = {0};
  size_t n = strlen(s);
  bool ok = false;
  if (n == 4)
    ok = digits(s, 4, &d.year), d.prec = DATE_YEAR;
  else if (n == 7 && s[4] == '-')
    ok = digits(s, 4, &d.year) && digits(s + 5, 2, &d.month), d.prec = DATE_MONTH;
  else if (n == 10 && s[4] == '-' && s[7] == '-')
    ok = digits(s, 4, &d.year) && digits(s + 5, 2, &d.month) &&
         digits(s + 8, 2, &d.day),
    d.prec = DATE_DAY;
  else if (n == 5 && s[2] == '-')
    ok = digits(s, 2, &d.month) && digits(s + 3, 2, &d.day), d.prec = DATE_DAY;
  if (!ok) {
    *why = "expected YYYY, YYYY-MM, YYYY-MM-DD or MM-DD";
    return false;
  }
  if (d.prec != DATE_DAY || d.year != 0) {
    if (d.year < 1900 || d.year > 2200) {
      *why = "the year is out of range (1900-2200)";
      return false;
    }
  }
  if (d.prec != DATE_YEAR && (d.month < 1 || d.month > 12)) {
    *why = "the month is out of range (1-12)";
    return false;
  }
  if (d.prec == DATE_DAY && !date_is_valid(d.year, d.month, d.day)) {
    *why = "this day does not exist in that month";
    return false;
  }
  *out = d;
  return true;
}

long date_to_days(Date d) {
  // Days from civil (Howard Hinnant's algorithm).
  int y = d.year - (d.month <= 2);
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int mp = (d.month + 9) % 12;
  int doy = (153 * mp + 2) / 5 + d.day - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (long)era * 146097 + doe - 719468;
}

Date date_from_days(long z) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  Date d = {.prec = DATE_DAY};
  d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
  d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
  d.year = (int)(yoe + era * 400 + (d.month <= 2));
  return d;
}

int date_weekday(Date d) {
  long days = date_to_days(d); // 1970-01-01 was a Thursday
  return (int)(((days % 7) + 7 + 4) % 7);
}

int date_compare(Date a, Date b) {
  if (a.year != b.year)
    return a.year < b.year ? -1 : 1;
  if (a.month != b.month)
    return a.month < b.month ? -1 : 1;
  return a.day < b.day ? -1 : a.day > b.day;
}

// Month with the decree's zero rule: 01, 02, then 3 .. 12.
static void month_number(Buf *b, int month) {
  buf_printf(b, month <= 2 ? "%02d" : "%d", month);
}

void date_format_short(Buf *b, Date d) {
  switch (d.prec) {
  case DATE_DAY:
    buf_printf(b, "%02d/", d.day);
    month_number(b, d.month);
    if (d.year)
      buf_printf(b, "/%d", d.year);
    break;
  case DATE_MONTH:
    buf_puts(b, "tháng ");
    month_number(b, d.month);
    buf_printf(b, "/%d", d.year);
    break;
  case DATE_YEAR:
    buf_printf(b, "năm %d", d.year);
    break;
  case DATE_NONE:
    break;
  }
}

void date_format_words(Buf *b, Date d) {
  switch (d.prec) {
  case DATE_DAY:
    buf_printf(b, "ngày %02d tháng ", d.day);
    month_number(b, d.month);
    if (d.year)
      buf_printf(b, " năm %d", d.year);
    else
      buf_puts(b, " hằng năm");
    break;
  case DATE_MONTH:
    buf_puts(b, "ngày    tháng ");
    month_number(b, d.month);
    buf_printf(b, " năm %d", d.year);
    break;
  case DATE_YEAR:
    buf_printf(b, "ngày    tháng    năm %d", d.year);
    break;
  case DATE_NONE:
    break;
  }
}
