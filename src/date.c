// date.c — dates in the Vietnamese administrative style, the Vietnamese
// lunar calendar and Vietnam's public holidays.
//
// Plan dates are full ("2026-05-20"), drafts with the day or the month left
// blank ("2026-05", "2026"), or annual ("11-30"). They are written with the
// zero rule of Nghị định 30/2020/NĐ-CP (day always two digits, months 1 and 2
// padded to "01", "02", months 3..12 not), and counted on the proleptic
// Gregorian calendar as days since 1970-01-01.
//
// The lunar calendar is computed, not tabulated, following the rules Hồ Ngọc
// Đức describes for the Vietnamese calendar with the formulas of Jean Meeus
// ("Astronomical Algorithms"): a lunar month starts on the local day (UTC+7)
// of a new moon; month 11 is the month in which the winter solstice falls.
// A suì (từ tháng 11 năm trước đến tháng 11 năm sau) therefore holds 12 or
// 13 months; when it holds 13, the first month after month 11 in which the
// sun crosses no major solar term (trung khí, a multiple of 30° of ecliptic
// longitude) is the leap month and repeats the number of the month before
// it. The lunar year, named by Tết, begins with month 1, the third month of
// its suì.
#include "kehoach.h"

#include <math.h>
#include <string.h>

//
// Calendar arithmetic
//

static bool is_leap_year(int year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int date_days_in_month(int year, int month) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12)
    return 0;
  if (month == 2 && (year == 0 || is_leap_year(year)))
    return 29; // year 0 is an annual date: 29/02 is allowed
  return days[month - 1];
}

bool date_is_valid(int year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 &&
         day <= date_days_in_month(year, month);
}

// Days from the civil date, counting March as the first month of the year so
// that the leap day falls at the end (Howard Hinnant's days_from_civil).
long date_to_days(Date d) {
  long y = (long)d.year - (d.month <= 2);
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;                  // year of era, 0..399
  long mp = (d.month + 9) % 12;              // March = 0 .. February = 11
  long doy = (153 * mp + 2) / 5 + d.day - 1; // day of the March year
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // day of era
  return era * 146097 + doe - 719468;
}

// The inverse of date_to_days (Hinnant's civil_from_days).
Date date_from_days(long days) {
  long z = days + 719468;
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
  long r = (date_to_days(d) + 4) % 7; // 1970-01-01 was a Thursday
  return (int)(r < 0 ? r + 7 : r);
}

int date_compare(Date a, Date b) {
  if (a.year != b.year)
    return a.year < b.year ? -1 : 1;
  if (a.month != b.month)
    return a.month < b.month ? -1 : 1;
  if (a.day != b.day)
    return a.day < b.day ? -1 : 1;
  return 0;
}

//
// Parsing
//

enum { YEAR_MIN = 1900, YEAR_MAX = 2200 };

static const DateError BAD_FORM = {"cần dạng YYYY, YYYY-MM, YYYY-MM-DD hoặc MM-DD",
                                   "expected YYYY, YYYY-MM, YYYY-MM-DD or MM-DD"};

// Reads exactly n ASCII digits at s.
static bool read_digits(const char *s, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// Splits s into its fields by its shape alone; false when no shape fits.
static bool parse_shape(const char *s, Date *d) {
  size_t n = strlen(s);
  *d = (Date){0};
  switch (n) {
  case 4: // YYYY
    d->prec = DATE_YEAR;
    return read_digits(s, 4, &d->year);
  case 5: // MM-DD
    d->prec = DATE_DAY;
    return s[2] == '-' && read_digits(s, 2, &d->month) &&
           read_digits(s + 3, 2, &d->day);
  case 7: // YYYY-MM
    d->prec = DATE_MONTH;
    return s[4] == '-' && read_digits(s, 4, &d->year) &&
           read_digits(s + 5, 2, &d->month);
  case 10: // YYYY-MM-DD
    d->prec = DATE_DAY;
    return s[4] == '-' && s[7] == '-' && read_digits(s, 4, &d->year) &&
           read_digits(s + 5, 2, &d->month) && read_digits(s + 8, 2, &d->day);
  default:
    return false;
  }
}

// Why day d of month m (valid 1..12) does not exist.
static const DateError *missing_day_reason(int month, int day) {
  static const DateError out_of_range = {"ngày ngoài khoảng 1-31",
                                         "the day is out of range (1-31)"};
  static const DateError leap = {"ngày 29 tháng 02 chỉ có trong năm nhuận",
                                 "29 February exists only in leap years"};
  static const DateError no_day[] = {
      {"không có ngày 30 tháng 02", "30 February does not exist"},
      {"không có ngày 31 tháng 02", "31 February does not exist"},
      {"không có ngày 31 tháng 4", "31 April does not exist"},
      {"không có ngày 31 tháng 6", "31 June does not exist"},
      {"không có ngày 31 tháng 9", "31 September does not exist"},
      {"không có ngày 31 tháng 11", "31 November does not exist"},
  };
  if (day < 1 || day > 31)
    return &out_of_range;
  switch (month) {
  case 2:
    return day == 29 ? &leap : day == 30 ? &no_day[0] : &no_day[1];
  case 4:
    return &no_day[2];
  case 6:
    return &no_day[3];
  case 9:
    return &no_day[4];
  default:
    return &no_day[5];
  }
}

// The reason d (well shaped) is not a date, or NULL when it is one.
static const DateError *invalid_reason(const Date *d) {
  static const DateError bad_year = {"năm ngoài khoảng 1900-2200",
                                     "the year is out of range (1900-2200)"};
  static const DateError bad_month = {"tháng ngoài khoảng 1-12",
                                      "the month is out of range (1-12)"};
  bool annual = d->prec == DATE_DAY && d->year == 0;
  if (!annual && (d->year < YEAR_MIN || d->year > YEAR_MAX))
    return &bad_year;
  if (d->prec == DATE_YEAR)
    return NULL;
  if (d->month < 1 || d->month > 12)
    return &bad_month;
  if (d->prec == DATE_DAY && !date_is_valid(d->year, d->month, d->day))
    return missing_day_reason(d->month, d->day);
  return NULL;
}

bool date_parse(const char *s, Date *out, const DateError **why) {
  Date d;
  const DateError *reason = &BAD_FORM;
  if (s && parse_shape(s, &d))
    reason = invalid_reason(&d);
  if (reason) {
    if (why)
      *why = reason;
    return false;
  }
  *out = d;
  return true;
}

//
// Writing
//

// The month with the decree's zero rule: 01, 02, then 3 .. 12.
static void put_month(Buf *b, int month) {
  buf_printf(b, month <= 2 ? "%02d" : "%d", month);
}

void date_format_short(Buf *b, Date d) {
  switch (d.prec) {
  case DATE_DAY: // "03/3/2021", annual "30/11"
    buf_printf(b, "%02d/", d.day);
    put_month(b, d.month);
    if (d.year)
      buf_printf(b, "/%d", d.year);
    break;
  case DATE_MONTH: // "tháng 5/2026"
    buf_puts(b, "tháng ");
    put_month(b, d.month);
    buf_printf(b, "/%d", d.year);
    break;
  case DATE_YEAR: // "năm 2026"
    buf_printf(b, "năm %d", d.year);
    break;
  case DATE_NONE:
    break;
  }
}

// A blank left for the signer to fill in by hand: four spaces.
static const char BLANK[] = "    ";

void date_format_words(Buf *b, Date d) {
  switch (d.prec) {
  case DATE_DAY: // "ngày 03 tháng 3 năm 2021"; annual: "... hằng năm"
    buf_printf(b, "ngày %02d tháng ", d.day);
    put_month(b, d.month);
    if (d.year)
      buf_printf(b, " năm %d", d.year);
    else
      buf_puts(b, " hằng năm");
    break;
  case DATE_MONTH: // "ngày    tháng 5 năm 2026"
    buf_printf(b, "ngày%stháng ", BLANK);
    put_month(b, d.month);
    buf_printf(b, " năm %d", d.year);
    break;
  case DATE_YEAR: // "ngày    tháng    năm 2026"
    buf_printf(b, "ngày%stháng%snăm %d", BLANK, BLANK, d.year);
    break;
  case DATE_NONE:
    break;
  }
}

//
// Astronomy: new moons and the sun's longitude (Meeus), in Julian days
//

static const double PI = 3.14159265358979323846;
static const double TIME_ZONE = 7.0;              // Vietnam, UTC+7
static const double SYNODIC_MONTH = 29.530588853; // mean days per lunation
// the mean new moon k = 0, of 1900-01-01, in Julian days
static const double NEW_MOON_0 = 2415021.076998695;
enum { JDN_1970 = 2440588 }; // the Julian day number of 1970-01-01

static double radians(double degrees) { return degrees * (PI / 180); }

static long jdn_of(Date d) { return date_to_days(d) + JDN_1970; }

static Date date_of_jdn(long jdn) { return date_from_days(jdn - JDN_1970); }

// Terrestrial minus universal time, in days; T in Julian centuries from
// 1900. This branch of the polynomial holds from the year 800 onwards.
static double delta_t(double t) {
  return -0.000278 + 0.000265 * t + 0.000262 * t * t;
}

// The instant (Julian day, UT) of the k-th new moon after the one of
// 1900-01-01: the mean new moon corrected by the main periodic terms.
static double new_moon_instant(long lunation) {
  double k = (double)lunation;
  double t = k / 1236.85; // Julian centuries (1236.85 lunations each)
  double t2 = t * t, t3 = t2 * t;
  double mean = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 -
                0.000000155 * t3 +
                0.00033 * sin(radians(166.56 + 132.87 * t - 0.009173 * t2));
  // mean anomalies of the sun (m) and the moon (mm), the moon's argument of
  // latitude (f)
  double m =
      radians(359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3);
  double mm =
      radians(306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3);
  double f =
      radians(21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3);
  double c = (0.1734 - 0.000393 * t) * sin(m) + 0.0021 * sin(2 * m) -
             0.4068 * sin(mm) + 0.0161 * sin(2 * mm) - 0.0004 * sin(3 * mm) +
             0.0104 * sin(2 * f) - 0.0051 * sin(m + mm) - 0.0074 * sin(m - mm) +
             0.0004 * sin(2 * f + m) - 0.0004 * sin(2 * f - m) -
             0.0006 * sin(2 * f + mm) + 0.0010 * sin(2 * f - mm) +
             0.0005 * sin(2 * mm + m);
  return mean + c - delta_t(t);
}

// The Julian day number of the local day on which the k-th new moon falls.
static long new_moon_day(long k) {
  return (long)floor(new_moon_instant(k) + 0.5 + TIME_ZONE / 24);
}

// The index k of the new moon that falls on (or within a few days of) jdn.
static long lunation_near(long jdn) {
  return (long)floor(((double)jdn - NEW_MOON_0) / SYNODIC_MONTH + 0.5);
}

// The sun's ecliptic longitude at instant jd (UT), in radians [0, 2π): its
// mean longitude plus the equation of the centre.
static double sun_longitude(double jd) {
  double t = (jd - 2451545.0) / 36525; // Julian centuries from J2000
  double t2 = t * t;
  double m = radians(357.52910 + 35999.05030 * t - 0.0001559 * t2 -
                     0.00000048 * t * t2);
  double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  double c = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(m) +
             (0.019993 - 0.000101 * t) * sin(2 * m) + 0.000290 * sin(3 * m);
  double l = radians(l0 + c);
  return l - 2 * PI * floor(l / (2 * PI));
}

// Which 30° sector of the ecliptic (0..11, 0 from the spring equinox) the
// sun is in when local day jdn begins. Sector 9 begins at the winter
// solstice; a month whose first and next month's first day lie in the same
// sector holds no major solar term.
static int sun_sector(long jdn) {
  double midnight = (double)jdn - 0.5 - TIME_ZONE / 24;
  return (int)floor(sun_longitude(midnight) / PI * 6);
}

//
// The lunar calendar
//

// The first day (Julian day number) of lunar month 11 of year `year`: the
// month in which that December's winter solstice falls.
static long month11_start(int year) {
  Date dec31 = {year, 12, 31, DATE_DAY};
  long k = (long)floor(((double)jdn_of(dec31) - NEW_MOON_0) / SYNODIC_MONTH);
  long start = new_moon_day(k);
  if (sun_sector(start) >= 9) // the solstice came before this month began
    start = new_moon_day(k - 1);
  return start;
}

// A suì: the months from month 11 of one year up to month 11 of the next.
typedef struct Sui {
  long k;      // lunation index of its month 11 (offset 0)
  int nmonths; // 12, or 13 with a leap month
  int leap;    // offset (1..12) of the leap month, 0 when none
  int year;    // the year of the solstice that ends it
} Sui;

// The offset of the first month of the suì starting at lunation k that
// holds no major solar term.
static int leap_offset(long k) {
  int sector = sun_sector(new_moon_day(k + 1));
  for (int i = 1; i < 12; i++) {
    int next = sun_sector(new_moon_day(k + i + 1));
    if (next == sector)
      return i;
    sector = next;
  }
  return 12;
}

// The suì that ends with the winter solstice of `year`.
static Sui sui_ending(int year) {
  long start = month11_start(year - 1), end = month11_start(year);
  Sui s = {.k = lunation_near(start), .year = year};
  s.nmonths = end - start > 365 ? 13 : 12;
  s.leap = s.nmonths == 13 ? leap_offset(s.k) : 0;
  return s;
}

// A month's place in its suì: 0 for month 11, 1 for month 12, 2 for month
// 1, ..., 11 for month 10; the leap month shares its predecessor's place.
static int sui_place(const Sui *s, int offset) {
  return s->leap && offset >= s->leap ? offset - 1 : offset;
}

static int place_to_month(int place) { return (place + 10) % 12 + 1; }

static int month_to_place(int month) { return (month + 1) % 12; }

static bool in_year_range(int year) {
  return year >= YEAR_MIN && year <= YEAR_MAX;
}

bool solar_to_lunar(Date d, int *lyear, int *lmonth, int *lday, bool *leap) {
  if (!in_year_range(d.year) || !date_is_valid(d.year, d.month, d.day))
    return false;
  long day = jdn_of(d);
  Sui s = sui_ending(day >= month11_start(d.year) ? d.year + 1 : d.year);
  // the month holding day: estimate from the mean month, then adjust
  long first = new_moon_day(s.k);
  int offset = (int)((double)(day - first) / SYNODIC_MONTH);
  while (offset > 0 && new_moon_day(s.k + offset) > day)
    offset--;
  while (offset + 1 < s.nmonths && new_moon_day(s.k + offset + 1) <= day)
    offset++;
  int place = sui_place(&s, offset);
  *lyear = place <= 1 ? s.year - 1 : s.year; // months 11 and 12: last year
  *lmonth = place_to_month(place);
  *lday = (int)(day - new_moon_day(s.k + offset)) + 1;
  *leap = s.leap != 0 && offset == s.leap;
  return true;
}

bool lunar_to_solar(int lyear, int lmonth, int lday, bool leap, Date *out) {
  if (lyear < YEAR_MIN - 1 || lyear > YEAR_MAX || lmonth < 1 || lmonth > 12 ||
      lday < 1 || lday > 30)
    return false;
  int place = month_to_place(lmonth);
  Sui s = sui_ending(place <= 1 ? lyear + 1 : lyear);
  int offset = place;
  if (leap) {
    if (!s.leap || s.leap - 1 != place)
      return false; // this month is not repeated this year
    offset = s.leap;
  } else if (s.leap && place >= s.leap) {
    offset = place + 1;
  }
  long first = new_moon_day(s.k + offset);
  if (lday > new_moon_day(s.k + offset + 1) - first)
    return false; // a 29-day month has no 30th
  Date d = date_of_jdn(first + lday - 1);
  if (!in_year_range(d.year))
    return false;
  *out = d;
  return true;
}

//
// Public holidays
//

// Bộ luật Lao động 2019 (Luật số 45/2019/QH14), Điều 112 khoản 1, in force
// since 01/01/2021, gives workers these paid days off:
//   a) Tết Dương lịch: 01 ngày (ngày 01 tháng 01 dương lịch);
//   b) Tết Âm lịch: 05 ngày;
//   c) Ngày Chiến thắng: 01 ngày (ngày 30 tháng 4 dương lịch);
//   d) Ngày Quốc tế lao động: 01 ngày (ngày 01 tháng 5 dương lịch);
//   đ) Quốc khánh: 02 ngày (ngày 02 tháng 9 dương lịch và 01 ngày liền kề
//      trước hoặc sau);
//   e) Ngày Giỗ Tổ Hùng Vương: 01 ngày (ngày 10 tháng 3 âm lịch).
// Choices where the law leaves one to the Government (Điều 112 khoản 3):
//   - Tết Âm lịch: the last day of the lunar year and days 1-4 of month 1
//     (the usual pattern of the yearly announcements);
//   - Quốc khánh: 01/9 as the adjacent day (the choice made for 2021-2025).
// The yearly schedules also move days around weekends and add compensatory
// days off (nghỉ bù); those are announced each year and not modelled here.
// The current rules are applied to every year, including those before 2021.
// Not included: Ngày Văn hóa Việt Nam (24/11). Nghị quyết 80-NQ/TW of the
// Politburo (07/01/2026) chose it as a paid day off, and Nghị quyết
// 30/NQ-CP (2026) tasks an amendment of Điều 112 khoản 1; until that
// amendment is law, 24/11 is not a public holiday.

// Holidays fixed on the solar calendar; these apply to annual dates too.
static const char *solar_holiday(int month, int day) {
  static const struct {
    int month, day;
    const char *name;
  } fixed[] = {
      {1, 1, "Tết Dương lịch"},
      {4, 30, "Ngày Chiến thắng"},
      {5, 1, "Ngày Quốc tế lao động"},
      {9, 1, "Quốc khánh"},
      {9, 2, "Quốc khánh"},
  };
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
    if (fixed[i].month == month && fixed[i].day == day)
      return fixed[i].name;
  return NULL;
}

// Holidays fixed on the lunar calendar.
// The solar days a lunar holiday can fall on in YEAR_MIN..YEAR_MAX (every
// day of those years scanned; tests/unit/test_date.c scans them again):
// Tết, from the last day of the lunar year to the 4th, between 20/1 and
// 23/2; Giỗ Tổ (10/3) between 30/3 and 30/4. Outside them lunar_holiday
// (two solar-to-lunar conversions, each some new moons) has no answer.
static bool in_lunar_window(int month, int day) {
  int md = month * 100 + day;
  return (md >= 120 && md <= 223) || (md >= 330 && md <= 430);
}

static const char *lunar_holiday(Date d) {
  int y, m, day, y2, m2, day2;
  bool leap, leap2;
  if (!solar_to_lunar(d, &y, &m, &day, &leap))
    return NULL;
  if (!leap && m == 1 && day <= 4)
    return "Tết Nguyên đán";
  if (!leap && m == 3 && day == 10)
    return "Giỗ Tổ Hùng Vương";
  // the last day of the lunar year: tomorrow is Tết
  Date next = date_from_days(date_to_days(d) + 1);
  if (solar_to_lunar(next, &y2, &m2, &day2, &leap2) && m2 == 1 && day2 == 1 &&
      !leap2)
    return "Tết Nguyên đán";
  return NULL;
}

const char *date_holiday(Date d) {
  if (d.prec != DATE_DAY || !date_is_valid(d.year, d.month, d.day))
    return NULL;
  // when a lunar holiday falls on a solar one (in 1900..2200 only Giỗ Tổ on
  // 30/4/1947), the solar name is given
  const char *name = solar_holiday(d.month, d.day);
  if (!name && d.year != 0 && in_lunar_window(d.month, d.day))
    name = lunar_holiday(d);
  return name;
}

void date_format_period(Buf *b, int from, int to) {
  if (to != from)
    buf_printf(b, "%d - %d", from, to);
  else
    buf_printf(b, "%d", from);
}
