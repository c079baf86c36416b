// The forecast: the engine's timeline (schedule.h) replayed over the next N days without writing.
#include <algorithm>

#include "inventory/certificate_events.h"
#include "lifecycle/lifecycle.h"
#include "lifecycle/schedule.h"

namespace certflow::lifecycle {
namespace {

using inventory::kMillisPerDay;

constexpr std::string_view kRenewalAttempt = "Renewal Attempt";

// The part of a certificate the forecast needs, kept small: a forecast over a million
// certificates holds every candidate in memory at once.
struct Candidate {
  Timeline timeline;
  std::string arn;
  std::string common_name;
  bool managed = false;  // eligible for renewal now
};

class Recorder {
 public:
  Recorder(Forecast& out, size_t max_entries) : out_(out), max_entries_(max_entries) {}
  void add(int64_t time_ms, std::string_view kind, const Candidate& cert, int64_t days,
           std::string note = {}) {
    ++out_.total_entries;
    ++out_.totals_by_kind[std::string(kind)];
    if (out_.entries.size() >= max_entries_) return;
    out_.entries.push_back(ForecastEntry{from_epoch_millis(time_ms), std::string(kind), cert.arn,
                                         cert.common_name, days, std::move(note)});
  }

 private:
  Forecast& out_;
  size_t max_entries_;
};

Result<std::vector<Candidate>> load_candidates(store::Store& store, int64_t after_ms,
                                               int64_t until_ms) {
  std::vector<Candidate> out;
  store::ExpiryRange range{after_ms, until_ms, std::nullopt, 5000};
  range.timeline_only = true;
  for (;;) {
    auto rows = store.list_issued_expiring(range);
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& row : *rows) {
      out.push_back(Candidate{timeline_of(row), row.arn, row.domain_name,
                              inventory::renewal_eligible(row, after_ms)});
    }
    if (rows->size() < range.limit) return out;
    range.start_after = store::ExpiryCursor{rows->back().not_after_ms, rows->back().arn};
  }
}

// First candidate whose NotAfter is after ms (candidates are in NotAfter order).
size_t first_after(const std::vector<Candidate>& certs, int64_t ms) {
  return static_cast<size_t>(
      std::upper_bound(certs.begin(), certs.end(), ms,
                       [](int64_t t, const Candidate& c) { return t < c.timeline.not_after_ms; }) -
      certs.begin());
}

}  // namespace

Result<Forecast> forecast(store::Store& store, const inventory::InventoryConfig&, TimePoint now,
                          const ForecastOptions& options) {
  if (options.days < 1 || options.days > 3650) {
    return fail(ErrorCode::kValidation,
                "Days must be between 1 and 3650; got " + std::to_string(options.days) + ".");
  }
  auto config = store.get_account_config();
  if (!config) return tl::unexpected(config.error());
  auto state = store.get_lifecycle_state();
  if (!state) return tl::unexpected(state.error());

  const int64_t from_ms = to_epoch_millis(now);
  const int64_t until_ms = from_ms + options.days * kMillisPerDay;
  const int64_t reach_days =
      std::max<int64_t>(config->days_before_expiry, kFirstRenewalAttemptDays);
  auto certs = load_candidates(store, from_ms, until_ms + reach_days * kMillisPerDay);
  if (!certs) return tl::unexpected(certs.error());

  Forecast out;
  out.from = now;
  out.until = from_epoch_millis(until_ms);
  for (int64_t week = from_ms; week < until_ms; week += 7 * kMillisPerDay) {
    out.weeks.push_back(ForecastWeek{from_epoch_millis(week), 0});
  }
  Recorder record(out, options.max_entries);

  // Evaluation times: today's, if it has not run yet, then every midnight up to the horizon.
  std::vector<int64_t> evaluations;
  const int64_t today = inventory::utc_day(from_ms);
  if (!state->last_evaluated_day || *state->last_evaluated_day != today) {
    evaluations.push_back(from_ms);
  }
  for (int64_t t = next_midnight_ms(from_ms); t <= until_ms; t += kMillisPerDay) {
    evaluations.push_back(t);
  }

  size_t next_expiry = 0;  // candidates before this index have been reported expired
  auto report_expiries_until = [&](int64_t ms) {
    for (; next_expiry < certs->size() && (*certs)[next_expiry].timeline.not_after_ms <= ms;
         ++next_expiry) {
      const Candidate& cert = (*certs)[next_expiry];
      record.add(cert.timeline.not_after_ms, inventory::kExpired, cert, 0);
      const auto week =
          static_cast<size_t>((cert.timeline.not_after_ms - from_ms) / (7 * kMillisPerDay));
      if (week < out.weeks.size()) ++out.weeks[week].expiring;
    }
  };

  for (int64_t t : evaluations) {
    report_expiries_until(t);
    const size_t first = first_after(*certs, t);
    const size_t end = first_after(*certs, t + reach_days * kMillisPerDay);
    for (size_t i = first; i < end; ++i) {
      Candidate& cert = (*certs)[i];
      const int64_t days = inventory::days_to_expiry(cert.timeline.not_after_ms, t);
      if (approaching_due(cert.timeline, *config, t)) {
        record.add(t, inventory::kApproachingExpiration, cert, days);
      }
      if (!cert.managed) continue;
      const int point = renewal_point_due(cert.timeline, t);
      if (point == 0) continue;
      cert.timeline.renewal_attempt_days = point;  // assume it fails: the schedule goes on
      record.add(t, kRenewalAttempt, cert, days,
                 point == kFirstRenewalAttemptDays
                     ? "first attempt; on failure no event yet (ACM waits until 45 days)"
                     : "on failure: ACM Certificate Renewal Action Required");
    }
  }
  report_expiries_until(until_ms);
  return out;
}

}  // namespace certflow::lifecycle
