#include "api/wire_errors.h"

namespace certflow::api {

WireError json_wire_error(ErrorCode code) {
  switch (code) {
    case ErrorCode::kValidation: return {"ValidationException", 400};
    case ErrorCode::kInvalidParameter: return {"InvalidParameterException", 400};
    case ErrorCode::kInvalidArgs: return {"InvalidArgsException", 400};
    case ErrorCode::kInvalidArn: return {"InvalidArnException", 400};
    case ErrorCode::kInvalidTag: return {"InvalidTagException", 400};
    case ErrorCode::kTooManyTags: return {"TooManyTagsException", 400};
    case ErrorCode::kResourceNotFound: return {"ResourceNotFoundException", 400};
    case ErrorCode::kResourceInUse: return {"ResourceInUseException", 400};
    case ErrorCode::kInvalidState: return {"InvalidStateException", 400};
    case ErrorCode::kConflict: return {"ConflictException", 400};
    case ErrorCode::kLimitExceeded: return {"LimitExceededException", 400};
    case ErrorCode::kRequestInProgress: return {"RequestInProgressException", 400};
    case ErrorCode::kAccessDenied: return {"AccessDeniedException", 400};
    case ErrorCode::kSerialization: return {"SerializationException", 400};
    case ErrorCode::kUnknownOperation: return {"UnknownOperationException", 400};
    case ErrorCode::kPayloadTooLarge: return {"RequestEntityTooLargeException", 413};
    case ErrorCode::kMissingAuthenticationToken:
      return {"MissingAuthenticationTokenException", 403};
    case ErrorCode::kIncompleteSignature: return {"IncompleteSignatureException", 403};
    case ErrorCode::kUnrecognizedClient: return {"UnrecognizedClientException", 400};
    case ErrorCode::kInvalidSignature: return {"InvalidSignatureException", 400};
    case ErrorCode::kRequestExpired: return {"InvalidSignatureException", 400};
    case ErrorCode::kInternal: return {"InternalFailure", 500};
    case ErrorCode::kServiceUnavailable: return {"ServiceUnavailable", 503};
  }
  return {"InternalFailure", 500};
}

}  // namespace certflow::api
