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
  // Event bus (EventBridge).
  kInvalidEventPattern,    // InvalidEventPatternException: PutRule with a bad pattern
  kResourceAlreadyExists,  // ResourceAlreadyExistsException: CreateEventBus for an existing name
  // Queues (SQS). Each has its own wire name in SQS's two protocols (api/wire_errors.cc).
  kQueueDoesNotExist,             // AWS.SimpleQueueService.NonExistentQueue
  kQueueNameExists,               // QueueAlreadyExists: same name, different attributes
  kInvalidAttributeName,          // an unknown or read-only queue attribute
  kInvalidAttributeValue,         // a queue attribute value out of range or malformed
  kReceiptHandleIsInvalid,        // a receipt handle this certflow did not issue
  kMessageNotInflight,            // ChangeMessageVisibility on a message nobody holds
  kInvalidMessageContents,        // a body with characters SQS does not allow
  kEmptyBatchRequest,             // a batch with no entries
  kTooManyEntriesInBatchRequest,  // a batch with more than 10 entries
  kBatchEntryIdsNotDistinct,      // two batch entries with the same Id
  kInvalidBatchEntryId,           // a batch entry Id SQS does not allow
  kBatchRequestTooLong,           // a batch whose messages together exceed the size limit
  kUnsupportedOperation,          // e.g. a FIFO queue, which certflow does not offer
  // Notification topics (SNS). Their wire names are SNS's own (api/sns/).
  kNotFound,                   // NotFound: no such topic or subscription
  kAuthorizationError,         // AuthorizationError: a topic policy refuses the caller
  kFilterPolicyLimitExceeded,  // FilterPolicyLimitExceeded
  kSubscriptionLimitExceeded,  // SubscriptionLimitExceeded
  kKmsNotFound,                // KMSNotFound: a KmsMasterKeyId certflow does not know
  // Private CA (acm-pca). Their wire names are Private CA's own.
  kMalformedCsr,             // MalformedCSRException: a CSR that does not parse or verify
  kMalformedCertificate,     // MalformedCertificateException
  kCertificateMismatch,      // CertificateMismatchException: a CA certificate for another key
  kPermissionAlreadyExists,  // PermissionAlreadyExistsException
  kRequestAlreadyProcessed,  // RequestAlreadyProcessedException: e.g. revoking twice
  kRequestFailed,            // RequestFailedException
  kInvalidRequest,           // InvalidRequestException
  kInvalidNextToken,         // InvalidNextTokenException
  // Query-protocol services' generic request errors.
  kInvalidParameterValue,  // InvalidParameterValue
  kMissingParameter,       // MissingParameter
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
