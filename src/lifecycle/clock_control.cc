// Moving a simulated clock: step through every due evaluation, or jump and catch up.
#include <algorithm>

#include "inventory/certificate_events.h"
#include "lifecycle/lifecycle.h"

namespace certflow::lifecycle {
namespace {

void add(EvaluationReport& total, const EvaluationReport& step) {
  total.daily_evaluation = total.daily_evaluation || step.daily_evaluation;
  total.expired += step.expired;
  total.approaching += step.approaching;
  total.renewals_attempted += step.renewals_attempted;
  total.renewals_failed += step.renewals_failed;
  total.events += step.events;
}

}  // namespace

Status ClockControl::persist(TimePoint t) {
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto state = (*txn)->get_lifecycle_state();
  if (!state) return tl::unexpected(state.error());
  state->simulated_now_ms = to_epoch_millis(t);
  if (auto ok = (*txn)->put_lifecycle_state(*state); !ok) return ok;
  return (*txn)->commit();
}

Result<EvaluationReport> ClockControl::advance_to(TimePoint target, bool jump) {
  std::lock_guard lock(mutex_);
  const TimePoint start = clock_.now();
  if (target < start) {
    return fail(ErrorCode::kValidation, "The simulated clock cannot go backwards: it reads " +
                                            to_iso8601(start) + " and the request asks for " +
                                            to_iso8601(target) + ".");
  }
  EvaluationReport total;
  if (jump) {
    clock_.set(target);
    if (auto ok = persist(target); !ok) return tl::unexpected(ok.error());
    return engine_.run_due();
  }
  for (;;) {
    auto next = engine_.next_due(clock_.now());
    if (!next) return tl::unexpected(next.error());
    const TimePoint step = std::min(*next, target);
    clock_.set(step);
    const bool midnight = to_epoch_millis(step) % inventory::kMillisPerDay == 0;
    // Persisted once a simulated day and at the end: a crash mid-way resumes from the last
    // midnight, and the outbox's dedup keys absorb the repeated evaluations.
    if (midnight || step == target) {
      if (auto ok = persist(step); !ok) return tl::unexpected(ok.error());
    }
    auto report = engine_.run_due();
    if (!report) return tl::unexpected(report.error());
    add(total, *report);
    if (step == target) return total;
  }
}

Result<TimePoint> simulated_clock_start(store::Store& store, std::optional<TimePoint> requested,
                                        TimePoint fallback) {
  if (requested) return *requested;
  auto state = store.get_lifecycle_state();
  if (!state) return tl::unexpected(state.error());
  if (state->simulated_now_ms) return from_epoch_millis(*state->simulated_now_ms);
  return fallback;
}

}  // namespace certflow::lifecycle
