// Security Hub over restJson1 (SigV4 service "securityhub"): GetFindings (POST /findings, as
// `aws securityhub get-findings` sends it) over the findings that ACM events made. Errors carry
// Security Hub's names (InvalidInputException, ...). docs/OPERATIONS.md lists what is served.
#pragma once

#include <memory>

#include "api/service.h"
#include "findings/findings.h"

namespace certflow::api {

std::unique_ptr<RestJsonService> make_securityhub_service(findings::Findings& findings);

}  // namespace certflow::api
