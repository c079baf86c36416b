// core's RateLimiter, the token bucket behind API destinations' InvocationRateLimitPerSecond and
// topics' maxReceivesPerSecond, driven by a simulated clock.
#include "core/rate_limiter.h"

#include <gtest/gtest.h>

namespace certflow {
namespace {

using namespace std::chrono_literals;

class RateLimiterTest : public ::testing::Test {
 protected:
  // How many of `tries` acquisitions of `key` go through right now.
  int granted(const std::string& key, int rate, int tries) {
    int count = 0;
    for (int i = 0; i < tries; ++i) count += limiter_.acquire(key, rate) == 0ms ? 1 : 0;
    return count;
  }

  SimulatedClock clock_{from_epoch_millis(1'800'000'000'000)};
  RateLimiter limiter_{clock_};
};

TEST_F(RateLimiterTest, ANewKeyMayBurstOneSecondsWorthThenWaits) {
  EXPECT_EQ(granted("a", 5, 10), 5);
  // Empty: the next token comes in 1/5 s.
  EXPECT_EQ(limiter_.acquire("a", 5), 200ms);
  clock_.advance(150ms);
  EXPECT_GT(limiter_.acquire("a", 5), 0ms);
  EXPECT_LE(limiter_.acquire("a", 5), 51ms);
  clock_.advance(50ms);
  EXPECT_EQ(limiter_.acquire("a", 5), 0ms);
}

TEST_F(RateLimiterTest, AWaitIsNotCountedAsAnEvent) {
  EXPECT_EQ(granted("a", 1, 1), 1);
  for (int i = 0; i < 50; ++i) EXPECT_GT(limiter_.acquire("a", 1), 0ms);
  clock_.advance(1s);
  EXPECT_EQ(granted("a", 1, 5), 1);
}

TEST_F(RateLimiterTest, TheBucketHoldsAtMostOneSecondsWorth) {
  EXPECT_EQ(granted("a", 3, 3), 3);
  clock_.advance(1h);
  EXPECT_EQ(granted("a", 3, 10), 3);
  // Steady state: `rate` a second.
  for (int second = 0; second < 5; ++second) {
    clock_.advance(1s);
    EXPECT_EQ(granted("a", 3, 10), 3) << second;
  }
}

TEST_F(RateLimiterTest, KeysHaveTheirOwnBuckets) {
  EXPECT_EQ(granted("a", 2, 5), 2);
  EXPECT_EQ(granted("b", 2, 5), 2);
  EXPECT_GT(limiter_.acquire("a", 2), 0ms);
}

TEST_F(RateLimiterTest, AChangedRateTakesEffectAtOnceAndRatesBelowOneCountAsOne) {
  EXPECT_EQ(granted("a", 10, 10), 10);
  clock_.advance(1s);
  EXPECT_EQ(granted("a", 2, 10), 2);  // the bucket is capped at the new rate
  EXPECT_EQ(granted("zero", 0, 3), 1);
  EXPECT_EQ(limiter_.acquire("zero", 0), 1000ms);
}

}  // namespace
}  // namespace certflow
