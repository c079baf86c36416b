// Private to the findings room: GetFindings' filters applied to stored findings.
#pragma once

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "findings/findings.h"

namespace certflow::findings {

// kValidation for a field not served, an empty value, or a combination Security Hub refuses.
Status validate_filters(const FindingFilters& filters);

// REQUIRES: validate_filters(filters) succeeded.
bool matches(const nlohmann::json& finding, const FindingFilters& filters);

}  // namespace certflow::findings
