// InvocationRateLimitPerSecond: a token bucket per API destination that refills at the
// destination's rate and holds at most one second's worth, on the clock it is given (the bus's,
// so a simulated clock drives it in tests). Private to the targets room.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "core/clock.h"

namespace certflow::events::targets {

class InvocationRateLimiter {
 public:
  explicit InvocationRateLimiter(const Clock& clock) : clock_(clock) {}

  // 0 when one invocation of `key` may go now (and counts it); otherwise how long until the next
  // may, at least 1 ms. A changed rate takes effect at once.
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

}  // namespace certflow::events::targets
