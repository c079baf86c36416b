#include "api/sns/sns_errors.h"

namespace certflow::api::sns {

std::optional<WireError> sns_wire_error_override(ErrorCode code) {
  switch (code) {
    // SNS's InvalidParameterValueException is ParameterValueInvalid on the wire.
    case ErrorCode::kInvalidParameterValue: return WireError{"ParameterValueInvalid", 400};
    case ErrorCode::kValidation: return WireError{"ValidationException", 400};
    case ErrorCode::kTooManyTags: return WireError{"TagLimitExceeded", 400};
    // Only the event bus's path raises AccessDenied; SNS's callers know it as this.
    case ErrorCode::kAccessDenied: return WireError{"AuthorizationError", 403};
    // SNS's batch errors carry their bare names (query_wire_error has SQS's).
    case ErrorCode::kEmptyBatchRequest: return WireError{"EmptyBatchRequest", 400};
    case ErrorCode::kTooManyEntriesInBatchRequest:
      return WireError{"TooManyEntriesInBatchRequest", 400};
    case ErrorCode::kBatchEntryIdsNotDistinct: return WireError{"BatchEntryIdsNotDistinct", 400};
    case ErrorCode::kInvalidBatchEntryId: return WireError{"InvalidBatchEntryId", 400};
    case ErrorCode::kBatchRequestTooLong: return WireError{"BatchRequestTooLong", 400};
    default: return std::nullopt;
  }
}

WireError sns_wire_error(ErrorCode code) {
  if (auto named = sns_wire_error_override(code)) return *named;
  return query_wire_error(code);
}

std::string sns_entry_code(std::string_view engine_code) {
  // The codes one message of a batch can fail with.
  for (ErrorCode code :
       {ErrorCode::kInvalidParameter, ErrorCode::kInvalidParameterValue, ErrorCode::kValidation,
        ErrorCode::kNotFound, ErrorCode::kAuthorizationError, ErrorCode::kAccessDenied,
        ErrorCode::kKmsNotFound, ErrorCode::kResourceNotFound, ErrorCode::kInternal}) {
    if (to_string(code) == engine_code) return sns_wire_error(code).code;
  }
  return std::string(engine_code);
}

}  // namespace certflow::api::sns
