// SNS's operations over the query protocol: each one decodes its form (sns_input.h), calls the
// topics engine and encodes the answer (sns_output.h). Only the query protocol exists for SNS,
// so the form is decoded directly; the shapes (sns_shapes.cc) carry the model's member names.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/query/form.h"
#include "api/query/shape.h"
#include "core/error.h"
#include "notify/topics.h"

namespace certflow::api::sns {

struct SnsContext {
  std::string_view account_id;  // the caller's account: the publisher of Publish
};

struct QueryShapes {
  query::ShapePtr input;
  query::ShapePtr output;  // null: the answer has no <{Action}Result>
};

// The content of <{Action}Result>, or nullopt for an action whose answer has none.
using Run = Result<std::optional<std::string>> (*)(notify::Topics& topics,
                                                   const SnsContext& context,
                                                   const query::FormParams& params);

// nullptr for an operation certflow does not serve.
Run find_operation(std::string_view name);

// sns_shapes.cc: the query protocol's shapes of an operation as SNS's model names them (empty
// shapes for an operation certflow does not serve).
QueryShapes query_shapes(std::string_view operation);

inline constexpr std::string_view kXmlNamespace = "http://sns.amazonaws.com/doc/2010-03-31/";

}  // namespace certflow::api::sns
