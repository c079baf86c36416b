#include "core/clock.h"

#include <cstdio>
#include <ctime>
#include <thread>

namespace certflow {

TimePoint RealClock::now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

void RealClock::pause(std::chrono::milliseconds how_long) { std::this_thread::sleep_for(how_long); }

TimePoint SimulatedClock::now() const { return from_epoch_millis(millis_.load()); }

void SimulatedClock::set(TimePoint t) { millis_.store(to_epoch_millis(t)); }

void SimulatedClock::advance(std::chrono::milliseconds by) { millis_.fetch_add(by.count()); }

int64_t to_epoch_millis(TimePoint t) { return t.time_since_epoch().count(); }

TimePoint from_epoch_millis(int64_t millis) { return TimePoint(std::chrono::milliseconds(millis)); }

double to_epoch_seconds(TimePoint t) { return static_cast<double>(to_epoch_millis(t)) / 1000.0; }

namespace {

std::tm to_utc_tm(TimePoint t) {
  std::time_t secs = static_cast<std::time_t>(to_epoch_millis(t) / 1000);
  if (to_epoch_millis(t) < 0 && to_epoch_millis(t) % 1000 != 0) --secs;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return tm;
}

bool from_fields(int y, int mo, int d, int h, int mi, int s, int64_t millis, TimePoint& out) {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 || h < 0 || mi < 0 ||
      s < 0) {
    return false;
  }
  using namespace std::chrono;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return false;
  out = time_point_cast<milliseconds>(sys_days{ymd} + hours{h} + minutes{mi} + seconds{s}) +
        milliseconds{millis};
  return true;
}

}  // namespace

std::string to_iso8601(TimePoint t) {
  std::tm tm = to_utc_tm(t);
  int64_t millis = ((to_epoch_millis(t) % 1000) + 1000) % 1000;
  char buf[64];
  if (millis == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(millis));
  }
  return buf;
}

std::string to_amz_date(TimePoint t) {
  std::tm tm = to_utc_tm(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

bool parse_amz_date(const std::string& text, TimePoint& out) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return false;
  for (size_t i = 0; i < 15; ++i) {
    if (i == 8) continue;
    if (text[i] < '0' || text[i] > '9') return false;
  }
  auto num = [&](size_t pos, size_t len) { return std::stoi(text.substr(pos, len)); };
  return from_fields(num(0, 4), num(4, 2), num(6, 2), num(9, 2), num(11, 2), num(13, 2), 0, out);
}

bool parse_iso8601(const std::string& text, TimePoint& out) {
  int y, mo, d, h, mi, s, consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &consumed) !=
      6) {
    return false;
  }
  size_t pos = static_cast<size_t>(consumed);
  int64_t millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 3) millis = millis * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return false;
    for (int i = digits; i < 3; ++i) millis *= 10;
  }
  if (pos + 1 != text.size() || text[pos] != 'Z') return false;
  return from_fields(y, mo, d, h, mi, s, millis, out);
}

}  // namespace certflow
