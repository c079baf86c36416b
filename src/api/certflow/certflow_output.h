// Encoding of the native API's answers. Times are ISO-8601 UTC text, as in the events themselves.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "lifecycle/lifecycle.h"
#include "store/store.h"

namespace certflow::api::native {

// {"Events": [each stored event, parsed], "NextToken"?}. kInternal when a stored body is not
// JSON (the outbox only ever holds what the event builders wrote).
Result<nlohmann::json> events_output(const std::vector<store::EventRecord>& events,
                                     std::optional<int64_t> next_after_sequence);
nlohmann::json forecast_output(const lifecycle::Forecast& forecast);
nlohmann::json settings_output(const store::AccountConfig& config);
// GetClock: {"Now", "Simulated": true}.
nlohmann::json clock_output(TimePoint now);
// SetClock and AdvanceClock: {"Now", "Evaluation": {...}} once the evaluations have run.
nlohmann::json clock_moved_output(TimePoint now, const lifecycle::EvaluationReport& report);

}  // namespace certflow::api::native
