#include "core/clock.h"

#include <gtest/gtest.h>

namespace certflow {
namespace {

TEST(Clock, SimulatedClockMovesOnlyWhenTold) {
  TimePoint start;
  ASSERT_TRUE(parse_iso8601("2027-03-01T00:00:00Z", start));
  SimulatedClock clock(start);
  EXPECT_EQ(clock.now(), start);
  clock.advance(std::chrono::hours(24));
  EXPECT_EQ(to_iso8601(clock.now()), "2027-03-02T00:00:00Z");
}

TEST(Clock, Iso8601RoundTripsWithMillis) {
  TimePoint t;
  ASSERT_TRUE(parse_iso8601("2026-11-27T18:15:16.250Z", t));
  EXPECT_EQ(to_iso8601(t), "2026-11-27T18:15:16.250Z");
  EXPECT_DOUBLE_EQ(to_epoch_seconds(t), 1795803316.25);
}

TEST(Clock, RejectsMalformedTimes) {
  TimePoint t;
  EXPECT_FALSE(parse_iso8601("2026-13-01T00:00:00Z", t));
  EXPECT_FALSE(parse_iso8601("2026-02-30T00:00:00Z", t));
  EXPECT_FALSE(parse_iso8601("2026-01-01T00:00:00", t));
  EXPECT_FALSE(parse_amz_date("20261127T181516", t));
  EXPECT_FALSE(parse_amz_date("2026112xT181516Z", t));
}

TEST(Clock, AmzDateRoundTrips) {
  TimePoint t;
  ASSERT_TRUE(parse_amz_date("20261127T181516Z", t));
  EXPECT_EQ(to_amz_date(t), "20261127T181516Z");
  EXPECT_EQ(to_iso8601(t), "2026-11-27T18:15:16Z");
}

}  // namespace
}  // namespace certflow
