#include "cli/serve_clock.h"

#include "lifecycle/lifecycle.h"

namespace certflow::cli {

Result<std::optional<TimePoint>> parse_clock_start(bool simulated_clock,
                                                   const std::optional<std::string>& clock_start) {
  if (!clock_start) return std::nullopt;
  if (!simulated_clock) {
    return fail(ErrorCode::kValidation,
                "--clock-start needs --simulated-clock (the real clock cannot be set)");
  }
  TimePoint start;
  if (!parse_iso8601(*clock_start, start)) {
    return fail(ErrorCode::kValidation,
                "--clock-start must be an ISO-8601 UTC time such as 2027-03-01T00:00:00Z, not '" +
                    *clock_start + "'");
  }
  return start;
}

Result<TimePoint> simulated_start(store::Store& store, std::optional<TimePoint> requested,
                                  TimePoint real_now) {
  auto start = lifecycle::simulated_clock_start(store, requested, real_now);
  if (!start || !requested) return start;
  auto state = store.get_lifecycle_state();
  if (!state) return tl::unexpected(state.error());
  if (state->simulated_now_ms && *requested < from_epoch_millis(*state->simulated_now_ms)) {
    return fail(ErrorCode::kValidation,
                "--clock-start " + to_iso8601(*requested) + " lies before " +
                    to_iso8601(from_epoch_millis(*state->simulated_now_ms)) +
                    ", where the simulated clock of this data directory stood; simulated time "
                    "never goes backwards (give a later time, or leave --clock-start out to "
                    "resume)");
  }
  return start;
}

}  // namespace certflow::cli
