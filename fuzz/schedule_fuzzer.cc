// Fuzzes ScheduleExpression parsing. An accepted expression's normalized text must parse to
// itself, and its fire times, followed a few steps from several starting points, must be whole
// minutes that strictly increase: rate() by exactly its period, cron() never past 2199.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/clock.h"
#include "events/schedule/schedule.h"

namespace {

namespace schedule = certflow::events::schedule;
using certflow::TimePoint;
using std::chrono::milliseconds;

constexpr int64_t kStarts[] = {
    -86'400'000,        // 1969-12-31T00:00:00Z
    1'736'933'442'123,  // 2025-01-15T09:30:42.123Z
    1'709'164'799'999,  // 2024-02-28T23:59:59.999Z
    7'258'118'340'000,  // 2199-12-31T23:59:00Z
};
constexpr int64_t kCreated = 1'736'933'442'123;
constexpr int64_t kEndOf2199 = 7'258'118'400'000;  // 2200-01-01T00:00:00Z

void check_fire_times(const schedule::Schedule& s) {
  for (int64_t start : kStarts) {
    TimePoint after{milliseconds(start)};
    std::optional<TimePoint> previous;
    for (int step = 0; step < 4; ++step) {
      const std::optional<TimePoint> fire = s.next_after(after, TimePoint{milliseconds(kCreated)});
      if (!fire) break;
      const int64_t millis = fire->time_since_epoch().count();
      if (*fire <= after || millis % 60'000 != 0) __builtin_trap();
      if (s.kind() == schedule::Schedule::Kind::kCron && millis >= kEndOf2199) __builtin_trap();
      if (s.kind() == schedule::Schedule::Kind::kRate && previous &&
          *fire - *previous != milliseconds(s.period())) {
        __builtin_trap();
      }
      previous = fire;
      after = *fire;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = schedule::parse_schedule_expression(text);
  if (!parsed) {
    if (parsed.error().message.rfind("Parameter ScheduleExpression is not valid. ", 0) != 0) {
      __builtin_trap();
    }
    return 0;
  }
  auto again = schedule::parse_schedule_expression(parsed->text());
  if (!again || again->text() != parsed->text() || again->kind() != parsed->kind() ||
      again->period() != parsed->period()) {
    __builtin_trap();
  }
  check_fire_times(*parsed);
  return 0;
}
