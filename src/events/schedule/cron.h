// The cron engine of the schedule room: the parsed fields of cron(...) and the search for the
// next matching minute. Included by nothing outside src/events/schedule/.
#pragma once

#include <bitset>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/error.h"

namespace certflow::events::schedule {

inline constexpr int kFirstYear = 1970;  // the Year field's range, as EventBridge documents it
inline constexpr int kLastYear = 2199;

// How the day is chosen: Day-of-month and Day-of-week cannot both be set, so exactly one rule
// applies.
enum class DayRule {
  kDaysOfMonth,     // 1-31 values, ranges, increments, *
  kLastDay,         // L: the month's last day
  kLastWeekday,     // LW: the month's last Monday-Friday
  kNearestWeekday,  // nW: the Monday-Friday nearest day n, within the month
  kDaysOfWeek,      // 1-7 (1 = SUN) values, ranges, *; a lone L is 7 (SAT)
  kLastOfWeekday,   // nL: the month's last weekday n
  kNthWeekday,      // n#k: the month's k-th weekday n
};

struct CronSpec {
  std::bitset<60> minutes;                        // 0-59
  std::bitset<24> hours;                          // 0-23
  std::bitset<13> months;                         // 1-12
  std::bitset<kLastYear - kFirstYear + 1> years;  // index: year - kFirstYear
  DayRule day_rule = DayRule::kDaysOfMonth;
  std::bitset<32> days_of_month;  // 1-31, for kDaysOfMonth
  std::bitset<8> days_of_week;    // 1-7, 1 = SUN, for kDaysOfWeek
  int day = 0;                    // n of nW; the weekday (1-7) of nL and n#k
  int nth = 0;                    // k of n#k (1-5)
};

// Parses the text between "cron(" and ")". On success `normalized` holds the fields as
// Schedule::text() shows them (without "cron(" and ")"). Error messages are the part after
// "Parameter ScheduleExpression is not valid.".
Result<CronSpec> parse_cron(std::string_view fields, std::string& normalized);

// The first whole minute strictly after `after` that `spec` matches; nullopt when none does up
// to the end of kLastYear.
std::optional<TimePoint> next_cron_fire(const CronSpec& spec, TimePoint after);

}  // namespace certflow::events::schedule
