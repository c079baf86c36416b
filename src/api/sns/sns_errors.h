// SNS's names of certflow's error codes on the query protocol's wire, where they differ from
// the query table every service shares (api/wire_errors.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/wire_errors.h"
#include "core/error.h"

namespace certflow::api::sns {

// nullopt where SNS names the code as query_wire_error does.
std::optional<WireError> sns_wire_error_override(ErrorCode code);

// The name and status SNS's clients see for `code`.
WireError sns_wire_error(ErrorCode code);

// A PublishBatch entry's code as the engine gives it (core's to_string of its ErrorCode, e.g.
// "InvalidParameterValue") as SNS names it ("ParameterValueInvalid"); unknown names unchanged.
std::string sns_entry_code(std::string_view engine_code);

}  // namespace certflow::api::sns
