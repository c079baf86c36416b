#include "core/error.h"

namespace certflow {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::kValidation: return "Validation";
    case ErrorCode::kInvalidParameter: return "InvalidParameter";
    case ErrorCode::kInvalidArgs: return "InvalidArgs";
    case ErrorCode::kMalformedCsr: return "MalformedCSR";
    case ErrorCode::kMalformedCertificate: return "MalformedCertificate";
    case ErrorCode::kCertificateMismatch: return "CertificateMismatch";
    case ErrorCode::kPermissionAlreadyExists: return "PermissionAlreadyExists";
    case ErrorCode::kRequestAlreadyProcessed: return "RequestAlreadyProcessed";
    case ErrorCode::kRequestFailed: return "RequestFailed";
    case ErrorCode::kInvalidRequest: return "InvalidRequest";
    case ErrorCode::kInvalidNextToken: return "InvalidNextToken";
    case ErrorCode::kInvalidArn: return "InvalidArn";
    case ErrorCode::kInvalidTag: return "InvalidTag";
    case ErrorCode::kTooManyTags: return "TooManyTags";
    case ErrorCode::kResourceNotFound: return "ResourceNotFound";
    case ErrorCode::kResourceInUse: return "ResourceInUse";
    case ErrorCode::kInvalidState: return "InvalidState";
    case ErrorCode::kConflict: return "Conflict";
    case ErrorCode::kLimitExceeded: return "LimitExceeded";
    case ErrorCode::kInvalidEventPattern: return "InvalidEventPattern";
    case ErrorCode::kResourceAlreadyExists: return "ResourceAlreadyExists";
    case ErrorCode::kRequestInProgress: return "RequestInProgress";
    case ErrorCode::kAccessDenied: return "AccessDenied";
    case ErrorCode::kQueueDoesNotExist: return "QueueDoesNotExist";
    case ErrorCode::kQueueNameExists: return "QueueNameExists";
    case ErrorCode::kInvalidAttributeName: return "InvalidAttributeName";
    case ErrorCode::kInvalidAttributeValue: return "InvalidAttributeValue";
    case ErrorCode::kReceiptHandleIsInvalid: return "ReceiptHandleIsInvalid";
    case ErrorCode::kMessageNotInflight: return "MessageNotInflight";
    case ErrorCode::kInvalidMessageContents: return "InvalidMessageContents";
    case ErrorCode::kEmptyBatchRequest: return "EmptyBatchRequest";
    case ErrorCode::kTooManyEntriesInBatchRequest: return "TooManyEntriesInBatchRequest";
    case ErrorCode::kBatchEntryIdsNotDistinct: return "BatchEntryIdsNotDistinct";
    case ErrorCode::kInvalidBatchEntryId: return "InvalidBatchEntryId";
    case ErrorCode::kBatchRequestTooLong: return "BatchRequestTooLong";
    case ErrorCode::kUnsupportedOperation: return "UnsupportedOperation";
    case ErrorCode::kNotFound: return "NotFound";
    case ErrorCode::kAuthorizationError: return "AuthorizationError";
    case ErrorCode::kFilterPolicyLimitExceeded: return "FilterPolicyLimitExceeded";
    case ErrorCode::kSubscriptionLimitExceeded: return "SubscriptionLimitExceeded";
    case ErrorCode::kKmsNotFound: return "KMSNotFound";
    case ErrorCode::kInvalidParameterValue: return "InvalidParameterValue";
    case ErrorCode::kMissingParameter: return "MissingParameter";
    case ErrorCode::kSerialization: return "Serialization";
    case ErrorCode::kUnknownOperation: return "UnknownOperation";
    case ErrorCode::kPayloadTooLarge: return "PayloadTooLarge";
    case ErrorCode::kMissingAuthenticationToken: return "MissingAuthenticationToken";
    case ErrorCode::kIncompleteSignature: return "IncompleteSignature";
    case ErrorCode::kUnrecognizedClient: return "UnrecognizedClient";
    case ErrorCode::kInvalidSignature: return "InvalidSignature";
    case ErrorCode::kRequestExpired: return "RequestExpired";
    case ErrorCode::kInternal: return "Internal";
    case ErrorCode::kServiceUnavailable: return "ServiceUnavailable";
  }
  return "Unknown";
}

}  // namespace certflow
