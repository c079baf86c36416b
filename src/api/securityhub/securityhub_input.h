// GetFindings' input as Security Hub's model shapes it: {Filters, SortCriteria, NextToken,
// MaxResults}.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/error.h"
#include "findings/findings.h"

namespace certflow::api::securityhub {

struct GetFindingsInput {
  findings::FindingFilters filters;
  std::optional<std::string> next_token;
  int max_results = findings::kMaxFindingsPerPage;
};

// kValidation naming the member at fault.
Result<GetFindingsInput> parse_get_findings(const nlohmann::json& body);

}  // namespace certflow::api::securityhub
