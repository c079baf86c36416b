// A rule's ScheduleExpression, as the EventBridge user guide defines it ("Schedule expressions
// for rules": eb-scheduled-rule-pattern, eb-cron-expressions, eb-rate-expressions):
//   rate(value unit)  value a positive whole number; unit minute|hour|day for 1,
//                     minutes|hours|days above 1.
//   cron(Minutes Hours Day-of-month Month Day-of-week Year)  six fields, UTC; one of
//                     Day-of-month and Day-of-week must be ?.
// The door of the schedule room; pure functions, no I/O, no clock (time is passed in).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/error.h"

namespace certflow::events::schedule {

struct CronSpec;  // The parsed fields; the engine's own type.

class Schedule {
 public:
  enum class Kind { kRate, kCron };

  Kind kind() const { return kind_; }

  // The expression as certflow keeps and shows it: fields separated by one space, month and
  // day names and the letters L W upper case, the rate value without leading zeros
  // ("rate(5 minutes)", "cron(0/5 8-17 ? * MON-FRI *)").
  const std::string& text() const { return text_; }

  // rate(): the interval between two firings. cron(): zero.
  std::chrono::minutes period() const { return period_; }

  // The first time the rule fires strictly after `after`: always a whole UTC minute.
  // rate(): EventBridge counts from the rule's creation, so the firings are
  //   minute_of(created) + k * period, k >= 1;
  // cron(): the first minute that every field matches; `created` plays no part.
  // nullopt: the rule never fires after `after` (a cron whose years are all past, a day no month
  // has such as 30 in FEB, a time too far out to represent). A cron search stops at the end of
  // 2199, the last year the Year field allows, and walks days (not minutes), so it is fast.
  std::optional<TimePoint> next_after(TimePoint after, TimePoint created) const;

 private:
  friend Result<Schedule> parse_schedule_expression(std::string_view text);
  Schedule() = default;

  Kind kind_ = Kind::kRate;
  std::string text_;
  std::chrono::minutes period_{0};
  std::shared_ptr<const CronSpec> cron_;  // set for kCron
};

// kValidation when `text` is not a valid expression: the message starts with EventBridge's
// "Parameter ScheduleExpression is not valid." and goes on to say what is wrong and how to fix
// it.
Result<Schedule> parse_schedule_expression(std::string_view text);

}  // namespace certflow::events::schedule
