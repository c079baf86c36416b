#include "api/sqs/sqs_service.h"

#include "api/sqs/sqs_operations.h"

namespace certflow::api {

using nlohmann::json;

namespace {

sqs::SqsContext sqs_context(const RequestContext& context) {
  return {context.host, context.path, context.access_key_id};
}

class SqsJsonService final : public JsonService {
 public:
  explicit SqsJsonService(queue::Queues& queues) : queues_(queues) {}
  std::string_view target_prefix() const override { return "AmazonSQS"; }
  std::string_view signing_name() const override { return "sqs"; }
  std::string_view json_version() const override { return "1.0"; }
  bool has_operation(std::string_view operation) const override {
    return sqs::find_operation(operation) != nullptr;
  }
  Result<json> invoke(std::string_view operation, const json& input) override {
    return invoke_in_context({}, operation, input);
  }
  Result<json> invoke_in_context(const RequestContext& context, std::string_view operation,
                                 const json& input) override {
    const sqs::Operation* op = sqs::find_operation(operation);
    if (!op) {
      return fail(ErrorCode::kUnknownOperation, "Unknown operation " + std::string(operation));
    }
    return op->run(queues_, sqs_context(context), input);
  }
  std::optional<ServiceWireError> wire_error(ErrorCode code) const override {
    return sqs_json_wire_error(code);
  }

 private:
  queue::Queues& queues_;
};

class SqsQueryService final : public QueryService {
 public:
  explicit SqsQueryService(queue::Queues& queues) : queues_(queues) {}
  std::string_view signing_name() const override { return "sqs"; }
  std::string_view xml_namespace() const override { return sqs::kXmlNamespace; }
  bool has_operation(std::string_view action) const override {
    return sqs::find_operation(action) != nullptr;
  }
  Result<std::optional<std::string>> invoke(const RequestContext& context, std::string_view action,
                                            const query::FormParams& params) override {
    const sqs::Operation* op = sqs::find_operation(action);
    if (!op) return fail(ErrorCode::kUnknownOperation, "Unknown action " + std::string(action));
    json input = query::form_to_json(params, *op->shapes.input);
    auto output = op->run(queues_, sqs_context(context), input);
    if (!output) return tl::unexpected(output.error());
    if (!op->shapes.output) return std::optional<std::string>();
    query::XmlWriter xml;
    query::json_to_xml(*output, *op->shapes.output, xml);
    return std::optional<std::string>(xml.finish());
  }
  std::optional<WireError> wire_error(ErrorCode code) const override {
    // A member that breaks the model is InvalidParameterValue in SQS, not ValidationError.
    if (code == ErrorCode::kValidation) return query_wire_error(ErrorCode::kInvalidParameterValue);
    return std::nullopt;
  }

 private:
  queue::Queues& queues_;
};

}  // namespace

std::unique_ptr<JsonService> make_sqs_json_service(queue::Queues& queues) {
  return std::make_unique<SqsJsonService>(queues);
}

std::unique_ptr<QueryService> make_sqs_query_service(queue::Queues& queues) {
  return std::make_unique<SqsQueryService>(queues);
}

}  // namespace certflow::api
