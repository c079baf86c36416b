// A token bucket per key on an injected Clock: each key's bucket refills at its rate and holds at
// most one second's worth, so a key gets bursts of up to `rate` and then `rate` per second. The
// event bus's API destinations (InvocationRateLimitPerSecond) and the topics' http/https
// subscriptions (a DeliveryPolicy's maxReceivesPerSecond) use it on their delivery clocks, so a
// simulated clock drives it in tests. Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "core/clock.h"

namespace certflow {

class RateLimiter {
 public:
  explicit RateLimiter(const Clock& clock) : clock_(clock) {}

  // 0 when one event of `key` may go now (and counts it); otherwise how long until the next
  // may, at least 1 ms (nothing is counted then). A rate below 1 counts as 1; a changed rate
  // takes effect at once. A new key starts with a full bucket.
  std::chrono::milliseconds acquire(const std::string& key, int rate_per_second);

 private:
  struct Bucket {
    double tokens = 0;
    TimePoint refilled;
  };
  const Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace certflow
