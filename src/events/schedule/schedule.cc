#include "events/schedule/schedule.h"

#include <cstdint>
#include <vector>

#include "events/schedule/cron.h"

namespace certflow::events::schedule {
namespace {

constexpr std::string_view kInvalid = "Parameter ScheduleExpression is not valid.";
// PutRule's limit on ScheduleExpression (EventBridge API reference).
constexpr size_t kMaxLength = 256;
// The largest rate value certflow takes (a 32-bit count, over 4,000 years in minutes).
constexpr int64_t kMaxRateValue = 2147483647;

tl::unexpected<Error> invalid(std::string_view detail) {
  return fail(ErrorCode::kValidation, std::string(kInvalid) + " " + std::string(detail));
}

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ' || text[i] == '\t') {
      ++i;
      continue;
    }
    size_t end = text.find_first_of(" \t", i);
    if (end == std::string_view::npos) end = text.size();
    out.push_back(text.substr(i, end - i));
    i = end;
  }
  return out;
}

struct Rate {
  int64_t value;
  std::string_view unit;  // singular
  int64_t unit_minutes;
};

Result<Rate> parse_rate(std::string_view inside) {
  const std::vector<std::string_view> parts = words(inside);
  if (parts.size() != 2) {
    return invalid(
        "rate() takes a value and a unit separated by a space, such as rate(5 minutes), "
        "but got " +
        std::to_string(parts.size()) + " words.");
  }
  const std::string_view value_text = parts[0];
  const std::string_view unit = parts[1];
  int64_t value = 0;
  for (char c : value_text) {
    if (c < '0' || c > '9') {
      return invalid("The rate value '" + std::string(value_text) +
                     "' is not a whole number; write a positive whole number, as in "
                     "rate(5 minutes).");
    }
    value = value * 10 + (c - '0');
    if (value > kMaxRateValue) {
      return invalid("The rate value '" + std::string(value_text) + "' is too large; the most is " +
                     std::to_string(kMaxRateValue) + ".");
    }
  }
  if (value == 0) return invalid("The rate value must be positive (1 or more), not 0.");
  struct Unit {
    std::string_view singular;
    std::string_view plural;
    int64_t minutes;
  };
  constexpr Unit kUnits[] = {
      {"minute", "minutes", 1}, {"hour", "hours", 60}, {"day", "days", 1440}};
  for (const Unit& u : kUnits) {
    if (unit != u.singular && unit != u.plural) continue;
    const std::string value_str = std::to_string(value);
    if (value == 1 && unit == u.plural) {
      return invalid("With the value 1 the unit is singular: write rate(1 " +
                     std::string(u.singular) + ").");
    }
    if (value > 1 && unit == u.singular) {
      return invalid("With a value above 1 the unit is plural: write rate(" + value_str + " " +
                     std::string(u.plural) + ").");
    }
    return Rate{value, u.singular, u.minutes};
  }
  return invalid("The rate unit '" + std::string(unit) +
                 "' is not one of minute, minutes, hour, hours, day, days.");
}

// The minute that holds `t`, in milliseconds since the epoch; nullopt at the edge of the range.
std::optional<int64_t> minute_of(TimePoint t) {
  const int64_t millis = t.time_since_epoch().count();
  int64_t remainder = millis % 60000;
  if (remainder < 0) remainder += 60000;
  int64_t out = 0;
  if (__builtin_sub_overflow(millis, remainder, &out)) return std::nullopt;
  return out;
}

}  // namespace

Result<Schedule> parse_schedule_expression(std::string_view text) {
  if (text.size() > kMaxLength) {
    return invalid("It is " + std::to_string(text.size()) + " characters long; the most is " +
                   std::to_string(kMaxLength) + ".");
  }
  const bool is_rate = text.starts_with("rate(");
  const bool is_cron = text.starts_with("cron(");
  if ((!is_rate && !is_cron) || !text.ends_with(")")) {
    return invalid(
        "Write rate(value unit), such as rate(5 minutes), or cron(Minutes Hours Day-of-month "
        "Month Day-of-week Year), such as cron(0 10 * * ? *), in lower case and with nothing "
        "before or after.");
  }
  const std::string_view inside = text.substr(5, text.size() - 6);
  Schedule schedule;
  if (is_rate) {
    auto rate = parse_rate(inside);
    if (!rate) return tl::unexpected(rate.error());
    schedule.kind_ = Schedule::Kind::kRate;
    schedule.period_ = std::chrono::minutes(rate->value * rate->unit_minutes);
    schedule.text_ = "rate(" + std::to_string(rate->value) + " " + std::string(rate->unit) +
                     (rate->value == 1 ? "" : "s") + ")";
    return schedule;
  }
  std::string normalized;
  auto spec = parse_cron(inside, normalized);
  if (!spec) return invalid(spec.error().message);
  schedule.kind_ = Schedule::Kind::kCron;
  schedule.text_ = "cron(" + normalized + ")";
  schedule.cron_ = std::make_shared<const CronSpec>(std::move(*spec));
  return schedule;
}

std::optional<TimePoint> Schedule::next_after(TimePoint after, TimePoint created) const {
  if (kind_ == Kind::kCron) return next_cron_fire(*cron_, after);
  // The smallest k >= 1 with base + k * period > after.
  const int64_t period = std::chrono::milliseconds(period_).count();
  const std::optional<int64_t> base = minute_of(created);
  if (!base) return std::nullopt;
  int64_t elapsed = 0;
  if (__builtin_sub_overflow(after.time_since_epoch().count(), *base, &elapsed)) {
    return std::nullopt;
  }
  const int64_t k = elapsed < 0 ? 1 : elapsed / period + 1;
  int64_t offset = 0;
  int64_t next = 0;
  if (__builtin_mul_overflow(k, period, &offset) || __builtin_add_overflow(*base, offset, &next)) {
    return std::nullopt;
  }
  return TimePoint(std::chrono::milliseconds(next));
}

}  // namespace certflow::events::schedule
