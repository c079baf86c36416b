// Next fire times of rate() expressions: EventBridge counts rate schedules from the rule's
// creation (here 2025-01-15T09:30:42Z, whose minute is 09:30), at whole minutes.
#include <gtest/gtest.h>

#include "events/schedule/schedule.h"
#include "events/schedule/schedule_test_util.h"

namespace certflow::events::schedule {
namespace {

TEST(RateNextTest, EveryMinuteFromTheCreationMinute) {
  EXPECT_EQ(next("rate(1 minute)", "2025-01-15T09:30:42Z"), "2025-01-15T09:31:00Z");
  EXPECT_EQ(next("rate(1 minute)", "2025-01-15T09:31:00Z"), "2025-01-15T09:32:00Z");
  EXPECT_EQ(parsed("rate(1 minute)").period().count(), 1);
}

TEST(RateNextTest, EveryFiveMinutes) {
  EXPECT_EQ(next("rate(5 minutes)", "2025-01-15T09:30:42Z"), "2025-01-15T09:35:00Z");
  EXPECT_EQ(next("rate(5 minutes)", "2025-01-15T10:00:00Z"), "2025-01-15T10:05:00Z");
  EXPECT_EQ(next("rate(5 minutes)", "2025-01-15T10:01:30Z"), "2025-01-15T10:05:00Z");
}

TEST(RateNextTest, EveryHourKeepsTheCreationMinute) {
  EXPECT_EQ(next("rate(1 hour)", "2025-01-15T09:30:42Z"), "2025-01-15T10:30:00Z");
  EXPECT_EQ(next("rate(1 hour)", "2025-01-15T23:59:00Z"), "2025-01-16T00:30:00Z");
  EXPECT_EQ(parsed("rate(1 hour)").period().count(), 60);
}

TEST(RateNextTest, EveryTwelveHours) {
  EXPECT_EQ(next("rate(12 hours)", "2025-01-15T09:30:42Z"), "2025-01-15T21:30:00Z");
  EXPECT_EQ(next("rate(12 hours)", "2025-01-15T21:30:00Z"), "2025-01-16T09:30:00Z");
}

TEST(RateNextTest, EveryDayAndEveryWeek) {
  EXPECT_EQ(next("rate(1 day)", "2025-01-15T09:30:42Z"), "2025-01-16T09:30:00Z");
  EXPECT_EQ(next("rate(1 day)", "2025-02-28T09:30:00Z"), "2025-03-01T09:30:00Z");
  EXPECT_EQ(next("rate(7 days)", "2025-01-15T09:30:42Z"), "2025-01-22T09:30:00Z");
  EXPECT_EQ(next("rate(7 days)", "2025-02-01T00:00:00Z"), "2025-02-05T09:30:00Z");
  EXPECT_EQ(parsed("rate(7 days)").period().count(), 7 * 24 * 60);
}

TEST(RateNextTest, LeapDayIsJustAnotherDay) {
  EXPECT_EQ(next("rate(1 day)", "2024-02-28T12:00:00Z", "2024-01-01T12:00:00Z"),
            "2024-02-29T12:00:00Z");
}

TEST(RateNextTest, BeforeCreationTheFirstFiringIsOnePeriodAfterIt) {
  EXPECT_EQ(next("rate(1 hour)", "2025-01-01T00:00:00Z"), "2025-01-15T10:30:00Z");
}

TEST(RateNextTest, HugePeriodsDoNotOverflow) {
  const Schedule schedule = parsed("rate(2147483647 days)");
  EXPECT_EQ(schedule.next_after(at("2025-01-15T09:30:42Z"), at("2025-01-15T09:30:42Z")),
            at("2025-01-15T09:30:00Z") + std::chrono::days(2147483647));
  EXPECT_EQ(schedule.next_after(TimePoint::max(), TimePoint::min()), std::nullopt);
  EXPECT_EQ(parsed("rate(1 minute)").next_after(TimePoint::max(), at("2025-01-15T09:30:42Z")),
            std::nullopt);
}

}  // namespace
}  // namespace certflow::events::schedule
