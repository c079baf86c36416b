// The closed set of error codes that cross module boundaries, and Result<T>.
// api/ owns the table that maps each code to a wire name and HTTP status per protocol.
#pragma once

#include <string>
#include <string_view>
#include <tl/expected.hpp>

namespace certflow {

enum class ErrorCode {
  // Request validation (service-independent names; api/ maps them to the protocol's codes).
  kValidation,         // ValidationException: a value fails a constraint of the API model.
  kInvalidParameter,   // InvalidParameterException
  kInvalidArgs,        // InvalidArgsException
  kInvalidArn,         // InvalidArnException: a malformed ARN.
  kInvalidTag,         // InvalidTagException
  kTooManyTags,        // TooManyTagsException
  kResourceNotFound,   // ResourceNotFoundException: a well-formed ARN that does not exist.
  kResourceInUse,      // ResourceInUseException
  kInvalidState,       // InvalidStateException
  kConflict,           // ConflictException
  kLimitExceeded,      // LimitExceededException
  kRequestInProgress,  // RequestInProgressException
  kAccessDenied,       // AccessDeniedException
  // Protocol level.
  kSerialization,     // SerializationException: the body is not valid JSON of the right shape.
  kUnknownOperation,  // UnknownOperationException: no such X-Amz-Target.
  kPayloadTooLarge,   // RequestEntityTooLargeException
  // Authentication (SigV4).
  kMissingAuthenticationToken,
  kIncompleteSignature,
  kUnrecognizedClient,  // unknown access key id
  kInvalidSignature,    // signature mismatch
  kRequestExpired,      // X-Amz-Date more than 15 minutes off
  // Server side.
  kInternal,
  kServiceUnavailable,
};

struct Error {
  ErrorCode code;
  std::string message;
};

template <typename T>
using Result = tl::expected<T, Error>;

// Status is Result<void>: success or an Error.
using Status = Result<void>;

inline tl::unexpected<Error> fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

// Human-readable name of a code, for logs and tests (not a wire name).
std::string_view to_string(ErrorCode code);

}  // namespace certflow
