// The next minute a cron schedule matches. The search skips whole years and months that do not
// match and tests the remaining days one by one, so it ends after at most a few tens of
// thousands of cheap steps even when nothing matches before the end of 2199.
#include <bitset>

#include "events/schedule/cron.h"

namespace certflow::events::schedule {
namespace {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::sys_days;
using std::chrono::year_month_day;
using std::chrono::year_month_day_last;

// The first set bit at or after `from`; -1 when there is none.
template <size_t N>
int first_set(const std::bitset<N>& bits, int from) {
  for (int i = from < 0 ? 0 : from; i < static_cast<int>(N); ++i) {
    if (bits.test(i)) return i;
  }
  return -1;
}

int weekday_of(sys_days day) {
  return static_cast<int>(std::chrono::weekday(day).c_encoding()) + 1;  // 1 = SUN
}

// The Monday-Friday nearest day `n` of the month, not leaving the month: a Saturday moves back to
// Friday (or, on the 1st, on to Monday the 3rd), a Sunday on to Monday (or, on the last day, back
// to Friday). 0 when the month has no day `n`.
unsigned nearest_weekday(const year_month_day& first_of_month, unsigned n, unsigned last) {
  if (n > last) return 0;
  const int weekday = weekday_of(sys_days(first_of_month) + days(n - 1));
  if (weekday == 7) return n == 1 ? 3 : n - 1;
  if (weekday == 1) return n == last ? n - 2 : n + 1;
  return n;
}

bool day_matches(const CronSpec& spec, const year_month_day& date) {
  const unsigned day = static_cast<unsigned>(date.day());
  const unsigned last = static_cast<unsigned>(
      year_month_day_last(date.year(), date.month() / std::chrono::last).day());
  const year_month_day first_of_month = date.year() / date.month() / 1;
  const int weekday = weekday_of(sys_days(date));
  switch (spec.day_rule) {
    case DayRule::kDaysOfMonth: return spec.days_of_month.test(day);
    case DayRule::kLastDay: return day == last;
    case DayRule::kLastWeekday: return day == nearest_weekday(first_of_month, last, last);
    case DayRule::kNearestWeekday:
      return day == nearest_weekday(first_of_month, static_cast<unsigned>(spec.day), last);
    case DayRule::kDaysOfWeek: return spec.days_of_week.test(weekday);
    case DayRule::kLastOfWeekday: return weekday == spec.day && day + 7 > last;
    case DayRule::kNthWeekday:
      return weekday == spec.day && static_cast<int>((day - 1) / 7 + 1) == spec.nth;
  }
  return false;
}

// The first matching minute of the day at or after `from` minutes past midnight; -1 if none.
int first_time_of_day(const CronSpec& spec, int from) {
  for (int hour = first_set(spec.hours, from / 60); hour >= 0;
       hour = first_set(spec.hours, hour + 1)) {
    const int minute = first_set(spec.minutes, hour == from / 60 ? from % 60 : 0);
    if (minute >= 0) return hour * 60 + minute;
  }
  return -1;
}

}  // namespace

std::optional<TimePoint> next_cron_fire(const CronSpec& spec, TimePoint after) {
  const sys_days first_day = sys_days(std::chrono::year(kFirstYear) / 1 / 1);
  const sys_days end_day = sys_days(std::chrono::year(kLastYear + 1) / 1 / 1);
  if (after >= end_day) return std::nullopt;
  // The first candidate minute; before 1970 nothing matches, so the search starts there.
  const auto start = after < first_day ? std::chrono::sys_time<minutes>(first_day)
                                       : std::chrono::floor<minutes>(after) + minutes(1);
  sys_days day = std::chrono::floor<days>(start);
  int from = static_cast<int>((start - day).count());

  while (day < end_day) {
    const year_month_day date(day);
    const int year = static_cast<int>(date.year());
    if (!spec.years.test(year - kFirstYear)) {
      const int next = first_set(spec.years, year - kFirstYear + 1);
      if (next < 0) return std::nullopt;
      day = sys_days(std::chrono::year(kFirstYear + next) / 1 / 1);
      from = 0;
      continue;
    }
    const unsigned month = static_cast<unsigned>(date.month());
    if (!spec.months.test(month)) {
      const int next = first_set(spec.months, static_cast<int>(month) + 1);
      day = next < 0 ? sys_days(date.year() / 1 / 1 + std::chrono::years(1))
                     : sys_days(date.year() / std::chrono::month(next) / 1);
      from = 0;
      continue;
    }
    if (day_matches(spec, date)) {
      const int time = first_time_of_day(spec, from);
      if (time >= 0) return TimePoint(day + minutes(time));
    }
    day += days(1);
    from = 0;
  }
  return std::nullopt;
}

}  // namespace certflow::events::schedule
