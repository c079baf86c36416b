#include "lifecycle/schedule.h"

#include <algorithm>

#include "inventory/certificate_events.h"
#include "lifecycle/lifecycle.h"

namespace certflow::lifecycle {

using inventory::days_to_expiry;
using inventory::kMillisPerDay;

int64_t next_midnight_ms(int64_t ms) { return (inventory::utc_day(ms) + 1) * kMillisPerDay; }

int64_t approaching_window_days(const Timeline& row, const store::AccountConfig& config) {
  const int64_t days = config.days_before_expiry;
  if (config.expiry_lifetime_percent <= 0) return days;
  const int64_t lifetime_ms = std::max<int64_t>(row.not_after_ms - row.not_before_ms, 0);
  const int64_t share = lifetime_ms / 100 * config.expiry_lifetime_percent / kMillisPerDay;
  return std::min(days, std::max<int64_t>(share, 1));
}

bool approaching_due(const Timeline& row, const store::AccountConfig& config, int64_t now_ms) {
  const int64_t left = days_to_expiry(row.not_after_ms, now_ms);
  return left > 0 && left <= approaching_window_days(row, config);
}

int renewal_point_due(const Timeline& row, int64_t now_ms) {
  const int64_t left = days_to_expiry(row.not_after_ms, now_ms);
  if (left <= 0) return 0;
  int due = 0;
  for (int point : kRenewalSchedule) {
    if (left <= point) due = point;  // the schedule is descending: the last match is the smallest
  }
  if (due == 0) return 0;
  if (row.renewal_attempt_days != 0 && row.renewal_attempt_days <= due) return 0;
  return due;
}

}  // namespace certflow::lifecycle
