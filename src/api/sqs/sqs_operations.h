// SQS's operations, each implemented once: decode the JSON protocol's input (sqs_input.h), call
// the queues, encode the JSON protocol's output. The query protocol reaches the same functions
// through each operation's shapes (sqs_shapes.cc), which carry its form and XML to and from that
// JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "api/query/shape.h"
#include "core/error.h"
#include "queue/queues.h"

namespace certflow::api::sqs {

struct SqsContext {
  std::string_view host;           // for the queue URLs handed out
  std::string_view path;           // a queue URL's path when the request was POSTed to one
  std::string_view access_key_id;  // SenderId of the messages sent
};

struct QueryShapes {
  query::ShapePtr input;
  query::ShapePtr output;  // null: the answer has no <{Action}Result>
};

struct Operation {
  QueryShapes shapes;
  Result<nlohmann::json> (*run)(queue::Queues& queues, const SqsContext& context,
                                const nlohmann::json& input);
};

// nullptr for an operation certflow does not serve.
const Operation* find_operation(std::string_view name);

// sqs_shapes.cc: the query protocol's shapes of an operation, as SQS's query model names them.
QueryShapes query_shapes(std::string_view operation);

// SQS's query namespace and the version clients send.
inline constexpr std::string_view kXmlNamespace = "http://queue.amazonaws.com/doc/2012-11-05/";

}  // namespace certflow::api::sqs
