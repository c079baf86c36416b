// Private to the findings room: what an ACM event does to a finding, in ASFF terms.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "findings/acm_event.h"

namespace certflow::findings {

struct FindingContext {
  std::string product_arn;
  TimePoint now;  // CreatedAt of a new finding, UpdatedAt of every change
};

// The Ids of the findings `event` concerns ("<certificate ARN>/expiry", ".../revoked"); none for
// events that make no finding.
std::vector<std::string> finding_ids(const AcmEvent& event);

// The finding `id` after `event`, given the one stored (nullopt: none yet). nullopt when the
// event leaves it alone: older than the event the finding last took, or an Available with
// nothing to resolve.
std::optional<nlohmann::json> apply_event(const AcmEvent& event, const std::string& id,
                                          const std::optional<nlohmann::json>& existing,
                                          const FindingContext& context);

// Severity {Label, Normalized}: Normalized as Security Hub derives it from the label.
nlohmann::json severity(const std::string& label);

}  // namespace certflow::findings
