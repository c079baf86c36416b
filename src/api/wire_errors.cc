#include "api/wire_errors.h"

namespace certflow::api {

WireError json_wire_error(ErrorCode code) {
  switch (code) {
    case ErrorCode::kValidation: return {"ValidationException", 400};
    case ErrorCode::kInvalidParameter: return {"InvalidParameterException", 400};
    case ErrorCode::kInvalidArgs: return {"InvalidArgsException", 400};
    case ErrorCode::kMalformedCsr: return {"MalformedCSRException", 400};
    case ErrorCode::kMalformedCertificate: return {"MalformedCertificateException", 400};
    case ErrorCode::kCertificateMismatch: return {"CertificateMismatchException", 400};
    case ErrorCode::kPermissionAlreadyExists: return {"PermissionAlreadyExistsException", 400};
    case ErrorCode::kRequestAlreadyProcessed: return {"RequestAlreadyProcessedException", 400};
    case ErrorCode::kRequestFailed: return {"RequestFailedException", 400};
    case ErrorCode::kInvalidRequest: return {"InvalidRequestException", 400};
    case ErrorCode::kInvalidNextToken: return {"InvalidNextTokenException", 400};
    case ErrorCode::kInvalidArn: return {"InvalidArnException", 400};
    case ErrorCode::kInvalidTag: return {"InvalidTagException", 400};
    case ErrorCode::kTooManyTags: return {"TooManyTagsException", 400};
    case ErrorCode::kResourceNotFound: return {"ResourceNotFoundException", 400};
    case ErrorCode::kResourceInUse: return {"ResourceInUseException", 400};
    case ErrorCode::kInvalidState: return {"InvalidStateException", 400};
    case ErrorCode::kConflict: return {"ConflictException", 400};
    case ErrorCode::kLimitExceeded: return {"LimitExceededException", 400};
    case ErrorCode::kInvalidEventPattern: return {"InvalidEventPatternException", 400};
    case ErrorCode::kResourceAlreadyExists: return {"ResourceAlreadyExistsException", 400};
    case ErrorCode::kRequestInProgress: return {"RequestInProgressException", 400};
    case ErrorCode::kAccessDenied: return {"AccessDeniedException", 400};
    case ErrorCode::kQueueDoesNotExist: return {"QueueDoesNotExist", 400};
    case ErrorCode::kQueueNameExists: return {"QueueNameExists", 400};
    case ErrorCode::kInvalidAttributeName: return {"InvalidAttributeName", 400};
    case ErrorCode::kInvalidAttributeValue: return {"InvalidAttributeValue", 400};
    case ErrorCode::kReceiptHandleIsInvalid: return {"ReceiptHandleIsInvalid", 400};
    case ErrorCode::kMessageNotInflight: return {"MessageNotInflight", 400};
    case ErrorCode::kInvalidMessageContents: return {"InvalidMessageContents", 400};
    case ErrorCode::kEmptyBatchRequest: return {"EmptyBatchRequest", 400};
    case ErrorCode::kTooManyEntriesInBatchRequest: return {"TooManyEntriesInBatchRequest", 400};
    case ErrorCode::kBatchEntryIdsNotDistinct: return {"BatchEntryIdsNotDistinct", 400};
    case ErrorCode::kInvalidBatchEntryId: return {"InvalidBatchEntryId", 400};
    case ErrorCode::kBatchRequestTooLong: return {"BatchRequestTooLong", 400};
    case ErrorCode::kUnsupportedOperation: return {"UnsupportedOperation", 400};
    case ErrorCode::kNotFound: return {"NotFoundException", 404};
    case ErrorCode::kAuthorizationError: return {"AuthorizationErrorException", 403};
    case ErrorCode::kFilterPolicyLimitExceeded: return {"FilterPolicyLimitExceededException", 403};
    case ErrorCode::kSubscriptionLimitExceeded: return {"SubscriptionLimitExceededException", 403};
    case ErrorCode::kKmsNotFound: return {"KMSNotFoundException", 400};
    case ErrorCode::kInvalidParameterValue: return {"InvalidParameterValue", 400};
    case ErrorCode::kMissingParameter: return {"MissingParameter", 400};
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

WireError query_wire_error(ErrorCode code) {
  switch (code) {
    // Query services say ValidationError where JSON services say ValidationException.
    case ErrorCode::kValidation: return {"ValidationError", 400};
    case ErrorCode::kInvalidParameter: return {"InvalidParameter", 400};
    case ErrorCode::kInvalidArgs: return {"InvalidArgs", 400};
    case ErrorCode::kMalformedCsr: return {"MalformedCSR", 400};
    case ErrorCode::kMalformedCertificate: return {"MalformedCertificate", 400};
    case ErrorCode::kCertificateMismatch: return {"CertificateMismatch", 400};
    case ErrorCode::kPermissionAlreadyExists: return {"PermissionAlreadyExists", 400};
    case ErrorCode::kRequestAlreadyProcessed: return {"RequestAlreadyProcessed", 400};
    case ErrorCode::kRequestFailed: return {"RequestFailed", 400};
    case ErrorCode::kInvalidRequest: return {"InvalidRequest", 400};
    case ErrorCode::kInvalidNextToken: return {"InvalidNextToken", 400};
    case ErrorCode::kInvalidArn: return {"InvalidArn", 400};
    case ErrorCode::kInvalidTag: return {"InvalidTag", 400};
    case ErrorCode::kTooManyTags: return {"TooManyTags", 400};
    case ErrorCode::kResourceNotFound: return {"ResourceNotFound", 404};
    case ErrorCode::kResourceInUse: return {"ResourceInUse", 400};
    case ErrorCode::kInvalidState: return {"InvalidState", 400};
    case ErrorCode::kConflict: return {"Conflict", 409};
    case ErrorCode::kLimitExceeded: return {"LimitExceeded", 400};
    case ErrorCode::kInvalidEventPattern: return {"InvalidEventPattern", 400};
    case ErrorCode::kResourceAlreadyExists: return {"ResourceAlreadyExists", 400};
    case ErrorCode::kRequestInProgress: return {"RequestInProgress", 400};
    case ErrorCode::kAccessDenied: return {"AccessDenied", 403};
    // SQS's codes as its query model (botocore 1.29) names them.
    case ErrorCode::kQueueDoesNotExist: return {"AWS.SimpleQueueService.NonExistentQueue", 400};
    case ErrorCode::kQueueNameExists: return {"QueueAlreadyExists", 400};
    case ErrorCode::kInvalidAttributeName: return {"InvalidAttributeName", 400};
    case ErrorCode::kInvalidAttributeValue: return {"InvalidAttributeValue", 400};
    case ErrorCode::kReceiptHandleIsInvalid: return {"ReceiptHandleIsInvalid", 400};
    case ErrorCode::kMessageNotInflight: return {"AWS.SimpleQueueService.MessageNotInflight", 400};
    case ErrorCode::kInvalidMessageContents: return {"InvalidMessageContents", 400};
    case ErrorCode::kEmptyBatchRequest: return {"AWS.SimpleQueueService.EmptyBatchRequest", 400};
    case ErrorCode::kTooManyEntriesInBatchRequest:
      return {"AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400};
    case ErrorCode::kBatchEntryIdsNotDistinct:
      return {"AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400};
    case ErrorCode::kInvalidBatchEntryId:
      return {"AWS.SimpleQueueService.InvalidBatchEntryId", 400};
    case ErrorCode::kBatchRequestTooLong:
      return {"AWS.SimpleQueueService.BatchRequestTooLong", 400};
    case ErrorCode::kUnsupportedOperation:
      return {"AWS.SimpleQueueService.UnsupportedOperation", 400};
    // SNS's codes as its query model names them.
    case ErrorCode::kNotFound: return {"NotFound", 404};
    case ErrorCode::kAuthorizationError: return {"AuthorizationError", 403};
    case ErrorCode::kFilterPolicyLimitExceeded: return {"FilterPolicyLimitExceeded", 403};
    case ErrorCode::kSubscriptionLimitExceeded: return {"SubscriptionLimitExceeded", 403};
    case ErrorCode::kKmsNotFound: return {"KMSNotFound", 400};
    case ErrorCode::kInvalidParameterValue: return {"InvalidParameterValue", 400};
    case ErrorCode::kMissingParameter: return {"MissingParameter", 400};
    // The form cannot be read, or a member has the wrong type.
    case ErrorCode::kSerialization: return {"MalformedQueryString", 400};
    case ErrorCode::kUnknownOperation: return {"InvalidAction", 400};
    case ErrorCode::kPayloadTooLarge: return {"RequestEntityTooLarge", 413};
    case ErrorCode::kMissingAuthenticationToken: return {"MissingAuthenticationToken", 403};
    case ErrorCode::kIncompleteSignature: return {"IncompleteSignature", 400};
    case ErrorCode::kUnrecognizedClient: return {"InvalidClientTokenId", 403};
    case ErrorCode::kInvalidSignature: return {"SignatureDoesNotMatch", 403};
    case ErrorCode::kRequestExpired: return {"RequestExpired", 400};
    case ErrorCode::kInternal: return {"InternalError", 500};
    case ErrorCode::kServiceUnavailable: return {"ServiceUnavailable", 503};
  }
  return {"InternalError", 500};
}

std::optional<ServiceWireError> sqs_json_wire_error(ErrorCode code) {
  std::string shape;
  switch (code) {
    case ErrorCode::kQueueDoesNotExist:
    case ErrorCode::kQueueNameExists:
    case ErrorCode::kInvalidAttributeName:
    case ErrorCode::kInvalidAttributeValue:
    case ErrorCode::kReceiptHandleIsInvalid:
    case ErrorCode::kMessageNotInflight:
    case ErrorCode::kInvalidMessageContents:
    case ErrorCode::kEmptyBatchRequest:
    case ErrorCode::kTooManyEntriesInBatchRequest:
    case ErrorCode::kBatchEntryIdsNotDistinct:
    case ErrorCode::kInvalidBatchEntryId:
    case ErrorCode::kBatchRequestTooLong:
    case ErrorCode::kUnsupportedOperation:
    case ErrorCode::kInvalidParameterValue:
    case ErrorCode::kMissingParameter: shape = json_wire_error(code).code; break;
    // A member that breaks the model: SQS's query code for it, in both protocols.
    case ErrorCode::kValidation: shape = "InvalidParameterValue"; break;
    default: return std::nullopt;
  }
  const std::string query_code = code == ErrorCode::kValidation
                                     ? query_wire_error(ErrorCode::kInvalidParameterValue).code
                                     : query_wire_error(code).code;
  return ServiceWireError{{"com.amazonaws.sqs#" + shape, 400}, query_code + ";Sender"};
}

}  // namespace certflow::api
