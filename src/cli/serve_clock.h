// `certflow serve`'s choice of the lifecycle clock's start (--simulated-clock, --clock-start).
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "store/store.h"

namespace certflow::cli {

// --clock-start as a time; nullopt when it is not given. kValidation when it is malformed or
// given without --simulated-clock (the real clock cannot be set).
Result<std::optional<TimePoint>> parse_clock_start(bool simulated_clock,
                                                   const std::optional<std::string>& clock_start);

// Where the simulated clock starts: `requested` (--clock-start), else where this data directory's
// simulation stood, else `real_now`. kValidation when `requested` lies before where the
// simulation stood: simulated time never goes backwards, across restarts neither, since the
// engine has already evaluated the days up to there.
Result<TimePoint> simulated_start(store::Store& store, std::optional<TimePoint> requested,
                                  TimePoint real_now);

}  // namespace certflow::cli
