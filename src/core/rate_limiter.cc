#include "core/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace certflow {

std::chrono::milliseconds RateLimiter::acquire(const std::string& key, int rate_per_second) {
  const double rate = std::max(1, rate_per_second);
  const TimePoint now = clock_.now();
  std::lock_guard lock(mutex_);
  auto [it, created] = buckets_.try_emplace(key, Bucket{rate, now});
  Bucket& bucket = it->second;
  if (!created && now > bucket.refilled) {
    const double elapsed_seconds = static_cast<double>((now - bucket.refilled).count()) / 1000.0;
    bucket.tokens += elapsed_seconds * rate;
    bucket.refilled = now;
  }
  bucket.tokens = std::min(bucket.tokens, rate);
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return std::chrono::milliseconds(0);
  }
  const double wait_ms = std::ceil((1.0 - bucket.tokens) * 1000.0 / rate);
  return std::chrono::milliseconds(std::max<int64_t>(1, static_cast<int64_t>(wait_ms)));
}

}  // namespace certflow
