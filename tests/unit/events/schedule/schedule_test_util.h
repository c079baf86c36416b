// Helpers shared by the schedule tests: times written as ISO 8601 and fire times read back.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "core/clock.h"
#include "events/schedule/schedule.h"

namespace certflow::events::schedule {

inline TimePoint at(const std::string& iso) {
  TimePoint t;
  EXPECT_TRUE(parse_iso8601(iso, t)) << iso;
  return t;
}

inline Schedule parsed(const std::string& text) {
  auto schedule = parse_schedule_expression(text);
  EXPECT_TRUE(schedule) << text << ": " << schedule.error().message;
  if (!schedule) std::abort();
  return *schedule;
}

// The next fire time of `text` after `after` as ISO 8601, "never" when there is none. `created`
// (the rule's creation) matters for rate() only.
inline std::string next(const std::string& text, const std::string& after,
                        const std::string& created = "2025-01-15T09:30:42Z") {
  const std::optional<TimePoint> fire = parsed(text).next_after(at(after), at(created));
  return fire ? to_iso8601(*fire) : "never";
}

}  // namespace certflow::events::schedule
