// The one table that maps certflow's error codes to each wire protocol's error name and HTTP
// status.
#pragma once

#include <optional>
#include <string>

#include "core/error.h"

namespace certflow::api {

struct WireError {
  std::string code;  // the name clients see (__type in JSON, <Code> in query/XML)
  int http_status;
};

// An error as one service names it where that differs from the common tables below.
struct ServiceWireError {
  WireError wire;
  // awsQueryCompatible JSON services (SQS) also send the query protocol's name of the error, in
  // the header x-amzn-query-error as "<code>;Sender" (botocore reports that code); empty when
  // the service sends none.
  std::string query_error_header;
};

// AWS JSON 1.0/1.1 names.
WireError json_wire_error(ErrorCode code);

// AWS query protocol names (<Error><Code>): the authentication and protocol errors every query
// service shares, generic request errors, and SQS's legacy codes
// (AWS.SimpleQueueService.NonExistentQueue, ...), which only SQS raises. <Type> is Sender below
// HTTP 500, else Receiver.
WireError query_wire_error(ErrorCode code);

// SQS over JSON 1.0 (awsQueryCompatible): __type is the model's shape name in SQS's namespace
// ("com.amazonaws.sqs#QueueDoesNotExist") and x-amzn-query-error carries the legacy query code,
// so botocore reports the same code in both protocols. nullopt for codes SQS names like every
// JSON service (authentication, serialization, internal errors).
std::optional<ServiceWireError> sqs_json_wire_error(ErrorCode code);

}  // namespace certflow::api
