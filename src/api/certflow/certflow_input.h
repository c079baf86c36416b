// Decoding of the native API's request bodies (X-Amz-Target "Certflow.<Operation>"), checked the
// way the ACM adapter checks its own: a ValidationException names the member and the rule.
// Separate from the service so the fuzzer can drive every decoder without a store.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/error.h"
#include "lifecycle/lifecycle.h"
#include "store/store.h"

namespace certflow::api::native {

inline constexpr int64_t kMaxEventsPerPage = 1000;
// AdvanceClock moves at most this far in one request: a century of daily evaluations.
inline constexpr int64_t kMaxAdvanceSeconds = int64_t{100} * 366 * 86'400;

struct SetClockInput {
  TimePoint time;
  bool jump = false;
};
struct AdvanceClockInput {
  std::chrono::seconds by{0};
  bool jump = false;
};

// ListEvents {Since, DetailType, CertificateArn, MaxResults, NextToken}: query.limit is
// MaxResults.
Result<store::EventQuery> decode_list_events(const nlohmann::json& body);
// Forecast {Days, MaxEntries}.
Result<lifecycle::ForecastOptions> decode_forecast(const nlohmann::json& body);
// PutSettings {ExpiryEventsLifetimePercent}: the percentage.
Result<int> decode_put_settings(const nlohmann::json& body);
Result<SetClockInput> decode_set_clock(const nlohmann::json& body);
Result<AdvanceClockInput> decode_advance_clock(const nlohmann::json& body);

}  // namespace certflow::api::native
