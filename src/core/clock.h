// All time in certflow comes from a Clock. Only RealClock reads the system clock.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace certflow {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class RealClock final : public Clock {
 public:
  TimePoint now() const override;
  // Waits in real time: for a person watching a terminal (`certflow events tail --follow`),
  // never for daemon logic, which takes its time from a Clock.
  static void pause(std::chrono::milliseconds how_long);
};

// A clock that only moves when told to. Thread-safe.
class SimulatedClock final : public Clock {
 public:
  explicit SimulatedClock(TimePoint start) : millis_(start.time_since_epoch().count()) {}
  TimePoint now() const override;
  void set(TimePoint t);
  void advance(std::chrono::milliseconds by);

 private:
  std::atomic<int64_t> millis_;
};

int64_t to_epoch_millis(TimePoint t);
TimePoint from_epoch_millis(int64_t millis);
// Epoch seconds as AWS JSON protocols send timestamps (fractional when there are millis).
double to_epoch_seconds(TimePoint t);
// "2026-11-27T18:15:16Z" (with ".123" when there are millis).
std::string to_iso8601(TimePoint t);
// "20261127T181516Z" as SigV4 writes X-Amz-Date; false on a malformed value.
bool parse_amz_date(const std::string& text, TimePoint& out);
std::string to_amz_date(TimePoint t);
// Parses "2027-03-01T00:00:00Z" (optionally with fractional seconds). false on bad input.
bool parse_iso8601(const std::string& text, TimePoint& out);

}  // namespace certflow
